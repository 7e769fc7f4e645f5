//! `file get` against a real OpenSSH server: sshd with its SFTP subsystem, started by the
//! test on a free 127.0.0.1 port with a temporary config, host key and user (password
//! authentication). Received files are compared byte for byte; host keys are checked
//! (unknown: fingerprint shown and trusted on request; changed: refused); a failed upload
//! leaves nothing under the final name; the `ucsh` binary answers the platform's prompts
//! from standard input.
//!
//! Needs root (to run sshd and create a throwaway user) and openssh-server
//! (tests/setup.sh installs it). Without them the test says so loudly and does nothing.

#[path = "support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

#[path = "support/op.rs"]
#[allow(dead_code)]
mod op_support;
use op_support::call;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use ucsh::engine::deployment::InitOptions;
use ucsh::engine::error::EngineError;
use ucsh::engine::node::Partition;
use ucsh::engine::sftp::{self, Endpoint};
use ucsh::engine::traces::{bundle, get};
use ucsh::engine::{Clock, Session};

#[path = "support/cli.rs"]
#[allow(dead_code)]
mod cli;

/// The clock every CLI run of these tests is pinned to.
const NOW: &str = "2026-11-23T10:00:00Z";

#[path = "support/sshd.rs"]
#[allow(dead_code)]
mod sshd;
use sshd::{start_sshd, start_sshd_with};

fn fingerprint_of(pubkey: &Path) -> String {
    let out = Command::new("ssh-keygen").arg("-lf").arg(pubkey).output().expect("ssh-keygen -l");
    // "256 SHA256:xxxx comment (ED25519)"
    String::from_utf8_lossy(&out.stdout).split_whitespace().nth(1).unwrap_or_default().to_string()
}

