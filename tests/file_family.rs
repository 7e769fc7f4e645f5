//! The `file view` viewer with pagination on: 20 lines a screen, the platform's prompt bytes,
//! keys answered through the prompt object (as automation answers them over SSH).

use ucsh::engine::deployment::InitOptions;
use ucsh::engine::{accounts, Clock, Lab};
use ucsh::shell::pager::BufferSink;
use ucsh::shell::prompt::ScriptedPrompter;
use ucsh::shell::{Format, Shell};

#[test]
fn file_view_pages_with_the_platforms_viewer() {
    let dir = tempfile::tempdir().expect("tmp");
    let clock = Clock::from_rfc3339("2026-11-23T10:00:00Z").expect("clock");
    Lab::init(dir.path(), &InitOptions::default(), None, false, clock).expect("lab");
    let lab = Lab::open(dir.path(), clock).expect("open");
    let node = lab.node("cucm-imp-1").expect("node");
    let log = node.partition(ucsh::engine::node::Partition::Activelog).join("platform/log/viewme.log");
    let text: String = (1..=45).map(|i| format!("line {i}\n")).collect();
    std::fs::write(&log, text).expect("write");
    let session = accounts::local_owner_session(&node).expect("session");
    let mut shell = Shell::new(lab, "cucm-imp-1".into(), session, Format::Text, true);
    let mut prompter = ScriptedPrompter::new(["n", "n", "b", "e", "q"].map(String::from));
    let mut sink = BufferSink::default();
    let status = shell.execute_line("file view activelog platform/log/viewme.log", &mut prompter, &mut sink);
    assert_eq!(status.code, 0);
    let t = &prompter.transcript;
    let prompt = |a: usize, b: usize| {
        format!(
            "\x1b[1m\r\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines {a} - {b} of 45) : \x1b[0m"
        )
    };
    let expected = format!(
        "{first}{p1}<<n>>\n{second}{p2}<<n>>\n{third}\nend of the file reached{p3}<<b>>\n{first}{p1}<<e>>\n{last}\nend of the file reached{p4}<<q>>\n",
        first = (1..=20).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n"),
        second = (21..=40).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n"),
        third = (41..=45).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n"),
        last = (26..=45).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\n"),
        p1 = prompt(1, 20),
        p2 = prompt(21, 40),
        p3 = prompt(41, 45),
        p4 = prompt(26, 45),
    );
    assert_eq!(t, &expected);
    assert_eq!(prompter.remaining(), 0);
}
