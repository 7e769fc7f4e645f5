//! Process-level behaviour: argv words, `-c`, `--script`, standard input, prompts answered
//! from standard input, exit codes, `--format json`, a closed pipe, the first start.

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const NOW: &str = "2026-11-23T10:00:00Z";

fn ucsh(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    c.env("UCSH_DATA_DIR", data).env("UCSH_NOW", NOW).env_remove("NO_COLOR");
    c
}

fn run(cmd: &mut Command, stdin: &str) -> Output {
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("ucsh starts");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("ucsh finishes")
}

/// A copy of the lab `ucsh cluster init` makes (tests of init itself run the binary).
fn lab() -> (tempfile::TempDir, std::path::PathBuf) {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    let clock = ucsh::engine::Clock::from_rfc3339(NOW).expect("pinned time");
    lab_fixture::standard_lab(&data, clock);
    (t, data)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn first_start_creates_the_standard_lab_and_says_so() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("fresh");
    let out = run(ucsh(&data).args(["show", "myself"]), "");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("created the standard lab"), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Machine Name    : cucm-pub\n"));
    assert!(data.join("deployment.toml").is_file());
    // The second start says nothing about it.
    let out = run(ucsh(&data).args(["show", "myself"]), "");
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    // init on an existing lab refuses without --force, then works with it.
    let out = run(ucsh(&data).args(["cluster", "init"]), "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--force"));
    let out = run(ucsh(&data).args(["cluster", "init", "--force", "--cm-subscribers", "3"]), "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(ucsh(&data).args(["cluster", "info"]), "");
    assert!(text(&out.stdout).contains("cucm-sub3"));
    let out = run(ucsh(&data).args(["cluster", "init", "--force", "--cm-subscribers", "9"]), "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn words_and_dash_c_are_the_same_path() {
    let (_t, data) = lab();
    let a = run(ucsh(&data).args(["show", "network", "cluster"]), "");
    let b = run(ucsh(&data).args(["-c", "show network cluster"]), "");
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    // A service name with blanks given as one quoted argument.
    let c = run(
        ucsh(&data).args(["--node", "cucm-imp-1", "utils", "service", "restart", "Cisco XCP Router"]),
        "",
    );
    assert_eq!(c.status.code(), Some(0), "{}", text(&c.stderr));
    assert!(text(&c.stdout).contains("Cisco XCP Router[STARTED]"));
}

#[test]
fn dash_c_runs_in_order_and_stops_at_the_first_failure() {
    let (_t, data) = lab();
    let out =
        run(ucsh(&data).args(["-c", "show cli pagination", "-c", "show nonsense", "-c", "show myself"]), "");
    assert_eq!(out.status.code(), Some(2));
    let o = text(&out.stdout);
    assert!(o.contains("Automatic Pagination : Off."));
    assert!(!o.contains("Machine Name"), "ran past the failure: {o}");
    assert!(text(&out.stderr).contains("Executed command unsuccessfully"));
    // --keep-going runs the rest; the exit status is still the failure's.
    let out = run(ucsh(&data).args(["--keep-going", "-c", "show nonsense", "-c", "show myself"]), "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("Machine Name"));
}

#[test]
fn exit_codes() {
    let (_t, data) = lab();
    assert_eq!(run(ucsh(&data).args(["-c", "show myself"]), "").status.code(), Some(0));
    assert_eq!(run(ucsh(&data).args(["-c", "show"]), "").status.code(), Some(2));
    assert_eq!(run(ucsh(&data).args(["-c", "utils service start No Such"]), "").status.code(), Some(1));
    let down = run(ucsh(&data).args(["cluster", "fault", "node-down", "cucm-sub1"]), "");
    assert_eq!(down.status.code(), Some(0));
    let out = run(ucsh(&data).args(["--node", "cucm-sub1", "-c", "show status"]), "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not reachable"));
    let out = run(ucsh(&data).args(["--node", "nosuch", "-c", "show status"]), "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no node named nosuch"));
}

#[test]
fn script_file_with_comments() {
    let (t, data) = lab();
    let script = t.path().join("check.ucsh");
    std::fs::write(
        &script,
        "# a health check\n\nshow cli pagination\n  # indented comment\nshow version active\n",
    )
    .expect("write");
    let out = run(ucsh(&data).arg("--script").arg(&script), "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Automatic Pagination : Off.\nActive Master Version: 12.5.1.16900-48\nActive Version Installed Software Options:\nNo Installed Software Options Found.\n"
    );
}

