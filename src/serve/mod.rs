//! `ucsh cluster serve`: every lab node reachable as `ssh ACCOUNT@ADDRESS`, the way the
//! real node is.
//!
//! The SSH server itself (tokio and russh) lives in [`server`] and runs only in the server
//! process; this module is what the other commands need: where each node listens, whether
//! a server is running for a lab (its state file and pid), starting one in the background,
//! and stopping it. Nothing here starts a runtime, so `cluster info` and every ordinary
//! command pay nothing for the server.
//!
//! Addresses: a node with lab address a.b.c.d listens on 127.b.c.d port 22 (Linux routes
//! all of 127.0.0.0/8 to the loopback interface, so nothing needs configuring). Where port
//! 22 cannot be bound (not root, or another sshd holds it), every node listens on
//! 127.0.0.1 instead, one port each from a base (`--port-base`, default 2200), in the
//! order `cluster info` lists the nodes.
//!
//! Files, under `<lab>/serve/`: `ssh_host_ed25519_key` (made once per lab, mode 0600, kept
//! across restarts) and its `.pub`, `serve.pid`, `serve.json` (the addresses, written once
//! the server listens), `serve.log`.

pub mod server;

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::engine::error::IoContext;
use crate::engine::{store, EngineError, Lab};
use crate::handlers::CliError;
use crate::render::{to_json, Report};

/// The first fallback port when port 22 cannot be bound.
pub const DEFAULT_PORT_BASE: u16 = 2200;
/// Concurrent SSH sessions (shells and exec requests) per server, across all nodes.
pub const DEFAULT_MAX_SESSIONS: u16 = 10;
/// How long `cluster serve` waits for the background server to listen.
const START_DEADLINE: Duration = Duration::from_secs(20);
/// How long `cluster serve --stop` waits for it to end.
const STOP_DEADLINE: Duration = Duration::from_secs(10);

/// Options of `cluster serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Listen on 127.0.0.1 from this port, without trying port 22.
    pub port_base: Option<u16>,
    pub max_sessions: usize,
}

/// One node's SSH address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listening {
    pub node: String,
    pub host: String,
    pub port: u16,
}

impl Listening {
    /// `ssh` arguments that reach this node as `account`.
    pub fn ssh_command(&self, account: &str) -> String {
        if self.port == 22 {
            format!("ssh {account}@{}", self.host)
        } else {
            format!("ssh -p {} {account}@{}", self.port, self.host)
        }
    }

    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// What a running server wrote about itself (`serve.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServeState {
    pub pid: u32,
    pub started_at: String,
    pub max_sessions: usize,
    /// SHA256 fingerprint of the host key, as ssh shows it.
    pub host_key: String,
    pub nodes: Vec<Listening>,
}

impl ServeState {
    pub fn address_of(&self, node: &str) -> Option<&Listening> {
        self.nodes.iter().find(|l| l.node == node)
    }
}

pub fn serve_dir(lab_dir: &Path) -> PathBuf {
    lab_dir.join("serve")
}
fn state_path(lab_dir: &Path) -> PathBuf {
    serve_dir(lab_dir).join("serve.json")
}
fn pid_path(lab_dir: &Path) -> PathBuf {
    serve_dir(lab_dir).join("serve.pid")
}
pub fn log_path(lab_dir: &Path) -> PathBuf {
    serve_dir(lab_dir).join("serve.log")
}
pub fn host_key_path(lab_dir: &Path) -> PathBuf {
    serve_dir(lab_dir).join("ssh_host_ed25519_key")
}

/// A node's own loopback address: lab address a.b.c.d → 127.b.c.d.
pub fn loopback_of(ipv4: Ipv4Addr) -> Ipv4Addr {
    let o = ipv4.octets();
    Ipv4Addr::new(127, o[1], o[2], o[3])
}

fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else {
        return false;
    };
    if rustix::process::test_kill_process(pid).is_err() {
        return false;
    }
    // A reused pid belongs to some other program: only a ucsh counts.
    std::fs::read(format!("/proc/{}/cmdline", pid.as_raw_nonzero()))
        .map(|c| c.split(|b| *b == 0).any(|arg| arg == b"serve"))
        .unwrap_or(false)
}

fn read_pid(lab_dir: &Path) -> Option<u32> {
    std::fs::read_to_string(pid_path(lab_dir)).ok().and_then(|s| s.trim().parse().ok())
}

/// The server serving this lab, when one runs and listens.
pub fn running(lab_dir: &Path) -> Option<ServeState> {
    let text = std::fs::read_to_string(state_path(lab_dir)).ok()?;
    let state: ServeState = serde_json::from_str(&text).ok()?;
    alive(state.pid).then_some(state)
}

/// Called by the server once it listens: its pid and addresses for the other commands.
pub(crate) fn write_state(lab_dir: &Path, state: &ServeState) -> Result<(), CliError> {
    let dir = serve_dir(lab_dir);
    std::fs::create_dir_all(&dir).ctx(|| format!("creating {}", dir.display()))?;
    store::atomic_write(&pid_path(lab_dir), format!("{}\n", state.pid).as_bytes())?;
    let json = serde_json::to_string_pretty(state).map_err(|e| CliError::Failed(e.to_string()))?;
    store::atomic_write(&state_path(lab_dir), json.as_bytes())?;
    Ok(())
}

