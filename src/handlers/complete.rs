//! Values for Tab completion of parameters, by the source the catalog names (`complete =
//! "services"`). Read from the lab each time, so they follow its state.

use crate::catalog::DynamicSource;
use crate::engine::{accounts, services, Lab};

pub struct LabValues<'a> {
    pub lab: &'a Lab,
    pub node: String,
}

impl DynamicSource for LabValues<'_> {
    fn values(&self, source: &str, typed: &str) -> Vec<String> {
        let node = self.lab.node(&self.node);
        match source {
            "nodes" => self.lab.nodes().iter().map(|n| n.name().to_string()).collect(),
            "nodes-all" => std::iter::once("all".to_string())
                .chain(self.lab.nodes().iter().map(|n| n.name().to_string()))
                .collect(),
            "services" => node
                .map(|n| services::catalog(n.role()).iter().map(|d| d.name.to_string()).collect())
                .unwrap_or_default(),
            "accounts" => node
                .ok()
                .and_then(|n| accounts::load(&n).ok())
                .map(|a| a.accounts.into_iter().map(|a| a.name).collect())
                .unwrap_or_default(),
            // ===== feature sources (one arm each; keep the markers) =====
            "buildlog" => {
                crate::engine::traces::catalog::BUILD_LOG.iter().map(|n| n.name.to_string()).collect()
            }
            "logpaths" => node.map(|n| log_paths(&n, typed)).unwrap_or_default(),

            // ===== end =====
            _ => {
                let _ = typed;
                Vec::new()
            }
        }
    }
}

/// Entries of the activelog folder the typed path is in (folders end with `/`).
fn log_paths(node: &crate::engine::node::NodeHandle, typed: &str) -> Vec<String> {
    let root = node.partition(crate::engine::node::Partition::Activelog);
    let (dir, _) = typed.rsplit_once('/').unwrap_or(("", typed));
    if dir.split('/').any(|p| p == "..") {
        return Vec::new();
    }
    let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
    let Ok(rd) = std::fs::read_dir(root.join(dir.trim_start_matches('/'))) else { return Vec::new() };
    let mut out: Vec<String> = rd
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            if name.starts_with('.') {
                return None;
            }
            let slash = if e.path().is_dir() { "/" } else { "" };
            Some(format!("{prefix}{name}{slash}"))
        })
        .collect();
    out.sort();
    out
}
