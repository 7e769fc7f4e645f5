//! Issue #17, seed 001 tables 4, 9 and 10: the periodic remote cluster update when the
//! lab clock jumps past several intervals (every missed cycle run in order, finding each
//! remote cluster as it was then, bounded), the Cluster ID checks (212, 42, 44 shown as
//! 201) and the home cluster that does not answer in time (40, shown as 202).
//!
//! cluster2 (cucm2-pub) is the visiting cluster, cluster1 (cucm-pub) the home cluster of
//! the generated users `em1u...`. Each rule is broken through real state (a node down, a
//! `processconfig` row changed with `run sql`, requests in progress) and then fixed, and
//! the same request is sent again.

use std::path::Path;

use chrono::{TimeZone, Utc};

use crate::em_support::admin;
use crate::lab_fixture;
use crate::op_support::call;
use ucsh::engine::db::{self, sql::SqlResult};
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::diagnose::{self, Mode, Outcome as DiagOutcome};
use ucsh::engine::em::{self, service, Action, Arrival, EmReport, Request};
use ucsh::engine::node::Partition;
use ucsh::engine::services::Action as SvcAction;
use ucsh::engine::{platform, services, Clock, Lab};

fn clock(minutes: i64) -> Clock {
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("valid time");
    Clock::pinned(t + chrono::Duration::minutes(minutes))
}

fn lab(dir: &Path) -> Lab {
    lab_fixture::lab_at(dir, &InitOptions { population: 12, ..InitOptions::default() }, clock(0))
}

fn later(dir: &Path, minutes: i64) -> Lab {
    Lab::open(dir, clock(minutes)).expect("reopen")
}

fn send(lab: &Lab, node: &str, reqs: &[Request]) -> EmReport {
    let n = lab.node(node).expect("node");
    call(lab, &n, &admin(), "cluster em login", |op| service::handle(op, reqs, Arrival::Sequential))
        .expect("handled")
}

/// An EMCC login of cluster1's generated user `n` on cluster2's desk phone of user `p`.
fn emcc(lab: &Lab, n: u32, p: u32) -> EmReport {
    let mut r = Request::new(Action::EmccLogin, &em::population::desk_phone(2, p).expect("phone"));
    r.user = Some(em::population::userid(1, n));
    r.pin = Some("12345".into());
    send(lab, "cucm2-pub", &[r])
}

fn emcc_logout(lab: &Lab, p: u32) -> EmReport {
    send(lab, "cucm2-pub", &[Request::new(Action::EmccLogout, &em::population::desk_phone(2, p).expect("p"))])
}

/// (code, reason) of a one-request report; `None`: success.
fn failure(r: &EmReport) -> Option<(String, String)> {
    assert_eq!(r.outcomes.len(), 1, "{r:?}");
    r.outcomes[0].error.as_ref().map(|f| (f.code.clone(), f.reason.clone()))
}

fn code(r: &EmReport) -> Option<String> {
    failure(r).map(|(c, _)| c)
}

fn sql(lab: &Lab, node: &str, statement: &str) -> Vec<Vec<Option<String>>> {
    let n = lab.node(node).expect("node");
    match call(lab, &n, &admin(), "run sql", |op| db::sql::run(op, statement)).expect(statement) {
        SqlResult::Rows { rows, .. } => rows,
        _ => Vec::new(),
    }
}

/// cluster2's entry for cluster1: (remoteactivated, lastupdated, updateerror).
fn entry(lab: &Lab) -> (String, String, Option<String>) {
    let rows = sql(
        lab,
        "cucm2-pub",
        "select remoteactivated, lastupdated, updateerror from remotecluster where fullyqualifiedname like 'cucm-pub.%'",
    );
    let r = &rows[0];
    (r[0].clone().unwrap_or_default(), r[1].clone().unwrap_or_default(), r[2].clone())
}

fn svc(lab: &Lab, node: &str, action: SvcAction) {
    let n = lab.node(node).expect("node");
    call(lab, &n, &admin(), "utils service stop", |op| services::act(op, action, "Cisco Extension Mobility"))
        .expect("service");
}

fn node_down(lab: &Lab, node: &str) {
    platform::set_up(&lab.node(node).expect("node"), false).expect("down");
}

