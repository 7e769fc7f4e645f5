//! The `utils dbreplication` maintenance subcommands: `repairtable`, `repairreplicate`,
//! `quickaudit`, `rebuild` and `setprocess`, on the same replicas as the rest of the family.
//!
//! The platform's outputs of these commands are not public; the wording is ucsh's, modelled
//! on `repair` and `reset`, and documented in the command catalog. In the lab a replicate
//! covers one table and is named `<db>dbtemplate_<table>` (`ccmdbtemplate_enduser`,
//! `cupdbtemplate_rosters`), see [`replicate_name`].

use rusqlite::{params, TransactionBehavior};
use serde::Serialize;

use crate::engine::deployment::Product;
use crate::engine::error::{EngineError, Result};
use crate::engine::node::NodeHandle;
use crate::engine::op::Op;

use super::compare::{self, RepairCount};
use super::dbreplication::{
    audit, db_up, debug_line, ensure_db_running, local, meta_get, meta_set, outcome, reachable_or_err,
    record, require_publisher, require_replicas, resync, stamp, state_of, write_log, LastCommand,
    NodeOutcome, ReplState, SDI_DIR,
};
use super::repl::{self, SUSPENDED};
use super::schema::{self, Table};
use super::{open, sql_err};

/// `setprocess` bounds and default.
pub const PROCESS_MIN: u32 = 1;
pub const PROCESS_MAX: u32 = 40;
pub const PROCESS_DEFAULT: u32 = 1;

/// The name of the replicate that carries `table` (one replicate per table in the lab).
pub fn replicate_name(product: Product, table: &str) -> String {
    let db = match product {
        Product::Cm => "ccm",
        Product::Imp => "cup",
    };
    format!("{db}dbtemplate_{table}")
}

/// The table of this product's database called `name`, as Informix refuses an unknown one.
fn product_table(product: Product, name: &str) -> Result<&'static Table> {
    schema::table(name)
        .filter(|t| t.in_product(product))
        .ok_or_else(|| EngineError::UnknownTable { table: name.to_string() })
}

/// The table a replicate name carries.
fn replicate_table(product: Product, name: &str) -> Result<&'static Table> {
    let prefix = replicate_name(product, "");
    let table = name
        .strip_prefix(&prefix)
        .and_then(|t| schema::table(t).filter(|t| t.in_product(product)))
        .ok_or_else(|| EngineError::UnknownReplicate {
        name: name.to_string(),
        prefix: prefix.clone(),
    })?;
    Ok(table)
}

/// The tables `quickaudit` checks: the dynamic content users change at run time (the
/// `...dynamic` tables on Communications Manager; contact lists on IM and Presence).
pub fn quick_audit_tables(product: Product) -> Vec<&'static Table> {
    schema::tables(product)
        .filter(|t| match product {
            Product::Cm => t.name.ends_with("dynamic"),
            Product::Imp => {
                matches!(t.name, "rosters" | "groups" | "nonpresencecontacts" | "epascontactaddinfo")
            }
        })
        .collect()
}

/// What `repairtable` or `repairreplicate` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRepair {
    /// `repairtable` or `repairreplicate`.
    pub command: &'static str,
    pub table: String,
    pub replicate: String,
    pub report: String,
    pub nodes: Vec<NodeTableRepair>,
}

/// One subscriber's part of a table repair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeTableRepair {
    pub node: String,
    pub ip: String,
    pub repaired: bool,
    /// Why the node was not repaired.
    pub reason: Option<String>,
    pub rows_fixed: usize,
    pub rows_written: u64,
}

impl TableRepair {
    pub fn rows_fixed(&self) -> usize {
        self.nodes.iter().map(|n| n.rows_fixed).sum()
    }

    /// A subscriber was left unrepaired.
    pub fn incomplete(&self) -> bool {
        self.nodes.iter().any(|n| !n.repaired)
    }
}

/// `utils dbreplication repairtable <table> [nodename|all]`: makes the rows of one table that
/// differ on the subscribers equal to the publisher's. It does not look at the replication
/// set-up: a stopped or dropped link is repaired all the same (and stays stopped or dropped).
pub fn repairtable(op: &Op, table: &str, which: Option<&str>) -> Result<TableRepair> {
    let node = op.node();
    let t = product_table(node.product(), table)?;
    repair_one_table(op, "repairtable", t, which.unwrap_or("all"), false)
}

