//! Reads back what `render/platform.rs` writes: `show status|version|network|hardware`,
//! `utils service list`, `utils ntp status`.

use std::net::Ipv4Addr;

use super::{field, number, ParseCtx};
use crate::engine::deployment::Role;
use crate::engine::platform::{
    ClusterMember, Disk, Eth0, Hardware, NetworkCluster, NtpPeer, NtpStatus, Status, Version,
};
use crate::engine::services::{self, Kind, RunState, ServiceEntry, ServiceList};
use crate::render::Report;

type Parsed = Result<Box<dyn Report>, String>;

fn pct(s: &str, what: &str) -> Result<f64, String> {
    number(s.trim().trim_end_matches('%'), what)
}

fn kb(s: &str, what: &str) -> Result<u64, String> {
    number(s.trim().trim_end_matches('K'), what)
}

/// The numbers of a `Label:   01.01%  Label:  ...` line, in order.
fn percents(line: &str) -> Vec<&str> {
    line.split_whitespace().filter(|w| w.ends_with('%')).collect()
}

pub fn status(text: &str, _ctx: &ParseCtx<'_>) -> Parsed {
    Ok(Box::new(parse_status(text)?))
}

pub fn parse_status(text: &str) -> Result<Status, String> {
    let lines: Vec<&str> = text.lines().collect();
    let uptime_at = lines.iter().position(|l| l.trim_end() == "Uptime:").ok_or("no \"Uptime:\" line")?;
    let uptime_end =
        lines[uptime_at + 1..].iter().position(|l| l.is_empty()).map_or(lines.len(), |n| uptime_at + 1 + n);
    let uptime = lines[uptime_at + 1..uptime_end].join("\n");
    let cpu =
        lines.iter().find(|l| l.trim_start().starts_with("CPU Idle:")).ok_or("no \"CPU Idle:\" line")?;
    let io = lines.iter().find(|l| l.trim_start().starts_with("IOWAIT:")).ok_or("no \"IOWAIT:\" line")?;
    let (cpu, io) = (percents(cpu), percents(io));
    if cpu.len() != 3 || io.len() != 3 {
        return Err("the CPU lines do not hold three percentages each".into());
    }
    let mem = |key: &str| -> Result<u64, String> {
        let v = lines
            .iter()
            .find_map(|l| l.trim_start().strip_prefix(key).and_then(|r| r.strip_prefix(':')))
            .ok_or_else(|| format!("no \"{key}:\" memory line"))?;
        kb(v, key)
    };
    let header = lines
        .iter()
        .position(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            w == ["Total", "Free", "Used"]
        })
        .ok_or("no disk table")?;
    let mut disks = Vec::new();
    for l in lines[header + 1..].iter().take_while(|l| !l.trim().is_empty()) {
        disks.push(disk_line(l)?);
    }
    Ok(Status {
        host_name: field(text, "Host Name")?.to_string(),
        date: field(text, "Date")?.to_string(),
        time_zone: field(text, "Time Zone")?.to_string(),
        locale: field(text, "Locale")?.to_string(),
        product_version: field(text, "Product Ver")?.to_string(),
        os_version: field(text, "Unified OS Version")?.to_string(),
        uptime,
        cpu_idle: pct(cpu[0], "CPU Idle")?,
        cpu_system: pct(cpu[1], "System")?,
        cpu_user: pct(cpu[2], "User")?,
        cpu_iowait: pct(io[0], "IOWAIT")?,
        cpu_irq: pct(io[1], "IRQ")?,
        cpu_soft: pct(io[2], "Soft")?,
        mem_total_kb: mem("Memory Total")?,
        mem_free_kb: mem("Free")?,
        mem_used_kb: mem("Used")?,
        mem_cached_kb: mem("Cached")?,
        mem_shared_kb: mem("Shared")?,
        mem_buffers_kb: mem("Buffers")?,
        disks,
    })
}

