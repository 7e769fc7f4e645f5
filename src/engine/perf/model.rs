//! The node's processes and resources, derived each time from what runs on it: one process
//! per running service plus the platform's base processes, and the memory, CPU and disk
//! figures that follow from them. `show status`, `show process ...` and the Processor,
//! Memory, Partition and Process perf classes all read this one model, so they agree.
//!
//! The model is deterministic (no randomness, no wall clock): a service's process name,
//! user, resident memory, CPU share and thread count come from a small table of the
//! services whose process the platform documents (`ccm`, `RisDC`, `servM`, `tomcat`,
//! `cmoninit`, `sipd`, ...), and for every other service from a stable hash of its name
//! (FNV-1a, so the figures never change between builds):
//! - name: the service name without `Cisco `, letters and digits only, cut to 15
//!   characters (the kernel's limit for a process name);
//! - resident memory 12-72 MB, CPU 0.0-1.5 %, 10-69 threads;
//! - pid 1000-31999 from the hash of node and service (the next free one on a clash).
//!
//! A stopped service has no process and so no memory or CPU. Memory used = the kernel's
//! own [`KERNEL_KB`] plus every process's resident memory; CPU busy = the sum of the
//! processes' CPU shares (at most [`MAX_BUSY_TENTHS`]), split into user, system, I/O wait
//! and soft-IRQ time as `show status` prints it. A process's CPU time is its share of the
//! time since the node booted.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::engine::error::Result;
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::services::{self, Kind, Services};

/// Memory the kernel and its caches take besides the processes (KB).
pub const KERNEL_KB: u64 = 520_000;
/// The page cache `show status` reports (KB).
pub const CACHED_KB: u64 = 998_788;
/// Shared memory `show status` reports (KB).
pub const SHARED_KB: u64 = 470_380;
/// The swap partition (KB); the lab never swaps (memory used stays below the total).
pub const SWAP_KB: u64 = 4_095_996;
/// The most CPUs the model gives a node (a layout may say more): the Processor class has
/// one instance per CPU, so this bounds it.
pub const MAX_CPUS: u32 = 256;
/// The largest memory (MB) and disk (GB) the model takes from a layout, so every figure
/// computed from them fits in 64 bits.
pub const MAX_MEMORY_MB: u64 = 1 << 24;
pub const MAX_DISK_GB: u64 = 1 << 20;
/// CPU busy never goes above 95.0 %.
pub const MAX_BUSY_TENTHS: u64 = 950;

/// One process of the node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Process {
    pub pid: u32,
    pub ppid: u32,
    pub user: String,
    /// The process name (`comm`), at most 15 characters.
    pub name: String,
    /// The service it runs, `None` for the platform's base processes.
    pub service: Option<String>,
    pub nice: i32,
    pub virt_kb: u64,
    pub res_kb: u64,
    pub shr_kb: u64,
    /// `R` running, `S` sleeping.
    pub state: char,
    /// CPU share in tenths of a percent.
    pub cpu_tenths: u32,
    pub threads: u32,
    /// CPU time used since it started, hundredths of a second.
    pub time_cs: u64,
}

/// The node's processes and resource totals at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    /// Ordered by pid.
    pub processes: Vec<Process>,
    pub running_services: usize,
    pub vcpus: u32,
    pub mem_total_kb: u64,
    pub mem_used_kb: u64,
    pub mem_free_kb: u64,
    pub mem_buffers_kb: u64,
    pub mem_cached_kb: u64,
    pub mem_shared_kb: u64,
    pub swap_total_kb: u64,
    pub swap_used_kb: u64,
    /// CPU time split, hundredths of a percent: user, system, I/O wait, soft IRQ, idle.
    pub cpu_user: u64,
    pub cpu_system: u64,
    pub cpu_iowait: u64,
    pub cpu_soft: u64,
    pub cpu_idle: u64,
    /// Load averages over 1, 5 and 15 minutes.
    pub load: [f64; 3],
    pub booted_at: DateTime<Utc>,
}

impl Machine {
    /// CPU busy, hundredths of a percent.
    pub fn cpu_busy(&self) -> u64 {
        self.cpu_user + self.cpu_system + self.cpu_iowait + self.cpu_soft
    }

    /// A process's memory share in tenths of a percent.
    pub fn mem_tenths(&self, p: &Process) -> u32 {
        if self.mem_total_kb == 0 {
            return 0;
        }
        ((p.res_kb * 1000 + self.mem_total_kb / 2) / self.mem_total_kb) as u32
    }
}

/// FNV-1a, 64 bits: stable across builds and platforms (std's hasher is not promised to be).
pub(crate) fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// What the platform documents of a service's process: name, user, resident KB, CPU tenths.
struct Known {
    service: &'static str,
    name: &'static str,
    user: &'static str,
    res_kb: u64,
    cpu_tenths: u32,
}