/// `utils dbreplication repairreplicate <replicate> [nodename|all]`: the rows of the
/// replicate's table, on the subscribers where the replicate is defined. A subscriber whose
/// replication definitions are dropped (state 4) is named and left for a reset.
pub fn repairreplicate(op: &Op, replicate: &str, which: Option<&str>) -> Result<TableRepair> {
    let node = op.node();
    let t = replicate_table(node.product(), replicate)?;
    repair_one_table(op, "repairreplicate", t, which.unwrap_or("all"), true)
}

fn repair_one_table(
    op: &Op,
    command: &'static str,
    t: &'static Table,
    which: &str,
    needs_definition: bool,
) -> Result<TableRepair> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    let publisher = require_publisher(lab, node, command)?;
    require_replicas(lab, node)?;
    let selected = repl::select_subscribers(lab, &publisher, which)?;
    // Whatever is queued is delivered first, so only real differences are repaired.
    repl::replicate(lab, &node.cluster)?;
    let mut refused: Vec<(NodeHandle, String)> = Vec::new();
    let mut comparable = Vec::new();
    for s in &selected {
        op.cancel().check()?;
        if !db_up(s)? {
            refused.push((s.clone(), format!("{} is not reachable", s.name())));
        } else if needs_definition
            && state_of(&repl::link_status(lab, &publisher, s)?, None).0 == ReplState::SetupFailed
        {
            refused.push((
                s.clone(),
                format!(
                    "replicate {} is not defined on {}: run 'utils dbreplication reset {}' first",
                    replicate_name(node.product(), t.name),
                    s.name(),
                    s.name()
                ),
            ));
        } else {
            comparable.push(s.clone());
        }
    }
    let diffs = compare::compare_tables(&publisher, &comparable, &[t])?;
    let rel = format!("{SDI_DIR}/Replication{}.{}.out", report_word(command), stamp(node));
    let mut text = debug_line(node, "-->");
    text.push_str(&debug_line(
        node,
        &format!("{command} {} ({})", t.name, replicate_name(node.product(), t.name)),
    ));
    let mut nodes = Vec::new();
    for s in &selected {
        let ip = s.spec.ipv4.to_string();
        if let Some((_, why)) = refused.iter().find(|(r, _)| r.name() == s.name()) {
            text.push_str(&format!("{}: not repaired: {why}\n", s.name()));
            nodes.push(NodeTableRepair {
                node: s.name().to_string(),
                ip,
                repaired: false,
                reason: Some(why.clone()),
                rows_fixed: 0,
                rows_written: 0,
            });
            continue;
        }
        let Some(d) = diffs.iter().find(|d| d.node == s.name()) else { continue };
        let fixed: Vec<RepairCount> = compare::repair(&publisher, s, d)?;
        let rows_fixed = fixed.iter().map(|f| f.rows_fixed).sum();
        let rows_written = fixed.iter().map(|f| f.rows_written).sum();
        text.push_str(&format!(
            "{}: table {} repaired, {rows_fixed} rows fixed ({rows_written} rows written)\n",
            s.name(),
            t.name
        ));
        nodes.push(NodeTableRepair {
            node: s.name().to_string(),
            ip,
            repaired: true,
            reason: None,
            rows_fixed,
            rows_written,
        });
    }
    text.push_str(&debug_line(node, "<--"));
    write_log(node, &rel, &text)?;
    let rows_fixed: usize = nodes.iter().map(|n| n.rows_fixed).sum();
    record(
        node,
        &LastCommand::Repair {
            started_at: local(node, node.now()).format("%Y-%m-%d-%H-%M").to_string(),
            processed: 1,
            total: 1,
            rows_fixed,
            report: rel.clone(),
        },
    )?;
    audit(
        node,
        session,
        &format!("utils dbreplication {command} {} {which}: {rows_fixed} rows repaired", t.name),
    );
    Ok(TableRepair {
        command,
        table: t.name.to_string(),
        replicate: replicate_name(node.product(), t.name),
        report: rel,
        nodes,
    })
}

fn report_word(command: &str) -> &'static str {
    match command {
        "repairreplicate" => "RepairReplicate",
        _ => "RepairTable",
    }
}

/// `utils dbreplication quickaudit {nodename|all}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuickAudit {
    pub publisher: String,
    pub tables: Vec<String>,
    pub report: String,
    pub nodes: Vec<NodeAudit>,
}

