//! Engine tests of `utils users validate` (src/engine/users.rs): the admin guide's examples
//! from a small data set, the rules one by one, and a generated data set with planted
//! problems checked against the sqlite3 program running GROUP BY queries.

use crate::op_support;
use op_support::call;

use crate::support;

use std::io::Write;
use std::process::{Command, Stdio};

use support::{add_users, generated, lab, User};
use ucsh::engine::error::EngineError;
use ucsh::engine::users::{self, Scope, Validation};
use ucsh::engine::{Lab, Session};

fn admin() -> Session {
    Session::new("admin", 1, false)
}

fn run(lab: &Lab, node: &str, scope: Scope) -> Result<Validation, EngineError> {
    let node = lab.node(node).expect("node");
    call(lab, &node, &admin(), "utils users validate", |op| users::validate(op, scope))
}

/// The findings as lines, in the oracle's layout (see support/users_oracle.sql).
fn lines(v: &Validation) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = &v.duplicate_userids {
        out.push("#duplicate_userids".to_string());
        for g in d {
            out.extend(g.nodes.iter().map(|n| format!("{}|{n}", g.userid)));
        }
    }
    if let Some(m) = &v.missing_uris {
        out.push("#missing_uris".to_string());
        for g in m {
            out.extend(g.userids.iter().map(|u| format!("{}|{u}", g.node)));
        }
    }
    if let Some(i) = &v.invalid_uris {
        out.push("#invalid_uris".to_string());
        for g in i {
            out.extend(g.users.iter().map(|u| format!("{}|{}|{}", g.node, u.userid, u.uri)));
        }
    }
    for (name, section) in
        [("#duplicate_uris", &v.duplicate_uris), ("#duplicate_mailids", &v.duplicate_mailids)]
    {
        if let Some(d) = section {
            out.push(name.to_string());
            for g in d {
                out.extend(g.users.iter().map(|u| format!("{}|{}|{}", g.value, u.node, u.userid)));
            }
        }
    }
    out
}

/// The data behind the guide's user ID example: user3 is homed in both clusters.
fn guide_userid_data(lab: &Lab) {
    add_users(
        lab,
        "cluster1",
        &[
            User::new("user1", Some("user1@cisco.com"), "cucm-imp-1"),
            User::new("user3", Some("user3@cisco.com"), "cucm-imp-1"),
        ],
    );
    add_users(
        lab,
        "cluster2",
        &[
            User::new("user2", Some("user2@cisco.com"), "cucm-imp-2"),
            User::new("user3", Some("user3@cisco.com"), "cucm-imp-2"),
        ],
    );
}

/// The data behind the guide's directory URI example.
fn guide_uri_data(lab: &Lab) {
    add_users(lab, "cluster1", &[User::new("user4", Some("user1@cisco.com"), "cucm-imp-1")]);
    add_users(
        lab,
        "cluster2",
        &[
            User::new("user1", Some("asdf@ASDF@asdf@ADSF@cisco"), "cucm-imp-2"),
            User::new("user3", Some("User1@Cisco.com"), "cucm-imp-2"),
            User::new("user4", None, "cucm-imp-2"),
        ],
    );
}

#[test]
fn guide_user_id_example() {
    let (_dir, lab) = lab();
    guide_userid_data(&lab);
    let v = run(&lab, "cucm-imp-1", Scope::Userid).expect("validate");
    assert_eq!(v.clusters, ["cluster1", "cluster2"]);
    assert_eq!(v.users_checked, 4);
    let dups = v.duplicate_userids.as_ref().expect("user ID section");
    assert_eq!(dups.len(), 1);
    assert_eq!(dups[0].userid, "user3");
    assert_eq!(dups[0].nodes, ["cucm-imp-1", "cucm-imp-2"]);
    assert!(v.missing_uris.is_none() && v.invalid_uris.is_none() && v.duplicate_uris.is_none());
    assert!(v.has_findings());
}

#[test]
fn guide_uri_example() {
    let (_dir, lab) = lab();
    guide_uri_data(&lab);
    let v = run(&lab, "cucm-imp-2", Scope::Uri).expect("validate");
    assert!(v.duplicate_userids.is_none());
    assert_eq!(v.clusters, ["cluster2", "cluster1"]);
    assert_eq!(
        lines(&v),
        [
            "#missing_uris",
            "cucm-imp-2|user4",
            "#invalid_uris",
            "cucm-imp-2|user1|asdf@ASDF@asdf@ADSF@cisco",
            "#duplicate_uris",
            "user1@cisco.com|cucm-imp-1|user4",
            "user1@cisco.com|cucm-imp-2|user3",
        ]
    );
    let dup = &v.duplicate_uris.as_ref().expect("uri section")[0];
    assert_eq!(dup.users[1].value, "User1@Cisco.com", "each holder keeps its own spelling");
}

