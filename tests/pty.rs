//! The interactive shell on a real terminal (a PTY): banner, prompt, Tab, `?`, the pager's
//! keys and bytes, Ctrl-C, Ctrl-D, `quit` — and, byte for byte, what automation reads on
//! the wire: the prompt `admin:` last in the stream after every command, the echo of what
//! was typed (also past the terminal's width), the file viewer's single keys, and plain
//! input on terminals that take no cursor sequences.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Expect};

fn shell(data: &Path, args: &[&str]) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    cmd.env("UCSH_DATA_DIR", data).env("UCSH_NOW", "2026-11-23T10:00:00Z").env("TERM", "xterm").args(args);
    let mut s = Session::spawn(cmd).expect("spawn ucsh on a pty");
    s.get_process_mut().set_window_size(100, 24).expect("window size");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    s
}

fn lab() -> (tempfile::TempDir, std::path::PathBuf) {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    let ok = Command::new(env!("CARGO_BIN_EXE_ucsh"))
        .env("UCSH_DATA_DIR", &data)
        .args(["cluster", "init"])
        .output()
        .expect("init");
    assert!(ok.status.success());
    (t, data)
}

#[test]
fn banner_prompt_commands_and_quit() {
    let (_t, data) = lab();
    let mut s = shell(&data, &[]);
    s.expect("Command Line Interface is starting up, please wait ...\r\n\r\n   Welcome to the Platform Command Line Interface\r\n\r\nVMware Installation:\r\n").expect("banner");
    s.expect("        8192 Mbytes RAM\r\n\r\nadmin:").expect("hardware block, then the prompt");
    s.send_line("show myself").expect("send");
    s.expect("privilege level : 4").expect("output");
    s.expect("\r\nadmin:").expect("prompt on a line of its own after the output");
    // Enter alone just shows the prompt again.
    s.send_line("").expect("send");
    s.expect("admin:").expect("prompt again");
    // A line that is not a command: the platform's wording.
    s.send_line("shwo status").expect("send");
    s.expect("Executed command unsuccessfully").expect("error wording");
    s.send_line("quit").expect("send");
    s.expect(expectrl::Eof).expect("ucsh ends on quit");
}

#[test]
fn tab_completes_words_and_values() {
    let (_t, data) = lab();
    let mut s = shell(&data, &["--node", "cucm-imp-1"]);
    s.expect("admin:").expect("prompt");
    s.send("show netw\t").expect("send");
    s.expect("show network ").expect("word completed");
    s.send("cl\t").expect("send");
    s.expect("cluster ").expect("second word completed");
    s.send("\r").expect("enter");
    s.expect("cucm-imp-1 Subscriber cups DBPub authenticated").expect("command ran");
    s.expect("admin:").expect("prompt");
    // A service name with blanks completes whole.
    s.send("utils service restart Cisco XCP Ro\t").expect("send");
    s.expect("Cisco XCP Router ").expect("service name completed");
    s.send("\r").expect("enter");
    s.expect("Cisco XCP Router[STARTED]").expect("restarted");
    s.expect("admin:").expect("prompt");
    s.send(ControlCode::EndOfTransmission).expect("ctrl-d");
    s.expect(expectrl::Eof).expect("ucsh ends on Ctrl-D");
}

#[test]
fn question_mark_lists_and_keeps_the_line() {
    let (_t, data) = lab();
    let mut s = shell(&data, &[]);
    s.expect("admin:").expect("prompt");
    s.send("show network ?").expect("send");
    s.expect("cluster").expect("lists cluster");
    s.expect("eth0").expect("lists eth0");
    // The line comes back for the user to finish.
    s.expect("admin:show network ").expect("line kept");
    s.send("eth0\r").expect("finish the line");
    s.expect("Ethernet 0").expect("command ran");
    s.send("set cli pagination ?").expect("send");
    s.expect("Syntax:\r\nset cli pagination on|off").expect("syntax help");
    s.expect("admin:set cli pagination ").expect("line kept");
    s.send(ControlCode::EndOfText).expect("ctrl-c abandons the line");
    s.expect("admin:").expect("prompt");
    s.send_line("show cli pagination").expect("send");
    s.expect("Automatic Pagination : On.").expect("on by default in the shell");
    s.send_line("exit").expect("send");
    s.expect(expectrl::Eof).expect("ucsh ends on exit");
}

