//! `ucsh cluster serve` through a real SSH client library (libssh2, the `ssh2` crate), read
//! the way expect-style automation reads a node: wait until the stream ends with `admin:`,
//! send a line, read up to the next `admin:`.
//!
//! Each test serves its own fresh lab on 127.0.0.1 ports from a free base (so tests run in
//! parallel and need no root), with accounts of levels 0, 1 and 4 on the IM and Presence
//! node `cucm-imp-1`.
//!
//! The prompt criterion is strict: the stream must END with `admin:`.

#[path = "support/op.rs"]
#[allow(dead_code)]
mod op_support;
use op_support::call;

#[path = "support/served.rs"]
mod served;
use served::{free_base, run, text, ucsh, ServedLab, ADMIN_PW};

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ucsh::engine::{accounts, Clock, Lab};

const VIEWER_PW: &str = "Viewer-pw-0";
const OPS_PW: &str = "Operator-pw-1";
const NODE: &str = "cucm-imp-1";
const PROMPT: &[u8] = b"admin:";
const WAIT: Duration = Duration::from_secs(20);

/// A served lab with accounts of levels 0, 1 and 4 on [`NODE`]; stopped when dropped.
struct Served(ServedLab);

impl std::ops::Deref for Served {
    type Target = ServedLab;
    fn deref(&self) -> &ServedLab {
        &self.0
    }
}

impl Served {
    fn new() -> Served {
        let lab = ServedLab::init(&["--no-sample-data"]);
        let data = &lab.data;
        let opened = Lab::open(data, Clock::system()).expect("lab");
        let node = opened.node(NODE).expect("node");
        let admin = accounts::local_owner_session(&node).expect("admin");
        call(&opened, &node, &admin, "set account name", |op| {
            accounts::create(op, "viewer", 0, VIEWER_PW, node.now())
        })
        .expect("viewer");
        call(&opened, &node, &admin, "set account name", |op| {
            accounts::create(op, "ops", 1, OPS_PW, node.now())
        })
        .expect("ops");
        let mut served = Served(lab);
        served.start();
        served
    }

    fn start(&mut self) {
        self.start_with(&[]);
    }

    fn start_with(&mut self, extra: &[&str]) {
        let out = self.0.start_with(extra);
        assert!(
            text(&out.stdout).contains(&format!("ssh -p {} ACCOUNT@127.0.0.1", self.base)),
            "{}",
            text(&out.stdout)
        );
    }

    fn connect(&self, user: &str, password: &str) -> Result<ssh2::Session, ssh2::Error> {
        let tcp = TcpStream::connect(("127.0.0.1", self.port(NODE))).expect("connect");
        let mut s = ssh2::Session::new()?;
        s.set_tcp_stream(tcp);
        s.set_timeout(WAIT.as_millis() as u32);
        s.handshake()?;
        s.userauth_password(user, password)?;
        Ok(s)
    }

    fn failed_attempts(&self, account: &str) -> u32 {
        let lab = Lab::open(&self.data, Clock::system()).expect("lab");
        let node = lab.node(NODE).expect("node");
        accounts::load(&node).expect("accounts").get(account).map(|a| a.failed_attempts).unwrap_or(0)
    }
}

/// An interactive session on a PTY, read as automation reads it.
struct Term {
    _session: ssh2::Session,
    ch: ssh2::Channel,
    /// Everything received, in order.
    wire: Vec<u8>,
}

impl Term {
    fn open(session: ssh2::Session) -> Term {
        let mut ch = session.channel_session().expect("channel");
        ch.request_pty("xterm", None, Some((80, 24, 0, 0))).expect("pty-req");
        ch.shell().expect("shell");
        // Reads return after a short while without data, so deadlines hold.
        session.set_timeout(200);
        Term { _session: session, ch, wire: Vec::new() }
    }

    /// Reads until the received bytes since `from` satisfy `done`; returns them.
    fn read_until(&mut self, from: usize, done: impl Fn(&[u8]) -> bool) -> Vec<u8> {
        let deadline = Instant::now() + WAIT;
        let mut buf = [0u8; 8192];
        while !done(&self.wire[from..]) {
            assert!(
                Instant::now() < deadline,
                "no end in sight after {WAIT:?}; received {:?}",
                text(&self.wire[from..])
            );
            match self.ch.read(&mut buf) {
                Ok(0) if self.ch.eof() => {
                    panic!("the session ended; received {:?}", text(&self.wire[from..]))
                }
                Ok(n) => self.wire.extend_from_slice(&buf[..n]),
                Err(_) => {} // timeout: nothing yet
            }
        }
        self.wire[from..].to_vec()
    }

