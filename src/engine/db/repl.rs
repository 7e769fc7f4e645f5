//! Replication between the replicas of a cluster.
//!
//! Links: the CM publisher feeds every CM subscriber (all CM tables) and, as the Sync
//! Agent, the IM and Presence publisher (`enduser`); the IM and Presence publisher feeds its
//! subscribers (all its tables, the synchronised users included).
//!
//! A publisher's triggers append the key of every changed row to its `cdr_log`, in commit
//! order. Each target remembers in its own `cdr_cursor` how far it has applied each
//! source's log; delivering (`replicate`) copies the current image of every row named in
//! the pending part of the log (or deletes it when the source no longer has it) and moves
//! the cursor, in one transaction on the target, so a killed process leaves the target
//! either before or after the whole batch. The result is the same as applying the changes
//! one by one in order. Delivery needs the target up with its database running, the
//! link `Active` in the source's `cdr_server` (not stopped, not dropped) and the
//! target's replicate definitions present; otherwise the queue waits, and the replica
//! stays really different, until the node returns or the link is reset.
//!
//! A bulk import queues one batch entry instead of a row each (see `log_batch`): a
//! target applies it whole, in the same transaction and order as the rest of its queue,
//! or keeps it queued like any other change (`apply_batch`); queue lengths count its rows.
//!
//! No state number is stored: `link_status` derives it each time from the link state, the
//! node and its services, the queue, and (`compare`) the data itself.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use crate::engine::deployment::{Cluster, Product, Role};
use crate::engine::error::{EngineError, Result};
use crate::engine::lab::Lab;
use crate::engine::node::NodeHandle;
use crate::engine::services;

use super::schema::{self, Holder};
use super::{open, sql_err};

/// One replication link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub source: String,
    pub target: String,
    /// The Sync Agent's link (CM publisher to IM and Presence publisher, end users only).
    pub sync_agent: bool,
}

impl Link {
    /// The tables this link carries.
    pub fn tables(&self, product: Product) -> Vec<&'static schema::Table> {
        if self.sync_agent {
            schema::TABLES.iter().filter(|t| t.holder == Holder::Synced).collect()
        } else {
            schema::tables(product).collect()
        }
    }
}

/// The links of a cluster, in delivery order (the Sync Agent's before the IM and
/// Presence publisher's own, so synchronised users reach its subscribers in one pass).
pub fn links(cluster: &Cluster) -> Vec<Link> {
    let mut out = Vec::new();
    for product in [Product::Cm, Product::Imp] {
        let Some(publisher) = cluster.publisher(product) else { continue };
        if product == Product::Imp {
            if let Some(cm) = cluster.publisher(Product::Cm) {
                out.push(Link { source: cm.name.clone(), target: publisher.name.clone(), sync_agent: true });
            }
        }
        for n in cluster.nodes_of(product).filter(|n| n.name != publisher.name) {
            out.push(Link { source: publisher.name.clone(), target: n.name.clone(), sync_agent: false });
        }
    }
    out
}

/// Link states as Informix's `cdr list server` names them.
pub const ACTIVE: &str = "Active";
pub const SUSPENDED: &str = "Suspended";
pub const DROPPED: &str = "Dropped";

/// Sets up replication in a new replica (inside its creating transaction).
pub(crate) fn init_replica(tx: &Transaction, node: &NodeHandle, cluster: &Cluster) -> Result<()> {
    let product = node.product();
    // CONNECTION CHANGED: the publisher's local time, like the report around it.
    let at = node.local_now().format("%b %e %H:%M:%S").to_string();
    for l in links(cluster) {
        if l.source == node.name() && !l.sync_agent {
            tx.execute(
                "INSERT INTO cdr_server (name, state, changed) VALUES (?1, ?2, ?3)",
                params![l.target, ACTIVE, at],
            )
            .map_err(sql_err)?;
        }
        if l.target == node.name() {
            tx.execute("INSERT INTO cdr_cursor (source, seq) VALUES (?1, 0)", params![l.source])
                .map_err(sql_err)?;
        }
    }
    if node.role().is_db_publisher() {
        tx.execute_batch(&schema::capture_triggers(product)).map_err(sql_err)?;
    }
    tx.execute_batch("INSERT INTO cdr_meta (key, value) VALUES ('repltimeout', '300'), ('process', '1');")
        .map_err(sql_err)?;
    Ok(())
}

