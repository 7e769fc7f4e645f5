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
//! A move of users is confirmed in the replica of the node that is to serve them; one that
//! does not arrive (the publisher's database down, replication to that node stopped or
//! broken) is undone and leaves both nodes Running in Failed Mode (table 38's Take Over /
//! Take Back Users Failed). With the cluster's Enable Automatic Fallback (stored beside the
//! groups), a node healthy again for 30 minutes is fallen back without the administrator,
//! and a backup that fails while its failed-over peer is healthy hands every user to the
//! peer (Backup Activated / Failover Affected Services). A backup that restarts while its
//! peer is down reports Peer Down During Initialization.
//!
//! A manual failover or fallback takes time on the lab clock (`node.now()`): the command
//! initiates it and returns (as the platform's does). The failover stops the node's critical
//! services and records a move of users in progress (`moving`: which way, started, ends)
//! with the users to move; the fallback starts the node's critical services and records the
//! move back. The move lasts [`move_seconds`] of its users: [`MOVE_BASE_SECONDS`] (the
//! Server Recovery Manager's Critical Service Down Delay, 90 s by default, after which
//! clients log in to the other node) and a second per [`MOVE_USERS_PER_SECOND`] users (the
//! guide's High Availability login profiles: the retry upper limit, "about the time until
//! every client has logged in after a failover", grows by one second per three users in the
//! 1000- and 2000-user Full UC profiles), at most [`MOVE_MAX_SECONDS`]. Until then the
//! group reads Taking Over / Failing Over (Taking Back / Falling Back), On Admin Request,
//! and nobody has moved. The first look (every `utils ha` command settles the group first,
//! as do `ucsh cluster ha enable|disable|automatic-fallback`) at or after the end completes
//! the move: the users move and are confirmed as every move is (Take Over / Take Back Users
//! Failed when they do not arrive; an undone failover starts the node's critical services
//! again); the failover's group is then Idle / Running in Backup Mode, the fallback's
//! Normal. A node down during a move ends it at the next look, without waiting: the failing
//! node down, its users still go to the backup (unless it is the IM and Presence publisher,
//! in whose database the move is written); the node that is to serve them down, the move
//! cannot arrive (Users Failed). A Server Recovery Manager stopped during a move stalls
//! it (Running in Failed Mode / Unknown, which `utils ha recover` ends, as it ends any
//! failover). During a move failover, fallback and recovery are refused (the platform's
//! state refusal) and High Availability cannot be disabled; nothing fails over on its own.
//! The move is saved with the failover under the `ha/` lock before anything stops or moves;
//! its completion moves only the users still on the node they leave, so a completion done
//! again after a kill moves no one twice (and stops what a killed failover left running).
//!
//! During a manual failover, a node whose Cisco Server Recovery Manager starts again
//! (`utils service restart|start`, or the node booted) reports the reason Initialization
//! (table 38's SRM restart rows) until the failover ends: Idle / Initialization, Running
//! in Backup Mode / Initialization, Taking Over / Initialization beside Failing Over / On
//! Admin Request when it lands while the users are being taken over (table 38's row d), and
//! Taking Back / Initialization beside Falling Back / On Admin Request in the fallback that
//! ends it (row e; a restart during any fallback's take back counts, and both nodes are
//! Normal once it completes). The restart is quicker than the peer's heartbeat timeout, so
//! nothing fails over.
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
/// Table 38: the backup started while its peer was down and never saw it.
pub const REASON_PEER_DOWN_INIT: &str = "Peer Down During Initialization";
/// Table 38: the Server Recovery Managers moving the users back after the automatic
/// fallback's watch (Enable Automatic Fallback).
pub const REASON_AUTO_FALLBACK: &str = "Automatic Fallback";
/// Table 38: the users' move of a takeover did not reach the database (both nodes Running
/// in Failed Mode until recovery).
pub const REASON_TAKE_OVER_FAILED: &str = "Cisco Server Recovery Manager Take Over Users Failed";
/// Table 38: the users' move of a fallback did not reach the database.
pub const REASON_TAKE_BACK_FAILED: &str = "Cisco Server Recovery Manager Take Back Users Failed";
/// Table 38's reason on the Backup Activated node (the guide gives it for both of its
/// auto-recover rows, whatever failed on the backup).
pub const REASON_AUTO_RECOVER_DB: &str = "Auto Recover Database Failure";
/// Table 38's reason on the Failover Affected Services node whose critical service failed.
pub const REASON_AUTO_RECOVER_CRITICAL: &str = "Auto Recover Critical Service Down";
/// Table 37/38's states of the auto-recover rows.
pub const STATE_BACKUP_ACTIVATED: &str = "Backup Activated";
pub const STATE_AFFECTED: &str = "Failover Affected Services";
/// How long the backup watches the recovered node before an automatic fallback (the
/// guide's 30 minutes without a missed heartbeat or a change of state).
pub const AUTO_FALLBACK_MINUTES: i64 = 30;
/// The database service whose loss fails a node over with `Database Failure`.
pub const DB_SERVICE: &str = "A Cisco DB";
/// How long the group stays `Initializing` after High Availability is enabled: the guide
/// waits two minutes for new HA settings to reach every node.
pub const INIT_SECONDS: i64 = 120;
/// A manual failover's or fallback's move of users lasts [`MOVE_BASE_SECONDS`] plus one
/// second per [`MOVE_USERS_PER_SECOND`] users, at most [`MOVE_MAX_SECONDS`] (the lab's
/// choice, from the guide's High Availability login profiles: clients start logging in to
/// the other node after the Critical Service Down Delay, 90 s by default, and the retry
/// upper limit, "about the time until every client has logged in after a failover", grows
/// by one second per three users in the 1000- and 2000-user Full UC profiles).
pub const MOVE_BASE_SECONDS: i64 = 90;
/// See [`MOVE_BASE_SECONDS`].
pub const MOVE_USERS_PER_SECOND: i64 = 3;
/// The bound of a move's duration, whatever the number of users (30 minutes).
pub const MOVE_MAX_SECONDS: i64 = 1800;

