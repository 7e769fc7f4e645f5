//! EMCC's remote clusters and the per-user setting (seed 001).
//!
//! * **Enable Extension Mobility Cross Cluster** (End User Configuration) is
//!   `enduser.enableemcc`: an EMCC login of a user without it fails with 31 (table 10). A
//!   user whose setting is cleared while logged in with EMCC stays logged in until the
//!   logout (table 4); the next EMCC login is refused.
//! * **Remote clusters** (Advanced Features > EMCC > EMCC Remote Cluster) are
//!   `remotecluster` rows with their services in `remoteclusterserviceaddress` (EMCC, PSTN
//!   Access, RSVP Agent; TFTP always off). A new one gets its services enabled only with
//!   Enable All Remote Cluster Services When Adding A New Remote Cluster (table 2, default
//!   False). A home cluster whose remote cluster entry for the visiting cluster has EMCC
//!   disabled does not allow the login: 38 (EMCC Not Allowed).
//! * **The periodic remote cluster update** (table 4: every Remote Cluster Update Interval
//!   minutes, default 30) asks each remote cluster for its version and services and sets
//!   `remoteactivated`, `version` and `lastupdated`. A remote cluster that did not answer
//!   stays `remoteactivated = 'f'` until the next update (or Update Remote Cluster Now),
//!   even when it is back, and EMCC logins to it fail meanwhile ("Login is unavailable",
//!   208); a remote cluster just added is unknown until then too. No thread runs it: the EM
//!   service of the cluster's CM publisher (Default Server for Remote Cluster Update) runs
//!   the updates that are due, from the lab clock, whenever it handles requests, and
//!   `ucsh cluster emcc remote-cluster update` runs one now.
//! * **Missed cycles**: when the lab clock has passed several intervals, every due update
//!   runs in order at its due time, as the periodic task would have run it: each finds
//!   every remote cluster as it was then (`availability`, a journal of what each CM
//!   publisher answers), writes the rows with its time and its trace lines with it. At most
//!   [`MAX_REPLAYED`]: each update rewrites every row, so only the last decides them.
//! * **Cluster ID** (`clusterid`): the update reaches each entry at its Fully Qualified Name
//!   and sends its Cluster Id; a remote cluster whose own differs answers 42 and the entry
//!   is marked (`remoteactivated = 'f'`, `updateerror = 42`).

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use super::params::Settings;
use super::service::{self, time_text, EM_SERVICE};
use super::{availability, clusterid, state, REMOTE_SERVICES};
use crate::engine::db::{self, repl, sample::pkid, sql_err};
use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::lab::Lab;
use crate::engine::node::NodeHandle;
use crate::engine::services;
use crate::engine::traces::writer;

/// `remoteclusterserviceaddress.tkremoteclusterservice` of EMCC.
pub const SERVICE_EMCC: i64 = 1;

/// What one remote cluster answered to an update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteStatus {
    pub clusterid: String,
    pub remote_activated: bool,
    /// The remote cluster's version when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Why it did not answer, or why its answer was an error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The EM service error it answered (42: Invalid Cluster ID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<i64>,
}

/// A missed periodic update, run late before the last one (`RemoteUpdate::missed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissedUpdate {
    pub at: String,
    pub remotes: Vec<RemoteStatus>,
}

/// A remote cluster update the EM service ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteUpdate {
    pub cluster: String,
    /// The node whose EM service ran it (the CM publisher).
    pub node: String,
    /// The update's time (a periodic one: when it was due) and the next one's.
    pub at: String,
    pub next: String,
    pub interval_minutes: i64,
    pub remotes: Vec<RemoteStatus>,
    /// The missed periodic updates run late before this one, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missed: Vec<MissedUpdate>,
    /// Missed periodic updates older than those, not run ([`MAX_REPLAYED`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub skipped: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The CM publisher of a named cluster.
fn publisher_of(lab: &Lab, cluster: &str) -> Result<NodeHandle> {
    let c =
        lab.deployment().cluster(cluster).ok_or_else(|| EngineError::UnknownCluster(cluster.to_string()))?;
    let p = c.publisher(Product::Cm).ok_or_else(|| EngineError::NoPublisher {
        cluster: c.name.clone(),
        product: Product::Cm.describe(),
    })?;
    lab.node(&p.name)
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc)).or_else(|| {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok().map(|t| t.and_utc())
    })
}

