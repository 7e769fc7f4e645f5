//! The Cisco Extension Mobility service of a CM node handling login and logout requests:
//! intra-cluster EM (seed 000), EMCC (seed 001) and headset-based sign-in and sign-out
//! (seed 002).
//!
//! A command hands the service a batch of requests (one, or a `--from-file` of many, as
//! administrators do in bulk). The service
//!
//! 1. answers HTTP 503 when the Cisco Extension Mobility Application is not running and
//!    207 (EM Service Connection Error) when the service itself is not;
//! 2. takes up to Maximum Concurrent Requests at once: a burst (requests arriving together)
//!    beyond what is free fails with 26 (Busy Please Try Again) and counts as throttled;
//!    requests one after the other each wait for the one before (one slot);
//! 3. logs out what is due (Intra-cluster Maximum Login Time, headset auto-logout timers);
//! 4. checks each request against the documents' rules, failing with their codes, and
//!    writes the logins to `extensionmobilitydynamic` on the CM publisher in one
//!    transaction, which then replicates;
//! 5. writes its trace lines (EMService and EMApp log4j files) and moves its counters.
//!
//! The codes are those of seed 000 (troubleshooting) and of seed 001 tables 9 and 10; where
//! a document gives two codes for one cause, the one the phone shows is used.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::params::{Settings, AUTO_LOGOUT, MULTIPLE_LOGINS_NOT_ALLOWED};
use super::population::{pin_digest, CLASS_PHONE, CREDENTIAL_PIN, MAX_PHONES};
use super::state::{self, EmState, PendingLogout, Reservation};
use crate::engine::db::{self, repl, sample::pkid, schema, sql_err};
use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::lab::Lab;
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;
use crate::engine::services;
use crate::engine::traces::writer;

pub const EM_SERVICE: &str = "Cisco Extension Mobility";
pub const EM_APP: &str = "Cisco Extension Mobility Application";
/// Most requests one batch (`--from-file`) takes.
pub const MAX_BATCH: usize = 100_000;
/// How long the service waits for the publisher's database when another writer holds it
/// before it answers 6 (Database Error).
pub const EM_DB_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// What a request asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Login,
    Logout,
    EmccLogin,
    EmccLogout,
}

impl Action {
    pub fn word(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Logout => "logout",
            Action::EmccLogin => "EMCC login",
            Action::EmccLogout => "EMCC logout",
        }
    }
}

/// One login or logout request, as a phone (or the EM API) sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub action: Action,
    pub device: String,
    pub user: Option<String>,
    pub pin: Option<String>,
    /// The address the request comes from.
    pub ip: Option<String>,
    /// Sent through a web proxy (a `Via` header).
    pub proxy: bool,
    /// A headset-based sign-in without a PIN (seed 002, PIN Entry Not Required).
    #[serde(skip)]
    pub pinless: bool,
    /// Sent by an EM API application (`api`): the application user, authenticated with
    /// proxy rights, vouches for the user in place of a PIN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_user: Option<String>,
    /// The login's own maximum time in seconds (the EM API's exclusiveDuration; 0: none),
    /// in place of Intra-cluster Maximum Login Time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<i64>,
    /// Where the request comes from.
    #[serde(skip)]
    pub origin: Origin,
}

/// Where a request comes from: the phone's Services button or the EM API, through the EM
/// application (what `cluster em login|logout` sends), or the phone's headset service
/// (seed 002's headset-based sign-in).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Origin {
    #[default]
    Services,
    Headset,
}

impl Request {
    pub fn new(action: Action, device: &str) -> Request {
        Request {
            action,
            device: device.to_string(),
            user: None,
            pin: None,
            ip: None,
            proxy: false,
            pinless: false,
            app_user: None,
            duration: None,
            origin: Origin::Services,
        }
    }
}

/// How the requests of a batch arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Arrival {
    /// One after the other: each waits for the one before.
    Sequential,
    /// All at the same instant: as many run at once as Maximum Concurrent Requests allows.
    Burst,
}

/// A failed request: the code the phone shows and the documents' short description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// `201`, `26`, ... or `HTTP 503`.
    pub code: String,
    pub reason: String,
}

pub(super) fn fail(code: u16, reason: &str) -> Failure {
    Failure { code: code.to_string(), reason: reason.to_string() }
}

/// What the phone shows when it cannot reach the node's web server at all (seed 000).
fn host_not_found() -> Failure {
    Failure { code: "Host Not Found".into(), reason: "Host Not Found".into() }
}

fn http503() -> Failure {
    Failure { code: "HTTP 503".into(), reason: "HTTP Error".into() }
}

/// What happened to one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub action: Action,
    pub device: String,
    pub user: Option<String>,
    pub success: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Failure>,
    /// Done along the way: users logged out elsewhere (Auto Logout), call logs cleared,
    /// the last user remembered, the EMCC device used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A login ended by the service itself (maximum login time, headset timer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoLogout {
    pub device: String,
    pub user: String,
    pub why: String,
}

/// The result of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmReport {
    pub cluster: String,
    /// The node whose Cisco Extension Mobility service handled the batch.
    pub node: String,
    pub arrival: Arrival,
    pub requests: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub throttled: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auto_logouts: Vec<AutoLogout>,
    /// The periodic remote cluster update that came due before the batch, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_update: Option<super::remote::RemoteUpdate>,
    pub outcomes: Vec<Outcome>,
}

