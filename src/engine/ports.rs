//! The node's sockets and open files: `show open ports | files`, `show network status`,
//! `show network ipprefs`.
//!
//! The model: each service listens on the ports the platform's port tables give it (the
//! IM and Presence guide's tables 43-79; the Communications Manager ones from the same
//! family of tables) while it runs, and only then — a stopped or crashed service's ports are
//! gone. Connections: the database (`A Cisco DB`, process `oninit`) of a node holds one
//! connection to the database port (1500) of every replication peer (same cluster and
//! product) that is up with its database running, and the Database Layer Monitor (`dbmon`)
//! one to its own database. Process ids follow the service and the node's last boot, so a
//! restart gives new ones. Every socket has a file descriptor in its process; the files a
//! process has open besides its sockets are the trace files it is writing (the newest of
//! each of its trace families in the active log partition, as they are on disk).

use std::net::Ipv4Addr;

use serde::Serialize;

use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::op::Op;
use crate::engine::services::{self, Services};
use crate::engine::traces;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Proto {
    Tcp,
    Udp,
}

impl Proto {
    pub fn word(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
        }
    }
}

/// One port a service listens on, with its firewall preference (`show network ipprefs`).
#[derive(Debug, Clone, Copy)]
pub struct PortDef {
    pub service: &'static str,
    pub proto: Proto,
    pub port: u16,
    /// The ipprefs Application name.
    pub app: &'static str,
    /// Reachable from outside the cluster (`public`) or only between nodes (`private`).
    pub public: bool,
    /// Rate limit (max:rate per second), when one is set, and whether it is enforced.
    pub hash: Option<(u32, u32, bool)>,
    /// Connection limit, when one applies.
    pub conn_limit: Option<u32>,
    /// The port the firewall redirects this one to (443 -> 8443).
    pub xlated: Option<u16>,
    pub description: &'static str,
}

const fn p(
    service: &'static str,
    proto: Proto,
    port: u16,
    app: &'static str,
    description: &'static str,
) -> PortDef {
    PortDef {
        service,
        proto,
        port,
        app,
        public: false,
        hash: None,
        conn_limit: None,
        xlated: None,
        description,
    }
}

const fn public(def: PortDef) -> PortDef {
    PortDef { public: true, ..def }
}

use Proto::{Tcp, Udp};

/// Ports of the services every node has.
const COMMON: &[PortDef] = &[
    PortDef { hash: Some((1500, 25, true)), ..public(p("System SSH", Tcp, 22, "sshd", "sftp and ssh")) },
    p("System NTP", Udp, 123, "ntpd", "network time"),
    p("SNMP Master Agent", Udp, 161, "snmpd", "snmp"),
    p("Cisco Syslog Agent", Udp, 514, "syslog", "system logging"),
    PortDef {
        hash: Some((4000, 50, false)),
        conn_limit: Some(300),
        xlated: Some(8443),
        ..public(p("Cisco Tomcat", Tcp, 443, "tomcat", "secure web"))
    },
    PortDef {
        conn_limit: Some(300),
        xlated: Some(8080),
        ..public(p("Cisco Tomcat", Tcp, 80, "tomcat", "web"))
    },
    p("Cisco AMC Service", Tcp, 1090, "amc", "rtmt amc"),
    p("Cisco AMC Service", Tcp, 1099, "amc", "rtmt amc"),
    p("A Cisco DB", Tcp, 1500, "informix", "database"),
    p("A Cisco DB", Tcp, 1501, "informix", "database secondary"),
    p("Cisco RIS Data Collector", Tcp, 2555, "ris", "ris server"),
    p("Cisco RIS Data Collector", Tcp, 2556, "ris", "ris client"),
    p("Cisco DRF Master", Tcp, 4040, "drf", "drs master agent"),
    p("SOAP -Real-Time Service APIs", Tcp, 5001, "soap", "soap realtime"),
    p("SOAP -Performance Monitoring APIs", Tcp, 5002, "soap", "soap perfmon"),
    p("SOAP -Log Collection APIs", Tcp, 5004, "soap", "soap log collection"),
    p("Cisco Trace Collection Service", Tcp, 7000, "tcts", "trace collection"),
    p("Cisco Database Layer Monitor", Tcp, 8001, "cdlm", "db change notification"),
    p("Cluster Manager", Tcp, 8500, "clm", "cluster manager"),
    p("Cisco Tomcat", Tcp, 8080, "tomcat", "web"),
    p("Cisco Tomcat", Tcp, 8443, "tomcat", "secure web"),
];

