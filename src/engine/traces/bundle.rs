//! `file build log <name> <duration>`: one `tar.gz` of the trace files of a service or a
//! feature modified in the last `<duration>` days, written to
//! `activelog/epas/trace/log_<name>_<YYYY-MM-DD-HHhMMmSSs>.tar.gz`.
//!
//! The archive is streamed: each file is read in blocks into the tar builder, whose output
//! goes to gzp's parallel deflate (both cores), whose output goes to a temporary file beside
//! the bundle, renamed into place only when complete. Nothing is held in memory whole, and
//! a failed build leaves no bundle behind.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::Duration;
use gzp::deflate::Gzip;
use gzp::par::compress::{ParCompress, ParCompressBuilder};
use gzp::{Compression, ZWriter};
use serde::Serialize;

use super::catalog::{self, BuildLogName};
use super::deployment_info;
use super::paths::Entry;
use super::writer;
use crate::engine::cancel::CancelToken;
use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::op::Op;
use crate::engine::store;

/// `<duration>` bounds, in days (the platform does not document them; a year of traces is
/// more than a node keeps).
pub const MIN_DAYS: u32 = 1;
pub const MAX_DAYS: u32 = 365;
/// Days collected when no duration is given (the platform does not document a default).
pub const DEFAULT_DAYS: u32 = 1;

/// Progress of a bundle: files and bytes added so far.
#[derive(Debug, Clone, Serialize)]
pub struct BundleProgress {
    pub file: String,
    pub files_done: usize,
    pub files_total: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BuildLog {
    /// The name as the guide spells it.
    pub name: String,
    /// For `deployment_info`: the services of the node whose trace level is Debug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debug_services: Option<Vec<String>>,
    /// Whether a trace file of a service with debug logging enabled was collected.
    pub debug_collected: bool,
    pub days: u32,
    /// Files collected, relative to `activelog`.
    pub files: Vec<String>,
    /// The bundle, relative to `activelog`.
    pub bundle: String,
    pub bundle_bytes: u64,
    pub input_bytes: u64,
}

/// Looks up a name the way `file build log` does, with the platform-style refusal.
pub fn lookup(typed: &str) -> Result<&'static BuildLogName> {
    catalog::build_log_name(typed)
        .ok_or_else(|| EngineError::UnknownBuildLogName { typed: typed.to_string() })
}

