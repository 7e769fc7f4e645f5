//! What the Cisco Extension Mobility service of a node keeps outside the database, in the
//! node's folder (`em.toml`), read and written under the node's lock:
//!
//! * its performance counters (the `Cisco Extension Mobility` object), which live as long
//!   as the node, as the platform's do until the service restarts;
//! * the requests in progress, one reservation per running command (by process id), so a
//!   command killed in the middle gives its slots back to the next one that looks;
//! * the device cache of the IP address validation (seed 000 table 2: Extension Mobility
//!   Cache Size, the oldest entry leaving first);
//! * the headset sign-outs that wait for the auto-logout timer (seed 002).
//!
//! The Real-Time Information Server's view of registrations is kept per node too
//! (`risdc.toml`): the devices registered to that node's Cisco CallManager.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::engine::error::Result;
use crate::engine::node::NodeHandle;
use crate::engine::store;

/// The counters, with the `Cisco Extension Mobility` object's counter names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub requests_handled: u64,
    pub requests_throttled: u64,
    pub successful_logins: u64,
    pub successful_logouts: u64,
    pub failed: u64,
    pub emcc_logins: u64,
    pub emcc_logouts: u64,
}

/// Requests being worked on by one command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reservation {
    pub pid: u32,
    pub slots: u64,
}

/// A headset sign-out due when the auto-logout timer runs out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogout {
    pub device: String,
    pub user: String,
    pub serial: String,
    /// RFC 3339.
    pub due: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmState {
    #[serde(default)]
    pub counters: Counters,
    #[serde(default)]
    pub reservations: Vec<Reservation>,
    /// IP addresses that passed validation, most recent last.
    #[serde(default)]
    pub ip_cache: Vec<String>,
    #[serde(default)]
    pub pending_logouts: Vec<PendingLogout>,
    /// When the service last ran its periodic remote cluster update (RFC 3339; seed 001
    /// table 2's Remote Cluster Update Interval counts from it). Kept on the CM publisher,
    /// the Default Server for Remote Cluster Update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_update_at: Option<String>,
}

impl EmState {
    /// Requests in progress: the slots of commands still running.
    pub fn in_progress(&mut self) -> u64 {
        self.reservations.retain(|r| alive(r.pid));
        self.reservations.iter().map(|r| r.slots).sum()
    }

    /// Remembers an address that passed validation, within `size` entries.
    pub fn cache(&mut self, ip: &str, size: usize) {
        self.ip_cache.retain(|i| i != ip);
        self.ip_cache.push(ip.to_string());
        if self.ip_cache.len() > size {
            let extra = self.ip_cache.len() - size;
            self.ip_cache.drain(..extra);
        }
    }
}

fn alive(pid: u32) -> bool {
    pid == std::process::id() || std::path::Path::new("/proc").join(pid.to_string()).exists()
}

pub fn path(node: &NodeHandle) -> PathBuf {
    node.dir().join("em.toml")
}

/// Reads the state (the caller holds the node's lock when it will write it back).
pub fn load(node: &NodeHandle) -> Result<EmState> {
    store::read_toml(&path(node))
}

pub fn save(node: &NodeHandle, state: &EmState) -> Result<()> {
    store::write_toml(&path(node), state)
}

/// Saves the state replacing the file whole (a reader sees the old or the new one) but
/// without waiting for the disk: for the reservation a batch takes at its start, which
/// matters only while its process lives (a machine that crashes takes the process with
/// it, and a dead process's slots are given back). The batch's end saves with
/// [`save`]. Perf: two of a 10,000-request batch's sixteen fsyncs.
pub fn save_transient(node: &NodeHandle, state: &EmState) -> Result<()> {
    let path = path(node);
    let text = toml::to_string_pretty(state).map_err(|e| crate::engine::error::EngineError::Corrupt {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    // The store's locked temporary file, so a killed writer's leftover is swept like its.
    let mut tmp = store::locked_temp(node.dir(), ".tmp-")?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())
        .map_err(|e| crate::engine::error::EngineError::io(format!("writing {}", path.display()), e))?;
    tmp.persist(&path)
        .map(|_| ())
        .map_err(|e| crate::engine::error::EngineError::io(format!("replacing {}", path.display()), e.error))
}

/// One device as the node's RIS data collector knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub ip: String,
    /// `Registered` or `UnRegistered`.
    pub status: String,
    /// When the status last changed (RFC 3339).
    pub changed: String,
    pub protocol: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ris {
    #[serde(default)]
    pub devices: BTreeMap<String, Registration>,
}

pub fn ris_path(node: &NodeHandle) -> PathBuf {
    node.dir().join("risdc.toml")
}

pub fn load_ris(node: &NodeHandle) -> Result<Ris> {
    store::read_toml(&ris_path(node))
}

pub fn save_ris(node: &NodeHandle, ris: &Ris) -> Result<()> {
    store::write_toml(&ris_path(node), ris)
}
