//! The perf classes, one [`ClassDef`] each: add a class with one entry in [`CLASSES`] (its
//! counters, with their help text, and the function that gives its instances).
//!
//! Where each value comes from:
//! - Processor, Memory, Process: the process model ([`super::model`]), from the services
//!   that run; every CPU instance of Processor shows the node's average (the model does not
//!   place processes on CPUs).
//! - Partition: the files really in the node's partitions, as `show status` counts them.
//! - Cisco Tomcat JVM: the Tomcat process of the model (nothing when Tomcat is stopped).
//! - Cisco Presence Engine, Cisco XCP CM, Cisco XCP MDM: the users assigned to the node
//!   (`enduser.primarynodeid` in its IM and Presence replica; `utils ha failover` moves
//!   them): each has one session while Cisco XCP Router and Cisco Presence Engine run (the
//!   guide: the active sessions match the users assigned); their subscriptions are their
//!   contacts (`rosters`). Every session is a Jabber client connected through Cisco XCP
//!   Connection Manager, with Multiple Device Messaging (on by default) and in neither
//!   silent nor quiet mode. MDM buffer flushes are activity: counted in the node's counter
//!   store ([`super::store::add`]) by whatever flushes; nothing in the lab does yet, so they
//!   read 0.
//! - Cisco Extension Mobility (CM): the requests the lab's EM and EMCC commands handled,
//!   throttled and failed, counted by the Extension Mobility engine where it does the work
//!   ([`crate::engine::em::perf_counters`]).
//! - Cisco SIP Proxy: its worker processes ([`SIPD_WORKERS`] while it runs), all idle (the
//!   lab sends no SIP requests).

use rusqlite::{params, Connection, OpenFlags};

use super::{ClassDef, CounterDef, Instance, Sampler};
use crate::engine::db::sql_err;
use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::node::NodeHandle;
use crate::engine::services;

const BOTH: &[Product] = &[Product::Cm, Product::Imp];
const IMP: &[Product] = &[Product::Imp];
const CM: &[Product] = &[Product::Cm];

pub const SYSTEM: &str = "System";
pub const PRESENCE: &str = "IM and Presence";
pub const TOMCAT: &str = "Tomcat";
pub const EXTENSION_MOBILITY: &str = "Extension Mobility";

/// The SIP proxy's worker processes while it runs.
pub const SIPD_WORKERS: i64 = 8;

const fn c(name: &'static str, help: &'static str) -> CounterDef {
    CounterDef { name, help }
}