    /// Reads up to the next prompt (the stream ends with `admin:`).
    fn read_prompt(&mut self, from: usize) -> Vec<u8> {
        self.read_until(from, |b| b.ends_with(PROMPT))
    }

    /// Sends a command line and returns what came back up to the next prompt.
    fn command(&mut self, line: &str) -> String {
        let from = self.wire.len();
        self.send(format!("{line}\r").as_bytes());
        text(&self.read_prompt(from))
    }

    /// Reads to the end of the session.
    fn drain(&mut self) {
        let deadline = Instant::now() + WAIT;
        let mut buf = [0u8; 8192];
        while !self.ch.eof() {
            assert!(Instant::now() < deadline, "the session did not end");
            if let Ok(n) = self.ch.read(&mut buf) {
                self.wire.extend_from_slice(&buf[..n]);
            }
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.ch.write_all(bytes).expect("send");
        self.ch.flush().expect("flush");
    }
}

#[test]
fn pty_logins_of_levels_0_1_and_4_land_at_their_own_level() {
    let served = Served::new();
    for (user, pw, level) in [("viewer", VIEWER_PW, 0), ("ops", OPS_PW, 1), ("admin", ADMIN_PW, 4)] {
        let mut term = Term::open(served.connect(user, pw).expect("login"));
        let banner = text(&term.read_prompt(0));
        // Nothing before the platform's banner.
        assert!(
            banner.starts_with("Command Line Interface is starting up, please wait ...\r\n\r\n"),
            "{banner:?}"
        );
        assert!(banner.contains("   Welcome to the Platform Command Line Interface\r\n"), "{banner:?}");
        let out = term.command("show myself");
        assert!(out.contains(&format!("account name    : {user}\r\n")), "{out:?}");
        assert!(out.contains(&format!("privilege level : {level}\r\n")), "{out:?}");
        assert!(out.contains("Machine Name    : cucm-imp-1\r\n"), "{out:?}");
        // The kernel's newline translation: every line end on the wire is CRLF.
        let body = out.replace("\r\n", "");
        assert!(!body.contains('\n'), "a bare LF reached the wire: {out:?}");
        // A level-1 command, then a level-4 one.
        let out = term.command("set cli pagination off");
        if level >= 1 {
            assert!(out.contains("Automatic pagination is turned off"), "{user}: {out:?}");
        } else {
            assert!(out.contains("Insufficient privilege level: this command requires privilege level 1, and this account has privilege level 0"), "{out:?}");
            assert!(out.contains("Executed command unsuccessfully"), "{out:?}");
        }
        let out = term.command("show account");
        if level == 4 {
            assert!(out.contains("Name = viewer, Privilege = 0"), "{out:?}");
        } else {
            assert!(out.contains("Insufficient privilege level"), "{user}: {out:?}");
        }
        let out = term.command("show cli pagination");
        assert!(out.contains("Automatic Pagination : "), "{out:?}");
        term.send(b"quit\r");
        term.drain();
        term.ch.wait_close().expect("close");
        assert_eq!(term.ch.exit_status().expect("exit status"), 0);
    }
}

#[test]
fn the_prompt_is_the_last_thing_on_the_wire() {
    let served = Served::new();
    let mut term = Term::open(served.connect("admin", ADMIN_PW).expect("login"));
    // Automation waits for `admin:` at the very end of the stream.
    let banner = term.read_until(0, |b| b.ends_with(PROMPT));
    assert!(
        banner.ends_with(b"\r\nadmin:"),
        "the stream must end with admin: after a line end: {:?}",
        text(&banner)
    );
    let from = term.wire.len();
    term.send(b"show myself\r");
    let out = term.read_until(from, |b| b.ends_with(PROMPT));
    assert!(out.starts_with(b"show myself\r\n"), "echo as typed: {:?}", text(&out));
    assert!(out.ends_with(b"\r\nadmin:"), "{:?}", text(&out));
}

#[test]
fn a_wrong_password_is_refused_and_counted_toward_lockout() {
    let served = Served::new();
    assert!(served.connect("ops", "not-the-password").is_err());
    assert_eq!(served.failed_attempts("ops"), 1);
    assert!(served.connect("nobody", "whatever-pw").is_err());
    // A good login resets the count.
    assert!(served.connect("ops", OPS_PW).is_ok());
    assert_eq!(served.failed_attempts("ops"), 0);
    // Three failures lock the account: then even its password is refused.
    for _ in 0..3 {
        assert!(served.connect("viewer", "wrong-wrong").is_err());
    }
    assert!(served.connect("viewer", VIEWER_PW).is_err(), "a locked account logged in");
    let log = std::fs::read_to_string(served.data.join("serve/serve.log")).unwrap_or_default();
    assert!(log.contains("failed login viewer@cucm-imp-1"), "{log}");
    assert!(log.contains("locked"), "{log}");
}

fn exec(session: &ssh2::Session, line: &str) -> (String, String, i32) {
    let mut ch = session.channel_session().expect("channel");
    ch.exec(line).expect("exec");
    let mut out = String::new();
    ch.read_to_string(&mut out).expect("stdout");
    let mut err = String::new();
    ch.stderr().read_to_string(&mut err).expect("stderr");
    ch.wait_close().expect("close");
    (out, err, ch.exit_status().expect("exit status"))
}

#[test]
fn an_exec_request_runs_one_command_and_returns_its_exit_status() {
    let served = Served::new();
    let s = served.connect("viewer", VIEWER_PW).expect("login");
    let (out, _, code) = exec(&s, "show myself");
    assert_eq!(code, 0);
    // No banner, no prompt: the command's output only.
    assert!(out.starts_with("Machine Name    : cucm-imp-1\n"), "{out:?}");
    assert!(out.contains("account name    : viewer\n"));
    let (_, err, code) = exec(&s, "show nonsense");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Executed command unsuccessfully"), "{err:?}");
    let (_, err, code) = exec(&s, "set cli pagination off");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("Insufficient privilege level"), "{err:?}");
    // Nothing reaches a Unix shell.
    let (_, err, code) = exec(&s, "true; echo pwned > /tmp/ucsh-serve-pwned");
    assert_eq!(code, 2, "{err}");
    assert!(!Path::new("/tmp/ucsh-serve-pwned").exists());
    // On a terminal (`ssh -t host cmd`): the kernel's CRLF, and the same exit status.
    let mut ch = s.channel_session().expect("channel");
    ch.request_pty("xterm", None, Some((80, 24, 0, 0))).expect("pty-req");
    ch.exec("show myself").expect("exec");
    let mut out = String::new();
    ch.read_to_string(&mut out).expect("stdout");
    ch.wait_close().expect("close");
    assert_eq!(ch.exit_status().expect("exit status"), 0);
    assert!(out.starts_with("Machine Name    : cucm-imp-1\r\naccount name    : viewer\r\n"), "{out:?}");
    // No sftp either.
    let mut ch = s.channel_session().expect("channel");
    assert!(ch.subsystem("sftp").is_err());
}