const KNOWN: &[Known] = &[
    Known { service: "Cisco Tomcat", name: "tomcat", user: "tomcat", res_kb: 620_000, cpu_tenths: 25 },
    Known { service: "A Cisco DB", name: "cmoninit", user: "informix", res_kb: 540_000, cpu_tenths: 31 },
    Known { service: "Cisco CallManager", name: "ccm", user: "ccmbase", res_kb: 420_000, cpu_tenths: 62 },
    Known {
        service: "Cisco RIS Data Collector",
        name: "RisDC",
        user: "ccmservice",
        res_kb: 160_000,
        cpu_tenths: 31,
    },
    Known { service: "Service Manager", name: "servM", user: "servmgr", res_kb: 48_000, cpu_tenths: 6 },
    Known {
        service: "Cisco CAR Scheduler",
        name: "carschlr",
        user: "ccmservice",
        res_kb: 96_000,
        cpu_tenths: 2,
    },
    Known {
        service: "Cisco Bulk Provisioning Service",
        name: "BPS",
        user: "ccmservice",
        res_kb: 110_000,
        cpu_tenths: 1,
    },
    Known { service: "SNMP Master Agent", name: "snmpdm", user: "root", res_kb: 14_000, cpu_tenths: 3 },
    Known { service: "Cisco SIP Proxy", name: "sipd", user: "ccmservice", res_kb: 210_000, cpu_tenths: 18 },
    Known {
        service: "Cisco Presence Engine",
        name: "PresenceEngine",
        user: "ccmservice",
        res_kb: 380_000,
        cpu_tenths: 24,
    },
    Known { service: "System SSH", name: "sshd", user: "root", res_kb: 6_200, cpu_tenths: 0 },
    Known { service: "System NTP", name: "ntpd", user: "ntp", res_kb: 5_400, cpu_tenths: 0 },
    Known { service: "Name Service Cache", name: "nscd", user: "nscd", res_kb: 4_800, cpu_tenths: 0 },
];

/// The platform's own processes, there whatever runs: (pid, ppid, name, user, KB, tenths, threads).
const BASE: &[(u32, u32, &str, &str, u64, u32, u32)] = &[
    (1, 0, "systemd", "root", 9_800, 0, 1),
    (2, 0, "kthreadd", "root", 0, 0, 1),
    (612, 1, "systemd-journal", "root", 38_000, 1, 1),
    (701, 1, "auditd", "root", 2_300, 0, 2),
    (733, 1, "dbus-daemon", "dbus", 3_900, 0, 1),
    (748, 1, "rsyslogd", "root", 7_600, 1, 3),
    (790, 1, "crond", "root", 2_900, 0, 1),
];

/// The pid of the CLI process that runs the command (nice 10, running, as the platform's).
pub const CLI_PID: u32 = 756;

/// A service's process name when the platform's is not known.
pub(crate) fn derived_name(service: &str) -> String {
    let base = service.strip_prefix("Cisco ").unwrap_or(service);
    base.chars().filter(|c| c.is_ascii_alphanumeric()).take(15).collect()
}

fn service_process(node: &str, service: &str, kind: Kind, taken: &mut Vec<u32>) -> Process {
    let h = fnv(&[service]);
    let known = KNOWN.iter().find(|k| k.service == service);
    let (name, user, res_kb, cpu_tenths) = match known {
        Some(k) => (k.name.to_string(), k.user.to_string(), k.res_kb, k.cpu_tenths),
        None => (
            derived_name(service),
            if kind == Kind::Platform { "root".to_string() } else { "ccmservice".to_string() },
            12_000 + (h % 60) * 1_000,
            ((h >> 8) % 16) as u32,
        ),
    };
    let mut pid = 1000 + (fnv(&[node, service]) % 31_000) as u32;
    while taken.contains(&pid) || pid == CLI_PID {
        pid = if pid >= 31_999 { 1000 } else { pid + 1 };
    }
    taken.push(pid);
    let threads = 10 + ((h >> 16) % 60) as u32;
    Process {
        pid,
        ppid: 1,
        user,
        name,
        service: Some(service.to_string()),
        nice: 0,
        virt_kb: res_kb * 3 + 180_000,
        res_kb,
        shr_kb: res_kb / 6,
        state: 'S',
        cpu_tenths,
        threads,
        time_cs: 0,
    }
}

