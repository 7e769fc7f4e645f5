//! The lab: a data directory holding one deployment of clusters and nodes.
//!
//! `deployment.toml` at the top is the commit point of `cluster init`: the node folders are
//! built first, beside any old ones, and the deployment file is written last, so a killed
//! init leaves either the old lab, or no lab (which the next start recreates), never half
//! of one.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::accounts;
use super::certs;
use super::clock::Clock;
use super::db;
use super::deployment::{self, Cluster, Deployment, InitOptions, NodeSpec};
use super::error::{EngineError, IoContext, Result};
use super::node::{NodeHandle, Partition};
use super::platform::PlatformState;
use super::services::Services;
use super::store;
use super::traces;

pub const DEPLOYMENT_FILE: &str = "deployment.toml";

/// Trace history every new node gets: days, and bytes of trace text shared by its services.
pub const INITIAL_TRACE_DAYS: u32 = 3;
pub const INITIAL_TRACE_BYTES: u64 = 256 << 10;

#[derive(Debug, Clone)]
pub struct Lab {
    dir: PathBuf,
    deployment: Deployment,
    clock: Clock,
}

/// What `cluster init` made.
#[derive(Debug, Clone, Serialize)]
pub struct InitReport {
    pub data_dir: PathBuf,
    pub clusters: Vec<String>,
    pub nodes: Vec<String>,
    pub admin_password_set: bool,
    pub sample_data: bool,
}

/// What `Lab::init` does with a lab already in its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Leave it and fail (`LabExists`).
    Refuse,
    /// Replace it: everything in it is lost (`cluster init --force`).
    Replace,
}

fn node_dir(root: &Path, cluster: &str, node: &str) -> PathBuf {
    root.join(cluster).join("nodes").join(node)
}

impl Lab {
    pub fn exists(dir: &Path) -> bool {
        dir.join(DEPLOYMENT_FILE).is_file()
    }

    pub fn open(dir: &Path, clock: Clock) -> Result<Lab> {
        let path = dir.join(DEPLOYMENT_FILE);
        if !path.is_file() {
            return Err(EngineError::NoLab(dir.to_path_buf()));
        }
        let deployment: Deployment = store::read_toml_required(&path)?;
        Ok(Lab { dir: dir.to_path_buf(), deployment, clock })
    }

    /// Creates the standard lab in `dir`; `existing` says what to do with a lab already
    /// there. `admin_password_hash` is the primary administrator's argon2 hash, if one was
    /// given.
    pub fn init(
        dir: &Path,
        opts: &InitOptions,
        admin_password_hash: Option<String>,
        existing: Existing,
        clock: Clock,
    ) -> Result<(Lab, InitReport)> {
        if opts.cm_subscribers == 0 || opts.cm_subscribers > deployment::MAX_CM_SUBSCRIBERS {
            return Err(EngineError::SubscriberCount { max: deployment::MAX_CM_SUBSCRIBERS });
        }
        Lab::init_layout(dir, deployment::standard(opts), opts, admin_password_hash, existing, clock)
    }