/// The latest update time at or before `now` in the cycle that started at `last`, if one
/// is due (`now` at least one interval after `last`).
pub fn due_at(last: DateTime<Utc>, interval_minutes: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let step = Duration::minutes(interval_minutes.max(1));
    if now < last + step {
        return None;
    }
    let cycles = (now - last).num_seconds() / step.num_seconds();
    Some(last + Duration::seconds(cycles * step.num_seconds()))
}

/// Most missed updates one request replays: a day of the default 30-minute interval.
/// Each update rewrites every remote cluster's row (`remoteactivated`, `version`,
/// `updateerror`, `lastupdated`, the addresses) from what it found, so the rows after the
/// last one do not depend on the earlier ones: older missed cycles are counted as skipped
/// and only their trace lines are missing.
pub const MAX_REPLAYED: usize = 48;

/// The due update times after `last` up to `now`, the last `max` of them, and how many
/// earlier ones are left out.
pub fn due_times(
    last: DateTime<Utc>,
    interval_minutes: i64,
    now: DateTime<Utc>,
    max: usize,
) -> (Vec<DateTime<Utc>>, u64) {
    let Some(latest) = due_at(last, interval_minutes, now) else { return (Vec::new(), 0) };
    let step = Duration::minutes(interval_minutes.max(1)).num_seconds();
    let cycles = ((latest - last).num_seconds() / step).max(0) as u64;
    let kept = cycles.min(max.max(1) as u64);
    let times = (0..kept).rev().map(|k| latest - Duration::seconds(k as i64 * step)).collect::<Vec<_>>();
    (times, cycles - kept)
}

/// A remote cluster as the update reaches it: its CM publisher's history of answers and
/// its own Cluster ID (read when first needed).
struct Target {
    node: NodeHandle,
    history: availability::History,
    own_id: Option<String>,
}

/// What one remote cluster answered an update at `at`.
fn probe(target: &mut Option<Target>, fqdn: &str, at: DateTime<Utc>) -> Result<Answer> {
    let Some(t) = target else {
        return Ok(Answer::Silent { why: format!("no host answers at {fqdn}") });
    };
    match t.history.at(at).clone() {
        availability::Answer::Silent { why } => Ok(Answer::Silent { why }),
        availability::Answer::Answers { version, address } => {
            if t.own_id.is_none() {
                t.own_id = Some(clusterid::own(&db::open(&t.node)?)?);
            }
            Ok(Answer::Answers { version, address, own_id: t.own_id.clone().unwrap_or_default() })
        }
    }
}

