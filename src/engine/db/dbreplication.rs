//! `utils dbreplication ...`: what each subcommand does to the replicas, and the facts the
//! renderer prints.
//!
//! The replication state number of a node (0-4) is derived every time from what is true
//! now (`state_of`): the link's definition and state on the publisher, the target's
//! replicate definitions, whether the node and its database run, the queue, and a
//! row-by-row comparison with the publisher. The lab's choices where the platform's
//! wording is not public (detail strings of states 0 and 4, outputs of stop,
//! clusterreset, dropadmindb, forcedatasyncsub and setrepltimeout, the report's body) are
//! documented in the command catalog.

use std::fs;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::events::{self, Event};
use crate::engine::lab::Lab;
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::session::Session;
use crate::engine::store;

use super::compare::{self, RepairCount, ReplicaDiff};
use super::repl::{self, LinkStatus, ACTIVE, SUSPENDED};
use super::schema;
use super::{open, sql_err};
use crate::engine::op::Op;

/// Where the replication reports go, relative to `activelog`.
pub const SDI_DIR: &str = "cm/trace/dbl/sdi";
pub const DBL_DIR: &str = "cm/trace/dbl";

/// `setrepltimeout` bounds and default, seconds.
pub const REPLTIMEOUT_MIN: u32 = 300;
pub const REPLTIMEOUT_MAX: u32 = 3600;

pub(super) fn local(node: &NodeHandle, at: DateTime<Utc>) -> DateTime<Tz> {
    let tz: Tz = node.spec.timezone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&tz)
}

/// `ccm12_5_1_16900_48` for 12.5.1.16900-48 (IM and Presence: `cup...`).
pub fn db_version(node: &NodeHandle) -> String {
    let prefix = match node.product() {
        crate::engine::deployment::Product::Cm => "ccm",
        crate::engine::deployment::Product::Imp => "cup",
    };
    format!("{prefix}{}", node.spec.version.replace(['.', '-'], "_"))
}

/// The last replication command run on a node, as runtimestate reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LastCommand {
    /// The initial broadcast sync (`cluster init`, `reset`, `clusterreset`).
    Broadcast { ended_at: String, tables: usize, log: String },
    /// `status`: tables checked, the last table, tables with mismatches, the report.
    Status {
        started_at: String,
        checked: usize,
        total: usize,
        last_table: String,
        mismatched_tables: usize,
        report: String,
    },
    /// `repair`: tables processed, rows fixed, the report.
    Repair { started_at: String, processed: usize, total: usize, rows_fixed: usize, report: String },
}

pub(super) fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.query_row("SELECT value FROM cdr_meta WHERE key = ?1", params![key], |r| r.get(0))
        .optional()
        .map_err(sql_err)
}

pub(super) fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO cdr_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map_err(sql_err)?;
    Ok(())
}

pub(super) fn record(node: &NodeHandle, last: &LastCommand) -> Result<()> {
    let json = serde_json::to_string(last).map_err(|e| EngineError::Sql(e.to_string()))?;
    meta_set(&open(node)?, "last_command", &json)
}

/// Writes a file under the node's activelog (atomically) and returns its activelog path.
pub(super) fn write_log(node: &NodeHandle, rel: &str, text: &str) -> Result<String> {
    let path: PathBuf = node.partition(Partition::Activelog).join(rel);
    store::atomic_write(&path, text.as_bytes())?;
    Ok(rel.to_string())
}

/// The broadcast sync log of `cluster init` (and of a reset), and its record.
pub(crate) fn write_broadcast_log(node: &NodeHandle, tables: usize) -> Result<()> {
    let now = local(node, node.now());
    let rel = format!("{DBL_DIR}/{}_dbl_repl_output_Broadcast.log", now.format("%Y%m%d_%H%M%S"));
    let text = format!(
        "{} Broadcast sync started on {}\n{} SYNC COMPLETED on {tables} tables out of {tables}\n{} All Tables are in sync\n",
        now.format("%Y-%m-%d %H:%M:%S"),
        node.name(),
        now.format("%Y-%m-%d %H:%M:%S"),
        now.format("%Y-%m-%d %H:%M:%S"),
    );
    write_log(node, &rel, &text)?;
    record(
        node,
        &LastCommand::Broadcast { ended_at: now.format("%Y-%m-%d-%H-%M").to_string(), tables, log: rel },
    )
}

/// One row of the "Cluster Detailed View".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeRow {
    pub name: String,
    pub ip: String,
    /// Round trip from the viewing node, ms; none when the node does not answer.
    pub ping_ms: Option<f64>,
    pub db: bool,
    pub rpc: bool,
    pub dbmon: bool,
    pub queue: i64,
    pub group_id: i64,
    /// The platform's replication state (a number, 0-4, in text and JSON).
    pub state: ReplState,
    pub detail: String,
    /// Rows that differ from the publisher (none when not compared).
    pub rows_differing: Option<usize>,
}

