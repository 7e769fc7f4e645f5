//! The Extension Mobility API: the XML documents a third-party application POSTs to the
//! Cisco Extension Mobility service (`EMAPI`), as `ucsh cluster em api --request FILE`
//! hands one to the service of a CM node.
//!
//! A document is a `<request>` (one `<login>` or `<logout>`) or a `<query>` (a
//! `<deviceUserQuery>` or a `<userDevicesQuery>`), each with the application's credentials
//! in `<appInfo><appID>..</appID><appCertificate>..</appCertificate></appInfo>`. The service
//!
//! 1. answers at the HTTP level when it cannot be reached (Cisco Tomcat or the service
//!    itself not running);
//! 2. parses the document (at most [`MAX_REQUEST_BYTES`], no DTD): 1 (Parsing Error) when
//!    it is not well-formed XML or not a request or query of the API's form;
//! 3. authenticates the application user against the cluster's `applicationuser` rows and
//!    their `credential` (an argon2id hash of the password): 3 (Invalid App User);
//! 4. answers a query from `extensionmobilitydynamic`, or 8 (Query Type Undetermined) for a
//!    query that is neither a DeviceUserQuery nor a UserDevicesQuery;
//! 5. for a login or logout, checks that the application user may act for other users (its
//!    access control group `Standard EM Authentication Proxy Rights`, which CCMSysUser is in
//!    from `cluster init`): 10 (User lacks app proxy rights); reads the login type (`UID`
//!    user ID, `DN` primary extension, `SP` Self-Service User ID): 215 (loginType invalid);
//!    finds the user of a primary extension: 216 (DN has multiple users) when several users
//!    have it as primary; then runs the login or logout through the service's own path
//!    ([`service::handle`]: its throttle, IP validation, traces and counters), the
//!    application vouching for the user in place of a PIN.
//!
//! The failures of steps 2-5 write the service's trace lines and count as failed requests,
//! as the service's own do. The password is never written anywhere but its argon2id hash.

use std::io::Read as _;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use super::service::{self, Action, Arrival, Outcome, Request, EM_SERVICE};
use super::state;
use crate::engine::db::{self, sample::pkid, sql_err};
use crate::engine::deployment::{Cluster, Product};
use crate::engine::error::{EngineError, Result};
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;
use crate::engine::services;
use crate::engine::text::printable;
use crate::engine::traces::writer;

/// Largest request document the service reads (a login is a few hundred bytes; a query of
/// a thousand devices fits).
pub const MAX_REQUEST_BYTES: u64 = 64 * 1024;
/// Most XML nodes a document may have (with the size bound, keeps the tree small).
const MAX_NODES: u32 = 20_000;
/// The application user `cluster init` creates in every CM database, in the EM proxy group.
pub const CCMSYSUSER: &str = "CCMSysUser";
/// The lab's password of CCMSysUser (README: the lab's accounts). Only its argon2id hash is stored.
pub const CCMSYSUSER_PASSWORD: &str = "Lab-CCMSysUser-1";
/// The access control group that lets an application user log other users in and out.
pub const PROXY_GROUP: &str = "Standard EM Authentication Proxy Rights";
/// A standard group without that right (the CTI applications').
pub const CTI_GROUP: &str = "Standard CTI Enabled";
/// `credential.tkcredential` of an application user's password (our choice; the platform's
/// enum is not public; a PIN is 3).
pub const CREDENTIAL_PASSWORD: i64 = 1;
/// Longest `exclusiveDuration` in minutes: the service's Intra-cluster Maximum Login Time
/// bound (168:00).
pub const MAX_EXCLUSIVE_MINUTES: i64 = 168 * 60;

/// What a document asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ApiOperation {
    Login,
    Logout,
    DeviceUserQuery,
    UserDevicesQuery,
}

/// How a login names its user (seed 001 table 9, 215).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LoginType {
    /// The user ID.
    #[serde(rename = "UID")]
    Uid,
    /// The user's primary extension.
    #[serde(rename = "DN")]
    Dn,
    /// The user's Self-Service User ID (`enduser.selfservice`).
    #[serde(rename = "SP")]
    Sp,
}

impl LoginType {
    fn parse(text: &str) -> Option<LoginType> {
        match text.trim().to_ascii_uppercase().as_str() {
            "UID" => Some(LoginType::Uid),
            "DN" => Some(LoginType::Dn),
            "SP" => Some(LoginType::Sp),
            _ => None,
        }
    }
}

