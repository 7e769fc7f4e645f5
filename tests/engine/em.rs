//! Issue #17 at the engine: every rule of the documents' tables broken on purpose, with the
//! error code the document gives (seed 000: Extension Mobility; seed 001: EMCC; seed 002:
//! headsets; seed 003: Jabber devices), and the service's counters and trace lines after a
//! burst of logins above Maximum Concurrent Requests. Each test works on its own copy of a
//! standard lab with a small generated population, through the same engine calls the lab
//! commands make; `run sql` (the CLI's own engine path) breaks the rules the lab commands
//! refuse, and `utils diagnose module` finds them.

use std::path::Path;

use chrono::{TimeZone, Utc};

use crate::em_support::{admin, phone, run_sql as sql, svc, user};
use crate::lab_fixture;
use crate::op_support::call;
use ucsh::engine::db::{self, sql::SqlResult};
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::diagnose::{self, Mode, Outcome as DiagOutcome};
use ucsh::engine::em::{self, service, Action, Arrival, EmReport, Request};
use ucsh::engine::services::Action as SvcAction;
use ucsh::engine::{Clock, EngineError, Lab};

const POPULATION: u32 = 40;

fn clock(minutes: i64) -> Clock {
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("valid time");
    Clock::pinned(t + chrono::Duration::minutes(minutes))
}

fn lab(dir: &Path) -> Lab {
    lab_fixture::lab_at(dir, &InitOptions { population: POPULATION, ..InitOptions::default() }, clock(0))
}

/// The same lab, its clock `minutes` later.
fn later(dir: &Path, minutes: i64) -> Lab {
    Lab::open(dir, clock(minutes)).expect("reopen")
}

fn send(lab: &Lab, node: &str, reqs: &[Request], arrival: Arrival) -> EmReport {
    let n = lab.node(node).expect("node");
    call(lab, &n, &admin(), "cluster em login", |op| service::handle(op, reqs, arrival)).expect("handled")
}

fn login_req(user: &str, pin: &str, device: &str) -> Request {
    let mut r = Request::new(Action::Login, device);
    r.user = Some(user.into());
    r.pin = Some(pin.into());
    r
}

fn login(lab: &Lab, user: &str, pin: &str, device: &str) -> EmReport {
    send(lab, "cucm-pub", &[login_req(user, pin, device)], Arrival::Sequential)
}

fn logout(lab: &Lab, device: &str) -> EmReport {
    send(lab, "cucm-pub", &[Request::new(Action::Logout, device)], Arrival::Sequential)
}

fn emcc(lab: &Lab, user: &str, pin: &str, device: &str) -> EmReport {
    let mut r = login_req(user, pin, device);
    r.action = Action::EmccLogin;
    send(lab, "cucm2-pub", &[r], Arrival::Sequential)
}

/// The code of a one-request report (`None`: success).
fn code(r: &EmReport) -> Option<String> {
    assert_eq!(r.outcomes.len(), 1, "{r:?}");
    r.outcomes[0].error.as_ref().map(|f| f.code.clone())
}

fn set(lab: &Lab, cluster: &str, name: &str, value: &str) {
    em::set_param(lab, Some(cluster), name, value).unwrap_or_else(|e| panic!("{name}={value}: {e}"));
}

fn count(lab: &Lab, node: &str, statement: &str) -> i64 {
    match sql(lab, node, statement) {
        SqlResult::Rows { rows, .. } => rows[0][0].as_deref().expect("a value").parse().expect("a number"),
        other => panic!("{other:?}"),
    }
}

fn module(lab: &Lab, node: &str, name: &str) -> DiagOutcome {
    let n = lab.node(node).expect("node");
    let d = call(lab, &n, &admin(), "utils diagnose module", |op| diagnose::run(op, Mode::Test, Some(name)))
        .expect("diagnose");
    d.modules[0].outcome.clone()
}

fn failed_with(outcome: &DiagOutcome, words: &str) -> bool {
    matches!(outcome, DiagOutcome::Failed(why) if why.contains(words))
}

fn counters(lab: &Lab, node: &str) -> Vec<(String, u64)> {
    em::perf_counters(&lab.node(node).expect("node")).expect("counters")
}

fn counter(all: &[(String, u64)], name: &str) -> u64 {
    all.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no counter {name}")).1
}

// ----- seed 000: Extension Mobility -----------------------------------------------------

#[test]
fn a_login_writes_extensionmobilitydynamic_and_replicates() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))), None);
    let q = format!(
        "select count(*) from extensionmobilitydynamic e, device d, enduser u where e.fkdevice = d.pkid \
         and e.fkenduser = u.pkid and d.name = '{}' and u.userid = '{}'",
        phone(4),
        user(1)
    );
    assert_eq!(count(&lab, "cucm-pub", &q), 1);
    assert_eq!(count(&lab, "cucm-sub1", &q), 1, "the login replicates to the subscriber");
    assert_eq!(code(&logout(&lab, &phone(4))), None);
    assert_eq!(count(&lab, "cucm-sub1", &q), 0);
    assert_eq!(code(&logout(&lab, &phone(4))).as_deref(), Some("19"));
}

#[test]
fn authentication_errors_are_201_and_blank_ones_202() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert_eq!(code(&login(&lab, &user(1), "99999", &phone(4))).as_deref(), Some("201"));
    assert_eq!(code(&login(&lab, "nosuchuser", "12345", &phone(4))).as_deref(), Some("201"));
    assert_eq!(code(&login(&lab, &user(1), "", &phone(4))).as_deref(), Some("202"));
    assert_eq!(code(&login(&lab, "", "12345", &phone(4))).as_deref(), Some("202"));
    // Alphanumeric User ID False: only digits are user IDs.
    set(&lab, "cluster1", "AlphanumericUserID", "False");
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))).as_deref(), Some("201"));
}