const CM: &[PortDef] = &[
    public(p("Cisco CallManager", Tcp, 2000, "ccm", "sccp")),
    public(p("Cisco CallManager", Tcp, 2443, "ccm", "secure sccp")),
    public(p("Cisco CallManager", Tcp, 5060, "ccm", "sip")),
    public(p("Cisco CallManager", Udp, 5060, "ccm", "sip")),
    public(p("Cisco CallManager", Tcp, 5061, "ccm", "sip tls")),
    p("Cisco CallManager", Tcp, 8002, "ccm", "intracluster sdl"),
    public(p("Cisco CTIManager", Tcp, 2748, "cti", "ctiqbe")),
    public(p("Cisco CTIManager", Tcp, 2749, "cti", "secure ctiqbe")),
    p("Cisco CTIManager", Tcp, 8003, "cti", "intracluster sdl cti"),
    public(p("Cisco Tftp", Udp, 69, "tftp", "tftp")),
    public(p("Cisco Tftp", Tcp, 6970, "tftp", "tftp http")),
    public(p("Cisco CTL Provider", Tcp, 2444, "ctl", "ctl provider")),
    public(p("Cisco Trust Verification Service", Tcp, 2445, "tvs", "trust verification")),
    public(p("Cisco Certificate Authority Proxy Function", Tcp, 3804, "capf", "capf")),
];

const IMP: &[PortDef] = &[
    public(p("Cisco SIP Proxy", Tcp, 5060, "sipd", "sip")),
    public(p("Cisco SIP Proxy", Udp, 5060, "sipd", "sip")),
    public(p("Cisco SIP Proxy", Tcp, 5061, "sipd", "sip tls")),
    public(p("Cisco SIP Proxy", Tcp, 5062, "sipd", "sip tls peer")),
    public(p("Cisco XCP Connection Manager", Tcp, 5222, "xcp-cm", "xmpp client")),
    public(p("Cisco XCP Web Connection Manager", Tcp, 7335, "xcp-web", "http binding")),
    public(p("Cisco XCP XMPP Federation Connection Manager", Tcp, 5269, "xcp-s2s", "xmpp federation")),
    p("Cisco XCP Router", Tcp, 7400, "xcp-router", "xmpp router"),
    p("Cisco Presence Engine", Tcp, 5080, "epe", "presence engine"),
    p("Cisco Login Datastore", Tcp, 6603, "imdb", "login datastore"),
    p("Cisco Route Datastore", Tcp, 6604, "imdb", "route datastore"),
    p("Cisco Presence Datastore", Tcp, 6605, "imdb", "presence datastore"),
    p("Cisco SIP Registration Datastore", Tcp, 6606, "imdb", "sip registration datastore"),
    p("Cisco Server Recovery Manager", Tcp, 20075, "srm", "server recovery"),
];

/// The ports of a node's product, in table order.
pub fn port_defs(product: Product) -> Vec<&'static PortDef> {
    let own = match product {
        Product::Cm => CM,
        Product::Imp => IMP,
    };
    COMMON.iter().chain(own.iter()).collect()
}

/// The account a service's process runs as.
fn user_of(service: &str) -> &'static str {
    match service {
        "System SSH" | "Cluster Manager" | "SNMP Master Agent" | "Cisco Syslog Agent" => "root",
        "System NTP" => "ntp",
        "A Cisco DB" => "informix",
        "Cisco Database Layer Monitor" => "database",
        "Cisco Tomcat" => "tomcat",
        s if s.starts_with("Cisco XCP") => "xcpuser",
        _ => "ccmservice",
    }
}

