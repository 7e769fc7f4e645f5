//! The EM API (`ucsh cluster em api`, engine::em::api): each of its error codes (seed 001
//! tables 9 and 10: 1, 3, 8, 10, 215, 216) from a document or a database state that breaks
//! the rule, the same request succeeding once the cause is fixed (with `run sql`, as an
//! administrator would), the queries answering what `run sql` shows of
//! extensionmobilitydynamic, and arbitrary bytes as a document never panicking and always
//! giving 1.

use std::path::Path;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use crate::em_support::{admin, em_traces, phone, run_sql, user};
use crate::lab_fixture;
use crate::op_support::call;
use ucsh::engine::db::sql::SqlResult;
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::em::api::{self, ApiReport, ApiResponse, DeviceState, CCMSYSUSER, CCMSYSUSER_PASSWORD};
use ucsh::engine::em::{self, perf_counters};
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

fn send(lab: &Lab, body: &str) -> ApiReport {
    send_bytes(lab, body.as_bytes())
}

fn send_bytes(lab: &Lab, body: &[u8]) -> ApiReport {
    let n = lab.node("cucm-pub").expect("node");
    call(lab, &n, &admin(), "cluster em api", |op| api::handle(op, body, None)).expect("handled")
}

fn sql(lab: &Lab, statement: &str) -> SqlResult {
    run_sql(lab, "cucm-pub", statement)
}

fn emservice_trace(lab: &Lab) -> String {
    em_traces(lab, "cucm-pub", "emservice")
}

fn rows(lab: &Lab, statement: &str) -> Vec<Vec<String>> {
    match sql(lab, statement) {
        SqlResult::Rows { rows, .. } => {
            rows.into_iter().map(|r| r.into_iter().map(|v| v.unwrap_or_default()).collect()).collect()
        }
        other => panic!("{other:?}"),
    }
}

fn code(r: &ApiReport) -> Option<u16> {
    match &r.response {
        ApiResponse::Failure { code, .. } => Some(*code),
        ApiResponse::Success
        | ApiResponse::DeviceUserResults { .. }
        | ApiResponse::UserDevicesResults { .. } => None,
        ApiResponse::Unavailable { status } => panic!("no answer: {status}"),
    }
}

fn app(id: &str, password: &str) -> String {
    format!("<appInfo><appID>{id}</appID><appCertificate>{password}</appCertificate></appInfo>")
}

fn login_doc(id: &str, password: &str, device: &str, user: &str, login_type: Option<&str>) -> String {
    let lt = login_type.map(|t| format!("<loginType>{t}</loginType>")).unwrap_or_default();
    format!(
        "<request>{}<login><deviceName>{device}</deviceName><userID>{user}</userID>{lt}\
         <exclusiveDuration><time>60</time></exclusiveDuration></login></request>",
        app(id, password)
    )
}

fn logout_doc(device: &str) -> String {
    format!(
        "<request>{}<logout><deviceName>{device}</deviceName></logout></request>",
        app(CCMSYSUSER, CCMSYSUSER_PASSWORD)
    )
}

fn ccm_login(device: &str, user: &str, login_type: Option<&str>) -> String {
    login_doc(CCMSYSUSER, CCMSYSUSER_PASSWORD, device, user, login_type)
}

/// Who `run sql` says is logged in to a device.
fn logged_in(lab: &Lab, device: &str) -> Vec<String> {
    rows(
        lab,
        &format!(
            "select u.userid from extensionmobilitydynamic e, device d, enduser u where e.fkdevice = d.pkid \
             and e.fkenduser = u.pkid and d.name = '{device}'"
        ),
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect()
}

fn counter(lab: &Lab, name: &str) -> u64 {
    let all = perf_counters(&lab.node("cucm-pub").expect("node")).expect("counters");
    all.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no counter {name}")).1
}

#[test]
fn a_login_through_the_api_writes_extensionmobilitydynamic_without_a_pin() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let r = send(&lab, &ccm_login(&phone(4), &user(1), None));
    assert_eq!(code(&r), None, "{r:?}");
    assert_eq!(logged_in(&lab, &phone(4)), vec![user(1)]);
    // exclusiveDuration: 60 minutes, in place of the service's maximum login time.
    let d = rows(
        &lab,
        &format!(
            "select e.loginduration from extensionmobilitydynamic e, device d where e.fkdevice = d.pkid and d.name = '{}'",
            phone(4)
        ),
    );
    assert_eq!(d, vec![vec!["3600".to_string()]]);
    assert!(emservice_trace(&lab).contains(&format!("device={} userid={} profile=", phone(4), user(1))));
    assert!(emservice_trace(&lab).contains("loginduration=3600"), "the trace says the login's own duration");
    // The login path's own rules hold: the user is logged in elsewhere (25).
    assert_eq!(code(&send(&lab, &ccm_login(&phone(8), &user(1), None))), Some(25));
    assert_eq!(code(&send(&lab, &logout_doc(&phone(4)))), None);
    assert!(logged_in(&lab, &phone(4)).is_empty());
    // 19 (no user logged in) from a logout of the API, as the seed says.
    assert_eq!(code(&send(&lab, &logout_doc(&phone(4)))), Some(19));
    // 207: no deviceName in the request.
    let r = send(
        &lab,
        &format!(
            "<request>{}<login><userID>{}</userID></login></request>",
            app(CCMSYSUSER, CCMSYSUSER_PASSWORD),
            user(1)
        ),
    );
    assert_eq!(code(&r), Some(207));
}