/// Attaches the source replica as `src` to a target connection.
pub(crate) fn attach_source(conn: &Connection, source: &NodeHandle) -> Result<()> {
    let path = source.db_path();
    let text = path
        .to_str()
        .ok_or_else(|| EngineError::Internal { what: format!("unusable path {}", path.display()) })?;
    conn.execute("ATTACH DATABASE ?1 AS src", params![text]).map_err(sql_err)?;
    Ok(())
}

fn db_running(node: &NodeHandle) -> Result<bool> {
    Ok(node.is_up()? && services::load(node)?.is_running("A Cisco DB"))
}

/// The node runs its database and its replicator (the platform's "A Cisco DB Replicator"),
/// so it can send or take replicated changes.
fn replicating(node: &NodeHandle) -> Result<bool> {
    Ok(db_running(node)? && services::load(node)?.is_running("A Cisco DB Replicator"))
}

/// The state of a link as the source records it (`None`: no definition, as after
/// `dropadmindb` on the publisher).
pub fn server_state(source: &Connection, target: &str) -> Result<Option<String>> {
    source
        .query_row("SELECT state FROM cdr_server WHERE name = ?1", params![target], |r| r.get(0))
        .optional()
        .map_err(sql_err)
}

/// How far the target has applied the source's log (`None`: no replicate definitions).
pub fn cursor(target: &Connection, source: &str) -> Result<Option<i64>> {
    target
        .query_row("SELECT seq FROM cdr_cursor WHERE source = ?1", params![source], |r| r.get(0))
        .optional()
        .map_err(sql_err)
}

fn table_list(tables: &[&schema::Table]) -> String {
    tables.iter().map(|t| format!("'{}'", t.name)).collect::<Vec<_>>().join(",")
}

/// Number of changes queued for the target on this link (a batch counts its rows).
pub fn queue_len(source: &Connection, link: &Link, product: Product, from: i64) -> Result<i64> {
    let sql = format!(
        "SELECT coalesce(sum(CASE WHEN op = 'B' THEN pk ELSE 1 END), 0) FROM cdr_log WHERE seq > ?1 AND tab IN ({})",
        table_list(&link.tables(product))
    );
    source.query_row(&sql, params![from], |r| r.get(0)).map_err(sql_err)
}

/// Whether the link can deliver now, and why not.
fn deliverable(lab: &Lab, link: &Link) -> Result<bool> {
    let source = lab.node(&link.source)?;
    let target = lab.node(&link.target)?;
    if !replicating(&source)? || !replicating(&target)? {
        return Ok(false);
    }
    if link.sync_agent {
        // The Sync Agent runs on the IM and Presence publisher.
        return Ok(services::load(&target)?.is_running("Cisco Sync Agent"));
    }
    let src = open(&source)?;
    Ok(server_state(&src, &link.target)?.as_deref() == Some(ACTIVE))
}

/// Queues a bulk load of `rows` new rows of `table` as one batch entry: the batch is every
/// row of the table but the `kept` keys (those it held before the load). Its replicas
/// copy it as a whole instead of row by row (see `apply_batch`).
pub(crate) fn log_batch<'a>(
    tx: &Transaction,
    table: &schema::Table,
    rows: usize,
    kept: impl Iterator<Item = &'a str>,
) -> Result<()> {
    tx.execute_batch(schema::KEEP_DDL).map_err(sql_err)?;
    tx.execute("INSERT INTO cdr_log (tab, pk, op) VALUES (?1, ?2, 'B')", params![table.name, rows as i64])
        .map_err(sql_err)?;
    let seq = tx.last_insert_rowid();
    let mut st = tx.prepare("INSERT INTO cdr_keep (seq, pk) VALUES (?1, ?2)").map_err(sql_err)?;
    for k in kept {
        st.execute(params![seq, k]).map_err(sql_err)?;
    }
    Ok(())
}

