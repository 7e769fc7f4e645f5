//! Reads back `show account` (`render/session.rs`): each account's name and level. The
//! text says nothing of the primary account, passwords or lockout, so the parsed result
//! holds only what it says (JSON `{"accounts": [{"name", "level"}]}`).

use serde::Serialize;

use super::{number, ParseCtx};
use crate::render::{to_json, Report};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownAccount {
    pub name: String,
    pub level: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownAccounts {
    pub accounts: Vec<ShownAccount>,
}

impl Report for ShownAccounts {
    fn text(&self, out: &mut String) {
        for a in &self.accounts {
            out.push_str(&format!("Name = {}, Privilege = {}\n", a.name, a.level));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

pub fn show_account(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_show_account(text)?))
}

pub fn parse_show_account(text: &str) -> Result<ShownAccounts, String> {
    let mut accounts = Vec::new();
    for l in text.lines().filter(|l| !l.trim().is_empty()) {
        let (name, level) = l
            .strip_prefix("Name = ")
            .and_then(|r| r.rsplit_once(", Privilege = "))
            .ok_or_else(|| format!("not an account line: \"{l}\""))?;
        accounts.push(ShownAccount { name: name.to_string(), level: number(level, "privilege")? });
    }
    Ok(ShownAccounts { accounts })
}