/// `Disk/active   14652904K   3025068K   11478476K (21%)`; the percentage may be missing
/// (older releases), and is then computed as the platform does (used of total, rounded up).
fn disk_line(line: &str) -> Result<Disk, String> {
    let mut words: Vec<&str> = line.split_whitespace().collect();
    let percent = match words.last() {
        Some(w) if w.starts_with('(') && w.ends_with("%)") => {
            let p = number::<u64>(&w[1..w.len() - 2], "disk percentage")?;
            words.pop();
            Some(p)
        }
        _ => None,
    };
    if words.len() < 4 {
        return Err(format!("a disk line without three sizes: \"{line}\""));
    }
    let n = words.len();
    let (total_kb, free_kb, used_kb) =
        (kb(words[n - 3], "disk total")?, kb(words[n - 2], "disk free")?, kb(words[n - 1], "disk used")?);
    let percent = percent.unwrap_or(if total_kb == 0 { 0 } else { (used_kb * 100).div_ceil(total_kb) });
    Ok(Disk { name: words[..n - 3].join(" "), total_kb, free_kb, used_kb, percent })
}

pub fn version(text: &str, _ctx: &ParseCtx<'_>) -> Parsed {
    Ok(Box::new(parse_version(text)?))
}

pub fn parse_version(text: &str) -> Result<Version, String> {
    let mut lines = text.lines();
    let first = lines.next().ok_or("no text")?;
    let (active, v) = if let Some(v) = first.strip_prefix("Active Master Version: ") {
        (true, v)
    } else if let Some(v) = first.strip_prefix("Inactive Master Version: ") {
        (false, v)
    } else {
        return Err(format!("not a version line: \"{first}\""));
    };
    let version = if v == "None" { None } else { Some(v.to_string()) };
    let which = if active { "Active" } else { "Inactive" };
    let heading = format!("{which} Version Installed Software Options:");
    match lines.next() {
        Some(l) if l == heading => {}
        // Some releases print no options heading at all.
        None => return Ok(Version { active, version, options: Vec::new() }),
        Some(l) => return Err(format!("expected \"{heading}\", found \"{l}\"")),
    }
    let options: Vec<String> = lines
        .filter(|l| !l.is_empty() && *l != "No Installed Software Options Found.")
        .map(str::to_string)
        .collect();
    Ok(Version { active, version, options })
}

/// The zero-padded mask the platform prints: 255.255.255.000.
fn padded_ip(s: &str) -> Result<Ipv4Addr, String> {
    let parts: Vec<&str> = s.trim().split('.').collect();
    if parts.len() != 4 {
        return Err(format!("\"{s}\" is not an address"));
    }
    let mut o = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        o[i] = number(p, "address")?;
    }
    Ok(Ipv4Addr::from(o))
}

fn ip(s: &str) -> Result<Ipv4Addr, String> {
    s.trim().parse().map_err(|_| format!("\"{}\" is not an address", s.trim()))
}

/// The two values of a two-column line: `Key1  : v1      Key2   : v2`.
fn two<'t>(text: &'t str, key1: &str, key2: &str) -> Result<(&'t str, &'t str), String> {
    let line = text.lines().find(|l| l.starts_with(key1)).ok_or_else(|| format!("no \"{key1}\" line"))?;
    let rest = line[key1.len()..].trim_start().trim_start_matches(':');
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let at = rest.rfind(key2).ok_or_else(|| format!("no \"{key2}\" on the \"{key1}\" line"))?;
    let v2 = rest[at + key2.len()..].trim_start().trim_start_matches(':');
    Ok((rest[..at].trim_end(), v2.strip_prefix(' ').unwrap_or(v2)))
}

fn yes_no(s: &str, yes: &str, no: &str) -> Result<bool, String> {
    match s {
        _ if s == yes => Ok(true),
        _ if s == no => Ok(false),
        _ => Err(format!("\"{s}\" is neither {yes} nor {no}")),
    }
}

pub fn eth0(text: &str, _ctx: &ParseCtx<'_>) -> Parsed {
    Ok(Box::new(parse_eth0(text)?))
}

