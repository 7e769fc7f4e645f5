//! `utils ntp server add | delete | list`, `utils ntp config`, `utils ntp restart`: the
//! reference's wording (CLI-REFERENCE §8.5), two spaces after the colon included; the
//! outputs of list, config and restart are not public and are ucsh's.

use crate::engine::ntp::{NtpChange, NtpConfig, NtpRestart, ServerOutcome};
use crate::render::{to_json, Report};

pub const ADD_USAGE: &str =
    "Incorrect number of parameters entered for add\nusage: utils ntp server add s1 [s2 s3 s4 s5] [norestart]\n";
pub const DELETE_USAGE: &str =
    "Incorrect number of optional parameters entered for delete\nusage: utils ntp server delete\n";
pub const NONE_TO_DELETE: &str = "There are no NTP servers configured to delete.";
pub const CHOICE: &str = "Choice: ";
pub const RESTART_YN: &str = "Restart NTP (y/n): ";
const RESTARTING: &str = "Restarting NTP on the server.\n";
const NEEDS_RESTART: &str = "The NTP service will need to be restarted for the changes to take effect.\n";

/// The numbered list `delete` offers.
pub fn choices(servers: &[String]) -> String {
    let mut out = String::new();
    for (i, s) in servers.iter().enumerate() {
        out.push_str(&format!("{}: {s}\n", i + 1));
    }
    out.push_str("a: all\nq: quit\n\n");
    out
}

/// What `delete` says before its `Continue (y/n)?`.
pub fn will_delete(chosen: &[String], all: bool) -> String {
    if all {
        "This will result in all the configured NTP servers being deleted.\n".to_string()
    } else {
        chosen
            .iter()
            .map(|s| format!("{s} will be deleted from the list of configured NTP servers.\n"))
            .collect()
    }
}

impl Report for NtpChange {
    fn text(&self, out: &mut String) {
        for r in &self.results {
            let s = &r.server;
            out.push_str(&match r.outcome {
                ServerOutcome::Added => format!("{s} :  added successfully.\n"),
                ServerOutcome::AlreadyAdded => {
                    format!("{s} : [The host has already been added as an NTP server.]\n")
                }
                ServerOutcome::CannotBeAdded => {
                    format!("{s} : [This server cannot be added as an NTP server.]\n")
                }
                ServerOutcome::Inaccessible => format!("{s} : [ Inaccessible NTP server. Not added. ]\n"),
                ServerOutcome::Deleted => format!("{s} :  deleted successfully.\n"),
                ServerOutcome::LastOneKept => format!(
                    "{s} :  [The NTP server was not deleted.  At least one NTP server is required.]\n"
                ),
            });
        }
        if self.limit_reached {
            out.push_str("The maximum permissible limit of 5 NTP servers is already configured.\n");
        }
        if self.restarted {
            out.push_str(RESTARTING);
        }
        if self.pending {
            out.push_str(NEEDS_RESTART);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// `utils ntp server list`: one server a line.
#[derive(Debug, serde::Serialize)]
pub struct NtpList(pub Vec<String>);

impl Report for NtpList {
    fn text(&self, out: &mut String) {
        for s in &self.0 {
            out.push_str(s);
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(&self.0)
    }
}

impl Report for NtpConfig {
    fn text(&self, out: &mut String) {
        if let Some(p) = &self.follows {
            out.push_str(&format!("This node synchronises to its publisher ({p}).\n"));
            return;
        }
        out.push_str("The configured NTP servers:\n");
        for s in self.pending.as_ref().unwrap_or(&self.running) {
            out.push_str(&format!("    {s}\n"));
        }
        if self.pending.is_some() {
            out.push_str(NEEDS_RESTART);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for NtpRestart {
    fn text(&self, out: &mut String) {
        out.push_str(RESTARTING);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