/// The process a service runs as.
pub fn process_of(service: &str) -> String {
    match service {
        "System SSH" => "sshd".into(),
        "System NTP" => "ntpd".into(),
        "SNMP Master Agent" => "snmpd".into(),
        "Cisco Syslog Agent" => "syslogd".into(),
        "Cluster Manager" => "clm".into(),
        "Cisco Tomcat" => "java".into(),
        other => crate::engine::cores::process_name(other),
    }
}

fn hash(parts: &[&str]) -> u32 {
    let h = xxhash_rust::xxh3::xxh3_64(parts.join("\u{1}").as_bytes());
    (h ^ (h >> 32)) as u32
}

/// A process of a running service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Process {
    pub service: String,
    pub command: String,
    pub pid: u32,
    pub user: String,
}

fn process(node: &NodeHandle, service: &str, booted: i64) -> Process {
    let pid = 1000 + hash(&[node.name(), service, &booted.to_string()]) % 30000;
    Process {
        service: service.to_string(),
        command: process_of(service),
        pid,
        user: user_of(service).to_string(),
    }
}

/// One socket: listening (`remote` none) or connected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Socket {
    pub process: Process,
    pub fd: u32,
    pub inode: u32,
    pub proto: Proto,
    /// `None`: every address (`*`).
    pub local_ip: Option<Ipv4Addr>,
    pub local_port: u16,
    pub remote: Option<(Ipv4Addr, u16)>,
}

impl Socket {
    pub fn listening(&self) -> bool {
        self.remote.is_none()
    }
}

/// Every socket of the node's running services: listening ports first (in table order),
/// then the connections.
pub fn sockets(op: &Op) -> Result<Vec<Socket>> {
    let (lab, node) = (op.lab(), op.node());
    let states = services::load(node)?;
    let booted = node.platform()?.booted_at.timestamp();
    let mut fds: std::collections::BTreeMap<String, u32> = Default::default();
    let mut next_fd = |service: &str| {
        let fd = fds.entry(service.to_string()).or_insert(3);
        let out = *fd;
        *fd += 1;
        out
    };
    let mut out = Vec::new();
    for def in port_defs(node.product()) {
        if !states.is_running(def.service) {
            continue;
        }
        let proc_ = process(node, def.service, booted);
        out.push(Socket {
            inode: 10000 + hash(&[node.name(), def.service, &def.port.to_string(), def.proto.word()]) % 90000,
            fd: next_fd(def.service),
            process: proc_,
            proto: def.proto,
            local_ip: None,
            local_port: def.port,
            remote: None,
        });
    }
    let me = node.spec.ipv4;
    let mut connect = |service: &str, remote: (Ipv4Addr, u16), out: &mut Vec<Socket>| {
        let proc_ = process(node, service, booted);
        let key = [node.name(), service, &remote.0.to_string()];
        out.push(Socket {
            inode: 10000 + hash(&key) % 90000,
            fd: next_fd(service),
            process: proc_,
            proto: Tcp,
            local_ip: Some(me),
            local_port: 32768 + (hash(&key) % 28000) as u16,
            remote: Some(remote),
        });
    };
    if states.is_running("A Cisco DB") {
        if states.is_running("Cisco Database Layer Monitor") {
            connect("Cisco Database Layer Monitor", (me, 1500), &mut out);
        }
        for peer in lab.cluster_nodes(&node.cluster)? {
            if peer.name() == node.name() || peer.product() != node.product() {
                continue;
            }
            let reachable = peer.is_up().unwrap_or(false)
                && services::load(&peer).map(|s| s.is_running("A Cisco DB")).unwrap_or(false);
            if reachable {
                connect("A Cisco DB", (peer.spec.ipv4, 1500), &mut out);
            }
        }
    }
    Ok(out)
}