pub fn parse_eth0(text: &str) -> Result<Eth0, String> {
    let (dhcp, status) = two(text, "DHCP", "Status")?;
    let (addr, mask) = two(text, "IP Address", "IP Mask")?;
    let (link, mode) = two(text, "Link Detected", "Mode")?;
    let detail = text.lines().any(|l| l.starts_with("Queue Length"));
    let (queue_length, mtu, mac) = if detail {
        let (q, m) = two(text, "Queue Length", "MTU")?;
        (number(q, "Queue Length")?, number(m, "MTU")?, field(text, "MAC Address")?.to_string())
    } else {
        (0, 0, String::new())
    };
    let (primary, secondary) = two(text, "Primary", "Secondary")?;
    let gateway = field(text, "Gateway")?;
    let gateway = gateway.strip_suffix(" on Ethernet 0").ok_or("the gateway line names no interface")?;
    Ok(Eth0 {
        detail,
        dhcp: yes_no(dhcp, "enabled", "disabled")?,
        status_up: yes_no(status, "up", "down")?,
        ip: ip(addr)?,
        mask: padded_ip(mask)?,
        link_detected: yes_no(link, "yes", "no")?,
        mode: mode.to_string(),
        duplicate_ip: yes_no(field(text, "Duplicate IP")?, "yes", "no")?,
        dns_primary: ip(primary)?,
        dns_secondary: if secondary == "Not Configured" { None } else { Some(ip(secondary)?) },
        dns_options: field(text, "Options")?.to_string(),
        domain: field(text, "Domain")?.to_string(),
        gateway: ip(gateway)?,
        mac,
        mtu,
        queue_length,
    })
}

pub fn network_cluster(text: &str, ctx: &ParseCtx<'_>) -> Parsed {
    Ok(Box::new(parse_network_cluster(text, ctx.node)?))
}

/// Member lines, then (on a publisher) the processnode table. The shapes real nodes print
/// read too: releases that print a heading before the members (`Cluster members`, dashes),
/// no processnode table (IM and Presence, subscribers), the CER release's closing
/// `Successful`, the Dynamic Cluster Configuration timer line after the table, and the member
/// line of a node defined by its short name only (`10.106.61.120 CUCMPUB  Publisher ...`:
/// the host name field is empty).
pub fn parse_network_cluster(text: &str, node: Option<&str>) -> Result<NetworkCluster, String> {
    const DCC: &str = "Dynamic Cluster Configuration is enabled for ";
    let mut members = Vec::new();
    let mut processnode: Option<Vec<String>> = None;
    let mut dynamic_cluster_configuration = None;
    let mut lines = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).peekable();
    let mut in_table = false;
    while let Some(l) = lines.next() {
        if let Some(left) = l.trim().strip_prefix(DCC) {
            let left =
                left.strip_suffix('.').ok_or("the Dynamic Cluster Configuration line has no period")?;
            dynamic_cluster_configuration = Some(left.to_string());
            continue;
        }
        if l.trim() == "Successful" && lines.peek().is_none() {
            break;
        }
        if dynamic_cluster_configuration.is_some() {
            return Err(format!("text after the Dynamic Cluster Configuration line: \"{l}\""));
        }
        if l.trim() == "Server Table (processnode) Entries" {
            if lines.peek().is_some_and(|n| n.starts_with("---")) {
                lines.next();
            }
            processnode = Some(Vec::new());
            in_table = true;
            continue;
        }
        if in_table {
            processnode.get_or_insert_with(Vec::new).push(l.to_string());
            continue;
        }
        members.push(match member(l, node)? {
            Some(m) => m,
            None if members.is_empty() => continue, // a heading
            None => return Err(format!("not a member line: \"{l}\"")),
        });
    }
    if members.is_empty() {
        return Err("no cluster members".into());
    }
    Ok(NetworkCluster { members, processnode, dynamic_cluster_configuration })
}

