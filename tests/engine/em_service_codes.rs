//! Issue #17, seed 001 tables 9 and 10: the EM codes that come from the state of the node
//! handling a request (its services, its replica) and from the user's credential and the
//! phone's EM setting. Each test breaks the cause with a CLI or lab command (or `run sql`),
//! checks the code, the trace line and the counters, then fixes the cause and sends the
//! same request again, which then succeeds.

use std::path::Path;

use chrono::{TimeZone, Utc};

use crate::em_support::{admin, em_traces as traces, phone, run_sql as sql, svc, user};
use crate::lab_fixture;
use crate::op_support::call;
use ucsh::engine::db::{dbreplication, repl, sql::SqlResult};
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::em::{self, nodestate, service, Action, Arrival, EmReport, Request};
use ucsh::engine::services::{self, Action as SvcAction};
use ucsh::engine::{Clock, Lab};

const POPULATION: u32 = 40;

fn lab(dir: &Path) -> Lab {
    let t = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("valid time");
    lab_fixture::lab_at(
        dir,
        &InitOptions { population: POPULATION, ..InitOptions::default() },
        Clock::pinned(t),
    )
}

fn send(lab: &Lab, node: &str, r: Request) -> EmReport {
    let n = lab.node(node).expect("node");
    call(lab, &n, &admin(), "cluster em login", |op| service::handle(op, &[r], Arrival::Sequential))
        .expect("handled")
}

fn login_req(user: &str, device: &str) -> Request {
    let mut r = Request::new(Action::Login, device);
    r.user = Some(user.into());
    r.pin = Some("12345".into());
    r
}

fn login(lab: &Lab, node: &str, user: &str, device: &str) -> Option<String> {
    code(&send(lab, node, login_req(user, device)))
}

fn logout(lab: &Lab, node: &str, device: &str) -> Option<String> {
    code(&send(lab, node, Request::new(Action::Logout, device)))
}

fn code(r: &EmReport) -> Option<String> {
    assert_eq!(r.outcomes.len(), 1, "{r:?}");
    r.outcomes[0].error.as_ref().map(|f| f.code.clone())
}

fn value(lab: &Lab, node: &str, statement: &str) -> Option<String> {
    match sql(lab, node, statement) {
        SqlResult::Rows { rows, .. } => rows.first().and_then(|r| r[0].clone()),
        other => panic!("{other:?}"),
    }
}

fn counter(lab: &Lab, node: &str, name: &str) -> u64 {
    let all = em::perf_counters(&lab.node(node).expect("node")).expect("counters");
    all.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no counter {name}")).1
}

fn failed(lab: &Lab, node: &str) -> u64 {
    counter(lab, node, "Login/Logout Requests Failed")
}

#[test]
fn the_ris_data_collector_down_gives_29_for_logins_and_logouts() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)), None);
    svc(&lab, "cucm-pub", SvcAction::Stop, "Cisco RIS Data Collector");
    assert_eq!(logout(&lab, "cucm-pub", &phone(4)).as_deref(), Some("29"));
    assert_eq!(login(&lab, "cucm-pub", &user(2), &phone(8)).as_deref(), Some("29"));
    assert_eq!(failed(&lab, "cucm-pub"), 2);
    assert_eq!(counter(&lab, "cucm-pub", "Requests Handled"), 3, "the service handled them");
    let text = traces(&lab, "cucm-pub", "emservice");
    assert!(text.contains("cannot connect to the RIS data collector, error 29"), "{text}");
    assert!(traces(&lab, "cucm-pub", "emapp").contains(&format!(
        "{} on device {}: error 29",
        user(2),
        phone(8)
    )));
    // Nothing was written: the login is still there.
    let q = format!(
        "select count(*) from extensionmobilitydynamic e, device d where e.fkdevice = d.pkid and d.name = '{}' and e.fkenduser is not null",
        phone(4)
    );
    assert_eq!(value(&lab, "cucm-pub", &q).as_deref(), Some("1"));
    svc(&lab, "cucm-pub", SvcAction::Start, "Cisco RIS Data Collector");
    assert_eq!(logout(&lab, "cucm-pub", &phone(4)), None);
    assert_eq!(login(&lab, "cucm-pub", &user(2), &phone(8)), None);
    assert_eq!(failed(&lab, "cucm-pub"), 2);
}

