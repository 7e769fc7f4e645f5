//! A lab served over SSH on loopback (`ucsh cluster serve`), shared by the tests that drive
//! it (tests/serve.rs with a raw SSH client, tests/remote.rs with `ucsh --host`): the `ucsh`
//! command for a data folder, a free port base, and the served lab, stopped when dropped.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The primary administrator's password of every served lab.
pub const ADMIN_PW: &str = "Adm1n-Lab-pw";

/// `ucsh` on the lab in `data`, with nothing of the caller's environment that would change
/// which node or account it uses (or offer an SSH agent's keys).
pub fn ucsh(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ucsh"));
    c.env("UCSH_DATA_DIR", data)
        .env_remove("NO_COLOR")
        .env_remove("UCSH_NODE")
        .env_remove("UCSH_ACCOUNT")
        .env_remove("SSH_AUTH_SOCK");
    c
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("ucsh runs")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A base port with `n` free ports after it.
pub fn free_base(n: u16) -> u16 {
    loop {
        let base =
            TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(0);
        if base == 0 || base > 65000 {
            continue;
        }
        if (0..n).all(|i| TcpListener::bind(("127.0.0.1", base + i)).is_ok()) {
            return base;
        }
    }
}

/// A lab made by `cluster init <options>` (the admin password from a file), served from a
/// free port base once [`ServedLab::start_with`] is called; the server is stopped when
/// dropped.
pub struct ServedLab {
    pub dir: tempfile::TempDir,
    pub data: PathBuf,
    pub base: u16,
}

impl Drop for ServedLab {
    fn drop(&mut self) {
        let _ = run(ucsh(&self.data).args(["cluster", "serve", "--stop"]));
    }
}

impl ServedLab {
    /// The lab, not served yet.
    pub fn init(options: &[&str]) -> ServedLab {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("lab");
        let pw = dir.path().join("pw");
        std::fs::write(&pw, format!("{ADMIN_PW}\n")).expect("password file");
        let out =
            run(ucsh(&data).args(["cluster", "init"]).args(options).arg("--admin-password-file").arg(&pw));
        assert!(out.status.success(), "init: {}", text(&out.stderr));
        ServedLab { dir, data, base: 0 }
    }

    /// The password file `init` used.
    pub fn password_file(&self) -> PathBuf {
        self.dir.path().join("pw")
    }

    /// Serves the lab (`cluster serve --port-base <free> <extra>`).
    pub fn start_with(&mut self, extra: &[&str]) -> Output {
        self.base = free_base(8);
        let out = run(ucsh(&self.data)
            .args(["cluster", "serve", "--port-base", &self.base.to_string()])
            .args(extra));
        assert!(out.status.success(), "serve: {}{}", text(&out.stdout), text(&out.stderr));
        out
    }

    /// The port a node is served on.
    pub fn port(&self, node: &str) -> u16 {
        let state = ucsh::serve::running(&self.data).expect("the server runs");
        state.address_of(node).expect("node served").port
    }
}
