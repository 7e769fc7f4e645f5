//! Session commands: `show myself`, `show cli pagination`, `show account`.

use serde::Serialize;

use super::{to_json, Report};
use crate::engine::accounts::AccountInfo;

/// `show myself`. ucsh layout (the platform's is not public; these are the fields it is
/// known to carry).
#[derive(Debug, Clone, Serialize)]
pub struct Myself {
    pub machine_name: String,
    pub account: String,
    pub privilege: u8,
    pub command_count: bool,
    pub logging: bool,
}

fn onoff(b: bool) -> &'static str {
    if b {
        "enabled"
    } else {
        "disabled"
    }
}

impl Report for Myself {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Machine Name    : {}\n", self.machine_name));
        out.push_str(&format!("account name    : {}\n", self.account));
        out.push_str(&format!("privilege level : {}\n", self.privilege));
        out.push_str(&format!("command count   : {}\n", onoff(self.command_count)));
        out.push_str(&format!("logging setting : {}\n", onoff(self.logging)));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub on: bool,
}

impl Report for Pagination {
    fn text(&self, out: &mut String) {
        out.push_str(if self.on { "Automatic Pagination : On.\n" } else { "Automatic Pagination : Off.\n" });
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for Vec<AccountInfo> {
    fn text(&self, out: &mut String) {
        for a in self {
            out.push_str(&format!("Name = {}, Privilege = {}\n", a.name, a.level));
        }
    }
    fn json(&self) -> serde_json::Value {
        serde_json::json!({ "accounts": to_json(self) })
    }
}
