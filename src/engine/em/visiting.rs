//! The EMCC configuration an EMCC login crosses, and the codes of seed 001 tables 9 and 10
//! its rows give: the visiting cluster's EMCC Intercluster Service Profile, the phone
//! models' EMCC support, the home cluster's EMCC Feature Configuration (TFTP servers for
//! EMCC login devices) and EMCC template, and the clusters' and phone's security modes.
//!
//! Everything is a row of a cluster's CM database, kept where the platform keeps it and
//! visible with `run sql`:
//!
//! * **Intercluster Service Profile** (Advanced Features > EMCC > EMCC Intercluster Service
//!   Profile): `interclusterserviceprofile`, one row per service (`tkremoteclusterservice`
//!   1 EMCC, 2 PSTN Access, 3 RSVP Agent, as `remoteclusterserviceaddress` numbers them) with
//!   its Active check box (`isactivated`). `ucsh cluster emcc service-profile
//!   activate|deactivate` changes it. The visiting cluster's EMApp refuses an EMCC login
//!   with 201 (Authentication Error, table 9) when EMCC is not active there and with 211
//!   (EMCC Not Activated) when PSTN Access is not. RSVP Agent is kept and shown too; no
//!   table gives it a code, so an inactive RSVP Agent does not stop a login (ucsh's
//!   choice: calls then have no RSVP-based admission control, which the lab does not model).
//! * **EMCC support of a phone model**: `productsupportsfeature` rows (`tkmodel`,
//!   `tksupportsfeature`) of the feature `typesupportsfeature` "Extension Mobility Cross
//!   Cluster", as the platform's device packs install them. The desk phone models and the
//!   EMCC Base Phone have it; the Jabber softphones (CSF, TCT, BOT, TAB) do not. The
//!   visiting EMApp checks the phone's model in its own cluster's rows and refuses with 213
//!   (Device does not support EMCC, table 9); a model the visiting cluster lists but the
//!   home cluster does not (the home cluster builds the EMCC login device of that model, as
//!   a home cluster without the phone's device pack cannot) is refused by the home
//!   EMService with 32 (table 10). A `run sql delete` of a row breaks either.
//! * **Default / Backup TFTP Server for EMCC Login Device** (EMCC Feature Configuration,
//!   seed 001 table 2: the TFTP server devices logging in from a remote cluster use): the
//!   home cluster's `processconfig` rows `EMCCDefaultTFTPServer` and `EMCCBackupTFTPServer`.
//!   One of them must name (host name, fully qualified name or IPv4 address) a CM node of the
//!   home cluster on which Cisco Tftp is activated; else the home EMService fails the login
//!   with the internal code 39 (Configuration Issue, table 10) and the phone shows 201.
//! * **EMCC template** (Bulk Administration > EMCC > EMCC Template, the default one used
//!   for the EMCC login devices): a `device` row of class Phone Template (20) and model EMCC
//!   Base Phone, named `Default EMCC Template` (not `EMCCn`, the login devices' names),
//!   whose `fksecurityprofile` must be a security profile with `tkdevicesecuritymode` 1
//!   (Non Secure): else 43 (Device Security Mode Error, table 10). Security profiles are
//!   `securityprofile` rows; `device.fksecurityprofile` names a device's, the
//!   Model-independent (non-secure) one by default.
//! * **Cluster security mode**: the enterprise parameter Cluster Security Mode
//!   (`processconfig` `ClusterSecurityMode`, 0 Non Secure, 1 Mixed), set by `ucsh cluster
//!   emcc security-mode` (on the platform `utils ctl set-cluster mixed-mode`, which ucsh does
//!   not have). With the visiting cluster in mixed mode and the phone's security profile
//!   secure (Authenticated or Encrypted), seed 001 tables 6 and 8: a home cluster whose
//!   version (`remotecluster.version` in the visiting cluster, from the last remote cluster
//!   update) is before 9 fails with 45 (Remote Cluster Version Not Supported), a 9.x or
//!   later home cluster in non-secure mode with 46 (Remote Cluster Security Mode Not
//!   Supported). A lab's versions come from its layout (`cluster init --layout`).
//!
//! The enum numbers of `typesupportsfeature` (EMCC), `typemodel` (EMCC Base Phone), the
//! `tkservice` of enterprise parameters and the security profiles' pkids are ucsh's (the
//! platform's are not public); `typedevicesecuritymode` 1-3 are the platform's.
//!
//! Nothing here runs per request in the intra-cluster login path: the checks are called
//! from `service::emcc_login`, one line each, with the connections it already holds.

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use super::population::MODEL_DESK;
use super::service::Failure;
use crate::engine::db::sample::{pkid, ENTERPRISE_WIDE_DATA_PKID};
use crate::engine::db::{self, repl, sql_err};
use crate::engine::deployment::{Cluster, Product};
use crate::engine::error::Result;
use crate::engine::lab::Lab;
use crate::engine::node::NodeHandle;
use crate::engine::services;

