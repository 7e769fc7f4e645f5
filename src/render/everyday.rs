//! The everyday `show`, `set` and `utils` commands of issue 16 (item 6): time zone, logins,
//! SMTP, registry, open ports and files, network status and ipprefs, `show tech`, service
//! auto-restart, system shutdown and switch-version.
//!
//! Where the platform's layout is public (the registry, ipprefs, the `show open ports` line,
//! `show tech dbstateinfo`, `SMTP hostname:`, `GroupName:`) it is matched to the character;
//! the rest is ucsh's, in the style of the platform's neighbouring commands, and said so in
//! the catalog.

use serde::Serialize;

use crate::engine::everyday::{Logins, RegistryEntry, Smtp, TimezoneSet};
use crate::engine::ports::{lsof_line, open_file_line, Ipprefs, NetworkStatus, OpenFiles, OpenPorts};
use crate::engine::services::{AutoRestart, AutoRestartAction, RunState};
use crate::engine::showtech::{CcmService, DbStateInfo, TechDump, TechReplTimeout};
use crate::engine::system::{Shutdown, SwitchVersion, Versions};
use crate::render::{to_json, Report};

/// The first line of `show open ports | files`.
pub const EXECUTING: &str = "Executing.. please wait.";

/// `set timezone`'s warning, before `Continue (y/n)?` (ucsh's wording).
pub const TIMEZONE_WARNING: &str = "     ***   W A R N I N G   ***
Changing the timezone changes the time of every log, trace and report of this node.
Restart the system after the change so that every service uses the new timezone.
";

