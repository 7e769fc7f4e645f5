//! End users in a lab's node replicas, for the `utils users validate` tests and benchmark.
//!
//! Until the cluster database lands, `Lab::init` makes no replicas; these helpers create the
//! two tables of the schema contract (`CREATE TABLE IF NOT EXISTS`, so they also work on
//! replicas the database code made) and write users the way replication leaves them: the
//! same rows in every replica (CM and IM and Presence) of one cluster.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection};
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::{Clock, Lab};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS processnode(pkid TEXT PRIMARY KEY, name TEXT NOT NULL, nodeid INTEGER,
    description TEXT, tknodeusage INTEGER);
CREATE TABLE IF NOT EXISTS enduser(pkid TEXT PRIMARY KEY, userid TEXT NOT NULL, firstname TEXT,
    lastname TEXT, mailid TEXT, directoryuri TEXT, primarynodeid TEXT NULL);
";

/// One end user as the tests describe it; `node` is the IM and Presence node's host name
/// (None = not assigned), `node_pkid` overrides the reference (e.g. a dangling one).
#[derive(Debug, Clone, Default)]
pub struct User {
    pub userid: String,
    pub uri: Option<String>,
    pub mail: Option<String>,
    pub node: Option<String>,
    pub node_pkid: Option<String>,
}

impl User {
    pub fn new(userid: &str, uri: Option<&str>, node: &str) -> Self {
        User {
            userid: userid.into(),
            uri: uri.map(Into::into),
            node: Some(node.into()),
            ..Default::default()
        }
    }
}

/// A fresh standard lab (no sample data) in a temporary folder, clock pinned.
pub fn lab() -> (tempfile::TempDir, Lab) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").expect("pinned time");
    let opts = InitOptions { cm_subscribers: 1, sample_data: false, population: 0 };
    let lab = crate::lab_fixture::lab_at(dir.path(), &opts, clock);
    prepare(&lab);
    (dir, lab)
}

/// Replica paths of every node of a cluster.
pub fn replicas(lab: &Lab, cluster: &str) -> Vec<PathBuf> {
    lab.cluster_nodes(cluster).expect("cluster").iter().map(|n| n.db_path()).collect()
}

/// Creates the tables in every replica and one processnode row per node of the cluster
/// (keeping rows the database code may already have made).
pub fn prepare(lab: &Lab) {
    for cluster in &lab.deployment().clusters {
        for path in replicas(lab, &cluster.name) {
            let conn = Connection::open(&path).expect("open replica");
            conn.execute_batch(SCHEMA).expect("schema");
            for (i, node) in cluster.nodes.iter().enumerate() {
                let usage = i64::from(node.role.product() == ucsh::engine::deployment::Product::Imp);
                conn.execute(
                    "INSERT INTO processnode(pkid, name, nodeid, description, tknodeusage)
                     SELECT ?1, ?2, ?3, '', ?4 WHERE NOT EXISTS (SELECT 1 FROM processnode WHERE name = ?2)",
                    params![format!("pn-{}", node.name), node.hostname, i as i64 + 2, usage],
                )
                .expect("processnode row");
            }
        }
    }
}

/// processnode pkid by host name, as the cluster's replicas have it.
pub fn node_pkids(lab: &Lab, cluster: &str) -> HashMap<String, String> {
    let path = &replicas(lab, cluster)[0];
    let conn = Connection::open(path).expect("open replica");
    let mut stmt = conn.prepare("SELECT name, pkid FROM processnode").expect("prepare");
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .expect("query")
        .collect::<Result<HashMap<_, _>, _>>()
        .expect("rows");
    rows
}

/// Writes users into every replica of `cluster`, in one transaction per replica.
pub fn add_users(lab: &Lab, cluster: &str, users: &[User]) {
    let pkids = node_pkids(lab, cluster);
    for path in replicas(lab, cluster) {
        let mut conn = Connection::open(&path).expect("open replica");
        let tx = conn.transaction().expect("transaction");
        {
            let mut stmt = tx
                .prepare(
                    "INSERT INTO enduser(pkid, userid, firstname, lastname, mailid, directoryuri, primarynodeid)
                     VALUES (?1, ?2, 'First', 'Last', ?3, ?4, ?5)",
                )
                .expect("prepare");
            let base: i64 = tx.query_row("SELECT count(*) FROM enduser", [], |r| r.get(0)).expect("count");
            for (i, u) in users.iter().enumerate() {
                let node = match (&u.node_pkid, &u.node) {
                    (Some(p), _) => Some(p.clone()),
                    (None, Some(n)) => Some(pkids.get(n).cloned().unwrap_or_else(|| panic!("no node {n}"))),
                    (None, None) => None,
                };
                let pkid = format!("{cluster}-eu-{}", base + i as i64);
                stmt.execute(params![pkid, u.userid, u.mail, u.uri, node]).expect("insert user");
            }
        }
        tx.commit().expect("commit");
    }
}

/// Builds a generated deployment: `n` users per cluster with planted problems.
pub fn generated(lab: &Lab, n: usize, seed: u64) {
    let (c1, c2) = generate(n, seed);
    add_users(lab, "cluster1", &c1);
    add_users(lab, "cluster2", &c2);
}

/// The users of a generated deployment: `n` per cluster, with planted problems.
pub fn generate(n: usize, seed: u64) -> (Vec<User>, Vec<User>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut c1 = Vec::with_capacity(n);
    let mut c2 = Vec::with_capacity(n);
    let invalid = ["no-at.example.com", "a@b@c", "@x.com", "x@", "a b@c.com", "a\t@c.com", "  ", "x@y z"];
    for cluster in 0..2 {
        for i in 0..n {
            let node = if cluster == 1 {
                "cucm-imp-2"
            } else if rng.random_bool(0.5) {
                "cucm-imp-1"
            } else {
                "cucm-imp-1b"
            };
            let other = rng.random_range(0..n);
            let roll = rng.random_range(0..100);
            // User IDs are unique within a cluster (the platform's database enforces it).
            let userid = match roll {
                0..=3 => format!("c{}u{i}", 2 - cluster), // the same ID in the other cluster
                4 => format!("C{}U{i}", cluster + 1),     // differs only in case
                _ => format!("c{}u{i}", cluster + 1),
            };
            let roll = rng.random_range(0..100);
            let uri = match roll {
                0..=2 => None,
                3..=4 => Some(String::new()),
                5..=8 => Some(invalid[rng.random_range(0..invalid.len())].to_string()),
                9..=12 => {
                    let c = rng.random_range(1..=2);
                    let u = format!("First.Last{other}@Cluster{c}.example.com");
                    Some(if rng.random_bool(0.5) { u.to_uppercase() } else { u })
                }
                _ => Some(format!("First.Last{i}@Cluster{}.example.com", cluster + 1)),
            };
            let roll = rng.random_range(0..100);
            let mail = match roll {
                0..=4 => None,
                5..=6 => Some(String::new()),
                7..=9 => Some(format!("MAIL{other}@example.com")),
                _ => Some(format!("mail{i}.c{}@example.com", cluster + 1)),
            };
            let roll = rng.random_range(0..100);
            let user = User {
                userid,
                uri,
                mail,
                node: (roll >= 3).then(|| node.to_string()),
                node_pkid: (roll == 0).then(|| "dangling".to_string()),
            };
            if cluster == 0 {
                c1.push(user);
            } else {
                c2.push(user);
            }
        }
    }
    (c1, c2)
}
