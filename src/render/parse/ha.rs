//! Reads back `utils ha status` (render/ha.rs): a `Subcluster Name:` line per group, then
//! `Node N Name : <name> State: <state>[ Reason: <reason>]` per node.

use super::ParseCtx;
use crate::engine::ha::{GroupHa, HaStatus, NodeHa};
use crate::render::Report;

pub fn status(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_status(text)?))
}

pub fn parse_status(text: &str) -> Result<HaStatus, String> {
    let mut groups: Vec<GroupHa> = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        if let Some(name) = line.strip_prefix("Subcluster Name: ") {
            groups.push(GroupHa { group: name.to_string(), nodes: Vec::new() });
            continue;
        }
        let group = groups.last_mut().ok_or_else(|| format!("a node before any group: {line:?}"))?;
        let rest = line
            .strip_prefix("Node ")
            .and_then(|r| r.split_once(" Name : "))
            .map(|(_, r)| r)
            .ok_or_else(|| format!("not a node line: {line:?}"))?;
        let (name, rest) = rest.split_once(" State: ").ok_or_else(|| format!("no State in {line:?}"))?;
        let (state, reason) = match rest.split_once(" Reason: ") {
            Some((s, r)) => (s, Some(r.to_string())),
            None => (rest, None),
        };
        group.nodes.push(NodeHa { name: name.to_string(), state: state.to_string(), reason });
    }
    Ok(HaStatus { groups })
}