/// One node's quick audit: the rows of each checked table that differ from the publisher.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeAudit {
    pub node: String,
    pub checked: bool,
    /// Why the node was not checked.
    pub reason: Option<String>,
    /// `(table, rows differing)` for the tables that differ.
    pub differing: Vec<(String, usize)>,
}

impl QuickAudit {
    /// A node differs or could not be checked.
    pub fn findings(&self) -> bool {
        self.nodes.iter().any(|n| !n.checked || !n.differing.is_empty())
    }
}

/// Compares the dynamic tables ([`quick_audit_tables`]) of the selected subscribers with the
/// publisher's, without changing anything. Runs on any node of the database; the queue is
/// delivered first, so only real differences count.
pub fn quickaudit(op: &Op, which: &str) -> Result<QuickAudit> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    require_replicas(lab, node)?;
    let publisher = repl::publisher_of(lab, node)?;
    ensure_db_running(&publisher)?;
    let selected = repl::select_subscribers(lab, &publisher, which)?;
    repl::replicate(lab, &node.cluster)?;
    let tables = quick_audit_tables(node.product());
    let reachable: Vec<NodeHandle> = selected.iter().filter(|s| db_up(s).unwrap_or(false)).cloned().collect();
    let diffs = compare::compare_tables(&publisher, &reachable, &tables)?;
    let rel = format!("{SDI_DIR}/ReplicationQuickAudit.{}.out", stamp(node));
    let mut text = debug_line(node, "-->");
    let names: Vec<String> = tables.iter().map(|t| t.name.to_string()).collect();
    text.push_str(&debug_line(node, &format!("quick audit of {}", names.join(", "))));
    let mut nodes = Vec::new();
    for s in &selected {
        match diffs.iter().find(|d| d.node == s.name()) {
            None => {
                text.push_str(&format!("{}: not checked: the node does not answer\n", s.name()));
                nodes.push(NodeAudit {
                    node: s.name().to_string(),
                    checked: false,
                    reason: Some("the node does not answer".into()),
                    differing: vec![],
                });
            }
            Some(d) => {
                let differing: Vec<(String, usize)> =
                    d.tables.iter().filter(|t| t.count() > 0).map(|t| (t.table.clone(), t.count())).collect();
                for td in &d.tables {
                    text.push_str(&format!(
                        "{}: {} {} rows on the publisher, {} here, {} differ\n",
                        s.name(),
                        td.table,
                        td.rows_publisher,
                        td.rows_subscriber,
                        td.count()
                    ));
                }
                nodes.push(NodeAudit { node: s.name().to_string(), checked: true, reason: None, differing });
            }
        }
    }
    text.push_str(&debug_line(node, "<--"));
    write_log(node, &rel, &text)?;
    audit(node, session, &format!("utils dbreplication quickaudit {which}"));
    Ok(QuickAudit { publisher: publisher.name().to_string(), tables: names, report: rel, nodes })
}

/// `utils dbreplication rebuild [nodename|all]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rebuild {
    pub report: String,
    pub nodes: Vec<NodeOutcome>,
}

/// Runs, for each selected subscriber, what the platform's rebuild strings together: stop
/// (the link suspended), dropadmindb (the subscriber's replicate definitions and the
/// publisher's definition of it dropped) and reset (set up afresh from the publisher's
/// data). A subscriber that does not answer is named and left as it was.
pub fn rebuild(op: &Op, which: Option<&str>) -> Result<Rebuild> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    let publisher = require_publisher(lab, node, "rebuild")?;
    require_replicas(lab, node)?;
    let which = which.unwrap_or("all");
    let selected = repl::select_subscribers(lab, &publisher, which)?;
    // What reached the publisher before the stop is delivered first, as stop does.
    repl::replicate(lab, &node.cluster)?;
    let rel = format!("{SDI_DIR}/ReplicationRebuild.{}.out", stamp(node));
    let mut text = debug_line(node, "-->");
    let mut nodes = Vec::new();
    for s in &selected {
        op.cancel().check()?;
        let result = reachable_or_err(s).and_then(|_| {
            repl::set_link_state(&publisher, &[s.name().to_string()], SUSPENDED)?;
            text.push_str(&format!("{}: replication stopped\n", s.name()));
            drop_definitions(&publisher, s)?;
            text.push_str(&format!("{}: replication definitions dropped\n", s.name()));
            let rows = resync(&publisher, s, false)?;
            text.push_str(&format!("{}: replication set up again, {rows} rows synchronised\n", s.name()));
            Ok(rows)
        });
        if let Err(e) = &result {
            text.push_str(&format!("{}: not rebuilt: {e}\n", s.name()));
        }
        nodes.push(outcome(s, result));
    }
    text.push_str(&debug_line(node, "<--"));
    write_log(node, &rel, &text)?;
    repl::replicate(lab, &node.cluster)?;
    super::dbreplication::write_broadcast_log(node, schema::tables(node.product()).count())?;
    audit(node, session, &format!("utils dbreplication rebuild {which}"));
    Ok(Rebuild { report: rel, nodes })
}

