//! `utils diagnose list | test | fix | module <name> | version`: the platform's diagnostic
//! modules, each worked out from the node's real state (partition use, services, the
//! cluster's nodes, NTP), with a log of every run in `platform/log/diagN.log`.
//!
//! The module names, their order, the row layout and the `Passed`/`skip` wording follow the
//! public captures (CLI-REFERENCE §8.4). Failure and fix wording, the descriptions of the
//! modules the captures do not describe, and `version` are ucsh's, documented in the catalog.

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::error::{EngineError, Result};
use crate::engine::node::Partition;
use crate::engine::op::Op;
use crate::engine::platform;
use crate::engine::services::{self, Action};
use crate::engine::store;

/// A partition this full (per cent used) fails `disk_space`.
pub const DISK_FULL_PERCENT: u64 = 95;
/// The stratum `ntp_stratum` wants to stay below (TAC 200396).
pub const MAX_STRATUM: u32 = 5;
/// An own certificate that ends within this many days fails `cert_expiry`.
pub const CERT_WARN_DAYS: i64 = 30;
/// How many `diagN.log` files a node keeps: the oldest goes when a run would make more.
pub const MAX_LOGS: u32 = 100;

/// One diagnostic module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Module {
    pub name: &'static str,
    pub description: &'static str,
    /// Run only when named (`utils diagnose module`), never by `test` or `fix`.
    pub off_hours: bool,
    /// A ucsh extension (not a platform module): listed, run only when named, and left out
    /// of `test` and `fix` entirely, so their output stays the platform's.
    pub extension: bool,
}

const fn m(name: &'static str, description: &'static str, off_hours: bool) -> Module {
    Module { name, description, off_hours, extension: false }
}

const fn ext(name: &'static str, description: &'static str) -> Module {
    Module { name, description, off_hours: false, extension: true }
}

/// The modules, in the order `test` runs them.
pub const MODULES: &[Module] = &[
    m("disk_space", "Check available disk space as well as any unusual disk usage", false),
    m("disk_files", "Check the partitions for files that should not be there", true),
    m("service_manager", "Check if service manager is running", false),
    m("tomcat", "Check if Tomcat is deadlocked or not running", false),
    m("tomcat_deadlocks", "Check Tomcat for deadlocked threads", false),
    m("tomcat_keystore", "Check Tomcat's keystore", false),
    m("cert_expiry", "Check the node's own certificates for expiry", false),
    m("tomcat_connectors", "Check Tomcat's HTTP and HTTPS connectors", false),
    m("tomcat_threads", "Check Tomcat for runaway threads", false),
    m("tomcat_memory", "Check Tomcat's memory use", false),
    m("tomcat_sessions", "Check Tomcat's sessions", false),
    m("tomcat_heapdump", "Collect a Tomcat heap summary", true),
    m("validate_network", "Check the network settings and intra-cluster communication", false),
    m("raid", "Check the RAID controller and disks", false),
    m("system_info", "Collect system information into the diagnostic log", false),
    m("ntp_reachability", "Check that the NTP servers can be reached", false),
    m("ntp_clock_drift", "Check that the clock follows an NTP server", false),
    m("ntp_stratum", "Check the stratum of the NTP reference clock", false),
    m("sdl_fragmentation", "Check the SDL trace files for fragmentation", true),
    m("sdi_fragmentation", "Check the SDI trace files for fragmentation", true),
    // ===== em17: issue #17's checks of the CM database (ucsh extensions) =====
    ext("em_softphones", "(ucsh extension) Check Jabber device names by type and one device of each type per user"),
    ext("em_headsets", "(ucsh extension) Check at most 15 headsets per user and one user per headset serial number"),
    ext("emcc_devices", "(ucsh extension) Check device names and Cluster IDs against the EMCC remote clusters and phones + 2 x EMCC devices <= 60,000"),
    ext("em_profiles", "(ucsh extension) Check that device profiles and EM logins point at existing users"),
    // ===== end em17 =====
];

/// Finds a module by name.
pub fn module(name: &str) -> Option<&'static Module> {
    MODULES.iter().find(|m| m.name.eq_ignore_ascii_case(name))
}

/// What a run asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every module, nothing changed.
    Test,
    /// Every module, then what can be repaired is, and checked again.
    Fix,
}

