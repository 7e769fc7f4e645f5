//! Engine tests of `show perf` and `show process` (src/engine/perf): the counters checked
//! against the engine's state after scripted activity. A stopped service loses its process
//! and its memory and CPU; a failover moves ActiveJsmSessions with the users (counted
//! independently in the replicas with SQL); files written to a log partition show in the
//! Partition counters; activity counters persist in the node's store.

use crate::op_support::call;

use rusqlite::{Connection, OpenFlags};
use ucsh::engine::clock::Clock;
use ucsh::engine::error::EngineError;
use ucsh::engine::node::Partition;
use ucsh::engine::perf::process::{self, Resource};
use ucsh::engine::perf::{self, ListWhat, PerfQuery, Query};
use ucsh::engine::services::{self, Action};
use ucsh::engine::{ha, platform, Lab, Session};

fn lab() -> (tempfile::TempDir, Lab) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").expect("pinned time");
    let lab = crate::lab_fixture::standard_lab(dir.path(), clock);
    (dir, lab)
}

fn admin() -> Session {
    Session::new("admin", 1, false)
}

fn query(lab: &Lab, node: &str, q: Query) -> PerfQuery {
    let handle = lab.node(node).expect("node");
    call(lab, &handle, &admin(), "show perf query class", |op| perf::query(op, &q)).expect("query")
}

/// The one value of `class`'s `counter` for `instance` ("" for a singleton).
fn value(lab: &Lab, node: &str, class: &str, instance: &str, counter: &str) -> Option<i64> {
    let q = query(lab, node, Query::Class(vec![class.into()]));
    q.classes[0].values.iter().find(|v| v.instance == instance && v.counter == counter).map(|v| v.value)
}

fn sessions(lab: &Lab, node: &str) -> i64 {
    value(lab, node, "Cisco Presence Engine", "", "ActiveJsmSessions").expect("ActiveJsmSessions")
}

/// Users assigned to `node` as its own replica has them (the oracle: SQL on the file).
fn assigned_in_replica(lab: &Lab, node: &str) -> i64 {
    let path = lab.node(node).expect("node").db_path();
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("replica");
    conn.query_row(
        "SELECT COUNT(*) FROM enduser WHERE primarynodeid = (SELECT pkid FROM processnode WHERE name = ?1)",
        [node],
        |r| r.get(0),
    )
    .expect("count")
}

fn act(lab: &Lab, node: &str, action: Action, service: &str) {
    let handle = lab.node(node).expect("node");
    call(lab, &handle, &admin(), "utils service stop", |op| services::act(op, action, service))
        .expect("service");
}

#[test]
fn a_stopped_service_has_no_process_and_takes_its_memory_and_cpu_along() {
    let (_dir, lab) = lab();
    let node = lab.node("cucm-pub").expect("node");
    let status = |lab: &Lab| call(lab, &node, &admin(), "show status", platform::status).expect("status");
    let list = |lab: &Lab| {
        call(lab, &node, &admin(), "show process list", |op| process::list(op, true)).expect("list")
    };

    let before = list(&lab);
    let ccm = before.detailed.iter().find(|d| d.top.command == "ccm").expect("ccm runs").clone();
    let status_before = status(&lab);
    // The Memory class and show status read the same model.
    assert_eq!(value(&lab, "cucm-pub", "Memory", "", "Used KBytes"), Some(status_before.mem_used_kb as i64));
    assert_eq!(
        value(&lab, "cucm-pub", "Process", "ccm", "VmRSS"),
        Some(ccm.top.res_kb as i64),
        "the Process class shows the same process"
    );

    act(&lab, "cucm-pub", Action::Stop, "Cisco CallManager");
    let after = list(&lab);
    assert!(after.detailed.iter().all(|d| d.top.command != "ccm"), "ccm still listed");
    assert_eq!(after.detailed.len() + 1, before.detailed.len(), "only ccm went");
    let status_after = status(&lab);
    assert_eq!(status_before.mem_used_kb - status_after.mem_used_kb, ccm.top.res_kb);
    let busy = |s: &platform::Status| {
        ((s.cpu_user + s.cpu_system + s.cpu_iowait + s.cpu_soft) * 10.0).round() as i64
    };
    assert_eq!(busy(&status_before) - busy(&status_after), i64::from(ccm.top.cpu_tenths));
    assert_eq!(value(&lab, "cucm-pub", "Process", "ccm", "VmRSS"), None);
    let top = call(&lab, &node, &admin(), "show process using-most cpu", |op| {
        process::using_most(op, Resource::Cpu, Some(1000))
    })
    .expect("using-most");
    assert!(top.processes.iter().all(|p| p.command != "ccm"));
    assert_eq!(top.processes.len(), after.detailed.len());

    // Started again, it is back with the same figures.
    act(&lab, "cucm-pub", Action::Start, "Cisco CallManager");
    assert_eq!(list(&lab), before);
    assert_eq!(status(&lab).mem_used_kb, status_before.mem_used_kb);
}

