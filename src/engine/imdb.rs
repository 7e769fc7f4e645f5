//! `utils imdb_replication status`: the In Memory Database (IMDB) replication between the
//! two nodes of each presence redundancy group of an IM and Presence cluster.
//!
//! Each IM and Presence node keeps its IMDB datastores in `imdb.sqlite` (one table of rows
//! per DSN: ttsoft for Cisco Presence Datastore, ttlogin for Cisco Login Datastore, ttreg
//! for Cisco SIP Registration Datastore). A write on one node is queued (`pending`) and
//! replicated to its peer when the link works: both nodes up, the datastore's service
//! running on both, and neither node's link for that DSN broken (`ucsh cluster fault
//! imdb-break`, cleared when the datastore's service starts again, by a service restart or
//! a node restart).
//!
//! The command does what the platform's utility does: for every DSN and both directions
//! it writes a probe row into one node's datastore, lets replication run, reads the row
//! back from the other node's datastore and removes the probes. Passed means the row
//! arrived; otherwise the reason the link did not carry it.

use std::path::PathBuf;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::db::sql_err;
use super::deployment::Product;
use super::error::{EngineError, Result};
use super::node::NodeHandle;
use super::op::Op;
use super::services;

/// One IMDB DSN: its name, the datastore service that holds it and its SQL port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dsn {
    pub name: &'static str,
    pub service: &'static str,
    pub port: u16,
}

/// The DSNs the utility checks, in its order (ports: the guide's table 78).
pub const DSNS: [Dsn; 3] = [
    Dsn { name: "ttsoft", service: "Cisco Presence Datastore", port: 6603 },
    Dsn { name: "ttlogin", service: "Cisco Login Datastore", port: 6604 },
    Dsn { name: "ttreg", service: "Cisco SIP Registration Datastore", port: 6605 },
];

pub fn dsn(name: &str) -> Option<Dsn> {
    DSNS.into_iter().find(|d| d.name == name)
}

/// Why a probe did not arrive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "why")]
pub enum Broken {
    /// The node is down.
    NodeDown { node: String },
    /// The DSN's datastore service is not running on the node.
    ServiceStopped { node: String, service: String },
    /// The node's replication link for the DSN is broken.
    LinkBroken { node: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "result")]
pub enum ImdbResult {
    Passed,
    Failed(Broken),
}

/// One probe: written on `from`, read on `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImdbCheck {
    pub dsn: String,
    pub port: u16,
    pub from: String,
    pub to: String,
    pub result: ImdbResult,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImdbNode {
    pub name: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImdbGroup {
    pub group: String,
    pub nodes: Vec<ImdbNode>,
    /// Empty for a group of one node (nothing to replicate).
    pub checks: Vec<ImdbCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImdbStatus {
    pub groups: Vec<ImdbGroup>,
    /// Every probe arrived.
    pub healthy: bool,
}

fn path(node: &NodeHandle) -> PathBuf {
    node.dir().join("imdb.sqlite")
}

/// The node's IMDB, created on first use.
fn open(node: &NodeHandle) -> Result<Connection> {
    let conn = Connection::open(path(node)).map_err(sql_err)?;
    conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sql_err)?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS imdb_row (dsn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, \
         pending INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (dsn, key)); \
         CREATE TABLE IF NOT EXISTS imdb_link (dsn TEXT PRIMARY KEY, broken INTEGER NOT NULL);",
    )
    .map_err(sql_err)?;
    Ok(conn)
}

fn link_broken(node: &NodeHandle, dsn: &str) -> Result<bool> {
    let conn = open(node)?;
    let broken: Option<i64> = conn
        .query_row("SELECT broken FROM imdb_link WHERE dsn = ?1", params![dsn], |r| r.get(0))
        .optional()
        .map_err(sql_err)?;
    Ok(broken.unwrap_or(0) != 0)
}

/// Whether the node can take part in the DSN's replication, and why not.
fn reachable(node: &NodeHandle, d: Dsn) -> Result<Option<Broken>> {
    let name = node.name().to_string();
    if !node.is_up()? {
        return Ok(Some(Broken::NodeDown { node: name }));
    }
    if !services::load(node)?.is_running(d.service) {
        return Ok(Some(Broken::ServiceStopped { node: name, service: d.service.to_string() }));
    }
    Ok(None)
}

fn link(from: &NodeHandle, to: &NodeHandle, d: Dsn) -> Result<Option<Broken>> {
    for n in [from, to] {
        if let Some(b) = reachable(n, d)? {
            return Ok(Some(b));
        }
    }
    for n in [from, to] {
        if link_broken(n, d.name)? {
            return Ok(Some(Broken::LinkBroken { node: n.name().to_string() }));
        }
    }
    Ok(None)
}

