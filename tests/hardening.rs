//! Issue #19, hardening: each test here is one fault a hostile user found, reproduced the
//! way they did (real processes, real sockets, real files) and checked to hold now. Time
//! bounds are generous and only prove "does not hang" (seconds where it used to be minutes).

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;
#[path = "support/op.rs"]
#[allow(dead_code)]
mod op_support;
use op_support::call;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use ucsh::engine::deployment::InitOptions;
use ucsh::engine::{Clock, Lab};

fn ucsh(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    c.env("UCSH_DATA_DIR", data).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

/// A small lab (one CM subscriber, sample data) in `dir/lab`.
fn lab(dir: &Path, sample_data: bool) -> (Lab, PathBuf) {
    let data = dir.join("lab");
    let opts = InitOptions { cm_subscribers: 1, sample_data, population: 0 };
    let lab = lab_fixture::lab_at(&data, &opts, Clock::system());
    (lab, data)
}

/// Waits for `child` at most `limit`; kills it and fails the test when it takes longer.
fn finish_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait") {
            Some(_) => return child.wait_with_output().expect("output"),
            None if start.elapsed() > limit => {
                let _ = child.kill();
                let out = child.wait_with_output().expect("output");
                panic!(
                    "{what} still ran after {limit:?} (it hangs); stderr: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// ---------------------------------------------------------------------------------------
// 1. A TCP syslog server that accepts and then trickles one byte every second.

/// A loopback listener that accepts every connection, never reads, and sends one byte a
/// second for `for_how_long`, never closing: the hostile peer of fault 1.
fn trickling_server(for_how_long: Duration) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            std::thread::spawn(move || {
                let start = Instant::now();
                while start.elapsed() < for_how_long {
                    if s.write_all(b"x").is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
            });
        }
    });
    port
}

#[test]
fn a_trickling_syslog_server_does_not_hold_commands() {
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), false);
    let port = trickling_server(Duration::from_secs(300));
    let out = ucsh(&data)
        .args(["--yes", "-c", "utils remotesyslog set protocol tcp", "-c", "utils system restart"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let started = Instant::now();
    let add = ucsh(&data)
        .args(["-c", &format!("utils remotesyslog add server 127.0.0.1 {port}")])
        .spawn()
        .expect("spawn");
    let out = finish_within(add, Duration::from_secs(60), "utils remotesyslog add server");
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Meanwhile-commands are not queued behind the spool lock: the next one also finishes,
    // and a server that failed once costs later commands only its short budget.
    let next = ucsh(&data).args(["-c", "show myself"]).spawn().expect("spawn");
    let out = finish_within(next, Duration::from_secs(30), "show myself after a failed delivery");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(started.elapsed() < Duration::from_secs(90));
    let show = ucsh(&data).args(["-c", "utils remotesyslog show server"]).output().expect("runs");
    assert!(text(&show.stdout).contains("ran out"), "{}", text(&show.stdout));
}

#[test]
fn a_syslog_host_must_be_an_address_or_a_name() {
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), false);
    for host in ["999.1.1.1", "1.2.3", "10.0.0.256"] {
        let out = ucsh(&data)
            .args(["-c", &format!("utils remotesyslog add server {host}")])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{host} was accepted: {}", text(&out.stdout));
    }
}

#[test]
fn remote_syslog_servers_are_limited() {
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), false);
    for i in 1..=8 {
        let out = ucsh(&data)
            .args(["-c", &format!("utils remotesyslog add server 192.0.2.{i}")])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let out = ucsh(&data).args(["-c", "utils remotesyslog add server 192.0.2.9"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "a ninth server was added: {}", text(&out.stdout));
    assert!(text(&out.stderr).contains("At most 8 remote syslog servers"), "{}", text(&out.stderr));
}

// ---------------------------------------------------------------------------------------
// 2. A node lock held by another process.

#[test]
fn a_lock_held_elsewhere_gives_up_and_names_the_holder() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let node = lab.node("cucm-pub").expect("node");
    let lock = node.dir().join(".lock");
    let mut holder =
        Command::new("flock").arg(&lock).args(["sleep", "60"]).spawn().expect("flock (util-linux) runs");
    // Until flock holds it.
    let start = Instant::now();
    while std::fs::read_to_string("/proc/locks").map_or(true, |l| !l.contains(&format!(" {} ", holder.id())))
        && start.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let cmd = ucsh(&data).args(["-c", "utils service stop Cisco Tftp"]).spawn().expect("spawn");
    let out = finish_within(cmd, Duration::from_secs(45), "a command waiting for a held lock");
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("process {}", holder.id())) && err.contains("flock"), "{err}");
    assert!(err.contains("run the command again"), "{err}");
}