/// The lab once a manual failover's or fallback's move of users has completed by its
/// clock, with the look (`utils ha status`) that completes it done.
fn moved(lab: &Lab) -> Lab {
    let at = lab.clock().now() + chrono::Duration::seconds(ha::MOVE_MAX_SECONDS);
    let lab = Lab::open(lab.dir(), Clock::pinned(at)).expect("lab");
    let n = lab.node("cucm-imp-1").expect("node");
    call(&lab, &n, &admin(), "utils ha status", |op| ha::status(op, None)).expect("status");
    lab
}

#[test]
fn active_jsm_sessions_follow_the_users_through_failover_and_fallback() {
    let (_dir, lab) = lab();
    let imp1 = lab.node("cucm-imp-1").expect("node");
    for n in ["cucm-imp-1", "cucm-imp-1b"] {
        assert!(assigned_in_replica(&lab, n) > 0, "{n} has users");
        assert_eq!(sessions(&lab, n), assigned_in_replica(&lab, n), "{n}");
    }
    let total = assigned_in_replica(&lab, "cucm-imp-1") + assigned_in_replica(&lab, "cucm-imp-1b");

    let own = assigned_in_replica(&lab, "cucm-imp-1");
    call(&lab, &imp1, &admin(), "utils ha failover", |op| ha::failover(op, "cucm-imp-1b")).expect("failover");
    // While the move is in progress the failing node's users are disconnected (its
    // critical services stopped) and not yet on the backup.
    assert_eq!(sessions(&lab, "cucm-imp-1"), own);
    assert_eq!(sessions(&lab, "cucm-imp-1b"), 0);
    let lab = moved(&lab);
    assert_eq!(assigned_in_replica(&lab, "cucm-imp-1"), total);
    assert_eq!(sessions(&lab, "cucm-imp-1"), total);
    assert_eq!(value(&lab, "cucm-imp-1", "Cisco XCP CM", "", "CmConnectedSockets"), Some(total));
    // The failed-over node's Presence Engine is stopped: no sessions, no process.
    assert_eq!(sessions(&lab, "cucm-imp-1b"), 0);
    assert_eq!(value(&lab, "cucm-imp-1b", "Process", "PresenceEngine", "PID"), None);

    let imp1 = lab.node("cucm-imp-1").expect("node");
    call(&lab, &imp1, &admin(), "utils ha fallback", |op| ha::fallback(op, "cucm-imp-1b")).expect("fallback");
    let lab = moved(&lab);
    for n in ["cucm-imp-1", "cucm-imp-1b"] {
        assert_eq!(sessions(&lab, n), assigned_in_replica(&lab, n), "{n}");
    }
    assert_eq!(sessions(&lab, "cucm-imp-1") + sessions(&lab, "cucm-imp-1b"), total);
}

#[test]
fn files_written_to_a_log_partition_count_in_the_partition_counters() {
    let (_dir, lab) = lab();
    let used = |lab: &Lab| value(lab, "cucm-sub1", "Partition", "Common", "Used Mbytes").expect("Common");
    let active = |lab: &Lab| value(lab, "cucm-sub1", "Partition", "Active", "Used Mbytes").expect("Active");
    let (before, active_before) = (used(&lab), active(&lab));
    let dir = lab.node("cucm-sub1").expect("node").partition(Partition::Activelog).join("cm/trace/extra");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(dir.join("big.txt"), vec![b'x'; 5 * 1024 * 1024]).expect("write");
    assert_eq!(used(&lab), before + 5, "5 MiB more in the logging partition");
    assert_eq!(active(&lab), active_before, "the active partition does not hold the logs");
    std::fs::remove_file(dir.join("big.txt")).expect("remove");
    assert_eq!(used(&lab), before);
}

