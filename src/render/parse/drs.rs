//! Reads back `utils disaster_recovery status | history` and `device list` (the layouts of
//! `render::drs`): columns are separated by two spaces or more, never one inside a cell.

use super::ParseCtx;
use crate::engine::drs::{
    ComponentStatus, Device, DeviceList, DrfStatus, History, HistoryRow, Operation, Outcome, StatusAnswer,
};
use crate::render::drs::{no_history, no_status, DEVICE_HEADER, HISTORY_BACKUP, HISTORY_RESTORE, NO_DEVICES};
use crate::render::Report;

fn operation(ctx: &ParseCtx<'_>) -> Operation {
    match ctx.invocation.text("operation") {
        Some("restore") => Operation::Restore,
        _ => Operation::Backup,
    }
}

fn outcome(word: &str) -> Result<Outcome, String> {
    match word {
        "SUCCESS" => Ok(Outcome::Success),
        "ERROR" => Ok(Outcome::Error),
        other => Err(format!("unknown result {other:?}")),
    }
}

/// The cells of a line whose columns are separated by runs of two spaces or more.
fn cells(line: &str) -> Vec<String> {
    line.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
}

pub fn status(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_status(text, operation(ctx))?))
}

fn field<'a>(line: Option<&&'a str>, name: &str) -> Result<&'a str, String> {
    line.and_then(|l| l.strip_prefix(name)).ok_or_else(|| format!("no {name:?} line"))
}

pub fn parse_status(text: &str, operation: Operation) -> Result<StatusAnswer, String> {
    if text.trim() == no_status(operation) {
        return Ok(StatusAnswer { operation, last: None });
    }
    let lines: Vec<&str> = text.lines().collect();
    let head = field(lines.first(), "Status: ")?;
    let (word, message) = head.split_once(" :").ok_or("no status word")?;
    let tar_filename = field(lines.get(1), "Tar Filename: ")?.to_string();
    let storage = field(lines.get(2), "Storage Location: ")?.to_string();
    let op = field(lines.get(3), "Operation: ")?;
    if op != operation.name() {
        return Err(format!("the status is of a {op}"));
    }
    let percent = field(lines.get(4), "Percentage Complete: ")?.parse::<u8>().map_err(|e| e.to_string())?;
    let mut components = Vec::new();
    for l in lines.iter().skip(5) {
        let w: Vec<&str> = l.split(' ').collect();
        if w.len() != 11 {
            return Err(format!("not a component line: {l:?}"));
        }
        components.push(ComponentStatus {
            feature: w[0].to_string(),
            server: w[1].to_string(),
            component: w[2].to_string(),
            status: outcome(w[3])?,
            at: w[4..10].join(" "),
            log: w[10].to_string(),
        });
    }
    Ok(StatusAnswer {
        operation,
        last: Some(DrfStatus {
            operation,
            status: outcome(word)?,
            message: message.to_string(),
            tar_filename,
            storage,
            percent,
            components,
        }),
    })
}

pub fn history(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_history(text, operation(ctx))?))
}

pub fn parse_history(text: &str, operation: Operation) -> Result<History, String> {
    if text.trim() == no_history(operation) {
        return Ok(History { operation, rows: Vec::new() });
    }
    let mut lines = text.lines();
    let head = if operation == Operation::Backup { HISTORY_BACKUP } else { HISTORY_RESTORE };
    if cells(lines.next().unwrap_or_default()) != head {
        return Err("not a history header".into());
    }
    let mut rows = Vec::new();
    for l in lines {
        let c = cells(l);
        if c.len() != 5 && c.len() != 6 {
            return Err(format!("not a history row: {l:?}"));
        }
        rows.push(HistoryRow {
            tar_filename: c[0].clone(),
            device: c[1].clone(),
            completed: c[2].clone(),
            result: outcome(&c[3])?,
            kind: c[4].clone(),
            features: c.get(5).map(|f| f.split(',').map(str::to_string).collect()).unwrap_or_default(),
        });
    }
    Ok(History { operation, rows })
}

pub fn device_list(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let _ = ctx;
    Ok(Box::new(parse_device_list(text)?))
}

pub fn parse_device_list(text: &str) -> Result<DeviceList, String> {
    if text.trim() == NO_DEVICES {
        return Ok(DeviceList::default());
    }
    let mut lines = text.lines();
    if cells(lines.next().unwrap_or_default()) != DEVICE_HEADER {
        return Err("not a device list header".into());
    }
    let mut devices = Vec::new();
    for l in lines {
        let c = cells(l);
        if c.len() != 6 {
            return Err(format!("not a device row: {l:?}"));
        }
        let (server, port) = match c[2].rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h.to_string(), p.parse::<u16>().map_err(|e| e.to_string())?),
            _ => (c[2].clone(), 22),
        };
        devices.push(Device {
            name: c[0].clone(),
            kind: c[1].clone(),
            server,
            port,
            path: c[3].clone(),
            user: c[4].clone(),
            backups: c[5].parse().map_err(|e: std::num::ParseIntError| e.to_string())?,
        });
    }
    Ok(DeviceList { devices })
}

