//! `utils dbreplication ...` as the platform prints it.
//!
//! `status`, `repair` and `reset` follow the public captures character for character;
//! where the platform's text is not public (the status and repair summaries, stop,
//! clusterreset, dropadmindb, forcedatasyncsub, setrepltimeout), the wording is ucsh's,
//! modelled on those captures and documented in the catalog.

use crate::engine::db::dbreplication::{
    ClusterReset, DropAdminDb, ForceDataSync, LastCommand, NodeOutcome, NodeRow, RepairReport, ReplTimeout,
    ResetReport, RuntimeState, StatusReport, StopReport,
};
use crate::engine::db::maintenance::{ProcessOption, QuickAudit, Rebuild, TableRepair};
use crate::render::{to_json, Report};

/// The confirmation the replication commands that destroy set-up or data ask.
pub const CONTINUE_YN: &str = "Continue (y/n)?";

pub const CLUSTERRESET_WARNING: &str = "\
This command resets database replication on the entire cluster.
Replication must already be stopped on all subscribers and then on the publisher.
Every subscriber is set up again from the publisher's data.
";

pub const DROPADMINDB_WARNING: &str = "\
This command drops the replication administration database (syscdr) of this node.
Run it only if 'utils dbreplication reset' or 'utils dbreplication clusterreset' failed.
Replication to this node stays down until 'utils dbreplication reset' is run on the publisher.
";

pub const FORCEDATASYNC_WARNING: &str = "\
This command replaces all the data of the subscriber with the data of the publisher.
Changes made only on the subscriber are lost. Restart the subscriber when it completes.
";

pub const REBUILD_WARNING: &str = "\
This command rebuilds database replication: on each subscriber named it stops replication,
drops the replication administration data (syscdr) and sets replication up again from
the publisher's data. Run it in a maintenance window.
";

/// A declined confirmation: nothing was done.
#[derive(Debug, serde::Serialize)]
pub struct Cancelled;

impl Report for Cancelled {
    fn text(&self, out: &mut String) {
        out.push_str("Command cancelled: nothing was changed.\n");
    }
    fn json(&self) -> serde_json::Value {
        serde_json::json!({ "done": false })
    }
}

fn yn(b: bool) -> char {
    if b {
        'Y'
    } else {
        'N'
    }
}

fn last_command(out: &mut String, last: &Option<LastCommand>) {
    match last {
        None => out.push_str("Cluster Replication State: Only available on the PUB\n\n"),
        Some(LastCommand::Broadcast { ended_at, tables, log }) => {
            out.push_str(&format!("Cluster Replication State: BROADCAST SYNC ended at: {ended_at}\n"));
            out.push_str(&format!("     Sync Result: SYNC COMPLETED on {tables} tables out of {tables}\n"));
            out.push_str("     Sync Status: All Tables are in sync\n");
            out.push_str(&format!("     Use CLI to see detail: 'file view activelog {log}'\n\n"));
        }
        Some(LastCommand::Status { started_at, checked, total, last_table, mismatched_tables, report }) => {
            out.push_str(&format!(
                "Cluster Replication State: Replication status command started at: {started_at}\n"
            ));
            // A check that has not reached the last table is still running.
            let state = if checked < total { "in PROGRESS" } else { "COMPLETED" };
            out.push_str(&format!(
                "     Replication status command {state}. Checked {checked} tables out of {total}\n"
            ));
            out.push_str(&format!("     Last Completed Table: {last_table}\n"));
            if *mismatched_tables == 0 {
                out.push_str("     No Errors or Mismatches found.\n");
            } else {
                out.push_str(&format!("     Mismatches found in {mismatched_tables} tables.\n"));
            }
            out.push_str(&format!("\n     Use 'file view activelog {report}' to see the details\n\n\n"));
        }
        Some(LastCommand::Repair { started_at, processed, total, rows_fixed, report }) => {
            out.push_str(&format!(
                "Cluster Replication State: Replication repair command started at: {started_at}\n"
            ));
            out.push_str(&format!(
                "     Replication repair command COMPLETED {processed} tables processed out of {total}\n"
            ));
            if *rows_fixed == 0 {
                out.push_str("     No Errors or Mismatches found.\n");
            } else {
                out.push_str(&format!("     {rows_fixed} rows repaired.\n"));
            }
            out.push_str(&format!("\n     Use 'file view activelog {report}' to see the details\n\n\n"));
        }
    }
}

