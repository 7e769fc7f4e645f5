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

// ----- issue 14 item 2, services, system, settings: `utils ha failover|fallback|recover` -----

use serde::Serialize;

use crate::engine::ha::{HaMove, HaRecover};
use crate::render::to_json;

/// `utils ha failover|fallback <node>` as its text shows it: the node, the group as the
/// request leaves it, and the backup (the group's other node: `Taking Over` in a failover,
/// `Falling Back` in a fallback). The text does not count the users to move, say when the
/// move completes nor list the services stopped or started (`users_to_move`,
/// `completes_at`, `services_stopped`, `services_started` of the engine's result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownHaMove {
    pub action: &'static str,
    pub node: String,
    pub backup: String,
    pub group: GroupHa,
}

impl ShownHaMove {
    fn as_engine(&self) -> HaMove {
        HaMove {
            action: self.action,
            node: self.node.clone(),
            backup: self.backup.clone(),
            group: self.group.clone(),
            users_to_move: 0,
            completes_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
            services_stopped: Vec::new(),
            services_started: Vec::new(),
        }
    }
}

impl Report for ShownHaMove {
    fn text(&self, out: &mut String) {
        self.as_engine().text(out);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl From<&HaMove> for ShownHaMove {
    fn from(m: &HaMove) -> Self {
        ShownHaMove {
            action: m.action,
            node: m.node.clone(),
            backup: m.backup.clone(),
            group: m.group.clone(),
        }
    }
}

pub fn ha_move(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_ha_move(text)?))
}

pub fn parse_ha_move(text: &str) -> Result<ShownHaMove, String> {
    let (first, rest) = text.split_once('\n').ok_or("no output")?;
    let (action, node, backup_state) =
        if let Some(n) = first.strip_prefix("Initiate Manual Failover for Node > ") {
            ("failover", n, "Taking Over")
        } else if let Some(n) =
            first.strip_prefix("Initiate Manual fallback for Node >").and_then(|r| r.strip_suffix('<'))
        {
            ("fallback", n, "Falling Back")
        } else {
            return Err(format!("not a failover or fallback: {first:?}"));
        };
    let rest = rest.strip_prefix("Request SUCCESSFUL.\n").ok_or("no \"Request SUCCESSFUL.\" line")?;
    let mut status = parse_status(rest)?;
    if status.groups.len() != 1 {
        return Err(format!("{} groups after the request, not one", status.groups.len()));
    }
    let group = status.groups.remove(0);
    let backups: Vec<&NodeHa> = group.nodes.iter().filter(|n| n.state == backup_state).collect();
    let backup = match backups.as_slice() {
        [b] if b.name != node => b.name.clone(),
        _ => return Err(format!("no one node {backup_state} in the group")),
    };
    let m = ShownHaMove { action, node: node.to_string(), backup, group };
    let mut again = String::new();
    m.text(&mut again);
    if again != text {
        return Err(format!("not a {action}: {text:?}"));
    }
    Ok(m)
}

/// `utils ha recover <group>` as its text shows it: that the services stopped and started
/// again. The text names neither the group nor the nodes, and counts nothing (every field
/// of the engine's result): JSON `{}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownHaRecover {}

impl Report for ShownHaRecover {
    fn text(&self, out: &mut String) {
        HaRecover { group: String::new(), nodes: Vec::new(), services_started: Vec::new(), users_moved: 0 }
            .text(out);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl From<&HaRecover> for ShownHaRecover {
    fn from(_: &HaRecover) -> Self {
        ShownHaRecover {}
    }
}

pub fn ha_recover(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_ha_recover(text)?))
}

pub fn parse_ha_recover(text: &str) -> Result<ShownHaRecover, String> {
    let shown = ShownHaRecover {};
    let mut again = String::new();
    shown.text(&mut again);
    if again != text {
        return Err(format!("not a recovery: {text:?}"));
    }
    Ok(shown)
}