/// The result of one module.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", content = "detail", rename_all = "lowercase")]
pub enum Outcome {
    Passed(Option<String>),
    Failed(String),
    /// Not run by `test` or `fix`: the module must be run directly and off hours.
    Skipped,
    /// Failed, then repaired by `fix` (what was done).
    Fixed(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleResult {
    pub module: &'static str,
    pub outcome: Outcome,
}

/// One run of `test`, `fix` or `module`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    /// The log, relative to `activelog` (`platform/log/diagN.log`).
    pub log: String,
    /// `module <name>` rather than every module.
    pub single: bool,
    /// A Communications Manager node (its `test` output starts with a blank line); unknown
    /// when read back from a single module's text, which does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub communications_manager: Option<bool>,
    pub modules: Vec<ModuleResult>,
}

impl Diagnosis {
    pub fn failed(&self) -> bool {
        self.modules.iter().any(|m| matches!(m.outcome, Outcome::Failed(_)))
    }
}

/// `utils diagnose version`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagnoseVersion {
    /// The diagnostics ship with the platform: its OS version.
    pub version: String,
    pub modules: usize,
}

pub fn version(op: &Op) -> Result<DiagnoseVersion> {
    // The platform's modules (the ucsh extensions are not part of its diagnostics).
    let modules = MODULES.iter().filter(|m| !m.extension).count();
    Ok(DiagnoseVersion { version: op.node().spec.os_version.clone(), modules })
}

/// Runs `only` (one module, run even if it is an off-hours one) or every module.
pub fn run(op: &Op, mode: Mode, only: Option<&str>) -> Result<Diagnosis> {
    let node = op.node();
    let selected: Vec<&'static Module> = match only {
        Some(name) => {
            vec![module(name).ok_or_else(|| EngineError::UnknownModule { name: name.to_string() })?]
        }
        None => MODULES.iter().filter(|m| !m.extension).collect(),
    };
    let log_rel = next_log(op)?;
    let mut details = String::new();
    let mut modules = Vec::new();
    for m in selected {
        op.cancel().check()?;
        let outcome = if m.off_hours && only.is_none() {
            Outcome::Skipped
        } else {
            let first = check(op, m, &mut details)?;
            match (&first, mode) {
                (Outcome::Failed(_), Mode::Fix) => match repair(op, m)? {
                    Some(done) => match check(op, m, &mut details)? {
                        Outcome::Passed(_) => Outcome::Fixed(done),
                        still => still,
                    },
                    None => first,
                },
                _ => first,
            }
        };
        modules.push(ModuleResult { module: m.name, outcome });
    }
    let diagnosis = Diagnosis {
        log: log_rel,
        single: only.is_some(),
        communications_manager: Some(node.product() == crate::engine::deployment::Product::Cm),
        modules,
    };
    write_log(op, &diagnosis, &details)?;
    Ok(diagnosis)
}

/// `platform/log/diagN.log`: N is one more than the highest there (the oldest removed
/// beyond [`MAX_LOGS`]).
fn next_log(op: &Op) -> Result<String> {
    let dir = op.node().partition(Partition::Activelog).join("platform/log");
    let mut numbers: Vec<u32> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    name.strip_prefix("diag")?.strip_suffix(".log")?.parse().ok()
                })
                .collect()
        })
        .unwrap_or_default();
    numbers.sort_unstable();
    while numbers.len() >= MAX_LOGS as usize {
        let oldest = numbers.remove(0);
        let _ = std::fs::remove_file(dir.join(format!("diag{oldest}.log")));
    }
    let n = numbers.last().map_or(1, |n| n + 1);
    Ok(format!("platform/log/diag{n}.log"))
}

fn write_log(op: &Op, d: &Diagnosis, details: &str) -> Result<()> {
    let node = op.node();
    let mut text = format!(
        "{} utils diagnose run by {} on {}\n",
        node.local_now().format("%a %b %e %H:%M:%S %Z %Y"),
        op.session().account,
        node.spec.fqdn()
    );
    for r in &d.modules {
        let _ = writeln!(text, "{}", row(r));
    }
    text.push_str(details);
    let path = node.partition(Partition::Activelog).join(&d.log);
    store::atomic_write(&path, text.as_bytes())
}

