//! `utils ha status | failover | fallback | recover`: the presence redundancy groups of an
//! IM and Presence cluster (the nodes' `presence_group`), each a pair of nodes where one
//! serves the other's users when it fails.
//!
//! What is stored, per group, in `ha/ha.toml` under the cluster's IM and Presence database
//! publisher (read-modify-write under the `ha/` folder's lock): the failover in force, if
//! any (which node failed over to which, why, the users moved and the services stopped),
//! and whether the group is `Failed` (both nodes lost their critical services; only
//! `utils ha recover` clears it). Everything else is derived each time from the nodes
//! themselves: up or down, and the critical services (Cisco XCP Router, Cisco SIP Proxy,
//! Cisco Presence Engine) running or not.
//!
//! Automatic failover happens when the group is next looked at (every `utils ha` command
//! settles the group first): a node that is down or has a critical service down while its
//! peer is healthy is failed over to the peer (its users moved, reason `Critical Service
//! Down` or `Peer Down`); both nodes unhealthy make the group `Failed`.
//!
//! Moving users is real: `enduser.primarynodeid` is changed in the IM and Presence
//! publisher's replica, which replicates to the other IM and Presence nodes; the moved
//! users are recorded so fallback and recovery move back exactly those.
//!
//! States and reasons are tables 37 and 38 of the IM and Presence guide; the wording of the
//! down node's row (`Unknown`, `Node Unreachable`) and of the refusals is ucsh's.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::db::{self, repl, sql_err};
use super::deployment::{Cluster, Product};
use super::error::{EngineError, Result};
use super::events::{self, Event};
use super::lab::Lab;
use super::node::NodeHandle;
use super::op::Op;
use super::services::{self, RunState, ServiceState, Services, TraceLevel};
use super::store;

/// The services whose loss fails a node over, in start order.
pub const CRITICAL: [&str; 3] = ["Cisco XCP Router", "Cisco SIP Proxy", "Cisco Presence Engine"];
/// The service that runs the group's state machine.
pub const SRM: &str = "Cisco Server Recovery Manager";

pub const REASON_ADMIN: &str = "On Admin Request";
pub const REASON_CRITICAL: &str = "Critical Service Down";
pub const REASON_PEER_DOWN: &str = "Peer Down";
pub const REASON_PEER_REBOOT: &str = "Peer Reboot";
pub const REASON_UNREACHABLE: &str = "Node Unreachable";
pub const REASON_NOT_ENABLED: &str = "High Availability Not Enabled";
pub const REASON_INIT: &str = "Initialization";
pub const REASON_DB: &str = "Database Failure";
pub const REASON_START_FAILED: &str = "Start of Critical Services Failed";
/// Table 38's reason when a node's Server Recovery Manager failed.
pub const REASON_UNKNOWN: &str = "Unknown";
/// The database service whose loss fails a node over with `Database Failure`.
pub const DB_SERVICE: &str = "A Cisco DB";
/// How long the group stays `Initializing` after High Availability is enabled: the guide
/// waits two minutes for new HA settings to reach every node.
pub const INIT_SECONDS: i64 = 120;

/// `ha/ha.toml`: the stored part of every group of the cluster.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct HaFile {
    #[serde(default)]
    group: BTreeMap<String, GroupRecord>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct GroupRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    failover: Option<Failover>,
    /// Both nodes lost their critical services; cleared by `utils ha recover`.
    #[serde(default)]
    failed: bool,
    /// High Availability disabled for the group (`ucsh cluster ha disable`): no
    /// automatic failover, no manual failover or fallback.
    #[serde(default)]
    disabled: bool,
    /// When High Availability was last enabled: the group is `Initializing` for
    /// [`INIT_SECONDS`] after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    enabled_at: Option<DateTime<Utc>>,
    /// Both nodes Running in Failed Mode for this reason (a fallback whose critical
    /// services did not start); cleared by `utils ha recover`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    failed_mode: Option<String>,
    /// Each node's boot count when the group last looked: a node that booted since was
    /// restarted, which fails it over (`Peer Reboot`) unless HA is disabled.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    seen_boots: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Failover {
    node: String,
    backup: String,
    /// `On Admin Request`, `Critical Service Down` or `Peer Down`.
    reason: String,
    /// `enduser.pkid` of the users moved to the backup node.
    #[serde(default)]
    users: Vec<String>,
    /// Services stopped on the node by a manual failover (started again by fallback).
    #[serde(default)]
    stopped: Vec<String>,
    /// The failed node's boot count when it failed over: a node that booted since shows
    /// `Failed Over` with the reason Initialization (table 38), one whose services were
    /// started by hand Critical Service Down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    boots: Option<u64>,
}