#[test]
fn unparsable_documents_give_1_and_the_fixed_one_succeeds() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let failed = counter(&lab, "Login/Logout Requests Failed");
    let good = ccm_login(&phone(4), &user(1), None);
    for bad in [
        good.replace("</request>", ""),                          // not well-formed
        good.replace("request>", "requestx>"),                   // not a request or query
        good.replace("<time>60</time>", "<time>soon</time>"),    // a duration that is no number
        format!("<!DOCTYPE request [<!ENTITY a \"x\">]>{good}"), // a DTD
        format!("<request>{}</request>", app(CCMSYSUSER, CCMSYSUSER_PASSWORD)), // nothing asked
        good.replace("<appID>CCMSysUser</appID>", ""),           // no appID
    ] {
        let r = send(&lab, &bad);
        assert_eq!(code(&r), Some(1), "{bad}: {r:?}");
    }
    assert_eq!(counter(&lab, "Login/Logout Requests Failed"), failed + 6);
    assert!(emservice_trace(&lab).contains("error 1 (Parsing Error)"));
    assert!(logged_in(&lab, &phone(4)).is_empty());
    assert_eq!(code(&send(&lab, &good)), None);
    assert_eq!(logged_in(&lab, &phone(4)), vec![user(1)]);
}

#[test]
fn an_invalid_app_user_gets_3_and_the_password_never_reaches_the_traces() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let r = send(&lab, &login_doc(CCMSYSUSER, "Wrong-Secret-77", &phone(4), &user(1), None));
    assert_eq!(code(&r), Some(3));
    assert_eq!(
        code(&send(&lab, &login_doc("NoSuchApp", CCMSYSUSER_PASSWORD, &phone(4), &user(1), None))),
        Some(3)
    );
    assert!(logged_in(&lab, &phone(4)).is_empty());
    let trace = emservice_trace(&lab);
    assert!(trace.contains("error 3 (Invalid App User)"), "{trace}");
    assert!(!trace.contains("Wrong-Secret-77") && !trace.contains(CCMSYSUSER_PASSWORD));
    // The database keeps a digest only.
    let creds = rows(&lab, "select credentials from credential where fkapplicationuser is not null");
    assert_eq!(creds.len(), 1);
    assert!(!creds[0][0].contains(CCMSYSUSER_PASSWORD));
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &user(1), None))), None);
}

#[test]
fn a_query_of_another_type_gets_8() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let q = |body: &str| format!("<query>{}{body}</query>", app(CCMSYSUSER, CCMSYSUSER_PASSWORD));
    assert_eq!(code(&send(&lab, &q("<deviceProfileQuery><userID>x</userID></deviceProfileQuery>"))), Some(8));
    assert_eq!(code(&send(&lab, &q(""))), Some(8));
    let r =
        send(&lab, &q(&format!("<deviceUserQuery><deviceName>{}</deviceName></deviceUserQuery>", phone(4))));
    assert_eq!(code(&r), None, "{r:?}");
}

#[test]
fn an_app_user_without_proxy_rights_gets_10_until_it_is_in_the_group() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    sql(&lab, "delete from applicationuserdirgroupmap");
    let r = send(&lab, &ccm_login(&phone(4), &user(1), None));
    assert_eq!(code(&r), Some(10));
    assert_eq!(code(&send(&lab, &logout_doc(&phone(4)))), Some(10));
    assert!(logged_in(&lab, &phone(4)).is_empty());
    // In another group (CTI) it still lacks them.
    sql(
        &lab,
        "insert into applicationuserdirgroupmap (pkid, fkapplicationuser, fkdirgroup) select 'cti-1', a.pkid, g.pkid \
         from applicationuser a, dirgroup g where a.name = 'CCMSysUser' and g.name = 'Standard CTI Enabled'",
    );
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &user(1), None))), Some(10));
    sql(
        &lab,
        "insert into applicationuserdirgroupmap (pkid, fkapplicationuser, fkdirgroup) select 'em-1', a.pkid, g.pkid \
         from applicationuser a, dirgroup g where a.name = 'CCMSysUser' and g.name = 'Standard EM Authentication Proxy Rights'",
    );
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &user(1), None))), None);
    assert_eq!(logged_in(&lab, &phone(4)), vec![user(1)]);
}

