//! The nodes' certificates, read back by an independent X.509 reader (`openssl x509`):
//! the stored PEM is what `show cert own` says, `set cert regen` changes the key and the
//! serial, and `cluster fault cert-expire` puts the end date in the past.
//! openssl is installed by tests/setup.sh (tests/setup.d/certs.sh).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-23T10:00:00Z";

fn ucsh(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    cmd.args(args)
        .env("UCSH_DATA_DIR", dir)
        .env("UCSH_NOW", NOW)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("ucsh runs");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.unwrap_or("").as_bytes()).expect("stdin");
    }
    child.wait_with_output().expect("ucsh ends")
}

fn json(dir: &Path, node: &str, line: &str) -> serde_json::Value {
    let out = ucsh(dir, &["--node", node, "--format", "json", "-c", line], None);
    assert!(out.status.success(), "{line}: {}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    doc["result"].clone()
}

fn pem_path(dir: &Path, node: &str, unit: &str) -> PathBuf {
    dir.join("clusters/cluster1/nodes").join(node).join("certs/own").join(unit).join(format!("{unit}.pem"))
}

/// `openssl x509 -noout -subject -enddate -serial -pubkey` of a stored certificate.
fn openssl(path: &Path) -> (String, String, String, String) {
    let out = Command::new("openssl")
        .args(["x509", "-noout", "-nameopt", "RFC2253", "-subject", "-enddate", "-serial", "-pubkey", "-in"])
        .arg(path)
        .output()
        .expect("openssl is installed (tests/setup.sh)");
    assert!(out.status.success(), "openssl: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let field = |k: &str| {
        text.lines().find_map(|l| l.strip_prefix(k)).map(|v| v.trim().to_string()).unwrap_or_default()
    };
    let key: String = text.lines().skip_while(|l| !l.contains("BEGIN PUBLIC KEY")).collect();
    (field("subject="), field("notAfter="), field("serial="), key)
}

/// openssl's `notAfter=Nov 23 10:00:00 2031 GMT` as an RFC 3339 UTC time.
fn openssl_date(s: &str) -> String {
    let t = chrono::NaiveDateTime::parse_from_str(s.trim_end_matches(" GMT"), "%b %e %H:%M:%S %Y")
        .expect("openssl's date");
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[test]
fn stored_certificates_regen_and_expiry_agree_with_openssl() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let init = ucsh(dir, &["cluster", "init"], None);
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));

    // What show cert own says is what the stored PEM holds.
    let shown = json(dir, "cucm-pub", "show cert own tomcat");
    let path = pem_path(dir, "cucm-pub", "tomcat");
    let (subject, end, serial, key) = openssl(&path);
    assert!(subject.ends_with("CN=cucm-pub.cluster1.ucsh.lab"), "{subject}");
    assert!(subject.contains("OU=cluster1"), "{subject}");
    assert_eq!(shown["serial"].as_str(), Some(serial.as_str()));
    assert_eq!(shown["not_after"].as_str(), Some(openssl_date(&end).as_str()));
    assert_eq!(openssl_date(&end), "2031-11-23T10:00:00Z");
    assert_eq!(shown["expired"], serde_json::json!(false));
    let stored = std::fs::read_to_string(&path).expect("stored PEM");
    assert_eq!(shown["pem"].as_str(), Some(stored.as_str()));
    // The text has the PEM and the dates, never the private key.
    let text = ucsh(dir, &["-c", "show cert own tomcat"], None);
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(text.contains("           To:   Sun Nov 23 10:00:00 UTC 2031\n"), "{text}");
    assert!(text.contains("-----BEGIN CERTIFICATE-----"));
    assert!(!text.contains("PRIVATE KEY"));
    assert!(!shown.to_string().contains("PRIVATE KEY"));

    // The other nodes trust it, byte for byte.
    let trusted = json(dir, "cucm-sub1", "show cert trust tomcat-trust/cucm-pub.pem");
    assert_eq!(trusted["pem"].as_str(), Some(stored.as_str()));

    // Regeneration: a new key, so a new serial, and the peers' trust stores follow.
    let regen = ucsh(dir, &["--yes", "-c", "set cert regen tomcat"], None);
    assert!(regen.status.success(), "{}", String::from_utf8_lossy(&regen.stdout));
    let (_, end2, serial2, key2) = openssl(&path);
    assert_ne!(serial2, serial);
    assert_ne!(key2, key);
    assert_eq!(openssl_date(&end2), "2031-11-23T10:00:00Z");
    let trusted = json(dir, "cucm-sub1", "show cert trust tomcat-trust/cucm-pub.pem");
    assert_eq!(trusted["serial"].as_str(), Some(serial2.as_str()));

    // The lab's expiry fault: the end date is in the past, and show cert own says so.
    let ipsec = pem_path(dir, "cucm-pub", "ipsec");
    let (_, _, serial3, _) = openssl(&ipsec);
    let fault = ucsh(dir, &["cluster", "fault", "cert-expire", "cucm-pub", "ipsec"], None);
    assert!(fault.status.success(), "{}", String::from_utf8_lossy(&fault.stderr));
    let (_, end4, serial4, _) = openssl(&ipsec);
    assert_ne!(serial4, serial3);
    assert_eq!(openssl_date(&end4), "2026-11-22T10:00:00Z");
    let check = Command::new("openssl")
        .args(["x509", "-noout", "-checkend", "0", "-in"])
        .arg(&ipsec)
        .output()
        .expect("openssl");
    assert!(!check.status.success(), "openssl -checkend 0 must find the certificate expired");
    let shown = json(dir, "cucm-pub", "show cert own ipsec");
    assert_eq!(shown["expired"], serde_json::json!(true));
    assert_eq!(shown["not_after"].as_str(), Some("2026-11-22T10:00:00Z"));

    // The private keys are kept for the owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // One key per unit, named by its certificate's serial (the older ones are gone).
        let keys: Vec<_> = std::fs::read_dir(dir.join("clusters/cluster1/nodes/cucm-pub/certs/keys/tomcat"))
            .expect("keys")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        assert_eq!(keys.len(), 1, "{keys:?}");
        assert_eq!(keys[0].file_name().and_then(|n| n.to_str()), Some(format!("{serial2}.key").as_str()));
        let mode = std::fs::metadata(&keys[0]).expect("key stored").permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
}
