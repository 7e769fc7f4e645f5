//! Reads back the everyday commands of `render/everyday.rs` that have structured output:
//! `show logins successful|unsuccessful`, `show open ports`, `show network status`,
//! `utils service auto-restart enable|disable|show`.

use std::net::Ipv4Addr;

use super::ParseCtx;
use crate::engine::everyday::{LoginRecord, Logins};
use crate::engine::ports::{self, NetRow, NetworkStatus, OpenPorts, Process, Proto, Socket};
use crate::engine::services::{AutoRestart, AutoRestartAction};
use crate::render::everyday::EXECUTING;
use crate::render::Report;

/// The first `n` blank-separated words of a line and what follows them (its leading blanks
/// removed, its own blanks kept).
fn words(line: &str, n: usize) -> Option<(Vec<&str>, &str)> {
    let mut out = Vec::with_capacity(n);
    let mut rest = line.trim_start();
    for _ in 0..n {
        let end = rest.find(' ').unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        out.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    Some((out, rest))
}

pub fn logins(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let successful = !ctx.invocation.spec.path.contains("unsuccessful");
    Ok(Box::new(parse_logins(text, successful)?))
}

pub fn parse_logins(text: &str, successful: bool) -> Result<Logins, String> {
    let mut records = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (w, when) = words(line, 3).ok_or_else(|| format!("not a login line: {line:?}"))?;
        if when.is_empty() {
            return Err(format!("no date in {line:?}"));
        }
        records.push(LoginRecord {
            account: w[0].to_string(),
            line: w[1].to_string(),
            host: w[2].to_string(),
            when: when.trim_end().to_string(),
            at: None,
        });
    }
    Ok(Logins { successful, records })
}

pub fn open_ports(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_open_ports(text)?))
}

fn endpoint(s: &str) -> Result<(Option<Ipv4Addr>, u16), String> {
    let (host, port) = s.rsplit_once(':').ok_or_else(|| format!("no port in {s:?}"))?;
    let port = port.parse().map_err(|_| format!("bad port in {s:?}"))?;
    let ip =
        if host == "*" { None } else { Some(host.parse().map_err(|_| format!("bad address {host:?}"))?) };
    Ok((ip, port))
}

/// The service a socket's process belongs to, from the port tables (listening) or the
/// database connections (connected).
fn service_of(command: &str, proto: Proto, port: u16, listening: bool) -> String {
    use crate::engine::deployment::Product;
    if !listening {
        return match command {
            "dbmon" => "Cisco Database Layer Monitor",
            _ => "A Cisco DB",
        }
        .to_string();
    }
    [Product::Cm, Product::Imp]
        .into_iter()
        .flat_map(ports::port_defs)
        .find(|d| {
            d.port == port
                && d.proto == proto
                && ports::lsof_command(&ports::process_of(d.service)) == command
        })
        .map(|d| d.service.to_string())
        .unwrap_or_default()
}

pub fn parse_open_ports(text: &str) -> Result<OpenPorts, String> {
    let mut sockets = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty() && *l != EXECUTING) {
        let (w, rest) = words(line, 9).ok_or_else(|| format!("not an lsof line: {line:?}"))?;
        let fd = w[3]
            .strip_suffix('u')
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| format!("bad fd in {line:?}"))?;
        let pid: u32 = w[1].parse().map_err(|_| format!("bad pid in {line:?}"))?;
        let inode: u32 = w[5].parse().map_err(|_| format!("bad inode in {line:?}"))?;
        let proto = match w[7] {
            "TCP" => Proto::Tcp,
            "UDP" => Proto::Udp,
            other => return Err(format!("unknown protocol {other:?}")),
        };
        let (local, remote, listening) = match (proto, w[8].split_once("->")) {
            (_, Some((l, r))) if rest == "(ESTABLISHED)" => {
                let (rip, rport) = endpoint(r)?;
                (endpoint(l)?, Some((rip.ok_or("a connection to *")?, rport)), false)
            }
            (Proto::Tcp, None) if rest == "(LISTEN)" => (endpoint(w[8])?, None, true),
            (Proto::Udp, None) if rest.is_empty() => (endpoint(w[8])?, None, true),
            _ => return Err(format!("not a socket line: {line:?}")),
        };
        sockets.push(Socket {
            process: Process {
                service: service_of(w[0], proto, local.1, listening),
                command: w[0].to_string(),
                pid,
                user: w[2].to_string(),
            },
            fd,
            inode,
            proto,
            local_ip: local.0,
            local_port: local.1,
            remote,
        });
    }
    Ok(OpenPorts { sockets })
}

