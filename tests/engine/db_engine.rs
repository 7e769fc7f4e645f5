//! Engine-level tests of the cluster database: replicas, replication, faults, `run sql`,
//! `utils dbreplication` and imports, on a lab made in a temporary folder.

use crate::lab_fixture;

use crate::op_support;
use op_support::call;

use std::path::Path;
use std::process::Command;

use chrono::{TimeZone, Utc};
use ucsh::engine::db::{self, dbreplication, import, repl, sql::SqlResult};
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::{Clock, EngineError, Lab, Session};

fn lab(dir: &Path) -> Lab {
    let clock = Clock::pinned(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("valid time"));
    lab_fixture::lab_at(dir, &InitOptions::default(), clock)
}

fn admin() -> Session {
    Session::new("admin", 4, true)
}

fn rows(r: SqlResult) -> (Vec<String>, Vec<Vec<Option<String>>>) {
    match r {
        SqlResult::Rows { columns, rows } => (columns, rows),
        other => panic!("expected rows, got {other:?}"),
    }
}

fn sql(lab: &Lab, node: &str, statement: &str) -> SqlResult {
    let n = lab.node(node).expect("node");
    call(lab, &n, &admin(), "run sql", |op| db::sql::run(op, statement)).expect(statement)
}

fn count(lab: &Lab, node: &str, statement: &str) -> i64 {
    let (_, r) = rows(sql(lab, node, statement));
    r[0][0].as_deref().expect("a value").parse().expect("a number")
}

fn set_up(lab: &Lab, node: &str, up: bool) {
    lab.node(node)
        .expect("node")
        .update_platform(|p| {
            p.up = up;
            Ok(())
        })
        .expect("platform");
}

/// Dumps one replica's platform tables with the sqlite3 program, in key order.
fn dump(db: &Path, tables: &[&str]) -> String {
    let mut out = String::new();
    for t in tables {
        let o = Command::new("sqlite3")
            .arg("-readonly")
            .arg(db)
            .arg(format!("SELECT * FROM {t} ORDER BY 1"))
            .output()
            .expect("sqlite3 runs (tests/setup.sh installs it)");
        assert!(o.status.success(), "sqlite3 failed: {}", String::from_utf8_lossy(&o.stderr));
        out.push_str(t);
        out.push('\n');
        out.push_str(&String::from_utf8_lossy(&o.stdout));
    }
    out
}

const CM_TABLES: &[&str] = &[
    "typeclass",
    "typemodel",
    "processnode",
    "devicepool",
    "routepartition",
    "enduser",
    "device",
    "numplan",
    "devicenumplanmap",
    "enduserdevicemap",
    "endusernumplanmap",
    "extensionmobilitydynamic",
    "headsetinventory",
];

#[test]
fn init_builds_identical_replicas_with_one_processnode_row_per_node() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let pubdb = lab.node("cucm-pub").expect("pub").db_path();
    let subdb = lab.node("cucm-sub1").expect("sub").db_path();
    assert_eq!(dump(&pubdb, CM_TABLES), dump(&subdb, CM_TABLES));
    let c1 = lab.cluster_nodes("cluster1").expect("cluster");
    for n in &c1 {
        let conn = db::open(n).expect("open");
        let names: Vec<String> = conn
            .prepare("SELECT name FROM processnode WHERE systemnode = 'f' ORDER BY nodeid")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        let want: Vec<String> = c1.iter().map(|n| n.spec.hostname.clone()).collect();
        assert_eq!(names, want, "processnode of {}", n.name());
        // Before them, the platform's EnterpriseWideData row (nodeid 1, systemnode t).
        let first: (String, String, i64) = conn
            .query_row("SELECT name, systemnode, nodeid FROM processnode ORDER BY nodeid LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .expect("first row");
        assert_eq!(first, ("EnterpriseWideData".to_string(), "t".to_string(), 1));
    }
    // Users reach IM and Presence with their assignment.
    assert_eq!(count(&lab, "cucm-imp-1b", "select count(*) from enduser"), 16);
    assert_eq!(count(&lab, "cucm-imp-1", "select count(*) from enduser where primarynodeid is NULL"), 4);
    // Jabber devices follow the platform's naming.
    let (_, r) = rows(sql(&lab, "cucm-pub", "select name from device where name like 'TCT%' order by name"));
    assert!(r.iter().all(|v| v[0].as_deref().is_some_and(|n| n == n.to_uppercase() && n.len() <= 15)));
    assert!(!r.is_empty());
}

