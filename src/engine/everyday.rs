//! The everyday `show` and `set` settings of a node that are not elsewhere: `set timezone`,
//! `show logins`, `show smtp`, `show registry`.
//!
//! - The time zone a node runs in is its deployment spec's until `set timezone` changes it
//!   in the node's `node.toml` ([`NodeOverrides`]); every handle made afterwards (dates,
//!   trace timestamps, `show status`) follows.
//! - Logins: `accounts::login` appends each attempt, successful or not, to the node's
//!   `logins.log` (the platform's wtmp and btmp); `show logins` reads it back, newest first.
//!   The file is bounded: past [`LOGINS_TRIM_BYTES`] it is cut to the newest
//!   [`LOGINS_KEPT`] records.
//! - `registry.toml`: the node's platform registry (system -> component -> key = value),
//!   written at `cluster init` (and, for a lab made before it existed, on first read).
//! - The SMTP host is a per-node platform setting (`platform.toml`), set at `cluster init`
//!   to the lab's mail relay of the node's domain.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::events::Event;
use crate::engine::node::{NodeHandle, NodeOverrides};
use crate::engine::op::Op;
use crate::engine::store;

/// Text from files or typed input, safe for a terminal.
fn shown(text: &str) -> String {
    crate::engine::text::printable(text).into_owned()
}

// ----- set timezone -----

/// What `set timezone` changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimezoneSet {
    pub previous: String,
    pub timezone: String,
}

/// The zone as the IANA database spells it, matched without regard to case.
pub fn find_zone(typed: &str) -> Option<chrono_tz::Tz> {
    let typed = typed.trim();
    typed
        .parse::<chrono_tz::Tz>()
        .ok()
        .or_else(|| chrono_tz::TZ_VARIANTS.iter().copied().find(|z| z.name().eq_ignore_ascii_case(typed)))
}

/// `show timezone list`: every zone of the time zone database, by name.
pub fn zones() -> Vec<String> {
    let mut z: Vec<String> = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name().to_string()).collect();
    z.sort();
    z
}

/// Fails, before the confirmation, for a zone the database does not have.
pub fn check_zone(typed: &str) -> Result<String> {
    find_zone(typed)
        .map(|z| z.name().to_string())
        .ok_or_else(|| EngineError::UnknownTimezone { given: shown(typed.trim()) })
}

/// `set timezone <zone>`: in force at once for this node (dates, traces, reports).
pub fn set_timezone(op: &Op, typed: &str) -> Result<TimezoneSet> {
    let node = op.node();
    let zone = check_zone(typed)?;
    let previous = node.spec.timezone.clone();
    store::update_toml(node.dir(), &node.overrides_path(), |o: &mut NodeOverrides| {
        o.timezone = Some(zone.clone());
        Ok(())
    })?;
    op.record(Event::audit(
        "TimezoneChanged",
        format!("Timezone changed from {previous} to {zone} by {}", op.session().account),
    ));
    Ok(TimezoneSet { previous, timezone: zone })
}

// ----- show logins -----

/// The login records kept at most after a trim.
pub const LOGINS_KEPT: usize = 1000;
/// The size of `logins.log` past which it is trimmed to the newest [`LOGINS_KEPT`].
pub const LOGINS_TRIM_BYTES: u64 = 256 << 10;
/// `show logins` without a count shows this many.
pub const LOGINS_DEFAULT: usize = 20;
const LOGINS_FILE: &str = "logins.log";

/// Where a login came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoginSource {
    /// `ssh` (through `ucsh cluster serve`) or `console` (a local `ucsh --account`).
    pub line: String,
    /// The client's address, or `localhost`.
    pub host: String,
}

impl LoginSource {
    pub fn console() -> Self {
        LoginSource { line: "console".into(), host: "localhost".into() }
    }

    pub fn ssh(host: &str) -> Self {
        LoginSource { line: "ssh".into(), host: host.to_string() }
    }
}

/// One login attempt as `show logins` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoginRecord {
    pub account: String,
    pub line: String,
    pub host: String,
    /// The node's local time, `Mon Nov 23 10:00` (as last prints it).
    pub when: String,
    #[serde(skip)]
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Logins {
    pub successful: bool,
    pub records: Vec<LoginRecord>,
}