#[test]
// A test that cannot run says so on standard error rather than passing silently.
#[allow(clippy::print_stderr)]
fn file_get_over_sftp_to_openssh() {
    let server = match start_sshd() {
        Ok(s) => s,
        Err(why) => {
            eprintln!("\n*** SKIPPED file_get_over_sftp_to_openssh: {why} ***\n");
            return;
        }
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time");
    let labdir = tempfile::tempdir().expect("tmp");
    let lab = lab_fixture::lab_at(labdir.path(), &InitOptions::default(), Clock::pinned(now));
    let node = lab.node("cucm-imp-1").expect("node");
    let admin = Session::new("admin", 4, true);
    // This session's Ctrl-C (nobody else's).
    let cancel = ucsh::engine::CancelToken::new();
    let known_hosts = labdir.path().join("known_hosts");
    let endpoint = Endpoint::new("127.0.0.1", server.port);

    // Unknown key: its fingerprint is OpenSSH's; login is refused until it is trusted.
    let pending = sftp::connect(&endpoint, &known_hosts).expect("connect");
    assert!(!pending.known);
    assert_eq!(pending.fingerprint, fingerprint_of(&server.dir.path().join("host_ed25519.pub")));
    assert_eq!(pending.key_type, "ED25519");
    assert!(pending.login(&server.user, &server.password).is_err(), "untrusted key must not log in");
    let mut pending = sftp::connect(&endpoint, &known_hosts).expect("connect");
    pending.trust(&known_hosts).expect("trust");
    let kh = fs::read_to_string(&known_hosts).expect("known_hosts");
    assert!(kh.starts_with(&format!("[127.0.0.1]:{} ssh-ed25519 ", server.port)), "{kh}");
    // OpenSSH itself accepts the entry we wrote.
    let check = Command::new("ssh-keygen")
        .args(["-F", &format!("[127.0.0.1]:{}", server.port), "-f"])
        .arg(&known_hosts)
        .output()
        .expect("ssh-keygen -F");
    assert!(check.status.success() && !check.stdout.is_empty());
    // Wrong password.
    let again = sftp::connect(&endpoint, &known_hosts).expect("connect");
    assert!(again.known);
    assert!(matches!(again.login(&server.user, "wrong"), Err(EngineError::AuthFailed(_))));

    // Upload a bundle and a folder's files; compare byte for byte.
    let built = call(&lab, &node, &admin, "file build log", |op| {
        bundle::build_log(op, &["cisco_xcp_router"], 3, &mut |_| {})
    })
    .expect("bundle");
    let client = sftp::connect(&endpoint, &known_hosts)
        .expect("connect")
        .login(&server.user, &server.password)
        .expect("login")
        .with_cancel(cancel.clone());
    assert!(client.cipher().starts_with("aes128-gcm"), "cipher {}", client.cipher());
    let sel = call(&lab, &node, &admin, "file get", |op| {
        get::select(
            op,
            Partition::Activelog,
            "epas/trace",
            &get::GetOptions { recurs: true, ..Default::default() },
        )
    })
    .expect("select");
    assert!(sel.files.iter().any(|e| e.rel == built.bundle));
    let mut last = 0;
    let report = call(&lab, &node, &admin, "file get", |op| {
        get::send(op, &sel, &client, "upload", &mut |p| {
            assert!(p.bytes_done >= last);
            last = p.bytes_done;
        })
    })
    .expect("send");
    assert_eq!(report.files.len(), sel.files.len());
    assert_eq!(last, sel.total_bytes);
    let landed = server.home.join("upload/cucm-imp-1/activelog");
    for e in &sel.files {
        let got = fs::read(landed.join(&e.rel)).unwrap_or_else(|err| panic!("{}: {err}", e.rel));
        assert_eq!(got, fs::read(&e.abs).expect("local"), "{} differs", e.rel);
    }
    let leftovers: Vec<_> = walkdir::WalkDir::new(&server.home)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // compress: one tar.gz that GNU tar reads, holding the same files.
    let csel = call(&lab, &node, &admin, "file get", |op| {
        get::select(
            op,
            Partition::Activelog,
            "epas/trace/xcp/log",
            &get::GetOptions { compress: true, ..Default::default() },
        )
    })
    .expect("select");
    let crep =
        call(&lab, &node, &admin, "file get", |op| get::send(op, &csel, &client, "zipped", &mut |_| {}))
            .expect("send compressed");
    assert_eq!(crep.files.len(), 1);
    let archive = server.home.join("zipped").join(crep.files[0].remote.trim_start_matches("zipped/"));
    let out = Command::new("tar").arg("-tzf").arg(&archive).output().expect("tar");
    assert!(out.status.success());
    let mut listed: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    listed.sort();
    let mut want: Vec<String> = csel.files.iter().map(|e| e.rel.clone()).collect();
    want.sort();
    assert_eq!(listed, want);

    // A failed transfer names the file and leaves nothing under the final name.
    let locked = server.home.join("locked");
    fs::create_dir_all(&locked).expect("mkdir");
    fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o555)).expect("chmod");
    let one = call(&lab, &node, &admin, "file get", |op| {
        get::select(op, Partition::Activelog, &built.bundle, &Default::default())
    })
    .expect("select");
    match call(&lab, &node, &admin, "file get", |op| get::send(op, &one, &client, "locked", &mut |_| {})) {
        Err(EngineError::TransferFailed { file, reason }) => {
            assert!(file.contains("log_cisco_xcp_router_"), "{file}");
            assert!(!reason.is_empty());
        }
        Err(EngineError::Sftp(m)) => assert!(m.contains("locked"), "{m}"),
        other => panic!("expected a failure, got {:?}", other.map(|r| r.bytes)),
    }
    let in_locked: Vec<_> = walkdir::WalkDir::new(&locked)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .collect();
    assert!(in_locked.is_empty(), "{in_locked:?}");

    // Download (used by other features) comes back identical, atomically.
    let back = labdir.path().join("back.tar.gz");
    let remote = format!("upload/cucm-imp-1/activelog/{}", built.bundle);
    client.download(&remote, &back, &mut |_| {}).expect("download");
    assert_eq!(
        fs::read(&back).expect("back"),
        fs::read(bundle::bundle_path(&node, &built.bundle)).expect("orig")
    );
    assert!(client.download("upload/no-such-file", &labdir.path().join("none"), &mut |_| {}).is_err());
    assert!(!labdir.path().join("none").exists());

    // A file larger than the upload's in-flight window, of an odd size, arrives whole; sent
    // again under the same name it replaces the first copy.
    let big = labdir.path().join("big.bin");
    let mut bytes = Vec::with_capacity((19 << 20) + 12345);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while bytes.len() < (19 << 20) + 12345 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push((x >> 24) as u8);
    }
    fs::write(&big, &bytes).expect("write big");
    for round in 0..2 {
        let mut seen = Vec::new();
        let n = client.upload(&big, "upload/big.bin", &mut |n| seen.push(n)).expect("upload big");
        assert_eq!(n, bytes.len() as u64, "round {round}");
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "progress goes forward: {seen:?}");
        assert_eq!(seen.last().copied(), Some(n), "progress ends at the size");
        let got = fs::read(server.home.join("upload/big.bin")).expect("big received");
        assert!(got == bytes, "round {round}: {} bytes received of {}", got.len(), bytes.len());
        assert!(!server.home.join("upload/big.bin.part").exists());
        bytes.reverse();
        fs::write(&big, &bytes).expect("rewrite big");
    }
    // Ctrl-C in the middle of an upload stops it and leaves neither the file nor its .part.
    let r = client.upload(&big, "upload/stopped.bin", &mut |n| {
        if n >= 4 << 20 {
            cancel.request();
        }
    });
    cancel.clear();
    assert!(matches!(r, Err(EngineError::Interrupted)), "{r:?}");
    assert!(!server.home.join("upload/stopped.bin").exists());
    assert!(!server.home.join("upload/stopped.bin.part").exists());
    client.close();

    // A changed host key is refused, never asked about.
    let other = labdir.path().join("other_key");
    Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&other)
        .status()
        .expect("keygen");
    let other_pub = fs::read_to_string(other.with_extension("pub")).expect("pub");
    let mut parts = other_pub.split_whitespace();
    let (kind, b64) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let forged = labdir.path().join("forged_known_hosts");
    fs::write(&forged, format!("[127.0.0.1]:{} {kind} {b64}\n", server.port)).expect("write");
    assert!(matches!(sftp::connect(&endpoint, &forged), Err(EngineError::HostKeyChanged { .. })));

    // The ucsh binary: the platform's questions answered from standard input.
    let data = labdir.path();
    let input = format!("y\n127.0.0.1\n{}\n{}\n{}\ncli\nyes\n", server.port, server.user, server.password);
    let out = cli::ucsh_at(
        data,
        NOW,
        &["--node", "cucm-imp-1", "-c", &format!("file get activelog {}", built.bundle)],
        &input,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Number of files affected: 1"), "{stdout}");
    assert!(stdout.contains("Would you like to proceed [y/n]? "), "{stdout}");
    assert!(stdout.contains("SFTP server port [22]: "), "{stdout}");
    assert!(stdout.contains("key fingerprint is SHA256:"), "{stdout}");
    assert!(stdout.contains("Are you sure you want to continue connecting (yes/no)? "), "{stdout}");
    assert!(stdout.trim_end().ends_with("Transfer completed."), "{stdout}");
    assert!(!stdout.contains(&server.password), "the password was echoed");
    let got = fs::read(server.home.join("cli/cucm-imp-1/activelog").join(&built.bundle))
        .expect("received by the CLI");
    assert_eq!(got, fs::read(bundle::bundle_path(&node, &built.bundle)).expect("orig"));
    // utils branding upload: the same questions fetch branding.zip from the server onto a
    // CM node, where enable then installs it.
    let zip =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/utils/branding/files/good-cm.zip");
    fs::copy(&zip, server.home.join("branding.zip")).expect("put branding.zip on the server");
    let input =
        format!("127.0.0.1\n{}\n{}\n{}\nbranding.zip\nyes\n", server.port, server.user, server.password);
    let out = cli::ucsh_at(
        data,
        NOW,
        &["--node", "cucm-pub", "-c", "utils branding upload", "-c", "utils branding enable"],
        &input,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Branding file path on the server: "), "{stdout}");
    assert!(stdout.contains("key fingerprint is SHA256:"), "{stdout}");
    assert!(
        stdout.contains(&format!("sftp://{}@127.0.0.1:{}/branding.zip", server.user, server.port)),
        "{stdout}"
    );
    assert!(stdout.contains("Branding enabled successfully."), "{stdout}");
    assert!(!stdout.contains(&server.password), "the password was echoed");

    // The node now knows the key: a second run asks no host key question.
    let node_kh = get::known_hosts_path(&node);
    assert!(fs::read_to_string(node_kh)
        .expect("node known_hosts")
        .contains(&format!("[127.0.0.1]:{}", server.port)));

    // `--yes` answers confirmations; trusting an unknown host key is not one (issue #19,
    // 15): on a node that does not know the key, the question still waits for its answer.
    let sub = lab.node("cucm-sub1").expect("node");
    let input = format!("127.0.0.1\n{}\n{}\n{}\nbranding.zip\n", server.port, server.user, server.password);
    let out =
        cli::ucsh_at(data, NOW, &["--yes", "--node", "cucm-sub1", "-c", "utils branding upload"], &input);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "--yes trusted an unknown host key: {stdout}");
    assert!(stdout.contains("key fingerprint is SHA256:"), "{stdout}");
    assert!(!fs::read_to_string(get::known_hosts_path(&sub))
        .unwrap_or_default()
        .contains(&format!("[127.0.0.1]:{}", server.port)));
}

