//! Extension Mobility, Extension Mobility Cross Cluster, headsets and Jabber softphones in
//! the lab (issue #17; seeds 000-003): their data in the CM database at real size
//! (`population`), the service parameters (`params`), the Cisco Extension Mobility service
//! handling logins and logouts (`service`), its counters and caches (`state`), the checks
//! `utils diagnose module` runs over the data (`checks`), and the real-time view of
//! registrations (`show risdb query phone`).
//!
//! Everything here is reached through lab commands (`ucsh cluster em|emcc|headset|device
//! ...`) or the CLI; nothing prints, every write is an SQLite transaction on the CM
//! publisher that then replicates, or a file written under the node's lock.

pub mod api;
pub mod availability;
pub mod batch;
pub mod checks;
pub mod clusterid;
pub mod nodestate;
pub mod params;
pub mod population;
pub mod remote;
pub mod service;
pub mod state;
pub mod visiting;

use rusqlite::{params as sql_params, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use crate::engine::db::{self, repl, sample::pkid, sql_err};
use crate::engine::deployment::{Cluster, Deployment, InitOptions, Product};
use crate::engine::error::{EngineError, Result};
use crate::engine::lab::Lab;
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;

pub use service::{Action, Arrival, EmReport, Origin, Outcome, Request};

/// `remoteclusterserviceaddress.tkremoteclusterservice`: EMCC, PSTN Access, RSVP Agent, TFTP
/// (our numbering; the enum is not public). TFTP stays disabled for EMCC (seed 001).
pub const REMOTE_SERVICES: &[(i64, &str, bool)] =
    &[(1, "EMCC", true), (2, "PSTN Access", true), (3, "RSVP Agent", true), (4, "TFTP", false)];

/// What `cluster init` adds to a new replica besides the sample data: the EM and EMCC
/// parameters and the remote clusters (CM only), and the generated population.
pub fn seed_replica(
    tx: &Transaction,
    node: &NodeHandle,
    cluster: &Cluster,
    deployment: &Deployment,
    opts: &InitOptions,
    at: &str,
) -> Result<()> {
    let product = node.product();
    if product == Product::Cm {
        params::insert_defaults(tx, cluster)?;
        visiting::seed(tx, cluster)?;
        api::seed(tx, cluster, at)?;
        clusterid::insert_default(tx, cluster)?;
        for peer in &cluster.peers {
            let Some(remote) = deployment.cluster(peer) else { continue };
            add_remote_cluster(tx, cluster, remote, at)?;
        }
        // The sample users' PINs (the generated users get theirs as they are made).
        let users: Vec<(String, String)> = {
            let mut st = tx.prepare("SELECT pkid, userid FROM enduser ORDER BY userid").map_err(sql_err)?;
            let q = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql_err)?;
            q.collect::<std::result::Result<_, _>>().map_err(sql_err)?
        };
        for (pk, userid) in users {
            tx.execute(
                "INSERT INTO credential (pkid, fkenduser, tkcredential, credentials, timechanged) VALUES (?1, ?2, ?3, ?4, ?5)",
                sql_params![
                    pkid(&format!("{}/credential/{userid}/pin", cluster.name)),
                    pk,
                    population::CREDENTIAL_PIN,
                    population::pin_digest(&userid, population::GENERATED_PIN),
                    at
                ],
            )
            .map_err(sql_err)?;
        }
    }
    if opts.population > 0 {
        population::generate(tx, cluster, product, 1, opts.population, at)?;
    }
    Ok(())
}

/// The remote cluster rows of an EMCC peer (Advanced Features > Cluster View).
fn add_remote_cluster(tx: &Transaction, local: &Cluster, remote: &Cluster, at: &str) -> Result<()> {
    let Some(p) = remote.publisher(Product::Cm) else { return Ok(()) };
    let row = pkid(&format!("{}/remotecluster/{}", local.name, remote.name));
    tx.execute(
        "INSERT INTO remotecluster (pkid, clusterid, fullyqualifiedname, description, version, remoteactivated, lastupdated) \
         VALUES (?1, ?2, ?3, ?4, ?5, 't', ?6)",
        sql_params![row, remote.name, p.fqdn(), format!("EMCC peer {}", remote.name), p.version, at],
    )
    .map_err(sql_err)?;
    for (tk, name, enabled) in REMOTE_SERVICES {
        tx.execute(
            "INSERT INTO remoteclusterserviceaddress (pkid, fkremotecluster, tkremoteclusterservice, address, isenabled) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            sql_params![
                pkid(&format!("{}/remoteclusterserviceaddress/{}/{name}", local.name, remote.name)),
                row,
                tk,
                p.ipv4.to_string(),
                if *enabled { "t" } else { "f" }
            ],
        )
        .map_err(sql_err)?;
    }
    Ok(())
}

