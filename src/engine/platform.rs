//! `platform.toml`: the node's own platform state, and the facts behind `show status`,
//! `show version`, `show network`, `show hardware` and `utils ntp status`.
//!
//! Later issues add their own sections (remote syslog, branding, ...) as fields with
//! `#[serde(default)]`, so an older file still reads.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::syslog::RemoteSyslogSettings;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformState {
    /// Whether the node is running (a `node-down` fault clears it).
    pub up: bool,
    /// When the node last booted (`utils system restart` moves it).
    pub booted_at: DateTime<Utc>,
    /// Boots since the lab was made (restarts, and coming back up after going down): what
    /// tells HA a node rebooted, whatever the clock says.
    #[serde(default)]
    pub boots: u64,
    #[serde(default)]
    pub ntp: NtpSettings,
    #[serde(default)]
    pub cli: CliSettings,
    #[serde(default)]
    pub accountlocking: AccountLocking,
    /// Settings changed since the last restart that take effect at the next one, described
    /// in words (`utils system restart` applies them and clears the list).
    #[serde(default)]
    pub pending_reboot: Vec<String>,
    /// `utils branding`: the uploaded branding.zip and the branding in force.
    #[serde(default)]
    pub branding: super::branding::BrandingState,
    /// `utils remotesyslog`: protocol (and the one pending a restart), servers.
    #[serde(default)]
    pub remote_syslog: RemoteSyslogSettings,
    /// `show smtp`: the mail host the node sends through (`None`: not set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp_host: Option<String>,
}

