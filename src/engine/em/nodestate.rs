//! The Extension Mobility codes that come from the state of the node handling a request,
//! not from the request's own rows (seed 001 tables 9 and 10). Each comes from something
//! real in the lab, set with a CLI or lab command and visible with `utils service list`,
//! `run sql` or the node's files:
//!
//! * **210** Initialization failure: the Cisco Extension Mobility Application started
//!   (`utils service start|restart`, a crash's automatic restart, the node's boot) while
//!   the node's `A Cisco DB` was not running. Its start is recorded in the node's
//!   `emapp.toml` (when, and whether it initialised); it stays failed, every request
//!   answered 210 by the application, until it starts again with the database running.
//!   The service never sees these requests: its counters do not move (as for 207 and
//!   HTTP 503).
//! * **29** RIS down: the node's `Cisco RIS Data Collector` is not running, so the EM
//!   service cannot reach the RISDC cache it checks each request's device in.
//! * **4** Policy Validation Error: a subscriber's EM service validates each request
//!   against its own database replica (it writes to the publisher's): with the
//!   subscriber's `A Cisco DB` not running, or the request's device missing from its
//!   replica while the publisher has it (replication to the node stopped or broken since
//!   the device was added), the request cannot be validated.
//! * **9** User Info Error (case 2): the user of a login is in the publisher's database
//!   but not in the handling subscriber's replica (replication behind), so neither the
//!   cache nor the database the service reads gives the user's information.
//! * **21** Hoteling Status Error: the device's current login status
//!   (`extensionmobilitydynamic`) in the handling subscriber's replica is not the
//!   publisher's (a login or logout that did not replicate to it), so the service cannot
//!   get the current user status from its local database.
//! * **5** / **20** / **22** (Enable Extension Mobility off, `device.allowhotelingflag`):
//!   22 when the EM application checks the phone's setting for a login from the Services
//!   button or the EM API (seed 000); 5 when a headset-based sign-in (seed 002, which
//!   reaches the service from the phone's headset service, neither the Services button
//!   nor the EM API) finds it off; 20 when a logout finds it turned off while the user was
//!   logged in.
//! * **41** PIN change required: the user's PIN credential has User Must Change at Next
//!   Login (`credential.usermustchange = 't'`): a login with the right PIN is refused and
//!   the phone sends the user to the Change Credentials page. A PIN-less headset sign-in
//!   enters no PIN and is not refused.
//!
//! Where the documents' cause has no direct counterpart in the lab (4, 9, 21: "cannot be
//! read from the cache or the database"), the nearest real cause is the handling node's
//! own replica, as above; README's "Choices where the platform's behaviour is not public"
//! says so.

use std::collections::HashMap;
use std::path::PathBuf;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::service::{fail, outcome, who, Action, EmReport, Failure, Origin, Request, EM_APP};
use crate::engine::db::{self, sql_err};
use crate::engine::error::Result;
use crate::engine::node::NodeHandle;
use crate::engine::services::{self, Services};
use crate::engine::store;
use crate::engine::traces::writer;

/// The node's real-time information data collector the EM service checks devices in.
pub const RIS_DC: &str = "Cisco RIS Data Collector";
/// The node's database (its replica).
pub const DB: &str = "A Cisco DB";

/// How the Cisco Extension Mobility Application's last start went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppStart {
    /// When it started (RFC 3339); empty: never recorded (it initialised at the node's
    /// creation, with the database).
    #[serde(default)]
    pub started: String,
    /// Whether it initialised: the node's database ran when it started.
    #[serde(default = "yes")]
    pub initialized: bool,
}

fn yes() -> bool {
    true
}

impl Default for AppStart {
    /// Never recorded: started with the node, its database running.
    fn default() -> AppStart {
        AppStart { started: String::new(), initialized: true }
    }
}

pub fn app_path(node: &NodeHandle) -> PathBuf {
    node.dir().join("emapp.toml")
}

