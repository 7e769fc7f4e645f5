//! The privilege matrix: accounts of level 0, 1 and 4 against a command of each level, in
//! every mode's one execution path. A command runs only when the account's level is at
//! least the command's.

use ucsh::engine::deployment::InitOptions;
use ucsh::engine::{accounts, Clock, Lab, Session};
use ucsh::shell::pager::BufferSink;
use ucsh::shell::prompt::ScriptedPrompter;
use ucsh::shell::{Format, Shell};

#[test]
fn privilege_matrix() {
    let t = tempfile::tempdir().expect("tempdir");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").unwrap_or_default();
    let (lab, _) = Lab::init(t.path(), &InitOptions::default(), None, false, clock).expect("lab");
    let node = lab.node("cucm-pub").expect("node");
    let admin = accounts::local_owner_session(&node).expect("admin");
    accounts::create(&node, &admin, "viewer", 0, "viewpass1", clock.now()).expect("viewer");
    accounts::create(&node, &admin, "ops", 1, "opspass1", clock.now()).expect("ops");
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
                assert_eq!(status.code, 0, "{} (level {}) must run {cmd}: {}", s.account, s.level, sink.text);
            } else {
                assert_eq!(status.code, 1, "{} (level {}) must not run {cmd}", s.account, s.level);
                assert!(sink.text.starts_with("Insufficient privilege level"), "{}", sink.text);
                assert!(sink.text.ends_with("Executed command unsuccessfully\n"));
            }
        }
    }
    // The engine checks on its own too, whatever the front does.
    let viewer = &sessions[0];
    assert!(accounts::create(&node, viewer, "x", 0, "xxxxxxxx", clock.now()).is_err());
    assert!(ucsh::engine::services::act(&node, viewer, ucsh::engine::services::Action::Stop, "Cisco Tomcat")
        .is_err());
    assert!(ucsh::engine::platform::restart(&node, viewer).is_err());
}
