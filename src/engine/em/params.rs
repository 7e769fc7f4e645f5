//! The Cisco Extension Mobility service parameters (seed 000 table 2, the headset ones of
//! seed 002) and the EMCC feature parameters (seed 001 table 2), kept where the platform
//! keeps service parameters: `processconfig` rows of the CM database, cluster-wide
//! (`fkprocessnode` = EnterpriseWideData), one row per parameter, so `run sql select
//! paramname, paramvalue from processconfig` shows them. `cluster em set-param` changes a
//! row on the CM publisher, from where it replicates; the EM service reads them from its
//! own node's replica.
//!
//! The parameter names (`paramname`) are ours in the platform's style (the data dictionary
//! does not list service parameter names); the values and ranges are the documents'.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::engine::db::sample::{pkid, ENTERPRISE_WIDE_DATA_PKID};
use crate::engine::db::sql_err;
use crate::engine::deployment::Cluster;
use crate::engine::error::{EngineError, Result};

/// `processconfig.tkservice` of Cisco Extension Mobility (our choice; the enum is not public).
pub const TK_SERVICE_EM: i64 = 11;

/// What values a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Kind {
    /// `True` or `False`.
    Bool,
    /// A whole number in a range.
    Int { min: i64, max: i64 },
    /// `HHH:MM` (or `:MM`), in minutes within a range.
    Duration { min: i64, max: i64 },
    /// One of the listed values.
    Choice { choices: &'static [&'static str] },
    /// Text of at most `max` characters.
    Text { max: usize },
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Param {
    pub name: &'static str,
    /// The name on the Service Parameter Configuration page.
    pub label: &'static str,
    /// The default, or `@publisher` for the cluster's CM publisher host name.
    pub default: &'static str,
    pub kind: Kind,
}

const fn p(name: &'static str, label: &'static str, default: &'static str, kind: Kind) -> Param {
    Param { name, label, default, kind }
}

pub const MULTIPLE_LOGINS_ALLOWED: &str = "Multiple Logins Allowed";
pub const MULTIPLE_LOGINS_NOT_ALLOWED: &str = "Multiple Logins Not Allowed";
pub const AUTO_LOGOUT: &str = "Auto Logout";
pub const HEADSET_ALLOW: &str = "Allow headset for Extension Mobility sign in and sign out";
pub const HEADSET_DISALLOW: &str = "Do not allow headset for Extension Mobility sign in and sign out";
pub const PIN_REQUIRED: &str = "Required";
pub const PIN_NOT_REQUIRED: &str = "Not Required";

