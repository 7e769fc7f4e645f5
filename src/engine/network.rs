//! `utils network ping | host | connectivity | arp list | traceroute` over the lab's
//! addressing. Nothing here touches the real network: every answer is derived from the lab's
//! nodes (their address, host name, domain, gateway, DNS servers) and whether they are up.
//!
//! The model (README, "Choices where the platform's behaviour is not public"):
//! - a lab node answers when it is up and is silent when it is down; its name still resolves
//!   (the lab's DNS knows it), and a node is in the local hosts table of every node of its
//!   cluster;
//! - an address outside the lab answers only when it is a gateway, a DNS server or an NTP
//!   server of a lab node; anything else is unreachable;
//! - an address the lab marks unreachable (`ucsh cluster fault ntp-unreachable`, kept in
//!   `<lab>/network/faults.toml`) answers nothing, whatever it is (`utils ntp status` sees the same);
//! - round trips come from one deterministic model, [`rtt_ms`], also used by
//!   `utils dbreplication runtimestate`.

use std::net::Ipv4Addr;

use serde::Serialize;

use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;

/// Hops `traceroute` tries at most (its default).
pub const MAX_HOPS: u32 = 30;

/// The round trip, in milliseconds, between two addresses of the lab: a few hundredths on
/// the node itself, more with the distance between the last octets, 0.4 ms more across a
/// router (another third octet).
pub fn rtt_ms(from: Ipv4Addr, to: Ipv4Addr) -> f64 {
    let (a, b) = (from.octets(), to.octets());
    if a == b {
        return 0.020 + f64::from(a[3] % 5) * 0.005;
    }
    0.150 + f64::from(a[3].abs_diff(b[3])) * 0.013 + if a[2] != b[2] { 0.4 } else { 0.0 }
}

/// Probe `seq` (from 1) of a series: the model's round trip with a small, repeatable spread.
fn probe_ms(from: Ipv4Addr, to: Ipv4Addr, seq: u32) -> f64 {
    let base = rtt_ms(from, to);
    let spread = (seq.wrapping_mul(7).wrapping_add(u32::from(to.octets()[3]))) % 11;
    // Whole microseconds, as ping prints them.
    ((base * (1.0 + f64::from(spread) / 40.0)) * 1000.0).round() / 1000.0
}

/// What a destination is to the lab.
enum Target {
    Node(Box<NodeHandle>),
    /// A gateway, DNS or NTP server of a lab node (outside the lab, answering).
    Infrastructure(Ipv4Addr),
    /// An address nothing in the lab answers for.
    Nowhere(Ipv4Addr),
}

impl Target {
    fn ip(&self) -> Ipv4Addr {
        match self {
            Target::Node(n) => n.spec.ipv4,
            Target::Infrastructure(ip) | Target::Nowhere(ip) => *ip,
        }
    }
    fn answers(&self) -> bool {
        match self {
            Target::Node(n) => n.is_up().unwrap_or(false),
            Target::Infrastructure(_) => true,
            Target::Nowhere(_) => false,
        }
    }
}

/// The lab node with this address, host name or FQDN.
fn lab_node(op: &Op, name: &str) -> Option<NodeHandle> {
    op.lab().nodes().into_iter().find(|n| {
        n.spec.ipv4.to_string() == name
            || n.spec.hostname.eq_ignore_ascii_case(name)
            || n.spec.fqdn().eq_ignore_ascii_case(name)
    })
}

fn is_infrastructure(op: &Op, ip: Ipv4Addr) -> bool {
    let text = ip.to_string();
    op.lab().nodes().iter().any(|n| {
        n.spec.gateway == ip
            || n.spec.dns_primary == ip
            || n.spec.dns_secondary == Some(ip)
            || n.platform().is_ok_and(|p| p.ntp.servers.contains(&text))
    })
}

/// The target of an address or a name (None: the name resolves nowhere).
fn resolve(op: &Op, dest: &str) -> Option<Target> {
    let blocked = unreachable(op.lab()).unwrap_or_default();
    if let Some(n) = lab_node(op, dest) {
        let ip = n.spec.ipv4;
        if blocked.iter().any(|b| *b == ip.to_string() || b.eq_ignore_ascii_case(&n.spec.hostname)) {
            return Some(Target::Nowhere(ip));
        }
        return Some(Target::Node(Box::new(n)));
    }
    let ip: Ipv4Addr = dest.parse().ok()?;
    if blocked.iter().any(|b| *b == ip.to_string()) {
        return Some(Target::Nowhere(ip));
    }
    Some(if is_infrastructure(op, ip) { Target::Infrastructure(ip) } else { Target::Nowhere(ip) })
}

