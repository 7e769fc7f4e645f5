//! `utils disaster_recovery ...`. Public (CLI-REFERENCE §8.8): "drfCliMsg: No backup status
//! available", and a history row's values (`Fri Dec 12 13:45:19 PST 2025`,
//! `2025-12-12-13-44-12.tar`, `SUCCESS`, `NETWORK`). The layouts are ucsh's in the
//! platform's style (documented in commands/drs.toml); the parsers in `parse::drs` read
//! them back.

use crate::engine::drs::{
    BackupDone, BackupFiles, DeviceChange, DeviceList, DrfStatus, History, Operation, RestoreDone,
    RestorePlan, StatusAnswer, TarEstimate,
};
use crate::engine::text::printable;
use crate::render::{to_json, Report};

pub const BACKUP_STARTED: &str =
    "Backup initiated successfully. Please run 'utils disaster_recovery status backup' command to see the status";
pub const RESTORE_STARTED: &str =
    "Restore initiated successfully. Please run 'utils disaster_recovery status restore' command to see the status";
pub const NO_DEVICES: &str = "drfCliMsg: No backup devices configured";
pub const NO_BACKUP_FILES: &str = "drfCliMsg: No backup files found";

/// `drfCliMsg: No backup status available` (the platform's) or the restore's.
pub fn no_status(op: Operation) -> String {
    format!("drfCliMsg: No {} status available", op.name())
}

pub fn no_history(op: Operation) -> String {
    format!("drfCliMsg: No {} history available", op.name())
}

/// The restore's question for the features to restore.
pub fn features_question(features: &[String]) -> String {
    format!(
        "Please enter the comma-separated features you wish to restore. Valid features for this backup are {}:",
        features.join(",")
    )
}

/// What a restore says before its `Continue (y/n)?`.
pub fn restore_warning(plan: &RestorePlan) -> String {
    format!(
        "WARNING: Restoring {} from {} replaces its platform settings, CLI accounts, database\n\
         and certificates with those of the backup. Changes made since the backup are lost.\n",
        plan.server, plan.tar_filename
    )
}

/// The header of the history table and the width of each column but the last.
pub const HISTORY_BACKUP: [&str; 6] =
    ["Tar Filename:", "Backup Device:", "Completed On:", "Result:", "Backup Type:", "Features Backed Up:"];
pub const HISTORY_RESTORE: [&str; 6] =
    ["Tar Filename:", "Restore Device:", "Completed On:", "Result:", "Restore Type:", "Features Restored:"];
pub const DEVICE_HEADER: [&str; 6] = ["Device Name", "Device Type", "Server", "Path", "User", "Backups"];

/// Rows of cells in columns as wide as their widest cell plus two spaces (the last column
/// unpadded).
fn columns(rows: &[Vec<String>], out: &mut String) {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| rows.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count()).max().unwrap_or(0))
        .collect();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            if i + 1 == r.len() {
                line.push_str(c);
            } else {
                line.push_str(&format!("{c:<w$}", w = widths[i] + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

pub fn status_text(s: &DrfStatus, out: &mut String) {
    out.push_str(&format!("Status: {} :{}\n", s.status.word(), printable(&s.message)));
    out.push_str(&format!("Tar Filename: {}\n", s.tar_filename));
    out.push_str(&format!("Storage Location: {}\n", s.storage));
    out.push_str(&format!("Operation: {}\n", s.operation.name()));
    out.push_str(&format!("Percentage Complete: {}\n", s.percent));
    for c in &s.components {
        out.push_str(&format!(
            "{} {} {} {} {} {}\n",
            c.feature,
            c.server,
            c.component,
            c.status.word(),
            c.at,
            c.log
        ));
    }
}

impl Report for StatusAnswer {
    fn text(&self, out: &mut String) {
        match &self.last {
            Some(s) => status_text(s, out),
            None => {
                out.push_str(&no_status(self.operation));
                out.push('\n');
            }
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for History {
    fn text(&self, out: &mut String) {
        if self.rows.is_empty() {
            out.push_str(&no_history(self.operation));
            out.push('\n');
            return;
        }
        let head = if self.operation == Operation::Backup { HISTORY_BACKUP } else { HISTORY_RESTORE };
        let mut rows = vec![head.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
        for r in &self.rows {
            rows.push(vec![
                r.tar_filename.clone(),
                r.device.clone(),
                r.completed.clone(),
                r.result.word().to_string(),
                r.kind.clone(),
                r.features.join(","),
            ]);
        }
        columns(&rows, out);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for DeviceList {
    fn text(&self, out: &mut String) {
        if self.devices.is_empty() {
            out.push_str(NO_DEVICES);
            out.push('\n');
            return;
        }
        let mut rows = vec![DEVICE_HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
        for d in &self.devices {
            let server = if d.port == 22 { d.server.clone() } else { format!("{}:{}", d.server, d.port) };
            rows.push(vec![
                printable(&d.name).into_owned(),
                d.kind.clone(),
                printable(&server).into_owned(),
                printable(&d.path).into_owned(),
                printable(&d.user).into_owned(),
                d.backups.to_string(),
            ]);
        }
        columns(&rows, out);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for DeviceChange {
    fn text(&self, out: &mut String) {
        let what = if self.added { "added" } else { "deleted" };
        for n in &self.names {
            out.push_str(&format!("drfCliMsg: Device {} {what} successfully\n", printable(n)));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for BackupFiles {
    fn text(&self, out: &mut String) {
        if self.files.is_empty() {
            out.push_str(NO_BACKUP_FILES);
            out.push('\n');
        }
        for f in &self.files {
            out.push_str(f);
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for BackupDone {
    fn text(&self, out: &mut String) {
        out.push_str(BACKUP_STARTED);
        out.push('\n');
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for RestoreDone {
    fn text(&self, out: &mut String) {
        out.push_str(RESTORE_STARTED);
        out.push('\n');
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for TarEstimate {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Estimated tar size successfully: {} MB\n", self.bytes.div_ceil(1 << 20)));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
