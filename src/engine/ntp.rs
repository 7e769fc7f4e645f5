//! `utils ntp server add | delete | list`, `utils ntp config`, `utils ntp restart`: the NTP
//! servers of a node that takes its time from outside (a publisher). Subscribers follow
//! their publisher and refuse a list of their own.
//!
//! A change restarts NTP at once unless `norestart` is given; then it waits, pending, for
//! `utils ntp restart` or a node restart, and `utils ntp status` shows the servers NTP runs
//! with until then.

use std::net::Ipv4Addr;

use serde::Serialize;

use crate::engine::error::{EngineError, Result};
use crate::engine::events::Event;
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;

/// At most this many servers (the platform's limit).
pub const MAX_SERVERS: usize = 5;

/// Refuses a subscriber: its NTP server is its publisher, a lab node.
fn require_own_source(op: &Op) -> Result<()> {
    let (lab, node) = (op.lab(), op.node());
    let servers = node.platform()?.ntp.configured().to_vec();
    if let Some(p) = servers.iter().find_map(|s| lab_node(op, s)) {
        if lab.cluster_of(node)?.nodes.iter().any(|n| n.name == p.name()) {
            return Err(EngineError::NtpFollows {
                node: node.name().to_string(),
                source_node: p.name().to_string(),
                address: p.spec.ipv4.to_string(),
            });
        }
    }
    Ok(())
}

/// The lab node a server name or address is, if any.
fn lab_node(op: &Op, server: &str) -> Option<NodeHandle> {
    op.lab().nodes().into_iter().find(|n| {
        n.spec.ipv4.to_string() == server
            || n.spec.hostname.eq_ignore_ascii_case(server)
            || n.spec.fqdn().eq_ignore_ascii_case(server)
    })
}

/// A host name (RFC 1123 labels) or an IPv4 address.
fn valid_host(s: &str) -> bool {
    if s.parse::<Ipv4Addr>().is_ok() {
        return true;
    }
    let looks_numeric = s.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
    !looks_numeric
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

/// What happened to one server of an `add` or `delete`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerOutcome {
    Added,
    AlreadyAdded,
    CannotBeAdded,
    Inaccessible,
    Deleted,
    LastOneKept,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerResult {
    pub server: String,
    pub outcome: ServerOutcome,
}

/// What `add` or `delete` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NtpChange {
    pub results: Vec<ServerResult>,
    /// The list was full before anything could be added.
    pub limit_reached: bool,
    /// NTP restarted with the new list (false: `norestart`, or nothing changed).
    pub restarted: bool,
    /// Changed and waiting for a restart.
    pub pending: bool,
}

/// `utils ntp server add s1 [s2 .. s5] [norestart]`.
pub fn add(op: &Op, servers: &[&str], restart: bool) -> Result<NtpChange> {
    require_own_source(op)?;
    let node = op.node();
    let own_cluster: Vec<String> = op.lab().cluster_of(node)?.nodes.iter().map(|n| n.name.clone()).collect();
    let mut results = Vec::new();
    let mut limit_reached = false;
    let mut changed = false;
    // Reachability is decided before the write: a lab node that is down does not answer.
    let verdicts: Vec<(String, Option<ServerOutcome>)> = servers
        .iter()
        .map(|s| {
            let s = s.to_ascii_lowercase();
            let verdict = if !valid_host(&s) {
                Some(ServerOutcome::CannotBeAdded)
            } else {
                match lab_node(op, &s) {
                    Some(n) if own_cluster.contains(&n.name().to_string()) => {
                        Some(ServerOutcome::CannotBeAdded)
                    }
                    Some(n) if !n.is_up().unwrap_or(false) => Some(ServerOutcome::Inaccessible),
                    _ => None,
                }
            };
            (s, verdict)
        })
        .collect();
    node.update_platform(|p| {
        let mut list = p.ntp.configured().to_vec();
        if list.len() >= MAX_SERVERS {
            limit_reached = true;
            return Ok(());
        }
        for (s, verdict) in &verdicts {
            let outcome = match verdict {
                Some(v) => v.clone(),
                None if list.iter().any(|x| x.eq_ignore_ascii_case(s)) => ServerOutcome::AlreadyAdded,
                None if list.len() >= MAX_SERVERS => {
                    limit_reached = true;
                    break;
                }
                None => {
                    list.push(s.clone());
                    changed = true;
                    ServerOutcome::Added
                }
            };
            results.push(ServerResult { server: s.clone(), outcome });
        }
        if changed {
            apply(p, list, restart, node.now());
        }
        Ok(())
    })?;
    if limit_reached && results.is_empty() {
        return Err(EngineError::NtpServerLimit { max: MAX_SERVERS });
    }
    if changed {
        op.record(Event::audit(
            "NTPServerAdded",
            format!("NTP servers added by {}: {}", op.session().account, servers.join(" ")),
        ));
    }
    Ok(NtpChange { results, limit_reached, restarted: changed && restart, pending: changed && !restart })
}