/// Where a device of a DeviceUserQuery stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "user")]
pub enum DeviceState {
    /// A user is logged in (the user ID; an EMCC login's visiting user too).
    LoggedIn(String),
    NotLoggedIn,
    DoesNotExist,
    /// The device does not allow Extension Mobility (Enable Extension Mobility unchecked).
    DeviceLoginDisabled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceUser {
    pub device: String,
    #[serde(flatten)]
    pub state: DeviceState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserDevices {
    pub user: String,
    pub exists: bool,
    /// The devices the user is logged in to, by name.
    pub devices: Vec<String>,
}

/// The service's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ApiResponse {
    Success,
    Failure {
        code: u16,
        reason: String,
    },
    /// No XML answer: the node's web server or the service cannot be reached
    /// (`Host Not Found`, `HTTP 503`).
    Unavailable {
        status: String,
    },
    DeviceUserResults {
        devices: Vec<DeviceUser>,
    },
    UserDevicesResults {
        users: Vec<UserDevices>,
    },
}

/// The result of one EM API document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiReport {
    pub cluster: String,
    pub node: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<ApiOperation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login_type: Option<LoginType>,
    pub response: ApiResponse,
    /// The login or logout as the service handled it (its notes: auto logouts, call logs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// Reads a request document from a file, within [`MAX_REQUEST_BYTES`].
pub fn read_request(file: &Path) -> Result<Vec<u8>> {
    let bad = |why: String| EngineError::EmApiRequest { file: file.to_path_buf(), why };
    let f = std::fs::File::open(file).map_err(|e| bad(e.to_string()))?;
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return Err(bad("it is not a regular file".into()));
    }
    let mut body = Vec::new();
    f.take(MAX_REQUEST_BYTES + 1).read_to_end(&mut body).map_err(|e| bad(e.to_string()))?;
    if body.len() as u64 > MAX_REQUEST_BYTES {
        return Err(bad(format!("a request document is at most {} KiB", MAX_REQUEST_BYTES >> 10)));
    }
    Ok(body)
}

/// The argon2id hash the database keeps of an application user's password. Its salt is
/// derived from the cluster and the user, so every replica seeded by `cluster init` (in any
/// process) holds the same row; each cluster's differs.
pub fn password_hash(cluster: &str, name: &str, password: &str) -> Result<String> {
    use sha2::Digest as _;
    let mut h = sha2::Sha256::new();
    h.update(b"ucsh-appuser\0");
    h.update(cluster.as_bytes());
    h.update(b"\0");
    h.update(name.as_bytes());
    let d = h.finalize();
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&d[..16]);
    crate::engine::accounts::hash_password_salted(password, &salt)
}

/// CCMSysUser's hash per cluster, computed once per process (argon2 is deliberately slow;
/// `cluster init` seeds it in every CM replica of the cluster).
fn ccmsysuser_hash(cluster: &str) -> Result<String> {
    static SEEDED: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, String>>> =
        std::sync::OnceLock::new();
    let map = SEEDED.get_or_init(Default::default);
    if let Some(h) = map.lock().ok().and_then(|m| m.get(cluster).cloned()) {
        return Ok(h);
    }
    let h = password_hash(cluster, CCMSYSUSER, CCMSYSUSER_PASSWORD)?;
    if let Ok(mut m) = map.lock() {
        m.insert(cluster.to_string(), h.clone());
    }
    Ok(h)
}

