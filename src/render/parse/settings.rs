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