fn apply(
    p: &mut crate::engine::platform::PlatformState,
    list: Vec<String>,
    restart: bool,
    now: chrono::DateTime<chrono::Utc>,
) {
    if restart {
        p.ntp.servers = list;
        p.ntp.pending = None;
        p.ntp.restarted_at = Some(now);
    } else {
        p.ntp.pending = Some(list);
    }
}

/// The list `delete` offers (numbered from 1).
pub fn configured(op: &Op) -> Result<Vec<String>> {
    Ok(op.node().platform()?.ntp.configured().to_vec())
}

/// Checks that the node may change its list and has one, before `delete` asks anything.
pub fn delete_ready(op: &Op) -> Result<Vec<String>> {
    require_own_source(op)?;
    configured(op)
}

/// `utils ntp server delete`, the servers chosen: the last one left is never deleted.
pub fn delete(op: &Op, chosen: &[String], restart: bool) -> Result<NtpChange> {
    require_own_source(op)?;
    let node = op.node();
    let mut results = Vec::new();
    let mut changed = false;
    node.update_platform(|p| {
        let mut list = p.ntp.configured().to_vec();
        for s in chosen {
            let Some(i) = list.iter().position(|x| x == s) else { continue };
            if list.len() == 1 {
                results.push(ServerResult { server: s.clone(), outcome: ServerOutcome::LastOneKept });
                continue;
            }
            list.remove(i);
            changed = true;
            results.push(ServerResult { server: s.clone(), outcome: ServerOutcome::Deleted });
        }
        if changed {
            apply(p, list, restart, node.now());
        }
        Ok(())
    })?;
    if changed {
        op.record(Event::audit(
            "NTPServerDeleted",
            format!("NTP servers deleted by {}: {}", op.session().account, chosen.join(" ")),
        ));
    }
    Ok(NtpChange {
        results,
        limit_reached: false,
        restarted: changed && restart,
        pending: changed && !restart,
    })
}

/// `utils ntp server list` and `utils ntp config`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NtpConfig {
    /// The servers NTP runs with.
    pub running: Vec<String>,
    /// A changed list waiting for a restart.
    pub pending: Option<Vec<String>>,
    /// The node's NTP source is its publisher (a subscriber).
    pub follows: Option<String>,
}

pub fn config(op: &Op) -> Result<NtpConfig> {
    let ntp = op.node().platform()?.ntp;
    let follows = require_own_source(op).err().and_then(|_| ntp.servers.first().cloned());
    Ok(NtpConfig { running: ntp.servers.clone(), pending: ntp.pending.clone(), follows })
}

/// `utils ntp restart`: NTP starts again with the configured list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NtpRestart {
    pub servers: Vec<String>,
    /// A pending list came into force.
    pub applied: bool,
}

pub fn restart(op: &Op) -> Result<NtpRestart> {
    let node = op.node();
    let (servers, applied) = node.update_platform(|p| {
        let applied = p.ntp.pending.is_some();
        let list = p.ntp.configured().to_vec();
        apply(p, list.clone(), true, node.now());
        Ok((list, applied))
    })?;
    op.record(Event::audit("NTPRestarted", format!("NTP restarted by {}", op.session().account)));
    Ok(NtpRestart { servers, applied })
}

/// At a node restart a pending list comes into force.
pub fn apply_at_restart(node: &NodeHandle) -> Result<Vec<String>> {
    node.update_platform(|p| {
        let Some(list) = p.ntp.pending.take() else { return Ok(Vec::new()) };
        p.ntp.servers = list;
        p.ntp.restarted_at = Some(node.now());
        Ok(vec!["NTP servers".to_string()])
    })
}

#[cfg(test)]
mod tests {
    use super::valid_host;

    #[test]
    fn host_names_and_addresses() {
        for ok in ["clock1.cisco.com", "10.1.2.3", "ntp-1"] {
            assert!(valid_host(ok), "{ok}");
        }
        for bad in ["999.1.1.1", "-x.com", "a..b", "a b", "", "x_y"] {
            assert!(!valid_host(bad), "{bad}");
        }
    }
}
