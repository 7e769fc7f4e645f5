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