/// A field of a record: one word, no control characters (a failed login's account name is
/// whatever was typed).
fn clean(field: &str) -> String {
    // One word: the records are tab-separated and `show logins` prints blank-separated
    // columns, so a blank inside an account name typed at a login becomes `_`.
    let s: String = field
        .trim()
        .chars()
        .map(|c| if c.is_control() || c.is_whitespace() { '_' } else { c })
        .take(64)
        .collect();
    if s.is_empty() {
        "-".into()
    } else {
        s
    }
}

/// Appends one login attempt to the node's records (best effort, as the platform's wtmp:
/// a node whose disk is full still lets the administrator in).
pub fn record_login(node: &NodeHandle, account: &str, ok: bool, from: &LoginSource) {
    let path = node.dir().join(LOGINS_FILE);
    let line = format!(
        "{}\t{}\t{}\t{}\t{}\n",
        node.now().timestamp(),
        if ok { "ok" } else { "failed" },
        clean(account),
        clean(&from.line),
        clean(&from.host)
    );
    let append = || -> std::io::Result<u64> {
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(&path)?;
        f.write_all(line.as_bytes())?;
        Ok(f.metadata()?.len())
    };
    if let Ok(size) = append() {
        if size > LOGINS_TRIM_BYTES {
            let _ = trim(node);
        }
    }
}

fn trim(node: &NodeHandle) -> Result<()> {
    let _lock = node.lock()?;
    let path = node.dir().join(LOGINS_FILE);
    let text = std::fs::read_to_string(&path).ctx(|| format!("reading {}", path.display()))?;
    let lines: Vec<&str> = text.lines().collect();
    let keep = &lines[lines.len().saturating_sub(LOGINS_KEPT)..];
    let mut out = keep.join("\n");
    out.push('\n');
    store::atomic_write(&path, out.as_bytes())
}

/// `show logins successful [last n]` / `show logins unsuccessful [n]`: newest first.
pub fn logins(op: &Op, successful: bool, count: Option<usize>) -> Result<Logins> {
    let node = op.node();
    let path = node.dir().join(LOGINS_FILE);
    let text = match std::fs::read(&path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(EngineError::io(format!("reading {}", path.display()), e)),
    };
    let tz = node.local_now().timezone();
    let want = if successful { "ok" } else { "failed" };
    let records = text
        .lines()
        .rev()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() != 5 || f[1] != want {
                return None;
            }
            let at = Utc.timestamp_opt(f[0].parse().ok()?, 0).single()?;
            Some(LoginRecord {
                account: shown(f[2]),
                line: shown(f[3]),
                host: shown(f[4]),
                when: at.with_timezone(&tz).format("%a %b %e %H:%M").to_string(),
                at: Some(at),
            })
        })
        .take(count.unwrap_or(LOGINS_DEFAULT))
        .collect();
    Ok(Logins { successful, records })
}

// ----- show smtp -----

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Smtp {
    /// `None`: no SMTP host set on this node.
    pub hostname: Option<String>,
}

/// The SMTP host a new node gets: the lab's mail relay of its domain.
pub fn default_smtp(node: &NodeHandle) -> String {
    format!("mail.{}", node.spec.domain)
}

pub fn smtp(op: &Op) -> Result<Smtp> {
    Ok(Smtp { hostname: op.node().platform()?.smtp_host })
}

// ----- show registry -----

/// `registry.toml`: system -> component -> key -> value.
pub type Registry = BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>;
const REGISTRY_FILE: &str = "registry.toml";