#[test]
fn pager_bytes_and_keys() {
    let (_t, data) = lab();
    let mut s = shell(&data, &[]);
    s.expect("admin:").expect("prompt");
    s.send_line("utils service list").expect("send");
    let prompt = "\x1b[1mPress <enter> for 1 line, <space> for one page, or <q> to quit\x1b[0m";
    s.expect(prompt).expect("the pager prompt, byte for byte");
    // Enter: one more line, then the prompt again.
    s.send("\r").expect("enter");
    s.expect("\r\x1b[K").expect("prompt erased");
    s.expect(prompt).expect("prompt after one line");
    // Space: a page.
    s.send(" ").expect("space");
    s.expect(prompt).expect("prompt after a page");
    // q: back to admin:.
    s.send("q").expect("q");
    s.expect("admin:").expect("prompt after q");
    // Ctrl-C at the pager stops the output too.
    s.send_line("utils service list").expect("send");
    s.expect(prompt).expect("pager again");
    s.send(ControlCode::EndOfText).expect("ctrl-c");
    s.expect("admin:").expect("prompt after Ctrl-C");
    s.send_line("set cli pagination off").expect("send");
    s.expect("Automatic pagination is turned off").expect("off");
    s.send_line("utils service list").expect("send");
    s.expect("Primary Node =true").expect("the whole list without a pager");
    s.expect("admin:").expect("prompt");
    s.send_line("quit").expect("send");
    s.expect(expectrl::Eof).expect("eof");
}

#[test]
fn history_is_kept_per_account_without_secrets() {
    let (_t, data) = lab();
    let mut s = shell(&data, &[]);
    s.expect("admin:").expect("prompt");
    s.send_line("show myself").expect("send");
    s.expect("admin:").expect("prompt");
    // A mistyped password at the prompt is not a command: never stored.
    s.send_line("MySecretPassw0rd").expect("send");
    s.expect("Executed command unsuccessfully").expect("error");
    s.send_line("quit").expect("send");
    s.expect(expectrl::Eof).expect("eof");
    let history = std::fs::read_to_string(data.join("history/cucm-pub/admin")).expect("history file");
    assert!(history.contains("show myself"));
    assert!(!history.contains("MySecretPassw0rd"));
    // The next session can recall it with the up arrow.
    let mut s = shell(&data, &[]);
    s.expect("admin:").expect("prompt");
    s.send("\x1b[A").expect("up arrow");
    s.expect("show myself").expect("recalled");
    s.send("\r").expect("enter");
    s.expect("privilege level : 4").expect("ran");
    s.send_line("quit").expect("send");
    s.expect(expectrl::Eof).expect("eof");
}

#[test]
fn no_color_starts_without_the_pager() {
    let (_t, data) = lab();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    cmd.env("UCSH_DATA_DIR", &data).env("NO_COLOR", "1").env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn");
    s.get_process_mut().set_window_size(100, 24).expect("window size");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    s.expect("admin:").expect("prompt");
    s.send_line("show cli pagination").expect("send");
    s.expect("Automatic Pagination : Off.").expect("off under NO_COLOR");
    s.send_line("utils service list").expect("send");
    s.expect("Primary Node =true").expect("no pager");
    s.send_line("quit").expect("send");
    s.expect(expectrl::Eof).expect("eof");
}