/// `typesupportsfeature.enum` of Extension Mobility Cross Cluster (ucsh's numbering).
pub const FEATURE_EMCC: i64 = 170;
/// `typemodel.enum` of the EMCC Base Phone, the model of EMCC templates (ucsh's numbering).
pub const MODEL_EMCC_BASE: i64 = 36999;
/// `typeclass.enum` of Phone Template: BAT templates, the EMCC template among them.
pub const CLASS_TEMPLATE: i64 = 20;
/// The name of the cluster's default EMCC template.
pub const EMCC_TEMPLATE: &str = "Default EMCC Template";
/// The security profile every device has unless another is set: `device.fksecurityprofile`'s
/// default (schema.rs), the same pkid in every cluster as the platform's installed rows.
pub const NON_SECURE_PROFILE_PKID: &str = "5e0c7a1e-0000-4000-8000-00000000e3cc";
pub const NON_SECURE_PROFILE: &str = "Universal Device Template - Model-independent Security Profile";
/// A secure (encrypted) profile for the desk phones, installed for the lab.
pub const SECURE_PROFILE_PKID: &str = "5e0c7a1e-0000-4000-8000-00000000e3cd";
pub const SECURE_PROFILE: &str = "Cisco 8865 - Standard SIP Secure Profile";
/// `processconfig.tkservice` of enterprise parameters (ucsh's numbering).
pub const TK_SERVICE_ENTERPRISE: i64 = 0;
pub const CLUSTER_SECURITY_MODE: &str = "ClusterSecurityMode";

/// `typedevicesecuritymode`: the platform's device security modes.
const SECURITY_MODES: &[(i64, &str, &str)] =
    &[(1, "Non Secure", "NON_SECURE"), (2, "Authenticated", "AUTHENTICATED"), (3, "Encrypted", "ENCRYPTED")];
const MODE_NON_SECURE: i64 = 1;

/// The models that support EMCC: the desk phones and the EMCC Base Phone (the Jabber
/// softphones and the key expansion module do not).
const EMCC_MODELS: &[i64] = &[MODEL_DESK, MODEL_7821, MODEL_EMCC_BASE];
/// `typemodel.enum` of the Cisco 7821 (the sample data's second desk phone model).
const MODEL_7821: i64 = 36213;

/// A service of the Intercluster Service Profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileService {
    Emcc,
    PstnAccess,
    RsvpAgent,
}

impl ProfileService {
    pub const ALL: [ProfileService; 3] =
        [ProfileService::Emcc, ProfileService::PstnAccess, ProfileService::RsvpAgent];

    /// `tkremoteclusterservice`, as `remoteclusterserviceaddress` numbers the services.
    pub fn number(self) -> i64 {
        match self {
            ProfileService::Emcc => 1,
            ProfileService::PstnAccess => 2,
            ProfileService::RsvpAgent => 3,
        }
    }

    /// The pane's name on the page.
    pub fn describe(self) -> &'static str {
        match self {
            ProfileService::Emcc => "EMCC",
            ProfileService::PstnAccess => "PSTN Access",
            ProfileService::RsvpAgent => "RSVP Agent",
        }
    }

    /// The word a lab command takes (`emcc`, `pstn-access`, `rsvp-agent`).
    pub fn parse(word: &str) -> Option<ProfileService> {
        ProfileService::ALL.into_iter().find(|s| {
            s.describe().replace(' ', "-").eq_ignore_ascii_case(word)
                || s.describe().eq_ignore_ascii_case(word)
        })
    }
}

/// A cluster's security mode (enterprise parameter Cluster Security Mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecurityMode {
    NonSecure,
    Mixed,
}

impl SecurityMode {
    pub fn value(self) -> &'static str {
        match self {
            SecurityMode::NonSecure => "0",
            SecurityMode::Mixed => "1",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            SecurityMode::NonSecure => "Non Secure",
            SecurityMode::Mixed => "Mixed",
        }
    }

    /// The stored value; anything but 1 is non-secure, as the platform starts.
    fn from_value(v: Option<&str>) -> SecurityMode {
        if v.map(str::trim) == Some("1") {
            SecurityMode::Mixed
        } else {
            SecurityMode::NonSecure
        }
    }
}