/// A node's replication state, as the platform numbers it (0-4); shown and serialised as
/// its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplState {
    /// 0: replication has not started (or was stopped).
    NotStarted,
    /// 1: replicates were created, but their count is incorrect.
    CountIncorrect,
    /// 2: replication is good.
    Good,
    /// 3: replication is bad in the cluster (out of sync, or the node's database is down).
    Bad,
    /// 4: replication setup did not succeed (no link definition).
    SetupFailed,
    /// `(-)`: the node did not report a state. The lab always knows its nodes' states; a real
    /// node's text may show this for a node that does not answer.
    Unknown,
}

impl ReplState {
    /// The platform's number; none for a state not reported (`(-)`).
    pub fn number(self) -> Option<u8> {
        match self {
            ReplState::NotStarted => Some(0),
            ReplState::CountIncorrect => Some(1),
            ReplState::Good => Some(2),
            ReplState::Bad => Some(3),
            ReplState::SetupFailed => Some(4),
            ReplState::Unknown => None,
        }
    }

    /// The meaning of the state, as the platform documents it.
    pub fn meaning(self) -> &'static str {
        match self {
            ReplState::NotStarted => "Replication Not Started",
            ReplState::CountIncorrect => "Replicates were created, but their count is incorrect",
            ReplState::Good => "Replication is good",
            ReplState::Bad => "Replication is bad in the cluster",
            ReplState::SetupFailed => "Replication setup did not succeed",
            ReplState::Unknown => "The node did not report its replication state",
        }
    }
}

impl std::fmt::Display for ReplState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.number() {
            Some(n) => std::fmt::Display::fmt(&n, f),
            None => f.pad("-"),
        }
    }
}

impl Serialize for ReplState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.number() {
            Some(n) => s.serialize_u8(n),
            None => s.serialize_none(),
        }
    }
}

/// The state of a subscriber, from its link and its data.
pub fn state_of(ls: &LinkStatus, rows_differing: Option<usize>) -> (ReplState, &'static str) {
    match ls.link_state.as_deref() {
        None | Some(repl::DROPPED) => return (ReplState::SetupFailed, "Setup Failed"),
        _ if !ls.replicates => return (ReplState::SetupFailed, "Setup Failed"),
        Some(SUSPENDED) => return (ReplState::NotStarted, "Replication Stopped"),
        _ => {}
    }
    if !ls.up || !ls.db_running {
        return (ReplState::Bad, "DB Active-Failed");
    }
    if ls.queue > 0 || rows_differing.unwrap_or(0) > 0 {
        return (ReplState::Bad, "Out Of Sync");
    }
    (ReplState::Good, "Setup Completed")
}

/// Simulated round trip between two lab nodes: a few hundred microseconds between hosts,
/// tens within one.
fn ping(from: &NodeHandle, to: &NodeHandle) -> f64 {
    crate::engine::network::rtt_ms(from.spec.ipv4, to.spec.ipv4)
}

/// `utils dbreplication runtimestate [node]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuntimeState {
    pub server_time: String,
    pub last_command: Option<LastCommand>,
    pub db_version: String,
    pub repltimeout: u32,
    pub process: u32,
    /// The node whose view this is (its FQDN, as the platform shows it). The lab always
    /// shows the view; a real node's text captured while a status check runs may end
    /// before it (none, and no nodes).
    pub view_from: Option<String>,
    pub nodes: Vec<NodeRow>,
}

/// Fails the way the platform does when the node's own database is stopped.
pub fn ensure_db_running(node: &NodeHandle) -> Result<()> {
    if crate::engine::services::load(node)?.is_running("A Cisco DB") {
        Ok(())
    } else {
        Err(EngineError::DbNotRunning)
    }
}

pub(super) fn db_up(node: &NodeHandle) -> Result<bool> {
    Ok(node.is_up()? && crate::engine::services::load(node)?.is_running("A Cisco DB"))
}