#[test]
fn a_shell_without_a_pty_reads_commands_from_standard_input() {
    let served = Served::new();
    let s = served.connect("ops", OPS_PW).expect("login");
    let mut ch = s.channel_session().expect("channel");
    ch.shell().expect("shell");
    ch.write_all(b"show myself\nset cli pagination off\n").expect("send");
    ch.send_eof().expect("eof");
    let mut out = String::new();
    ch.read_to_string(&mut out).expect("read");
    ch.wait_close().expect("close");
    assert_eq!(ch.exit_status().expect("status"), 0);
    assert!(out.contains("account name    : ops\n"), "{out:?}");
    assert!(out.contains("Automatic pagination is turned off\n"), "{out:?}");
    assert!(!out.contains("admin:"), "{out:?}");
}

#[test]
fn stop_ends_the_sessions_and_the_host_key_is_kept() {
    let mut served = Served::new();
    let s = served.connect("admin", ADMIN_PW).expect("login");
    let key = s.host_key_hash(ssh2::HashType::Sha256).expect("host key").to_vec();
    let mut ch = s.channel_session().expect("channel");
    ch.shell().expect("shell");
    // `cluster info` shows each node's address while serving (text and JSON).
    let info = run(ucsh(&served.data).args(["cluster", "info"]));
    assert!(
        text(&info.stdout).contains(&format!("ssh 127.0.0.1:{}", served.port(NODE))),
        "{}",
        text(&info.stdout)
    );
    let info = run(ucsh(&served.data).args(["--format", "json", "cluster", "info"]));
    assert!(
        text(&info.stdout).contains(&format!("\"ssh\":\"127.0.0.1:{}\"", served.port(NODE))),
        "{}",
        text(&info.stdout)
    );

    let out = run(ucsh(&served.data).args(["cluster", "serve", "--stop"]));
    assert!(text(&out.stdout).contains("Stopped the SSH server"), "{}", text(&out.stdout));
    // The session ended with the server.
    s.set_timeout(10_000);
    let mut rest = Vec::new();
    let _ = ch.read_to_end(&mut rest);
    assert!(ch.eof(), "the session outlived the server");
    assert!(ucsh::serve::running(&served.data).is_none());
    let info = run(ucsh(&served.data).args(["cluster", "info"]));
    assert!(!text(&info.stdout).contains(" ssh "), "{}", text(&info.stdout));
    let out = run(ucsh(&served.data).args(["cluster", "serve", "--stop"]));
    assert!(text(&out.stdout).contains("No SSH server"), "{}", text(&out.stdout));

    served.start();
    let s = served.connect("admin", ADMIN_PW).expect("login after a restart");
    assert_eq!(
        s.host_key_hash(ssh2::HashType::Sha256).expect("host key").to_vec(),
        key,
        "the host key changed"
    );
    let key_file = served.data.join("serve/ssh_host_ed25519_key");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&key_file).expect("key").permissions());
    assert_eq!(mode & 0o777, 0o600);
    // A second server on the same lab is refused.
    let out = run(ucsh(&served.data).args(["cluster", "serve", "--port-base", &free_base(8).to_string()]));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
}