/// The registry a node starts with: the trace settings of its platform components, as the
/// platform keeps them (systems `cm` and `platform`, and `cup` on IM and Presence).
pub fn initial_registry(node: &NodeHandle) -> Registry {
    let mut r: Registry = BTreeMap::new();
    let mut put = |system: &str, component: &str, keys: &[(&str, String)]| {
        r.entry(system.into())
            .or_default()
            .insert(component.into(), keys.iter().map(|(k, v)| (k.to_string(), v.clone())).collect());
    };
    let trace = |level: u32, file: &str, files: u32, lines: u32| {
        vec![
            ("tracelevel", level.to_string()),
            ("enable", "1".to_string()),
            ("outputdebugstringflag", "0".to_string()),
            ("numminutes", "1440".to_string()),
            ("tracefile", file.to_string()),
            ("numfiles", files.to_string()),
            ("numlines", lines.to_string()),
        ]
    };
    put("cm", "dbl/sdi", &trace(127, "/var/log/active/cm/trace/dbl/sdi/dbl.log", 250, 10000));
    put("cm", "dbmon/sdi", &trace(127, "/var/log/active/cm/trace/dbmon/sdi/dbmon.log", 250, 10000));
    put("cm", "ris/sdi", &trace(127, "/var/log/active/cm/trace/ris/sdi/ris.log", 250, 10000));
    put("cm", "amc/sdi", &trace(127, "/var/log/active/cm/trace/amc/sdi/amc.log", 250, 10000));
    if node.product() == crate::engine::deployment::Product::Cm {
        put("cm", "ccm/sdi", &trace(127, "/var/log/active/cm/trace/ccm/sdi/ccm.txt", 250, 10000));
        put("cm", "cti/sdi", &trace(127, "/var/log/active/cm/trace/cti/sdi/cti.txt", 250, 10000));
    } else {
        put("cup", "xcp/router", &trace(63, "/var/log/active/epas/trace/xcp/log/rtr-jsm-1.log", 250, 10000));
        put("cup", "epe/sdi", &trace(63, "/var/log/active/epas/trace/epe/sdi/epe.txt", 250, 10000));
        put("cup", "esp/sdi", &trace(63, "/var/log/active/epas/trace/esp/sdi/esp.txt", 250, 10000));
    }
    put(
        "platform",
        "network",
        &[
            ("hostname", node.spec.hostname.clone()),
            ("domain", node.spec.domain.clone()),
            ("ipaddress", node.spec.ipv4.to_string()),
            ("netmask", node.spec.netmask.to_string()),
            ("gateway", node.spec.gateway.to_string()),
        ],
    );
    put("platform", "smtp", &[("hostname", default_smtp(node))]);
    r
}

/// Writes the registry of a new node.
pub fn create_registry(node: &NodeHandle) -> Result<()> {
    store::write_toml(&node.dir().join(REGISTRY_FILE), &initial_registry(node))
}

fn load_registry(node: &NodeHandle) -> Result<Registry> {
    let path = node.dir().join(REGISTRY_FILE);
    if !path.exists() {
        // A lab made before the registry existed gets it now, as a new node would.
        let _lock = node.lock()?;
        if !path.exists() {
            create_registry(node)?;
        }
    }
    store::read_toml_required(&path)
}

/// `show registry <system> <component> [name]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegistryEntry {
    pub system: String,
    pub component: String,
    pub values: Vec<(String, String)>,
}

pub fn registry(op: &Op, system: &str, component: &str, name: Option<&str>) -> Result<RegistryEntry> {
    let reg = load_registry(op.node())?;
    let not_found = || EngineError::RegistryNotFound {
        system: shown(system),
        component: shown(component),
        name: name.map(shown),
    };
    let keys = reg.get(system).and_then(|s| s.get(component)).ok_or_else(not_found)?;
    // Keys in the platform's order for the trace components (as in its sample), else sorted.
    const ORDER: &[&str] =
        &["tracelevel", "enable", "outputdebugstringflag", "numminutes", "tracefile", "numfiles", "numlines"];
    let rank = |k: &str| ORDER.iter().position(|o| *o == k).unwrap_or(ORDER.len());
    let mut values: Vec<(String, String)> = keys
        .iter()
        .filter(|(k, _)| name.is_none_or(|n| n == k.as_str()))
        .map(|(k, v)| (shown(k), shown(v)))
        .collect();
    values.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
    if values.is_empty() {
        return Err(not_found());
    }
    Ok(RegistryEntry { system: system.to_string(), component: component.to_string(), values })
}