/// Brings the cluster's replicas up to date, then reads every node's state.
fn cluster_rows(lab: &Lab, viewer: &NodeHandle, compare_data: bool) -> Result<Vec<NodeRow>> {
    repl::replicate(lab, &viewer.cluster)?;
    let publisher = repl::publisher_of(lab, viewer)?;
    let set = repl::replica_set(lab, viewer)?;
    let pconn = open(&publisher)?;
    let ids = repl::node_ids(&pconn)?;
    let subs: Vec<NodeHandle> = set.iter().filter(|n| !n.role().is_db_publisher()).cloned().collect();
    let statuses: Vec<LinkStatus> =
        subs.iter().map(|s| repl::link_status(lab, &publisher, s)).collect::<Result<Vec<_>>>()?;
    let diffs: Vec<Option<usize>> = if compare_data && db_up(&publisher)? {
        let comparable: Vec<NodeHandle> = subs
            .iter()
            .zip(&statuses)
            .filter(|(_, st)| st.up && st.db_running)
            .map(|(s, _)| s.clone())
            .collect();
        let found = compare::compare(&publisher, &comparable)?;
        subs.iter().map(|s| found.iter().find(|d| d.node == s.name()).map(ReplicaDiff::rows)).collect()
    } else {
        vec![None; subs.len()]
    };
    let pub_defined: i64 =
        pconn.query_row("SELECT count(*) FROM cdr_server", [], |r| r.get(0)).map_err(sql_err)?;
    let mut rows = Vec::new();
    let mut sub_states = Vec::new();
    for ((s, st), d) in subs.iter().zip(&statuses).zip(&diffs) {
        let (state, detail) = state_of(st, *d);
        sub_states.push(state);
        rows.push(row(viewer, s, st.up, st.db_running, st.dbmon_running, st.queue, &ids, state, detail, *d)?);
    }
    let pup = publisher.is_up()?;
    let psvc = crate::engine::services::load(&publisher)?;
    let (pstate, pdetail) = if subs.is_empty() {
        (ReplState::NotStarted, "Replication Not Started")
    } else if pub_defined == 0 {
        (ReplState::SetupFailed, "Setup Failed")
    } else if sub_states.iter().all(|s| *s == ReplState::Good) {
        (ReplState::Good, "Setup Completed")
    } else {
        (ReplState::Bad, "Out Of Sync")
    };
    let prow = row(
        viewer,
        &publisher,
        pup,
        pup && psvc.is_running("A Cisco DB"),
        pup && psvc.is_running("Cisco Database Layer Monitor"),
        0,
        &ids,
        pstate,
        pdetail,
        None,
    )?;
    rows.insert(0, prow);
    Ok(rows)
}

#[allow(clippy::too_many_arguments)]
fn row(
    viewer: &NodeHandle,
    n: &NodeHandle,
    up: bool,
    db: bool,
    dbmon: bool,
    queue: i64,
    ids: &std::collections::BTreeMap<String, i64>,
    state: ReplState,
    detail: &str,
    rows_differing: Option<usize>,
) -> Result<NodeRow> {
    Ok(NodeRow {
        name: n.spec.hostname.clone(),
        ip: n.spec.ipv4.to_string(),
        ping_ms: up.then(|| ping(viewer, n)),
        db,
        rpc: up,
        dbmon,
        queue,
        group_id: ids.get(&super::sample::processnode_pkid(&n.cluster, n.name())).copied().unwrap_or(0),
        state,
        detail: detail.to_string(),
        rows_differing,
    })
}

/// Records a replication change in the node's audit log.
pub(super) fn audit(node: &NodeHandle, session: &Session, what: &str) {
    events::emit(node, &Event::audit("DBReplicationChange", format!("{what} UserID:{}", session.account)));
}

/// Refuses a command where the platform refuses it: off the publisher.
pub fn require_publisher(lab: &Lab, node: &NodeHandle, command: &str) -> Result<NodeHandle> {
    let publisher = repl::publisher_of(lab, node)?;
    if publisher.name() != node.name() {
        return Err(EngineError::PublisherOnly {
            command: command.to_string(),
            publisher: publisher.name().to_string(),
        });
    }
    Ok(publisher)
}

pub(super) fn require_replicas(lab: &Lab, node: &NodeHandle) -> Result<()> {
    if repl::replica_set(lab, node)?.len() < 2 {
        return Err(EngineError::SingleActiveNode);
    }
    Ok(())
}

pub fn runtimestate(op: &Op, from: Option<&str>) -> Result<RuntimeState> {
    let (lab, node) = (op.lab(), op.node());
    ensure_db_running(node)?;
    let viewer = match from {
        Some(name) => {
            let v = lab.node(name)?;
            if v.cluster != node.cluster || v.product() != node.product() {
                return Err(EngineError::NotInCluster {
                    name: name.to_string(),
                    product: node.product().describe(),
                });
            }
            v.ensure_up()?;
            v
        }
        None => node.clone(),
    };
    require_replicas(lab, &viewer)?;
    let nodes = cluster_rows(lab, &viewer, true)?;
    let conn = open(&viewer)?;
    let last = meta_get(&conn, "last_command")?.and_then(|j| serde_json::from_str(&j).ok());
    let publisher = repl::publisher_of(lab, &viewer)?;
    let pconn = open(&publisher)?;
    let num = |k: &str, d: u32| -> Result<u32> {
        Ok(meta_get(&pconn, k)?.and_then(|v| v.parse().ok()).unwrap_or(d))
    };
    Ok(RuntimeState {
        server_time: local(&viewer, viewer.now()).format("%a %b %e %H:%M:%S %Z %Y").to_string(),
        last_command: last,
        db_version: db_version(&viewer),
        repltimeout: num("repltimeout", REPLTIMEOUT_MIN)?,
        process: num("process", 1)?,
        view_from: Some(viewer.spec.fqdn()),
        nodes,
    })
}

