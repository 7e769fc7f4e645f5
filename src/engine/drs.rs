//! `utils disaster_recovery`: the Disaster Recovery System of a node. A backup is a real tar
//! archive of the node's lab state, sent to an SFTP server; a restore fetches one back,
//! verifies it and puts the state back atomically.
//!
//! What a backup holds, per feature (`CCM` on Communications Manager, `CUP` on IM and
//! Presence), in components:
//! - `PLATFORM`: `platform.toml`, `services.toml`, `accounts.toml` (the CLI accounts with their
//!   argon2 hashes);
//! - `CCMDB` / `CUPDB`: the node's database replica (`db.sqlite`, a consistent copy made with
//!   `VACUUM INTO`);
//! - `CERTS`: the own certificates, their private keys and the trust stores.
//!
//! The archive, `<YYYY-MM-DD-HH-MM-SS>.tar` (node local time, the platform's naming), starts
//! with [`MANIFEST`] (TOML: the node, product and version, and for every file its component,
//! size and XXH3-128 checksum), then `<host>/<FEATURE>/<COMPONENT>/<file>` for each file.
//!
//! A restore refuses an archive over [`MAX_ARCHIVE_BYTES`], with more than [`MAX_ENTRIES`]
//! entries, with an entry that is not a regular file or whose path would leave its place
//! (absolute, `..`, outside its component), whose files differ from the manifest, or whose
//! content does not read back (TOML, SQLite schema, X.509). It then stages the chosen
//! components in `<node>/.drf-restore/stage/`, writes `.drf-restore/COMMIT` and applies them
//! (state files replaced atomically, the database's tables in one SQLite transaction,
//! certificates file by file). A process killed before `COMMIT` leaves the old state (the
//! stage is removed); after it, the next look at the node ([`recover`], from
//! `Lab::node`) applies the stage again, so the node ends in the new state.
//!
//! The last backup's and restore's status and the histories are in `<node>/drf/`; each
//! component's log in `activelog/platform/drf/log/`.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::cancel::CancelToken;
use crate::engine::certs;
use crate::engine::db;
use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::events::Event;
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::op::Op;
use crate::engine::sftp::Client;
use crate::engine::store::{self, DirLock};
use crate::engine::traces::get::TransferProgress;

/// The manifest, the archive's first entry.
pub const MANIFEST: &str = "drfManifest.toml";
/// Largest archive a restore fetches.
pub const MAX_ARCHIVE_BYTES: u64 = 1 << 30;
/// Most entries a restore reads from an archive.
pub const MAX_ENTRIES: usize = 20_000;
/// Largest manifest read.
const MAX_MANIFEST: u64 = 4 << 20;
/// Rows kept in each history (the oldest go first).
pub const MAX_HISTORY: usize = 100;
/// Backup devices a node keeps.
pub const MAX_DEVICES: usize = 10;
/// Files a backup folder listing reads.
pub const MAX_LISTING: usize = 10_000;
/// Deepest path accepted inside an archive.
const MAX_DEPTH: usize = 12;
/// Where the component logs go, under `activelog`.
pub const LOG_DIR: &str = "platform/drf/log";
/// The storage location of a backup over SFTP, as the platform names it.
pub const NETWORK: &str = "NETWORK";

/// The state files of the `PLATFORM` component.
const PLATFORM_FILES: &[&str] = &["platform.toml", "services.toml", "accounts.toml"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Platform,
    Database,
    Certificates,
}

/// One component of a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComponentDef {
    pub name: &'static str,
    pub kind: Kind,
}

const CM_COMPONENTS: &[ComponentDef] = &[
    ComponentDef { name: "PLATFORM", kind: Kind::Platform },
    ComponentDef { name: "CCMDB", kind: Kind::Database },
    ComponentDef { name: "CERTS", kind: Kind::Certificates },
];
const IMP_COMPONENTS: &[ComponentDef] = &[
    ComponentDef { name: "PLATFORM", kind: Kind::Platform },
    ComponentDef { name: "CUPDB", kind: Kind::Database },
    ComponentDef { name: "CERTS", kind: Kind::Certificates },
];

/// The feature a node of this product registers.
pub fn feature(product: Product) -> &'static str {
    match product {
        Product::Cm => "CCM",
        Product::Imp => "CUP",
    }
}

pub fn components(product: Product) -> &'static [ComponentDef] {
    match product {
        Product::Cm => CM_COMPONENTS,
        Product::Imp => IMP_COMPONENTS,
    }
}

fn component(product: Product, name: &str) -> Option<ComponentDef> {
    components(product).iter().copied().find(|c| c.name == name)
}

/// The features named in a comma-separated list (case-insensitive), each registered on a
/// node of `product`.
pub fn parse_features(product: Product, list: &str) -> Result<Vec<String>> {
    let registered = feature(product);
    let mut out: Vec<String> = Vec::new();
    for f in list.split(',').map(str::trim) {
        if f.is_empty() {
            continue;
        }
        if !f.eq_ignore_ascii_case(registered) {
            return Err(EngineError::DrfUnknownFeature {
                given: crate::engine::text::printable(f).into_owned(),
                registered: vec![registered.to_string()],
            });
        }
        if !out.iter().any(|o| o == registered) {
            out.push(registered.to_string());
        }
    }
    if out.is_empty() {
        return Err(EngineError::DrfUnknownFeature {
            given: String::new(),
            registered: vec![registered.to_string()],
        });
    }
    Ok(out)
}

/// Where a backup goes or a restore comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub server: String,
    pub port: u16,
    pub user: String,
    pub path: String,
}

/// A folder on the SFTP server: absolute or relative, no control characters or spaces.
pub fn check_path(path: &str) -> Result<()> {
    if path.is_empty() || path.chars().any(|c| c.is_control() || c.is_whitespace()) || path.len() > 1024 {
        return Err(EngineError::DrfBadPath(crate::engine::text::printable(path).into_owned()));
    }
    Ok(())
}

fn remote_file(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// `YYYY-MM-DD-HH-MM-SS`, the platform's backup name (without `.tar`).
pub fn is_backup_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| {
            if [4, 7, 10, 13, 16].contains(&i) {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The platform's date: `Fri Dec 12 13:45:19 PST 2025`, in the node's time zone.
fn platform_date(node: &NodeHandle) -> String {
    node.local_now().format("%a %b %d %H:%M:%S %Z %Y").to_string()
}

// ----------------------------------------------------------------- status and history

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    Backup,
    Restore,
}

impl Operation {
    pub fn name(self) -> &'static str {
        match self {
            Operation::Backup => "backup",
            Operation::Restore => "restore",
        }
    }
}

/// `SUCCESS` or `ERROR`, as the platform writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Outcome {
    Success,
    Error,
}