#[test]
fn no_sample_data_leaves_only_nodes_and_types() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Clock::pinned(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("valid time"));
    let opts = InitOptions { sample_data: false, ..InitOptions::default() };
    let lab = lab_fixture::lab_at(dir.path(), &opts, clock);
    assert_eq!(count(&lab, "cucm-pub", "select count(*) from enduser"), 0);
    assert_eq!(count(&lab, "cucm-pub", "select count(*) from processnode where systemnode = 'f'"), 4);
    assert_eq!(count(&lab, "cucm-imp-2", "select count(*) from processnode where systemnode = 'f'"), 2);
    assert_eq!(count(&lab, "cucm-imp-2", "select count(*) from processnode"), 3);
}

#[test]
fn informix_forms_of_the_admin_guide_run_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let stale = "select count(*) from rosters where user_id in (select xcp_user_id from enduser where primarynodeid is NULL)";
    let (cols, r) = rows(sql(&lab, "cucm-imp-1", stale));
    assert_eq!(cols, vec!["(count(*))".to_string()]);
    assert_eq!(r[0][0].as_deref(), Some("12"));
    let (_, first) = rows(sql(&lab, "cucm-pub", "select first 3 userid from enduser order by userid"));
    assert_eq!(first.len(), 3);
    let (_, skipped) =
        rows(sql(&lab, "cucm-pub", "select skip 2 first 2 userid from enduser order by userid"));
    assert_eq!(skipped, vec![first[2].clone(), vec![Some("user12".into())]]);
    let (_, dq) = rows(sql(&lab, "cucm-pub", "select userid from enduser where userid = \"user3\""));
    assert_eq!(dq.len(), 1);
    let (_, m) =
        rows(sql(&lab, "cucm-pub", "select name from device where name matches 'CSF*' order by name"));
    assert!(!m.is_empty());
    // The guide's batch delete, on the IM and Presence publisher, replicates.
    let del = "delete from rosters where pkid in (select * from (select first 5 pkid from rosters where user_id in \
               (select xcp_user_id from enduser where primarynodeid is NULL)))";
    assert_eq!(sql(&lab, "cucm-imp-1", del), SqlResult::Changed { rows: 5 });
    assert_eq!(count(&lab, "cucm-imp-1", stale), 7);
    assert_eq!(count(&lab, "cucm-imp-1b", stale), 7);
    let orphan = "select count(*) from epascontactaddinfo where pkid not in (select fkepascontactaddinfo from nonpresencecontacts)";
    assert_eq!(count(&lab, "cucm-imp-1b", orphan), 1);
}

#[test]
fn run_sql_rules_privilege_subscriber_and_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let sub = lab.node("cucm-sub1").expect("sub");
    let pubn = lab.node("cucm-pub").expect("pub");
    let reader = Session::new("ro", 0, false);
    let standard = Session::new("std", 1, false);
    // Every account may read; writes need level 1 (the reference's rule).
    assert!(call(&lab, &pubn, &reader, "run sql", |op| db::sql::run(op, "select name from device")).is_ok());
    assert!(call(&lab, &pubn, &reader, "run sql", |op| db::sql::run(
        op,
        "update enduser set department = 'x'"
    ))
    .is_err());
    assert!(call(&lab, &pubn, &standard, "run sql", |op| db::sql::run(op, "select name from device")).is_ok());
    assert!(call(&lab, &pubn, &standard, "run sql", |op| db::sql::run(
        op,
        "update enduser set department = 'x' where userid = 'nobody'"
    ))
    .is_ok());
    let e =
        call(&lab, &sub, &admin(), "run sql", |op| db::sql::run(op, "update enduser set department = 'x'"))
            .expect_err("refused");
    assert!(matches!(&e, EngineError::SubscriberWrite { publisher } if publisher == "cucm-pub"), "{e}");
    let e = call(&lab, &pubn, &admin(), "run sql", |op| db::sql::run(op, "select * from nosuchtable"))
        .expect_err("bad table");
    assert_eq!(
        e.to_string(),
        "database error: -206 The specified table (nosuchtable) is not in the database."
    );
    let e = call(&lab, &pubn, &admin(), "run sql", |op| db::sql::run(op, "select nosuch from enduser"))
        .expect_err("bad column");
    assert!(e.to_string().contains("-217 Column (nosuch) not found"), "{e}");
    let e = call(&lab, &pubn, &admin(), "run sql", |op| db::sql::run(op, "selec * from enduser"))
        .expect_err("syntax");
    assert!(e.to_string().contains("-201"), "{e}");
    assert!(call(&lab, &pubn, &admin(), "run sql", |op| db::sql::run(op, "delete from cdr_log")).is_err());
}