/// Every parameter, in the order of the documents' tables.
pub const PARAMS: &[Param] = &[
    p("EnforceIntraClusterMaxLoginTime", "Enforce Intra-cluster Maximum Login Time", "False", Kind::Bool),
    p(
        "IntraClusterMaxLoginTime",
        "Intra-cluster Maximum Login Time",
        "8:00",
        Kind::Duration { min: 1, max: 168 * 60 },
    ),
    p("MaxConcurrentRequests", "Maximum Concurrent Requests", "5", Kind::Int { min: 1, max: 100 }),
    p(
        "IntraClusterMultipleLoginBehavior",
        "Intra-cluster Multiple Login Behavior",
        MULTIPLE_LOGINS_NOT_ALLOWED,
        Kind::Choice { choices: &[MULTIPLE_LOGINS_ALLOWED, MULTIPLE_LOGINS_NOT_ALLOWED, AUTO_LOGOUT] },
    ),
    p("AlphanumericUserID", "Alphanumeric User ID", "True", Kind::Bool),
    p("RememberLastUserLoggedIn", "Remember the Last User Logged In", "False", Kind::Bool),
    p("ClearCallLogsOnIntraClusterEM", "Clear Call Logs on Intra-cluster EM", "False", Kind::Bool),
    p("ValidateIPAddress", "Validate IP Address", "False", Kind::Bool),
    p("TrustedListOfIPs", "Trusted List of IPs", "", Kind::Text { max: 1024 }),
    p("AllowProxy", "Allow Proxy", "False", Kind::Bool),
    p(
        "ExtensionMobilityCacheSize",
        "Extension Mobility Cache Size",
        "10000",
        Kind::Int { min: 1000, max: 20000 },
    ),
    p(
        "HeadsetBasedExtensionMobility",
        "Headset-based Extension Mobility",
        HEADSET_ALLOW,
        Kind::Choice { choices: &[HEADSET_ALLOW, HEADSET_DISALLOW] },
    ),
    p(
        "PINEntryForHeadsetBasedLogin",
        "PIN Entry for Headset-based Login",
        PIN_REQUIRED,
        Kind::Choice { choices: &[PIN_REQUIRED, PIN_NOT_REQUIRED] },
    ),
    p(
        "AutoLogoutTimerAfterHeadsetDisconnect",
        "Auto Logout Timer after Headset Disconnect (minutes)",
        "5",
        Kind::Int { min: 1, max: 15 },
    ),
    p(
        "EMCCDefaultTFTPServer",
        "Default TFTP Server for EMCC Login Device",
        "@publisher",
        Kind::Text { max: 255 },
    ),
    p("EMCCBackupTFTPServer", "Backup TFTP Server for EMCC Login Device", "", Kind::Text { max: 255 }),
    p(
        "EMCCExpiredDeviceMaintenanceInterval",
        "Default Interval for Expired EMCC Device Maintenance",
        "1440",
        Kind::Int { min: 10, max: 1440 },
    ),
    p(
        "EMCCEnableAllRemoteClusterServices",
        "Enable All Remote Cluster Services When Adding A New Remote Cluster",
        "False",
        Kind::Bool,
    ),
    p(
        "EMCCCSSForPSTNAccessSIPTrunk",
        "CSS for PSTN Access SIP Trunk",
        "Use Trunk CSS",
        Kind::Choice { choices: &["Use Trunk CSS", "Use phone's original device CSS"] },
    ),
    p("EMCCGeolocationFilter", "EMCC Geolocation Filter", "", Kind::Text { max: 50 }),
    p(
        "EMCCRegionMaxAudioBitRate",
        "EMCC Region Max Audio Bit Rate",
        "8 kbps (G.729)",
        Kind::Choice {
            choices: &["8 kbps (G.729)", "16 kbps (iLBC, G.728)", "32 kbps (iSAC)", "64 kbps (G.722, G.711)"],
        },
    ),
    p(
        "EMCCRegionMaxVideoCallBitRate",
        "EMCC Region Max Video Call Bit Rate (Includes Audio)",
        "384",
        Kind::Int { min: 0, max: 8128 },
    ),
    p(
        "EMCCRegionLinkLossType",
        "EMCC Region Link Loss Type",
        "Low Loss",
        Kind::Choice { choices: &["Low Loss", "Lossy"] },
    ),
    p("RSVPSIPTrunkKeepAliveTimer", "RSVP SIP Trunk KeepAlive Timer", "15", Kind::Int { min: 1, max: 600 }),
    p(
        "DefaultServerForRemoteClusterUpdate",
        "Default Server for Remote Cluster Update",
        "@publisher",
        Kind::Text { max: 255 },
    ),
    p(
        "BackupServerForRemoteClusterUpdate",
        "Backup Server for Remote Cluster Update",
        "",
        Kind::Text { max: 255 },
    ),
    p(
        "RemoteClusterUpdateInterval",
        "Remote Cluster Update Interval",
        "30",
        Kind::Int { min: 15, max: 10080 },
    ),
];

/// Finds a parameter by its name or its page label, in any case.
pub fn find(typed: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.name.eq_ignore_ascii_case(typed) || p.label.eq_ignore_ascii_case(typed))
}

/// Minutes of an `HHH:MM` (or `:MM`) duration.
pub fn duration_minutes(text: &str) -> Option<i64> {
    let (h, m) = text.trim().split_once(':')?;
    let h: i64 = if h.is_empty() { 0 } else { h.parse().ok()? };
    if m.len() != 2 || h.to_string().len() > 3 {
        return None;
    }
    let m: i64 = m.parse().ok()?;
    if !(0..60).contains(&m) || h < 0 {
        return None;
    }
    Some(h * 60 + m)
}