/// `cluster init`: the standard access control groups the EM API needs and CCMSysUser in
/// the proxy group, in a new CM replica (identical in every replica of the cluster).
pub fn seed(tx: &Transaction, cluster: &Cluster, at: &str) -> Result<()> {
    let c = &cluster.name;
    for g in [PROXY_GROUP, CTI_GROUP] {
        tx.execute(
            "INSERT INTO dirgroup (pkid, name, isstandard) VALUES (?1, ?2, 't')",
            params![pkid(&format!("{c}/dirgroup/{g}")), g],
        )
        .map_err(sql_err)?;
    }
    let user = pkid(&format!("{c}/applicationuser/{CCMSYSUSER}"));
    tx.execute(
        "INSERT INTO applicationuser (pkid, name, description, isstandard) VALUES (?1, ?2, ?2, 't')",
        params![user, CCMSYSUSER],
    )
    .map_err(sql_err)?;
    tx.execute(
        "INSERT INTO credential (pkid, fkenduser, tkcredential, credentials, timechanged, fkapplicationuser) \
         VALUES (?1, NULL, ?2, ?3, ?4, ?5)",
        params![
            pkid(&format!("{c}/credential/{CCMSYSUSER}/password")),
            CREDENTIAL_PASSWORD,
            ccmsysuser_hash(c)?,
            at,
            user
        ],
    )
    .map_err(sql_err)?;
    tx.execute(
        "INSERT INTO applicationuserdirgroupmap (pkid, fkapplicationuser, fkdirgroup) VALUES (?1, ?2, ?3)",
        params![
            pkid(&format!("{c}/applicationuserdirgroupmap/{CCMSYSUSER}/{PROXY_GROUP}")),
            user,
            pkid(&format!("{c}/dirgroup/{PROXY_GROUP}"))
        ],
    )
    .map_err(sql_err)?;
    Ok(())
}

/// A document the service could read.
enum Parsed {
    Login {
        device: String,
        user: String,
        login_type: Option<String>,
        minutes: Option<i64>,
    },
    Logout {
        device: String,
    },
    DeviceUser(Vec<String>),
    UserDevices(Vec<String>),
    /// A query of another type (8).
    OtherQuery(String),
}

struct Document {
    app_id: String,
    certificate: String,
    what: Parsed,
}

/// Why a document is not one the API takes (error 1), for the trace.
type ParseError = String;

fn named<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
}

fn all_named<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<String> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
        .map(|c| c.text().unwrap_or("").trim().to_string())
        .collect()
}

fn text_of(node: roxmltree::Node, name: &str) -> Option<String> {
    named(node, name).map(|n| n.text().unwrap_or("").trim().to_string())
}

fn parse(body: &[u8]) -> std::result::Result<Document, ParseError> {
    let text = std::str::from_utf8(body).map_err(|_| "the document is not UTF-8 text".to_string())?;
    let opts = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(text, opts).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    let kind = root.tag_name().name().to_ascii_lowercase();
    if kind != "request" && kind != "query" {
        return Err(format!("the document is a <{}>, not a <request> or <query>", root.tag_name().name()));
    }
    let info = named(root, "appInfo").ok_or_else(|| "the document has no <appInfo>".to_string())?;
    let app_id = text_of(info, "appID").ok_or_else(|| "<appInfo> has no <appID>".to_string())?;
    let certificate =
        text_of(info, "appCertificate").ok_or_else(|| "<appInfo> has no <appCertificate>".to_string())?;
    let body: Vec<roxmltree::Node> = root
        .children()
        .filter(|c| c.is_element() && !c.tag_name().name().eq_ignore_ascii_case("appInfo"))
        .collect();
    let what = if kind == "request" {
        let [op] = body.as_slice() else {
            return Err("a <request> has one <login> or <logout>".into());
        };
        match op.tag_name().name().to_ascii_lowercase().as_str() {
            "login" => {
                let minutes = match named(*op, "exclusiveDuration") {
                    None => None,
                    Some(d) if named(d, "indefinite").is_some() => Some(0),
                    Some(d) => {
                        let t = text_of(d, "time")
                            .ok_or_else(|| "<exclusiveDuration> has no <time>".to_string())?;
                        let m = t
                            .parse::<i64>()
                            .ok()
                            .filter(|m| (1..=MAX_EXCLUSIVE_MINUTES).contains(m))
                            .ok_or_else(|| {
                                format!("<time> {} is not 1-{MAX_EXCLUSIVE_MINUTES} minutes", printable(&t))
                            })?;
                        Some(m)
                    }
                };
                Parsed::Login {
                    device: text_of(*op, "deviceName").unwrap_or_default(),
                    user: text_of(*op, "userID").unwrap_or_default(),
                    login_type: text_of(*op, "loginType"),
                    minutes,
                }
            }
            "logout" => Parsed::Logout { device: text_of(*op, "deviceName").unwrap_or_default() },
            other => return Err(format!("a <request> has <{other}>, not <login> or <logout>")),
        }
    } else {
        match body.first() {
            None => Parsed::OtherQuery(String::new()),
            Some(q) => match q.tag_name().name().to_ascii_lowercase().as_str() {
                "deviceuserquery" => Parsed::DeviceUser(all_named(*q, "deviceName")),
                // The seed's spelling (UserDeviceQuery) and the developer guide's.
                "userdevicesquery" | "userdevicequery" => Parsed::UserDevices(all_named(*q, "userID")),
                _ => Parsed::OtherQuery(q.tag_name().name().to_string()),
            },
        }
    };
    Ok(Document { app_id, certificate, what })
}

