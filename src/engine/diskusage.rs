//! `show diskusage activelog | inactivelog | install | common | tmp [directory | sort]`: the
//! space the files of a partition really take, folder by folder, as `du` (which the platform
//! runs) reports it, with the partition's path on the platform (`/var/log/active/...`).
//!
//! `common` is the platform's data partition, which holds the log partitions, the database
//! and the node's settings: in the lab, everything kept for the node (its folder: replicas,
//! log partitions, certificates, settings), shown under `/common`. `tmp` is the node's
//! scratch folder (`<node>/tmp`): the test file of `show fileserver transferspeed` is made
//! there while it runs.
//!
//! Symbolic links are counted as links, never followed; at most [`MAX_ROWS`] rows are
//! returned (the totals always cover everything).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::engine::error::Result;
use crate::engine::node::Partition;
use crate::engine::op::Op;

/// Rows shown at most; the rest are counted in [`DiskUsage::left_out`].
pub const MAX_ROWS: usize = 5000;

/// What `show diskusage` can measure: a log partition, the common partition or tmp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuArea {
    Log(Partition),
    Common,
    Tmp,
}

impl DuArea {
    pub fn name(self) -> &'static str {
        match self {
            DuArea::Log(p) => p.name(),
            DuArea::Common => "common",
            DuArea::Tmp => "tmp",
        }
    }

    fn platform_path(self) -> &'static str {
        match self {
            DuArea::Log(p) => platform_path(p),
            DuArea::Common => "/common",
            DuArea::Tmp => "/tmp",
        }
    }
}

/// The node's scratch folder (`show diskusage tmp`), made when first needed.
pub fn tmp_dir(node: &crate::engine::node::NodeHandle) -> std::path::PathBuf {
    node.dir().join("tmp")
}

/// Where a partition is on the platform.
pub fn platform_path(p: Partition) -> &'static str {
    match p {
        Partition::Activelog => "/var/log/active",
        Partition::Inactivelog => "/var/log/inactive",
        Partition::Install => "/var/log/install",
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiskUsageOptions {
    /// Folders only (no files).
    pub directories_only: bool,
    /// Largest first, instead of in path order.
    pub sort_by_size: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageRow {
    /// Kilobytes (the apparent size, rounded up), as `du -k --apparent-size` shows it.
    pub kb: u64,
    pub path: String,
    pub is_dir: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiskUsage {
    pub partition: String,
    pub rows: Vec<UsageRow>,
    pub total_kb: u64,
    /// Rows beyond [`MAX_ROWS`].
    pub left_out: usize,
}

fn kb(bytes: u64) -> u64 {
    bytes.div_ceil(1024)
}

/// Walks the partition once: every file's size goes to it and to each folder above it.
pub fn diskusage(op: &Op, area: DuArea, opts: DiskUsageOptions) -> Result<DiskUsage> {
    let root = match area {
        DuArea::Log(p) => op.node().partition(p),
        DuArea::Common => op.node().dir().to_path_buf(),
        DuArea::Tmp => tmp_dir(op.node()),
    };
    let base = area.platform_path();
    let shown = |rel: &Path| -> String {
        let rel = rel.to_string_lossy();
        if rel.is_empty() {
            base.to_string()
        } else {
            format!("{base}/{rel}")
        }
    };
    let mut dirs: BTreeMap<std::path::PathBuf, u64> = BTreeMap::new();
    let mut files: Vec<(std::path::PathBuf, u64)> = Vec::new();
    dirs.insert(std::path::PathBuf::new(), 0);
    let mut walked = 0usize;
    for entry in walkdir::WalkDir::new(&root).follow_links(false).min_depth(1).into_iter().flatten() {
        walked += 1;
        if walked.is_multiple_of(4096) {
            op.cancel().check()?;
        }
        let Ok(rel) = entry.path().strip_prefix(&root) else { continue };
        let rel = rel.to_path_buf();
        // Apparent sizes in bytes, a folder's own entry included, as du --apparent-size.
        let size = entry.path().symlink_metadata().map(|m| m.len()).unwrap_or(0);
        let mut parent = rel.parent();
        while let Some(p) = parent {
            *dirs.entry(p.to_path_buf()).or_insert(0) += size;
            parent = p.parent();
        }
        if entry.file_type().is_dir() {
            *dirs.entry(rel).or_insert(0) += size;
        } else {
            files.push((rel, size));
        }
    }
    if let Ok(m) = root.symlink_metadata() {
        *dirs.entry(std::path::PathBuf::new()).or_insert(0) += m.len();
    }
    let total_kb = kb(dirs.get(Path::new("")).copied().unwrap_or(0));
    let mut rows: Vec<UsageRow> =
        dirs.iter().map(|(p, b)| UsageRow { kb: kb(*b), path: shown(p), is_dir: true }).collect();
    if !opts.directories_only {
        rows.extend(files.iter().map(|(p, b)| UsageRow { kb: kb(*b), path: shown(p), is_dir: false }));
    }
    if opts.sort_by_size {
        rows.sort_by(|a, b| b.kb.cmp(&a.kb).then_with(|| a.path.cmp(&b.path)));
    } else {
        // du's order: what is in a folder before the folder itself, the partition last.
        rows.sort_by(|a, b| du_order(&a.path, &b.path));
    }
    let left_out = rows.len().saturating_sub(MAX_ROWS);
    rows.truncate(MAX_ROWS);
    Ok(DiskUsage { partition: area.name().to_string(), rows, total_kb, left_out })
}

/// Path order with a folder after everything inside it: component by component, a path
/// that ends where another goes on sorts after it (a total order).
fn du_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.split('/'), b.split('/'));
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) if p == q => continue,
            (Some(p), Some(q)) => return p.cmp(q),
            (None, Some(_)) => return std::cmp::Ordering::Greater,
            (Some(_), None) => return std::cmp::Ordering::Less,
            (None, None) => return std::cmp::Ordering::Equal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_come_after_what_they_hold() {
        let mut v = vec!["/a", "/a/b", "/a/b/c", "/a.x", "/a/c", "/b"];
        v.sort_by(|x, y| du_order(x, y));
        assert_eq!(v, vec!["/a/b/c", "/a/b", "/a/c", "/a", "/a.x", "/b"]);
    }

    #[test]
    fn sizes_round_up_to_kilobytes() {
        assert_eq!(kb(0), 0);
        assert_eq!(kb(1), 1);
        assert_eq!(kb(1024), 1);
        assert_eq!(kb(1025), 2);
    }
}

