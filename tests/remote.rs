//! `ucsh --host` against the lab served over SSH on loopback (`ucsh cluster serve`): what a
//! node's text is read back into equals the engine's own result for the same node; several
//! hosts at once with the unhappy ones (down, silent, changed host key, wrong password);
//! Ctrl-C leaves no session open on the server.
//!
//! Each test serves its own lab on 127.0.0.1 ports from a free base; every wait is bounded.

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;

#[path = "support/served.rs"]
mod served;

use served::{free_base, run, text, ucsh, ServedLab};

/// A served lab and the files a `--host` run needs; stopped when dropped.
struct Served(ServedLab);

impl std::ops::Deref for Served {
    type Target = ServedLab;
    fn deref(&self) -> &ServedLab {
        &self.0
    }
}

impl Served {
    fn new() -> Served {
        Served::init(&["--no-sample-data"])
    }

    /// With the sample users and devices (whose users validation finds problems).
    fn with_sample_data() -> Served {
        Served::init(&[])
    }

    fn init(options: &[&str]) -> Served {
        let mut lab = ServedLab::init(options);
        lab.start_with(&[]);
        Served(lab)
    }

    fn host(&self, node: &str) -> String {
        format!("127.0.0.1:{}", self.port(node))
    }

    fn known_hosts(&self) -> PathBuf {
        self.dir.path().join("known_hosts")
    }

    /// `ucsh --host ...` with the password file and this lab's known_hosts.
    fn remote(&self, hosts: &str) -> Command {
        let mut c = ucsh(&self.data);
        c.arg("--host")
            .arg(hosts)
            .arg("--password-file")
            .arg(self.password_file())
            .arg("--known-hosts")
            .arg(self.known_hosts())
            .args(["--connect-timeout", "5", "--command-timeout", "20"]);
        c
    }