/// A regular expression typed after `regexp`.
pub fn pattern(typed: &str) -> Result<regex::Regex> {
    regex::RegexBuilder::new(typed)
        .size_limit(1 << 20)
        .build()
        .map_err(|_| EngineError::BadRegexp { given: crate::engine::text::printable(typed).into_owned() })
}

/// `show open ports [regexp ...]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenPorts {
    pub sockets: Vec<Socket>,
}

/// The COMMAND as lsof shows it: its first nine characters.
pub fn lsof_command(command: &str) -> String {
    command.chars().take(9).collect()
}

/// The lsof line of a socket (`show open ports`): `dbmon 29042 database 11u IPv4 60853 0t0
/// TCP 172.30.100.21:35262->172.30.100.21:1500 (ESTABLISHED)`.
pub fn lsof_line(s: &Socket) -> String {
    let local = match s.local_ip {
        Some(ip) => format!("{ip}:{}", s.local_port),
        None => format!("*:{}", s.local_port),
    };
    let name = match (s.proto, s.remote) {
        (Tcp, None) => format!("TCP {local} (LISTEN)"),
        (Udp, None) => format!("UDP {local}"),
        (proto, Some((ip, port))) => {
            format!("{} {local}->{ip}:{port} (ESTABLISHED)", proto.word().to_ascii_uppercase())
        }
    };
    format!(
        "{} {} {} {}u IPv4 {} 0t0 {name}",
        lsof_command(&s.process.command),
        s.process.pid,
        s.process.user,
        s.fd,
        s.inode
    )
}

pub fn open_ports(op: &Op, regexp: Option<&str>) -> Result<OpenPorts> {
    let re = regexp.map(pattern).transpose()?;
    let sockets = sockets(op)?
        .into_iter()
        .filter(|s| re.as_ref().is_none_or(|re| re.is_match(&lsof_line(s))))
        .collect();
    Ok(OpenPorts { sockets })
}

/// One open file of `show open files`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenFile {
    pub process: Process,
    /// `cwd`, `11u` (a socket), `1w` (a trace being written).
    pub fd: String,
    /// `DIR`, `REG`, `IPv4`.
    pub kind: String,
    pub size: u64,
    pub inode: u32,
    /// A path, or the socket as lsof names it.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenFiles {
    pub files: Vec<OpenFile>,
}

/// What `show open files` selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSelection {
    All,
    Processes(Vec<u32>),
    Regexp(String),
}

/// `show open files all | process <pid>[,<pid>...] | regexp <re>`.
pub fn open_files(op: &Op, selection: &FileSelection) -> Result<OpenFiles> {
    let node = op.node();
    let re = match selection {
        FileSelection::Regexp(r) => Some(pattern(r)?),
        _ => None,
    };
    let states: Services = services::load(node)?;
    let booted = node.platform()?.booted_at.timestamp();
    let active = node.partition(Partition::Activelog);
    let sockets = sockets(op)?;
    let mut files = Vec::new();
    for def in services::catalog(node.role()) {
        if !states.is_running(def.name) {
            continue;
        }
        let proc_ = process(node, def.name, booted);
        files.push(OpenFile {
            process: proc_.clone(),
            fd: "cwd".into(),
            kind: "DIR".into(),
            size: 4096,
            inode: 2,
            name: "/".into(),
        });
        for (i, spec) in traces::catalog::specs_of(def.name).enumerate() {
            let dir = active.join(spec.dir);
            let current = traces::writer::family_files(&dir, spec)
                .into_iter()
                .rev()
                .find(|(_, path)| path.extension().is_none_or(|e| e != "gz"));
            if let Some((_, path)) = current {
                let Ok(meta) = std::fs::metadata(&path) else { continue };
                let rel =
                    path.strip_prefix(&active).map(|r| r.to_string_lossy().into_owned()).unwrap_or_default();
                files.push(OpenFile {
                    process: proc_.clone(),
                    fd: format!("{}w", 50 + i),
                    kind: "REG".into(),
                    size: meta.len(),
                    inode: 100000 + hash(&[node.name(), &rel]) % 900000,
                    name: crate::engine::text::printable(&format!("/var/log/active/{rel}")).into_owned(),
                });
            }
        }
        for s in sockets.iter().filter(|s| s.process.service == def.name) {
            let line = lsof_line(s);
            // The lsof NAME of a socket: what follows `0t0 `.
            let name = line.split_once(" 0t0 ").map(|(_, n)| n.to_string()).unwrap_or_default();
            files.push(OpenFile {
                process: proc_.clone(),
                fd: format!("{}u", s.fd),
                kind: "IPv4".into(),
                size: 0,
                inode: s.inode,
                name,
            });
        }
    }
    let files = files
        .into_iter()
        .filter(|f| match selection {
            FileSelection::All => true,
            FileSelection::Processes(pids) => pids.contains(&f.process.pid),
            FileSelection::Regexp(_) => re.as_ref().is_some_and(|re| re.is_match(&open_file_line(f))),
        })
        .collect();
    Ok(OpenFiles { files })
}