#[test]
fn a_down_node_keeps_its_queue_and_catches_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    set_up(&lab, "cucm-sub1", false);
    sql(&lab, "cucm-pub", "update enduser set department = 'Support' where userid in ('user1', 'user2')");
    let pubn = lab.node("cucm-pub").expect("pub");
    let rs = call(&lab, &pubn, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    let sub = rs.nodes.iter().find(|n| n.name == "cucm-sub1").expect("row");
    assert_eq!((sub.state.number(), sub.queue, sub.db), (Some(3), 2, false));
    // Really different while down.
    let conn = db::open(&lab.node("cucm-sub1").expect("sub")).expect("open");
    let d: i64 = conn
        .query_row("select count(*) from enduser where department = 'Support'", [], |r| r.get(0))
        .expect("count");
    assert_eq!(d, 0);
    set_up(&lab, "cucm-sub1", true);
    let rs = call(&lab, &pubn, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    assert!(rs.nodes.iter().all(|n| n.state.number() == Some(2) && n.queue == 0), "{:?}", rs.nodes);
    assert_eq!(count(&lab, "cucm-sub1", "select count(*) from enduser where department = 'Support'"), 2);
}

#[test]
fn stopped_link_diverges_until_reset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let pubn = lab.node("cucm-pub").expect("pub");
    let sub = lab.node("cucm-sub1").expect("sub");
    repl::fault_stop(&lab, &sub).expect("stop");
    sql(&lab, "cucm-pub", "delete from headsetinventory");
    assert!(count(&lab, "cucm-sub1", "select count(*) from headsetinventory") > 0);
    let rs = call(&lab, &pubn, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    let row = rs.nodes.iter().find(|n| n.name == "cucm-sub1").expect("row");
    assert_eq!((row.state.number(), row.detail.as_str()), (Some(0), "Replication Stopped"));
    let st = call(&lab, &pubn, &admin(), "utils dbreplication status", |op| dbreplication::status(op, None))
        .expect("status");
    assert!(st.differs());
    let r =
        call(&lab, &pubn, &admin(), "utils dbreplication reset", |op| dbreplication::reset(op, "cucm-sub1"))
            .expect("reset");
    assert!(r.nodes.iter().all(|n| n.ok));
    assert_eq!(count(&lab, "cucm-sub1", "select count(*) from headsetinventory"), 0);
    let st = call(&lab, &pubn, &admin(), "utils dbreplication status", |op| dbreplication::status(op, None))
        .expect("status");
    assert!(!st.differs(), "{st:?}");
}

#[test]
fn broken_link_is_state_4_and_repair_alone_does_not_fix_replication() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let pubn = lab.node("cucm-pub").expect("pub");
    let sub = lab.node("cucm-sub1").expect("sub");
    repl::fault_break(&lab, &sub).expect("break");
    sql(&lab, "cucm-pub", "update device set description = 'moved' where name like 'SEP%'");
    let rs = call(&lab, &pubn, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    assert_eq!(rs.nodes.iter().find(|n| n.name == "cucm-sub1").and_then(|n| n.state.number()), Some(4));
    assert_eq!(rs.nodes[0].state.number(), Some(3));
    let rep =
        call(&lab, &pubn, &admin(), "utils dbreplication repair", |op| dbreplication::repair(op, "all"))
            .expect("repair");
    assert_eq!(rep.nodes[0].rows_fixed, 16);
    // Data equal, but the link is still down: the next change does not arrive.
    sql(&lab, "cucm-pub", "update device set description = 'again' where name like 'SEP%'");
    assert_eq!(count(&lab, "cucm-sub1", "select count(*) from device where description = 'again'"), 0);
    call(&lab, &pubn, &admin(), "utils dbreplication reset", |op| dbreplication::reset(op, "all"))
        .expect("reset");
    assert_eq!(count(&lab, "cucm-sub1", "select count(*) from device where description = 'again'"), 16);
}

#[test]
fn diverge_status_repair_fixes_only_differing_rows_and_sqlite3_agrees() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let pubn = lab.node("cucm-pub").expect("pub");
    let sub = lab.node("cucm-sub1").expect("sub");
    let d = repl::fault_diverge(&sub, "enduser", 3).expect("diverge");
    assert_eq!(d.rows, 3);
    assert_ne!(dump(&pubn.db_path(), CM_TABLES), dump(&sub.db_path(), CM_TABLES));
    let st = call(&lab, &pubn, &admin(), "utils dbreplication status", |op| {
        dbreplication::status(op, Some("all"))
    })
    .expect("status");
    assert!(st.differs());
    assert_eq!(st.nodes[0].rows_differing, 3);
    assert_eq!(st.nodes[0].tables, vec![("enduser".to_string(), 3)]);
    let report = dbreplication::read_report(&pubn, &st.report).expect("report");
    assert!(st.report.starts_with("cm/trace/dbl/sdi/ReplicationStatus.2026_11_23_05_00_00"), "{}", st.report);
    assert!(report.contains("MISMATCH: 0 missing, 0 extra, 3 different"), "{report}");
    let rep = call(&lab, &pubn, &admin(), "utils dbreplication repair", |op| {
        dbreplication::repair(op, "cucm-sub1")
    })
    .expect("repair");
    assert_eq!(rep.nodes[0].rows_fixed, 3);
    assert_eq!(rep.nodes[0].rows_written, 3);
    assert_eq!(dump(&pubn.db_path(), CM_TABLES), dump(&sub.db_path(), CM_TABLES));
    let st = call(&lab, &pubn, &admin(), "utils dbreplication status", |op| dbreplication::status(op, None))
        .expect("status");
    assert!(!st.differs());
}