impl Outcome {
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Success => "SUCCESS",
            Outcome::Error => "ERROR",
        }
    }
}

/// One component's line of `status backup|restore`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentStatus {
    pub feature: String,
    pub server: String,
    pub component: String,
    pub status: Outcome,
    /// The platform's date text.
    pub at: String,
    /// The component's log, relative to the log partitions (`activelog/platform/drf/log/...`).
    pub log: String,
}

/// `utils disaster_recovery status backup|restore`: the last operation of that kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrfStatus {
    pub operation: Operation,
    pub status: Outcome,
    /// `Backup Completed...`, `Restore Completed...` or what failed.
    pub message: String,
    pub tar_filename: String,
    pub storage: String,
    pub percent: u8,
    pub components: Vec<ComponentStatus>,
}

/// `status backup|restore` when nothing of the kind ran yet: the platform's `drfCliMsg`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusAnswer {
    pub operation: Operation,
    pub last: Option<DrfStatus>,
}

/// One row of `history backup|restore`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub tar_filename: String,
    pub device: String,
    pub completed: String,
    pub result: Outcome,
    /// `MANUAL` (a command) or `SCHEDULED`; restores are always `MANUAL`.
    pub kind: String,
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    pub operation: Operation,
    pub rows: Vec<HistoryRow>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct StoredState {
    #[serde(default)]
    backup: Option<DrfStatus>,
    #[serde(default)]
    restore: Option<DrfStatus>,
    #[serde(default)]
    backup_history: Vec<HistoryRow>,
    #[serde(default)]
    restore_history: Vec<HistoryRow>,
}

fn drf_dir(node: &NodeHandle) -> PathBuf {
    node.dir().join("drf")
}

fn state_path(node: &NodeHandle) -> PathBuf {
    drf_dir(node).join("state.toml")
}

fn devices_path(node: &NodeHandle) -> PathBuf {
    drf_dir(node).join("devices.toml")
}

fn work_dir(node: &NodeHandle) -> PathBuf {
    drf_dir(node).join("work")
}

/// The DRS lock of a node: one backup or restore at a time.
fn drs_lock(node: &NodeHandle) -> Result<DirLock> {
    DirLock::acquire(&drf_dir(node).join("run"))
}

pub fn status(op: &Op, operation: Operation) -> Result<StatusAnswer> {
    let s: StoredState = store::read_toml(&state_path(op.node()))?;
    let last = match operation {
        Operation::Backup => s.backup,
        Operation::Restore => s.restore,
    };
    Ok(StatusAnswer { operation, last })
}

pub fn history(op: &Op, operation: Operation) -> Result<History> {
    let s: StoredState = store::read_toml(&state_path(op.node()))?;
    let rows = match operation {
        Operation::Backup => s.backup_history,
        Operation::Restore => s.restore_history,
    };
    Ok(History { operation, rows })
}

fn record(node: &NodeHandle, st: &DrfStatus, row: HistoryRow) -> Result<()> {
    store::update_toml(&drf_dir(node), &state_path(node), |s: &mut StoredState| {
        let hist = match st.operation {
            Operation::Backup => {
                s.backup = Some(st.clone());
                &mut s.backup_history
            }
            Operation::Restore => {
                s.restore = Some(st.clone());
                &mut s.restore_history
            }
        };
        hist.push(row);
        let extra = hist.len().saturating_sub(MAX_HISTORY);
        hist.drain(..extra);
        Ok(())
    })
}

fn log_name(tar: &str, operation: Operation, server: &str, feature: &str, component: &str) -> String {
    let letter = if operation == Operation::Backup { "b" } else { "r" };
    format!(
        "{}_{letter}_{server}_{}_{}.log",
        tar.trim_end_matches(".tar"),
        feature.to_ascii_lowercase(),
        component.to_ascii_lowercase()
    )
}

/// Writes a component's log and returns its status line.
fn component_done(
    node: &NodeHandle,
    operation: Operation,
    tar: &str,
    feature: &str,
    comp: &str,
    status: Outcome,
    lines: &str,
) -> ComponentStatus {
    let server = node.spec.hostname.clone();
    let name = log_name(tar, operation, &server, feature, comp);
    let at = platform_date(node);
    let text = format!("{at} {} {feature} {comp} on {server}: {}\n{lines}", operation.name(), status.word());
    // A log that cannot be written does not fail the operation (as the node's other logs).
    let _ =
        store::atomic_write(&node.partition(Partition::Activelog).join(LOG_DIR).join(&name), text.as_bytes());
    ComponentStatus {
        feature: feature.to_string(),
        server,
        component: comp.to_string(),
        status,
        at,
        log: format!("activelog/{LOG_DIR}/{name}"),
    }
}

// ----------------------------------------------------------------- devices

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub name: String,
    /// `NETWORK`.
    pub kind: String,
    pub server: String,
    pub port: u16,
    pub user: String,
    pub path: String,
    /// Backups kept on the device.
    pub backups: u32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeviceList {
    #[serde(rename = "device", default)]
    pub devices: Vec<Device>,
}

/// What `device add|delete` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceChange {
    pub added: bool,
    pub names: Vec<String>,
}

pub fn device_list(op: &Op) -> Result<DeviceList> {
    store::read_toml(&devices_path(op.node()))
}

/// A device name: 1 to 32 letters, digits, `_` or `-`.
pub fn check_device_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(EngineError::DrfBadDeviceName(crate::engine::text::printable(name).into_owned()))
    }
}

/// Checks what `device add` will record, before its password is asked.
pub fn device_check(op: &Op, name: &str, path: &str) -> Result<()> {
    check_device_name(name)?;
    check_path(path)?;
    let list = device_list(op)?;
    if list.devices.iter().any(|d| d.name.eq_ignore_ascii_case(name)) {
        return Err(EngineError::DrfDeviceExists(name.to_string()));
    }
    if list.devices.len() >= MAX_DEVICES {
        return Err(EngineError::DrfDeviceLimit { max: MAX_DEVICES });
    }
    Ok(())
}

