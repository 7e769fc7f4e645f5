//! `utils ha status | failover | fallback | recover`: the layout of the CLI reference's
//! examples. A group is a `Subcluster Name:` line, then one line per node numbered from 1
//! (`Node N Name : <name> State: <state>`, then ` Reason: <reason>` unless the state is
//! Normal). Failover echoes `> name`, fallback `>name<` (the platform's asymmetry), both
//! followed by `Request SUCCESSFUL.` and the group as the request leaves it. JSON is the
//! engine's types as they are.

use super::{to_json, Report};
use crate::engine::ha::{GroupHa, HaAutomaticFallback, HaMove, HaRecover, HaStatus, HaSwitch};

fn group(out: &mut String, g: &GroupHa) {
    out.push_str(&format!("Subcluster Name: {}\n", g.group));
    for (i, n) in g.nodes.iter().enumerate() {
        out.push_str(&format!("Node {} Name : {} State: {}", i + 1, n.name, n.state));
        if let Some(r) = &n.reason {
            out.push_str(&format!(" Reason: {r}"));
        }
        out.push('\n');
    }
}

impl Report for HaStatus {
    fn text(&self, out: &mut String) {
        for g in &self.groups {
            group(out, g);
        }
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for HaMove {
    fn text(&self, out: &mut String) {
        if self.action == "failover" {
            out.push_str(&format!("Initiate Manual Failover for Node > {}\n", self.node));
        } else {
            out.push_str(&format!("Initiate Manual fallback for Node >{}<\n", self.node));
        }
        out.push_str("Request SUCCESSFUL.\n");
        group(out, &self.group);
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for HaRecover {
    fn text(&self, out: &mut String) {
        out.push_str("Stopping services... Stopped\n");
        out.push_str("Starting services... Started\n");
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// `ucsh cluster ha enable|disable` (a host command: ucsh's own wording), then the group
/// as `utils ha status` shows it.
impl Report for HaSwitch {
    fn text(&self, out: &mut String) {
        let verb = if self.enabled { "enabled" } else { "disabled" };
        out.push_str(&format!("High Availability {verb} for presence redundancy group {}\n", self.group));
        group(out, &self.status);
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// `ucsh cluster ha automatic-fallback` (a host command: ucsh's own wording), then the
/// cluster's groups as `utils ha status` shows them.
impl Report for HaAutomaticFallback {
    fn text(&self, out: &mut String) {
        let value = if self.enabled { "True" } else { "False" };
        out.push_str(&format!(
            "Cisco Server Recovery Manager Enable Automatic Fallback set to {value} for IM and Presence cluster {}\n",
            self.cluster
        ));
        for g in &self.status.groups {
            group(out, g);
        }
    }

    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
