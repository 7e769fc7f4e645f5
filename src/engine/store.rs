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
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{EngineError, IoContext, Result};

/// A temporary file in `dir` (named `<prefix>...`), held locked while it lives, after
/// removing the ones of `prefix` a killed process left there.
///
/// A process killed between creating its temporary file and renaming it leaves the file
/// behind, hidden from every `file` command. Each live one is locked by its writer, so the
/// next writer in the folder removes those it can lock: nobody is writing them. A new file
/// that another writer's sweep locked first (between its creation and our lock) is given up
/// for another, so a sweep never removes a live file.
pub(crate) fn locked_temp(dir: &Path, prefix: &str) -> Result<tempfile::NamedTempFile> {
    sweep_stale(dir, prefix);
    loop {
        let tmp = tempfile::Builder::new()
            .prefix(prefix)
            .tempfile_in(dir)
            .ctx(|| format!("creating a temporary file in {}", dir.display()))?;
        if fs4::fs_std::FileExt::try_lock_exclusive(tmp.as_file()).unwrap_or(false) {
            return Ok(tmp);
        }
    }
}

/// Removes the files of `prefix` in `dir` that no live writer holds locked (best effort).
pub(crate) fn sweep_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        if !e.file_name().to_str().is_some_and(|n| n.starts_with(prefix)) {
            continue;
        }
        if !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(f) = OpenOptions::new().read(true).write(true).open(e.path()) else { continue };
        if matches!(fs4::fs_std::FileExt::try_lock_exclusive(&f), Ok(true)) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Writes `bytes` to `path` atomically (temp file + fsync + rename + directory fsync).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
    let mut tmp = locked_temp(dir, ".tmp-")?;
    tmp.write_all(bytes).ctx(|| format!("writing {}", path.display()))?;
    tmp.as_file().sync_all().ctx(|| format!("syncing {}", path.display()))?;
    tmp.persist(path).map_err(|e| EngineError::io(format!("replacing {}", path.display()), e.error))?;
    sync_dir(dir)
}

/// Flushes a directory entry change (a rename or a new file) to disk.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).ctx(|| format!("syncing {}", dir.display()))
}

/// Reads a TOML state file; a missing file gives `T::default()`. An empty file is not a
/// missing one: state files are replaced whole and never written empty, so an empty one was
/// cut short (a full disk, a crash of the machine) and is refused, not read as defaults.
pub fn read_toml<T: DeserializeOwned + Default>(path: &Path) -> Result<T> {
    match fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => Err(EngineError::Corrupt {
            path: path.to_path_buf(),
            reason: "the file is empty (it was cut short); restore it from a backup".into(),
        }),
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
    let mut text = toml::to_string_pretty(value)
        .map_err(|e| EngineError::Corrupt { path: path.to_path_buf(), reason: e.to_string() })?;
    // Never an empty file: `read_toml` takes one for a file cut short.
    if text.trim().is_empty() {
        text = "# nothing set\n".into();
    }
    atomic_write(path, text.as_bytes())
}

/// How long a command waits for a lock another process holds before it gives up and says
/// who holds it (README). Every read-modify-write of a node is short; a wait this long means
/// a stuck or foreign process, not a busy one.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Tries to take the exclusive lock of `file` (the lock file `path`) for at most `wait`;
/// `false` when another process still holds it then.
pub(crate) fn try_lock_for(file: &File, path: &Path, wait: Duration) -> Result<bool> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        if fs4::fs_std::FileExt::try_lock_exclusive(file).ctx(|| format!("locking {}", path.display()))? {
            return Ok(true);
        }
        if start.elapsed() >= wait {
            return Ok(false);
        }
        std::thread::sleep(pause.min(wait.saturating_sub(start.elapsed())));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Takes the exclusive lock of `file` (the lock file `path`), waiting at most [`LOCK_WAIT`],
/// then failing with an error that names the process holding it.
pub(crate) fn lock_bounded(file: &File, path: &Path) -> Result<()> {
    if try_lock_for(file, path, LOCK_WAIT)? {
        return Ok(());
    }
    Err(EngineError::LockHeld {
        path: path.to_path_buf(),
        holder: lock_holder(file).unwrap_or_else(|| "another process".into()),
        seconds: LOCK_WAIT.as_secs(),
    })
}

/// Who holds the lock on `file`: "process <pid> (<command line>)", from /proc/locks, whose
/// lines read `1: FLOCK  ADVISORY  WRITE <pid> <major>:<minor>:<inode> 0 EOF` (a process
/// waiting for the lock has `->` after the number).
fn lock_holder(file: &File) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata().ok()?;
    let id = format!("{:02x}:{:02x}:{}", libc::major(meta.dev()), libc::minor(meta.dev()), meta.ino());
    let locks = fs::read_to_string("/proc/locks").ok()?;
    let pid = locks.lines().find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.get(1) == Some(&"->") || f.get(5) != Some(&id.as_str()) {
            return None;
        }
        f.get(4)?.parse::<u32>().ok()
    })?;
    let cmd = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let words: Vec<String> = cmd
        .split(|b| *b == 0)
        .filter(|w| !w.is_empty())
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    Some(if words.is_empty() {
        format!("process {pid}")
    } else {
        format!("process {pid} ({})", crate::engine::text::printable(&words.join(" ")))
    })
}

/// An exclusive lock on a directory (its `.lock` file), held until dropped.
pub struct DirLock {
    file: File,
    path: PathBuf,
}

impl DirLock {
    /// Waits (at most [`LOCK_WAIT`]) until the lock on `dir` is ours.
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
        lock_bounded(&file, &path)?;
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
