//! Persistence: concurrent ucsh processes changing one node lose nothing, and a process
//! killed with SIGKILL at any instant leaves a lab whose invariants hold.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use ucsh::engine::deployment::Role;
use ucsh::engine::services::{self, RunState};
use ucsh::engine::{accounts, Clock, Lab};

fn ucsh(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    c.env("UCSH_DATA_DIR", data).stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn init(data: &Path) {
    let ok = ucsh(data).args(["cluster", "init"]).status().expect("init runs");
    assert!(ok.success());
}

#[test]
fn concurrent_writers_lose_nothing() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    init(&data);
    // Eight sessions create eight accounts at once (hashing makes them overlap).
    let mut children = Vec::new();
    for i in 0..8 {
        let mut c = ucsh(&data).stdin(Stdio::piped()).spawn().expect("spawn");
        let script = format!("set account name user{i}\n{}\npassword{i}x\npassword{i}x\n", i % 2);
        c.stdin.take().expect("stdin").write_all(script.as_bytes()).expect("write");
        children.push(c);
    }
    // Meanwhile six sessions stop six different services on another node.
    let stopped = [
        "Cisco XCP Text Conference Manager",
        "Cisco Login Datastore",
        "Cisco Route Datastore",
        "Cisco OAM Agent",
        "Cisco Config Agent",
        "Cisco Server Recovery Manager",
    ];
    for s in &stopped {
        let name = if s.contains("Text Conference") { "Cisco XCP Connection Manager" } else { s };
        children.push(
            ucsh(&data)
                .args(["--node", "cucm-imp-1", "-c", &format!("utils service stop {name}")])
                .spawn()
                .expect("spawn"),
        );
    }
    for mut c in children {
        assert!(c.wait().expect("wait").success());
    }
    let lab = Lab::open(&data, Clock::system()).expect("open");
    let pub_node = lab.node("cucm-pub").expect("node");
    let accts = accounts::load(&pub_node).expect("accounts");
    for i in 0..8 {
        let a = accts.get(&format!("user{i}")).unwrap_or_else(|| panic!("user{i} was lost"));
        assert_eq!(a.level, (i % 2) as u8);
    }
    let imp = lab.node("cucm-imp-1").expect("node");
    let states = services::load(&imp).expect("services");
    for s in stopped.iter().filter(|s| !s.contains("Text Conference")) {
        assert_eq!(states.state(s), RunState::CommandedOut, "{s} lost its stop");
    }
    assert_eq!(states.state("Cisco XCP Connection Manager"), RunState::CommandedOut);
}

/// Every state file of the lab parses and the services respect their dependencies.
fn check_invariants(data: &Path) -> Result<(), String> {
    let lab = match Lab::open(data, Clock::system()) {
        Ok(l) => l,
        // No lab at all is consistent (a killed init); the next start recreates it.
        Err(ucsh::engine::EngineError::NoLab(_)) => return Ok(()),
        Err(e) => return Err(format!("deployment: {e}")),
    };
    for node in lab.nodes() {
        node.platform().map_err(|e| format!("{}: platform: {e}", node.name()))?;
        accounts::load(&node).map_err(|e| format!("{}: accounts: {e}", node.name()))?;
        let states = services::load(&node).map_err(|e| format!("{}: services: {e}", node.name()))?;
        for def in services::catalog(node.role()) {
            if states.is_running(def.name) {
                for dep in def.depends_on {
                    if !states.is_running(dep) {
                        return Err(format!("{}: {} runs without {dep}", node.name(), def.name));
                    }
                }
            }
        }
        if node.role() == Role::CmPublisher
            && accounts::load(&node).map(|a| a.get("admin").is_none()).unwrap_or(true)
        {
            return Err(format!("{}: the primary administrator is gone", node.name()));
        }
    }
    Ok(())
}

