//! The privilege matrix: accounts of level 0, 1 and 4 against a command of each level, in
//! every mode's one execution path. A command runs only when the account's level is at
//! least the command's.

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

#[path = "support/op.rs"]
#[allow(dead_code)]
mod op_support;
use op_support::call;

use ucsh::engine::deployment::InitOptions;
use ucsh::engine::{accounts, Clock, Session};
use ucsh::shell::pager::BufferSink;
use ucsh::shell::prompt::ScriptedPrompter;
use ucsh::shell::{Format, Shell};

#[test]
fn privilege_matrix() {
    let t = tempfile::tempdir().expect("tempdir");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").unwrap_or_default();
    let lab = lab_fixture::lab_at(t.path(), &InitOptions::default(), clock);
    let node = lab.node("cucm-pub").expect("node");
    let admin = accounts::local_owner_session(&node).expect("admin");
    call(&lab, &node, &admin, "set account name", |op| {
        accounts::create(op, "viewer", 0, "viewpass1", clock.now())
    })
    .expect("viewer");
    call(&lab, &node, &admin, "set account name", |op| {
        accounts::create(op, "ops", 1, "opspass1", clock.now())
    })
    .expect("ops");
    let sessions =
        [Session::new("viewer", 0, false), Session::new("ops", 1, false), Session::new("admin", 4, true)];
    // (command, its level)
    let commands = [("show status", 0u8), ("set cli pagination off", 1), ("show account", 4)];
    for s in &sessions {
        for (cmd, level) in commands {
            let mut shell = Shell::new(lab.clone(), "cucm-pub".into(), s.clone(), Format::Text, false);
            let mut sink = BufferSink::default();
            let mut p = ScriptedPrompter::new(Vec::new());
            let status = shell.execute_line(cmd, &mut p, &mut sink);
            if s.level >= level {
                assert_eq!(
                    status.code(),
                    0,
                    "{} (level {}) must run {cmd}: {}",
                    s.account,
                    s.level,
                    sink.text
                );
            } else {
                assert_eq!(status.code(), 1, "{} (level {}) must not run {cmd}", s.account, s.level);
                assert!(sink.text.starts_with("Insufficient privilege level"), "{}", sink.text);
                assert!(sink.text.ends_with("Executed command unsuccessfully\n"));
            }
        }
    }
    // The engine checks too, whatever the front does: an operation is opened at the
    // command's level, refused before anything runs.
    let viewer = &sessions[0];
    assert!(call(&lab, &node, viewer, "set account name", |op| {
        accounts::create(op, "x", 0, "xxxxxxxx", clock.now())
    })
    .is_err());
    assert!(call(&lab, &node, viewer, "utils service start", |op| {
        ucsh::engine::services::act(op, ucsh::engine::services::Action::Stop, "Cisco Tomcat")
    })
    .is_err());
    assert!(call(&lab, &node, viewer, "utils system restart", ucsh::engine::platform::restart).is_err());
}