/// One member line; none when the line does not start with an address.
fn member(l: &str, node: Option<&str>) -> Result<Option<ClusterMember>, String> {
    let w: Vec<&str> = l.split_whitespace().collect();
    let Ok(ip) = w.first().copied().unwrap_or("").parse::<Ipv4Addr>() else {
        return Ok(None);
    };
    // `<ip> <fqdn> <hostname> <role> ...`, or `<ip> <name>  <role> ...` with no host name.
    let (fqdn, hostname, rest) = match w.get(2) {
        Some(&("Publisher" | "Subscriber")) if l.contains("  ") => (w[1], "", &w[2..]),
        _ if w.len() >= 3 => (w[1], w[2], &w[3..]),
        _ => return Err(format!("a member line with {} fields: \"{l}\"", w.len())),
    };
    if rest.len() < 4 {
        return Err(format!("a member line with {} fields: \"{l}\"", w.len()));
    }
    let authenticated = yes_no(rest[3], "authenticated", "unauthenticated")?;
    let since = match &rest[4..] {
        [] => None,
        ["using", "TCP", "since", date @ ..] if !date.is_empty() => Some(date.join(" ")),
        _ => return Err(format!("unexpected text after the member: \"{l}\"")),
    };
    let name = if hostname.is_empty() { fqdn } else { hostname };
    Ok(Some(ClusterMember {
        ip,
        fqdn: fqdn.to_string(),
        hostname: hostname.to_string(),
        cm_role: rest[0].to_string(),
        product: rest[1].to_string(),
        db_role: rest[2].to_string(),
        authenticated,
        local: node.is_some_and(|n| n.eq_ignore_ascii_case(name)),
        since,
    }))
}

pub fn hardware(text: &str, _ctx: &ParseCtx<'_>) -> Parsed {
    Ok(Box::new(parse_hardware(text)?))
}

pub fn parse_hardware(text: &str) -> Result<Hardware, String> {
    let memory = field(text, "Memory")?;
    let memory = memory.strip_suffix(" MBytes").ok_or("the memory line has no MBytes")?;
    let lines: Vec<&str> = text.lines().collect();
    let bios_at = lines
        .iter()
        .position(|l| l.starts_with("BIOS Information"))
        .ok_or("no \"BIOS Information\" block")?;
    let bios =
        lines[bios_at + 1..].iter().take_while(|l| !l.is_empty()).copied().collect::<Vec<_>>().join("\n");
    Ok(Hardware {
        platform: field(text, "HW Platform")?.to_string(),
        processors: number(field(text, "Processors")?, "Processors")?,
        cpu_type: field(text, "Type")?.to_string(),
        cpu_speed: number(field(text, "CPU Speed")?, "CPU Speed")?,
        memory_mb: number(memory, "Memory")?,
        object_id: field(text, "Object ID")?.to_string(),
        os_version: field(text, "OS Version")?.to_string(),
        serial: field(text, "Serial Number")?.to_string(),
        bios,
        disk_gb: number(field(text, "Size (in GB)")?, "disk size")?,
    })
}

pub fn service_list(text: &str, ctx: &ParseCtx<'_>) -> Parsed {
    Ok(Box::new(parse_service_list(text, ctx.node.unwrap_or(ctx.host))?))
}

fn run_state(word: &str, suffix: &str) -> Result<(RunState, bool), String> {
    let suffix = suffix.trim();
    let not_activated = suffix == "Service Not Activated";
    let commanded_out = suffix == "Commanded Out of Service";
    if !suffix.is_empty() && !not_activated && !commanded_out {
        return Err(format!("unknown service remark \"{suffix}\""));
    }
    let state = match word {
        "STARTED" => RunState::Started,
        "STOPPED" if commanded_out => RunState::CommandedOut,
        "STOPPED" => RunState::Stopped,
        "NOTRUNNING" => RunState::NotRunning,
        _ => return Err(format!("unknown service state [{word}]")),
    };
    Ok((state, !not_activated))
}

/// The kind of a service the lab knows by name; other services (a real node has more) are
/// feature services.
fn service_kind(name: &str) -> Kind {
    [Role::CmPublisher, Role::ImpPublisher]
        .iter()
        .find_map(|r| services::find(*r, name))
        .map_or(Kind::Feature, |d| d.kind)
}