/// The model for `node` from its services' states (already loaded) at `now`.
pub fn machine_with(node: &NodeHandle, states: &Services, booted_at: DateTime<Utc>) -> Machine {
    let role = node.role();
    let mut taken: Vec<u32> = BASE.iter().map(|b| b.0).collect();
    let mut processes: Vec<Process> = BASE
        .iter()
        .map(|&(pid, ppid, name, user, res_kb, cpu_tenths, threads)| Process {
            pid,
            ppid,
            user: user.to_string(),
            name: name.to_string(),
            service: None,
            nice: 0,
            virt_kb: if res_kb == 0 { 0 } else { res_kb * 4 + 20_000 },
            res_kb,
            shr_kb: res_kb / 3,
            state: 'S',
            cpu_tenths,
            threads,
            time_cs: 0,
        })
        .collect();
    let mut running_services = 0;
    for def in services::catalog(role) {
        if !states.is_running(def.name) {
            continue;
        }
        running_services += 1;
        processes.push(service_process(node.name(), def.name, def.kind, &mut taken));
    }
    // The CLI itself, running this command.
    processes.push(Process {
        pid: CLI_PID,
        ppid: 1,
        user: "admin".into(),
        name: "java".into(),
        service: None,
        nice: 10,
        virt_kb: 1_452_528,
        res_kb: 158_448,
        shr_kb: 20_420,
        state: 'R',
        cpu_tenths: 125,
        threads: 31,
        time_cs: 938,
    });
    let up_secs = (node.now() - booted_at).num_seconds().max(0) as u64;
    for p in processes.iter_mut().filter(|p| p.pid != CLI_PID) {
        p.time_cs = up_secs * u64::from(p.cpu_tenths) / 10;
    }
    processes.sort_by_key(|p| p.pid);

    let mem_total_kb = (node.spec.memory_mb.min(MAX_MEMORY_MB) * 1024).saturating_sub(246_000);
    let resident: u64 = processes.iter().map(|p| p.res_kb).sum();
    let mem_used_kb = (KERNEL_KB + resident).min(mem_total_kb.saturating_sub(CACHED_KB));
    let mem_buffers_kb = mem_total_kb.saturating_sub(mem_used_kb).saturating_sub(CACHED_KB) / 2;
    let mem_free_kb = mem_total_kb.saturating_sub(mem_used_kb + CACHED_KB + mem_buffers_kb);
    // Busy time: the processes' shares (tenths of a percent) in hundredths of a percent.
    let busy: u64 = processes.iter().map(|p| u64::from(p.cpu_tenths)).sum::<u64>().min(MAX_BUSY_TENTHS) * 10;
    let cpu_user = busy * 60 / 100;
    let cpu_system = busy * 35 / 100;
    let cpu_iowait = busy * 4 / 100;
    let cpu_soft = busy - cpu_user - cpu_system - cpu_iowait;
    let running = running_services as f64;
    Machine {
        processes,
        running_services,
        vcpus: node.spec.vcpus.clamp(1, MAX_CPUS),
        mem_total_kb,
        mem_used_kb,
        mem_free_kb,
        mem_buffers_kb,
        mem_cached_kb: CACHED_KB,
        mem_shared_kb: SHARED_KB,
        swap_total_kb: SWAP_KB,
        swap_used_kb: 0,
        cpu_user,
        cpu_system,
        cpu_iowait,
        cpu_soft,
        cpu_idle: 10_000 - busy,
        load: [running / 24.0, running / 30.0, running / 36.0],
        booted_at,
    }
}

/// The model for `node` now, from its `services.toml` and `platform.toml`.
pub fn machine(node: &NodeHandle) -> Result<Machine> {
    let states = services::load(node)?;
    let booted_at = node.platform()?.booted_at;
    Ok(machine_with(node, &states, booted_at))
}

/// One partition of the platform, as `show status` and the Partition perf class see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiskSpace {
    /// `Disk/active`, `Disk/inactive`, `Disk/logging`.
    pub name: String,
    /// The Partition perf instance: `Active`, `Inactive`, `Common`.
    pub instance: &'static str,
    pub total_kb: u64,
    pub used_kb: u64,
}

/// Bytes of the regular files under `dir` (links not followed).
fn dir_bytes(dir: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}

/// The three partitions: the active one holds the install files and the database, the
/// logging one (`/common`) the active and inactive logs; the inactive one an old version.
pub fn disks(node: &NodeHandle) -> Vec<DiskSpace> {
    let disk_kb = node.spec.disk_gb.min(MAX_DISK_GB) * 1024 * 1024;
    let logs_kb = (dir_bytes(&node.partition(Partition::Activelog))
        + dir_bytes(&node.partition(Partition::Inactivelog)))
        / 1024;
    let install_kb = dir_bytes(&node.partition(Partition::Install)) / 1024;
    let db_kb = std::fs::metadata(node.db_path()).map(|m| m.len() / 1024).unwrap_or(0);
    let active_total = disk_kb * 16 / 100;
    let logging_total = disk_kb * 57 / 100;
    let disk = |name: &str, instance: &'static str, total_kb: u64, used: u64| DiskSpace {
        name: name.to_string(),
        instance,
        total_kb,
        used_kb: used.min(total_kb),
    };
    vec![
        disk("Disk/active", "Active", active_total, 10_200_000 + install_kb + db_kb),
        disk("Disk/inactive", "Inactive", active_total, 45_080),
        disk("Disk/logging", "Common", logging_total, 1_500_000 + logs_kb),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_names_fit_the_kernel_limit() {
        assert_eq!(derived_name("Cisco XCP Router"), "XCPRouter");
        assert_eq!(derived_name("Cisco XCP Connection Manager"), "XCPConnectionMa");
        assert_eq!(derived_name("SOAP -Log Collection APIs"), "SOAPLogCollecti");
    }

    #[test]
    fn the_hash_is_stable() {
        assert_eq!(fnv(&[""]), fnv(&[""]));
        assert_ne!(fnv(&["a", "b"]), fnv(&["ab"]));
        // FNV-1a of the single byte 0.
        assert_eq!(fnv(&[]), 0xcbf2_9ce4_8422_2325);
    }
}
