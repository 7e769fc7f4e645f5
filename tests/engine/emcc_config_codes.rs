//! Issue #17, seed 001 tables 9 and 10: the EMCC codes of the clusters' configuration
//! (`engine::em::visiting`). Each test breaks one configuration row (with the lab command
//! or `run sql`, as an administrator would), checks the code the phone gets, the trace line
//! that says why and the failure counter, then puts the row right and checks that the same
//! request now logs in. The visiting cluster is cluster2 (its EM service handles the
//! request), the home cluster cluster1 (the user's).

use std::path::Path;

use chrono::{TimeZone, Utc};

use crate::em_support::{admin, em_traces, run_sql as sql};
use crate::lab_fixture;
use crate::op_support::call;
use ucsh::engine::db::sql::SqlResult;
use ucsh::engine::deployment::{self, InitOptions};
use ucsh::engine::em::visiting::{self, ProfileService, SecurityMode};
use ucsh::engine::em::{self, service, Action, Arrival, EmReport, Request};
use ucsh::engine::lab::Existing;
use ucsh::engine::services::{self, Action as SvcAction};
use ucsh::engine::{Clock, Lab};

const POPULATION: u32 = 40;

fn clock() -> Clock {
    Clock::pinned(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("valid time"))
}

fn lab(dir: &Path) -> Lab {
    lab_fixture::lab_at(dir, &InitOptions { population: POPULATION, ..InitOptions::default() }, clock())
}

fn send(lab: &Lab, req: Request) -> EmReport {
    let n = lab.node("cucm2-pub").expect("node");
    call(lab, &n, &admin(), "cluster emcc login", |op| service::handle(op, &[req], Arrival::Sequential))
        .expect("handled")
}

/// User 1 of cluster1 logs in to cluster2's desk phone of its user 4.
fn emcc_login(lab: &Lab) -> EmReport {
    let mut r = Request::new(Action::EmccLogin, &phone2());
    r.user = Some(em::population::userid(1, 1));
    r.pin = Some("12345".into());
    send(lab, r)
}

fn emcc_logout(lab: &Lab) {
    let r = send(lab, Request::new(Action::EmccLogout, &phone2()));
    assert_eq!(failure(&r), None, "{r:?}");
}

fn phone2() -> String {
    em::population::desk_phone(2, 4).expect("a desk phone")
}

/// The (code, reason) of a one-request report (`None`: success).
fn failure(r: &EmReport) -> Option<(String, String)> {
    assert_eq!(r.outcomes.len(), 1, "{r:?}");
    r.outcomes[0].error.as_ref().map(|f| (f.code.clone(), f.reason.clone()))
}

fn code(r: &EmReport) -> Option<String> {
    failure(r).map(|(c, _)| c)
}

/// Logs in (must succeed) and out again: the request the test broke works once more.
fn logs_in(lab: &Lab) {
    let r = emcc_login(lab);
    assert_eq!(failure(&r), None, "{r:?}");
    emcc_logout(lab);
}

fn values(lab: &Lab, node: &str, statement: &str) -> Vec<Vec<String>> {
    match sql(lab, node, statement) {
        SqlResult::Rows { rows, .. } => {
            rows.into_iter().map(|r| r.into_iter().map(Option::unwrap_or_default).collect()).collect()
        }
        other => panic!("{other:?}"),
    }
}

/// The visiting publisher's traces of an EM service.
fn trace(lab: &Lab, folder: &str) -> String {
    em_traces(lab, "cucm2-pub", folder)
}

fn failed(lab: &Lab) -> u64 {
    let all = em::perf_counters(&lab.node("cucm2-pub").expect("node")).expect("counters");
    all.iter().find(|(n, _)| n == "Login/Logout Requests Failed").expect("counter").1
}

fn profile(lab: &Lab, service: ProfileService, active: bool) {
    visiting::set_profile(lab, Some("cluster2"), Some(service), active).expect("service profile");
}