pub fn parse_service_list(text: &str, node: &str) -> Result<ServiceList, String> {
    let mut services = Vec::new();
    let mut primary_node = None;
    let mut managed = false;
    for l in text.lines() {
        if l.is_empty()
            || l == "Requesting service status, please wait..."
            || l == "Getting list of all services"
            || l.starts_with(">> Return code")
        {
            continue;
        }
        if l == "Service Manager is running" {
            managed = true;
            continue;
        }
        if let Some(v) = l.strip_prefix("Primary Node =") {
            primary_node = Some(yes_no(v.trim(), "true", "false")?);
            continue;
        }
        let open = l.rfind('[').ok_or_else(|| format!("not a service line: \"{l}\""))?;
        let close =
            l[open..].find(']').map(|i| open + i).ok_or_else(|| format!("not a service line: \"{l}\""))?;
        let name = l[..open].trim_end();
        let (state, activated) = run_state(&l[open + 1..close], &l[close + 1..])?;
        let kind = if managed { service_kind(name) } else { Kind::Platform };
        services.push(ServiceEntry { name: name.to_string(), kind, activated, state });
    }
    Ok(ServiceList {
        node: node.to_string(),
        primary_node: primary_node.ok_or("no \"Primary Node =\" line")?,
        services,
    })
}

pub fn ntp_status(text: &str, _ctx: &ParseCtx<'_>) -> Parsed {
    Ok(Box::new(parse_ntp_status(text)?))
}

pub fn parse_ntp_status(text: &str) -> Result<NtpStatus, String> {
    let first = text.lines().next().ok_or("no text")?;
    let pid = first
        .strip_prefix("ntpd (pid ")
        .and_then(|r| r.strip_suffix(") is running..."))
        .ok_or_else(|| format!("not the ntpd line: \"{first}\""))?;
    let mut peers = Vec::new();
    let mut in_table = false;
    let mut synchronised = None;
    let mut poll = None;
    let mut utc_now = None;
    let mut zone_now = None;
    for l in text.lines().skip(1) {
        if l.starts_with("=====") {
            in_table = true;
            continue;
        }
        if in_table {
            if l.trim().is_empty() {
                in_table = false;
                continue;
            }
            peers.push(peer_line(l)?);
            continue;
        }
        if let Some(r) = l.strip_prefix("synchronised to NTP server (") {
            let (server, stratum) = r.split_once(") at stratum ").ok_or("a malformed synchronised line")?;
            synchronised = Some((server.to_string(), number(stratum, "stratum")?));
        } else if let Some(r) = l.trim_start().strip_prefix("polling server every ") {
            poll = Some(number(r.trim_end_matches(" s"), "polling interval")?);
        } else if let Some(r) = l.strip_prefix("Current time in UTC is : ").filter(|_| utc_now.is_none()) {
            utc_now = Some(r.to_string());
        } else if let Some(r) = l.strip_prefix("Current time in ") {
            let (zone, now) = r.split_once(" is : ").ok_or("a malformed current time line")?;
            zone_now = Some((zone.to_string(), now.to_string()));
        }
    }
    let (zone, local_now) = zone_now.ok_or("no local current time line")?;
    Ok(NtpStatus {
        pid: number(pid, "ntpd pid")?,
        peers,
        synchronised,
        poll: poll.ok_or("no polling line")?,
        utc_now: utc_now.ok_or("no UTC current time line")?,
        zone,
        local_now,
    })
}

fn peer_line(l: &str) -> Result<NtpPeer, String> {
    let selected = l.starts_with('*');
    let w: Vec<&str> = l.get(1..).unwrap_or("").split_whitespace().collect();
    if w.len() != 10 {
        return Err(format!("a peer line with {} fields: \"{l}\"", w.len()));
    }
    Ok(NtpPeer {
        remote: w[0].to_string(),
        refid: w[1].to_string(),
        stratum: number(w[2], "st")?,
        when: number(w[4], "when")?,
        poll: number(w[5], "poll")?,
        reach: w[6].to_string(),
        delay: number(w[7], "delay")?,
        offset: number(w[8], "offset")?,
        jitter: number(w[9], "jitter")?,
        selected,
    })
}

// ----- issue 14 item 2, services, system, settings: `utils service start|stop|restart|
// activate|deactivate`, `utils system restart` -----