/// An update's EMService trace lines (level, text).
type TraceLines = Vec<(&'static str, String)>;

enum Answer {
    Answers { version: String, address: String, own_id: String },
    Silent { why: String },
}

/// Runs the cluster's remote cluster update if one is due at the lab clock's time (or now,
/// with `force`). Returns what it did; `None` when nothing was due or the publisher's
/// database cannot take it (it is tried again at the next request).
pub fn update_if_due(lab: &Lab, cluster: &str, force: bool) -> Result<Option<RemoteUpdate>> {
    run_updates(lab, cluster, force, MAX_REPLAYED)
}

/// [`update_if_due`] replaying at most `max_replayed` missed cycles (tests compare bounds).
///
/// Every update that came due since the last one runs, in order, as the periodic task
/// would have run it: each finds every remote cluster as it was at its time
/// (`availability`), writes the rows with its time as `lastupdated` and its trace lines
/// with its time; all of them in one transaction. With `force` (Update Remote Cluster Now)
/// the missed ones run first, then one at the lab clock's time.
pub fn run_updates(
    lab: &Lab,
    cluster: &str,
    force: bool,
    max_replayed: usize,
) -> Result<Option<RemoteUpdate>> {
    let publisher = publisher_of(lab, cluster)?;
    if !publisher.is_up()? {
        return Ok(None);
    }
    let running = services::load(&publisher)?;
    if !running.is_running("A Cisco DB") || !running.is_running(EM_SERVICE) {
        return Ok(None);
    }
    let now = publisher.now();
    let settings = Settings::load(&db::open(&publisher)?)?;
    let interval = settings.remote_update_minutes;
    // Claim the cycles under the publisher's lock, so two commands do not both run them.
    let (times, skipped) = {
        let _lock = publisher.lock()?;
        let mut st = state::load(&publisher)?;
        let last = match st.remote_update_at.as_deref().and_then(parse) {
            Some(t) => Some(t),
            None => last_row_update(&db::open(&publisher)?)?,
        };
        let (mut times, skipped) = match last {
            Some(last) => due_times(last, interval, now, max_replayed),
            None => (Vec::new(), 0),
        };
        if force && times.last() != Some(&now) {
            times.push(now);
        }
        let Some(latest) = times.last().copied() else {
            if last.is_none() {
                // Nothing updated yet: the cycle starts now.
                st.remote_update_at = Some(now.to_rfc3339());
                state::save(&publisher, &st)?;
            }
            return Ok(None);
        };
        st.remote_update_at = Some(latest.to_rfc3339());
        state::save(&publisher, &st)?;
        (times, skipped)
    };
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let rows: Vec<(String, String, String)> = {
        let mut st = tx
            .prepare("SELECT pkid, clusterid, fullyqualifiedname FROM remotecluster ORDER BY clusterid")
            .map_err(sql_err)?;
        let q = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(sql_err)?;
        q.collect::<std::result::Result<_, _>>().map_err(sql_err)?
    };
    let mut targets: Vec<Option<Target>> = Vec::with_capacity(rows.len());
    for (_, _, fqdn) in &rows {
        let target = match clusterid::cluster_at(lab, fqdn) {
            Some(c) => {
                let node = publisher_of(lab, &c)?;
                Some(Target { history: availability::history(&node)?, node, own_id: None })
            }
            None => None,
        };
        targets.push(target);
    }
    let mut done: Vec<(DateTime<Utc>, Vec<RemoteStatus>, TraceLines)> = Vec::new();
    for (i, at) in times.iter().enumerate() {
        let stamp = time_text(*at);
        let late = if i + 1 < times.len() { " (missed cycle, run late)" } else { "" };
        let mut remotes = Vec::with_capacity(rows.len());
        let mut lines: TraceLines = Vec::new();
        if skipped > 0 && i == 0 {
            lines.push((
                "WARN",
                format!(
                    "Remote cluster update: {skipped} earlier missed cycles not run (at most {max_replayed} are run late)"
                ),
            ));
        }
        for ((row, id, fqdn), target) in rows.iter().zip(targets.iter_mut()) {
            let clusterid = id.clone();
            match probe(target, fqdn, *at)? {
                Answer::Answers { version, address, own_id } if own_id == *id => {
                    tx.execute(
                        "UPDATE remotecluster SET remoteactivated = 't', version = ?2, lastupdated = ?3, updateerror = NULL WHERE pkid = ?1",
                        params![row, version, stamp],
                    )
                    .map_err(sql_err)?;
                    tx.execute(
                        "UPDATE remoteclusterserviceaddress SET address = ?2 WHERE fkremotecluster = ?1 AND address <> ?2",
                        params![row, address],
                    )
                    .map_err(sql_err)?;
                    lines.push((
                        "INFO",
                        format!(
                            "Remote cluster update{late}: {clusterid} answered, version {version}, remote activated true"
                        ),
                    ));
                    remotes.push(RemoteStatus {
                        clusterid,
                        remote_activated: true,
                        version: Some(version),
                        why: None,
                        error: None,
                    });
                }
                Answer::Answers { own_id, .. } => {
                    tx.execute(
                        "UPDATE remotecluster SET remoteactivated = 'f', lastupdated = ?2, updateerror = ?3 WHERE pkid = ?1",
                        params![row, stamp, clusterid::INVALID_CLUSTER_ID],
                    )
                    .map_err(sql_err)?;
                    let why = format!("{fqdn} has Cluster ID {own_id}");
                    lines.push((
                        "ERROR",
                        format!(
                            "Remote cluster update{late}: {fqdn} answered Invalid Cluster ID for {clusterid} ({why}), error {}, remote activated false",
                            clusterid::INVALID_CLUSTER_ID
                        ),
                    ));
                    remotes.push(RemoteStatus {
                        clusterid,
                        remote_activated: false,
                        version: None,
                        why: Some(why),
                        error: Some(clusterid::INVALID_CLUSTER_ID),
                    });
                }
                Answer::Silent { why } => {
                    tx.execute(
                        "UPDATE remotecluster SET remoteactivated = 'f', lastupdated = ?2, updateerror = NULL WHERE pkid = ?1",
                        params![row, stamp],
                    )
                    .map_err(sql_err)?;
                    lines.push((
                        "WARN",
                        format!(
                            "Remote cluster update{late}: no response from {clusterid} ({why}), remote activated false"
                        ),
                    ));
                    remotes.push(RemoteStatus {
                        clusterid,
                        remote_activated: false,
                        version: None,
                        why: Some(why),
                        error: None,
                    });
                }
            }
        }
        done.push((*at, remotes, lines));
    }
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, cluster)?;
    for (at, _, lines) in &done {
        let _ = writer::record_lines_at(&publisher, EM_SERVICE, *at, lines);
    }
    let Some((at, remotes, _)) = done.pop() else { return Ok(None) };
    Ok(Some(RemoteUpdate {
        cluster: cluster.to_string(),
        node: publisher.name().to_string(),
        at: time_text(at),
        next: time_text(at + Duration::minutes(interval)),
        interval_minutes: interval,
        remotes,
        missed: done
            .into_iter()
            .map(|(at, remotes, _)| MissedUpdate { at: time_text(at), remotes })
            .collect(),
        skipped,
    }))
}