#[test]
fn the_visiting_service_profile_gives_201_without_emcc_and_211_without_pstn_access() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    // cluster init activates the three services, as run sql shows.
    assert_eq!(
        values(
            &lab,
            "cucm2-pub",
            "select tkremoteclusterservice, isactivated from interclusterserviceprofile order by 1"
        ),
        vec![vec!["1", "t"], vec!["2", "t"], vec!["3", "t"]]
    );
    let before = failed(&lab);
    profile(&lab, ProfileService::Emcc, false);
    assert_eq!(
        values(
            &lab,
            "cucm2-pub",
            "select isactivated from interclusterserviceprofile where tkremoteclusterservice = 1"
        ),
        vec![vec!["f"]]
    );
    assert_eq!(failure(&emcc_login(&lab)), Some(("201".into(), "Authentication Error".into())));
    assert!(
        trace(&lab, "emapp").contains("EMCC is not active in the Intercluster Service Profile, error 201")
    );
    profile(&lab, ProfileService::Emcc, true);
    profile(&lab, ProfileService::PstnAccess, false);
    assert_eq!(failure(&emcc_login(&lab)), Some(("211".into(), "EMCC Not Activated".into())));
    assert!(trace(&lab, "emapp")
        .contains("PSTN Access is not active in the Intercluster Service Profile, error 211"));
    assert!(trace(&lab, "emservice").contains("failed: error 211 (EMCC Not Activated)"));
    assert_eq!(failed(&lab), before + 2);
    // run sql puts it right as the page does.
    sql(
        &lab,
        "cucm2-pub",
        "update interclusterserviceprofile set isactivated = 't' where tkremoteclusterservice = 2",
    );
    // RSVP Agent is kept and shown, and gives no code.
    profile(&lab, ProfileService::RsvpAgent, false);
    let p =
        visiting::set_profile(&lab, Some("cluster2"), Some(ProfileService::RsvpAgent), false).expect("again");
    assert_eq!(p.services[2], ("RSVP Agent".to_string(), false));
    assert_eq!(p.services[1], ("PSTN Access".to_string(), true));
    logs_in(&lab);
    // The profile is the visiting cluster's: the home cluster's own does not matter here.
    visiting::set_profile(&lab, Some("cluster1"), None, false).expect("home profile");
    logs_in(&lab);
}

#[test]
fn a_model_without_emcc_support_gives_213_in_the_visiting_cluster_and_32_in_the_home_one() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let supported = "select m.name from typemodel m, productsupportsfeature p where p.tkmodel = m.enum \
                     and p.tksupportsfeature = (select enum from typesupportsfeature where name = \
                     'Extension Mobility Cross Cluster') order by m.name";
    assert_eq!(
        values(&lab, "cucm2-pub", supported),
        vec![vec!["Cisco 7821"], vec!["Cisco 8865"], vec!["EMCC Base Phone"]],
        "the desk phones have EMCC, the Jabber softphones do not"
    );
    let feature = visiting::FEATURE_EMCC;
    let model = em::population::MODEL_DESK;
    let drop = format!(
        "delete from productsupportsfeature where tkmodel = {model} and tksupportsfeature = {feature}"
    );
    let add = |tag: &str| {
        format!(
            "insert into productsupportsfeature (pkid, tkmodel, tksupportsfeature, tkdeviceprotocol, param) \
             values ('{tag}', {model}, {feature}, 11, '')"
        )
    };
    sql(&lab, "cucm2-pub", &drop);
    assert_eq!(failure(&emcc_login(&lab)), Some(("213".into(), "Device does not support EMCC".into())));
    assert!(trace(&lab, "emapp").contains("the device model Cisco 8865 does not support EMCC, error 213"));
    sql(&lab, "cucm2-pub", &add("d4f0c3a2-1b7e-4c55-9a10-00000000a001"));
    logs_in(&lab);
    // The home cluster builds the EMCC login device of the phone's model.
    sql(&lab, "cucm-pub", &drop);
    assert_eq!(failure(&emcc_login(&lab)), Some(("32".into(), "Device does not support EMCC".into())));
    assert!(trace(&lab, "emservice")
        .contains("home cluster cluster1 lists no EMCC support for the model Cisco 8865, error 32"));
    sql(&lab, "cucm-pub", &add("d4f0c3a2-1b7e-4c55-9a10-00000000a002"));
    logs_in(&lab);
}

#[test]
fn tftp_servers_for_emcc_login_devices_that_are_not_tftp_nodes_give_39_shown_as_201() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let c1 = lab.deployment().cluster("cluster1").expect("cluster1").clone();
    let sub1 = c1.nodes.iter().find(|n| n.name == "cucm-sub1").expect("cucm-sub1").clone();
    let before = failed(&lab);
    em::set_param(&lab, Some("cluster1"), "EMCCDefaultTFTPServer", "tftp.example.com").expect("param");
    assert_eq!(failure(&emcc_login(&lab)), Some(("201".into(), "Configuration Issue".into())));
    let svc = trace(&lab, "emservice");
    assert!(
        svc.contains("Default TFTP Server for EMCC Login Device (tftp.example.com) nor the Backup (none)"),
        "{svc}"
    );
    assert!(svc.contains("with Cisco Tftp activated, error 39"), "{svc}");
    assert_eq!(failed(&lab), before + 1);
    // The backup names a TFTP node of the home cluster: it serves.
    em::set_param(&lab, Some("cluster1"), "EMCCBackupTFTPServer", &sub1.ipv4.to_string()).expect("param");
    logs_in(&lab);
    // A node of the cluster whose Cisco Tftp is not activated does not.
    let n = lab.node("cucm-sub1").expect("node");
    call(&lab, &n, &admin(), "utils service stop", |op| {
        services::act(op, SvcAction::Deactivate, "Cisco Tftp")
    })
    .expect("deactivate");
    assert_eq!(code(&emcc_login(&lab)).as_deref(), Some("201"));
    em::set_param(&lab, Some("cluster1"), "EMCCDefaultTFTPServer", &sub1.fqdn()).expect("param");
    assert_eq!(code(&emcc_login(&lab)).as_deref(), Some("201"));
    em::set_param(&lab, Some("cluster1"), "EMCCDefaultTFTPServer", "cucm-pub").expect("param");
    logs_in(&lab);
}

