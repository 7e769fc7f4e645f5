//! The platform's text read back into the typed results the renderers take: what makes
//! `--format json` and the exit statuses mean the same against a real node (`--host`) as
//! against the lab.
//!
//! Each parser sits beside its renderer's family (`parse/platform.rs` reads what
//! `render/platform.rs` writes) and is kept honest by a property test: render, parse, the
//! same value. [`outcome`] reads how a command ended from the platform's error wording;
//! [`parser`] names the parser of a command, if it has one yet. A parser never guesses: text
//! that does not have the shape it knows is an error, and the caller keeps the raw text.

pub mod accounts;
pub mod branding;
pub mod cert;
pub mod confirm;
pub mod dbreplication;
pub mod drs;
pub mod everyday;
pub mod file;
pub mod ha;
pub mod health;
pub mod imp;
pub mod network;
pub mod partial;
pub mod perf;
pub mod platform;
pub mod remotesyslog;
pub mod risdb;
pub mod run_sql;
pub mod session;
pub mod settings;
pub mod users;

use crate::catalog::Invocation;
use crate::render::{wording, ExitStatus, Report};

/// What a parser is given besides the text.
pub struct ParseCtx<'a> {
    /// The command as parsed against the catalog (its parameters: `detail`, a node name).
    pub invocation: &'a Invocation,
    /// The host the text came from, as given to `--host`.
    pub host: &'a str,
    /// The node's own name (`show myself`'s Machine Name), when it was learnt.
    pub node: Option<&'a str>,
}

