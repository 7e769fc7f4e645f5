//! The health scenario (#16 item 7): a lab broken in five ways — a service crash, a node
//! down, a partition filled, the NTP server unreachable, a certificate expired — one at a
//! time and all at once. `utils diagnose test` names each (exit status 3, in text and in
//! JSON) and the everyday checks show it (`utils core active list`, `utils dbreplication
//! runtimestate`, `utils network ping`, `show diskusage`, `show status`, `utils ntp status`,
//! `show cert own`); the healthy lab, before and after, exits 0. The `ucsh` binary runs
//! each command with `-c`, as a CI pipeline would.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const NOW: &str = "2026-11-23T10:00:00Z";

fn ucsh(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ucsh"))
        .env("UCSH_DATA_DIR", data)
        .env("UCSH_NOW", NOW)
        .args(args)
        .output()
        .expect("ucsh")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Runs a host command (`cluster fault ...`) that must succeed.
fn host(data: &Path, args: &[&str]) {
    let o = ucsh(data, args);
    assert!(o.status.success(), "{args:?}: {}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
}

/// `utils diagnose test` on cucm-pub: its exit status, text, and the modules the JSON says
/// failed (which must be those the text says failed).
fn diagnose(data: &Path) -> (i32, String, Vec<String>) {
    let o = ucsh(data, &["-c", "utils diagnose test"]);
    let text = stdout(&o);
    let code = o.status.code().unwrap_or(-1);
    let j = ucsh(data, &["--format", "json", "-c", "utils diagnose test"]);
    assert_eq!(j.status.code(), Some(code), "text and JSON runs end differently");
    let v: Value = serde_json::from_slice(&j.stdout).expect("JSON");
    assert_eq!(v["exit"], code, "{v}");
    let failed: Vec<String> = v["result"]["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .filter(|m| m["outcome"]["result"] == "failed")
        .map(|m| m["module"].as_str().unwrap_or_default().to_string())
        .collect();
    let text_failed: Vec<String> = text
        .lines()
        .filter(|l| l.contains(": Failed - "))
        .map(|l| l.trim_start_matches("test - ").split(" :").next().unwrap_or_default().trim().to_string())
        .collect();
    assert_eq!(failed, text_failed, "text:\n{text}");
    assert_eq!(v["status"], if code == 3 { "findings" } else { "ok" }, "{v}");
    (code, text, failed)
}

fn json(data: &Path, line: &str) -> Value {
    let o = ucsh(data, &["--format", "json", "-c", line]);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{line}: {e}: {}", stdout(&o)))
}

fn healthy(data: &Path) {
    let (code, text, failed) = diagnose(data);
    assert_eq!(code, 0, "{text}");
    assert!(failed.is_empty(), "{failed:?}");
}

#[test]
fn five_ways_to_break_a_lab_and_what_the_checks_say() {
    let t = tempfile::tempdir().expect("tmp");
    let data = t.path().join("lab");
    host(&data, &["cluster", "init", "--cm-subscribers", "1"]);
    healthy(&data);
    let cores_before =
        json(&data, "utils core active list")["result"]["cores"].as_array().map_or(0, Vec::len);

    // 1. A service crash: the tomcat modules fail; the crash left a core.
    host(&data, &["cluster", "fault", "service-crash", "cucm-pub", "Cisco Tomcat"]);
    let (code, text, failed) = diagnose(&data);
    assert_eq!(code, 3, "{text}");
    assert!(failed.contains(&"tomcat".to_string()), "{failed:?}");
    assert!(text.contains("test - tomcat              : Failed - Tomcat is not running"), "{text}");
    let cores = json(&data, "utils core active list");
    assert!(cores["result"]["cores"].as_array().map_or(0, Vec::len) > cores_before, "{cores}");
    assert!(stdout(&ucsh(&data, &["-c", "utils core active list"])).contains("core."));
    assert!(ucsh(&data, &["-c", "utils service start Cisco Tomcat"]).status.success());
    healthy(&data);

    // 2. A node down: validate_network fails; replication and ping see it.
    host(&data, &["cluster", "fault", "node-down", "cucm-sub1"]);
    let (code, text, failed) = diagnose(&data);
    assert_eq!((code, failed), (3, vec!["validate_network".to_string()]), "{text}");
    assert!(text.contains("Intra-cluster communication is broken"), "{text}");
    let rts = stdout(&ucsh(&data, &["-c", "utils dbreplication runtimestate"]));
    assert!(rts.lines().any(|l| l.starts_with("cucm-sub1") && l.contains("N/N/N")), "{rts}");
    let ping = json(&data, "utils network ping cucm-sub1 2");
    assert_eq!(ping["result"]["received"], 0, "{ping}");
    host(&data, &["cluster", "fault", "node-up", "cucm-sub1"]);
    healthy(&data);

    // 3. A partition filled: disk_space fails; show status and show diskusage see the file.
    host(&data, &["cluster", "fault", "disk-fill", "cucm-pub"]);
    let (code, text, failed) = diagnose(&data);
    assert_eq!((code, failed), (3, vec!["disk_space".to_string()]), "{text}");
    assert!(text.contains("Failed - Disk/logging is 97% full"), "{text}");
    let status = json(&data, "show status");
    let logging = status["result"]["disks"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["name"] == "Disk/logging").cloned())
        .expect("Disk/logging");
    assert!(logging["percent"].as_u64().unwrap_or(0) >= 95, "{logging}");
    let du = stdout(&ucsh(&data, &["-c", "show diskusage activelog"]));
    assert!(du.contains("/var/log/active/ucsh-fault/disk-fill.bin"), "{du}");
    host(&data, &["cluster", "fault", "disk-clear", "cucm-pub"]);
    healthy(&data);

    // 4. The NTP server unreachable: the ntp modules fail; ntp status and ping see it.
    host(&data, &["cluster", "fault", "ntp-unreachable", "10.10.0.10"]);
    let (code, text, failed) = diagnose(&data);
    assert_eq!(code, 3, "{text}");
    assert_eq!(failed, ["ntp_reachability", "ntp_clock_drift", "ntp_stratum"], "{text}");
    let ntp = json(&data, "utils ntp status");
    assert_eq!(ntp["result"]["synchronised"], Value::Null, "{ntp}");
    assert_eq!(ntp["result"]["peers"][0]["reach"], "0", "{ntp}");
    assert!(stdout(&ucsh(&data, &["-c", "utils ntp status"])).contains("unsynchronised"));
    let ping = json(&data, "utils network ping 10.10.0.10 2");
    assert_eq!(ping["result"]["received"], 0, "{ping}");
    host(&data, &["cluster", "fault", "ntp-reachable", "10.10.0.10"]);
    let ping = json(&data, "utils network ping 10.10.0.10 2");
    assert_eq!(ping["result"]["received"], 2, "{ping}");
    healthy(&data);

    // 5. A certificate expired: cert_expiry fails; show cert own says EXPIRED.
    host(&data, &["cluster", "fault", "cert-expire", "cucm-pub", "tomcat"]);
    let (code, text, failed) = diagnose(&data);
    assert_eq!((code, failed), (3, vec!["cert_expiry".to_string()]), "{text}");
    assert!(text.contains("Failed - tomcat expired on 2026-11-22"), "{text}");
    let cert = json(&data, "show cert own tomcat");
    assert_eq!(cert["result"]["expired"], true, "{cert}");
    assert!(stdout(&ucsh(&data, &["-c", "show cert own tomcat"])).contains("Status: EXPIRED"));
    assert!(ucsh(&data, &["--yes", "-c", "set cert regen tomcat"]).status.success());
    healthy(&data);

    // All five at once: every one is named.
    host(&data, &["cluster", "fault", "service-crash", "cucm-pub", "Cisco Tomcat"]);
    host(&data, &["cluster", "fault", "node-down", "cucm-sub1"]);
    host(&data, &["cluster", "fault", "disk-fill", "cucm-pub"]);
    host(&data, &["cluster", "fault", "ntp-unreachable", "10.10.0.10"]);
    host(&data, &["cluster", "fault", "cert-expire", "cucm-pub", "ipsec"]);
    let (code, text, failed) = diagnose(&data);
    assert_eq!(code, 3, "{text}");
    for m in ["disk_space", "tomcat", "cert_expiry", "validate_network", "ntp_reachability"] {
        assert!(failed.iter().any(|f| f == m), "{m} not failed: {text}");
    }
    assert!(text.contains("ipsec expired on 2026-11-22"), "{text}");
    // And back to health.
    assert!(ucsh(&data, &["--yes", "-c", "utils service start Cisco Tomcat", "-c", "set cert regen ipsec"])
        .status
        .success());
    host(&data, &["cluster", "fault", "node-up", "cucm-sub1"]);
    host(&data, &["cluster", "fault", "disk-clear", "cucm-pub"]);
    host(&data, &["cluster", "fault", "ntp-reachable", "10.10.0.10"]);
    healthy(&data);
}