impl PlatformState {
    pub fn new(now: DateTime<Utc>, ntp_server: Option<String>) -> Self {
        PlatformState {
            up: true,
            booted_at: now,
            boots: 0,
            ntp: NtpSettings { servers: ntp_server.into_iter().collect(), ..NtpSettings::default() },
            cli: CliSettings::default(),
            accountlocking: AccountLocking::default(),
            pending_reboot: Vec::new(),
            branding: Default::default(),
            remote_syslog: RemoteSyslogSettings::default(),
            smtp_host: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NtpSettings {
    /// The servers NTP runs with.
    pub servers: Vec<String>,
    /// The list changed with `norestart`, in force at the next `utils ntp restart` (or
    /// node restart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Vec<String>>,
    /// When NTP last restarted (its peers' reach starts again from then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restarted_at: Option<DateTime<Utc>>,
}

impl NtpSettings {
    /// The list as configured: the pending one if there is one.
    pub fn configured(&self) -> &[String] {
        self.pending.as_deref().unwrap_or(&self.servers)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CliSettings {
    /// `set cli session timeout`, minutes (5-99999, default 30).
    pub session_timeout_minutes: u32,
    /// Start-up pacing of a login (`ucsh cluster pacing`): milliseconds between `Command
    /// Line Interface is starting up, please wait ...` and the rest of the banner, as the
    /// platform takes while its CLI starts. `None` (the default): no wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_pacing_ms: Option<u32>,
}

impl Default for CliSettings {
    fn default() -> Self {
        CliSettings { session_timeout_minutes: 30, startup_pacing_ms: None }
    }
}

/// The longest start-up pacing `ucsh cluster pacing` accepts (a minute).
pub const MAX_STARTUP_PACING_MS: u32 = 60_000;

/// Sets (or with `None` clears) a node's start-up pacing; returns the value now in force.
pub fn set_startup_pacing(node: &NodeHandle, ms: Option<u32>) -> Result<Option<u32>> {
    if let Some(ms) = ms {
        if ms > MAX_STARTUP_PACING_MS {
            return Err(EngineError::OutOfRange {
                what: "pacing",
                given: i64::from(ms),
                min: 0,
                max: i64::from(MAX_STARTUP_PACING_MS),
                unit: "milliseconds, or off",
            });
        }
    }
    let ms = ms.filter(|m| *m > 0);
    node.update_platform(|p| {
        p.cli.startup_pacing_ms = ms;
        Ok(ms)
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountLocking {
    pub enabled: bool,
    /// Failed attempts before the account locks (2-5, default 3).
    pub count: u32,
    /// Seconds an account stays locked (30-3600, default 300).
    pub unlock_seconds: u32,
}

impl Default for AccountLocking {
    fn default() -> Self {
        AccountLocking { enabled: true, count: 3, unlock_seconds: 300 }
    }
}

// ---------------------------------------------------------------------------------------
// The facts behind the platform commands. Every figure comes from the node's real state:
// disk use is the bytes really under its partitions, memory and CPU follow the services
// that run, uptime follows the last boot, the cluster view follows reachability.

use std::net::Ipv4Addr;

use chrono::TimeZone;

use super::error::{EngineError, Result};
use super::node::NodeHandle;
use super::services;
use crate::engine::op::Op;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disk {
    pub name: String,
    pub total_kb: u64,
    pub free_kb: u64,
    pub used_kb: u64,
    pub percent: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub host_name: String,
    /// Local time of the node, already formatted as the platform prints it.
    pub date: String,
    pub time_zone: String,
    pub locale: String,
    pub product_version: String,
    pub os_version: String,
    pub uptime: String,
    pub cpu_idle: f64,
    pub cpu_system: f64,
    pub cpu_user: f64,
    pub cpu_iowait: f64,
    pub cpu_irq: f64,
    pub cpu_soft: f64,
    pub mem_total_kb: u64,
    pub mem_free_kb: u64,
    pub mem_used_kb: u64,
    pub mem_cached_kb: u64,
    pub mem_shared_kb: u64,
    pub mem_buffers_kb: u64,
    pub disks: Vec<Disk>,
}

fn tz_of(node: &NodeHandle) -> chrono_tz::Tz {
    node.spec.timezone.parse().unwrap_or(chrono_tz::UTC)
}

/// The long time-zone name the platform shows, e.g. `Eastern Standard Time (America/New_York)`.
fn zone_label(tz: chrono_tz::Tz, now: chrono::DateTime<Utc>) -> String {
    let abbr = now.with_timezone(&tz).format("%Z").to_string();
    let long = match abbr.as_str() {
        "EST" => "Eastern Standard Time",
        "EDT" => "Eastern Daylight Time",
        "GMT" => "Greenwich Mean Time",
        "BST" => "British Summer Time",
        "UTC" => "Coordinated Universal Time",
        "CET" => "Central European Standard Time",
        "CEST" => "Central European Summer Time",
        other => other,
    };
    format!("{long} ({})", tz.name())
}

pub(crate) fn uptime_line(
    now_local: chrono::DateTime<chrono_tz::Tz>,
    booted: chrono::DateTime<Utc>,
    load: [f64; 3],
) -> String {
    let up = (now_local.with_timezone(&Utc) - booted).num_minutes().max(0);
    let (days, hours, minutes) = (up / 1440, (up % 1440) / 60, up % 60);
    let span = match (days, hours) {
        (0, 0) => format!("{minutes} min"),
        (0, _) => format!("{hours}:{minutes:02}"),
        (1, 0) => format!("1 day, {minutes} min"),
        (d, 0) => format!("{d} days, {minutes} min"),
        (1, _) => format!("1 day, {hours}:{minutes:02}"),
        (d, _) => format!("{d} days, {hours}:{minutes:02}"),
    };
    format!(
        " {} up {span},  1 user,  load average: {:.2}, {:.2}, {:.2}",
        now_local.format("%H:%M:%S"),
        load[0],
        load[1],
        load[2]
    )
}

/// `show status`.
pub fn status(op: &Op) -> Result<Status> {
    let node = op.node();
    let state = node.platform()?;
    let now = node.now();
    let tz = tz_of(node);
    let local = now.with_timezone(&tz);
    // CPU, memory and disks from the process model (engine::perf::model), which
    // `show process` and the perf counters read too: they follow the services that run.
    let m = super::perf::model::machine_with(node, &services::load(node)?, state.booted_at);
    let h = |v: u64| v as f64 / 100.0;
    let disks = super::perf::model::disks(node)
        .into_iter()
        .map(|d| Disk {
            name: d.name,
            total_kb: d.total_kb,
            free_kb: d.total_kb - d.used_kb,
            used_kb: d.used_kb,
            percent: if d.total_kb == 0 { 0 } else { (d.used_kb * 100).div_ceil(d.total_kb) },
        })
        .collect();
    let load = m.load;
    Ok(Status {
        host_name: node.spec.hostname.clone(),
        date: local.format("%a %b %-d, %Y %H:%M:%S").to_string(),
        time_zone: zone_label(tz, now),
        locale: "en_US.UTF-8".into(),
        product_version: node.spec.version.clone(),
        os_version: node.spec.os_version.clone(),
        uptime: uptime_line(local, state.booted_at, load),
        cpu_idle: h(m.cpu_idle),
        cpu_system: h(m.cpu_system),
        cpu_user: h(m.cpu_user),
        cpu_iowait: h(m.cpu_iowait),
        cpu_irq: 0.0,
        cpu_soft: h(m.cpu_soft),
        mem_total_kb: m.mem_total_kb,
        mem_free_kb: m.mem_free_kb,
        mem_used_kb: m.mem_used_kb,
        mem_cached_kb: m.mem_cached_kb,
        mem_shared_kb: m.mem_shared_kb,
        mem_buffers_kb: m.mem_buffers_kb,
        disks,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    pub active: bool,
    /// `None`: no version on that partition.
    pub version: Option<String>,
    pub options: Vec<String>,
}

/// `show version active|inactive`.
pub fn version(op: &Op, active: bool) -> Result<Version> {
    let node = op.node();
    let version = if active { Some(node.spec.version.clone()) } else { node.spec.inactive_version.clone() };
    // Options are installed on the active version; the inactive one is shown without any.
    let options = if active { node.spec.installed_options.clone() } else { Vec::new() };
    Ok(Version { active, version, options })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eth0 {
    pub detail: bool,
    pub dhcp: bool,
    pub status_up: bool,
    pub ip: Ipv4Addr,
    pub mask: Ipv4Addr,
    pub link_detected: bool,
    pub mode: String,
    pub duplicate_ip: bool,
    pub dns_primary: Ipv4Addr,
    pub dns_secondary: Option<Ipv4Addr>,
    pub dns_options: String,
    pub domain: String,
    pub gateway: Ipv4Addr,
    pub mac: String,
    pub mtu: u32,
    pub queue_length: u32,
}

/// `show network eth0 [detail]`.
pub fn eth0(op: &Op, detail: bool) -> Result<Eth0> {
    let node = op.node();
    let o = node.spec.ipv4.octets();
    Ok(Eth0 {
        detail,
        dhcp: false,
        status_up: true,
        ip: node.spec.ipv4,
        mask: node.spec.netmask,
        link_detected: true,
        mode: if node.product() == super::deployment::Product::Imp {
            "Auto disabled, Full, 10000 Mbits/s".into()
        } else {
            "Auto disabled, Full, 1000 Mbits/s".into()
        },
        duplicate_ip: false,
        dns_primary: node.spec.dns_primary,
        dns_secondary: node.spec.dns_secondary,
        dns_options: "timeout:5 attempts:2".into(),
        domain: node.spec.domain.clone(),
        gateway: node.spec.gateway,
        mac: format!("00:50:56:{:02x}:{:02x}:{:02x}", o[1], o[2], o[3]),
        mtu: 1500,
        queue_length: 1000,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterMember {
    pub ip: Ipv4Addr,
    pub fqdn: String,
    pub hostname: String,
    /// `Publisher` for the CM publisher, `Subscriber` for every other node.
    pub cm_role: String,
    /// `callmanager` or `cups`.
    pub product: String,
    /// `DBPub` or `DBSub`.
    pub db_role: String,
    /// Whether the node answered (`authenticated`) or not (`unauthenticated`).
    pub authenticated: bool,
    /// The local node's own row carries no "using TCP since".
    pub local: bool,
    /// Local time the connection was set up, formatted as the platform prints it.
    pub since: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkCluster {
    pub members: Vec<ClusterMember>,
    /// The processnode table, shown on the CM publisher only.
    pub processnode: Option<Vec<String>>,
    /// The time left of Dynamic Cluster Configuration (`23 Hours 59 Minutes`), when it is
    /// enabled. The lab does not model it (always none); a real node's text may carry it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dynamic_cluster_configuration: Option<String>,
}

/// When the local node's connection to a peer was authenticated: the connection is set up
/// when both ends are running, so it dates from whichever of the two booted last (a restart
/// of either end, `utils system restart` or a node coming back up, makes a new one).
fn connected_at(local_boot: DateTime<Utc>, peer_boot: DateTime<Utc>) -> DateTime<Utc> {
    local_boot.max(peer_boot)
}

/// `show network cluster`: the nodes of the local node's cluster as it sees them.
pub fn network_cluster(op: &Op) -> Result<NetworkCluster> {
    let (lab, node) = (op.lab(), op.node());
    let tz = tz_of(node);
    let local_boot = node.platform()?.booted_at;
    let mut members = Vec::new();
    let mut local_row = None;
    for other in lab.cluster_nodes(&node.cluster)? {
        let state = other.platform()?;
        let local = other.name() == node.name();
        let row = ClusterMember {
            ip: other.spec.ipv4,
            fqdn: other.spec.fqdn(),
            hostname: other.spec.hostname.clone(),
            cm_role: if other.role().is_first_node() { "Publisher" } else { "Subscriber" }.into(),
            product: match other.product() {
                super::deployment::Product::Cm => "callmanager",
                super::deployment::Product::Imp => "cups",
            }
            .into(),
            db_role: if other.role().is_db_publisher() { "DBPub" } else { "DBSub" }.into(),
            authenticated: state.up,
            local,
            since: (!local && state.up).then(|| {
                tz.from_utc_datetime(&connected_at(local_boot, state.booted_at).naive_utc())
                    .format("%a %b %-d %H:%M:%S %Y")
                    .to_string()
            }),
        };
        if local {
            local_row = Some(row);
        } else {
            members.push((connected_at(local_boot, state.booted_at), row));
        }
    }
    // Peers in the order their connections were authenticated (TAC 217581's IM and Presence
    // capture lists them by the "since" time); nodes connected at the same instant keep the
    // cluster's order.
    members.sort_by_key(|(at, _)| *at);
    let mut members: Vec<ClusterMember> = members.into_iter().map(|(_, row)| row).collect();
    // The local row comes first on IM and Presence, last on Communications Manager.
    if let Some(row) = local_row {
        if node.product() == super::deployment::Product::Imp {
            members.insert(0, row);
        } else {
            members.push(row);
        }
    }
    // The Server Table entries are the publisher's processnode rows, as its replica holds them.
    let processnode = if node.role().is_first_node() {
        Some(super::db::dbreplication::processnode_entries(node)?)
    } else {
        None
    };
    Ok(NetworkCluster { members, processnode, dynamic_cluster_configuration: None })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hardware {
    pub platform: String,
    pub processors: u32,
    pub cpu_type: String,
    pub cpu_speed: u32,
    pub memory_mb: u64,
    pub object_id: String,
    pub os_version: String,
    pub serial: String,
    pub bios: String,
    pub disk_gb: u64,
}

/// `show hardware`.
pub fn hardware(op: &Op) -> Result<Hardware> {
    let node = op.node();
    Ok(Hardware {
        platform: "VMware Virtual Machine".into(),
        processors: node.spec.vcpus,
        cpu_type: node.spec.cpu_type().to_string(),
        cpu_speed: node.spec.cpu_mhz(),
        memory_mb: node.spec.memory_mb,
        object_id: "1.3.6.1.4.1.9.1.1348".into(),
        os_version: format!("UCOS {}.i386", node.spec.os_version),
        serial: node.spec.serial(),
        bios: node.spec.bios().to_string(),
        disk_gb: node.spec.disk_gb,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NtpPeer {
    pub remote: String,
    pub refid: String,
    pub stratum: u32,
    pub when: u32,
    pub poll: u32,
    pub reach: String,
    pub delay: f64,
    pub offset: f64,
    pub jitter: f64,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NtpStatus {
    pub pid: u32,
    pub peers: Vec<NtpPeer>,
    /// The server synchronised to and the local stratum, when synchronised.
    pub synchronised: Option<(String, u32)>,
    pub poll: u32,
    pub utc_now: String,
    pub zone: String,
    pub local_now: String,
}

/// `utils ntp status`: subscribers follow their publisher; a publisher follows its
/// configured server. A peer that is down is unreachable, and the node unsynchronised.
pub fn ntp_status(op: &Op) -> Result<NtpStatus> {
    let (lab, node) = (op.lab(), op.node());
    let state = node.platform()?;
    let now = node.now();
    let tz = tz_of(node);
    let since = state.ntp.restarted_at.map_or(state.booted_at, |r| r.max(state.booted_at));
    let up_minutes = (now - since).num_minutes().max(0) as u32;
    let mut peers = Vec::new();
    let mut synchronised = None;
    for server in &state.ntp.servers {
        let publisher = lab.nodes().into_iter().find(|n| n.spec.ipv4.to_string() == *server);
        // A lab node as server (the CM publisher, for subscribers and IM and Presence
        // nodes): it is at stratum 2, synchronised to its own stratum-1 source, which is
        // its reference; so what follows it is at stratum 3.
        let (reachable, refid, stratum) = match &publisher {
            Some(p) => {
                let upstream = p.platform().ok().and_then(|s| s.ntp.servers.first().cloned());
                (p.is_up().unwrap_or(false), upstream.unwrap_or_else(|| p.spec.gateway.to_string()), 2)
            }
            None => (true, ".GPS.".to_string(), 1),
        };
        // The lab's network may mark the server unreachable (`cluster fault ntp-unreachable`).
        let reachable = reachable && !super::network::is_unreachable(lab, server);
        let reach = if !reachable {
            "0"
        } else if up_minutes >= 8 {
            "377"
        } else {
            "17"
        };
        let selected = reachable && synchronised.is_none();
        if selected {
            synchronised = Some((server.clone(), stratum + 1));
        }
        let octet = server.bytes().fold(0u32, |a, b| a.wrapping_mul(31).wrapping_add(u32::from(b)));
        peers.push(NtpPeer {
            remote: server.clone(),
            refid: if reachable { refid } else { ".INIT.".into() },
            stratum: if reachable { stratum } else { 16 },
            when: if reachable { (up_minutes * 60 + octet % 60) % 1024 } else { 0 },
            poll: if reachable { 1024 } else { 64 },
            reach: reach.into(),
            delay: if reachable { 0.4 + f64::from(octet % 40) / 10.0 } else { 0.0 },
            offset: if reachable { -0.242 + f64::from(octet % 9) / 100.0 } else { 0.0 },
            jitter: if reachable { 0.115 + f64::from(octet % 5) / 100.0 } else { 0.0 },
            selected,
        });
    }
    Ok(NtpStatus {
        pid: 1250 + (node.spec.ipv4.octets()[3] as u32) * 7,
        peers,
        poll: if synchronised.is_some() { 1024 } else { 64 },
        synchronised,
        utc_now: now.format("%a %b %e %H:%M:%S UTC %Y").to_string(),
        zone: tz.name().to_string(),
        local_now: now.with_timezone(&tz).format("%a %b %e %H:%M:%S %Z %Y").to_string(),
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Restart {
    pub node: String,
    pub stopped: Vec<String>,
    pub started: Vec<String>,
    /// Settings that were waiting for this restart and now apply.
    pub applied: Vec<String>,
}

/// Hooks that apply settings waiting for a restart, in order. Features add theirs here.
type ApplyHook = fn(&NodeHandle) -> Result<Vec<String>>;
const APPLY_AT_RESTART: &[ApplyHook] = &[super::syslog::apply_at_restart, super::ntp::apply_at_restart];

/// `utils system restart`: stops every service, applies the settings that wait for a
/// restart, boots (the clock of the boot is now) and starts every activated service in
/// dependency order.
pub fn restart(op: &Op) -> Result<Restart> {
    reboot(op.node())
}

/// The restart itself, on a node handle (also `utils system switch-version`, on the handle
/// of the version it switched to).
pub fn reboot(node: &NodeHandle) -> Result<Restart> {
    // The services stop and start in one write (see `cycle_all`); the settings that wait
    // for the restart apply after it, so a kill at any instant leaves the services either
    // as they were or all running, and a pending setting either pending or applied.
    let (stopped, started) = services::cycle_all(node)?;
    let mut applied = Vec::new();
    for hook in APPLY_AT_RESTART {
        applied.extend(hook(node)?);
    }
    let now = node.now();
    let pending = node.update_platform(|p| {
        p.booted_at = now;
        p.boots += 1;
        Ok(std::mem::take(&mut p.pending_reboot))
    })?;
    applied.extend(pending);
    // The platform's record of the restart and the boot that follows it.
    super::traces::writer::append_system_history(
        node,
        &[super::traces::SystemEvent::Restart, super::traces::SystemEvent::Boot],
        now,
    )?;
    Ok(Restart { node: node.name().to_string(), stopped, started, applied })
}

/// Takes a node down or brings it back (fault injection). Bringing it up boots it.
pub fn set_up(node: &NodeHandle, up: bool) -> Result<bool> {
    let now = node.now();
    // What a remote cluster update asks of a CM publisher changes with it (issue #17).
    let seen = super::em::availability::before(node);
    let changed = node.update_platform(|p| {
        let changed = p.up != up;
        p.up = up;
        if up && changed {
            p.booted_at = now;
            p.boots += 1;
        }
        Ok(changed)
    })?;
    if !changed {
        return Err(EngineError::AlreadyUpOrDown { node: node.name().to_string(), up });
    }
    super::em::availability::after(node, seen);
    // A node that went down (power, hardware) records nothing as it goes; it records its
    // boot when it comes back.
    if up {
        super::traces::writer::append_system_history(node, &[super::traces::SystemEvent::Boot], now)?;
    }
    Ok(changed)
}