pub fn network_status(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_network_status(text)?))
}

pub fn parse_network_status(text: &str) -> Result<NetworkStatus, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().ok_or("no output")?;
    let heading = first
        .strip_prefix("Active Internet connections (")
        .and_then(|h| h.strip_suffix(')'))
        .ok_or_else(|| format!("not a netstat heading: {first:?}"))?
        .to_string();
    let head = lines.next().ok_or("no column heading")?;
    let detail = head.contains(" User ");
    let process = head.contains("PID/Program name");
    let mut rows = Vec::new();
    for line in lines {
        let (w, rest) = words(line, 5).ok_or_else(|| format!("not a netstat line: {line:?}"))?;
        let proto = match w[0] {
            "tcp" => Proto::Tcp,
            "udp" => Proto::Udp,
            other => return Err(format!("unknown protocol {other:?}")),
        };
        let mut more = rest.split_whitespace();
        let state =
            if proto == Proto::Tcp { more.next().ok_or("no state")?.to_string() } else { String::new() };
        let (user, inode) = if detail {
            let u = more.next().ok_or("no user")?.to_string();
            let i = more.next().and_then(|i| i.parse().ok()).ok_or("no inode")?;
            (Some(u), Some(i))
        } else {
            (None, None)
        };
        let program = if process { Some(more.next().ok_or("no program")?.to_string()) } else { None };
        if more.next().is_some() {
            return Err(format!("too many columns: {line:?}"));
        }
        rows.push(NetRow { proto, local: w[3].into(), foreign: w[4].into(), state, user, inode, program });
    }
    Ok(NetworkStatus { heading, detail, process, rows })
}

pub fn auto_restart(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let path = ctx.invocation.spec.path;
    let action = if path.ends_with("show") {
        AutoRestartAction::Show
    } else if path.ends_with("disable") {
        AutoRestartAction::Disable
    } else {
        AutoRestartAction::Enable
    };
    Ok(Box::new(parse_auto_restart(text, action)?))
}

pub fn parse_auto_restart(text: &str, action: AutoRestartAction) -> Result<AutoRestart, String> {
    let line = text.lines().map(str::trim_end).find(|l| !l.is_empty()).ok_or("no output")?;
    let state = |s: &str| match s {
        "enabled" => Ok(true),
        "disabled" => Ok(false),
        other => Err(format!("{other:?} is neither enabled nor disabled")),
    };
    let (service, enabled, changed) = if let Some((service, s)) = line.rsplit_once(": auto-restart is ") {
        (service, state(s)?, false)
    } else if let Some(rest) = line.strip_prefix("Auto-restart is already ") {
        let (s, service) =
            rest.split_once(" for ").ok_or_else(|| format!("not an auto-restart line: {line:?}"))?;
        (service, state(s)?, false)
    } else if let Some(rest) = line.strip_prefix("Auto-restart ") {
        let (s, service) =
            rest.split_once(" for ").ok_or_else(|| format!("not an auto-restart line: {line:?}"))?;
        (service, state(s)?, true)
    } else {
        return Err(format!("not an auto-restart line: {line:?}"));
    };
    Ok(AutoRestart { action, service: service.to_string(), enabled, changed })
}

// ----- issue 14 item 2, services, system, settings: `utils system shutdown|switch-version`,
// `set timezone` -----

use serde::Serialize;

use super::confirm::answered;
use crate::engine::everyday::TimezoneSet;
use crate::engine::platform::Restart;
use crate::engine::system::{Shutdown, SwitchVersion, Versions};
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};
use crate::render::everyday::{switch_warning, SystemDeclined, SHUTDOWN_WARNING, TIMEZONE_WARNING};
use crate::render::to_json;

/// The text of a result, as its renderer writes it.
fn rendered(r: &dyn Report) -> String {
    let mut out = String::new();
    r.text(&mut out);
    out
}

/// `utils system shutdown` as its text shows it: that the node (the session's) powers off.
/// The text does not list the services that stopped (`stopped` of the engine's result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownShutdown {
    pub node: String,
}

