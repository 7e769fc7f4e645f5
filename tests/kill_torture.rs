//! Kill torture (issue #19): SIGKILL at random moments of every state-changing command
//! family — restart, service changes, import, repair, build log, branding, account changes —
//! 200 kills in all, and after each the lab's invariants are checked:
//!
//! - every state file parses; services respect their dependencies; a restart leaves every
//!   service that ran before it running (or never touched), the database among them;
//! - replicas are identical once what is queued is delivered;
//! - the family's command then runs again to success, and after it no temporary file is left;
//! - every file of the log partitions reads whole (gzip'd ones decompress).
//!
//! The kill moments come from a seeded generator (`KILL_SEED` changes it), drawn across the
//! time a whole run of the family takes here (measured first, so the kills fall inside the
//! command on a fast machine and a slow one alike); the number of kills from `KILLS` (200).
//! How many kills found the command still running is printed per family.

#[path = "support/sshd.rs"]
#[allow(dead_code)]
mod sshd;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ucsh::engine::db::repl;
use ucsh::engine::services::{self, RunState};
use ucsh::engine::{accounts, Clock, Lab};

/// The lab clock of the HA families: a manual failover's or fallback's move of users
/// completes by the lab clock (at most 30 minutes after it starts), so the commands that
/// start moves run at `HA_START` and the looks that complete them an hour later, at
/// `HA_DONE` (both pinned with `UCSH_NOW`, the same in every round: a round's moves started
/// at `HA_START` are always due at `HA_DONE`).
const HA_START: &str = "2100-01-01T00:00:00Z";
const HA_DONE: &str = "2100-01-01T01:00:00Z";

/// The clock a family's command runs at (`UCSH_NOW`), if pinned.
fn family_now(name: &str) -> Option<&'static str> {
    match name {
        "ha" | "ha auto recover" => Some(HA_START),
        "ha move" => Some(HA_DONE),
        _ => None,
    }
}

/// `ucsh` on the IM and Presence publisher, `line` at the lab time `now`; whether it succeeded.
fn imp_at(data: &Path, now: &str, line: &str) -> bool {
    ucsh(data)
        .env("UCSH_NOW", now)
        .args(["--node", "cucm-imp-1", "-c", line])
        .status()
        .is_ok_and(|s| s.success())
}

fn ucsh(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    c.env("UCSH_DATA_DIR", data).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null());
    c
}

struct Family {
    name: &'static str,
    /// Arguments of the command, and what it reads on standard input.
    args: Vec<String>,
    input: String,
}

/// The SFTP server and the backup the `drs restore` family restores (when sshd can run here).
struct Drs {
    _server: sshd::Server,
    args: Vec<String>,
    input: String,
}

/// Starts sshd and backs up cucm-pub to it (trusting its host key on the way), or says why not.
fn drs_setup(data: &Path) -> Result<Drs, String> {
    let server = sshd::start_sshd_with(
        if Path::new(sshd::SFTP_SERVER).exists() { sshd::SFTP_SERVER } else { "internal-sftp" },
        "kt",
    )?;
    let srv = format!("127.0.0.1:{}", server.port);
    let mut c = ucsh(data)
        .args(["-c", &format!("utils disaster_recovery backup network CCM drs {srv} {}", server.user)])
        .spawn()
        .map_err(|e| e.to_string())?;
    let _ = c.stdin.take().expect("stdin").write_all(format!("{}\nyes\n", server.password).as_bytes());
    if !c.wait().is_ok_and(|s| s.success()) {
        return Err("the backup for the restore family failed".into());
    }
    let stem = std::fs::read_dir(server.home.join("drs"))
        .map_err(|e| e.to_string())?
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".tar")).map(str::to_string))
        .next()
        .ok_or("no backup on the server")?;
    let args = vec![
        "-c".to_string(),
        format!("utils disaster_recovery restore network cucm-pub {stem} drs {srv} {}", server.user),
    ];
    let input = format!("{}\nCCM\ny\n", server.password);
    Ok(Drs { _server: server, args, input })
}