/// An operation checks the privilege level first, then the node's state (the platform's
/// order), and writes what its command raised only when it ends.
#[test]
fn an_operation_checks_once_and_writes_its_events_at_the_end() {
    use ucsh::engine::events::{self, Event, EVENT_LOG};
    use ucsh::engine::node::Partition;
    use ucsh::engine::{Audit, CancelToken, EngineError, NodeState, Op};

    let t = tempfile::tempdir().expect("tempdir");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").unwrap_or_default();
    let opts = InitOptions { cm_subscribers: 1, sample_data: false, population: 0 };
    let lab = lab_fixture::lab_at(t.path(), &opts, clock);
    let viewer = Session::new("viewer", 0, false);
    let admin = Session::new("admin", 4, true);
    let node = lab.node("cucm-sub1").expect("node");
    ucsh::engine::platform::set_up(&node, false).expect("down");
    let begin = |s: &Session, level, state| Op::begin(&lab, "cucm-sub1", s, level, state, CancelToken::new());
    assert!(matches!(
        begin(&viewer, 1, NodeState::Up),
        Err(EngineError::PrivilegeDenied { required: 1, have: 0 })
    ));
    assert!(matches!(begin(&admin, 1, NodeState::Up), Err(EngineError::NodeDown { .. })));
    assert!(begin(&admin, 0, NodeState::Any).is_ok());
    ucsh::engine::platform::set_up(&node, true).expect("up");

    let log = node.partition(Partition::Activelog).join(EVENT_LOG);
    let before = std::fs::read_to_string(&log).unwrap_or_default();
    let op = begin(&admin, 1, NodeState::Up).expect("op");
    events::emit(op.node(), &Event::audit("First", "one".into()));
    op.record(Event::audit("Second", "two".into()));
    assert_eq!(std::fs::read_to_string(&log).unwrap_or_default(), before, "nothing written before the end");
    let _ = op.finish(Audit::Command("show status"));
    let after = std::fs::read_to_string(&log).expect("log");
    let added: Vec<&str> = after[before.len()..].lines().collect();
    assert_eq!(added.len(), 3, "{added:?}");
    assert!(added[0].contains("First: one") && added[1].contains("Second: two"), "{added:?}");
    assert!(
        added[2].ends_with("CLICommandExecuted: CLI command executed by admin: show status"),
        "{added:?}"
    );
}

// ---------------------------------------------------------------------------------------
// The whole catalog: every command against levels 0, 1 and 4 and the primary administrator.