fn shutdown_lines() -> String {
    rendered(&Shutdown { node: String::new(), stopped: Vec::new() })
}

impl Report for ShownShutdown {
    fn text(&self, out: &mut String) {
        out.push_str(&shutdown_lines());
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn ends_session(&self) -> bool {
        true
    }
}

impl From<&Shutdown> for ShownShutdown {
    fn from(s: &Shutdown) -> Self {
        ShownShutdown { node: s.node.clone() }
    }
}

pub fn shutdown(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(match parse_shutdown(text, ctx.node)? {
        Some(s) => Box::new(s),
        None => Box::new(SystemDeclined { command: "shutdown" }),
    })
}

/// `None`: answered no. The node is the session's (`show myself`).
pub fn parse_shutdown(text: &str, node: Option<&str>) -> Result<Option<ShownShutdown>, String> {
    let text = match answered(text, SHUTDOWN_WARNING, "Enter (yes/no)? ", "yes")? {
        Some(a) if !a.yes => return declined(a.rest),
        Some(a) => a.rest,
        None if text.is_empty() => return Ok(None),
        None => text,
    };
    if text != shutdown_lines() {
        return Err(format!("not a shutdown: {text:?}"));
    }
    let node = node.ok_or("the node's name was not learnt (show myself)")?;
    Ok(Some(ShownShutdown { node: node.to_string() }))
}

/// After a no, a command writes nothing more.
fn declined<T>(rest: &str) -> Result<Option<T>, String> {
    if rest.trim().is_empty() {
        Ok(None)
    } else {
        Err(format!("text after the answer no: {rest:?}"))
    }
}

/// `utils system switch-version` as its text shows it: the node (the session's) and the
/// versions it switches from and to. The text does not say what the restart that follows
/// stopped, started or applied (`restart` of the engine's result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownSwitch {
    pub node: String,
    pub from: String,
    pub to: String,
}

impl ShownSwitch {
    fn as_engine(&self) -> SwitchVersion {
        let restart = Restart {
            node: self.node.clone(),
            stopped: Vec::new(),
            started: Vec::new(),
            applied: Vec::new(),
        };
        SwitchVersion { node: self.node.clone(), from: self.from.clone(), to: self.to.clone(), restart }
    }
}

impl Report for ShownSwitch {
    fn text(&self, out: &mut String) {
        self.as_engine().text(out);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn ends_session(&self) -> bool {
        true
    }
}

impl From<&SwitchVersion> for ShownSwitch {
    fn from(s: &SwitchVersion) -> Self {
        ShownSwitch { node: s.node.clone(), from: s.from.clone(), to: s.to.clone() }
    }
}

pub fn switch_version(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(match parse_switch_version(text, ctx.node)? {
        Some(s) => Box::new(s),
        None => Box::new(SystemDeclined { command: "switch-version" }),
    })
}

/// `None`: answered no. The warning names the two versions; the node is the session's.
pub fn parse_switch_version(text: &str, node: Option<&str>) -> Result<Option<ShownSwitch>, String> {
    let shown = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(str::to_string)
            .ok_or_else(|| format!("no {key:?}"))
    };
    let text = if text.starts_with("     ***   W A R N I N G   ***\n") {
        let versions = Versions {
            active: shown("Active Master Version: ")?,
            inactive: shown("Inactive Master Version: ")?,
        };
        match answered(text, &switch_warning(&versions), "Enter (yes/no)? ", "yes")? {
            Some(a) if !a.yes => return declined(a.rest),
            Some(a) => a.rest,
            None => return Err("a switch-version warning of another shape".into()),
        }
    } else if text.is_empty() {
        return Ok(None);
    } else {
        text
    };
    let lines: Vec<&str> = text.lines().collect();
    let (from, to) = lines
        .get(1)
        .and_then(|l| l.strip_prefix("Switching from "))
        .and_then(|l| l.split_once(" to "))
        .ok_or("no \"Switching from\" line")?;
    let node = node.ok_or("the node's name was not learnt (show myself)")?;
    let s = ShownSwitch { node: node.to_string(), from: from.to_string(), to: to.to_string() };
    if rendered(&s) != text {
        return Err(format!("not a switch-version: {text:?}"));
    }
    Ok(Some(s))
}

pub fn set_timezone(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(match parse_set_timezone(text)? {
        Some(t) => Box::new(t),
        None => Box::new(Cancelled),
    })
}