#[test]
fn device_errors_are_207_22_and_11() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert_eq!(code(&login(&lab, &user(1), "12345", "")).as_deref(), Some("207"));
    // A softphone is not an Extension Mobility phone (Enable Extension Mobility off).
    let csf = format!("CSF{}", user(1).to_uppercase());
    assert_eq!(code(&login(&lab, &user(5), "12345", &csf)).as_deref(), Some("22"));
    sql(&lab, "cucm-pub", &format!("update device set allowhotelingflag = 'f' where name = '{}'", phone(4)));
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))).as_deref(), Some("22"));
    assert_eq!(code(&login(&lab, &user(1), "12345", "SEPFFFFFFFFFFFF")).as_deref(), Some("11"));
}

#[test]
fn a_user_without_a_device_profile_gets_205() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    // Sample user3 has no Jabber device and no profile.
    assert_eq!(code(&login(&lab, "user3", "12345", &phone(4))).as_deref(), Some("205"));
}

#[test]
fn multiple_login_behaviour_gives_25_or_logs_out_or_allows() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))), None);
    // The default: Multiple Logins Not Allowed.
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(8))).as_deref(), Some("25"));
    // Someone else's phone is taken.
    assert_eq!(code(&login(&lab, &user(2), "12345", &phone(4))).as_deref(), Some("18"));
    set(&lab, "cluster1", "IntraClusterMultipleLoginBehavior", "Auto Logout");
    let r = login(&lab, &user(1), "12345", &phone(8));
    assert_eq!(code(&r), None);
    assert!(r.outcomes[0].notes.iter().any(|n| n.contains(&phone(4))), "{r:?}");
    let q = format!(
        "select count(*) from extensionmobilitydynamic e, enduser u where e.fkenduser = u.pkid and u.userid = '{}'",
        user(1)
    );
    assert_eq!(count(&lab, "cucm-pub", &q), 1);
    set(&lab, "cluster1", "IntraClusterMultipleLoginBehavior", "Multiple Logins Allowed");
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(12))), None);
    assert_eq!(count(&lab, "cucm-pub", &q), 2);
}

#[test]
fn the_maximum_login_time_logs_users_out() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert!(em::set_param(&lab, None, "IntraClusterMaxLoginTime", "168:01").is_err());
    assert!(matches!(
        em::set_param(&lab, None, "IntraClusterMaxLoginTime", "0:00"),
        Err(EngineError::EmParamInvalid { .. })
    ));
    set(&lab, "cluster1", "EnforceIntraClusterMaxLoginTime", "True");
    set(&lab, "cluster1", "IntraClusterMaxLoginTime", "0:30");
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))), None);
    let d = format!("select loginduration from extensionmobilitydynamic e, device d where e.fkdevice = d.pkid and d.name = '{}'", phone(4));
    assert_eq!(count(&lab, "cucm-pub", &d), 1800);
    // 29 minutes on: still logged in; 31 minutes on: the next request finds it expired.
    let lab = later(t.path(), 29);
    let r = login(&lab, &user(2), "12345", &phone(8));
    assert!(r.auto_logouts.is_empty());
    let lab = later(t.path(), 31);
    let r = logout(&lab, &phone(8));
    assert_eq!(r.auto_logouts.len(), 1, "{r:?}");
    assert_eq!(r.auto_logouts[0].device, phone(4));
    assert_eq!(
        count(&lab, "cucm-pub", "select count(*) from extensionmobilitydynamic where fkenduser is not null"),
        1,
        "the sample's own login stays"
    );
}

#[test]
fn ip_validation_uses_the_trusted_list_registrations_and_proxy_rule() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    set(&lab, "cluster1", "ValidateIPAddress", "True");
    let mut r = login_req(&user(1), "12345", &phone(4));
    r.ip = Some("192.0.2.7".into());
    assert_eq!(code(&send(&lab, "cucm-pub", &[r.clone()], Arrival::Sequential)).as_deref(), Some("28"));
    set(&lab, "cluster1", "TrustedListOfIPs", "198.51.100.1;192.0.2.7");
    let mut p = r.clone();
    p.proxy = true;
    assert_eq!(code(&send(&lab, "cucm-pub", &[p.clone()], Arrival::Sequential)).as_deref(), Some("30"));
    set(&lab, "cluster1", "AllowProxy", "True");
    assert_eq!(code(&send(&lab, "cucm-pub", &[p], Arrival::Sequential)), None);
    // A registered phone's address is trusted.
    let n = lab.node("cucm-sub1").expect("node");
    call(&lab, &n, &admin(), "cluster device register", |op| {
        em::device_register(op, &phone(8), Some("10.1.2.3"), true)
    })
    .expect("register");
    let mut q = login_req(&user(2), "12345", &phone(8));
    q.ip = Some("10.1.2.3".into());
    assert_eq!(code(&send(&lab, "cucm-pub", &[q], Arrival::Sequential)), None);
    // The cache keeps at most Extension Mobility Cache Size addresses.
    let mut st = em::state::EmState::default();
    for i in 0..1005 {
        st.cache(&format!("10.0.{}.{}", i / 250, i % 250), 1000);
    }
    assert_eq!(st.ip_cache.len(), 1000);
    assert_eq!(st.ip_cache[0], "10.0.0.5");
    assert!(em::set_param(&lab, None, "ExtensionMobilityCacheSize", "999").is_err());
    assert!(em::set_param(&lab, None, "TrustedListOfIPs", &"1".repeat(1025)).is_err());
}