pub type ParseFn = fn(&str, &ParseCtx<'_>) -> Result<Box<dyn Report>, String>;

/// The parser of a catalog command, by its path.
pub fn parser(path: &str) -> Option<ParseFn> {
    PARSERS.iter().find(|(p, _)| *p == path).map(|(_, f)| *f)
}

/// The commands whose text is read back, and their parsers.
pub const PARSERS: &[(&str, ParseFn)] = &[
    ("show status", platform::status),
    ("show version active", platform::version),
    ("show version inactive", platform::version),
    ("show network eth0", platform::eth0),
    ("show network cluster", platform::network_cluster),
    ("show hardware", platform::hardware),
    ("utils service list", platform::service_list),
    ("utils ntp status", platform::ntp_status),
    ("show account", accounts::show_account),
    ("show myself", session::myself),
    ("show cli pagination", session::pagination),
    ("utils dbreplication runtimestate", dbreplication::runtimestate),
    ("utils diagnose test", health::diagnosis),
    ("utils diagnose fix", health::diagnosis),
    ("utils diagnose module", health::diagnosis),
    ("show accountlocking", health::accountlocking),
    ("utils ntp server list", health::ntp_server_list),
    ("utils core active list", health::core_list),
    ("utils core inactive list", health::core_list),
    ("show cert list own", cert::list),
    ("show cert list trust", cert::list),
    ("show cert own", cert::detail),
    ("show cert trust", cert::detail),
    ("utils ha status", ha::status),
    ("show cli session timeout", settings::session_timeout),
    ("utils network ping", network::ping),
    ("utils network host", network::host),
    ("utils network connectivity", network::connectivity),
    ("utils network arp list", network::arp_list),
    ("utils network traceroute", network::traceroute),
    ("show network route", network::routes),
    ("show timezone config", network::timezone_config),
    ("utils remotesyslog show protocol", remotesyslog::show_protocol),
    ("utils remotesyslog show server", remotesyslog::show_server),
    ("utils diagnose list", health::module_list),
    ("utils diagnose version", health::diagnose_version),
    ("utils users validate", users::validate),
    ("run sql", run_sql::run_sql),
    ("set cli pagination", session::message),
    ("set account name", session::account_message),
    ("set password user", session::account_message),
    ("delete account", session::account_message),
    ("help", session::message),
    ("utils ntp server add", health::ntp_change),
    ("utils ntp server delete", health::ntp_change),
    ("utils ntp config", health::ntp_config),
    ("utils disaster_recovery status", drs::status),
    ("utils disaster_recovery history", drs::history),
    ("utils disaster_recovery device list", drs::device_list),
    ("show logins successful", everyday::logins),
    ("show logins unsuccessful", everyday::logins),
    ("show open ports", everyday::open_ports),
    ("show network status", everyday::network_status),
    ("utils service auto-restart enable", everyday::auto_restart),
    ("utils service auto-restart disable", everyday::auto_restart),
    ("utils service auto-restart show", everyday::auto_restart),
    ("utils imdb_replication status", imp::imdb_replication_status),
    ("show fileserver transferspeed", imp::fileserver_transferspeed),
    ("show risdb query phone", risdb::query_phone),
    ("show perf list categories", perf::list),
    ("show perf list classes", perf::list),
    ("show perf list counters", perf::list),
    ("show perf list instances", perf::list),
    ("show perf query class", perf::query),
    ("show perf query counter", perf::query),
    ("show perf query instance", perf::query),
    ("show perf query path", perf::query),
    ("show perf counterhelp", perf::counterhelp),
    ("show process list", perf::process_list),
    ("show process using-most cpu", perf::using_most),
    ("show process using-most memory", perf::using_most),
    ("show process load", perf::process_load),
    // issue 14 item 2: services, system, settings
    ("utils service start", platform::service_action),
    ("utils service stop", platform::service_action),
    ("utils service restart", platform::service_action),
    ("utils service activate", platform::service_action),
    ("utils service deactivate", platform::service_action),
    ("utils system restart", platform::system_restart),
    ("utils system shutdown", everyday::shutdown),
    ("utils system switch-version", everyday::switch_version),
    ("utils ntp restart", health::ntp_restart),
    ("utils core active analyze", health::core_analyze),
    ("utils core inactive analyze", health::core_analyze),
    ("utils ha failover", ha::ha_move),
    ("utils ha fallback", ha::ha_move),
    ("utils ha recover", ha::ha_recover),
    ("quit", session::session_end),
    ("exit", session::session_end),
    ("set accountlocking enable", settings::locking_change),
    ("set accountlocking disable", settings::locking_change),
    ("set accountlocking count", settings::locking_change),
    ("set accountlocking unlocktime", settings::locking_change),
    ("set cli session timeout", settings::session_timeout_set),
    ("set timezone", everyday::set_timezone),
    ("show date", settings::date),
    // ----- replication, branding, syslog, certificates, DRS -----
    ("utils dbreplication status", dbreplication::status),
    ("utils dbreplication repair", dbreplication::repair),
    ("utils dbreplication reset", dbreplication::reset),
    ("utils dbreplication stop", dbreplication::stop),
    ("utils dbreplication clusterreset", dbreplication::clusterreset),
    ("utils dbreplication dropadmindb", dbreplication::dropadmindb),
    ("utils dbreplication forcedatasyncsub", dbreplication::forcedatasyncsub),
    ("utils dbreplication setrepltimeout", dbreplication::setrepltimeout),
    ("utils dbreplication repairtable", dbreplication::repairtable),
    ("utils dbreplication repairreplicate", dbreplication::repairtable),
    ("utils dbreplication quickaudit", dbreplication::quickaudit),
    ("utils dbreplication rebuild", dbreplication::rebuild),
    ("utils dbreplication setprocess", dbreplication::setprocess),
    ("utils branding enable", branding::change),
    ("utils branding disable", branding::change),
    ("utils branding status", branding::status),
    ("utils branding preview", branding::preview),
    ("utils branding upload", branding::upload),
    ("utils remotesyslog set protocol", remotesyslog::set_protocol),
    ("utils remotesyslog add server", remotesyslog::server_change),
    ("utils remotesyslog delete server", remotesyslog::server_change),
    ("utils remotesyslog import cacert", remotesyslog::import_cacert),
    ("set cert regen", cert::regen),
    ("set cert import trust", cert::import_trust),
    ("utils disaster_recovery backup network", drs::backup),
    ("utils disaster_recovery restore network", drs::restore),
    ("utils disaster_recovery device add network", drs::device_change),
    ("utils disaster_recovery device delete", drs::device_change),
    ("utils disaster_recovery show_backupfiles network", drs::backup_files),
    ("utils disaster_recovery estimate_tar_size", drs::estimate_tar_size),
    // group "files and show": the file family, show diskusage, timezone list, open files,
    // network ipprefs, registry, risdb list, smtp, tech.
    ("file build log", file::build_log),
    ("file list", file::list),
    ("file view", file::file_text),
    ("file tail", file::file_text),
    ("file dump", file::file_text),
    ("file search", file::search),
    ("file delete", file::delete),
    ("file get", file::get),
    ("show diskusage", settings::diskusage),
    ("show timezone list", everyday::timezone_list),
    ("show open files", everyday::open_files),
    ("show network ipprefs", everyday::ipprefs),
    ("show registry", everyday::registry),
    ("show risdb list", risdb::list),
    ("show smtp", everyday::smtp),
    ("show tech ccm_service", everyday::tech_ccm_service),
    ("show tech dbstateinfo", everyday::tech_dbstateinfo),
    ("show tech network", everyday::tech_dump),
    ("show tech repltimeout", everyday::tech_repltimeout),
    ("show tech system", everyday::tech_dump),
];

/// How a command ended, read from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No error wording: the text is the command's output.
    Done,
    /// The platform's error ending (`Executed command unsuccessfully`).
    Error { status: ExitStatus, kind: &'static str, message: String },
}

/// Reads how a command ended from the platform's wording.
pub fn outcome(text: &str) -> Outcome {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.last().map(|l| l.trim_end()) != Some(wording::FAILED) {
        return Outcome::Done;
    }
    // What the command asked on its way (and the answers) is not the reason it failed.
    let start = lines[..lines.len() - 1]
        .iter()
        .rposition(|l| crate::backend::remote::text::answered_question(l))
        .map_or(0, |i| i + 1);
    let message = lines[start..lines.len() - 1].join("\n");
    let first = lines.get(start).copied().unwrap_or("");
    let usage = [
        "Invalid command",
        "Incomplete command",
        "Missing mandatory parameter",
        "Too many parameters",
        "Invalid value \"",
    ]
    .iter()
    .any(|p| first.starts_with(p))
        || first.contains(" usage:");
    let (status, kind) = if usage {
        (ExitStatus::Usage, "usage")
    } else if first.starts_with("Insufficient privilege level")
        || first.starts_with("This command can only be run by the primary administrator")
    {
        (ExitStatus::Failed, "privilege")
    } else if first.starts_with("Unable to communicate with node") {
        (ExitStatus::Failed, "unreachable")
    } else {
        (ExitStatus::Failed, "failed")
    };
    Outcome::Error { status, kind, message }
}

// ----- helpers for the parsers -----

/// `Key   : value` lines: the value of the first line whose key (trimmed) is `key`.
pub(crate) fn field<'t>(text: &'t str, key: &str) -> Result<&'t str, String> {
    text.lines()
        .find_map(|l| {
            l.split_once(" : ")
                .or_else(|| l.split_once(": "))
                .filter(|(k, _)| k.trim() == key)
                .map(|(_, v)| v)
        })
        .ok_or_else(|| format!("no \"{key}\" line"))
}

