//! `set cert import trust <unit>` against a real OpenSSH server: a CA certificate made by
//! openssl is fetched over SFTP, read as X.509 and added to the trust store, where `show
//! cert list trust` lists it and openssl reads the stored file as the same certificate
//! (same fingerprint); a file that is not a certificate (a private key, text) is refused and
//! nothing is stored.
//!
//! Needs root (sshd, a throwaway user), openssh-server and openssl; without them it says so.

#[path = "support/sshd.rs"]
#[allow(dead_code)]
mod sshd;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

#[path = "support/cli.rs"]
mod cli;
use cli::text;

fn ucsh(data: &Path, args: &[&str], input: &str) -> Output {
    cli::ucsh_at(data, "2026-11-23T10:00:00Z", args, input)
}

fn fingerprint(pem: &Path) -> String {
    let o = Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(pem)
        .output()
        .expect("openssl");
    assert!(o.status.success(), "openssl: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

#[test]
#[allow(clippy::print_stderr)]
fn import_trust_over_sftp_from_openssh() {
    let server = match sshd::start_sshd_with(
        if Path::new(sshd::SFTP_SERVER).exists() { sshd::SFTP_SERVER } else { "internal-sftp" },
        "ci",
    ) {
        Ok(s) => s,
        Err(why) => {
            eprintln!("\n*** SKIPPED import_trust_over_sftp_from_openssh: {why} ***\n");
            return;
        }
    };
    let t = tempfile::tempdir().expect("tmp");
    let data = t.path().join("lab");
    assert!(ucsh(&data, &["cluster", "init", "--cm-subscribers", "1"], "").status.success());
    // A CA certificate and its key, made by openssl, on the server.
    let o = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/CN=corp-ca.example.com/O=Example",
            "-keyout",
        ])
        .arg(server.home.join("ca.key"))
        .arg("-out")
        .arg(server.home.join("ca.pem"))
        .output()
        .expect("openssl req");
    assert!(o.status.success(), "openssl req: {}", String::from_utf8_lossy(&o.stderr));
    fs::write(server.home.join("notes.txt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n")
        .expect("notes");
    let _ = Command::new("chmod").arg("644").arg(server.home.join("ca.key")).status();
    let answers = |file: &str, first: bool| {
        format!(
            "127.0.0.1\n{}\n{}\n{}\n{file}\n{}",
            server.port,
            server.user,
            server.password,
            if first { "yes\n" } else { "" }
        )
    };
    let trust = data.join("clusters/cluster1/nodes/cucm-pub/certs/trust/tomcat-trust");
    assert!(ucsh(&data, &["-c", "show cert list trust"], "").status.success());
    let before: Vec<_> = fs::read_dir(&trust).expect("trust").flatten().map(|e| e.file_name()).collect();

    // A private key is not a certificate: refused, nothing stored (the host key is trusted
    // on the way).
    let o = ucsh(&data, &["-c", "set cert import trust tomcat"], &answers("ca.key", true));
    let out = text(&o);
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("No certificate found"), "{out}");
    let o = ucsh(&data, &["-c", "set cert import trust tomcat"], &answers("notes.txt", false));
    assert!(!o.status.success(), "{}", text(&o));
    let after: Vec<_> = fs::read_dir(&trust).expect("trust").flatten().map(|e| e.file_name()).collect();
    assert_eq!(before, after, "a refused import stored something");

    // The certificate.
    let o = ucsh(&data, &["-c", "set cert import trust tomcat-trust"], &answers("ca.pem", false));
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("Successfully imported certificate for tomcat-trust."), "{out}");
    assert!(!out.contains(&server.password), "the password was echoed");
    let stored = trust.join("corp-ca.example.com.pem");
    assert_eq!(fingerprint(&stored), fingerprint(&server.home.join("ca.pem")));
    let o = ucsh(
        &data,
        &["-c", "show cert list trust", "-c", "show cert trust tomcat-trust/corp-ca.example.com.pem"],
        "",
    );
    let out = text(&o);
    assert!(out.contains("tomcat-trust/corp-ca.example.com.pem: Trust Certificate"), "{out}");
    assert!(out.contains("CN=corp-ca.example.com"), "{out}");
}