#[test]
fn dropadmindb_then_reset_restores_replication() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let pubn = lab.node("cucm-pub").expect("pub");
    let sub = lab.node("cucm-sub1").expect("sub");
    call(&lab, &sub, &admin(), "utils dbreplication dropadmindb", dbreplication::dropadmindb).expect("drop");
    let rs = call(&lab, &pubn, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    assert_eq!(rs.nodes[1].state.number(), Some(4));
    assert!(
        call(&lab, &pubn, &admin(), "utils dbreplication clusterreset", dbreplication::clusterreset).is_err(),
        "links still active"
    );
    call(&lab, &pubn, &admin(), "utils dbreplication stop", |op| dbreplication::stop(op, Some("all")))
        .expect("stop");
    let cr = call(&lab, &pubn, &admin(), "utils dbreplication clusterreset", dbreplication::clusterreset)
        .expect("clusterreset");
    assert!(cr.nodes.iter().all(|n| n.ok));
    let rs = call(&lab, &pubn, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    assert!(rs.nodes.iter().all(|n| n.state.number() == Some(2)), "{:?}", rs.nodes);
}

#[test]
fn setrepltimeout_bounds_and_publisher_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let pubn = lab.node("cucm-pub").expect("pub");
    let sub = lab.node("cucm-sub1").expect("sub");
    assert!(call(&lab, &pubn, &admin(), "utils dbreplication setrepltimeout", |op| {
        dbreplication::setrepltimeout(op, 299)
    })
    .is_err());
    assert!(call(&lab, &pubn, &admin(), "utils dbreplication setrepltimeout", |op| {
        dbreplication::setrepltimeout(op, 3601)
    })
    .is_err());
    assert!(call(&lab, &sub, &admin(), "utils dbreplication setrepltimeout", |op| {
        dbreplication::setrepltimeout(op, 600)
    })
    .is_err());
    let r = call(&lab, &pubn, &admin(), "utils dbreplication setrepltimeout", |op| {
        dbreplication::setrepltimeout(op, 600)
    })
    .expect("set");
    assert_eq!((r.previous, r.seconds), (300, 600));
    let rs = call(&lab, &sub, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    assert_eq!(rs.repltimeout, 600);
}

#[test]
fn import_users_whole_file_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let good = dir.path().join("users.csv");
    std::fs::write(
        &good,
        "USER ID,FIRST NAME,LAST NAME,MAIL ID,DIRECTORY URI,TELEPHONE NUMBER,node\n\
         jdoe,Jane,Doe,jdoe@x.example,jdoe@x.example,1234,cucm-imp-1\n\
         rroe,Rick,Roe,,,,\n",
    )
    .expect("write");
    let r = import::users(&lab, &good, None).expect("import");
    assert_eq!((r.rows, r.inserted), (2, 2));
    assert_eq!(count(&lab, "cucm-imp-1b", "select count(*) from enduser where userid in ('jdoe','rroe')"), 2);
    assert_eq!(
        count(
            &lab,
            "cucm-imp-1b",
            "select count(*) from enduser where userid = 'rroe' and primarynodeid is null"
        ),
        1
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "userid,firstname,lastname,mailid,directoryuri,node\nnew1,A,B,,,\nnew2,C,D,,,cucm-pub\n",
    )
    .expect("write");
    let e = import::users(&lab, &bad, None).expect_err("bad node");
    assert!(e.to_string().contains("line 3: cucm-pub is not an IM and Presence node"), "{e}");
    assert_eq!(count(&lab, "cucm-pub", "select count(*) from enduser where userid = 'new1'"), 0);
    let dup = dir.path().join("dup.csv");
    std::fs::write(&dup, "userid\nx1\nx2\nX1\n").expect("write");
    let e = import::users(&lab, &dup, Some("cluster2")).expect_err("dup");
    assert!(e.to_string().contains("line 4: the user ID X1 is already on line 2"), "{e}");
    // The first bad line of the file is the one reported, whatever the reason.
    let order = dir.path().join("order.csv");
    std::fs::write(&order, "userid,node\ny1,\ny2,cucm-pub\nY1,\n").expect("write");
    let e = import::users(&lab, &order, None).expect_err("bad node first");
    assert!(e.to_string().contains("line 3: cucm-pub is not an IM and Presence node"), "{e}");
    std::fs::write(&order, "userid,node\ny1,\nY1,\n,\n").expect("write");
    let e = import::users(&lab, &order, None).expect_err("duplicate first");
    assert!(e.to_string().contains("line 3: the user ID Y1 is already on line 2"), "{e}");
    std::fs::write(&order, "userid,node\ny1,\nY1,cucm-pub\n").expect("write");
    let e = import::users(&lab, &order, None).expect_err("duplicate on the bad row");
    assert!(e.to_string().contains("line 3: the user ID Y1 is already on line 2"), "{e}");
    assert_eq!(count(&lab, "cucm-pub", "select count(*) from enduser where userid = 'y1'"), 0);
}