/// The latest `lastupdated` of the remote clusters (the update `cluster init` made).
fn last_row_update(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let last: Option<String> = conn
        .query_row("SELECT max(lastupdated) FROM remotecluster", [], |r| r.get(0))
        .optional()
        .map_err(sql_err)?
        .flatten();
    Ok(last.as_deref().and_then(parse))
}

/// `ucsh cluster emcc remote-cluster update [--cluster C]`: Update Remote Cluster Now.
pub fn update_now(lab: &Lab, cluster: Option<&str>) -> Result<RemoteUpdate> {
    let publisher = super::cm_publisher(lab, cluster)?;
    let cluster = publisher.cluster.clone();
    let running = services::load(&publisher)?;
    for service in ["A Cisco DB", EM_SERVICE] {
        if !running.is_running(service) {
            return Err(EngineError::EmServiceDown {
                node: publisher.name().to_string(),
                service: service.into(),
            });
        }
    }
    update_if_due(lab, &cluster, true)?.ok_or_else(|| EngineError::EmServiceDown {
        node: publisher.name().to_string(),
        service: EM_SERVICE.into(),
    })
}

/// A remote cluster as `cluster emcc remote-cluster` commands leave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteClusterChange {
    pub cluster: String,
    pub clusterid: String,
    /// added, removed, enabled, disabled.
    pub action: String,
    pub fully_qualified_name: String,
    pub remote_activated: bool,
    /// (service, enabled), in the page's order.
    pub services: Vec<(String, bool)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn services_of(conn: &Connection, row: &str) -> Result<Vec<(String, bool)>> {
    let mut out = Vec::new();
    for (tk, name, _) in REMOTE_SERVICES {
        let on: Option<String> = conn
            .query_row(
                "SELECT isenabled FROM remoteclusterserviceaddress WHERE fkremotecluster = ?1 AND tkremoteclusterservice = ?2",
                params![row, tk],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_err)?;
        out.push((name.to_string(), on.as_deref() == Some("t")));
    }
    Ok(out)
}

fn row_of(conn: &Connection, clusterid: &str) -> Result<Option<(String, String, bool)>> {
    conn.query_row(
        "SELECT pkid, fullyqualifiedname, remoteactivated FROM remotecluster WHERE clusterid = ?1",
        params![clusterid],
        |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)? == "t")),
    )
    .optional()
    .map_err(sql_err)
}