/// `utils dbreplication status [all|node]`: the summary and the report's path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusReport {
    /// The report, relative to `activelog`.
    pub report: String,
    pub tables_checked: usize,
    pub nodes: Vec<NodeCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeCheck {
    pub node: String,
    /// Compared (false: the node or its database is not reachable).
    pub checked: bool,
    pub state: ReplState,
    pub detail: String,
    pub queue: i64,
    /// Per table with differences: (table, rows).
    pub tables: Vec<(String, usize)>,
    pub rows_differing: usize,
}

impl StatusReport {
    /// The replicas differ (or one could not be compared).
    pub fn differs(&self) -> bool {
        self.nodes.iter().any(|n| !n.checked || n.rows_differing > 0 || n.state != ReplState::Good)
    }
}

pub(super) fn stamp(node: &NodeHandle) -> String {
    local(node, node.now()).format("%Y_%m_%d_%H_%M_%S").to_string()
}

pub(super) fn debug_line(node: &NodeHandle, text: &str) -> String {
    format!("{} main()  DEBUG:  {text}\n", local(node, node.now()).format("%a %b %e %H:%M:%S %Y"))
}

/// The `cdr list server` summary the reports start with.
fn server_summary(lab: &Lab, viewer: &NodeHandle, rows: &[NodeRow]) -> Result<String> {
    let publisher = repl::publisher_of(lab, viewer)?;
    let pconn = open(&publisher)?;
    let mut out = debug_line(viewer, "-->");
    out.push_str(&debug_line(viewer, "Replication cluster summary:"));
    out.push_str("SERVER                 ID STATE    STATUS     QUEUE  CONNECTION CHANGED\n");
    out.push_str(&"-".repeat(71));
    out.push('\n');
    for r in rows {
        let server = format!("g_{}_{}", r.name.replace('-', "_"), db_version(viewer));
        let local_row = r.name == viewer.spec.hostname;
        let defined: Option<(String, String)> = pconn
            .query_row("SELECT state, changed FROM cdr_server WHERE name = ?1", params![r.name], |x| {
                Ok((x.get(0)?, x.get(1)?))
            })
            .optional()
            .map_err(sql_err)?;
        let (state, changed) = if r.name == publisher.spec.hostname {
            (ACTIVE.to_string(), String::new())
        } else {
            defined.unwrap_or_else(|| (repl::DROPPED.to_string(), String::new()))
        };
        let status = if local_row {
            "Local"
        } else if r.ping_ms.is_none() {
            "Timeout"
        } else if state == repl::DROPPED {
            "Dropped"
        } else if state == SUSPENDED {
            "Disconnect"
        } else {
            "Connected"
        };
        let changed = if local_row { String::new() } else { changed };
        out.push_str(&format!(
            "{server:<20} {:>4} {state:<8} {status:<10} {:>6} {changed:<15}\n",
            r.group_id, r.queue
        ));
    }
    out.push_str(&debug_line(viewer, "<--"));
    Ok(out)
}