fn node_up(lab: &Lab, node: &str) {
    let n = lab.node(node).expect("node");
    platform::set_up(&n, true).expect("up");
    services::start_all(&n).expect("services");
}

/// The text of a node's trace files of one folder under activelog.
fn traces(lab: &Lab, node: &str, folder: &str) -> String {
    let dir = lab.node(node).expect("node").partition(Partition::Activelog).join(folder);
    let mut text = String::new();
    for e in std::fs::read_dir(&dir).expect("traces").flatten() {
        text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    text
}

const EMSERVICE: &str = "tomcat/logs/emservice/log4j";
const EMAPP: &str = "tomcat/logs/emapp/log4j";

fn module(lab: &Lab, node: &str) -> DiagOutcome {
    let n = lab.node(node).expect("node");
    let d = call(lab, &n, &admin(), "utils diagnose module", |op| {
        diagnose::run(op, Mode::Test, Some("emcc_devices"))
    })
    .expect("diagnose");
    d.modules[0].outcome.clone()
}

fn failed_with(outcome: &DiagOutcome, words: &str) -> bool {
    matches!(outcome, DiagOutcome::Failed(why) if why.contains(words))
}

fn failed(lab: &Lab, node: &str) -> u64 {
    em::state::load(&lab.node(node).expect("node")).expect("state").counters.failed
}

#[test]
fn missed_cycles_run_in_order_and_find_the_remote_cluster_as_it_was_then() {
    let t = tempfile::tempdir().expect("tempdir");
    let dir = t.path();
    lab(dir);
    // The home cluster's publisher is down from 10:40 to 11:40; its EM service stops at 12:05.
    node_down(&later(dir, 40), "cucm-pub");
    node_up(&later(dir, 100), "cucm-pub");
    svc(&later(dir, 125), "cucm-pub", SvcAction::Stop);
    // At 12:10 the visiting cluster's EM service handles a request: the updates of 10:30,
    // 11:00, 11:30 and 12:00 were missed, and run now, in order.
    let lab = later(dir, 130);
    let r = emcc(&lab, 1, 4);
    let u = r.remote_update.as_ref().expect("the updates ran");
    let found: Vec<(String, bool)> = u
        .missed
        .iter()
        .map(|m| (m.at.clone(), m.remotes[0].remote_activated))
        .chain([(u.at.clone(), u.remotes[0].remote_activated)])
        .collect();
    assert_eq!(
        found,
        vec![
            ("2026-11-23 10:30:00".to_string(), true),
            ("2026-11-23 11:00:00".to_string(), false),
            ("2026-11-23 11:30:00".to_string(), false),
            ("2026-11-23 12:00:00".to_string(), true),
        ]
    );
    assert_eq!(u.skipped, 0);
    assert_eq!(u.next, "2026-11-23 12:30:00");
    // The rows are as the last update found them (answering), although its EM service is
    // stopped now: the login reaches for it and fails with 208.
    assert_eq!(entry(&lab), ("t".to_string(), "2026-11-23 12:00:00".to_string(), None));
    assert_eq!(code(&r).as_deref(), Some("208"));
    // Each update's lines are in the EM service traces, the missed ones marked.
    let text = traces(&lab, "cucm2-pub", EMSERVICE);
    assert_eq!(text.matches("Remote cluster update (missed cycle, run late): cluster1 answered").count(), 1);
    assert_eq!(
        text.matches("Remote cluster update (missed cycle, run late): no response from cluster1").count(),
        2
    );
    assert_eq!(text.matches("Remote cluster update: cluster1 answered").count(), 1);
    // Nothing more is due before 12:30; started again at 12:20, the login goes through.
    svc(&later(dir, 140), "cucm-pub", SvcAction::Start);
    let lab = later(dir, 145);
    let r = emcc(&lab, 1, 4);
    assert!(r.remote_update.is_none());
    assert_eq!(code(&r), None, "{r:?}");
    // Down through the 12:30 update, up again at 12:40: the login at 12:50 is refused
    // (the last update found no answer) until the update of 13:00.
    assert_eq!(code(&emcc_logout(&lab, 4)), None);
    node_down(&later(dir, 150), "cucm-pub");
    node_up(&later(dir, 160), "cucm-pub");
    let lab = later(dir, 170);
    let r = emcc(&lab, 1, 4);
    assert_eq!(
        r.remote_update.as_ref().map(|u| (u.at.as_str(), u.missed.len())),
        Some(("2026-11-23 12:30:00", 0))
    );
    assert_eq!(code(&r).as_deref(), Some("208"));
    assert_eq!(entry(&lab).0, "f");
    let lab = later(dir, 181);
    assert_eq!(code(&emcc(&lab, 1, 4)), None);
    assert_eq!(entry(&lab), ("t".to_string(), "2026-11-23 13:00:00".to_string(), None));
}

/// The rows of cluster2's remote cluster tables.
fn remote_rows(lab: &Lab) -> Vec<Vec<Option<String>>> {
    let mut rows = sql(lab, "cucm2-pub", "select * from remotecluster order by pkid");
    rows.extend(sql(lab, "cucm2-pub", "select * from remoteclusterserviceaddress order by pkid"));
    rows
}

/// A lab where the home cluster was down from 10:40 to 11:40 and its Cluster ID changed at
/// 12:15, its clock at `minutes`.
fn eventful(dir: &Path, minutes: i64) -> Lab {
    lab(dir);
    node_down(&later(dir, 40), "cucm-pub");
    node_up(&later(dir, 100), "cucm-pub");
    sql(
        &later(dir, 135),
        "cucm-pub",
        "update processconfig set paramvalue = 'HOME-1' where paramname = 'ClusterID'",
    );
    later(dir, minutes)
}

#[test]
fn skipping_the_earlier_missed_cycles_leaves_the_same_rows() {
    let (a, b) = (tempfile::tempdir().expect("a"), tempfile::tempdir().expect("b"));
    // Three days on: 144 cycles were missed.
    let minutes = 3 * 24 * 60 + 10;
    let (all, last) = (eventful(a.path(), minutes), eventful(b.path(), minutes));
    let every = em::remote::run_updates(&all, "cluster2", false, 1000).expect("update").expect("due");
    let one = em::remote::run_updates(&last, "cluster2", false, 1).expect("update").expect("due");
    assert_eq!((every.missed.len(), every.skipped), (143, 0));
    assert_eq!((one.missed.len(), one.skipped), (0, 143));
    assert_eq!(every.at, one.at);
    assert_eq!(remote_rows(&all), remote_rows(&last));
    // The last update found the new Cluster ID; those of 11:00 to 11:30 the publisher down.
    assert_eq!(every.remotes[0].error, Some(42));
    assert!(!every.missed[1].remotes[0].remote_activated && every.missed[1].remotes[0].error.is_none());
    // The Cluster ID compared is the remote's current one (a database value keeps no
    // history in the lab): the 10:30 update, which found the publisher up, found it too.
    assert_eq!(every.missed[0].remotes[0].error, Some(42));
    // The default bound: the last 48 run, the older ones counted.
    let c = tempfile::tempdir().expect("c");
    let bounded = eventful(c.path(), minutes);
    let u = em::remote::update_if_due(&bounded, "cluster2", false).expect("update").expect("due");
    assert_eq!(
        (u.missed.len(), u.skipped),
        (em::remote::MAX_REPLAYED - 1, 144 - em::remote::MAX_REPLAYED as u64)
    );
    assert_eq!(remote_rows(&bounded), remote_rows(&last));
    assert_eq!(traces(&bounded, "cucm2-pub", EMSERVICE).matches("earlier missed cycles not run").count(), 1);
}

#[test]
fn a_home_cluster_id_changed_gives_42_then_212_after_the_update() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert_eq!(
        sql(&lab, "cucm-sub1", "select paramvalue from processconfig where paramname = 'ClusterID'"),
        vec![vec![Some("cluster1".to_string())]],
        "the Cluster ID is an enterprise parameter, replicated"
    );
    sql(&lab, "cucm-pub", "update processconfig set paramvalue = 'HOME-1' where paramname = 'ClusterID'");
    assert!(
        failed_with(&module(&lab, "cucm2-pub"), "cucm-pub.cluster1.ucsh.lab has Cluster ID HOME-1"),
        "utils diagnose module emcc_devices finds it"
    );
    // Before the next update the entry is still activated: the home cluster refuses the
    // Cluster ID it is sent.
    let before = failed(&lab, "cucm2-pub");
    assert_eq!(failure(&emcc(&lab, 1, 4)), Some(("42".to_string(), "Invalid Cluster ID".to_string())));
    // The update marks the entry; the logins fail with 212 without reaching the home.
    let u = em::remote::update_now(&lab, Some("cluster2")).expect("update now");
    assert_eq!((u.remotes[0].remote_activated, u.remotes[0].error), (false, Some(42)));
    assert_eq!(entry(&lab), ("f".to_string(), "2026-11-23 10:00:00".to_string(), Some("42".to_string())));
    assert_eq!(failure(&emcc(&lab, 1, 4)), Some(("212".to_string(), "Cluster ID is invalid".to_string())));
    assert_eq!(failed(&lab, "cucm2-pub"), before + 2);
    let svc = traces(&lab, "cucm2-pub", EMSERVICE);
    assert!(svc.contains("answered Invalid Cluster ID for cluster1 (cucm-pub.cluster1.ucsh.lab has Cluster ID HOME-1), error 42"), "{svc}");
    assert!(svc.contains("Cluster ID cluster1 is not valid there (error 42); login refused with 212"));
    assert!(traces(&lab, "cucm2-pub", EMAPP).contains("on device SEP0B0200000004: error 212"));
    // Fixed in the entry (Cluster Id HOME-1): still refused until an update finds it valid.
    sql(&lab, "cucm2-pub", "update remotecluster set clusterid = 'HOME-1' where clusterid = 'cluster1'");
    assert_eq!(code(&emcc(&lab, 1, 4)).as_deref(), Some("212"));
    let u = em::remote::update_now(&lab, Some("cluster2")).expect("update now");
    assert_eq!((u.remotes[0].clusterid.as_str(), u.remotes[0].remote_activated), ("HOME-1", true));
    assert_eq!(code(&emcc(&lab, 1, 4)), None);
    assert!(matches!(module(&lab, "cucm2-pub"), DiagOutcome::Passed(_)), "{:?}", module(&lab, "cucm2-pub"));
    // The EMCC logout finds the home cluster at the entry's address.
    assert_eq!(code(&emcc_logout(&lab, 4)), None);
    assert!(sql(&lab, "cucm-pub", "select name from device where name like 'EMCC%'").is_empty());
}

