//! `show tech repltimeout | ccm_service | dbstateinfo | network ... | system ...`: the
//! node's state as the platform's technical dumps show it.
//!
//! - `repltimeout`: the replication timeout in force (`utils dbreplication setrepltimeout`).
//! - `ccm_service`: the node's services under their group (`GroupName: CM Services` on
//!   Communications Manager, `GroupName: IM and Presence Services` on IM and Presence, the
//!   platform's own services under `GroupName: Platform Services`), with activation and
//!   run state.
//! - `dbstateinfo`: writes the database state report (every replica's state as this node
//!   sees it) and its error output to the active log partition, and says where they are.
//! - `network` and `system`: the files and facts of the node's network and system set-up
//!   (hosts, resolv.conf, interfaces, routes; host, hardware, software), from the lab's
//!   addressing and the node's spec.

use serde::Serialize;

use crate::engine::db::dbreplication::{self, ReplState};
use crate::engine::deployment::Product;
use crate::engine::error::Result;
use crate::engine::node::Partition;
use crate::engine::op::Op;
use crate::engine::services::{self, Kind, RunState};
use crate::engine::store;

/// `show tech repltimeout`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechReplTimeout {
    pub seconds: u32,
}

pub fn repltimeout(op: &Op) -> Result<TechReplTimeout> {
    Ok(TechReplTimeout { seconds: dbreplication::repltimeout(op.lab(), op.node())? })
}

/// One service of `show tech ccm_service`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechService {
    pub name: String,
    pub activated: bool,
    pub state: RunState,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceGroup {
    pub name: String,
    pub services: Vec<TechService>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CcmService {
    pub groups: Vec<ServiceGroup>,
}

/// The product's `GroupName` (what automation identifies the product by).
pub fn product_group(product: Product) -> &'static str {
    match product {
        Product::Cm => "CM Services",
        Product::Imp => "IM and Presence Services",
    }
}

pub fn ccm_service(op: &Op) -> Result<CcmService> {
    let node = op.node();
    let states = services::load(node)?;
    let mut platform = ServiceGroup { name: "Platform Services".into(), services: Vec::new() };
    let mut product = ServiceGroup { name: product_group(node.product()).into(), services: Vec::new() };
    for def in services::catalog(node.role()) {
        let s = states.service.get(def.name);
        let row = TechService {
            name: def.name.to_string(),
            activated: s.is_none_or(|s| s.activated),
            state: s.map_or(RunState::Stopped, |s| s.state),
        };
        if def.kind == Kind::Platform {
            platform.services.push(row);
        } else {
            product.services.push(row);
        }
    }
    Ok(CcmService { groups: vec![platform, product] })
}

/// `show tech dbstateinfo`: where the report and its error output were written (paths as
/// `file view activelog` takes them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DbStateInfo {
    pub output: String,
    pub error_output: String,
}

pub fn dbstateinfo(op: &Op) -> Result<DbStateInfo> {
    let (lab, node) = (op.lab(), op.node());
    let rows = dbreplication::state_rows(lab, node)?;
    let local = node.local_now();
    let stamp = local.format("%H%M%S").to_string();
    let output = format!("/cm/trace/dbl/showtechdbstateinfo{stamp}.txt");
    let error_output = format!("/cm/trace/dbl/showtechdbstateinfo_cdr_err{stamp}.out");
    let mut text = format!(
        "Database State Info\n{}\nServer: {} ({})\nDatabase: {}\n\n",
        local.format("%a %b %e %H:%M:%S %Z %Y"),
        node.spec.fqdn(),
        node.spec.ipv4,
        dbreplication::db_version(node)
    );
    text.push_str(&format!(
        "{:<20} {:<15} {:<5} {:<5} {:<5} {:>6} {:>5}  {}\n",
        "SERVER-NAME", "IP ADDRESS", "DB", "RPC", "DBMON", "QUEUE", "STATE", "DETAIL"
    ));
    let mut errors = String::new();
    let yn = |b: bool| if b { "Y" } else { "N" };
    for r in &rows {
        text.push_str(&format!(
            "{:<20} {:<15} {:<5} {:<5} {:<5} {:>6} {:>5}  {}\n",
            r.name,
            r.ip,
            yn(r.db),
            yn(r.rpc),
            yn(r.dbmon),
            r.queue,
            r.state,
            r.detail
        ));
        if r.state != ReplState::Good {
            errors.push_str(&format!(
                "{}: replication state {} ({}){}\n",
                r.name,
                r.state,
                r.detail,
                if r.db { "" } else { ", database not reachable" }
            ));
        }
    }
    let root = node.partition(Partition::Activelog);
    store::atomic_write(&root.join(output.trim_start_matches('/')), text.as_bytes())?;
    store::atomic_write(&root.join(error_output.trim_start_matches('/')), errors.as_bytes())?;
    Ok(DbStateInfo { output, error_output })
}

/// One section of `show tech network` / `show tech system`: a title and its lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechSection {
    pub title: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechDump {
    /// `network` or `system`.
    pub what: String,
    pub sections: Vec<TechSection>,
}

/// The parts of `show tech network`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkPart {
    Hosts,
    Interfaces,
    Resolv,
    Routes,
}