#[test]
fn an_application_started_without_its_database_answers_210_until_restarted_with_it() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let pubn = lab.node("cucm-pub").expect("node");
    assert!(nodestate::app_start(&pubn).expect("app").initialized);
    svc(&lab, "cucm-pub", SvcAction::Stop, "A Cisco DB");
    svc(&lab, "cucm-pub", SvcAction::Restart, "Cisco Extension Mobility Application");
    let start = nodestate::app_start(&pubn).expect("app");
    assert!(!start.initialized, "{start:?}");
    assert_eq!(start.started, "2026-11-23T10:00:00Z");
    assert!(traces(&lab, "cucm-pub", "emapp").contains("EMApp initialization failed"));
    // The database back is not enough: the application initialised once, at its start.
    svc(&lab, "cucm-pub", SvcAction::Start, "A Cisco DB");
    let handled = counter(&lab, "cucm-pub", "Requests Handled");
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)).as_deref(), Some("210"));
    assert_eq!(logout(&lab, "cucm-pub", &phone(4)).as_deref(), Some("210"));
    assert!(traces(&lab, "cucm-pub", "emapp").contains(&format!(
        "login {} for device {}: initialization failed at start 2026-11-23T10:00:00Z, error 210",
        user(1),
        phone(4)
    )));
    // The application answered: the service never saw the requests.
    assert_eq!(counter(&lab, "cucm-pub", "Requests Handled"), handled);
    // A start of an application already running does not initialise it again.
    svc(&lab, "cucm-pub", SvcAction::Start, "Cisco Extension Mobility Application");
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)).as_deref(), Some("210"));
    svc(&lab, "cucm-pub", SvcAction::Restart, "Cisco Extension Mobility Application");
    assert!(nodestate::app_start(&pubn).expect("app").initialized);
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)), None);
    // A boot starts the database before the application.
    svc(&lab, "cucm-pub", SvcAction::Stop, "A Cisco DB");
    svc(&lab, "cucm-pub", SvcAction::Restart, "Cisco Extension Mobility Application");
    assert_eq!(logout(&lab, "cucm-pub", &phone(4)).as_deref(), Some("210"));
    services::stop_all(&pubn).expect("stop all");
    services::start_all(&pubn).expect("boot");
    assert_eq!(logout(&lab, "cucm-pub", &phone(4)), None);
}

#[test]
fn a_pin_that_must_change_at_next_login_gives_41() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let set = |v: &str| {
        sql(
            &lab,
            "cucm-pub",
            &format!(
                "update credential set usermustchange = '{v}' where tkcredential = 3 and fkenduser in \
                 (select pkid from enduser where userid = '{}')",
                user(1)
            ),
        )
    };
    set("t");
    let q = format!(
        "select c.usermustchange from credential c, enduser u where c.fkenduser = u.pkid and u.userid = '{}'",
        user(1)
    );
    assert_eq!(value(&lab, "cucm-sub1", &q).as_deref(), Some("t"), "replicated, visible with run sql");
    // A wrong PIN is still an authentication error; the right one needs a change.
    let mut wrong = login_req(&user(1), &phone(4));
    wrong.pin = Some("99999".into());
    assert_eq!(code(&send(&lab, "cucm-pub", wrong)).as_deref(), Some("201"));
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)).as_deref(), Some("41"));
    assert_eq!(failed(&lab, "cucm-pub"), 2);
    assert!(traces(&lab, "cucm-pub", "emservice").contains("failed: error 41 (PIN change is required)"));
    // Other users are not concerned, in the same batch.
    let n = lab.node("cucm-pub").expect("node");
    let r = call(&lab, &n, &admin(), "cluster em login", |op| {
        service::handle(
            op,
            &[login_req(&user(2), &phone(8)), login_req(&user(1), &phone(4))],
            Arrival::Sequential,
        )
    })
    .expect("batch");
    let codes: Vec<Option<&str>> =
        r.outcomes.iter().map(|o| o.error.as_ref().map(|f| f.code.as_str())).collect();
    assert_eq!(codes, vec![None, Some("41")]);
    set("f");
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)), None);
    // EMCC: the home cluster's credential decides, for a login in the visiting cluster.
    set("t");
    let phone2 = em::population::desk_phone(2, 4).expect("phone");
    let mut r = login_req(&user(1), &phone2);
    r.action = Action::EmccLogin;
    assert_eq!(code(&send(&lab, "cucm2-pub", r.clone())).as_deref(), Some("41"));
    set("f");
    assert_eq!(code(&send(&lab, "cucm2-pub", r)), None);
}