pub fn status(op: &Op, which: Option<&str>) -> Result<StatusReport> {
    let (lab, node) = (op.lab(), op.node());
    ensure_db_running(node)?;
    let publisher = require_publisher(lab, node, "status")?;
    require_replicas(lab, node)?;
    let which = which.unwrap_or("all");
    let selected = repl::select_subscribers(lab, &publisher, which)?;
    let rows = cluster_rows(lab, node, false)?;
    let statuses: Vec<LinkStatus> =
        selected.iter().map(|s| repl::link_status(lab, &publisher, s)).collect::<Result<Vec<_>>>()?;
    let reachable: Vec<NodeHandle> = selected
        .iter()
        .zip(&statuses)
        .filter(|(_, st)| st.up && st.db_running)
        .map(|(s, _)| s.clone())
        .collect();
    let diffs = compare::compare(&publisher, &reachable)?;
    let tables: Vec<&str> = schema::tables(publisher.product()).map(|t| t.name).collect();
    let rel = format!("{SDI_DIR}/ReplicationStatus.{}.out", stamp(node));
    let mut text = server_summary(lab, node, &rows)?;
    let mut nodes = Vec::new();
    let mut mismatched_tables = std::collections::BTreeSet::new();
    for (s, st) in selected.iter().zip(&statuses) {
        let d = diffs.iter().find(|d| d.node == s.name());
        let (state, detail) = state_of(st, d.map(ReplicaDiff::rows));
        text.push_str(&format!(
            "\nComparing {} with {} ({} tables)\n",
            s.name(),
            publisher.name(),
            tables.len()
        ));
        let mut per_table = Vec::new();
        match d {
            None => text.push_str(&format!("    {} is not reachable: not compared\n", s.name())),
            Some(d) => {
                for t in &d.tables {
                    if t.count() == 0 {
                        text.push_str(&format!(
                            "    {:<28} {:>9} rows  in sync\n",
                            t.table, t.rows_publisher
                        ));
                        continue;
                    }
                    mismatched_tables.insert(t.table.clone());
                    per_table.push((t.table.clone(), t.count()));
                    text.push_str(&format!(
                        "    {:<28} {:>9} rows  MISMATCH: {} missing, {} extra, {} different\n",
                        t.table,
                        t.rows_publisher,
                        t.missing.len(),
                        t.extra.len(),
                        t.different.len()
                    ));
                    for (what, keys) in
                        [("missing", &t.missing), ("extra", &t.extra), ("different", &t.different)]
                    {
                        for k in keys {
                            text.push_str(&format!(
                                "        {what:<9} {}.{} = {k}\n",
                                t.table,
                                schema::table(&t.table).map_or("pkid", |x| x.key)
                            ));
                        }
                    }
                }
            }
        }
        let rows_differing = d.map(ReplicaDiff::rows).unwrap_or(0);
        nodes.push(NodeCheck {
            node: s.name().to_string(),
            checked: d.is_some(),
            state,
            detail: detail.to_string(),
            queue: st.queue,
            tables: per_table,
            rows_differing,
        });
    }
    text.push('\n');
    if mismatched_tables.is_empty() && nodes.iter().all(|n| n.checked) {
        text.push_str("No Errors or Mismatches found.\n");
    } else {
        for n in &nodes {
            text.push_str(&format!(
                "{}: ({}) {}, {} rows differ\n",
                n.node, n.state, n.detail, n.rows_differing
            ));
        }
    }
    write_log(node, &rel, &text)?;
    let now = local(node, node.now());
    record(
        node,
        &LastCommand::Status {
            started_at: now.format("%Y-%m-%d-%H-%M").to_string(),
            checked: tables.len(),
            total: tables.len(),
            last_table: tables.last().map(|s| s.to_string()).unwrap_or_default(),
            mismatched_tables: mismatched_tables.len(),
            report: rel.clone(),
        },
    )?;
    Ok(StatusReport { report: rel, tables_checked: tables.len(), nodes })
}

/// `utils dbreplication repair all|node`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepairReport {
    pub report: String,
    pub nodes: Vec<NodeRepair>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeRepair {
    pub node: String,
    pub repaired: bool,
    pub tables: Vec<RepairCount>,
    pub rows_fixed: usize,
    pub rows_written: u64,
}

pub fn repair(op: &Op, which: &str) -> Result<RepairReport> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    let publisher = require_publisher(lab, node, "repair")?;
    require_replicas(lab, node)?;
    let selected = repl::select_subscribers(lab, &publisher, which)?;
    repl::replicate(lab, &node.cluster)?;
    let reachable: Vec<NodeHandle> = selected.iter().filter(|s| db_up(s).unwrap_or(false)).cloned().collect();
    let diffs = compare::compare(&publisher, &reachable)?;
    let rel = format!("{SDI_DIR}/ReplicationRepair.{}.out", stamp(node));
    let mut text = debug_line(node, "-->");
    let mut nodes = Vec::new();
    for s in &selected {
        match diffs.iter().find(|d| d.node == s.name()) {
            None => {
                text.push_str(&format!("{} is not reachable: not repaired\n", s.name()));
                nodes.push(NodeRepair {
                    node: s.name().to_string(),
                    repaired: false,
                    tables: vec![],
                    rows_fixed: 0,
                    rows_written: 0,
                });
            }
            Some(d) => {
                let fixed = compare::repair(&publisher, s, d)?;
                let rows_fixed = fixed.iter().map(|f| f.rows_fixed).sum();
                let rows_written = fixed.iter().map(|f| f.rows_written).sum();
                for f in &fixed {
                    text.push_str(&format!(
                        "{}: table {} repaired, {} rows fixed ({} rows written)\n",
                        s.name(),
                        f.table,
                        f.rows_fixed,
                        f.rows_written
                    ));
                }
                text.push_str(&format!("{}: {rows_fixed} rows repaired\n", s.name()));
                nodes.push(NodeRepair {
                    node: s.name().to_string(),
                    repaired: true,
                    tables: fixed,
                    rows_fixed,
                    rows_written,
                });
            }
        }
    }
    text.push_str(&debug_line(node, "<--"));
    write_log(node, &rel, &text)?;
    let total = schema::tables(publisher.product()).count();
    let now = local(node, node.now());
    record(
        node,
        &LastCommand::Repair {
            started_at: now.format("%Y-%m-%d-%H-%M").to_string(),
            processed: total,
            total,
            rows_fixed: nodes.iter().map(|n| n.rows_fixed).sum(),
            report: rel.clone(),
        },
    )?;
    audit(
        node,
        session,
        &format!(
            "utils dbreplication repair {which}: {} rows repaired",
            nodes.iter().map(|n| n.rows_fixed).sum::<usize>()
        ),
    );
    Ok(RepairReport { report: rel, nodes })
}