/// `device add network`: the folder is checked on the server (`client`, logged in with
/// the password the user gave, which is not kept), then the device is recorded.
pub fn device_add(op: &Op, device: Device, client: &Client) -> Result<DeviceChange> {
    let node = op.node();
    device_check(op, &device.name, &device.path)?;
    client.list_files(&device.path, MAX_LISTING)?;
    let name = device.name.clone();
    store::update_toml(&drf_dir(node), &devices_path(node), |l: &mut DeviceList| {
        if l.devices.iter().any(|d| d.name.eq_ignore_ascii_case(&device.name)) {
            return Err(EngineError::DrfDeviceExists(device.name.clone()));
        }
        if l.devices.len() >= MAX_DEVICES {
            return Err(EngineError::DrfDeviceLimit { max: MAX_DEVICES });
        }
        l.devices.push(device);
        Ok(())
    })?;
    op.record(Event::audit(
        "DRFDeviceAdded",
        format!("Backup device {name} added by {}", op.session().account),
    ));
    Ok(DeviceChange { added: true, names: vec![name] })
}

/// `device delete <name>|*`.
pub fn device_delete(op: &Op, name: &str) -> Result<DeviceChange> {
    let node = op.node();
    let names = store::update_toml(&drf_dir(node), &devices_path(node), |l: &mut DeviceList| {
        let gone: Vec<String> = l
            .devices
            .iter()
            .filter(|d| name == "*" || d.name.eq_ignore_ascii_case(name))
            .map(|d| d.name.clone())
            .collect();
        if gone.is_empty() {
            return Err(EngineError::DrfUnknownDevice(crate::engine::text::printable(name).into_owned()));
        }
        l.devices.retain(|d| !gone.contains(&d.name));
        Ok(gone)
    })?;
    op.record(Event::audit(
        "DRFDeviceDeleted",
        format!("Backup device(s) {} deleted by {}", names.join(","), op.session().account),
    ));
    Ok(DeviceChange { added: false, names })
}

// ----------------------------------------------------------------- backup files

/// `show_backupfiles network <path> <server> <user>`: the backups in the folder (names
/// without `.tar`, newest first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupFiles {
    pub files: Vec<String>,
}

pub fn backup_files(op: &Op, client: &Client, path: &str) -> Result<BackupFiles> {
    let _ = op;
    check_path(path)?;
    let mut files: Vec<String> = client
        .list_files(path, MAX_LISTING)?
        .into_iter()
        .filter_map(|(n, _)| n.strip_suffix(".tar").map(str::to_string))
        .filter(|n| is_backup_name(n))
        .collect();
    files.sort();
    files.reverse();
    Ok(BackupFiles { files })
}

// ----------------------------------------------------------------- the manifest

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path inside the component (`platform.toml`, `own/tomcat/tomcat.pem`).
    pub path: String,
    pub size: u64,
    /// XXH3-128, hexadecimal.
    pub xxh3: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestComponent {
    pub feature: String,
    pub component: String,
    #[serde(rename = "file", default)]
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub tar: String,
    pub cluster: String,
    /// The host name of the node backed up.
    pub server: String,
    pub product: Product,
    pub version: String,
    pub created: String,
    #[serde(rename = "component", default)]
    pub components: Vec<ManifestComponent>,
}

fn xxh3_hex(bytes_hash: u128) -> String {
    format!("{bytes_hash:032x}")
}

/// Copies `src` to `dst`, returning its size and checksum; stops when cancelled.
fn copy_hashed(src: &Path, dst: &Path, cancel: &CancelToken) -> Result<(u64, String)> {
    if let Some(d) = dst.parent() {
        fs::create_dir_all(d).ctx(|| format!("creating {}", d.display()))?;
    }
    let mut r = File::open(src).ctx(|| format!("reading {}", src.display()))?;
    let mut w = File::create(dst).ctx(|| format!("writing {}", dst.display()))?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        cancel.check()?;
        let k = r.read(&mut buf).ctx(|| format!("reading {}", src.display()))?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        w.write_all(&buf[..k]).ctx(|| format!("writing {}", dst.display()))?;
        n += k as u64;
    }
    Ok((n, xxh3_hex(h.digest128())))
}

fn hash_file(path: &Path, cancel: &CancelToken) -> Result<(u64, String)> {
    let mut r = File::open(path).ctx(|| format!("reading {}", path.display()))?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        cancel.check()?;
        let k = r.read(&mut buf).ctx(|| format!("reading {}", path.display()))?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((n, xxh3_hex(h.digest128())))
}

/// The regular files below `dir`, relative, sorted.
fn files_below(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .max_depth(MAX_DEPTH)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_str().is_some_and(|n| n.starts_with('.')))
        .filter_map(|e| e.path().strip_prefix(dir).ok().and_then(|p| p.to_str()).map(str::to_string))
        .collect();
    out.sort();
    out
}

/// Copies the node's state of one component into `into` (a consistent copy: taken under
/// the node's lock; the database with `VACUUM INTO`).
fn snapshot(
    node: &NodeHandle,
    def: ComponentDef,
    into: &Path,
    cancel: &CancelToken,
) -> Result<Vec<ManifestFile>> {
    fs::create_dir_all(into).ctx(|| format!("creating {}", into.display()))?;
    let mut files = Vec::new();
    match def.kind {
        Kind::Platform => {
            for f in PLATFORM_FILES {
                let src = node.dir().join(f);
                if !src.is_file() {
                    continue;
                }
                let (size, xxh3) = copy_hashed(&src, &into.join(f), cancel)?;
                files.push(ManifestFile { path: f.to_string(), size, xxh3 });
            }
        }
        Kind::Database => {
            let dst = into.join("db.sqlite");
            let conn = db::open(node)?;
            let target =
                dst.to_str().ok_or_else(|| EngineError::Internal { what: "a non-UTF-8 work path".into() })?;
            conn.execute("VACUUM INTO ?1", [target]).map_err(db::sql_err)?;
            let (size, xxh3) = hash_file(&dst, cancel)?;
            files.push(ManifestFile { path: "db.sqlite".into(), size, xxh3 });
        }
        Kind::Certificates => {
            certs::ensure_own(node)?;
            let root = node.dir().join("certs");
            for rel in files_below(&root) {
                let (size, xxh3) = copy_hashed(&root.join(&rel), &into.join(&rel), cancel)?;
                files.push(ManifestFile { path: rel, size, xxh3 });
            }
        }
    }
    Ok(files)
}

// ----------------------------------------------------------------- backup

/// What a backup did (its status, as `status backup` shows it afterwards).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupDone {
    pub status: DrfStatus,
    pub remote: String,
    pub bytes: u64,
}

/// Checks a backup's features and folder, before its password is asked.
pub fn backup_check(op: &Op, features: &str, path: &str) -> Result<Vec<String>> {
    check_path(path)?;
    parse_features(op.node().product(), features)
}