#[test]
fn an_emcc_template_with_a_secure_profile_gives_43() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    let template = "select s.name, s.tkdevicesecuritymode from device d, securityprofile s \
                    where s.pkid = d.fksecurityprofile and d.name = 'Default EMCC Template'";
    assert_eq!(values(&lab, "cucm-sub1", template), vec![vec![visiting::NON_SECURE_PROFILE, "1"]]);
    sql(
        &lab,
        "cucm-pub",
        &format!(
            "update device set fksecurityprofile = (select pkid from securityprofile where name = '{}') \
             where name = 'Default EMCC Template'",
            visiting::SECURE_PROFILE
        ),
    );
    assert_eq!(failure(&emcc_login(&lab)), Some(("43".into(), "Device Security Mode Error".into())));
    assert!(trace(&lab, "emservice").contains("has security mode 3, not Non Secure, error 43"));
    // A secure profile set to non-secure mode is as good as the default one.
    sql(
        &lab,
        "cucm-pub",
        &format!(
            "update securityprofile set tkdevicesecuritymode = 1 where name = '{}'",
            visiting::SECURE_PROFILE
        ),
    );
    logs_in(&lab);
}

fn secure_phone(lab: &Lab, profile: &str) {
    sql(
        lab,
        "cucm2-pub",
        &format!(
            "update device set fksecurityprofile = (select pkid from securityprofile where name = '{profile}') \
             where name = '{}'",
            phone2()
        ),
    );
}

#[test]
fn a_secure_phone_in_a_mixed_visiting_cluster_gives_46_with_a_non_secure_home() {
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab(t.path());
    secure_phone(&lab, visiting::SECURE_PROFILE);
    // Both clusters non-secure: the phone logs in (non-secure EMCC).
    logs_in(&lab);
    let c = visiting::set_security_mode(&lab, Some("cluster2"), SecurityMode::Mixed).expect("mixed");
    assert_eq!((c.before, c.after), (SecurityMode::NonSecure, SecurityMode::Mixed));
    assert_eq!(
        values(
            &lab,
            "cucm2-pub",
            "select paramvalue from processconfig where paramname = 'ClusterSecurityMode'"
        ),
        vec![vec!["1"]]
    );
    assert_eq!(
        failure(&emcc_login(&lab)),
        Some(("46".into(), "Remote Cluster Security Mode Not Supported".into()))
    );
    assert!(trace(&lab, "emservice").contains("home cluster cluster1 is non-secure, cluster2 mixed"));
    // Table 6: a non-secure phone in the same clusters logs in.
    secure_phone(&lab, visiting::NON_SECURE_PROFILE);
    logs_in(&lab);
    // Table 6: both clusters mixed, the secure phone gets secure EMCC.
    secure_phone(&lab, visiting::SECURE_PROFILE);
    assert_eq!(code(&emcc_login(&lab)).as_deref(), Some("46"));
    visiting::set_security_mode(&lab, Some("cluster1"), SecurityMode::Mixed).expect("home mixed");
    logs_in(&lab);
}

#[test]
fn a_home_cluster_before_9_gives_45_to_a_secure_phone_of_a_mixed_visiting_cluster() {
    let t = tempfile::tempdir().expect("tempdir");
    let opts = InitOptions { population: 8, ..InitOptions::default() };
    // A layout whose cluster1 runs 8.6 (the lab's versions are its layout's).
    let mut layout = deployment::standard(&opts);
    for c in layout.clusters.iter_mut().filter(|c| c.name == "cluster1") {
        for n in &mut c.nodes {
            n.version = "8.6.2.20000-2".into();
        }
    }
    let (lab, _) =
        Lab::init_layout(&t.path().join("lab"), layout, &opts, None, Existing::Refuse, clock()).expect("lab");
    assert_eq!(
        values(&lab, "cucm2-pub", "select version from remotecluster where clusterid = 'cluster1'"),
        vec![vec!["8.6.2.20000-2"]]
    );
    secure_phone(&lab, visiting::SECURE_PROFILE);
    visiting::set_security_mode(&lab, Some("cluster2"), SecurityMode::Mixed).expect("mixed");
    // Table 8: whatever the 8.x home cluster's mode.
    visiting::set_security_mode(&lab, Some("cluster1"), SecurityMode::Mixed).expect("home mixed");
    assert_eq!(
        failure(&emcc_login(&lab)),
        Some(("45".into(), "Remote Cluster Version Not Supported".into()))
    );
    assert!(trace(&lab, "emservice").contains("home cluster cluster1 is version 8.6.2.20000-2"));
    // A non-secure phone logs in (non-secure EMCC).
    secure_phone(&lab, visiting::NON_SECURE_PROFILE);
    logs_in(&lab);
}