/// How long a manual move of `users` users takes by the lab clock, in seconds.
pub fn move_seconds(users: usize) -> i64 {
    let users = i64::try_from(users).unwrap_or(i64::MAX);
    let per_user = users.saturating_add(MOVE_USERS_PER_SECOND - 1) / MOVE_USERS_PER_SECOND;
    MOVE_BASE_SECONDS.saturating_add(per_user).min(MOVE_MAX_SECONDS)
}

/// `ha/ha.toml`: the stored part of every group of the cluster.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct HaFile {
    /// The Cisco Server Recovery Manager service parameter Enable Automatic Fallback
    /// (cluster-wide; off by default): a failed-over node healthy for
    /// [`AUTO_FALLBACK_MINUTES`] is fallen back without the administrator, and a backup
    /// that fails while its peer is healthy hands every user to the peer (auto recover).
    #[serde(default)]
    automatic_fallback: bool,
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
    /// When the failed-over node was first seen healthy again with its peer (the start of
    /// the automatic fallback's watch); cleared when either stops being healthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    healthy_since: Option<DateTime<Utc>>,
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
    /// Nodes whose Cisco Server Recovery Manager started again during a manual failover
    /// (`utils service restart|start`, or the node booted): they report the reason
    /// Initialization (table 38) until the failover ends (fallback or recovery).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    init: Vec<String>,
    /// The manual failover's or fallback's move of users still in progress: the group
    /// reads Failing Over / Taking Over (Taking Back / Falling Back) until a look at or
    /// after its end moves the users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moving: Option<Move>,
}

/// Which way a manual move of users goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum MoveKind {
    /// The failover's: the node's users to its backup.
    Failover,
    /// The fallback's: the failover's users back to the node.
    Fallback,
}

/// A move of users in progress (the failover's `users`, either way).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Move {
    kind: MoveKind,
    started: DateTime<Utc>,
    /// When the move completes: `started` + [`move_seconds`] of the users moved.
    ends: DateTime<Utc>,
}

impl Failover {
    /// The reason a node of a manual failover reports: Initialization once its Server
    /// Recovery Manager restarted, else the failover's.
    fn reason_of(&self, node: &str) -> &str {
        if self.restarted(node) {
            REASON_INIT
        } else {
            &self.reason
        }
    }

    /// Whether `node`'s Server Recovery Manager restarted during this (manual) failover.
    fn restarted(&self, node: &str) -> bool {
        self.init.iter().any(|n| n == node)
    }

