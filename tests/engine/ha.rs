//! Engine tests of `utils ha` (src/engine/ha.rs): a manual failover moves the node's users
//! in the IM and Presence publisher's replica and replication carries the change to the
//! subscriber; fallback moves back exactly those users; the levels and the refusals.

use std::collections::BTreeMap;

use crate::op_support::call;

use rusqlite::{Connection, OpenFlags};
use ucsh::engine::clock::Clock;
use ucsh::engine::error::EngineError;
use ucsh::engine::ha;
use ucsh::engine::services::{self, RunState};
use ucsh::engine::{Lab, Session};

fn lab() -> (tempfile::TempDir, Lab) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").expect("pinned time");
    let lab = crate::lab_fixture::standard_lab(dir.path(), clock);
    (dir, lab)
}

fn admin() -> Session {
    Session::new("admin", 1, false)
}

/// userid -> the host name of the node the user is assigned to, as `node`'s replica has it.
fn assignments(lab: &Lab, node: &str) -> BTreeMap<String, String> {
    let path = lab.node(node).expect("node").db_path();
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("replica");
    let mut st = conn
        .prepare(
            "SELECT e.userid, p.name FROM enduser e JOIN processnode p ON p.pkid = e.primarynodeid \
             ORDER BY e.userid",
        )
        .expect("query");
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).expect("rows");
    rows.collect::<Result<BTreeMap<_, _>, _>>().expect("read")
}

fn states(status: &ha::HaStatus) -> Vec<(String, String, Option<String>)> {
    status.groups[0].nodes.iter().map(|n| (n.name.clone(), n.state.clone(), n.reason.clone())).collect()
}

#[test]
fn failover_moves_users_in_every_replica_and_fallback_moves_them_back() {
    let (_dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let before = assignments(&lab, "cucm-imp-1");
    let on_1b: Vec<String> =
        before.iter().filter(|(_, n)| n.as_str() == "cucm-imp-1b").map(|(u, _)| u.clone()).collect();
    assert!(!on_1b.is_empty(), "the standard lab assigns users to cucm-imp-1b");
    assert_eq!(before, assignments(&lab, "cucm-imp-1b"));

    let moved = call(&lab, &imp1, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1b"))
        .expect("failover");
    assert_eq!(moved.users_moved, on_1b.len());
    for replica in ["cucm-imp-1", "cucm-imp-1b"] {
        let after = assignments(&lab, replica);
        assert_eq!(after.len(), before.len(), "{replica}");
        assert!(after.values().all(|n| n == "cucm-imp-1"), "{replica}: {after:?}");
    }
    let svc = services::load(&lab.node("cucm-imp-1b").expect("node")).expect("services");
    for s in ha::CRITICAL {
        assert_eq!(svc.state(s), RunState::CommandedOut, "{s}");
    }
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert_eq!(
        states(&status),
        vec![
            ("cucm-imp-1".into(), "Running in Backup Mode".into(), Some("On Admin Request".into())),
            ("cucm-imp-1b".into(), "Idle".into(), Some("On Admin Request".into())),
        ]
    );
    // A second failover is refused and changes nothing.
    let again = call(&lab, &imp1, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1b"));
    assert!(matches!(again, Err(EngineError::Conflict(_))), "{again:?}");

    call(&lab, &imp1, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b")).expect("fallback");
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
    assert_eq!(assignments(&lab, "cucm-imp-1b"), before);
    let svc = services::load(&lab.node("cucm-imp-1b").expect("node")).expect("services");
    assert!(ha::CRITICAL.iter().all(|s| svc.is_running(s)));
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert!(status.groups[0].nodes.iter().all(|n| n.state == "Normal" && n.reason.is_none()));
}

#[test]
fn a_crashed_critical_service_fails_the_node_over_and_recovery_restores() {
    let (_dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let before = assignments(&lab, "cucm-imp-1b");
    services::crash(&lab.node("cucm-imp-1").expect("node"), "Cisco SIP Proxy").expect("crash");
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert_eq!(
        states(&status),
        vec![
            (
                "cucm-imp-1".into(),
                "Failed Over with Critical Services not Running".into(),
                Some("Critical Service Down".into())
            ),
            ("cucm-imp-1b".into(), "Running in Backup Mode".into(), Some("Critical Service Down".into())),
        ]
    );
    assert!(assignments(&lab, "cucm-imp-1b").values().all(|n| n == "cucm-imp-1b"));
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "CLUSTER1-PRG1")).expect("recover");
    assert_eq!(assignments(&lab, "cucm-imp-1b"), before);
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert!(status.groups[0].nodes.iter().all(|n| n.state == "Normal"));
}

#[test]
fn levels_and_products() {
    let (_dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let reader = Session::new("reader", 0, false);
    assert!(call(&lab, &imp1, &reader, "utils ha status", |op| ha::status(op, None)).is_ok());
    let refused = call(&lab, &imp1, &reader, "utils ha failover", |op| ha::failover(op, "cucm-imp-1b"));
    assert!(refused.is_err());
    let cm = lab.node("cucm-pub").expect("node");
    let wrong = call(&lab, &cm, &admin(), "", |op| ha::status(op, None));
    assert!(matches!(wrong, Err(EngineError::WrongRole { .. })), "{wrong:?}");
}

#[test]
fn a_failover_killed_after_its_record_was_saved_is_undone_by_fallback() {
    let (_dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let before = assignments(&lab, "cucm-imp-1");
    // What a failover killed right after saving its record leaves: the record, listing the
    // users it was about to move, and nothing moved or stopped.
    let pkids: Vec<String> = {
        let conn =
            Connection::open_with_flags(imp1.db_path(), OpenFlags::SQLITE_OPEN_READ_ONLY).expect("replica");
        let mut st = conn
            .prepare(
                "SELECT e.pkid FROM enduser e JOIN processnode p ON p.pkid = e.primarynodeid \
                 WHERE p.name = 'cucm-imp-1b' ORDER BY e.pkid",
            )
            .expect("query");
        let rows = st.query_map([], |r| r.get::<_, String>(0)).expect("rows");
        rows.collect::<Result<Vec<_>, _>>().expect("read")
    };
    let dir = imp1.dir().join("ha");
    std::fs::create_dir_all(&dir).expect("ha folder");
    let users: Vec<String> = pkids.iter().map(|p| format!("{p:?}")).collect();
    std::fs::write(
        dir.join("ha.toml"),
        format!(
            "[group.cluster1-prg1]\nfailed = false\n\n[group.cluster1-prg1.failover]\nnode = \"cucm-imp-1b\"\n\
             backup = \"cucm-imp-1\"\nreason = \"On Admin Request\"\nusers = [{}]\nstopped = []\n",
            users.join(", ")
        ),
    )
    .expect("write record");
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert_eq!(status.groups[0].nodes[1].state, "Idle");
    call(&lab, &imp1, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b")).expect("fallback");
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
    assert_eq!(assignments(&lab, "cucm-imp-1b"), before);
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert!(status.groups[0].nodes.iter().all(|n| n.state == "Normal"));
}