/// `backup network <features> <path> <server> <user>`: the archive is made in the node's
/// work folder, then sent through `client` to `<path>/<name>.tar`. The status and the
/// history record the outcome, a failure included.
pub fn backup(
    op: &Op,
    features: &str,
    client: &Client,
    target: &Target,
    progress: &mut dyn FnMut(TransferProgress),
) -> Result<BackupDone> {
    let node = op.node();
    let chosen = backup_check(op, features, &target.path)?;
    let _drs = drs_lock(node)?;
    let tar_name = format!("{}.tar", node.local_now().format("%Y-%m-%d-%H-%M-%S"));
    let result = backup_inner(op, &chosen, client, target, &tar_name, progress);
    let work = work_dir(node);
    let _ = fs::remove_dir_all(&work);
    let feature = feature(node.product());
    let (status, outcome) = match &result {
        Ok((comps, _)) => (
            DrfStatus {
                operation: Operation::Backup,
                status: Outcome::Success,
                message: "Backup Completed...".into(),
                tar_filename: tar_name.clone(),
                storage: NETWORK.into(),
                percent: 100,
                components: comps.clone(),
            },
            Outcome::Success,
        ),
        Err(e) => {
            let comps = components(node.product())
                .iter()
                .map(|c| {
                    component_done(
                        node,
                        Operation::Backup,
                        &tar_name,
                        feature,
                        c.name,
                        Outcome::Error,
                        &format!("{e}\n"),
                    )
                })
                .collect();
            (
                DrfStatus {
                    operation: Operation::Backup,
                    status: Outcome::Error,
                    message: format!("Backup Failed: {e}"),
                    tar_filename: tar_name.clone(),
                    storage: NETWORK.into(),
                    percent: 0,
                    components: comps,
                },
                Outcome::Error,
            )
        }
    };
    let row = HistoryRow {
        tar_filename: tar_name.clone(),
        device: NETWORK.into(),
        completed: platform_date(node),
        result: outcome,
        kind: "MANUAL".into(),
        features: chosen.clone(),
    };
    record(node, &status, row)?;
    op.record(Event::audit(
        "DRFBackup",
        format!(
            "Backup {tar_name} of {} to {}:{} by {}: {}",
            chosen.join(","),
            target.server,
            target.path,
            op.session().account,
            outcome.word()
        ),
    ));
    let (_, bytes) = result?;
    Ok(BackupDone { status, remote: remote_file(&target.path, &tar_name), bytes })
}

fn backup_inner(
    op: &Op,
    chosen: &[String],
    client: &Client,
    target: &Target,
    tar_name: &str,
    progress: &mut dyn FnMut(TransferProgress),
) -> Result<(Vec<ComponentStatus>, u64)> {
    let (node, cancel) = (op.node(), op.cancel());
    let work = work_dir(node);
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).ctx(|| format!("creating {}", work.display()))?;
    let product = node.product();
    let host = node.spec.hostname.clone();
    let mut manifest = Manifest {
        format: 1,
        tar: tar_name.to_string(),
        cluster: node.cluster.clone(),
        server: host.clone(),
        product,
        version: node.spec.version.clone(),
        created: platform_date(node),
        components: Vec::new(),
    };
    // One consistent copy of every component, under the node's lock.
    {
        let _lock = node.lock()?;
        for f in chosen {
            for def in components(product) {
                let files = snapshot(node, *def, &work.join("snap").join(f).join(def.name), cancel)?;
                manifest.components.push(ManifestComponent {
                    feature: f.clone(),
                    component: def.name.to_string(),
                    files,
                });
            }
        }
    }
    // The archive: the manifest, then each component's files.
    let tar_path = work.join(tar_name);
    {
        let out = File::create(&tar_path).ctx(|| format!("writing {}", tar_path.display()))?;
        let mut b = tar::Builder::new(std::io::BufWriter::new(out));
        let mtime = u64::try_from(node.now().timestamp()).unwrap_or(0);
        let text = toml::to_string(&manifest).map_err(|e| EngineError::Internal { what: e.to_string() })?;
        append(&mut b, MANIFEST, text.len() as u64, mtime, &mut text.as_bytes())?;
        for c in &manifest.components {
            for f in &c.files {
                cancel.check()?;
                let src = work.join("snap").join(&c.feature).join(&c.component).join(&f.path);
                let mut r = File::open(&src).ctx(|| format!("reading {}", src.display()))?;
                let name = format!("{host}/{}/{}/{}", c.feature, c.component, f.path);
                append(&mut b, &name, f.size, mtime, &mut r)?;
            }
        }
        let w = b.into_inner().ctx(|| format!("writing {}", tar_path.display()))?;
        let f = w
            .into_inner()
            .map_err(|e| EngineError::io(format!("writing {}", tar_path.display()), e.into_error()))?;
        f.sync_all().ctx(|| format!("syncing {}", tar_path.display()))?;
    }
    let total = fs::metadata(&tar_path).ctx(|| format!("reading {}", tar_path.display()))?.len();
    client.mkdirs(&target.path)?;
    let remote = remote_file(&target.path, tar_name);
    let sent = client.upload(&tar_path, &remote, &mut |done| {
        progress(TransferProgress { file: tar_name.to_string(), bytes_done: done, bytes_total: total })
    })?;
    let mut comps = Vec::new();
    for c in &manifest.components {
        let bytes: u64 = c.files.iter().map(|f| f.size).sum();
        let lines: String =
            c.files.iter().map(|f| format!("{} {} bytes xxh3 {}\n", f.path, f.size, f.xxh3)).collect();
        comps.push(component_done(
            node,
            Operation::Backup,
            tar_name,
            &c.feature,
            &c.component,
            Outcome::Success,
            &format!(
                "{} files, {bytes} bytes, sent in {tar_name} to {}:{}\n{lines}",
                c.files.len(),
                target.server,
                target.path
            ),
        ));
    }
    Ok((comps, sent))
}

fn append<W: Write>(
    b: &mut tar::Builder<W>,
    name: &str,
    size: u64,
    mtime: u64,
    data: &mut dyn Read,
) -> Result<()> {
    let mut h = tar::Header::new_gnu();
    h.set_size(size);
    h.set_mode(0o600);
    h.set_mtime(mtime);
    h.set_entry_type(tar::EntryType::Regular);
    b.append_data(&mut h, name, data.take(size)).ctx(|| format!("adding {name} to the archive"))
}

// ----------------------------------------------------------------- restore

/// What `restore network` will bring back: checked before its password is asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestorePlan {
    /// The node restored (host name).
    pub server: String,
    pub tar_filename: String,
}