// ---------------------------------------------------------------------------------------
// 5. An import file that lacks columns.

/// A user ID (or first name) and the last name, mail ID, directory URI and node.
type UserColumns = (String, Option<String>, Option<String>, Option<String>, Option<String>);

#[test]
fn an_import_without_some_columns_keeps_them_on_existing_users() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, _data) = lab(t.path(), true);
    let publisher = lab.node("cucm-pub").expect("node");
    let db = rusqlite::Connection::open(publisher.db_path()).expect("db");
    let before: Vec<UserColumns> = db
        .prepare(
            "SELECT userid, lastname, mailid, directoryuri, primarynodeid FROM enduser \
             WHERE lastname IS NOT NULL AND mailid IS NOT NULL ORDER BY userid LIMIT 20",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(before.len() >= 5, "the sample data has users with last names");
    let csv = t.path().join("names.csv");
    let mut body = String::from("userid,firstname\n");
    for (u, ..) in &before {
        body.push_str(&format!("{u},Renamed\n"));
    }
    std::fs::write(&csv, body).expect("write csv");
    let report = ucsh::engine::db::import::users(&lab, &csv, None).expect("import");
    assert_eq!(report.updated, before.len());
    for (u, last, mail, uri, node) in &before {
        let after: UserColumns = db
            .query_row(
                "SELECT firstname, lastname, mailid, directoryuri, primarynodeid FROM enduser WHERE userid = ?1",
                [u],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .expect("user");
        assert_eq!(
            after,
            ("Renamed".to_string(), last.clone(), mail.clone(), uri.clone(), node.clone()),
            "{u}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// 10. A truncated services.toml.

#[test]
fn a_truncated_services_file_is_an_error_not_the_defaults() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let node = lab.node("cucm-pub").expect("node");
    // Make the state differ from the defaults, so defaults would show.
    let out = ucsh(&data).args(["-c", "utils service stop Cisco Tftp"]).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = node.services_path();
    let full = std::fs::read_to_string(&path).expect("services.toml");
    // Cut at a line boundary, in the middle: what is left parses as TOML.
    let cut: String = full.lines().take(full.lines().count() / 2).map(|l| format!("{l}\n")).collect();
    let cut = cut.rsplit_once("\n[").map(|(head, _)| format!("{head}\n")).unwrap_or(cut);
    for content in [cut.as_str(), ""] {
        std::fs::write(&path, content).expect("truncate");
        let out = ucsh(&data).args(["-c", "utils service list"]).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "a cut services.toml was read: {}", text(&out.stdout));
        assert!(text(&out.stderr).contains("services.toml"), "{}", text(&out.stderr));
    }
}

// ---------------------------------------------------------------------------------------
// 12. An import file whose size says nothing about its rows.

#[test]
fn a_huge_sparse_import_file_fails_cleanly() {
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), false);
    let csv = t.path().join("sparse.csv");
    let f = std::fs::File::create(&csv).expect("create");
    f.set_len(200 << 30).expect("a 200 GB sparse file");
    drop(f);
    let cmd = ucsh(&data).args(["cluster", "import", "users"]).arg(&csv).spawn().expect("spawn");
    let out = finish_within(cmd, Duration::from_secs(60), "import of a sparse file");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr) + &text(&out.stdout);
    assert!(err.contains("longer than"), "{err}");
}

// ---------------------------------------------------------------------------------------
// 3, 7, 9 and 16: files of the log partitions.

fn activelog(lab: &Lab, node: &str) -> PathBuf {
    lab.node(node).expect("node").partition(ucsh::engine::node::Partition::Activelog)
}

#[test]
fn viewing_a_fifo_fails_at_once() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let dir = activelog(&lab, "cucm-pub").join("hostile");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let made = Command::new("mkfifo").arg(dir.join("pipe.log")).status().expect("mkfifo runs");
    assert!(made.success());
    let cmd = ucsh(&data).args(["-c", "file view activelog hostile/pipe.log"]).spawn().expect("spawn");
    let out = finish_within(cmd, Duration::from_secs(30), "file view of a FIFO");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not a regular file"), "{}", text(&out.stderr));
    // A search over the folder skips it instead of blocking on it.
    std::fs::write(dir.join("plain.log"), "needle\n").expect("write");
    let cmd = ucsh(&data).args(["-c", "file search activelog hostile needle"]).spawn().expect("spawn");
    let out = finish_within(cmd, Duration::from_secs(30), "file search over a FIFO");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("needle"));
}