/// One result row: `test - ` or `skip - `, the name in 19 columns, ` : `, the result.
pub fn row(r: &ModuleResult) -> String {
    let (word, text) = match &r.outcome {
        Outcome::Passed(None) => ("test", "Passed".to_string()),
        Outcome::Passed(Some(d)) => ("test", format!("Passed ({d})")),
        Outcome::Failed(why) => ("test", format!("Failed - {why}")),
        Outcome::Skipped => ("skip", "This module must be run directly and off hours".to_string()),
        Outcome::Fixed(what) => ("fix ", format!("Fixed ({what})")),
    };
    format!("{word} - {:<19} : {text}", r.module)
}

fn service_check(op: &Op, service: &str, what: &str) -> Result<Outcome> {
    Ok(if services::load(op.node())?.is_running(service) {
        Outcome::Passed(None)
    } else {
        Outcome::Failed(format!("{what} is not running"))
    })
}

fn check(op: &Op, m: &Module, details: &mut String) -> Result<Outcome> {
    let node = op.node();
    Ok(match m.name {
        "disk_space" => {
            let status = platform::status(op)?;
            let full: Vec<String> = status
                .disks
                .iter()
                .filter(|d| d.percent >= DISK_FULL_PERCENT)
                .map(|d| format!("{} is {}% full", d.name, d.percent))
                .collect();
            let active = status.disks.iter().find(|d| d.name == "Disk/active");
            let figures = active
                .map(|d| format!("available: {} MB, used: {} MB", d.free_kb / 1024, d.used_kb / 1024))
                .unwrap_or_default();
            for d in &status.disks {
                let _ =
                    writeln!(details, "disk_space: {} {}% used, {} KB free", d.name, d.percent, d.free_kb);
            }
            if full.is_empty() {
                Outcome::Passed(Some(figures))
            } else {
                Outcome::Failed(format!("{} ({figures})", full.join(", ")))
            }
        }
        "disk_files" => {
            let root = node.partition(Partition::Activelog);
            let files = walkdir::WalkDir::new(&root)
                .max_depth(12)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .count();
            let _ = writeln!(details, "disk_files: {files} files under the activelog");
            Outcome::Passed(Some(format!("{files} files checked")))
        }
        "service_manager" => service_check(op, "Service Manager", "Service Manager")?,
        "tomcat" | "tomcat_deadlocks" | "tomcat_keystore" | "tomcat_connectors" | "tomcat_threads"
        | "tomcat_memory" | "tomcat_sessions" => service_check(op, "Cisco Tomcat", "Tomcat")?,
        "tomcat_heapdump" => match service_check(op, "Cisco Tomcat", "Tomcat")? {
            Outcome::Passed(_) => {
                let status = platform::status(op)?;
                let _ = writeln!(
                    details,
                    "tomcat_heapdump: memory used {} KB of {} KB",
                    status.mem_used_kb, status.mem_total_kb
                );
                Outcome::Passed(Some("heap summary written to the diagnostic log".into()))
            }
            other => other,
        },
        "validate_network" => {
            let lab = op.lab();
            let cluster = lab.cluster_of(node)?;
            let mut unreachable = Vec::new();
            for n in &cluster.nodes {
                if n.name != node.name() && !lab.node(&n.name)?.is_up()? {
                    unreachable.push(n.hostname.clone());
                }
            }
            let _ = writeln!(
                details,
                "validate_network: {} nodes in the cluster, unreachable: {}",
                cluster.nodes.len(),
                if unreachable.is_empty() { "none".to_string() } else { unreachable.join(", ") }
            );
            if unreachable.is_empty() {
                Outcome::Passed(None)
            } else {
                Outcome::Failed("Intra-cluster communication is broken".into())
            }
        }
        "cert_expiry" => {
            let now = node.now();
            let mut bad = Vec::new();
            for (unit, not_after) in crate::engine::certs::expiries(node)? {
                let days = (not_after - now).num_days();
                let _ = writeln!(details, "cert_expiry: {unit} valid until {not_after} ({days} days)");
                if not_after <= now {
                    bad.push(format!("{unit} expired on {}", not_after.format("%Y-%m-%d")));
                } else if days < CERT_WARN_DAYS {
                    bad.push(format!("{unit} expires on {}", not_after.format("%Y-%m-%d")));
                }
            }
            if bad.is_empty() {
                Outcome::Passed(None)
            } else {
                Outcome::Failed(bad.join(", "))
            }
        }
        "raid" => Outcome::Passed(None),
        "system_info" => {
            let s = &node.spec;
            let _ = writeln!(
                details,
                "system_info: {} {} version {} (OS {}), {} vCPU, {} MB memory, {} GB disk",
                s.fqdn(),
                s.ipv4,
                s.version,
                s.os_version,
                s.vcpus,
                s.memory_mb,
                s.disk_gb
            );
            Outcome::Passed(Some("Collected system information in diagnostic log".into()))
        }
        "ntp_reachability" | "ntp_clock_drift" | "ntp_stratum" => {
            let ntp = platform::ntp_status(op)?;
            let reachable = ntp.peers.iter().filter(|p| p.reach != "0").count();
            let _ =
                writeln!(details, "{}: {} of {} NTP servers reachable", m.name, reachable, ntp.peers.len());
            match m.name {
                "ntp_reachability" if ntp.peers.is_empty() => {
                    Outcome::Failed("no NTP server is configured".into())
                }
                "ntp_reachability" if reachable == 0 => {
                    Outcome::Failed("none of the NTP servers can be reached".into())
                }
                "ntp_reachability" => Outcome::Passed(None),
                _ => match ntp.synchronised {
                    None => Outcome::Failed("the clock is not synchronised to an NTP server".into()),
                    Some((_, stratum)) if m.name == "ntp_stratum" && stratum >= MAX_STRATUM => {
                        Outcome::Failed(format!("the stratum is {stratum}; it must be below {MAX_STRATUM}"))
                    }
                    Some(_) => Outcome::Passed(None),
                },
            }
        }
        "em_softphones" | "em_headsets" | "emcc_devices" | "em_profiles" => {
            match crate::engine::em::checks::run(op, m.name, details)? {
                Some(v) if v.problems.is_empty() => Outcome::Passed(Some(v.checked)),
                Some(v) => {
                    let more = v.problems.len().saturating_sub(crate::engine::em::checks::SHOWN);
                    let mut why = v
                        .problems
                        .iter()
                        .take(crate::engine::em::checks::SHOWN)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; ");
                    if more > 0 {
                        why.push_str(&format!("; and {more} more (see {})", "the diagnostic log"));
                    }
                    Outcome::Failed(why)
                }
                None => return Err(EngineError::UnknownModule { name: m.name.to_string() }),
            }
        }
        "sdl_fragmentation" | "sdi_fragmentation" => {
            let dir = if m.name == "sdl_fragmentation" { "cm/trace/ccm/sdl" } else { "cm/trace/ccm/sdi" };
            let root = node.partition(Partition::Activelog).join(dir);
            let files = std::fs::read_dir(&root).map(|rd| rd.flatten().count()).unwrap_or(0);
            let _ = writeln!(details, "{}: {files} files in {dir}", m.name);
            Outcome::Passed(Some(format!("{files} files checked")))
        }
        other => return Err(EngineError::UnknownModule { name: other.to_string() }),
    })
}