impl Report for TimezoneSet {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Timezone changed from {} to {}\n", self.previous, self.timezone));
        out.push_str("Restart the system with 'utils system restart' so that every service uses it.\n");
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// `show timezone list`.
#[derive(Debug, Serialize)]
pub struct ZoneList {
    pub zones: Vec<String>,
}

impl Report for ZoneList {
    fn text(&self, out: &mut String) {
        for (i, z) in self.zones.iter().enumerate() {
            out.push_str(&format!("{:>4} - {z}\n", i));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for Logins {
    fn text(&self, out: &mut String) {
        for r in &self.records {
            out.push_str(&format!("{:<8} {:<12} {:<16} {}\n", r.account, r.line, r.host, r.when));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for Smtp {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("SMTP hostname: {}\n", self.hostname.as_deref().unwrap_or("")));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for RegistryEntry {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("system = {}\n   component = {}\n", self.system, self.component));
        for (k, v) in &self.values {
            out.push_str(&format!("      {k}={v}\n"));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for OpenPorts {
    fn text(&self, out: &mut String) {
        out.push_str(EXECUTING);
        out.push('\n');
        for s in &self.sockets {
            out.push_str(&lsof_line(s));
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// The heading of `show open files`.
pub fn open_files_heading() -> String {
    format!(
        "{:<9} {:>5} {:<10} {:>4} {:<4} {:>10} {:>8} {}",
        "COMMAND", "PID", "USER", "FD", "TYPE", "SIZE/OFF", "NODE", "NAME"
    )
}

impl Report for OpenFiles {
    fn text(&self, out: &mut String) {
        out.push_str(EXECUTING);
        out.push('\n');
        out.push_str(&open_files_heading());
        out.push('\n');
        for f in &self.files {
            out.push_str(&open_file_line(f));
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// One line of `show network status` (trailing blanks trimmed).
pub fn netstat_line(
    proto: &str,
    local: &str,
    foreign: &str,
    state: &str,
    detail: Option<(&str, &str)>,
    program: Option<&str>,
) -> String {
    let mut l = format!("{proto:<5} {:>6} {:>6} {local:<23} {foreign:<23} {state:<11}", "0", "0");
    if let Some((user, inode)) = detail {
        l.push_str(&format!(" {user:<10} {inode:<10}"));
    }
    if let Some(p) = program {
        l.push(' ');
        l.push_str(p);
    }
    l.trim_end().to_string()
}

impl Report for NetworkStatus {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Active Internet connections ({})\n", self.heading));
        let mut head = format!(
            "{:<5} {:>6} {:>6} {:<23} {:<23} {:<11}",
            "Proto", "Recv-Q", "Send-Q", "Local Address", "Foreign Address", "State"
        );
        if self.detail {
            head.push_str(&format!(" {:<10} {:<10}", "User", "Inode"));
        }
        if self.process {
            head.push_str(" PID/Program name");
        }
        out.push_str(head.trim_end());
        out.push('\n');
        for r in &self.rows {
            let inode = r.inode.map(|i| i.to_string());
            let detail = match (&r.user, &inode) {
                (Some(u), Some(i)) => Some((u.as_str(), i.as_str())),
                _ => None,
            };
            out.push_str(&netstat_line(
                r.proto.word(),
                &r.local,
                &r.foreign,
                &r.state,
                detail,
                r.program.as_deref(),
            ));
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

pub const IPPREFS_HEADING: &str = "Application IPProtocol PortValue HashLimit (max:rate) H-Status ConnLimit C-Status Type XlatedPort Status  Description\n----------- ---------  --------- -------------------- -------- --------- -------- ---- ---------- ------  ------------\n";

fn on_off(b: bool) -> &'static str {
    if b {
        "enabled"
    } else {
        "disabled"
    }
}

/// One ipprefs row, in the columns of the platform's sample (trailing blanks trimmed).
pub fn ippref_line(r: &crate::engine::ports::Ippref) -> String {
    // The description is centred in 14 columns after the status; a longer one starts one
    // blank after it.
    let description = if r.description.len() <= 12 {
        format!("{:^14}", r.description)
    } else {
        format!(" {}", r.description)
    };
    format!(
        "{:<16}{:<11}{:<10}{:<18}{:<10}{:^5}{:>11} {:<6}{:^8}  {:<7}{}",
        r.application,
        r.proto.word(),
        r.port,
        r.hash_limit,
        on_off(r.hash_enabled),
        r.conn_limit,
        on_off(r.conn_enabled),
        r.kind,
        r.xlated,
        on_off(r.enabled),
        description
    )
    .trim_end()
    .to_string()
}

impl Report for Ipprefs {
    fn text(&self, out: &mut String) {
        out.push_str(IPPREFS_HEADING);
        for r in &self.rows {
            out.push_str(&ippref_line(r));
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

fn banner(title: &str) -> String {
    format!("-------------------- {title} --------------------\n")
}

impl Report for TechReplTimeout {
    fn text(&self, out: &mut String) {
        out.push_str(&banner("show tech repltimeout"));
        out.push_str(&format!("Repltimeout set to: {}s\n", self.seconds));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// The state of a service in `show tech ccm_service`.
pub fn tech_state(s: RunState) -> &'static str {
    match s {
        RunState::Started => "Running",
        RunState::Stopped => "Stopped",
        RunState::CommandedOut => "Commanded Out of Service",
        RunState::NotRunning => "Not Running",
    }
}

impl Report for CcmService {
    fn text(&self, out: &mut String) {
        out.push_str(&banner("show tech ccm_service"));
        for g in &self.groups {
            out.push_str(&format!("\nGroupName: {}\n", g.name));
            for s in &g.services {
                out.push_str(&format!(
                    "    {:<50} {:<14} {}\n",
                    s.name,
                    if s.activated { "Activated" } else { "Not Activated" },
                    tech_state(s.state)
                ));
            }
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for DbStateInfo {
    fn text(&self, out: &mut String) {
        out.push_str("------------------------ Show tech dbstateinfo -------------------\n\n\n");
        out.push_str("Database State Info\n\n");
        out.push_str(&format!("Output is in {}\n \n", self.output));
        out.push_str(&format!(
            " Please use \"file view activelog {}\" to see the \n    contents of File\n \n",
            self.output
        ));
        out.push_str(&format!(" Error Output is in {}\n\n", self.error_output));
        out.push_str(&format!(
            "Please use \"file view activelog {}\" command to see the contents of File\n",
            self.error_output
        ));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for TechDump {
    fn text(&self, out: &mut String) {
        out.push_str(&banner(&format!("show platform {}", self.what)));
        for s in &self.sections {
            out.push('\n');
            out.push_str(&s.title);
            out.push('\n');
            for l in &s.lines {
                out.push_str(l);
                out.push('\n');
            }
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for AutoRestart {
    fn text(&self, out: &mut String) {
        let state = if self.enabled { "enabled" } else { "disabled" };
        match self.action {
            AutoRestartAction::Show => out.push_str(&format!("{}: auto-restart is {state}\n", self.service)),
            _ if self.changed => out.push_str(&format!("Auto-restart {state} for {}\n", self.service)),
            _ => out.push_str(&format!("Auto-restart is already {state} for {}\n", self.service)),
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// `utils system shutdown`'s question, before `Enter (yes/no)? `.
pub const SHUTDOWN_WARNING: &str = "     ***   W A R N I N G   ***\n\
The node stops all its services and powers off. Other nodes see it unreachable until it is started again.\n\
Do you really want to shutdown ?\n";

impl Report for Shutdown {
    fn text(&self, out: &mut String) {
        out.push_str("Appliance is being Powered - Off ...\n");
        out.push_str("Warning: Shutdown could take up to 5 minutes.\n");
        out.push_str("Stopping Service Manager...\n");
        out.push_str("-  Service Manager shutting down services... Please Wait\n");
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn ends_session(&self) -> bool {
        true
    }
}

/// `utils system shutdown|switch-version` answered no: nothing happens.
#[derive(Debug, Serialize)]
pub struct SystemDeclined {
    pub command: &'static str,
}

impl Report for SystemDeclined {
    fn text(&self, _out: &mut String) {}
    fn json(&self) -> serde_json::Value {
        serde_json::json!({ "command": self.command, "done": false })
    }
}

/// `utils system switch-version`'s warning: the versions, then the question.
pub fn switch_warning(v: &Versions) -> String {
    format!(
        "     ***   W A R N I N G   ***\n\
Active Master Version: {}\n\
Inactive Master Version: {}\n\
If you switch versions, the node restarts on the inactive version and its logs become the active ones.\n\
Do you really want to switch between versions ?\n",
        v.active, v.inactive
    )
}

impl Report for SwitchVersion {
    fn text(&self, out: &mut String) {
        out.push_str("Switching Version and Restarting the Appliance ...\n");
        out.push_str(&format!("Switching from {} to {}\n", self.from, self.to));
        out.push_str("Warning: Restart could take up to 5 minutes.\n");
        out.push_str("Stopping Service Manager...\n");
        out.push_str("-  Service Manager shutting down services... Please Wait\n");
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn ends_session(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ports::{Ippref, Proto};

    /// The two rows of the platform's `show network ipprefs public` sample (CLI-REFERENCE
    /// §7.9), byte for byte.
    #[test]
    fn ipprefs_rows_match_the_platform_sample() {
        let row = |app: &str, port, hash: &str, conn: &str, xlated: &str, desc: &str| Ippref {
            application: app.into(),
            proto: Proto::Tcp,
            port,
            hash_limit: hash.into(),
            hash_enabled: app == "sshd",
            conn_limit: conn.into(),
            conn_enabled: app == "tomcat",
            kind: "public".into(),
            xlated: xlated.into(),
            enabled: true,
            description: desc.into(),
        };
        assert_eq!(
            ippref_line(&row("sshd", 22, "1500:25/second", "-", "-", "sftp and ssh")),
            "sshd            tcp        22        1500:25/second    enabled     -     disabled public   -      enabled sftp and ssh"
        );
        assert_eq!(
            ippref_line(&row("tomcat", 443, "4000:50/second", "300", "8443", "secure web")),
            "tomcat          tcp        443       4000:50/second    disabled   300     enabled public  8443    enabled  secure web"
        );
    }

    #[test]
    fn dbstateinfo_matches_the_reference_capture() {
        let d = DbStateInfo {
            output: "/cm/trace/dbl/showtechdbstateinfo211506.txt".into(),
            error_output: "/cm/trace/dbl/showtechdbstateinfo_cdr_err211506.out".into(),
        };
        let mut out = String::new();
        d.text(&mut out);
        assert_eq!(
            out,
            "------------------------ Show tech dbstateinfo -------------------\n\n\nDatabase State Info\n\n\
             Output is in /cm/trace/dbl/showtechdbstateinfo211506.txt\n \n Please use \"file view activelog \
             /cm/trace/dbl/showtechdbstateinfo211506.txt\" to see the \n    contents of File\n \n Error Output is in \
             /cm/trace/dbl/showtechdbstateinfo_cdr_err211506.out\n\nPlease use \"file view activelog \
             /cm/trace/dbl/showtechdbstateinfo_cdr_err211506.out\" command to see the contents of File\n"
        );
    }
}
