//! `utils system shutdown` and `utils system switch-version`.
//!
//! Shutdown takes the node down as the lab's `cluster fault node-down` does (the other
//! nodes see it unreachable) after stopping its services; `cluster fault node-up` boots it
//! again. Switch-version swaps the active and inactive versions and, with them, the log
//! partitions (`file list inactivelog` then shows the version that was active), in one
//! write of the node's `node.toml` ([`NodeOverrides`]), then restarts the node on the
//! version it switched to.

use serde::Serialize;

use crate::engine::error::{EngineError, Result};
use crate::engine::events::Event;
use crate::engine::node::NodeOverrides;
use crate::engine::op::Op;
use crate::engine::platform;
use crate::engine::services;
use crate::engine::store;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shutdown {
    pub node: String,
    /// The services stopped, in the order they stopped.
    pub stopped: Vec<String>,
}

/// `utils system shutdown`: the node goes down, then its services stop.
pub fn shutdown(op: &Op) -> Result<Shutdown> {
    let (node, session) = (op.node(), op.session());
    op.record(Event::audit("SystemShutdown", format!("System shutdown requested by {}", session.account)));
    // Down first: a shutdown killed half-way leaves a node that is down, which
    // `cluster fault node-up` boots with every activated service started.
    platform::set_up(node, false)?;
    let stopped = services::stop_all(node)?;
    Ok(Shutdown { node: node.name().to_string(), stopped })
}

/// The versions `switch-version` would switch between.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Versions {
    pub active: String,
    pub inactive: String,
}

/// Fails, before the confirmation, on a node with no inactive version.
pub fn switch_versions(op: &Op) -> Result<Versions> {
    let spec = &op.node().spec;
    let inactive = spec.inactive_version.clone().ok_or(EngineError::NoInactiveVersion)?;
    Ok(Versions { active: spec.version.clone(), inactive })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwitchVersion {
    pub node: String,
    pub from: String,
    pub to: String,
    pub restart: platform::Restart,
}

/// `utils system switch-version`.
pub fn switch_version(op: &Op) -> Result<SwitchVersion> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    let Versions { active, inactive } = switch_versions(op)?;
    op.record(Event::audit(
        "SwitchVersion",
        format!("Switch version from {active} to {inactive} requested by {}", session.account),
    ));
    // The commit point: one write swaps the versions and the log partitions.
    store::update_toml(node.dir(), &node.overrides_path(), |o: &mut NodeOverrides| {
        o.version = Some(inactive.clone());
        o.inactive_version = Some(active.clone());
        o.logs_swapped = !o.logs_swapped;
        Ok(())
    })?;
    // The node boots on the other version: a handle that sees it.
    let switched = lab.node(node.name())?;
    let restart = platform::reboot(&switched)?;
    Ok(SwitchVersion { node: node.name().to_string(), from: active, to: inactive, restart })
}