/// What `cluster init` adds to a new CM replica.
pub fn seed(tx: &Transaction, cluster: &Cluster) -> Result<()> {
    let c = &cluster.name;
    for (e, name, moniker) in SECURITY_MODES {
        tx.execute(
            "INSERT INTO typedevicesecuritymode (enum, name, moniker) VALUES (?1, ?2, ?3)",
            params![e, name, moniker],
        )
        .map_err(sql_err)?;
    }
    for (pk, name, model, mode) in [
        (NON_SECURE_PROFILE_PKID, NON_SECURE_PROFILE, None, MODE_NON_SECURE),
        (SECURE_PROFILE_PKID, SECURE_PROFILE, Some(MODEL_DESK), 3),
    ] {
        tx.execute(
            "INSERT INTO securityprofile (pkid, name, description, tkmodel, tkdevicesecuritymode) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![pk, name, name, model, mode],
        )
        .map_err(sql_err)?;
    }
    tx.execute(
        "INSERT INTO typesupportsfeature (enum, name, moniker) VALUES (?1, 'Extension Mobility Cross Cluster', \
         'EXTENSION_MOBILITY_CROSS_CLUSTER')",
        params![FEATURE_EMCC],
    )
    .map_err(sql_err)?;
    tx.execute(
        "INSERT OR IGNORE INTO typemodel (enum, name, moniker, tkclass) VALUES (?1, 'EMCC Base Phone', 'MODEL_EMCC_BASE_PHONE', 1)",
        params![MODEL_EMCC_BASE],
    )
    .map_err(sql_err)?;
    for model in EMCC_MODELS {
        tx.execute(
            "INSERT INTO productsupportsfeature (pkid, tkmodel, tksupportsfeature, tkdeviceprotocol, param) \
             VALUES (?1, ?2, ?3, 11, '')",
            params![pkid(&format!("{c}/productsupportsfeature/{model}/{FEATURE_EMCC}")), model, FEATURE_EMCC],
        )
        .map_err(sql_err)?;
    }
    tx.execute(
        "INSERT INTO device (pkid, name, description, tkclass, tkmodel, tkdeviceprotocol, allowhotelingflag, \
         fksecurityprofile) VALUES (?1, ?2, 'Default EMCC template for EMCC login devices', ?3, ?4, 11, 'f', ?5)",
        params![pkid(&format!("{c}/device/{EMCC_TEMPLATE}")), EMCC_TEMPLATE, CLASS_TEMPLATE, MODEL_EMCC_BASE, NON_SECURE_PROFILE_PKID],
    )
    .map_err(sql_err)?;
    for s in ProfileService::ALL {
        tx.execute(
            "INSERT INTO interclusterserviceprofile (pkid, tkremoteclusterservice, isactivated, fkdevice_siptrunk) \
             VALUES (?1, ?2, 't', NULL)",
            params![pkid(&format!("{c}/interclusterserviceprofile/{}", s.number())), s.number()],
        )
        .map_err(sql_err)?;
    }
    tx.execute(
        "INSERT INTO processconfig (pkid, fkprocessnode, tkservice, paramname, paramvalue, tkparam) \
         VALUES (?1, ?2, ?3, ?4, ?5, 1)",
        params![
            pkid(&format!("{c}/processconfig/{TK_SERVICE_ENTERPRISE}/{CLUSTER_SECURITY_MODE}")),
            ENTERPRISE_WIDE_DATA_PKID,
            TK_SERVICE_ENTERPRISE,
            CLUSTER_SECURITY_MODE,
            SecurityMode::NonSecure.value()
        ],
    )
    .map_err(sql_err)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// lab commands

/// The Intercluster Service Profile of a cluster after `cluster emcc service-profile`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceProfile {
    pub cluster: String,
    /// activated, deactivated.
    pub action: String,
    /// (service, active), in the page's order.
    pub services: Vec<(String, bool)>,
}

fn profile_of(conn: &Connection) -> Result<Vec<(String, bool)>> {
    ProfileService::ALL
        .into_iter()
        .map(|s| Ok((s.describe().to_string(), profile_active(conn, s)?)))
        .collect()
}