/// One node's row of `utils ha status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeHa {
    pub name: String,
    pub state: String,
    /// None for `Normal` (the platform prints no reason then).
    pub reason: Option<String>,
}

/// One presence redundancy group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupHa {
    pub group: String,
    pub nodes: Vec<NodeHa>,
}

/// `utils ha status [group]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HaStatus {
    pub groups: Vec<GroupHa>,
}

/// `utils ha failover|fallback <node>`: the states the group passes through as the
/// request is accepted, what was moved and the services touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HaMove {
    /// `failover` or `fallback`.
    pub action: &'static str,
    pub node: String,
    pub backup: String,
    pub group: GroupHa,
    pub users_moved: usize,
    pub services_stopped: Vec<String>,
    pub services_started: Vec<String>,
}

/// `utils ha recover <group>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HaRecover {
    pub group: String,
    /// Nodes whose Cisco Server Recovery Manager was restarted.
    pub nodes: Vec<String>,
    pub services_started: Vec<String>,
    pub users_moved: usize,
}

/// The stored records while a command holds the HA lock: changed in memory, and saved
/// (atomically) before an action whose effects a killed process must not leave unrecorded.
struct Records {
    file: HaFile,
    path: PathBuf,
}

impl Records {
    fn get(&mut self, group: &str) -> &mut GroupRecord {
        self.file.group.entry(group.to_string()).or_default()
    }

    fn peek(&self, group: &str) -> GroupRecord {
        self.file.group.get(group).cloned().unwrap_or_default()
    }

    fn tidy(&mut self) {
        self.file.group.retain(|_, r| *r != GroupRecord::default());
    }

    fn save(&mut self) -> Result<()> {
        self.tidy();
        store::write_toml(&self.path, &self.file)
    }
}

/// A group of the cluster and its nodes, in deployment order.
struct Group {
    name: String,
    nodes: Vec<String>,
}

fn groups(cluster: &Cluster) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for n in cluster.nodes_of(Product::Imp) {
        let Some(g) = &n.presence_group else { continue };
        match out.iter_mut().find(|x| &x.name == g) {
            Some(x) => x.nodes.push(n.name.clone()),
            None => out.push(Group { name: g.clone(), nodes: vec![n.name.clone()] }),
        }
    }
    out
}

fn require_imp(node: &NodeHandle) -> Result<()> {
    if node.product() != Product::Imp {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    Ok(())
}

/// Where the cluster's HA records live, and the folder locked around their changes.
fn ha_dir(lab: &Lab, node: &NodeHandle) -> Result<PathBuf> {
    let publisher = repl::publisher_of(lab, node)?;
    let dir = publisher.dir().join("ha");
    std::fs::create_dir_all(&dir).map_err(|e| EngineError::io(dir.display().to_string(), e))?;
    Ok(dir)
}

/// What the group's state machine sees of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Health {
    Down,
    /// The node's database service is not running (`Database Failure`).
    DbDown,
    CriticalDown,
    Ok,
}

impl Health {
    /// The reason a failover of a node in this health is recorded with.
    fn failover_reason(self) -> &'static str {
        match self {
            Health::Down => REASON_PEER_DOWN,
            Health::DbDown => REASON_DB,
            Health::CriticalDown | Health::Ok => REASON_CRITICAL,
        }
    }
}

fn health(lab: &Lab, name: &str) -> Result<Health> {
    let handle = lab.node(name)?;
    if !handle.is_up()? {
        return Ok(Health::Down);
    }
    let states = services::load(&handle)?;
    Ok(if !states.is_running(DB_SERVICE) {
        Health::DbDown
    } else if CRITICAL.iter().all(|s| states.is_running(s)) {
        Health::Ok
    } else {
        Health::CriticalDown
    })
}

fn row(name: &str, state: &str, reason: Option<&str>) -> NodeHa {
    NodeHa { name: name.to_string(), state: state.to_string(), reason: reason.map(str::to_string) }
}