#[test]
fn deleting_a_link_deletes_the_link_not_its_target() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let node = lab.node("cucm-imp-1").expect("node");
    let root = activelog(&lab, "cucm-imp-1");
    let in_use = ucsh::engine::traces::files::files_in_use(&node, ucsh::engine::node::Partition::Activelog)
        .expect("files in use");
    let busy = in_use.first().expect("a running service writes a trace file").clone();
    let links = root.join("links");
    std::fs::create_dir_all(&links).expect("mkdir");
    std::fs::write(root.join("links-target.txt"), "keep me\n").expect("write");
    std::os::unix::fs::symlink(root.join("links-target.txt"), links.join("plain.txt")).expect("link");
    std::os::unix::fs::symlink(root.join(&busy), links.join("busy.txt")).expect("link");
    let out = ucsh(&data)
        .args(["--node", "cucm-imp-1", "--yes", "-c", "file delete activelog links/*"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(root.join("links-target.txt").is_file(), "the link's target was deleted");
    assert!(root.join(&busy).is_file(), "a file in use was deleted through a link");
    assert!(std::fs::symlink_metadata(links.join("plain.txt")).is_err(), "the link itself stays");
}

#[test]
fn a_link_leading_outside_is_skipped_by_folder_wide_commands() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let dir = activelog(&lab, "cucm-pub").join("mixed");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("a.log"), "needle a\n").expect("write");
    std::fs::write(t.path().join("secret.txt"), "needle secret\n").expect("write");
    std::os::unix::fs::symlink(t.path().join("secret.txt"), dir.join("b.log")).expect("link");
    std::os::unix::fs::symlink(t.path().join("nowhere"), dir.join("c.log")).expect("dangling link");
    let out = ucsh(&data).args(["-c", "file search activelog mixed needle"]).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("needle a") && !text(&out.stdout).contains("secret"));
    let out = ucsh(&data).args(["--yes", "-c", "file delete activelog mixed/*"]).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!dir.join("a.log").exists());
    assert!(t.path().join("secret.txt").is_file());
}

#[test]
fn a_build_removes_partial_bundles_that_killed_builds_left() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let dir = activelog(&lab, "cucm-imp-1").join("epas/trace");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join(".tmp-bundle-killed"), b"half an archive").expect("write");
    let out = ucsh(&data)
        .args(["--node", "cucm-imp-1", "-c", "file build log cisco_xcp_router 1"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let left: Vec<String> = std::fs::read_dir(&dir)
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp-"))
        .collect();
    assert!(left.is_empty(), "partial bundles left: {left:?}");
}

// ---------------------------------------------------------------------------------------
// 4, 8 and 11: run sql.

/// A query that runs for ever without returning a row.
const ENDLESS_COUNT: &str = "run sql select count(*) from (with recursive c(x) as (select 1 union all select x+1 from c) select x from c)";

#[test]
fn one_ctrl_c_stops_a_long_run_sql() {
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), false);
    let cmd = ucsh(&data).args(["-c", ENDLESS_COUNT]).spawn().expect("spawn");
    std::thread::sleep(Duration::from_millis(1500));
    let sent = Command::new("kill").args(["-INT", &cmd.id().to_string()]).status().expect("kill runs");
    assert!(sent.success());
    let out = finish_within(cmd, Duration::from_secs(20), "run sql after one Ctrl-C");
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
}

#[test]
fn a_huge_result_fails_with_a_clear_error_instead_of_taking_all_memory() {
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), false);
    // Run by a level-1 account, in 4 GB of address space: before, the rows filled it and
    // the process aborted on allocation failure (or took the host's memory).
    let password = "Level1Pass!";
    let out = ucsh(&data)
        .stdin(Stdio::piped())
        .args(["-c", "set account name ops"])
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().expect("stdin").write_all(format!("1\n{password}\n{password}\n").as_bytes())?;
            c.wait_with_output()
        })
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut cmd = Command::new("prlimit");
    cmd.arg("--as=4294967296")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_ucsh"))
        .env("UCSH_DATA_DIR", &data)
        .args([
            "--account",
            "ops",
            "--format",
            "json",
            "-c",
            "run sql select x from (with recursive c(x) as (select 1 union all select x+1 from c) select x from c)",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("prlimit (util-linux) runs");
    child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes()).expect("password");
    let out = finish_within(child, Duration::from_secs(120), "run sql of endless rows");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("select first N"), "{}", text(&out.stdout));
}