/// Column starts follow the CUCM 14 capture: SERVER-NAME is 20 wide, or the longest name
/// plus two when names are longer; the other columns keep their widths.
fn detailed_view(out: &mut String, from: &str, nodes: &[NodeRow]) {
    let w = nodes.iter().map(|n| n.name.len() + 2).max().unwrap_or(0).max(20);
    out.push_str(&format!("Cluster Detailed View from {from} ({} Servers):\n\n", nodes.len()));
    let head = |a: &str, b: &str, c: &str, d: &str, e: &str, f: &str, g: &str| {
        format!("{a:<w$}{b:<18}{c:<10}{d:<10}{e:<9}{f:<15}{g}\n")
    };
    out.push_str(&head("", "", "PING", "DB/RPC/", "REPL.", "Replication", "REPLICATION SETUP"));
    out.push_str(&head(
        "SERVER-NAME",
        "IP ADDRESS",
        "(msec)",
        "DbMon?",
        "QUEUE",
        "Group ID",
        "(RTMT) & Details",
    ));
    out.push_str(&head(
        "-----------",
        "----------",
        "------",
        "-------",
        "-----",
        "-----------",
        "------------------",
    ));
    for n in nodes {
        let ping = n.ping_ms.map_or("-".to_string(), |p| format!("{p:.3}"));
        let flags = format!("{}/{}/{}", yn(n.db), yn(n.rpc), yn(n.dbmon));
        out.push_str(&head(
            &n.name,
            &n.ip,
            &ping,
            &flags,
            &n.queue.to_string(),
            &format!("(g_{})", n.group_id),
            // Rows have no trailing blanks, even with no details.
            format!("({}) {}", n.state, n.detail).trim_end(),
        ));
    }
    out.push('\n');
}