use serde::Serialize;

use super::confirm::answered;
use crate::engine::platform::Restart;
use crate::engine::services::{ServiceAction, Step};
use crate::render::platform::RestartDeclined;
use crate::render::to_json;

/// The first line of `utils service restart` (render/platform.rs).
const RESTART_NOTICE: &str = "Do not press Ctrl+C while the service is restarting. If the service has not restarted properly, execute the same command again.";

/// The action of `utils service <action>`, from the command's path.
fn service_verb(path: &str) -> Result<&'static str, String> {
    let last = path.rsplit(' ').next().unwrap_or("");
    ["start", "stop", "restart", "activate", "deactivate"]
        .into_iter()
        .find(|a| *a == last)
        .ok_or_else(|| format!("{path:?} is not a service action"))
}

pub fn service_action(text: &str, ctx: &ParseCtx<'_>) -> Parsed {
    Ok(Box::new(parse_service_action(text, service_verb(ctx.invocation.spec.path)?)?))
}

/// One step line of a service action: `<name>[STARTING]`, `Activating <name>`, ...
fn step_line(line: &str, action: &str) -> Result<(String, Step), String> {
    if let Some(name) = line.strip_prefix("Activating ") {
        return Ok((name.to_string(), Step::Activated));
    }
    let stopped_plain = if action == "deactivate" { Step::Stopped } else { Step::Deactivated };
    let suffixes: [(&str, Option<Step>); 6] = [
        ("[STOPPED]  Commanded Out of Service", (action != "deactivate").then_some(Step::Stopped)),
        ("[STOPPED]  Service Not Activated", Some(Step::Deactivated)),
        // Plain `[STOPPED]` is a stop only in a deactivate (what depends on the service).
        ("[STOPPED]", (action == "deactivate").then_some(stopped_plain)),
        ("[STARTING]", Some(Step::Starting)),
        ("[STARTED]", Some(Step::Started)),
        // A restart does not show its stops.
        ("[STOPPING]", (action != "restart").then_some(Step::Stopping)),
    ];
    for (suffix, step) in suffixes {
        if let Some(name) = line.strip_suffix(suffix) {
            let step = step.ok_or_else(|| format!("{suffix} in a {action}: {line:?}"))?;
            if name.is_empty() {
                return Err(format!("no service name: {line:?}"));
            }
            return Ok((name.to_string(), step));
        }
    }
    Err(format!("not a service step: {line:?}"))
}

/// `utils service <action> <name>`: the services' steps in order. The text does not show a
/// restart's stops (`[STOPPING]`), so a restart reads back without them; it shows each
/// `[STARTING]` of a restart twice (the platform polls), read back as one. The service
/// acted on is the first service named (start, restart, activate) or the last (stop and
/// deactivate stop what depends on it first).
pub fn parse_service_action(text: &str, action: &'static str) -> Result<ServiceAction, String> {
    let mut lines = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).peekable();
    if action == "restart" && lines.next() != Some(RESTART_NOTICE) {
        return Err("no restart notice".into());
    }
    if lines.next() != Some("Service Manager is running") {
        return Err("no \"Service Manager is running\" line".into());
    }
    let mut steps = Vec::new();
    while let Some(line) = lines.next() {
        let (name, step) = step_line(line, action)?;
        if action == "restart" && step == Step::Starting && lines.next() != Some(line) {
            return Err(format!("a restart's {line:?} comes twice"));
        }
        steps.push((name, step));
    }
    let named = if matches!(action, "stop" | "deactivate") { steps.last() } else { steps.first() };
    let service = named.map(|(n, _)| n.clone()).ok_or("no service step")?;
    Ok(ServiceAction { action, service, steps })
}

/// `utils system restart` as its text shows it: that the node (the one the session is on)
/// restarts. The text does not say which services stopped and started, nor which waiting
/// settings applied (`stopped`, `started`, `applied` of the engine's result).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownRestart {
    pub node: String,
}

/// The lines of a restart, as render/platform.rs writes them (they say nothing of the
/// result's lists).
fn restart_lines() -> String {
    let mut out = String::new();
    Restart { node: String::new(), stopped: Vec::new(), started: Vec::new(), applied: Vec::new() }
        .text(&mut out);
    out
}