fn families(root: &Path, drs: Option<&Drs>) -> Vec<Family> {
    let csv = root.join("users.csv");
    let mut s = String::from("userid,firstname,lastname,mailid,directoryuri,node\n");
    for i in 0..3000 {
        s.push_str(&format!("kt{i:05},F{i},L{i},kt{i}@x.example,,{}\n", ["cucm-imp-1", ""][i % 2]));
    }
    std::fs::write(&csv, s).expect("write csv");
    // Issue #17: a batch of Extension Mobility logins (generated users onto the shared desk
    // phones); `prepare` logs them out again.
    let (logins, logouts) = (root.join("em-logins.csv"), root.join("em-logouts.csv"));
    let (mut a, mut b) = (String::from("userid,pin,device\n"), String::from("device\n"));
    for n in 1..=400u32 {
        let phone = format!("SEP0B01{:08X}", 4 * n);
        a.push_str(&format!("em1u{n:06},12345,{phone}\n"));
        b.push_str(&format!("{phone}\n"));
    }
    std::fs::write(&logins, a).expect("write logins");
    std::fs::write(&logouts, b).expect("write logouts");
    // An EM API login by CCMSysUser (the lab's password), logged out again by `prepare`.
    let app = "<appInfo><appID>CCMSysUser</appID><appCertificate>Lab-CCMSysUser-1</appCertificate></appInfo>";
    std::fs::write(
        root.join("em-api-login.xml"),
        format!("<request>{app}<login><deviceName>SEP0B0100000004</deviceName><userID>em1u000001</userID></login></request>"),
    )
    .expect("write em api login");
    std::fs::write(
        root.join("em-api-logout.xml"),
        format!("<request>{app}<logout><deviceName>SEP0B0100000004</deviceName></logout></request>"),
    )
    .expect("write em api logout");
    let zip =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/utils/branding/files/good-cm.zip");
    let f = |name, args: &[&str], input: &str| Family {
        name,
        args: args.iter().map(|a| a.to_string()).collect(),
        input: input.to_string(),
    };
    vec![
        f("restart", &["--node", "cucm-imp-1", "--yes", "-c", "utils system restart"], ""),
        f(
            "service",
            &["-c", "utils service stop Cisco Tftp", "-c", "utils service start Cisco Tftp", "-c", "utils service restart Cisco CTIManager"],
            "",
        ),
        f("import", &["cluster", "import", "users", &csv.display().to_string()], ""),
        f("repair", &["--yes", "-c", "utils dbreplication repair all"], ""),
        f("build log", &["--node", "cucm-imp-1", "-c", "file build log cisco_xcp_router 2"], ""),
        f("cert regen", &["--yes", "-c", "set cert regen tomcat"], ""),
        f(
            "everyday settings",
            &[
                "--yes",
                "-c",
                "set timezone Europe/Paris",
                "-c",
                "utils service auto-restart enable Cisco Tftp",
                "-c",
                "set timezone America/New_York",
                "-c",
                "utils service auto-restart disable Cisco Tftp",
            ],
            "",
        ),
        f("switch-version", &["--node", "cucm-sub1", "--yes", "-c", "utils system switch-version"], ""),
        f(
            "branding",
            &["--yes", "-c", "utils branding enable", "-c", "utils branding disable"],
            "",
        ),
        // A manual failover: its move of users recorded, the node's services stopped.
        f("ha", &["--node", "cucm-imp-1", "-c", "utils ha failover cucm-imp-1b"], ""),
        // The look that completes a failover's move in progress (users moved, confirmed).
        f("ha move", &["--node", "cucm-imp-1", "-c", "utils ha status"], ""),
        // Table 38's auto recover (Enable Automatic Fallback): the look that moves every
        // user to the healthy failed-over peer, then the affected node's fallback.
        f(
            "ha auto recover",
            &[
                "--node",
                "cucm-imp-1b",
                "-c",
                "utils ha status",
                "-c",
                "utils service start Cisco SIP Proxy",
                "-c",
                "utils ha fallback cucm-imp-1b",
            ],
            "",
        ),
        f("imdb", &["--node", "cucm-imp-1", "-c", "utils imdb_replication status"], ""),
        f("em", &["cluster", "em", "login", "--from-file", &root.join("em-logins.csv").display().to_string()], ""),
        f("em api", &["cluster", "em", "api", "--request", &root.join("em-api-login.xml").display().to_string()], ""),
        f("emcc update", &["cluster", "emcc", "remote-cluster", "update", "--cluster", "cluster2"], ""),
        f(
            "emcc service-profile",
            &["cluster", "emcc", "service-profile", "deactivate", "--service", "rsvp-agent", "--cluster", "cluster2"],
            "",
        ),
        f("emcc security-mode", &["cluster", "emcc", "security-mode", "mixed", "--cluster", "cluster2"], ""),
        f(
            "accounts",
            &[],
            "set account name kt\n1\nktpass123\nktpass123\nset password user kt\nktpass123\nktpass456\nktpass456\n\
             delete account kt\n",
        ),
    ]
    .into_iter()
    .chain(drs.map(|d| Family { name: "drs restore", args: d.args.clone(), input: d.input.clone() }))
    .chain(std::iter::once(Family {
        name: "branding file",
        args: vec!["cluster".into(), "branding-file".into(), "cucm-pub".into(), zip.display().to_string()],
        input: String::new(),
    }))
    .collect()
}