/// Whether the group is still in the window after High Availability was enabled.
fn initializing(rec: &GroupRecord, now: DateTime<Utc>) -> bool {
    rec.enabled_at.is_some_and(|at| now < at + chrono::Duration::seconds(INIT_SECONDS))
}

/// Whether the failed-over node booted since its failover (a failover recorded without a
/// time counts a peer-down failover as one the node came back from).
fn booted_since(lab: &Lab, name: &str, f: &Failover) -> Result<bool> {
    Ok(match f.boots {
        Some(then) => lab.node(name)?.platform()?.boots > then,
        None => f.reason == REASON_PEER_DOWN,
    })
}

/// A node of the group that is up and whose Cisco Server Recovery Manager is not running:
/// the group's state machine is not running there (table 38: Running in Failed Mode,
/// Unknown, until recovery restarts it).
fn srm_down(lab: &Lab, group: &Group) -> Result<bool> {
    for n in &group.nodes {
        let handle = lab.node(n)?;
        if handle.is_up()? && !services::load(&handle)?.is_running(SRM) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The row of a node whose critical services (or database) are not running.
fn down_row(n: &str, h: Health) -> NodeHa {
    let reason = if h == Health::DbDown { REASON_DB } else { REASON_CRITICAL };
    row(n, "Failed Over with Critical Services not Running", Some(reason))
}

/// The states of a group from its record and its nodes' health.
fn derive(lab: &Lab, group: &Group, rec: &GroupRecord, now: DateTime<Utc>) -> Result<GroupHa> {
    let name = group.name.clone();
    if group.nodes.len() != 2 || rec.disabled {
        let nodes = group.nodes.iter().map(|n| row(n, "Unknown", Some(REASON_NOT_ENABLED))).collect();
        return Ok(GroupHa { group: name, nodes });
    }
    let mut rows = Vec::with_capacity(2);
    if rec.failed {
        for n in &group.nodes {
            rows.push(row(n, "Failed", Some(REASON_CRITICAL)));
        }
        return Ok(GroupHa { group: name, nodes: rows });
    }
    let failed_mode = match &rec.failed_mode {
        Some(r) => Some(r.as_str()),
        None if srm_down(lab, group)? => Some(REASON_UNKNOWN),
        None => None,
    };
    if let Some(reason) = failed_mode {
        for n in &group.nodes {
            rows.push(row(n, "Running in Failed Mode", Some(reason)));
        }
        return Ok(GroupHa { group: name, nodes: rows });
    }
    let h: Vec<Health> = group.nodes.iter().map(|n| health(lab, n)).collect::<Result<_>>()?;
    if rec.failover.is_none() && initializing(rec, now) {
        // The Server Recovery Managers are taking up the new settings: a node that is
        // down still shows as unreachable.
        for (i, n) in group.nodes.iter().enumerate() {
            rows.push(match h[i] {
                Health::Down => row(n, "Unknown", Some(REASON_UNREACHABLE)),
                _ => row(n, "Initializing", Some(REASON_INIT)),
            });
        }
        return Ok(GroupHa { group: name, nodes: rows });
    }
    for (i, n) in group.nodes.iter().enumerate() {
        let peer = 1 - i;
        let r = match &rec.failover {
            Some(f) if f.backup == *n && h[i] != Health::Ok => {
                row(n, "Running in Failed Mode", Some(REASON_CRITICAL))
            }
            Some(f) if f.backup == *n => row(n, "Running in Backup Mode", Some(&f.reason)),
            Some(f) if h[peer] != Health::Ok && f.node == *n => {
                row(n, "Running in Failed Mode", Some(REASON_CRITICAL))
            }
            Some(f) if f.reason == REASON_ADMIN => row(n, "Idle", Some(REASON_ADMIN)),
            Some(_) if h[i] == Health::Down => row(n, "Unknown", Some(REASON_UNREACHABLE)),
            Some(_) if h[i] != Health::Ok => down_row(n, h[i]),
            Some(f) if booted_since(lab, n, f)? => row(n, "Failed Over", Some(REASON_INIT)),
            Some(_) => row(n, "Failed Over", Some(REASON_CRITICAL)),
            None => match h[i] {
                Health::Ok => row(n, "Normal", None),
                Health::Down => row(n, "Unknown", Some(REASON_UNREACHABLE)),
                other => down_row(n, other),
            },
        };
        rows.push(r);
    }
    Ok(GroupHa { group: name, nodes: rows })
}

/// The primary key of a node's `processnode` row.
fn processnode(conn: &rusqlite::Connection, name: &str) -> Result<String> {
    conn.query_row("SELECT pkid FROM processnode WHERE name = ?1", params![name], |r| r.get(0))
        .optional()
        .map_err(sql_err)?
        .ok_or_else(|| EngineError::Conflict(format!("The database has no server named {name}.")))
}

/// The users assigned to `from` in the publisher's replica.
fn select_users(lab: &Lab, anchor: &NodeHandle, from: &str) -> Result<Vec<String>> {
    let publisher = repl::publisher_of(lab, anchor)?;
    if !publisher.is_up()? {
        return Err(EngineError::Conflict(format!(
            "The IM and Presence database publisher {} is down: users cannot be moved.",
            publisher.name()
        )));
    }
    db::dbreplication::ensure_db_running(&publisher)?;
    let conn = db::open(&publisher)?;
    let from_id = processnode(&conn, from)?;
    let mut st =
        conn.prepare("SELECT pkid FROM enduser WHERE primarynodeid = ?1 ORDER BY pkid").map_err(sql_err)?;
    let rows = st.query_map(params![from_id], |r| r.get::<_, String>(0)).map_err(sql_err)?;
    rows.collect::<std::result::Result<Vec<_>, _>>().map_err(sql_err)
}

/// Moves users from `from` to `to` in the publisher's replica (only `only` when given),
/// then replicates. Returns the users moved.
fn move_users(
    lab: &Lab,
    anchor: &NodeHandle,
    from: &str,
    to: &str,
    only: Option<&[String]>,
) -> Result<Vec<String>> {
    let publisher = repl::publisher_of(lab, anchor)?;
    if !publisher.is_up()? {
        return Err(EngineError::Conflict(format!(
            "The IM and Presence database publisher {} is down: users cannot be moved.",
            publisher.name()
        )));
    }
    db::dbreplication::ensure_db_running(&publisher)?;
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction().map_err(sql_err)?;
    let (from_id, to_id) = (processnode(&tx, from)?, processnode(&tx, to)?);
    let mut users: Vec<String> = {
        let mut st =
            tx.prepare("SELECT pkid FROM enduser WHERE primarynodeid = ?1 ORDER BY pkid").map_err(sql_err)?;
        let rows = st.query_map(params![from_id], |r| r.get::<_, String>(0)).map_err(sql_err)?;
        rows.collect::<std::result::Result<Vec<_>, _>>().map_err(sql_err)?
    };
    if let Some(only) = only {
        users.retain(|u| only.contains(u));
    }
    {
        let mut st = tx.prepare("UPDATE enduser SET primarynodeid = ?1 WHERE pkid = ?2").map_err(sql_err)?;
        for u in &users {
            st.execute(params![to_id, u]).map_err(sql_err)?;
        }
    }
    tx.commit().map_err(sql_err)?;
    repl::replicate(lab, &anchor.cluster)?;
    Ok(users)
}

fn ensure_entries(role: super::deployment::Role, states: &mut Services) {
    for d in services::catalog(role) {
        states.service.entry(d.name.to_string()).or_insert(ServiceState {
            activated: d.activated_by_default,
            state: if d.activated_by_default { RunState::Started } else { RunState::Stopped },
            trace: TraceLevel::Info,
            auto_restart: false,
        });
    }
}

/// Stops the critical services and what depends on them (commanded out, as an
/// administrator's stop). Returns the services stopped.
fn stop_critical(node: &NodeHandle, by: &str) -> Result<Vec<String>> {
    let role = node.role();
    let stopped = store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
        ensure_entries(role, states);
        let mut stopping: Vec<&str> = CRITICAL.to_vec();
        loop {
            let more: Vec<&str> = services::catalog(role)
                .into_iter()
                .filter(|d| !stopping.contains(&d.name) && d.start_requires().any(|x| stopping.contains(&x)))
                .map(|d| d.name)
                .collect();
            if more.is_empty() {
                break;
            }
            stopping.extend(more);
        }
        let mut stopped = Vec::new();
        for name in stopping.iter().rev() {
            if let Some(s) = states.service.get_mut(*name) {
                if s.state == RunState::Started {
                    s.state = RunState::CommandedOut;
                    stopped.push(name.to_string());
                }
            }
        }
        Ok(stopped)
    })?;
    for name in &stopped {
        events::emit(node, &Event::service(name, false, by));
    }
    Ok(stopped)
}