/// `set timezone <zone>`: the zone before and after. `None`: the question was answered no
/// (`Command cancelled: nothing was changed.`).
pub fn parse_set_timezone(text: &str) -> Result<Option<TimezoneSet>, String> {
    let text = match answered(text, TIMEZONE_WARNING, CONTINUE_YN, "y")? {
        Some(a) => a.rest,
        None => text,
    };
    if text == rendered(&Cancelled) {
        return Ok(None);
    }
    let first = text.lines().next().unwrap_or("");
    let (previous, timezone) = first
        .strip_prefix("Timezone changed from ")
        .and_then(|r| r.split_once(" to "))
        .ok_or_else(|| format!("not a timezone change: {first:?}"))?;
    let t = TimezoneSet { previous: previous.to_string(), timezone: timezone.to_string() };
    if rendered(&t) != text {
        return Err(format!("not a timezone change: {text:?}"));
    }
    Ok(Some(t))
}

// ----- group "files and show": show timezone list, show open files, show network ipprefs,
// show tech ..., show smtp, show registry -----

use crate::engine::everyday::{RegistryEntry, Smtp};
use crate::engine::ports::{Ippref, Ipprefs, OpenFile, OpenFiles};
use crate::engine::services::RunState;
use crate::engine::showtech::{
    CcmService, DbStateInfo, ServiceGroup, TechDump, TechReplTimeout, TechSection, TechService,
};
use crate::render::everyday::{open_files_heading, tech_state, ZoneList, IPPREFS_HEADING};

/// The most rows these tables are read back from (the largest the lab writes is the time
/// zone list, some 600 rows): a longer text is given raw.
pub const MAX_ROWS: usize = 100_000;

fn rows(text: &str) -> Result<Vec<&str>, String> {
    let v: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.is_empty()).take(MAX_ROWS + 1).collect();
    if v.len() > MAX_ROWS {
        return Err(format!("more than {MAX_ROWS} rows: not read back"));
    }
    Ok(v)
}

/// A parse that must give the text back: what the renderer writes of `value` is `text`.
fn same_text<R: Report>(value: R, text: &str) -> Result<R, String> {
    let mut again = String::new();
    value.text(&mut again);
    if again.trim_end() == text.trim_end() {
        Ok(value)
    } else {
        Err("the text is not of the shape this command writes".into())
    }
}

pub fn timezone_list(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_timezone_list(text)?))
}

/// `   0 - Africa/Abidjan`, numbered from 0.
pub fn parse_timezone_list(text: &str) -> Result<ZoneList, String> {
    let mut zones = Vec::new();
    for (i, line) in rows(text)?.into_iter().enumerate() {
        let (n, zone) = line.split_once(" - ").ok_or_else(|| format!("not a zone line: {line:?}"))?;
        if n.trim() != i.to_string() || zone.is_empty() {
            return Err(format!("not zone {i}: {line:?}"));
        }
        zones.push(zone.to_string());
    }
    Ok(ZoneList { zones })
}

pub fn open_files(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_open_files(text)?))
}

/// lsof's columns. Not in the text: the service a process belongs to (empty), a command
/// name past lsof's 9 characters, a socket's size (`0t0`: 0).
pub fn parse_open_files(text: &str) -> Result<OpenFiles, String> {
    let lines = rows(text)?;
    let mut lines = lines.into_iter();
    if lines.next() != Some(EXECUTING) {
        return Err("no Executing line".into());
    }
    if lines.next() != Some(open_files_heading().trim_end()) {
        return Err("no lsof heading".into());
    }
    let mut files = Vec::new();
    for line in lines {
        let (w, name) = words(line, 7).ok_or_else(|| format!("not an lsof line: {line:?}"))?;
        if name.is_empty() {
            return Err(format!("no name in {line:?}"));
        }
        let size = match (w[4], w[5]) {
            ("IPv4", "0t0") => 0,
            (_, s) => s.parse().map_err(|_| format!("bad size in {line:?}"))?,
        };
        files.push(OpenFile {
            process: Process {
                service: String::new(),
                command: w[0].to_string(),
                pid: w[1].parse().map_err(|_| format!("bad pid in {line:?}"))?,
                user: w[2].to_string(),
            },
            fd: w[3].to_string(),
            kind: w[4].to_string(),
            size,
            inode: w[6].parse().map_err(|_| format!("bad inode in {line:?}"))?,
            name: name.to_string(),
        });
    }
    Ok(OpenFiles { files })
}

