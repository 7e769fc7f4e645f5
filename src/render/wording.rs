//! The platform's wording, in one place: what automation written for the platform waits
//! for, and ucsh's own choices where the platform's wording is not public (each such
//! choice is marked "ucsh" and documented in the catalog's help and the README).

use crate::engine::error::PasswordRule;
use crate::engine::EngineError;

pub const PROMPT: &str = "admin:";
pub const FAILED: &str = "Executed command unsuccessfully";
pub const BANNER_STARTING: &str = "Command Line Interface is starting up, please wait ...";
pub const BANNER_WELCOME: &str = "   Welcome to the Platform Command Line Interface";
pub const PAGER_PROMPT: &str = "\x1b[1mPress <enter> for 1 line, <space> for one page, or <q> to quit\x1b[0m";
/// Erases the pager prompt so the next line is written where it was.
pub const PAGER_ERASE: &str = "\r\x1b[K";
pub const PAGINATION_OFF: &str = "Automatic pagination is turned off";
/// ucsh: by symmetry with the documented `off` wording.
pub const PAGINATION_ON: &str = "Automatic pagination is turned on";
pub const CONTROL_C: &str = "Control-C pressed";
/// ucsh: the line under a `utils users validate` section that found nothing (the platform's
/// wording for a clean result is not public).
pub const USERS_NONE_FOUND: &str = " No users found";

// utils branding (ucsh: the platform's CLI output for these is not public).
pub const BRANDING_ZIP: &str = "branding.zip";
pub const BRANDING_ENABLED: &str = "Branding enabled successfully.";
pub const BRANDING_DISABLED: &str = "Branding disabled successfully.";
pub const BRANDING_ALREADY_DISABLED: &str = "Branding is already disabled.";
pub const BRANDING_IS_ENABLED: &str = "Branding is enabled";
pub const BRANDING_IS_DISABLED: &str = "Branding is disabled";
pub const BRANDING_NO_UPLOAD: &str = "No branding file has been uploaded to this node.";

/// The reason line for an engine error (the line before `Executed command unsuccessfully`).
/// What an interactive session says when it ends after the CLI session timeout with
/// nothing typed (ucsh: the platform's wording is not public; this is the shell's, bash's
/// TMOUT message).
pub const SESSION_TIMED_OUT: &str = "timed out waiting for input: auto-logout";