fn profile_active(conn: &Connection, s: ProfileService) -> Result<bool> {
    let v: Option<String> = conn
        .prepare_cached(
            "SELECT isactivated FROM interclusterserviceprofile WHERE tkremoteclusterservice = ?1",
        )
        .map_err(sql_err)?
        .query_row(params![s.number()], |r| r.get(0))
        .optional()
        .map_err(sql_err)?;
    Ok(v.as_deref() == Some("t"))
}

/// `ucsh cluster emcc service-profile activate|deactivate [--service S] [--cluster C]`:
/// the Active check boxes of the cluster's Intercluster Service Profile (all three when no
/// service is named), on the CM publisher, from where they replicate.
pub fn set_profile(
    lab: &Lab,
    cluster: Option<&str>,
    service: Option<ProfileService>,
    active: bool,
) -> Result<ServiceProfile> {
    let publisher = super::cm_publisher(lab, cluster)?;
    let local = publisher.cluster.clone();
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let chosen: Vec<ProfileService> = match service {
        Some(s) => vec![s],
        None => ProfileService::ALL.to_vec(),
    };
    for s in chosen {
        // A profile row removed with run sql is made again, as saving the page does.
        tx.execute(
            "INSERT INTO interclusterserviceprofile (pkid, tkremoteclusterservice, isactivated, fkdevice_siptrunk) \
             VALUES (?1, ?2, ?3, NULL) ON CONFLICT (tkremoteclusterservice) DO UPDATE SET isactivated = excluded.isactivated \
             WHERE isactivated <> excluded.isactivated",
            params![
                pkid(&format!("{local}/interclusterserviceprofile/{}", s.number())),
                s.number(),
                if active { "t" } else { "f" }
            ],
        )
        .map_err(sql_err)?;
    }
    let services = profile_of(&tx)?;
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &local)?;
    Ok(ServiceProfile {
        cluster: local,
        action: if active { "activated" } else { "deactivated" }.into(),
        services,
    })
}

/// What `cluster emcc security-mode` changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityModeChange {
    pub cluster: String,
    pub before: SecurityMode,
    pub after: SecurityMode,
}

fn security_mode(conn: &Connection) -> Result<SecurityMode> {
    let v: Option<String> = conn
        .prepare_cached(
            "SELECT paramvalue FROM processconfig WHERE fkprocessnode = ?1 AND tkservice = ?2 AND paramname = ?3",
        )
        .map_err(sql_err)?
        .query_row(params![ENTERPRISE_WIDE_DATA_PKID, TK_SERVICE_ENTERPRISE, CLUSTER_SECURITY_MODE], |r| r.get(0))
        .optional()
        .map_err(sql_err)?;
    Ok(SecurityMode::from_value(v.as_deref()))
}

/// `ucsh cluster emcc security-mode mixed|non-secure [--cluster C]`: the enterprise
/// parameter Cluster Security Mode on the CM publisher, from where it replicates.
pub fn set_security_mode(lab: &Lab, cluster: Option<&str>, mode: SecurityMode) -> Result<SecurityModeChange> {
    let publisher = super::cm_publisher(lab, cluster)?;
    let local = publisher.cluster.clone();
    let mut conn = db::open(&publisher)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let before = security_mode(&tx)?;
    tx.execute(
        "INSERT INTO processconfig (pkid, fkprocessnode, tkservice, paramname, paramvalue, tkparam) \
         VALUES (?1, ?2, ?3, ?4, ?5, 1) ON CONFLICT (fkprocessnode, tkservice, paramname) \
         DO UPDATE SET paramvalue = excluded.paramvalue WHERE paramvalue <> excluded.paramvalue",
        params![
            pkid(&format!("{local}/processconfig/{TK_SERVICE_ENTERPRISE}/{CLUSTER_SECURITY_MODE}")),
            ENTERPRISE_WIDE_DATA_PKID,
            TK_SERVICE_ENTERPRISE,
            CLUSTER_SECURITY_MODE,
            mode.value()
        ],
    )
    .map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    drop(conn);
    repl::replicate(lab, &local)?;
    Ok(SecurityModeChange { cluster: local, before, after: mode })
}

// ---------------------------------------------------------------------------------------
// the login's checks

type Lines = Vec<(&'static str, String)>;

fn refuse(code: u16, reason: &str) -> Option<Failure> {
    Some(Failure { code: code.to_string(), reason: reason.to_string() })
}

fn supports_emcc(conn: &Connection, model: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT pkid FROM productsupportsfeature WHERE tkmodel = ?1 AND tksupportsfeature = ?2 LIMIT 1",
        )
        .map_err(sql_err)?
        .query_row(params![model, FEATURE_EMCC], |r| r.get::<_, String>(0))
        .optional()
        .map_err(sql_err)?
        .is_some())
}