/// The application's last start on a node (a node whose file is absent started it with
/// its database, at creation).
pub fn app_start(node: &NodeHandle) -> Result<AppStart> {
    if !app_path(node).exists() {
        return Ok(AppStart::default());
    }
    store::read_toml(&app_path(node))
}

/// The services' start hook (`services::act`, boot, a crash's automatic restart): when the
/// EM application is among the services that really started, records whether it could
/// initialise, that is whether the node's database ran. Best effort like the services'
/// traces: a start is never refused for it.
pub(crate) fn services_started<'a>(node: &NodeHandle, started: impl IntoIterator<Item = &'a str>) {
    if started.into_iter().any(|n| n == EM_APP) {
        let _ = app_started(node);
    }
}

fn app_started(node: &NodeHandle) -> Result<()> {
    let db_running = services::load(node)?.is_running(DB);
    let at = node.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    store::update_toml(node.dir(), &app_path(node), |s: &mut AppStart| {
        *s = AppStart { started: at.clone(), initialized: db_running };
        Ok(())
    })?;
    let line = if db_running {
        ("INFO", "EMApp initialized: database connection established".to_string())
    } else {
        (
            "ERROR",
            format!("EMApp initialization failed: cannot connect to the database ({DB} is not running), error 210"),
        )
    };
    writer::record_lines(node, EM_APP, &[line])
}

/// 210 for every request when the application's last start could not initialise. The
/// application answers them itself: traced in its log, never seen by the service.
pub(super) fn app_init_failed(
    node: &NodeHandle,
    requests: &[Request],
    report: &mut EmReport,
) -> Result<bool> {
    let start = app_start(node)?;
    if start.initialized {
        return Ok(false);
    }
    let mut lines = Vec::with_capacity(requests.len());
    for r in requests {
        lines.push((
            "ERROR",
            format!(
                "{} {} for device {}: initialization failed at start {}, error 210",
                r.action.word(),
                who(r),
                r.device,
                start.started
            ),
        ));
        report.outcomes.push(outcome(r, Some(fail(210, "Initialization Fail-Contact Admin")), Vec::new()));
    }
    report.failed = requests.len();
    let _ = writer::record_lines(node, EM_APP, &lines);
    Ok(true)
}

/// Why the service cannot work on any of a batch's accepted requests, before it touches
/// the database: its RIS data collector down (29), or, on a subscriber, its own replica's
/// database not running (4). The text says why in the service's trace.
pub(super) fn blocked(
    node: &NodeHandle,
    publisher: &NodeHandle,
    running: &Services,
) -> Option<(Failure, &'static str)> {
    if !running.is_running(RIS_DC) {
        return Some((fail(29, "ris down-contact admin"), "cannot connect to the RIS data collector"));
    }
    if node.name() != publisher.name() && !running.is_running(DB) {
        return Some((
            fail(4, "Policy Validation error"),
            "cannot validate the request: the local database is not running",
        ));
    }
    None
}

/// What a subscriber's replica says about a batch's devices and users against the
/// publisher's, read at the batch's start (before the service changes anything, so the
/// batch's own writes and auto-logouts never count as a difference): the devices and
/// users the replica lacks, and the devices whose login status differs. On the
/// publisher it is empty: its replica is the one written.
#[derive(Default)]
pub(super) struct LocalView {
    missing_devices: foldhash::HashSet<String>,
    missing_users: foldhash::HashSet<String>,
    stale_status: foldhash::HashSet<String>,
}

fn json_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    serde_json::Value::Array(items.map(|s| serde_json::Value::String(s.to_string())).collect()).to_string()
}

/// Device name -> the user logged in to it (`None`: nobody, or only a remembered last user).
fn statuses(conn: &Connection, names: &str) -> Result<HashMap<String, Option<String>>> {
    let mut st = conn
        .prepare(
            "SELECT j.value, e.fkenduser FROM json_each(?1) j CROSS JOIN device d ON d.name = j.value \
             LEFT JOIN extensionmobilitydynamic e ON e.fkdevice = d.pkid",
        )
        .map_err(sql_err)?;
    let q = st.query_map(params![names], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql_err)?;
    q.collect::<std::result::Result<_, _>>().map_err(sql_err)
}

