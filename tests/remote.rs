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

// ----- issue 14 item 2: services, system, settings -----

use std::path::Path;

/// The clock of both labs of the twin checks: `show date`, report names and dates read the
/// same on both.
const PINNED_NOW: &str = "2026-11-23T10:00:00Z";

/// A lab with a core on cucm-pub (a crashed service), served with its clock pinned, and a
/// twin of its data taken before serving: the same commands run on the twin locally start
/// from the same state as on the served lab over SSH.
fn served_with_twin() -> (Served, PathBuf) {
    let lab = ServedLab::init(&["--no-sample-data"]);
    let out = run(ucsh(&lab.data).args(["cluster", "fault", "service-crash", "cucm-pub", "Cisco Tftp"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (lab, twin) = twin_and_serve(lab);
    (Served(lab), twin)
}

/// A twin of the lab's data taken now (the engine's own results come from it, starting
/// from the same state as the served lab), then the lab served with its clock pinned.
fn twin_and_serve(mut lab: ServedLab) -> (ServedLab, PathBuf) {
    let twin = lab.dir.path().join("twin");
    let out = run(Command::new("cp").arg("-a").arg(&lab.data).arg(&twin));
    assert!(out.status.success(), "cp: {}", text(&out.stderr));
    lab.base = free_base(8);
    let out = run(ucsh(&lab.data).env("UCSH_NOW", PINNED_NOW).args([
        "cluster",
        "serve",
        "--port-base",
        &lab.base.to_string(),
    ]));
    assert!(out.status.success(), "serve: {}{}", text(&out.stdout), text(&out.stderr));
    (lab, twin)
}

/// Runs `cmd` with `input` on its standard input (the answers to its prompts).
fn run_answering(cmd: &mut Command, input: &str) -> std::process::Output {
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("ucsh");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("answers");
    }
    child.wait_with_output().expect("ucsh ends")
}

/// The engine's result reduced to what the command's text carries (the parsers' doc
/// comments say what each text does not carry).
fn as_the_text_shows(command: &str, v: &mut serde_json::Value) {
    let Some(o) = v.as_object_mut() else { return };
    let keep = |o: &mut serde_json::Map<String, serde_json::Value>, keys: &[&str]| {
        o.retain(|k, _| keys.contains(&k.as_str()))
    };
    let path = command.split(' ').take(3).collect::<Vec<_>>().join(" ");
    match path.as_str() {
        // A restart does not show its stops.
        "utils service restart" => {
            if let Some(steps) = o.get_mut("steps").and_then(|s| s.as_array_mut()) {
                steps.retain(|s| s[1] != "stopping");
            }
        }
        "utils system restart" | "utils system shutdown" if o.contains_key("stopped") => keep(o, &["node"]),
        "utils system switch-version" if o.contains_key("restart") => keep(o, &["node", "from", "to"]),
        "utils ntp restart" => keep(o, &[]),
        "utils ha recover" => keep(o, &[]),
        "utils ha failover" | "utils ha fallback" => keep(o, &["action", "node", "backup", "group"]),
        "utils core active" | "utils core inactive" => {
            if let Some(info) = o.get_mut("info").and_then(|i| i.as_object_mut()) {
                info.remove("service");
                info.remove("at");
            }
        }
        "set accountlocking enable"
        | "set accountlocking disable"
        | "set accountlocking count"
        | "set accountlocking unlocktime" => keep(o, &["change"]),
        "set cli session" => keep(o, &["minutes"]),
        "show date" => keep(o, &["text"]),
        // ps and top show a user name longer than 8 characters as its first 7 and `+`.
        "show process list" | "show process using-most" | "show process load" => {
            for rows in o.values_mut().filter_map(|v| v.as_array_mut()) {
                for row in rows.iter_mut().filter_map(|r| r.as_object_mut()) {
                    if let Some(u) =
                        row.get("user").and_then(|u| u.as_str()).filter(|u| u.chars().count() > 8)
                    {
                        let shown = format!("{}+", u.chars().take(7).collect::<String>());
                        row.insert("user".into(), shown.into());
                    }
                }
            }
        }
        // lsof's COMMAND column is 9 characters wide.
        "show open ports" => {
            for sock in o.get_mut("sockets").and_then(|s| s.as_array_mut()).into_iter().flatten() {
                if let Some(c) = sock["process"]["command"].as_str() {
                    sock["process"]["command"] = c.chars().take(9).collect::<String>().into();
                }
            }
        }
        _ => {}
    }
}

/// The same lines on the served node (`--host`, JSON read back from its text) and locally
/// on the twin, the same `answers` on standard input: the same documents, statuses and exit
/// codes; nothing left raw.
fn same_on_both(
    served: &Served,
    twin: &Path,
    node: &str,
    options: &[&str],
    answers: &str,
    lines: &[&str],
) -> usize {
    let mut remote = served.remote(&served.host(node));
    remote.args(["--accept-new", "--format", "json", "--keep-going"]).args(options);
    let mut local = ucsh(twin);
    local
        .env("UCSH_NOW", PINNED_NOW)
        .args(["--node", node, "--format", "json", "--keep-going"])
        .args(options);
    for l in lines {
        remote.args(["-c", l]);
        local.args(["-c", l]);
    }
    // One host and a standard input that is not a terminal: it answers the node's
    // questions a line each, as it answers the local run's.
    let r = run_answering(&mut remote, answers);
    let l = run_answering(&mut local, answers);
    assert_eq!(
        r.status.code(),
        l.status.code(),
        "{node}: remote {}{}\nlocal {}{}",
        text(&r.stdout),
        text(&r.stderr),
        text(&l.stdout),
        text(&l.stderr)
    );
    let (r, l) = (json_lines(&r.stdout), json_lines(&l.stdout));
    assert_eq!(r.len(), l.len(), "{node}: remote {r:?}\nlocal {l:?}");
    for (rd, mut ld) in r.into_iter().zip(l) {
        let c = rd["command"].as_str().unwrap_or("").to_string();
        assert_eq!(rd["command"], ld["command"]);
        assert_eq!(rd["node"], node, "{rd}");
        assert!(rd.get("raw").is_none(), "{c} on {node} did not parse: {rd}");
        assert_eq!((&rd["status"], &rd["exit"]), (&ld["status"], &ld["exit"]), "{c} on {node}: {rd}\n{ld}");
        assert_eq!(rd["error"], ld["error"], "{c} on {node}");
        as_the_text_shows(&c, &mut ld["result"]);
        assert_eq!(rd["result"], ld["result"], "{c} on {node}");
    }
    lines.len()
}

#[test]
fn services_system_and_settings_read_back_as_the_engines_own() {
    let (served, twin) = served_with_twin();
    let both = |node: &str, options: &[&str], answers: &str, lines: &[&str]| {
        same_on_both(&served, &twin, node, options, answers, lines)
    };
    // Confirmations answered no: nothing happens, and the text says so.
    both(
        "cucm-pub",
        &[],
        "no\nno\nno\nno\n",
        &[
            "utils system restart",
            "set timezone Asia/Tokyo",
            "utils core active analyze",
            "utils system shutdown",
            "show date",
        ],
    );
    // Everything answered yes; the failures read back with the platform's wording and exit 1.
    both(
        "cucm-pub",
        &["--yes"],
        "",
        &[
            "show date",
            "set timezone Asia/Tokyo",
            "show date",
            "utils service start Cisco Tftp",
            "utils service stop Cisco Tftp",
            "utils service restart Cisco Tftp",
            "utils service deactivate Cisco DirSync",
            "utils service activate Cisco DirSync",
            "utils service deactivate Cisco DirSync",
            "utils service restart Cisco Nonsense",
            "utils ntp restart",
            "set accountlocking count 4",
            "set accountlocking unlocktime 600",
            "set accountlocking disable",
            "set accountlocking enable",
            "set accountlocking count 0",
            "set cli session timeout 45",
            "utils core active analyze",
            "utils core inactive analyze",
            "utils system restart",
            "utils system switch-version",
            // The node restarted on the other version and ended the session: not run.
            "show myself",
        ],
    );
    // quit ends the lines on both: nothing after it runs, and it writes nothing.
    both("cucm-sub1", &[], "", &["show myself", "quit", "show myself"]);
    both("cucm-sub1", &[], "", &["show myself", "exit", "show myself"]);
    both(
        "cucm-imp-1",
        &["--yes"],
        "",
        &[
            "set timezone Mars/Olympus",
            "set cli session timeout 0",
            "utils system switch-version",
            "utils ntp restart",
            // The router restarts the XCP services with it; a stop stops what depends on it.
            "utils service restart Cisco XCP Router",
            "utils service stop Cisco XCP Router",
            "utils service start Cisco XCP Router",
            "utils service list",
            "utils ha recover cluster1-prg1",
            // The failover's move of users completes by the lab clock, pinned here: the
            // fallback is refused while it is in progress.
            "utils ha failover cucm-imp-1",
            "utils ha fallback cucm-imp-1",
            "utils ha failover nobody",
            "utils ha recover nogroup",
            "utils ha status",
        ],
    );
    // What the commands changed is the same on both.
    both(
        "cucm-pub",
        &[],
        "",
        &[
            "show version active",
            "utils service list",
            "show accountlocking",
            "show cli session timeout",
            "show timezone config",
            "utils core active list",
        ],
    );
    // The shutdown ends the session, and the node is down on both.
    both("cucm-sub1", &["--yes"], "", &["utils system shutdown", "show myself"]);
    // In a text run too, a session the command ended is its result, not a failure.
    let out = run(served.remote(&served.host("cucm2-pub")).args([
        "--accept-new",
        "--yes",
        "-c",
        "utils system shutdown",
        "-c",
        "show myself",
    ]));
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}{}", text(&out.stderr));
    assert!(said.contains("Enter (yes/no)? yes\nAppliance is being Powered - Off ...\n"), "{said}");
    assert!(!said.contains("Machine Name"), "a line ran after the session ended: {said}");
    for data in [&served.data, &twin] {
        let out = run(ucsh(data).args(["cluster", "info"]));
        let info = text(&out.stdout);
        let line = info.lines().find(|l| l.trim_start().starts_with("cucm-sub1 ")).unwrap_or("");
        assert!(line.split_whitespace().any(|w| w == "down"), "{info}");
    }
}

/// In ucsh's own shell on a node too, a command that ends the node's session is its
/// result: its text is shown and the shell ends with status 0, as on the lab.
#[test]
fn a_shutdown_in_the_interactive_shell_shows_its_text_and_ends_it() {
    use expectrl::session::OsSession as Session;
    use expectrl::Expect;
    let served = Served::new();
    let host = served.host("cucm-sub1");
    let out = run(served.remote(&host).args(["--accept-new", "-c", "show myself"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut cmd = served.remote(&host);
    cmd.arg("--yes").arg("--data-dir").arg(&served.data).env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawn ucsh on a pty");
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    s.expect("admin:").expect("prompt");
    s.send("utils system shutdown\r").expect("send");
    s.expect("Appliance is being Powered - Off ...").expect("the node's text");
    s.expect(expectrl::Eof).expect("ucsh ends with the node's session");
    let status = s.get_process().wait().expect("exit status");
    assert!(format!("{status:?}").ends_with(", 0)"), "{status:?}");
}

#[path = "support/sshd.rs"]
#[allow(dead_code)]
mod sshd;

/// Replication, branding, syslog, certificate and DRS commands read back over --host.
mod replication_branding_syslog_cert_drs {
    use super::*;

    // ----- replication, branding, syslog, certificates, DRS -----

    /// A lab with the faults and branding files the commands below work on, a twin copy of it
    /// taken before it is served (the engine's own results come from the twin, so both runs
    /// start from the same state), and the lab served with the clock pinned.
    fn served_with_twin() -> (ServedLab, PathBuf) {
        let lab = ServedLab::init(&["--users", "0"]);
        let files =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/utils/branding/files");
        let (good, bad) = (files.join("good-cm.zip"), files.join("bad-imp.zip"));
        let (good, bad) = (good.to_string_lossy(), bad.to_string_lossy());
        let setup: [&[&str]; 5] = [
            &["cluster", "fault", "diverge", "cucm-sub1", "enduser", "3"],
            &["cluster", "fault", "diverge", "cucm-sub1", "device", "2"],
            &["cluster", "fault", "replication-break", "cucm-sub1"],
            &["cluster", "branding-file", "cucm-pub", &good],
            &["cluster", "branding-file", "cucm-imp-1", &bad],
        ];
        for args in setup {
            let out = run(ucsh(&lab.data).env("UCSH_NOW", PINNED_NOW).args(args));
            // The bad archive is placed with its findings (exit 3).
            assert!(
                matches!(out.status.code(), Some(0 | 3)),
                "{args:?}: {}{}",
                text(&out.stdout),
                text(&out.stderr)
            );
        }
        twin_and_serve(lab)
    }

    /// What the text of `command` does not carry, left out of the engine's own JSON (the
    /// parsers' doc comments say why).
    fn as_the_text_shows_it(command: &str, v: &mut serde_json::Value) {
        let unknown: &[&str] = match command.split(' ').take(3).collect::<Vec<_>>().join(" ").as_str() {
            "utils dbreplication status" => &["tables_checked", "nodes"],
            "utils dbreplication repair" => &["nodes"],
            "utils dbreplication reset"
            | "utils dbreplication stop"
            | "utils dbreplication clusterreset"
            | "utils dbreplication rebuild" => &["nodes.*.node", "nodes.*.rows_synced"],
            "utils dbreplication forcedatasyncsub" => &["nodes.*.node"],
            "utils dbreplication repairtable" | "utils dbreplication repairreplicate" => {
                &["nodes.*.node", "nodes.*.rows_written"]
            }
            "utils remotesyslog add" | "utils remotesyslog delete" => &["server.port"],
            "set cert regen" => &["serial"],
            "utils branding enable" | "utils branding disable" => {
                &["node", "file", "option", "warnings.*.kind"]
            }
            "utils branding status" => &[
                "node",
                "upload_path",
                "installed.file.placed_at",
                "installed.file.placed_by",
                "installed.colours",
            ],
            _ => &[],
        };
        // While enabled, an upload that is the installed file (or none) is not shown apart.
        if command == "utils branding status"
            && v["enabled"] == true
            && (v["uploaded"].is_null() || v["uploaded"] == v["installed"]["file"])
        {
            ucsh::render::parse::partial::remove(v, "uploaded");
        }
        for p in unknown {
            ucsh::render::parse::partial::remove(v, p);
        }
        match command {
            "utils branding preview" => {
                let problems = v["validation"]["problems"].as_array().cloned().unwrap_or_default();
                let (errors, warnings): (Vec<_>, Vec<_>) =
                    problems.into_iter().partition(|p| p["level"] == "error");
                let problems: Vec<serde_json::Value> = errors
                    .into_iter()
                    .chain(warnings)
                    .map(|mut p| {
                        ucsh::render::parse::partial::remove(&mut p, "kind");
                        p
                    })
                    .collect();
                *v = serde_json::json!({
                    "activelog_path": v["activelog_path"],
                    "file": {"source": v["file"]["source"]},
                    "validation": {"problems": problems},
                });
            }
            c if c.starts_with("utils disaster_recovery estimate_tar_size") => {
                let bytes = v["bytes"].as_u64().expect("bytes");
                *v = serde_json::json!({ "megabytes": bytes.div_ceil(1 << 20) });
            }
            _ => {}
        }
    }

    /// Runs `commands` on `node` over SSH and on the twin, and checks every document: the same
    /// status, exit and error message, a parsed result (no `raw`) equal to the engine's own as
    /// its text shows it.
    fn same_as_the_engine(
        lab: &ServedLab,
        twin: &std::path::Path,
        node: &str,
        commands: &[&str],
    ) -> Vec<i64> {
        let host = format!("127.0.0.1:{}", lab.port(node));
        let mut remote = ucsh(&lab.data);
        remote
            .arg("--host")
            .arg(&host)
            .arg("--password-file")
            .arg(lab.password_file())
            .arg("--known-hosts")
            .arg(lab.dir.path().join("known_hosts"))
            .args(["--connect-timeout", "5", "--command-timeout", "30", "--accept-new"])
            .args(["--yes", "--keep-going", "--format", "json"]);
        let mut local = ucsh(twin);
        local.env("UCSH_NOW", PINNED_NOW).args(["--node", node, "--yes", "--keep-going", "--format", "json"]);
        for c in commands {
            remote.args(["-c", c]);
            local.args(["-c", c]);
        }
        let (r, l) = (run(&mut remote), run(&mut local));
        // Each document's exit status is compared below (a run of many lines sums them up
        // differently: the first failure locally, the worst over --host).
        assert!(r.status.code().is_some() && l.status.code().is_some(), "{}", text(&r.stderr));
        let (r, l) = (json_lines(&r.stdout), json_lines(&l.stdout));
        assert_eq!((r.len(), l.len()), (commands.len(), commands.len()), "{r:?}\n{l:?}");
        let mut exits = Vec::new();
        for ((c, rd), mut ld) in commands.iter().zip(r).zip(l) {
            assert_eq!((rd["command"].as_str(), rd["host"].as_str()), (Some(*c), Some(host.as_str())));
            assert!(rd.get("raw").is_none(), "{c} on {node} did not parse: {rd}");
            assert_eq!(
                (&rd["status"], &rd["exit"]),
                (&ld["status"], &ld["exit"]),
                "{c} on {node}: {rd}\n{ld}"
            );
            assert_eq!(rd["error"]["message"], ld["error"]["message"], "{c} on {node}");
            as_the_text_shows_it(c, &mut ld["result"]);
            assert_eq!(rd["result"], ld["result"], "{c} on {node}");
            exits.push(rd["exit"].as_i64().unwrap_or(-1));
        }
        exits
    }

    /// A CA certificate for `utils remotesyslog import cacert`.
    fn syslog_ca(dir: &std::path::Path) -> PathBuf {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, "Syslog Test CA");
        let key = KeyPair::generate().expect("CA key");
        let cert = params.self_signed(&key).expect("CA certificate");
        let path = dir.join("syslog-ca.pem");
        std::fs::write(&path, cert.pem()).expect("write the CA");
        path
    }

    #[test]
    fn replication_branding_syslog_cert_and_drs_results_read_back_as_the_engines_own() {
        let (lab, twin) = served_with_twin();
        let ca = syslog_ca(lab.dir.path());
        let import = format!("utils remotesyslog import cacert {}", ca.display());
        let commands = [
            // A subscriber whose link is broken: named, and the run exits 3.
            "utils dbreplication repairreplicate ccmdbtemplate_device all",
            "utils dbreplication repairtable enduser all",
            "utils dbreplication quickaudit all",
            "utils dbreplication reset all",
            "utils dbreplication repairtable device all",
            "utils dbreplication status",
            "utils dbreplication repair all",
            "utils dbreplication setprocess 4",
            "utils dbreplication setprocess",
            "utils dbreplication setrepltimeout 400",
            "utils dbreplication setrepltimeout 5",
            "utils dbreplication repairtable nosuchtable all",
            "utils dbreplication stop",
            "utils dbreplication clusterreset",
            "utils dbreplication forcedatasyncsub all",
            "utils dbreplication rebuild",
            "utils dbreplication dropadmindb",
            "utils dbreplication reset all",
            "utils branding status",
            "utils branding preview",
            "utils branding enable",
            "utils branding status",
            "utils branding disable",
            "utils branding disable",
            "utils remotesyslog set protocol tcp",
            "utils remotesyslog add server 10.1.1.1",
            "utils remotesyslog add server 10.1.1.2 1514",
            "utils remotesyslog delete server 10.1.1.1",
            "utils remotesyslog delete server 10.9.9.9",
            &import,
            "set cert regen tomcat",
            "set cert regen nosuchunit",
            "utils disaster_recovery estimate_tar_size CCM",
            "utils disaster_recovery device delete nodev",
        ];
        let exits = same_as_the_engine(&lab, &twin, "cucm-pub", &commands);
        // Findings, failures and successes all read back with their own exit status.
        assert_eq!(exits[0], 3, "{exits:?}");
        assert!(exits.contains(&1) && exits.contains(&0), "{exits:?}");
        // A refused archive: its preview's findings exit 3, enable fails with the reasons.
        let exits = same_as_the_engine(
            &lab,
            &twin,
            "cucm-imp-1",
            &[
                "utils branding preview",
                "utils branding enable",
                "utils branding status",
                "utils dbreplication status",
            ],
        );
        assert_eq!(&exits[..2], &[3, 1], "{exits:?}");
    }

    use super::sshd;

    /// `ucsh --host` on a terminal (the secrets and values the commands ask are typed there,
    /// never given on the command line): answers each question `asked` names in turn, then
    /// returns the JSON documents.
    fn remote_on_a_terminal(
        lab: &ServedLab,
        node: &str,
        commands: &[String],
        asked: &[(&str, String)],
    ) -> Vec<serde_json::Value> {
        use expectrl::session::OsSession as Session;
        use expectrl::Expect;
        let mut cmd = ucsh(&lab.data);
        cmd.arg("--host")
            .arg(format!("127.0.0.1:{}", lab.port(node)))
            .arg("--password-file")
            .arg(lab.password_file())
            .arg("--known-hosts")
            .arg(lab.dir.path().join("known_hosts"))
            .args(["--connect-timeout", "5", "--command-timeout", "60", "--accept-new"])
            .args(["--yes", "--keep-going", "--format", "json"])
            .env("TERM", "xterm");
        for c in commands {
            cmd.arg("-c").arg(c);
        }
        let mut s = Session::spawn(cmd).expect("spawn ucsh on a pty");
        s.set_expect_timeout(Some(Duration::from_secs(60)));
        for (question, answer) in asked {
            s.expect(*question).unwrap_or_else(|e| panic!("{question:?} was not asked: {e}"));
            s.send(format!("{answer}\r")).expect("answer");
        }
        let rest = s.expect(expectrl::Eof).expect("ucsh ends");
        // Eof matches all that came before it.
        // A document may follow the last question on its line (the terminal echoes no answer).
        text(rest.as_bytes())
            .lines()
            .filter_map(|l| l.find("{\"").map(|i| l[i..].trim()))
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    /// The engine's own run on the twin, its questions answered from standard input.
    fn local_with_input(
        twin: &std::path::Path,
        node: &str,
        commands: &[String],
        input: &str,
    ) -> Vec<serde_json::Value> {
        let mut child = ucsh(twin)
            .env("UCSH_NOW", PINNED_NOW)
            .args(["--node", node, "--yes", "--keep-going", "--format", "json"])
            .args(commands.iter().flat_map(|c| ["-c", c.as_str()]))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ucsh");
        if let Some(mut i) = child.stdin.take() {
            i.write_all(input.as_bytes()).expect("input");
        }
        let out = child.wait_with_output().expect("ucsh ends");
        json_lines(&out.stdout)
    }

    /// Same status, exit and error message; the parsed result equal to the engine's own as its
    /// text shows it.
    fn same_documents(commands: &[String], remote: &[serde_json::Value], local: &mut [serde_json::Value]) {
        assert_eq!((remote.len(), local.len()), (commands.len(), commands.len()), "{remote:?}\n{local:?}");
        for ((c, rd), ld) in commands.iter().zip(remote).zip(local.iter_mut()) {
            assert!(rd.get("raw").is_none(), "{c} did not parse: {rd}");
            assert_eq!((&rd["status"], &rd["exit"]), (&ld["status"], &ld["exit"]), "{c}: {rd}\n{ld}");
            assert_eq!(rd["error"]["message"], ld["error"]["message"], "{c}");
            let v = &mut ld["result"];
            if c.starts_with("utils disaster_recovery backup")
                || c.starts_with("utils disaster_recovery restore")
            {
                *v = serde_json::json!({"status": {"operation": v["status"]["operation"]}});
            } else if c.starts_with("set cert import trust") {
                for k in ["serial", "replaced", "source"] {
                    ucsh::render::parse::partial::remove(v, k);
                }
            } else if c.starts_with("utils branding upload") {
                let mut shown = v.clone();
                as_the_text_shows_it("utils branding preview", &mut shown);
                *v = serde_json::json!({
                    "node": v["node"],
                    "file": {"source": v["file"]["source"], "bytes": v["file"]["bytes"]},
                    "validation": shown["validation"],
                });
            }
            assert_eq!(rd["result"], *v, "{c}");
        }
    }

    #[test]
    #[allow(clippy::print_stderr)]
    fn sftp_commands_over_host_answer_their_questions_and_read_back() {
        let subsystem = if std::path::Path::new(sshd::SFTP_SERVER).exists() {
            sshd::SFTP_SERVER
        } else {
            "internal-sftp"
        };
        let server = match sshd::start_sshd_with(subsystem, "pb") {
            Ok(s) => s,
            Err(why) => {
                eprintln!(
                    "\n*** SKIPPED sftp_commands_over_host_answer_their_questions_and_read_back: {why} ***\n"
                );
                return;
            }
        };
        let (user, pw, port) = (server.user.clone(), server.password.clone(), server.port);
        let bkdir = server.home.join("drs");
        std::fs::create_dir_all(&bkdir).expect("backup folder");
        std::fs::copy(syslog_ca(&server.home), server.home.join("ca.pem")).expect("the CA");
        let files =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/utils/branding/files");
        std::fs::copy(files.join("good-cm.zip"), server.home.join("b.zip")).expect("the archive");
        let _ = Command::new("chown").arg("-R").arg(format!("{user}:{user}")).arg(&server.home).status();
        let (lab, twin) = served_with_twin();
        let srv = format!("127.0.0.1:{port}");
        let commands: Vec<String> = vec![
            format!("utils disaster_recovery device add network nightly drs {srv} {user} 3"),
            format!("utils disaster_recovery backup network CCM drs {srv} {user}"),
            format!("utils disaster_recovery show_backupfiles network drs {srv} {user}"),
            "utils disaster_recovery device delete nightly".into(),
            // A wrong folder fails with the node's wording, read back as a failure.
            format!("utils disaster_recovery show_backupfiles network nosuchdir {srv} {user}"),
            "set cert import trust tomcat".into(),
            "utils branding upload".into(),
        ];
        let password = ("network server 127.0.0.1:", pw.clone());
        let sftp = |path: &str| -> Vec<(&'static str, String)> {
            vec![
                ("SFTP server IP:", "127.0.0.1".to_string()),
                ("SFTP server port [22]:", port.to_string()),
                ("User ID:", user.clone()),
                ("Password:", pw.clone()),
                (
                    if path == "ca.pem" {
                        "Certificate file path on the server:"
                    } else {
                        "Branding file path on the server:"
                    },
                    path.to_string(),
                ),
            ]
        };
        // The SFTP server's unknown host key is the user's word to give, as locally: --yes
        // does not answer it.
        let host_key = ("continue connecting (yes/no)?", "yes".to_string());
        let mut asked =
            vec![password.clone(), host_key, password.clone(), password.clone(), password.clone()];
        asked.extend(sftp("ca.pem"));
        asked.extend(sftp("b.zip"));
        let remote = remote_on_a_terminal(&lab, "cucm-pub", &commands, &asked);
        // No password reached the output.
        assert!(!remote.iter().any(|d| d.to_string().contains(&pw)), "{remote:?}");
        let input = format!(
            "{pw}\nyes\n{pw}\n{pw}\n{pw}\n127.0.0.1\n{port}\n{user}\n{pw}\nca.pem\n127.0.0.1\n{port}\n{user}\n{pw}\nb.zip\n"
        );
        let mut local = local_with_input(&twin, "cucm-pub", &commands, &input);
        same_documents(&commands, &remote, &mut local);
        assert_eq!(remote[4]["exit"], 1, "{}", remote[4]);
        // The restore of that backup: the password, the features, the confirmation.
        let tars: Vec<String> = std::fs::read_dir(&bkdir)
            .expect("backups")
            .flatten()
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".tar")).map(str::to_string))
            .collect();
        assert_eq!(tars.len(), 1, "{tars:?}");
        let commands =
            vec![format!("utils disaster_recovery restore network cucm-pub {} drs {srv} {user}", tars[0])];
        let asked = [password, ("features you wish to restore.", "CCM".to_string())];
        let remote = remote_on_a_terminal(&lab, "cucm-pub", &commands, &asked);
        let mut local = local_with_input(&twin, "cucm-pub", &commands, &format!("{pw}\nCCM\n"));
        same_documents(&commands, &remote, &mut local);
    }
}

/// The file family and the show commands of group "files and show" read back over --host.
mod files_and_show {
    use super::*;

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
        let shown =
            chrono::DurationRound::duration_trunc(shown, chrono::TimeDelta::seconds(1)).expect("a time");
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
                    let cmd: String =
                        f["process"]["command"].as_str().unwrap_or("").chars().take(9).collect();
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
        let out =
            run(ucsh(&served.data).args(["--node", "cucm-imp-1", "-c", "file list activelog epas/trace"]));
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

    use super::sshd as fs_sshd;

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
        let r = run_answering(&mut remote, &answers("remote", &server.password));
        let mut local = ucsh(&served.data);
        local.args(["--node", node, "--yes", "--format", "json", "-c", c]);
        let l = run_answering(&mut local, &answers("local", &server.password));
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
        // show fileserver transferspeed through the same server: the same questions answered
        // the same way, the measure read back (the figures are this run's own).
        let speed = "show fileserver transferspeed";
        let answers_speed =
            format!("127.0.0.1\n{}\n{}\n{}\nspeed/test\nyes\n", server.port, server.user, server.password);
        let mut remote = served.remote(&served.host(node));
        remote.args(["--yes", "--format", "json", "-c", speed]);
        let r = run_answering(&mut remote, &answers_speed);
        let mut local = ucsh(&served.data);
        local.args(["--node", node, "--yes", "--format", "json", "-c", speed]);
        let l = run_answering(&mut local, &answers_speed);
        assert!(r.status.success(), "{}{}", text(&r.stdout), text(&r.stderr));
        assert!(l.status.success(), "{}{}", text(&l.stdout), text(&l.stderr));
        let (r, l) = (&json_lines(&r.stdout)[0], &json_lines(&l.stdout)[0]);
        assert!(r.get("raw").is_none(), "did not parse: {r}");
        assert!(!r.to_string().contains(&server.password), "the password is in the JSON");
        assert_eq!((&r["status"], &r["exit"]), (&l["status"], &l["exit"]), "{r} / {l}");
        let (rr, lr) = (&r["result"], &l["result"]);
        assert_eq!(rr["required_mb_per_s"], lr["required_mb_per_s"], "{rr} / {lr}");
        for way in ["write", "read"] {
            assert_eq!(rr[way]["bytes"], lr[way]["bytes"], "{way}: {rr} / {lr}");
            assert!(rr[way]["mb_per_s"].as_f64().is_some_and(|v| v > 0.0), "{way}: {rr}");
        }
        let fast = |v: &serde_json::Value| {
            ["write", "read"].iter().all(|w| v[w]["mb_per_s"].as_f64().unwrap_or(0.0) > 60.0)
        };
        assert_eq!(rr["meets"], fast(rr), "{rr}");
        // A wrong SFTP password: exit 1 and the same wording from both.
        let mut remote = served.remote(&served.host(node));
        remote.args(["--yes", "--format", "json", "-c", c]);
        let r = run_answering(&mut remote, &answers("remote2", "not-the-password"));
        let mut local = ucsh(&served.data);
        local.args(["--node", node, "--yes", "--format", "json", "-c", c]);
        let l = run_answering(&mut local, &answers("local2", "not-the-password"));
        assert_eq!(
            (r.status.code(), l.status.code()),
            (Some(1), Some(1)),
            "{}{}",
            text(&r.stdout),
            text(&l.stdout)
        );
        let (r, l) = (&json_lines(&r.stdout)[0], &json_lines(&l.stdout)[0]);
        assert_eq!((&r["status"], &r["exit"]), (&l["status"], &l["exit"]), "{r} / {l}");
        // The node's error, without the summary and the questions answered before it.
        let (rm, lm) =
            (r["error"]["message"].as_str().unwrap_or(""), l["error"]["message"].as_str().unwrap_or(""));
        assert!(!lm.is_empty() && rm == lm, "{r} / {l}");
        assert!(!rm.contains("not-the-password"), "{rm}");
        assert!(!server.home.join("remote2").exists());
    }
}