fn model_name(conn: &Connection, model: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT name FROM typemodel WHERE enum = ?1")
        .map_err(sql_err)?
        .query_row(params![model], |r| r.get::<_, String>(0))
        .optional()
        .map_err(sql_err)?
        .unwrap_or_else(|| format!("model {model}")))
}

/// The visiting cluster's EMApp, before it asks the home cluster: its Intercluster Service
/// Profile (201, 211) and the phone model's EMCC support (213). `tx` is the visiting
/// publisher's; the detail goes to the EMApp trace.
pub(super) fn at_visiting(
    tx: &Connection,
    model: i64,
    user: &str,
    device: &str,
    app: &mut Lines,
) -> Result<Option<Failure>> {
    let mut detail = |why: String, code: u16| {
        app.push(("ERROR", format!("EMCC login {user} on device {device}: {why}, error {code}")));
    };
    if !profile_active(tx, ProfileService::Emcc)? {
        detail("EMCC is not active in the Intercluster Service Profile".into(), 201);
        return Ok(refuse(201, "Authentication Error"));
    }
    if !profile_active(tx, ProfileService::PstnAccess)? {
        detail("PSTN Access is not active in the Intercluster Service Profile".into(), 211);
        return Ok(refuse(211, "EMCC Not Activated"));
    }
    if !supports_emcc(tx, model)? {
        detail(format!("the device model {} does not support EMCC", model_name(tx, model)?), 213);
        return Ok(refuse(213, "Device does not support EMCC"));
    }
    Ok(None)
}

/// The cluster's version major number (`12.5.1.16900-48` -> 12).
fn major(version: &str) -> Option<u32> {
    version.trim().split('.').next()?.parse().ok()
}

/// The phone's device security mode (its security profile's; none: non-secure).
fn phone_mode(tx: &Connection, device_pk: &str) -> Result<(i64, String)> {
    let found: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT s.tkdevicesecuritymode, s.name FROM device d JOIN securityprofile s ON s.pkid = d.fksecurityprofile \
             WHERE d.pkid = ?1",
        )
        .map_err(sql_err)?
        .query_row(params![device_pk], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(sql_err)?;
    Ok(found.unwrap_or((MODE_NON_SECURE, NON_SECURE_PROFILE.to_string())))
}

/// Whether `server` names a CM node of `cluster` on which Cisco Tftp is activated.
fn tftp_server(lab: &Lab, cluster: &str, server: &str) -> Result<Option<String>> {
    let server = server.trim();
    if server.is_empty() {
        return Ok(None);
    }
    let Some(c) = lab.deployment().cluster(cluster) else { return Ok(None) };
    for spec in c.nodes_of(Product::Cm) {
        let names = [spec.hostname.clone(), spec.fqdn(), spec.ipv4.to_string()];
        if !names.iter().any(|n| n.eq_ignore_ascii_case(server)) {
            continue;
        }
        let node = lab.node(&spec.name)?;
        let activated = services::load(&node)?.service.get("Cisco Tftp").is_some_and(|s| s.activated);
        return Ok(activated.then(|| spec.name.clone()));
    }
    Ok(None)
}

fn param(conn: &Connection, name: &str) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT paramvalue FROM processconfig WHERE fkprocessnode = ?1 AND tkservice = ?2 AND paramname = ?3")
        .map_err(sql_err)?
        .query_row(params![ENTERPRISE_WIDE_DATA_PKID, super::params::TK_SERVICE_EM, name], |r| r.get::<_, String>(0))
        .optional()
        .map_err(sql_err)?
        .unwrap_or_default())
}