fn has_triggers(tx: &Transaction, table: &str) -> Result<bool> {
    let n: i64 = tx
        .query_row(
            "SELECT count(*) FROM main.sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1",
            params![table],
            |r| r.get(0),
        )
        .map_err(sql_err)?;
    Ok(n > 0)
}

/// Applies the pending batch entries of one table (`(seq, rows)`, in log order): the
/// target takes the source's current image of every row of the batch. The rest of the
/// queue (single changes, also those made after the batch) is applied afterwards as
/// usual, so copying a later row early changes nothing.
///
/// When the target holds fewer rows than the batch (a load into a new or small lab),
/// the table is emptied and refilled with the source's whole table in one statement,
/// which SQLite's transfer optimisation copies record by record in key order without
/// decoding it; then the keys the source kept are removed and the target's own former
/// rows put back (where no batch row has taken their key or user ID), so the result is
/// the same as applying the batch row by row, a silently diverged row included.
/// Otherwise the rows are copied one by one. A target that is itself a publisher (the
/// IM and Presence publisher behind the Sync Agent) queues what it took as one batch
/// for its own subscribers.
fn apply_batch(tx: &Transaction, t: &schema::Table, batches: &[(i64, i64)]) -> Result<()> {
    let (n, k) = (t.name, t.key);
    let triggers = has_triggers(tx, n)?;
    let rows: i64 = batches.iter().map(|b| b.1).sum();
    let held: i64 =
        tx.query_row(&format!("SELECT count(*) FROM main.{n}"), [], |r| r.get(0)).map_err(sql_err)?;
    if let ([(seq, _)], true) = (batches, held < rows) {
        if triggers {
            tx.execute_batch(&schema::drop_capture_triggers_for(t)).map_err(sql_err)?;
        }
        tx.execute_batch(&format!(
            "DROP TABLE IF EXISTS temp.cdr_held; CREATE TEMP TABLE cdr_held AS SELECT * FROM main.{n};              DELETE FROM main.{n}; INSERT INTO main.{n} SELECT * FROM src.{n};"
        ))
        .map_err(sql_err)?;
        tx.execute(
            &format!("DELETE FROM main.{n} WHERE {k} IN (SELECT pk FROM src.cdr_keep WHERE seq = ?1)"),
            params![seq],
        )
        .map_err(sql_err)?;
        tx.execute_batch(&format!("INSERT OR IGNORE INTO main.{n} SELECT * FROM temp.cdr_held;"))
            .map_err(sql_err)?;
        if triggers {
            let kept: Vec<String> = {
                let mut st = tx
                    .prepare(&format!(
                        "SELECT {k} FROM main.{n} WHERE {k} IN (SELECT {k} FROM temp.cdr_held) ORDER BY {k}"
                    ))
                    .map_err(sql_err)?;
                let q = st.query_map([], |r| r.get::<_, String>(0)).map_err(sql_err)?;
                q.collect::<std::result::Result<_, _>>().map_err(sql_err)?
            };
            let total: i64 =
                tx.query_row(&format!("SELECT count(*) FROM main.{n}"), [], |r| r.get(0)).map_err(sql_err)?;
            log_batch(tx, t, (total - kept.len() as i64).max(0) as usize, kept.iter().map(String::as_str))?;
            tx.execute_batch(&schema::capture_triggers_for(t)).map_err(sql_err)?;
        }
        tx.execute_batch("DROP TABLE temp.cdr_held;").map_err(sql_err)?;
        return Ok(());
    }
    for (seq, _) in batches {
        tx.execute(
            &format!(
                "INSERT OR REPLACE INTO main.{n} SELECT s.* FROM src.{n} s \
                 WHERE NOT EXISTS (SELECT 1 FROM src.cdr_keep c WHERE c.seq = ?1 AND c.pk = s.{k})"
            ),
            params![seq],
        )
        .map_err(sql_err)?;
    }
    Ok(())
}