pub fn engine_error(e: &EngineError) -> String {
    match e {
        // ucsh: the platform's refusal is not public; this names both levels.
        EngineError::PrivilegeDenied { required, have } => format!(
            "Insufficient privilege level: this command requires privilege level {required}, and this account has privilege level {have}"
        ),
        EngineError::PrimaryAdminOnly => {
            "This command can only be run by the primary administrator account created at installation".into()
        }
        EngineError::NodeDown { node } => {
            format!("Unable to communicate with node {node}: the node is not reachable")
        }
        EngineError::UnknownNode(n) => format!("Invalid node name: {n}"),
        EngineError::UnknownCluster(c) => format!("Invalid cluster name: {c}"),
        EngineError::UnknownService(s) => {
            format!("Invalid service name: {s}. Use \"utils service list\" to see the services of this node.")
        }
        EngineError::UnknownAccount(a) => format!("Account {a} does not exist"),
        EngineError::AccountExists(a) => format!("Account {a} already exists"),
        EngineError::AuthFailed(_) => "Authentication failed: wrong account name or password".into(),
        EngineError::AccountLocked { account, seconds } => {
            format!("Account {account} is locked after too many failed logins; try again in {seconds} seconds")
        }
        EngineError::WrongRole { role } => format!("This command is not available on a {role} node"),
        EngineError::Interrupted => CONTROL_C.into(),
        EngineError::NoBrandingFile { node } => format!(
            "No branding file has been uploaded to this node. Upload {BRANDING_ZIP} first (on a lab: ucsh cluster branding-file {node} FILE)."
        ),
        EngineError::BrandingRejected(v) => super::branding::rejected(v),
        // Worded for `ucsh cluster init`, whose options they name.
        EngineError::LabExists(dir) => format!(
            "A lab already exists in {}. Use --force to replace it (everything in it is lost).",
            dir.display()
        ),
        EngineError::SubscriberCount { max } => format!("--cm-subscribers must be between 1 and {max}"),
        // Worded for `ucsh cluster pacing` and `ucsh cluster traces`.
        EngineError::UnknownTable { table } => format!("-206 The specified table ({table}) is not in the database."),
        EngineError::LabTable { table, product } => format!("The {product} database has no table named {table}."),
        EngineError::UnknownReplicate { name, prefix } => format!(
            "Replicate {name} is not defined in this cluster. Replicates are named {prefix}<table>, e.g. {prefix}enduser."
        ),
        EngineError::OutOfRange { what, given, min, max, unit } => {
            format!("Invalid {what} {given}: give {min} to {max}{}{unit}", if unit.is_empty() { "" } else { " " })
        }
        EngineError::CoreNotFound { name: None, .. } => "No core files found".into(),
        EngineError::CoreNotFound { name: Some(n), active } => format!(
            "Core file {n} not found. Use 'utils core {} list' to see the core files",
            if *active { "active" } else { "inactive" }
        ),
        EngineError::NotACore { name } => format!("{name} is not a core file this node can analyze"),
        EngineError::NtpFollows { source_node, address, .. } => format!(
            "This node synchronises to {source_node} ({address}). NTP servers are configured on that node."
        ),
        EngineError::NtpServerLimit { max } => {
            format!("The maximum permissible limit of {max} NTP servers is already configured.")
        }
        EngineError::UnknownModule { name } => {
            format!("Invalid module name: {name}. Run 'utils diagnose list' to see the modules")
        }
        // ucsh: the platform's wordings for these are not public.
        EngineError::UnknownTimezone { given } => {
            format!("Invalid timezone: {given}. Use \"show timezone list\" to see the valid timezones.")
        }
        EngineError::RegistryNotFound { system, component, name: None } => {
            format!("No registry entry for system {system} component {component}")
        }
        EngineError::RegistryNotFound { system, component, name: Some(n) } => {
            format!("No registry entry {n} for system {system} component {component}")
        }
        EngineError::NoInactiveVersion => {
            "There is no inactive version to switch to. Switch version is not possible.".into()
        }
        EngineError::BadRegexp { given } => format!("Invalid regular expression: {given}"),
        EngineError::LayoutInvalid { why } => format!("Invalid lab layout: {why}"),
        EngineError::Internal { what } => format!("Internal error: {what}. Nothing was changed by the step that failed."),
        EngineError::ReadFolder { spec, why } => format!("cannot read {spec}: {why}"),
        EngineError::NoBuildLogName => "Give a service or feature name".into(),
        EngineError::Certificate { problem } => problem.to_string(),
        EngineError::NoPublisher { cluster, product } => format!("The cluster {cluster} has no {product} publisher."),
        EngineError::PeerWithoutImp { cluster, local } => format!(
            "Cluster {cluster} has no IM and Presence database publisher, so its users cannot be \
             checked. Remove it from the intercluster peers of {local} or add an IM and Presence node."
        ),
        EngineError::UsersTooLarge { path: Some(p) } => format!(
            "{} holds more than 4 GiB of user text; utils users validate cannot check a cluster this large.",
            p.display()
        ),
        EngineError::UsersTooLarge { path: None } => "The directory URIs or mail IDs add up to more than 4 GiB; \
             utils users validate cannot check this many."
            .into(),
        EngineError::NotInCluster { name, product } => format!("{name} is not a {product} node of this cluster."),
        EngineError::IsPublisher { publisher } => {
            format!("{publisher} is the publisher. Give a subscriber's name, or all.")
        }
        EngineError::NotSubscriber { name, product, publisher } => {
            format!("{name} is not a {product} subscriber of {publisher}'s cluster.")
        }
        EngineError::NoSubscribers { node } => format!("{node} has no subscribers to replicate to."),
        EngineError::DivergeTable { table, rows: None } => {
            format!("The table {table} has no column the fault can change.")
        }
        EngineError::DivergeTable { table, rows: Some((total, node)) } => {
            format!("The table {table} has {total} rows on {node}: give between 1 and {total} rows.")
        }
        EngineError::ImportLine { file, line, why } => {
            format!("{} line {line}: {why}. Nothing from this file was imported.", file.display())
        }
        EngineError::ImportFile { file, why } => format!("Cannot read {}: {why}", file.display()),
        EngineError::NoCluster => "The lab has no cluster.".into(),
        EngineError::SqlResultTooLarge { rows, megabytes } => format!(
            "The result has more than {rows} rows or {megabytes} MB of values, more than run sql shows. Narrow it with \
             a where clause or select first N."
        ),
        EngineError::AlreadyUpOrDown { node, up } => format!("{node} is already {}", if *up { "up" } else { "down" }),
        // ===== em17 =====
        EngineError::EmParamInvalid { name, value, why } => {
            format!("Invalid value {} for {name}: {why}", crate::engine::text::printable(value))
        }
        EngineError::EmParamUnknown { name } => format!(
            "Invalid parameter name: {} (see ucsh cluster em set-param --help)",
            crate::engine::text::printable(name)
        ),
        EngineError::EmUnknownUser { user } => {
            format!("End user {} does not exist", crate::engine::text::printable(user))
        }
        EngineError::EmUnknownDevice { device } => {
            format!("Device {} does not exist", crate::engine::text::printable(device))
        }
        EngineError::EmUnknownHeadset { serial } => {
            format!("No headset has the serial number {}", crate::engine::text::printable(serial))
        }
        EngineError::EmHeadsetLimit { user, max } => format!(
            "{} already has {max} headsets, the most a user may have; remove one first",
            crate::engine::text::printable(user)
        ),
        EngineError::EmHeadsetOwned { serial, owner } => format!(
            "The headset {} is associated with {}; remove that association before giving it to another user",
            crate::engine::text::printable(serial),
            crate::engine::text::printable(owner)
        ),
        EngineError::EmHeadsetSerial { serial } => format!(
            "Invalid serial number {}: 1 to 64 letters, digits, '-' or '_'",
            crate::engine::text::printable(serial)
        ),
        EngineError::EmccSameCluster { user, cluster } => format!(
            "{} is a user of {cluster}, the phone's own cluster: use ucsh cluster em login",
            crate::engine::text::printable(user)
        ),
        EngineError::EmccRemoteExists { cluster, remote } => format!(
            "{cluster} already has a remote cluster with the Cluster Id {}",
            crate::engine::text::printable(remote)
        ),
        EngineError::EmccRemoteUnknown { cluster, remote } => format!(
            "{cluster} has no remote cluster with the Cluster Id {} (run sql select clusterid from remotecluster)",
            crate::engine::text::printable(remote)
        ),
        EngineError::EmccRemoteSelf { cluster } => {
            format!("{cluster} is this cluster's own Cluster Id, not a remote cluster")
        }
        EngineError::EmccRemoteService { name } => format!(
            "Invalid remote cluster service {}: EMCC, PSTN Access or RSVP Agent (TFTP stays disabled for EMCC)",
            crate::engine::text::printable(name)
        ),
        EngineError::EmServiceDown { node, service } => format!(
            "{service} is not running on {node}: the remote cluster update needs it (utils service start {service})"
        ),
        EngineError::EmBatch { file, why } => format!("{}: {why}", file.display()),
        EngineError::EmApiRequest { file, why } => {
            format!("Cannot read the EM API request {}: {why}", crate::engine::text::printable(&file.display().to_string()))
        }
        // ===== end em17 =====
        EngineError::PacingInvalid { given } => {
            format!("Invalid pacing {given:?}: give milliseconds (0-60000) or off")
        }
        EngineError::TraceSize { given } => format!("--size {given}: give a size such as 500M or 1G"),
        EngineError::TraceDays { max } => format!("--days must be between 1 and {max}"),
        EngineError::ReplicaMissing { path } => format!(
            "The database replica {} is missing. Recreate the lab with 'ucsh cluster init --force'.",
            path.display()
        ),
        EngineError::ReplicaTables { path, node, detail } => format!(
            "{}: the database replica of {node} has no enduser/processnode tables as expected ({detail}); \
             recreate the lab with `ucsh cluster init --force`",
            path.display()
        ),
        EngineError::ServiceNotActivated { service, crash: false } => {
            format!("{service} is not activated. Activate it first with: utils service activate {service}")
        }
        EngineError::ServiceNotActivated { service, crash: true } => {
            format!("{service} is not activated, so it cannot crash")
        }
        // ucsh: the platform's refusals are not public; they name the group and its state.
        EngineError::HaNotEnabled { action, target, group } => format!(
            "Manual {action} of {target} is not allowed: High Availability Not Enabled for presence redundancy group {group}"
        ),
        EngineError::HaStartFailed { node, service, group } => format!(
            "Manual fallback of {node} failed: Start of Critical Services Failed ({service} did not start). Presence redundancy group {group} is Running in Failed Mode until utils ha recover {group}"
        ),
        EngineError::HaStateRefused { action, node, group, states } => format!(
            "Manual {action} of {node} is not allowed in the current state of presence redundancy group {group}: {}",
            states.iter().map(|(n, s)| format!("{n} is {s}")).collect::<Vec<_>>().join(", ")
        ),
        EngineError::HaUsersNotMoved { action, target, reason, group } => format!(
            "Manual {action} of {target} failed: {reason}. Presence redundancy group {group} is Running in Failed Mode until utils ha recover {group}"
        ),
        EngineError::HaAlreadySet { group, enabled } => format!(
            "High Availability is already {} for presence redundancy group {group}",
            if *enabled { "enabled" } else { "disabled" }
        ),
        EngineError::HaBusy { group, states } => format!(
            "High Availability cannot be disabled for presence redundancy group {group} while it is failed over or failed ({}): fall back or recover first",
            states.join(", ")
        ),
        // ucsh: the lab's own command (the platform does this in its administration pages).
        EngineError::ImAddressHaEnabled { group } => format!(
            "High Availability is enabled for presence redundancy group {group}: disable it first (ucsh cluster ha disable {group}), or stopping the services fails its nodes over"
        ),
        EngineError::ImAddressSame { scheme } => format!("The IM address scheme is already {scheme}"),
        EngineError::ImAddressStartOrder { service, waiting } => format!(
            "{service} cannot start yet: after the IM address scheme change, Cisco Presence Engine must run on every IM and Presence node of the cluster first (not running on {})",
            waiting.join(", ")
        ),
        EngineError::ServiceDependency { service, dependency } => {
            format!("{service} cannot start before {dependency} is running. Start {dependency} first.")
        }
        EngineError::NotAFeatureService { service } => {
            format!("{service} is a network service; only feature services can be activated or deactivated")
        }
        // ucsh: the platform's perf refusals are not public.
        EngineError::PerfUnknownClass { class } => format!(
            "Invalid perf class name: {class}. Use \"show perf list classes\" to see the classes of this node."
        ),
        EngineError::PerfUnknownCounter { class, counter } => format!(
            "Invalid counter name: {class} has no counter {counter}. Use \"show perf list counters {}\" to see them.",
            quoted(class)
        ),
        EngineError::PerfUnknownInstance { class, instance } => format!(
            "Invalid instance name: {class} has no instance {instance}. Use \"show perf list instances {}\" to see them.",
            quoted(class)
        ),
        EngineError::PerfSingleton { class } => format!(
            "{class} is a singleton class: it has no instances. Use \"show perf query class {}\".",
            quoted(class)
        ),
        EngineError::PerfUnknownCategory { category } => {
            format!("Invalid category: {category}. Use \"show perf list categories\" to see the categories.")
        }
        EngineError::PerfTooMany { what, max } => format!("At most {max} {what} can be given in one command"),
        EngineError::PerfBadPath { spec } => format!(
            "Invalid path {spec}: give class-name(instance-name)\\counter-name or class-name\\counter-name"
        ),
        EngineError::PerfBadList { list } => format!(
            "Invalid list {list}: separate the names with commas and put names with spaces in double quotes"
        ),
        EngineError::PerfStoreFull { max } => {
            format!("The node already keeps {max} activity counters; no new counter can be added")
        }
        EngineError::SyslogProtocol { given } => format!("Invalid protocol {given}: use udp, tcp or tls"),
        EngineError::SyslogServerExists { server } => format!("Remote syslog server {server} is already configured"),
        EngineError::SyslogServerLimit { max } => format!(
            "At most {max} remote syslog servers can be configured. Delete one first with: \
             utils remotesyslog delete server <host>"
        ),
        EngineError::SyslogServerUnknown { server } => format!("Remote syslog server {server} is not configured"),
        EngineError::SyslogServerAmbiguous { host } => {
            format!("Several remote syslog servers are named {host}: give the port of the one to delete")
        }
        EngineError::UnknownBuildLogName { typed } => format!(
            "Invalid service or feature name: {typed}. Type \"file build log ?\" for the list of names"
        ),
        EngineError::BuildLogDays { days, min, max } => {
            format!("Invalid duration {days}. The duration is a number of days from {min} to {max}")
        }
        EngineError::BadRegex { pattern, reason } => format!("Invalid regular expression {pattern}: {reason}"),
        EngineError::LockHeld { path, holder, seconds } => format!(
            "{} is locked by {holder}, which has not released it in {seconds} seconds. Wait for that process to \
             finish (or end it), then run the command again.",
            path.display()
        ),
        EngineError::AccountName { name } => {
            format!("Invalid account name {name:?}: use only letters and digits (at most 32)")
        }
        EngineError::Password(PasswordRule::TooShort { min }) => {
            format!("The password must be at least {min} characters long")
        }
        EngineError::Password(PasswordRule::IsName) => "The password must not be the account name".into(),
        EngineError::Password(PasswordRule::Control) => {
            "The password must not contain control characters".into()
        }
        EngineError::AccountLevel { level } => {
            format!("Invalid privilege level {level}: enter 0 (ordinary) or 1 (advanced)")
        }
        EngineError::PrimaryUndeletable { name } => {
            format!("{name} is the primary administrator account and cannot be deleted")
        }
        EngineError::DeleteSelf => "An account cannot delete itself".into(),
        EngineError::OldPasswordWrong => "The old password is incorrect".into(),
        EngineError::BadTime { text } => format!(
            "Invalid time {text}. Use hh:mm:MM/DD/YY (for example 13:30:11/23/26) or hh:mm:ss mm/dd/yyyy"
        ),
        EngineError::TimeNotInZone { text } => format!("The time {text} does not exist in the node's time zone"),
        EngineError::TimeOrder { from, to } => format!("The end time {to} is before the start time {from}"),
        EngineError::NotRegularFile { rel } => {
            format!("{rel} is not a regular file (a pipe, socket or device); only files can be read")
        }
        EngineError::IsDirectory { spec, delete: false } => format!("{spec} is a directory; give a file"),
        EngineError::IsDirectory { spec, delete: true } => {
            format!("{spec} is a directory; directories cannot be deleted")
        }
        EngineError::DbNotRunning => "Cisco DB is not running".into(),
        EngineError::PublisherOnly { command, publisher } => {
            format!("utils dbreplication {command} can only be run on the publisher ({publisher}).")
        }
        EngineError::StopNamesNodeOnSubscriber { which, publisher } => format!(
            "On a subscriber, utils dbreplication stop takes no node name; run it with {which} on the publisher ({publisher})."
        ),
        EngineError::SingleActiveNode => {
            "Runtime state cannot be performed on a cluster with a single active node; aborting operation".into()
        }
        EngineError::ReplicationRunning { nodes } => format!(
            "Replication is still running to {}. Run 'utils dbreplication stop' on those subscribers and then on the publisher first.",
            nodes.join(", ")
        ),
        EngineError::SubscriberWrite { publisher } => format!(
            "Database changes are not allowed on a subscriber. Run the statement on the publisher ({publisher}); it replicates to this node."
        ),
        EngineError::EmptySql => "Give the SQL statement to run, e.g. run sql select name from device".into(),
        EngineError::SeveralFiles { spec, count } => {
            format!("{spec} matches {count} files; the file spec must resolve to exactly one file")
        }
        EngineError::BrandingTooLarge { source_name, bytes, max } => {
            format!("{source_name} is {bytes} bytes; a branding file may be at most {max} bytes")
        }
        EngineError::SyslogHost { host } => format!("Invalid server name or address: {host}"),
        EngineError::SyslogPortZero => "Invalid port 0: use a port from 1 to 65535".into(),
        // ucsh: the platform's wording is not public.
        EngineError::UnknownCertificate { given, known } => format!(
            "{} is not a certificate of this node; its certificates are: {}",
            crate::engine::text::printable(given),
            known.join(", ")
        ),
        EngineError::UnknownTrustCertificate(given) => format!(
            "{} is not in the trust stores of this node; show cert list trust lists them",
            crate::engine::text::printable(given)
        ),
        EngineError::CertificateFailed { unit, why } => {
            format!("The {unit} certificate could not be made: {why}")
        }
        EngineError::UnknownTrustStore { given, known } => format!(
            "{} is not a trust store of this node; its trust stores are: {}",
            crate::engine::text::printable(given),
            known.iter().map(|k| format!("{k}-trust")).collect::<Vec<_>>().join(", ")
        ),
        // ucsh: `utils disaster_recovery` refusals, in the drfCliMsg form of the one public
        // message (CLI-REFERENCE §8.8).
        EngineError::DrfUnknownFeature { given, registered } if given.is_empty() => format!(
            "drfCliMsg: Give the features to back up or restore; registered features: {}",
            registered.join(",")
        ),
        EngineError::DrfUnknownFeature { given, registered } => format!(
            "drfCliMsg: Feature {given} is not registered. Registered features: {}",
            registered.join(",")
        ),
        EngineError::DrfBadPath(p) => format!("drfCliMsg: Invalid backup path {p}: give a folder on the server, without spaces"),
        EngineError::DrfBadDeviceName(n) => {
            format!("drfCliMsg: Invalid device name {n}: use 1 to 32 letters, digits, _ or -")
        }
        EngineError::DrfDeviceExists(n) => format!("drfCliMsg: Device {n} already exists"),
        EngineError::DrfDeviceLimit { max } => {
            format!("drfCliMsg: The maximum of {max} backup devices is already configured")
        }
        EngineError::DrfUnknownDevice(n) => format!("drfCliMsg: No device named {n}"),
        EngineError::DrfBadTarName(n) => format!(
            "drfCliMsg: Invalid tar file name {n}: give the backup's name, e.g. 2025-12-12-13-44-12"
        ),
        EngineError::DrfUnknownServer(n) => format!("drfCliMsg: {n} is not a server of this cluster"),
        EngineError::DrfBadArchive { tar, why } => {
            format!("drfCliMsg: The backup {tar} cannot be restored: {why}. Nothing was changed.")
        }
        other => other.to_string(),
    }
}