/// Every question a command asks with a fixed wording (`ctx.prompt.line|password|confirm`
/// in the handlers) is recognised as that kind of question on a node's terminal: a
/// question `--host` does not recognise would wait until the command timeout.
#[test]
fn every_question_the_commands_ask_is_recognised_on_a_node() {
    use ucsh::backend::remote::text::{question, Asked};
    let consts = [
        ("CONTINUE_YN", ucsh::render::dbreplication::CONTINUE_YN),
        ("words::CHOICE", ucsh::render::ntp::CHOICE),
        ("words::RESTART_YN", ucsh::render::ntp::RESTART_YN),
    ];
    let mut files = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/handlers")];
    let mut seen = 0;
    while let Some(f) = files.pop() {
        if f.is_dir() {
            files.extend(std::fs::read_dir(&f).expect("handlers").flatten().map(|e| e.path()));
            continue;
        }
        let src = std::fs::read_to_string(&f).expect("a handler");
        for (call, want) in
            [("prompt.line(", "line"), ("prompt.password(", "secret"), ("prompt.confirm(", "confirm")]
        {
            for at in src.match_indices(call).map(|(i, _)| i + call.len()) {
                let arg = &src[at..];
                let q = if let Some(lit) = arg.strip_prefix('"') {
                    // A literal: up to its closing quote (escaped quotes kept).
                    let mut end = 0;
                    let b = lit.as_bytes();
                    while end < b.len() && !(b[end] == b'"' && (end == 0 || b[end - 1] != b'\\')) {
                        end += 1;
                    }
                    lit[..end].replace("\\\"", "\"")
                } else if let Some((_, v)) = consts.iter().find(|(name, _)| arg.starts_with(name)) {
                    v.to_string()
                } else {
                    continue; // a question built at run time (the DRS password, a restore's features)
                };
                let got = question(q.as_bytes());
                let ok = match want {
                    "line" => got == Some(Asked::Line),
                    "secret" => got == Some(Asked::Secret),
                    _ => matches!(got, Some(Asked::Confirm { .. })),
                };
                assert!(ok, "{}: {q:?} is asked as a {want}, read on a node as {got:?}", f.display());
                seen += 1;
            }
        }
    }
    assert!(seen >= 20, "only {seen} questions found: the handlers moved?");
}