/// Each command's level on the platform where the reference (CLI-REFERENCE.md) gives one
/// (`None`: the guide leaves it blank, or the command is a ucsh extension), and, where the
/// catalog deliberately differs, why. A command added to the catalog fails
/// `every_command_has_a_reference_level` until it has a line here.
const REFERENCE: &[(&str, Option<u8>, &str)] = &[
    ("delete account", Some(1), "level 4 (issue #19): at 1 a standard account removed every other; creating and listing accounts are 4"),
    ("file build log", None, ""),
    ("file list", Some(0), ""),
    ("file view", Some(0), ""),
    ("file tail", Some(1), ""),
    ("file dump", Some(1), ""),
    ("file search", Some(0), ""),
    ("file delete", Some(1), ""),
    ("file get", Some(0), ""),
    ("run sql", Some(0), ""),
    ("help", None, ""),
    ("quit", None, ""),
    ("exit", None, ""),
    ("set cli pagination", Some(1), ""),
    ("set account name", Some(4), ""),
    ("set password user", None, ""),
    ("show myself", Some(0), ""),
    ("show account", Some(4), ""),
    ("show cli pagination", Some(0), ""),
    ("show status", Some(0), ""),
    ("show version active", Some(0), ""),
    ("show version inactive", Some(0), ""),
    ("show network eth0", Some(0), ""),
    ("show network cluster", Some(0), ""),
    ("show hardware", Some(0), ""),
    ("utils service list", Some(0), ""),
    ("utils service start", Some(1), ""),
    ("utils service stop", Some(1), ""),
    ("utils service restart", Some(1), ""),
    ("utils service activate", Some(1), ""),
    ("utils service deactivate", Some(1), ""),
    ("utils ntp status", None, ""),
    ("utils system restart", Some(1), ""),
    ("utils dbreplication runtimestate", Some(0), ""),
    ("utils dbreplication status", Some(0), ""),
    ("utils dbreplication repair", Some(1), ""),
    ("utils dbreplication reset", Some(1), ""),
    ("utils dbreplication stop", Some(1), ""),
    ("utils dbreplication clusterreset", Some(0), "level 1 (issue #19): 0 is the old troubleshooting guide's, and level 0 is read-only; reset and stop are 1"),
    ("utils dbreplication dropadmindb", Some(1), ""),
    ("utils dbreplication forcedatasyncsub", Some(1), ""),
    ("utils dbreplication setrepltimeout", Some(1), ""),
    ("utils dbreplication repairtable", Some(1), ""),
    ("utils dbreplication repairreplicate", Some(1), ""),
    ("utils dbreplication quickaudit", Some(1), ""),
    ("utils dbreplication rebuild", Some(1), ""),
    ("utils dbreplication setprocess", Some(1), ""),
    ("utils ntp server add", Some(0), "level 1: a read-only account must not change the time source"),
    ("utils ntp server delete", Some(0), "level 1: a read-only account must not change the time source"),
    ("utils ntp server list", Some(0), ""),
    ("utils ntp config", Some(0), ""),
    ("utils ntp restart", Some(0), "level 1: a read-only account must not restart NTP"),
    ("utils core active list", Some(1), ""),
    ("utils core inactive list", Some(1), ""),
    ("utils core active analyze", Some(1), ""),
    ("utils core inactive analyze", Some(1), ""),
    ("utils diagnose list", Some(1), ""),
    ("utils diagnose test", Some(1), ""),
    ("utils diagnose fix", Some(1), ""),
    ("utils diagnose module", Some(1), ""),
    ("utils diagnose version", Some(0), ""),
    ("show accountlocking", Some(0), ""),
    ("show cli session timeout", Some(0), ""),
    ("show date", None, ""),
    ("show diskusage", Some(0), ""),
    ("set accountlocking enable", Some(1), ""),
    ("set accountlocking disable", Some(1), ""),
    ("set accountlocking count", Some(1), ""),
    ("set accountlocking unlocktime", Some(0), "level 1: a read-only account must not weaken the lockout"),
    ("set cli session timeout", Some(1), ""),
    ("utils users validate", Some(1), ""),
    // §8.2: the reference states no level; ucsh: 0 to read the status, 1 to act (as for
    // stopping a service), said in each command's help.
    ("utils ha status", None, ""),
    ("utils ha failover", None, ""),
    ("utils ha fallback", None, ""),
    ("utils ha recover", None, ""),
    ("utils imdb_replication status", Some(0), ""),
    ("show fileserver transferspeed", None, ""),
    ("utils branding enable", Some(4), ""),
    ("utils branding disable", Some(4), ""),
    ("utils branding status", Some(4), ""),
    ("utils branding preview", None, ""),
    ("utils branding upload", None, ""),
    ("utils remotesyslog set protocol", Some(4), ""),
    ("utils remotesyslog show protocol", Some(0), ""),
    ("utils remotesyslog add server", None, ""),
    ("utils remotesyslog delete server", None, ""),
    ("utils remotesyslog show server", None, ""),
    ("utils remotesyslog import cacert", None, ""),
    // utils disaster_recovery: CLI-REFERENCE §8.8 gives no level; the catalog runs them at 1
    // (they read and change the node's whole state and reach outside servers).
    ("utils disaster_recovery backup network", None, ""),
    ("utils disaster_recovery restore network", None, ""),
    ("utils disaster_recovery status", None, ""),
    ("utils disaster_recovery history", None, ""),
    ("utils disaster_recovery device add network", None, ""),
    ("utils disaster_recovery device delete", None, ""),
    ("utils disaster_recovery device list", None, ""),
    ("utils disaster_recovery show_backupfiles network", None, ""),
    ("utils disaster_recovery estimate_tar_size", None, ""),
    // utils network: CLI-REFERENCE §8.9 gives no level; the catalog runs them at 0 (read-only checks).
    ("utils network ping", None, ""),
    ("utils network host", None, ""),
    ("utils network connectivity", None, ""),
    ("utils network arp list", None, ""),
    ("utils network traceroute", None, ""),
    ("show network route", Some(0), ""),
    ("show timezone config", Some(0), ""),
    // Issue 16 item 6: CLI-REFERENCE §7 table and §1.9, §7.7, §8.1, §8.7 where a level is given.
    ("set timezone", None, ""),
    ("show timezone list", Some(0), ""),
    ("show logins successful", Some(0), ""),
    ("show logins unsuccessful", Some(0), ""),
    ("show open ports", None, ""),
    ("show open files", None, ""),
    ("show network status", Some(0), ""),
    ("show network ipprefs", Some(0), ""),
    ("show tech repltimeout", None, ""),
    ("show tech ccm_service", Some(0), ""),
    ("show tech dbstateinfo", None, ""),
    ("show tech network", None, ""),
    ("show tech system", None, ""),
    ("show smtp", Some(0), ""),
    ("show registry", Some(1), ""),
    ("utils service auto-restart enable", Some(1), ""),
    ("utils service auto-restart disable", Some(1), ""),
    ("utils service auto-restart show", Some(1), ""),
    ("utils system shutdown", None, ""),
    ("utils system switch-version", None, ""),
    ("show perf list categories", Some(0), ""),
    ("show perf list classes", Some(0), ""),
    ("show perf list counters", Some(0), ""),
    ("show perf list instances", Some(0), ""),
    ("show perf query class", Some(0), ""),
    ("show perf query counter", Some(0), ""),
    ("show perf query instance", Some(0), ""),
    ("show perf query path", Some(0), ""),
    ("show perf counterhelp", Some(0), ""),
    ("show process list", Some(0), ""),
    ("show process using-most cpu", Some(0), ""),
    ("show process using-most memory", Some(0), ""),
    ("show process load", Some(0), ""),
    ("show cert list own", None, ""),
    ("show cert list trust", None, ""),
    ("show cert own", None, ""),
    ("show cert trust", None, ""),
    ("set cert regen", None, ""),
    ("set cert import trust", None, ""),
    // §7: show risdb, level 0 (issue #17).
    ("show risdb list", Some(0), ""),
    ("show risdb query phone", Some(0), ""),
];