/// The file `ucsh cluster fault disk-fill` writes, under the activelog.
pub const FILL_FILE: &str = "ucsh-fault/disk-fill.bin";
/// How full `cluster fault disk-fill` makes the logging partition (per cent).
pub const FILL_PERCENT: u64 = 97;

/// What `cluster fault disk-fill` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiskFill {
    /// `activelog/ucsh-fault/disk-fill.bin`.
    pub file: String,
    pub bytes: u64,
    /// How full the logging partition is now.
    pub percent: u64,
}

fn logging(op: &Op) -> Result<crate::engine::platform::Disk> {
    crate::engine::platform::status(op)?
        .disks
        .into_iter()
        .find(|d| d.name == "Disk/logging")
        .ok_or_else(|| crate::engine::EngineError::Internal { what: "no logging partition".into() })
}

/// Fills the node's logging partition to [`FILL_PERCENT`] with one file in the activelog:
/// a sparse file (its apparent size counts, as `du --apparent-size` and the platform's
/// partition figures count it; no disk blocks are spent on it).
pub fn fill(op: &Op) -> Result<DiskFill> {
    use crate::engine::error::IoContext;
    let node = op.node();
    let path = node.partition(Partition::Activelog).join(FILL_FILE);
    let _ = std::fs::remove_file(&path);
    let d = logging(op)?;
    let want_kb = d.total_kb * FILL_PERCENT / 100;
    let bytes = want_kb.saturating_sub(d.used_kb) * 1024;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
    }
    let f = std::fs::File::create(&path).ctx(|| format!("creating {}", path.display()))?;
    f.set_len(bytes).ctx(|| format!("sizing {}", path.display()))?;
    Ok(DiskFill { file: format!("activelog/{FILL_FILE}"), bytes, percent: logging(op)?.percent })
}

/// Removes what `fill` wrote; returns whether there was anything.
pub fn clear_fill(op: &Op) -> Result<bool> {
    let path = op.node().partition(Partition::Activelog).join(FILL_FILE);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(crate::engine::EngineError::io(format!("removing {}", path.display()), e)),
    }
}