/// The commands the other served checks do not run, read back as the engine's own: the
/// account commands (their questions answered from standard input on both), the perf and
/// process counters, DRS status and history, diagnose, logins, open ports, NTP changes,
/// auto-restart, risdb, certificates and IMDB replication.
#[test]
fn the_other_commands_read_back_as_the_engines_own() {
    let (served, twin) = served_with_twin();
    let both = |node: &str, options: &[&str], answers: &str, lines: &[&str]| {
        same_on_both(&served, &twin, node, options, answers, lines)
    };
    both(
        "cucm-pub",
        &[],
        "1\nPassw0rd-123x\nPassw0rd-123x\nPassw0rd-123x\nNewPassw0rd-456y\nNewPassw0rd-456y\n",
        &["set account name ops7", "set password user ops7", "delete account ops7", "delete account ops7"],
    );
    both(
        "cucm-pub",
        &["--yes"],
        "",
        &[
            "show cert trust tomcat-trust/cucm-sub1.pem",
            "show network status",
            "show open ports",
            "show perf list categories",
            "show perf list classes",
            "show perf list counters Memory",
            "show perf list instances Process",
            "show perf counterhelp Memory \"Used KBytes\"",
            "show perf query class Memory",
            "show perf query counter Memory \"Used KBytes\",\"Total KBytes\"",
            "show perf query instance Partition Active,Common",
            "show perf query path \"Memory\\% Mem Used\"",
            "show process list",
            "show process load",
            "show process using-most cpu",
            "show process using-most memory 5",
            "show risdb query phone",
            "utils core inactive list",
            "utils diagnose test",
            "utils diagnose fix",
            "utils disaster_recovery device list",
            "utils disaster_recovery history backup",
            "utils disaster_recovery status backup",
            "utils service auto-restart show Cisco Tftp",
            "utils service auto-restart enable Cisco Tftp",
            "utils service auto-restart disable Cisco Tftp",
            "utils service auto-restart enable Cisco Nonsense",
            "utils ntp server add 10.10.0.20 norestart",
            "utils ntp server list",
        ],
    );
    // The logins the served node recorded are its SSH sessions: read locally from its own
    // data (the twin was never logged in to).
    same_on_both(
        &served,
        &served.data,
        "cucm-pub",
        &[],
        "",
        &["show logins successful", "show logins unsuccessful", "show logins successful last 5"],
    );
    // Which server to delete is typed; the restart and the deletion are confirmed.
    both("cucm-pub", &[], "q\n", &["utils ntp server delete"]);
    both("cucm-pub", &[], "1\ny\ny\n", &["utils ntp server delete", "utils ntp server list"]);
    both("cucm-sub1", &["--yes"], "", &["utils network connectivity"]);
    both(
        "cucm-imp-1",
        &["--yes"],
        "",
        &[
            "utils imdb_replication status",
            "show perf counterhelp \"Cisco Presence Engine\" ActiveJsmSessions",
            "show perf query counter \"Cisco Presence Engine\" ActiveJsmSessions",
        ],
    );
}