/// The lab's network faults: addresses (or names) that answer nothing.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, Serialize)]
pub struct NetworkFaults {
    #[serde(default)]
    pub unreachable: Vec<String>,
}

fn faults_path(lab: &crate::engine::Lab) -> std::path::PathBuf {
    lab.dir().join("network").join("faults.toml")
}

/// The addresses the lab marks unreachable.
pub fn unreachable(lab: &crate::engine::Lab) -> Result<Vec<String>> {
    Ok(crate::engine::store::read_toml::<NetworkFaults>(&faults_path(lab))?.unreachable)
}

/// Whether `server` (an address or a name, as configured) is marked unreachable.
pub fn is_unreachable(lab: &crate::engine::Lab, server: &str) -> bool {
    unreachable(lab).unwrap_or_default().iter().any(|b| b.eq_ignore_ascii_case(server))
}

/// Marks `address` unreachable (or reachable again); returns whether anything changed.
pub fn set_unreachable(lab: &crate::engine::Lab, address: &str, down: bool) -> Result<bool> {
    let address = address.trim();
    check_dest(address)?;
    let path = faults_path(lab);
    let dir = path.parent().unwrap_or(lab.dir()).to_path_buf();
    crate::engine::store::update_toml(&dir, &path, |f: &mut NetworkFaults| {
        let had = f.unreachable.iter().any(|b| b.eq_ignore_ascii_case(address));
        if down && !had {
            f.unreachable.push(address.to_string());
        } else if !down {
            f.unreachable.retain(|b| !b.eq_ignore_ascii_case(address));
        }
        Ok(had != down)
    })
}

fn same_subnet(node: &NodeHandle, ip: Ipv4Addr) -> bool {
    let m = u32::from(node.spec.netmask);
    u32::from(node.spec.ipv4) & m == u32::from(ip) & m
}

/// Rejects what is neither an IPv4 address nor a host name.
fn check_dest(dest: &str) -> Result<()> {
    let ok = !dest.is_empty()
        && dest.len() <= 253
        && dest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(EngineError::Invalid(format!(
            "{} is not a host name or an IPv4 address.",
            crate::engine::text::printable(dest)
        )))
    }
}

// ----- ping -----

/// One reply line of `ping`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PingLine {
    Reply {
        seq: u32,
        ttl: u8,
        time_ms: f64,
    },
    /// `From <self> icmp_seq=N Destination Host Unreachable` (no ARP answer on the subnet).
    Unreachable {
        from: Ipv4Addr,
        seq: u32,
    },
}

/// `utils network ping <dest> [count]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ping {
    /// As typed.
    pub destination: String,
    /// None: the name resolves nowhere (`unknown host`).
    pub address: Option<Ipv4Addr>,
    pub transmitted: u32,
    pub received: u32,
    pub errors: u32,
    pub lines: Vec<PingLine>,
    /// The series' duration in milliseconds.
    pub time_ms: u64,
    /// min, avg, max, mdev of the replies.
    pub rtt: Option<[f64; 4]>,
}

pub fn ping(op: &Op, dest: &str, count: u32) -> Result<Ping> {
    check_dest(dest)?;
    let node = op.node();
    let me = node.spec.ipv4;
    let Some(target) = resolve(op, dest) else {
        return Ok(Ping {
            destination: dest.to_string(),
            address: None,
            transmitted: 0,
            received: 0,
            errors: 0,
            lines: vec![],
            time_ms: 0,
            rtt: None,
        });
    };
    let ip = target.ip();
    let answers = target.answers();
    let local = same_subnet(node, ip);
    let mut lines = Vec::new();
    let mut times = Vec::new();
    for seq in 1..=count {
        op.cancel().check()?;
        if answers {
            let t = probe_ms(me, ip, seq);
            times.push(t);
            lines.push(PingLine::Reply { seq, ttl: if local { 64 } else { 63 }, time_ms: t });
        } else if local {
            lines.push(PingLine::Unreachable { from: me, seq });
        }
    }
    let received = times.len() as u32;
    let errors = if answers || !local { 0 } else { count };
    // As iputils computes them: in whole microseconds, the mean and the deviation by
    // integer division, so the summary holds exactly what it prints.
    let rtt = (!times.is_empty()).then(|| {
        let us: Vec<u64> = times.iter().map(|t| (t * 1000.0).round() as u64).collect();
        let n = us.len() as u64;
        let min = us.iter().copied().min().unwrap_or(0);
        let max = us.iter().copied().max().unwrap_or(0);
        let avg = us.iter().sum::<u64>() / n;
        let mean_sq = us.iter().map(|t| t * t).sum::<u64>() / n;
        let mdev = (mean_sq.saturating_sub(avg * avg) as f64).sqrt().floor() as u64;
        [min, avg, max, mdev].map(|v| v as f64 / 1000.0)
    });
    // One probe a second; the last reply (or the wait for it) adds a few milliseconds.
    let time_ms = u64::from(count.saturating_sub(1)) * 1000 + u64::from(ip.octets()[3] % 7);
    Ok(Ping {
        destination: dest.to_string(),
        address: Some(ip),
        transmitted: count,
        received,
        errors,
        lines,
        time_ms,
        rtt,
    })
}

