//! The privilege matrix: accounts of level 0, 1 and 4 against a command of each level, in
//! every mode's one execution path. A command runs only when the account's level is at
//! least the command's.

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

#[path = "support/op.rs"]
#[allow(dead_code)]
mod op_support;
use op_support::call;

use ucsh::engine::deployment::InitOptions;
use ucsh::engine::{accounts, Clock, Session};
use ucsh::shell::pager::BufferSink;
use ucsh::shell::prompt::ScriptedPrompter;
use ucsh::shell::{Format, Shell};

#[test]
fn privilege_matrix() {
    let t = tempfile::tempdir().expect("tempdir");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").unwrap_or_default();
    let lab = lab_fixture::lab_at(t.path(), &InitOptions::default(), clock);
    let node = lab.node("cucm-pub").expect("node");
    let admin = accounts::local_owner_session(&node).expect("admin");
    call(&lab, &node, &admin, "set account name", |op| {
        accounts::create(op, "viewer", 0, "viewpass1", clock.now())
    })
    .expect("viewer");
    call(&lab, &node, &admin, "set account name", |op| {
        accounts::create(op, "ops", 1, "opspass1", clock.now())
    })
    .expect("ops");
    let sessions =
        [Session::new("viewer", 0, false), Session::new("ops", 1, false), Session::new("admin", 4, true)];
    // (command, its level)
    let commands = [("show status", 0u8), ("set cli pagination off", 1), ("show account", 4)];
    for s in &sessions {
        for (cmd, level) in commands {
            let mut shell = Shell::new(lab.clone(), "cucm-pub".into(), s.clone(), Format::Text, false);
            let mut sink = BufferSink::default();
            let mut p = ScriptedPrompter::new(Vec::new());
            let status = shell.execute_line(cmd, &mut p, &mut sink);
            if s.level >= level {
                assert_eq!(
                    status.code(),
                    0,
                    "{} (level {}) must run {cmd}: {}",
                    s.account,
                    s.level,
                    sink.text
                );
            } else {
                assert_eq!(status.code(), 1, "{} (level {}) must not run {cmd}", s.account, s.level);
                assert!(sink.text.starts_with("Insufficient privilege level"), "{}", sink.text);
                assert!(sink.text.ends_with("Executed command unsuccessfully\n"));
            }
        }
    }
    // The engine checks too, whatever the front does: an operation is opened at the
    // command's level, refused before anything runs.
    let viewer = &sessions[0];
    assert!(call(&lab, &node, viewer, "set account name", |op| {
        accounts::create(op, "x", 0, "xxxxxxxx", clock.now())
    })
    .is_err());
    assert!(call(&lab, &node, viewer, "utils service start", |op| {
        ucsh::engine::services::act(op, ucsh::engine::services::Action::Stop, "Cisco Tomcat")
    })
    .is_err());
    assert!(call(&lab, &node, viewer, "utils system restart", ucsh::engine::platform::restart).is_err());
}

/// An operation checks the privilege level first, then the node's state (the platform's
/// order), and writes what its command raised only when it ends.
#[test]
fn an_operation_checks_once_and_writes_its_events_at_the_end() {
    use ucsh::engine::events::{self, Event, EVENT_LOG};
    use ucsh::engine::node::Partition;
    use ucsh::engine::{Audit, CancelToken, EngineError, NodeState, Op};

    let t = tempfile::tempdir().expect("tempdir");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").unwrap_or_default();
    let opts = InitOptions { cm_subscribers: 1, sample_data: false };
    let lab = lab_fixture::lab_at(t.path(), &opts, clock);
    let viewer = Session::new("viewer", 0, false);
    let admin = Session::new("admin", 4, true);
    let node = lab.node("cucm-sub1").expect("node");
    ucsh::engine::platform::set_up(&node, false).expect("down");
    let begin = |s: &Session, level, state| Op::begin(&lab, "cucm-sub1", s, level, state, CancelToken::new());
    assert!(matches!(
        begin(&viewer, 1, NodeState::Up),
        Err(EngineError::PrivilegeDenied { required: 1, have: 0 })
    ));
    assert!(matches!(begin(&admin, 1, NodeState::Up), Err(EngineError::NodeDown { .. })));
    assert!(begin(&admin, 0, NodeState::Any).is_ok());
    ucsh::engine::platform::set_up(&node, true).expect("up");

    let log = node.partition(Partition::Activelog).join(EVENT_LOG);
    let before = std::fs::read_to_string(&log).unwrap_or_default();
    let op = begin(&admin, 1, NodeState::Up).expect("op");
    events::emit(op.node(), &Event::audit("First", "one".into()));
    op.record(Event::audit("Second", "two".into()));
    assert_eq!(std::fs::read_to_string(&log).unwrap_or_default(), before, "nothing written before the end");
    let _ = op.finish(Audit::Command("show status"));
    let after = std::fs::read_to_string(&log).expect("log");
    let added: Vec<&str> = after[before.len()..].lines().collect();
    assert_eq!(added.len(), 3, "{added:?}");
    assert!(added[0].contains("First: one") && added[1].contains("Second: two"), "{added:?}");
    assert!(
        added[2].ends_with("CLICommandExecuted: CLI command executed by admin: show status"),
        "{added:?}"
    );
}