/// Commands only the primary administrator may run (CLI-REFERENCE §1.11, §4).
const PRIMARY_ONLY: &[&str] =
    &["utils branding enable", "utils branding disable", "utils branding status", "utils branding upload"];

#[test]
fn every_command_has_a_reference_level() {
    // The platform's commands; host commands (`ucsh cluster ...`) are the lab owner's.
    let commands: Vec<_> = ucsh::catalog::commands().iter().filter(|c| !c.host).collect();
    for c in &commands {
        let Some((_, reference, why)) = REFERENCE.iter().find(|(p, ..)| *p == c.path) else {
            panic!(
                "{} has no line in REFERENCE (tests/privilege.rs): give its level on the platform",
                c.path
            );
        };
        if let Some(level) = reference {
            assert!(
                c.privilege == *level || !why.is_empty(),
                "{}: the catalog says level {}, the reference {level}; follow the reference or say why",
                c.path,
                c.privilege
            );
        }
    }
    for (p, ..) in REFERENCE {
        assert!(commands.iter().any(|c| c.path == *p), "REFERENCE names {p}, which is not in the catalog");
    }
}

fn refused_for_privilege(text: &str) -> bool {
    text.starts_with("Insufficient privilege level")
        || text.starts_with("This command can only be run by the primary administrator")
}

/// Runs every command's first example as each account, through the one execution path:
/// refused exactly when the account's level is below the catalog's (or it is not the
/// primary administrator for a primary-only command), and never refused otherwise.
#[test]
fn privilege_matrix_over_the_whole_catalog() {
    let t = tempfile::tempdir().expect("tempdir");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").unwrap_or_default();
    let lab = lab_fixture::lab_at(t.path(), &InitOptions::default(), clock);
    let sessions = [
        Session::new("viewer", 0, false),
        Session::new("ops", 1, false),
        Session::new("admin2", 4, false),
        Session::new("admin", 4, true),
    ];
    for c in ucsh::catalog::commands().iter().filter(|c| !c.host) {
        let node = if c.cm { "cucm-pub" } else { "cucm-imp-1" };
        for s in &sessions {
            // Changing one's own password is each account's right; another's needs level 4.
            let own = format!("set password user {}", s.account);
            let line = match c.path {
                "set password user" => own.as_str(),
                _ => c.examples.first().copied().unwrap_or(c.path),
            };
            let mut shell = Shell::new(lab.clone(), node.into(), s.clone(), Format::Text, false);
            let mut sink = BufferSink::default();
            // Confirmations are declined; questions run out: nothing destructive completes.
            let mut p = ScriptedPrompter::new(vec!["n".to_string()]);
            let status = shell.execute_line(line, &mut p, &mut sink);
            let must_refuse = s.level < c.privilege || (PRIMARY_ONLY.contains(&c.path) && !s.primary);
            if must_refuse {
                assert_eq!(status.code(), 1, "{} (level {}) ran {line}: {}", s.account, s.level, sink.text);
                assert!(refused_for_privilege(&sink.text), "{} running {line}: {}", s.account, sink.text);
            } else {
                assert!(
                    !refused_for_privilege(&sink.text),
                    "{} (level {}) was refused {line}: {}",
                    s.account,
                    s.level,
                    sink.text
                );
            }
        }
    }
}