/// An SFTP server that answers, but a few bytes at a time: its sftp-server's replies go
/// through a pipe that passes 16 bytes every quarter of a second (64 bytes a second), so
/// the connection is never idle while one 30,000-byte SFTP reply takes about 8 minutes.
/// The download must be given up (each SSH call has 30 s in all, not 30 s of silence, and
/// between calls the transfer must keep 1 KB/s after 30 s), with nothing left behind.
#[test]
#[allow(clippy::print_stderr)]
fn a_trickling_sftp_server_is_given_up_at_the_deadline() {
    let wrapper = tempfile::tempdir().expect("tmp");
    let script = wrapper.path().join("trickle-sftp");
    fs::write(
        &script,
        "#!/bin/sh\n/usr/lib/openssh/sftp-server \"$@\" | perl -e 'binmode STDIN; binmode STDOUT; \
         while (sysread(STDIN, my $b, 16)) { syswrite(STDOUT, $b); select(undef, undef, undef, 0.25) }'\n",
    )
    .expect("script");
    fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    fs::set_permissions(wrapper.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    let server = match start_sshd_with(&script.display().to_string(), "t") {
        Ok(s) => s,
        Err(why) => {
            eprintln!("\n*** SKIPPED a_trickling_sftp_server_is_given_up_at_the_deadline: {why} ***\n");
            return;
        }
    };
    // A file of 64 KiB on the server, owned by its user.
    let file = server.home.join("big.zip");
    fs::write(&file, vec![b'x'; 64 << 10]).expect("write");
    let _ = Command::new("chown").arg(format!("{0}:{0}", server.user)).arg(&file).status();
    let labdir = tempfile::tempdir().expect("tmp");
    let known_hosts = labdir.path().join("known_hosts");
    let endpoint = Endpoint::new("127.0.0.1", server.port);
    let mut pending = sftp::connect(&endpoint, &known_hosts).expect("connect");
    pending.trust(&known_hosts).expect("trust");
    let client = pending.login(&server.user, &server.password).expect("login");
    let (tx, rx) = std::sync::mpsc::channel();
    let target = labdir.path().join("got.zip");
    std::thread::spawn(move || {
        let _ = tx.send(client.download("big.zip", &target, &mut |_| {}));
    });
    // Generous: only "ends" is checked, not how soon.
    let result =
        rx.recv_timeout(Duration::from_secs(150)).expect("the download still ran after 150 s (it hangs)");
    let err = result.expect_err("a download at 64 bytes a second must fail");
    assert!(matches!(err, EngineError::TransferFailed { .. }), "{err}");
    assert!(!labdir.path().join("got.zip").exists(), "a partial file was left under the final name");
}

/// `show fileserver transferspeed` against OpenSSH through the `ucsh` binary: the
/// platform's warning and question, file get's prompts and host key question, then the two
/// dd-style reports. The figures are measured, so what is checked is their shape and that
/// each rate is the bytes over the seconds shown; the verdict and the exit status follow
/// the rates; nothing is left on the server or in the node's folder.
#[test]
#[allow(clippy::print_stderr)]
fn show_fileserver_transferspeed_measures_an_openssh_server() {
    use ucsh::engine::fileserver::{Copied, RECORD, TEST_BYTES};
    use ucsh::render::parse::imp::parse_transferspeed;
    let server = match start_sshd_with("internal-sftp", "f") {
        Ok(s) => s,
        Err(why) => {
            eprintln!("\n*** SKIPPED show_fileserver_transferspeed_measures_an_openssh_server: {why} ***\n");
            return;
        }
    };
    let labdir = tempfile::tempdir().expect("tmp");
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time");
    let lab = lab_fixture::lab_at(labdir.path(), &InitOptions::default(), Clock::pinned(now));
    let node_dir = lab.node("cucm-imp-1").expect("node").dir().to_path_buf();
    let input =
        format!("y\n127.0.0.1\n{}\n{}\n{}\nspeed/test\nyes\n", server.port, server.user, server.password);
    let out = cli::ucsh_at(
        labdir.path(),
        NOW,
        &["--node", "cucm-imp-1", "-c", "show fileserver transferspeed"],
        &input,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "WARNING: This command involves copying a large file to and from the mounted directory.",
        "Do you want to continue? (y/n):",
        "SFTP server IP: ",
        "Are you sure you want to continue connecting (yes/no)? ",
        "Creating a file to perform the test, please wait...",
        "Copying the file onto the mounted file system. Please note the writing speed recorded below.",
        "Copying the file from the mounted file system. Please note the reading speed recorded below.",
        "Clean-up finised",
    ] {
        assert!(stdout.contains(expected), "{expected:?} missing from:\n{stdout}");
    }
    let speed = parse_transferspeed(&stdout).unwrap_or_else(|e| panic!("{e}:\n{stdout}"));
    for c in [&speed.write, &speed.read] {
        assert_eq!(c.bytes, TEST_BYTES, "{stdout}");
        assert_eq!(c.records, TEST_BYTES / RECORD);
        assert!(c.seconds > 0.0);
        // The rate shown is the bytes over the seconds shown, to the tenth.
        assert_eq!(c.mb_per_s, Copied::rate(c.bytes, c.seconds), "{stdout}");
    }
    assert!(stdout.contains(&format!("{TEST_BYTES} bytes (67 MB) copied, ")), "{stdout}");
    eprintln!("show fileserver transferspeed (loopback OpenSSH):\n{stdout}");
    let meets = speed.write.mb_per_s > 60.0 && speed.read.mb_per_s > 60.0;
    assert_eq!(speed.meets, meets);
    let verdict = if meets { "meets the requirement" } else { "does not meet the requirement" };
    assert!(stdout.contains(verdict), "{stdout}");
    assert_eq!(
        out.status.code(),
        Some(if meets { 0 } else { 3 }),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The directory was made; the test file is gone from the server and the node.
    assert!(server.home.join("speed/test").is_dir());
    let left: Vec<_> = walkdir::WalkDir::new(server.home.join("speed"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let local: Vec<_> = fs::read_dir(&node_dir)
        .expect("node dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("transferspeed"))
        .collect();
    assert!(local.is_empty(), "{local:?}");
}