/// Starts the critical services and `also`, where activated and their dependencies run.
fn start_services(node: &NodeHandle, also: &[String], by: &str) -> Result<Vec<String>> {
    let role = node.role();
    let started = store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
        ensure_entries(role, states);
        let wanted: Vec<&str> = CRITICAL.iter().copied().chain(also.iter().map(String::as_str)).collect();
        let mut started = Vec::new();
        loop {
            let mut progressed = false;
            for def in services::catalog(role) {
                if !wanted.contains(&def.name) || states.is_running(def.name) {
                    continue;
                }
                let ready = def.start_requires().all(|d| states.is_running(d));
                match states.service.get_mut(def.name) {
                    Some(s) if s.activated && ready => {
                        s.state = RunState::Started;
                        started.push(def.name.to_string());
                        progressed = true;
                    }
                    _ => {}
                }
            }
            if !progressed {
                break;
            }
        }
        Ok(started)
    })?;
    for name in &started {
        events::emit(node, &Event::service(name, true, by));
    }
    Ok(started)
}

/// Applies automatic failover and the Failed state the nodes' health calls for.
fn settle(lab: &Lab, anchor: &NodeHandle, group: &Group, recs: &mut Records) -> Result<()> {
    if group.nodes.len() != 2 {
        return Ok(());
    }
    // Restarts since the last look, noted whatever the state (a restart while HA is
    // disabled, as the guide does it, fails nothing over later).
    let mut rebooted: Option<(usize, u64)> = None;
    for (i, n) in group.nodes.iter().enumerate() {
        let boots = lab.node(n)?.platform()?.boots;
        let seen = recs.peek(&group.name).seen_boots.get(n).copied().unwrap_or(0);
        if boots > seen {
            recs.get(&group.name).seen_boots.insert(n.clone(), boots);
            rebooted.get_or_insert((i, seen));
        }
    }
    let rec = recs.peek(&group.name);
    if rec.failed || rec.disabled || rec.failed_mode.is_some() {
        return Ok(());
    }
    if srm_down(lab, group)? {
        // No Server Recovery Manager, no automatic failover.
        return Ok(());
    }
    let now = anchor.now();
    if initializing(&rec, now) {
        // The Server Recovery Managers do not act before they have the new settings.
        return Ok(());
    }
    if rec.enabled_at.is_some() {
        recs.get(&group.name).enabled_at = None;
    }
    // A failover in force stays until fallback or recovery; the backup failing while it
    // serves both nodes' users shows as Running in Failed Mode (derived).
    if rec.failover.is_some() {
        return Ok(());
    }
    let h: Vec<Health> = group.nodes.iter().map(|n| health(lab, n)).collect::<Result<_>>()?;
    match (h[0], h[1]) {
        (Health::Ok, Health::Ok) => {
            // A node restarted since the last look: its peer took its users over while it
            // was away (table 38: Running in Backup Mode, Peer Reboot), and it is back
            // Failed Over, Initialization, until a manual fallback.
            if let Some((i, before)) = rebooted {
                let (node, backup) = (&group.nodes[i], &group.nodes[1 - i]);
                let publisher = repl::publisher_of(lab, anchor)?;
                let users = if publisher.is_up()? && services::load(&publisher)?.is_running(DB_SERVICE) {
                    select_users(lab, anchor, node)?
                } else {
                    Vec::new()
                };
                recs.get(&group.name).failover = Some(Failover {
                    node: node.clone(),
                    backup: backup.clone(),
                    reason: REASON_PEER_REBOOT.to_string(),
                    users: users.clone(),
                    stopped: Vec::new(),
                    boots: Some(before),
                });
                recs.save()?;
                if !users.is_empty() {
                    move_users(lab, anchor, node, backup, Some(&users))?;
                }
            }
        }
        (a, b) if a != Health::Ok && b != Health::Ok => recs.get(&group.name).failed = true,
        (a, _) => {
            let i = usize::from(a == Health::Ok);
            let (node, backup) = (&group.nodes[i], &group.nodes[1 - i]);
            let reason = h[i].failover_reason();
            // With the IM and Presence publisher (or its database) down the assignments
            // cannot change: the failover is recorded with no users moved.
            // The failover is saved, with the users it moves, before they move.
            let publisher = repl::publisher_of(lab, anchor)?;
            let users = if publisher.is_up()? && services::load(&publisher)?.is_running(DB_SERVICE) {
                select_users(lab, anchor, node)?
            } else {
                Vec::new()
            };
            recs.get(&group.name).failover = Some(Failover {
                node: node.clone(),
                backup: backup.clone(),
                reason: reason.to_string(),
                users: users.clone(),
                stopped: Vec::new(),
                boots: Some(lab.node(node)?.platform()?.boots),
            });
            recs.save()?;
            if !users.is_empty() {
                move_users(lab, anchor, node, backup, Some(&users))?;
            }
        }
    }
    Ok(())
}