/// The outcome of an action on one node: `OK [ip]`, or why not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeOutcome {
    pub node: String,
    pub ip: String,
    pub ok: bool,
    pub reason: Option<String>,
    /// Rows rewritten to bring the node in step (reset, forcedatasyncsub).
    pub rows_synced: usize,
}

/// Sets a subscriber up afresh: the definitions on both sides, its data made equal to
/// the publisher's (only differing rows are written), its queue position at the end of
/// the publisher's log, all in one transaction on the subscriber.
pub(super) fn resync(publisher: &NodeHandle, sub: &NodeHandle, full: bool) -> Result<usize> {
    repl::set_link_state(publisher, &[sub.name().to_string()], ACTIVE)?;
    let mut conn = open(sub)?;
    repl::attach_source(&conn, publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let upto: i64 =
        tx.query_row("SELECT coalesce(max(seq), 0) FROM src.cdr_log", [], |r| r.get(0)).map_err(sql_err)?;
    let mut written = 0usize;
    for t in schema::tables(publisher.product()) {
        let (n, k) = (t.name, t.key);
        if full {
            tx.execute(&format!("DELETE FROM main.{n}"), []).map_err(sql_err)?;
            written +=
                tx.execute(&format!("INSERT INTO main.{n} SELECT * FROM src.{n}"), []).map_err(sql_err)?;
        } else {
            let cols = schema::columns(t).join(", ");
            written += tx
                .execute(&format!("DELETE FROM main.{n} WHERE NOT EXISTS (SELECT 1 FROM src.{n} s WHERE s.{k} = main.{n}.{k})"), [])
                .map_err(sql_err)?;
            written += tx
                .execute(
                    &format!(
                        "INSERT OR REPLACE INTO main.{n} SELECT * FROM src.{n} WHERE {k} IN \
                         (SELECT {k} FROM (SELECT {cols} FROM src.{n} EXCEPT SELECT {cols} FROM main.{n}))"
                    ),
                    [],
                )
                .map_err(sql_err)?;
        }
    }
    tx.execute(
        "INSERT INTO cdr_cursor (source, seq) VALUES (?1, ?2) ON CONFLICT (source) DO UPDATE SET seq = excluded.seq",
        params![publisher.name(), upto],
    )
    .map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    Ok(written)
}

pub(super) fn outcome(n: &NodeHandle, result: Result<usize>) -> NodeOutcome {
    match result {
        Ok(rows) => NodeOutcome {
            node: n.name().to_string(),
            ip: n.spec.ipv4.to_string(),
            ok: true,
            reason: None,
            rows_synced: rows,
        },
        Err(e) => NodeOutcome {
            node: n.name().to_string(),
            ip: n.spec.ipv4.to_string(),
            ok: false,
            reason: Some(e.to_string()),
            rows_synced: 0,
        },
    }
}

pub(super) fn reachable_or_err(n: &NodeHandle) -> Result<()> {
    if !db_up(n)? {
        return Err(EngineError::NodeDown { node: n.name().to_string() });
    }
    Ok(())
}

/// `utils dbreplication reset all|node`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResetReport {
    pub nodes: Vec<NodeOutcome>,
}

pub fn reset(op: &Op, which: &str) -> Result<ResetReport> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    let publisher = require_publisher(lab, node, "reset")?;
    let selected = repl::select_subscribers(lab, &publisher, which)?;
    let nodes = selected
        .iter()
        .map(|s| outcome(s, reachable_or_err(s).and_then(|_| resync(&publisher, s, false))))
        .collect();
    repl::replicate(lab, &node.cluster)?;
    write_broadcast_log(node, schema::tables(node.product()).count())?;
    audit(node, session, &format!("utils dbreplication reset {which}"));
    Ok(ResetReport { nodes })
}

