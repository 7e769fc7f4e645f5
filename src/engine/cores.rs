//! Core files: a service that crashes leaves one in the `core` folder of the active log
//! partition, named as the platform names them (`core.<pid>.<signal>.<process>.<epoch>`;
//! `core.jvm.core` for the Java services), and `utils core active|inactive list|analyze`
//! reads them back.
//!
//! A core is a small ELF core file (`ET_CORE`) whose note carries what the crash was: the
//! process, its pid, the signal, the service and the time. `analyze` writes `<core>.txt`
//! beside it from that note.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::op::Op;
use crate::engine::store;

/// The folder of a partition that holds the cores.
pub const CORE_DIR: &str = "core";
/// SIGABRT, the signal of the platform's sample names.
pub const SIGNAL: u32 = 6;
/// Cores listed at most (the newest kept).
pub const MAX_LISTED: usize = 1000;

/// The process name a service runs as (the `<process>` of a core's name).
pub fn process_name(service: &str) -> String {
    match service {
        "Cisco CallManager" => "ccm".into(),
        "Cisco CTIManager" => "CTIManager".into(),
        "Cisco Tftp" => "ctftp".into(),
        "A Cisco DB" => "oninit".into(),
        "Cisco Database Layer Monitor" => "dbmon".into(),
        "Cisco XCP Router" => "jabberd".into(),
        "Cisco SIP Proxy" => "esp".into(),
        "Cisco Presence Engine" => "epe".into(),
        other => {
            let name: String = other
                .trim_start_matches("Cisco ")
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            name.chars().take(15).collect()
        }
    }
}

/// Java services leave the JVM's own `core.jvm.core`.
fn is_java(service: &str) -> bool {
    matches!(service, "Cisco Tomcat" | "Cisco AXL Web Service" | "Cisco Client Profile Agent")
}

/// What a crash was, as the core's note records it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoreInfo {
    pub service: String,
    pub process: String,
    pub pid: u32,
    pub signal: u32,
    pub at: DateTime<Utc>,
}

const NOTE_MAGIC: &[u8] = b"UCSHCORE\0";

/// A minimal ELF64 core file: the header (`ET_CORE`, x86-64), then the note.
fn core_bytes(info: &CoreInfo) -> Vec<u8> {
    let mut b = Vec::with_capacity(256);
    b.extend_from_slice(&[0x7f, b'E', b'L', b'F', 2, 1, 1, 0]);
    b.extend_from_slice(&[0u8; 8]);
    b.extend_from_slice(&4u16.to_le_bytes()); // e_type: ET_CORE
    b.extend_from_slice(&62u16.to_le_bytes()); // e_machine: x86-64
    b.extend_from_slice(&1u32.to_le_bytes()); // e_version
    b.extend_from_slice(&[0u8; 8 * 3]); // e_entry, e_phoff, e_shoff
    b.extend_from_slice(&0u32.to_le_bytes()); // e_flags
    b.extend_from_slice(&64u16.to_le_bytes()); // e_ehsize
    b.extend_from_slice(&[0u8; 2 * 5]); // program and section header sizes and counts
    b.extend_from_slice(NOTE_MAGIC);
    let note = format!(
        "service={}\nprocess={}\npid={}\nsignal={}\nat={}\n",
        info.service,
        info.process,
        info.pid,
        info.signal,
        info.at.timestamp()
    );
    b.extend_from_slice(note.as_bytes());
    b
}

/// Reads a core's note back; `None` for a file that is not one of these cores.
fn read_note(bytes: &[u8]) -> Option<CoreInfo> {
    if bytes.get(..4) != Some(b"\x7fELF".as_slice()) {
        return None;
    }
    let start = bytes.windows(NOTE_MAGIC.len()).position(|w| w == NOTE_MAGIC)? + NOTE_MAGIC.len();
    let text = std::str::from_utf8(&bytes[start..]).ok()?;
    let field = |k: &str| text.lines().find_map(|l| l.strip_prefix(k)?.strip_prefix('=').map(str::to_string));
    Some(CoreInfo {
        service: field("service")?,
        process: field("process")?,
        pid: field("pid")?.parse().ok()?,
        signal: field("signal")?.parse().ok()?,
        at: Utc.timestamp_opt(field("at")?.parse().ok()?, 0).single()?,
    })
}

/// Writes the core a crash of `service` leaves; returns its name.
pub fn dump(node: &NodeHandle, service: &str) -> Result<String> {
    let at = node.now();
    let pid = 1000
        + service.bytes().fold(at.timestamp() as u32, |a, b| a.wrapping_mul(31).wrapping_add(u32::from(b)))
            % 60000;
    let info = CoreInfo { service: service.into(), process: process_name(service), pid, signal: SIGNAL, at };
    let name = if is_java(service) {
        "core.jvm.core".to_string()
    } else {
        format!("core.{pid}.{SIGNAL}.{}.{}", info.process, at.timestamp())
    };
    let path = node.partition(Partition::Activelog).join(CORE_DIR).join(&name);
    store::atomic_write(&path, &core_bytes(&info))?;
    if let Ok(f) = std::fs::File::options().write(true).open(&path) {
        let _ = f.set_modified(at.into());
    }
    Ok(name)
}