/// Runs `f` on the cluster's groups under the HA lock, settled first.
fn with_groups<R>(op: &Op, f: impl FnOnce(&Lab, &[Group], &mut Records) -> Result<R>) -> Result<R> {
    let (lab, node) = (op.lab(), op.node());
    require_imp(node)?;
    let all = groups(lab.cluster_of(node)?);
    let dir = ha_dir(lab, node)?;
    let path = dir.join("ha.toml");
    store::update_toml(&dir, &path, |file: &mut HaFile| {
        let mut recs = Records { file: std::mem::take(file), path: path.clone() };
        let out = (|| {
            for g in &all {
                settle(lab, node, g, &mut recs)?;
            }
            f(lab, &all, &mut recs)
        })();
        recs.tidy();
        *file = recs.file;
        out
    })
}

fn find_group<'g>(all: &'g [Group], typed: &str) -> Result<&'g Group> {
    all.iter()
        .find(|g| g.name.eq_ignore_ascii_case(typed.trim()))
        .ok_or_else(|| EngineError::Invalid(format!("Presence redundancy group {} not found", typed.trim())))
}

fn group_of_node<'g>(all: &'g [Group], typed: &str) -> Result<(&'g Group, usize)> {
    for g in all {
        if let Some(i) = g.nodes.iter().position(|n| n.eq_ignore_ascii_case(typed.trim())) {
            return Ok((g, i));
        }
    }
    Err(EngineError::Invalid(format!(
        "Node {} is not a member of a presence redundancy group of this cluster",
        typed.trim()
    )))
}