/// The application user named, if the password is right: (pkid, has the proxy right).
fn authenticate(conn: &Connection, name: &str, password: &str) -> Result<Option<(String, bool)>> {
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT a.pkid, c.credentials FROM applicationuser a LEFT JOIN credential c \
             ON c.fkapplicationuser = a.pkid AND c.tkcredential = ?2 WHERE a.name = ?1",
            params![name, CREDENTIAL_PASSWORD],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql_err)?;
    let Some((pk, hash)) = row else { return Ok(None) };
    if !hash.is_some_and(|h| crate::engine::accounts::verify_password(&h, password)) {
        return Ok(None);
    }
    let proxy: i64 = conn
        .query_row(
            "SELECT count(*) FROM applicationuserdirgroupmap m JOIN dirgroup g ON g.pkid = m.fkdirgroup \
             WHERE m.fkapplicationuser = ?1 AND g.name = ?2",
            params![pk, PROXY_GROUP],
            |r| r.get(0),
        )
        .map_err(sql_err)?;
    Ok(Some((pk, proxy > 0)))
}

/// The user IDs whose primary extension (`endusernumplanmap.tkdnusage` 1) is `dn`.
fn primary_users(conn: &Connection, dn: &str) -> Result<Vec<String>> {
    let mut st = conn
        .prepare(
            "SELECT DISTINCT u.userid FROM numplan n JOIN endusernumplanmap m ON m.fknumplan = n.pkid \
             AND m.tkdnusage = 1 JOIN enduser u ON u.pkid = m.fkenduser WHERE n.dnorpattern = ?1 ORDER BY u.userid",
        )
        .map_err(sql_err)?;
    let q = st.query_map(params![dn], |r| r.get(0)).map_err(sql_err)?;
    q.collect::<std::result::Result<_, _>>().map_err(sql_err)
}

fn selfservice_users(conn: &Connection, id: &str) -> Result<Vec<String>> {
    let mut st =
        conn.prepare("SELECT userid FROM enduser WHERE selfservice = ?1 ORDER BY userid").map_err(sql_err)?;
    let q = st.query_map(params![id], |r| r.get(0)).map_err(sql_err)?;
    q.collect::<std::result::Result<_, _>>().map_err(sql_err)
}