pub fn ipprefs(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_ipprefs(text)?))
}

fn on_off(s: &str) -> Result<bool, String> {
    match s {
        "enabled" => Ok(true),
        "disabled" => Ok(false),
        other => Err(format!("{other:?} is neither enabled nor disabled")),
    }
}

/// The platform's ipprefs columns; an application is one word, the description the rest
/// (its leading and trailing blanks are not in the text).
pub fn parse_ipprefs(text: &str) -> Result<Ipprefs, String> {
    let heading: Vec<&str> = IPPREFS_HEADING.lines().collect();
    let lines = rows(text)?;
    if lines.len() < 2 || lines[..2] != heading[..] {
        return Err("no ipprefs heading".into());
    }
    let mut rows = Vec::new();
    for line in &lines[2..] {
        let (w, description) = words(line, 10).ok_or_else(|| format!("not an ipprefs row: {line:?}"))?;
        let proto = match w[1] {
            "tcp" => Proto::Tcp,
            "udp" => Proto::Udp,
            other => return Err(format!("unknown protocol {other:?}")),
        };
        rows.push(Ippref {
            application: w[0].to_string(),
            proto,
            port: w[2].parse().map_err(|_| format!("bad port in {line:?}"))?,
            hash_limit: w[3].to_string(),
            hash_enabled: on_off(w[4])?,
            conn_limit: w[5].to_string(),
            conn_enabled: on_off(w[6])?,
            kind: w[7].to_string(),
            xlated: w[8].to_string(),
            enabled: on_off(w[9])?,
            description: description.trim().to_string(),
        });
    }
    Ok(Ipprefs { rows })
}

pub fn tech_repltimeout(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_tech_repltimeout(text)?))
}

pub fn parse_tech_repltimeout(text: &str) -> Result<TechReplTimeout, String> {
    let line = rows(text)?
        .into_iter()
        .find_map(|l| l.strip_prefix("Repltimeout set to: "))
        .ok_or("no Repltimeout line")?;
    let seconds = line.strip_suffix('s').ok_or_else(|| format!("not seconds: {line:?}"))?;
    same_text(TechReplTimeout { seconds: super::number(seconds, "seconds")? }, text)
}

pub fn tech_ccm_service(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_tech_ccm_service(text)?))
}

/// `GroupName: <group>`, then `    <service> <Activated|Not Activated> <state>` rows.
pub fn parse_tech_ccm_service(text: &str) -> Result<CcmService, String> {
    let lines = rows(text)?;
    let mut lines = lines.into_iter();
    if lines.next() != Some("-------------------- show tech ccm_service --------------------") {
        return Err("no show tech ccm_service banner".into());
    }
    let states = [RunState::Started, RunState::Stopped, RunState::CommandedOut, RunState::NotRunning];
    let mut groups: Vec<ServiceGroup> = Vec::new();
    for line in lines {
        if let Some(name) = line.strip_prefix("GroupName: ") {
            groups.push(ServiceGroup { name: name.to_string(), services: Vec::new() });
            continue;
        }
        let bad = || format!("not a service row: {line:?}");
        let row = line.strip_prefix("    ").ok_or_else(bad)?;
        // `Not Running` ends like `Running`: the longest state that fits wins.
        let (rest, state) = states
            .iter()
            .filter_map(|s| row.strip_suffix(tech_state(*s)).map(|r| (r, *s)))
            .filter(|(r, _)| r.ends_with(' '))
            .min_by_key(|(r, _)| r.len())
            .ok_or_else(bad)?;
        let rest = rest.trim_end();
        let (name, activated) = if let Some(n) = rest.strip_suffix(" Not Activated") {
            (n, false)
        } else if let Some(n) = rest.strip_suffix(" Activated") {
            (n, true)
        } else {
            return Err(bad());
        };
        let group = groups.last_mut().ok_or("a service before any GroupName")?;
        group.services.push(TechService { name: name.trim_end().to_string(), activated, state });
    }
    Ok(CcmService { groups })
}

pub fn tech_dbstateinfo(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_tech_dbstateinfo(text)?))
}