/// Puts the lab where `fam` starts from: something to repair, no account left by a killed
/// account family (whose first command would fail on it and end the rest).
fn prepare(data: &Path, fam: &Family) {
    let args: &[&str] = match fam.name {
        "repair" => &["cluster", "fault", "diverge", "cucm-sub1", "numplan", "3"],
        "accounts" => &["-c", "delete account kt"],
        "ha" | "ha move" => {
            ha_normal(data);
            if fam.name == "ha move" {
                // A failover whose move is in progress (the family's look completes it), and
                // what the other families queued delivered first, so that the family's run
                // (what its kills are drawn across) is the completion.
                imp_at(data, HA_START, "utils ha failover cucm-imp-1b");
                let lab = Lab::open(data, Clock::system()).expect("open");
                repl::replicate(&lab, "cluster1").expect("replicate");
            }
            return;
        }
        "ha auto recover" => {
            // Normal first (whatever a killed run or another family left), then node 1
            // failed over and healthy again, then its backup loses a critical service.
            ha_normal(data);
            imp_at(data, HA_START, "utils ha fallback cucm-imp-1");
            imp_at(data, HA_DONE, "utils ha status");
            let _ = ucsh(data)
                .env("UCSH_NOW", HA_DONE)
                .args(["cluster", "ha", "automatic-fallback", "cucm-imp-1", "true"])
                .status();
            let _ = ucsh(data)
                .args(["cluster", "fault", "service-crash", "cucm-imp-1", "Cisco Presence Engine"])
                .status();
            imp_at(data, HA_DONE, "utils ha status");
            imp_at(data, HA_DONE, "utils service start Cisco Presence Engine");
            imp_at(data, HA_DONE, "utils ha status");
            &["cluster", "fault", "service-crash", "cucm-imp-1b", "Cisco SIP Proxy"]
        }
        // Away from the backup: a setting and a row, which a restore brings back together.
        "drs restore" => &[
            "-c",
            "set cli session timeout 45",
            "-c",
            "run sql update enduser set firstname = 'KT' where userid = 'user1'",
        ],
        "em" => {
            let file = data.parent().map(|p| p.join("em-logouts.csv")).unwrap_or_default();
            let _ = ucsh(data).args(["cluster", "em", "logout", "--from-file"]).arg(file).status();
            return;
        }
        "em api" => {
            let file = data.parent().map(|p| p.join("em-api-logout.xml")).unwrap_or_default();
            let _ = ucsh(data).args(["cluster", "em", "api", "--request"]).arg(file).status();
            return;
        }
        _ => return,
    };
    let _ = ucsh(data).args(args).status();
}

/// Brings the HA group back to Normal from whatever a killed run or another family left: a
/// node the restart family restarted is failed over (Peer Reboot) when the group is first
/// looked at, a move left in progress completes at `HA_DONE`; recovery brings the group back
/// to Normal, a fallback (completed at `HA_DONE`) what recovery left failed over.
fn ha_normal(data: &Path) {
    imp_at(data, HA_DONE, "utils ha recover cluster1-prg1");
    if imp_at(data, HA_START, "utils ha fallback cucm-imp-1b") {
        imp_at(data, HA_DONE, "utils ha status");
    }
}

/// Runs `fam` to its end from where it starts; returns whether it succeeded (what it leaves
/// is what is checked, but a family that always fails early would torture nothing) and how
/// long it took.
fn run_whole(data: &Path, fam: &Family) -> (bool, Duration) {
    prepare(data, fam);
    let start = Instant::now();
    let mut c = ucsh(data)
        .envs(family_now(fam.name).map(|t| ("UCSH_NOW", t)))
        .args(&fam.args)
        .spawn()
        .expect("spawn");
    let _ = c.stdin.take().expect("stdin").write_all(fam.input.as_bytes());
    let ok = c.wait().is_ok_and(|s| s.success());
    (ok, start.elapsed())
}

fn started(lab: &Lab, node: &str) -> Vec<String> {
    let n = lab.node(node).expect("node");
    let s = services::load(&n).expect("services");
    s.service.iter().filter(|(_, st)| st.state == RunState::Started).map(|(k, _)| k.clone()).collect()
}

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            files_below(&e.path(), out);
        } else if ft.is_file() {
            out.push(e.path());
        }
    }
}