/// A perf class name as it is typed: in double quotes when it has blanks.
fn quoted(name: &str) -> String {
    if name.contains(' ') {
        format!("\"{name}\"")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn refusals_name_what_automation_matches() {
        let e = EngineError::PrivilegeDenied { required: 4, have: 1 };
        assert!(engine_error(&e).starts_with("Insufficient privilege level"));
        let e = EngineError::NodeDown { node: "cucm-sub1".into() };
        assert_eq!(engine_error(&e), "Unable to communicate with node cucm-sub1: the node is not reachable");
        assert_eq!(engine_error(&EngineError::Interrupted), CONTROL_C);
    }

    #[test]
    fn lab_errors_name_the_options_of_cluster_init() {
        let e = EngineError::LabExists(PathBuf::from("/lab"));
        assert!(engine_error(&e).contains("Use --force to replace it"));
        let e = EngineError::SubscriberCount { max: 8 };
        assert_eq!(engine_error(&e), "--cm-subscribers must be between 1 and 8");
        let e = EngineError::ReplicaMissing { path: PathBuf::from("/lab/db.sqlite") };
        assert!(engine_error(&e).ends_with("Recreate the lab with 'ucsh cluster init --force'."));
    }

    /// The engine says what is wrong; the commands that put it right are named here.
    #[test]
    fn service_and_syslog_errors_name_the_command_to_run() {
        let e = EngineError::ServiceNotActivated { service: "Cisco AXL Web Service".into(), crash: false };
        assert!(engine_error(&e).ends_with("utils service activate Cisco AXL Web Service"));
        let e = EngineError::SyslogServerLimit { max: 8 };
        assert!(engine_error(&e).contains("utils remotesyslog delete server <host>"));
        let e = EngineError::Password(PasswordRule::TooShort { min: 8 });
        assert_eq!(engine_error(&e), "The password must be at least 8 characters long");
    }
}