/// Checks `value` against the parameter's kind; returns the value as it is stored.
pub fn validate(p: &Param, value: &str) -> Result<String> {
    let bad =
        |why: String| EngineError::EmParamInvalid { name: p.name.to_string(), value: value.to_string(), why };
    let v = value.trim();
    match p.kind {
        Kind::Bool => match v.to_ascii_lowercase().as_str() {
            "true" => Ok("True".into()),
            "false" => Ok("False".into()),
            _ => Err(bad("the value is True or False".into())),
        },
        Kind::Int { min, max } => match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n.to_string()),
            _ => Err(bad(format!("the value is a whole number from {min} to {max}"))),
        },
        Kind::Duration { min, max } => match duration_minutes(v) {
            Some(m) if (min..=max).contains(&m) => Ok(v.to_string()),
            _ => Err(bad(format!(
                "the value is HHH:MM from {}:{:02} to {}:{:02}",
                min / 60,
                min % 60,
                max / 60,
                max % 60
            ))),
        },
        Kind::Choice { choices } => choices
            .iter()
            .find(|c| c.eq_ignore_ascii_case(v))
            .map(|c| c.to_string())
            .ok_or_else(|| bad(format!("the value is one of: {}", choices.join("; ")))),
        Kind::Text { max } => {
            if v.chars().count() > max {
                Err(bad(format!("the value has at most {max} characters")))
            } else if v.chars().any(char::is_control) {
                Err(bad("the value contains a control character".into()))
            } else {
                Ok(v.to_string())
            }
        }
    }
}

fn row_pkid(cluster: &str, name: &str) -> String {
    pkid(&format!("{cluster}/processconfig/{TK_SERVICE_EM}/{name}"))
}

/// Writes the defaults into a new CM replica (`cluster init`).
pub fn insert_defaults(tx: &Transaction, cluster: &Cluster) -> Result<()> {
    let publisher = cluster
        .publisher(crate::engine::deployment::Product::Cm)
        .map(|n| n.hostname.clone())
        .unwrap_or_default();
    let mut st = tx
        .prepare(
            "INSERT INTO processconfig (pkid, fkprocessnode, tkservice, paramname, paramvalue, tkparam) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(sql_err)?;
    for (i, p) in PARAMS.iter().enumerate() {
        let value = if p.default == "@publisher" { publisher.as_str() } else { p.default };
        st.execute(params![
            row_pkid(&cluster.name, p.name),
            ENTERPRISE_WIDE_DATA_PKID,
            TK_SERVICE_EM,
            p.name,
            value,
            i as i64 + 1
        ])
        .map_err(sql_err)?;
    }
    Ok(())
}

/// Sets a parameter in a (publisher's) replica; returns the value it had.
pub fn set(tx: &Transaction, cluster: &str, p: &Param, value: &str) -> Result<Option<String>> {
    let old = get_raw(tx, p.name)?;
    let index = PARAMS.iter().position(|q| q.name == p.name).unwrap_or(0) as i64 + 1;
    tx.execute(
        "INSERT INTO processconfig (pkid, fkprocessnode, tkservice, paramname, paramvalue, tkparam) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (fkprocessnode, tkservice, paramname) DO UPDATE SET paramvalue = excluded.paramvalue",
        params![row_pkid(cluster, p.name), ENTERPRISE_WIDE_DATA_PKID, TK_SERVICE_EM, p.name, value, index],
    )
    .map_err(sql_err)?;
    Ok(old)
}

fn get_raw(conn: &Connection, name: &str) -> Result<Option<String>> {
    conn.query_row(
        "SELECT paramvalue FROM processconfig WHERE fkprocessnode = ?1 AND tkservice = ?2 AND paramname = ?3",
        params![ENTERPRISE_WIDE_DATA_PKID, TK_SERVICE_EM, name],
        |r| r.get(0),
    )
    .optional()
    .map_err(sql_err)
}

/// The parameters as a replica has them, typed. A missing row (removed with `run sql`) or
/// a value out of range there reads as the default, as the service falls back to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Seconds a login lasts (0: no maximum).
    pub max_login_seconds: i64,
    pub max_concurrent: i64,
    pub multiple_login: String,
    pub alphanumeric_userid: bool,
    pub remember_last_user: bool,
    pub clear_call_logs: bool,
    pub validate_ip: bool,
    pub trusted_ips: Vec<String>,
    pub allow_proxy: bool,
    pub cache_size: usize,
    pub headset_em: bool,
    pub headset_pin_required: bool,
    pub headset_logout_minutes: i64,
    /// Remote Cluster Update Interval (seed 001 table 2), minutes.
    pub remote_update_minutes: i64,
    /// Enable All Remote Cluster Services When Adding A New Remote Cluster.
    pub enable_all_remote_services: bool,
}