/// Rows of `table` on a replica, through the sqlite3 program (an independent reader).
fn rows(lab: &Lab, node: &str, table: &str) -> String {
    let db = lab.node(node).expect("node").db_path();
    let o = Command::new("sqlite3")
        .arg(&db)
        .arg(format!("SELECT * FROM {table} ORDER BY pkid"))
        .output()
        .expect("sqlite3");
    assert!(o.status.success(), "sqlite3: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn check(data: &Path, fam: &Family, before_restart: &[String]) -> Result<(), String> {
    let lab = Lab::open(data, Clock::system()).map_err(|e| format!("deployment: {e}"))?;
    for node in lab.nodes() {
        node.platform().map_err(|e| format!("{}: platform: {e}", node.name()))?;
        accounts::load(&node).map_err(|e| format!("{}: accounts: {e}", node.name()))?;
        let states = services::load(&node).map_err(|e| format!("{}: services: {e}", node.name()))?;
        ucsh::engine::certs::check_stored(&node)
            .map_err(|e| format!("{}: certificates: {e}", node.name()))?;
        for def in services::catalog(node.role()) {
            if states.is_running(def.name) {
                for dep in def.depends_on {
                    if !states.is_running(dep) {
                        return Err(format!("{}: {} runs without {dep}", node.name(), def.name));
                    }
                }
            }
        }
        // Every file of the log partitions reads whole.
        let mut files = Vec::new();
        for p in ucsh::engine::node::Partition::ALL {
            files_below(&node.partition(p), &mut files);
        }
        for f in files {
            if f.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
                continue;
            }
            let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
            if f.extension().is_some_and(|x| x == "gz") {
                let mut plain = Vec::new();
                flate2::read::MultiGzDecoder::new(&bytes[..])
                    .read_to_end(&mut plain)
                    .map_err(|e| format!("{} does not decompress: {e}", f.display()))?;
            }
        }
    }
    if fam.name == "restart" {
        let now = started(&lab, "cucm-imp-1");
        if let Some(gone) = before_restart.iter().find(|s| !now.contains(s)) {
            return Err(format!("{gone} stopped by a killed restart"));
        }
    }
    // A killed restore: the node is wholly the backup's or wholly as it was (the setting and
    // the row changed since the backup go back together or not at all).
    if fam.name == "drs restore" {
        let node = lab.node("cucm-pub").map_err(|e| e.to_string())?;
        let timeout = node.platform().map_err(|e| e.to_string())?.cli.session_timeout_minutes;
        let name = rows(&lab, "cucm-pub", "enduser WHERE userid = 'user1'");
        let changed_name = name.contains("|KT|");
        if (timeout == 45) != changed_name {
            return Err(format!("a half restore: session timeout {timeout}, user1 {name}"));
        }
        if node.dir().join(".drf-restore").exists() {
            return Err("a restore stage was left after recovery".into());
        }
    }
    // Replicas: identical once the queue is delivered.
    repl::replicate(&lab, "cluster1").map_err(|e| format!("replicate: {e}"))?;
    let want = rows(&lab, "cucm-pub", "enduser");
    if rows(&lab, "cucm-sub1", "enduser") != want {
        return Err("cucm-sub1's enduser differs from the publisher's after replication".into());
    }
    // A killed failover or fallback: the IM and Presence replicas agree on every user's node.
    if fam.name.starts_with("ha")
        && rows(&lab, "cucm-imp-1b", "enduser") != rows(&lab, "cucm-imp-1", "enduser")
    {
        return Err(
            "cucm-imp-1b's enduser differs from the IM and Presence publisher's after replication".into()
        );
    }
    // A killed completion of a move: the move is still recorded or it is done, never half
    // of it; the next look completes it (again, moving no one twice): every user on the
    // backup in both replicas, the failed-over node's critical services stopped.
    if fam.name == "ha move" {
        if !imp_at(data, HA_DONE, "utils ha status") {
            return Err("utils ha status fails after a killed completion".into());
        }
        for replica in ["cucm-imp-1", "cucm-imp-1b"] {
            let db = lab.node(replica).map_err(|e| e.to_string())?.db_path();
            let o = Command::new("sqlite3")
                .arg(&db)
                .arg(
                    "SELECT count(*) FROM enduser e JOIN processnode p ON p.pkid = e.primarynodeid \
                     WHERE p.name <> 'cucm-imp-1'",
                )
                .output()
                .map_err(|e| e.to_string())?;
            let left = String::from_utf8_lossy(&o.stdout).trim().to_string();
            if left != "0" {
                return Err(format!(
                    "{replica}: {left} users not moved to cucm-imp-1 once the move completed"
                ));
            }
        }
        let running = started(&lab, "cucm-imp-1b");
        if let Some(c) = ucsh::engine::ha::CRITICAL.iter().find(|c| running.iter().any(|r| r == *c)) {
            return Err(format!("{c} runs on the failed-over cucm-imp-1b once the move completed"));
        }
    }
    // A killed batch of EM logins: the subscriber has the publisher's logins, and the EM
    // service's state (counters, requests in progress) reads.
    if fam.name == "em" || fam.name == "em api" {
        if rows(&lab, "cucm-sub1", "extensionmobilitydynamic")
            != rows(&lab, "cucm-pub", "extensionmobilitydynamic")
        {
            return Err("cucm-sub1's extensionmobilitydynamic differs after a killed EM batch".into());
        }
        let pubn = lab.node("cucm-pub").map_err(|e| e.to_string())?;
        ucsh::engine::em::state::load(&pubn).map_err(|e| format!("em.toml: {e}"))?;
    }
    if fam.name == "repair" || fam.name == "import" {
        for table in ["numplan", "device"] {
            if rows(&lab, "cucm-sub1", table) != rows(&lab, "cucm-pub", table) && fam.name == "import" {
                return Err(format!("cucm-sub1's {table} differs after an import"));
            }
        }
    }
    Ok(())
}