/// The text after the last question the session answered (the questions a command asks
/// on a node's terminal, their answers, and what it printed to ask them are not its result).
pub(crate) fn after_answered(text: &str) -> &str {
    let mut start = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        if crate::backend::remote::text::answered_question(line) {
            start = at;
        }
    }
    &text[start..]
}

pub(crate) fn number<T: std::str::FromStr>(s: &str, what: &str) -> Result<T, String> {
    s.trim().parse::<T>().map_err(|_| format!("{what}: \"{}\" is not a number", s.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_wording_gives_the_exit_status() {
        assert_eq!(outcome("Host Name : x\n"), Outcome::Done);
        let o = outcome("Invalid command: \"x\" is not a command\nValid options are:\n  show\nExecuted command unsuccessfully\n");
        assert!(matches!(o, Outcome::Error { status: ExitStatus::Usage, kind: "usage", .. }));
        let o = outcome("Insufficient privilege level: this command requires privilege level 4, and this account has privilege level 1\nExecuted command unsuccessfully\n");
        assert!(matches!(o, Outcome::Error { status: ExitStatus::Failed, kind: "privilege", .. }));
        let o = outcome("Account x does not exist\nExecuted command unsuccessfully\n");
        match o {
            Outcome::Error { status, kind, message } => {
                assert_eq!(
                    (status, kind, message.as_str()),
                    (ExitStatus::Failed, "failed", "Account x does not exist")
                );
            }
            Outcome::Done => panic!("an error read as success"),
        }
    }

    #[test]
    fn the_questions_asked_are_not_the_reason() {
        let o = outcome(
            "Please enter password to connect to network server 10.0.0.5:\nno such folder\nExecuted command unsuccessfully\n",
        );
        assert!(matches!(o, Outcome::Error { ref message, .. } if message == "no such folder"), "{o:?}");
    }

    #[test]
    fn every_platform_command_of_the_catalog_has_a_parser() {
        // The lab's own commands (`ucsh cluster ...`) never run on a node.
        let missing: Vec<&str> = crate::catalog::commands()
            .iter()
            .filter(|c| !c.host && parser(c.path).is_none())
            .map(|c| c.path)
            .collect();
        assert!(missing.is_empty(), "commands --host cannot read back: {missing:?}");
    }

    #[test]
    fn every_parser_names_a_catalog_command() {
        for (path, _) in PARSERS {
            assert!(crate::catalog::find(path).is_some(), "{path} is not in the catalog");
        }
    }
}