/// `utils ha status [group]`.
pub fn status(op: &Op, group: Option<&str>) -> Result<HaStatus> {
    let now = op.node().now();
    with_groups(op, |lab, all, records| {
        let chosen: Vec<&Group> = match group {
            Some(typed) => vec![find_group(all, typed)?],
            None => all.iter().collect(),
        };
        let groups = chosen
            .into_iter()
            .map(|g| derive(lab, g, &records.peek(&g.name), now))
            .collect::<Result<Vec<_>>>()?;
        Ok(HaStatus { groups })
    })
}

/// The refusal of a manual action on a group whose High Availability is disabled.
fn refuse_disabled(action: &'static str, target: &str, g: &Group, records: &Records) -> Result<()> {
    if records.peek(&g.name).disabled {
        return Err(EngineError::HaNotEnabled { action, target: target.to_string(), group: g.name.clone() });
    }
    Ok(())
}

fn refuse(action: &str, node: &str, current: &GroupHa) -> EngineError {
    let states: Vec<String> = current.nodes.iter().map(|n| format!("{} is {}", n.name, n.state)).collect();
    EngineError::Conflict(format!(
        "Manual {action} of {node} is not allowed in the current state of presence redundancy group {}: {}",
        current.group,
        states.join(", ")
    ))
}