/// What `fix` can repair: a stopped Service Manager or Tomcat is started.
fn repair(op: &Op, m: &Module) -> Result<Option<String>> {
    let service = match m.name {
        "service_manager" => "Service Manager",
        name if name.starts_with("tomcat") => "Cisco Tomcat",
        _ => return Ok(None),
    };
    if services::load(op.node())?.is_running(service) {
        // An earlier module's repair already started it.
        return Ok(Some(format!("{service} started")));
    }
    match services::act(op, Action::Start, service) {
        Ok(_) => Ok(Some(format!("{service} started"))),
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_captures() {
        let r = |module, outcome| row(&ModuleResult { module, outcome });
        assert_eq!(
            r("disk_space", Outcome::Passed(Some("available: 6938 MB, used: 11852 MB".into()))),
            "test - disk_space          : Passed (available: 6938 MB, used: 11852 MB)"
        );
        assert_eq!(
            r("disk_files", Outcome::Skipped),
            "skip - disk_files          : This module must be run directly and off hours"
        );
        assert_eq!(r("service_manager", Outcome::Passed(None)), "test - service_manager     : Passed");
    }

    #[test]
    fn module_names_are_unique_and_found() {
        let mut names: Vec<&str> = MODULES.iter().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), MODULES.len());
        assert_eq!(module("VALIDATE_NETWORK").map(|m| m.name), Some("validate_network"));
        assert!(module("nosuch").is_none());
    }
}