/// Applies the pending part of one link's queue. Returns the number of log entries
/// consumed.
fn deliver(lab: &Lab, link: &Link) -> Result<i64> {
    let source = lab.node(&link.source)?;
    let target = lab.node(&link.target)?;
    let product = source.product();
    let mut conn = open(&target)?;
    attach_source(&conn, &source)?;
    conn.execute_batch(super::BULK_WRITE).map_err(sql_err)?;
    conn.execute_batch("PRAGMA src.mmap_size = 4294967296;").map_err(sql_err)?;
    // Not `BEGIN IMMEDIATE`: that would also take the write lock of the attached source,
    // so the source's targets (each on its own thread) would wait for one another. The
    // first statement writes the target, which takes its write lock (and only its).
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred).map_err(sql_err)?;
    tx.execute("UPDATE main.cdr_cursor SET seq = seq WHERE source = ?1", params![link.source])
        .map_err(sql_err)?;
    let Some(from) = cursor(&tx, &link.source)? else {
        return Ok(0);
    };
    let upto: i64 =
        tx.query_row("SELECT coalesce(max(seq), 0) FROM src.cdr_log", [], |r| r.get(0)).map_err(sql_err)?;
    if upto <= from {
        return Ok(0);
    }
    for t in link.tables(product) {
        let (n, k) = (t.name, t.key);
        let batches: Vec<(i64, i64)> = {
            let mut st = tx
                .prepare(
                    "SELECT seq, pk FROM src.cdr_log WHERE seq > ?1 AND seq <= ?2 AND tab = ?3 AND op = 'B' \
                     ORDER BY seq",
                )
                .map_err(sql_err)?;
            let q = st.query_map(params![from, upto, n], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql_err)?;
            q.collect::<std::result::Result<_, _>>().map_err(sql_err)?
        };
        if !batches.is_empty() {
            apply_batch(&tx, t, &batches)?;
        }
        let named: i64 = tx
            .query_row(
                "SELECT count(*) FROM src.cdr_log WHERE seq > ?1 AND seq <= ?2 AND tab = ?3 AND op <> 'B'",
                params![from, upto, n],
                |r| r.get(0),
            )
            .map_err(sql_err)?;
        if named == 0 {
            continue;
        }
        // Rows deleted on the source (an update of the key deletes the old one too).
        tx.execute(
            &format!(
                "DELETE FROM main.{n} WHERE {k} IN (SELECT l.pk FROM src.cdr_log l WHERE l.seq > ?1 AND l.seq <= ?2 \
                 AND l.tab = ?3 AND l.op = 'D' AND NOT EXISTS (SELECT 1 FROM src.{n} s WHERE s.{k} = l.pk))"
            ),
            params![from, upto, n],
        )
        .map_err(sql_err)?;
        // The current image of every row the log names, in log order (a bulk load logs in
        // key order, so this reads and writes both trees in order). A row named twice is
        // written twice, with the same image: the end state is the same.
        tx.execute(
            &format!(
                "INSERT OR REPLACE INTO main.{n} SELECT s.* FROM src.cdr_log l CROSS JOIN src.{n} s ON s.{k} = l.pk \
                 WHERE l.seq > ?1 AND l.seq <= ?2 AND l.tab = ?3 AND l.op IN ('I', 'U')"
            ),
            params![from, upto, n],
        )
        .map_err(sql_err)?;
    }
    tx.execute("UPDATE cdr_cursor SET seq = ?1 WHERE source = ?2", params![upto, link.source])
        .map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    conn.execute("DETACH DATABASE src", []).map_err(sql_err)?;
    Ok(upto - from)
}

fn joined(r: std::thread::Result<Result<()>>) -> Result<()> {
    r.map_err(|_| EngineError::Sql("a replication thread failed".into()))?
}

/// Delivers one link's queue if the link can deliver now.
fn deliver_if_ready(lab: &Lab, link: &Link) -> Result<()> {
    if deliverable(lab, link)? {
        deliver(lab, link)?;
    }
    Ok(())
}