/// `utils ha failover <node>`: stops the node's critical services and moves its users to
/// its peer. Allowed only when both nodes are Normal.
pub fn failover(op: &Op, typed: &str) -> Result<HaMove> {
    let by = op.session().account.clone();
    let now = op.node().now();
    with_groups(op, |lab, all, records| {
        let (g, i) = group_of_node(all, typed)?;
        let name = g.nodes[i].clone();
        refuse_disabled("failover", &name, g, records)?;
        let current = derive(lab, g, &records.peek(&g.name), now)?;
        if g.nodes.len() != 2 || current.nodes.iter().any(|n| n.state != "Normal") {
            return Err(refuse("failover", &name, &current));
        }
        let backup = g.nodes[1 - i].clone();
        let handle = lab.node(&name)?;
        // Saved before anything moves: a process killed part way leaves a failover that
        // fallback undoes (it moves back only the users listed, wherever they are).
        let users = select_users(lab, op.node(), &name)?;
        records.get(&g.name).failover = Some(Failover {
            node: name.clone(),
            backup: backup.clone(),
            reason: REASON_ADMIN.to_string(),
            users: users.clone(),
            stopped: Vec::new(),
            boots: Some(handle.platform()?.boots),
        });
        records.save()?;
        let acted = move_users(lab, op.node(), &name, &backup, Some(&users))
            .and_then(|moved| Ok((moved.len(), stop_critical(&handle, &by)?)));
        let (moved, stopped) = match acted {
            Ok(done) => done,
            Err(e) => {
                // Nothing stopped: put the users back and forget the failover.
                let _ = move_users(lab, op.node(), &backup, &name, Some(&users));
                records.get(&g.name).failover = None;
                records.save()?;
                return Err(e);
            }
        };
        if let Some(f) = records.get(&g.name).failover.as_mut() {
            f.stopped = stopped.clone();
        }
        let nodes = g
            .nodes
            .iter()
            .map(|n| row(n, if *n == name { "Failover" } else { "Taking Over" }, Some(REASON_ADMIN)))
            .collect();
        Ok(HaMove {
            action: "failover",
            node: name,
            backup,
            group: GroupHa { group: g.name.clone(), nodes },
            users_moved: moved,
            services_stopped: stopped,
            services_started: Vec::new(),
        })
    })
}

/// `utils ha fallback <node>`: starts the node's critical services again and moves its
/// users back. Allowed when the node failed over and is healthy (Idle or Failed Over).
pub fn fallback(op: &Op, typed: &str) -> Result<HaMove> {
    let by = op.session().account.clone();
    let now = op.node().now();
    with_groups(op, |lab, all, records| {
        let (g, i) = group_of_node(all, typed)?;
        let name = g.nodes[i].clone();
        refuse_disabled("fallback", &name, g, records)?;
        let rec = records.peek(&g.name);
        let current = derive(lab, g, &rec, now)?;
        let state = current.nodes[i].state.as_str();
        let Some(f) =
            rec.failover.clone().filter(|f| f.node == name && matches!(state, "Idle" | "Failed Over"))
        else {
            return Err(refuse("fallback", &name, &current));
        };
        let handle = lab.node(&name)?;
        let started = start_services(&handle, &f.stopped, &by)?;
        let states = services::load(&handle)?;
        if let Some(down) = CRITICAL.iter().find(|c| !states.is_running(c)) {
            // Table 38: both nodes Running in Failed Mode, Start of Critical Services
            // Failed, until recovery. Saved now: the command fails.
            records.get(&g.name).failed_mode = Some(REASON_START_FAILED.to_string());
            records.save()?;
            return Err(EngineError::HaStartFailed {
                node: name.clone(),
                service: down.to_string(),
                group: g.name.clone(),
            });
        }
        let moved = move_users(lab, op.node(), &f.backup, &name, Some(&f.users))?.len();
        records.get(&g.name).failover = None;
        let nodes = g
            .nodes
            .iter()
            .map(|n| row(n, if *n == name { "Taking Back" } else { "Falling Back" }, Some(REASON_ADMIN)))
            .collect();
        Ok(HaMove {
            action: "fallback",
            node: name,
            backup: f.backup,
            group: GroupHa { group: g.name.clone(), nodes },
            users_moved: moved,
            services_stopped: Vec::new(),
            services_started: started,
        })
    })
}

