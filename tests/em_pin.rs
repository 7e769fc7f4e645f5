//! An Extension Mobility PIN is a credential: it never comes from the command line (where the
//! shell's history and the process list would keep it). `cluster em login` asks for it
//! without echo on a terminal, or reads the first line of `--pin-file`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::session::OsSession as PtySession;
use expectrl::Expect;

#[path = "support/cli.rs"]
mod cli;

const NOW: &str = "2026-11-23T10:00:00Z";
/// The sample users' PIN in the standard lab.
const PIN: &str = "12345";

fn init(data: &Path) {
    let out = cli::ucsh_at(data, NOW, &["cluster", "init"], "");
    assert!(out.status.success(), "{}", cli::text(&out));
}

/// `cluster em login` of `user` on `device`, the PIN read from `pin_file`.
fn login_with_pin_file(data: &Path, user: &str, pin_file: &Path, device: &str) -> std::process::Output {
    let file = pin_file.display().to_string();
    cli::ucsh_at(
        data,
        NOW,
        &["cluster", "em", "login", "--user", user, "--pin-file", &file, "--device", device],
        "",
    )
}

#[test]
fn a_pin_on_the_command_line_is_refused() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    init(&data);
    let out = cli::ucsh_at(
        &data,
        NOW,
        &["cluster", "em", "login", "--user", "user1", "--pin", PIN, "--device", "SEP00AA10000003"],
        "",
    );
    assert!(!out.status.success(), "a --pin option ran: {}", cli::text(&out));
    let shown = cli::text(&out);
    assert!(!shown.contains("Login of user1"), "{shown}");
    assert!(shown.contains("\"--pin\" is not expected") && shown.contains("--pin-file"), "{shown}");
}

#[test]
fn the_pin_is_asked_without_echo_on_a_terminal_or_read_from_a_file() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    init(&data);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    cmd.env("UCSH_DATA_DIR", &data).env("UCSH_NOW", NOW).env("TERM", "xterm").args([
        "cluster",
        "em",
        "login",
        "--user",
        "user1",
        "--device",
        "SEP00AA10000003",
    ]);
    let mut s = PtySession::spawn(cmd).expect("spawn on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s.expect("PIN: ").expect("the PIN is asked");
    s.send_line(PIN).expect("send");
    let found = s.expect("Login of user1 on SEP00AA10000003: success").expect("the login succeeds");
    let screen = String::from_utf8_lossy(found.before()).to_string();
    assert!(!screen.contains(PIN), "the PIN was echoed: {screen:?}");

    // From a file, the first line; a wrong one is the phone's 201.
    let wrong = t.path().join("wrong-pin");
    std::fs::write(&wrong, "54321\n").expect("write");
    let out = login_with_pin_file(&data, "user5", &wrong, "SEP00AA10000004");
    assert_eq!(out.status.code(), Some(3), "{}", cli::text(&out));
    assert!(cli::text(&out).contains("error 201"), "{}", cli::text(&out));
    let right = t.path().join("pin");
    std::fs::write(&right, format!("{PIN}\n")).expect("write");
    let out = login_with_pin_file(&data, "user5", &right, "SEP00AA10000004");
    assert!(out.status.success(), "{}", cli::text(&out));
    // Without a file, and not on a terminal, no PIN is sent: the phone's blank PIN, 202.
    let out = cli::ucsh_at(&data, NOW, &["cluster", "em", "logout", "--device", "SEP00AA10000004"], "");
    assert!(out.status.success(), "{}", cli::text(&out));
    let out = cli::ucsh_at(
        &data,
        NOW,
        &["cluster", "em", "login", "--user", "user5", "--device", "SEP00AA10000004"],
        "",
    );
    assert!(cli::text(&out).contains("error 202"), "{}", cli::text(&out));
}