/// Checks the node to restore (a node of this cluster, up) and the backup's name.
pub fn restore_check(op: &Op, restore_server: &str, tarfilename: &str) -> Result<RestorePlan> {
    let (lab, node) = (op.lab(), op.node());
    let name = tarfilename.trim().trim_end_matches(".tar");
    if !is_backup_name(name) {
        return Err(EngineError::DrfBadTarName(crate::engine::text::printable(tarfilename).into_owned()));
    }
    let target = lab
        .cluster_nodes(&node.cluster)?
        .into_iter()
        .find(|n| {
            n.spec.hostname.eq_ignore_ascii_case(restore_server.trim())
                || n.name().eq_ignore_ascii_case(restore_server.trim())
        })
        .ok_or_else(|| {
            EngineError::DrfUnknownServer(crate::engine::text::printable(restore_server).into_owned())
        })?;
    target.ensure_up()?;
    Ok(RestorePlan { server: target.spec.hostname.clone(), tar_filename: format!("{name}.tar") })
}

/// A fetched and verified archive, kept in the node's work folder until applied.
#[derive(Debug)]
pub struct Fetched {
    pub plan: RestorePlan,
    pub manifest: Manifest,
    /// The features the archive holds (what may be restored).
    pub features: Vec<String>,
    path: PathBuf,
    pub bytes: u64,
}

/// Fetches `<path>/<tar>` through `client` into the node's work folder and verifies it
/// (see the module's notes). Nothing of the node's state changes.
pub fn restore_fetch(
    op: &Op,
    plan: &RestorePlan,
    client: &Client,
    path: &str,
    progress: &mut dyn FnMut(TransferProgress),
) -> Result<Fetched> {
    check_path(path)?;
    let result = fetch_inner(op, plan, client, path, progress);
    if let Err(e) = &result {
        // A backup that cannot be fetched or is refused is a failed restore, recorded as one.
        let node = op.node();
        let tar = plan.tar_filename.clone();
        let status = DrfStatus {
            operation: Operation::Restore,
            status: Outcome::Error,
            message: format!("Restore Failed: {e}"),
            tar_filename: tar.clone(),
            storage: NETWORK.into(),
            percent: 0,
            components: Vec::new(),
        };
        let row = HistoryRow {
            tar_filename: tar,
            device: NETWORK.into(),
            completed: platform_date(node),
            result: Outcome::Error,
            kind: "MANUAL".into(),
            features: Vec::new(),
        };
        record(node, &status, row)?;
    }
    result
}

fn fetch_inner(
    op: &Op,
    plan: &RestorePlan,
    client: &Client,
    path: &str,
    progress: &mut dyn FnMut(TransferProgress),
) -> Result<Fetched> {
    let node = op.node();
    let remote = remote_file(path, &plan.tar_filename);
    let size = client.file_size(&remote)?;
    if size > MAX_ARCHIVE_BYTES {
        return Err(EngineError::DrfBadArchive {
            tar: plan.tar_filename.clone(),
            why: format!("it is {size} bytes; a restore takes at most {MAX_ARCHIVE_BYTES}"),
        });
    }
    let _drs = drs_lock(node)?;
    let work = work_dir(node);
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).ctx(|| format!("creating {}", work.display()))?;
    let local = work.join(&plan.tar_filename);
    let mut out = File::create(&local).ctx(|| format!("writing {}", local.display()))?;
    let tar_name = plan.tar_filename.clone();
    let bytes = client.download_to(&remote, &mut out, MAX_ARCHIVE_BYTES, &mut |done| {
        progress(TransferProgress { file: tar_name.clone(), bytes_done: done, bytes_total: size })
    })?;
    out.sync_all().ctx(|| format!("syncing {}", local.display()))?;
    drop(out);
    let manifest = verify(&local, &plan.tar_filename, None, op.cancel())?;
    let target = op.lab().node(&plan.server)?;
    if !manifest.server.eq_ignore_ascii_case(&target.spec.hostname) || manifest.product != target.product() {
        return Err(EngineError::DrfBadArchive {
            tar: plan.tar_filename.clone(),
            why: format!(
                "it is a backup of {}, not of {}",
                crate::engine::text::printable(&manifest.server),
                target.spec.hostname
            ),
        });
    }
    let mut features: Vec<String> = manifest.components.iter().map(|c| c.feature.clone()).collect();
    features.dedup();
    Ok(Fetched { plan: plan.clone(), manifest, features, path: local, bytes })
}

fn bad(tar: &str, why: impl Into<String>) -> EngineError {
    EngineError::DrfBadArchive { tar: tar.to_string(), why: why.into() }
}

/// A path inside the archive made only of plain names (no root, `.`, `..`), at most
/// [`MAX_DEPTH`] deep.
fn plain_relative(p: &str) -> bool {
    let path = Path::new(p);
    let mut depth = 0;
    for c in path.components() {
        match c {
            Component::Normal(_) => depth += 1,
            _ => return false,
        }
    }
    depth > 0 && depth <= MAX_DEPTH && !p.contains('\\') && !p.chars().any(char::is_control)
}

/// Whether `rel` may be a file of a component of this kind.
fn allowed_file(kind: Kind, rel: &str) -> bool {
    match kind {
        Kind::Platform => PLATFORM_FILES.contains(&rel),
        Kind::Database => rel == "db.sqlite",
        Kind::Certificates => {
            let top = rel.split('/').next().unwrap_or("");
            ["own", "keys", "trust"].contains(&top) && (rel.ends_with(".pem") || rel.ends_with(".key"))
        }
    }
}