/// `utils ha recover <group>`: restarts Cisco Server Recovery Manager on the group's nodes
/// that are up, starts their critical services, moves failed-over users back and clears
/// the group's Failed state; the group is then settled again from the nodes' health.
pub fn recover(op: &Op, typed: &str) -> Result<HaRecover> {
    let by = op.session().account.clone();
    with_groups(op, |lab, all, records| {
        let g = find_group(all, typed)?;
        refuse_disabled("recovery", &g.name, g, records)?;
        let mut nodes = Vec::new();
        let mut started = Vec::new();
        for n in &g.nodes {
            let handle = lab.node(n)?;
            if !handle.is_up()? {
                continue;
            }
            let mut more = start_services(&handle, &[SRM.to_string()], &by)?;
            events::emit(&handle, &Event::service(SRM, false, &by));
            events::emit(&handle, &Event::service(SRM, true, &by));
            started.append(&mut more);
            nodes.push(n.clone());
        }
        let mut moved = 0;
        if let Some(f) = records.peek(&g.name).failover {
            if lab.node(&f.node)?.is_up()? {
                moved = move_users(lab, op.node(), &f.backup, &f.node, Some(&f.users))?.len();
                records.get(&g.name).failover = None;
            }
        }
        records.get(&g.name).failed = false;
        records.get(&g.name).failed_mode = None;
        settle(lab, op.node(), g, records)?;
        Ok(HaRecover { group: g.name.clone(), nodes, services_started: started, users_moved: moved })
    })
}

/// `ucsh cluster ha enable|disable <group>`: what changed and the group as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HaSwitch {
    pub group: String,
    pub enabled: bool,
    pub status: GroupHa,
}

/// The IM and Presence node a presence redundancy group named `typed` belongs to (its
/// first node), looked up in every cluster of the lab.
pub fn group_anchor(lab: &Lab, typed: &str) -> Result<String> {
    for c in &lab.deployment().clusters {
        if let Some(g) = groups(c).into_iter().find(|g| g.name.eq_ignore_ascii_case(typed.trim())) {
            if let Some(first) = g.nodes.into_iter().next() {
                return Ok(first);
            }
        }
    }
    Err(EngineError::Invalid(format!("Presence redundancy group {} not found", typed.trim())))
}

/// Enables or disables High Availability for a presence redundancy group (what the
/// platform does in the group's configuration page). Disabling is refused while a
/// failover is in force or the group is Failed (fall back or recover first); enabling
/// starts the [`INIT_SECONDS`] window in which the group is `Initializing`.
pub fn set_enabled(op: &Op, typed: &str, enabled: bool) -> Result<HaSwitch> {
    let now = op.node().now();
    let account = op.session().account.clone();
    let out = with_groups(op, |lab, all, records| {
        let g = find_group(all, typed)?;
        let rec = records.peek(&g.name);
        if rec.disabled != enabled {
            return Err(EngineError::HaAlreadySet { group: g.name.clone(), enabled });
        }
        if !enabled && (rec.failover.is_some() || rec.failed) {
            let current = derive(lab, g, &rec, now)?;
            let states = current.nodes.iter().map(|n| format!("{} is {}", n.name, n.state)).collect();
            return Err(EngineError::HaBusy { group: g.name.clone(), states });
        }
        let r = records.get(&g.name);
        r.disabled = !enabled;
        r.enabled_at = if enabled { Some(now) } else { None };
        let status = derive(lab, g, &records.peek(&g.name), now)?;
        Ok(HaSwitch { group: g.name.clone(), enabled, status })
    })?;
    let (name, verb) = if enabled {
        ("HighAvailabilityEnabled", "enabled")
    } else {
        ("HighAvailabilityDisabled", "disabled")
    };
    op.record(Event::audit(
        name,
        format!("High Availability {verb} for presence redundancy group {} by {account}", out.group),
    ));
    Ok(out)
}

/// The presence redundancy groups of `op.node()`'s cluster whose High Availability is
/// enabled (two nodes, not disabled).
pub fn enabled_groups(op: &Op) -> Result<Vec<String>> {
    let (lab, node) = (op.lab(), op.node());
    let dir = ha_dir(lab, node)?;
    let file: HaFile = store::read_toml(&dir.join("ha.toml"))?;
    Ok(groups(lab.cluster_of(node)?)
        .into_iter()
        .filter(|g| g.nodes.len() == 2 && !file.group.get(&g.name).is_some_and(|r| r.disabled))
        .map(|g| g.name)
        .collect())
}