#[test]
fn all_runs_both_checks_and_mailid_only_its_own() {
    let (_dir, lab) = lab();
    guide_uri_data(&lab);
    let all = run(&lab, "cucm-imp-1", Scope::All).expect("validate");
    assert_eq!(
        lines(&all),
        [
            "#duplicate_userids",
            "user4|cucm-imp-1",
            "user4|cucm-imp-2",
            "#missing_uris",
            "cucm-imp-2|user4",
            "#invalid_uris",
            "cucm-imp-2|user1|asdf@ASDF@asdf@ADSF@cisco",
            "#duplicate_uris",
            "user1@cisco.com|cucm-imp-1|user4",
            "user1@cisco.com|cucm-imp-2|user3",
        ]
    );
    let mail = run(&lab, "cucm-imp-1", Scope::Mailid).expect("validate");
    assert_eq!(lines(&mail), ["#duplicate_mailids"]);
    assert!(!mail.has_findings());
}

#[test]
fn clean_deployment_has_empty_sections_and_no_findings() {
    let (_dir, lab) = lab();
    add_users(&lab, "cluster1", &[User::new("alice", Some("alice@example.com"), "cucm-imp-1")]);
    add_users(&lab, "cluster2", &[User::new("bob", Some("bob@example.com"), "cucm-imp-2")]);
    let v = run(&lab, "cucm-imp-1b", Scope::All).expect("validate");
    assert_eq!(lines(&v), ["#duplicate_userids", "#missing_uris", "#invalid_uris", "#duplicate_uris"]);
    assert!(!v.has_findings());
    assert_eq!(v.users_checked, 2);
}

#[test]
fn rules_for_uris_user_ids_and_mail_ids() {
    let (_dir, lab) = lab();
    let mail = |id: &str, m: &str| User {
        mail: Some(m.into()),
        ..User::new(id, Some(&format!("{id}@x.com")), "cucm-imp-1")
    };
    add_users(
        &lab,
        "cluster1",
        &[
            User::new("empty", Some(""), "cucm-imp-1"),
            User::new("blank", Some("   "), "cucm-imp-1"),
            User::new("tab", Some("a\t@b.com"), "cucm-imp-1b"),
            User::new("nbsp", Some("a\u{a0}b@c.com"), "cucm-imp-1b"),
            User::new("lead", Some("@b.com"), "cucm-imp-1"),
            User::new("trail", Some("a@"), "cucm-imp-1"),
            User::new("noat", Some("ab.com"), "cucm-imp-1"),
            // Invalid URIs that are equal are only invalid, never also duplicates.
            User::new("inv1", Some("x@@y"), "cucm-imp-1"),
            User::new("inv2", Some("x@@y"), "cucm-imp-1"),
            // User IDs compare exactly: these two differ.
            User::new("Carol", Some("carol1@x.com"), "cucm-imp-1"),
            User::new("carol", Some("carol2@x.com"), "cucm-imp-1"),
            // Unassigned users and dangling assignments are not checked.
            User { node: None, ..User::new("lost", None, "cucm-imp-1") },
            User { node_pkid: Some("no-such-node".into()), ..User::new("lost2", None, "cucm-imp-1") },
            mail("m1", "Same@Mail.com"),
            mail("m2", "same@mail.COM"),
            mail("m3", ""),
            mail("m4", ""),
            // Unicode case folding: Ä and ä are one URI.
            User::new("u1", Some("\u{c4}rger@x.com"), "cucm-imp-1"),
            User::new("u2", Some("\u{e4}rger@X.com"), "cucm-imp-1b"),
        ],
    );
    let v = run(&lab, "cucm-imp-1", Scope::All).expect("validate");
    assert_eq!(
        lines(&v),
        [
            "#duplicate_userids",
            "#missing_uris",
            "cucm-imp-1|empty",
            "#invalid_uris",
            "cucm-imp-1|blank|   ",
            "cucm-imp-1|inv1|x@@y",
            "cucm-imp-1|inv2|x@@y",
            "cucm-imp-1|lead|@b.com",
            "cucm-imp-1|noat|ab.com",
            "cucm-imp-1|trail|a@",
            "cucm-imp-1b|nbsp|a\u{a0}b@c.com",
            "cucm-imp-1b|tab|a\t@b.com",
            "#duplicate_uris",
            "\u{e4}rger@x.com|cucm-imp-1|u1",
            "\u{e4}rger@x.com|cucm-imp-1b|u2",
        ]
    );
    let m = run(&lab, "cucm-imp-1", Scope::Mailid).expect("validate");
    assert_eq!(
        lines(&m),
        ["#duplicate_mailids", "same@mail.com|cucm-imp-1|m1", "same@mail.com|cucm-imp-1|m2"]
    );
    assert!(users::uri_is_valid("a@b") && !users::uri_is_valid("a@b\u{b}"));
}

