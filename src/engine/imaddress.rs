//! The IM address scheme of an IM and Presence cluster (the guide's "IM address
//! configuration"): every user's IM address is either `userid@<default domain>` or the
//! user's directory URI. Changing it is the lab's stand-in for the platform's Advanced
//! Configuration page (`ucsh cluster im-address-scheme`).
//!
//! The guide's procedure is kept: the change stops, on every IM and Presence node of the
//! cluster, Cisco Sync Agent and Cisco Client Profile Agent, then Cisco Presence Engine and
//! Cisco SIP Proxy, then Cisco XCP Router (and with it the XCP services); it rewrites
//! `enduser.imaddress` in the IM and Presence publisher's replica (replicated to the
//! others); and until the services are back, Cisco Client Profile Agent and Cisco Sync
//! Agent start only once Cisco Presence Engine runs on every node of the cluster (the
//! per-node order, XCP Router before SIP Proxy and Presence Engine before those two, is
//! the services' own start order). High Availability must be disabled first, as the guide
//! says: stopping the critical services would otherwise fail the nodes over.
//!
//! Stored in `imaddress/imaddress.toml` under the cluster's IM and Presence publisher (read-modify-
//! write under its folder's lock).

use std::path::PathBuf;

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::db::{self, repl, sql_err};
use super::deployment::Product;
use super::error::{EngineError, Result};
use super::events::Event;
use super::lab::Lab;
use super::node::NodeHandle;
use super::op::Op;
use super::services;
use super::store;

/// The services the change stops, in the guide's order (the router stops the XCP services).
pub const STOP_ORDER: [&str; 5] = [
    "Cisco Sync Agent",
    "Cisco Client Profile Agent",
    "Cisco Presence Engine",
    "Cisco SIP Proxy",
    "Cisco XCP Router",
];
/// The services that wait for Cisco Presence Engine on every node after a change.
pub const LAST: [&str; 2] = ["Cisco Client Profile Agent", "Cisco Sync Agent"];
const ENGINE: &str = "Cisco Presence Engine";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// `UserID@[Default_Domain]`, the default.
    #[default]
    Userid,
    /// The user's directory URI.
    DirectoryUri,
}

impl Scheme {
    pub fn parse(word: &str) -> Option<Scheme> {
        match word.to_ascii_lowercase().as_str() {
            "userid" => Some(Scheme::Userid),
            "directory-uri" => Some(Scheme::DirectoryUri),
            _ => None,
        }
    }

    /// The name the platform's configuration page gives it.
    pub fn describe(self) -> &'static str {
        match self {
            Scheme::Userid => "UserID@[Default_Domain]",
            Scheme::DirectoryUri => "Directory URI",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct SchemeFile {
    #[serde(default)]
    scheme: Scheme,
    /// A change whose services have not all been started again.
    #[serde(default)]
    restart_pending: bool,
}

/// The services one node stopped for the change, in the order they stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeStopped {
    pub node: String,
    pub services: Vec<String>,
}

/// `ucsh cluster im-address-scheme`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemeChange {
    pub cluster: String,
    pub scheme: Scheme,
    pub previous: Scheme,
    pub stopped: Vec<NodeStopped>,
    pub users_updated: usize,
}

fn file_of(lab: &Lab, node: &NodeHandle) -> Result<(PathBuf, PathBuf)> {
    let publisher = repl::publisher_of(lab, node)?;
    // Its own folder: the lock around a change must not be the node's, which the services'
    // changes inside it take.
    let dir = publisher.dir().join("imaddress");
    std::fs::create_dir_all(&dir).map_err(|e| EngineError::io(dir.display().to_string(), e))?;
    let path = dir.join("imaddress.toml");
    Ok((dir, path))
}

fn imp_nodes(lab: &Lab, node: &NodeHandle) -> Result<Vec<NodeHandle>> {
    lab.cluster_of(node)?.nodes_of(Product::Imp).map(|n| lab.node(&n.name)).collect()
}

/// The cluster's IM address scheme.
pub fn scheme(lab: &Lab, node: &NodeHandle) -> Result<Scheme> {
    let (_, path) = file_of(lab, node)?;
    Ok(store::read_toml::<SchemeFile>(&path)?.scheme)
}

