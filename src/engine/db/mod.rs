//! Each node's replica of its cluster database, and the replication between them.
//!
//! A replica is an SQLite database at `node.db_path()` with the platform's table names
//! (see `schema`). The Communications Manager nodes of a cluster hold the CM database, the
//! IM and Presence nodes the IM and Presence database; end users reach the IM and Presence
//! publisher from the CM publisher as the Sync Agent carries them (see `repl`).
//!
//! This module must not print or know about terminals; its results are typed and
//! serialisable, and every write is an SQLite transaction, so a process killed at any
//! instant leaves every replica consistent.

pub mod compare;
pub mod dbreplication;
pub mod import;
pub mod maintenance;
pub mod repl;
pub mod sample;
pub mod schema;
pub mod sql;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::deployment::{Cluster, Deployment, InitOptions};
use super::error::{EngineError, Result};
use super::node::NodeHandle;

/// Wraps an SQLite error for the engine.
pub(crate) fn sql_err(e: rusqlite::Error) -> EngineError {
    EngineError::Sql(e.to_string())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(60)).map_err(sql_err)?;
    // A rollback journal: bulk changes (imports, replication of them) write each page once,
    // where WAL would write it twice; a killed process still leaves the old or the new
    // state. A generous page cache keeps big batches off the disk until commit.
    conn.execute_batch(
        "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; \
         PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;",
    )
    .map_err(sql_err)?;
    Ok(())
}

/// For a connection that writes far more than fits in memory (imports, replication): a
/// small page cache, so the pages written are spilled to the file as the work goes and
/// their memory reused, instead of fresh memory for each page up to the default cache
/// size (perf: page faults and page clearing were the larger part of the system time).
pub(crate) const BULK_WRITE: &str = "PRAGMA main.cache_size = -8192;";

/// Opens a node's replica (which `cluster init` created). Fails, saying so, when the
/// replica is missing.
pub fn open(node: &NodeHandle) -> Result<Connection> {
    open_path(&node.db_path())
}

pub(crate) fn open_path(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(EngineError::ReplicaMissing { path: path.to_path_buf() });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql_err)?;
    configure(&conn)?;
    Ok(conn)
}

/// Builds a new node's replica at `cluster init`: schema, the cluster's nodes, the type
/// tables, sample data unless turned off, and the replication set-up (a publisher
/// captures its changes; every target starts in step with its source).
pub fn create_replica(
    node: &NodeHandle,
    cluster: &Cluster,
    deployment: &Deployment,
    opts: &InitOptions,
) -> Result<()> {
    let path = node.db_path();
    if path.exists() {
        std::fs::remove_file(&path)
            .map_err(|e| EngineError::io(format!("removing {}", path.display()), e))?;
    }
    let mut conn = Connection::open(&path).map_err(sql_err)?;
    // Larger pages: fewer tree levels and splits for bulk loads and scans.
    conn.execute_batch("PRAGMA page_size = 16384;").map_err(sql_err)?;
    configure(&conn)?;
    let product = node.product();
    let at = node.now().format("%Y-%m-%d %H:%M:%S").to_string();
    let tx = conn.transaction().map_err(sql_err)?;
    tx.execute_batch(&schema::ddl(product)).map_err(sql_err)?;
    sample::processnodes(&tx, cluster)?;
    if product == super::deployment::Product::Cm {
        sample::type_tables(&tx)?;
    }
    if opts.sample_data {
        sample::endusers(&tx, cluster)?;
        match product {
            super::deployment::Product::Cm => sample::cm(&tx, cluster, &at)?,
            super::deployment::Product::Imp => sample::imp(&tx, cluster)?,
        }
    }
    // Issue #17: the EM and EMCC parameters, the remote clusters, the generated population.
    super::em::seed_replica(&tx, node, cluster, deployment, opts, &at)?;
    repl::init_replica(&tx, node, cluster)?;
    tx.commit().map_err(sql_err)?;
    drop(conn);
    dbreplication::write_broadcast_log(node, schema::tables(product).count())?;
    Ok(())
}