/// The lsof line of an open file (`COMMAND PID USER FD TYPE SIZE/OFF NODE NAME`).
pub fn open_file_line(f: &OpenFile) -> String {
    let size = if f.kind == "IPv4" { "0t0".to_string() } else { f.size.to_string() };
    format!(
        "{:<9} {:>5} {:<10} {:>4} {:<4} {:>10} {:>8} {}",
        lsof_command(&f.process.command),
        f.process.pid,
        f.process.user,
        f.fd,
        f.kind,
        size,
        f.inode,
        f.name
    )
}

// ----- show network status -----

/// `show network status` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusOptions {
    /// `detail`: the user and inode of each socket.
    pub detail: bool,
    /// `listen`: listening sockets only.
    pub listen: bool,
    /// `process`: the PID/Program name column.
    pub process: bool,
    /// `all`: listening and connected.
    pub all: bool,
    /// `nodns`: addresses and ports as numbers.
    pub nodns: bool,
    pub search: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetRow {
    pub proto: Proto,
    pub local: String,
    pub foreign: String,
    /// `LISTEN`, `ESTABLISHED`, or empty (UDP).
    pub state: String,
    pub user: Option<String>,
    pub inode: Option<u32>,
    pub program: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkStatus {
    /// `servers` (listen), `w/o servers` (default), `servers and established` (all).
    pub heading: String,
    pub detail: bool,
    pub process: bool,
    pub rows: Vec<NetRow>,
}

/// The /etc/services name of a port, where it has one.
fn service_name(proto: Proto, port: u16) -> Option<&'static str> {
    Some(match (proto, port) {
        (Tcp, 22) => "ssh",
        (Udp, 69) => "tftp",
        (Tcp, 80) => "http",
        (Udp, 123) => "ntp",
        (Udp, 161) => "snmp",
        (Tcp, 443) => "https",
        (Udp, 514) => "syslog",
        (Tcp, 1500) => "vlsi-lm",
        (Tcp, 1501) => "saiscm",
        (Tcp, 2000) => "cisco-sccp",
        (Tcp, 2748) => "ctiqbe",
        (_, 5060) => "sip",
        (Tcp, 5061) => "sip-tls",
        (Tcp, 5222) => "xmpp-client",
        (Tcp, 5269) => "xmpp-server",
        (Tcp, 8080) => "webcache",
        (Tcp, 8443) => "pcsync-https",
        _ => return None,
    })
}