impl Report for ShownRestart {
    fn text(&self, out: &mut String) {
        out.push_str(&restart_lines());
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl From<&Restart> for ShownRestart {
    fn from(r: &Restart) -> Self {
        ShownRestart { node: r.node.clone() }
    }
}

pub fn system_restart(text: &str, ctx: &ParseCtx<'_>) -> Parsed {
    Ok(match parse_system_restart(text, ctx.node)? {
        Some(r) => Box::new(r),
        None => Box::new(RestartDeclined),
    })
}

/// `None`: the question was answered no (nothing restarts, nothing more is written).
/// The node is the session's (`show myself`); without it the text cannot be read back.
pub fn parse_system_restart(text: &str, node: Option<&str>) -> Result<Option<ShownRestart>, String> {
    let text = match answered(text, crate::handlers::utils::system::WARNING, "Enter (yes/no)? ", "yes")? {
        Some(a) if !a.yes => {
            return if a.rest.trim().is_empty() {
                Ok(None)
            } else {
                Err(format!("text after no: {:?}", a.rest))
            }
        }
        Some(a) => a.rest,
        None => text,
    };
    if text.is_empty() {
        return Ok(None);
    }
    if text != restart_lines() {
        return Err(format!("not a restart: {text:?}"));
    }
    let node = node.ok_or("the node's name was not learnt (show myself)")?;
    Ok(Some(ShownRestart { node: node.to_string() }))
}

#[cfg(test)]
mod tests {
    //! Captures of real nodes (shared/CLI-REFERENCE.md §2.6, §7.1) read back.
    use super::*;

    #[test]
    fn an_imp_cluster_without_processnode_table() {
        let text = "\
10.3.74.13 IMPPUB.edgrodrilab.com IMPPUB Subscriber cups DBPub authenticated
10.3.74.14 IMPSUB.edgrodrilab.com IMPSUB Subscriber cups DBSub authenticated using TCP since Fri Oct 15 10:22:20 2021
10.3.74.12 CUCMSUB.edgrodrilab.com CUCMSUB Subscriber callmanager DBSub authenticated using TCP since Thu Oct 28 11:24:16 2021
10.3.74.11 CUCMPUB.edgrodrilab.com CUCMPUB Publisher callmanager DBPub authenticated using TCP since Thu Oct 28 11:27:36 2021
";
        let c = parse_network_cluster(text, Some("imppub")).expect("parses");
        assert_eq!(c.members.len(), 4);
        assert_eq!(c.processnode, None);
        assert!(c.members[0].local && !c.members[1].local);
        assert_eq!(c.members[1].since.as_deref(), Some("Fri Oct 15 10:22:20 2021"));
        assert_eq!(
            (c.members[3].cm_role.as_str(), c.members[3].product.as_str()),
            ("Publisher", "callmanager")
        );
        let mut again = String::new();
        c.text(&mut again);
        assert_eq!(again, text, "the same text again");
    }

    #[test]
    fn a_cm_publisher_with_its_processnode_table() {
        let text = "\
192.168.125.10 cucm15-cluster1.example.com cucm15-cluster1 Publisher callmanager DBPub authenticated

Server Table (processnode) Entries
----------------------------------
cucm15-cluster1
";
        let c = parse_network_cluster(text, None).expect("parses");
        assert_eq!(c.processnode, Some(vec!["cucm15-cluster1".to_string()]));
        let mut again = String::new();
        c.text(&mut again);
        assert_eq!(again, text);
    }

    #[test]
    fn cer_closes_with_successful() {
        let text = "\
10.77.29.191 cer-191-p123.cisco.com cer-191-p123 Publisher callmanager DBPub authenticated
10.77.29.192 cer186-sub.cisco.com cer186-sub Subscriber ciscoer DBSub authenticated using TCP since Fri Oct 10 18:42:40 2014

Successful
";
        let c = parse_network_cluster(text, Some("cer-191-p123")).expect("parses");
        assert_eq!(c.members.len(), 2);
        assert_eq!(c.members[1].product, "ciscoer");
        assert!(c.members[0].local);
    }

    #[test]
    fn dynamic_cluster_configuration_and_short_names() {
        let text = "\
10.106.61.120 CUCMPUB  Publisher callmanager DBPub authenticated
10.106.61.121 CUCMSUB  Subscriber callmanager DBSub authenticated using TCP since Fri Nov 28 17:59:21 2014

Server Table (processnode) Entries
----------------------------------
CUCMPUB
10.106.61.121

Dynamic Cluster Configuration is enabled for 23 Hours 59 Minutes.
";
        let c = parse_network_cluster(text, Some("CUCMPUB")).expect("parses");
        assert_eq!((c.members[0].fqdn.as_str(), c.members[0].hostname.as_str()), ("CUCMPUB", ""));
        assert!(c.members[0].local);
        assert_eq!(c.processnode.as_ref().map(Vec::len), Some(2));
        assert_eq!(c.dynamic_cluster_configuration.as_deref(), Some("23 Hours 59 Minutes"));
        let mut again = String::new();
        c.text(&mut again);
        assert_eq!(again, text);
    }

    #[test]
    fn a_member_line_of_another_shape_is_refused() {
        assert!(parse_network_cluster("10.1.1.1 a b Publisher callmanager DBPub maybe\n", None).is_err());
        assert!(parse_network_cluster("10.1.1.1 a b c\n", None).is_err());
        assert!(parse_network_cluster("Cluster members\n", None).is_err());
    }

    #[test]
    fn show_status_of_a_12_5_node() {
        let text = "
Host Name          : cucm-pub-neta
Date               : Mon Mar 2, 2026 00:36:32
Time Zone          : Israel Standard Time (Asia/Jerusalem)
Locale             : en_US.UTF-8
Product Ver        : 12.5.1.12900-115
Unified OS Version : 7.0.0.0-4

Uptime:
 00:36:33 up 79 days, 12:45,  1 user,  load average: 1.76, 1.09, 0.94

CPU Idle:   33.17%  System:   23.12%    User:   42.21%
  IOWAIT:   01.01%     IRQ:   00.00%    Soft:   00.50%

Memory Total:        5945116K
        Free:         148872K
        Used:        4111244K
      Cached:         998788K
      Shared:         470380K
     Buffers:        1685000K

                        Total            Free            Used
Disk/active         17921776K        3991112K       13730872K (78%)
Disk/inactive       17921776K       16943272K          45080K (1%)
Disk/logging        62681844K       28513908K       30960820K (53%)

";
        let s = parse_status(text).expect("parses");
        assert_eq!(s.product_version, "12.5.1.12900-115");
        assert_eq!((s.cpu_idle, s.cpu_iowait), (33.17, 1.01));
        assert_eq!(s.mem_buffers_kb, 1685000);
        assert_eq!(s.disks.len(), 3);
        assert_eq!(
            (s.disks[2].name.as_str(), s.disks[2].used_kb, s.disks[2].percent),
            ("Disk/logging", 30960820, 53)
        );
        let mut again = String::new();
        s.text(&mut again);
        assert_eq!(again, text, "the 12.5 capture is what the renderer writes");
    }

    #[test]
    fn disk_lines_of_other_releases() {
        // CUCM 15, real spacing; collapsed spacing; no percentage (older releases).
        let d = disk_line("Disk/active         19760356K        3527092K       16014336K (82%)").expect("15");
        assert_eq!((d.total_kb, d.free_kb, d.used_kb, d.percent), (19760356, 3527092, 16014336, 82));
        let d = disk_line("Disk/logging 69234984K 5315340K 60379628K (92%)").expect("collapsed");
        assert_eq!((d.name.as_str(), d.percent), ("Disk/logging", 92));
        let d = disk_line("Disk/inactive   1000K   900K   100K").expect("no percentage");
        assert_eq!(d.percent, 10);
        assert!(disk_line("Disk/active 1000K 900K").is_err());
        assert!(disk_line("Disk/active 1000K lots 100K (10%)").is_err());
    }
}