    /// Notes that `node`'s Server Recovery Manager started again (manual failovers, and any
    /// failover during its manual fallback's take back: table 38 gives the Initialization
    /// rows for them).
    fn srm_restarted(&mut self, node: &str) {
        let member = self.node == node || self.backup == node;
        let manual = self.reason == REASON_ADMIN || self.moving.is_some();
        if manual && member && !self.init.iter().any(|n| n == node) {
            self.init.push(node.to_string());
        }
    }
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
/// request is accepted, the users the move takes and when it completes (the command
/// returns once it is initiated), and the services touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HaMove {
    /// `failover` or `fallback`.
    pub action: &'static str,
    pub node: String,
    pub backup: String,
    pub group: GroupHa,
    /// The users the move takes (they move when it completes).
    pub users_to_move: usize,
    /// When the move completes by the lab clock (the first look at or after it moves them).
    pub completes_at: DateTime<Utc>,
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
    /// Groups whose automatic fallback this command's look performed: `utils ha status`
    /// shows them as the Server Recovery Managers report them while it runs (Taking Back /
    /// Falling Back, Automatic Fallback); never saved, the next look sees Normal.
    transitions: BTreeMap<String, GroupHa>,
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

/// Whether a failover is the auto recover of table 38: the backup failed while its peer,
/// failed over but healthy, could take every user (the peer is then Backup Activated).
fn auto_recovered(f: &Failover) -> bool {
    f.reason == REASON_AUTO_RECOVER_DB || f.reason == REASON_AUTO_RECOVER_CRITICAL
}

/// The row of a node whose critical services (or database) are not running.
fn down_row(n: &str, h: Health) -> NodeHa {
    let reason = if h == Health::DbDown { REASON_DB } else { REASON_CRITICAL };
    row(n, "Failed Over with Critical Services not Running", Some(reason))
}

/// A node's row while a manual move of users is in progress: the failover's Failing Over
/// / Taking Over with each node's reason (Initialization once its Server Recovery Manager
/// restarted), the fallback's Taking Back (Initialization likewise) / Falling Back (On
/// Admin Request: the backup acts on the request).
fn moving_row(f: &Failover, kind: MoveKind, n: &str) -> NodeHa {
    let failed = f.node == n;
    match kind {
        MoveKind::Failover => {
            row(n, if failed { "Failing Over" } else { "Taking Over" }, Some(f.reason_of(n)))
        }
        MoveKind::Fallback if failed => {
            row(n, "Taking Back", Some(if f.restarted(n) { REASON_INIT } else { REASON_ADMIN }))
        }
        MoveKind::Fallback => row(n, "Falling Back", Some(REASON_ADMIN)),
    }
}

/// Whether a group's rows show a manual move of users in progress.
fn shows_move(current: &GroupHa) -> bool {
    current
        .nodes
        .iter()
        .any(|n| matches!(n.state.as_str(), "Failing Over" | "Taking Over" | "Taking Back" | "Falling Back"))
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
    if let Some((f, m)) = rec.failover.as_ref().and_then(|f| f.moving.as_ref().map(|m| (f, m))) {
        // A manual move of users in progress (table 37's transitional states; table 38's
        // rows d and e when a Server Recovery Manager restarted during it).
        let nodes = group.nodes.iter().map(|n| moving_row(f, m.kind, n)).collect();
        return Ok(GroupHa { group: name, nodes });
    }
    for (i, n) in group.nodes.iter().enumerate() {
        let peer = 1 - i;
        let r = match &rec.failover {
            Some(f) if f.backup == *n && h[i] != Health::Ok => {
                row(n, "Running in Failed Mode", Some(REASON_CRITICAL))
            }
            Some(f) if f.backup == *n && auto_recovered(f) => {
                row(n, STATE_BACKUP_ACTIVATED, Some(REASON_AUTO_RECOVER_DB))
            }
            Some(f) if f.backup == *n => row(n, "Running in Backup Mode", Some(f.reason_of(n))),
            Some(f) if h[peer] != Health::Ok && f.node == *n => {
                row(n, "Running in Failed Mode", Some(REASON_CRITICAL))
            }
            Some(f) if f.reason == REASON_ADMIN => row(n, "Idle", Some(f.reason_of(n))),
            Some(_) if h[i] == Health::Down => row(n, "Unknown", Some(REASON_UNREACHABLE)),
            Some(f) if auto_recovered(f) => row(n, STATE_AFFECTED, Some(&f.reason)),
            // Table 38 gives Initialization whether or not its critical services run.
            Some(f) if f.reason == REASON_PEER_DOWN_INIT && h[i] == Health::Ok => {
                row(n, "Failed Over", Some(REASON_INIT))
            }
            Some(f) if f.reason == REASON_PEER_DOWN_INIT => {
                row(n, "Failed Over with Critical Services not Running", Some(REASON_INIT))
            }
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

/// What a move of users by the Server Recovery Manager came to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Moved {
    /// The users moved, in the publisher's replica and in the receiving node's.
    Done(Vec<String>),
    /// The move did not reach the database the receiving node serves its users from: the
    /// IM and Presence publisher (or its database) is down, or replication to the receiving
    /// node is stopped or broken, or its database is not running. Nothing stays moved.
    Failed,
}

/// Whether every user of `users` is assigned to `to` in `node`'s replica.
fn assigned_in(node: &NodeHandle, to: &str, users: &[String]) -> Result<bool> {
    let conn = db::open(node)?;
    let to_id = processnode(&conn, to)?;
    let mut st = conn.prepare("SELECT primarynodeid FROM enduser WHERE pkid = ?1").map_err(sql_err)?;
    for u in users {
        let at: Option<String> = st.query_row(params![u], |r| r.get(0)).optional().map_err(sql_err)?;
        if at.as_deref() != Some(to_id.as_str()) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Moves users as the Server Recovery Manager does (table 38's Take Over / Take Back Users
/// rows): written in the publisher's replica, replicated, then confirmed in the replica of
/// the node that is to serve them. A move that did not arrive there is undone in the
/// publisher's replica, so the assignments agree with what is served.
fn move_confirmed(lab: &Lab, anchor: &NodeHandle, from: &str, to: &str, only: &[String]) -> Result<Moved> {
    let publisher = repl::publisher_of(lab, anchor)?;
    if !publisher.is_up()? || !services::load(&publisher)?.is_running(DB_SERVICE) {
        return Ok(Moved::Failed);
    }
    let users = move_users(lab, anchor, from, to, Some(only))?;
    if users.is_empty() || publisher.name() == to {
        return Ok(Moved::Done(users));
    }
    // Arrived: the target's replica has applied everything the publisher queued for it
    // (a stale replica may already show the assignments the move restores) and shows the
    // users on the target.
    let target = lab.node(to)?;
    let arrived = target.is_up()?
        && services::load(&target)?.is_running(DB_SERVICE)
        && repl::link_status(lab, &publisher, &target)?.queue == 0
        && assigned_in(&target, to, &users)?;
    if arrived {
        return Ok(Moved::Done(users));
    }
    move_users(lab, anchor, to, from, Some(&users))?;
    Ok(Moved::Failed)
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

/// Applies automatic failover, the Failed state, auto recover and automatic fallback as
/// the nodes' health and the records call for.
fn settle(lab: &Lab, anchor: &NodeHandle, group: &Group, recs: &mut Records) -> Result<()> {
    if group.nodes.len() != 2 {
        return Ok(());
    }
    // Restarts since the last look, noted whatever the state (a restart while HA is
    // disabled, as the guide does it, fails nothing over later): (node index, boot count
    // the last look saw).
    let mut rebooted: Vec<(usize, u64)> = Vec::new();
    for (i, n) in group.nodes.iter().enumerate() {
        let boots = lab.node(n)?.platform()?.boots;
        let seen = recs.peek(&group.name).seen_boots.get(n).copied().unwrap_or(0);
        if boots > seen {
            recs.get(&group.name).seen_boots.insert(n.clone(), boots);
            rebooted.push((i, seen));
            // A boot restarts the node's Server Recovery Manager.
            if let Some(f) = recs.get(&group.name).failover.as_mut() {
                f.srm_restarted(n);
            }
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
    let h: Vec<Health> = group.nodes.iter().map(|n| health(lab, n)).collect::<Result<_>>()?;
    if let Some(f) = rec.failover {
        let Some(m) = f.moving.clone() else {
            return settle_failover(lab, anchor, group, recs, f, &h, &rebooted);
        };
        // A manual move of users: it completes at its end by the lab clock, or at once when
        // a node is down (the move is then tried as it is, and fails as any move does when
        // it cannot reach the node that is to serve the users).
        if now < m.ends && !h.contains(&Health::Down) {
            // Until then nothing else happens to the group, but an idle node that booted is
            // kept idle (a failover's move).
            if m.kind == MoveKind::Failover {
                return settle_failover(lab, anchor, group, recs, f, &h, &rebooted);
            }
            return Ok(());
        }
        complete_move(lab, anchor, group, recs, f, m.kind, &h)?;
        let rec = recs.peek(&group.name);
        return match rec.failover {
            Some(f) if rec.failed_mode.is_none() => {
                settle_failover(lab, anchor, group, recs, f, &h, &rebooted)
            }
            _ => Ok(()),
        };
    }
    if rec.healthy_since.is_some() {
        recs.get(&group.name).healthy_since = None;
    }
    match (h[0], h[1]) {
        (Health::Ok, Health::Ok) => {
            // A node restarted since the last look: its peer took its users over while it
            // was away (table 38: Running in Backup Mode, Peer Reboot), and it is back
            // Failed Over, Initialization, until a fallback.
            if let Some(&(i, before)) = rebooted.first() {
                let t = TakeOver { failed: i, reason: REASON_PEER_REBOOT, boots: before };
                take_over(lab, anchor, group, recs, t, &h)?;
            }
        }
        (a, b) if a != Health::Ok && b != Health::Ok => recs.get(&group.name).failed = true,
        (a, _) => {
            let i = usize::from(a == Health::Ok);
            // Table 38: the backup (re)started while its peer was down, so it never saw it
            // (Peer Down During Initialization) rather than losing its heartbeat.
            let reason = if h[i] == Health::Down && rebooted.iter().any(|(j, _)| *j == 1 - i) {
                REASON_PEER_DOWN_INIT
            } else {
                h[i].failover_reason()
            };
            let boots = lab.node(&group.nodes[i])?.platform()?.boots;
            take_over(lab, anchor, group, recs, TakeOver { failed: i, reason, boots }, &h)?;
        }
    }
    Ok(())
}

/// Completes a manual move of users (settled at or after its end): the users are moved
/// and confirmed as every move is. A failover's that did not arrive is undone (the node's
/// stopped services started again) and leaves both nodes Running in Failed Mode, Take Over
/// Users Failed; one that did keeps the node idle (its critical services stopped, again if
/// a boot or a killed command left them running). A fallback's that did not arrive leaves
/// the failover in force and both nodes Running in Failed Mode, Take Back Users Failed; one
/// that did ends the failover (Normal). Done again after a kill, it moves no one twice:
/// only the users still on the node they leave move.
fn complete_move(
    lab: &Lab,
    anchor: &NodeHandle,
    group: &Group,
    recs: &mut Records,
    f: Failover,
    kind: MoveKind,
    h: &[Health],
) -> Result<()> {
    let node_up = group.nodes.iter().position(|n| *n == f.node).is_some_and(|i| h[i] != Health::Down);
    match kind {
        MoveKind::Failover => match move_confirmed(lab, anchor, &f.node, &f.backup, &f.users)? {
            Moved::Done(_) => {
                let more = if node_up { stop_critical(&lab.node(&f.node)?, SRM)? } else { Vec::new() };
                if let Some(x) = recs.get(&group.name).failover.as_mut() {
                    x.moving = None;
                    for s in more {
                        if !x.stopped.contains(&s) {
                            x.stopped.push(s);
                        }
                    }
                }
            }
            Moved::Failed => {
                if node_up {
                    start_services(&lab.node(&f.node)?, &f.stopped, SRM)?;
                }
                let r = recs.get(&group.name);
                r.failover = None;
                r.failed_mode = Some(REASON_TAKE_OVER_FAILED.to_string());
            }
        },
        MoveKind::Fallback => match move_confirmed(lab, anchor, &f.backup, &f.node, &f.users)? {
            Moved::Done(_) => {
                let r = recs.get(&group.name);
                r.failover = None;
                r.healthy_since = None;
            }
            Moved::Failed => {
                let r = recs.get(&group.name);
                r.failed_mode = Some(REASON_TAKE_BACK_FAILED.to_string());
                if let Some(x) = r.failover.as_mut() {
                    x.moving = None;
                    // The take back's restarts end with it (a manual failover keeps its own).
                    if x.reason != REASON_ADMIN {
                        x.init.clear();
                    }
                }
            }
        },
    }
    Ok(())
}

/// An automatic takeover: node `failed`'s users go to its peer.
struct TakeOver<'r> {
    /// Index of the failing node in the group.
    failed: usize,
    reason: &'r str,
    /// The failing node's boot count the failover is recorded with.
    boots: u64,
}

/// The automatic takeover of a node's users by its peer. The failover is saved, with the
/// users it moves, before they move; a move that does not reach the database leaves both
/// nodes Running in Failed Mode (table 38: Take Over Users Failed).
fn take_over(
    lab: &Lab,
    anchor: &NodeHandle,
    group: &Group,
    recs: &mut Records,
    t: TakeOver<'_>,
    h: &[Health],
) -> Result<()> {
    let TakeOver { failed: i, reason, boots } = t;
    let (node, backup) = (&group.nodes[i], &group.nodes[1 - i]);
    let publisher = repl::publisher_of(lab, anchor)?;
    let publisher_ok = publisher.is_up()? && services::load(&publisher)?.is_running(DB_SERVICE);
    if !publisher_ok && publisher.name() != node.as_str() {
        // The database the users' assignments live in cannot be written.
        recs.get(&group.name).failed_mode = Some(REASON_TAKE_OVER_FAILED.to_string());
        return Ok(());
    }
    // The failing node is the IM and Presence publisher and its database (or the node) is
    // gone: its peer serves, and the assignments stay as they are until it is back.
    let users = if publisher_ok { select_users(lab, anchor, node)? } else { Vec::new() };
    let r = recs.get(&group.name);
    r.failover = Some(Failover {
        node: node.clone(),
        backup: backup.clone(),
        reason: reason.to_string(),
        users: users.clone(),
        stopped: Vec::new(),
        boots: Some(boots),
        init: Vec::new(),
        moving: None,
    });
    // A node that is healthy again at once (a reboot) starts the automatic fallback's watch.
    r.healthy_since = if h.iter().all(|x| *x == Health::Ok) { Some(anchor.now()) } else { None };
    recs.save()?;
    if users.is_empty() {
        return Ok(());
    }
    if move_confirmed(lab, anchor, node, backup, &users)? == Moved::Failed {
        let r = recs.get(&group.name);
        r.failover = None;
        r.healthy_since = None;
        r.failed_mode = Some(REASON_TAKE_OVER_FAILED.to_string());
    }
    Ok(())
}

/// A failover in force: the backup restarting while the failed node is down (Peer Down
/// During Initialization), and with Enable Automatic Fallback the auto recover of a
/// failing backup and the automatic fallback after the watch. Otherwise it stays until
/// fallback or recovery (the backup failing too shows as Running in Failed Mode, derived).
fn settle_failover(
    lab: &Lab,
    anchor: &NodeHandle,
    group: &Group,
    recs: &mut Records,
    f: Failover,
    h: &[Health],
    rebooted: &[(usize, u64)],
) -> Result<()> {
    let (Some(fi), Some(bi)) =
        (group.nodes.iter().position(|n| *n == f.node), group.nodes.iter().position(|n| *n == f.backup))
    else {
        return Ok(());
    };
    if f.reason == REASON_ADMIN && h[fi] == Health::Ok && rebooted.iter().any(|(j, _)| *j == fi) {
        // The idle node booted with its critical services: its Server Recovery Manager,
        // finding the group in manual failover, keeps it Idle (stops them again; the
        // fallback starts them).
        let more = stop_critical(&lab.node(&f.node)?, SRM)?;
        if let Some(x) = recs.get(&group.name).failover.as_mut() {
            for s in more {
                if !x.stopped.contains(&s) {
                    x.stopped.push(s);
                }
            }
        }
        return Ok(());
    }
    let manual = f.reason == REASON_ADMIN || auto_recovered(&f);
    if h[fi] == Health::Down && !manual && rebooted.iter().any(|(j, _)| *j == bi) {
        if let Some(x) = recs.get(&group.name).failover.as_mut() {
            x.reason = REASON_PEER_DOWN_INIT.to_string();
        }
        return Ok(());
    }
    if !recs.file.automatic_fallback || manual {
        return Ok(());
    }
    if h[fi] == Health::Ok && matches!(h[bi], Health::DbDown | Health::CriticalDown) {
        return auto_recover(lab, anchor, group, recs, f, h[bi]);
    }
    // Table 38's automatic fallback follows only the guide's three failovers: a critical
    // service that failed, a reboot, a lost heartbeat.
    if ![REASON_CRITICAL, REASON_PEER_REBOOT, REASON_PEER_DOWN].contains(&f.reason.as_str()) {
        return Ok(());
    }
    let now = anchor.now();
    let r = recs.get(&group.name);
    if h[fi] != Health::Ok || h[bi] != Health::Ok {
        r.healthy_since = None;
        return Ok(());
    }
    match r.healthy_since {
        // A restart in between is a change of state: the watch starts again.
        Some(_) if !rebooted.is_empty() => r.healthy_since = Some(now),
        None => r.healthy_since = Some(now),
        Some(since) if now >= since + chrono::Duration::minutes(AUTO_FALLBACK_MINUTES) => {
            return automatic_fallback(lab, anchor, group, recs, f);
        }
        Some(_) => {}
    }
    Ok(())
}

/// Table 38's auto recover: the backup lost its database or a critical service while its
/// failed-over peer is healthy, so the peer takes every user (Backup Activated) and the
/// backup is left Failover Affected Services until its own users fall back to it.
fn auto_recover(
    lab: &Lab,
    anchor: &NodeHandle,
    group: &Group,
    recs: &mut Records,
    f: Failover,
    backup_health: Health,
) -> Result<()> {
    let reason =
        if backup_health == Health::DbDown { REASON_AUTO_RECOVER_DB } else { REASON_AUTO_RECOVER_CRITICAL };
    let publisher = repl::publisher_of(lab, anchor)?;
    if !publisher.is_up()? || !services::load(&publisher)?.is_running(DB_SERVICE) {
        recs.get(&group.name).failed_mode = Some(REASON_TAKE_OVER_FAILED.to_string());
        return Ok(());
    }
    let all = select_users(lab, anchor, &f.backup)?;
    // The backup's own users: the ones a later fallback of the backup moves back.
    let own: Vec<String> = all.iter().filter(|u| !f.users.contains(u)).cloned().collect();
    let r = recs.get(&group.name);
    r.healthy_since = None;
    r.failover = Some(Failover {
        node: f.backup.clone(),
        backup: f.node.clone(),
        reason: reason.to_string(),
        users: own,
        stopped: Vec::new(),
        boots: Some(lab.node(&f.backup)?.platform()?.boots),
        init: Vec::new(),
        moving: None,
    });
    recs.save()?;
    if move_confirmed(lab, anchor, &f.backup, &f.node, &all)? == Moved::Failed {
        let r = recs.get(&group.name);
        r.failover = Some(f);
        r.failed_mode = Some(REASON_TAKE_OVER_FAILED.to_string());
    }
    Ok(())
}

/// Table 38's automatic fallback: the failed-over node's users move back without the
/// administrator. This look shows the group Taking Back / Falling Back while it happens.
fn automatic_fallback(
    lab: &Lab,
    anchor: &NodeHandle,
    group: &Group,
    recs: &mut Records,
    f: Failover,
) -> Result<()> {
    let moved = move_confirmed(lab, anchor, &f.backup, &f.node, &f.users)?;
    let r = recs.get(&group.name);
    r.healthy_since = None;
    if moved == Moved::Failed {
        r.failed_mode = Some(REASON_TAKE_BACK_FAILED.to_string());
        return Ok(());
    }
    r.failover = None;
    let nodes = group
        .nodes
        .iter()
        .map(|n| {
            row(n, if *n == f.node { "Taking Back" } else { "Falling Back" }, Some(REASON_AUTO_FALLBACK))
        })
        .collect();
    recs.transitions.insert(group.name.clone(), GroupHa { group: group.name.clone(), nodes });
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
        let mut recs =
            Records { file: std::mem::take(file), path: path.clone(), transitions: BTreeMap::new() };
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
            .map(|g| match records.transitions.get(&g.name) {
                Some(moving) => Ok(moving.clone()),
                None => derive(lab, g, &records.peek(&g.name), now),
            })
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

/// A manual failover or fallback the group's current states do not allow.
fn refuse(action: &'static str, node: &str, current: &GroupHa) -> EngineError {
    EngineError::HaStateRefused {
        action,
        node: node.to_string(),
        group: current.group.clone(),
        states: current.nodes.iter().map(|n| (n.name.clone(), n.state.clone())).collect(),
    }
}

/// `utils ha failover <node>`: stops the node's critical services and starts the move of
/// its users to its peer, which completes [`move_seconds`] later by the lab clock (the
/// command returns once it is initiated, as the platform's does; the group reads Failing
/// Over / Taking Over until then). Allowed only when both nodes are Normal.
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
        // Saved before anything stops: a process killed part way leaves a move in progress
        // that completes at its time (stopping what still runs) or that fallback undoes.
        let users = select_users(lab, op.node(), &name)?;
        let ends = now + chrono::Duration::seconds(move_seconds(users.len()));
        records.get(&g.name).failover = Some(Failover {
            node: name.clone(),
            backup: backup.clone(),
            reason: REASON_ADMIN.to_string(),
            users: users.clone(),
            stopped: Vec::new(),
            boots: Some(handle.platform()?.boots),
            init: Vec::new(),
            moving: Some(Move { kind: MoveKind::Failover, started: now, ends }),
        });
        records.save()?;
        let stopped = match stop_critical(&handle, &by) {
            Ok(stopped) => stopped,
            Err(e) => {
                // Nothing stopped, nobody moved: forget the failover.
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
            users_to_move: users.len(),
            completes_at: ends,
            services_stopped: stopped,
            services_started: Vec::new(),
        })
    })
}

/// `utils ha fallback <node>`: starts the node's critical services again and starts the
/// move of its users back, which completes [`move_seconds`] later by the lab clock (the
/// group reads Taking Back / Falling Back until then). Allowed when the node failed over
/// and is healthy (Idle or Failed Over).
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
        // Failover Affected Services (auto recover) falls back once the node is healthy.
        let ready = match state {
            "Idle" | "Failed Over" => true,
            STATE_AFFECTED => health(lab, &name)? == Health::Ok,
            _ => false,
        };
        let Some(f) = rec.failover.clone().filter(|f| f.node == name && ready) else {
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
        let ends = now + chrono::Duration::seconds(move_seconds(f.users.len()));
        let mut taking = f.clone();
        taking.moving = Some(Move { kind: MoveKind::Fallback, started: now, ends });
        let nodes = g.nodes.iter().map(|n| moving_row(&taking, MoveKind::Fallback, n)).collect();
        records.get(&g.name).failover = Some(taking);
        Ok(HaMove {
            action: "fallback",
            node: name,
            backup: f.backup,
            group: GroupHa { group: g.name.clone(), nodes },
            users_to_move: f.users.len(),
            completes_at: ends,
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
        // A move of users in progress is let complete (its end by the lab clock): recovery
        // is for the failed states, and a stopped Server Recovery Manager, which stalls the
        // move, shows as Running in Failed Mode and is recovered.
        let current = derive(lab, g, &records.peek(&g.name), op.node().now())?;
        if shows_move(&current) {
            return Err(refuse("recovery", &g.name, &current));
        }
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
        // Users go back only to a node that is up with its database running (one whose
        // critical services still do not run is failed over again when the group settles);
        // otherwise the failover stays.
        if let Some(f) = records.peek(&g.name).failover {
            if !matches!(health(lab, &f.node)?, Health::Down | Health::DbDown) {
                match move_confirmed(lab, op.node(), &f.backup, &f.node, &f.users)? {
                    Moved::Done(users) => {
                        moved = users.len();
                        records.get(&g.name).failover = None;
                    }
                    Moved::Failed => {
                        let r = records.get(&g.name);
                        r.failed = false;
                        r.failed_mode = Some(REASON_TAKE_BACK_FAILED.to_string());
                        records.save()?;
                        return Err(EngineError::HaUsersNotMoved {
                            action: "recovery",
                            target: g.name.clone(),
                            reason: REASON_TAKE_BACK_FAILED,
                            group: g.name.clone(),
                        });
                    }
                }
            }
        }
        records.get(&g.name).healthy_since = None;
        records.get(&g.name).failed = false;
        records.get(&g.name).failed_mode = None;
        settle(lab, op.node(), g, records)?;
        Ok(HaRecover { group: g.name.clone(), nodes, services_started: started, users_moved: moved })
    })
}

/// Notes that `node`'s Cisco Server Recovery Manager started again (`utils service
/// start|restart|activate`): during a manual failover its node reports Initialization
/// until the failover ends (table 38). Nothing else changes: the group is settled at its
/// next look, as always.
pub(crate) fn srm_started(lab: &Lab, node: &NodeHandle) -> Result<()> {
    if node.product() != Product::Imp {
        return Ok(());
    }
    let dir = ha_dir(lab, node)?;
    let path = dir.join("ha.toml");
    store::update_toml(&dir, &path, |file: &mut HaFile| {
        for rec in file.group.values_mut() {
            if let Some(f) = rec.failover.as_mut() {
                f.srm_restarted(node.name());
            }
        }
        Ok(())
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

/// `ucsh cluster ha automatic-fallback`: the Cisco Server Recovery Manager service
/// parameter Enable Automatic Fallback of an IM and Presence cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HaAutomaticFallback {
    pub cluster: String,
    pub enabled: bool,
    /// The groups of the cluster, as `utils ha status` shows them now.
    pub status: HaStatus,
}

/// Sets Enable Automatic Fallback for `op.node()`'s IM and Presence cluster.
pub fn set_automatic_fallback(op: &Op, enabled: bool) -> Result<HaAutomaticFallback> {
    let now = op.node().now();
    let account = op.session().account.clone();
    let cluster = op.node().cluster.clone();
    let status = with_groups(op, |lab, all, records| {
        records.file.automatic_fallback = enabled;
        let groups =
            all.iter().map(|g| derive(lab, g, &records.peek(&g.name), now)).collect::<Result<_>>()?;
        Ok(HaStatus { groups })
    })?;
    let value = if enabled { "True" } else { "False" };
    op.record(Event::audit(
        "ServiceParameterChanged",
        format!("Cisco Server Recovery Manager Enable Automatic Fallback set to {value} for {cluster} by {account}"),
    ));
    Ok(HaAutomaticFallback { cluster, enabled, status })
}