#[test]
fn sigkill_at_any_instant_leaves_a_consistent_lab() {
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    init(&data);
    let script = "utils service stop Cisco XCP Router\nutils service start Cisco XCP Router\nutils service start Cisco SIP Proxy\nutils service start Cisco Presence Engine\nset account name killme\n1\nkillpass1\nkillpass1\ndelete account killme\nutils system restart\nyes\n";
    let mut seed: u64 = 0x5eed;
    for round in 0..24 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = Duration::from_micros((seed >> 33) % 60_000);
        let mut child = if round % 6 == 5 {
            ucsh(&data).args(["cluster", "init", "--force"]).spawn().expect("spawn")
        } else {
            let mut c =
                ucsh(&data).args(["--node", "cucm-imp-1"]).stdin(Stdio::piped()).spawn().expect("spawn");
            let _ = c.stdin.take().expect("stdin").write_all(script.as_bytes());
            c
        };
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        if let Err(e) = check_invariants(&data) {
            panic!("round {round}, killed after {delay:?}: {e}");
        }
        // Whatever was killed, the next command works (recreating a lab a killed init removed).
        let ok =
            ucsh(&data).args(["--node", "cucm-imp-1", "-c", "utils service list"]).status().expect("run");
        assert!(ok.success(), "round {round}: the lab is unusable after the kill");
    }
}

/// Users in one replica's `enduser`, read with the sqlite3 program, in key order (not
/// read-only: the first reader after a killed writer rolls its journal back).
fn endusers(data: &Path, node: &str) -> Vec<String> {
    let db = data.join(format!("clusters/cluster1/nodes/{node}/db.sqlite"));
    let o = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT * FROM enduser ORDER BY pkid")
        .output()
        .expect("sqlite3 runs (tests/setup.sh installs it)");
    assert!(o.status.success(), "sqlite3: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).lines().map(str::to_string).collect()
}

#[test]
fn a_killed_bulk_import_is_all_or_nothing_and_each_replica_applied_or_queued_it() {
    use ucsh::engine::db::repl;
    let t = tempfile::tempdir().expect("tempdir");
    let data = t.path().join("lab");
    const N: usize = 20000;
    let mut seed: u64 = 0xb0c5;
    for round in 0..12u64 {
        // A new lab each time, so that the import is a batch (more users than the table).
        let ok = ucsh(&data).args(["cluster", "init", "--force"]).status().expect("init runs");
        assert!(ok.success());
        let have = endusers(&data, "cucm-pub").len();
        let csv = t.path().join(format!("users{round}.csv"));
        let mut s = String::from("userid,firstname,lastname,mailid,directoryuri,node\n");
        for i in 0..N {
            let node = ["cucm-imp-1", "cucm-imp-1b", ""][i % 3];
            s.push_str(&format!("r{round}u{i:05},F{i},L{i},r{round}u{i}@x.example,,{node}\n"));
        }
        std::fs::write(&csv, s).expect("write");
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        // From before the publisher's commit to after the replicas' (the import of these
        // users takes about half a second in a debug build).
        let delay = Duration::from_micros(150_000 + round * 45_000 + (seed >> 33) % 30_000);
        let mut child = ucsh(&data).args(["cluster", "import", "users"]).arg(&csv).spawn().expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        // The publisher has all of the file or none of it.
        let on_pub = endusers(&data, "cucm-pub").len();
        assert!(on_pub == have || on_pub == have + N, "round {round}: {on_pub} users on the publisher");
        // Each replica has applied the import or still has it queued.
        let lab = Lab::open(&data, Clock::system()).expect("open");
        for (source, target) in [("cucm-pub", "cucm-sub1"), ("cucm-imp-1", "cucm-imp-1b")] {
            let (s, tn) = (lab.node(source).expect("node"), lab.node(target).expect("node"));
            let on_source = endusers(&data, source).len();
            let on_target = endusers(&data, target).len();
            let queue = repl::link_status(&lab, &s, &tn).expect("link").queue;
            assert!(
                (on_target == on_source && queue == 0) || (on_target == have && queue == N as i64),
                "round {round}: {target} has {on_target} users, {source} {on_source}, queue {queue}"
            );
        }
        let on_imp = endusers(&data, "cucm-imp-1").len();
        assert!(on_imp == have || on_imp == on_pub, "round {round}: {on_imp} users on cucm-imp-1");
        // Replication then brings every replica to the publisher's users, row for row.
        repl::replicate(&lab, "cluster1").expect("replicate");
        let want = endusers(&data, "cucm-pub");
        for n in ["cucm-sub1", "cucm-imp-1", "cucm-imp-1b"] {
            assert!(endusers(&data, n) == want, "round {round}: {n} differs from the publisher");
        }
    }
}
