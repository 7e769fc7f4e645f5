//! File specs of the `file` commands, and the rule that keeps them inside their partition.
//!
//! A file spec is a path relative to a partition (`activelog`, `inactivelog`, `install`),
//! with `*` allowed in its last component only. The platform prints specs with a leading
//! `/` (`file view activelog /cm/trace/dbl/...`), so one leading `/` is accepted when the
//! first component exists in the partition; any other absolute path is refused. `..`
//! components and NUL bytes are refused, and every folder and file a spec reaches is
//! resolved (links followed) and must still lie inside the partition: a link that leads
//! outside is refused, never followed.

use std::fs;
use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, Utc};
use globset::{GlobBuilder, GlobMatcher};
use serde::Serialize;
use walkdir::WalkDir;

use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::node::{NodeHandle, Partition};

/// A file or folder a spec reached.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Path relative to the partition, with `/` separators.
    pub rel: String,
    #[serde(skip)]
    pub abs: PathBuf,
    pub is_dir: bool,
    pub size: u64,
    pub modified: DateTime<Utc>,
}

/// The last component of a spec.
#[derive(Debug, Clone)]
pub enum Name {
    /// No last component: the spec names the partition root (or a folder given with a `/`).
    None,
    Exact(String),
    Glob(GlobMatcher),
}

/// A spec resolved against a partition: a folder inside it, and what to pick there.
#[derive(Debug, Clone)]
pub struct Target {
    pub partition: Partition,
    /// The partition's real path (links resolved).
    pub root: PathBuf,
    /// The folder the spec points into (links resolved, inside `root`).
    pub dir: PathBuf,
    /// `dir` relative to the partition, `""` for its root.
    pub rel_dir: String,
    pub name: Name,
    /// The spec as typed.
    pub spec: String,
}

fn refused(spec: &str, reason: &str) -> EngineError {
    EngineError::PathRefused { path: spec.to_string(), reason: reason.to_string() }
}

/// Resolves `spec` inside `partition` of `node`. Checks every rule above; the folder part
/// must exist.
pub fn resolve(node: &NodeHandle, partition: Partition, spec: &str) -> Result<Target> {
    let base = node.partition(partition);
    fs::create_dir_all(&base).ctx(|| format!("creating {}", base.display()))?;
    resolve_in(&base, partition, spec)
}

pub(crate) fn resolve_in(base: &Path, partition: Partition, spec: &str) -> Result<Target> {
    let root = fs::canonicalize(base).ctx(|| format!("resolving {}", base.display()))?;
    if spec.contains('\0') {
        return Err(refused(spec, "it contains a NUL character"));
    }
    let mut text = spec.trim();
    if text.starts_with('~') {
        return Err(refused(spec, "home-directory paths are not allowed; give a path inside the partition"));
    }
    if let Some(rest) = text.strip_prefix('/') {
        if rest.starts_with('/') {
            return Err(refused(spec, "absolute paths are not allowed; give a path inside the partition"));
        }
        let first = rest.split('/').next().unwrap_or("");
        if !first.is_empty() && !first.contains('*') && !root.join(first).exists() {
            return Err(refused(spec, "absolute paths are not allowed; give a path inside the partition"));
        }
        text = rest;
    }
    let trailing_slash = text.ends_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for c in Path::new(text).components() {
        match c {
            Component::Normal(p) => {
                let p = p.to_str().ok_or_else(|| refused(spec, "it is not valid UTF-8"))?;
                parts.push(p);
            }
            Component::CurDir => {}
            Component::ParentDir => return Err(refused(spec, "'..' is not allowed in a file spec")),
            Component::RootDir | Component::Prefix(_) => {
                return Err(refused(spec, "absolute paths are not allowed; give a path inside the partition"))
            }
        }
    }
    let name_part = if trailing_slash { None } else { parts.pop() };
    if parts.iter().any(|p| p.contains('*')) {
        return Err(refused(spec, "'*' is allowed only in the last part of a file spec"));
    }
    let mut dir = root.clone();
    for p in &parts {
        dir.push(p);
    }
    let dir = match fs::canonicalize(&dir) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(EngineError::NoSuchFile {
                partition: partition.name().to_string(),
                spec: spec.to_string(),
            })
        }
        Err(e) => return Err(EngineError::io(format!("resolving {}", dir.display()), e)),
    };
    if !dir.starts_with(&root) {
        return Err(refused(spec, "it leads outside the partition through a link"));
    }
    if !dir.is_dir() {
        return Err(EngineError::NoSuchFile {
            partition: partition.name().to_string(),
            spec: spec.to_string(),
        });
    }
    let rel_dir = rel_of(&root, &dir);
    if let Some(n) = name_part.filter(|n| !n.contains('*')) {
        // A named file or folder that is a link must stay inside too.
        let p = dir.join(n);
        if fs::symlink_metadata(&p).is_ok() {
            match fs::canonicalize(&p) {
                Ok(real) if real.starts_with(&root) => {}
                Ok(_) => return Err(refused(spec, "it is a link that leads outside the partition")),
                Err(_) => return Err(refused(spec, "it is a link that leads nowhere")),
            }
        }
    }
    let name = match name_part {
        None => Name::None,
        Some(n) if n.contains('*') => Name::Glob(glob(n).map_err(|e| refused(spec, &e))?),
        Some(n) => Name::Exact(n.to_string()),
    };
    Ok(Target { partition, root, dir, rel_dir, name, spec: spec.to_string() })
}