#[test]
fn stdin_lines_with_any_line_end_and_prompt_answers() {
    let (_t, data) = lab();
    let input = "show cli pagination\rset cli pagination on\r\nshow cli pagination\nset account name ops\n1\nopspass1\nopspass1\nshow account\n";
    let out = run(&mut ucsh(&data), input);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    let o = text(&out.stdout);
    assert!(
        o.contains(
            "Automatic Pagination : Off.\nAutomatic pagination is turned on\nAutomatic Pagination : On.\n"
        ),
        "{o}"
    );
    assert!(o.contains("Account created successfully."));
    assert!(o.contains("Name = ops, Privilege = 1"));
    // The password is never shown.
    assert!(!o.contains("opspass1"), "password echoed: {o}");
    // A prompt with no answer left fails clearly instead of hanging.
    let out = run(&mut ucsh(&data), "set account name viewer\n0\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("standard input has ended"));
}

#[test]
fn yes_answers_confirmations() {
    let (_t, data) = lab();
    let out = run(ucsh(&data).args(["--yes", "--node", "cucm-imp-1", "-c", "utils system restart"]), "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let o = text(&out.stdout);
    assert!(o.contains("Enter (yes/no)? yes\n"));
    assert!(o.contains("Appliance is being Restarted ..."));
}

#[test]
fn json_output_one_document_per_command() {
    let (_t, data) = lab();
    let out = run(
        ucsh(&data).args([
            "--format",
            "json",
            "--keep-going",
            "-c",
            "show myself",
            "-c",
            "show nonsense",
            "-c",
            "utils service list",
        ]),
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let docs: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON document"))
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["status"], "ok");
    assert_eq!(docs[0]["result"]["account"], "admin");
    assert_eq!(docs[0]["result"]["privilege"], 4);
    assert_eq!(docs[1]["status"], "error");
    assert_eq!(docs[1]["error"]["kind"], "usage");
    assert_eq!(docs[1]["exit"], 2);
    assert!(docs[2]["result"]["services"].as_array().is_some_and(|a| a.len() > 20));
    let out = run(ucsh(&data).args(["--format", "json", "cluster", "info"]), "");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["result"]["clusters"][0]["nodes"][0]["name"], "cucm-pub");
}

#[test]
fn closed_pipe_is_not_an_error() {
    let (_t, data) = lab();
    let mut child = ucsh(&data)
        .args(["-c", "utils service list", "-c", "show hardware", "-c", "utils service list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one line, then close our end, as `| head -1` does.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    let _ = std::io::Read::read(&mut stdout, &mut first);
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
}

#[test]
fn login_as_another_account() {
    let (_t, data) = lab();
    let out = run(&mut ucsh(&data), "set account name ops\n1\nopspass1\nopspass1\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let ok = run(ucsh(&data).args(["--account", "ops", "-c", "show myself"]), "opspass1\n");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("account name    : ops\nprivilege level : 1"));
    // Wrong passwords, then the account locks (3 failures by default).
    for _ in 0..3 {
        let bad = run(ucsh(&data).args(["--account", "ops", "-c", "show myself"]), "nope\n");
        assert_eq!(bad.status.code(), Some(1));
        assert!(text(&bad.stderr).contains("Authentication failed"));
    }
    let locked = run(ucsh(&data).args(["--account", "ops", "-c", "show myself"]), "opspass1\n");
    assert_eq!(locked.status.code(), Some(1));
    assert!(text(&locked.stderr).contains("locked"), "{}", text(&locked.stderr));
    // Lockout goes by the wall clock: a later UCSH_NOW does not lift it.
    let pinned = run(
        ucsh(&data).env("UCSH_NOW", "2030-01-01T10:06:00Z").args(["--account", "ops", "-c", "show myself"]),
        "opspass1\n",
    );
    assert_eq!(pinned.status.code(), Some(1), "{}", text(&pinned.stderr));
    // Once the lock time has passed (moved into the past here), the right password works.
    let path = data.join("clusters/cluster1/nodes/cucm-pub/accounts.toml");
    let stored = std::fs::read_to_string(&path).expect("accounts");
    let re = regex::Regex::new(r#"locked_until = "[^"]*""#).expect("regex");
    std::fs::write(&path, re.replace(&stored, r#"locked_until = "2000-01-01T00:00:00Z""#).as_ref())
        .expect("write");
    let later = run(ucsh(&data).args(["--account", "ops", "-c", "show myself"]), "opspass1\n");
    assert_eq!(later.status.code(), Some(0), "{}", text(&later.stderr));
    // The password is stored only as an argon2 hash.
    let accounts = std::fs::read_to_string(data.join("clusters/cluster1/nodes/cucm-pub/accounts.toml"))
        .expect("accounts");
    assert!(!accounts.contains("opspass1"));
    assert!(accounts.contains("$argon2id$"));
}

#[test]
fn admin_password_file_at_init() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    let pw = t.path().join("pw");
    std::fs::write(&pw, "s3cret-admin\n").expect("write");
    let out = run(ucsh(&data).args(["cluster", "init", "--admin-password-file"]).arg(&pw), "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let ok = run(ucsh(&data).args(["--account", "admin", "-c", "show myself"]), "s3cret-admin\n");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let bad = run(ucsh(&data).args(["--account", "admin", "-c", "show myself"]), "wrong\n");
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn bad_clock_is_refused() {
    let (_t, data) = lab();
    let out = run(ucsh(&data).env("UCSH_NOW", "yesterday").args(["show", "myself"]), "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("RFC 3339"));
}

/// Starts ucsh (through `sh` when `ignore_sigint`, with SIGINT ignored as a script's
/// background jobs have it) on a confirmation prompt, waits for the prompt and sends
/// SIGINT `signals` times; then answers `answer` (if still running) and returns the exit
/// code and standard output.
fn interrupt_at_prompt(
    data: &Path,
    signals: usize,
    ignore_sigint: bool,
    answer: &str,
) -> (Option<i32>, String) {
    use std::io::Read;
    use std::time::{Duration, Instant};
    let exe = env!("CARGO_BIN_EXE_ucsh");
    let args = [
        "--node",
        "cucm-imp-1",
        "-c",
        "file delete activelog platform/log/clustermgr00000001.log",
        "-c",
        "show myself",
    ];
    let mut cmd = if ignore_sigint {
        let mut c = Command::new("sh");
        c.arg("-c").arg("trap '' INT; exec \"$0\" \"$@\"").arg(exe).args(args);
        c
    } else {
        let mut c = Command::new(exe);
        c.args(args);
        c
    };
    cmd.env("UCSH_DATA_DIR", data).env("UCSH_NOW", NOW).env_remove("NO_COLOR");
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("ucsh starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !text(&out).contains("continue: ") {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(b) => out.extend(b),
            Err(_) => assert!(Instant::now() < deadline, "no prompt: {}", text(&out)),
        }
    }
    for _ in 0..signals {
        let ok = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
        assert!(ok.success());
        // Let the signal land before the next one (two pending SIGINTs are one).
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = stdin.write_all(format!("{answer}\n").as_bytes());
    drop(stdin);
    let code = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("ucsh did not end: {}", text(&out));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = reader.join();
    out.extend(rx.try_iter().flatten());
    (code, text(&out))
}

#[test]
fn ctrl_c_in_dash_c_mode_stops_and_exits_130() {
    let (_t, data) = lab();
    // One Ctrl-C: the command at hand ends, the lines after it do not run.
    let (code, out) = interrupt_at_prompt(&data, 1, false, "y");
    assert_eq!(code, Some(130), "{out}");
    assert!(!out.contains("account name"), "the next command ran: {out}");
    // Two: ucsh ends at once, without waiting for the answer.
    let (code, out) = interrupt_at_prompt(&data, 2, false, "y");
    assert_eq!(code, Some(130), "{out}");
    assert!(!out.contains("files: found"), "{out}");
    let list = || {
        let out = run(
            ucsh(&data).args(["--node", "cucm-imp-1", "-c", "file list activelog platform/log/clustermgr*"]),
            "",
        );
        text(&out.stdout)
    };
    assert!(list().contains("clustermgr00000001.log"), "deleted after Ctrl-C: {}", list());
    // Started with SIGINT ignored (a script's background job): it stays ignored.
    let (code, out) = interrupt_at_prompt(&data, 1, true, "y");
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("files: found = 1, deleted = 1") && out.contains("account name"), "{out}");
    assert!(!list().contains("clustermgr00000001.log"), "{}", list());
}

/// `ucsh cluster` reports findings the same way in JSON as in text: a refused branding.zip
/// exits 3, with status `findings` (it used to exit 0 in JSON).
#[test]
fn cluster_findings_exit_3_in_json_too() {
    let (t, data) = lab();
    let bad = t.path().join("bad.zip");
    std::fs::write(&bad, "not a zip").expect("write");
    let text = run(ucsh(&data).args(["cluster", "branding-file", "cucm-imp-1"]).arg(&bad), "");
    assert_eq!(text.status.code(), Some(3), "{}", String::from_utf8_lossy(&text.stdout));
    let json =
        run(ucsh(&data).args(["--format", "json", "cluster", "branding-file", "cucm-imp-1"]).arg(&bad), "");
    assert_eq!(json.status.code(), Some(3));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
    assert_eq!((doc["status"].as_str(), doc["exit"].as_i64()), (Some("findings"), Some(3)), "{doc}");
}

/// `utils system shutdown` and `switch-version` end the session, as the platform drops the
/// connection: nothing after them runs, from `-c` or from standard input, and the node is
/// then down (shutdown) or on its other version (switch-version).
#[test]
fn shutdown_and_switch_version_end_the_session() {
    let (_t, data) = lab();
    let out = run(
        ucsh(&data).args([
            "--node",
            "cucm-sub1",
            "--yes",
            "-c",
            "utils system shutdown",
            "-c",
            "show myself",
        ]),
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Appliance is being Powered - Off ..."), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains("Machine Name"), "a command ran after the shutdown");
    // The other nodes see it down; a command aimed at it fails the platform's way.
    let out = run(ucsh(&data).args(["--node", "cucm-sub1", "-c", "show myself"]), "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not reachable"), "{}", text(&out.stderr));

    let out =
        run(ucsh(&data).args(["--node", "cucm-pub"]), "utils system switch-version\nyes\nshow myself\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Switching from 12.5.1.16900-48 to 12.5.1.14900-63"));
    assert!(!text(&out.stdout).contains("Machine Name"), "a command ran after the switch");
    let out = run(ucsh(&data).args(["--node", "cucm-pub", "-c", "show version active"]), "");
    assert!(text(&out.stdout).contains("Active Master Version: 12.5.1.14900-63"), "{}", text(&out.stdout));
}