/// Changes the IM address scheme of `op.node()`'s IM and Presence cluster.
pub fn set_scheme(op: &Op, scheme: Scheme) -> Result<SchemeChange> {
    let (lab, node) = (op.lab(), op.node());
    if node.product() != Product::Imp {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    let cluster = lab.cluster_of(node)?.name.clone();
    let nodes = imp_nodes(lab, node)?;
    for n in &nodes {
        if !n.is_up()? {
            return Err(EngineError::NodeDown { node: n.name().to_string() });
        }
    }
    if let Some(group) = super::ha::enabled_groups(op)?.into_iter().next() {
        return Err(EngineError::ImAddressHaEnabled { group });
    }
    let publisher = repl::publisher_of(lab, node)?;
    db::dbreplication::ensure_db_running(&publisher)?;
    let (dir, path) = file_of(lab, node)?;
    let by = op.session().account.clone();
    store::update_toml(&dir, &path, |file: &mut SchemeFile| {
        if file.scheme == scheme {
            return Err(EngineError::ImAddressSame { scheme: scheme.describe() });
        }
        let previous = file.scheme;
        // Saved first: a change killed part way still asks for the ordered start.
        file.restart_pending = true;
        store::write_toml(&path, file)?;
        let mut stopped = Vec::new();
        for n in &nodes {
            let mut services = Vec::new();
            for name in STOP_ORDER {
                if services::find(n.role(), name).is_some() {
                    services.extend(services::stop_named(n, name, &by)?);
                }
            }
            stopped.push(NodeStopped { node: n.name().to_string(), services });
        }
        let users_updated = rewrite_addresses(lab, &publisher, scheme)?;
        file.scheme = scheme;
        Ok(SchemeChange { cluster: cluster.clone(), scheme, previous, stopped, users_updated })
    })
    .inspect(|change| {
        op.record(Event::audit(
            "IMAddressSchemeChanged",
            format!("IM address scheme of {} set to {} by {by}", change.cluster, change.scheme.describe()),
        ));
    })
}

/// Rewrites `enduser.imaddress` of the IM and Presence users in the publisher's replica,
/// then replicates. Returns the rows changed.
fn rewrite_addresses(lab: &Lab, publisher: &NodeHandle, scheme: Scheme) -> Result<usize> {
    let domain = publisher.spec.domain.clone();
    let mut conn = db::open(publisher)?;
    let tx = conn.transaction().map_err(sql_err)?;
    let changed = match scheme {
        Scheme::Userid => tx
            .execute(
                "UPDATE enduser SET imaddress = userid || '@' || ?1 WHERE primarynodeid IS NOT NULL \
                 AND imaddress IS NOT userid || '@' || ?1",
                params![domain],
            )
            .map_err(sql_err)?,
        Scheme::DirectoryUri => tx
            .execute(
                "UPDATE enduser SET imaddress = directoryuri WHERE primarynodeid IS NOT NULL \
                 AND imaddress IS NOT directoryuri",
                [],
            )
            .map_err(sql_err)?,
    };
    tx.commit().map_err(sql_err)?;
    repl::replicate(lab, &publisher.cluster)?;
    Ok(changed)
}

/// Refuses to start Cisco Client Profile Agent or Cisco Sync Agent after a scheme change
/// while Cisco Presence Engine is not running on every IM and Presence node.
pub fn check_start(lab: &Lab, node: &NodeHandle, service: &str) -> Result<()> {
    if node.product() != Product::Imp || !LAST.contains(&service) {
        return Ok(());
    }
    let (_, path) = file_of(lab, node)?;
    if !store::read_toml::<SchemeFile>(&path)?.restart_pending {
        return Ok(());
    }
    let mut waiting = Vec::new();
    for n in imp_nodes(lab, node)? {
        if !n.is_up()? || !services::load(&n)?.is_running(ENGINE) {
            waiting.push(n.name().to_string());
        }
    }
    if waiting.is_empty() {
        return Ok(());
    }
    Err(EngineError::ImAddressStartOrder { service: service.to_string(), waiting })
}

/// Clears the pending ordered start once Cisco Client Profile Agent and Cisco Sync Agent
/// run again wherever they exist. Returns whether it was cleared now.
pub fn note_started(lab: &Lab, node: &NodeHandle) -> Result<bool> {
    if node.product() != Product::Imp {
        return Ok(false);
    }
    let (dir, path) = file_of(lab, node)?;
    if !store::read_toml::<SchemeFile>(&path)?.restart_pending {
        return Ok(false);
    }
    for n in imp_nodes(lab, node)? {
        let states = services::load(&n)?;
        for s in LAST {
            if services::find(n.role(), s).is_some() && !states.is_running(s) {
                return Ok(false);
            }
        }
    }
    store::update_toml(&dir, &path, |file: &mut SchemeFile| {
        let was = file.restart_pending;
        file.restart_pending = false;
        Ok(was)
    })
}