impl Settings {
    pub fn load(conn: &Connection) -> Result<Settings> {
        let get = |name: &str| -> Result<String> {
            let p =
                find(name).ok_or_else(|| EngineError::Internal { what: format!("no parameter {name}") })?;
            let raw = get_raw(conn, name)?;
            Ok(raw.and_then(|v| validate(p, &v).ok()).unwrap_or_else(|| p.default.to_string()))
        };
        let yes = |name: &str| -> Result<bool> { Ok(get(name)? == "True") };
        let int = |name: &str| -> Result<i64> { Ok(get(name)?.parse().unwrap_or(0)) };
        let enforce = yes("EnforceIntraClusterMaxLoginTime")?;
        let minutes = duration_minutes(&get("IntraClusterMaxLoginTime")?).unwrap_or(480);
        Ok(Settings {
            max_login_seconds: if enforce { minutes * 60 } else { 0 },
            max_concurrent: int("MaxConcurrentRequests")?.max(1),
            multiple_login: get("IntraClusterMultipleLoginBehavior")?,
            alphanumeric_userid: yes("AlphanumericUserID")?,
            remember_last_user: yes("RememberLastUserLoggedIn")?,
            clear_call_logs: yes("ClearCallLogsOnIntraClusterEM")?,
            validate_ip: yes("ValidateIPAddress")?,
            trusted_ips: get("TrustedListOfIPs")?
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            allow_proxy: yes("AllowProxy")?,
            cache_size: int("ExtensionMobilityCacheSize")?.max(1) as usize,
            headset_em: get("HeadsetBasedExtensionMobility")? == HEADSET_ALLOW,
            headset_pin_required: get("PINEntryForHeadsetBasedLogin")? == PIN_REQUIRED,
            headset_logout_minutes: int("AutoLogoutTimerAfterHeadsetDisconnect")?,
            remote_update_minutes: int("RemoteClusterUpdateInterval")?.max(1),
            enable_all_remote_services: yes("EMCCEnableAllRemoteClusterServices")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_the_documents_ranges() {
        let max_time = find("IntraClusterMaxLoginTime").expect("param");
        assert!(validate(max_time, "0:01").is_ok());
        assert!(validate(max_time, "168:00").is_ok());
        assert!(validate(max_time, "168:01").is_err());
        assert!(validate(max_time, "0:00").is_err());
        assert!(validate(max_time, ":30").is_ok());
        let cache = find("Extension Mobility Cache Size").expect("by label");
        assert!(validate(cache, "999").is_err());
        assert!(validate(cache, "20000").is_ok());
        let timer = find("AutoLogoutTimerAfterHeadsetDisconnect").expect("param");
        assert!(validate(timer, "16").is_err());
        assert_eq!(validate(find("ValidateIPAddress").expect("p"), "true").ok().as_deref(), Some("True"));
        let trusted = find("TrustedListOfIPs").expect("p");
        assert!(validate(trusted, &"1".repeat(1025)).is_err());
    }
}