fn stray_temporaries(data: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    files_below(data, &mut files);
    files
        .into_iter()
        .filter(|f| f.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(".tmp-")))
        .collect()
}

#[test]
fn sigkill_at_random_moments_of_every_state_changing_family() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    let ok = ucsh(&data).args(["cluster", "init", "--cm-subscribers", "1"]).status().expect("init");
    assert!(ok.success());
    let drs = match drs_setup(&data) {
        Ok(d) => Some(d),
        Err(why) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("\n*** kill torture without the drs restore family: {why} ***\n");
            }
            None
        }
    };
    let families = families(t.path(), drs.as_ref());
    // Branding needs a file on the node, so that family's set-up runs first. How long a whole
    // run of each family takes here is what its kill moments are drawn across.
    run_whole(&data, &families[families.len() - 1]);
    let mut whole = Vec::new();
    for fam in &families {
        let (ok, took) = run_whole(&data, fam);
        assert!(ok, "{} fails on a fresh lab: its kills would torture nothing", fam.name);
        whole.push(took.max(Duration::from_millis(5)));
    }
    // Per family: kills, and how many of them found the command still running.
    let mut landed = vec![(0usize, 0usize); families.len()];
    let kills: usize = std::env::var("KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(200);
    let mut seed: u64 = std::env::var("KILL_SEED").ok().and_then(|k| k.parse().ok()).unwrap_or(0x6b696c6c);
    for i in 0..kills {
        let f = i % families.len();
        let fam = &families[f];
        prepare(&data, fam);
        let before = {
            let lab = Lab::open(&data, Clock::system()).expect("open");
            started(&lab, "cucm-imp-1")
        };
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = Duration::from_micros((seed >> 33) % (whole[f].as_micros() as u64).max(1));
        let mut child = ucsh(&data)
            .envs(family_now(fam.name).map(|t| ("UCSH_NOW", t)))
            .args(&fam.args)
            .spawn()
            .expect("spawn");
        let _ = child.stdin.take().expect("stdin").write_all(fam.input.as_bytes());
        std::thread::sleep(delay);
        landed[f].0 += 1;
        if matches!(child.try_wait(), Ok(None)) {
            landed[f].1 += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        if let Err(e) = check(&data, fam, &before) {
            panic!("kill {i} ({}, after {delay:?}): {e}", fam.name);
        }
        // The next run of the family succeeds (a kill leaves nothing that stops the command)
        // and cleans up after the killed one.
        let (ok, _) = run_whole(&data, fam);
        assert!(ok, "kill {i} ({}, after {delay:?}): the family's next run failed", fam.name);
        let stray = stray_temporaries(&data);
        assert!(
            stray.is_empty(),
            "kill {i} ({}, after {delay:?}): temporary files left: {stray:?}",
            fam.name
        );
    }
    let summary: Vec<String> = families
        .iter()
        .zip(&landed)
        .zip(&whole)
        .map(|((fam, (n, running)), w)| {
            format!("{}: {running} of {n} kills mid-run (a whole run {w:?})", fam.name)
        })
        .collect();
    #[allow(clippy::print_stderr)]
    {
        eprintln!("kill torture, {kills} kills:\n  {}", summary.join("\n  "));
    }
}