fn device_user(conn: &Connection, name: &str) -> Result<DeviceUser> {
    let dev: Option<(String, i64, String)> = conn
        .query_row(
            "SELECT pkid, tkclass, allowhotelingflag FROM device WHERE name = ?1",
            params![name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(sql_err)?;
    let state = match dev {
        None => DeviceState::DoesNotExist,
        Some((_, class, hotel)) if class != super::population::CLASS_PHONE || hotel != "t" => {
            DeviceState::DeviceLoginDisabled
        }
        Some((pk, _, _)) => {
            let user: Option<String> = conn
                .query_row(
                    "SELECT u.userid FROM extensionmobilitydynamic e JOIN enduser u ON u.pkid = e.fkenduser \
                     WHERE e.fkdevice = ?1",
                    params![pk],
                    |r| r.get(0),
                )
                .optional()
                .map_err(sql_err)?;
            user.map_or(DeviceState::NotLoggedIn, DeviceState::LoggedIn)
        }
    };
    Ok(DeviceUser { device: name.to_string(), state })
}

fn user_devices(conn: &Connection, id: &str) -> Result<UserDevices> {
    let pk: Option<String> = conn
        .query_row("SELECT pkid FROM enduser WHERE userid = ?1", params![id], |r| r.get(0))
        .optional()
        .map_err(sql_err)?;
    let Some(pk) = pk else {
        return Ok(UserDevices { user: id.to_string(), exists: false, devices: Vec::new() });
    };
    let mut st = conn
        .prepare(
            "SELECT d.name FROM extensionmobilitydynamic e JOIN device d ON d.pkid = e.fkdevice \
             WHERE e.fkenduser = ?1 ORDER BY d.name",
        )
        .map_err(sql_err)?;
    let q = st.query_map(params![pk], |r| r.get(0)).map_err(sql_err)?;
    let devices = q.collect::<std::result::Result<_, _>>().map_err(sql_err)?;
    Ok(UserDevices { user: id.to_string(), exists: true, devices })
}

/// The service's trace lines and counters for a document answered before (or without) the
/// login path: a query, or a failure of the API's own checks.
fn account(node: &NodeHandle, lines: &[(&'static str, String)], failed: bool) -> Result<()> {
    let _ = writer::record_lines(node, EM_SERVICE, lines);
    let _lock = node.lock()?;
    let mut st = state::load(node)?;
    st.counters.requests_handled += 1;
    if failed {
        st.counters.failed += 1;
    }
    state::save(node, &st)
}

/// Handles one EM API document on `op`'s node (a CM node running the EM service); `ip` is
/// the address the application sends from (the service's IP validation).
pub fn handle(op: &Op, body: &[u8], ip: Option<&str>) -> Result<ApiReport> {
    let node = op.node();
    if node.product() != Product::Cm {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    let mut report = ApiReport {
        cluster: node.cluster.clone(),
        node: node.name().to_string(),
        operation: None,
        app_user: None,
        login_type: None,
        response: ApiResponse::Success,
        outcome: None,
    };
    let running = services::load(node)?;
    // The application reaches the service's servlet through Tomcat.
    if !running.is_running("Cisco Tomcat") {
        report.response = ApiResponse::Unavailable { status: "Host Not Found".into() };
        return Ok(report);
    }
    if !running.is_running(EM_SERVICE) {
        report.response = ApiResponse::Unavailable { status: "HTTP 503".into() };
        let _ = writer::record_lines(
            node,
            "Cisco Tomcat",
            &[("ERROR", format!("HTTP 503: {EM_SERVICE} is not available for an EMAPI request"))],
        );
        return Ok(report);
    }
    let from = printable(ip.unwrap_or("-")).into_owned();
    let fail = |report: &mut ApiReport, code: u16, reason: &str, why: String| -> Result<()> {
        report.response = ApiResponse::Failure { code, reason: reason.to_string() };
        let app = report.app_user.as_deref().map(|a| printable(a).into_owned()).unwrap_or_else(|| "-".into());
        account(
            node,
            &[("ERROR", format!("EMAPI request from {from} appID={app}: {why}, error {code} ({reason})"))],
            true,
        )
    };
    let doc = match parse(body) {
        Ok(d) => d,
        Err(why) => {
            fail(&mut report, 1, "Parsing Error", format!("cannot parse the request: {}", printable(&why)))?;
            return Ok(report);
        }
    };
    report.operation = match &doc.what {
        Parsed::Login { .. } => Some(ApiOperation::Login),
        Parsed::Logout { .. } => Some(ApiOperation::Logout),
        Parsed::DeviceUser(_) => Some(ApiOperation::DeviceUserQuery),
        Parsed::UserDevices(_) => Some(ApiOperation::UserDevicesQuery),
        Parsed::OtherQuery(_) => None,
    };
    report.app_user = Some(doc.app_id.clone());
    // The service reads its node's replica of the CM database.
    if !(node.is_up()? && running.is_running("A Cisco DB")) {
        fail(&mut report, 6, "Database Error", "database is not available".into())?;
        return Ok(report);
    }
    let conn = db::open(node)?;
    let Some((_, proxy)) = authenticate(&conn, &doc.app_id, &doc.certificate)? else {
        fail(&mut report, 3, "Invalid App User", "the application user cannot be authenticated".into())?;
        return Ok(report);
    };
    let (action, device, user, minutes) = match doc.what {
        Parsed::OtherQuery(q) => {
            let what =
                if q.is_empty() { "an empty query".to_string() } else { format!("<{}>", printable(&q)) };
            fail(&mut report, 8, "Query Type Undetermined", format!("{what} is not a known query"))?;
            return Ok(report);
        }
        Parsed::DeviceUser(names) => {
            let devices = names.iter().map(|n| device_user(&conn, n)).collect::<Result<Vec<_>>>()?;
            account(
                node,
                &[("INFO", format!("EMAPI deviceUserQuery from {from}: {} devices", devices.len()))],
                false,
            )?;
            report.response = ApiResponse::DeviceUserResults { devices };
            return Ok(report);
        }
        Parsed::UserDevices(ids) => {
            let users = ids.iter().map(|u| user_devices(&conn, u)).collect::<Result<Vec<_>>>()?;
            account(
                node,
                &[("INFO", format!("EMAPI userDevicesQuery from {from}: {} users", users.len()))],
                false,
            )?;
            report.response = ApiResponse::UserDevicesResults { users };
            return Ok(report);
        }
        Parsed::Login { device, user, login_type, minutes } => {
            // 10 before anything about the user: the application may not act for one.
            if !proxy {
                fail(
                    &mut report,
                    10,
                    "User lacks app proxy rights",
                    format!("the application user is not in {PROXY_GROUP}"),
                )?;
                return Ok(report);
            }
            let lt = match login_type.as_deref() {
                None | Some("") => LoginType::Uid,
                Some(t) => match LoginType::parse(t) {
                    Some(lt) => lt,
                    None => {
                        fail(
                            &mut report,
                            215,
                            "loginType invalid",
                            format!("loginType {} is not SP, DN or UID", printable(t)),
                        )?;
                        return Ok(report);
                    }
                },
            };
            report.login_type = Some(lt);
            let user = match lt {
                LoginType::Uid => user,
                LoginType::Dn | LoginType::Sp => {
                    let found = if lt == LoginType::Dn {
                        primary_users(&conn, &user)?
                    } else {
                        selfservice_users(&conn, &user)?
                    };
                    match found.as_slice() {
                        [one] => one.clone(),
                        [] => {
                            fail(
                                &mut report,
                                201,
                                "Authentication Error",
                                format!(
                                    "no user has {} {}",
                                    if lt == LoginType::Dn {
                                        "the primary extension"
                                    } else {
                                        "the Self-Service User ID"
                                    },
                                    printable(&user)
                                ),
                            )?;
                            return Ok(report);
                        }
                        _ if lt == LoginType::Dn => {
                            fail(
                                &mut report,
                                216,
                                "DN has multiple users",
                                format!(
                                    "{} users have {} as their primary extension",
                                    found.len(),
                                    printable(&user)
                                ),
                            )?;
                            return Ok(report);
                        }
                        _ => {
                            fail(
                                &mut report,
                                201,
                                "Authentication Error",
                                format!(
                                    "{} users have the Self-Service User ID {}",
                                    found.len(),
                                    printable(&user)
                                ),
                            )?;
                            return Ok(report);
                        }
                    }
                }
            };
            (Action::Login, device, Some(user), minutes)
        }
        Parsed::Logout { device } => {
            if !proxy {
                fail(
                    &mut report,
                    10,
                    "User lacks app proxy rights",
                    format!("the application user is not in {PROXY_GROUP}"),
                )?;
                return Ok(report);
            }
            (Action::Logout, device, None, None)
        }
    };
    drop(conn);
    let mut r = Request::new(action, &device);
    r.user = user;
    r.ip = ip.map(str::to_string);
    r.app_user = Some(doc.app_id);
    r.duration = minutes.map(|m| m * 60);
    let em = service::handle(op, std::slice::from_ref(&r), Arrival::Sequential)?;
    let outcome = em.outcomes.into_iter().next();
    report.response = match outcome.as_ref().and_then(|o| o.error.as_ref()) {
        None => ApiResponse::Success,
        Some(f) => match f.code.parse::<u16>() {
            Ok(code) => ApiResponse::Failure { code, reason: f.reason.clone() },
            Err(_) => ApiResponse::Unavailable { status: f.code.clone() },
        },
    };
    let app = printable(r.app_user.as_deref().unwrap_or("-")).into_owned();
    let line = match &report.response {
        ApiResponse::Failure { code, reason } => (
            "ERROR",
            format!(
                "EMAPI {} from {from} appID={app} for device {}: error {code} ({reason})",
                action.word(),
                printable(&device)
            ),
        ),
        _ => (
            "INFO",
            format!(
                "EMAPI {} from {from} appID={app} for device {}: {}",
                action.word(),
                printable(&device),
                if report.response == ApiResponse::Success { "success" } else { "no answer" }
            ),
        ),
    };
    let _ = writer::record_lines(node, EM_SERVICE, &[line]);
    report.outcome = outcome;
    Ok(report)
}
