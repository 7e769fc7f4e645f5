//! `show|set accountlocking`, `show|set cli session timeout`, `show date`.
//!
//! `show accountlocking` and `show date` follow the reference's captures; the wording of the
//! `set` confirmations and of `show cli session timeout` is not public and is ucsh's
//! (documented in the catalog).

use crate::engine::diskusage::DiskUsage;
use crate::engine::platform::AccountLocking;
use crate::engine::settings::{LockingChange, LockingChanged, NodeDate, SessionTimeout};
use crate::render::{to_json, Report};

impl Report for AccountLocking {
    fn text(&self, out: &mut String) {
        let state = if self.enabled { "enabled" } else { "disabled" };
        out.push_str(&format!("Account Lockout is {state}\n"));
        out.push_str(&format!("Unlock Time : {} seconds\n", self.unlock_seconds));
        out.push_str(&format!("Retry Count : {} attempts\n", self.count));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for LockingChanged {
    fn text(&self, out: &mut String) {
        match self.change {
            LockingChange::Enable => out.push_str("Account Lockout is enabled\n"),
            LockingChange::Disable => out.push_str("Account Lockout is disabled\n"),
            LockingChange::Count(n) => out.push_str(&format!("Retry Count : {n} attempts\n")),
            LockingChange::UnlockTime(s) => out.push_str(&format!("Unlock Time : {s} seconds\n")),
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for SessionTimeout {
    fn text(&self, out: &mut String) {
        match self.previous {
            None => out.push_str(&format!("CLI session timeout is {} minutes\n", self.minutes)),
            Some(_) => {
                out.push_str(&format!("CLI session timeout set to {} minutes\n", self.minutes));
                out.push_str("The new value applies to new sessions.\n");
            }
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for NodeDate {
    fn text(&self, out: &mut String) {
        out.push_str(&self.text);
        out.push('\n');
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for DiskUsage {
    fn text(&self, out: &mut String) {
        for r in &self.rows {
            out.push_str(&format!("{}\t{}\n", r.kb, r.path));
        }
        if self.left_out > 0 {
            out.push_str(&format!("({} more entries not shown)\n", self.left_out));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