impl Report for RuntimeState {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("\nServer Time: {}\n\n", self.server_time));
        last_command(out, &self.last_command);
        out.push_str(&format!("DB Version: {}\n\n", self.db_version));
        out.push_str(&format!("Repltimeout set to: {}s\n", self.repltimeout));
        out.push_str(&format!("PROCESS option set to: {}\n\n\n", self.process));
        if let Some(from) = &self.view_from {
            detailed_view(out, from, &self.nodes);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

fn see_output(out: &mut String, report: &str) {
    out.push_str(&format!("Please use \"file view activelog {report} \" command to see the output\n"));
}

impl Report for StatusReport {
    fn text(&self, out: &mut String) {
        out.push_str("\n\nReplication status check is now running in background.\n");
        out.push_str("Use command 'utils dbreplication runtimestate' to check its progress\n\n");
        out.push_str(&format!("The final output will be in file {}\n\n", self.report));
        // As on the platform, the findings are in the report (and in JSON), not here; a
        // check that found problems still exits 3.
        see_output(out, &self.report);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        self.differs()
    }
}

impl Report for RepairReport {
    fn text(&self, out: &mut String) {
        out.push_str("-------------------- utils dbreplication repair --------------------\n\n");
        out.push_str("Replication Repair is now running in the background.\n");
        out.push_str("Use command 'utils dbreplication runtimestate' to check its progress\n\n");
        out.push_str(&format!("Output will be in file {}\n\n", self.report));
        // What was repaired is in the report (and in JSON), as on the platform.
        see_output(out, &self.report);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

fn outcomes(out: &mut String, nodes: &[NodeOutcome]) {
    for n in nodes {
        match &n.reason {
            None => out.push_str(&format!("OK [{}]\n", n.ip)),
            Some(why) => out.push_str(&format!("ERROR [{}] {why}\n", n.ip)),
        }
    }
}

impl Report for ResetReport {
    fn text(&self, out: &mut String) {
        out.push_str("This command will try to start Replication reset and will return in 1-2 minutes.\n");
        out.push_str("Background repair of replication will continue after that for 1 hour.\n");
        out.push_str("Please watch RTMT replication state. It should go from 0 to 2. When all subs\n");
        out.push_str("have an RTMT Replicate State of 2, replication is complete.\n");
        out.push_str("If Sub replication state becomes 4 or 1, there is an error in replication setup.\n");
        out.push_str("Monitor the RTMT counters on all subs to determine when replication is complete.\n");
        out.push_str("Error details if found will be listed below\n");
        outcomes(out, &self.nodes);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ClusterReset {
    fn text(&self, out: &mut String) {
        out.push_str("-------------------- utils dbreplication clusterreset --------------------\n\n");
        out.push_str("Replication cluster reset is running.\n");
        out.push_str("Use command 'utils dbreplication runtimestate' to check its progress\n\n");
        out.push_str(&format!("Output will be in file {}\n\n", self.log));
        see_output(out, &self.log);
        out.push_str("Error details if found will be listed below\n");
        outcomes(out, &self.nodes);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for StopReport {
    fn text(&self, out: &mut String) {
        out.push_str("Stopping database replication. Changes made on the publisher are queued for the\n");
        out.push_str("stopped nodes until 'utils dbreplication reset' sets replication up again.\n");
        outcomes(out, &self.nodes);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for DropAdminDb {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Dropping the syscdr database on {}\n", self.node));
        out.push_str(&format!(
            "The syscdr database was dropped ({} replication definitions removed).\n",
            self.definitions_dropped
        ));
        out.push_str("Run 'utils dbreplication reset' on the publisher to set up replication again.\n");
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ForceDataSync {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "Restoring subscriber data from the publisher (timeout {} minutes per node{}).\n",
            self.timeout_minutes,
            if self.offload_publisher { ", publisher offloaded" } else { "" }
        ));
        for n in &self.nodes {
            match &n.reason {
                None => out.push_str(&format!("OK [{}] {} rows restored\n", n.ip, n.rows_synced)),
                Some(why) => out.push_str(&format!("ERROR [{}] {why}\n", n.ip)),
            }
        }
        if self.nodes.iter().any(|n| n.ok) {
            out.push_str("Reboot the subscriber node now (utils system restart on the subscriber).\n");
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ReplTimeout {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Replication timeout changed from {}s to {}s.\n", self.previous, self.seconds));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for TableRepair {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "-------------------- utils dbreplication {} --------------------\n\n",
            self.command
        ));
        out.push_str(&format!("Repairing table {} (replicate {})\n", self.table, self.replicate));
        for n in &self.nodes {
            match &n.reason {
                None => out.push_str(&format!("OK [{}] {} rows repaired\n", n.ip, n.rows_fixed)),
                Some(why) => out.push_str(&format!("ERROR [{}] {why}\n", n.ip)),
            }
        }
        out.push_str(&format!("\nOutput is in file {}\n\n", self.report));
        see_output(out, &self.report);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        self.incomplete()
    }
}

impl Report for QuickAudit {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "Quick audit of the dynamic tables against the publisher ({}): {}\n\n",
            self.publisher,
            self.tables.join(", ")
        ));
        for n in &self.nodes {
            match (&n.reason, n.differing.is_empty()) {
                (Some(why), _) => out.push_str(&format!("{}: not checked: {why}\n", n.node)),
                (None, true) => {
                    let n_tables = self.tables.len();
                    let plural = if n_tables == 1 { "" } else { "s" };
                    out.push_str(&format!("{}: in sync ({n_tables} table{plural} checked)\n", n.node));
                }
                (None, false) => {
                    let list: Vec<String> = n.differing.iter().map(|(t, c)| format!("{t} {c}")).collect();
                    out.push_str(&format!("{}: rows differ: {}\n", n.node, list.join(", ")));
                }
            }
        }
        out.push_str(&format!("\nOutput is in file {}\n\n", self.report));
        see_output(out, &self.report);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        QuickAudit::findings(self)
    }
}

impl Report for Rebuild {
    fn text(&self, out: &mut String) {
        out.push_str("-------------------- utils dbreplication rebuild --------------------\n\n");
        out.push_str("Replication rebuild: stop, dropadmindb and reset on each subscriber.\n");
        out.push_str("Please watch RTMT replication state. It should go from 0 to 2.\n");
        out.push_str(&format!("Output will be in file {}\n\n", self.report));
        see_output(out, &self.report);
        out.push_str("Error details if found will be listed below\n");
        outcomes(out, &self.nodes);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        self.nodes.iter().any(|n| !n.ok)
    }
}

impl Report for ProcessOption {
    fn text(&self, out: &mut String) {
        if self.changed {
            out.push_str(&format!("PROCESS option changed from {} to {}.\n", self.previous, self.process));
        } else {
            out.push_str(&format!("PROCESS option set to: {}\n", self.process));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for crate::engine::db::import::ImportReport {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "Imported {} {} into {} ({}): {} new, {} updated\n",
            self.rows, self.kind, self.cluster, self.publisher, self.inserted, self.updated
        ));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
