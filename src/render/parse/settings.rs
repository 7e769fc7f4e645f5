//! Reads back `show cli session timeout` (render/settings.rs).

use super::ParseCtx;
use crate::engine::settings::SessionTimeout;
use crate::render::Report;

pub fn session_timeout(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_session_timeout(text)?))
}

pub fn parse_session_timeout(text: &str) -> Result<SessionTimeout, String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).ok_or("no output")?;
    let minutes = line
        .strip_prefix("CLI session timeout is ")
        .and_then(|r| r.strip_suffix(" minutes"))
        .ok_or_else(|| format!("not a session timeout: {line:?}"))?;
    Ok(SessionTimeout { minutes: super::number(minutes, "minutes")?, previous: None })
}

// ----- issue 14 item 2, services, system, settings: `set accountlocking enable|disable|
// count|unlocktime`, `set cli session timeout`, `show date` -----

use serde::Serialize;

use crate::engine::settings::{LockingChange, LockingChanged, NodeDate};
use crate::render::to_json;

/// `set accountlocking ...` as its text shows it: the one setting changed and its new value.
/// The text does not show the whole setting before and after (`before`, `after` of the
/// engine's result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownLockingChange {
    pub change: LockingChange,
}

impl Report for ShownLockingChange {
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

impl From<&LockingChanged> for ShownLockingChange {
    fn from(c: &LockingChanged) -> Self {
        ShownLockingChange { change: c.change }
    }
}

pub fn locking_change(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_locking_change(text)?))
}

pub fn parse_locking_change(text: &str) -> Result<ShownLockingChange, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let line = lines.next().ok_or("no output")?;
    if let Some(extra) = lines.next() {
        return Err(format!("more than one line: {extra:?}"));
    }
    let change = match line {
        "Account Lockout is enabled" => LockingChange::Enable,
        "Account Lockout is disabled" => LockingChange::Disable,
        _ => {
            if let Some(n) = line.strip_prefix("Retry Count : ").and_then(|r| r.strip_suffix(" attempts")) {
                LockingChange::Count(super::number(n, "retry count")?)
            } else if let Some(s) =
                line.strip_prefix("Unlock Time : ").and_then(|r| r.strip_suffix(" seconds"))
            {
                LockingChange::UnlockTime(super::number(s, "unlock time")?)
            } else {
                return Err(format!("not an account lockout change: {line:?}"));
            }
        }
    };
    Ok(ShownLockingChange { change })
}

/// `set cli session timeout <minutes>` as its text shows it: the new value. The text does
/// not show the value before (`previous` of the engine's result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownTimeoutSet {
    pub minutes: u32,
}

impl Report for ShownTimeoutSet {
    fn text(&self, out: &mut String) {
        // The renderer's `set` form is chosen by a previous value; any one gives the text.
        SessionTimeout { minutes: self.minutes, previous: Some(self.minutes) }.text(out);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl From<&SessionTimeout> for ShownTimeoutSet {
    fn from(t: &SessionTimeout) -> Self {
        ShownTimeoutSet { minutes: t.minutes }
    }
}

pub fn session_timeout_set(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_session_timeout_set(text)?))
}

pub fn parse_session_timeout_set(text: &str) -> Result<ShownTimeoutSet, String> {
    let first = text.lines().next().unwrap_or("");
    let minutes = first
        .strip_prefix("CLI session timeout set to ")
        .and_then(|r| r.strip_suffix(" minutes"))
        .ok_or_else(|| format!("not a session timeout change: {first:?}"))?;
    let t = ShownTimeoutSet { minutes: super::number(minutes, "minutes")? };
    let mut again = String::new();
    t.text(&mut again);
    if again != text {
        return Err(format!("not a session timeout change: {text:?}"));
    }
    Ok(t)
}

/// `show date` as its text shows it: the line `date` prints (`Wed Dec  2 10:49:50 JST
/// 2026`). The text names the zone by its abbreviation only, which several zones share, so
/// it does not give the zone's name nor the UTC time (`timezone`, `utc` of the engine's
/// result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownDate {
    pub text: String,
}

impl Report for ShownDate {
    fn text(&self, out: &mut String) {
        out.push_str(&self.text);
        out.push('\n');
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl From<&NodeDate> for ShownDate {
    fn from(d: &NodeDate) -> Self {
        ShownDate { text: d.text.clone() }
    }
}

pub fn date(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_date(text)?))
}

/// One line `%a %b %e %H:%M:%S %Z %Y`, checked field by field (the day padded to two
/// characters, the zone an abbreviation or an offset such as `+0530`).
pub fn parse_date(text: &str) -> Result<ShownDate, String> {
    let line = text.strip_suffix('\n').unwrap_or(text);
    let bad = || format!("not a date: {line:?}");
    if line.contains('\n') || line.len() < 24 || !line.is_ascii() {
        return Err(bad());
    }
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (head, rest) = line.split_at(11);
    let (day_name, month, day) = (&head[0..3], &head[4..7], head[8..10].trim_start());
    let ok_head = DAYS.contains(&day_name)
        && MONTHS.contains(&month)
        && &head[3..4] == " "
        && &head[7..8] == " "
        && &head[10..11] == " "
        && day.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
        && head[8..10].len() == 2;
    let words: Vec<&str> = rest.split(' ').collect();
    let ok_time = words.first().is_some_and(|t| {
        let p: Vec<&str> = t.split(':').collect();
        p.len() == 3 && p.iter().all(|x| x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit()))
    });
    let ok_zone = words.get(1).is_some_and(|z| {
        !z.is_empty() && z.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-')
    });
    let ok_year = words.get(2).is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    if !(ok_head && ok_time && ok_zone && ok_year && words.len() == 3) {
        return Err(bad());
    }
    Ok(ShownDate { text: line.to_string() })
}
