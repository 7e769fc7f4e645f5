//! IM and Presence operations outside HA: the IM address scheme change (`ucsh cluster
//! im-address-scheme`, a host command: ucsh's own wording) and `utils imdb_replication
//! status`.

use super::{to_json, Report};
use crate::engine::imaddress::SchemeChange;

impl Report for SchemeChange {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "IM address scheme of {}: {} (was {})\n",
            self.cluster,
            self.scheme.describe(),
            self.previous.describe()
        ));
        for n in &self.stopped {
            let list =
                if n.services.is_empty() { "nothing was running".to_string() } else { n.services.join(", ") };
            out.push_str(&format!("Stopped on {}: {list}\n", n.node));
        }
        out.push_str(&format!("IM addresses updated: {}\n", self.users_updated));
        out.push_str(
            "Start the services on every node in this order: Cisco XCP Router; then Cisco SIP Proxy and \
             Cisco Presence Engine; once Cisco Presence Engine runs on every node, Cisco Client Profile Agent \
             and Cisco Sync Agent. Start the XCP services that were running again.\n",
        );
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

use crate::engine::imdb::{Broken, ImdbResult, ImdbStatus};

// ucsh: the platform's output of `utils imdb_replication status` is not public. The first
// lines name the DSNs and the ports the reference names; then, per presence redundancy
// group, its nodes and one line per DSN and direction; a closing SUCCESS or FAILURE line.
pub const IMDB_HEADER: &str =
    "Running IMDB DSN (ttsoft, ttlogin, ttreg) replication tests on all available cluster nodes.";
pub const IMDB_NOTE: &str = "Note: For this utility to run successfully, ports 6603, 6604 and 6605 must be opened on any firewalls configured between the IM and Presence Service nodes.";
pub const IMDB_SUCCESS: &str =
    "SUCCESS: IMDB DSN (ttsoft, ttlogin, ttreg) replicating normally across all cluster nodes.";
pub const IMDB_FAILURE: &str = "FAILURE: IMDB DSN replication is not working between some cluster nodes.";
pub const IMDB_SINGLE: &str = "  No peer node in this subcluster: nothing to replicate";

pub fn broken_text(b: &Broken) -> String {
    match b {
        Broken::NodeDown { node } => format!("{node} unreachable"),
        Broken::ServiceStopped { node, service } => format!("{service} not running on {node}"),
        Broken::LinkBroken { node } => format!("replication link down on {node}"),
    }
}

impl Report for ImdbStatus {
    fn text(&self, out: &mut String) {
        out.push_str(IMDB_HEADER);
        out.push('\n');
        out.push_str(IMDB_NOTE);
        out.push('\n');
        for g in &self.groups {
            out.push('\n');
            out.push_str(&format!("Subcluster Name: {}\n", g.group));
            for (i, n) in g.nodes.iter().enumerate() {
                out.push_str(&format!("Node {}: {} ({})\n", i + 1, n.name, n.address));
            }
            if g.checks.is_empty() {
                out.push_str(IMDB_SINGLE);
                out.push('\n');
            }
            for c in &g.checks {
                let result = match &c.result {
                    ImdbResult::Passed => "Passed".to_string(),
                    ImdbResult::Failed(b) => format!("Failed: {}", broken_text(b)),
                };
                out.push_str(&format!("  {:<8} {}  {} -> {}  {result}\n", c.dsn, c.port, c.from, c.to));
            }
        }
        out.push('\n');
        out.push_str(if self.healthy { IMDB_SUCCESS } else { IMDB_FAILURE });
        out.push('\n');
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }

    fn findings(&self) -> bool {
        !self.healthy
    }
}

use crate::engine::fileserver::{Copied, TransferSpeed};

// `show fileserver transferspeed`: the reference's layout (GNU dd's lines, the product's
// `finised`); the closing line on the 60 MB/s requirement is ucsh's.
pub const FS_WRITE: &str =
    "Copying the file onto the mounted file system. Please note the writing speed recorded below.";
pub const FS_READ: &str =
    "Copying the file from the mounted file system. Please note the reading speed recorded below.";
pub const FS_CLEAN: &str = "Clean-up finised";
pub const FS_MEETS: &str =
    "The transfer speed meets the requirement for an external file server (more than 60 MB/s).";
pub const FS_BELOW: &str =
    "The transfer speed does not meet the requirement for an external file server (more than 60 MB/s).";

/// A byte count as GNU dd shows it in parentheses: decimal units, one decimal under 10.
pub fn dd_size(bytes: u64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < units.len() {
        v /= 1000.0;
        u += 1;
    }
    if v < 10.0 && u > 0 {
        format!("{v:.1} {}", units[u])
    } else {
        format!("{v:.0} {}", units[u])
    }
}

fn dd_lines(out: &mut String, c: &Copied) {
    out.push_str(&format!("{}+0 records in\n{}+0 records out\n", c.records, c.records));
    out.push_str(&format!(
        "{} bytes ({}) copied, {:.4} s, {:.1} MB/s\n",
        c.bytes,
        dd_size(c.bytes),
        c.seconds,
        c.mb_per_s
    ));
}

impl Report for TransferSpeed {
    fn text(&self, out: &mut String) {
        out.push('\n');
        out.push_str(FS_WRITE);
        out.push('\n');
        dd_lines(out, &self.write);
        out.push('\n');
        out.push_str(FS_READ);
        out.push('\n');
        dd_lines(out, &self.read);
        out.push('\n');
        out.push_str(FS_CLEAN);
        out.push('\n');
        out.push_str(if self.meets { FS_MEETS } else { FS_BELOW });
        out.push('\n');
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }

    fn findings(&self) -> bool {
        !self.meets
    }
}