/// The node's EM service state, read at the batch's start and written back at its end.
struct Run<'a> {
    lab: &'a Lab,
    node: &'a NodeHandle,
    settings: Settings,
    now: DateTime<Utc>,
    at: String,
    /// Addresses of devices registered in the cluster (RIS).
    registered_ips: HashSet<String>,
    svc_lines: Vec<(&'static str, String)>,
    app_lines: Vec<(&'static str, String)>,
    /// The batch logs its changes of `extensionmobilitydynamic` itself (its capture
    /// triggers dropped for the transaction): a trigger would make SQLite keep a statement
    /// journal of every page each delete touches (perf: a third of a logout batch).
    capture: bool,
    known: Known,
}

const EMD: &str = "extensionmobilitydynamic";

/// A write of one `extensionmobilitydynamic` row, logged for replication as its capture
/// trigger would (`I`, `U`, `D`) when the batch has taken the triggers' place.
fn emd_write(
    tx: &Connection,
    capture: bool,
    sql: &str,
    p: impl rusqlite::Params,
    pk: &str,
    op: &str,
) -> Result<()> {
    exec(tx, sql, p).map_err(sql_err)?;
    if capture {
        exec(tx, "INSERT INTO cdr_log (tab, pk, op) VALUES (?1, ?2, ?3)", params![EMD, pk, op])
            .map_err(sql_err)?;
    }
    Ok(())
}

pub(crate) fn time_text(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok().map(|t| t.and_utc())
}

/// The CM node whose EM service handles a request: the one named, else the cluster's CM
/// publisher (of `cluster`, else the first cluster).
pub fn em_node(lab: &Lab, node: Option<&str>, cluster: Option<&str>) -> Result<NodeHandle> {
    if let Some(n) = node {
        let h = lab.node(n)?;
        if h.product() != Product::Cm {
            return Err(EngineError::WrongRole { role: h.role().describe().to_string() });
        }
        return Ok(h);
    }
    let c = match cluster {
        Some(c) => lab.deployment().cluster(c).ok_or_else(|| EngineError::UnknownCluster(c.to_string()))?,
        None => lab.deployment().clusters.first().ok_or(EngineError::NoCluster)?,
    };
    let p = c.publisher(Product::Cm).ok_or_else(|| EngineError::NoPublisher {
        cluster: c.name.clone(),
        product: Product::Cm.describe(),
    })?;
    lab.node(&p.name)
}

fn db_usable(node: &NodeHandle) -> Result<bool> {
    Ok(node.is_up()? && services::load(node)?.is_running("A Cisco DB"))
}

/// The addresses of the devices registered to the cluster's CM nodes.
pub(crate) fn registrations(lab: &Lab, cluster: &str) -> Result<Vec<(String, String, state::Registration)>> {
    let mut out = Vec::new();
    let c =
        lab.deployment().cluster(cluster).ok_or_else(|| EngineError::UnknownCluster(cluster.to_string()))?;
    for spec in c.nodes_of(Product::Cm) {
        let n = lab.node(&spec.name)?;
        for (device, r) in state::load_ris(&n)?.devices {
            out.push((spec.name.clone(), device, r));
        }
    }
    Ok(out)
}

/// Handles a batch of requests on `op`'s node (a CM node running the EM service).
pub fn handle(op: &Op, requests: &[Request], arrival: Arrival) -> Result<EmReport> {
    let node = op.node();
    if node.product() != Product::Cm {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    let cluster = node.cluster.clone();
    let now = node.now();
    let mut report = EmReport {
        cluster: cluster.clone(),
        node: node.name().to_string(),
        arrival,
        requests: requests.len(),
        succeeded: 0,
        failed: 0,
        throttled: 0,
        auto_logouts: Vec::new(),
        remote_update: None,
        outcomes: Vec::with_capacity(requests.len()),
    };
    let running = services::load(node)?;
    // The phone reaches Tomcat first (seed 000: without it the phone shows Host Not Found),
    // then the application (without it Tomcat answers HTTP 503), which reaches the service.
    if !running.is_running("Cisco Tomcat") {
        for r in requests {
            report.outcomes.push(outcome(r, Some(host_not_found()), Vec::new()));
        }
        report.failed = requests.len();
        return Ok(report);
    }
    // EM API requests (`api`) are posted to the service itself, not through the application.
    let via_app = !requests.iter().all(|r| r.app_user.is_some());
    if via_app && !running.is_running(EM_APP) {
        for r in requests {
            report.outcomes.push(outcome(r, Some(http503()), Vec::new()));
        }
        report.failed = requests.len();
        let lines: Vec<(&str, String)> = requests
            .iter()
            .map(|r| {
                (
                    "ERROR",
                    format!(
                        "HTTP 503: {EM_APP} is not available for the {} request of device {}",
                        r.action.word(),
                        r.device
                    ),
                )
            })
            .collect();
        let _ = writer::record_lines(node, "Cisco Tomcat", &lines);
        return Ok(report);
    }
    // Seed 001 table 9: an application that could not initialise answers 210 itself.
    if super::nodestate::app_init_failed(node, requests, &mut report)? {
        return Ok(report);
    }
    let mut app_lines: Vec<(&'static str, String)> = Vec::new();
    if !running.is_running(EM_SERVICE) {
        for r in requests {
            let f = fail(207, "EM Service Connection Error");
            app_lines.push((
                "ERROR",
                format!(
                    "{} {} for device {}: cannot connect to EMService, error 207",
                    r.action.word(),
                    who(r),
                    r.device
                ),
            ));
            report.outcomes.push(outcome(r, Some(f), Vec::new()));
        }
        report.failed = requests.len();
        let _ = writer::record_lines(node, EM_APP, &app_lines);
        return Ok(report);
    }
    // The cluster's periodic remote cluster update, if one came due (seed 001 table 4).
    report.remote_update = super::remote::update_if_due(op.lab(), &cluster, false)?;
    let settings = Settings::load(&db::open(node)?)?;
    // Slots: a burst takes what is free; one request after the other needs one.
    let pid = std::process::id();
    let (accepted, in_progress_before) = {
        let _lock = node.lock()?;
        let mut st = state::load(node)?;
        let busy = st.in_progress();
        let free = (settings.max_concurrent as u64).saturating_sub(busy);
        let accepted = match arrival {
            Arrival::Burst => (free as usize).min(requests.len()),
            Arrival::Sequential if free > 0 => requests.len(),
            Arrival::Sequential => 0,
        };
        let slots = match arrival {
            Arrival::Burst => accepted as u64,
            Arrival::Sequential => u64::from(accepted > 0),
        };
        if slots > 0 {
            st.reservations.push(Reservation { pid, slots });
        }
        state::save_transient(node, &st)?;
        (accepted, busy)
    };
    let result = run_accepted(op, &settings, requests, accepted, in_progress_before, &mut report, now);
    // Give the slots back, count, whatever happened.
    let _lock = node.lock()?;
    let mut st = state::load(node)?;
    if let Some(i) = st.reservations.iter().position(|r| r.pid == pid) {
        st.reservations.remove(i);
    }
    if let Ok(extra) = &result {
        let c = &mut st.counters;
        c.requests_handled += requests.len() as u64;
        c.requests_throttled += report.throttled as u64;
        c.failed += report.failed as u64;
        for o in report.outcomes.iter().filter(|o| o.success) {
            match o.action {
                Action::Login => c.successful_logins += 1,
                Action::Logout => c.successful_logouts += 1,
                Action::EmccLogin => {
                    c.successful_logins += 1;
                    c.emcc_logins += 1
                }
                Action::EmccLogout => {
                    c.successful_logouts += 1;
                    c.emcc_logouts += 1
                }
            }
        }
        c.successful_logouts += report.auto_logouts.len() as u64;
        for ip in &extra.cached {
            st.cache(ip, settings.cache_size);
        }
        st.pending_logouts.retain(|p| !extra.done_pending.contains(&(p.device.clone(), p.user.clone())));
    }
    state::save(node, &st)?;
    result.map(|_| report)
}

/// What the batch changed in the node's state besides the counters.
#[derive(Default)]
struct Extra {
    cached: Vec<String>,
    done_pending: HashSet<(String, String)>,
}

pub(super) fn who(r: &Request) -> String {
    r.user.clone().unwrap_or_else(|| "-".into())
}

pub(super) fn outcome(r: &Request, error: Option<Failure>, notes: Vec<String>) -> Outcome {
    Outcome {
        action: r.action,
        device: r.device.clone(),
        user: r.user.clone(),
        success: error.is_none(),
        error,
        notes,
    }
}

fn run_accepted(
    op: &Op,
    settings: &Settings,
    requests: &[Request],
    accepted: usize,
    busy: u64,
    report: &mut EmReport,
    now: DateTime<Utc>,
) -> Result<Extra> {
    let (lab, node) = (op.lab(), op.node());
    let mut extra = Extra::default();
    let mut run = Run {
        lab,
        node,
        settings: settings.clone(),
        now,
        at: time_text(now),
        registered_ips: registrations(lab, &node.cluster)?.into_iter().map(|(_, _, r)| r.ip).collect(),
        svc_lines: Vec::new(),
        app_lines: Vec::new(),
        capture: false,
        known: Known::default(),
    };
    let publisher = repl::publisher_of(lab, node)?;
    // Seed 001 table 10: 29 (RIS down), 4 (a subscriber's own replica down) before 6.
    let blocked = super::nodestate::blocked(node, &publisher, &services::load(node)?);
    let db_ok = blocked.is_none() && db_usable(node)? && db_usable(&publisher)?;
    let mut outcomes: Vec<Option<Outcome>> = vec![None; requests.len()];
    // Throttled: what the burst could not take.
    for (i, r) in requests.iter().enumerate().skip(accepted) {
        run.svc_lines.push((
            "WARN",
            format!(
                "{} {} for device {} throttled: {} requests in progress, MaxConcurrentRequests={}, error 26",
                r.action.word(),
                who(r),
                r.device,
                busy + accepted as u64,
                settings.max_concurrent
            ),
        ));
        run.app_lines.push((
            "WARN",
            format!("{} {} for device {}: Busy Please Try Again (26)", r.action.word(), who(r), r.device),
        ));
        outcomes[i] = Some(outcome(r, Some(fail(26, "Busy Please Try Again")), Vec::new()));
        report.throttled += 1;
    }
    // The batch's transaction on the publisher. A database the service cannot reach, or
    // one another writer holds past the service's wait (a heavy load), fails the accepted
    // requests with 6 (seed 000: Database Error, with Requests In Progress high).
    let mut conn = if accepted > 0 && db_ok {
        let c = db::open(&publisher)?;
        c.busy_timeout(EM_DB_WAIT).map_err(sql_err)?;
        Some(c)
    } else {
        None
    };
    let mut db_why = "database is not available";
    let mut emcc_done: Vec<String> = Vec::new();
    let mut committed = false;
    {
        let tx = match conn.as_mut().map(|c| c.transaction_with_behavior(TransactionBehavior::Immediate)) {
            None => None,
            Some(Ok(tx)) => Some(tx),
            Some(Err(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                db_why = "database is busy";
                None
            }
            Some(Err(e)) => return Err(sql_err(e)),
        };
        match tx {
            None if accepted > 0 => {
                let (f, why) = blocked.unwrap_or_else(|| (fail(6, "Database Error"), db_why));
                for (i, r) in requests.iter().enumerate().take(accepted) {
                    run.svc_lines.push((
                        "ERROR",
                        format!(
                            "{} {} for device {}: {why}, error {}",
                            r.action.word(),
                            who(r),
                            r.device,
                            f.code
                        ),
                    ));
                    run.app_lines.push((
                        "ERROR",
                        format!("{} {} on device {}: error {}", r.action.word(), who(r), r.device, f.code),
                    ));
                    outcomes[i] = Some(outcome(r, Some(f.clone()), Vec::new()));
                }
            }
            None => {}
            Some(tx) => {
                let table = schema::table(EMD)
                    .ok_or_else(|| EngineError::Internal { what: format!("no table {EMD}") })?;
                let triggers: i64 = tx
                    .query_row(
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1",
                        params![EMD],
                        |r| r.get(0),
                    )
                    .map_err(sql_err)?;
                if triggers > 0 {
                    tx.execute_batch(&schema::drop_capture_triggers_for(table)).map_err(sql_err)?;
                    run.capture = true;
                }
                let local =
                    super::nodestate::LocalView::resolve(node, &publisher, &tx, &requests[..accepted])?;
                let pending = state::load(node)?.pending_logouts;
                report.auto_logouts = sweep(&tx, &mut run, &pending, &mut extra)?;
                run.known = Known::resolve(&tx, &requests[..accepted])?;
                for (i, r) in requests.iter().enumerate().take(accepted) {
                    op.cancel().check()?;
                    let res = match (local.check(r), r.action) {
                        (Some((f, why)), _) => {
                            run.svc_lines.push((
                                "ERROR",
                                format!("{} {} for device {}: {why}", r.action.word(), who(r), r.device),
                            ));
                            Err(f)
                        }
                        (None, Action::Login) => login(&tx, &mut run, r, &mut extra)?,
                        (None, Action::Logout) => logout(&tx, &mut run, r)?,
                        (None, Action::EmccLogin) => emcc_login(&tx, &mut run, r, &mut emcc_done)?,
                        (None, Action::EmccLogout) => emcc_logout(&tx, &mut run, r, &mut emcc_done)?,
                    };
                    let o = match res {
                        Ok(notes) => {
                            run.app_lines.push((
                                "INFO",
                                format!("{} {} on device {}: success", r.action.word(), who(r), r.device),
                            ));
                            outcome(r, None, notes)
                        }
                        Err(f) => {
                            run.svc_lines.push((
                                "ERROR",
                                format!(
                                    "{} {} for device {} failed: error {} ({})",
                                    r.action.word(),
                                    who(r),
                                    r.device,
                                    f.code,
                                    f.reason
                                ),
                            ));
                            run.app_lines.push((
                                "ERROR",
                                format!(
                                    "{} {} on device {}: error {}",
                                    r.action.word(),
                                    who(r),
                                    r.device,
                                    f.code
                                ),
                            ));
                            outcome(r, Some(f), Vec::new())
                        }
                    };
                    outcomes[i] = Some(o);
                }
                if run.capture {
                    tx.execute_batch(&schema::capture_triggers_for(table)).map_err(sql_err)?;
                }
                tx.commit().map_err(sql_err)?;
                committed = true;
            }
        }
    }
    drop(conn);
    if committed {
        repl::replicate(lab, &node.cluster)?;
        emcc_done.sort();
        emcc_done.dedup();
        for c in emcc_done.iter().filter(|c| **c != node.cluster) {
            repl::replicate(lab, c)?;
        }
    }
    report.outcomes = outcomes.into_iter().flatten().collect();
    report.succeeded = report.outcomes.iter().filter(|o| o.success).count();
    report.failed = report.outcomes.len() - report.succeeded;
    let _ = writer::record_lines(node, EM_SERVICE, &run.svc_lines);
    let _ = writer::record_lines(node, EM_APP, &run.app_lines);
    Ok(extra)
}

fn one<T: rusqlite::types::FromSql>(
    tx: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Option<T>> {
    tx.prepare_cached(sql).map_err(sql_err)?.query_row(p, |r| r.get(0)).optional().map_err(sql_err)
}

/// Runs a statement through the connection's statement cache (the same few statements run
/// for every request of a batch).
fn exec(tx: &Connection, sql: &str, p: impl rusqlite::Params) -> rusqlite::Result<usize> {
    tx.prepare_cached(sql)?.execute(p)
}

/// What a batch looks up in the big tables (devices, users and their PINs, profiles),
/// resolved for all its requests at once, in a few set queries, as `run sql` would: logins
/// and logouts do not change these rows, so the answers hold for the whole batch. A name
/// not among them does not exist; what was not asked (an EMCC or headset path) is queried.
#[derive(Default)]
struct Known {
    devices: foldhash::HashMap<String, Device>,
    device_names: foldhash::HashSet<String>,
    /// userid -> (pkid, PIN digest).
    users: foldhash::HashMap<String, (String, Option<String>)>,
    user_names: foldhash::HashSet<String>,
    /// user pkid -> (profile pkid, profile name), for the users found.
    profiles: foldhash::HashMap<String, (String, String)>,
    profiled: foldhash::HashSet<String>,
    /// user pkid -> userid, for the users logged in to the batch's devices.
    userids: foldhash::HashMap<String, String>,
    /// device pkid -> its `extensionmobilitydynamic` row, for the batch's devices found;
    /// kept current as the batch writes them (`set_slot`).
    slots: foldhash::HashMap<String, Option<Slot>>,
    /// user pkid -> how many `extensionmobilitydynamic` rows name the user, for the
    /// batch's users found; kept current as the batch writes (`add_rows`).
    user_rows: foldhash::HashMap<String, i64>,
    /// The batch's users found whose PIN has User Must Change at Next Login.
    must_change: foldhash::HashSet<String>,
}

fn json_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    serde_json::Value::Array(items.map(|s| serde_json::Value::String(s.to_string())).collect()).to_string()
}

impl Known {
    fn resolve(tx: &Connection, requests: &[Request]) -> Result<Known> {
        let mut k = Known::default();
        let mut names: Vec<&str> =
            requests.iter().map(|r| r.device.as_str()).filter(|d| !d.is_empty()).collect();
        names.sort_unstable();
        names.dedup();
        let list = json_list(names.iter().copied());
        // extensionmobilitydynamic has a row per phone in use. When it is not much bigger
        // than the batch, one scan of it answers for all the batch's devices and users, for
        // less than a probe of its indexes for each (perf: the probes were a third of the
        // lookups of a 10,000-login batch); else each is probed in the set queries.
        let rows: i64 = tx
            .query_row("SELECT count(*) FROM extensionmobilitydynamic", [], |r| r.get(0))
            .map_err(sql_err)?;
        let scan = rows <= 2 * requests.len() as i64;
        let mut by_device: foldhash::HashMap<String, Slot> = foldhash::HashMap::default();
        let mut by_user: foldhash::HashMap<String, i64> = foldhash::HashMap::default();
        if scan && rows > 0 {
            let mut st = tx
                .prepare("SELECT pkid, fkdevice, fkenduser, fkremotecluster FROM extensionmobilitydynamic")
                .map_err(sql_err)?;
            let mut q = st.query([]).map_err(sql_err)?;
            while let Some(r) = q.next().map_err(sql_err)? {
                let user: Option<String> = r.get(2).map_err(sql_err)?;
                if let Some(u) = &user {
                    *by_user.entry(u.clone()).or_insert(0) += 1;
                }
                by_device.insert(
                    r.get(1).map_err(sql_err)?,
                    Slot { row: r.get(0).map_err(sql_err)?, user, remote: r.get(3).map_err(sql_err)? },
                );
            }
        }
        {
            // The devices, with the row each has in extensionmobilitydynamic and its user:
            // one pass over the names.
            let mut st = tx
                .prepare(if scan {
                    "SELECT j.value, d.pkid, d.tkclass, d.tkmodel, d.allowhotelingflag, NULL, NULL, NULL, NULL \
                     FROM json_each(?1) j CROSS JOIN device d ON d.name = j.value"
                } else {
                    "SELECT j.value, d.pkid, d.tkclass, d.tkmodel, d.allowhotelingflag, e.pkid, e.fkenduser, \
                     e.fkremotecluster, u.userid FROM json_each(?1) j CROSS JOIN device d ON d.name = j.value \
                     LEFT JOIN extensionmobilitydynamic e ON e.fkdevice = d.pkid LEFT JOIN enduser u ON u.pkid = e.fkenduser"
                })
                .map_err(sql_err)?;
            let mut q = st.query(params![list]).map_err(sql_err)?;
            while let Some(r) = q.next().map_err(sql_err)? {
                let name: String = r.get(0).map_err(sql_err)?;
                let dev = Device {
                    pkid: r.get(1).map_err(sql_err)?,
                    class: r.get(2).map_err(sql_err)?,
                    model: r.get(3).map_err(sql_err)?,
                    hotel: r.get::<_, String>(4).map_err(sql_err)? == "t",
                };
                let row: Option<String> = r.get(5).map_err(sql_err)?;
                let slot = match row {
                    Some(row) => {
                        let user: Option<String> = r.get(6).map_err(sql_err)?;
                        if let (Some(pk), Some(id)) = (&user, r.get::<_, Option<String>>(8).map_err(sql_err)?)
                        {
                            k.userids.insert(pk.clone(), id);
                        }
                        Some(Slot { row, user, remote: r.get(7).map_err(sql_err)? })
                    }
                    None if scan => by_device.remove(&dev.pkid),
                    None => None,
                };
                k.slots.insert(dev.pkid.clone(), slot);
                k.devices.insert(name, dev);
            }
        }
        if scan {
            // The user IDs of the users logged in to the batch's devices.
            let pks: Vec<&str> = k.slots.values().flatten().filter_map(|s| s.user.as_deref()).collect();
            if !pks.is_empty() {
                let mut st = tx
                    .prepare("SELECT u.pkid, u.userid FROM json_each(?1) j CROSS JOIN enduser u ON u.pkid = j.value")
                    .map_err(sql_err)?;
                let q = st
                    .query_map(params![json_list(pks.iter().copied())], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(sql_err)?;
                k.userids = q.collect::<std::result::Result<_, _>>().map_err(sql_err)?;
            }
        }
        k.device_names = names.iter().map(|n| n.to_string()).collect();
        let mut users: Vec<&str> = requests.iter().filter_map(|r| r.user.as_deref()).map(str::trim).collect();
        users.sort_unstable();
        users.dedup();
        {
            // The users, then their PIN digests, profile associations and profiles, each
            // looked up in key order (the pkids are random UUIDs: looked up sorted, one
            // index page serves many; perf: a third less time than one join in the
            // user IDs' order).
            let mut st = tx
                .prepare(if scan {
                    "SELECT j.value, u.pkid, 0 FROM json_each(?1) j CROSS JOIN enduser u ON u.userid = j.value"
                } else {
                    "SELECT j.value, u.pkid, (SELECT count(*) FROM extensionmobilitydynamic e WHERE e.fkenduser = u.pkid) \
                     FROM json_each(?1) j CROSS JOIN enduser u ON u.userid = j.value"
                })
                .map_err(sql_err)?;
            let mut q = st.query(params![json_list(users.iter().copied())]).map_err(sql_err)?;
            while let Some(r) = q.next().map_err(sql_err)? {
                let user: String = r.get(1).map_err(sql_err)?;
                let n: i64 = if scan {
                    by_user.get(&user).copied().unwrap_or(0)
                } else {
                    r.get(2).map_err(sql_err)?
                };
                k.user_rows.insert(user.clone(), n);
                k.users.insert(r.get(0).map_err(sql_err)?, (user, None));
            }
            let mut pks: Vec<&str> = k.user_rows.keys().map(String::as_str).collect();
            pks.sort_unstable();
            let pk_list = json_list(pks.iter().copied());
            let mut digests: foldhash::HashMap<String, String> = foldhash::HashMap::default();
            {
                let mut st = tx
                    .prepare(
                        "SELECT c.fkenduser, c.credentials, c.usermustchange FROM json_each(?1) j CROSS JOIN credential c \
                         ON c.fkenduser = j.value AND c.tkcredential = 3",
                    )
                    .map_err(sql_err)?;
                let mut q = st.query(params![pk_list]).map_err(sql_err)?;
                while let Some(r) = q.next().map_err(sql_err)? {
                    let user: String = r.get(0).map_err(sql_err)?;
                    if r.get_ref(2).map_err(sql_err)?.as_str_or_null().ok().flatten() == Some("t") {
                        k.must_change.insert(user.clone());
                    }
                    digests.insert(user, r.get(1).map_err(sql_err)?);
                }
            }
            for (pk, digest) in k.users.values_mut() {
                *digest = digests.remove(pk.as_str());
            }
            // tkuserassociation 2: the user's profiles (1: devices the user owns).
            let mut maps: Vec<(String, String, bool)> = Vec::new();
            {
                let mut st = tx
                    .prepare(
                        "SELECT m.fkenduser, m.fkdevice, m.defaultprofile FROM json_each(?1) j \
                         CROSS JOIN enduserdevicemap m ON m.fkenduser = j.value AND m.tkuserassociation = 2",
                    )
                    .map_err(sql_err)?;
                let mut q = st.query(params![pk_list]).map_err(sql_err)?;
                while let Some(r) = q.next().map_err(sql_err)? {
                    maps.push((
                        r.get(0).map_err(sql_err)?,
                        r.get(1).map_err(sql_err)?,
                        r.get::<_, String>(2).map_err(sql_err)? == "t",
                    ));
                }
            }
            let mut devs: Vec<&str> = maps.iter().map(|(_, d, _)| d.as_str()).collect();
            devs.sort_unstable();
            devs.dedup();
            let mut names: foldhash::HashMap<String, String> = foldhash::HashMap::default();
            {
                let mut st = tx
                    .prepare(
                        "SELECT d.pkid, d.name FROM json_each(?1) j CROSS JOIN device d ON d.pkid = j.value AND d.tkclass = 254",
                    )
                    .map_err(sql_err)?;
                let mut q = st.query(params![json_list(devs.iter().copied())]).map_err(sql_err)?;
                while let Some(r) = q.next().map_err(sql_err)? {
                    names.insert(r.get(0).map_err(sql_err)?, r.get(1).map_err(sql_err)?);
                }
            }
            let mut best: foldhash::HashMap<String, (bool, String, String)> = foldhash::HashMap::default();
            for (user, dev, default) in maps {
                let Some(name) = names.get(&dev) else { continue };
                let cand = (default, name.clone(), dev);
                let better = match best.get(&user) {
                    None => true,
                    Some(b) => (cand.0, std::cmp::Reverse(&cand.1)) > (b.0, std::cmp::Reverse(&b.1)),
                };
                if better {
                    best.insert(user, cand);
                }
            }
            k.profiled = k.user_rows.keys().cloned().collect();
            k.profiles = best.into_iter().map(|(u, (_, name, pk))| (u, (pk, name))).collect();
        }
        k.user_names = users.iter().map(|u| u.to_string()).collect();
        Ok(k)
    }

    fn device(&self, tx: &Connection, name: &str) -> Result<Option<Device>> {
        if self.device_names.contains(name) {
            return Ok(self.devices.get(name).cloned());
        }
        device(tx, name)
    }

    /// (pkid, PIN digest) of a user ID.
    fn user(&self, tx: &Connection, userid: &str) -> Result<Option<(String, Option<String>)>> {
        if self.user_names.contains(userid) {
            return Ok(self.users.get(userid).cloned());
        }
        let Some(pk) = one::<String>(tx, "SELECT pkid FROM enduser WHERE userid = ?1", params![userid])?
        else {
            return Ok(None);
        };
        let digest = one::<String>(
            tx,
            "SELECT credentials FROM credential WHERE fkenduser = ?1 AND tkcredential = 3",
            params![pk],
        )?;
        Ok(Some((pk, digest)))
    }

    /// Whether the user's PIN must change at the next login.
    fn must_change(&self, tx: &Connection, user_pk: &str) -> Result<bool> {
        if self.user_rows.contains_key(user_pk) {
            return Ok(self.must_change.contains(user_pk));
        }
        super::nodestate::pin_must_change(tx, user_pk)
    }

    fn profile(&self, tx: &Connection, user: &str) -> Result<Option<(String, String)>> {
        if self.profiled.contains(user) {
            return Ok(self.profiles.get(user).cloned());
        }
        profile_of(tx, user)
    }

    /// A device's row, from the batch's view when the device was resolved.
    fn slot(&self, tx: &Connection, device_pk: &str) -> Result<Option<Slot>> {
        match self.slots.get(device_pk) {
            Some(s) => Ok(s.clone()),
            None => slot(tx, device_pk),
        }
    }

    /// Records what the batch wrote to a resolved device's row.
    fn set_slot(&mut self, device_pk: &str, s: Option<Slot>) {
        if let Some(v) = self.slots.get_mut(device_pk) {
            *v = s;
        }
    }

    /// Whether any row names the user (logged in somewhere).
    fn logged_in_anywhere(&self, tx: &Connection, user_pk: &str) -> Result<bool> {
        if let Some(n) = self.user_rows.get(user_pk) {
            return Ok(*n > 0);
        }
        Ok(one::<String>(
            tx,
            "SELECT pkid FROM extensionmobilitydynamic WHERE fkenduser = ?1 LIMIT 1",
            params![user_pk],
        )?
        .is_some())
    }

    fn add_rows(&mut self, user_pk: &str, delta: i64) {
        if let Some(n) = self.user_rows.get_mut(user_pk) {
            *n += delta;
        }
    }

    fn userid(&self, tx: &Connection, pk: &str) -> Result<Option<String>> {
        if let Some(u) = self.userids.get(pk) {
            return Ok(Some(u.clone()));
        }
        one::<String>(tx, "SELECT userid FROM enduser WHERE pkid = ?1", params![pk])
    }
}

#[derive(Clone)]
struct Device {
    pkid: String,
    class: i64,
    model: i64,
    hotel: bool,
}

fn device(tx: &Connection, name: &str) -> Result<Option<Device>> {
    tx.prepare_cached("SELECT pkid, tkclass, tkmodel, allowhotelingflag FROM device WHERE name = ?1")
        .map_err(sql_err)?
        .query_row(params![name], |r| {
            Ok(Device {
                pkid: r.get(0)?,
                class: r.get(1)?,
                model: r.get(2)?,
                hotel: r.get::<_, String>(3)? == "t",
            })
        })
        .optional()
        .map_err(sql_err)
}

/// The user's device profile: the default one, else the first by name. (Simple keyed
/// lookups: the join with ORDER BY ... LIMIT had SQLite re-prepare it at every step.)
fn profile_of(tx: &Connection, user: &str) -> Result<Option<(String, String)>> {
    let maps: Vec<(String, String)> = {
        let mut st = tx
            // tkuserassociation 2: the user's profiles (1: devices the user owns).
            .prepare_cached(
                "SELECT fkdevice, defaultprofile FROM enduserdevicemap WHERE fkenduser = ?1 AND tkuserassociation = 2",
            )
            .map_err(sql_err)?;
        let q = st.query_map(params![user], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql_err)?;
        q.collect::<std::result::Result<_, _>>().map_err(sql_err)?
    };
    let mut best: Option<(bool, String, String)> = None;
    for (dev, default) in maps {
        let found: Option<(String, i64)> = tx
            .prepare_cached("SELECT name, tkclass FROM device WHERE pkid = ?1")
            .map_err(sql_err)?
            .query_row(params![dev], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(sql_err)?;
        let Some((name, class)) = found else { continue };
        if class != super::population::CLASS_PROFILE {
            continue;
        }
        let cand = (default == "t", name, dev);
        let better = match &best {
            None => true,
            Some(b) => (cand.0, std::cmp::Reverse(&cand.1)) > (b.0, std::cmp::Reverse(&b.1)),
        };
        if better {
            best = Some(cand);
        }
    }
    Ok(best.map(|(_, name, pk)| (pk, name)))
}

/// A device's row of `extensionmobilitydynamic` (at most one): its pkid, the user logged in
/// (none when only the last user is remembered), the remote cluster of an EMCC login.
#[derive(Clone)]
struct Slot {
    row: String,
    user: Option<String>,
    remote: Option<String>,
}

fn slot(tx: &Connection, device: &str) -> Result<Option<Slot>> {
    tx.prepare_cached(
        "SELECT pkid, fkenduser, fkremotecluster FROM extensionmobilitydynamic WHERE fkdevice = ?1",
    )
    .map_err(sql_err)?
    .query_row(params![device], |r| Ok(Slot { row: r.get(0)?, user: r.get(1)?, remote: r.get(2)? }))
    .optional()
    .map_err(sql_err)
}

/// The row of whoever is logged in to a device: (row pkid, user pkid).
fn current(tx: &Connection, device: &str) -> Result<Option<(String, String)>> {
    Ok(slot(tx, device)?.and_then(|s| s.user.map(|u| (s.row, u))))
}

/// Ends a login: the row goes, or (Remember the Last User Logged In) stays with the user
/// as the last one. `on` (device pkid, user pkid) keeps the batch's view current.
fn end_login(tx: &Connection, run: &mut Run, row: &str, on: Option<(&str, &str)>) -> Result<()> {
    if let Some((device, user)) = on {
        let kept =
            run.settings.remember_last_user.then(|| Slot { row: row.to_string(), user: None, remote: None });
        run.known.set_slot(device, kept);
        run.known.add_rows(user, -1);
    }
    if run.settings.remember_last_user {
        emd_write(
            tx,
            run.capture,
            "UPDATE OR ROLLBACK extensionmobilitydynamic SET fkenduser_lastlogin = fkenduser, fkenduser = NULL, \
             fkdevice_currentloginprofile = NULL, logintime = NULL, loginduration = 0 WHERE pkid = ?1",
            params![row],
            row,
            "U",
        )
    } else {
        emd_write(
            tx,
            run.capture,
            "DELETE FROM extensionmobilitydynamic WHERE pkid = ?1",
            params![row],
            row,
            "D",
        )
    }
}

/// Logs out what is due: logins past their maximum time, headsets gone past their timer.
fn sweep(
    tx: &Transaction,
    run: &mut Run,
    pending: &[PendingLogout],
    extra: &mut Extra,
) -> Result<Vec<AutoLogout>> {
    let mut out = Vec::new();
    let rows: Vec<(String, String, String, String, i64)> = {
        let mut st = tx
            .prepare(
                "SELECT e.pkid, d.name, coalesce(u.userid, e.fkenduser), e.logintime, e.loginduration \
                 FROM extensionmobilitydynamic e JOIN device d ON d.pkid = e.fkdevice \
                 LEFT JOIN enduser u ON u.pkid = e.fkenduser \
                 WHERE e.fkenduser IS NOT NULL AND e.loginduration > 0 AND e.fkremotecluster IS NULL",
            )
            .map_err(sql_err)?;
        let q = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    r.get(4)?,
                ))
            })
            .map_err(sql_err)?;
        q.collect::<std::result::Result<_, _>>().map_err(sql_err)?
    };
    for (row, dev, user, at, secs) in rows {
        let Some(t) = parse_time(&at) else { continue };
        if t + chrono::Duration::seconds(secs) <= run.now {
            // Before the batch resolves its view: nothing to keep current.
            end_login(tx, run, &row, None)?;
            run.svc_lines.push(("INFO", format!("Auto logout of {user} from device {dev}: the maximum login time of {secs} seconds has passed")));
            out.push(AutoLogout { device: dev, user, why: "maximum login time".into() });
        }
    }
    for p in pending {
        let due = DateTime::parse_from_rfc3339(&p.due).map(|t| t.with_timezone(&Utc)).ok();
        if due.is_some_and(|d| d <= run.now) {
            extra.done_pending.insert((p.device.clone(), p.user.clone()));
            let Some(d) = device(tx, &p.device)? else { continue };
            let Some(upk) = one::<String>(tx, "SELECT pkid FROM enduser WHERE userid = ?1", params![p.user])?
            else {
                continue;
            };
            if let Some((row, who)) = current(tx, &d.pkid)? {
                if who == upk {
                    end_login(tx, run, &row, None)?;
                    run.svc_lines.push((
                        "INFO",
                        format!("Auto logout of {} from device {}: headset {} disconnected, auto-logout timer expired", p.user, p.device, p.serial),
                    ));
                    out.push(AutoLogout {
                        device: p.device.clone(),
                        user: p.user.clone(),
                        why: "headset disconnected".into(),
                    });
                }
            }
        }
        // Not due yet: it stays in the node's state.
    }
    Ok(out)
}

/// IP validation (Validate IP Address, Trusted List of IPs, Allow Proxy, the device cache).
fn ip_check(run: &Run, r: &Request, extra: &mut Extra) -> Option<Failure> {
    let s = &run.settings;
    if !s.validate_ip {
        return None;
    }
    if r.proxy && !s.allow_proxy {
        return Some(fail(30, "Proxy not allowed"));
    }
    let Some(ip) = r.ip.as_deref() else {
        return Some(fail(28, "Untrusted IP Error"));
    };
    let cached = state::load(run.node).map(|st| st.ip_cache.iter().any(|c| c == ip)).unwrap_or(false);
    if cached || s.trusted_ips.iter().any(|t| t == ip) || run.registered_ips.contains(ip) {
        extra.cached.push(ip.to_string());
        return None;
    }
    Some(fail(28, "Untrusted IP Error"))
}

type Step = Result<std::result::Result<Vec<String>, Failure>>;

fn login(tx: &Transaction, run: &mut Run, r: &Request, extra: &mut Extra) -> Step {
    if r.device.trim().is_empty() {
        return Ok(Err(fail(207, "Device Name Empty")));
    }
    let user = r.user.as_deref().unwrap_or("").trim();
    let pin = r.pin.as_deref().unwrap_or("").trim();
    // Headsets without PIN entry and EM API applications (proxy rights) send no PIN.
    let vouched = r.pinless || r.app_user.is_some();
    if user.is_empty() || (pin.is_empty() && !vouched) {
        return Ok(Err(fail(202, "Blank User ID or PIN")));
    }
    if let Some(f) = ip_check(run, r, extra) {
        return Ok(Err(f));
    }
    let Some(dev) = run.known.device(tx, &r.device)? else {
        return Ok(Err(fail(11, "Device does not exist")));
    };
    if dev.class != CLASS_PHONE || !dev.hotel {
        return Ok(Err(super::nodestate::logon_disabled(r)));
    }
    if !run.settings.alphanumeric_userid && !user.chars().all(|c| c.is_ascii_digit()) {
        return Ok(Err(fail(201, "Authentication Error")));
    }
    let Some((upk, digest)) = run.known.user(tx, user)? else {
        return Ok(Err(fail(201, "Authentication Error")));
    };
    // Table 9's 204: IMS cannot authenticate the user's PIN at all (its credential is not
    // a digest it can check), as opposed to a PIN that does not match (201).
    if !vouched && digest.as_deref().is_some_and(|d| !super::population::readable_pin_digest(d)) {
        return Ok(Err(fail(204, "Directory Server Error")));
    }
    if !vouched && digest.as_deref() != Some(pin_digest(user, pin).as_str()) {
        return Ok(Err(fail(201, "Authentication Error")));
    }
    if !r.pinless && run.known.must_change(tx, &upk)? {
        return Ok(Err(super::nodestate::pin_change_required()));
    }
    let Some((profile, profile_name)) = run.known.profile(tx, &upk)? else {
        return Ok(Err(fail(205, "User Profile Absent")));
    };
    let mut notes = Vec::new();
    let kept = run.known.slot(tx, &dev.pkid)?;
    if let Some(other) = kept.as_ref().and_then(|s| s.user.as_ref()) {
        if *other != upk {
            return Ok(Err(fail(18, "Another user logged in")));
        }
        return Ok(Err(fail(25, "User Logged in Elsewhere")));
    }
    // Most users are logged in nowhere: the batch's view (or the index) says so.
    let elsewhere: Vec<(String, String)> = if !run.known.logged_in_anywhere(tx, &upk)? {
        Vec::new()
    } else {
        let mut st = tx
            .prepare_cached(
                "SELECT pkid, fkdevice FROM extensionmobilitydynamic WHERE fkenduser = ?1 AND fkremotecluster IS NULL",
            )
            .map_err(sql_err)?;
        let q = st.query_map(params![upk], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql_err)?;
        q.collect::<std::result::Result<_, _>>().map_err(sql_err)?
    };
    let elsewhere: Vec<(String, String, String)> = elsewhere
        .into_iter()
        .map(|(row, dev)| {
            let name = one::<String>(tx, "SELECT name FROM device WHERE pkid = ?1", params![dev])?
                .unwrap_or_else(|| dev.clone());
            Ok((row, dev, name))
        })
        .collect::<Result<_>>()?;
    if !elsewhere.is_empty() {
        match run.settings.multiple_login.as_str() {
            MULTIPLE_LOGINS_NOT_ALLOWED => return Ok(Err(fail(25, "User Logged in Elsewhere"))),
            AUTO_LOGOUT => {
                for (row, other, name) in &elsewhere {
                    end_login(tx, run, row, Some((other, &upk)))?;
                    run.svc_lines.push((
                        "INFO",
                        format!("Auto logout of {user} from device {name}: logged in to {}", r.device),
                    ));
                    notes.push(format!("logged out of {name}"));
                }
            }
            _ => {}
        }
    }
    // A row kept for the last user (Remember the Last User Logged In) is replaced.
    if let Some(k) = kept {
        emd_write(
            tx,
            run.capture,
            "DELETE FROM extensionmobilitydynamic WHERE pkid = ?1",
            params![k.row],
            &k.row,
            "D",
        )?;
    }
    // OR ROLLBACK: a failure ends the batch's transaction anyway, and SQLite keeps no
    // statement journal for it (the capture trigger writes a second table).
    let row =
        pkid(&format!("{}/extensionmobilitydynamic/{}/{}/{}", run.node.cluster, r.device, user, run.at));
    emd_write(
        tx,
        run.capture,
        "INSERT OR ROLLBACK INTO extensionmobilitydynamic (pkid, fkdevice, fkdevice_currentloginprofile, fkenduser, \
         logintime, loginduration, fkenduser_lastlogin, fkremotecluster) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, NULL)",
        params![row, dev.pkid, profile, upk, run.at, r.duration.unwrap_or(run.settings.max_login_seconds)],
        &row,
        "I",
    )?;
    run.known.set_slot(&dev.pkid, Some(Slot { row: row.clone(), user: Some(upk.clone()), remote: None }));
    run.known.add_rows(&upk, 1);
    let _ = dev.model;
    if run.settings.clear_call_logs && !r.pinless {
        notes.push("call logs cleared".into());
    }
    run.svc_lines.push((
        "INFO",
        format!(
            "loginUser: device={} userid={user} profile={profile_name} loginduration={}{}{}",
            r.device,
            r.duration.unwrap_or(run.settings.max_login_seconds),
            if r.pinless { " (headset, no PIN)" } else { "" },
            if notes.iter().any(|n| n == "call logs cleared") { ", call logs cleared" } else { "" }
        ),
    ));
    Ok(Ok(notes))
}

fn logout(tx: &Transaction, run: &mut Run, r: &Request) -> Step {
    if r.device.trim().is_empty() {
        return Ok(Err(fail(207, "Device Name Empty")));
    }
    let Some(dev) = run.known.device(tx, &r.device)? else {
        return Ok(Err(fail(11, "Device does not exist")));
    };
    let Some(Slot { row, user: Some(upk), remote }) = run.known.slot(tx, &dev.pkid)? else {
        return Ok(Err(fail(19, "No user logged in")));
    };
    if remote.is_some() {
        // An EMCC login ends with an EMCC logout (which also frees the home cluster's device).
        return Ok(Err(fail(19, "No user logged in")));
    }
    if !dev.hotel {
        return Ok(Err(super::nodestate::hoteling_flag_error()));
    }
    end_login(tx, run, &row, Some((&dev.pkid, &upk)))?;
    let user = run.known.userid(tx, &upk)?.unwrap_or(upk);
    run.svc_lines.push((
        "INFO",
        format!(
            "logoutUser: device={} userid={user}{}{}",
            r.device,
            if run.settings.remember_last_user { ", last user remembered" } else { "" },
            if run.settings.clear_call_logs { ", call logs cleared" } else { "" }
        ),
    ));
    let mut notes = vec![format!("{user} logged out")];
    if run.settings.remember_last_user {
        notes.push("last user remembered".into());
    }
    if run.settings.clear_call_logs {
        notes.push("call logs cleared".into());
    }
    Ok(Ok(notes))
}

/// The cluster a user ID belongs to (its home), searching every cluster's CM publisher.
pub(crate) fn home_of(lab: &Lab, user: &str) -> Result<Option<String>> {
    for c in &lab.deployment().clusters {
        let Some(p) = c.publisher(Product::Cm) else { continue };
        let n = lab.node(&p.name)?;
        if !db_usable(&n)? {
            continue;
        }
        let conn = db::open(&n)?;
        if one::<String>(&conn, "SELECT pkid FROM enduser WHERE userid = ?1", params![user])?.is_some() {
            return Ok(Some(c.name.clone()));
        }
    }
    Ok(None)
}

/// Phones and EMCC devices of a cluster, for seed 001 table 4's limit.
pub fn phone_counts(conn: &Connection) -> Result<(i64, i64)> {
    let emcc: i64 = conn
        .query_row(
            "SELECT count(*) FROM extensionmobilitydynamic WHERE fkremotecluster IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .map_err(sql_err)?;
    let dummies: i64 = conn
        .query_row(
            "SELECT count(*) FROM device WHERE tkclass = ?1 AND pkid IN \
             (SELECT fkdevice FROM extensionmobilitydynamic WHERE fkremotecluster IS NOT NULL)",
            params![CLASS_PHONE],
            |r| r.get(0),
        )
        .map_err(sql_err)?;
    let phones: i64 = conn
        .query_row("SELECT count(*) FROM device WHERE tkclass = ?1", params![CLASS_PHONE], |r| r.get(0))
        .map_err(sql_err)?;
    Ok((phones - dummies, emcc))
}

/// EMCC login: the user of another (home) cluster logs in to a phone of this (visiting)
/// cluster. The home cluster gives the login an EMCC device; both clusters record it.
fn emcc_login(tx: &Transaction, run: &mut Run, r: &Request, touched: &mut Vec<String>) -> Step {
    if r.device.trim().is_empty() {
        return Ok(Err(fail(207, "Device Name Empty")));
    }
    let user = r.user.as_deref().unwrap_or("").trim().to_string();
    let pin = r.pin.as_deref().unwrap_or("").trim().to_string();
    if user.is_empty() || pin.is_empty() {
        return Ok(Err(fail(202, "Blank User ID or PIN")));
    }
    let visiting = run.node.cluster.clone();
    let Some(dev) = device(tx, &r.device)? else {
        return Ok(Err(fail(11, "Device does not exist")));
    };
    if dev.class != CLASS_PHONE || !dev.hotel {
        return Ok(Err(fail(22, "Dev Logon Disabled")));
    }
    let Some(home) = home_of(run.lab, &user)? else {
        return Ok(Err(fail(23, "User does not exist")));
    };
    if home == visiting {
        return Err(EngineError::EmccSameCluster { user, cluster: home });
    }
    if let Some(f) = super::visiting::at_visiting(tx, dev.model, &user, &r.device, &mut run.app_lines)? {
        return Ok(Err(f));
    }
    let Some(entry) = super::clusterid::entry_for(run.lab, tx, &home)? else {
        return Ok(Err(fail(36, "No remote cluster")));
    };
    let (visiting_row, activated) = (entry.pkid.clone(), entry.activated);
    // Table 9: 212 when the last update found the home cluster's Cluster ID invalid.
    if let Some(f) = super::clusterid::marked_invalid(&entry, &home, &mut run.svc_lines) {
        return Ok(Err(f));
    }
    // Seed 001 table 4: a home cluster that did not answer the last remote cluster update
    // stays unavailable until the next one (or Update Remote Cluster Now).
    if !activated {
        return Ok(Err(fail(208, "EM Service Connection Error")));
    }
    let home_pub = run
        .lab
        .deployment()
        .cluster(&home)
        .and_then(|c| c.publisher(Product::Cm))
        .map(|p| p.name.clone())
        .ok_or_else(|| EngineError::UnknownCluster(home.clone()))?;
    let home_node = run.lab.node(&home_pub)?;
    // The visiting EM service reaches the home cluster's (table 9: 208).
    if !db_usable(&home_node)? || !services::load(&home_node)?.is_running(EM_SERVICE) {
        return Ok(Err(fail(208, "EM Service Connection Error")));
    }
    // Table 10: 40 (no answer in time) and 42 (the Cluster ID sent is not the home's).
    if let Some(f) = super::clusterid::home_answers(&home_node, &entry, &mut run.svc_lines)? {
        return Ok(Err(f));
    }
    let mut hconn = db::open(&home_node)?;
    let htx = hconn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let Some(home_entry) = super::clusterid::entry_for(run.lab, &htx, &visiting)? else {
        return Ok(Err(fail(35, "Visiting cluster information is not present in home cluster")));
    };
    // Table 10: 44 when that entry names another Cluster ID than this cluster's.
    if let Some(f) = super::clusterid::visiting_valid(tx, &home_entry, &mut run.svc_lines)? {
        return Ok(Err(f));
    }
    let home_row = home_entry.pkid;
    // Table 10: 38 when the home cluster does not allow EMCC logins (from this visiting
    // cluster: the EMCC service of its remote cluster entry is not enabled).
    let allowed = one::<String>(
        &htx,
        "SELECT isenabled FROM remoteclusterserviceaddress WHERE fkremotecluster = ?1 AND tkremoteclusterservice = ?2",
        params![home_row, super::remote::SERVICE_EMCC],
    )?;
    if allowed.as_deref() != Some("t") {
        return Ok(Err(fail(38, "EMCC Not Allowed")));
    }
    // Seed 001 table 4: one device name in two clusters fails with 37.
    if one::<String>(&htx, "SELECT pkid FROM device WHERE name = ?1", params![r.device])?.is_some() {
        return Ok(Err(fail(37, "Duplicate device name")));
    }
    let upk =
        one::<String>(&htx, "SELECT pkid FROM enduser WHERE userid = ?1", params![user])?.unwrap_or_default();
    let digest = one::<String>(
        &htx,
        "SELECT credentials FROM credential WHERE fkenduser = ?1 AND tkcredential = ?2",
        params![upk, CREDENTIAL_PIN],
    )?;
    if digest.as_deref() != Some(pin_digest(&user, &pin).as_str()) {
        return Ok(Err(fail(2, "EMCC Authentication Error")));
    }
    if super::nodestate::pin_must_change(&htx, &upk)? {
        return Ok(Err(super::nodestate::pin_change_required()));
    }
    // Table 10: 31 when End User Configuration's Enable Extension Mobility Cross Cluster
    // is not checked in the home cluster.
    let enabled = one::<String>(&htx, "SELECT enableemcc FROM enduser WHERE pkid = ?1", params![upk])?;
    if enabled.as_deref() != Some("t") {
        return Ok(Err(fail(31, "EMCC Not Activated for the User")));
    }
    // Seed 001 tables 4 and 10: a number with several primary users fails with 47.
    let sharing: i64 = htx
        .query_row(
            "SELECT count(DISTINCT m2.fkenduser) FROM endusernumplanmap m1 JOIN endusernumplanmap m2 \
             ON m2.fknumplan = m1.fknumplan AND m2.tkdnusage = 1 WHERE m1.fkenduser = ?1 AND m1.tkdnusage = 1",
            params![upk],
            |r| r.get(0),
        )
        .map_err(sql_err)?;
    if sharing > 1 {
        return Ok(Err(fail(47, "DN has multiple users")));
    }
    let Some((profile, profile_name)) = profile_of(&htx, &upk)? else {
        return Ok(Err(fail(12, "Dev. Profile not found")));
    };
    if run.known.slot(tx, &dev.pkid)?.is_some_and(|s| s.user.is_some()) {
        return Ok(Err(fail(18, "Another user logged in")));
    }
    if let Some(f) = super::visiting::at_home(
        tx,
        &htx,
        run.lab,
        run.node,
        &home,
        &dev.pkid,
        dev.model,
        &user,
        &r.device,
        &mut run.svc_lines,
    )? {
        return Ok(Err(f));
    }
    // Seed 001 table 4: phones + 2 x EMCC devices <= 60,000, in the home cluster.
    let (phones, emcc) = phone_counts(&htx)?;
    if phones + 2 * (emcc + 1) > MAX_PHONES {
        return Ok(Err(fail(33, "No free EMCC dummy device")));
    }
    let mut k = emcc + 1;
    let dummy_name = loop {
        let name = format!("EMCC{k}");
        if one::<String>(&htx, "SELECT pkid FROM device WHERE name = ?1", params![name])?.is_none() {
            break name;
        }
        k += 1;
    };
    let dummy = pkid(&format!("{home}/device/{dummy_name}/{}", run.at));
    htx.execute(
        "INSERT INTO device (pkid, name, description, tkclass, tkmodel, tkdeviceprotocol, fkenduser, fkdevicepool, \
         allowhotelingflag) VALUES (?1, ?2, ?3, ?4, ?5, 11, NULL, NULL, 'f')",
        params![dummy, dummy_name, format!("EMCC device for {} in {visiting}", r.device), CLASS_PHONE, dev.model],
    )
    .map_err(sql_err)?;
    htx.execute(
        "INSERT INTO extensionmobilitydynamic (pkid, fkdevice, fkdevice_currentloginprofile, fkenduser, logintime, \
         loginduration, fkenduser_lastlogin, fkremotecluster) VALUES (?1, ?2, ?3, ?4, ?5, 0, NULL, ?6)",
        params![pkid(&format!("{home}/extensionmobilitydynamic/{dummy_name}/{}", run.at)), dummy, profile, upk, run.at, home_row],
    )
    .map_err(sql_err)?;
    htx.commit().map_err(sql_err)?;
    if let Some(k) = run.known.slot(tx, &dev.pkid)? {
        emd_write(
            tx,
            run.capture,
            "DELETE FROM extensionmobilitydynamic WHERE pkid = ?1",
            params![k.row],
            &k.row,
            "D",
        )?;
    }
    let row = pkid(&format!("{visiting}/extensionmobilitydynamic/{}/{user}/{}", r.device, run.at));
    emd_write(
        tx,
        run.capture,
        "INSERT OR ROLLBACK INTO extensionmobilitydynamic (pkid, fkdevice, fkdevice_currentloginprofile, fkenduser, \
         logintime, loginduration, fkenduser_lastlogin, fkremotecluster) VALUES (?1, ?2, ?3, ?4, ?5, 0, NULL, ?6)",
        params![row, dev.pkid, profile, upk, run.at, visiting_row],
        &row,
        "I",
    )?;
    run.known.set_slot(
        &dev.pkid,
        Some(Slot { row: row.clone(), user: Some(upk.clone()), remote: Some(visiting_row) }),
    );
    run.known.add_rows(&upk, 1);
    touched.push(home.clone());
    run.svc_lines.push((
        "INFO",
        format!(
            "EMCC loginUser: device={} userid={user} homecluster={home} profile={profile_name} emccdevice={dummy_name}, call logs cleared",
            r.device
        ),
    ));
    Ok(Ok(vec![format!("home cluster {home}, EMCC device {dummy_name}"), "call logs cleared".into()]))
}

fn emcc_logout(tx: &Transaction, run: &mut Run, r: &Request, touched: &mut Vec<String>) -> Step {
    if r.device.trim().is_empty() {
        return Ok(Err(fail(207, "Device Name Empty")));
    }
    let Some(dev) = device(tx, &r.device)? else {
        return Ok(Err(fail(11, "Device does not exist")));
    };
    let row: Option<(String, String, String, String)> = tx
        .query_row(
            "SELECT e.pkid, e.fkenduser, r.clusterid, r.fullyqualifiedname FROM extensionmobilitydynamic e \
             JOIN remotecluster r ON r.pkid = e.fkremotecluster WHERE e.fkdevice = ?1 AND e.fkenduser IS NOT NULL",
            params![dev.pkid],
            |q| Ok((q.get(0)?, q.get(1)?, q.get(2)?, q.get(3)?)),
        )
        .optional()
        .map_err(sql_err)?;
    let Some((row, upk, clusterid, fqdn)) = row else {
        return Ok(Err(fail(19, "No user logged in")));
    };
    // The home cluster is the one at the entry's address (its Cluster ID may have changed).
    let home = super::clusterid::cluster_at(run.lab, &fqdn).unwrap_or(clusterid);
    run.known.set_slot(&dev.pkid, None);
    run.known.add_rows(&upk, -1);
    emd_write(
        tx,
        run.capture,
        "DELETE FROM extensionmobilitydynamic WHERE pkid = ?1",
        params![row],
        &row,
        "D",
    )?;
    let visiting = run.node.cluster.clone();
    let mut user = upk.clone();
    if let Some(p) = run.lab.deployment().cluster(&home).and_then(|c| c.publisher(Product::Cm)) {
        let hn = run.lab.node(&p.name)?;
        if db_usable(&hn)? {
            let mut hconn = db::open(&hn)?;
            let htx = hconn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
            let desc = format!("EMCC device for {} in {visiting}", r.device);
            let dummies: Vec<String> = {
                let mut st =
                    htx.prepare("SELECT pkid FROM device WHERE description = ?1").map_err(sql_err)?;
                let q = st.query_map(params![desc], |q| q.get(0)).map_err(sql_err)?;
                q.collect::<std::result::Result<_, _>>().map_err(sql_err)?
            };
            for d in &dummies {
                htx.execute("DELETE FROM extensionmobilitydynamic WHERE fkdevice = ?1", params![d])
                    .map_err(sql_err)?;
                htx.execute("DELETE FROM device WHERE pkid = ?1", params![d]).map_err(sql_err)?;
            }
            if let Some(u) = one::<String>(&htx, "SELECT userid FROM enduser WHERE pkid = ?1", params![upk])?
            {
                user = u;
            }
            htx.commit().map_err(sql_err)?;
            touched.push(home.clone());
        }
    }
    run.svc_lines.push((
        "INFO",
        format!("EMCC logoutUser: device={} userid={user} homecluster={home}, call logs cleared", r.device),
    ));
    Ok(Ok(vec!["call logs cleared".into()]))
}

/// The users of the given pkids, for display.
pub(crate) fn userids(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut st = conn.prepare("SELECT pkid, userid FROM enduser").map_err(sql_err)?;
    let q = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql_err)?;
    q.collect::<std::result::Result<_, _>>().map_err(sql_err)
}

/// Adds a pending headset sign-out to the node's state.
pub(crate) fn add_pending(node: &NodeHandle, p: PendingLogout) -> Result<()> {
    let _lock = node.lock()?;
    let mut st: EmState = state::load(node)?;
    st.pending_logouts.retain(|q| q.device != p.device);
    st.pending_logouts.push(p);
    state::save(node, &st)
}

/// Cancels a pending sign-out of a device (the headset came back in time).
pub(crate) fn cancel_pending(node: &NodeHandle, device: &str) -> Result<bool> {
    let _lock = node.lock()?;
    let mut st: EmState = state::load(node)?;
    let before = st.pending_logouts.len();
    st.pending_logouts.retain(|q| q.device != device);
    let changed = st.pending_logouts.len() != before;
    state::save(node, &st)?;
    Ok(changed)
}