/// `show network status [detail] [listen] [process] [all] [nodns] [search text]`: netstat of
/// the node's sockets (the same model as `show open ports`).
pub fn network_status(op: &Op, opts: &StatusOptions) -> Result<NetworkStatus> {
    let (lab, node) = (op.lab(), op.node());
    let names: std::collections::BTreeMap<Ipv4Addr, String> =
        lab.nodes().into_iter().map(|n| (n.spec.ipv4, n.spec.hostname.clone())).collect();
    let addr = |ip: Option<Ipv4Addr>, port: u16, proto: Proto| {
        let host = match ip {
            None if opts.nodns => "0.0.0.0".to_string(),
            None => "*".to_string(),
            Some(ip) if opts.nodns => ip.to_string(),
            Some(ip) => names.get(&ip).cloned().unwrap_or_else(|| ip.to_string()),
        };
        let port = match service_name(proto, port) {
            Some(n) if !opts.nodns => n.to_string(),
            _ => port.to_string(),
        };
        format!("{host}:{port}")
    };
    let (want_listen, want_connected, heading) = if opts.all {
        (true, true, "servers and established")
    } else if opts.listen {
        (true, false, "only servers")
    } else {
        (false, true, "w/o servers")
    };
    let search = opts.search.as_ref().map(|s| s.to_ascii_lowercase());
    let rows = sockets(op)?
        .into_iter()
        .filter(|s| if s.listening() { want_listen } else { want_connected })
        .map(|s| {
            let foreign = match (s.remote, opts.nodns) {
                (Some((ip, port)), _) => addr(Some(ip), port, s.proto),
                (None, true) => "0.0.0.0:*".to_string(),
                (None, false) => "*:*".to_string(),
            };
            let state = match (s.proto, s.listening()) {
                (Udp, _) => String::new(),
                (Tcp, true) => "LISTEN".into(),
                (Tcp, false) => "ESTABLISHED".into(),
            };
            NetRow {
                proto: s.proto,
                local: addr(s.local_ip, s.local_port, s.proto),
                foreign,
                state,
                user: opts.detail.then(|| s.process.user.clone()),
                inode: opts.detail.then_some(s.inode),
                program: opts.process.then(|| format!("{}/{}", s.process.pid, s.process.command)),
            }
        })
        .filter(|r| {
            search.as_ref().is_none_or(|want| {
                format!("{} {} {} {}", r.proto.word(), r.local, r.foreign, r.state)
                    .to_ascii_lowercase()
                    .contains(want.as_str())
            })
        })
        .collect();
    let _ = node;
    Ok(NetworkStatus { heading: heading.into(), detail: opts.detail, process: opts.process, rows })
}

// ----- show network ipprefs -----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpprefsFilter {
    All,
    Enabled,
    Public,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ippref {
    pub application: String,
    pub proto: Proto,
    pub port: u16,
    /// `max:rate/second`, or `-`.
    pub hash_limit: String,
    pub hash_enabled: bool,
    /// A number, or `-`.
    pub conn_limit: String,
    pub conn_enabled: bool,
    /// `public` or `private`.
    pub kind: String,
    /// A port, or `-`.
    pub xlated: String,
    /// The port is open: its service runs.
    pub enabled: bool,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ipprefs {
    pub rows: Vec<Ippref>,
}

/// `show network ipprefs all|enabled|public`: the firewall's port preferences; a port is
/// enabled while the service that listens on it runs.
pub fn ipprefs(op: &Op, filter: IpprefsFilter) -> Result<Ipprefs> {
    let node = op.node();
    let states = services::load(node)?;
    let roles = services::catalog(node.role());
    let rows = port_defs(node.product())
        .into_iter()
        .filter(|d| roles.iter().any(|r| r.name == d.service))
        .map(|d| Ippref {
            application: d.app.into(),
            proto: d.proto,
            port: d.port,
            hash_limit: d.hash.map_or("-".into(), |(m, r, _)| format!("{m}:{r}/second")),
            hash_enabled: d.hash.is_some_and(|(_, _, on)| on),
            conn_limit: d.conn_limit.map_or("-".into(), |c| c.to_string()),
            conn_enabled: d.conn_limit.is_some(),
            kind: if d.public { "public" } else { "private" }.into(),
            xlated: d.xlated.map_or("-".into(), |x| x.to_string()),
            enabled: states.is_running(d.service),
            description: d.description.into(),
        })
        .filter(|r| match filter {
            IpprefsFilter::All => true,
            IpprefsFilter::Enabled => r.enabled,
            IpprefsFilter::Public => r.kind == "public",
        })
        .collect();
    Ok(Ipprefs { rows })
}