pub static CLASSES: &[ClassDef] = &[
    ClassDef {
        name: "Processor",
        category: SYSTEM,
        help: "CPU use of the node, overall (_Total) and per CPU",
        products: BOTH,
        singleton: false,
        counters: &[
            c("% CPU Time", "Percentage of time the CPU was busy (not idle)"),
            c("Idle Percentage", "Percentage of time the CPU was idle with no disk I/O outstanding"),
            c("IOwait Percentage", "Percentage of time the CPU was idle waiting for disk I/O"),
            c("Irq Percentage", "Percentage of time the CPU spent servicing hardware interrupts"),
            c("Nice Percentage", "Percentage of time the CPU spent on processes with a positive nice value"),
            c("Softirq Percentage", "Percentage of time the CPU spent servicing software interrupts"),
            c("System Percentage", "Percentage of time the CPU spent in the kernel"),
            c("User Percentage", "Percentage of time the CPU spent on user processes"),
        ],
        instances: processor,
    },
    ClassDef {
        name: "Memory",
        category: SYSTEM,
        help: "Physical and virtual memory of the node",
        products: BOTH,
        singleton: true,
        counters: &[
            c("% Mem Used", "Used KBytes as a percentage of Total KBytes"),
            c("% VM Used", "Used VM KBytes as a percentage of Total VM KBytes"),
            c("Buffers KBytes", "Memory used for block device buffers, in kilobytes"),
            c("Cached KBytes", "Memory used by the page cache, in kilobytes"),
            c("Free KBytes", "Memory not used at all, in kilobytes"),
            c("Free Swap KBytes", "Swap space not used, in kilobytes"),
            c("Shared KBytes", "Shared memory, in kilobytes"),
            c("Total KBytes", "Physical memory of the node, in kilobytes"),
            c("Total Swap KBytes", "Swap space of the node, in kilobytes"),
            c("Total VM KBytes", "Total KBytes plus Total Swap KBytes"),
            c("Used KBytes", "Memory used by the kernel and the processes, in kilobytes"),
            c("Used Swap KBytes", "Swap space used, in kilobytes"),
            c("Used VM KBytes", "Used KBytes plus Used Swap KBytes"),
        ],
        instances: memory,
    },
    ClassDef {
        name: "Partition",
        category: SYSTEM,
        help: "Space of the node's disk partitions (Active, Inactive, Common)",
        products: BOTH,
        singleton: false,
        counters: &[
            c("% Used", "Used Mbytes as a percentage of Total Mbytes"),
            c("Total Mbytes", "Size of the partition, in megabytes"),
            c("Used Mbytes", "Space used by the files in the partition, in megabytes"),
        ],
        instances: partition,
    },
    ClassDef {
        name: "Process",
        category: SYSTEM,
        help: "Each process running on the node",
        products: BOTH,
        singleton: false,
        counters: &[
            c("% CPU Time", "The process's share of the CPU time, in percent"),
            c("% Memory Usage", "The process's resident memory as a percentage of the physical memory"),
            c("Nice", "The process's nice value"),
            c("PID", "The process identifier"),
            c("Process Status", "0 running, 1 sleeping, 2 waiting for disk, 3 zombie, 4 stopped"),
            c("Shared Memory Size", "Shared memory of the process, in kilobytes"),
            c("Thread Count", "Threads of the process"),
            c("VmRSS", "Resident memory of the process, in kilobytes"),
            c("VmSize", "Virtual memory of the process, in kilobytes"),
        ],
        instances: process,
    },
    ClassDef {
        name: "Cisco Tomcat JVM",
        category: TOMCAT,
        help: "Memory of the Java virtual machine that runs Cisco Tomcat",
        products: BOTH,
        singleton: true,
        counters: &[
            c("KBytesMemoryFree", "Free memory of the JVM heap, in kilobytes"),
            c("KBytesMemoryMax", "Largest heap the JVM may use, in kilobytes"),
            c("KBytesMemoryTotal", "Heap the JVM has allocated, in kilobytes"),
        ],
        instances: tomcat_jvm,
    },
    ClassDef {
        name: "Cisco Presence Engine",
        category: PRESENCE,
        help: "Sessions and subscriptions of the Presence Engine on this node",
        products: IMP,
        singleton: true,
        counters: &[
            c("ActiveJsmSessions", "Client sessions of the users assigned to this node"),
            c("ActiveSubscriptions", "Presence subscriptions of those sessions (their contacts)"),
        ],
        instances: presence_engine,
    },
    ClassDef {
        name: "Cisco XCP CM",
        category: PRESENCE,
        help: "Clients connected to the Cisco XCP Connection Manager",
        products: IMP,
        singleton: true,
        counters: &[c("CmConnectedSockets", "XMPP clients connected to the Cisco XCP Connection Manager")],
        instances: xcp_cm,
    },
    ClassDef {
        name: "Cisco XCP MDM",
        category: PRESENCE,
        help: "Multiple Device Messaging of the Cisco XCP Router",
        products: IMP,
        singleton: true,
        counters: &[
            c("MDMSessions", "Current sessions with Multiple Device Messaging enabled"),
            c("MDMSilentModeSessions", "Current sessions in silent mode"),
            c("MDMQuietModeSessions", "Current sessions in quiet mode"),
            c("MDMBufferFlushes", "Total MDM buffer flushes"),
            c(
                "MDMBufferFlushesLimitReached",
                "MDM buffer flushes caused by reaching the overall buffer size limit",
            ),
            c("MDMBufferFlushPacketCount", "Packets flushed in the last time slice"),
            c("MDMBufferAvgQueuedTime", "Average time, in seconds, before an MDM buffer is flushed"),
        ],
        instances: xcp_mdm,
    },
    ClassDef {
        name: "Cisco SIP Proxy",
        category: PRESENCE,
        help: "Worker processes of the Cisco SIP Proxy",
        products: IMP,
        singleton: true,
        counters: &[
            c("NumActiveSipdWorkers", "SIP proxy worker processes handling a request"),
            c("NumIdleSipdWorkers", "SIP proxy worker processes waiting for a request"),
            c("NumSipdWorker", "SIP proxy worker processes"),
        ],
        instances: sip_proxy,
    },
    ClassDef {
        name: "Cisco Extension Mobility",
        category: EXTENSION_MOBILITY,
        help: "Extension Mobility and EMCC requests handled by the node",
        products: CM,
        singleton: true,
        counters: &[
            c("EMCC Successful Logins", "EMCC logins completed since the service started"),
            c("EMCC Successful Logouts", "EMCC logouts completed since the service started"),
            c("Requests Handled", "Login and logout requests handled since the service started"),
            c("Requests In Progress", "Login and logout requests being handled now"),
            c("Requests Throttled", "Requests refused because Maximum Concurrent Requests were in progress"),
            c("Successful Logins", "Logins completed since the service started"),
            c("Successful Logouts", "Logouts completed since the service started"),
            c("Login/Logout Requests Failed", "Login and logout requests that failed, for any reason"),
        ],
        instances: extension_mobility,
    },
];