/// The CM publisher of a cluster (the first when none is named), up.
pub(crate) fn cm_publisher(lab: &Lab, cluster: Option<&str>) -> Result<NodeHandle> {
    let c = match cluster {
        Some(c) => lab.deployment().cluster(c).ok_or_else(|| EngineError::UnknownCluster(c.to_string()))?,
        None => lab.deployment().clusters.first().ok_or(EngineError::NoCluster)?,
    };
    let p = c.publisher(Product::Cm).ok_or_else(|| EngineError::NoPublisher {
        cluster: c.name.clone(),
        product: Product::Cm.describe(),
    })?;
    let n = lab.node(&p.name)?;
    n.ensure_up()?;
    Ok(n)
}

// ---------------------------------------------------------------------------------------
// cluster grow

/// What `cluster grow` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowReport {
    pub cluster: String,
    pub publisher: String,
    /// Generated users before and after.
    pub before: u32,
    pub after: u32,
    pub added: population::Added,
    /// Phones and EMCC devices after, and the limit (seed 001 table 4).
    pub phones: i64,
    pub emcc_devices: i64,
    pub max_phones: i64,
}

/// `ucsh cluster grow --users N [--cluster C]`: the cluster gets N generated users (with
/// their devices, profiles and headsets); existing ones are kept. At most
/// [`population::MAX_USERS`]; shrinking is not done.
pub fn grow(lab: &Lab, cluster: Option<&str>, users: u32) -> Result<GrowReport> {
    if users > population::MAX_USERS {
        return Err(EngineError::OutOfRange {
            what: "--users",
            given: i64::from(users),
            min: 0,
            max: i64::from(population::MAX_USERS),
            unit: "users",
        });
    }
    let publisher = cm_publisher(lab, cluster)?;
    let cname = publisher.cluster.clone();
    let c =
        lab.deployment().cluster(&cname).ok_or_else(|| EngineError::UnknownCluster(cname.clone()))?.clone();
    let tag = population::tag(&cname);
    let at = service::time_text(publisher.now());
    let mut conn = db::open(&publisher)?;
    conn.execute_batch(db::BULK_WRITE).map_err(sql_err)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let before = generated_count(&tx, tag)?;
    let added = population::generate(&tx, &c, Product::Cm, before + 1, users, &at)?;
    let (phones, emcc) = service::phone_counts(&tx)?;
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &cname)?;
    Ok(GrowReport {
        cluster: cname,
        publisher: publisher.name().to_string(),
        before,
        after: before.max(users),
        added,
        phones,
        emcc_devices: emcc,
        max_phones: population::MAX_PHONES,
    })
}

/// The generated users a replica holds: the highest number, as they are made in order.
fn generated_count(tx: &Transaction, tag: u32) -> Result<u32> {
    let prefix = format!("em{tag}u");
    let last: Option<String> = tx
        .query_row(
            "SELECT max(userid) FROM enduser WHERE userid >= ?1 AND userid < ?2",
            sql_params![prefix, format!("em{tag}v")],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql_err)?
        .flatten();
    Ok(last.and_then(|u| u.strip_prefix(&prefix).and_then(|n| n.parse().ok())).unwrap_or(0))
}

// ---------------------------------------------------------------------------------------
// cluster em set-param

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamChange {
    pub cluster: String,
    pub name: String,
    pub label: String,
    pub before: Option<String>,
    pub after: String,
}

/// `ucsh cluster em set-param NAME VALUE [--cluster C]`.
pub fn set_param(lab: &Lab, cluster: Option<&str>, name: &str, value: &str) -> Result<ParamChange> {
    let p = params::find(name).ok_or_else(|| EngineError::EmParamUnknown { name: name.to_string() })?;
    let v = params::validate(p, value)?;
    let publisher = cm_publisher(lab, cluster)?;
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let before = params::set(&tx, &publisher.cluster, p, &v)?;
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &publisher.cluster)?;
    Ok(ParamChange {
        cluster: publisher.cluster.clone(),
        name: p.name.into(),
        label: p.label.into(),
        before,
        after: v,
    })
}

