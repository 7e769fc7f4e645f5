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

// ----- group "files and show": show diskusage -----

use crate::engine::diskusage::{DiskUsage, UsageRow, MAX_ROWS};

pub fn diskusage(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let partition = ctx.invocation.text("partition").unwrap_or("activelog");
    Ok(Box::new(parse_diskusage(text, partition, ctx.invocation.flag("directory"))?))
}

/// Where `show diskusage` shows a partition (`/var/log/active`, `/common`, ...).
fn shown_root(partition: &str) -> Option<&'static str> {
    Some(match partition {
        "activelog" => "/var/log/active",
        "inactivelog" => "/var/log/inactive",
        "install" => "/var/log/install",
        "common" => "/common",
        "tmp" => "/tmp",
        _ => return None,
    })
}

/// du's `<kb>\t<path>` rows (at most [`MAX_ROWS`], then the count of those left out). The
/// total is the partition's own row; a text whose rows were cut before it does not give
/// the total and is not read back. Whether a row is a folder is what the text shows: every
/// row with `directory`, otherwise the partition and the rows with a row below them (an
/// empty folder reads as a file).
pub fn parse_diskusage(text: &str, partition: &str, directories_only: bool) -> Result<DiskUsage, String> {
    let root = shown_root(partition).ok_or_else(|| format!("unknown partition {partition:?}"))?;
    let mut rows = Vec::new();
    let mut left_out = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if left_out > 0 {
            return Err(format!("a line after the count of rows left out: {line:?}"));
        }
        if let Some(n) = line.strip_prefix('(').and_then(|r| r.strip_suffix(" more entries not shown)")) {
            left_out = super::number(n, "entries left out")?;
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(format!("more than {MAX_ROWS} rows"));
        }
        let (kb, path) = line.split_once('\t').ok_or_else(|| format!("not a du row: {line:?}"))?;
        if path != root && !path.starts_with(&format!("{root}/")) {
            return Err(format!("{path:?} is not in {root}"));
        }
        rows.push(UsageRow { kb: super::number(kb, "kilobytes")?, path: path.to_string(), is_dir: true });
    }
    if !directories_only {
        let mut paths: Vec<String> = rows.iter().map(|r| format!("{}/", r.path)).collect();
        paths.sort();
        for r in &mut rows {
            let below = format!("{}/", r.path);
            // Sorted: a path with a row below it is followed by one that starts with it.
            let at = paths.partition_point(|p| p.as_str() <= below.as_str());
            r.is_dir = r.path == root || paths.get(at).is_some_and(|p| p.starts_with(&below));
        }
    }
    let total_kb = rows
        .iter()
        .find(|r| r.path == root)
        .map(|r| r.kb)
        .ok_or("the partition's own row (its total) is not in the text")?;
    Ok(DiskUsage { partition: partition.to_string(), rows, total_kb, left_out })
}
