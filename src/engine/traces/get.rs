//! `file get`: choose files the way the platform does, then send them over SFTP.
//!
//! Selection: the file spec (a file, a folder's files, or a `*` in the last component),
//! `recurs` for folders below, `reltime`/`abstime` on modification times and `match` on file
//! names (a regular expression, as the platform's "string in the file name"). The front shows
//! the summary, asks the SFTP questions, and calls [`send`] with a logged-in client.
//!
//! Layout on the server (the platform does not document it): each file keeps its path
//! inside the partition, under `<download dir>/<node host name>/<partition>/`. With
//! `compress`, the files travel as one `<host>_<partition>_<YYYYMMDD-HHMMSS>.tar.gz`
//! built (on both cores) in the node's scratch folder and sent like a file.

use std::path::Path;

use serde::Serialize;

use super::bundle;
use super::files::TimeWindow;
use super::paths::{self, Entry};
use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::op::Op;
use crate::engine::sftp::Client;

#[derive(Debug, Clone, Default)]
pub struct GetOptions {
    pub window: TimeWindow,
    /// Regular expression the file name must match.
    pub name_match: Option<String>,
    pub recurs: bool,
    pub compress: bool,
}

/// What `file get` found, shown before the question to proceed.
#[derive(Debug, Clone, Serialize)]
pub struct GetSelection {
    pub partition: Partition,
    pub spec: String,
    pub recurs: bool,
    pub compress: bool,
    pub files: Vec<Entry>,
    pub total_bytes: u64,
}

/// Selects the files of `file get`.
pub fn select(op: &Op, partition: Partition, spec: &str, opts: &GetOptions) -> Result<GetSelection> {
    let node = op.node();
    let re = opts
        .name_match
        .as_deref()
        .map(|m| {
            regex::Regex::new(m)
                .map_err(|e| EngineError::BadRegex { pattern: m.to_string(), reason: e.to_string() })
        })
        .transpose()?;
    let target = paths::resolve(node, partition, spec)?;
    let files: Vec<Entry> = target
        .files(opts.recurs)?
        .into_iter()
        .filter(|e| opts.window.contains(e.modified))
        .filter(|e| re.as_ref().is_none_or(|re| re.is_match(e.rel.rsplit('/').next().unwrap_or(&e.rel))))
        .collect();
    let total_bytes = files.iter().map(|e| e.size).sum();
    Ok(GetSelection {
        partition,
        spec: spec.to_string(),
        recurs: opts.recurs,
        compress: opts.compress,
        files,
        total_bytes,
    })
}

/// Progress of a transfer: bytes of the whole selection sent so far.
#[derive(Debug, Clone, Serialize)]
pub struct TransferProgress {
    pub file: String,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SentFile {
    /// Path in the partition (or the archive's name with `compress`).
    pub file: String,
    /// Where it landed on the server.
    pub remote: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct GetReport {
    pub files: Vec<SentFile>,
    pub bytes: u64,
}

fn join_remote(dir: &str, rest: &str) -> String {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() {
        rest.to_string()
    } else {
        format!("{dir}/{rest}")
    }
}

/// Sends the selection to `remote_dir` through `client`. A failure names the file and
/// leaves nothing partial under a final name (see `sftp`).
pub fn send(
    op: &Op,
    selection: &GetSelection,
    client: &Client,
    remote_dir: &str,
    progress: &mut dyn FnMut(TransferProgress),
) -> Result<GetReport> {
    let node = op.node();
    let base = join_remote(remote_dir, &format!("{}/{}", node.spec.hostname, selection.partition.name()));
    let total = selection.total_bytes;
    let mut sent_before = 0u64;
    let mut out = Vec::new();
    if selection.compress {
        let scratch = node.dir().join("scratch");
        std::fs::create_dir_all(&scratch).ctx(|| format!("creating {}", scratch.display()))?;
        let name = format!(
            "{}_{}_{}.tar.gz",
            node.spec.hostname,
            selection.partition.name(),
            node.now().format("%Y%m%d-%H%M%S")
        );
        let tmp = tempfile::Builder::new()
            .prefix(".get-")
            .tempdir_in(&scratch)
            .ctx(|| format!("creating a folder in {}", scratch.display()))?;
        let archive = tmp.path().join(&name);
        let size = bundle::write_tar_gz(&archive, &selection.files, op.cancel(), &mut |_| {})?;
        client.mkdirs(&base)?;
        let remote = join_remote(&base, &name);
        let bytes = client.upload(&archive, &remote, &mut |n| {
            progress(TransferProgress { file: name.clone(), bytes_done: n, bytes_total: size })
        })?;
        out.push(SentFile { file: name, remote, bytes });
        return Ok(GetReport { bytes, files: out });
    }
    let mut made = std::collections::BTreeSet::new();
    for e in &selection.files {
        let remote = join_remote(&base, &e.rel);
        if let Some((dir, _)) = remote.rsplit_once('/') {
            if made.insert(dir.to_string()) {
                client.mkdirs(dir)?;
            }
        }
        let bytes = client.upload(Path::new(&e.abs), &remote, &mut |n| {
            progress(TransferProgress {
                file: e.rel.clone(),
                bytes_done: sent_before + n,
                bytes_total: total,
            })
        })?;
        sent_before += bytes;
        out.push(SentFile { file: e.rel.clone(), remote, bytes });
        op.cancel().check()?;
    }
    Ok(GetReport { files: out, bytes: sent_before })
}

/// Where a node keeps the SFTP servers' host keys it has accepted.
pub fn known_hosts_path(node: &NodeHandle) -> std::path::PathBuf {
    node.dir().join("known_hosts")
}
