//! `utils disaster_recovery` against a real OpenSSH server (sshd with OpenSSH's own
//! sftp-server program, on 127.0.0.1), with GNU tar and sqlite3 as independent oracles:
//!
//! - a backup writes `<YYYY-MM-DD-HH-MM-SS>.tar` that GNU tar lists (the manifest first, each
//!   component's files) and extracts: the database replica sqlite3 reads holds the node's
//!   rows, the accounts keep their argon2 hashes, the certificates are openssl's X.509;
//! - status, history, device add|list|delete and show_backupfiles say what happened;
//! - after changes (rows deleted, a certificate regenerated, a setting changed), a restore
//!   brings the node back to the backup: sqlite3 reads the backup's rows, the files are the
//!   backup's bytes;
//! - archives with a path leaving its place, a wrong checksum, or not a tar are refused and
//!   change nothing.
//!
//! Needs root (sshd, a throwaway user) and openssh-server; without them it says so loudly.

#[path = "support/sshd.rs"]
#[allow(dead_code)]
mod sshd;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-23T10:00:00Z";

#[path = "support/cli.rs"]
mod cli;
use cli::text;

fn ucsh(data: &Path, args: &[&str], input: &str) -> Output {
    cli::ucsh_at(data, NOW, args, input)
}

fn sqlite(db: &Path, sql: &str) -> String {
    let o = Command::new("sqlite3").arg(db).arg(sql).output().expect("sqlite3");
    assert!(o.status.success(), "sqlite3: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn node_dir(data: &Path, node: &str) -> PathBuf {
    data.join("clusters/cluster1/nodes").join(node)
}

/// The `.tar` files in the server's folder.
fn tars(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|rd| rd.flatten().filter_map(|e| e.file_name().to_str().map(str::to_string)).collect())
        .unwrap_or_default();
    v.retain(|n| n.ends_with(".tar"));
    v.sort();
    v
}

/// A tar whose one data entry is named `name` verbatim (the tar crate refuses to write a
/// `..` through its API, so the header's name field is set by hand).
fn tar_with_raw_name(manifest: &str, name: &[u8], body: &[u8]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_old();
    h.set_size(manifest.len() as u64);
    h.set_mode(0o600);
    h.set_entry_type(tar::EntryType::Regular);
    b.append_data(&mut h, "drfManifest.toml", manifest.as_bytes()).expect("manifest");
    let mut h = tar::Header::new_old();
    h.set_size(body.len() as u64);
    h.set_mode(0o600);
    h.set_entry_type(tar::EntryType::Regular);
    h.as_old_mut().name[..name.len()].copy_from_slice(name);
    h.set_cksum();
    b.append(&h, body).expect("entry");
    b.into_inner().expect("tar")
}