// ---------------------------------------------------------------------------------------
// headsets

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadsetChange {
    pub cluster: String,
    pub serial: String,
    /// associated, removed, connected, disconnected.
    pub action: String,
    pub user: Option<String>,
    pub device: Option<String>,
    /// The EM sign-in or sign-out the headset caused, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub em: Option<EmReport>,
    /// When a disconnected headset's user is logged out (seed 002's timer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logout_due: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn check_serial(serial: &str) -> Result<()> {
    let ok = !serial.is_empty()
        && serial.len() <= 64
        && serial.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(EngineError::EmHeadsetSerial { serial: serial.to_string() })
    }
}

/// `ucsh cluster headset associate SERIAL --user U [--model M] [--cluster C]`: at most 15
/// headsets per user; a serial number of another user is refused (seed 002).
pub fn headset_associate(
    lab: &Lab,
    cluster: Option<&str>,
    serial: &str,
    user: &str,
    model: &str,
) -> Result<HeadsetChange> {
    check_serial(serial)?;
    let publisher = cm_publisher(lab, cluster)?;
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let upk: String = tx
        .query_row("SELECT pkid FROM enduser WHERE userid = ?1", sql_params![user], |r| r.get(0))
        .optional()
        .map_err(sql_err)?
        .ok_or_else(|| EngineError::EmUnknownUser { user: user.to_string() })?;
    let owner: Option<(String, Option<String>)> = tx
        .query_row(
            "SELECT h.pkid, u.userid FROM headsetinventory h LEFT JOIN enduser u ON u.pkid = h.fkenduser \
             WHERE upper(h.serialnumber) = upper(?1) AND h.fkenduser IS NOT NULL",
            sql_params![serial],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql_err)?;
    let mut notes = Vec::new();
    if let Some((_, Some(o))) = &owner {
        if o != user {
            return Err(EngineError::EmHeadsetOwned { serial: serial.to_string(), owner: o.clone() });
        }
        notes.push("already associated with this user".into());
    } else {
        let n: i64 = tx
            .query_row("SELECT count(*) FROM headsetinventory WHERE fkenduser = ?1", sql_params![upk], |r| {
                r.get(0)
            })
            .map_err(sql_err)?;
        if n >= population::MAX_HEADSETS_PER_USER {
            return Err(EngineError::EmHeadsetLimit {
                user: user.to_string(),
                max: population::MAX_HEADSETS_PER_USER,
            });
        }
        let existing: Option<String> = tx
            .query_row(
                "SELECT pkid FROM headsetinventory WHERE upper(serialnumber) = upper(?1)",
                sql_params![serial],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_err)?;
        match existing {
            Some(pk) => {
                tx.execute(
                    "UPDATE headsetinventory SET fkenduser = ?1 WHERE pkid = ?2",
                    sql_params![upk, pk],
                )
                .map_err(sql_err)?;
            }
            None => {
                tx.execute(
                    "INSERT INTO headsetinventory (pkid, serialnumber, model, firmwareversion, fkenduser, \
                     fkdevice_lastconnected, lastconnected) VALUES (?1, ?2, ?3, NULL, ?4, NULL, NULL)",
                    sql_params![pkid(&format!("{}/headset/{serial}", publisher.cluster)), serial, model, upk],
                )
                .map_err(sql_err)?;
            }
        }
    }
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &publisher.cluster)?;
    Ok(HeadsetChange {
        cluster: publisher.cluster.clone(),
        serial: serial.to_string(),
        action: "associated".into(),
        user: Some(user.to_string()),
        device: None,
        em: None,
        logout_due: None,
        notes,
    })
}

