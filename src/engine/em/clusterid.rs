//! A cluster's own Cluster ID and what EMCC does with it (seed 001 tables 9 and 10: 212,
//! 42 (the table's "54"), 44; and 40, the home cluster not answering in time).
//!
//! * **The Cluster ID** is the enterprise parameter `ClusterID`, a `processconfig` row
//!   (EnterpriseWideData, `tkservice` [`TK_SERVICE_ENTERPRISE`]) of the CM database: the
//!   cluster's name at `cluster init`, changed with `run sql update processconfig set
//!   paramvalue = 'X' where paramname = 'ClusterID'` on the CM publisher (it replicates). A
//!   row removed or left blank reads as the platform's default, `StandAloneCluster`.
//! * **A remote cluster entry** (`remotecluster`) is reached at its Fully Qualified Name
//!   (the remote cluster's CM publisher) and names the Cluster ID the remote cluster must
//!   have. The remote cluster update sends that ID; the remote EM service answers **42**
//!   (Invalid Cluster ID) when it is not its own, and the update marks the entry:
//!   `remoteactivated = 'f'`, `updateerror = 42`.
//! * **212** (EMApp, "update failed by sending an invalid cluster ID"): an EMCC login whose
//!   home cluster's entry is so marked fails at once, without asking the home cluster,
//!   until an update (periodic, or Update Remote Cluster Now) finds the ID valid.
//! * **42** at login: the entry's last update found the ID valid but the home cluster's
//!   Cluster ID has changed since: the home EM service refuses the login with 42.
//! * **44** (internal; the phone shows 201): the home cluster's own entry for the visiting
//!   cluster (found by the visiting cluster's address) names another Cluster ID than the
//!   visiting cluster's own, which the login carries: a configuration problem of the home
//!   cluster. No update is needed to see it: the login carries the visiting cluster's ID.
//! * **40** (internal; the phone shows 202, "Please try to login again"): no response from
//!   the remote host. The home cluster's publisher is up with its database and EM service
//!   (else 208), but its EM service has Maximum Concurrent Requests of its own in progress
//!   and cannot take the visiting cluster's request before the visiting service stops
//!   waiting. The platform's wait is not public; the lab's is "no free slot now".

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::params::Settings;
use super::service::Failure;
use super::state;
use crate::engine::db::{self, sample::pkid, sample::ENTERPRISE_WIDE_DATA_PKID, sql_err};
use crate::engine::deployment::{Cluster, Product};
use crate::engine::error::Result;
use crate::engine::lab::Lab;
use crate::engine::node::NodeHandle;

/// The enterprise parameter's name, as the platform's database names it.
pub const PARAM: &str = "ClusterID";
/// The platform's default Cluster ID.
pub const DEFAULT: &str = "StandAloneCluster";
/// `processconfig.tkservice` of the enterprise parameters (our choice; the enum is not
/// public).
pub const TK_SERVICE_ENTERPRISE: i64 = 0;
/// The EM service's Invalid Cluster ID (the table's 54; the phone shows 42).
pub const INVALID_CLUSTER_ID: i64 = 42;

type Lines = Vec<(&'static str, String)>;

fn failure(code: u16, reason: &str) -> Failure {
    Failure { code: code.to_string(), reason: reason.to_string() }
}

/// Writes the cluster's Cluster ID into a new CM replica (`cluster init`): its name.
pub fn insert_default(tx: &Transaction, cluster: &Cluster) -> Result<()> {
    tx.execute(
        "INSERT INTO processconfig (pkid, fkprocessnode, tkservice, paramname, paramvalue, tkparam) \
         VALUES (?1, ?2, ?3, ?4, ?5, 1)",
        params![
            pkid(&format!("{}/processconfig/{TK_SERVICE_ENTERPRISE}/{PARAM}", cluster.name)),
            ENTERPRISE_WIDE_DATA_PKID,
            TK_SERVICE_ENTERPRISE,
            PARAM,
            cluster.name
        ],
    )
    .map_err(sql_err)?;
    Ok(())
}

/// The Cluster ID a replica has (the default when its row is missing or blank).
pub fn own(conn: &Connection) -> Result<String> {
    let v: Option<String> = conn
        .query_row(
            "SELECT paramvalue FROM processconfig WHERE fkprocessnode = ?1 AND tkservice = ?2 AND paramname = ?3",
            params![ENTERPRISE_WIDE_DATA_PKID, TK_SERVICE_ENTERPRISE, PARAM],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql_err)?;
    Ok(v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).unwrap_or_else(|| DEFAULT.to_string()))
}

/// The lab cluster whose CM publisher answers at a Fully Qualified Name.
pub fn cluster_at(lab: &Lab, fqdn: &str) -> Option<String> {
    lab.deployment()
        .clusters
        .iter()
        .find(|c| c.publisher(Product::Cm).is_some_and(|p| p.fqdn().eq_ignore_ascii_case(fqdn)))
        .map(|c| c.name.clone())
}

/// A remote cluster entry as an EMCC login reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub pkid: String,
    pub clusterid: String,
    pub activated: bool,
    /// The EM service error the last update got (42), if any.
    pub update_error: Option<i64>,
}