#[test]
fn enable_extension_mobility_off_gives_22_from_the_services_button_5_from_a_headset_and_20_on_logout() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let flag = |v: &str| {
        sql(
            &lab,
            "cucm-pub",
            &format!("update device set allowhotelingflag = '{v}' where name = '{}'", phone(4)),
        )
    };
    // Turned off while a user is logged in: the logout fails with 20.
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)), None);
    flag("f");
    assert_eq!(logout(&lab, "cucm-pub", &phone(4)).as_deref(), Some("20"));
    assert!(traces(&lab, "cucm-pub", "emservice").contains("failed: error 20 (Hoteling flag error)"));
    // From the Services button (or the EM API) the application refuses the login: 22.
    assert_eq!(login(&lab, "cucm-pub", &user(2), &phone(4)).as_deref(), Some("22"));
    flag("t");
    assert_eq!(logout(&lab, "cucm-pub", &phone(4)), None);
    // A headset-based sign-in reaches the service, which refuses it: 5.
    flag("f");
    let serial = format!("WZP01{:07}0", 5);
    let n = lab.node("cucm-pub").expect("node");
    let connect = || {
        call(&lab, &n, &admin(), "cluster headset connect", |op| {
            em::headset_connect(op, &serial, &phone(4), Some("12345"))
        })
        .expect("connect")
    };
    let c = connect();
    assert_eq!(c.em.as_ref().map(code), Some(Some("5".to_string())), "{c:?}");
    assert!(traces(&lab, "cucm-pub", "emservice").contains("failed: error 5 (Dev. Logon Disabled)"));
    assert_eq!(failed(&lab, "cucm-pub"), 3);
    flag("t");
    let c = connect();
    assert_eq!(c.em.as_ref().map(code), Some(None), "{c:?}");
}