#[test]
fn remember_last_user_and_clear_call_logs() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    set(&lab, "cluster1", "RememberLastUserLoggedIn", "True");
    set(&lab, "cluster1", "ClearCallLogsOnIntraClusterEM", "True");
    let r = login(&lab, &user(1), "12345", &phone(4));
    assert!(r.outcomes[0].notes.iter().any(|n| n == "call logs cleared"), "{r:?}");
    let r = logout(&lab, &phone(4));
    assert!(r.outcomes[0].notes.iter().any(|n| n == "last user remembered"), "{r:?}");
    let q = format!(
        "select count(*) from extensionmobilitydynamic e, device d, enduser u where e.fkdevice = d.pkid \
         and e.fkenduser_lastlogin = u.pkid and e.fkenduser is null and d.name = '{}' and u.userid = '{}'",
        phone(4),
        user(1)
    );
    assert_eq!(count(&lab, "cucm-pub", &q), 1);
}

#[test]
fn services_down_give_207_http_503_and_6() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    svc(&lab, "cucm-pub", SvcAction::Stop, "Cisco Extension Mobility");
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))).as_deref(), Some("207"));
    svc(&lab, "cucm-pub", SvcAction::Stop, "Cisco Extension Mobility Application");
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))).as_deref(), Some("HTTP 503"));
    // The subscriber's EM service with the publisher's database down: 6.
    lab.node("cucm-pub")
        .expect("node")
        .update_platform(|p| {
            p.up = false;
            Ok(())
        })
        .expect("down");
    let r = send(&lab, "cucm-sub1", &[login_req(&user(1), "12345", &phone(4))], Arrival::Sequential);
    assert_eq!(code(&r).as_deref(), Some("6"));
}

#[test]
fn tomcat_down_is_host_not_found_and_a_database_held_by_another_writer_is_6() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    // Seed 000: without Cisco Tomcat the phone does not reach the node (Host Not Found);
    // without the EM application Tomcat answers HTTP 503; neither is a load condition.
    svc(&lab, "cucm-pub", SvcAction::Stop, "Cisco Tomcat");
    let r = login(&lab, &user(1), "12345", &phone(4));
    assert_eq!(code(&r).as_deref(), Some("Host Not Found"));
    assert_eq!(counter(&counters(&lab, "cucm-pub"), "Requests Handled"), 0, "the service never saw it");
    // Tomcat back, the application it stopped with is not yet: 503.
    svc(&lab, "cucm-pub", SvcAction::Start, "Cisco Tomcat");
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))).as_deref(), Some("HTTP 503"));
    svc(&lab, "cucm-pub", SvcAction::Start, "Cisco Extension Mobility Application");
    // The EM service stopped with Tomcat too: the application answers 207.
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))).as_deref(), Some("207"));
    svc(&lab, "cucm-pub", SvcAction::Start, "Cisco Extension Mobility");
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))), None);
    // Under load another writer holds the publisher's database: past the service's wait the
    // accepted requests fail with 6 (Database Error), counted and traced; the ones above
    // Maximum Concurrent Requests are throttled with 26 as before.
    set(&lab, "cluster1", "MaxConcurrentRequests", "2");
    let db_path = lab.node("cucm-pub").expect("node").db_path();
    let holder = rusqlite::Connection::open(&db_path).expect("open");
    holder.execute_batch("BEGIN IMMEDIATE").expect("hold the write lock");
    let reqs: Vec<Request> = (2..=4).map(|n| login_req(&user(n), "12345", &phone(4 * n))).collect();
    let r = send(&lab, "cucm-pub", &reqs, Arrival::Burst);
    holder.execute_batch("ROLLBACK").expect("release");
    let codes: Vec<Option<String>> =
        r.outcomes.iter().map(|o| o.error.as_ref().map(|f| f.code.clone())).collect();
    assert_eq!(codes, vec![Some("6".into()), Some("6".into()), Some("26".into())]);
    let c = counters(&lab, "cucm-pub");
    assert_eq!(counter(&c, "Requests Throttled"), 1);
    assert_eq!(counter(&c, "Login/Logout Requests Failed"), 3);
    let dir = lab
        .node("cucm-pub")
        .expect("node")
        .partition(ucsh::engine::node::Partition::Activelog)
        .join("tomcat/logs/emservice/log4j");
    let mut text = String::new();
    for e in std::fs::read_dir(&dir).expect("emservice traces").flatten() {
        text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    assert_eq!(text.matches("database is busy, error 6").count(), 2);
    // Released, the same requests go through.
    let r = send(&lab, "cucm-pub", &reqs[..2], Arrival::Burst);
    assert_eq!((r.succeeded, r.failed), (2, 0));
}

