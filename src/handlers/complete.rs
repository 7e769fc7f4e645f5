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

            // ===== end =====
            _ => {
                let _ = typed;
                Vec::new()
            }
        }
    }
}