#[test]
fn refused_on_cm_nodes_and_below_level_one() {
    let (_dir, lab) = lab();
    let cm = lab.node("cucm-pub").expect("node");
    let err = call(&lab, &cm, &admin(), "utils users validate", |op| users::validate(op, Scope::All))
        .expect_err("CM node");
    assert!(matches!(err, EngineError::WrongRole { .. }), "{err:?}");
    let imp = lab.node("cucm-imp-1").expect("node");
    let err = call(&lab, &imp, &Session::new("ro", 0, false), "utils users validate", |op| {
        users::validate(op, Scope::All)
    })
    .expect_err("level 0");
    assert!(matches!(err, EngineError::PrivilegeDenied { required: 1, have: 0 }), "{err:?}");
}

#[test]
fn a_down_peer_publisher_is_named() {
    let (_dir, lab) = lab();
    guide_userid_data(&lab);
    lab.node("cucm-imp-2")
        .expect("node")
        .update_platform(|p| {
            p.up = false;
            Ok(())
        })
        .expect("node down");
    // The peer cluster is named as not checked; the local one is still checked.
    let v = run(&lab, "cucm-imp-1", Scope::All).expect("the reachable cluster is checked");
    assert_eq!(v.clusters, vec!["cluster1".to_string()]);
    assert_eq!(v.not_checked.len(), 1, "{:?}", v.not_checked);
    assert_eq!(
        (v.not_checked[0].cluster.as_str(), v.not_checked[0].node.as_str()),
        ("cluster2", "cucm-imp-2")
    );
    assert!(v.has_findings(), "a check that could not read a cluster exits 3");
}

#[test]
fn a_missing_replica_says_what_to_do() {
    let (_dir, lab) = lab();
    std::fs::remove_file(lab.node("cucm-imp-2").expect("node").db_path()).expect("remove replica");
    let err = run(&lab, "cucm-imp-1", Scope::All).expect_err("no replica");
    let text = ucsh::render::wording::engine_error(&err);
    assert!(text.contains("cucm-imp-2") && text.contains("cluster init"), "{text}");
}