#[test]
fn run_sql_text_streams_rows_in_bounded_memory() {
    use std::io::BufRead;
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), false);
    // Endless rows as text, in 1 GB of address space: written as they come, never held,
    // and the command ends when its reader goes away.
    let mut child = Command::new("prlimit")
        .arg("--as=1073741824")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_ucsh"))
        .env("UCSH_DATA_DIR", &data)
        .args([
            "-c",
            "run sql select x, 'row' as what from (with recursive c(x) as (select 1 union all select x+1 from c) select x from c)",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let first: Vec<String> = lines.by_ref().take(4).map(|l| l.expect("a line")).collect();
    assert_eq!(first.len(), 4, "no rows came before the end: {first:?}");
    assert!(first[0].starts_with('x') && first[2].starts_with('1'), "{first:?}");
    // Read well past what any limit would hold, then stop reading.
    let far = lines.nth(1_500_000).expect("rows keep coming").expect("a line");
    assert!(far.ends_with("row"), "{far}");
    drop(lines);
    let out = finish_within(child, Duration::from_secs(60), "run sql after its reader went away");
    assert_ne!(out.status.code(), None, "killed by a signal: {}", text(&out.stderr));
}

#[test]
fn sqlite_internal_tables_cannot_be_changed() {
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), true);
    for stmt in [
        "run sql update sqlite_sequence set seq = 0",
        "run sql delete from sqlite_sequence",
        "run sql update 'sqlite_sequence' set seq = 0",
    ] {
        let out = ucsh(&data).args(["-c", stmt]).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{stmt} was accepted: {}", text(&out.stdout));
        assert!(text(&out.stderr).contains("-273"), "{}", text(&out.stderr));
    }
    let out = ucsh(&data)
        .args(["-c", "run sql update enduser set department = 'hardening' where userid in (select userid from enduser limit 1)"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = ucsh(&data).args(["-c", "utils dbreplication runtimestate"]).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
}

// ---------------------------------------------------------------------------------------
// 13. Privilege: clusterreset at level 0, deleting accounts at level 1.

/// A lab with the accounts viewer (level 0), ops and ops2 (level 1).
fn lab_with_accounts(dir: &Path) -> Lab {
    use ucsh::engine::accounts;
    let (lab, _data) = lab(dir, false);
    let node = lab.node("cucm-pub").expect("node");
    let admin = accounts::local_owner_session(&node).expect("admin");
    let now = node.now();
    for (name, level, password) in
        [("viewer", 0, "viewpass1"), ("ops", 1, "opspass1"), ("ops2", 1, "opspass2")]
    {
        call(&lab, &node, &admin, "set account name", |op| accounts::create(op, name, level, password, now))
            .expect("account");
    }
    lab
}

#[test]
fn clusterreset_needs_level_1() {
    use ucsh::engine::Session;
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab_with_accounts(t.path());
    let node = lab.node("cucm-pub").expect("node");
    let viewer = Session::new("viewer", 0, false);
    let err = call(&lab, &node, &viewer, "utils dbreplication clusterreset", |op| {
        ucsh::engine::db::dbreplication::clusterreset(op)
    })
    .expect_err("level 0");
    assert!(matches!(err, ucsh::engine::EngineError::PrivilegeDenied { required: 1, have: 0 }), "{err}");
    assert_eq!(ucsh::catalog::find("utils dbreplication clusterreset").map(|c| c.privilege), Some(1));
}

#[test]
fn deleting_other_accounts_needs_level_4() {
    use ucsh::engine::{accounts, Session};
    let t = tempfile::tempdir().expect("tempdir");
    let lab = lab_with_accounts(t.path());
    let node = lab.node("cucm-pub").expect("node");
    let ops = Session::new("ops", 1, false);
    for victim in ["viewer", "ops2"] {
        let err = call(&lab, &node, &ops, "delete account", |op| accounts::delete(op, victim))
            .expect_err("level 1 deletes no account");
        assert!(matches!(err, ucsh::engine::EngineError::PrivilegeDenied { required: 4, have: 1 }), "{err}");
    }
    assert!(accounts::load(&node).expect("accounts").get("ops2").is_some(), "ops2 was deleted");
    let admin = accounts::local_owner_session(&node).expect("admin");
    call(&lab, &node, &admin, "delete account", |op| accounts::delete(op, "ops2"))
        .expect("the administrator deletes accounts");
    assert_eq!(ucsh::catalog::find("delete account").map(|c| c.privilege), Some(4));
}

// ---------------------------------------------------------------------------------------
// 14. Lockout and UCSH_NOW.

#[test]
fn a_later_ucsh_now_does_not_lift_a_lockout() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let node = lab.node("cucm-pub").expect("node");
    let admin = ucsh::engine::accounts::local_owner_session(&node).expect("admin");
    call(&lab, &node, &admin, "set account name", |op| {
        ucsh::engine::accounts::create(op, "ops", 1, "opspass1", node.now())
    })
    .expect("ops");
    let login = |password: &str, now: Option<&str>| {
        let mut c = ucsh(&data);
        if let Some(n) = now {
            c.env("UCSH_NOW", n);
        }
        let mut child =
            c.stdin(Stdio::piped()).args(["--account", "ops", "-c", "show myself"]).spawn().expect("spawn");
        child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes()).expect("password");
        child.wait_with_output().expect("runs")
    };
    for _ in 0..3 {
        assert_eq!(login("wrong-one", None).status.code(), Some(1));
    }
    let later = login("opspass1", Some("2099-01-01T00:00:00Z"));
    assert_eq!(later.status.code(), Some(1), "a later UCSH_NOW lifted the lock");
    assert!(text(&later.stderr).contains("locked"), "{}", text(&later.stderr));
    // And the lock was not cleared by the attempt.
    let now = login("opspass1", None);
    assert_eq!(now.status.code(), Some(1), "the lock was cleared");
}