/// `ucsh cluster headset remove SERIAL [--cluster C]`: the headset is no user's any more.
pub fn headset_remove(lab: &Lab, cluster: Option<&str>, serial: &str) -> Result<HeadsetChange> {
    let publisher = cm_publisher(lab, cluster)?;
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let found: Option<(String, Option<String>)> = tx
        .query_row(
            "SELECT h.pkid, u.userid FROM headsetinventory h LEFT JOIN enduser u ON u.pkid = h.fkenduser \
             WHERE upper(h.serialnumber) = upper(?1)",
            sql_params![serial],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql_err)?;
    let Some((pk, user)) = found else {
        return Err(EngineError::EmUnknownHeadset { serial: serial.to_string() });
    };
    tx.execute("UPDATE headsetinventory SET fkenduser = NULL WHERE pkid = ?1", sql_params![pk])
        .map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &publisher.cluster)?;
    Ok(HeadsetChange {
        cluster: publisher.cluster.clone(),
        serial: serial.to_string(),
        action: "removed".into(),
        user,
        device: None,
        em: None,
        logout_due: None,
        notes: Vec::new(),
    })
}

fn headset_owner(lab: &Lab, node: &NodeHandle, serial: &str) -> Result<(String, Option<String>)> {
    let publisher = repl::publisher_of(lab, node)?;
    let conn = db::open(&publisher)?;
    conn.query_row(
        "SELECT h.pkid, u.userid FROM headsetinventory h LEFT JOIN enduser u ON u.pkid = h.fkenduser \
         WHERE upper(h.serialnumber) = upper(?1)",
        sql_params![serial],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map_err(sql_err)?
    .ok_or_else(|| EngineError::EmUnknownHeadset { serial: serial.to_string() })
}

fn note_connection(lab: &Lab, node: &NodeHandle, headset: &str, device: &str) -> Result<()> {
    let publisher = repl::publisher_of(lab, node)?;
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let dev: Option<String> = tx
        .query_row("SELECT pkid FROM device WHERE name = ?1", sql_params![device], |r| r.get(0))
        .optional()
        .map_err(sql_err)?;
    let dev = dev.ok_or_else(|| EngineError::EmUnknownDevice { device: device.to_string() })?;
    tx.execute(
        "UPDATE headsetinventory SET fkdevice_lastconnected = ?1, lastconnected = ?2 WHERE pkid = ?3",
        sql_params![dev, service::time_text(node.now()), headset],
    )
    .map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    Ok(())
}

/// `ucsh cluster headset connect SERIAL --device D [--pin P] [--node N]`: the headset is
/// plugged into a phone. With headset-based EM allowed, its user is signed in: without a
/// PIN when PIN Entry is Not Required, with `--pin` otherwise (else the phone only prompts).
/// A headset back within its auto-logout time keeps the session (seed 002).
pub fn headset_connect(op: &Op, serial: &str, device: &str, pin: Option<&str>) -> Result<HeadsetChange> {
    let (lab, node) = (op.lab(), op.node());
    let (hpk, user) = headset_owner(lab, node, serial)?;
    note_connection(lab, node, &hpk, device)?;
    repl::replicate(lab, &node.cluster)?;
    let settings = params::Settings::load(&db::open(node)?)?;
    let mut change = HeadsetChange {
        cluster: node.cluster.clone(),
        serial: serial.to_string(),
        action: "connected".into(),
        user: user.clone(),
        device: Some(device.to_string()),
        em: None,
        logout_due: None,
        notes: Vec::new(),
    };
    if service::cancel_pending(node, device)? {
        change.notes.push("reconnected within the auto-logout time: the session is kept".into());
        return Ok(change);
    }
    let Some(user) = user else {
        change
            .notes
            .push("the headset is not associated with a user: the phone offers the association".into());
        return Ok(change);
    };
    if !settings.headset_em {
        change.notes.push("headset-based Extension Mobility is not allowed: no sign-in".into());
        return Ok(change);
    }
    let pinless = !settings.headset_pin_required;
    if !pinless && pin.is_none() {
        change.notes.push("the phone prompts for the PIN".into());
        return Ok(change);
    }
    let mut r = Request::new(Action::Login, device);
    r.user = Some(user);
    r.pin = pin.map(str::to_string);
    r.pinless = pinless;
    r.origin = service::Origin::Headset;
    change.em = Some(service::handle(op, &[r], Arrival::Sequential)?);
    Ok(change)
}

/// `ucsh cluster headset disconnect SERIAL --device D [--node N]`: the headset leaves the
/// phone; its user, if signed in there, is signed out when the auto-logout timer runs out.
pub fn headset_disconnect(op: &Op, serial: &str, device: &str) -> Result<HeadsetChange> {
    let (lab, node) = (op.lab(), op.node());
    let (_, user) = headset_owner(lab, node, serial)?;
    let settings = params::Settings::load(&db::open(node)?)?;
    let mut change = HeadsetChange {
        cluster: node.cluster.clone(),
        serial: serial.to_string(),
        action: "disconnected".into(),
        user: user.clone(),
        device: Some(device.to_string()),
        em: None,
        logout_due: None,
        notes: Vec::new(),
    };
    let Some(user) = user else { return Ok(change) };
    if !settings.headset_em {
        change
            .notes
            .push("headset-based Extension Mobility is not allowed: the session is not touched".into());
        return Ok(change);
    }
    let publisher = repl::publisher_of(lab, node)?;
    let conn = db::open(&publisher)?;
    let logged: Option<String> = conn
        .query_row(
            "SELECT e.pkid FROM extensionmobilitydynamic e JOIN device d ON d.pkid = e.fkdevice \
             JOIN enduser u ON u.pkid = e.fkenduser WHERE d.name = ?1 AND u.userid = ?2",
            sql_params![device, user],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql_err)?;
    if logged.is_none() {
        change.notes.push("the headset's user is not signed in on this phone".into());
        return Ok(change);
    }
    let due = node.now() + chrono::Duration::minutes(settings.headset_logout_minutes);
    let due_text = due.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    service::add_pending(
        node,
        state::PendingLogout {
            device: device.into(),
            user: user.clone(),
            serial: serial.into(),
            due: due_text.clone(),
        },
    )?;
    let _ = crate::engine::traces::writer::record_lines(
        node,
        service::EM_SERVICE,
        &[(
            "INFO",
            format!(
                "Headset {serial} disconnected from device {device}: {user} is logged out at {} unless it reconnects",
                service::time_text(due)
            ),
        )],
    );
    change.logout_due = Some(service::time_text(due));
    Ok(change)
}

// ---------------------------------------------------------------------------------------
// registrations and show risdb

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Registered {
    pub device: String,
    pub node: String,
    pub ip: String,
    pub status: String,
}

/// `ucsh cluster device register NAME --ip A [--node N]`: the phone registers with the
/// node's Cisco CallManager; the node's RIS data collector records it.
pub fn device_register(op: &Op, device: &str, ip: Option<&str>, register: bool) -> Result<Registered> {
    let (lab, node) = (op.lab(), op.node());
    if node.product() != Product::Cm {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    let conn = db::open(node)?;
    let known: Option<i64> = conn
        .query_row("SELECT tkclass FROM device WHERE name = ?1", sql_params![device], |r| r.get(0))
        .optional()
        .map_err(sql_err)?;
    if known != Some(population::CLASS_PHONE) {
        return Err(EngineError::EmUnknownDevice { device: device.to_string() });
    }
    // Unregistering keeps the address the phone had.
    let had = service::registrations(lab, &node.cluster)?
        .into_iter()
        .find(|(_, d, _)| d == device)
        .map(|(_, _, r)| r.ip);
    let ip = ip.map(str::to_string).or(had).unwrap_or_else(|| "0.0.0.0".into());
    let ip: std::net::Ipv4Addr = ip.parse().map_err(|_| EngineError::EmParamInvalid {
        name: "--ip".into(),
        value: ip.clone(),
        why: "the value is an IPv4 address".into(),
    })?;
    // A phone registers with one node: others forget it.
    let cluster = lab
        .deployment()
        .cluster(&node.cluster)
        .ok_or_else(|| EngineError::UnknownCluster(node.cluster.clone()))?;
    for spec in cluster.nodes_of(Product::Cm).filter(|s| s.name != node.name()) {
        let other = lab.node(&spec.name)?;
        let _lock = other.lock()?;
        let mut ris = state::load_ris(&other)?;
        if ris.devices.remove(device).is_some() {
            state::save_ris(&other, &ris)?;
        }
    }
    let status = if register { "Registered" } else { "UnRegistered" };
    {
        let _lock = node.lock()?;
        let mut ris = state::load_ris(node)?;
        ris.devices.insert(
            device.to_string(),
            state::Registration {
                ip: ip.to_string(),
                status: status.into(),
                changed: node.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                protocol: "SIP".into(),
            },
        );
        state::save_ris(node, &ris)?;
    }
    let _ = crate::engine::traces::writer::record_lines(
        node,
        "Cisco RIS Data Collector",
        &[("INFO", format!("Device {device} {status} with {} from {ip}", node.name()))],
    );
    Ok(Registered {
        device: device.into(),
        node: node.name().into(),
        ip: ip.to_string(),
        status: status.into(),
    })
}

/// One row of `show risdb query phone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RisPhone {
    pub device: String,
    pub description: String,
    pub ip: String,
    pub status: String,
    /// Seconds since 1970 of the last status change.
    pub changed: i64,
    pub protocol: String,
    /// The user logged in with EM (`extensionmobilitydynamic`), if any.
    pub login_user: String,
    pub node: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RisPhones {
    pub registered: usize,
    pub unregistered: usize,
    pub phones: Vec<RisPhone>,
}

/// `show risdb list`: the tables of the lab's RIS database.
pub fn risdb_tables(op: &Op) -> Result<Vec<String>> {
    let node = op.node();
    if node.product() != Product::Cm {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    Ok(vec!["Phone".to_string()])
}

/// `show risdb query phone`: the phones the cluster's RIS knows, with the EM user.
pub fn risdb_phones(op: &Op) -> Result<RisPhones> {
    let (lab, node) = (op.lab(), op.node());
    if node.product() != Product::Cm {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    let conn = db::open(node)?;
    let users = service::userids(&conn)?;
    let mut phones = Vec::new();
    for (on, device, r) in service::registrations(lab, &node.cluster)? {
        op.cancel().check()?;
        let row: Option<(Option<String>, Option<String>, Option<String>)> = conn
            .query_row(
                "SELECT d.description, e.fkenduser, rc.clusterid FROM device d \
                 LEFT JOIN extensionmobilitydynamic e ON e.fkdevice = d.pkid AND e.fkenduser IS NOT NULL \
                 LEFT JOIN remotecluster rc ON rc.pkid = e.fkremotecluster WHERE d.name = ?1",
                sql_params![device],
                |q| Ok((q.get(0)?, q.get(1)?, q.get(2)?)),
            )
            .optional()
            .map_err(sql_err)?;
        let (description, user, remote) = row.unwrap_or((None, None, None));
        let login_user = match (user, remote) {
            (Some(u), None) => users.get(&u).cloned().unwrap_or(u),
            // An EMCC user is the home cluster's: named there.
            (Some(u), Some(home)) => remote_userid(lab, &home, &u)?.unwrap_or(u),
            _ => String::new(),
        };
        phones.push(RisPhone {
            device: crate::engine::text::printable(&device).into_owned(),
            description: crate::engine::text::printable(&description.unwrap_or_default()).into_owned(),
            ip: r.ip,
            status: r.status,
            changed: chrono::DateTime::parse_from_rfc3339(&r.changed).map(|t| t.timestamp()).unwrap_or(0),
            protocol: r.protocol,
            login_user: crate::engine::text::printable(&login_user).into_owned(),
            node: on,
        });
    }
    phones.sort_by(|a, b| a.device.cmp(&b.device));
    let registered = phones.iter().filter(|p| p.status == "Registered").count();
    Ok(RisPhones { registered, unregistered: phones.len() - registered, phones })
}

fn remote_userid(lab: &Lab, cluster: &str, pk: &str) -> Result<Option<String>> {
    let Some(p) = lab.deployment().cluster(cluster).and_then(|c| c.publisher(Product::Cm)) else {
        return Ok(None);
    };
    let n = lab.node(&p.name)?;
    if !n.is_up()? {
        return Ok(None);
    }
    db::open(&n)?
        .query_row("SELECT userid FROM enduser WHERE pkid = ?1", sql_params![pk], |r| r.get(0))
        .optional()
        .map_err(sql_err)
}

/// The `Cisco Extension Mobility` performance counters of a node, by the object's counter
/// names, for `show perf`.
pub fn perf_counters(node: &NodeHandle) -> Result<Vec<(String, u64)>> {
    let mut st = state::load(node)?;
    let c = st.counters.clone();
    Ok(vec![
        ("Requests Handled".into(), c.requests_handled),
        ("Requests In Progress".into(), st.in_progress()),
        ("Requests Throttled".into(), c.requests_throttled),
        ("Successful Logins".into(), c.successful_logins),
        ("Successful Logouts".into(), c.successful_logouts),
        ("Login/Logout Requests Failed".into(), c.failed),
        ("EMCC Successful Logins".into(), c.emcc_logins),
        ("EMCC Successful Logouts".into(), c.emcc_logouts),
    ])
}