/// Delivers several links at once, one thread each.
fn deliver_all(lab: &Lab, links: &[&Link]) -> Result<()> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = links.iter().map(|&l| scope.spawn(move || deliver_if_ready(lab, l))).collect();
        handles.into_iter().try_for_each(|h| joined(h.join()))
    })
}

/// Forgets log entries every target has applied.
fn prune(lab: &Lab, cluster: &Cluster, source: &str) -> Result<()> {
    let mut lowest: Option<i64> = None;
    for l in links(cluster).iter().filter(|l| l.source == source) {
        let t = open(&lab.node(&l.target)?)?;
        // A target without replicate definitions is set up afresh by a reset, which
        // copies everything: it does not hold the log back.
        if let Some(c) = cursor(&t, source)? {
            lowest = Some(lowest.map_or(c, |x: i64| x.min(c)));
        }
    }
    if let Some(low) = lowest {
        let mut src = open(&lab.node(source)?)?;
        let tx = src.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
        tx.execute("DELETE FROM cdr_log WHERE seq <= ?1", params![low]).map_err(sql_err)?;
        let batches: bool = tx
            .query_row("SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'cdr_keep'", [], |r| r.get(0))
            .map_err(sql_err)?;
        if batches {
            tx.execute("DELETE FROM cdr_keep WHERE seq <= ?1", params![low]).map_err(sql_err)?;
        }
        tx.commit().map_err(sql_err)?;
    }
    Ok(())
}

/// Delivers every deliverable queue of the cluster, in link order, then trims the logs.
/// This is what the replication services do continuously on the platform; the lab runs
/// it whenever a command touches the cluster database.
pub fn replicate(lab: &Lab, cluster: &str) -> Result<()> {
    let cluster = lab
        .deployment()
        .cluster(cluster)
        .ok_or_else(|| EngineError::UnknownCluster(cluster.to_string()))?
        .clone();
    let all = links(&cluster);
    // Links from the CM publisher first (its subscribers and the Sync Agent's), then the
    // IM and Presence publisher's, each as soon as what feeds it is done: every link on
    // its own thread (they write different replicas), the IM and Presence subscribers'
    // right after the Sync Agent's delivery, whatever the CM subscribers' still take.
    let (first, second): (Vec<&Link>, Vec<&Link>) =
        all.iter().partition(|l| cluster.publisher(Product::Cm).is_some_and(|p| p.name == l.source));
    let fed = |l: &Link| first.iter().any(|f| f.target == l.source);
    let (after, alone): (Vec<&Link>, Vec<&Link>) = second.into_iter().partition(|l| fed(l));
    let after = &after;
    std::thread::scope(|scope| {
        let chains = first.iter().map(|&l| {
            scope.spawn(move || {
                deliver_if_ready(lab, l)?;
                let next: Vec<&Link> = after.iter().copied().filter(|n| n.source == l.target).collect();
                deliver_all(lab, &next)
            })
        });
        let handles: Vec<_> =
            chains.chain(alone.iter().map(|&l| scope.spawn(move || deliver_if_ready(lab, l)))).collect();
        handles.into_iter().try_for_each(|h| joined(h.join()))
    })?;
    let mut sources: Vec<&str> = all.iter().map(|l| l.source.as_str()).collect();
    sources.dedup();
    let mut running = Vec::new();
    for s in sources {
        if db_running(&lab.node(s)?)? {
            running.push(s);
        }
    }
    // Each source trims its own log (different replicas): one thread each.
    let cluster = &cluster;
    std::thread::scope(|scope| {
        let handles: Vec<_> = running.iter().map(|s| scope.spawn(move || prune(lab, cluster, s))).collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().map_err(|_| EngineError::Sql("a replication thread failed".into()))?)
    })
}

/// The database publisher of a node's product in its cluster.
pub fn publisher_of(lab: &Lab, node: &NodeHandle) -> Result<NodeHandle> {
    let cluster = lab.cluster_of(node)?;
    let spec = cluster.publisher(node.product()).ok_or_else(|| EngineError::NoPublisher {
        cluster: cluster.name.clone(),
        product: node.product().describe(),
    })?;
    lab.node(&spec.name)
}