#[test]
fn the_lockout_set_by_the_cli_is_the_one_a_login_meets() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let node = lab.node("cucm-pub").expect("node");
    let admin = ucsh::engine::accounts::local_owner_session(&node).expect("admin");
    call(&lab, &node, &admin, "set account name", |op| {
        ucsh::engine::accounts::create(op, "ops", 1, "opspass1", node.now())
    })
    .expect("ops");
    let run = |args: &[&str], input: &str| {
        let mut child = ucsh(&data).stdin(Stdio::piped()).args(args).spawn().expect("spawn");
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("input");
        child.wait_with_output().expect("runs")
    };
    let login = |password: &str| run(&["--account", "ops", "-c", "show myself"], &format!("{password}\n"));
    // Disabled: any number of wrong passwords, then the right one works.
    assert_eq!(run(&["-c", "set accountlocking disable"], "").status.code(), Some(0));
    for _ in 0..4 {
        assert_eq!(login("wrong-one").status.code(), Some(1));
    }
    assert_eq!(login("opspass1").status.code(), Some(0), "locked although lockout is disabled");
    // Enabled with a retry count of 2: the second wrong password locks the account.
    assert_eq!(run(&["-c", "set accountlocking enable"], "").status.code(), Some(0));
    assert_eq!(run(&["-c", "set accountlocking count 2"], "").status.code(), Some(0));
    for _ in 0..2 {
        assert_eq!(login("wrong-one").status.code(), Some(1));
    }
    let locked = login("opspass1");
    assert_eq!(locked.status.code(), Some(1));
    assert!(text(&locked.stderr).contains("locked"), "{}", text(&locked.stderr));
}

// ---------------------------------------------------------------------------------------
// 16. Control characters from data and input never reach the terminal.

fn no_raw_controls(what: &str, out: &[u8]) {
    let raw = out.iter().any(|b| (*b < 0x20 && *b != b'\n' && *b != b'\t') || *b == 0x7f);
    assert!(!raw, "{what} sent control characters to the terminal: {:?}", text(out));
}

#[test]
fn imported_user_ids_with_control_characters_are_refused() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, _data) = lab(t.path(), false);
    for bad in ["\"evil\nUsers with Duplicate User IDs\"", "esc\u{1b}[2J", "nul\u{0}x"] {
        let csv = t.path().join("bad.csv");
        std::fs::write(&csv, format!("userid,firstname\nfine,One\n{bad},Two\n")).expect("write");
        let err = ucsh::engine::db::import::users(&lab, &csv, None).expect_err("refused");
        assert!(err.to_string().contains("control character"), "{err}");
    }
}