#[test]
fn a_burst_above_maximum_concurrent_requests_is_throttled_with_26() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    set(&lab, "cluster1", "MaxConcurrentRequests", "3");
    let reqs: Vec<Request> = (1..=8).map(|n| login_req(&user(n), "12345", &phone(4 * n))).collect();
    let r = send(&lab, "cucm-pub", &reqs, Arrival::Burst);
    assert_eq!((r.succeeded, r.throttled, r.failed), (3, 5, 5));
    assert!(r.outcomes[3..].iter().all(|o| o.error.as_ref().is_some_and(|f| f.code == "26")));
    let c = counters(&lab, "cucm-pub");
    assert_eq!(counter(&c, "Requests Handled"), 8);
    assert_eq!(counter(&c, "Requests Throttled"), 5);
    assert_eq!(counter(&c, "Successful Logins"), 3);
    assert_eq!(counter(&c, "Login/Logout Requests Failed"), 5);
    assert_eq!(counter(&c, "Requests In Progress"), 0, "the burst is over");
    // The same requests one after the other: none throttled.
    let r = send(&lab, "cucm-pub", &reqs[3..], Arrival::Sequential);
    assert_eq!((r.succeeded, r.throttled), (5, 0));
    let c = counters(&lab, "cucm-pub");
    assert_eq!(counter(&c, "Requests Handled"), 13);
    assert_eq!(counter(&c, "Successful Logins"), 8);
    // The trace lines, in the service's folder, found as `file search` finds them.
    let dir = lab
        .node("cucm-pub")
        .expect("node")
        .partition(ucsh::engine::node::Partition::Activelog)
        .join("tomcat/logs/emservice/log4j");
    let mut text = String::new();
    for e in std::fs::read_dir(&dir).expect("emservice traces").flatten() {
        text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    assert_eq!(
        text.matches("throttled: 3 requests in progress, MaxConcurrentRequests=3, error 26").count(),
        5
    );
    assert_eq!(text.matches("loginUser: device=").count(), 8);
    // A slot held by a command still running (this process) makes a sequential batch wait.
    let node = lab.node("cucm-pub").expect("node");
    let mut st = em::state::load(&node).expect("state");
    st.reservations.push(em::state::Reservation { pid: std::process::id(), slots: 3 });
    em::state::save(&node, &st).expect("save");
    let r = logout(&lab, &phone(4));
    assert_eq!(code(&r).as_deref(), Some("26"));
    // A command that died gives its slots back.
    let mut st = em::state::load(&node).expect("state");
    st.reservations = vec![em::state::Reservation { pid: u32::MAX - 1, slots: 3 }];
    em::state::save(&node, &st).expect("save");
    assert_eq!(code(&logout(&lab, &phone(4))), None);
}

// ----- seed 001: Extension Mobility Cross Cluster ---------------------------------------

fn cluster2_phone(lab: &Lab) -> String {
    // cluster2's generated desk phone of user 4.
    let name = em::population::desk_phone(2, 4).expect("phone");
    assert_eq!(count(lab, "cucm2-pub", &format!("select count(*) from device where name = '{name}'")), 1);
    name
}

#[test]
fn emcc_login_records_both_clusters_and_logout_frees_the_emcc_device() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let phone2 = cluster2_phone(&lab);
    let r = emcc(&lab, &user(1), "12345", &phone2);
    assert_eq!(code(&r), None, "{r:?}");
    assert_eq!(
        count(
            &lab,
            "cucm2-pub",
            "select count(*) from extensionmobilitydynamic where fkremotecluster is not null"
        ),
        1
    );
    assert_eq!(
        count(
            &lab,
            "cucm-pub",
            "select count(*) from extensionmobilitydynamic where fkremotecluster is not null"
        ),
        1
    );
    assert_eq!(
        count(&lab, "cucm-sub1", "select count(*) from device where name = 'EMCC1'"),
        1,
        "replicated in the home cluster"
    );
    assert_eq!(
        code(&emcc(&lab, &user(1), "99999", &em::population::desk_phone(2, 8).expect("p"))).as_deref(),
        Some("2")
    );
    let mut out = Request::new(Action::EmccLogout, &phone2);
    out.user = None;
    let r = send(&lab, "cucm2-pub", &[out], Arrival::Sequential);
    assert_eq!(code(&r), None);
    assert_eq!(count(&lab, "cucm-pub", "select count(*) from device where name like 'EMCC%'"), 0);
    assert_eq!(
        count(
            &lab,
            "cucm2-pub",
            "select count(*) from extensionmobilitydynamic where fkremotecluster is not null"
        ),
        0
    );
}

#[test]
fn a_device_name_in_both_clusters_fails_with_37() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let phone2 = cluster2_phone(&lab);
    assert!(matches!(module(&lab, "cucm-pub", "emcc_devices"), DiagOutcome::Passed(_)));
    sql(
        &lab,
        "cucm-pub",
        &format!("insert into device (pkid, name, tkclass, tkmodel, allowhotelingflag) values ('dup-1', '{phone2}', 1, 36670, 't')"),
    );
    assert_eq!(code(&emcc(&lab, &user(1), "12345", &phone2)).as_deref(), Some("37"));
    assert!(failed_with(
        &module(&lab, "cucm-pub", "emcc_devices"),
        &format!("device {phone2} is also in remote cluster cluster2")
    ));
}

#[test]
fn a_number_with_several_primary_users_fails_with_47() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let phone2 = cluster2_phone(&lab);
    // user 2 gets user 1's number as primary too.
    sql(
        &lab,
        "cucm-pub",
        &format!(
            "insert into endusernumplanmap (pkid, fkenduser, fknumplan, tkdnusage) select 'share-1', u2.pkid, m.fknumplan, 1 \
             from enduser u1, enduser u2, endusernumplanmap m where u1.userid = '{}' and u2.userid = '{}' and m.fkenduser = u1.pkid",
            user(1),
            user(2)
        ),
    );
    assert_eq!(code(&emcc(&lab, &user(1), "12345", &phone2)).as_deref(), Some("47"));
}