/// Runs the sqlite3 program over the two IM and Presence publisher replicas.
fn oracle(lab: &Lab) -> Vec<String> {
    let c1 = lab.node("cucm-imp-1").expect("node").db_path();
    let c2 = lab.node("cucm-imp-2").expect("node").db_path();
    let script = format!(
        "ATTACH '{}' AS c1;\nATTACH '{}' AS c2;\n{}\n{}",
        c1.display(),
        c2.display(),
        include_str!("../support/users_oracle.sql"),
        include_str!("../support/users_oracle_mail.sql")
    );
    let mut child = Command::new("sqlite3")
        .args(["-batch", "-bail", "-separator", "|", ":memory:"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sqlite3 program (install it with tests/setup.sh)");
    child.stdin.take().expect("stdin").write_all(script.as_bytes()).expect("write script");
    let out = child.wait_with_output().expect("sqlite3");
    assert!(out.status.success(), "sqlite3 failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8").lines().map(str::to_string).collect()
}

#[test]
fn generated_data_matches_sqlite3_group_by() {
    let (_dir, lab) = lab();
    generated(&lab, 4000, 0x5eed);
    let expected = oracle(&lab);
    let all = run(&lab, "cucm-imp-1", Scope::All).expect("validate");
    let mail = run(&lab, "cucm-imp-2", Scope::Mailid).expect("validate");
    let mut got = lines(&all);
    got.extend(lines(&mail));
    // The planted problems are really there, so the comparison means something.
    for section in
        ["#duplicate_userids", "#missing_uris", "#invalid_uris", "#duplicate_uris", "#duplicate_mailids"]
    {
        let start = expected.iter().position(|l| l == section).expect("section");
        let next = expected.get(start + 1).map_or("#", String::as_str);
        assert!(!next.starts_with('#'), "the generated data planted no {section}");
    }
    if got != expected {
        let first = got.iter().zip(&expected).position(|(a, b)| a != b);
        panic!(
            "ucsh and sqlite3 disagree ({} against {} lines), first difference at {:?}: {:?} / {:?}",
            got.len(),
            expected.len(),
            first,
            first.and_then(|i| got.get(i)),
            first.and_then(|i| expected.get(i))
        );
    }
    let userid = run(&lab, "cucm-imp-2", Scope::Userid).expect("validate");
    assert_eq!(userid.duplicate_userids, all.duplicate_userids);
    let uri = run(&lab, "cucm-imp-1b", Scope::Uri).expect("validate");
    assert_eq!(uri.duplicate_uris, all.duplicate_uris);
    assert_eq!(uri.invalid_uris, all.invalid_uris);
}

#[test]
fn text_that_is_not_utf8_is_shown_not_fatal() {
    let (_dir, lab) = lab();
    add_users(&lab, "cluster1", &[User::new("placeholder1", Some("p1@x.com"), "cucm-imp-1")]);
    add_users(&lab, "cluster2", &[User::new("placeholder2", Some("p2@x.com"), "cucm-imp-2")]);
    // Bytes that are not UTF-8, as a badly imported row might hold, in both clusters.
    for cluster in ["cluster1", "cluster2"] {
        for path in support::replicas(&lab, cluster) {
            let conn = rusqlite::Connection::open(&path).expect("open replica");
            conn.execute(
                "UPDATE enduser SET userid = CAST(X'6AFF' AS TEXT), directoryuri = CAST(X'61FF40622E636F6D' AS TEXT)",
                [],
            )
            .expect("update");
        }
    }
    let v = run(&lab, "cucm-imp-1", Scope::All).expect("validate");
    assert_eq!(
        lines(&v),
        [
            "#duplicate_userids",
            "j\u{fffd}|cucm-imp-1",
            "j\u{fffd}|cucm-imp-2",
            "#missing_uris",
            "#invalid_uris",
            "#duplicate_uris",
            "a\u{fffd}@b.com|cucm-imp-1|j\u{fffd}",
            "a\u{fffd}@b.com|cucm-imp-2|j\u{fffd}",
        ]
    );
}

#[test]
fn each_cluster_is_read_from_its_im_and_presence_publisher() {
    let (_dir, lab) = lab();
    add_users(&lab, "cluster1", &[User::new("user3", Some("user3@cisco.com"), "cucm-imp-1")]);
    // A row that has reached only cluster2's CM publisher (not yet synchronised to IM and
    // Presence) is not part of the check.
    let pkids = support::node_pkids(&lab, "cluster2");
    let cm = lab.node("cucm2-pub").expect("node").db_path();
    rusqlite::Connection::open(&cm)
        .expect("open replica")
        .execute(
            "INSERT INTO enduser(pkid, userid, directoryuri, primarynodeid) VALUES ('late', 'user3', 'x@y', ?1)",
            [pkids.get("cucm-imp-2").expect("cucm-imp-2 pkid")],
        )
        .expect("insert");
    let v = run(&lab, "cucm-imp-1", Scope::All).expect("validate");
    assert_eq!(v.users_checked, 1);
    assert!(!v.has_findings(), "{v:?}");
}

#[test]
fn a_character_split_across_two_values_is_not_glued_back() {
    let (_dir, lab) = lab();
    add_users(
        &lab,
        "cluster1",
        &[User::new("u1", Some("a@b.com"), "cucm-imp-1"), User::new("u2", Some("\u{fffd}a@b"), "cucm-imp-1")],
    );
    // "é" is C3 A9: u1's ID ends with C3 and its URI, read right after it, starts with A9.
    // Each is shown with a replacement character, so u1's URI equals u2's.
    for path in support::replicas(&lab, "cluster1") {
        let conn = rusqlite::Connection::open(&path).expect("open replica");
        conn.execute(
            "UPDATE enduser SET userid = CAST(X'7531C3' AS TEXT), directoryuri = CAST(X'A9614062' AS TEXT) \
             WHERE userid = 'u1'",
            [],
        )
        .expect("update");
    }
    let v = run(&lab, "cucm-imp-1", Scope::Uri).expect("validate");
    assert_eq!(
        lines(&v),
        [
            "#missing_uris",
            "#invalid_uris",
            "#duplicate_uris",
            "\u{fffd}a@b|cucm-imp-1|u1\u{fffd}",
            "\u{fffd}a@b|cucm-imp-1|u2"
        ]
    );
}