/// `ucsh cluster emcc remote-cluster add CLUSTERID [--cluster C]`: Advanced Features >
/// Cluster View > Add New. The Cluster Id is one of the lab's clusters; the Fully
/// Qualified Name its CM publisher's. Not activated, version unknown, until the next
/// update; the services enabled only with Enable All Remote Cluster Services When Adding A
/// New Remote Cluster.
pub fn add(lab: &Lab, cluster: Option<&str>, clusterid: &str) -> Result<RemoteClusterChange> {
    let publisher = super::cm_publisher(lab, cluster)?;
    let local = publisher.cluster.clone();
    if clusterid == local {
        return Err(EngineError::EmccRemoteSelf { cluster: local });
    }
    let remote = publisher_of(lab, clusterid)?;
    let fqdn = remote.spec.fqdn();
    let address = remote.spec.ipv4.to_string();
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    if row_of(&tx, clusterid)?.is_some() {
        return Err(EngineError::EmccRemoteExists { cluster: local, remote: clusterid.to_string() });
    }
    let settings = Settings::load(&tx)?;
    let now = time_text(publisher.now());
    let row = pkid(&format!("{local}/remotecluster/{clusterid}/{now}"));
    tx.execute(
        "INSERT INTO remotecluster (pkid, clusterid, fullyqualifiedname, description, version, remoteactivated, lastupdated) \
         VALUES (?1, ?2, ?3, ?4, NULL, 'f', NULL)",
        params![row, clusterid, fqdn, format!("EMCC peer {clusterid}")],
    )
    .map_err(sql_err)?;
    for (tk, name, enabled) in REMOTE_SERVICES {
        let on = *enabled && settings.enable_all_remote_services;
        tx.execute(
            "INSERT INTO remoteclusterserviceaddress (pkid, fkremotecluster, tkremoteclusterservice, address, isenabled) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                pkid(&format!("{local}/remoteclusterserviceaddress/{clusterid}/{name}/{now}")),
                row,
                tk,
                address,
                if on { "t" } else { "f" }
            ],
        )
        .map_err(sql_err)?;
    }
    let services = services_of(&tx, &row)?;
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &local)?;
    let mut notes = vec!["remote activated false until the next remote cluster update".to_string()];
    if !settings.enable_all_remote_services {
        notes.push("services disabled (Enable All Remote Cluster Services When Adding A New Remote Cluster is False)".into());
    }
    Ok(RemoteClusterChange {
        cluster: local,
        clusterid: clusterid.to_string(),
        action: "added".into(),
        fully_qualified_name: fqdn,
        remote_activated: false,
        services,
        notes,
    })
}

/// `ucsh cluster emcc remote-cluster remove CLUSTERID [--cluster C]`.
pub fn remove(lab: &Lab, cluster: Option<&str>, clusterid: &str) -> Result<RemoteClusterChange> {
    let publisher = super::cm_publisher(lab, cluster)?;
    let local = publisher.cluster.clone();
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let Some((row, fqdn, activated)) = row_of(&tx, clusterid)? else {
        return Err(EngineError::EmccRemoteUnknown { cluster: local, remote: clusterid.to_string() });
    };
    let services = services_of(&tx, &row)?;
    tx.execute("DELETE FROM remoteclusterserviceaddress WHERE fkremotecluster = ?1", params![row])
        .map_err(sql_err)?;
    tx.execute("DELETE FROM remotecluster WHERE pkid = ?1", params![row]).map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &local)?;
    Ok(RemoteClusterChange {
        cluster: local,
        clusterid: clusterid.to_string(),
        action: "removed".into(),
        fully_qualified_name: fqdn,
        remote_activated: activated,
        services,
        notes: Vec::new(),
    })
}

