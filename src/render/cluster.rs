//! ucsh's own host commands (`ucsh cluster ...`): their results and how they read. These
//! are ucsh's formats, not the platform's, so tables here may use tabled.

use serde::Serialize;
use tabled::builder::Builder;
use tabled::settings::{Padding, Style};

use crate::engine::lab::InitReport;
use crate::engine::text::printable;
use crate::engine::traces::HistoryReport;
use crate::render::{to_json, Report};

/// `cluster init`'s result.
impl Report for InitReport {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Created the lab in {}\n", self.data_dir.display()));
        out.push_str(&format!("Clusters: {}\n", self.clusters.join(", ")));
        out.push_str(&format!("Nodes: {}\n", self.nodes.join(", ")));
        if !self.sample_data {
            out.push_str("No sample data (--no-sample-data)\n");
        }
        if !self.admin_password_set {
            out.push_str("The administrator account admin has no password: it works from this machine's ucsh only until \"set password user admin\" gives it one.\n");
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

#[derive(Debug, Serialize)]
pub struct InfoNode {
    pub name: String,
    pub role: String,
    pub fqdn: String,
    pub ipv4: String,
    pub version: String,
    pub up: bool,
    pub presence_group: Option<String>,
    /// `host:port` where `ucsh cluster serve` answers for this node, while it runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssh: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct InfoCluster {
    pub name: String,
    pub peers: Vec<String>,
    pub nodes: Vec<InfoNode>,
}

#[derive(Debug, Serialize)]
pub struct Info {
    pub data_dir: String,
    pub clusters: Vec<InfoCluster>,
}

impl Report for Info {
    /// The lab's folder, then each cluster and its nodes, one line each, in columns sized to
    /// the widest value over all clusters (tabled: this is ucsh's own table, not a platform
    /// format). Columns: name, role, host name, address, version, state, presence group and,
    /// while serving, `ssh ADDRESS`.
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Lab: {}\n", self.data_dir));
        let mut rows = Builder::default();
        for n in self.clusters.iter().flat_map(|c| &c.nodes) {
            let cells = [
                n.name.clone(),
                n.role.clone(),
                n.fqdn.clone(),
                n.ipv4.clone(),
                n.version.clone(),
                (if n.up { "up" } else { "down" }).to_string(),
                n.presence_group.as_ref().map(|g| format!("presence group {g}")).unwrap_or_default(),
                n.ssh.as_ref().map(|a| format!("ssh {a}")).unwrap_or_default(),
            ];
            // One line per node: a line end in a name from the lab's files stays escaped.
            rows.push_record(cells.map(|c| printable(&c).into_owned()));
        }
        let mut table = rows.build();
        table.with(Style::empty()).with(Padding::new(0, 2, 0, 0));
        let text = table.to_string();
        let mut lines = text.lines().map(str::trim_end);
        for c in &self.clusters {
            let peers = if c.peers.is_empty() { "none".to_string() } else { c.peers.join(", ") };
            out.push_str(&format!("\n{} (intercluster peers: {peers})\n", c.name));
            for line in lines.by_ref().take(c.nodes.len()) {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// The reports of `cluster traces`, one per node.
#[derive(Debug, Serialize)]
pub struct TracesReport {
    pub nodes: Vec<HistoryReport>,
}

impl Report for TracesReport {
    fn text(&self, out: &mut String) {
        for n in &self.nodes {
            n.text(out);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