/// Reads the archive through once: the manifest first, then every entry checked against it
/// (a regular file, a plain path under its component, the size and checksum the manifest
/// gives). With `extract`, the files of the chosen components are written below its folder
/// (`<COMPONENT>/<file>`).
fn verify(
    tar_path: &Path,
    tar: &str,
    extract: Option<(&Path, &[String])>,
    cancel: &CancelToken,
) -> Result<Manifest> {
    let f = File::open(tar_path).ctx(|| format!("reading {}", tar_path.display()))?;
    let mut archive = tar::Archive::new(f);
    let mut entries = archive.entries().map_err(|e| bad(tar, e.to_string()))?;
    let mut first = entries
        .next()
        .ok_or_else(|| bad(tar, "the archive is empty"))?
        .map_err(|e| bad(tar, e.to_string()))?;
    if first.path_bytes().as_ref() != MANIFEST.as_bytes() {
        return Err(bad(tar, format!("its first entry is not {MANIFEST}")));
    }
    if first.size() > MAX_MANIFEST {
        return Err(bad(tar, "the manifest is too large"));
    }
    let mut text = String::new();
    first
        .by_ref()
        .take(MAX_MANIFEST)
        .read_to_string(&mut text)
        .map_err(|e| bad(tar, format!("the manifest: {e}")))?;
    let manifest: Manifest =
        toml::from_str(&text).map_err(|e| bad(tar, format!("the manifest: {}", e.message())))?;
    if manifest.format != 1 {
        return Err(bad(tar, format!("manifest format {} is not known", manifest.format)));
    }
    if manifest.server.is_empty()
        || manifest.server.len() > 64
        || !manifest.server.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err(bad(tar, "the manifest names no valid server"));
    }
    // Every file the manifest lists, by its path in the archive.
    let mut expected: std::collections::BTreeMap<String, (Kind, String, &ManifestFile)> = Default::default();
    for c in &manifest.components {
        let def = component(manifest.product, &c.component).ok_or_else(|| {
            bad(tar, format!("unknown component {}", crate::engine::text::printable(&c.component)))
        })?;
        if c.feature != feature(manifest.product) {
            return Err(bad(tar, format!("unknown feature {}", crate::engine::text::printable(&c.feature))));
        }
        for file in &c.files {
            if !plain_relative(&file.path) || !allowed_file(def.kind, &file.path) {
                return Err(bad(
                    tar,
                    format!(
                        "the file {} has no place in {}",
                        crate::engine::text::printable(&file.path),
                        c.component
                    ),
                ));
            }
            let key = format!("{}/{}/{}/{}", manifest.server, c.feature, c.component, file.path);
            if expected.insert(key, (def.kind, c.component.clone(), file)).is_some() {
                return Err(bad(tar, "the manifest lists a file twice"));
            }
        }
    }
    if expected.len() + 1 > MAX_ENTRIES {
        return Err(bad(tar, format!("more than {MAX_ENTRIES} entries")));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut count = 1usize;
    for entry in entries {
        cancel.check()?;
        count += 1;
        if count > MAX_ENTRIES {
            return Err(bad(tar, format!("more than {MAX_ENTRIES} entries")));
        }
        let mut entry = entry.map_err(|e| bad(tar, e.to_string()))?;
        let raw = entry.path_bytes().into_owned();
        let name = String::from_utf8(raw).map_err(|_| bad(tar, "an entry's name is not UTF-8"))?;
        let shown = crate::engine::text::printable(&name).into_owned();
        if !plain_relative(&name) {
            return Err(bad(tar, format!("the entry {shown} leaves its place")));
        }
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(bad(tar, format!("the entry {shown} is not a regular file")));
        }
        let Some((kind, comp, file)) = expected.get(&name) else {
            return Err(bad(tar, format!("the entry {shown} is not in the manifest")));
        };
        if !seen.insert(name.clone()) {
            return Err(bad(tar, format!("the entry {shown} appears twice")));
        }
        if entry.size() != file.size {
            return Err(bad(tar, format!("the entry {shown} has the wrong size")));
        }
        let dest = match extract {
            Some((dir, chosen)) if chosen.iter().any(|c| c == comp) => Some(dir.join(comp).join(&file.path)),
            _ => None,
        };
        let _ = kind;
        let mut out = match &dest {
            Some(d) => {
                if let Some(p) = d.parent() {
                    fs::create_dir_all(p).ctx(|| format!("creating {}", p.display()))?;
                }
                Some(File::create(d).ctx(|| format!("writing {}", d.display()))?)
            }
            None => None,
        };
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut left = file.size;
        while left > 0 {
            let k = entry.read(&mut buf).map_err(|e| bad(tar, e.to_string()))?;
            if k == 0 {
                return Err(bad(tar, format!("the entry {shown} is cut short")));
            }
            let k = k.min(usize::try_from(left).unwrap_or(usize::MAX));
            h.update(&buf[..k]);
            if let Some(o) = out.as_mut() {
                o.write_all(&buf[..k]).ctx(|| format!("writing {shown}"))?;
            }
            left -= k as u64;
        }
        if xxh3_hex(h.digest128()) != file.xxh3 {
            return Err(bad(tar, format!("the entry {shown} does not match its checksum")));
        }
        if let Some(o) = out {
            o.sync_all().ctx(|| format!("syncing {shown}"))?;
        }
    }
    if seen.len() != expected.len() {
        return Err(bad(tar, "files the manifest lists are missing"));
    }
    Ok(manifest)
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestoreDone {
    pub status: DrfStatus,
}

/// Where a restore is staged on the node it restores.
fn restore_dir(node: &NodeHandle) -> PathBuf {
    node.dir().join(".drf-restore")
}

#[derive(Debug, Serialize, Deserialize)]
struct Commit {
    /// (component name, kind) staged under `stage/<component>/`.
    components: Vec<(String, Kind)>,
}