// ----- backup | restore network, device add | delete, show_backupfiles,
// estimate_tar_size (replication, branding, syslog, certificates, DRS group) -----

use super::dbreplication::same_text;
use super::partial::after_questions;
use crate::engine::drs::{BackupFiles, DeviceChange};
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};
use crate::render::drs::{BACKUP_STARTED, NO_BACKUP_FILES, RESTORE_STARTED};
use crate::render::to_json;

/// What the network commands ask before they work: the SFTP password and the server's
/// host key; a restore then the features and its confirmation.
const QUESTIONS: &[&str] = &[
    "Please enter password to connect to network server ",
    "Are you sure you want to continue connecting (yes/no)?",
    "Please enter the comma-separated features you wish to restore.",
    CONTINUE_YN,
];

fn trimmed(text: &str) -> Vec<&str> {
    text.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect()
}

/// `backup network` or `restore network` as their text says it: started. The text carries
/// nothing else (the status, the archive and its size are `utils disaster_recovery status`'s):
/// JSON `{"status": {"operation": "backup"}}`, the part of the engine's own JSON it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Started {
    pub operation: Operation,
}

impl Report for Started {
    fn text(&self, out: &mut String) {
        out.push_str(if self.operation == Operation::Backup { BACKUP_STARTED } else { RESTORE_STARTED });
        out.push('\n');
    }
    fn json(&self) -> serde_json::Value {
        serde_json::json!({ "status": { "operation": self.operation } })
    }
}

/// `utils disaster_recovery backup network ...` (after the password question).
pub fn backup(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_started(after_questions(text, QUESTIONS), Operation::Backup)?))
}

/// `utils disaster_recovery restore network ...` (after the password, the features and the
/// confirmation), or the restore cancelled.
pub fn restore(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let text = after_questions(text, QUESTIONS);
    if trimmed(text) == ["Command cancelled: nothing was changed."] {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(parse_started(text, Operation::Restore)?))
}

pub fn parse_started(text: &str, operation: Operation) -> Result<Started, String> {
    let v = Started { operation };
    same_text(&v, text, &format!("a {} started", operation.name()))?;
    Ok(v)
}

/// `device add network` (after the password question) and `device delete`: all of it.
pub fn device_change(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_device_change(after_questions(text, QUESTIONS))?))
}

pub fn parse_device_change(text: &str) -> Result<DeviceChange, String> {
    let mut added = None;
    let mut names = Vec::new();
    for l in trimmed(text) {
        let r = l.strip_prefix("drfCliMsg: Device ").ok_or_else(|| format!("not a device line: {l:?}"))?;
        let (name, a) = if let Some(n) = r.strip_suffix(" added successfully") {
            (n, true)
        } else if let Some(n) = r.strip_suffix(" deleted successfully") {
            (n, false)
        } else {
            return Err(format!("not a device line: {l:?}"));
        };
        if added.is_some_and(|was| was != a) {
            return Err("devices both added and deleted".into());
        }
        added = Some(a);
        names.push(name.to_string());
    }
    let v = DeviceChange { added: added.ok_or("no device line")?, names };
    same_text(&v, text, "a device change")?;
    Ok(v)
}

/// `show_backupfiles network ...` (after the password question): all of it.
pub fn backup_files(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_backup_files(after_questions(text, QUESTIONS))?))
}

pub fn parse_backup_files(text: &str) -> Result<BackupFiles, String> {
    let lines = trimmed(text);
    let files = if lines == [NO_BACKUP_FILES] {
        Vec::new()
    } else {
        lines
            .iter()
            .map(|l| {
                if l.contains(char::is_whitespace) || l.starts_with("drfCliMsg:") {
                    Err(format!("not a backup file: {l:?}"))
                } else {
                    Ok(l.to_string())
                }
            })
            .collect::<Result<_, _>>()?
    };
    Ok(BackupFiles { files })
}

/// `estimate_tar_size`: the estimate in MB, rounded up, as the text shows it (JSON
/// `{"megabytes": N}`); the features chosen and the bytes are not in the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TarEstimateShown {
    pub megabytes: u64,
}

impl Report for TarEstimateShown {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Estimated tar size successfully: {} MB\n", self.megabytes));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

pub fn estimate_tar_size(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_estimate(text)?))
}

pub fn parse_estimate(text: &str) -> Result<TarEstimateShown, String> {
    let lines = trimmed(text);
    let mb = match lines.as_slice() {
        [l] => l
            .strip_prefix("Estimated tar size successfully: ")
            .and_then(|r| r.strip_suffix(" MB"))
            .ok_or_else(|| format!("not a tar size estimate: {l:?}"))?,
        _ => return Err("not a tar size estimate".into()),
    };
    Ok(TarEstimateShown { megabytes: super::number(mb, "MB")? })
}