/// A matcher for a last component where only `*` is special.
pub fn glob(pattern: &str) -> std::result::Result<GlobMatcher, String> {
    let escaped: Vec<String> = pattern.split('*').map(globset::escape).collect();
    GlobBuilder::new(&escaped.join("*"))
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| e.to_string())
}

fn rel_of(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .map(|r| r.components().filter_map(|c| c.as_os_str().to_str()).collect::<Vec<_>>().join("/"))
        .unwrap_or_default()
}

impl Target {
    fn not_found(&self) -> EngineError {
        EngineError::NoSuchFile { partition: self.partition.name().to_string(), spec: self.spec.clone() }
    }

    /// Builds an entry for `path` (found in a folder inside the partition), refusing a link
    /// that leads outside.
    pub(crate) fn entry(&self, path: &Path) -> Result<Entry> {
        let real = fs::canonicalize(path).ctx(|| format!("resolving {}", path.display()))?;
        if !real.starts_with(&self.root) {
            let rel = rel_of(&self.root, path);
            return Err(refused(&rel, "it is a link that leads outside the partition"));
        }
        let meta = fs::metadata(&real).ctx(|| format!("reading {}", path.display()))?;
        Ok(Entry {
            rel: rel_of(&self.root, path),
            abs: real,
            is_dir: meta.is_dir(),
            size: if meta.is_dir() { 0 } else { meta.len() },
            modified: meta.modified().map(DateTime::<Utc>::from).unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
        })
    }

    fn link_entry(&self, path: &Path) -> Result<Entry> {
        let meta = fs::symlink_metadata(path).ctx(|| format!("reading {}", path.display()))?;
        Ok(Entry {
            rel: rel_of(&self.root, path),
            abs: path.to_path_buf(),
            is_dir: false,
            size: meta.len(),
            modified: meta.modified().map(DateTime::<Utc>::from).unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
        })
    }

    fn matches(&self, file_name: &str) -> bool {
        match &self.name {
            Name::None => true,
            Name::Exact(n) => n == file_name,
            Name::Glob(g) => g.is_match(file_name),
        }
    }

    /// What a listing shows: the folder's entries when the spec names a folder, otherwise
    /// the matching entries of its folder (files and folders). Missing → error.
    pub fn listing(&self) -> Result<Vec<Entry>> {
        let dir = match &self.name {
            Name::Exact(n) if self.dir.join(n).is_dir() => self.dir.join(n),
            _ => self.dir.clone(),
        };
        let name_is_dir = matches!(&self.name, Name::Exact(n) if self.dir.join(n).is_dir());
        let real = fs::canonicalize(&dir).ctx(|| format!("resolving {}", dir.display()))?;
        if !real.starts_with(&self.root) {
            return Err(refused(&self.spec, "it leads outside the partition through a link"));
        }
        let mut out = Vec::new();
        for e in fs::read_dir(&real).ctx(|| format!("reading {}", real.display()))? {
            let e = e.ctx(|| format!("reading {}", real.display()))?;
            let fname = e.file_name();
            let Some(fname) = fname.to_str() else { continue };
            if fname.starts_with('.') {
                continue;
            }
            if name_is_dir || self.matches(fname) {
                // A link that leads outside is listed as the link itself, never followed.
                let entry = match self.entry(&e.path()) {
                    Ok(entry) => entry,
                    Err(EngineError::PathRefused { .. }) => self.link_entry(&e.path())?,
                    Err(err) => return Err(err),
                };
                out.push(entry);
            }
        }
        if out.is_empty() && !matches!(self.name, Name::None) && !name_is_dir {
            return Err(self.not_found());
        }
        Ok(out)
    }