/// `utils dbreplication clusterreset`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterReset {
    pub log: String,
    pub nodes: Vec<NodeOutcome>,
}

/// Refuses a cluster reset off the publisher or while replication still runs to a
/// subscriber (the platform wants `stop` run everywhere first).
pub fn clusterreset_ready(lab: &Lab, node: &NodeHandle) -> Result<(NodeHandle, Vec<NodeHandle>)> {
    let publisher = require_publisher(lab, node, "clusterreset")?;
    let subs = repl::select_subscribers(lab, &publisher, "all")?;
    let pconn = open(&publisher)?;
    let mut active = Vec::new();
    for s in &subs {
        if repl::server_state(&pconn, s.name())?.as_deref() == Some(ACTIVE) {
            active.push(s.name().to_string());
        }
    }
    if !active.is_empty() {
        return Err(EngineError::ReplicationRunning { nodes: active });
    }
    Ok((publisher, subs))
}

pub fn clusterreset(op: &Op) -> Result<ClusterReset> {
    // Level 1 (the catalog's) like reset and stop; a read-only account must not reset
    // replication.
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    let (publisher, subs) = clusterreset_ready(lab, node)?;
    let nodes: Vec<NodeOutcome> = subs
        .iter()
        .map(|s| outcome(s, reachable_or_err(s).and_then(|_| resync(&publisher, s, false))))
        .collect();
    let rel = format!("{SDI_DIR}/ReplicationClusterReset.{}.out", stamp(node));
    let mut text = debug_line(node, "-->");
    for n in &nodes {
        match &n.reason {
            None => text.push_str(&format!(
                "{} [{}]: replication reset, {} rows synchronised\n",
                n.node, n.ip, n.rows_synced
            )),
            Some(r) => text.push_str(&format!("{} [{}]: not reset: {r}\n", n.node, n.ip)),
        }
    }
    text.push_str(&debug_line(node, "<--"));
    write_log(node, &rel, &text)?;
    repl::replicate(lab, &node.cluster)?;
    write_broadcast_log(node, schema::tables(node.product()).count())?;
    audit(node, session, "utils dbreplication clusterreset");
    Ok(ClusterReset { log: rel, nodes })
}

/// `utils dbreplication stop [all|node]`: the nodes whose replication stopped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopReport {
    pub nodes: Vec<NodeOutcome>,
}

pub fn stop(op: &Op, which: Option<&str>) -> Result<StopReport> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    let publisher = repl::publisher_of(lab, node)?;
    let targets = match which {
        // On a subscriber: its own replication; on the publisher: all of it.
        None if node.name() != publisher.name() => vec![node.clone()],
        None => repl::select_subscribers(lab, &publisher, "all")?,
        Some(w) => {
            if node.name() != publisher.name() {
                return Err(EngineError::StopNamesNodeOnSubscriber {
                    which: w.to_string(),
                    publisher: publisher.name().to_string(),
                });
            }
            repl::select_subscribers(lab, &publisher, w)?
        }
    };
    // Whatever reached the publisher before the stop is still delivered.
    repl::replicate(lab, &node.cluster)?;
    let names: Vec<String> = targets.iter().map(|t| t.name().to_string()).collect();
    repl::set_link_state(&publisher, &names, SUSPENDED)?;
    audit(node, session, &format!("utils dbreplication stop: replication stopped to {}", names.join(", ")));
    Ok(StopReport { nodes: targets.iter().map(|t| outcome(t, Ok(0))).collect() })
}

/// `utils dbreplication dropadmindb`: the node whose replication definitions were dropped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DropAdminDb {
    pub node: String,
    pub definitions_dropped: usize,
}

pub fn dropadmindb(op: &Op) -> Result<DropAdminDb> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    // The Sync Agent's position (from the other product's publisher) is not replication's.
    let publisher = repl::publisher_of(lab, node)?;
    let mut conn = open(node)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let mut n =
        tx.execute("DELETE FROM cdr_cursor WHERE source = ?1", params![publisher.name()]).map_err(sql_err)?;
    n += tx.execute("DELETE FROM cdr_server", []).map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    audit(node, session, "utils dbreplication dropadmindb: replication definitions dropped");
    Ok(DropAdminDb { node: node.name().to_string(), definitions_dropped: n })
}

/// `utils dbreplication forcedatasyncsub node|all [offloadpub] [timeout]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForceDataSync {
    pub timeout_minutes: u32,
    pub offload_publisher: bool,
    pub nodes: Vec<NodeOutcome>,
}