#[test]
fn ctrl_c_stops_a_running_command_and_leaves_nothing_half_done() {
    let (_t, data) = lab();
    let gen = Command::new(env!("CARGO_BIN_EXE_ucsh"))
        .env("UCSH_DATA_DIR", &data)
        .env("UCSH_NOW", "2026-11-23T10:00:00Z")
        .args(["cluster", "traces", "--days", "2", "--size", "200M", "--node", "cucm-imp-1"])
        .output()
        .expect("traces");
    assert!(gen.status.success(), "{}", String::from_utf8_lossy(&gen.stderr));
    let mut s = shell(&data, &["--node", "cucm-imp-1"]);
    s.expect("admin:").expect("prompt");
    s.send_line("file build log all 2").expect("send");
    std::thread::sleep(Duration::from_millis(150));
    s.send(ControlCode::EndOfText).expect("ctrl-c");
    s.expect("Control-C pressed").expect("the command stops");
    s.expect("admin:").expect("back at the prompt");
    // The shell is still there, and no bundle was left behind.
    s.send_line("show myself").expect("send");
    s.expect("privilege level : 4").expect("shell still works");
    s.send_line("quit").expect("send");
    s.expect(expectrl::Eof).expect("eof");
    let dir = data.join("clusters/cluster1/nodes/cucm-imp-1/activelog/epas/trace");
    let left: Vec<String> = std::fs::read_dir(&dir)
        .expect("trace dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("log_all") || n.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

// ---------------------------------------------------------------------------------------
// The bytes on the wire, exactly.

/// Reads what ucsh writes until the stream has ended in `end` and nothing more came for a
/// moment (automation's rule: the prompt is what comes last).
fn settle(s: &mut Session, end: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let mut got: Vec<u8> = Vec::new();
    let mut quiet_since = std::time::Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match s.try_read(&mut buf) {
            Ok(n) if n > 0 => {
                got.extend_from_slice(&buf[..n]);
                quiet_since = std::time::Instant::now();
            }
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
        let text = String::from_utf8_lossy(&got);
        if text.ends_with(end) && quiet_since.elapsed() > Duration::from_millis(300) {
            return text.into_owned();
        }
        assert!(std::time::Instant::now() < deadline, "the stream did not end in {end:?}: {text:?}");
    }
}

fn shell_with(data: &Path, term: Option<&str>, cols: u16, args: &[&str]) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    cmd.env("UCSH_DATA_DIR", data).env("UCSH_NOW", "2026-11-23T10:00:00Z").env_remove("TERM").args(args);
    if let Some(t) = term {
        cmd.env("TERM", t);
    }
    let mut s = Session::spawn(cmd).expect("spawn ucsh on a pty");
    s.get_process_mut().set_window_size(cols, 24).expect("window size");
    s
}

const MYSELF: &str = "Machine Name    : cucm-pub\r\naccount name    : admin\r\nprivilege level : 4\r\ncommand count   : disabled\r\nlogging setting : disabled\r\n";

#[test]
fn wire_bytes_prompt_last_echo_as_typed_tab_question_mark_ctrl_c() {
    let (_t, data) = lab();
    let mut s = shell_with(&data, Some("xterm-256color"), 40, &[]);
    let banner = settle(&mut s, "admin:");
    assert!(banner.ends_with("Mbytes RAM\r\n\r\nadmin:"), "{banner:?}");
    assert!(!banner.contains('\x1b'), "no escape sequence before the first prompt: {banner:?}");
    // A command: its echo, a line end, the output, the prompt and nothing after it.
    s.send("show myself\r").expect("send");
    assert_eq!(settle(&mut s, "admin:"), format!("show myself\r\n{MYSELF}admin:"));
    // `\r\n` is one Enter; Enter alone just shows the prompt again.
    s.send("show myself\r\n").expect("send");
    assert_eq!(settle(&mut s, "admin:"), format!("show myself\r\n{MYSELF}admin:"));
    s.send("\r").expect("send");
    assert_eq!(settle(&mut s, "admin:"), "\r\nadmin:");
    // Longer than the 40 columns: echoed exactly as typed, the terminal wraps it.
    let long = format!("show myself{}", " ".repeat(60));
    s.send(format!("{long}\r")).expect("send");
    assert_eq!(settle(&mut s, "admin:"), format!("{long}\r\n{MYSELF}admin:"));
    // Type-ahead: two commands in one burst both run.
    s.send("show myself\rshow myself\r").expect("send");
    let both = settle(&mut s, "admin:");
    assert_eq!(both.matches("privilege level : 4").count(), 2, "{both:?}");
    // Tab adds only what it completes...
    s.send("show netw\t").expect("send");
    assert_eq!(settle(&mut s, "show network "), "show network ");
    // ...and with a choice, lists the candidates and repeats the line.
    s.send("\t").expect("send");
    assert_eq!(
        settle(&mut s, "admin:show network "),
        "\r\ncluster  ipprefs  status\r\neth0     route\r\nadmin:show network "
    );
    // `?`: echoed, the words that may follow, the line offered again.
    s.send("?").expect("send");
    let help = settle(&mut s, "admin:show network ");
    assert!(help.starts_with("?\r\n"), "{help:?}");
    assert!(help.contains("cluster") && help.contains("eth0"), "{help:?}");
    // Backspace at the end of the line wipes one cell.
    s.send("x\x7f").expect("send");
    assert_eq!(settle(&mut s, "\x08 \x08"), "x\x08 \x08");
    // Ctrl-C abandons the line.
    s.send("eth\x03").expect("send");
    assert_eq!(settle(&mut s, "admin:"), "eth^C\r\nadmin:");
    s.send("quit\r").expect("send");
    s.expect(expectrl::Eof).expect("ucsh ends on quit");
}

#[test]
fn wire_bytes_of_the_file_viewer_single_keys_no_echo() {
    let (_t, data) = lab();
    let log = data.join("clusters/cluster1/nodes/cucm-pub/activelog/platform/log/viewme.log");
    let text: String = (1..=45).map(|i| format!("line {i}\n")).collect();
    std::fs::write(&log, text).expect("write");
    let mut s = shell_with(&data, Some("xterm"), 100, &[]);
    settle(&mut s, "admin:");
    let prompt = |a: usize, b: usize| {
        format!(
            "\x1b[1m\r\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines {a} - {b} of 45) : \x1b[0m"
        )
    };
    let lines = |a: usize, b: usize| (a..=b).map(|i| format!("line {i}")).collect::<Vec<_>>().join("\r\n");
    s.send("file view activelog platform/log/viewme.log\r").expect("send");
    let first = settle(&mut s, &prompt(1, 20));
    assert_eq!(
        first,
        format!("file view activelog platform/log/viewme.log\r\n{}{}", lines(1, 20), prompt(1, 20))
    );
    // One key, no Enter, nothing echoed: the next screen on the next line.
    s.send("n").expect("n");
    assert_eq!(settle(&mut s, &prompt(21, 40)), format!("\r\n{}{}", lines(21, 40), prompt(21, 40)));
    s.send("e").expect("e");
    let end = format!("\r\n{}\r\nend of the file reached{}", lines(26, 45), prompt(26, 45));
    assert_eq!(settle(&mut s, &prompt(26, 45)), end);
    s.send("b").expect("b");
    assert_eq!(settle(&mut s, &prompt(1, 20)), format!("\r\n{}{}", lines(1, 20), prompt(1, 20)));
    // q: back at the prompt, and no key left over in the next line.
    s.send("q").expect("q");
    assert_eq!(settle(&mut s, "admin:"), "\r\nadmin:");
    s.send("show myself\r").expect("send");
    assert_eq!(settle(&mut s, "admin:"), format!("show myself\r\n{MYSELF}admin:"));
    s.send("quit\r").expect("send");
    s.expect(expectrl::Eof).expect("eof");
}

#[test]
fn terminals_without_cursor_sequences_get_plain_input() {
    let (_t, data) = lab();
    for term in [Some("dumb"), Some("no-such-terminal"), None] {
        let mut s = shell_with(&data, term, 80, &[]);
        let banner = settle(&mut s, "admin:");
        assert!(banner.ends_with("\r\n\r\nadmin:"), "{term:?}: {banner:?}");
        // The kernel echoes; the command runs; the prompt comes last.
        s.send("show myself\r").expect("send");
        let out = settle(&mut s, "admin:");
        assert_eq!(out, format!("show myself\r\n{MYSELF}admin:"), "{term:?}");
        // `?` and Ctrl-C end the line at once, without Enter.
        s.send("show ?").expect("send");
        let help = settle(&mut s, "admin:");
        assert!(help.starts_with("show ?\r\n") && help.contains("myself"), "{term:?}: {help:?}");
        s.send("show sta\x03").expect("send");
        assert_eq!(settle(&mut s, "admin:"), "show sta^C\r\nadmin:", "{term:?}");
        for text in [&banner, &out, &help] {
            assert!(!text.contains('\x1b'), "{term:?}: no escape sequence: {text:?}");
        }
        s.send("quit\r").expect("send");
        s.expect(expectrl::Eof).expect("quit ends ucsh");
    }
}

/// `set cli session timeout` ends an idle interactive session (new sessions only). The
/// timeout counts seconds here (UCSH_TEST_IDLE_SECONDS with the pinned clock), so the test
/// waits five seconds, not five minutes; nothing is timed, only what the session prints.
#[test]
fn an_idle_session_ends_after_the_cli_session_timeout() {
    let (_t, data) = lab();
    let set = Command::new(env!("CARGO_BIN_EXE_ucsh"))
        .env("UCSH_DATA_DIR", &data)
        .args(["-c", "set cli session timeout 5"])
        .output()
        .expect("set timeout");
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    cmd.env("UCSH_DATA_DIR", &data)
        .env("UCSH_NOW", "2026-11-23T10:00:00Z")
        .env("UCSH_TEST_IDLE_SECONDS", "1")
        .env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn ucsh on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(60)));
    s.expect("admin:").expect("prompt");
    // Typing keeps the session alive; a command runs as usual.
    s.send_line("show cli session timeout").expect("send");
    s.expect("5 minutes").expect("the value set");
    s.expect("admin:").expect("prompt again");
    // Then nothing: the session ends with the wording, and ucsh exits.
    s.expect("timed out waiting for input: auto-logout").expect("timeout wording");
    s.expect(expectrl::Eof).expect("the session ended");
}