// ----- host -----

/// `utils network host <name|ip>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HostLookup {
    /// The name looked up (a bare host name completed with the node's domain), or the address.
    pub query: String,
    pub reverse: bool,
    /// From the node's hosts table (the nodes of its cluster): the address, or for a reverse
    /// look-up the FQDN.
    pub local: Option<String>,
    /// From the lab's DNS (every node of the lab).
    pub external: Option<String>,
}

pub fn host(op: &Op, name: &str) -> Result<HostLookup> {
    check_dest(name)?;
    let (lab, node) = (op.lab(), op.node());
    let cluster: Vec<String> = lab.cluster_of(node)?.nodes.iter().map(|n| n.name.clone()).collect();
    let in_cluster = |n: &NodeHandle| cluster.iter().any(|c| c == n.name());
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        let found = op.lab().nodes().into_iter().find(|n| n.spec.ipv4 == ip);
        return Ok(HostLookup {
            query: ip.to_string(),
            reverse: true,
            local: found.as_ref().filter(|n| in_cluster(n)).map(|n| n.spec.fqdn()),
            external: found.map(|n| n.spec.fqdn()),
        });
    }
    let query = if name.contains('.') { name.to_string() } else { format!("{name}.{}", node.spec.domain) };
    let found = op.lab().nodes().into_iter().find(|n| n.spec.fqdn().eq_ignore_ascii_case(&query));
    Ok(HostLookup {
        query,
        reverse: false,
        local: found.as_ref().filter(|n| in_cluster(n)).map(|n| n.spec.ipv4.to_string()),
        external: found.map(|n| n.spec.ipv4.to_string()),
    })
}

// ----- connectivity -----

/// `utils network connectivity [node]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Connectivity {
    /// As typed, or the publisher's address when none was given.
    pub destination: String,
    pub ok: bool,
}

/// The node `connectivity` tests when none is given: the CM publisher of the cluster.
pub fn connectivity_default(op: &Op) -> Result<String> {
    let (lab, node) = (op.lab(), op.node());
    let cluster = lab.cluster_of(node)?;
    let first = cluster.publisher(Product::Cm).or_else(|| cluster.nodes.first());
    match first {
        Some(p) if p.name != node.name() => Ok(p.ipv4.to_string()),
        _ => Err(EngineError::Conflict(
            "This node is the first node of the cluster: give the node to test, e.g. utils network connectivity <address>."
                .into(),
        )),
    }
}

pub fn connectivity(op: &Op, dest: &str) -> Result<Connectivity> {
    check_dest(dest)?;
    // The test's TCP and UDP packets need a node that answers: a lab node that is up.
    let ok = matches!(resolve(op, dest), Some(Target::Node(n)) if n.is_up()?);
    Ok(Connectivity { destination: dest.to_string(), ok })
}

// ----- arp list -----

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArpEntry {
    pub address: Ipv4Addr,
    /// The FQDN of a lab node (shown unless `numeric`).
    pub name: Option<String>,
    /// None: no answer to ARP (`(incomplete)`).
    pub hw_address: Option<String>,
}

/// `utils network arp list [numeric]`: the neighbours the node talks to on its subnet, its
/// gateway and the other nodes of its cluster there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArpList {
    pub numeric: bool,
    pub entries: Vec<ArpEntry>,
}

/// A lab address's MAC (the VMware prefix and the address, as `show network eth0`).
pub fn mac_of(ip: Ipv4Addr) -> String {
    let o = ip.octets();
    format!("00:50:56:{:02x}:{:02x}:{:02x}", o[1], o[2], o[3])
}

pub fn arp_list(op: &Op, numeric: bool) -> Result<ArpList> {
    let (lab, node) = (op.lab(), op.node());
    let mut entries = vec![ArpEntry {
        address: node.spec.gateway,
        name: None,
        hw_address: Some(mac_of(node.spec.gateway)),
    }];
    for spec in &lab.cluster_of(node)?.nodes {
        if spec.name == node.name()
            || !same_subnet(node, spec.ipv4)
            || entries.iter().any(|e| e.address == spec.ipv4)
        {
            continue;
        }
        let up = lab.node(&spec.name)?.is_up()?;
        entries.push(ArpEntry {
            address: spec.ipv4,
            name: Some(spec.fqdn()),
            hw_address: up.then(|| mac_of(spec.ipv4)),
        });
    }
    Ok(ArpList { numeric, entries })
}