pub fn forcedatasyncsub(
    op: &Op,
    which: &str,
    offload_publisher: bool,
    timeout_minutes: Option<u32>,
) -> Result<ForceDataSync> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    let publisher = require_publisher(lab, node, "forcedatasyncsub")?;
    let timeout = timeout_minutes.unwrap_or(40);
    if !(1..=1440).contains(&timeout) {
        return Err(EngineError::OutOfRange {
            what: "timeout",
            given: i64::from(timeout),
            min: 1,
            max: 1440,
            unit: "minutes per node (default 40)",
        });
    }
    let selected = repl::select_subscribers(lab, &publisher, which)?;
    let nodes = selected
        .iter()
        .map(|s| outcome(s, reachable_or_err(s).and_then(|_| resync(&publisher, s, true))))
        .collect();
    audit(node, session, &format!("utils dbreplication forcedatasyncsub {which}"));
    Ok(ForceDataSync { timeout_minutes: timeout, offload_publisher, nodes })
}

/// `utils dbreplication setrepltimeout <seconds>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplTimeout {
    pub previous: u32,
    pub seconds: u32,
}

pub fn setrepltimeout(op: &Op, seconds: i64) -> Result<ReplTimeout> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    let publisher = require_publisher(lab, node, "setrepltimeout")?;
    if !(i64::from(REPLTIMEOUT_MIN)..=i64::from(REPLTIMEOUT_MAX)).contains(&seconds) {
        return Err(EngineError::OutOfRange {
            what: "replication timeout",
            given: seconds,
            min: i64::from(REPLTIMEOUT_MIN),
            max: i64::from(REPLTIMEOUT_MAX),
            unit: "seconds",
        });
    }
    let conn = open(&publisher)?;
    let previous = meta_get(&conn, "repltimeout")?.and_then(|v| v.parse().ok()).unwrap_or(REPLTIMEOUT_MIN);
    meta_set(&conn, "repltimeout", &seconds.to_string())?;
    audit(node, session, &format!("utils dbreplication setrepltimeout: {previous}s to {seconds}s"));
    Ok(ReplTimeout { previous, seconds: seconds as u32 })
}

/// For `show tech repltimeout`: the replication timeout in force in the node's cluster (the
/// publisher's, which `setrepltimeout` sets), seconds.
pub fn repltimeout(lab: &Lab, node: &NodeHandle) -> Result<u32> {
    let publisher = repl::publisher_of(lab, node)?;
    let conn = open(&publisher)?;
    Ok(meta_get(&conn, "repltimeout")?.and_then(|v| v.parse().ok()).unwrap_or(REPLTIMEOUT_MIN))
}

/// For `show tech dbstateinfo`: every replica's state as `node` sees it (replication
/// brought up to date first, data not compared).
pub fn state_rows(lab: &Lab, node: &NodeHandle) -> Result<Vec<NodeRow>> {
    ensure_db_running(node)?;
    cluster_rows(lab, node, false)
}

/// For `show network cluster`: the `processnode` entries of a node's replica, in order.
pub fn processnode_entries(node: &NodeHandle) -> Result<Vec<String>> {
    let conn = open(node)?;
    // EnterpriseWideData (systemnode = t) is not a server: the platform does not list it.
    let mut st = conn
        .prepare("SELECT name FROM processnode WHERE systemnode = 'f' ORDER BY nodeid")
        .map_err(sql_err)?;
    let rows = st.query_map([], |r| r.get::<_, String>(0)).map_err(sql_err)?;
    rows.collect::<std::result::Result<_, _>>().map_err(sql_err)
}

/// For `show network cluster`: whether replication between `node` and `peer` is set up
/// and running (the platform's "authenticated using TCP" link).
pub fn replication_connected(lab: &Lab, node: &NodeHandle, peer: &NodeHandle) -> Result<bool> {
    if !node.is_up()? || !peer.is_up()? {
        return Ok(false);
    }
    let publisher = repl::publisher_of(lab, peer)?;
    if publisher.name() == peer.name() {
        return Ok(true);
    }
    let conn = open(&publisher)?;
    Ok(repl::server_state(&conn, peer.name())?.as_deref() == Some(ACTIVE))
}

/// Removes files the node wrote in earlier runs that are not reports (kept for tests).
pub fn report_path(node: &NodeHandle, rel: &str) -> PathBuf {
    node.partition(Partition::Activelog).join(rel)
}

/// Reads a report back (for tests and `file view`).
pub fn read_report(node: &NodeHandle, rel: &str) -> Result<String> {
    let p = report_path(node, rel);
    fs::read_to_string(&p).ctx(|| format!("reading {}", p.display()))
}
