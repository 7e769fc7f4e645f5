//! Secrets (issue #19): every password this test uses — at `cluster init`, for new
//! accounts, changed, mistyped at a login, given to an SFTP server — is searched for in
//! everything ucsh leaves or shows: command history, the node's logs and traces (gzip'd ones
//! too), the syslog spool and what a syslog server received, every other file of the lab,
//! text and JSON output, and the process's arguments and environment while it waits at a
//! password prompt. None may be found.

use std::io::{Read, Write};
use std::net::UdpSocket;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use expectrl::session::OsSession as PtySession;
use expectrl::Expect;

const ADMIN_PW: &str = "Adm1n-Secret-7391";
const OPS_PW: &str = "0ps-Secret-5527";
const OPS_PW2: &str = "0ps-Changed-8814";
const WRONG_PW: &str = "Wr0ng-Guess-4410";
const SFTP_PW: &str = "Sftp-Secret-6203";
const ALL: &[&str] = &[ADMIN_PW, OPS_PW, OPS_PW2, WRONG_PW, SFTP_PW];

fn ucsh(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    c.env("UCSH_DATA_DIR", data)
        .env("HOME", data.join("home"))
        .env("XDG_DATA_HOME", data.join("xdg"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn run(data: &Path, args: &[&str], input: &str) -> Output {
    let mut child = ucsh(data).args(args).spawn().expect("ucsh starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    child.wait_with_output().expect("ucsh ends")
}

/// Every file below `dir`, gzip'd ones decompressed.
fn all_files(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            all_files(&p, out);
        } else if ft.is_file() {
            let Ok(mut bytes) = std::fs::read(&p) else { continue };
            if p.extension().is_some_and(|x| x == "gz") {
                let mut plain = Vec::new();
                if flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut plain).is_ok() {
                    bytes = plain;
                }
            }
            out.push((p.display().to_string(), bytes));
        }
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn no_password_is_kept_shown_or_sent_anywhere() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
    let pw_file = t.path().join("admin-password");
    std::fs::write(&pw_file, format!("{ADMIN_PW}\n")).expect("write");
    let out = run(&data, &["cluster", "init", "--admin-password-file", &pw_file.display().to_string()], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(&pw_file).expect("the password file is the test's, not ucsh's");
    seen.push(("init output".into(), [out.stdout, out.stderr].concat()));

    // A syslog server (UDP) receives every event: logins, failed logins, account changes.
    let rx = UdpSocket::bind("127.0.0.1:0").expect("bind");
    rx.set_read_timeout(Some(Duration::from_millis(300))).expect("timeout");
    let port = rx.local_addr().expect("addr").port().to_string();
    let out = run(
        &data,
        &["--account", "admin", "-c", &format!("utils remotesyslog add server 127.0.0.1 {port}")],
        &format!("{ADMIN_PW}\n"),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    seen.push(("add server".into(), [out.stdout, out.stderr].concat()));

    // The interactive shell on a terminal, logged in with a password: history is kept.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    cmd.env("UCSH_DATA_DIR", &data).env("TERM", "xterm").args(["--account", "admin"]);
    let mut s = PtySession::spawn(cmd).expect("spawn on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    let mut screen = Vec::new();
    let mut step = |s: &mut PtySession, want: &str, send: &str| {
        let found = s.expect(want).unwrap_or_else(|e| panic!("waiting for {want:?}: {e}"));
        screen.extend_from_slice(found.before());
        screen.extend_from_slice(found.get(0).unwrap_or_default());
        s.send_line(send).expect("send");
    };
    step(&mut s, "password: ", ADMIN_PW);
    step(&mut s, "admin:", "set account name ops");
    step(&mut s, "privilege level :", "1");
    step(&mut s, "Please enter the password :", OPS_PW);
    step(&mut s, "re-enter to confirm :", OPS_PW);
    step(&mut s, "admin:", "show account");
    step(&mut s, "admin:", "quit");
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    screen.extend_from_slice(&rest);
    seen.push(("the interactive session's screen".into(), screen));

    // Logins: a wrong password, then the right one with JSON output.
    let out = run(&data, &["--account", "ops", "-c", "show myself"], &format!("{WRONG_PW}\n"));
    assert_eq!(out.status.code(), Some(1));
    seen.push(("failed login".into(), [out.stdout, out.stderr].concat()));
    let out =
        run(&data, &["--account", "ops", "--format", "json", "-c", "show myself"], &format!("{OPS_PW}\n"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    seen.push(("json login".into(), [out.stdout, out.stderr].concat()));
    // A password change, in text and JSON.
    let out = run(
        &data,
        &["--account", "ops", "-c", "set password user ops"],
        &format!("{OPS_PW}\n{OPS_PW}\n{OPS_PW2}\n{OPS_PW2}\n"),
    );
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    seen.push(("password change".into(), [out.stdout, out.stderr].concat()));
    // An SFTP password given to a server that is not there, in JSON.
    let out = run(
        &data,
        &["--node", "cucm-imp-1", "--format", "json", "-c", "file get activelog platform/log/*"],
        &format!("y\n127.0.0.1\n1\nuser\n{SFTP_PW}\ncli\n"),
    );
    seen.push(("file get".into(), [out.stdout, out.stderr].concat()));

    // The process while it waits at a password prompt: its arguments and environment.
    let mut waiting = ucsh(&data).args(["--account", "ops", "-c", "show myself"]).spawn().expect("spawn");
    std::thread::sleep(Duration::from_millis(500));
    let pid = waiting.id();
    for what in ["cmdline", "environ"] {
        if let Ok(b) = std::fs::read(format!("/proc/{pid}/{what}")) {
            seen.push((format!("/proc/<ucsh>/{what}"), b));
        }
    }
    waiting.stdin.take().expect("stdin").write_all(format!("{OPS_PW2}\n").as_bytes()).expect("password");
    let out = waiting.wait_with_output().expect("ends");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    seen.push(("last login".into(), [out.stdout, out.stderr].concat()));

    // What the syslog server received.
    let mut buf = [0u8; 65536];
    let mut datagrams = 0;
    while let Ok(n) = rx.recv(&mut buf) {
        datagrams += 1;
        seen.push(("syslog datagram".into(), buf[..n].to_vec()));
    }
    assert!(datagrams > 0, "the syslog server received nothing");
    // Every file: history, logs, traces, the spool, accounts, platform settings.
    let before = seen.len();
    all_files(t.path(), &mut seen);
    assert!(seen[before..].iter().any(|(p, _)| p.contains("/history/")), "no history was written");
    assert!(seen[before..].iter().any(|(p, _)| p.contains("syslog-spool")), "no spool was written");
    let mut found = Vec::new();
    for (where_, bytes) in &seen {
        for pw in ALL {
            if contains(bytes, pw) {
                found.push(format!("{pw} in {where_}"));
            }
        }
    }
    assert!(found.is_empty(), "passwords found:\n{}", found.join("\n"));
}