/// Called by the server as it ends.
pub(crate) fn clear_state(lab_dir: &Path) {
    let _ = std::fs::remove_file(state_path(lab_dir));
    let _ = std::fs::remove_file(pid_path(lab_dir));
}

/// `cluster serve`: starts the server in the background and returns once it listens.
pub fn start_background(lab: &Lab, opts: &ServeOptions) -> Result<ServeReport, CliError> {
    let lab_dir = lab.dir();
    if let Some(state) = running(lab_dir) {
        return Err(EngineError::Conflict(format!(
            "The lab is already served over SSH (pid {}). `ucsh cluster serve --stop` stops it.",
            state.pid
        ))
        .into());
    }
    clear_state(lab_dir);
    let dir = serve_dir(lab_dir);
    std::fs::create_dir_all(&dir).ctx(|| format!("creating {}", dir.display()))?;
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path(lab_dir))
        .ctx(|| format!("opening {}", log_path(lab_dir).display()))?;
    let log_err = log.try_clone().ctx(|| "duplicating the log file".to_string())?;
    let exe = std::env::current_exe().ctx(|| "finding the ucsh executable".to_string())?;
    let mut cmd = Command::new(exe);
    cmd.arg("--data-dir").arg(lab_dir).args(["cluster", "serve", "--foreground"]);
    cmd.arg("--max-sessions").arg(opts.max_sessions.to_string());
    if let Some(base) = opts.port_base {
        cmd.arg("--port-base").arg(base.to_string());
    }
    // Detached: no terminal input, output to the log, its own process group (a Ctrl-C
    // or hang-up of the terminal that started it does not reach it).
    let mut child = std::os::unix::process::CommandExt::process_group(
        cmd.stdin(Stdio::null()).stdout(log).stderr(log_err),
        0,
    )
    .spawn()
    .ctx(|| "starting the SSH server".to_string())?;
    let deadline = Instant::now() + START_DEADLINE;
    loop {
        if let Some(state) = running(lab_dir).filter(|s| s.pid == child.id()) {
            return Ok(ServeReport { state, foreground: false });
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(CliError::Failed(format!(
                "The SSH server did not start ({status}):\n{}",
                log_tail(lab_dir)
            )));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(CliError::Failed(format!(
                "The SSH server did not listen within {} seconds:\n{}",
                START_DEADLINE.as_secs(),
                log_tail(lab_dir)
            )));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The last lines of the server's log, for an error message.
fn log_tail(lab_dir: &Path) -> String {
    let text = std::fs::read_to_string(log_path(lab_dir)).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}

/// `cluster serve --stop`: ends the server and its sessions. `None`: none was running.
pub fn stop(lab_dir: &Path) -> Result<Option<u32>, CliError> {
    let Some(pid) = running(lab_dir).map(|s| s.pid).or_else(|| read_pid(lab_dir).filter(|p| alive(*p)))
    else {
        clear_state(lab_dir);
        return Ok(None);
    };
    let Some(raw) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else {
        return Ok(None);
    };
    rustix::process::kill_process(raw, rustix::process::Signal::TERM)
        .map_err(|e| CliError::Failed(format!("Cannot stop the SSH server (pid {pid}): {e}")))?;
    let deadline = Instant::now() + STOP_DEADLINE;
    while alive(pid) {
        if Instant::now() > deadline {
            let _ = rustix::process::kill_process(raw, rustix::process::Signal::KILL);
            std::thread::sleep(Duration::from_millis(100));
            clear_state(lab_dir);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(Some(pid))
}

/// What `cluster serve` reports: where each node answers.
#[derive(Debug, Serialize)]
pub struct ServeReport {
    #[serde(flatten)]
    pub state: ServeState,
    #[serde(skip)]
    pub foreground: bool,
}

impl Report for ServeReport {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "Serving the lab over SSH (pid {}, at most {} sessions); host key {}\n",
            self.state.pid, self.state.max_sessions, self.state.host_key
        ));
        for l in &self.state.nodes {
            out.push_str(&format!("  {:<12} {:<18} {}\n", l.node, l.address(), l.ssh_command("ACCOUNT")));
        }
        if !self.foreground {
            out.push_str("`ucsh cluster serve --stop` stops it.\n");
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_node_gets_the_loopback_address_of_its_lab_address() {
        assert_eq!(loopback_of(Ipv4Addr::new(10, 10, 1, 31)), Ipv4Addr::new(127, 10, 1, 31));
        assert_eq!(loopback_of(Ipv4Addr::new(192, 168, 0, 5)), Ipv4Addr::new(127, 168, 0, 5));
        let l = Listening { node: "n".into(), host: "127.10.1.31".into(), port: 22 };
        assert_eq!(l.ssh_command("ops"), "ssh ops@127.10.1.31");
        let l = Listening { node: "n".into(), host: "127.0.0.1".into(), port: 2202 };
        assert_eq!(l.ssh_command("ops"), "ssh -p 2202 ops@127.0.0.1");
    }
}