#[test]
fn a_login_never_creates_a_lab() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("empty");
    // As sshd starts a login shell: argv[0] "-ucsh".
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ucsh"))
        .arg0_login()
        .env("UCSH_DATA_DIR", &data)
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("a login never creates one"), "{}", text(&out.stderr));
    assert!(!data.exists(), "a login created {}", data.display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ucsh"))
        .arg0_login()
        .args(["-c", "show myself"])
        .env("UCSH_DATA_DIR", &data)
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(!data.exists());
    // Serving an empty data directory creates nothing either.
    let out = run(ucsh(&data).args(["cluster", "serve", "--port-base", &free_base(8).to_string()]));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(!data.exists());
}

trait LoginArg0 {
    fn arg0_login(&mut self) -> &mut Self;
}
impl LoginArg0 for Command {
    fn arg0_login(&mut self) -> &mut Self {
        std::os::unix::process::CommandExt::arg0(self, "-ucsh")
    }
}

#[test]
fn login_shell_takes_node_and_account_from_the_environment() {
    let served = Served::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ucsh"))
        .arg0_login()
        .args(["-c", "show myself"])
        .env("UCSH_DATA_DIR", &served.data)
        .env("UCSH_NODE", NODE)
        .env("UCSH_ACCOUNT", "viewer")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("account name    : viewer\nprivilege level : 0\n"),
        "{}",
        text(&out.stdout)
    );
    // An account the node does not have.
    let out =
        ucsh(&served.data).env("UCSH_ACCOUNT", "ghost").args(["-c", "show myself"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("ghost"), "{}", text(&out.stderr));
}

