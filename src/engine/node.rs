//! One node of the lab: where its files are, its lock, and its platform state.
//!
//! ```text
//! clusters/<cluster>/nodes/<node>/
//!     db.sqlite        this node's replica of the cluster database
//!     platform.toml    node state (up/down), network, NTP, CLI settings, pending reboot, ...
//!     services.toml    activation and run state of each service
//!     accounts.toml    CLI accounts
//!     activelog/ inactivelog/ install/   the log partitions
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::clock::Clock;
use super::deployment::{NodeSpec, Product, Role};
use super::error::{EngineError, Result};
use super::events::Recorder;
use super::platform::PlatformState;
use super::store::{self, DirLock};

/// The log partitions a node has, as `file` commands name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Partition {
    Activelog,
    Inactivelog,
    Install,
}

impl Partition {
    pub const ALL: [Partition; 3] = [Partition::Activelog, Partition::Inactivelog, Partition::Install];

    pub fn name(self) -> &'static str {
        match self {
            Partition::Activelog => "activelog",
            Partition::Inactivelog => "inactivelog",
            Partition::Install => "install",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NodeHandle {
    pub cluster: String,
    pub spec: NodeSpec,
    dir: PathBuf,
    clock: Clock,
    /// Set on the handle an operation hands out: events raised through it wait for the
    /// operation's end (`engine::op`).
    recorder: Option<Arc<Recorder>>,
    /// After an odd number of `utils system switch-version`: the `inactivelog` folder holds
    /// the active version's logs and `activelog` the inactive one's (see [`NodeOverrides`]).
    logs_swapped: bool,
}

/// `node.toml`: what the node's administrators changed of its deployment spec. Applied to
/// the spec whenever a handle is made ([`NodeHandle::with_overrides`]), so everything that
/// reads the spec (dates, traces, `show version`) follows at once.
///
/// - `timezone`: `set timezone`.
/// - `version`, `inactive_version`, `logs_swapped`: `utils system switch-version`, which
///   swaps the versions and, with them, which folder is the active log partition. One
///   atomic write of this file is the whole switch: the log folders are never renamed, so a
///   switch killed at any instant is either done or not.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NodeOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive_version: Option<String>,
    #[serde(default)]
    pub logs_swapped: bool,
}

/// The file holding a node's [`NodeOverrides`].
pub const OVERRIDES_FILE: &str = "node.toml";

impl NodeHandle {
    pub(crate) fn new(cluster: &str, spec: NodeSpec, dir: PathBuf, clock: Clock) -> Self {
        NodeHandle { cluster: cluster.to_string(), spec, dir, clock, recorder: None, logs_swapped: false }
    }

    /// This handle with the node's `node.toml` applied. A file that cannot be read leaves
    /// the spec as deployed (the commands that change it report the error when they write).
    pub(crate) fn with_overrides(mut self) -> Self {
        let path = self.dir.join(OVERRIDES_FILE);
        if !path.exists() {
            return self;
        }
        let Ok(o) = store::read_toml::<NodeOverrides>(&path) else { return self };
        if let Some(tz) = o.timezone {
            self.spec.timezone = tz;
        }
        if let Some(v) = o.version {
            self.spec.version = v;
            self.spec.inactive_version = o.inactive_version;
        }
        self.logs_swapped = o.logs_swapped;
        self
    }

    pub fn overrides_path(&self) -> PathBuf {
        self.dir.join(OVERRIDES_FILE)
    }

    /// This handle, recording the events raised through it into `recorder`.
    pub(crate) fn recording(mut self, recorder: Arc<Recorder>) -> Self {
        self.recorder = Some(recorder);
        self
    }

    /// This handle without its recorder: events raised through it are written at once.
    pub(crate) fn plain(&self) -> NodeHandle {
        NodeHandle { recorder: None, ..self.clone() }
    }

    pub(crate) fn recorder(&self) -> Option<&Recorder> {
        self.recorder.as_deref()
    }

    /// The engine clock's time (pinned by `UCSH_NOW`).
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The engine clock's time in the node's time zone (what its logs and reports show).
    pub fn local_now(&self) -> DateTime<chrono_tz::Tz> {
        let tz: chrono_tz::Tz = self.spec.timezone.parse().unwrap_or(chrono_tz::UTC);
        self.now().with_timezone(&tz)
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn name(&self) -> &str {
        &self.spec.name
    }

    pub fn role(&self) -> Role {
        self.spec.role
    }

    pub fn product(&self) -> Product {
        self.spec.role.product()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.join("db.sqlite")
    }

    pub fn platform_path(&self) -> PathBuf {
        self.dir.join("platform.toml")
    }

    pub fn services_path(&self) -> PathBuf {
        self.dir.join("services.toml")
    }

    pub fn accounts_path(&self) -> PathBuf {
        self.dir.join("accounts.toml")
    }

    pub fn partition(&self, p: Partition) -> PathBuf {
        let folder = match (p, self.logs_swapped) {
            (Partition::Activelog, true) => Partition::Inactivelog,
            (Partition::Inactivelog, true) => Partition::Activelog,
            (p, _) => p,
        };
        self.dir.join(folder.name())
    }

    /// Takes the node's exclusive lock (blocks until it is free).
    pub fn lock(&self) -> Result<DirLock> {
        DirLock::acquire(&self.dir)
    }

    pub fn platform(&self) -> Result<PlatformState> {
        store::read_toml_required(&self.platform_path())
    }

    /// Changes `platform.toml` under the node lock.
    pub fn update_platform<R>(&self, change: impl FnOnce(&mut PlatformState) -> Result<R>) -> Result<R> {
        let _lock = self.lock()?;
        let mut state = self.platform()?;
        let out = change(&mut state)?;
        store::write_toml(&self.platform_path(), &state)?;
        Ok(out)
    }

    pub fn is_up(&self) -> Result<bool> {
        Ok(self.platform()?.up)
    }

    /// Fails the way the platform reports an unreachable node when this node is down.
    pub fn ensure_up(&self) -> Result<()> {
        if self.is_up()? {
            Ok(())
        } else {
            Err(EngineError::NodeDown { node: self.spec.name.clone() })
        }
    }
}