/// `restore network ...`, after the confirmation: the chosen features of the fetched
/// archive are staged, checked and applied to the node restored (see the module's notes).
pub fn restore_apply(op: &Op, fetched: Fetched, features: &str) -> Result<RestoreDone> {
    let node = op.node();
    let lab = op.lab();
    let tar = fetched.plan.tar_filename.clone();
    let target = lab.node(&fetched.plan.server)?;
    let chosen_features = parse_features(target.product(), features)?;
    let comps: Vec<(String, Kind)> = fetched
        .manifest
        .components
        .iter()
        .filter(|c| chosen_features.contains(&c.feature))
        .filter_map(|c| {
            component(fetched.manifest.product, &c.component).map(|d| (d.name.to_string(), d.kind))
        })
        .collect();
    if comps.is_empty() {
        return Err(EngineError::DrfUnknownFeature {
            given: features.to_string(),
            registered: fetched.features.clone(),
        });
    }
    let _drs = drs_lock(node)?;
    let result = (|| -> Result<()> {
        let _lock = target.lock()?;
        let dir = restore_dir(&target);
        let _ = fs::remove_dir_all(&dir);
        let stage = dir.join("stage");
        fs::create_dir_all(&stage).ctx(|| format!("creating {}", stage.display()))?;
        let names: Vec<String> = comps.iter().map(|c| c.0.clone()).collect();
        verify(&fetched.path, &tar, Some((&stage, &names)), op.cancel())?;
        for (name, kind) in &comps {
            check_staged(&target, &stage.join(name), *kind)?;
        }
        op.cancel().check()?;
        // The commit point: from here on the restore is finished, by us or by `recover`.
        let commit = toml::to_string(&Commit { components: comps.clone() })
            .map_err(|e| EngineError::Internal { what: e.to_string() })?;
        store::atomic_write(&dir.join("COMMIT"), commit.as_bytes())?;
        apply_staged(&target)
    })();
    let _ = fs::remove_dir_all(work_dir(node));
    if result.is_err() {
        // Nothing was committed: the stage goes (under the lock, as it was made).
        if let Ok(_lock) = target.lock() {
            if !restore_dir(&target).join("COMMIT").exists() {
                let _ = fs::remove_dir_all(restore_dir(&target));
            }
        }
    }
    let outcome = if result.is_ok() { Outcome::Success } else { Outcome::Error };
    let why = result.as_ref().err().map(|e| format!("{e}\n")).unwrap_or_default();
    let statuses: Vec<ComponentStatus> = comps
        .iter()
        .map(|(name, _)| {
            let c = fetched.manifest.components.iter().find(|c| &c.component == name);
            let lines = c
                .map(|c| c.files.iter().map(|f| format!("{} {} bytes\n", f.path, f.size)).collect::<String>())
                .unwrap_or_default();
            component_done(
                &target,
                Operation::Restore,
                &tar,
                feature(target.product()),
                name,
                outcome,
                &format!("{why}{lines}"),
            )
        })
        .collect();
    let status = DrfStatus {
        operation: Operation::Restore,
        status: outcome,
        message: match &result {
            Ok(()) => "Restore Completed...".into(),
            Err(e) => format!("Restore Failed: {e}"),
        },
        tar_filename: tar.clone(),
        storage: NETWORK.into(),
        percent: if result.is_ok() { 100 } else { 0 },
        components: statuses,
    };
    let row = HistoryRow {
        tar_filename: tar.clone(),
        device: NETWORK.into(),
        completed: platform_date(node),
        result: outcome,
        kind: "MANUAL".into(),
        features: chosen_features.clone(),
    };
    record(node, &status, row)?;
    op.record(Event::audit(
        "DRFRestore",
        format!(
            "Restore of {} from {tar} by {}: {}",
            target.spec.hostname,
            op.session().account,
            outcome.word()
        ),
    ));
    result?;
    Ok(RestoreDone { status })
}

/// Reads back what was staged for one component before anything is committed.
fn check_staged(target: &NodeHandle, dir: &Path, kind: Kind) -> Result<()> {
    let corrupt = |path: &Path, reason: String| EngineError::Corrupt { path: path.to_path_buf(), reason };
    match kind {
        Kind::Platform => {
            for f in PLATFORM_FILES {
                let p = dir.join(f);
                if !p.is_file() {
                    continue;
                }
                let text = fs::read_to_string(&p).ctx(|| format!("reading {}", p.display()))?;
                let parsed = match *f {
                    "platform.toml" => {
                        toml::from_str::<crate::engine::platform::PlatformState>(&text).map(|_| ())
                    }
                    "services.toml" => toml::from_str::<crate::engine::services::Services>(&text).map(|_| ()),
                    _ => toml::from_str::<crate::engine::accounts::Accounts>(&text).map(|_| ()),
                };
                parsed.map_err(|e| corrupt(&p, e.message().to_string()))?;
            }
        }
        Kind::Database => {
            let p = dir.join("db.sqlite");
            let staged = db::open_path(&p)?;
            let live = db::open(target)?;
            if data_tables(&staged)? != data_tables(&live)? {
                return Err(corrupt(&p, "its tables differ from this node's database".into()));
            }
        }
        Kind::Certificates => {
            for rel in files_below(dir) {
                if rel.ends_with(".pem") {
                    let p = dir.join(&rel);
                    let text = fs::read(&p).ctx(|| format!("reading {}", p.display()))?;
                    let (_, pem) = x509_parser::pem::parse_x509_pem(&text)
                        .map_err(|e| corrupt(&p, format!("not a PEM certificate: {e}")))?;
                    pem.parse_x509().map_err(|e| corrupt(&p, format!("not an X.509 certificate: {e}")))?;
                }
            }
        }
    }
    Ok(())
}

/// The database's data tables and their columns (the replication's own `cdr_*` tables and
/// SQLite's are the node's, never restored).
fn data_tables(conn: &rusqlite::Connection) -> Result<Vec<(String, Vec<String>)>> {
    let mut st = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'cdr\\_%' ESCAPE '\\' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )
        .map_err(db::sql_err)?;
    let names: Vec<String> = st
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(db::sql_err)?
        .collect::<std::result::Result<_, _>>()
        .map_err(db::sql_err)?;
    let mut out = Vec::new();
    for n in names {
        let mut c =
            conn.prepare(&format!("SELECT name FROM pragma_table_info('{n}')")).map_err(db::sql_err)?;
        let cols: Vec<String> = c
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(db::sql_err)?
            .collect::<std::result::Result<_, _>>()
            .map_err(db::sql_err)?;
        out.push((n, cols));
    }
    Ok(out)
}

/// Applies the committed stage (again, after a kill: every step gives the same result when
/// repeated), then removes it. The caller holds the node's lock.
fn apply_staged(node: &NodeHandle) -> Result<()> {
    let dir = restore_dir(node);
    let text = fs::read_to_string(dir.join("COMMIT")).ctx(|| format!("reading {}", dir.display()))?;
    let commit: Commit = toml::from_str(&text)
        .map_err(|e| EngineError::Corrupt { path: dir.join("COMMIT"), reason: e.message().to_string() })?;
    let stage = dir.join("stage");
    for (name, kind) in &commit.components {
        let from = stage.join(name);
        match kind {
            Kind::Platform => {
                for f in PLATFORM_FILES {
                    let p = from.join(f);
                    if p.is_file() {
                        let bytes = fs::read(&p).ctx(|| format!("reading {}", p.display()))?;
                        store::atomic_write(&node.dir().join(f), &bytes)?;
                    }
                }
            }
            Kind::Database => {
                let conn = db::open(node)?;
                let tables = data_tables(&conn)?;
                let staged = from.join("db.sqlite");
                let staged = staged
                    .to_str()
                    .ok_or_else(|| EngineError::Internal { what: "a non-UTF-8 stage path".into() })?;
                conn.execute("ATTACH DATABASE ?1 AS drf", [staged]).map_err(db::sql_err)?;
                let tx = conn.unchecked_transaction().map_err(db::sql_err)?;
                for (t, cols) in &tables {
                    let cols = cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
                    tx.execute_batch(&format!(
                        "DELETE FROM main.\"{t}\"; INSERT INTO main.\"{t}\" ({cols}) SELECT {cols} FROM drf.\"{t}\";"
                    ))
                    .map_err(db::sql_err)?;
                }
                tx.commit().map_err(db::sql_err)?;
                conn.execute("DETACH DATABASE drf", []).map_err(db::sql_err)?;
            }
            Kind::Certificates => {
                let root = node.dir().join("certs");
                let wanted = files_below(&from);
                for rel in &wanted {
                    let bytes = fs::read(from.join(rel)).ctx(|| format!("reading {rel}"))?;
                    let dest = root.join(rel);
                    if fs::read(&dest).ok().as_deref() != Some(bytes.as_slice()) {
                        store::atomic_write(&dest, &bytes)?;
                    }
                }
                for rel in files_below(&root) {
                    if !wanted.contains(&rel) {
                        let _ = fs::remove_file(root.join(&rel));
                    }
                }
            }
        }
    }
    store::sync_dir(node.dir())?;
    // Done: COMMIT goes first, then the stage. A stage without COMMIT is only removed by
    // `recover`; the other order let a kill during the stage's removal leave COMMIT with part
    // of the stage, which a recovery would then apply again (a certificate missing from it
    // deleted from the node).
    fs::remove_file(dir.join("COMMIT")).ctx(|| format!("removing {}", dir.display()))?;
    store::sync_dir(&dir)?;
    let _ = fs::remove_dir_all(&stage);
    let _ = fs::remove_dir_all(&dir);
    Ok(())
}

