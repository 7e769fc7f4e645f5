//! `utils users validate` through the shell, in process: the admin guide's example output
//! reproduced character for character from a small data set written with rusqlite, the
//! exit statuses, JSON, and the refusal on a Communications Manager node.
//!
//! (Transcripts under tests/transcripts/utils/users/ cover the same command on the lab's
//! own data; these tests need users the lab does not come with.)

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

#[path = "support/users.rs"]
mod support;

use support::{add_users, lab, User};
use ucsh::engine::{Lab, Session};
use ucsh::shell::pager::BufferSink;
use ucsh::shell::prompt::ScriptedPrompter;
use ucsh::shell::{Format, Shell};

/// Runs one line on `node` as a level-1 account: (exit code, output).
fn run(lab: &Lab, node: &str, line: &str, format: Format) -> (i32, String) {
    let mut shell = Shell::new(lab.clone(), node.to_string(), Session::new("ops", 1, false), format, false);
    let mut prompter = ScriptedPrompter::new(Vec::<String>::new());
    let mut sink = BufferSink::default();
    let status = shell.execute_line(line, &mut prompter, &mut sink);
    (status.code(), sink.text)
}

/// The admin guide's user ID example (seeds/004 around line 14960; CLI-REFERENCE §3).
const GUIDE_USERID: &str = "\
Users with Duplicate User IDs
---------------------------------------------
 User ID: user3
  Node Name
  cucm-imp-1
  cucm-imp-2
";

/// The admin guide's directory URI example, with its single-space line and the trailing
/// space on the last dash line.
const GUIDE_URI: &str = "\
Users with No Directory URI Configured
-----------------------------------------------------
 Node Name: cucm-imp-2
 User ID
 user4

Users with Invalid Directory URI Configured
-----------------------------------------------------
 Node Name: cucm-imp-2
 User ID   Directory URI
 user1     asdf@ASDF@asdf@ADSF@cisco
 
Users with Duplicate Directory URIs
----------------------------------------------------- 
Directory URI: user1@cisco.com
 Node Name   User ID
 cucm-imp-1  user4
 cucm-imp-2  user3
";

#[test]
fn guide_uri_example_character_for_character() {
    let (_dir, lab) = lab();
    add_users(&lab, "cluster1", &[User::new("user4", Some("user1@cisco.com"), "cucm-imp-1")]);
    add_users(
        &lab,
        "cluster2",
        &[
            User::new("user1", Some("asdf@ASDF@asdf@ADSF@cisco"), "cucm-imp-2"),
            User::new("user3", Some("USER1@cisco.com"), "cucm-imp-2"),
            User::new("user4", None, "cucm-imp-2"),
        ],
    );
    let (code, text) = run(&lab, "cucm-imp-2", "utils users validate uri", Format::Text);
    assert_eq!(text, GUIDE_URI);
    assert_eq!(code, 3);
    // `all` puts the user ID section first (user4 is in both clusters), then a blank line.
    let (code, text) = run(&lab, "cucm-imp-1", "utils users validate all", Format::Text);
    let userid_part = "Users with Duplicate User IDs\n---------------------------------------------\n User ID: user4\n  Node Name\n  cucm-imp-1\n  cucm-imp-2\n\n";
    assert_eq!(text, format!("{userid_part}{GUIDE_URI}"));
    assert_eq!(code, 3);
}

#[test]
fn guide_user_id_example_character_for_character() {
    let (_dir, lab) = lab();
    add_users(&lab, "cluster1", &[User::new("user3", Some("user3@cisco.com"), "cucm-imp-1")]);
    add_users(&lab, "cluster2", &[User::new("user3", Some("user3@example.com"), "cucm-imp-2")]);
    let (code, text) = run(&lab, "cucm-imp-1b", "utils users validate userid", Format::Text);
    assert_eq!((code, text.as_str()), (3, GUIDE_USERID));
}