pub fn parse_tech_dbstateinfo(text: &str) -> Result<DbStateInfo, String> {
    let rows = rows(text)?;
    let find = |key: &str| rows.iter().find_map(|l| l.trim_start().strip_prefix(key)).map(str::to_string);
    let output = find("Output is in ").ok_or("no Output line")?;
    let error_output = find("Error Output is in ").ok_or("no Error Output line")?;
    same_text(DbStateInfo { output, error_output }, text)
}

pub fn tech_dump(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let dump = parse_tech_dump(text)?;
    // `show tech network` writes the network dump, `show tech system` the system one.
    if !ctx.invocation.spec.path.ends_with(dump.what.as_str()) {
        return Err(format!("a show platform {} dump for {}", dump.what, ctx.invocation.spec.path));
    }
    Ok(Box::new(dump))
}

/// The section headings of `show tech network` and `show tech system`.
pub const TECH_SECTIONS: &[&str] = &[
    "/etc/hosts File:",
    "Interfaces:",
    "/etc/resolv.conf File:",
    "Routes:",
    "Host:",
    "Hardware:",
    "Software:",
];

/// The banner, then each section: a blank line, its heading (one of [`TECH_SECTIONS`]), its
/// lines (a blank line among them stays one).
pub fn parse_tech_dump(text: &str) -> Result<TechDump, String> {
    if text.lines().count() > MAX_ROWS {
        return Err(format!("more than {MAX_ROWS} rows: not read back"));
    }
    let mut lines = text.strip_suffix('\n').unwrap_or(text).split('\n').peekable();
    let banner = lines.next().unwrap_or_default();
    let what = banner
        .strip_prefix("-------------------- show platform ")
        .and_then(|r| r.strip_suffix(" --------------------"))
        .ok_or_else(|| format!("not a show tech banner: {banner:?}"))?
        .to_string();
    let mut sections: Vec<TechSection> = Vec::new();
    let mut pending_blank = false;
    while let Some(line) = lines.next() {
        if line.is_empty() {
            if lines.peek().is_some_and(|n| TECH_SECTIONS.contains(n)) {
                let title = lines.next().unwrap_or_default();
                if pending_blank {
                    if let Some(s) = sections.last_mut() {
                        s.lines.push(String::new());
                    }
                }
                pending_blank = false;
                sections.push(TechSection { title: title.to_string(), lines: Vec::new() });
                continue;
            }
            if pending_blank {
                sections.last_mut().ok_or("a line before any section")?.lines.push(String::new());
            }
            pending_blank = true;
            continue;
        }
        let s = sections.last_mut().ok_or_else(|| format!("a line before any section: {line:?}"))?;
        if pending_blank {
            s.lines.push(String::new());
            pending_blank = false;
        }
        s.lines.push(line.to_string());
    }
    if pending_blank {
        sections.last_mut().ok_or("a blank line before any section")?.lines.push(String::new());
    }
    Ok(TechDump { what, sections })
}

pub fn smtp(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_smtp(text)?))
}

/// `SMTP hostname: <host>`; nothing after the colon: no SMTP host.
pub fn parse_smtp(text: &str) -> Result<Smtp, String> {
    let rows = rows(text)?;
    let [line] = rows.as_slice() else { return Err("not one SMTP line".into()) };
    let host = line.strip_prefix("SMTP hostname:").ok_or_else(|| format!("not an SMTP line: {line:?}"))?;
    let host = host.trim();
    Ok(Smtp { hostname: (!host.is_empty()).then(|| host.to_string()) })
}

pub fn registry(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_registry(text)?))
}

/// `system = <s>`, `   component = <c>`, then `      key=value` (a key holds no `=`).
pub fn parse_registry(text: &str) -> Result<RegistryEntry, String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(MAX_ROWS + 1).collect();
    if lines.len() > MAX_ROWS {
        return Err(format!("more than {MAX_ROWS} rows: not read back"));
    }
    let system = lines.first().and_then(|l| l.strip_prefix("system = ")).ok_or("no system line")?;
    let component =
        lines.get(1).and_then(|l| l.strip_prefix("   component = ")).ok_or("no component line")?;
    let values = lines[2..]
        .iter()
        .map(|l| {
            l.strip_prefix("      ")
                .and_then(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .ok_or_else(|| format!("not a key=value line: {l:?}"))
        })
        .collect::<Result<_, _>>()?;
    Ok(RegistryEntry { system: system.to_string(), component: component.to_string(), values })
}