#[test]
// A test that cannot run says so on standard error rather than passing silently.
#[allow(clippy::print_stderr)]
fn backup_and_restore_over_sftp_to_openssh() {
    let subsystem = if Path::new(sshd::SFTP_SERVER).exists() { sshd::SFTP_SERVER } else { "internal-sftp" };
    let server = match sshd::start_sshd_with(subsystem, "drs") {
        Ok(s) => s,
        Err(why) => {
            eprintln!("\n*** SKIPPED backup_and_restore_over_sftp_to_openssh: {why} ***\n");
            return;
        }
    };
    let t = tempfile::tempdir().expect("tmp");
    let data = t.path().join("lab");
    let o = ucsh(&data, &["cluster", "init", "--cm-subscribers", "1"], "");
    assert!(o.status.success(), "{}", text(&o));
    let srv = format!("127.0.0.1:{}", server.port);
    let user = server.user.as_str();
    let bkdir = server.home.join("drs");
    let pw = &server.password;
    let pub_dir = node_dir(&data, "cucm-pub");

    // Nothing yet.
    let o = ucsh(&data, &["-c", "utils disaster_recovery status backup"], "");
    assert_eq!(String::from_utf8_lossy(&o.stdout), "drfCliMsg: No backup status available\n");

    // A device: the folder must exist on the server; the password is not stored.
    fs::create_dir_all(&bkdir).expect("backup folder");
    let _ = Command::new("chown").arg(format!("{user}:{user}")).arg(&bkdir).status();
    let o = ucsh(
        &data,
        &["-c", &format!("utils disaster_recovery device add network nightly drs {srv} {user} 3")],
        &format!("{pw}\nyes\n"),
    );
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("Please enter password to connect to network server 127.0.0.1:"), "{out}");
    assert!(out.contains("Are you sure you want to continue connecting (yes/no)? "), "{out}");
    assert!(out.contains("drfCliMsg: Device nightly added successfully"), "{out}");
    assert!(!out.contains(pw.as_str()), "the password was echoed");
    let devices = fs::read_to_string(pub_dir.join("drf/devices.toml")).expect("devices");
    assert!(!devices.contains(pw.as_str()), "the password was stored: {devices}");
    let o = ucsh(&data, &["-c", "utils disaster_recovery device list", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v.to_string().matches("nightly").count(), 1, "{v}");
    let o = ucsh(&data, &["-c", "utils disaster_recovery device list"], "");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.starts_with("Device Name  Device Type  Server"), "{out}");
    assert!(out.contains(&format!("nightly      NETWORK      {srv}  drs   {user}")), "{out}");

    // The backup.
    let users_before = sqlite(&pub_dir.join("db.sqlite"), "SELECT * FROM enduser ORDER BY pkid");
    let devices_before = sqlite(&pub_dir.join("db.sqlite"), "SELECT * FROM device ORDER BY pkid");
    assert!(!users_before.is_empty());
    let o = ucsh(
        &data,
        &["-c", &format!("utils disaster_recovery backup network CCM drs {srv} {user}")],
        &format!("{pw}\n"),
    );
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("Backup initiated successfully. Please run 'utils disaster_recovery status backup' command to see the status"),
        "{out}"
    );
    assert!(!out.contains("Are you sure"), "the host key was asked about again: {out}");
    let names = tars(&bkdir);
    assert_eq!(names.len(), 1, "{names:?}");
    let tar_name = names[0].clone();
    let stem = tar_name.trim_end_matches(".tar").to_string();
    assert_eq!(stem.len(), 19, "{tar_name}");
    let archive = bkdir.join(&tar_name);

    // GNU tar lists it: the manifest first, each component's files.
    let o = Command::new("tar").arg("-tf").arg(&archive).output().expect("tar");
    assert!(o.status.success(), "GNU tar: {}", String::from_utf8_lossy(&o.stderr));
    let listing = String::from_utf8_lossy(&o.stdout).into_owned();
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.first().copied(), Some("drfManifest.toml"), "{listing}");
    for want in [
        "cucm-pub/CCM/PLATFORM/platform.toml",
        "cucm-pub/CCM/PLATFORM/services.toml",
        "cucm-pub/CCM/PLATFORM/accounts.toml",
        "cucm-pub/CCM/CCMDB/db.sqlite",
        "cucm-pub/CCM/CERTS/own/tomcat/tomcat.pem",
        "cucm-pub/CCM/CERTS/own/CallManager/CallManager.pem",
    ] {
        assert!(lines.contains(&want), "{want} missing from\n{listing}");
    }
    let x = t.path().join("x");
    fs::create_dir_all(&x).expect("x");
    let o = Command::new("tar").arg("-xf").arg(&archive).arg("-C").arg(&x).output().expect("tar -x");
    assert!(o.status.success(), "GNU tar -x: {}", String::from_utf8_lossy(&o.stderr));
    let saved = x.join("cucm-pub/CCM");
    assert_eq!(sqlite(&saved.join("CCMDB/db.sqlite"), "SELECT * FROM enduser ORDER BY pkid"), users_before);
    let accounts = fs::read_to_string(saved.join("PLATFORM/accounts.toml")).expect("accounts");
    assert!(accounts.contains("name = \"admin\""), "{accounts}");
    let o = Command::new("openssl")
        .args(["x509", "-noout", "-subject", "-in"])
        .arg(saved.join("CERTS/own/tomcat/tomcat.pem"))
        .output()
        .expect("openssl");
    assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("cucm-pub"));
    let tomcat_saved = fs::read(saved.join("CERTS/own/tomcat/tomcat.pem")).expect("pem");
    let platform_saved = fs::read(saved.join("PLATFORM/platform.toml")).expect("platform");

    // Status and history say what happened; the component logs exist.
    let o = ucsh(&data, &["-c", "utils disaster_recovery status backup"], "");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.starts_with("Status: SUCCESS :Backup Completed...\n"), "{out}");
    assert!(out.contains(&format!("Tar Filename: {tar_name}\nStorage Location: NETWORK\nOperation: backup\nPercentage Complete: 100\n")), "{out}");
    assert!(out.contains("CCM cucm-pub CCMDB SUCCESS "), "{out}");
    let log = format!("{stem}_b_cucm-pub_ccm_ccmdb.log");
    assert!(out.contains(&format!("activelog/platform/drf/log/{log}")), "{out}");
    assert!(pub_dir.join("activelog/platform/drf/log").join(&log).is_file());
    let o = ucsh(&data, &["-c", "utils disaster_recovery history backup"], "");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let row = out.lines().nth(1).unwrap_or_default().to_string();
    assert!(row.starts_with(&format!("{tar_name}  NETWORK ")), "{out}");
    assert!(row.contains("SUCCESS") && row.ends_with("MANUAL        CCM"), "{out}");
    let o = ucsh(
        &data,
        &["-c", &format!("utils disaster_recovery show_backupfiles network drs {srv} {user}")],
        &format!("{pw}\n"),
    );
    assert!(text(&o).ends_with(&format!("{stem}\n")), "{}", text(&o));

    // Change the node: rows deleted (replicated), a certificate regenerated, a setting changed.
    let o = ucsh(
        &data,
        &[
            "--yes",
            "-c",
            "run sql delete from enduser where userid like 'user1%'",
            "-c",
            "set cert regen tomcat",
            "-c",
            "set cli session timeout 45",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_ne!(sqlite(&pub_dir.join("db.sqlite"), "SELECT * FROM enduser ORDER BY pkid"), users_before);
    assert_ne!(fs::read(pub_dir.join("certs/own/tomcat/tomcat.pem")).expect("pem"), tomcat_saved);

    // Refused archives change nothing: a path leaving its place, a wrong checksum, no tar.
    let manifest = fs::read_to_string(x.join("drfManifest.toml")).expect("manifest");
    let evil_names = ["2026-01-01-00-00-01", "2026-01-01-00-00-02", "2026-01-01-00-00-03"];
    fs::write(
        bkdir.join(format!("{}.tar", evil_names[0])),
        tar_with_raw_name(&manifest, b"cucm-pub/CCM/CERTS/../../../../escaped.pem", b"x"),
    )
    .expect("evil");
    let tampered = manifest.replacen("xxh3 = \"", "xxh3 = \"0", 1);
    let mut good = tar::Archive::new(fs::File::open(&archive).expect("tar"));
    let mut b = tar::Builder::new(Vec::new());
    for (i, e) in good.entries().expect("entries").enumerate() {
        let mut e = e.expect("entry");
        let mut h = e.header().clone();
        if i == 0 {
            h.set_size(tampered.len() as u64);
            h.set_cksum();
            b.append(&h, tampered.as_bytes()).expect("append");
        } else {
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut body).expect("read");
            b.append(&h, &body[..]).expect("append");
        }
    }
    fs::write(bkdir.join(format!("{}.tar", evil_names[1])), b.into_inner().expect("tar")).expect("w");
    fs::write(bkdir.join(format!("{}.tar", evil_names[2])), b"not a tar archive at all").expect("w");
    let users_changed = sqlite(&pub_dir.join("db.sqlite"), "SELECT * FROM enduser ORDER BY pkid");
    for (name, why) in evil_names.iter().zip(["leaves its place", "checksum", "cannot be restored"]) {
        let o = ucsh(
            &data,
            &["-c", &format!("utils disaster_recovery restore network cucm-pub {name} drs {srv} {user}")],
            &format!("{pw}\nCCM\ny\n"),
        );
        let out = text(&o);
        assert!(!o.status.success(), "{name} restored: {out}");
        assert!(out.contains("cannot be restored") && out.contains(why), "{name}: {out}");
        assert!(!t.path().join("escaped.pem").exists() && !data.join("escaped.pem").exists());
        assert!(!pub_dir.join(".drf-restore").exists(), "a stage was left");
        assert_eq!(sqlite(&pub_dir.join("db.sqlite"), "SELECT * FROM enduser ORDER BY pkid"), users_changed);
    }

    // The restore: the node is the backup's again (sqlite3 reads the backup's rows).
    let o = ucsh(
        &data,
        &["-c", &format!("utils disaster_recovery restore network cucm-pub {stem} drs {srv} {user}")],
        &format!("{pw}\nCCM\ny\n"),
    );
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("Valid features for this backup are CCM:"), "{out}");
    assert!(out.contains("Continue (y/n)?"), "{out}");
    assert!(out.contains("Restore initiated successfully."), "{out}");
    let db = pub_dir.join("db.sqlite");
    assert_eq!(sqlite(&db, "SELECT * FROM enduser ORDER BY pkid"), users_before);
    assert_eq!(sqlite(&db, "SELECT * FROM device ORDER BY pkid"), devices_before);
    assert_eq!(fs::read(pub_dir.join("certs/own/tomcat/tomcat.pem")).expect("pem"), tomcat_saved);
    assert_eq!(fs::read(pub_dir.join("platform.toml")).expect("platform"), platform_saved);
    assert!(!pub_dir.join(".drf-restore").exists());
    let o =
        ucsh(&data, &["-c", "show cli session timeout", "-c", "utils disaster_recovery status restore"], "");
    let out = text(&o);
    assert!(!out.contains("45"), "{out}");
    assert!(out.contains("Status: SUCCESS :Restore Completed..."), "{out}");
    let o = ucsh(&data, &["-c", "utils disaster_recovery history restore"], "");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(out.lines().filter(|l| l.contains("ERROR")).count(), 3, "{out}");
    assert_eq!(out.lines().filter(|l| l.contains("SUCCESS")).count(), 1, "{out}");
    // Device delete.
    let o = ucsh(
        &data,
        &["-c", "utils disaster_recovery device delete *", "-c", "utils disaster_recovery device list"],
        "",
    );
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        out,
        "drfCliMsg: Device nightly deleted successfully\ndrfCliMsg: No backup devices configured\n"
    );
}