fn users(conn: &Connection, ids: &str) -> Result<foldhash::HashSet<String>> {
    let mut st = conn
        .prepare("SELECT j.value FROM json_each(?1) j CROSS JOIN enduser u ON u.userid = j.value")
        .map_err(sql_err)?;
    let q = st.query_map(params![ids], |r| r.get(0)).map_err(sql_err)?;
    q.collect::<std::result::Result<_, _>>().map_err(sql_err)
}

impl LocalView {
    /// `published`: the publisher's connection (the batch's transaction, before it writes).
    pub(super) fn resolve(
        node: &NodeHandle,
        publisher: &NodeHandle,
        published: &Connection,
        requests: &[Request],
    ) -> Result<LocalView> {
        let mut v = LocalView::default();
        if node.name() == publisher.name() || requests.is_empty() {
            return Ok(v);
        }
        let local = db::open(node)?;
        let mut names: Vec<&str> =
            requests.iter().map(|r| r.device.as_str()).filter(|d| !d.is_empty()).collect();
        names.sort_unstable();
        names.dedup();
        let names = json_list(names.into_iter());
        let (theirs, ours) = (statuses(published, &names)?, statuses(&local, &names)?);
        for (device, user) in theirs {
            match ours.get(&device) {
                None => {
                    v.missing_devices.insert(device);
                }
                Some(u) if *u != user => {
                    v.stale_status.insert(device);
                }
                Some(_) => {}
            }
        }
        let mut ids: Vec<&str> = requests
            .iter()
            .filter(|r| r.action == Action::Login)
            .filter_map(|r| r.user.as_deref())
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if !ids.is_empty() {
            let ids = json_list(ids.into_iter());
            let ours = users(&local, &ids)?;
            v.missing_users = users(published, &ids)?.into_iter().filter(|u| !ours.contains(u)).collect();
        }
        Ok(v)
    }

    /// The code a request fails with because of the replica, if any.
    pub(super) fn check(&self, r: &Request) -> Option<(Failure, &'static str)> {
        if self.missing_devices.contains(&r.device) {
            return Some((
                fail(4, "Policy Validation error"),
                "the device is not in the local database (replication to this node is behind)",
            ));
        }
        if r.action == Action::Login
            && r.user.as_deref().is_some_and(|u| self.missing_users.contains(u.trim()))
        {
            return Some((
                fail(9, "User Info Error"),
                "the user is not in the local cache or database (replication to this node is behind)",
            ));
        }
        if self.stale_status.contains(&r.device) {
            return Some((
                fail(21, "Hoteling Status error"),
                "the device's current user status in the local database is not the publisher's",
            ));
        }
        None
    }
}

/// Enable Extension Mobility off (or a device that cannot have it) on a login: 5 when the
/// sign-in comes from the phone's headset, 22 when the EM application checked it.
pub(super) fn logon_disabled(r: &Request) -> Failure {
    match r.origin {
        Origin::Headset => fail(5, "Dev. Logon Disabled"),
        Origin::Services => fail(22, "Dev Logon Disabled"),
    }
}

/// A logout from a phone whose Enable Extension Mobility was turned off while the user was
/// logged in.
pub(super) fn hoteling_flag_error() -> Failure {
    fail(20, "Hoteling flag error")
}

/// A login whose PIN has User Must Change at Next Login.
pub(super) fn pin_change_required() -> Failure {
    fail(41, "PIN change is required")
}

/// Whether a user's PIN credential must change at the next login (a row the batch did
/// not resolve: EMCC's home cluster).
pub(super) fn pin_must_change(conn: &Connection, user_pk: &str) -> Result<bool> {
    let v: Option<String> = conn
        .prepare_cached("SELECT usermustchange FROM credential WHERE fkenduser = ?1 AND tkcredential = ?2")
        .map_err(sql_err)?
        .query_row(params![user_pk, super::population::CREDENTIAL_PIN], |r| r.get(0))
        .optional()
        .map_err(sql_err)?;
    Ok(v.as_deref() == Some("t"))
}