/// Finishes or undoes a restore a killed process left on `node` (best effort; called when a
/// node is looked up): a committed stage is applied, an uncommitted one removed.
pub fn recover(node: &NodeHandle) {
    let dir = restore_dir(node);
    if !dir.exists() {
        return;
    }
    let Ok(_lock) = node.lock() else { return };
    if dir.join("COMMIT").is_file() {
        let _ = apply_staged(node);
    } else if dir.exists() {
        let _ = fs::remove_dir_all(&dir);
    }
}

/// The size an archive of `features` would have now (the files, the tar headers and the
/// manifest), without making it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TarEstimate {
    pub features: Vec<String>,
    pub bytes: u64,
}

pub fn estimate(op: &Op, features: &str) -> Result<TarEstimate> {
    let node = op.node();
    let chosen = parse_features(node.product(), features)?;
    let block = |n: u64| n.div_ceil(512) * 512;
    // Two end blocks, the manifest's header and about its size per file.
    let mut bytes = 1024 + 512 + 512;
    for _ in &chosen {
        for def in components(node.product()) {
            let paths: Vec<PathBuf> = match def.kind {
                Kind::Platform => PLATFORM_FILES.iter().map(|f| node.dir().join(f)).collect(),
                Kind::Database => vec![node.db_path()],
                Kind::Certificates => {
                    let root = node.dir().join("certs");
                    files_below(&root).into_iter().map(|r| root.join(r)).collect()
                }
            };
            for p in paths {
                if let Ok(m) = fs::metadata(&p) {
                    bytes += 512 + block(m.len()) + 160;
                }
            }
        }
    }
    Ok(TarEstimate { features: chosen, bytes: block(bytes) })
}

/// Reads the file a fetched archive was saved to (tests).
pub fn fetched_path(f: &Fetched) -> &Path {
    &f.path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_are_the_platform_timestamps() {
        assert!(is_backup_name("2025-12-12-13-44-12"));
        assert!(!is_backup_name("2025-12-12-13-44-1"));
        assert!(!is_backup_name("../../etc/passwd00"));
        assert!(!is_backup_name("2025_12-12-13-44-12"));
    }

    #[test]
    fn archive_paths_stay_in_place() {
        assert!(plain_relative("cucm-pub/CCM/PLATFORM/platform.toml"));
        assert!(!plain_relative("/etc/passwd"));
        assert!(!plain_relative("cucm-pub/../../x"));
        assert!(!plain_relative("./x"));
        assert!(!plain_relative(""));
        assert!(allowed_file(Kind::Certificates, "own/tomcat/tomcat.pem"));
        assert!(!allowed_file(Kind::Certificates, "own/tomcat/run.sh"));
        assert!(!allowed_file(Kind::Platform, "deployment.toml"));
    }

    /// A tar with the manifest, then one entry of `kind` named `name` (set verbatim).
    fn archive(name: &[u8], kind: tar::EntryType, body: &[u8]) -> tempfile::NamedTempFile {
        let manifest = "format = 1\ntar = \"x.tar\"\ncluster = \"c\"\nserver = \"n1\"\nproduct = \"cm\"\n\
                        version = \"1\"\ncreated = \"now\"\n";
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_old();
        h.set_size(manifest.len() as u64);
        h.set_entry_type(tar::EntryType::Regular);
        b.append_data(&mut h, MANIFEST, manifest.as_bytes()).expect("manifest");
        let mut h = tar::Header::new_old();
        h.set_size(body.len() as u64);
        h.set_entry_type(kind);
        h.as_old_mut().name[..name.len()].copy_from_slice(name);
        h.set_cksum();
        b.append(&h, body).expect("entry");
        let mut f = tempfile::NamedTempFile::new().expect("tmp");
        f.write_all(&b.into_inner().expect("tar")).expect("write");
        f
    }

    fn refusal(name: &[u8], kind: tar::EntryType) -> String {
        let f = archive(name, kind, b"");
        match verify(f.path(), "x.tar", None, &CancelToken::new()) {
            Err(EngineError::DrfBadArchive { why, .. }) => why,
            other => panic!("{:?} was not refused: {other:?}", String::from_utf8_lossy(name)),
        }
    }

    #[test]
    fn archives_with_entries_out_of_place_are_refused() {
        assert!(refusal(b"/etc/passwd", tar::EntryType::Regular).contains("leaves its place"));
        assert!(refusal(b"n1/CCM/CERTS/../../x", tar::EntryType::Regular).contains("leaves its place"));
        assert!(
            refusal(b"n1/CCM/PLATFORM/platform.toml", tar::EntryType::Symlink).contains("not a regular file")
        );
        assert!(refusal(b"n1/CCM/PLATFORM", tar::EntryType::Directory).contains("not a regular file"));
        assert!(refusal(b"n1/CCM/PLATFORM/platform.toml", tar::EntryType::Regular)
            .contains("not in the manifest"));
    }

    #[test]
    fn features_follow_the_product() {
        assert_eq!(parse_features(Product::Cm, "ccm").ok(), Some(vec!["CCM".to_string()]));
        assert!(parse_features(Product::Cm, "CUP").is_err());
        assert!(parse_features(Product::Imp, " , ").is_err());
    }
}