/// The entry of a replica for the lab cluster `cluster`: the one at its CM publisher's
/// address (how the EM service reaches it), else the one naming it as Cluster ID.
pub fn entry_for(lab: &Lab, conn: &Connection, cluster: &str) -> Result<Option<Entry>> {
    let fqdn = lab
        .deployment()
        .cluster(cluster)
        .and_then(|c| c.publisher(Product::Cm))
        .map(|p| p.fqdn())
        .unwrap_or_default();
    conn.prepare_cached(
        "SELECT pkid, clusterid, remoteactivated, updateerror FROM remotecluster \
         WHERE lower(fullyqualifiedname) = lower(?1) OR clusterid = ?2 \
         ORDER BY lower(fullyqualifiedname) = lower(?1) DESC, clusterid LIMIT 1",
    )
    .map_err(sql_err)?
    .query_row(params![fqdn, cluster], |r| {
        Ok(Entry {
            pkid: r.get(0)?,
            clusterid: r.get(1)?,
            activated: r.get::<_, Option<String>>(2)?.as_deref() == Some("t"),
            update_error: r.get(3)?,
        })
    })
    .optional()
    .map_err(sql_err)
}

/// 212: the last update of the home cluster's entry failed with an invalid Cluster ID.
pub(crate) fn marked_invalid(entry: &Entry, home: &str, lines: &mut Lines) -> Option<Failure> {
    if entry.update_error != Some(INVALID_CLUSTER_ID) {
        return None;
    }
    lines.push((
        "ERROR",
        format!(
            "EMCC login: the last remote cluster update of {home} failed: Cluster ID {} is not valid there (error {INVALID_CLUSTER_ID}); login refused with 212",
            entry.clusterid
        ),
    ));
    Some(failure(212, "Cluster ID is invalid"))
}

/// What the home cluster's EM service answers when the visiting one sends it the login
/// (its publisher is up with its database and EM service): 40 when it has no free slot,
/// 42 when the entry's Cluster ID is not its own.
pub(crate) fn home_answers(
    home_node: &NodeHandle,
    entry: &Entry,
    lines: &mut Lines,
) -> Result<Option<Failure>> {
    let conn = db::open(home_node)?;
    let settings = Settings::load(&conn)?;
    let busy = {
        let _lock = home_node.lock()?;
        let mut st = state::load(home_node)?;
        st.in_progress()
    };
    if busy >= settings.max_concurrent as u64 {
        lines.push((
            "ERROR",
            format!(
                "EMCC login: no response from the remote host {} ({busy} requests in progress, MaxConcurrentRequests={}), internal error 40",
                home_node.spec.fqdn(),
                settings.max_concurrent
            ),
        ));
        return Ok(Some(failure(202, "No Response from Remote Host")));
    }
    let theirs = own(&conn)?;
    if theirs != entry.clusterid {
        lines.push((
            "ERROR",
            format!(
                "EMCC login: {} answered Invalid Cluster ID: sent {}, its Cluster ID is {theirs}, error {INVALID_CLUSTER_ID}",
                home_node.spec.fqdn(),
                entry.clusterid
            ),
        ));
        return Ok(Some(failure(42, "Invalid Cluster ID")));
    }
    Ok(None)
}

/// 44: the home cluster's entry for the visiting cluster names another Cluster ID than
/// the visiting cluster's own (read from the visiting replica `visiting`).
pub(crate) fn visiting_valid(
    visiting: &Connection,
    home_entry: &Entry,
    lines: &mut Lines,
) -> Result<Option<Failure>> {
    let ours = own(visiting)?;
    if ours == home_entry.clusterid {
        return Ok(None);
    }
    lines.push((
        "ERROR",
        format!(
            "EMCC login: the home cluster's remote cluster entry for this cluster names Cluster ID {}, this cluster's is {ours}: configuration problem, internal error 44",
            home_entry.clusterid
        ),
    ));
    Ok(Some(failure(201, "Configuration Problem")))
}

/// `utils diagnose module emcc`: the remote cluster entries whose Cluster Id is not the
/// Cluster ID of the cluster at their address (the next update marks them: 42, then 212),
/// and those the last update marked.
pub fn id_problems(lab: &Lab, conn: &Connection) -> Result<Vec<String>> {
    let entries: Vec<(String, String, Option<i64>)> = {
        let mut st = conn
            .prepare(
                "SELECT clusterid, fullyqualifiedname, updateerror FROM remotecluster ORDER BY clusterid",
            )
            .map_err(sql_err)?;
        let q = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(sql_err)?;
        q.collect::<std::result::Result<_, _>>().map_err(sql_err)?
    };
    let mut problems = Vec::new();
    for (id, fqdn, error) in entries {
        let shown = crate::engine::text::printable(&id);
        if error == Some(INVALID_CLUSTER_ID) {
            problems.push(format!(
                "remote cluster {shown}: the last update got Invalid Cluster ID ({INVALID_CLUSTER_ID}); EMCC logins fail with 212"
            ));
            continue;
        }
        let Some(cluster) = cluster_at(lab, &fqdn) else { continue };
        let Some(p) = lab.deployment().cluster(&cluster).and_then(|c| c.publisher(Product::Cm)) else {
            continue;
        };
        let node = lab.node(&p.name)?;
        if !node.is_up()? {
            continue;
        }
        let theirs = own(&db::open(&node)?)?;
        if theirs != id {
            problems.push(format!(
                "remote cluster {shown}: {} has Cluster ID {} (EMCC logins fail with 42, with 212 after the next update)",
                crate::engine::text::printable(&fqdn),
                crate::engine::text::printable(&theirs)
            ));
        }
    }
    Ok(problems)
}