/// The replicas of a node's product in its cluster, publisher first.
pub fn replica_set(lab: &Lab, node: &NodeHandle) -> Result<Vec<NodeHandle>> {
    let cluster = lab.cluster_of(node)?;
    let product = node.product();
    let mut nodes: Vec<NodeHandle> =
        cluster.nodes_of(product).map(|n| lab.node(&n.name)).collect::<Result<Vec<_>>>()?;
    nodes.sort_by_key(|n| !n.role().is_db_publisher());
    Ok(nodes)
}

/// What the replication state of one node is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkStatus {
    pub node: String,
    pub up: bool,
    pub db_running: bool,
    pub dbmon_running: bool,
    /// `Active`, `Suspended`, `Dropped`, or none (no definition).
    pub link_state: Option<String>,
    /// The target still has its replicate definitions (`cdr_cursor`).
    pub replicates: bool,
    pub queue: i64,
    pub changed: Option<String>,
}

/// The link to a subscriber as the publisher and the subscriber record it.
pub fn link_status(lab: &Lab, publisher: &NodeHandle, target: &NodeHandle) -> Result<LinkStatus> {
    let up = target.is_up()?;
    let svc = services::load(target)?;
    let db = up && svc.is_running("A Cisco DB");
    let src = open(publisher)?;
    let (state, changed) = match src
        .query_row("SELECT state, changed FROM cdr_server WHERE name = ?1", params![target.name()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()
        .map_err(sql_err)?
    {
        Some((s, c)) => (Some(s), Some(c)),
        None => (None, None),
    };
    let tconn = open(target)?;
    let cur = cursor(&tconn, publisher.name())?;
    let link =
        Link { source: publisher.name().to_string(), target: target.name().to_string(), sync_agent: false };
    let queue = match cur {
        Some(c) => queue_len(&src, &link, publisher.product(), c)?,
        None => 0,
    };
    let _ = lab;
    Ok(LinkStatus {
        node: target.name().to_string(),
        up,
        db_running: db,
        dbmon_running: up && svc.is_running("Cisco Database Layer Monitor"),
        link_state: state,
        replicates: cur.is_some(),
        queue,
        changed,
    })
}

/// Sets the state of the links to `targets` in the publisher's `cdr_server`, creating
/// the definition when missing. Returns the targets changed.
pub(crate) fn set_link_state(publisher: &NodeHandle, targets: &[String], state: &str) -> Result<()> {
    let mut conn = open(publisher)?;
    let at = publisher.local_now().format("%b %e %H:%M:%S").to_string();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    for t in targets {
        tx.execute(
            "INSERT INTO cdr_server (name, state, changed) VALUES (?1, ?2, ?3) \
             ON CONFLICT (name) DO UPDATE SET state = excluded.state, changed = excluded.changed",
            params![t, state, at],
        )
        .map_err(sql_err)?;
    }
    tx.commit().map_err(sql_err)
}

/// The subscribers a node name selects on the replica set of `publisher`: `all`, or one
/// subscriber by name, host name or address.
pub fn select_subscribers(lab: &Lab, publisher: &NodeHandle, which: &str) -> Result<Vec<NodeHandle>> {
    let set = replica_set(lab, publisher)?;
    let subs: Vec<NodeHandle> = set.into_iter().filter(|n| !n.role().is_db_publisher()).collect();
    if which.eq_ignore_ascii_case("all") {
        return Ok(subs);
    }
    let wanted = lab.node(which)?;
    if wanted.name() == publisher.name() {
        return Err(EngineError::IsPublisher { publisher: publisher.name().to_string() });
    }
    subs.into_iter().find(|n| n.name() == wanted.name()).map(|n| vec![n]).ok_or_else(|| {
        EngineError::NotSubscriber {
            name: which.to_string(),
            product: publisher.product().describe(),
            publisher: publisher.name().to_string(),
        }
    })
}

/// Fault: stop replication to a node (or, for a publisher, to all its subscribers).
pub fn fault_stop(lab: &Lab, node: &NodeHandle) -> Result<Vec<String>> {
    fault_links(lab, node, SUSPENDED)
}

/// Fault: break the replication link of a node (its definition is dropped: only a
/// reset brings it back).
pub fn fault_break(lab: &Lab, node: &NodeHandle) -> Result<Vec<String>> {
    fault_links(lab, node, DROPPED)
}

fn fault_links(lab: &Lab, node: &NodeHandle, state: &str) -> Result<Vec<String>> {
    let publisher = publisher_of(lab, node)?;
    let which = if node.name() == publisher.name() { "all".to_string() } else { node.name().to_string() };
    let targets: Vec<String> =
        select_subscribers(lab, &publisher, &which)?.iter().map(|n| n.name().to_string()).collect();
    if targets.is_empty() {
        return Err(EngineError::NoSubscribers { node: node.name().to_string() });
    }
    set_link_state(&publisher, &targets, state)?;
    Ok(targets)
}

/// What `fault diverge` changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Divergence {
    pub node: String,
    pub table: String,
    pub rows: usize,
    pub column: String,
}

/// Fault: silently changes `rows` rows of one table of one replica (spread over the
/// table), without queueing anything for replication.
pub fn fault_diverge(node: &NodeHandle, table: &str, rows: usize) -> Result<Divergence> {
    let t = schema::table(table).filter(|t| t.in_product(node.product())).ok_or_else(|| {
        EngineError::LabTable { table: table.to_string(), product: node.product().describe() }
    })?;
    let column = schema::columns(t)
        .into_iter()
        .find(|c| {
            *c != t.key
                && !t.indexes.iter().any(|(_, cols, unique)| *unique && cols.contains(c))
                && schema_is_free_text(t, c)
        })
        .ok_or_else(|| EngineError::DivergeTable { table: t.name.to_string(), rows: None })?;
    let mut conn = open(node)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql_err)?;
    let total: i64 =
        tx.query_row(&format!("SELECT count(*) FROM {}", t.name), [], |r| r.get(0)).map_err(sql_err)?;
    if rows == 0 || rows as i64 > total {
        return Err(EngineError::DivergeTable {
            table: t.name.to_string(),
            rows: Some((total, node.name().to_string())),
        });
    }
    let before: i64 =
        tx.query_row("SELECT coalesce(max(seq), 0) FROM cdr_log", [], |r| r.get(0)).map_err(sql_err)?;
    let step = total / rows as i64;
    let changed = tx
        .execute(
            &format!(
                "UPDATE {n} SET {column} = coalesce({column}, '') || '~' WHERE {k} IN \
                 (SELECT {k} FROM (SELECT {k}, row_number() OVER (ORDER BY {k}) - 1 AS i FROM {n}) \
                  WHERE i % ?1 = 0 ORDER BY i LIMIT ?2)",
                n = t.name,
                k = t.key
            ),
            params![step, rows as i64],
        )
        .map_err(sql_err)?;
    // Silent: nothing of it is queued, even on a publisher.
    tx.execute("DELETE FROM cdr_log WHERE seq > ?1", params![before]).map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    Ok(Divergence {
        node: node.name().to_string(),
        table: t.name.to_string(),
        rows: changed,
        column: column.to_string(),
    })
}

/// A text column without constraints, safe to change.
fn schema_is_free_text(t: &schema::Table, column: &str) -> bool {
    t.columns.split(',').any(|def| {
        let mut w = def.split_whitespace();
        w.next() == Some(column) && w.next() == Some("TEXT") && !def.contains("NOT NULL")
    })
}

/// The number (`nodeid`) of every node of the cluster by processnode pkid, for the
/// `(g_N)` group ids (the pkid, unlike the name, stays when a node is renamed).
pub fn node_ids(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut st = conn.prepare("SELECT pkid, nodeid FROM processnode").map_err(sql_err)?;
    let rows = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(0))))
        .map_err(sql_err)?;
    rows.collect::<std::result::Result<_, _>>().map_err(sql_err)
}

/// Whether `role` is the publisher of its replica set.
pub fn is_publisher(role: Role) -> bool {
    role.is_db_publisher()
}
