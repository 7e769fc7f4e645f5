//! The shared lab fixture: each test binary builds a lab once per (options, clock) and
//! every test gets its own copy (`cp -a`, times kept), instead of running `cluster init`
//! — databases, accounts, trace history, each file synced — again for every test.
//!
//! Templates live under Cargo's per-target scratch folder, one folder per test process;
//! folders of processes that have ended are removed by the next binary that starts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock, PoisonError};

use ucsh::engine::deployment::InitOptions;
use ucsh::engine::lab::Existing;
use ucsh::engine::{Clock, Lab};

/// This process's template folder; stale ones of ended processes are removed first.
fn templates_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        // Cargo's scratch folder for tests and benches; examples have none.
        let base = option_env!("CARGO_TARGET_TMPDIR")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir)
            .join("ucsh-test-labs");
        if let Ok(entries) = std::fs::read_dir(&base) {
            for e in entries.flatten() {
                let pid = e.file_name().to_string_lossy().to_string();
                if !Path::new("/proc").join(&pid).exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        base.join(std::process::id().to_string())
    })
}

fn clock_key(clock: Clock) -> String {
    if clock.is_pinned() {
        clock.now().timestamp().to_string()
    } else {
        "system".into()
    }
}

/// The template for `opts` and `clock`, built on first use (once per process).
fn template(opts: &InitOptions, clock: Clock) -> PathBuf {
    static BUILT: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let key =
        format!("s{}-{}-p{}-{}", opts.cm_subscribers, opts.sample_data, opts.population, clock_key(clock));
    let built = BUILT.get_or_init(|| Mutex::new(HashMap::new()));
    // Held while building: tests that need the same template wait for the one build.
    let mut built = built.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(path) = built.get(&key) {
        return path.clone();
    }
    let path = templates_root().join(&key);
    let _ = std::fs::remove_dir_all(&path);
    Lab::init(&path, opts, None, Existing::Refuse, clock)
        .unwrap_or_else(|e| panic!("building the lab template: {e}"));
    built.insert(key, path.clone());
    path
}

/// A fresh copy of the standard lab (`opts`, made at `clock`) in `dest`, opened at `clock`.
pub fn lab_at(dest: &Path, opts: &InitOptions, clock: Clock) -> Lab {
    let from = template(opts, clock);
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("creating {}: {e}", parent.display()));
    }
    // `from/.` copies the contents, whether or not `dest` exists yet.
    let status = Command::new("cp")
        .arg("-a")
        .arg(from.join("."))
        .arg(dest)
        .status()
        .unwrap_or_else(|e| panic!("running cp: {e}"));
    assert!(status.success(), "cp -a {} {} failed: {status}", from.display(), dest.display());
    Lab::open(dest, clock).unwrap_or_else(|e| panic!("opening the copied lab: {e}"))
}

/// A copy of the default standard lab in `dest`.
pub fn standard_lab(dest: &Path, clock: Clock) -> Lab {
    lab_at(dest, &InitOptions::default(), clock)
}