#[test]
fn import_devices_checks_jabber_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let f = dir.path().join("devices.csv");
    std::fs::write(&f, "DEVICE NAME,DEVICE TYPE,DESCRIPTION,OWNER USER ID,DIRECTORY NUMBER 1\nTCTUSER1,TCT,iPhone,user1,1001\n")
        .expect("write");
    let r = import::devices(&lab, &f, None).expect("import");
    assert_eq!(r.rows, 1);
    assert_eq!(count(&lab, "cucm-sub1", "select count(*) from device where name = 'TCTUSER1'"), 1);
    std::fs::write(&f, "name,type,owner\ntctlower,TCT,user5\n").expect("write");
    let e = import::devices(&lab, &f, None).expect_err("lower case");
    assert!(e.to_string().contains("line 2"), "{e}");
    std::fs::write(&f, "name,type,owner\nCSFUSER1X,CSF,user1\n").expect("write");
    let e = import::devices(&lab, &f, None).expect_err("second CSF");
    assert!(e.to_string().contains("one of each type per user"), "{e}");
}

#[test]
fn concurrent_changes_from_two_sessions_all_replicate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    std::thread::scope(|s| {
        for t in 0..2 {
            let lab = &lab;
            s.spawn(move || {
                for i in 0..10 {
                    let stmt = format!(
                        "insert into routepartition (pkid, name, description) values ('{t}-{i}', 'PT_{t}_{i}', 'concurrent')"
                    );
                    assert_eq!(sql(lab, "cucm-pub", &stmt), SqlResult::Changed { rows: 1 });
                }
            });
        }
    });
    let want = "select count(*) from routepartition where description = 'concurrent'";
    assert_eq!(count(&lab, "cucm-pub", want), 20);
    assert_eq!(count(&lab, "cucm-sub1", want), 20);
    let pubn = lab.node("cucm-pub").expect("pub");
    assert!(!call(&lab, &pubn, &admin(), "utils dbreplication status", |op| dbreplication::status(op, None))
        .expect("status")
        .differs());
}