// ----- traceroute -----

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hop {
    pub ttl: u32,
    /// None: no answer at this hop (`* * *`).
    pub address: Option<Ipv4Addr>,
    pub name: Option<String>,
    pub times_ms: Vec<f64>,
    /// `!H`: the last router (here the node itself) reports the host unreachable.
    pub host_unreachable: bool,
}

/// `utils network traceroute <dest>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Traceroute {
    pub destination: String,
    /// None: the name resolves nowhere.
    pub address: Option<Ipv4Addr>,
    pub hops: Vec<Hop>,
}

pub fn traceroute(op: &Op, dest: &str) -> Result<Traceroute> {
    check_dest(dest)?;
    let node = op.node();
    let me = node.spec.ipv4;
    let Some(target) = resolve(op, dest) else {
        return Ok(Traceroute { destination: dest.to_string(), address: None, hops: vec![] });
    };
    let ip = target.ip();
    let name_of = |ip: Ipv4Addr| lab_node(op, &ip.to_string()).map(|n| n.spec.fqdn());
    let times = |to: Ipv4Addr| (1..=3).map(|s| probe_ms(me, to, s)).collect::<Vec<_>>();
    let mut hops = Vec::new();
    let mut ttl = 1;
    if !same_subnet(node, ip) && ip != node.spec.gateway {
        hops.push(Hop {
            ttl,
            address: Some(node.spec.gateway),
            name: None,
            times_ms: times(node.spec.gateway),
            host_unreachable: false,
        });
        ttl += 1;
    }
    if target.answers() {
        hops.push(Hop {
            ttl,
            address: Some(ip),
            name: name_of(ip),
            times_ms: times(ip),
            host_unreachable: false,
        });
    } else if same_subnet(node, ip) {
        // No ARP answer: the node itself reports the host unreachable after its 3 s wait.
        let t: Vec<f64> = times(me).iter().map(|t| 3000.0 + t * 100.0).collect();
        hops.push(Hop {
            ttl,
            address: Some(me),
            name: Some(node.spec.fqdn()),
            times_ms: t,
            host_unreachable: true,
        });
    } else {
        for t in ttl..=MAX_HOPS {
            op.cancel().check()?;
            hops.push(Hop { ttl: t, address: None, name: None, times_ms: vec![], host_unreachable: false });
        }
    }
    Ok(Traceroute { destination: dest.to_string(), address: Some(ip), hops })
}

// ----- show network route, show timezone config -----

/// One row of the routing table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    pub destination: Ipv4Addr,
    pub gateway: Ipv4Addr,
    pub genmask: Ipv4Addr,
    /// `U` (up), `UG` (through a gateway).
    pub flags: String,
    pub iface: String,
}

/// `show network route`: the node's kernel routing table, from its addressing (a default
/// route through its gateway and its own subnet on eth0).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Routes {
    pub routes: Vec<Route>,
}

pub fn routes(op: &Op) -> Result<Routes> {
    let s = &op.node().spec;
    let net = Ipv4Addr::from(u32::from(s.ipv4) & u32::from(s.netmask));
    let any = Ipv4Addr::UNSPECIFIED;
    Ok(Routes {
        routes: vec![
            Route {
                destination: any,
                gateway: s.gateway,
                genmask: any,
                flags: "UG".into(),
                iface: "eth0".into(),
            },
            Route {
                destination: net,
                gateway: any,
                genmask: s.netmask,
                flags: "U".into(),
                iface: "eth0".into(),
            },
        ],
    })
}

/// `show timezone config`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimezoneConfig {
    pub timezone: String,
    /// The IANA time zone database release the node's zone rules come from.
    pub version: String,
}

pub fn timezone_config(op: &Op) -> Result<TimezoneConfig> {
    Ok(TimezoneConfig {
        timezone: op.node().spec.timezone.clone(),
        version: chrono_tz::IANA_TZDB_VERSION.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::{probe_ms, rtt_ms};
    use std::net::Ipv4Addr;

    #[test]
    fn the_model_is_symmetric_and_grows_across_a_router() {
        let (a, b, c) =
            (Ipv4Addr::new(10, 10, 1, 11), Ipv4Addr::new(10, 10, 1, 12), Ipv4Addr::new(10, 10, 2, 11));
        assert_eq!(rtt_ms(a, b), rtt_ms(b, a));
        assert!(rtt_ms(a, a) < rtt_ms(a, b));
        assert!(rtt_ms(a, b) < rtt_ms(a, c));
        // Repeatable: the same probe always takes the same time.
        assert_eq!(probe_ms(a, b, 3), probe_ms(a, b, 3));
    }
}