#[test]
fn activity_counters_persist_and_only_registered_ones_are_counted() {
    let (dir, lab) = lab();
    let node = lab.node("cucm-imp-1").expect("node");
    assert_eq!(value(&lab, "cucm-imp-1", "Cisco XCP MDM", "", "MDMBufferFlushes"), Some(0));
    assert_eq!(perf::store::add(&node, "Cisco XCP MDM", "", "MDMBufferFlushes", 3).expect("add"), 3);
    assert_eq!(perf::store::add(&node, "cisco xcp mdm", "", "mdmbufferflushes", 2).expect("add"), 5);
    let err = perf::store::add(&node, "Cisco XCP MDM", "", "Nonsense", 1);
    assert!(matches!(err, Err(EngineError::PerfUnknownCounter { .. })), "{err:?}");
    let err = perf::store::add(&node, "Nonsense", "", "MDMBufferFlushes", 1);
    assert!(matches!(err, Err(EngineError::PerfUnknownClass { .. })), "{err:?}");
    // Another process (a new Lab on the same folder) reads what was counted.
    let again = Lab::open(dir.path(), Clock::from_rfc3339("2026-11-23T10:00:00Z").expect("pinned"))
        .expect("lab opens");
    assert_eq!(value(&again, "cucm-imp-1", "Cisco XCP MDM", "", "MDMBufferFlushes"), Some(5));
    assert_eq!(value(&again, "cucm-imp-1b", "Cisco XCP MDM", "", "MDMBufferFlushes"), Some(0), "per node");
}

#[test]
fn lists_and_refusals() {
    let (_dir, lab) = lab();
    let pub_node = lab.node("cucm-pub").expect("node");
    let classes = call(&lab, &pub_node, &admin(), "show perf list classes", |op| {
        perf::list(op, &ListWhat::Classes { category: None }, false)
    })
    .expect("classes");
    let names: Vec<&str> = classes.entries.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Process") && !names.contains(&"Cisco Presence Engine"), "{names:?}");
    let q =
        Query::Counter { class: "Cisco Presence Engine".into(), counters: vec!["ActiveJsmSessions".into()] };
    let err = call(&lab, &pub_node, &admin(), "show perf query counter", |op| perf::query(op, &q));
    assert!(matches!(err, Err(EngineError::PerfUnknownClass { .. })), "no presence on CM: {err:?}");
    let six = Query::Class(vec!["Memory".into(); 6]);
    let err = call(&lab, &pub_node, &admin(), "show perf query class", |op| perf::query(op, &six));
    assert!(matches!(err, Err(EngineError::PerfTooMany { max: 5, .. })), "{err:?}");
    // Every running process is an instance of Process, by the same names as the list.
    let instances = call(&lab, &pub_node, &admin(), "show perf list instances", |op| {
        perf::list(op, &ListWhat::Instances { class: "Process".into() }, false)
    })
    .expect("instances");
    let procs =
        call(&lab, &pub_node, &admin(), "show process list", |op| process::list(op, false)).expect("list");
    assert_eq!(instances.entries.len(), procs.rows.len());
    let running = services::load(&pub_node)
        .expect("services")
        .service
        .values()
        .filter(|s| s.state == services::RunState::Started)
        .count();
    assert_eq!(procs.rows.len(), running + 8, "one process per running service and the 8 of the platform");
}

/// A layout may give a node any memory and CPU count: a node with less memory than the
/// kernel's share, and four billion CPUs, still answers (the model bounds both).
#[test]
fn a_layout_with_extreme_memory_and_cpus_is_bounded() {
    let (dir, _lab) = lab();
    let path = dir.path().join("deployment.toml");
    let text = std::fs::read_to_string(&path).expect("deployment.toml");
    let mut changed = text.replacen("memory_mb = 8192", "memory_mb = 100", 1);
    changed = changed.replacen("vcpus = 2", "vcpus = 4000000000", 1);
    changed = changed.replacen("disk_gb = 110", "disk_gb = 18446744073709551615", 1);
    assert_ne!(changed, text, "the first node's figures were changed");
    std::fs::write(&path, changed).expect("write");
    let lab =
        Lab::open(dir.path(), Clock::from_rfc3339("2026-11-23T10:00:00Z").expect("pinned")).expect("opens");
    let node = lab.node("cucm-pub").expect("node");
    let status = call(&lab, &node, &admin(), "show status", platform::status).expect("status");
    assert_eq!(status.mem_total_kb, 0);
    let q =
        query(&lab, "cucm-pub", Query::Class(vec!["Processor".into(), "Memory".into(), "Partition".into()]));
    let cpus = q.classes[0].values.iter().filter(|v| v.counter == "% CPU Time").count();
    assert_eq!(cpus, perf::model::MAX_CPUS as usize + 1, "_Total and at most MAX_CPUS CPUs");
}