    /// The regular files a spec selects: a named file, the files a `*` matches, or the
    /// files in a named folder; with `recurs`, also those in folders below (for a `*`,
    /// files whose name matches, at any depth).
    pub fn files(&self, recurs: bool) -> Result<Vec<Entry>> {
        let (start, name_filter): (PathBuf, bool) = match &self.name {
            Name::Exact(n) if self.dir.join(n).is_dir() => (self.dir.join(n), false),
            Name::Exact(n) => {
                let p = self.dir.join(n);
                if fs::symlink_metadata(&p).is_err() {
                    return Err(self.not_found());
                }
                let e = self.entry(&p)?;
                if e.is_dir {
                    return Err(self.not_found());
                }
                return Ok(vec![e]);
            }
            Name::Glob(_) => (self.dir.clone(), true),
            Name::None => (self.dir.clone(), false),
        };
        let depth = if recurs { usize::MAX } else { 1 };
        // The folder's real path, resolved once: the walk follows no link below it, so a
        // plain file found in it lies at the same place below the real path and needs no
        // resolving of its own (only links do, to refuse those that lead outside).
        let real_start = fs::canonicalize(&start).ctx(|| format!("resolving {}", start.display()))?;
        if !real_start.starts_with(&self.root) {
            return Err(refused(&self.spec, "it leads outside the partition through a link"));
        }
        let mut out = Vec::new();
        for e in WalkDir::new(&start).min_depth(1).max_depth(depth).follow_links(false).sort_by_file_name() {
            let e =
                e.map_err(|e| EngineError::ReadFolder { spec: self.spec.to_string(), why: e.to_string() })?;
            let Some(fname) = e.file_name().to_str() else { continue };
            if fname.starts_with('.') {
                continue;
            }
            if name_filter && !self.matches(fname) {
                continue;
            }
            let ft = e.file_type();
            if ft.is_dir() {
                continue;
            }
            if ft.is_symlink() {
                // A link that leads outside the partition, or nowhere, is skipped: one such
                // link must not stop a search or delete over a whole folder.
                let entry = match self.entry(e.path()) {
                    Ok(entry) => entry,
                    Err(EngineError::PathRefused { .. } | EngineError::Io { .. }) => continue,
                    Err(err) => return Err(err),
                };
                if !entry.is_dir && fs::metadata(&entry.abs).is_ok_and(|m| m.is_file()) {
                    out.push(entry);
                }
                continue;
            }
            // Pipes, sockets and devices are not files to read (a FIFO blocks the reader).
            if !ft.is_file() {
                continue;
            }
            let meta = e.metadata().map_err(|err| EngineError::ReadFolder {
                spec: self.spec.to_string(),
                why: err.to_string(),
            })?;
            let below = e.path().strip_prefix(&start).unwrap_or(e.path());
            out.push(Entry {
                rel: rel_of(&self.root, e.path()),
                abs: real_start.join(below),
                is_dir: false,
                size: meta.len(),
                modified: meta.modified().map(DateTime::<Utc>::from).unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
            });
        }
        if out.is_empty() && name_filter {
            return Err(self.not_found());
        }
        Ok(out)
    }

    /// The one file a spec must name (`view`, `tail`, `dump`): a `*` must match exactly one.
    pub fn one_file(&self) -> Result<Entry> {
        let mut files = self.files(false)?;
        match files.len() {
            0 => Err(self.not_found()),
            1 => Ok(files.remove(0)),
            n => Err(EngineError::SeveralFiles { spec: self.spec.clone(), count: n }),
        }
    }
}