fn single(values: Vec<i64>) -> Result<Vec<Instance>> {
    Ok(vec![Instance { name: String::new(), values }])
}

/// Hundredths of a percent to a whole percent, rounded.
fn pct(hundredths: u64) -> i64 {
    ((hundredths + 50) / 100) as i64
}

fn ratio(part: u64, whole: u64) -> i64 {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0) as i64
}

fn processor(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    let m = s.machine()?;
    let values = vec![
        pct(m.cpu_busy()),
        pct(m.cpu_idle),
        pct(m.cpu_iowait),
        0,
        0,
        pct(m.cpu_soft),
        pct(m.cpu_system),
        pct(m.cpu_user),
    ];
    let mut out = vec![Instance { name: "_Total".into(), values: values.clone() }];
    out.extend((0..m.vcpus).map(|n| Instance { name: n.to_string(), values: values.clone() }));
    Ok(out)
}

fn memory(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    let m = s.machine()?;
    let (total, used) = (m.mem_total_kb, m.mem_used_kb);
    let (vm_total, vm_used) = (total + m.swap_total_kb, used + m.swap_used_kb);
    let kb = |v: u64| v as i64;
    single(vec![
        ratio(used, total),
        ratio(vm_used, vm_total),
        kb(m.mem_buffers_kb),
        kb(m.mem_cached_kb),
        kb(m.mem_free_kb),
        kb(m.swap_total_kb - m.swap_used_kb),
        kb(m.mem_shared_kb),
        kb(total),
        kb(m.swap_total_kb),
        kb(vm_total),
        kb(used),
        kb(m.swap_used_kb),
        kb(vm_used),
    ])
}

fn partition(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    Ok(super::model::disks(s.node)
        .into_iter()
        .map(|d| Instance {
            name: d.instance.to_string(),
            // % Used rounded up, as `show status` prints it.
            values: vec![
                if d.total_kb == 0 { 0 } else { (d.used_kb * 100).div_ceil(d.total_kb) as i64 },
                (d.total_kb / 1024) as i64,
                (d.used_kb / 1024) as i64,
            ],
        })
        .collect())
}

/// Process instance names: the process name, `name#1`, `name#2` for later ones of the same
/// name (in pid order).
pub fn instance_names(names: &[&str]) -> Vec<String> {
    let mut seen: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    names
        .iter()
        .map(|n| {
            let k = seen.entry(n).or_insert(0);
            let name = if *k == 0 { n.to_string() } else { format!("{n}#{k}") };
            *k += 1;
            name
        })
        .collect()
}

fn process(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    let m = s.machine()?;
    let names: Vec<&str> = m.processes.iter().map(|p| p.name.as_str()).collect();
    Ok(m.processes
        .iter()
        .zip(instance_names(&names))
        .map(|(p, name)| Instance {
            name,
            values: vec![
                i64::from((p.cpu_tenths + 5) / 10),
                i64::from((m.mem_tenths(p) + 5) / 10),
                i64::from(p.nice),
                i64::from(p.pid),
                if p.state == 'R' { 0 } else { 1 },
                p.shr_kb as i64,
                i64::from(p.threads),
                p.res_kb as i64,
                p.virt_kb as i64,
            ],
        })
        .collect())
}

/// The JVM's heap: the Tomcat process's resident memory less its native part, at most
/// [`TOMCAT_HEAP_MAX_KB`], of which a fixed share is free.
pub const TOMCAT_HEAP_MAX_KB: u64 = 524_288;
const TOMCAT_NATIVE_KB: u64 = 160_000;