#[test]
fn without_a_remote_cluster_emcc_fails_with_36_or_35() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let phone2 = cluster2_phone(&lab);
    sql(&lab, "cucm-pub", "delete from remotecluster");
    assert_eq!(code(&emcc(&lab, &user(1), "12345", &phone2)).as_deref(), Some("35"));
    sql(&lab, "cucm2-pub", "delete from remotecluster");
    assert_eq!(code(&emcc(&lab, &user(1), "12345", &phone2)).as_deref(), Some("36"));
}

#[test]
fn phones_plus_twice_the_emcc_devices_stay_within_60000() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let phone2 = cluster2_phone(&lab);
    let (phones, emcc_now) = {
        let c = db::open(&lab.node("cucm-pub").expect("node")).expect("db");
        service::phone_counts(&c).expect("counts")
    };
    assert_eq!(emcc_now, 0);
    // Fill the home cluster up to one EMCC device short of the limit: 60,000 - phones - 1
    // more phones (run sql, as a bulk load would).
    let extra = em::population::MAX_PHONES - phones - 1;
    sql(
        &lab,
        "cucm-pub",
        &format!(
            "insert into device (pkid, name, tkclass, tkmodel, allowhotelingflag) select 'fill-' || a.pkid || b.pkid || c.enum, \
             'FILL' || a.pkid || b.pkid || c.enum, 1, 36670, 'f' from device a, device b, typeclass c limit {extra}"
        ),
    );
    assert_eq!(code(&emcc(&lab, &user(1), "12345", &phone2)).as_deref(), Some("33"));
    assert!(matches!(module(&lab, "cucm-pub", "emcc_devices"), DiagOutcome::Passed(_)));
    sql(&lab, "cucm-pub", "insert into device (pkid, name, tkclass, tkmodel, allowhotelingflag) values ('fill-x', 'FILLX', 1, 36670, 'f')");
    sql(&lab, "cucm-pub", "insert into device (pkid, name, tkclass, tkmodel, allowhotelingflag) values ('fill-y', 'FILLY', 1, 36670, 'f')");
    assert!(failed_with(&module(&lab, "cucm-pub", "emcc_devices"), "above 60000"));
}