#[test]
fn a_subscribers_own_replica_gives_4_9_and_21() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    // 4: the subscriber's database down, the publisher's up.
    svc(&lab, "cucm-sub1", SvcAction::Stop, "A Cisco DB");
    assert_eq!(login(&lab, "cucm-sub1", &user(1), &phone(4)).as_deref(), Some("4"));
    assert!(traces(&lab, "cucm-sub1", "emservice")
        .contains("cannot validate the request: the local database is not running, error 4"));
    assert_eq!(failed(&lab, "cucm-sub1"), 1);
    svc(&lab, "cucm-sub1", SvcAction::Start, "A Cisco DB");
    assert_eq!(login(&lab, "cucm-sub1", &user(1), &phone(4)), None);
    // Its replicator stopped with it: started again, the subscriber catches up.
    svc(&lab, "cucm-sub1", SvcAction::Start, "A Cisco DB Replicator");
    assert_eq!(logout(&lab, "cucm-sub1", &phone(4)).as_deref(), Some("21"), "the login did not reach it");
    let pubn = lab.node("cucm-pub").expect("node");
    call(&lab, &pubn, &admin(), "utils dbreplication reset", |op| dbreplication::reset(op, "cucm-sub1"))
        .expect("reset");
    assert_eq!(logout(&lab, "cucm-sub1", &phone(4)), None);
    assert_eq!(login(&lab, "cucm-sub1", &user(1), &phone(4)), None);
    // Replication to the subscriber stopped: what the publisher gets next never reaches it.
    let sub = lab.node("cucm-sub1").expect("node");
    repl::fault_stop(&lab, &sub).expect("stop replication");
    // 21: a logout made through the publisher; the subscriber still shows the user.
    assert_eq!(logout(&lab, "cucm-pub", &phone(4)), None);
    assert_eq!(login(&lab, "cucm-sub1", &user(1), &phone(4)).as_deref(), Some("21"));
    // 9 and 4: users (with their phones) added on the publisher since.
    em::grow(&lab, Some("cluster1"), POPULATION + 4).expect("grow");
    let q = format!("select count(*) from enduser where userid = '{}'", user(44));
    assert_eq!(value(&lab, "cucm-pub", &q).as_deref(), Some("1"));
    assert_eq!(value(&lab, "cucm-sub1", &q).as_deref(), Some("0"), "not replicated");
    assert_eq!(login(&lab, "cucm-sub1", &user(41), &phone(8)).as_deref(), Some("9"));
    assert_eq!(login(&lab, "cucm-sub1", &user(2), &phone(44)).as_deref(), Some("4"));
    let text = traces(&lab, "cucm-sub1", "emservice");
    assert!(text.contains("the user is not in the local cache or database"), "{text}");
    assert!(text.contains("the device's current user status in the local database is not the publisher's"));
    assert!(text.contains("failed: error 21 (Hoteling Status error)"));
    assert_eq!(failed(&lab, "cucm-sub1"), 5);
    // Replication reset: the same requests go through.
    call(&lab, &pubn, &admin(), "utils dbreplication reset", |op| dbreplication::reset(op, "cucm-sub1"))
        .expect("reset");
    assert_eq!(value(&lab, "cucm-sub1", &q).as_deref(), Some("1"), "replicated");
    assert_eq!(login(&lab, "cucm-sub1", &user(1), &phone(4)), None);
    assert_eq!(login(&lab, "cucm-sub1", &user(41), &phone(8)), None);
    assert_eq!(login(&lab, "cucm-sub1", &user(2), &phone(44)), None);
    // Compared at the batch's start: what the batch itself writes is no difference.
    let n = lab.node("cucm-sub1").expect("node");
    repl::fault_stop(&lab, &sub).expect("stop replication");
    assert_eq!(logout(&lab, "cucm-pub", &phone(4)), None);
    let r = call(&lab, &n, &admin(), "cluster em login", |op| {
        service::handle(
            op,
            &[
                login_req(&user(3), &phone(12)),
                Request::new(Action::Logout, &phone(12)),
                login_req(&user(1), &phone(4)),
            ],
            Arrival::Sequential,
        )
    })
    .expect("batch");
    let codes: Vec<Option<&str>> =
        r.outcomes.iter().map(|o| o.error.as_ref().map(|f| f.code.as_str())).collect();
    assert_eq!(codes, vec![None, None, Some("21")]);
}

#[test]
fn a_pin_credential_ims_cannot_read_gives_204_not_201() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let q = format!(
        "select c.credentials from credential c, enduser u where c.fkenduser = u.pkid and c.tkcredential = 3 \
         and u.userid = '{}'",
        user(1)
    );
    let good = value(&lab, "cucm-pub", &q).expect("a PIN credential");
    let set = |v: &str| {
        sql(
            &lab,
            "cucm-pub",
            &format!(
                "update credential set credentials = '{v}' where tkcredential = 3 and fkenduser in \
                 (select pkid from enduser where userid = '{}')",
                user(1)
            ),
        )
    };
    // A digest that is well formed but of another PIN is a wrong PIN: 201.
    set(&"0".repeat(40));
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)).as_deref(), Some("201"));
    // A credential that is no digest at all: IMS fails, 204, whatever PIN is typed.
    set("{damaged}");
    assert_eq!(value(&lab, "cucm-sub1", &q).as_deref(), Some("{damaged}"), "replicated");
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)).as_deref(), Some("204"));
    let mut other = login_req(&user(1), &phone(4));
    other.pin = Some("99999".into());
    assert_eq!(code(&send(&lab, "cucm-pub", other)).as_deref(), Some("204"));
    assert_eq!(failed(&lab, "cucm-pub"), 3);
    assert!(traces(&lab, "cucm-pub", "emservice").contains("failed: error 204 (Directory Server Error)"));
    assert!(traces(&lab, "cucm-pub", "emapp").contains(&format!(
        "{} on device {}: error 204",
        user(1),
        phone(4)
    )));
    // Other users log in meanwhile; the credential put right, so does this one.
    assert_eq!(login(&lab, "cucm-pub", &user(2), &phone(8)), None);
    set(&good);
    assert_eq!(login(&lab, "cucm-pub", &user(1), &phone(4)), None);
}
