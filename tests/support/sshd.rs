//! An OpenSSH server for tests: sshd on a free 127.0.0.1 port with a temporary config,
//! host key and throwaway user (password authentication), stopped and the user removed when
//! dropped. Needs root and openssh-server (tests/setup.sh installs it); without them
//! [`start_sshd_with`] says why instead of starting.

use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// OpenSSH's own SFTP server program (rather than sshd's internal one).
pub const SFTP_SERVER: &str = "/usr/lib/openssh/sftp-server";

const SSHD: &str = "/usr/sbin/sshd";

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub user: String,
    pub password: String,
    pub home: PathBuf,
    pub dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = Command::new("userdel").arg(&self.user).status();
    }
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Starts sshd, or says why it cannot.
pub fn start_sshd() -> Result<Server, String> {
    start_sshd_with("internal-sftp", "")
}

/// Starts sshd with `subsystem` as its SFTP server, for a user named after `tag` (tests
/// running at once each have their own).
pub fn start_sshd_with(subsystem: &str, tag: &str) -> Result<Server, String> {
    if !Path::new(SSHD).exists() {
        let setup = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/setup.sh");
        let _ = Command::new("bash").arg(setup).status();
    }
    if !Path::new(SSHD).exists() {
        return Err(format!("{SSHD} is missing and tests/setup.sh could not install openssh-server"));
    }
    if !is_root() {
        return Err("not root: cannot run sshd with password logins or create a test user".into());
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let key = dir.path().join("host_ed25519");
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()
        .map_err(|e| format!("ssh-keygen: {e}"))?;
    if !st.success() {
        return Err("ssh-keygen failed".into());
    }
    let port =
        TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let user = format!("ucshsftp{tag}{}", std::process::id() % 100_000);
    let home = dir.path().join("home");
    let _ = Command::new("userdel").arg(&user).status();
    let st = Command::new("useradd")
        .args(["-M", "-s", "/bin/sh", "-d"])
        .arg(&home)
        .arg(&user)
        .status()
        .map_err(|e| format!("useradd: {e}"))?;
    if !st.success() {
        return Err("useradd failed".into());
    }
    let password = format!("Pw-{}-sftp", std::process::id());
    let mut chpasswd = Command::new("chpasswd").stdin(Stdio::piped()).spawn().map_err(|e| e.to_string())?;
    if let Some(mut i) = chpasswd.stdin.take() {
        let _ = writeln!(i, "{user}:{password}");
    }
    if !chpasswd.wait().map_err(|e| e.to_string())?.success() {
        return Err("chpasswd failed".into());
    }
    fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let _ = Command::new("chown").arg(format!("{user}:{user}")).arg(&home).status();
    fs::set_permissions(dir.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .map_err(|e| e.to_string())?;
    fs::create_dir_all("/run/sshd").map_err(|e| e.to_string())?;
    let config = dir.path().join("sshd_config");
    fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile {}/sshd.pid\nPasswordAuthentication yes\n\
             KbdInteractiveAuthentication no\nUsePAM no\nPubkeyAuthentication no\nStrictModes no\n\
             AllowUsers {user}\nSubsystem sftp {subsystem}\nLogLevel ERROR\n",
            key.display(),
            dir.path().display()
        ),
    )
    .map_err(|e| e.to_string())?;
    let child = Command::new(SSHD)
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("sshd: {e}"))?;
    let server = Server { child, port, user, password, home, dir };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("sshd did not start listening within 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(server)
}
