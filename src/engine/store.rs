//! Durable, atomic state files and the per-node lock.
//!
//! Every state file is replaced whole: written to a temporary file in the same folder,
//! flushed to disk, renamed over the old one, and the folder synced, so a process killed at
//! any instant leaves either the old or the new file, never a mix. Read-modify-write cycles
//! run under an exclusive advisory lock on the node's `.lock` file, so two ucsh processes
//! changing one node never lose each other's update.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{EngineError, IoContext, Result};

/// Writes `bytes` to `path` atomically (temp file + fsync + rename + directory fsync).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .ctx(|| format!("creating a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes).ctx(|| format!("writing {}", path.display()))?;
    tmp.as_file().sync_all().ctx(|| format!("syncing {}", path.display()))?;
    tmp.persist(path).map_err(|e| EngineError::io(format!("replacing {}", path.display()), e.error))?;
    sync_dir(dir)
}

/// Flushes a directory entry change (a rename or a new file) to disk.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).ctx(|| format!("syncing {}", dir.display()))
}

/// Reads a TOML state file; a missing file gives `T::default()`.
pub fn read_toml<T: DeserializeOwned + Default>(path: &Path) -> Result<T> {
    match fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .map_err(|e| EngineError::Corrupt { path: path.to_path_buf(), reason: e.to_string() }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(EngineError::io(format!("reading {}", path.display()), e)),
    }
}

/// Reads a TOML state file that must exist.
pub fn read_toml_required<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = fs::read_to_string(path).ctx(|| format!("reading {}", path.display()))?;
    toml::from_str(&text)
        .map_err(|e| EngineError::Corrupt { path: path.to_path_buf(), reason: e.to_string() })
}

/// Writes a TOML state file atomically.
pub fn write_toml<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = toml::to_string_pretty(value)
        .map_err(|e| EngineError::Corrupt { path: path.to_path_buf(), reason: e.to_string() })?;
    atomic_write(path, text.as_bytes())
}

/// An exclusive lock on a directory (its `.lock` file), held until dropped.
pub struct DirLock {
    file: File,
    path: PathBuf,
}

impl DirLock {
    /// Blocks until the lock on `dir` is ours.
    pub fn acquire(dir: &Path) -> Result<DirLock> {
        fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
        let path = dir.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .ctx(|| format!("opening {}", path.display()))?;
        fs4::fs_std::FileExt::lock_exclusive(&file).ctx(|| format!("locking {}", path.display()))?;
        Ok(DirLock { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Closing the descriptor releases the lock too; unlocking first just makes it prompt.
        let _ = fs4::fs_std::FileExt::unlock(&self.file);
    }
}

/// Read-modify-write of one TOML file under the lock of `lock_dir`.
pub fn update_toml<T, R>(lock_dir: &Path, path: &Path, change: impl FnOnce(&mut T) -> Result<R>) -> Result<R>
where
    T: DeserializeOwned + Serialize + Default,
{
    let _lock = DirLock::acquire(lock_dir)?;
    let mut value: T = read_toml(path)?;
    let out = change(&mut value)?;
    write_toml(path, &value)?;
    Ok(out)
}