/// The file viewer over SSH: single keys, no Enter, no echo (depends on the echo-as-typed
/// editor and the viewer's key reading).
#[test]
fn the_file_viewer_pages_with_single_keys() {
    let served = Served::new();
    // A plain activelog file of more than 20 lines on the node.
    let node_dir = served.data.join("clusters/cluster1/nodes").join(NODE).join("activelog");
    let file = walk(&node_dir)
        .into_iter()
        .find(|p| {
            p.extension().is_some_and(|e| e == "log" || e == "txt")
                && std::fs::read_to_string(p).map(|t| t.lines().count() > 20).unwrap_or(false)
        })
        .expect("a trace file of more than 20 lines");
    let rel = file.strip_prefix(&node_dir).expect("under activelog").display().to_string();
    let total = std::fs::read_to_string(&file).map(|t| t.lines().count()).unwrap_or(0);
    let mut term = Term::open(served.connect("admin", ADMIN_PW).expect("login"));
    term.read_prompt(0);
    let from = term.wire.len();
    term.send(format!("file view activelog {rel}\r").as_bytes());
    let first = format!(
        "\x1b[1m\r\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines 1 - 20 of {total}) : \x1b[0m"
    );
    let got = term.read_until(from, |b| b.ends_with(first.as_bytes()));
    assert!(text(&got).starts_with(&format!("file view activelog {rel}\r\n")), "{:?}", text(&got));
    let from = term.wire.len();
    term.send(b"n");
    let second = format!(
        "\x1b[1m\r\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines 21 - {} of {total}) : \x1b[0m",
        total.min(40)
    );
    let got = term.read_until(from, |b| b.ends_with(second.as_bytes()));
    assert!(!got.starts_with(b"n"), "the key was echoed: {:?}", text(&got));
    let from = term.wire.len();
    term.send(b"q");
    let got = term.read_prompt(from);
    assert!(got.ends_with(b"\r\nadmin:"), "{:?}", text(&got));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// `ucsh cluster pacing`: the starting line, the delay, then the rest of the banner
/// (depends on the interactive shell writing its banner through `login::write_banner`).
#[test]
fn pacing_delays_the_banner_after_the_starting_line() {
    let served = Served::new();
    let out = run(ucsh(&served.data).args(["cluster", "pacing", NODE, "800"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("800 ms"), "{}", text(&out.stdout));
    let mut term = Term::open(served.connect("ops", OPS_PW).expect("login"));
    term.read_until(0, |b| b.ends_with(b"please wait ...\r\n\r\n"));
    let started = Instant::now();
    term.read_until(0, |b| text(b).contains("Welcome"));
    assert!(started.elapsed() >= Duration::from_millis(700), "the banner came after {:?}", started.elapsed());
    term.read_prompt(0);
    let out = run(ucsh(&served.data).args(["cluster", "pacing", NODE, "off"]));
    assert!(text(&out.stdout).contains("pacing off"), "{}", text(&out.stdout));
    let out = run(ucsh(&served.data).args(["cluster", "pacing", NODE, "soon"]));
    assert_eq!(out.status.code(), Some(1));
}

/// The login shells serving this lab (processes whose argv[0] is `-ucsh` and whose
/// environment names its data directory).
fn login_shells(data: &Path) -> Vec<u32> {
    let needle = format!("UCSH_DATA_DIR={}", data.display()).into_bytes();
    let Ok(procs) = std::fs::read_dir("/proc") else { return Vec::new() };
    procs
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| {
            let argv0 = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            let env = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            argv0.starts_with(b"-ucsh\0") && env.split(|b| *b == 0).any(|v| v == needle.as_slice())
        })
        .collect()
}

#[test]
fn a_dropped_connection_hangs_its_shell_up_and_sessions_are_bounded() {
    let mut served = Served::new();
    let _ = run(ucsh(&served.data).args(["cluster", "serve", "--stop"]));
    served.start_with(&["--max-sessions", "1"]);
    let mut term = Term::open(served.connect("ops", OPS_PW).expect("login"));
    term.read_until(0, |b| b.ends_with(PROMPT));
    let shells = login_shells(&served.data);
    assert_eq!(shells.len(), 1, "{shells:?}");
    // A second session is refused while the first runs.
    let s2 = served.connect("viewer", VIEWER_PW).expect("login");
    let mut ch = s2.channel_session().expect("channel");
    assert!(ch.shell().is_err(), "a session beyond --max-sessions started");
    drop(ch);
    drop(s2);
    // The client goes away without a word: its shell is hung up.
    drop(term);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !login_shells(&served.data).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the shell outlived its connection: {:?}",
            login_shells(&served.data)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // And the slot is free again.
    let s3 = served.connect("viewer", VIEWER_PW).expect("login");
    let (out, _, code) = exec(&s3, "show myself");
    assert_eq!(code, 0);
    assert!(out.contains("account name    : viewer"), "{out}");
}