#[test]
fn a_killed_writer_leaves_the_replica_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let db = lab.node("cucm-pub").expect("pub").db_path();
    // A writer that dies in the middle of its transaction (the sqlite3 program, killed).
    let mut child = Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sqlite3 runs");
    {
        use std::io::Write;
        let stdin = child.stdin.as_mut().expect("stdin");
        stdin
            .write_all(b"BEGIN; DELETE FROM enduser; DELETE FROM cdr_log; SELECT count(*) FROM enduser;\n")
            .expect("write");
        stdin.flush().expect("flush");
    }
    // Its transaction has deleted every user when it prints the count; then it dies.
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().expect("stdout")),
        &mut line,
    )
    .expect("read");
    assert_eq!(line.trim(), "0");
    child.kill().expect("kill");
    let _ = child.wait();
    assert_eq!(count(&lab, "cucm-pub", "select count(*) from enduser"), 16);
    let pubn = lab.node("cucm-pub").expect("pub");
    assert!(!call(&lab, &pubn, &admin(), "utils dbreplication status", |op| dbreplication::status(op, None))
        .expect("status")
        .differs());
}

#[test]
fn importing_again_updates_the_same_users_and_replicates_the_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let f = dir.path().join("users.csv");
    std::fs::write(&f, "userid,firstname,lastname,mailid,directoryuri,node\nzed,Zed,One,,,cucm-imp-1\n")
        .expect("write");
    let first = import::users(&lab, &f, None).expect("import");
    assert_eq!((first.inserted, first.updated), (1, 0));
    let (_, before) = rows(sql(&lab, "cucm-pub", "select pkid from enduser where userid = 'zed'"));
    std::fs::write(
        &f,
        "userid,firstname,lastname,mailid,directoryuri,node\nzed,Zed,Two,,,\nuser1,Aiko,Tanaka,,,\n",
    )
    .expect("write");
    let second = import::users(&lab, &f, None).expect("import");
    assert_eq!((second.inserted, second.updated), (0, 2));
    let (_, after) = rows(sql(&lab, "cucm-pub", "select pkid from enduser where userid = 'zed'"));
    assert_eq!(before, after, "the user keeps its pkid");
    let q =
        "select count(*) from enduser where userid = 'zed' and lastname = 'Two' and primarynodeid is null";
    assert_eq!(count(&lab, "cucm-imp-1b", q), 1);
    assert_eq!(count(&lab, "cucm-sub1", q), 1);
}

fn users_csv(path: &Path, prefix: &str, n: usize, bad_line: Option<usize>) {
    let mut s = String::from("userid,firstname,lastname,mailid,directoryuri,node\n");
    for i in 0..n {
        let node = ["cucm-imp-1", "cucm-imp-1b", ""][i % 3];
        let node = if bad_line == Some(i + 2) { "cucm-pub" } else { node };
        s.push_str(&format!("{prefix}{i:05},First{i},Last{i},{prefix}{i:05}@x.example,,{node}\n"));
    }
    std::fs::write(path, s).expect("write");
}

const IMP_TABLES: &[&str] =
    &["processnode", "enduser", "rosters", "groups", "epascontactaddinfo", "nonpresencecontacts"];