fn enableemcc(lab: &Lab, node: &str, userid: &str) -> String {
    match sql(lab, node, &format!("select enableemcc from enduser where userid = '{userid}'")) {
        SqlResult::Rows { rows, .. } => rows[0][0].clone().expect("a value"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn emcc_needs_the_users_enable_emcc_setting_31() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let phone2 = cluster2_phone(&lab);
    let other2 = em::population::desk_phone(2, 8).expect("phone");
    // Generated users have Enable Extension Mobility Cross Cluster, except every tenth.
    assert_eq!(enableemcc(&lab, "cucm-sub1", &user(1)), "t");
    assert_eq!(enableemcc(&lab, "cucm-sub1", &user(10)), "f");
    assert_eq!(
        count(
            &lab,
            "cucm-pub",
            "select count(*) from enduser where enableemcc = 'f' and userid like 'em1u%'"
        ),
        4
    );
    assert_eq!(code(&emcc(&lab, &user(10), "12345", &phone2)).as_deref(), Some("31"));
    // A wrong PIN is still 2: the home cluster authenticates first.
    assert_eq!(code(&emcc(&lab, &user(10), "00000", &phone2)).as_deref(), Some("2"));
    let c = em::remote::set_user(&lab, None, &user(10), true).expect("enable");
    assert_eq!((c.cluster.as_str(), c.before, c.after), ("cluster1", false, true));
    assert_eq!(enableemcc(&lab, "cucm-sub1", &user(10)), "t", "replicated");
    assert_eq!(code(&emcc(&lab, &user(10), "12345", &phone2)), None);
    // Table 4: cleared while logged in, the session goes on until the logout; the next
    // EMCC login is refused.
    let c = em::remote::set_user(&lab, None, &user(10), false).expect("disable");
    assert_eq!(c.emcc_sessions.len(), 1, "{c:?}");
    assert_eq!(
        count(
            &lab,
            "cucm2-pub",
            "select count(*) from extensionmobilitydynamic where fkremotecluster is not null"
        ),
        1
    );
    assert_eq!(code(&emcc(&lab, &user(10), "12345", &other2)).as_deref(), Some("31"));
    let r = send(&lab, "cucm2-pub", &[Request::new(Action::EmccLogout, &phone2)], Arrival::Sequential);
    assert_eq!(code(&r), None);
    // run sql changes it as the lab command does.
    sql(&lab, "cucm-pub", &format!("update enduser set enableemcc = 'f' where userid = '{}'", user(1)));
    assert_eq!(code(&emcc(&lab, &user(1), "12345", &phone2)).as_deref(), Some("31"));
    // The failures are traced and counted as the others are.
    let c = counters(&lab, "cucm2-pub");
    assert_eq!(counter(&c, "Login/Logout Requests Failed"), 4);
    assert_eq!(counter(&c, "EMCC Successful Logins"), 1);
    let dir = lab
        .node("cucm2-pub")
        .expect("node")
        .partition(ucsh::engine::node::Partition::Activelog)
        .join("tomcat/logs/emservice/log4j");
    let mut text = String::new();
    for e in std::fs::read_dir(&dir).expect("emservice traces").flatten() {
        text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    assert_eq!(text.matches("failed: error 31 (EMCC Not Activated for the User)").count(), 3, "{text}");
}

#[test]
fn a_home_cluster_that_does_not_allow_emcc_gives_38() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let phone2 = cluster2_phone(&lab);
    // cluster1 (home) disables EMCC in its entry for cluster2 (visiting).
    let c =
        em::remote::set_services(&lab, Some("cluster1"), "cluster2", Some("emcc"), false).expect("disable");
    assert_eq!(c.services[0], ("EMCC".to_string(), false));
    assert_eq!(c.services[1], ("PSTN Access".to_string(), true));
    assert_eq!(code(&emcc(&lab, &user(1), "12345", &phone2)).as_deref(), Some("38"));
    // The visiting cluster's own entry does not decide it: cluster2's users still log in
    // to cluster1's phones.
    let r = send(
        &lab,
        "cucm-pub",
        &[{
            let mut r = login_req(&em::population::userid(2, 1), "12345", &phone(4));
            r.action = Action::EmccLogin;
            r
        }],
        Arrival::Sequential,
    );
    assert_eq!(code(&r), None, "{r:?}");
    em::remote::set_services(&lab, Some("cluster1"), "cluster2", None, true).expect("enable");
    assert_eq!(code(&emcc(&lab, &user(1), "12345", &phone2)), None);
    // TFTP stays disabled for EMCC; other names are refused.
    assert!(matches!(
        em::remote::set_services(&lab, Some("cluster1"), "cluster2", Some("TFTP"), true),
        Err(EngineError::EmccRemoteService { .. })
    ));
    // A remote cluster added again: its services are enabled only with Enable All Remote
    // Cluster Services When Adding A New Remote Cluster (default False).
    em::remote::remove(&lab, Some("cluster1"), "cluster2").expect("remove");
    let added = em::remote::add(&lab, Some("cluster1"), "cluster2").expect("add");
    assert!(added.services.iter().all(|(_, on)| !on), "{added:?}");
    assert_eq!(
        count(&lab, "cucm-sub1", "select count(*) from remoteclusterserviceaddress where isenabled = 't' and fkremotecluster in (select pkid from remotecluster where clusterid = 'cluster2')"),
        0
    );
    let other2 = em::population::desk_phone(2, 8).expect("phone");
    assert_eq!(code(&emcc(&lab, &user(2), "12345", &other2)).as_deref(), Some("38"));
    assert!(matches!(
        em::remote::add(&lab, Some("cluster1"), "cluster2"),
        Err(EngineError::EmccRemoteExists { .. })
    ));
    assert!(matches!(
        em::remote::add(&lab, Some("cluster1"), "cluster1"),
        Err(EngineError::EmccRemoteSelf { .. })
    ));
    em::remote::remove(&lab, Some("cluster1"), "cluster2").expect("remove");
    set(&lab, "cluster1", "EMCCEnableAllRemoteClusterServices", "True");
    let added = em::remote::add(&lab, Some("cluster1"), "cluster2").expect("add");
    assert_eq!(added.services.iter().filter(|(_, on)| *on).count(), 3, "TFTP stays off: {added:?}");
    assert_eq!(code(&emcc(&lab, &user(2), "12345", &other2)), None);
}

#[test]
fn the_remote_cluster_update_runs_every_interval_by_the_lab_clock() {
    let t = tempfile::tempdir().expect("tempdir");
    let dir = t.path();
    let lab0 = lab(dir);
    let phone2 = cluster2_phone(&lab0);
    let rc = |lab: &Lab| -> (String, Option<String>) {
        match sql(
            lab,
            "cucm2-pub",
            "select remoteactivated, lastupdated from remotecluster where clusterid = 'cluster1'",
        ) {
            SqlResult::Rows { rows, .. } => (rows[0][0].clone().expect("flag"), rows[0][1].clone()),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(rc(&lab0), ("t".to_string(), Some("2026-11-23 10:00:00".to_string())));
    // The home cluster's EM service goes down: logins reach it no more (208).
    svc(&lab0, "cucm-pub", SvcAction::Stop, "Cisco Extension Mobility");
    assert_eq!(code(&emcc(&lab0, &user(1), "12345", &phone2)).as_deref(), Some("208"));
    assert_eq!(rc(&lab0).0, "t", "no update before the interval");
    // 30 minutes on, the next request runs the due update: cluster1 does not answer.
    let lab30 = later(dir, 31);
    let r = emcc(&lab30, &user(1), "12345", &phone2);
    assert_eq!(code(&r).as_deref(), Some("208"));
    let u = r.remote_update.as_ref().expect("the update ran");
    assert_eq!(u.at, "2026-11-23 10:30:00");
    assert!(!u.remotes[0].remote_activated);
    assert_eq!(rc(&lab30), ("f".to_string(), Some("2026-11-23 10:30:00".to_string())));
    // Back in service, it stays unavailable until the next update (table 4).
    svc(&lab30, "cucm-pub", SvcAction::Start, "Cisco Extension Mobility");
    let lab50 = later(dir, 50);
    let r = emcc(&lab50, &user(1), "12345", &phone2);
    assert_eq!(code(&r).as_deref(), Some("208"));
    assert!(r.remote_update.is_none());
    // The interval is a parameter: at 15 minutes the update of 10:45 is due at 10:50.
    set(&lab50, "cluster2", "RemoteClusterUpdateInterval", "15");
    let r = emcc(&lab50, &user(1), "12345", &phone2);
    assert_eq!(code(&r), None, "{r:?}");
    assert_eq!(r.remote_update.as_ref().map(|u| u.at.as_str()), Some("2026-11-23 10:45:00"));
    assert_eq!(rc(&lab50), ("t".to_string(), Some("2026-11-23 10:45:00".to_string())));
    let r = send(&lab50, "cucm2-pub", &[Request::new(Action::EmccLogout, &phone2)], Arrival::Sequential);
    assert_eq!(code(&r), None);
    // A remote cluster just added is unknown until the next update, or Update Now.
    em::remote::remove(&lab50, Some("cluster2"), "cluster1").expect("remove");
    let added = em::remote::add(&lab50, Some("cluster2"), "cluster1").expect("add");
    assert!(!added.remote_activated);
    assert_eq!(rc(&lab50), ("f".to_string(), None));
    assert_eq!(code(&emcc(&lab50, &user(1), "12345", &phone2)).as_deref(), Some("208"));
    let u = em::remote::update_now(&lab50, Some("cluster2")).expect("update now");
    assert_eq!((u.at.as_str(), u.next.as_str()), ("2026-11-23 10:50:00", "2026-11-23 11:05:00"));
    assert_eq!(rc(&lab50), ("t".to_string(), Some("2026-11-23 10:50:00".to_string())));
    assert_eq!(code(&emcc(&lab50, &user(1), "12345", &phone2)), None);
    // The update's trace lines are in the publisher's EM service traces.
    let tdir = lab50
        .node("cucm2-pub")
        .expect("node")
        .partition(ucsh::engine::node::Partition::Activelog)
        .join("tomcat/logs/emservice/log4j");
    let mut text = String::new();
    for e in std::fs::read_dir(&tdir).expect("emservice traces").flatten() {
        text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    assert_eq!(text.matches("Remote cluster update: no response from cluster1").count(), 1);
    assert_eq!(text.matches("Remote cluster update: cluster1 answered").count(), 2);
}

#[test]
fn the_update_is_due_once_per_interval_from_the_last() {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time");
    let m = |n: i64| t0 + chrono::Duration::minutes(n);
    assert_eq!(em::remote::due_at(t0, 30, m(29)), None);
    assert_eq!(em::remote::due_at(t0, 30, m(30)), Some(m(30)));
    assert_eq!(em::remote::due_at(t0, 30, m(95)), Some(m(90)));
    assert_eq!(em::remote::due_at(t0, 10080, m(10079)), None);
}

// ----- seed 002: headsets ---------------------------------------------------------------

#[test]
fn headsets_are_at_most_15_per_user_and_a_serial_has_one_user() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    for i in 0..15 {
        em::headset_associate(&lab, None, &format!("HS{i:04}"), "user7", "Cisco Headset 730")
            .expect("associate");
    }
    assert!(matches!(
        em::headset_associate(&lab, None, "HS9999", "user7", "Cisco Headset 730"),
        Err(EngineError::EmHeadsetLimit { max: 15, .. })
    ));
    assert!(matches!(
        em::headset_associate(&lab, None, "hs0001", "user8", "Cisco Headset 730"),
        Err(EngineError::EmHeadsetOwned { .. })
    ));
    assert!(matches!(module(&lab, "cucm-pub", "em_headsets"), DiagOutcome::Passed(_)));
    // What the lab command refuses, run sql does; the module finds it.
    sql(&lab, "cucm-pub", "insert into headsetinventory (pkid, serialnumber, model, fkenduser) select 'hs-16', 'HS0016', 'Cisco Headset 730', pkid from enduser where userid = 'user7'");
    assert!(failed_with(&module(&lab, "cucm-pub", "em_headsets"), "user7 has 16 headsets (at most 15)"));
    sql(&lab, "cucm-pub", "delete from headsetinventory where pkid = 'hs-16'");
    sql(&lab, "cucm-pub", "insert into headsetinventory (pkid, serialnumber, model, fkenduser) select 'hs-dup', 'hs0003', 'Cisco Headset 730', pkid from enduser where userid = 'user8'");
    assert!(failed_with(&module(&lab, "cucm-pub", "em_headsets"), "headset HS0003 belongs to 2 users"));
    // Removed from its user, it may go to another.
    em::headset_remove(&lab, None, "HS0005").expect("remove");
    em::headset_associate(&lab, None, "HS0005", "user8", "Cisco Headset 730").expect("moved");
}

fn connect(lab: &Lab, serial: &str, device: &str, pin: Option<&str>) -> em::HeadsetChange {
    let n = lab.node("cucm-pub").expect("node");
    call(lab, &n, &admin(), "cluster headset connect", |op| em::headset_connect(op, serial, device, pin))
        .expect("connect")
}

fn disconnect(lab: &Lab, serial: &str, device: &str) -> em::HeadsetChange {
    let n = lab.node("cucm-pub").expect("node");
    call(lab, &n, &admin(), "cluster headset disconnect", |op| em::headset_disconnect(op, serial, device))
        .expect("disconnect")
}

#[test]
fn headset_sign_in_needs_the_pin_unless_not_required_and_logs_out_after_the_timer() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    // Generated user 5 has headset WZP01<n>0.
    let serial = "WZP01".to_string() + &format!("{:07}0", 5);
    let c = connect(&lab, &serial, &phone(4), None);
    assert!(c.em.is_none() && c.notes.iter().any(|n| n.contains("prompts for the PIN")), "{:?}", c.notes);
    let c = connect(&lab, &serial, &phone(4), Some("12345"));
    assert_eq!(c.em.as_ref().map(code), Some(None));
    logout(&lab, &phone(4));
    set(&lab, "cluster1", "PINEntryForHeadsetBasedLogin", "Not Required");
    let c = connect(&lab, &serial, &phone(4), None);
    assert_eq!(c.em.as_ref().map(code), Some(None), "PIN-less sign-in");
    assert!(em::set_param(&lab, None, "AutoLogoutTimerAfterHeadsetDisconnect", "16").is_err());
    set(&lab, "cluster1", "AutoLogoutTimerAfterHeadsetDisconnect", "5");
    let d = disconnect(&lab, &serial, &phone(4));
    assert_eq!(d.logout_due.as_deref(), Some("2026-11-23 10:05:00"));
    // Back within the 5 minutes: the session stays.
    let lab = later(t.path(), 3);
    let c = connect(&lab, &serial, &phone(4), None);
    assert!(c.notes.iter().any(|n| n.contains("session is kept")), "{:?}", c.notes);
    disconnect(&lab, &serial, &phone(4));
    let lab = later(t.path(), 7);
    assert!(logout(&lab, &phone(8)).auto_logouts.is_empty(), "due at 10:08");
    let lab = later(t.path(), 9);
    let r = logout(&lab, &phone(8));
    assert_eq!(r.auto_logouts.len(), 1, "{r:?}");
    assert_eq!(r.auto_logouts[0].why, "headset disconnected");
    // Headset-based EM not allowed: no sign-in.
    set(
        &lab,
        "cluster1",
        "HeadsetBasedExtensionMobility",
        "Do not allow headset for Extension Mobility sign in and sign out",
    );
    let c = connect(&lab, &serial, &phone(4), None);
    assert!(c.em.is_none());
}

// ----- seed 003: Jabber softphones, and profiles ----------------------------------------

#[test]
fn softphone_names_and_one_device_per_type_are_checked() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert!(matches!(module(&lab, "cucm-pub", "em_softphones"), DiagOutcome::Passed(_)));
    // The sample's 12 users with a CSF device and every fourth generated user.
    assert_eq!(
        count(&lab, "cucm-pub", "select count(*) from device where name like 'CSF%' and tkmodel = 503"),
        12 + 10
    );
    sql(
        &lab,
        "cucm-pub",
        "insert into device (pkid, name, tkclass, tkmodel) values ('bad-tct', 'TCTlower', 1, 562)",
    );
    assert!(failed_with(
        &module(&lab, "cucm-pub", "em_softphones"),
        "TCT device name TCTlower breaks the TCT naming rule"
    ));
    sql(&lab, "cucm-pub", "delete from device where pkid = 'bad-tct'");
    sql(&lab, "cucm-pub", "insert into device (pkid, name, tkclass, tkmodel, fkenduser) select 'csf-2', 'CSFSECOND', 1, 503, pkid from enduser where userid = 'user1'");
    assert!(failed_with(&module(&lab, "cucm-pub", "em_softphones"), "user1 has 2 CSF devices"));
}

#[test]
fn profiles_pointing_at_missing_users_are_found() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert!(matches!(module(&lab, "cucm-pub", "em_profiles"), DiagOutcome::Passed(_)));
    sql(&lab, "cucm-pub", &format!("delete from enduser where userid = '{}'", user(3)));
    assert!(failed_with(
        &module(&lab, "cucm-pub", "em_profiles"),
        &format!("device profile {}_UDP points at a user who does not exist", user(3))
    ));
}

#[test]
fn risdb_shows_registration_state_login_user_and_node() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let sub = lab.node("cucm-sub1").expect("node");
    call(&lab, &sub, &admin(), "cluster device register", |op| {
        em::device_register(op, &phone(4), Some("10.10.5.21"), true)
    })
    .expect("register");
    assert_eq!(code(&login(&lab, &user(1), "12345", &phone(4))), None);
    let pubn = lab.node("cucm-pub").expect("node");
    let phones = call(&lab, &pubn, &admin(), "show risdb query phone", em::risdb_phones).expect("risdb");
    assert_eq!(phones.registered, 1);
    let p = &phones.phones[0];
    assert_eq!(
        (p.device.as_str(), p.login_user.as_str(), p.node.as_str(), p.status.as_str()),
        (phone(4).as_str(), user(1).as_str(), "cucm-sub1", "Registered")
    );
    call(&lab, &sub, &admin(), "cluster device unregister", |op| {
        em::device_register(op, &phone(4), None, false)
    })
    .expect("unregister");
    let phones = call(&lab, &pubn, &admin(), "show risdb query phone", em::risdb_phones).expect("risdb");
    assert_eq!((phones.registered, phones.unregistered, phones.phones[0].ip.as_str()), (0, 1, "10.10.5.21"));
}

#[test]
fn grow_adds_users_and_is_idempotent() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let g = em::grow(&lab, Some("cluster2"), 100).expect("grow");
    assert_eq!((g.before, g.after, g.added.users), (POPULATION, 100, 60));
    let g = em::grow(&lab, Some("cluster2"), 100).expect("again");
    assert_eq!(g.added.users, 0);
    assert_eq!(
        count(&lab, "cucm-imp-2", "select count(*) from enduser where userid like 'em2u%'"),
        100,
        "through the Sync Agent"
    );
    assert!(matches!(
        em::grow(&lab, None, em::population::MAX_USERS + 1),
        Err(EngineError::OutOfRange { .. })
    ));
}