/// The subscriber's replicate definitions from the publisher and the publisher's
/// definition of the subscriber, each in one transaction.
fn drop_definitions(publisher: &NodeHandle, sub: &NodeHandle) -> Result<()> {
    let mut conn = open(sub)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    tx.execute("DELETE FROM cdr_cursor WHERE source = ?1", params![publisher.name()]).map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    let mut pconn = open(publisher)?;
    let tx = pconn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    tx.execute("DELETE FROM cdr_server WHERE name = ?1", params![sub.name()]).map_err(sql_err)?;
    tx.commit().map_err(sql_err)
}

/// `utils dbreplication setprocess [process]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessOption {
    pub previous: u32,
    pub process: u32,
    /// Whether the value was changed (no argument only shows it).
    pub changed: bool,
}

/// Sets the PROCESS option runtimestate shows (1 to 40, default 1), on the publisher; with
/// no value, shows it.
pub fn setprocess(op: &Op, process: Option<i64>) -> Result<ProcessOption> {
    let (lab, node, session) = (op.lab(), op.node(), op.session());
    ensure_db_running(node)?;
    let publisher = require_publisher(lab, node, "setprocess")?;
    let conn = open(&publisher)?;
    let previous = meta_get(&conn, "process")?.and_then(|v| v.parse().ok()).unwrap_or(PROCESS_DEFAULT);
    let Some(value) = process else {
        return Ok(ProcessOption { previous, process: previous, changed: false });
    };
    let value = u32::try_from(value).ok().filter(|v| (PROCESS_MIN..=PROCESS_MAX).contains(v)).ok_or(
        EngineError::OutOfRange {
            what: "process value",
            given: value,
            min: i64::from(PROCESS_MIN),
            max: i64::from(PROCESS_MAX),
            unit: "",
        },
    )?;
    meta_set(&conn, "process", &value.to_string())?;
    audit(node, session, &format!("utils dbreplication setprocess: {previous} to {value}"));
    Ok(ProcessOption { previous, process: value, changed: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicate_names_round_trip_to_their_tables() {
        let name = replicate_name(Product::Cm, "enduser");
        assert_eq!(name, "ccmdbtemplate_enduser");
        assert_eq!(replicate_table(Product::Cm, &name).map(|t| t.name).ok(), Some("enduser"));
        // An IM and Presence table is not a replicate of a CM database, nor a bare table name.
        assert!(replicate_table(Product::Cm, "ccmdbtemplate_rosters").is_err());
        assert!(replicate_table(Product::Cm, "enduser").is_err());
        assert_eq!(
            replicate_table(Product::Imp, "cupdbtemplate_rosters").map(|t| t.name).ok(),
            Some("rosters")
        );
    }

    #[test]
    fn quick_audit_checks_dynamic_content_only() {
        let cm: Vec<&str> = quick_audit_tables(Product::Cm).iter().map(|t| t.name).collect();
        assert_eq!(cm, vec!["extensionmobilitydynamic"]);
        let imp: Vec<&str> = quick_audit_tables(Product::Imp).iter().map(|t| t.name).collect();
        assert!(imp.contains(&"rosters") && !imp.contains(&"enduser"), "{imp:?}");
    }

    #[test]
    fn unknown_tables_get_informix_wording() {
        let e = product_table(Product::Cm, "nosuch").map(|t| t.name).expect_err("unknown");
        assert!(matches!(e, EngineError::UnknownTable { ref table } if table == "nosuch"), "{e:?}");
        assert!(product_table(Product::Cm, "rosters").is_err());
    }
}
