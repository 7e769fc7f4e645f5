//! Reads back `utils imdb_replication status` (render/imp.rs).

use super::ParseCtx;
use crate::engine::imdb::{Broken, ImdbCheck, ImdbGroup, ImdbNode, ImdbResult, ImdbStatus};
use crate::render::imp::{IMDB_FAILURE, IMDB_HEADER, IMDB_NOTE, IMDB_SINGLE, IMDB_SUCCESS};
use crate::render::Report;

pub fn imdb_replication_status(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_imdb_status(text)?))
}

fn parse_broken(text: &str) -> Result<Broken, String> {
    if let Some(node) = text.strip_prefix("replication link down on ") {
        return Ok(Broken::LinkBroken { node: node.to_string() });
    }
    if let Some((service, node)) = text.split_once(" not running on ") {
        return Ok(Broken::ServiceStopped { node: node.to_string(), service: service.to_string() });
    }
    if let Some(node) = text.strip_suffix(" unreachable") {
        return Ok(Broken::NodeDown { node: node.to_string() });
    }
    Err(format!("not a failure reason: {text:?}"))
}

fn parse_check(line: &str) -> Result<ImdbCheck, String> {
    let bad = || format!("not a replication check: {line:?}");
    let mut words = line.split_whitespace();
    let dsn = words.next().ok_or_else(bad)?.to_string();
    let port = words.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let from = words.next().ok_or_else(bad)?.to_string();
    if words.next() != Some("->") {
        return Err(bad());
    }
    let to = words.next().ok_or_else(bad)?.to_string();
    let (_, rest) = line.split_once(&format!(" -> {to}  ")).ok_or_else(bad)?;
    let result = if rest == "Passed" {
        ImdbResult::Passed
    } else {
        ImdbResult::Failed(parse_broken(rest.strip_prefix("Failed: ").ok_or_else(bad)?)?)
    };
    Ok(ImdbCheck { dsn, port, from, to, result })
}

pub fn parse_imdb_status(text: &str) -> Result<ImdbStatus, String> {
    let mut groups: Vec<ImdbGroup> = Vec::new();
    let mut healthy = None;
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        if line == IMDB_HEADER || line == IMDB_NOTE || line == IMDB_SINGLE {
            continue;
        }
        if line == IMDB_SUCCESS || line == IMDB_FAILURE {
            healthy = Some(line == IMDB_SUCCESS);
            continue;
        }
        if let Some(name) = line.strip_prefix("Subcluster Name: ") {
            groups.push(ImdbGroup { group: name.to_string(), nodes: Vec::new(), checks: Vec::new() });
            continue;
        }
        let group = groups.last_mut().ok_or_else(|| format!("a line before any subcluster: {line:?}"))?;
        if let Some(rest) = line.strip_prefix("Node ") {
            let (_, node) = rest.split_once(": ").ok_or_else(|| format!("not a node line: {line:?}"))?;
            let (name, address) = node
                .strip_suffix(')')
                .and_then(|n| n.split_once(" ("))
                .ok_or_else(|| format!("not a node line: {line:?}"))?;
            group.nodes.push(ImdbNode { name: name.to_string(), address: address.to_string() });
            continue;
        }
        group.checks.push(parse_check(line.trim_start())?);
    }
    let healthy = healthy.ok_or("no SUCCESS or FAILURE line")?;
    Ok(ImdbStatus { groups, healthy })
}

use crate::engine::fileserver::{Copied, TransferSpeed};

pub fn fileserver_transferspeed(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_transferspeed(text)?))
}

/// Reads the two `dd` reports (writing, then reading); the verdict follows from them.
pub fn parse_transferspeed(text: &str) -> Result<TransferSpeed, String> {
    let mut records: Option<u64> = None;
    let mut copies: Vec<Copied> = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(n) = line.strip_suffix("+0 records out") {
            records = Some(n.parse().map_err(|_| format!("bad record count in {line:?}"))?);
            continue;
        }
        let Some((bytes, rest)) = line.split_once(" bytes (") else { continue };
        let bad = || format!("not a dd report: {line:?}");
        let bytes: u64 = bytes.parse().map_err(|_| bad())?;
        let (_, rest) = rest.split_once(") copied, ").ok_or_else(bad)?;
        let (secs, rate) = rest.split_once(" s, ").ok_or_else(bad)?;
        let rate = rate.strip_suffix(" MB/s").ok_or_else(bad)?;
        copies.push(Copied {
            records: records.take().ok_or_else(|| format!("no record count before {line:?}"))?,
            bytes,
            seconds: secs.parse().map_err(|_| bad())?,
            mb_per_s: rate.parse().map_err(|_| bad())?,
        });
    }
    match <[Copied; 2]>::try_from(copies) {
        Ok([write, read]) => Ok(TransferSpeed::new(write, read)),
        Err(c) => Err(format!("expected a writing and a reading report, found {}", c.len())),
    }
}
