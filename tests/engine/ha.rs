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

/// The lab `seconds` later by its clock.
fn later(lab: &Lab, seconds: i64) -> Lab {
    let at = lab.clock().now() + chrono::Duration::seconds(seconds);
    Lab::open(lab.dir(), Clock::pinned(at)).expect("lab")
}

/// The lab once a manual move of users started now has completed (the standard lab has
/// 12 IM and Presence users: no move takes more).
fn after_move(lab: &Lab) -> Lab {
    later(lab, ha::move_seconds(12))
}

/// `utils ha failover|fallback <node>` (from cucm-imp-1), then the lab once its move has
/// completed, with the look (`utils ha status`) that completes it done.
fn failover_done(lab: &Lab, node: &str) -> Lab {
    let n = lab.node("cucm-imp-1").expect("node");
    call(lab, &n, &admin(), "utils ha failover", |op| ha::failover(op, node)).expect("failover");
    looked(after_move(lab))
}

fn fallback_done(lab: &Lab, node: &str) -> Lab {
    let n = lab.node("cucm-imp-1").expect("node");
    call(lab, &n, &admin(), "utils ha fallback", |op| ha::fallback(op, node)).expect("fallback");
    looked(after_move(lab))
}

fn looked(lab: Lab) -> Lab {
    let n = lab.node("cucm-imp-1").expect("node");
    call(&lab, &n, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    lab
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
    assert_eq!(moved.users_to_move, on_1b.len());
    assert_eq!(
        moved.completes_at,
        lab.clock().now() + chrono::Duration::seconds(ha::move_seconds(on_1b.len()))
    );
    // The command returns once the move is initiated: the node's critical services are
    // stopped, its users move when the move completes by the lab clock.
    let svc = services::load(&lab.node("cucm-imp-1b").expect("node")).expect("services");
    for s in ha::CRITICAL {
        assert_eq!(svc.state(s), RunState::CommandedOut, "{s}");
    }
    let moving = vec![
        ("cucm-imp-1".into(), "Taking Over".into(), Some("On Admin Request".into())),
        ("cucm-imp-1b".into(), "Failing Over".into(), Some("On Admin Request".into())),
    ];
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert_eq!(states(&status), moving);
    assert_eq!(assignments(&lab, "cucm-imp-1"), before, "nobody moved before the move completes");
    let almost = later(&lab, ha::move_seconds(on_1b.len()) - 1);
    let n = almost.node("cucm-imp-1").expect("node");
    let status = call(&almost, &n, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert_eq!(states(&status), moving);
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
    let lab = later(&lab, ha::move_seconds(on_1b.len()));
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert_eq!(states(&status)[0].1, "Running in Backup Mode");
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
    assert!(matches!(again, Err(EngineError::HaStateRefused { .. })), "{again:?}");

    let back = call(&lab, &imp1, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b"))
        .expect("fallback");
    assert_eq!(back.users_to_move, on_1b.len());
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert_eq!(
        states(&status),
        vec![
            ("cucm-imp-1".into(), "Falling Back".into(), Some("On Admin Request".into())),
            ("cucm-imp-1b".into(), "Taking Back".into(), Some("On Admin Request".into())),
        ]
    );
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"), "still on the backup");
    let lab = after_move(&lab);
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert!(status.groups[0].nodes.iter().all(|n| n.state == "Normal" && n.reason.is_none()));
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
    let pkids = users_assigned_to(&imp1, "cucm-imp-1b");
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
    let lab = fallback_done(&lab, "cucm-imp-1b");
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert!(status.groups[0].nodes.iter().all(|n| n.state == "Normal"));
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
    assert_eq!(assignments(&lab, "cucm-imp-1b"), before);
}

/// The failover scenario of the guide's tables: every node state of table 37 visited in a
/// natural order (High Availability disabled and enabled, manual failover and fallback,
/// a crashed critical service, the backup failing too, recovery, a node going down and
/// coming back, a database failure, both nodes failing), each with the reason table 38
/// pairs it with. The transitional states (Taking Over, Failing Over, Falling Back, Taking
/// Back) are the ones failover and fallback return and what the group reads while their
/// move of users is in progress, until its end by the lab clock; table 38's rows d and e
/// (a Server Recovery Manager restarted during the take over, during the take back) are
/// walked in the guide's order after the first failover and fallback.
#[test]
fn failover_scenario_walks_table_37_with_table_38_reasons() {
    use ucsh::engine::platform;
    use ucsh::engine::services::Action;
    let (dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let owner = Session::new("admin", 4, true);
    let status = |lab: &Lab| {
        let n = lab.node("cucm-imp-1").expect("node");
        states(&call(lab, &n, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status"))
    };
    let pair = |a: &str, ra: Option<&str>, b: &str, rb: Option<&str>| {
        vec![
            ("cucm-imp-1".to_string(), a.to_string(), ra.map(str::to_string)),
            ("cucm-imp-1b".to_string(), b.to_string(), rb.map(str::to_string)),
        ]
    };
    let mut seen: Vec<String> = Vec::new();
    let mut note = |rows: &[(String, String, Option<String>)]| {
        for (_, s, _) in rows {
            if !seen.contains(s) {
                seen.push(s.clone());
            }
        }
    };
    let admin_req = Some(ha::REASON_ADMIN);
    let critical = Some(ha::REASON_CRITICAL);

    // Disabled: Unknown, High Availability Not Enabled (table 38's last row).
    call(&lab, &imp1, &owner, "", |op| ha::set_enabled(op, "cluster1-prg1", false)).expect("disable");
    let not_enabled = Some(ha::REASON_NOT_ENABLED);
    assert_eq!(status(&lab), pair("Unknown", not_enabled, "Unknown", not_enabled));
    // Enabled: Initializing while the settings reach the nodes.
    let on = call(&lab, &imp1, &owner, "", |op| ha::set_enabled(op, "cluster1-prg1", true)).expect("enable");
    let init = Some(ha::REASON_INIT);
    let rows = status(&lab);
    assert_eq!(rows, pair("Initializing", init, "Initializing", init));
    assert_eq!(on.status.nodes.len(), 2);
    note(&rows);
    // Two minutes later: Normal (no reason).
    let enabled_later = Clock::from_rfc3339("2026-11-23T10:02:00Z").expect("time");
    let lab = Lab::open(dir.path(), enabled_later).expect("reopen");
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let rows = status(&lab);
    assert_eq!(rows, pair("Normal", None, "Normal", None));
    note(&rows);

    // Manual failover of node 2: the request answers Taking Over / Failover, the group
    // reads Taking Over / Failing Over while the users move, then Running in Backup Mode /
    // Idle once the move has completed by the lab clock.
    let moved = call(&lab, &imp1, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1b"))
        .expect("failover");
    let rows: Vec<_> =
        moved.group.nodes.iter().map(|n| (n.name.clone(), n.state.clone(), n.reason.clone())).collect();
    // The platform prints the failing node's transient state as "Failover" (table 37's
    // Failing Over).
    assert_eq!(rows, pair("Taking Over", admin_req, "Failover", admin_req));
    note(&rows);
    let rows = status(&lab);
    assert_eq!(rows, pair("Taking Over", admin_req, "Failing Over", admin_req));
    note(&rows);
    let lab = after_move(&lab);
    let rows = status(&lab);
    assert_eq!(rows, pair("Running in Backup Mode", admin_req, "Idle", admin_req));
    note(&rows);
    // The administrator restarts the Server Recovery Manager on the idle node: Idle,
    // Initialization (table 38), until the failover ends.
    restart_srm(&lab, "cucm-imp-1b");
    assert_eq!(status(&lab), pair("Running in Backup Mode", admin_req, "Idle", init));
    // Fallback: Falling Back / Taking Back (the restarted node still Initialization) while
    // the users move back, then Normal.
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let back = call(&lab, &imp1, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b"))
        .expect("fallback");
    let rows: Vec<_> =
        back.group.nodes.iter().map(|n| (n.name.clone(), n.state.clone(), n.reason.clone())).collect();
    assert_eq!(rows, pair("Falling Back", admin_req, "Taking Back", init));
    note(&rows);
    assert_eq!(status(&lab), pair("Falling Back", admin_req, "Taking Back", init));
    let lab = after_move(&lab);
    assert_eq!(status(&lab), pair("Normal", None, "Normal", None));

    // Table 38's rows d and e, in the guide's order (the table's node 1 is cucm-imp-1b, the
    // node failed over; its node 2 the backup cucm-imp-1). Row d: node 2's Server Recovery
    // Manager restarted while it is Taking Over, before node 1's heartbeat times out.
    let imp1 = lab.node("cucm-imp-1").expect("node");
    call(&lab, &imp1, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1b")).expect("failover");
    restart_srm(&lab, "cucm-imp-1");
    let row_d = pair("Taking Over", init, "Failing Over", admin_req);
    assert_eq!(status(&lab), row_d);
    assert_eq!(status(&later(&lab, 60)), row_d, "until the move completes");
    // The move completes: the restarted backup keeps Initialization (table 38's row c).
    let lab = after_move(&lab);
    assert_eq!(status(&lab), pair("Running in Backup Mode", init, "Idle", admin_req));
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"));
    // Row e: node 1's Server Recovery Manager restarted during the take back, before node
    // 2's heartbeat times out; when the take back completes both nodes are Normal.
    let imp1 = lab.node("cucm-imp-1").expect("node");
    call(&lab, &imp1, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b")).expect("fallback");
    assert_eq!(status(&lab), pair("Falling Back", admin_req, "Taking Back", admin_req));
    restart_srm(&lab, "cucm-imp-1b");
    let row_e = pair("Falling Back", admin_req, "Taking Back", init);
    assert_eq!(status(&lab), row_e);
    let lab = after_move(&lab);
    assert_eq!(status(&lab), pair("Normal", None, "Normal", None));
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));

    // A critical service crashes on node 2: automatic failover.
    services::crash(&imp1b, "Cisco Presence Engine").expect("crash");
    let rows = status(&lab);
    assert_eq!(
        rows,
        pair("Running in Backup Mode", critical, "Failed Over with Critical Services not Running", critical)
    );
    note(&rows);
    // The administrator starts it again: Failed Over, ready for a manual fallback.
    call(&lab, &imp1b, &admin(), "utils service start", |op| {
        services::act(op, Action::Start, "Cisco Presence Engine")
    })
    .expect("start");
    let rows = status(&lab);
    assert_eq!(rows, pair("Running in Backup Mode", critical, "Failed Over", critical));
    note(&rows);
    // The backup loses a critical service too: both Running in Failed Mode.
    services::crash(&imp1, "Cisco SIP Proxy").expect("crash");
    let rows = status(&lab);
    assert_eq!(rows, pair("Running in Failed Mode", critical, "Running in Failed Mode", critical));
    note(&rows);
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    assert_eq!(status(&lab), pair("Normal", None, "Normal", None));

    // Node 2 goes down: Peer Down beside Unknown; back up, Failed Over (Initialization).
    platform::set_up(&imp1b, false).expect("down");
    let rows = status(&lab);
    assert_eq!(
        rows,
        pair("Running in Backup Mode", Some(ha::REASON_PEER_DOWN), "Unknown", Some(ha::REASON_UNREACHABLE))
    );
    note(&rows);
    platform::set_up(&imp1b, true).expect("up");
    services::start_all(&imp1b).expect("boot");
    assert_eq!(status(&lab), pair("Running in Backup Mode", Some(ha::REASON_PEER_DOWN), "Failed Over", init));
    let lab = fallback_done(&lab, "cucm-imp-1b");
    let imp1b = lab.node("cucm-imp-1b").expect("node");

    // Node 2's database fails: Database Failure on both rows.
    services::crash(&imp1b, "A Cisco DB").expect("crash db");
    let db = Some(ha::REASON_DB);
    assert_eq!(
        status(&lab),
        pair("Running in Backup Mode", db, "Failed Over with Critical Services not Running", db)
    );
    // The guide's action: reboot node 2; it comes back Failed Over (Initialization).
    call(&lab, &imp1b, &admin(), "utils system restart", platform::restart).expect("restart");
    assert_eq!(status(&lab), pair("Running in Backup Mode", db, "Failed Over", init));
    let lab = fallback_done(&lab, "cucm-imp-1b");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    assert_eq!(status(&lab), pair("Normal", None, "Normal", None));

    // Both nodes lose a critical service before the group is looked at: Failed.
    services::crash(&imp1, "Cisco XCP Router").expect("crash");
    services::crash(&imp1b, "Cisco XCP Router").expect("crash");
    let rows = status(&lab);
    assert_eq!(rows, pair("Failed", critical, "Failed", critical));
    note(&rows);

    assert_eq!(
        seen,
        [
            "Initializing",
            "Normal",
            "Taking Over",
            "Failover",
            "Failing Over",
            "Running in Backup Mode",
            "Idle",
            "Falling Back",
            "Taking Back",
            "Failed Over with Critical Services not Running",
            "Failed Over",
            "Running in Failed Mode",
            "Unknown",
            "Failed",
        ]
    );

    // Then table 38's rows that follow from real events only with Enable Automatic
    // Fallback, a restart while the peer is down or a move of users that fails, in the
    // guide's order.
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    assert_eq!(status(&lab), pair("Normal", None, "Normal", None));
    let mut reasons: Vec<&str> = Vec::new();
    call(&lab, &imp1, &owner, "", |op| ha::set_automatic_fallback(op, true)).expect("automatic fallback");
    // Automatic Fallback: node 2 healthy again for 30 minutes.
    services::crash(&imp1b, "Cisco Presence Engine").expect("crash");
    status(&lab);
    call(&lab, &imp1b, &admin(), "utils service start", |op| {
        services::act(op, Action::Start, "Cisco Presence Engine")
    })
    .expect("start");
    assert_eq!(status(&lab), pair("Running in Backup Mode", critical, "Failed Over", critical));
    let lab = later(&lab, 60 * ha::AUTO_FALLBACK_MINUTES);
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    let auto = Some(ha::REASON_AUTO_FALLBACK);
    assert_eq!(status(&lab), pair("Falling Back", auto, "Taking Back", auto));
    reasons.push(ha::REASON_AUTO_FALLBACK);
    assert_eq!(status(&lab), pair("Normal", None, "Normal", None));
    // Peer Down During Initialization: node 1 restarts while node 2 is down.
    platform::set_up(&imp1b, false).expect("down");
    call(&lab, &imp1, &admin(), "utils system restart", platform::restart).expect("restart");
    let pddi = Some(ha::REASON_PEER_DOWN_INIT);
    assert_eq!(status(&lab), pair("Running in Backup Mode", pddi, "Unknown", Some(ha::REASON_UNREACHABLE)));
    platform::set_up(&imp1b, true).expect("up");
    services::start_all(&imp1b).expect("boot");
    assert_eq!(status(&lab), pair("Running in Backup Mode", pddi, "Failed Over", init));
    reasons.push(ha::REASON_PEER_DOWN_INIT);
    let lab = fallback_done(&lab, "cucm-imp-1b");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    // Take Over Users Failed: replication to node 2 stopped when node 1 fails.
    ucsh::engine::db::repl::fault_stop(&lab, &imp1b).expect("stop replication");
    services::crash(&imp1, "Cisco Presence Engine").expect("crash");
    let over = Some(ha::REASON_TAKE_OVER_FAILED);
    assert_eq!(status(&lab), pair("Running in Failed Mode", over, "Running in Failed Mode", over));
    reasons.push(ha::REASON_TAKE_OVER_FAILED);
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    // Take Back Users Failed: node 2 failed over, its fallback's move cannot reach its
    // replica when it completes.
    let lab = failover_done(&lab, "cucm-imp-1b");
    let lab = fallback_done(&lab, "cucm-imp-1b");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    let taken = Some(ha::REASON_TAKE_BACK_FAILED);
    assert_eq!(status(&lab), pair("Running in Failed Mode", taken, "Running in Failed Mode", taken));
    reasons.push(ha::REASON_TAKE_BACK_FAILED);
    call(&lab, &imp1, &admin(), "utils dbreplication reset", |op| {
        ucsh::engine::db::dbreplication::reset(op, "cucm-imp-1b")
    })
    .expect("reset");
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    assert_eq!(status(&lab), pair("Normal", None, "Normal", None));
    // Backup Activated: the backup (node 2) loses its database, then a critical service,
    // while node 1, failed over, is healthy (the IM and Presence publisher's database,
    // where the users' assignments are written, keeps running).
    let (mut lab, mut imp1, mut imp1b) = (lab, imp1, imp1b);
    for (service, reason) in
        [("A Cisco DB", ha::REASON_AUTO_RECOVER_DB), ("Cisco XCP Router", ha::REASON_AUTO_RECOVER_CRITICAL)]
    {
        services::crash(&imp1, "Cisco SIP Proxy").expect("crash");
        status(&lab);
        call(&lab, &imp1, &admin(), "utils service start", |op| {
            services::act(op, Action::Start, "Cisco SIP Proxy")
        })
        .expect("start");
        assert_eq!(status(&lab), pair("Failed Over", critical, "Running in Backup Mode", critical));
        services::crash(&imp1b, service).expect("crash");
        let rows = status(&lab);
        assert_eq!(
            rows,
            pair(
                ha::STATE_BACKUP_ACTIVATED,
                Some(ha::REASON_AUTO_RECOVER_DB),
                ha::STATE_AFFECTED,
                Some(reason)
            )
        );
        reasons.push(reason);
        call(&lab, &imp1b, &admin(), "utils service start", |op| services::act(op, Action::Start, service))
            .expect("start");
        lab = fallback_done(&lab, "cucm-imp-1b");
        (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
        assert_eq!(status(&lab), pair("Normal", None, "Normal", None));
    }
    assert_eq!(
        reasons,
        [
            ha::REASON_AUTO_FALLBACK,
            ha::REASON_PEER_DOWN_INIT,
            ha::REASON_TAKE_OVER_FAILED,
            ha::REASON_TAKE_BACK_FAILED,
            ha::REASON_AUTO_RECOVER_DB,
            ha::REASON_AUTO_RECOVER_CRITICAL,
        ]
    );
}

/// While High Availability is disabled nothing fails over and the manual actions are
/// refused with the platform's reason; enabling starts the Initializing window.
#[test]
fn disabled_high_availability_never_fails_over() {
    let (_dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let owner = Session::new("admin", 4, true);
    let before = assignments(&lab, "cucm-imp-1");
    call(&lab, &imp1, &owner, "", |op| ha::set_enabled(op, "cluster1-prg1", false)).expect("disable");
    services::crash(&lab.node("cucm-imp-1b").expect("node"), "Cisco XCP Router").expect("crash");
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert!(status.groups[0].nodes.iter().all(|n| n.state == "Unknown"));
    assert_eq!(assignments(&lab, "cucm-imp-1"), before, "no user moved while disabled");
    let refused = call(&lab, &imp1, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1"));
    assert!(matches!(refused, Err(EngineError::HaNotEnabled { .. })), "{refused:?}");
    let again = call(&lab, &imp1, &owner, "", |op| ha::set_enabled(op, "cluster1-prg1", false));
    assert!(matches!(again, Err(EngineError::HaAlreadySet { .. })), "{again:?}");
}

/// Table 38's Running in Failed Mode rows: a fallback whose critical services do not
/// start (Start of Critical Services Failed), and a Server Recovery Manager that is not
/// running (Unknown); recovery clears both.
#[test]
fn failed_mode_after_a_failed_start_or_a_stopped_recovery_manager() {
    use ucsh::engine::services::Action;
    let (_dir, lab) = lab();
    let rows = |lab: &Lab| {
        let n = lab.node("cucm-imp-1").expect("node");
        states(&call(lab, &n, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status"))
    };
    let both = |state: &str, reason: &str| {
        vec![
            ("cucm-imp-1".to_string(), state.to_string(), Some(reason.to_string())),
            ("cucm-imp-1b".to_string(), state.to_string(), Some(reason.to_string())),
        ]
    };
    let before = assignments(&lab, "cucm-imp-1");
    let lab = failover_done(&lab, "cucm-imp-1b");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    call(&lab, &imp1b, &admin(), "utils service deactivate", |op| {
        services::act(op, Action::Deactivate, "Cisco Presence Engine")
    })
    .expect("deactivate");
    let refused = call(&lab, &imp1, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b"));
    assert!(matches!(refused, Err(EngineError::HaStartFailed { .. })), "{refused:?}");
    assert_eq!(rows(&lab), both("Running in Failed Mode", ha::REASON_START_FAILED));
    // The users stayed on the backup.
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"));
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    call(&lab, &imp1b, &admin(), "utils service activate", |op| {
        services::act(op, Action::Activate, "Cisco Presence Engine")
    })
    .expect("activate");
    // Started by hand, not rebooted: Failed Over, Critical Service Down.
    let node2 = rows(&lab).remove(1);
    assert_eq!((node2.1.as_str(), node2.2.as_deref()), ("Failed Over", Some(ha::REASON_CRITICAL)));
    let lab = fallback_done(&lab, "cucm-imp-1b");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    rows(&lab);
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);

    call(&lab, &imp1b, &admin(), "utils service stop", |op| services::act(op, Action::Stop, ha::SRM))
        .expect("stop srm");
    assert_eq!(rows(&lab), both("Running in Failed Mode", ha::REASON_UNKNOWN));
    services::crash(&imp1, "Cisco Presence Engine").expect("crash");
    assert_eq!(rows(&lab), both("Running in Failed Mode", ha::REASON_UNKNOWN));
    assert_eq!(assignments(&lab, "cucm-imp-1"), before, "no failover without the recovery manager");
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    let after = rows(&lab);
    assert!(after.iter().all(|(_, s, r)| s == "Normal" && r.is_none()), "{after:?}");
}

/// A node restarted while High Availability is enabled is failed over (Peer Reboot) and
/// comes back Failed Over, Initialization; restarted while it is disabled, as the guide
/// does it, nothing fails over, then or after enabling.
#[test]
fn a_restart_fails_the_node_over_unless_high_availability_is_disabled() {
    use ucsh::engine::platform;
    let (_dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let imp1b = lab.node("cucm-imp-1b").expect("node");
    let owner = Session::new("admin", 4, true);
    let before = assignments(&lab, "cucm-imp-1");
    call(&lab, &imp1b, &admin(), "utils system restart", platform::restart).expect("restart");
    let status = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert_eq!(
        states(&status),
        vec![
            ("cucm-imp-1".into(), "Running in Backup Mode".into(), Some(ha::REASON_PEER_REBOOT.into())),
            ("cucm-imp-1b".into(), "Failed Over".into(), Some(ha::REASON_INIT.into())),
        ]
    );
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"));
    let lab = fallback_done(&lab, "cucm-imp-1b");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);

    call(&lab, &imp1, &owner, "", |op| ha::set_enabled(op, "cluster1-prg1", false)).expect("disable");
    call(&lab, &imp1b, &admin(), "utils system restart", platform::restart).expect("restart");
    call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    call(&lab, &imp1, &owner, "", |op| ha::set_enabled(op, "cluster1-prg1", true)).expect("enable");
    let settled = later(&lab, ha::INIT_SECONDS);
    let n = settled.node("cucm-imp-1").expect("node");
    let status = call(&settled, &n, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert!(status.groups[0].nodes.iter().all(|n| n.state == "Normal"), "{status:?}");
    assert_eq!(assignments(&settled, "cucm-imp-1"), before);
}

/// `(state, reason)` of each node, in group order.
fn pairs(lab: &Lab) -> Vec<(String, Option<String>)> {
    let n = lab.node("cucm-imp-1").expect("node");
    let status = call(lab, &n, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    status.groups[0].nodes.iter().map(|n| (n.state.clone(), n.reason.clone())).collect()
}

fn expect(a: &str, ra: &str, b: &str, rb: &str) -> Vec<(String, Option<String>)> {
    vec![(a.to_string(), Some(ra.to_string())), (b.to_string(), Some(rb.to_string()))]
}

fn normal() -> Vec<(String, Option<String>)> {
    vec![("Normal".to_string(), None), ("Normal".to_string(), None)]
}

/// Both manual actions refused with the platform's state listing, nothing moved.
fn manual_actions_refused(lab: &Lab, failover: &str, fallback: &str) {
    let n = lab.node("cucm-imp-1").expect("node");
    let before = assignments(lab, "cucm-imp-1");
    let refused = call(lab, &n, &admin(), "utils ha failover", |op| ha::failover(op, failover));
    assert!(matches!(refused, Err(EngineError::HaStateRefused { .. })), "{refused:?}");
    let refused = call(lab, &n, &admin(), "utils ha fallback", |op| ha::fallback(op, fallback));
    assert!(matches!(refused, Err(EngineError::HaStateRefused { .. })), "{refused:?}");
    assert_eq!(assignments(lab, "cucm-imp-1"), before);
}

/// Table 38, Peer Down During Initialization: the backup starts while its peer is down and
/// never sees it, whether the peer's loss was looked at before the restart or not; the
/// peer comes back Failed Over (or Failed Over with Critical Services not Running) with
/// the reason Initialization, and a manual fallback restores Normal.
#[test]
fn peer_down_during_initialization() {
    use ucsh::engine::platform;
    use ucsh::engine::services::Action;
    let (_dir, lab) = lab();
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    let before = assignments(&lab, "cucm-imp-1");
    // Node 2 goes down and is seen down (Peer Down); then node 1 restarts.
    platform::set_up(&imp1b, false).expect("down");
    assert_eq!(
        pairs(&lab),
        expect("Running in Backup Mode", ha::REASON_PEER_DOWN, "Unknown", ha::REASON_UNREACHABLE)
    );
    call(&lab, &imp1, &admin(), "utils system restart", platform::restart).expect("restart");
    let rows = pairs(&lab);
    assert_eq!(
        rows,
        expect("Running in Backup Mode", ha::REASON_PEER_DOWN_INIT, "Unknown", ha::REASON_UNREACHABLE)
    );
    manual_actions_refused(&lab, "cucm-imp-1", "cucm-imp-1b");
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"));
    // Node 2 boots with a critical service that does not start, then it is started.
    platform::set_up(&imp1b, true).expect("up");
    services::start_all(&imp1b).expect("boot");
    services::crash(&imp1b, "Cisco SIP Proxy").expect("crash");
    assert_eq!(
        pairs(&lab),
        expect(
            "Running in Backup Mode",
            ha::REASON_PEER_DOWN_INIT,
            "Failed Over with Critical Services not Running",
            ha::REASON_INIT
        )
    );
    manual_actions_refused(&lab, "cucm-imp-1", "cucm-imp-1b");
    call(&lab, &imp1b, &admin(), "utils service start", |op| {
        services::act(op, Action::Start, "Cisco SIP Proxy")
    })
    .expect("start");
    assert_eq!(
        pairs(&lab),
        expect("Running in Backup Mode", ha::REASON_PEER_DOWN_INIT, "Failed Over", ha::REASON_INIT)
    );
    let lab = fallback_done(&lab, "cucm-imp-1b");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);

    // Both nodes down before anyone looks; node 1 comes back first.
    platform::set_up(&imp1b, false).expect("down");
    platform::set_up(&imp1, false).expect("down");
    platform::set_up(&imp1, true).expect("up");
    services::start_all(&imp1).expect("boot");
    assert_eq!(
        pairs(&lab),
        expect("Running in Backup Mode", ha::REASON_PEER_DOWN_INIT, "Unknown", ha::REASON_UNREACHABLE)
    );
    platform::set_up(&imp1b, true).expect("up");
    services::start_all(&imp1b).expect("boot");
    assert_eq!(
        pairs(&lab),
        expect("Running in Backup Mode", ha::REASON_PEER_DOWN_INIT, "Failed Over", ha::REASON_INIT)
    );
    let lab = fallback_done(&lab, "cucm-imp-1b");
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
}

fn at(dir: &tempfile::TempDir, time: &str) -> Lab {
    Lab::open(dir.path(), Clock::from_rfc3339(time).expect("time")).expect("lab")
}

/// Table 38, Automatic Fallback: with Enable Automatic Fallback, a node failed over for one
/// of the guide's three reasons and healthy again is fallen back after 30 minutes in which
/// nothing changed (a restart starts the watch again); the look that does it shows Taking
/// Back / Falling Back, Automatic Fallback. Off (the default), or after a manual failover,
/// nothing falls back on its own.
#[test]
fn automatic_fallback_after_thirty_healthy_minutes() {
    use ucsh::engine::platform;
    use ucsh::engine::services::Action;
    let (dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let owner = Session::new("admin", 4, true);
    let before = assignments(&lab, "cucm-imp-1");
    let crash_and_start = |lab: &Lab| {
        let imp1b = lab.node("cucm-imp-1b").expect("node");
        services::crash(&imp1b, "Cisco Presence Engine").expect("crash");
        assert_eq!(
            pairs(lab),
            expect(
                "Running in Backup Mode",
                ha::REASON_CRITICAL,
                "Failed Over with Critical Services not Running",
                ha::REASON_CRITICAL
            )
        );
        call(lab, &imp1b, &admin(), "utils service start", |op| {
            services::act(op, Action::Start, "Cisco Presence Engine")
        })
        .expect("start");
        assert_eq!(
            pairs(lab),
            expect("Running in Backup Mode", ha::REASON_CRITICAL, "Failed Over", ha::REASON_CRITICAL)
        );
    };
    // Off: nearly an hour later the node is still failed over.
    crash_and_start(&lab);
    let later = at(&dir, "2026-11-23T10:58:00Z");
    assert_eq!(
        pairs(&later),
        expect("Running in Backup Mode", ha::REASON_CRITICAL, "Failed Over", ha::REASON_CRITICAL)
    );
    let n = later.node("cucm-imp-1").expect("node");
    call(&later, &n, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b")).expect("fallback");

    // On: watched from the first look that sees it healthy (11:00, the fallback's move
    // completed).
    let later = at(&dir, "2026-11-23T11:00:00Z");
    let n = later.node("cucm-imp-1").expect("node");
    assert_eq!(pairs(&later), normal());
    let set = call(&later, &n, &owner, "", |op| ha::set_automatic_fallback(op, true)).expect("set");
    assert!(set.enabled);
    crash_and_start(&later);
    assert_eq!(
        pairs(&at(&dir, "2026-11-23T11:29:59Z")),
        expect("Running in Backup Mode", ha::REASON_CRITICAL, "Failed Over", ha::REASON_CRITICAL)
    );
    let done = at(&dir, "2026-11-23T11:30:00Z");
    assert_eq!(
        pairs(&done),
        expect("Falling Back", ha::REASON_AUTO_FALLBACK, "Taking Back", ha::REASON_AUTO_FALLBACK)
    );
    assert_eq!(assignments(&done, "cucm-imp-1"), before);
    assert_eq!(assignments(&done, "cucm-imp-1b"), before);
    assert_eq!(pairs(&done), normal());

    // A reboot: failed over (Peer Reboot) and watched at once; a restart of the peer during
    // the watch starts it again.
    let imp1b = done.node("cucm-imp-1b").expect("node");
    call(&done, &imp1b, &admin(), "utils system restart", platform::restart).expect("restart");
    assert_eq!(
        pairs(&done),
        expect("Running in Backup Mode", ha::REASON_PEER_REBOOT, "Failed Over", ha::REASON_INIT)
    );
    let mid = at(&dir, "2026-11-23T11:50:00Z");
    let imp1b = mid.node("cucm-imp-1b").expect("node");
    call(&mid, &imp1b, &admin(), "utils system restart", platform::restart).expect("restart");
    assert_eq!(
        pairs(&mid),
        expect("Running in Backup Mode", ha::REASON_PEER_REBOOT, "Failed Over", ha::REASON_INIT)
    );
    let not_yet = at(&dir, "2026-11-23T12:10:00Z");
    assert_eq!(
        pairs(&not_yet),
        expect("Running in Backup Mode", ha::REASON_PEER_REBOOT, "Failed Over", ha::REASON_INIT)
    );
    let back = at(&dir, "2026-11-23T12:20:00Z");
    assert_eq!(
        pairs(&back),
        expect("Falling Back", ha::REASON_AUTO_FALLBACK, "Taking Back", ha::REASON_AUTO_FALLBACK)
    );
    assert_eq!(assignments(&back, "cucm-imp-1"), before);

    // A manual failover is never fallen back on its own.
    let n = back.node("cucm-imp-1").expect("node");
    call(&back, &n, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1b")).expect("failover");
    let much_later = at(&dir, "2026-11-23T18:00:00Z");
    assert_eq!(
        pairs(&much_later),
        expect("Running in Backup Mode", ha::REASON_ADMIN, "Idle", ha::REASON_ADMIN)
    );
    let _ = imp1;
}

/// Table 38, Backup Activated / Failover Affected Services / Auto Recover: with Enable
/// Automatic Fallback, the backup losing its database (or a critical service) while its
/// failed-over peer is healthy hands every user to the peer; the affected node falls back
/// once healthy. The manual actions the states do not allow are refused.
#[test]
fn auto_recover_when_the_backup_fails_and_its_peer_is_healthy() {
    use ucsh::engine::services::Action;
    let (_dir, mut lab) = lab();
    let (mut imp1, mut imp1b) =
        (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    let owner = Session::new("admin", 4, true);
    let before = assignments(&lab, "cucm-imp-1");
    call(&lab, &imp1, &owner, "", |op| ha::set_automatic_fallback(op, true)).expect("set");
    for (service, reason) in
        [("A Cisco DB", ha::REASON_AUTO_RECOVER_DB), ("Cisco SIP Proxy", ha::REASON_AUTO_RECOVER_CRITICAL)]
    {
        // Node 1 fails over to node 2, then is healthy again.
        services::crash(&imp1, "Cisco Presence Engine").expect("crash");
        assert_eq!(pairs(&lab)[0].0, "Failed Over with Critical Services not Running");
        call(&lab, &imp1, &admin(), "utils service start", |op| {
            services::act(op, Action::Start, "Cisco Presence Engine")
        })
        .expect("start");
        assert_eq!(
            pairs(&lab),
            expect("Failed Over", ha::REASON_CRITICAL, "Running in Backup Mode", ha::REASON_CRITICAL)
        );
        assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1b"));
        // The backup fails: every user goes to node 1.
        services::crash(&imp1b, service).expect("crash");
        assert_eq!(
            pairs(&lab),
            expect(ha::STATE_BACKUP_ACTIVATED, ha::REASON_AUTO_RECOVER_DB, ha::STATE_AFFECTED, reason),
            "{service}"
        );
        assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"), "{service}");
        manual_actions_refused(&lab, "cucm-imp-1", "cucm-imp-1");
        // Still affected: its fallback is refused.
        let refused = call(&lab, &imp1, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b"));
        assert!(matches!(refused, Err(EngineError::HaStateRefused { .. })), "{refused:?}");
        call(&lab, &imp1b, &admin(), "utils service start", |op| services::act(op, Action::Start, service))
            .expect("start");
        assert_eq!(
            pairs(&lab),
            expect(ha::STATE_BACKUP_ACTIVATED, ha::REASON_AUTO_RECOVER_DB, ha::STATE_AFFECTED, reason)
        );
        let back = call(&lab, &imp1, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b"))
            .expect("fallback");
        assert_eq!(back.backup, "cucm-imp-1");
        assert_eq!(pairs(&lab), expect("Falling Back", ha::REASON_ADMIN, "Taking Back", ha::REASON_ADMIN));
        lab = after_move(&lab);
        (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
        assert_eq!(pairs(&lab), normal());
        assert_eq!(assignments(&lab, "cucm-imp-1"), before, "{service}");
        assert_eq!(assignments(&lab, "cucm-imp-1b"), before, "{service}");
    }
    // Off: the same events leave both nodes Running in Failed Mode (the existing row).
    call(&lab, &imp1, &owner, "", |op| ha::set_automatic_fallback(op, false)).expect("set");
    services::crash(&imp1, "Cisco Presence Engine").expect("crash");
    pairs(&lab);
    call(&lab, &imp1, &admin(), "utils service start", |op| {
        services::act(op, Action::Start, "Cisco Presence Engine")
    })
    .expect("start");
    pairs(&lab);
    services::crash(&imp1b, "Cisco SIP Proxy").expect("crash");
    assert_eq!(
        pairs(&lab),
        expect("Running in Failed Mode", ha::REASON_CRITICAL, "Running in Failed Mode", ha::REASON_CRITICAL)
    );
}

/// Table 38, Take Over Users Failed: with replication to the node taking over stopped, the
/// users' move does not reach the database it serves them from; it is undone, and both
/// nodes are Running in Failed Mode until recovery (automatic or manual failover alike).
#[test]
fn take_over_users_failed_when_the_move_does_not_reach_the_backup() {
    use ucsh::engine::db::repl;
    let (_dir, lab) = lab();
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    let before = assignments(&lab, "cucm-imp-1");
    let failed = expect(
        "Running in Failed Mode",
        ha::REASON_TAKE_OVER_FAILED,
        "Running in Failed Mode",
        ha::REASON_TAKE_OVER_FAILED,
    );
    repl::fault_stop(&lab, &imp1b).expect("stop replication");
    services::crash(&imp1, "Cisco Presence Engine").expect("crash");
    assert_eq!(pairs(&lab), failed);
    assert_eq!(assignments(&lab, "cucm-imp-1"), before, "the move was undone");
    assert_eq!(assignments(&lab, "cucm-imp-1b"), before);
    manual_actions_refused(&lab, "cucm-imp-1", "cucm-imp-1");
    // Recovery starts the critical services again: Normal, nobody moved.
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);

    // A manual failover whose move fails when it completes: undone, the node's critical
    // services started again.
    call(&lab, &imp1, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1")).expect("failover");
    assert_eq!(pairs(&lab), expect("Failing Over", ha::REASON_ADMIN, "Taking Over", ha::REASON_ADMIN));
    let lab = after_move(&lab);
    let imp1 = lab.node("cucm-imp-1").expect("node");
    assert_eq!(pairs(&lab), failed);
    let svc = services::load(&imp1).expect("services");
    assert!(ha::CRITICAL.iter().all(|s| svc.is_running(s)));
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
}

/// Table 38, Take Back Users Failed: a fallback whose move back does not reach the failed
/// node's database leaves both nodes Running in Failed Mode, the users on the backup;
/// recovery fails the same way until replication works again, then restores Normal.
#[test]
fn take_back_users_failed_until_replication_works_again() {
    use ucsh::engine::db::{dbreplication, repl};
    let (_dir, lab) = lab();
    let before = assignments(&lab, "cucm-imp-1");
    let failed = expect(
        "Running in Failed Mode",
        ha::REASON_TAKE_BACK_FAILED,
        "Running in Failed Mode",
        ha::REASON_TAKE_BACK_FAILED,
    );
    let lab = failover_done(&lab, "cucm-imp-1b");
    repl::fault_stop(&lab, &lab.node("cucm-imp-1b").expect("node")).expect("stop replication");
    let lab = fallback_done(&lab, "cucm-imp-1b");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    assert_eq!(pairs(&lab), failed);
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"));
    manual_actions_refused(&lab, "cucm-imp-1", "cucm-imp-1b");
    let again = call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1"));
    assert!(matches!(again, Err(EngineError::HaUsersNotMoved { .. })), "{again:?}");
    assert_eq!(pairs(&lab), failed);
    call(&lab, &imp1, &admin(), "utils dbreplication reset", |op| dbreplication::reset(op, "cucm-imp-1b"))
        .expect("reset");
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
    assert_eq!(assignments(&lab, "cucm-imp-1b"), before);
    let _ = imp1b;
}

/// Table 38, Take Over Users Failed, from the other cause the lab has: the IM and Presence
/// publisher is not a member of the group (a layout with a third IM and Presence node) and
/// its database is down, so the users' assignments cannot be written at all.
#[test]
fn take_over_users_failed_when_the_publisher_database_is_down() {
    use std::net::Ipv4Addr;
    use ucsh::engine::deployment::{self, InitOptions};
    use ucsh::engine::lab::Existing;
    use ucsh::engine::services::Action;
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").expect("pinned time");
    let mut layout = deployment::standard(&InitOptions::default());
    let c1 = &mut layout.clusters[0];
    let mut third = c1.nodes.iter().find(|n| n.name == "cucm-imp-1b").expect("imp-1b").clone();
    third.name = "cucm-imp-1c".into();
    third.hostname = "cucm-imp-1c".into();
    third.ipv4 = Ipv4Addr::new(10, 10, 1, 33);
    third.presence_group = Some("cluster1-prg2".into());
    for n in c1.nodes.iter_mut().filter(|n| n.name == "cucm-imp-1b") {
        n.presence_group = Some("cluster1-prg2".into());
    }
    for n in c1.nodes.iter_mut().filter(|n| n.name == "cucm-imp-1") {
        n.presence_group = None;
    }
    c1.nodes.push(third);
    let (lab, _) =
        Lab::init_layout(dir.path(), layout, &InitOptions::default(), None, Existing::Refuse, clock)
            .expect("the lab");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    let before = assignments(&lab, "cucm-imp-1b");
    let rows = |lab: &Lab| {
        let n = lab.node("cucm-imp-1b").expect("node");
        let s = call(lab, &n, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
        assert_eq!(s.groups.len(), 1, "the publisher is in no group");
        s.groups[0].nodes.iter().map(|n| (n.state.clone(), n.reason.clone())).collect::<Vec<_>>()
    };
    assert_eq!(rows(&lab), normal());
    services::crash(&imp1, "A Cisco DB").expect("crash");
    services::crash(&imp1b, "Cisco Presence Engine").expect("crash");
    let failed = expect(
        "Running in Failed Mode",
        ha::REASON_TAKE_OVER_FAILED,
        "Running in Failed Mode",
        ha::REASON_TAKE_OVER_FAILED,
    );
    assert_eq!(rows(&lab), failed);
    assert_eq!(assignments(&lab, "cucm-imp-1b"), before);
    let n = lab.node("cucm-imp-1b").expect("node");
    let refused = call(&lab, &n, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b"));
    assert!(matches!(refused, Err(EngineError::HaStateRefused { .. })), "{refused:?}");
    // The publisher's database back, recovery restores Normal.
    call(&lab, &imp1, &admin(), "utils service start", |op| services::act(op, Action::Start, "A Cisco DB"))
        .expect("start");
    call(&lab, &n, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg2")).expect("recover");
    assert_eq!(rows(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1b"), before);
}

/// Restarts (`utils service restart`) the Cisco Server Recovery Manager on `node`.
fn restart_srm(lab: &Lab, node: &str) {
    use ucsh::engine::services::Action;
    let n = lab.node(node).expect("node");
    call(lab, &n, &admin(), "utils service restart", |op| services::act(op, Action::Restart, ha::SRM))
        .expect("restart srm");
}

/// In manual failover (node 2's users on node 1): failover refused on either node (not
/// Normal), fallback refused for the backup (it did not fail over), nothing moved.
fn manual_failover_refusals(lab: &Lab) {
    let n = lab.node("cucm-imp-1").expect("node");
    let before = assignments(lab, "cucm-imp-1");
    for target in ["cucm-imp-1", "cucm-imp-1b"] {
        let refused = call(lab, &n, &admin(), "utils ha failover", |op| ha::failover(op, target));
        assert!(matches!(refused, Err(EngineError::HaStateRefused { .. })), "{refused:?}");
    }
    let refused = call(lab, &n, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1"));
    assert!(matches!(refused, Err(EngineError::HaStateRefused { .. })), "{refused:?}");
    assert_eq!(assignments(lab, "cucm-imp-1"), before);
}

/// The group's nodes in table 38's order for a failover of cucm-imp-1b: node 1 of the
/// table is the node that failed over (cucm-imp-1b), node 2 its backup (cucm-imp-1).
fn table_pair(lab: &Lab) -> [(String, Option<String>); 2] {
    let p = pairs(lab);
    [p[1].clone(), p[0].clone()]
}

fn pair(a: &str, ra: &str, b: &str, rb: &str) -> [(String, Option<String>); 2] {
    [(a.to_string(), Some(ra.to_string())), (b.to_string(), Some(rb.to_string()))]
}

/// A manual failover of table node 1, its move completed: the lab then, and the users'
/// assignments before it.
fn manual_failover(lab: &Lab) -> (Lab, BTreeMap<String, String>) {
    let before = assignments(lab, "cucm-imp-1");
    let lab = failover_done(lab, "cucm-imp-1b");
    assert_eq!(table_pair(&lab), pair("Idle", ha::REASON_ADMIN, "Running in Backup Mode", ha::REASON_ADMIN));
    (lab, before)
}

/// Falls back table node 1 and checks the take back's states (the answer and the group
/// while the users move back), then Normal with every user home once the move completed.
fn fall_back(lab: &Lab, before: &BTreeMap<String, String>, taking_back_reason: &str) -> Lab {
    let n = lab.node("cucm-imp-1").expect("node");
    let moved =
        call(lab, &n, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b")).expect("fallback");
    let shown: Vec<(String, Option<String>)> =
        moved.group.nodes.iter().rev().map(|n| (n.state.clone(), n.reason.clone())).collect();
    let taking_back = pair("Taking Back", taking_back_reason, "Falling Back", ha::REASON_ADMIN);
    assert_eq!(shown, taking_back.to_vec());
    assert_eq!(table_pair(lab), taking_back);
    let lab = after_move(lab);
    assert_eq!(pairs(&lab), normal());
    assert_eq!(&assignments(&lab, "cucm-imp-1"), before);
    lab
}

/// Table 38 (a, and e as the lab reaches it): the administrator restarts the Server
/// Recovery Manager on node 1 while it is Idle: Idle / Initialization beside Running in
/// Backup Mode / On Admin Request, kept until the failover ends; the manual fallback shows
/// node 1 Taking Back / Initialization, node 2 Falling Back / On Admin Request, and both
/// end Normal.
#[test]
fn srm_restarted_on_the_idle_node() {
    use ucsh::engine::services::Action;
    let (_dir, lab) = lab();
    let (lab, before) = manual_failover(&lab);
    restart_srm(&lab, "cucm-imp-1b");
    let row_a = pair("Idle", ha::REASON_INIT, "Running in Backup Mode", ha::REASON_ADMIN);
    assert_eq!(table_pair(&lab), row_a);
    // Still so at the next look: the reason lasts as long as the failover.
    assert_eq!(table_pair(&lab), row_a);
    manual_failover_refusals(&lab);
    // A start of a recovery manager already running is no restart.
    let n = lab.node("cucm-imp-1").expect("node");
    call(&lab, &n, &admin(), "utils service start", |op| services::act(op, Action::Start, ha::SRM))
        .expect("start");
    assert_eq!(table_pair(&lab), row_a);
    let lab = fall_back(&lab, &before, ha::REASON_INIT);
    // The next failover starts afresh: On Admin Request on both.
    let (lab, _) = manual_failover(&lab);
    fall_back(&lab, &before, ha::REASON_ADMIN);
}

/// Table 38 (b): in manual failover both nodes restart (`utils system restart`), or the
/// Server Recovery Manager is stopped and started on both: Idle / Initialization beside
/// Running in Backup Mode / Initialization. While a recovery manager is stopped the group
/// is Running in Failed Mode, Unknown; recovery ends the failover.
#[test]
fn both_nodes_or_both_recovery_managers_restarted_in_manual_failover() {
    use ucsh::engine::platform;
    use ucsh::engine::services::Action;
    let (_dir, lab) = lab();
    let (lab, before) = manual_failover(&lab);
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    call(&lab, &imp1b, &admin(), "utils system restart", platform::restart).expect("restart");
    call(&lab, &imp1, &admin(), "utils system restart", platform::restart).expect("restart");
    let row_b = pair("Idle", ha::REASON_INIT, "Running in Backup Mode", ha::REASON_INIT);
    assert_eq!(table_pair(&lab), row_b);
    manual_failover_refusals(&lab);
    // No Peer Reboot failover on top of the manual one: the users stay where they were,
    // and the idle node, booted with every service, is kept idle: its critical services
    // stopped again (the fallback starts them).
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"));
    let running = services::load(&imp1b).expect("services");
    for critical in ha::CRITICAL {
        assert!(!running.is_running(critical), "{critical} runs on the idle node");
    }
    let lab = fall_back(&lab, &before, ha::REASON_INIT);
    let running = services::load(&imp1b).expect("services");
    for critical in ha::CRITICAL {
        assert!(running.is_running(critical), "{critical} does not run after the fallback");
    }

    // The same with the recovery managers stopped and started by hand, seen in between.
    let (lab, before) = manual_failover(&lab);
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    for node in [&imp1, &imp1b] {
        call(&lab, node, &admin(), "utils service stop", |op| services::act(op, Action::Stop, ha::SRM))
            .expect("stop srm");
    }
    assert_eq!(
        table_pair(&lab),
        pair("Running in Failed Mode", ha::REASON_UNKNOWN, "Running in Failed Mode", ha::REASON_UNKNOWN)
    );
    for node in [&imp1, &imp1b] {
        call(&lab, node, &admin(), "utils service start", |op| services::act(op, Action::Start, ha::SRM))
            .expect("start srm");
    }
    assert_eq!(table_pair(&lab), row_b);
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
}

/// Table 38 (c): the Server Recovery Manager restarted on node 2 while it runs in backup
/// mode (the restart is quicker than node 1's heartbeat timeout: nothing fails over):
/// Idle / On Admin Request beside Running in Backup Mode / Initialization.
#[test]
fn srm_restarted_on_the_backup() {
    let (_dir, lab) = lab();
    let (lab, before) = manual_failover(&lab);
    restart_srm(&lab, "cucm-imp-1");
    assert_eq!(table_pair(&lab), pair("Idle", ha::REASON_ADMIN, "Running in Backup Mode", ha::REASON_INIT));
    manual_failover_refusals(&lab);
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"));
    fall_back(&lab, &before, ha::REASON_ADMIN);
}

/// Outside a manual failover a restarted recovery manager changes nothing (table 38 has
/// no Initialization row for Normal or an automatic failover).
#[test]
fn srm_restarted_outside_a_manual_failover_changes_nothing() {
    let (_dir, lab) = lab();
    restart_srm(&lab, "cucm-imp-1b");
    assert_eq!(pairs(&lab), normal());
    manual_failover(&lab);
}

/// Table 38 (c) by a node fault: the backup goes down and comes back up during a manual
/// failover (`ucsh cluster fault node-down|node-up`); while it is down both nodes are
/// Running in Failed Mode, back up it reports Initialization; the users never left it.
#[test]
fn backup_down_and_up_in_manual_failover() {
    use ucsh::engine::platform;
    let (_dir, lab) = lab();
    let (lab, before) = manual_failover(&lab);
    let imp1 = lab.node("cucm-imp-1").expect("node");
    platform::set_up(&imp1, false).expect("down");
    // Looked at from the idle node (the backup cannot be asked).
    let imp1b = lab.node("cucm-imp-1b").expect("node");
    let seen = call(&lab, &imp1b, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    assert!(seen.groups[0].nodes.iter().all(|n| n.state == "Running in Failed Mode"), "{seen:?}");
    platform::set_up(&imp1, true).expect("up");
    services::start_all(&imp1).expect("boot");
    assert_eq!(table_pair(&lab), pair("Idle", ha::REASON_ADMIN, "Running in Backup Mode", ha::REASON_INIT));
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"));
    fall_back(&lab, &before, ha::REASON_ADMIN);
}

/// A move of users in progress: failover, fallback and recovery are refused with the
/// group's states, and disabling High Availability too; nothing moves before its end.
#[test]
fn actions_refused_while_a_move_is_in_progress() {
    let (_dir, lab) = lab();
    let owner = Session::new("admin", 4, true);
    let before = assignments(&lab, "cucm-imp-1");
    let n = lab.node("cucm-imp-1").expect("node");
    call(&lab, &n, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1b")).expect("failover");
    let refused_all = |lab: &Lab| {
        let n = lab.node("cucm-imp-1").expect("node");
        for target in ["cucm-imp-1", "cucm-imp-1b"] {
            let r = call(lab, &n, &admin(), "utils ha failover", |op| ha::failover(op, target));
            assert!(matches!(r, Err(EngineError::HaStateRefused { .. })), "{r:?}");
            let r = call(lab, &n, &admin(), "utils ha fallback", |op| ha::fallback(op, target));
            assert!(matches!(r, Err(EngineError::HaStateRefused { .. })), "{r:?}");
        }
        let r = call(lab, &n, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1"));
        match r {
            Err(EngineError::HaStateRefused { action, states, .. }) => {
                assert_eq!(action, "recovery");
                assert!(states.iter().any(|(_, s)| s == "Taking Over" || s == "Taking Back"), "{states:?}");
            }
            other => panic!("{other:?}"),
        }
        let r = call(lab, &n, &owner, "", |op| ha::set_enabled(op, "cluster1-prg1", false));
        assert!(matches!(r, Err(EngineError::HaBusy { .. })), "{r:?}");
    };
    refused_all(&lab);
    assert_eq!(pairs(&lab), expect("Taking Over", ha::REASON_ADMIN, "Failing Over", ha::REASON_ADMIN));
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
    let lab = after_move(&lab);
    assert_eq!(pairs(&lab), expect("Running in Backup Mode", ha::REASON_ADMIN, "Idle", ha::REASON_ADMIN));
    let n = lab.node("cucm-imp-1").expect("node");
    call(&lab, &n, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b")).expect("fallback");
    refused_all(&lab);
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"));
    let lab = after_move(&lab);
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
}

/// A node going down during a move ends it at the next look, without waiting for its end:
/// the failing node down, its users still go to the backup (the move arrives); the node
/// that is to serve them down, the move cannot arrive and is undone (Take Over / Take Back
/// Users Failed), the failing node's critical services started again.
#[test]
fn a_node_down_during_a_move_ends_it_at_the_next_look() {
    use ucsh::engine::platform;
    let (_dir, lab) = lab();
    let before = assignments(&lab, "cucm-imp-1");
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    // The failing node goes down while it is Failing Over.
    call(&lab, &imp1, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1b")).expect("failover");
    platform::set_up(&imp1b, false).expect("down");
    let rows = pairs(&lab);
    assert_eq!(rows[0], ("Running in Backup Mode".to_string(), Some(ha::REASON_ADMIN.to_string())));
    assert!(assignments(&lab, "cucm-imp-1").values().all(|n| n == "cucm-imp-1"), "moved at once");
    platform::set_up(&imp1b, true).expect("up");
    services::start_all(&imp1b).expect("boot");
    let lab = fallback_done(&lab, "cucm-imp-1b");
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);

    // The node taking over (the backup) goes down while it is Taking Over.
    let (imp1, imp1b) = (lab.node("cucm-imp-1").expect("node"), lab.node("cucm-imp-1b").expect("node"));
    call(&lab, &imp1b, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1")).expect("failover");
    assert_eq!(pairs(&lab), expect("Failing Over", ha::REASON_ADMIN, "Taking Over", ha::REASON_ADMIN));
    platform::set_up(&imp1b, false).expect("down");
    let seen = call(&lab, &imp1, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    let over = ha::REASON_TAKE_OVER_FAILED;
    assert_eq!(
        states(&seen).iter().map(|r| (r.1.as_str(), r.2.as_deref())).collect::<Vec<_>>(),
        [("Running in Failed Mode", Some(over)), ("Running in Failed Mode", Some(over))]
    );
    assert_eq!(assignments(&lab, "cucm-imp-1"), before, "undone");
    let svc = services::load(&imp1).expect("services");
    assert!(ha::CRITICAL.iter().all(|s| svc.is_running(s)), "started again");
    platform::set_up(&imp1b, true).expect("up");
    services::start_all(&imp1b).expect("boot");
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1b"), before);
}

/// A Server Recovery Manager stopped during a move stalls it (Running in Failed Mode,
/// Unknown, which recovery is allowed for); recovery ends the failover, nobody moved.
#[test]
fn a_stopped_recovery_manager_stalls_the_move_until_recovery() {
    use ucsh::engine::services::Action;
    let (_dir, lab) = lab();
    let before = assignments(&lab, "cucm-imp-1");
    let imp1 = lab.node("cucm-imp-1").expect("node");
    call(&lab, &imp1, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1b")).expect("failover");
    call(&lab, &imp1, &admin(), "utils service stop", |op| services::act(op, Action::Stop, ha::SRM))
        .expect("stop srm");
    let lab = after_move(&lab);
    let unknown = ha::REASON_UNKNOWN;
    assert_eq!(pairs(&lab), expect("Running in Failed Mode", unknown, "Running in Failed Mode", unknown));
    assert_eq!(assignments(&lab, "cucm-imp-1"), before, "stalled");
    let imp1 = lab.node("cucm-imp-1").expect("node");
    call(&lab, &imp1, &admin(), "utils ha recover", |op| ha::recover(op, "cluster1-prg1")).expect("recover");
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
    let svc = services::load(&lab.node("cucm-imp-1b").expect("node")).expect("services");
    assert!(ha::CRITICAL.iter().all(|s| svc.is_running(s)));
}

/// What a failover killed right after saving its move leaves (the move recorded, nothing
/// stopped, nobody moved) completes at its end: the users move and the node's critical
/// services are stopped then; a completion killed after the users moved and done again
/// moves no one twice.
#[test]
fn a_move_left_by_a_killed_failover_completes_at_its_end() {
    let (_dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    let before = assignments(&lab, "cucm-imp-1");
    let pkids = users_assigned_to(&imp1, "cucm-imp-1b");
    let dir = imp1.dir().join("ha");
    std::fs::create_dir_all(&dir).expect("ha folder");
    let users: Vec<String> = pkids.iter().map(|p| format!("{p:?}")).collect();
    let record = format!(
        "[group.cluster1-prg1.failover]\nnode = \"cucm-imp-1b\"\nbackup = \"cucm-imp-1\"\n\
         reason = \"On Admin Request\"\nusers = [{}]\nstopped = []\n\n\
         [group.cluster1-prg1.failover.moving]\nkind = \"failover\"\nstarted = \"2026-11-23T10:00:00Z\"\n\
         ends = \"2026-11-23T10:01:32Z\"\n",
        users.join(", ")
    );
    std::fs::write(dir.join("ha.toml"), &record).expect("write record");
    assert_eq!(pairs(&lab), expect("Taking Over", ha::REASON_ADMIN, "Failing Over", ha::REASON_ADMIN));
    let lab = after_move(&lab);
    assert_eq!(pairs(&lab), expect("Running in Backup Mode", ha::REASON_ADMIN, "Idle", ha::REASON_ADMIN));
    let svc = services::load(&lab.node("cucm-imp-1b").expect("node")).expect("services");
    assert!(ha::CRITICAL.iter().all(|s| !svc.is_running(s)), "stopped at completion");
    let moved = assignments(&lab, "cucm-imp-1");
    assert!(moved.values().all(|n| n == "cucm-imp-1"));
    // The completion done again (the record put back as a kill before its save leaves it).
    std::fs::write(dir.join("ha.toml"), &record).expect("write record");
    assert_eq!(pairs(&lab), expect("Running in Backup Mode", ha::REASON_ADMIN, "Idle", ha::REASON_ADMIN));
    assert_eq!(assignments(&lab, "cucm-imp-1"), moved);
    assert_eq!(assignments(&lab, "cucm-imp-1b"), moved);
    let lab = fallback_done(&lab, "cucm-imp-1b");
    assert_eq!(pairs(&lab), normal());
    assert_eq!(assignments(&lab, "cucm-imp-1"), before);
}

/// The move's duration: 90 s and a second per three users, at most 30 minutes.
#[test]
fn move_duration_grows_with_the_users_and_is_bounded() {
    assert_eq!(ha::move_seconds(0), 90);
    assert_eq!(ha::move_seconds(6), 92);
    assert_eq!(ha::move_seconds(7), 93);
    assert_eq!(ha::move_seconds(1000), 90 + 334);
    assert_eq!(ha::move_seconds(1_000_000), ha::MOVE_MAX_SECONDS);
    assert_eq!(ha::move_seconds(usize::MAX), ha::MOVE_MAX_SECONDS);
}

/// The `enduser.pkid`s assigned to `node` in the replica of `replica`, in key order.
fn users_assigned_to(replica: &ucsh::engine::node::NodeHandle, node: &str) -> Vec<String> {
    let conn =
        Connection::open_with_flags(replica.db_path(), OpenFlags::SQLITE_OPEN_READ_ONLY).expect("replica");
    let mut st = conn
        .prepare(
            "SELECT e.pkid FROM enduser e JOIN processnode p ON p.pkid = e.primarynodeid \
             WHERE p.name = ?1 ORDER BY e.pkid",
        )
        .expect("query");
    let rows = st.query_map([node], |r| r.get::<_, String>(0)).expect("rows");
    rows.collect::<Result<Vec<_>, _>>().expect("read")
}