/// `show tech network all|hosts|interfaces|resolv|routes [search text]`.
pub fn network(op: &Op, parts: &[NetworkPart], search: Option<&str>) -> Result<TechDump> {
    let (lab, node) = (op.lab(), op.node());
    let s = &node.spec;
    let mut sections = Vec::new();
    for part in parts {
        let (title, lines) = match part {
            NetworkPart::Hosts => {
                let mut lines = vec![
                    "127.0.0.1       localhost.localdomain localhost".to_string(),
                    "::1             localhost6.localdomain6 localhost6".to_string(),
                ];
                for n in lab.cluster_nodes(&node.cluster)? {
                    lines.push(format!("{:<15} {} {}", n.spec.ipv4, n.spec.fqdn(), n.spec.hostname));
                }
                ("/etc/hosts File:", lines)
            }
            NetworkPart::Resolv => {
                let mut lines = vec![format!("search {}", s.domain), format!("nameserver {}", s.dns_primary)];
                if let Some(d) = s.dns_secondary {
                    lines.push(format!("nameserver {d}"));
                }
                lines.push("options timeout:5 attempts:2".into());
                ("/etc/resolv.conf File:", lines)
            }
            NetworkPart::Interfaces => {
                let e = crate::engine::platform::eth0(op, true)?;
                let bcast = std::net::Ipv4Addr::from(u32::from(s.ipv4) | !u32::from(s.netmask));
                let lines = vec![
                    format!("eth0      Link encap:Ethernet  HWaddr {}", e.mac.to_ascii_uppercase()),
                    format!("          inet addr:{}  Bcast:{bcast}  Mask:{}", s.ipv4, s.netmask),
                    format!("          UP BROADCAST RUNNING MULTICAST  MTU:{}  Metric:1", e.mtu),
                    format!("          txqueuelen:{}", e.queue_length),
                    String::new(),
                    "lo        Link encap:Local Loopback".into(),
                    "          inet addr:127.0.0.1  Mask:255.0.0.0".into(),
                    "          UP LOOPBACK RUNNING  MTU:65536  Metric:1".into(),
                ];
                ("Interfaces:", lines)
            }
            NetworkPart::Routes => {
                let r = crate::engine::network::routes(op)?;
                let mut lines = vec![
                    "Kernel IP routing table".to_string(),
                    "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface"
                        .to_string(),
                ];
                for r in r.routes {
                    lines.push(format!(
                        "{:<16}{:<16}{:<16}{:<6}{:<7}{:<7}{:>3} {}",
                        r.destination.to_string(),
                        r.gateway.to_string(),
                        r.genmask.to_string(),
                        r.flags,
                        0,
                        0,
                        0,
                        r.iface
                    ));
                }
                ("Routes:", lines)
            }
        };
        sections.push(TechSection { title: title.into(), lines });
    }
    Ok(TechDump { what: "network".into(), sections: filtered(sections, search) })
}

/// Keeps the lines that contain `search` (case-insensitive), and the sections that still
/// have lines.
fn filtered(sections: Vec<TechSection>, search: Option<&str>) -> Vec<TechSection> {
    let Some(want) = search.map(str::to_ascii_lowercase) else { return sections };
    sections
        .into_iter()
        .map(|mut s| {
            s.lines.retain(|l| l.to_ascii_lowercase().contains(&want));
            s
        })
        .filter(|s| !s.lines.is_empty())
        .collect()
}

/// The parts of `show tech system`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemPart {
    Host,
    Hardware,
    Software,
}

/// `show tech system all|host|hardware|software`.
pub fn system(op: &Op, parts: &[SystemPart]) -> Result<TechDump> {
    let node = op.node();
    let s = &node.spec;
    let mut sections = Vec::new();
    for part in parts {
        let (title, lines) = match part {
            SystemPart::Host => {
                let state = node.platform()?;
                let up = (node.now() - state.booted_at).num_minutes().max(0);
                (
                    "Host:",
                    vec![
                        format!("Hostname: {}", s.fqdn()),
                        format!(
                            "Linux {} 3.10.0-1160.el7.x86_64 #1 SMP x86_64 x86_64 x86_64 GNU/Linux",
                            s.hostname
                        ),
                        format!(
                            "Booted: {}",
                            state
                                .booted_at
                                .with_timezone(&node.local_now().timezone())
                                .format("%a %b %e %H:%M:%S %Z %Y")
                        ),
                        format!("Up: {} days, {:02}:{:02}", up / 1440, (up % 1440) / 60, up % 60),
                        format!("Time zone: {}", s.timezone),
                    ],
                )
            }
            SystemPart::Hardware => {
                let h = crate::engine::platform::hardware(op)?;
                (
                    "Hardware:",
                    vec![
                        format!("HW Platform       : {}", h.platform),
                        format!("Processors        : {}", h.processors),
                        format!("Type              : {}", h.cpu_type),
                        format!("CPU Speed         : {}", h.cpu_speed),
                        format!("Memory            : {} MBytes", h.memory_mb),
                        format!("Disk              : {} GB", h.disk_gb),
                        format!("Serial Number     : {}", h.serial),
                        format!("BIOS Information  : {}", h.bios),
                    ],
                )
            }
            SystemPart::Software => {
                let mut lines = vec![
                    format!("Active Master Version: {}", s.version),
                    format!("Inactive Master Version: {}", s.inactive_version.as_deref().unwrap_or("None")),
                    format!("Unified OS Version: UCOS {}", s.os_version),
                    format!("Product: {}", node.product().describe()),
                ];
                if s.installed_options.is_empty() {
                    lines.push("Installed Options: None".into());
                } else {
                    lines.push("Installed Options:".into());
                    lines.extend(s.installed_options.iter().map(|o| format!("    {o}")));
                }
                ("Software:", lines)
            }
        };
        sections.push(TechSection { title: title.into(), lines });
    }
    Ok(TechDump { what: "system".into(), sections })
}