/// The files the names cover on `node`, modified in the last `days` days.
pub fn select(node: &NodeHandle, names: &[&BuildLogName], days: u32) -> Result<Vec<Entry>> {
    let root = node.partition(Partition::Activelog);
    let now = node.now();
    let since = now - Duration::days(i64::from(days));
    let target = super::paths::resolve(node, Partition::Activelog, "")?;
    let wanted = |service: &str| names.iter().any(|n| n.services.is_empty() || n.services.contains(&service));
    let mut out: Vec<Entry> = Vec::new();
    for spec in writer::node_specs(node) {
        if !wanted(spec.service) {
            continue;
        }
        for (_, path) in writer::family_files(&root.join(spec.dir), spec) {
            // A trace file replaced by a link that leads outside is refused, not collected.
            let e = target.entry(&path)?;
            if !e.is_dir && e.modified >= since && e.modified <= now && !out.iter().any(|o| o.rel == e.rel) {
                out.push(e);
            }
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

/// `file build log <name>... <days>` (IM and Presence nodes). Several names make one
/// bundle named after all of them.
pub fn build_log(
    op: &Op,
    typed_names: &[&str],
    days: u32,
    progress: &mut dyn FnMut(BundleProgress),
) -> Result<BuildLog> {
    let node = op.node();
    if node.product() != Product::Imp {
        return Err(EngineError::WrongRole { role: node.product().describe().to_string() });
    }
    if typed_names.is_empty() {
        return Err(EngineError::NoBuildLogName);
    }
    let mut names: Vec<&BuildLogName> = Vec::new();
    for t in typed_names {
        let n = lookup(t)?;
        if !names.iter().any(|m| m.name == n.name) {
            names.push(n);
        }
    }
    if !(MIN_DAYS..=MAX_DAYS).contains(&days) {
        return Err(EngineError::BuildLogDays { days: days.to_string(), min: MIN_DAYS, max: MAX_DAYS });
    }
    // deployment_info collects the node's configuration, written now, not trace files.
    let info = names.iter().any(|n| n.name == deployment_info::NAME);
    let trace_names: Vec<&BuildLogName> =
        names.iter().copied().filter(|n| n.name != deployment_info::NAME).collect();
    let mut files = if trace_names.is_empty() { Vec::new() } else { select(node, &trace_names, days)? };
    // Outside the partitions: nothing a killed build leaves here is ever listed.
    let staging = tempfile::tempdir().ctx(|| "creating a temporary folder".to_string())?;
    let mut debug_services = None;
    let mut debug_collected = false;
    if info {
        let mut generated = deployment_info::write(op.lab(), node, staging.path())?;
        generated.append(&mut files);
        files = generated;
        let enabled = crate::engine::services::debug_enabled(node)?;
        debug_collected = trace_names.iter().any(|n| {
            enabled
                .iter()
                .any(|s| n.services.is_empty() || n.services.iter().any(|t| t.eq_ignore_ascii_case(s)))
        });
        debug_services = Some(enabled);
    }
    // As the guide names them: the node's local time, after a double underscore
    // (`log_cisco_cluster_manager__2016-09-30-09h41m37s.tar.gz`).
    let stamp = node.local_now().format("%Y-%m-%d-%Hh%Mm%Ss");
    let label = names.iter().map(|n| n.bundle).collect::<Vec<_>>().join("_");
    let bundle_rel = format!("epas/trace/log_{label}__{stamp}.tar.gz");
    let root = node.partition(Partition::Activelog);
    let bundle_path = root.join(&bundle_rel);
    let input_bytes = files.iter().map(|e| e.size).sum();
    let bundle_bytes = write_tar_gz(&bundle_path, &files, op.cancel(), progress)?;
    // The bundle and its folder carry the engine clock's time, like every trace file.
    if let Ok(f) = File::options().write(true).open(&bundle_path) {
        let _ = f.set_modified(node.now().into());
    }
    if let Some(dir) = bundle_path.parent() {
        writer::touch_dir(dir, node.now());
    }
    drop(staging);
    Ok(BuildLog {
        name: names.iter().map(|n| n.name).collect::<Vec<_>>().join(" "),
        debug_services,
        debug_collected,
        days,
        files: files.into_iter().map(|e| e.rel).collect(),
        bundle: bundle_rel,
        bundle_bytes,
        input_bytes,
    })
}

/// Writes `files` (paths in the archive = their `rel`) as a gzip'd tar to `dest`
/// atomically, compressing on both cores. Returns the archive's size.
pub fn write_tar_gz(
    dest: &Path,
    files: &[Entry],
    cancel: &CancelToken,
    progress: &mut dyn FnMut(BundleProgress),
) -> Result<u64> {
    let dir = dest.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
    // Locked while the archive is written: a later build tells a live partial archive
    // (locked) from one a killed build left behind, and removes only those.
    let tmp = store::locked_temp(dir, TMP_PREFIX)?;
    let (tmp_file, tmp_path) = tmp.into_parts();
    let result = stream_tar_gz(tmp_file, files, cancel, progress);
    match result {
        Ok(file) => {
            file.sync_all().ctx(|| format!("syncing {}", dest.display()))?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            tmp_path
                .persist(dest)
                .map_err(|e| EngineError::io(format!("writing {}", dest.display()), e.error))?;
            store::sync_dir(dir)?;
            Ok(size)
        }
        // Dropping `tmp_path` removes the partial archive.
        Err(e) => Err(e),
    }
}

/// Partial archives are hidden (a leading dot): no `file` command lists them.
const TMP_PREFIX: &str = ".tmp-bundle-";

fn compressor(file: File) -> ParCompress<'static, Gzip, BufWriter<File>> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 2);
    let builder = ParCompressBuilder::<Gzip>::new().compression_level(Compression::new(6));
    // `num_threads` only fails for zero.
    let builder = match builder.num_threads(threads) {
        Ok(b) => b,
        Err(_) => ParCompressBuilder::<Gzip>::new().compression_level(Compression::new(6)),
    };
    builder.from_writer(BufWriter::with_capacity(1 << 20, file))
}

fn stream_tar_gz(
    file: File,
    files: &[Entry],
    cancel: &CancelToken,
    progress: &mut dyn FnMut(BundleProgress),
) -> Result<File> {
    let mut tar = tar::Builder::new(compressor(file));
    tar.mode(tar::HeaderMode::Deterministic);
    tar.follow_symlinks(false);
    let bytes_total: u64 = files.iter().map(|e| e.size).sum();
    let mut bytes_done = 0u64;
    let mut add = |tar: &mut tar::Builder<_>| -> Result<()> {
        for (i, e) in files.iter().enumerate() {
            let mut f = super::files::open_regular(&e.abs, &e.rel)?;
            let meta = f.metadata().ctx(|| format!("reading {}", e.rel))?;
            let mut header = tar::Header::new_gnu();
            header.set_metadata_in_mode(&meta, tar::HeaderMode::Deterministic);
            header.set_mtime(e.modified.timestamp().max(0) as u64);
            header.set_mode(0o644);
            header.set_size(meta.len());
            tar.append_data(&mut header, &e.rel, &mut f).ctx(|| format!("adding {} to the bundle", e.rel))?;
            bytes_done += meta.len();
            progress(BundleProgress {
                file: e.rel.clone(),
                files_done: i + 1,
                files_total: files.len(),
                bytes_done,
                bytes_total,
            });
            cancel.check()?;
        }
        Ok(())
    };
    let added = add(&mut tar);
    let finished = added.and_then(|()| tar.finish().ctx(|| "finishing the bundle".to_string()));
    let mut gz = tar.into_inner().ctx(|| "finishing the bundle".to_string())?;
    // gzp's Drop unwraps `finish`; always call it here and report its error instead.
    let out = gz
        .finish()
        .map_err(|e| EngineError::Internal { what: format!("compressing the bundle failed: {e}") });
    finished?;
    let mut buf = out?;
    buf.flush().ctx(|| "writing the bundle".to_string())?;
    buf.into_inner().map_err(|e| EngineError::io("writing the bundle", e.into_error()))
}

/// Where a bundle was written, for a caller that wants the real path.
pub fn bundle_path(node: &NodeHandle, rel: &str) -> PathBuf {
    node.partition(Partition::Activelog).join(rel)
}