#[test]
fn run_sql_values_with_control_characters_are_shown_escaped() {
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), true);
    let out = ucsh(&data)
        .args(["-c", "run sql select 'a' || char(27) || '[2J' || char(10) || 'Error: forged' as v from enduser limit 1"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    no_raw_controls("run sql", &out.stdout);
    assert!(text(&out.stdout).contains("a\\x1b[2J\\nError: forged"), "{}", text(&out.stdout));
}

#[test]
fn a_user_id_with_a_newline_cannot_forge_a_heading() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), true);
    // user3 is in both clusters of the sample data, so validate lists it under the heading
    // it then forges. Stored with a newline (not through ucsh, which refuses it at import).
    for node in lab.nodes() {
        let db = rusqlite::Connection::open(node.db_path()).expect("db");
        db.execute_batch(
            "UPDATE enduser SET userid = 'evil' || char(10) || 'Users with Duplicate User IDs' || char(27) || '[0m' \
             WHERE userid = 'user3'",
        )
        .expect("plant");
    }
    let out =
        ucsh(&data).args(["--node", "cucm-imp-1", "-c", "utils users validate all"]).output().expect("runs");
    no_raw_controls("utils users validate", &out.stdout);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("evil\\nUsers with Duplicate User IDs\\x1b[0m"), "not listed: {stdout}");
    let headings = stdout.lines().filter(|l| *l == "Users with Duplicate User IDs").count();
    assert_eq!(headings, 1, "a forged heading: {stdout}");
}

#[test]
fn echoed_bad_input_is_shown_escaped() {
    let t = tempfile::tempdir().expect("tempdir");
    let (_lab, data) = lab(t.path(), false);
    let out = ucsh(&data).args(["-c", "show \u{1b}[2Jstatus"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    no_raw_controls("an echoed bad line", &out.stderr);
}

#[test]
fn an_unmatched_quote_is_not_a_command() {
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let out = ucsh(&data).args(["-c", "utils service stop \"Cisco Tftp"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("is not closed"), "{}", text(&out.stderr));
    let services = ucsh::engine::services::load(&lab.node("cucm-pub").expect("node")).expect("services");
    assert!(services.is_running("Cisco Tftp"), "the line ran as if the quote were closed");
}

#[test]
fn branding_entry_names_cannot_forge_lines() {
    use std::io::Cursor;
    use zip::write::SimpleFileOptions;
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("ok\nError: everything is fine\u{1b}[0m.gif", SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(b"GIF89a").expect("write");
    let bytes = zip.finish().expect("zip").into_inner();
    let node = lab.node("cucm-pub").expect("node");
    let admin = ucsh::engine::accounts::local_owner_session(&node).expect("admin");
    call(&lab, &node, &admin, "utils branding upload", |op| {
        ucsh::engine::branding::place(op, &bytes, "test")
    })
    .expect("placed");
    let out = ucsh(&data).args(["-c", "utils branding enable"]).output().expect("runs");
    let all = [out.stdout.clone(), out.stderr.clone()].concat();
    no_raw_controls("utils branding enable", &all);
    assert!(!text(&all).lines().any(|l| l.starts_with("Error: everything is fine")), "{}", text(&all));
}

// ---------------------------------------------------------------------------------------
// 6. SIGKILL during utils system restart.

#[test]
fn a_killed_restart_never_leaves_the_services_stopped() {
    use ucsh::engine::services::{self, RunState};
    let t = tempfile::tempdir().expect("tempdir");
    let (lab, data) = lab(t.path(), false);
    let node = lab.node("cucm-imp-1").expect("node");
    let running = || -> Vec<String> {
        let s = services::load(&node).expect("services");
        s.service.iter().filter(|(_, st)| st.state == RunState::Started).map(|(k, _)| k.clone()).collect()
    };
    let before = running();
    assert!(before.iter().any(|s| s == "A Cisco DB"));
    let restart = || {
        let mut c = ucsh(&data);
        c.args(["--node", "cucm-imp-1", "--yes", "-c", "utils system restart"]);
        c
    };
    // How long a whole restart takes here, so the kills fall across all of it.
    let start = Instant::now();
    let out = restart().output().expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let whole = start.elapsed().as_micros() as u64;
    let mut seed: u64 = 0x7265_7374;
    for i in 0..40 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = Duration::from_micros((seed >> 33) % whole.max(1));
        let mut child = restart().spawn().expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let now = running();
        let stopped: Vec<&String> = before.iter().filter(|s| !now.contains(s)).collect();
        assert!(stopped.is_empty(), "kill {i} after {delay:?} of {whole} us left stopped: {stopped:?}");
    }
}