struct NoProgress;
impl ucsh::handlers::Progress for NoProgress {
    fn set_total(&self, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// The same matrix below the dispatcher: a handler reaches a node only through a command
/// opened by the backend at the catalog's level, so opening must refuse; where it does not
/// (primary-only commands), the handler or the engine must, before it asks anything.
#[test]
fn the_engine_refuses_without_the_dispatcher() {
    use ucsh::backend::local::LocalBackend;
    use ucsh::backend::Backend;
    use ucsh::catalog::Scope;
    use ucsh::engine::{Audit, CancelToken, NodeState};
    use ucsh::handlers::{Ctx, SessionSettings};
    let t = tempfile::tempdir().expect("tempdir");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").unwrap_or_default();
    let lab = lab_fixture::lab_at(t.path(), &InitOptions::default(), clock);
    let sessions =
        [Session::new("viewer", 0, false), Session::new("ops", 1, false), Session::new("admin2", 4, false)];
    let backend = LocalBackend::new(&lab);
    let progress: &ucsh::handlers::ProgressFactory = &|_: &str| Box::new(NoProgress);
    let mut leaks = Vec::new();
    for c in ucsh::catalog::commands().iter().filter(|c| !c.host) {
        let (node, scope) = if c.cm { ("cucm-pub", Scope::Cm) } else { ("cucm-imp-1", Scope::Imp) };
        for s in &sessions {
            if !(s.level < c.privilege || (PRIMARY_ONLY.contains(&c.path) && !s.primary)) {
                continue;
            }
            let line = if c.path == "set password user" {
                "set password user admin"
            } else {
                c.examples.first().copied().unwrap_or(c.path)
            };
            let inv = ucsh::catalog::parse(line, scope).expect("examples parse");
            let handler = ucsh::handlers::lookup(c.handler).expect("handler");
            let opened = backend.open(node, s, c.privilege, NodeState::Up, CancelToken::new());
            let opened = match opened {
                Err(e) if refused_for_privilege(&ucsh::render::wording::engine_error(&e)) => continue,
                Err(e) => {
                    leaks.push(format!("{line} as {}: opening failed otherwise: {e}", s.account));
                    continue;
                }
                Ok(opened) => opened,
            };
            let mut p = ScriptedPrompter::new(Vec::<String>::new());
            let mut settings = SessionSettings { pagination: false };
            let mut ctx =
                Ctx { node: &*opened, prompt: &mut p, settings: &mut settings, progress, out: None };
            let result = handler(&mut ctx, &inv);
            opened.finish(Audit::None);
            match result {
                Err(e) if refused_for_privilege(&ucsh::shell::error_text(&e)) => {}
                Err(e) => leaks.push(format!(
                    "{line} as {} (level {}): {}",
                    s.account,
                    s.level,
                    ucsh::shell::error_text(&e).lines().next().unwrap_or("")
                )),
                Ok(_) => leaks.push(format!("{line} as {} (level {}): ran", s.account, s.level)),
            }
        }
    }
    assert!(leaks.is_empty(), "refused only by the dispatcher, not by the engine:\n{}", leaks.join("\n"));
}