/// Carries `from`'s pending rows of the DSN to `to` when the link works. Returns the rows
/// carried.
fn replicate(from: &NodeHandle, to: &NodeHandle, d: Dsn) -> Result<usize> {
    if link(from, to, d)?.is_some() {
        return Ok(0);
    }
    let mut src = open(from)?;
    let mut dst = open(to)?;
    let tx = src.transaction().map_err(sql_err)?;
    let rows: Vec<(String, String)> = {
        let mut st =
            tx.prepare("SELECT key, value FROM imdb_row WHERE dsn = ?1 AND pending = 1").map_err(sql_err)?;
        let it = st.query_map(params![d.name], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql_err)?;
        it.collect::<std::result::Result<_, _>>().map_err(sql_err)?
    };
    let dtx = dst.transaction().map_err(sql_err)?;
    for (k, v) in &rows {
        dtx.execute(
            "INSERT OR REPLACE INTO imdb_row (dsn, key, value, pending) VALUES (?1, ?2, ?3, 0)",
            params![d.name, k, v],
        )
        .map_err(sql_err)?;
    }
    dtx.commit().map_err(sql_err)?;
    tx.execute("UPDATE imdb_row SET pending = 0 WHERE dsn = ?1 AND pending = 1", params![d.name])
        .map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    Ok(rows.len())
}

fn probe(op: &Op, from: &NodeHandle, to: &NodeHandle, d: Dsn) -> Result<ImdbResult> {
    let key = format!("probe:{}:{}:{}", from.name(), to.name(), op.now().timestamp_nanos_opt().unwrap_or(0));
    // The utility writes into the datastore of the node it can reach.
    if let Some(b) = reachable(from, d)? {
        return Ok(ImdbResult::Failed(b));
    }
    open(from)?
        .execute(
            "INSERT OR REPLACE INTO imdb_row (dsn, key, value, pending) VALUES (?1, ?2, ?3, 1)",
            params![d.name, key, format!("written on {} for {}", from.name(), to.name())],
        )
        .map_err(sql_err)?;
    replicate(from, to, d)?;
    let arrived = match reachable(to, d)? {
        Some(_) => false,
        None => open(to)?
            .query_row("SELECT 1 FROM imdb_row WHERE dsn = ?1 AND key = ?2", params![d.name, key], |_| Ok(()))
            .optional()
            .map_err(sql_err)?
            .is_some(),
    };
    // The probes are removed wherever they are (a copy on a node that is down stays there
    // until the next probe's clean-up reaches it: probes never replicate twice).
    for n in [from, to] {
        if n.is_up()? {
            open(n)?
                .execute("DELETE FROM imdb_row WHERE dsn = ?1 AND key LIKE 'probe:%'", params![d.name])
                .map_err(sql_err)?;
        }
    }
    if arrived {
        return Ok(ImdbResult::Passed);
    }
    let why = link(from, to, d)?.unwrap_or(Broken::LinkBroken { node: to.name().to_string() });
    Ok(ImdbResult::Failed(why))
}

/// `utils imdb_replication status`.
pub fn status(op: &Op) -> Result<ImdbStatus> {
    let (lab, node) = (op.lab(), op.node());
    if node.product() != Product::Imp {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    let cluster = lab.cluster_of(node)?;
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for n in cluster.nodes_of(Product::Imp) {
        let g = n.presence_group.clone().unwrap_or_else(|| n.name.clone());
        match groups.iter_mut().find(|(x, _)| *x == g) {
            Some((_, v)) => v.push(n.name.clone()),
            None => groups.push((g, vec![n.name.clone()])),
        }
    }
    let mut out = Vec::new();
    for (group, names) in groups {
        op.cancel().check()?;
        let handles: Vec<NodeHandle> = names.iter().map(|n| lab.node(n)).collect::<Result<_>>()?;
        let nodes = handles
            .iter()
            .map(|h| ImdbNode { name: h.name().to_string(), address: h.spec.ipv4.to_string() })
            .collect();
        let mut checks = Vec::new();
        if let [a, b] = handles.as_slice() {
            for d in DSNS {
                for (from, to) in [(a, b), (b, a)] {
                    checks.push(ImdbCheck {
                        dsn: d.name.to_string(),
                        port: d.port,
                        from: from.name().to_string(),
                        to: to.name().to_string(),
                        result: probe(op, from, to, d)?,
                    });
                }
            }
        }
        out.push(ImdbGroup { group, nodes, checks });
    }
    let healthy = out.iter().flat_map(|g| &g.checks).all(|c| c.result == ImdbResult::Passed);
    Ok(ImdbStatus { groups: out, healthy })
}

/// Breaks the node's IMDB replication links (fault injection) until the datastores'
/// services start again. Returns the DSNs broken.
pub fn fault_break(node: &NodeHandle) -> Result<Vec<&'static str>> {
    if node.product() != Product::Imp {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    let mut conn = open(node)?;
    let tx = conn.transaction().map_err(sql_err)?;
    for d in DSNS {
        tx.execute("INSERT OR REPLACE INTO imdb_link (dsn, broken) VALUES (?1, 1)", params![d.name])
            .map_err(sql_err)?;
    }
    tx.commit().map_err(sql_err)?;
    Ok(DSNS.iter().map(|d| d.name).collect())
}

/// A datastore's service started on `node`: its replication link is set up again.
pub(crate) fn service_started(node: &NodeHandle, service: &str) -> Result<()> {
    if node.product() != Product::Imp {
        return Ok(());
    }
    let Some(d) = DSNS.into_iter().find(|d| d.service == service) else { return Ok(()) };
    if !path(node).is_file() {
        return Ok(());
    }
    open(node)?.execute("DELETE FROM imdb_link WHERE dsn = ?1", params![d.name]).map_err(sql_err)?;
    Ok(())
}