fn tomcat_jvm(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    let m = s.machine()?;
    let Some(p) = m.processes.iter().find(|p| p.service.as_deref() == Some("Cisco Tomcat")) else {
        return single(vec![0, 0, 0]);
    };
    let total = p.res_kb.saturating_sub(TOMCAT_NATIVE_KB).min(TOMCAT_HEAP_MAX_KB);
    single(vec![(total * 35 / 100) as i64, TOMCAT_HEAP_MAX_KB as i64, total as i64])
}

/// The IM and Presence facts of a node, from its own replica.
#[derive(Debug, Clone, PartialEq)]
pub struct Presence {
    /// Users assigned to the node.
    pub assigned: u64,
    /// Contacts (roster entries) of those users.
    pub contacts: u64,
    /// Cisco XCP Router and Cisco Presence Engine both run: the users have sessions.
    pub sessions_up: bool,
    pub connection_manager: bool,
    pub sip_proxy: bool,
}

impl Presence {
    pub fn read(node: &NodeHandle) -> Result<Presence> {
        let states = services::load(node)?;
        let path = node.db_path();
        if !path.is_file() {
            return Err(EngineError::ReplicaMissing { path });
        }
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sql_err)?;
        let assigned: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM enduser e JOIN processnode p ON p.pkid = e.primarynodeid WHERE p.name = ?1",
                params![node.name()],
                |r| r.get(0),
            )
            .map_err(sql_err)?;
        let contacts: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM rosters r JOIN enduser e ON e.userid = r.user_id \
                 JOIN processnode p ON p.pkid = e.primarynodeid WHERE p.name = ?1",
                params![node.name()],
                |r| r.get(0),
            )
            .map_err(sql_err)?;
        Ok(Presence {
            assigned: assigned.max(0) as u64,
            contacts: contacts.max(0) as u64,
            // A node whose database is not running serves nobody: it is failed over
            // (table 38's Database Failure / auto recover rows) and its replica, which no
            // longer receives changes, still lists the users that moved away.
            sessions_up: states.is_running("Cisco XCP Router")
                && states.is_running("Cisco Presence Engine")
                && states.is_running(crate::engine::ha::DB_SERVICE),
            connection_manager: states.is_running("Cisco XCP Connection Manager"),
            sip_proxy: states.is_running("Cisco SIP Proxy"),
        })
    }

    /// Active sessions: one per assigned user while the services run.
    pub fn sessions(&self) -> u64 {
        if self.sessions_up {
            self.assigned
        } else {
            0
        }
    }
}

fn presence_engine(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    let p = s.presence()?;
    let subs = if p.sessions_up { p.contacts } else { 0 };
    single(vec![p.sessions() as i64, subs as i64])
}

fn xcp_cm(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    let p = s.presence()?;
    single(vec![if p.connection_manager { p.sessions() as i64 } else { 0 }])
}

fn xcp_mdm(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    let p = s.presence()?;
    let st = s.store()?;
    let counted = |counter: &str| st.get("Cisco XCP MDM", "", counter) as i64;
    single(vec![
        p.sessions() as i64,
        0,
        0,
        counted("MDMBufferFlushes"),
        counted("MDMBufferFlushesLimitReached"),
        counted("MDMBufferFlushPacketCount"),
        counted("MDMBufferAvgQueuedTime"),
    ])
}

fn sip_proxy(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    let p = s.presence()?;
    let workers = if p.sip_proxy { SIPD_WORKERS } else { 0 };
    single(vec![0, workers, workers])
}

/// The Extension Mobility counters the EM engine keeps, in the class's counter order.
fn extension_mobility(s: &Sampler<'_>) -> Result<Vec<Instance>> {
    let counted = crate::engine::em::perf_counters(s.node)?;
    let class = CLASSES.iter().find(|c| c.name == "Cisco Extension Mobility");
    // Every counter of the class is one the EM engine keeps: a name it does not give is a
    // fault, never a made-up zero.
    let values = class
        .map(|c| c.counters)
        .unwrap_or_default()
        .iter()
        .map(|def| {
            counted
                .iter()
                .find(|(name, _)| name == def.name)
                .map(|(_, v)| i64::try_from(*v).unwrap_or(i64::MAX))
                .ok_or_else(|| EngineError::Internal {
                    what: format!("the Extension Mobility engine keeps no counter {}", def.name),
                })
        })
        .collect::<Result<Vec<i64>>>()?;
    Ok(vec![Instance { name: String::new(), values }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_process_names_are_numbered() {
        assert_eq!(instance_names(&["java", "ccm", "java", "java"]), vec!["java", "ccm", "java#1", "java#2"]);
    }
}