    /// Creates a lab of the given layout (its clusters, nodes, names, addresses and
    /// versions) instead of the standard one, e.g. to put the lab in the state of a
    /// documented sample. The layout is checked first ([`deployment::validate`]).
    pub fn init_layout(
        dir: &Path,
        layout: Deployment,
        opts: &InitOptions,
        admin_password_hash: Option<String>,
        existing: Existing,
        clock: Clock,
    ) -> Result<(Lab, InitReport)> {
        deployment::validate(&layout)?;
        let force = existing == Existing::Replace;
        fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
        let _lock = store::DirLock::acquire(dir)?;
        if Lab::exists(dir) && !force {
            return Err(EngineError::LabExists(dir.to_path_buf()));
        }
        let deployment = layout;
        let staging = dir.join("clusters.new");
        if staging.exists() {
            fs::remove_dir_all(&staging).ctx(|| format!("removing {}", staging.display()))?;
        }
        let now = clock.now();
        for cluster in &deployment.clusters {
            for spec in &cluster.nodes {
                let handle = NodeHandle::new(
                    &cluster.name,
                    spec.clone(),
                    node_dir(&staging, &cluster.name, &spec.name),
                    clock,
                );
                create_node(&handle, cluster, &deployment, admin_password_hash.clone(), opts, now)?;
            }
        }
        // Commit: the lab disappears (no deployment file), the folders swap, the lab appears.
        let deployment_path = dir.join(DEPLOYMENT_FILE);
        if deployment_path.exists() {
            fs::remove_file(&deployment_path).ctx(|| format!("removing {}", deployment_path.display()))?;
            store::sync_dir(dir)?;
        }
        let live = dir.join("clusters");
        let old = dir.join("clusters.old");
        if old.exists() {
            fs::remove_dir_all(&old).ctx(|| format!("removing {}", old.display()))?;
        }
        if live.exists() {
            fs::rename(&live, &old).ctx(|| format!("moving {} aside", live.display()))?;
        }
        fs::rename(&staging, &live).ctx(|| format!("moving {} into place", staging.display()))?;
        store::sync_dir(dir)?;
        store::write_toml(&deployment_path, &deployment)?;
        if old.exists() {
            fs::remove_dir_all(&old).ctx(|| format!("removing {}", old.display()))?;
        }
        let history = dir.join("history");
        if force && history.exists() {
            fs::remove_dir_all(&history).ctx(|| format!("removing {}", history.display()))?;
        }
        let report = InitReport {
            data_dir: dir.to_path_buf(),
            clusters: deployment.clusters.iter().map(|c| c.name.clone()).collect(),
            nodes: deployment.nodes().map(|(_, n)| n.name.clone()).collect(),
            admin_password_set: admin_password_hash.is_some(),
            sample_data: opts.sample_data,
        };
        Ok((Lab { dir: dir.to_path_buf(), deployment, clock }, report))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn deployment(&self) -> &Deployment {
        &self.deployment
    }

    fn handle(&self, cluster: &Cluster, spec: &NodeSpec) -> NodeHandle {
        let node = NodeHandle::new(
            &cluster.name,
            spec.clone(),
            node_dir(&self.dir.join("clusters"), &cluster.name, &spec.name),
            self.clock,
        )
        .with_overrides();
        // A restore a killed process left half way is finished (or undone) before anyone
        // reads the node.
        super::drs::recover(&node);
        node
    }

    /// A node by name, host name or address.
    pub fn node(&self, name: &str) -> Result<NodeHandle> {
        self.deployment
            .find_node(name)
            .map(|(c, n)| self.handle(c, n))
            .ok_or_else(|| EngineError::UnknownNode(name.to_string()))
    }

    /// The default node: the publisher of the first cluster.
    pub fn default_node(&self) -> Result<NodeHandle> {
        let spec = self.deployment.default_node().ok_or_else(|| EngineError::Corrupt {
            path: self.dir.join(DEPLOYMENT_FILE),
            reason: "no nodes".into(),
        })?;
        self.node(&spec.name)
    }

    /// Every node of the deployment, cluster by cluster.
    pub fn nodes(&self) -> Vec<NodeHandle> {
        self.deployment.nodes().map(|(c, n)| self.handle(c, n)).collect()
    }

    /// The nodes of one cluster.
    pub fn cluster_nodes(&self, cluster: &str) -> Result<Vec<NodeHandle>> {
        let c = self
            .deployment
            .cluster(cluster)
            .ok_or_else(|| EngineError::UnknownCluster(cluster.to_string()))?;
        Ok(c.nodes.iter().map(|n| self.handle(c, n)).collect())
    }

    pub fn cluster_of(&self, node: &NodeHandle) -> Result<&Cluster> {
        self.deployment
            .cluster(&node.cluster)
            .ok_or_else(|| EngineError::UnknownCluster(node.cluster.clone()))
    }
}

/// Lays out one node's folder: platform, services, accounts, partitions, and the parts
/// later issues add (database replica, traces).
fn create_node(
    node: &NodeHandle,
    cluster: &Cluster,
    deployment: &Deployment,
    admin_password_hash: Option<String>,
    opts: &InitOptions,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    fs::create_dir_all(node.dir()).ctx(|| format!("creating {}", node.dir().display()))?;
    for p in Partition::ALL {
        let dir = node.partition(p);
        fs::create_dir_all(&dir).ctx(|| format!("creating {}", dir.display()))?;
    }
    let tmp = super::diskusage::tmp_dir(node);
    fs::create_dir_all(&tmp).ctx(|| format!("creating {}", tmp.display()))?;
    // Subscribers take their time from the publisher; publishers from an outside server.
    let ntp = match cluster.publisher(node.product()) {
        Some(p) if p.name != node.name() => p.ipv4.to_string(),
        // The publishers' outside time source.
        _ => "10.10.0.10".to_string(),
    };
    let mut platform = PlatformState::new(now, Some(ntp));
    platform.smtp_host = Some(super::everyday::default_smtp(node));
    store::write_toml(&node.platform_path(), &platform)?;
    super::everyday::create_registry(node)?;
    store::write_toml(&node.services_path(), &Services::initial(node.role()))?;
    accounts::init_primary(node, admin_password_hash, now)?;
    // Each node starts with a few days of trace history, rotated and compressed as its
    // services would have left it (`ucsh cluster traces` makes more).
    traces::writer::generate(
        node,
        INITIAL_TRACE_DAYS,
        INITIAL_TRACE_BYTES,
        flate2::Compression::fast(),
        &mut |_| {},
    )?;
    traces::writer::generate_inactive(
        node,
        INITIAL_TRACE_DAYS,
        INITIAL_TRACE_BYTES / 2,
        flate2::Compression::fast(),
    )?;
    traces::writer::boot_files(node)?;
    traces::writer::write_install_history(node, now)?;
    db::create_replica(node, cluster, deployment, opts)?;
    certs::ensure_own(node)?;
    let _ = deployment;
    Ok(())
}