/// One line of `utils core ... list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoreFile {
    pub name: String,
    pub size_kb: u64,
    /// The node's local time, `YYYY-MM-DD HH:MM:SS`.
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoreList {
    pub active: bool,
    pub cores: Vec<CoreFile>,
}

fn core_dir(node: &NodeHandle, active: bool) -> PathBuf {
    let p = if active { Partition::Activelog } else { Partition::Inactivelog };
    node.partition(p).join(CORE_DIR)
}

/// Regular files named `core.*` (not the `.txt` analyses), oldest first.
fn cores_in(dir: &Path) -> Vec<(String, std::fs::Metadata)> {
    let mut out: Vec<(String, std::fs::Metadata)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    let meta = e.path().symlink_metadata().ok()?;
                    (name.starts_with("core.") && !name.ends_with(".txt") && meta.is_file())
                        .then_some((name, meta))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by_key(|(n, m)| (m.modified().ok(), n.clone()));
    if out.len() > MAX_LISTED {
        out.drain(..out.len() - MAX_LISTED);
    }
    out
}

/// `utils core active|inactive list`.
pub fn list(op: &Op, active: bool) -> Result<CoreList> {
    let node = op.node();
    let tz = node.local_now().timezone();
    let cores = cores_in(&core_dir(node, active))
        .into_iter()
        .map(|(name, meta)| {
            let modified: DateTime<Utc> =
                meta.modified().map(DateTime::<Utc>::from).unwrap_or_else(|_| node.now());
            CoreFile {
                name,
                size_kb: meta.len().div_ceil(1024),
                date: modified.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string(),
            }
        })
        .collect();
    Ok(CoreList { active, cores })
}

/// What `analyze` wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoreAnalysis {
    pub core: String,
    /// The analysis, relative to its partition (`core/<core>.txt`).
    pub analysis: String,
    pub info: CoreInfo,
}

/// The core `analyze` would read: the named one, or the newest.
fn find(node: &NodeHandle, active: bool, name: Option<&str>) -> Result<(PathBuf, String)> {
    let dir = core_dir(node, active);
    let cores = cores_in(&dir);
    let chosen = match name {
        Some(n) => cores
            .iter()
            .find(|(c, _)| c == n)
            .ok_or_else(|| EngineError::CoreNotFound { name: Some(n.to_string()), active })?,
        None => cores.last().ok_or(EngineError::CoreNotFound { name: None, active })?,
    };
    Ok((dir, chosen.0.clone()))
}

/// Fails as `analyze` would, before its question is asked.
pub fn check(op: &Op, active: bool, name: Option<&str>) -> Result<()> {
    find(op.node(), active, name).map(|_| ())
}

/// `utils core active|inactive analyze [core]`: the named core, or the newest.
pub fn analyze(op: &Op, active: bool, name: Option<&str>) -> Result<CoreAnalysis> {
    let node = op.node();
    let (dir, core) = find(node, active, name)?;
    let path = dir.join(&core);
    let bytes = std::fs::read(&path).ctx(|| format!("reading {}", core))?;
    let info = read_note(&bytes).ok_or_else(|| EngineError::NotACore { name: core.clone() })?;
    let tz = node.local_now().timezone();
    let text = format!(
        "Core file: {core}\nService: {service}\nProcess: {process} (pid {pid})\n\
         Program terminated with signal {signal} ({signame}).\nTime: {time}\nSize: {size} bytes\n",
        core = core,
        service = info.service,
        process = info.process,
        pid = info.pid,
        signal = info.signal,
        signame = if info.signal == SIGNAL { "SIGABRT" } else { "unknown" },
        time = info.at.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %Z"),
        size = bytes.len(),
    );
    let analysis = format!("{CORE_DIR}/{}.txt", core);
    store::atomic_write(&dir.join(format!("{}.txt", core)), text.as_bytes())?;
    Ok(CoreAnalysis { core: core.clone(), analysis, info })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_round_trips() {
        let info = CoreInfo {
            service: "Cisco CallManager".into(),
            process: "ccm".into(),
            pid: 11596,
            signal: 6,
            at: Utc.timestamp_opt(1503372096, 0).single().expect("time"),
        };
        let bytes = core_bytes(&info);
        assert_eq!(&bytes[..4], b"\x7fELF");
        assert_eq!(u16::from_le_bytes([bytes[16], bytes[17]]), 4, "ET_CORE");
        assert_eq!(read_note(&bytes), Some(info));
        assert_eq!(read_note(b"not a core"), None);
    }

    #[test]
    fn process_names_follow_the_platform() {
        assert_eq!(process_name("Cisco CallManager"), "ccm");
        assert_eq!(process_name("Cisco Certificate Expiry Monitor"), "certificateexpi");
    }
}