#[test]
fn login_types_uid_dn_sp_and_215_for_another() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &user(1), Some("EMAIL")))), Some(215));
    assert!(logged_in(&lab, &phone(4)).is_empty());
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &user(1), Some("UID")))), None);
    assert_eq!(code(&send(&lab, &logout_doc(&phone(4)))), None);
    // DN: the user whose primary extension it is.
    let dn = em::population::dn(1, 2);
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &dn, Some("DN")))), None);
    assert_eq!(logged_in(&lab, &phone(4)), vec![user(2)]);
    assert_eq!(code(&send(&lab, &logout_doc(&phone(4)))), None);
    // SP: the Self-Service User ID, set with run sql; none yet is 201.
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), "77001", Some("SP")))), Some(201));
    sql(&lab, &format!("update enduser set selfservice = '77001' where userid = '{}'", user(3)));
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), "77001", Some("sp")))), None);
    assert_eq!(logged_in(&lab, &phone(4)), vec![user(3)]);
}

#[test]
fn a_dn_with_several_primary_users_gets_216_until_one_is_left() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let dn = em::population::dn(1, 1);
    sql(
        &lab,
        &format!(
            "insert into endusernumplanmap (pkid, fkenduser, fknumplan, tkdnusage) select 'dup-1', u.pkid, m.fknumplan, 1 \
             from enduser u, enduser v, endusernumplanmap m where u.userid = '{}' and v.userid = '{}' and m.fkenduser = v.pkid",
            user(2),
            user(1)
        ),
    );
    let r = send(&lab, &ccm_login(&phone(4), &dn, Some("DN")));
    assert_eq!(code(&r), Some(216), "{r:?}");
    assert!(logged_in(&lab, &phone(4)).is_empty());
    assert!(emservice_trace(&lab).contains("error 216 (DN has multiple users)"));
    sql(&lab, "delete from endusernumplanmap where pkid = 'dup-1'");
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &dn, Some("DN")))), None);
    assert_eq!(logged_in(&lab, &phone(4)), vec![user(1)]);
}

#[test]
fn queries_answer_what_run_sql_shows() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &user(1), None))), None);
    assert_eq!(code(&send(&lab, &ccm_login(&phone(8), &user(5), None))), None);
    let csf = format!("CSF{}", user(1).to_uppercase());
    let q = format!(
        "<query>{}<deviceUserQuery><deviceName>{}</deviceName><deviceName>{}</deviceName><deviceName>{}</deviceName>\
         <deviceName>SEPFFFFFFFFFFFF</deviceName><deviceName>{csf}</deviceName></deviceUserQuery></query>",
        app(CCMSYSUSER, CCMSYSUSER_PASSWORD),
        phone(4),
        phone(8),
        phone(12)
    );
    let ApiResponse::DeviceUserResults { devices } = send(&lab, &q).response else { panic!("not results") };
    let states: Vec<DeviceState> = devices.iter().map(|d| d.state.clone()).collect();
    let sql_user = |d: &str| logged_in(&lab, d).first().cloned();
    assert_eq!(
        states,
        vec![
            DeviceState::LoggedIn(sql_user(&phone(4)).expect("run sql shows a user")),
            DeviceState::LoggedIn(sql_user(&phone(8)).expect("run sql shows a user")),
            DeviceState::NotLoggedIn,
            DeviceState::DoesNotExist,
            DeviceState::DeviceLoginDisabled,
        ]
    );
    // With Multiple Logins Allowed, one user on two phones.
    em::set_param(&lab, Some("cluster1"), "IntraClusterMultipleLoginBehavior", "Multiple Logins Allowed")
        .expect("set");
    assert_eq!(code(&send(&lab, &ccm_login(&phone(12), &user(1), None))), None);
    let q = format!(
        "<query>{}<userDevicesQuery><userID>{}</userID><userID>{}</userID><userID>nobody</userID></userDevicesQuery></query>",
        app(CCMSYSUSER, CCMSYSUSER_PASSWORD),
        user(1),
        user(2)
    );
    let ApiResponse::UserDevicesResults { users } = send(&lab, &q).response else { panic!("not results") };
    let by_sql: Vec<String> = rows(
        &lab,
        &format!(
            "select d.name from extensionmobilitydynamic e, device d, enduser u where e.fkdevice = d.pkid \
             and e.fkenduser = u.pkid and u.userid = '{}' order by d.name",
            user(1)
        ),
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect();
    assert_eq!(by_sql.len(), 2);
    assert_eq!(users[0].devices, by_sql);
    assert!(users[1].exists && users[1].devices.is_empty());
    assert!(!users[2].exists);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever bytes arrive as a document, the service answers 1 and does not panic.
    #[test]
    fn arbitrary_bytes_give_1(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        // One lab for the whole run (a document that parses as a request is a byte
        // sequence proptest will not find: it would need the whole API's form).
        thread_local! {
            static LAB: (tempfile::TempDir, std::cell::OnceCell<Lab>) = (tempfile::tempdir().expect("tempdir"), std::cell::OnceCell::new());
        }
        let r = LAB.with(|(dir, cell)| send_bytes(cell.get_or_init(|| lab(dir.path())), &body));
        prop_assert_eq!(code(&r), Some(1));
    }
}

