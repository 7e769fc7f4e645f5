//! What a CM publisher would have answered a remote cluster update at a past time.
//!
//! The platform's remote cluster update is a periodic task: at each due time it asks every
//! remote cluster and finds it as it is then. The lab runs the updates a cluster has missed
//! only when its EM service next handles requests (seed 001 table 4, `remote.rs`), so it
//! needs what each remote cluster would have answered at each of those past times. Every
//! change of what a CM publisher answers (the node down or up, `A Cisco DB` or the
//! Cisco Extension Mobility service stopped, started or crashed) is journaled here with the
//! lab clock's time, in the publisher's folder (`em-availability.toml`), before and after;
//! the state at a past time is the journal's entry in force then, or the current one.
//!
//! Bounds: the journal keeps the last [`MAX_ENTRIES`] changes. A replayed update older than
//! the oldest kept one reads that entry's state before it (the updates replayed are at most
//! `remote::MAX_REPLAYED`, and only the last one decides the rows).
//! Journaling never fails the change it follows: a journal that cannot be written leaves
//! the past as the current state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::service::EM_SERVICE;
use crate::engine::deployment::Role;
use crate::engine::error::Result;
use crate::engine::node::NodeHandle;
use crate::engine::services;
use crate::engine::store;

/// Most changes the journal keeps.
pub const MAX_ENTRIES: usize = 64;

/// What a CM publisher answers a remote cluster update: its version and address, or why
/// it does not answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Answers { version: String, address: String },
    Silent { why: String },
}

/// One change: at `at` (RFC 3339), the answer went from `before` to `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub at: String,
    pub before: Answer,
    pub after: Answer,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    #[serde(default)]
    pub change: Vec<Change>,
}

fn path(node: &NodeHandle) -> std::path::PathBuf {
    node.dir().join("em-availability.toml")
}

/// What the publisher answers now.
pub fn now(node: &NodeHandle) -> Result<Answer> {
    if !node.is_up()? {
        return Ok(Answer::Silent { why: format!("{} does not answer", node.name()) });
    }
    let running = services::load(node)?;
    if !running.is_running("A Cisco DB") {
        return Ok(Answer::Silent { why: format!("the database of {} is not running", node.name()) });
    }
    if !running.is_running(EM_SERVICE) {
        return Ok(Answer::Silent { why: format!("{EM_SERVICE} is not running on {}", node.name()) });
    }
    Ok(Answer::Answers { version: node.spec.version.clone(), address: node.spec.ipv4.to_string() })
}

/// Before a change of a node's state: what a CM publisher answers (`None` for other nodes,
/// whose answers no update asks).
pub fn before(node: &NodeHandle) -> Option<Answer> {
    if node.role() != Role::CmPublisher {
        return None;
    }
    now(node).ok()
}

/// After the change: journals it when the answer changed.
pub fn after(node: &NodeHandle, before: Option<Answer>) {
    let Some(before) = before else { return };
    let Ok(after) = now(node) else { return };
    if before == after {
        return;
    }
    let at = node.now().to_rfc3339();
    let _ = store::update_toml(node.dir(), &path(node), |j: &mut Journal| {
        j.change.push(Change { at, before, after });
        if j.change.len() > MAX_ENTRIES {
            let extra = j.change.len() - MAX_ENTRIES;
            j.change.drain(..extra);
        }
        Ok(())
    });
}

/// A publisher's journal and its answer now, read once for the updates a batch replays.
pub struct History {
    changes: Vec<(DateTime<Utc>, Change)>,
    now: Answer,
}

/// Reads a publisher's history.
pub fn history(node: &NodeHandle) -> Result<History> {
    let journal: Journal = store::read_toml(&path(node))?;
    let changes = journal
        .change
        .into_iter()
        .filter_map(|c| DateTime::parse_from_rfc3339(&c.at).ok().map(|x| (x.with_timezone(&Utc), c)))
        .collect();
    Ok(History { changes, now: now(node)? })
}

impl History {
    /// What the publisher answered at `t`: the state after the last change at or before
    /// `t`, else the state before the first change after it, else (no change journaled)
    /// now's. A change at `t` itself came first.
    pub fn at(&self, t: DateTime<Utc>) -> &Answer {
        if let Some((_, c)) = self.changes.iter().rev().find(|(x, _)| *x <= t) {
            return &c.after;
        }
        if let Some((_, c)) = self.changes.iter().find(|(x, _)| *x > t) {
            return &c.before;
        }
        &self.now
    }
}