#[test]
fn a_visiting_cluster_id_the_home_entry_does_not_name_gives_44_shown_as_201() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    sql(&lab, "cucm2-pub", "update processconfig set paramvalue = 'VISIT-2' where paramname = 'ClusterID'");
    assert_eq!(failure(&emcc(&lab, 1, 4)), Some(("201".to_string(), "Configuration Problem".to_string())));
    assert!(traces(&lab, "cucm2-pub", EMSERVICE).contains(
        "names Cluster ID cluster2, this cluster's is VISIT-2: configuration problem, internal error 44"
    ));
    // The home cluster's entry names the new ID: the login goes through.
    sql(&lab, "cucm-pub", "update remotecluster set clusterid = 'VISIT-2' where clusterid = 'cluster2'");
    assert_eq!(code(&emcc(&lab, 1, 4)), None);
}

#[test]
fn a_home_service_with_no_free_slot_does_not_answer_40_shown_as_202() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    // The home EM service has Maximum Concurrent Requests (5) of a running command in progress.
    let home = lab.node("cucm-pub").expect("node");
    let mut st = em::state::load(&home).expect("state");
    st.reservations.push(em::state::Reservation { pid: std::process::id(), slots: 5 });
    em::state::save(&home, &st).expect("save");
    let r = emcc(&lab, 1, 4);
    assert_eq!(failure(&r), Some(("202".to_string(), "No Response from Remote Host".to_string())));
    assert!(traces(&lab, "cucm2-pub", EMSERVICE).contains(
        "no response from the remote host cucm-pub.cluster1.ucsh.lab (5 requests in progress, MaxConcurrentRequests=5), internal error 40"
    ));
    // One slot free (a higher maximum): the same login goes through.
    sql(
        &lab,
        "cucm-pub",
        "update processconfig set paramvalue = '6' where paramname = 'MaxConcurrentRequests'",
    );
    assert_eq!(code(&emcc(&lab, 1, 4)), None);
}