/// The home cluster's EMService, on the request the visiting one forwarded: the model's
/// EMCC support there (32), the TFTP servers for EMCC login devices (39, shown as 201), the
/// EMCC template's security profile (43), and the security modes of the two clusters and
/// the phone (45, 46). `tx` is the visiting publisher's, `htx` the home publisher's; the
/// detail goes to the EMService trace.
#[allow(clippy::too_many_arguments)]
pub(super) fn at_home(
    tx: &Connection,
    htx: &Connection,
    lab: &Lab,
    visiting: &NodeHandle,
    home: &str,
    device_pk: &str,
    model: i64,
    user: &str,
    device: &str,
    svc: &mut Lines,
) -> Result<Option<Failure>> {
    let mut detail = |why: String, code: u16| {
        svc.push((
            "ERROR",
            format!("EMCC login {user} on device {device} from {}: {why}, error {code}", visiting.cluster),
        ));
    };
    if !supports_emcc(htx, model)? {
        detail(
            format!("home cluster {home} lists no EMCC support for the model {}", model_name(tx, model)?),
            32,
        );
        return Ok(refuse(32, "Device does not support EMCC"));
    }
    let default = param(htx, "EMCCDefaultTFTPServer")?;
    let backup = param(htx, "EMCCBackupTFTPServer")?;
    if tftp_server(lab, home, &default)?.is_none() && tftp_server(lab, home, &backup)?.is_none() {
        detail(
            format!(
                "EMCC Feature Configuration: neither the Default TFTP Server for EMCC Login Device ({}) nor the \
                 Backup ({}) is a node of {home} with Cisco Tftp activated",
                printable_or_none(&default),
                printable_or_none(&backup)
            ),
            39,
        );
        // Table 10: an internal code; the phone shows 201.
        return Ok(refuse(201, "Configuration Issue"));
    }
    let template: Option<(String, i64)> = htx
        .prepare_cached(
            "SELECT s.name, s.tkdevicesecuritymode FROM device d JOIN securityprofile s ON s.pkid = d.fksecurityprofile \
             WHERE d.tkclass = ?1 AND d.tkmodel = ?2 AND d.name = ?3",
        )
        .map_err(sql_err)?
        .query_row(params![CLASS_TEMPLATE, MODEL_EMCC_BASE, EMCC_TEMPLATE], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(sql_err)?;
    if let Some((profile, mode)) = template.filter(|(_, mode)| *mode != MODE_NON_SECURE) {
        detail(
            format!("the EMCC template's device security profile {profile} has security mode {mode}, not Non Secure"),
            43,
        );
        return Ok(refuse(43, "Device Security Mode Error"));
    }
    let (phone, profile) = phone_mode(tx, device_pk)?;
    if phone == MODE_NON_SECURE || security_mode(tx)? != SecurityMode::Mixed {
        return Ok(None);
    }
    // A secure phone in a mixed-mode visiting cluster (seed 001 tables 6 to 8).
    let home_version: Option<String> = tx
        .prepare_cached("SELECT version FROM remotecluster WHERE clusterid = ?1")
        .map_err(sql_err)?
        .query_row(params![home], |r| r.get(0))
        .optional()
        .map_err(sql_err)?
        .flatten();
    let visiting_major = major(&visiting.spec.version).unwrap_or(0);
    if let Some(v) =
        home_version.as_deref().filter(|v| major(v).is_some_and(|m| m < 9) && visiting_major >= 9)
    {
        detail(format!("home cluster {home} is version {v}, the phone's profile {profile} is secure"), 45);
        return Ok(refuse(45, "Remote Cluster Version Not Supported"));
    }
    if security_mode(htx)? == SecurityMode::NonSecure {
        detail(
            format!(
                "home cluster {home} is non-secure, {} mixed and the phone's profile {profile} secure",
                visiting.cluster
            ),
            46,
        );
        return Ok(refuse(46, "Remote Cluster Security Mode Not Supported"));
    }
    Ok(None)
}

fn printable_or_none(v: &str) -> String {
    if v.trim().is_empty() {
        "none".into()
    } else {
        crate::engine::text::printable(v).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_device_columns_default_to_the_non_secure_profile() {
        let device = crate::engine::db::schema::table("device").expect("device table");
        assert!(device
            .columns
            .contains(&format!("fksecurityprofile TEXT DEFAULT '{NON_SECURE_PROFILE_PKID}'")));
    }

    #[test]
    fn versions_and_services_read_as_typed() {
        assert_eq!(major("12.5.1.16900-48"), Some(12));
        assert_eq!(major("8.6.2.20000-2"), Some(8));
        assert_eq!(major("x"), None);
        assert_eq!(ProfileService::parse("pstn-access"), Some(ProfileService::PstnAccess));
        assert_eq!(ProfileService::parse("RSVP Agent"), Some(ProfileService::RsvpAgent));
        assert_eq!(ProfileService::parse("tftp"), None);
        assert_eq!(SecurityMode::from_value(Some("1")), SecurityMode::Mixed);
        assert_eq!(SecurityMode::from_value(None), SecurityMode::NonSecure);
    }
}