/// The service numbers a `--service` names (all three when none is named).
fn service_numbers(service: Option<&str>) -> Result<Vec<i64>> {
    match service {
        None => Ok(REMOTE_SERVICES.iter().filter(|(_, _, emcc)| *emcc).map(|(tk, _, _)| *tk).collect()),
        Some(s) => REMOTE_SERVICES
            .iter()
            .find(|(_, name, emcc)| *emcc && name.eq_ignore_ascii_case(s.trim()))
            .map(|(tk, _, _)| vec![*tk])
            .ok_or_else(|| EngineError::EmccRemoteService { name: s.to_string() }),
    }
}

/// `ucsh cluster emcc remote-cluster enable|disable CLUSTERID [--service S]`: the Enabled
/// check boxes of the Remote Cluster Configuration page.
pub fn set_services(
    lab: &Lab,
    cluster: Option<&str>,
    clusterid: &str,
    service: Option<&str>,
    enabled: bool,
) -> Result<RemoteClusterChange> {
    let tks = service_numbers(service)?;
    let publisher = super::cm_publisher(lab, cluster)?;
    let local = publisher.cluster.clone();
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let Some((row, fqdn, activated)) = row_of(&tx, clusterid)? else {
        return Err(EngineError::EmccRemoteUnknown { cluster: local, remote: clusterid.to_string() });
    };
    for tk in tks {
        tx.execute(
            "UPDATE remoteclusterserviceaddress SET isenabled = ?3 WHERE fkremotecluster = ?1 AND tkremoteclusterservice = ?2",
            params![row, tk, if enabled { "t" } else { "f" }],
        )
        .map_err(sql_err)?;
    }
    let services = services_of(&tx, &row)?;
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &local)?;
    Ok(RemoteClusterChange {
        cluster: local,
        clusterid: clusterid.to_string(),
        action: if enabled { "enabled" } else { "disabled" }.into(),
        fully_qualified_name: fqdn,
        remote_activated: activated,
        services,
        notes: Vec::new(),
    })
}

/// What `cluster emcc enable-user|disable-user` changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserEmccChange {
    pub cluster: String,
    pub user: String,
    pub before: bool,
    pub after: bool,
    /// Phones of other clusters the user is logged in to with EMCC: those sessions go on
    /// until the user logs out (seed 001 table 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emcc_sessions: Vec<String>,
}

/// `ucsh cluster emcc enable-user|disable-user USER [--cluster C]`: End User Configuration's
/// Enable Extension Mobility Cross Cluster, in the user's home cluster (the cluster that
/// has the user, unless `--cluster` names one).
pub fn set_user(lab: &Lab, cluster: Option<&str>, user: &str, enabled: bool) -> Result<UserEmccChange> {
    let home = match cluster {
        Some(c) => c.to_string(),
        None => service::home_of(lab, user)?
            .ok_or_else(|| EngineError::EmUnknownUser { user: user.to_string() })?,
    };
    let publisher = super::cm_publisher(lab, Some(&home))?;
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let found: Option<(String, String)> = tx
        .query_row("SELECT pkid, enableemcc FROM enduser WHERE userid = ?1", params![user], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .map_err(sql_err)?;
    let Some((upk, before)) = found else {
        return Err(EngineError::EmUnknownUser { user: user.to_string() });
    };
    tx.execute(
        "UPDATE enduser SET enableemcc = ?2 WHERE pkid = ?1 AND enableemcc <> ?2",
        params![upk, if enabled { "t" } else { "f" }],
    )
    .map_err(sql_err)?;
    let emcc_sessions: Vec<String> = {
        let mut st = tx
            .prepare(
                "SELECT d.description FROM extensionmobilitydynamic e JOIN device d ON d.pkid = e.fkdevice \
                 WHERE e.fkenduser = ?1 AND e.fkremotecluster IS NOT NULL ORDER BY d.name",
            )
            .map_err(sql_err)?;
        let q = st.query_map(params![upk], |r| r.get::<_, Option<String>>(0)).map_err(sql_err)?;
        q.collect::<std::result::Result<Vec<_>, _>>().map_err(sql_err)?.into_iter().flatten().collect()
    };
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &home)?;
    Ok(UserEmccChange {
        cluster: home,
        user: user.to_string(),
        before: before == "t",
        after: enabled,
        emcc_sessions,
    })
}