#[test]
fn bulk_import_is_one_batch_that_waits_for_a_down_node_and_a_stopped_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let pubn = lab.node("cucm-pub").expect("pub");
    let sub = lab.node("cucm-sub1").expect("sub");
    let imp = lab.node("cucm-imp-1").expect("imp");
    let impsub = lab.node("cucm-imp-1b").expect("imp sub");
    // A bad row late in a big file: nothing of it anywhere.
    let f = dir.path().join("bulk.csv");
    users_csv(&f, "bad", 300, Some(250));
    let e = import::users(&lab, &f, None).expect_err("bad node");
    assert!(e.to_string().contains("line 250: cucm-pub is not an IM and Presence node"), "{e}");
    for n in ["cucm-pub", "cucm-sub1", "cucm-imp-1", "cucm-imp-1b"] {
        assert_eq!(count(&lab, n, "select count(*) from enduser"), 16, "{n}");
    }
    // The IM and Presence publisher has two silently changed users; its subscriber's link
    // is stopped; the CM subscriber is down.
    repl::fault_diverge(&imp, "enduser", 2).expect("diverge");
    repl::fault_stop(&lab, &impsub).expect("stop");
    set_up(&lab, "cucm-sub1", false);
    users_csv(&f, "bulk", 200, None);
    assert_eq!(import::users(&lab, &f, None).expect("import").inserted, 200);
    // The second also changes a user the lab had (queued as a single change).
    users_csv(&f, "more", 500, None);
    let mut text = std::fs::read_to_string(&f).expect("read");
    text.push_str("user1,Aiko,Batch,,,\n");
    std::fs::write(&f, text).expect("write");
    let r = import::users(&lab, &f, None).expect("import");
    assert_eq!((r.inserted, r.updated), (500, 1));
    // Queued for the down node, row by row in the count, and really not there.
    let rs = call(&lab, &pubn, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    let row = rs.nodes.iter().find(|n| n.name == "cucm-sub1").expect("row");
    assert_eq!((row.state.number(), row.queue), (Some(3), 701));
    let held: i64 = db::open(&sub)
        .expect("open")
        .query_row("select count(*) from enduser", [], |r| r.get(0))
        .expect("count");
    assert_eq!(held, 16);
    // The Sync Agent brought both to the IM and Presence publisher, its diverged users
    // left as they were; the stopped link holds them back from its subscriber.
    assert_eq!(count(&lab, "cucm-imp-1", "select count(*) from enduser"), 716);
    assert_eq!(count(&lab, "cucm-imp-1", "select count(*) from enduser where firstname like '%~'"), 2);
    assert_eq!(count(&lab, "cucm-imp-1", "select count(*) from enduser where lastname = 'Batch'"), 1);
    let rs = call(&lab, &imp, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    let row = rs.nodes.iter().find(|n| n.name == "cucm-imp-1b").expect("row");
    assert_eq!((row.state.number(), row.detail.as_str(), row.queue), (Some(0), "Replication Stopped", 701));
    assert_eq!(count(&lab, "cucm-imp-1b", "select count(*) from enduser"), 16);
    assert!(call(&lab, &imp, &admin(), "utils dbreplication status", |op| dbreplication::status(op, None))
        .expect("status")
        .differs());
    // The node returns and catches up (both batches); the link is reset.
    set_up(&lab, "cucm-sub1", true);
    let rs = call(&lab, &pubn, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    assert!(rs.nodes.iter().all(|n| n.state.number() == Some(2) && n.queue == 0), "{:?}", rs.nodes);
    assert_eq!(dump(&pubn.db_path(), CM_TABLES), dump(&sub.db_path(), CM_TABLES));
    assert_eq!(count(&lab, "cucm-sub1", "select count(*) from enduser where lastname = 'Batch'"), 1);
    call(&lab, &imp, &admin(), "utils dbreplication reset", |op| dbreplication::reset(op, "cucm-imp-1b"))
        .expect("reset");
    assert_eq!(dump(&imp.db_path(), IMP_TABLES), dump(&impsub.db_path(), IMP_TABLES));
    // With every link working, a batch goes everywhere at once.
    users_csv(&f, "last", 1000, None);
    assert_eq!(import::users(&lab, &f, None).expect("import").inserted, 1000);
    assert_eq!(dump(&pubn.db_path(), CM_TABLES), dump(&sub.db_path(), CM_TABLES));
    assert_eq!(dump(&imp.db_path(), IMP_TABLES), dump(&impsub.db_path(), IMP_TABLES));
    assert_eq!(count(&lab, "cucm-imp-1b", "select count(*) from enduser"), 1716);
    // The publisher's queues are trimmed, batch keys included.
    assert_eq!(count(&lab, "cucm-pub", "select count(*) from enduser"), 1716);
    let conn = db::open(&pubn).expect("open");
    let left: i64 = conn
        .query_row("select (select count(*) from cdr_log) + (select count(*) from cdr_keep)", [], |r| {
            r.get(0)
        })
        .expect("count");
    assert_eq!(left, 0);
}

#[test]
fn repairtable_fixes_its_table_only_and_rebuild_sets_a_dropped_link_up_again() {
    use ucsh::engine::db::maintenance;
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let pubn = lab.node("cucm-pub").expect("pub");
    let sub = lab.node("cucm-sub1").expect("sub");
    repl::fault_diverge(&sub, "enduser", 3).expect("diverge enduser");
    repl::fault_diverge(&sub, "device", 2).expect("diverge device");
    let r = call(&lab, &pubn, &admin(), "utils dbreplication repairtable", |op| {
        maintenance::repairtable(op, "enduser", None)
    })
    .expect("repairtable");
    assert_eq!(r.rows_fixed(), 3);
    // The sqlite3 program, as an independent oracle: enduser equal again, device not.
    assert_eq!(dump(&pubn.db_path(), &["enduser"]), dump(&sub.db_path(), &["enduser"]));
    assert_ne!(dump(&pubn.db_path(), &["device"]), dump(&sub.db_path(), &["device"]));

    // A dropped link: repairreplicate names the subscriber, repairs nothing there.
    repl::fault_break(&lab, &sub).expect("break");
    let r = call(&lab, &pubn, &admin(), "utils dbreplication repairreplicate", |op| {
        maintenance::repairreplicate(op, "ccmdbtemplate_device", None)
    })
    .expect("repairreplicate");
    assert!(r.incomplete() && r.rows_fixed() == 0, "{r:?}");
    assert_ne!(dump(&pubn.db_path(), &["device"]), dump(&sub.db_path(), &["device"]));

    // A change on the publisher does not arrive over a dropped link; rebuild brings
    // both it and the diverged rows over, and the link is good again.
    sql(&lab, "cucm-pub", "update enduser set department = 'Rebuilt' where userid = 'user3'");
    let rb = call(&lab, &pubn, &admin(), "utils dbreplication rebuild", |op| maintenance::rebuild(op, None))
        .expect("rebuild");
    assert!(rb.nodes.iter().all(|n| n.ok), "{rb:?}");
    assert_eq!(dump(&pubn.db_path(), CM_TABLES), dump(&sub.db_path(), CM_TABLES));
    let rs = call(&lab, &pubn, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    assert!(rs.nodes.iter().all(|n| n.state.number() == Some(2)), "{:?}", rs.nodes);
    // Later changes replicate again.
    sql(&lab, "cucm-pub", "update enduser set department = 'After' where userid = 'user3'");
    assert_eq!(count(&lab, "cucm-sub1", "select count(*) from enduser where department = 'After'"), 1);
}

#[test]
fn setprocess_is_kept_on_the_publisher_and_shown_by_runtimestate() {
    use ucsh::engine::db::maintenance;
    let dir = tempfile::tempdir().expect("tempdir");
    let lab = lab(dir.path());
    let pubn = lab.node("cucm-pub").expect("pub");
    let set = |v: Option<i64>| {
        call(&lab, &pubn, &admin(), "utils dbreplication setprocess", |op| maintenance::setprocess(op, v))
    };
    assert!(set(Some(0)).is_err() && set(Some(41)).is_err());
    assert_eq!(set(Some(8)).expect("set").previous, 1);
    assert_eq!(set(None).expect("show").process, 8);
    let sub = lab.node("cucm-sub1").expect("sub");
    let rs = call(&lab, &sub, &admin(), "utils dbreplication runtimestate", |op| {
        dbreplication::runtimestate(op, None)
    })
    .expect("runtimestate");
    assert_eq!(rs.process, 8);
}