    /// The server's sessions: its child processes (one `-ucsh` per session).
    fn sessions(&self) -> usize {
        let pid = ucsh::serve::running(&self.data).expect("serving").pid;
        let mut n = 0;
        for e in std::fs::read_dir("/proc").expect("/proc").flatten() {
            let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
            // pid (comm) state ppid ...: comm may hold blanks, so read after the last ')'.
            let ppid =
                stat.rsplit_once(')').and_then(|(_, r)| r.split_whitespace().nth(1).map(str::to_string));
            if ppid.as_deref() == Some(&pid.to_string()) {
                n += 1;
            }
        }
        n
    }
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    text(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn parsed_results_equal_the_engines_own() {
    let served = Served::new();
    let commands = [
        "show status",
        "show version active",
        "show version inactive",
        "show network eth0",
        "show network eth0 detail",
        "show network cluster",
        "show hardware",
        "utils service list",
        "utils ntp status",
        "show account",
        "utils dbreplication runtimestate",
        "show myself",
        "show cli pagination",
        "show accountlocking",
        "utils ntp server list",
        "utils core active list",
        "utils diagnose module validate_network",
        "show cert list own",
        "show cert list trust",
        "show cert own tomcat",
        "show cli session timeout",
        "utils network ping cucm-sub1",
        "utils network host cucm-sub1",
        "utils network arp list numeric",
        "utils network traceroute cucm-sub1",
        "show network route",
        "show timezone config",
        "utils remotesyslog show protocol",
        "utils remotesyslog show server",
        "utils diagnose list",
        "utils diagnose version",
        "run sql select name, systemnode from processnode order by name",
        "help show myself",
        "set cli pagination off",
        "utils ntp config",
    ];
    for node in ["cucm-pub", "cucm-imp-1"] {
        let imp_only: &[&str] = if node == "cucm-imp-1" { &["utils ha status"] } else { &[] };
        let commands: Vec<&str> = commands.iter().chain(imp_only).copied().collect();
        let mut remote = served.remote(&served.host(node));
        remote.args(["--accept-new", "--format", "json"]);
        let mut local = ucsh(&served.data);
        local.args(["--node", node, "--format", "json"]);
        for c in &commands {
            remote.args(["-c", c]);
            local.args(["-c", c]);
        }
        let (r, l) = (run(&mut remote), run(&mut local));
        assert!(r.status.success(), "{}{}", text(&r.stdout), text(&r.stderr));
        assert!(l.status.success(), "{}", text(&l.stderr));
        let (r, l) = (json_lines(&r.stdout), json_lines(&l.stdout));
        assert_eq!(r.len(), commands.len(), "{r:?}");
        for ((c, mut rd), mut ld) in commands.iter().zip(r).zip(l) {
            assert_eq!(rd["command"], *c);
            assert_eq!(rd["host"], served.host(node));
            assert_eq!(rd["node"], node, "{rd}");
            assert_eq!((rd["status"].as_str(), rd["exit"].as_i64()), (Some("ok"), Some(0)), "{rd}");
            assert!(rd.get("raw").is_none(), "{c} on {node} did not parse: {rd}");
            let (rr, lr) = (&mut rd["result"], &mut ld["result"]);
            match *c {
                // The clock and the log partition move between the two runs.
                "show status" => {
                    for v in [&mut *rr, &mut *lr] {
                        for k in ["date", "uptime", "disks"] {
                            v.as_object_mut().expect("object").remove(k);
                        }
                    }
                }
                // Without `detail` the text shows no MAC, MTU or queue length.
                "show network eth0" => {
                    for k in ["mac", "mtu", "queue_length"] {
                        lr.as_object_mut().expect("object").remove(k);
                        rr.as_object_mut().expect("object").remove(k);
                    }
                }
                "utils ntp status" => {
                    for v in [&mut *rr, &mut *lr] {
                        for k in ["utc_now", "local_now"] {
                            v.as_object_mut().expect("object").remove(k);
                        }
                    }
                }
                // The clock moves; the rows that differ are not in the text.
                "utils dbreplication runtimestate" => {
                    for v in [&mut *rr, &mut *lr] {
                        v.as_object_mut().expect("object").remove("server_time");
                        for n in v["nodes"].as_array_mut().expect("nodes") {
                            n.as_object_mut().expect("node").remove("rows_differing");
                        }
                    }
                }
                // With `numeric` the text shows addresses, not the names the engine knows.
                "utils network arp list numeric" => {
                    for e in lr["entries"].as_array_mut().expect("entries") {
                        e["name"] = serde_json::Value::Null;
                    }
                }
                // The text says only each account's name and level.
                "show account" => {
                    for a in lr["accounts"].as_array_mut().expect("accounts") {
                        let o = a.as_object_mut().expect("account");
                        o.retain(|k, _| k == "name" || k == "level");
                    }
                }
                // Each run writes the next log; a single module's text does not say the product.
                "utils diagnose module validate_network" => {
                    for v in [&mut *rr, &mut *lr] {
                        for k in ["log", "communications_manager"] {
                            v.as_object_mut().expect("object").remove(k);
                        }
                    }
                }
                _ => {}
            }
            assert_eq!(rr, lr, "{c} on {node}");
        }
    }
}

/// An ed25519 public key blob that no server has.
fn other_key() -> String {
    let mut blob = vec![0, 0, 0, 11];
    blob.extend_from_slice(b"ssh-ed25519");
    blob.extend_from_slice(&[0, 0, 0, 32]);
    blob.extend_from_slice(&[0x42; 32]);
    base64::engine::general_purpose::STANDARD.encode(blob)
}

#[test]
fn several_hosts_with_one_down_one_silent_one_changed_key_one_wrong_password() {
    let served = Served::new();
    // Down: a port nothing listens on. Silent: accepts, never says a word.
    let down = format!("127.0.0.1:{}", free_base(1));
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind");
    let silent = format!("127.0.0.1:{}", silent.local_addr().expect("addr").port());
    let changed = served.port("cucm-sub1");
    std::fs::write(
        served.known_hosts(),
        format!("# lab\n[127.0.0.1]:{changed} ssh-ed25519 {}\n", other_key()),
    )
    .expect("known_hosts");
    let hosts_file = served.dir.path().join("hosts");
    let mut f = std::fs::File::create(&hosts_file).expect("hosts file");
    for h in [
        served.host("cucm-pub"),
        down.clone(),
        silent.clone(),
        served.host("cucm-sub1"),
        format!("nobody@{}", served.host("cucm-imp-1")),
        served.host("cucm-imp-1"),
    ] {
        writeln!(f, "{h}").expect("write");
    }
    drop(f);
    let started = Instant::now();
    let out = run(ucsh(&served.data)
        .arg("--hosts-file")
        .arg(&hosts_file)
        .arg("--password-file")
        .arg(served.dir.path().join("pw"))
        .arg("--known-hosts")
        .arg(served.known_hosts())
        .args(["--accept-new", "--connect-timeout", "3", "--parallel", "3", "--format", "json"])
        .args(["-c", "show version active", "-c", "utils service list"]));
    assert!(started.elapsed() < Duration::from_secs(30), "took {:?}", started.elapsed());
    assert_eq!(out.status.code(), Some(1), "{}{}", text(&out.stdout), text(&out.stderr));
    let docs = json_lines(&out.stdout);
    let kinds: Vec<(String, String)> = docs
        .iter()
        .map(|d| {
            let kind = d["error"]["kind"].as_str().unwrap_or(d["status"].as_str().unwrap_or("")).to_string();
            (d["host"].as_str().unwrap_or("").to_string(), kind)
        })
        .collect();
    let pub_ = served.host("cucm-pub");
    let imp = served.host("cucm-imp-1");
    let expected: Vec<(String, String)> = vec![
        (pub_.clone(), "ok".into()),
        (pub_, "ok".into()),
        (down, "unreachable".into()),
        (silent, "timeout".into()),
        (served.host("cucm-sub1"), "hostkey".into()),
        (format!("nobody@{imp}"), "auth".into()),
        (imp.clone(), "ok".into()),
        (imp, "ok".into()),
    ];
    assert_eq!(kinds, expected, "in host order: {}", text(&out.stdout));
    let changed_doc = &docs[4]["error"]["message"];
    let msg = changed_doc.as_str().unwrap_or("");
    assert!(msg.contains("HAS CHANGED") && msg.contains("known_hosts:2"), "{msg}");
    // The changed key was not replaced, even with --accept-new.
    let kh = std::fs::read_to_string(served.known_hosts()).expect("known_hosts");
    assert!(kh.contains(&other_key()), "{kh}");
    // The summary: one row per host.
    let err = text(&out.stderr);
    for col in ["host", "reachable", "commands ok", "findings", "errors"] {
        assert!(err.contains(col), "{err}");
    }
    assert_eq!(err.lines().filter(|l| l.contains("127.0.0.1:")).count(), 6, "{err}");
    // Text: a heading per host, in order.
    let out = run(served
        .remote(&format!("{},{}", served.host("cucm-imp-1"), served.host("cucm-pub")))
        .args(["-c", "show version active"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let t = text(&out.stdout);
    let a = t.find(&format!("== {} ==", served.host("cucm-imp-1"))).expect("first heading");
    let b = t.find(&format!("== {} ==", served.host("cucm-pub"))).expect("second heading");
    assert!(a < b && t.contains("Active Master Version: "), "{t}");
}

#[test]
fn exit_statuses_and_raw_text_follow_the_platforms_wording() {
    let served = Served::new();
    let host = served.host("cucm-pub");
    let out = run(served.remote(&host).args(["--accept-new", "-c", "show nonsense"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("Executed command unsuccessfully"));
    // A command without a parser yet (while one is left): its text, said to be raw, and its
    // own exit status.
    let no_parser =
        ["show date", "utils branding status", "utils dbreplication status"].into_iter().find(|c| {
            let inv = ucsh::catalog::parse(c, ucsh::catalog::Scope::Cm).expect("a catalog command");
            ucsh::render::parse::parser(inv.spec.path).is_none()
        });
    if let Some(c) = no_parser {
        let out = run(served.remote(&host).args(["--format", "json", "-c", c]));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let d = &json_lines(&out.stdout)[0];
        assert!(!d["raw"].as_str().unwrap_or("").trim().is_empty(), "{d}");
        assert!(d["parse"]["error"].as_str().unwrap_or("").contains("no parser"), "{d}");
    }
    // A confirmation is declined without --yes (no terminal to ask), answered with it.
    let out = run(served.remote(&host).args(["-c", "utils system restart"]));
    let declined = text(&out.stdout);
    assert!(declined.contains("Enter (yes/no)? no"), "{declined}");
    assert!(!declined.contains("Appliance is being Restarted"), "{declined}");
    let out = run(served.remote(&host).args(["--yes", "-c", "utils system restart"]));
    let done = text(&out.stdout);
    assert!(done.contains("Enter (yes/no)? yes") && done.contains("Appliance is being Restarted"), "{done}");
    assert!(out.status.success(), "{done}");
}

#[test]
fn ctrl_c_leaves_no_session_open() {
    let served = Served::new();
    let host = served.host("cucm-pub");
    // The banner comes after 5 s: the run is inside a session when Ctrl-C comes.
    let out = run(ucsh(&served.data).args(["cluster", "pacing", "cucm-pub", "5000"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(served.sessions(), 0);
    let mut child = served
        .remote(&host)
        .args(["--accept-new", "-c", "show version active"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ucsh starts");
    let deadline = Instant::now() + Duration::from_secs(10);
    while served.sessions() == 0 {
        assert!(Instant::now() < deadline, "no session started");
        std::thread::sleep(Duration::from_millis(50));
    }
    let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(kill.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(Instant::now() < deadline, "ucsh did not stop at Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(130));
    let deadline = Instant::now() + Duration::from_secs(10);
    while served.sessions() > 0 {
        assert!(Instant::now() < deadline, "a session is still open on the server");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn with_no_command_on_a_terminal_ucshs_own_shell_runs_lines_on_the_node() {
    use expectrl::session::OsSession as Session;
    use expectrl::Expect;
    let served = Served::new();
    let host = served.host("cucm-imp-1");
    let out = run(served.remote(&host).args(["--accept-new", "-c", "show version active"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut cmd = served.remote(&host);
    cmd.arg("--data-dir").arg(&served.data).env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn ucsh on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    // The node's banner, then ucsh's own prompt.
    s.expect("Welcome to the Platform Command Line Interface").expect("banner");
    s.expect("admin:").expect("prompt");
    // Tab completes from the catalog; the line runs on the node.
    s.send("show ver\t").expect("send");
    s.expect("show version ").expect("completed");
    s.send("active\r").expect("send");
    s.expect("Active Master Version: 12.5").expect("the node's output");
    s.expect("admin:").expect("prompt again");
    s.send("show ?").expect("send");
    s.expect("hardware").expect("help from the catalog");
    s.send("\x15show myself\r").expect("send");
    s.expect("Machine Name    : cucm-imp-1").expect("ran on the node");
    s.expect("admin:").expect("prompt again");
    s.send("quit\r").expect("send");
    s.expect(expectrl::Eof).expect("ucsh ends on quit");
    let deadline = Instant::now() + Duration::from_secs(10);
    while served.sessions() > 0 {
        assert!(Instant::now() < deadline, "the session stayed open after quit");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn tab_completes_values_asked_of_the_node() {
    use expectrl::session::OsSession as Session;
    use expectrl::Expect;
    let served = Served::new();
    let host = served.host("cucm-imp-1");
    let out = run(served.remote(&host).args(["--accept-new", "-c", "show myself"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut cmd = served.remote(&host);
    cmd.arg("--data-dir").arg(&served.data).env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn ucsh on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    s.expect("admin:").expect("prompt");
    // A service name, from the node's own `utils service list` (an IM and Presence service:
    // the catalog alone could not know this node has it).
    s.send("utils service restart Cisco XCP Con\t").expect("send");
    s.expect("Cisco XCP Connection Manager").expect("service completed");
    // A folder of the node's activelog, from its `file list`.
    s.send("\x15file list activelog epa\t").expect("send");
    s.expect("epas/").expect("folder completed");
    // The line runs on the node as typed.
    s.send("\x15show myself\r").expect("send");
    s.expect("Machine Name    : cucm-imp-1").expect("ran on the node");
    s.expect("admin:").expect("prompt again");
    s.send("quit\r").expect("send");
    s.expect(expectrl::Eof).expect("ucsh ends on quit");
}

#[test]
fn users_validate_findings_read_back_with_exit_3() {
    let served = Served::with_sample_data();
    let node = "cucm-imp-1";
    let c = "utils users validate all";
    let mut remote = served.remote(&served.host(node));
    remote.args(["--accept-new", "--format", "json", "-c", c]);
    let mut local = ucsh(&served.data);
    local.args(["--node", node, "--format", "json", "-c", c]);
    let (r, l) = (run(&mut remote), run(&mut local));
    assert_eq!((r.status.code(), l.status.code()), (Some(3), Some(3)), "{}", text(&r.stderr));
    let (mut r, mut l) = (json_lines(&r.stdout), json_lines(&l.stdout));
    assert_eq!(r[0]["exit"], 3, "{}", r[0]);
    assert!(r[0].get("raw").is_none(), "did not parse: {}", r[0]);
    let (rr, lr) = (&mut r[0]["result"], &mut l[0]["result"]);
    // Not in the text: the clusters checked, the users counted, each holder's own spelling.
    for v in [&mut *rr, &mut *lr] {
        let o = v.as_object_mut().expect("object");
        o.remove("clusters");
        o.remove("users_checked");
        for g in o["duplicate_uris"].as_array_mut().expect("groups") {
            for u in g["users"].as_array_mut().expect("users") {
                u.as_object_mut().expect("user").remove("value");
            }
        }
    }
    assert_eq!(rr, lr);
}

// ---------------------------------------------------------------------------------------
// group "files and show": the file family, show diskusage, timezone list, open files,
// network ipprefs, registry, risdb list, smtp, tech

/// A JSON time of the engine (UTC) as the node's local time shown (whole seconds), read as UTC: what a
/// parsed `file list detail` or `file delete detail` holds (the text does not name the zone).
fn fs_as_shown(v: &mut serde_json::Value, zone: &str) {
    let tz: chrono_tz::Tz = zone.parse().expect("the node's time zone");
    let t: chrono::DateTime<chrono::Utc> = serde_json::from_value(v.clone()).expect("a time");
    // Whole seconds: the text shows no fraction.
    let shown = t.with_timezone(&tz).naive_local().and_utc();
    let shown = chrono::DurationRound::duration_trunc(shown, chrono::TimeDelta::seconds(1)).expect("a time");
    *v = serde_json::to_value(shown).expect("a time");
}

/// `log_<name>__<stamp>.tar.gz` with the stamp taken out: two runs build their bundles
/// seconds apart.
fn fs_unstamped(path: &str) -> String {
    match (path.find("__"), path.rfind(".tar.gz")) {
        (Some(a), Some(b)) if a < b => format!("{}__STAMP{}", &path[..a], &path[b..]),
        _ => path.to_string(),
    }
}

/// What the text of each command does not carry, taken out of the engine's own result
/// (`lr`) or of both; see the doc comments of `render::parse::file` and `everyday`.
fn fs_comparable(c: &str, rr: &mut serde_json::Value, lr: &mut serde_json::Value) {
    let words: Vec<&str> = c.split_whitespace().collect();
    let zone = lr["timezone"].as_str().unwrap_or("UTC").to_string();
    match words.as_slice() {
        ["file", "list", ..] if c.contains("detail") => {
            lr["timezone"] = "".into();
            for e in lr["entries"].as_array_mut().expect("entries") {
                fs_as_shown(&mut e["modified"], &zone);
            }
        }
        ["file", "list", ..] => {
            lr["timezone"] = "".into();
            lr["dir_count"] = 0.into();
            lr["file_count"] = 0.into();
            for e in lr["entries"].as_array_mut().expect("entries") {
                e["is_dir"] = false.into();
                e["size"] = 0.into();
                e["modified"] = "1970-01-01T00:00:00Z".into();
            }
        }
        // Which file `recent` picked is not in the text.
        ["file", "dump", .., "recent"] => {
            lr["path"] = rr["path"].clone();
        }
        ["file", "search", ..] => {
            for v in [&mut *rr, &mut *lr] {
                v.as_object_mut().expect("object").remove("files_searched");
                for m in v["matches"].as_array_mut().expect("matches") {
                    m["line_number"] = 0.into();
                }
            }
        }
        ["file", "build", "log", ..] => {
            for v in [&mut *rr, &mut *lr] {
                let o = v.as_object_mut().expect("object");
                o.remove("bundle_bytes");
                o.remove("input_bytes");
                let bundle = fs_unstamped(o["bundle"].as_str().unwrap_or(""));
                o.insert("bundle".into(), bundle.into());
            }
            for f in lr["files"].as_array_mut().expect("files") {
                let name = f.as_str().unwrap_or("").rsplit('/').next().unwrap_or("").to_string();
                *f = name.into();
            }
        }
        ["file", "delete", ..] => {
            lr["timezone"] = "".into();
            // Without detail the text names no file.
            if !c.contains("detail") {
                lr["files"] = serde_json::json!([]);
            }
            for v in [&mut *rr, &mut *lr] {
                for f in v["files"].as_array_mut().expect("files") {
                    // Each run deletes the bundle it built, seconds apart.
                    let p = fs_unstamped(f["path"].as_str().unwrap_or(""));
                    f["path"] = p.into();
                    f.as_object_mut().expect("file").remove("modified");
                }
            }
        }
        // The other run (its logins, show tech dbstateinfo, file build log) wrote there.
        ["show", "diskusage", "activelog" | "common", ..] => {
            for v in [&mut *rr, &mut *lr] {
                v["total_kb"] = 0.into();
                for r in v["rows"].as_array_mut().expect("rows") {
                    r["kb"] = 0.into();
                }
            }
        }
        ["show", "diskusage", ..] if !c.contains("directory") => {
            // An empty folder reads as a file.
            let paths: Vec<String> = lr["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .map(|r| r["path"].as_str().unwrap_or("").to_string())
                .collect();
            for r in lr["rows"].as_array_mut().expect("rows") {
                let p = r["path"].as_str().unwrap_or("").to_string();
                let below = format!("{p}/");
                if r["is_dir"] == true
                    && !paths.iter().any(|q| q.starts_with(&below))
                    && p.matches('/').count() > 3
                {
                    r["is_dir"] = false.into();
                }
            }
        }
        ["show", "open", "files", ..] => {
            for f in lr["files"].as_array_mut().expect("files") {
                f["process"]["service"] = "".into();
                let cmd: String = f["process"]["command"].as_str().unwrap_or("").chars().take(9).collect();
                f["process"]["command"] = cmd.into();
            }
        }
        // Each run writes its own report, named after the second it ran.
        ["show", "tech", "dbstateinfo"] => {
            for v in [&mut *rr, &mut *lr] {
                for k in ["output", "error_output"] {
                    let s: String =
                        v[k].as_str().unwrap_or("").chars().filter(|c| !c.is_ascii_digit()).collect();
                    v[k] = s.into();
                }
            }
        }
        // The uptime moves on between the runs.
        ["show", "tech", "system", ..] => {
            for v in [&mut *rr, &mut *lr] {
                for s in v["sections"].as_array_mut().expect("sections") {
                    for l in s["lines"].as_array_mut().expect("lines") {
                        if l.as_str().is_some_and(|t| t.starts_with("Up: ")) {
                            *l = "Up:".into();
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

#[test]
fn files_and_show_read_back_equal_the_engines_own() {
    let served = Served::new();
    let common = [
        "file list activelog platform/log detail",
        "file list activelog platform/log",
        "file list activelog cm/trace/dbl/sdi date reverse detail",
        "file list activelog cm/trace",
        "file view activelog platform/log/clustermgr00000001.log",
        "file tail activelog platform/log/servm00000001.log 5",
        "file tail activelog platform/log/servm00000001.log hex",
        "file dump activelog cm/trace/dbl/sdi/dbmon00000001.txt",
        "file dump activelog platform/log recent",
        "file dump activelog cm/trace/dbl/sdi/dbmon00000001.txt hex regexp INFO",
        "file search activelog platform/log INFO",
        "file search activelog platform/log/clustermgr00000001.log Heartbeat",
        "file search activelog platform/log zzzqqqnothing",
        "show diskusage activelog directory",
        "show diskusage install directory sort",
        "show diskusage install",
        "show diskusage common directory",
        "show timezone list",
        "show open files all",
        "show open files regexp dbmon",
        "show network ipprefs all",
        "show network ipprefs enabled",
        "show network ipprefs public",
        "show registry cm dbl/sdi",
        "show registry cm dbl/sdi tracelevel",
        "show smtp",
        "show tech ccm_service",
        "show tech dbstateinfo",
        "show tech network all",
        "show tech network hosts search cucm",
        "show tech repltimeout",
        "show tech system all",
    ];
    // State changes: each run builds its bundle and deletes it (the run before it left
    // none; the first delete asks, and --yes answers), then lists the folder.
    let imp_only = [
        "file build log cisco_xcp_router 7",
        "file delete activelog epas/trace/log_cisco_xcp_router__*.tar.gz detail",
        "file build log dbmon cpa 2",
        "file delete activelog epas/trace/log_*.tar.gz noconfirm",
        "file list activelog epas/trace detail",
    ];
    for node in ["cucm-pub", "cucm-imp-1"] {
        let extra: &[&str] = if node == "cucm-imp-1" { &imp_only } else { &["show risdb list"] };
        let commands: Vec<&str> = common.iter().chain(extra).copied().collect();
        let mut remote = served.remote(&served.host(node));
        remote.args(["--accept-new", "--yes", "--format", "json"]);
        let mut local = ucsh(&served.data);
        local.args(["--node", node, "--yes", "--format", "json"]);
        for c in &commands {
            remote.args(["-c", c]);
            local.args(["-c", c]);
        }
        let (r, l) = (run(&mut remote), run(&mut local));
        assert!(r.status.success(), "{}{}", text(&r.stdout), text(&r.stderr));
        assert!(l.status.success(), "{}", text(&l.stderr));
        let (r, l) = (json_lines(&r.stdout), json_lines(&l.stdout));
        assert_eq!(r.len(), commands.len(), "{r:?}");
        for ((c, mut rd), mut ld) in commands.iter().zip(r).zip(l) {
            assert_eq!(rd["command"], *c);
            assert_eq!(rd["node"], node, "{rd}");
            assert_eq!((rd["status"].as_str(), rd["exit"].as_i64()), (Some("ok"), Some(0)), "{rd}");
            assert!(rd.get("raw").is_none(), "{c} on {node} did not parse: {rd}");
            let (rr, lr) = (&mut rd["result"], &mut ld["result"]);
            fs_comparable(c, rr, lr);
            assert_eq!(rr, lr, "{c} on {node}");
        }
    }
    // The bundles are gone on the node: each delete found the one its run built.
    let out = run(ucsh(&served.data).args(["--node", "cucm-imp-1", "-c", "file list activelog epas/trace"]));
    assert!(!text(&out.stdout).contains("log_cisco_xcp_router__"), "{}", text(&out.stdout));
    // Failures read back with the platform's wording and exit status, one per family.
    let failing = [
        "file view activelog no/such/file.log",
        "file list activelog no/such",
        "show registry cm no/such",
        "show network ipprefs sideways",
    ];
    let node = "cucm-pub";
    let mut remote = served.remote(&served.host(node));
    remote.args(["--accept-new", "--keep-going", "--format", "json"]);
    let mut local = ucsh(&served.data);
    local.args(["--node", node, "--keep-going", "--format", "json"]);
    for c in failing {
        remote.args(["-c", c]);
        local.args(["-c", c]);
    }
    let (r, l) = (run(&mut remote), run(&mut local));
    // The worst of the four: a failure (1) over a bad line (2).
    assert_eq!(
        (r.status.code(), l.status.code()),
        (Some(1), Some(1)),
        "{}{}",
        text(&r.stdout),
        text(&l.stdout)
    );
    let (r, l) = (json_lines(&r.stdout), json_lines(&l.stdout));
    assert_eq!(r.len(), failing.len(), "{r:?}");
    for ((c, rd), ld) in failing.iter().zip(&r).zip(&l) {
        assert!(rd.get("raw").is_none(), "{c}: {rd}");
        for k in ["status", "exit"] {
            assert_eq!(rd[k], ld[k], "{c}: {k}: {rd} / {ld}");
        }
        assert_eq!(rd["error"]["message"], ld["error"]["message"], "{c}");
    }
    let exits: Vec<i64> = r.iter().map(|d| d["exit"].as_i64().unwrap_or(-1)).collect();
    assert_eq!(exits, [1, 1, 1, 2], "{r:?}");
}

#[path = "support/sshd.rs"]
#[allow(dead_code)]
mod fs_sshd;

/// `cmd` with `input` on its standard input (the answers to what the command asks).
fn fs_with_stdin(cmd: &mut Command, input: &str) -> std::process::Output {
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("ucsh starts");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(input.as_bytes());
    }
    child.wait_with_output().expect("ucsh ends")
}

/// The files under `dir`, relative, with their bytes.
fn fs_tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("a folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("below").to_string_lossy().into_owned();
                out.push((rel, std::fs::read(&p).expect("a file")));
            }
        }
    }
    out.sort();
    out
}

/// `file get` on a node over `--host`: `--yes` answers whether to proceed, standard input
/// the SFTP server's questions and the host key's; the files land on a real OpenSSH server
/// as a local run's do, and the JSON holds what the text says of the transfer.
#[test]
#[allow(clippy::print_stderr)]
fn file_get_over_host_sends_the_files_and_reads_back_the_transfer() {
    let server = match fs_sshd::start_sshd_with(fs_sshd::SFTP_SERVER, "rg") {
        Ok(s) => s,
        Err(why) => {
            eprintln!(
                "\n*** SKIPPED file_get_over_host_sends_the_files_and_reads_back_the_transfer: {why} ***\n"
            );
            return;
        }
    };
    let served = Served::new();
    let node = "cucm-imp-1";
    let c = "file get activelog platform/log";
    let answers = |dir: &str, password: &str| {
        format!("127.0.0.1\n{}\n{}\n{password}\n{dir}\nyes\n", server.port, server.user)
    };
    let mut remote = served.remote(&served.host(node));
    remote.args(["--accept-new", "--yes", "--format", "json", "-c", c]);
    let r = fs_with_stdin(&mut remote, &answers("remote", &server.password));
    let mut local = ucsh(&served.data);
    local.args(["--node", node, "--yes", "--format", "json", "-c", c]);
    let l = fs_with_stdin(&mut local, &answers("local", &server.password));
    assert!(r.status.success(), "{}{}", text(&r.stdout), text(&r.stderr));
    assert!(l.status.success(), "{}{}", text(&l.stdout), text(&l.stderr));
    let (r, l) = (&json_lines(&r.stdout)[0], &json_lines(&l.stdout)[0]);
    assert!(r.get("raw").is_none(), "did not parse: {r}");
    assert!(!r.to_string().contains(&server.password), "the password is in the JSON");
    assert_eq!((r["status"].as_str(), r["exit"].as_i64()), (Some("ok"), Some(0)), "{r}");
    let sent = l["result"]["files"].as_array().expect("files").len();
    assert!(sent > 1, "{l}");
    let (rr, lr) = (&r["result"], &l["result"]);
    assert_eq!(rr["files_affected"], sent, "{rr}");
    assert_eq!(rr["files_sent"], sent, "{rr}");
    assert_eq!(rr["total_bytes"], lr["bytes"], "{rr} / {lr}");
    assert_eq!(rr["recurs"], false, "{rr}");
    // The same files, byte for byte, under each run's download folder.
    let under = |dir: &str| fs_tree(&server.home.join(dir).join(node).join("activelog"));
    let got = under("remote");
    assert_eq!(got.len(), sent);
    assert_eq!(got, under("local"));
    // A wrong SFTP password: exit 1 and the same wording from both.
    let mut remote = served.remote(&served.host(node));
    remote.args(["--yes", "--format", "json", "-c", c]);
    let r = fs_with_stdin(&mut remote, &answers("remote2", "not-the-password"));
    let mut local = ucsh(&served.data);
    local.args(["--node", node, "--yes", "--format", "json", "-c", c]);
    let l = fs_with_stdin(&mut local, &answers("local2", "not-the-password"));
    assert_eq!(
        (r.status.code(), l.status.code()),
        (Some(1), Some(1)),
        "{}{}",
        text(&r.stdout),
        text(&l.stdout)
    );
    let (r, l) = (&json_lines(&r.stdout)[0], &json_lines(&l.stdout)[0]);
    assert_eq!((&r["status"], &r["exit"]), (&l["status"], &l["exit"]), "{r} / {l}");
    // The node's error ends what it wrote after the summary and the questions.
    let (rm, lm) =
        (r["error"]["message"].as_str().unwrap_or(""), l["error"]["message"].as_str().unwrap_or(""));
    assert!(!lm.is_empty() && rm.ends_with(&format!("\n{lm}")), "{r} / {l}");
    assert!(!rm.contains("not-the-password"), "{rm}");
    assert!(!server.home.join("remote2").exists());
}