#[test]
fn arbitrary_text_around_the_form_gives_1() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    for body in ["", "<", "<request/>", "<query", "\u{0}\u{1}<request>", "<request><appInfo/></request>"] {
        assert_eq!(code(&send(&lab, body)), Some(1), "{body:?}");
    }
}

#[test]
fn the_api_reaches_the_service_without_the_em_application_but_not_without_the_service() {
    use ucsh::engine::services::{self, Action as SvcAction};
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let n = lab.node("cucm-pub").expect("node");
    let svc = |action, name: &str| {
        call(&lab, &n, &admin(), "utils service stop", |op| services::act(op, action, name))
            .expect("service");
    };
    svc(SvcAction::Stop, "Cisco Extension Mobility Application");
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &user(1), None))), None);
    svc(SvcAction::Stop, "Cisco Extension Mobility");
    let r = send(&lab, &logout_doc(&phone(4)));
    assert_eq!(r.response, ApiResponse::Unavailable { status: "HTTP 503".into() });
    svc(SvcAction::Start, "Cisco Extension Mobility");
    assert_eq!(code(&send(&lab, &logout_doc(&phone(4)))), None);
}

#[test]
fn ip_validation_applies_to_the_application_address() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    em::set_param(&lab, Some("cluster1"), "ValidateIPAddress", "True").expect("set");
    let n = lab.node("cucm-pub").expect("node");
    let doc = ccm_login(&phone(4), &user(1), None);
    let from = |ip: &str| {
        call(&lab, &n, &admin(), "cluster em api", |op| api::handle(op, doc.as_bytes(), Some(ip)))
            .expect("handled")
    };
    assert_eq!(code(&from("192.0.2.50")), Some(28));
    em::set_param(&lab, Some("cluster1"), "TrustedListOfIPs", "192.0.2.50").expect("set");
    assert_eq!(code(&from("192.0.2.50")), None);
}

#[test]
fn the_json_comes_from_the_same_result() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    assert_eq!(code(&send(&lab, &ccm_login(&phone(4), &user(1), None))), None);
    let q = format!(
        "<query>{}<deviceUserQuery><deviceName>{}</deviceName><deviceName>SEPFFFFFFFFFFFF</deviceName></deviceUserQuery></query>",
        app(CCMSYSUSER, CCMSYSUSER_PASSWORD),
        phone(4)
    );
    let v = serde_json::to_value(send(&lab, &q)).expect("json");
    assert_eq!(v["operation"], "deviceUserQuery");
    assert_eq!(v["response"]["kind"], "device-user-results");
    assert_eq!(
        v["response"]["devices"][0],
        serde_json::json!({"device": phone(4), "state": "logged-in", "user": user(1)})
    );
    assert_eq!(
        v["response"]["devices"][1],
        serde_json::json!({"device": "SEPFFFFFFFFFFFF", "state": "does-not-exist"})
    );
    let v = serde_json::to_value(send(&lab, &login_doc(CCMSYSUSER, "nope", &phone(8), &user(5), None)))
        .expect("json");
    assert_eq!(
        v["response"],
        serde_json::json!({"kind": "failure", "code": 3, "reason": "Invalid App User"})
    );
    assert!(!v.to_string().contains("nope"), "the password is not in the result: {v}");
}