#[test]
fn several_groups_columns_and_clean_sections() {
    let (_dir, lab) = lab();
    add_users(
        &lab,
        "cluster1",
        &[
            User::new("a.very.long.user.id", Some("bad uri@x"), "cucm-imp-1b"),
            User::new("b", Some("b@@x"), "cucm-imp-1b"),
            User::new("c", Some(""), "cucm-imp-1"),
            User::new("d", None, "cucm-imp-1b"),
            User { mail: Some("Shared@Mail.com".into()), ..User::new("m1", Some("m1@x"), "cucm-imp-1") },
        ],
    );
    add_users(
        &lab,
        "cluster2",
        &[User { mail: Some("shared@mail.com".into()), ..User::new("m2", Some("m2@x"), "cucm-imp-2") }],
    );
    let (code, text) = run(&lab, "cucm-imp-2", "utils users validate uri", Format::Text);
    assert_eq!(
        text,
        "\
Users with No Directory URI Configured
-----------------------------------------------------
 Node Name: cucm-imp-1
 User ID
 c

 Node Name: cucm-imp-1b
 User ID
 d

Users with Invalid Directory URI Configured
-----------------------------------------------------
 Node Name: cucm-imp-1b
 User ID              Directory URI
 a.very.long.user.id  bad uri@x
 b                    b@@x
 
Users with Duplicate Directory URIs
----------------------------------------------------- 
 No users found
"
    );
    assert_eq!(code, 3);
    let (code, text) = run(&lab, "cucm-imp-2", "utils users validate userid", Format::Text);
    assert_eq!(
        text,
        "Users with Duplicate User IDs\n---------------------------------------------\n No users found\n"
    );
    assert_eq!(code, 0);
    let (code, text) = run(&lab, "cucm-imp-1", "utils users validate mailid", Format::Text);
    assert_eq!(
        text,
        "\
Users with Duplicate Mail IDs
-----------------------------------------------------
Mail ID: shared@mail.com
 Node Name   User ID
 cucm-imp-1  m1
 cucm-imp-2  m2
"
    );
    assert_eq!(code, 3);
}

#[test]
fn json_carries_the_findings() {
    let (_dir, lab) = lab();
    add_users(&lab, "cluster1", &[User::new("user3", Some("user3@cisco.com"), "cucm-imp-1")]);
    add_users(&lab, "cluster2", &[User::new("user3", None, "cucm-imp-2")]);
    let (code, text) = run(&lab, "cucm-imp-1", "utils users validate all", Format::Json);
    assert_eq!(code, 3);
    let doc: serde_json::Value = serde_json::from_str(text.trim()).expect("one JSON document");
    let result = &doc["result"];
    assert_eq!(result["scope"], "all");
    assert_eq!(result["users_checked"], 2);
    assert_eq!(result["duplicate_userids"][0]["userid"], "user3");
    assert_eq!(result["duplicate_userids"][0]["nodes"], serde_json::json!(["cucm-imp-1", "cucm-imp-2"]));
    assert_eq!(result["missing_uris"][0]["node"], "cucm-imp-2");
    assert_eq!(result["missing_uris"][0]["userids"], serde_json::json!(["user3"]));
    assert_eq!(result["invalid_uris"], serde_json::json!([]));
    assert_eq!(result["duplicate_uris"], serde_json::json!([]));
    assert!(result.get("duplicate_mailids").is_none(), "mail IDs were not asked for: {result}");
}

#[test]
fn not_a_command_on_communications_manager() {
    let (_dir, lab) = lab();
    let (code, text) = run(&lab, "cucm-pub", "utils users validate all", Format::Text);
    assert_eq!(code, 2, "{text}");
    assert!(text.starts_with("Invalid command: \"users\" is not an option of \"utils\"\n"), "{text}");
    assert!(text.ends_with("Executed command unsuccessfully\n"), "{text}");
}

#[test]
fn a_down_peer_publisher_is_named_after_the_sections() {
    let (_dir, lab) = lab();
    lab.node("cucm-imp-2")
        .expect("node")
        .update_platform(|p| {
            p.up = false;
            Ok(())
        })
        .expect("node down");
    let (code, text) = run(&lab, "cucm-imp-1", "utils users validate all", Format::Text);
    assert_eq!(code, 3, "{text}");
    assert!(text.starts_with("Users with Duplicate User IDs\n"), "{text}");
    assert!(
        text.ends_with("\nUsers of cluster cluster2 were not checked: cucm-imp-2 is not reachable\n"),
        "{text}"
    );
}
