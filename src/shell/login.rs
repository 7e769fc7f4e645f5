//! Login-shell mode: ucsh started as an account's login shell, as the platform's CLI is.
//!
//! Two ways in, one behaviour. `ucsh cluster serve` starts `-ucsh` for each SSH session
//! after it has checked the account's password; the system's sshd starts `-ucsh` (or
//! `ucsh -c 'cmd'` for an exec request) for a Unix user whose login shell is ucsh. Either
//! way the node and the account come from `UCSH_NODE` and `UCSH_ACCOUNT` (defaults: the
//! lab's default node, its administrator), and the session is that account's at its own
//! level.
//!
//! What this mode must not do: create a lab (a login into an empty data directory fails
//! with a message and exit status 1), or write anything before the platform's banner.
//! Everything else is the same `Shell::execute_line` path as every mode.

use std::io::Write;
use std::time::Duration;

use super::Shell;
use crate::engine::node::NodeHandle;
use crate::engine::{accounts, EngineError, Session};
use crate::render::wording;

/// Environment variable naming the node a login lands on.
pub const ENV_NODE: &str = "UCSH_NODE";
/// Environment variable naming the CLI account a login runs as (no password asked: the
/// SSH server, or sshd, has already checked it).
pub const ENV_ACCOUNT: &str = "UCSH_ACCOUNT";

/// Whether this process was started as a login shell: argv[0] begins with `-`, as
/// login(1) and sshd start login shells.
pub fn started_as_login_shell() -> bool {
    std::env::args_os().next().is_some_and(|a| a.as_encoded_bytes().first() == Some(&b'-'))
}

/// A non-empty environment variable.
pub fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// The CLI login: checks the account's password (counting failures toward lockout) and
/// audits the attempt (`LoginSuccessful` / `LoginFailed`); a failure is delivered to remote
/// syslog at once, since no command follows to flush it. Used by `--account` and by the
/// SSH server of `ucsh cluster serve`.
pub fn authenticate(node: &NodeHandle, name: &str, password: &str) -> Result<Session, EngineError> {
    // The audit records are raised where the state changes: in the engine's login.
    accounts::login(node, name, password)
}

/// [`authenticate`] for an SSH client at `peer` (`ucsh cluster serve`): the login records
/// (`show logins`) keep its address.
pub fn authenticate_ssh(
    node: &NodeHandle,
    name: &str,
    password: &str,
    peer: &str,
) -> Result<Session, EngineError> {
    accounts::login_from(node, name, password, &crate::engine::everyday::LoginSource::ssh(peer))
}

/// The start-up pacing set for the shell's node (`ucsh cluster pacing`), if any.
pub fn pacing(shell: &Shell) -> Option<Duration> {
    let node = shell.lab.node(&shell.node_name).ok()?;
    let ms = node.platform().ok()?.cli.startup_pacing_ms?;
    Some(Duration::from_millis(u64::from(ms)))
}

/// Writes the banner the way the platform's start-up does: with `pause`, the `starting
/// up` line and its blank line go out first, then the rest after the pause.
pub fn write_banner(banner: &str, pause: Option<Duration>, out: &mut dyn Write) -> std::io::Result<()> {
    let head_len = format!("{}\n\n", wording::BANNER_STARTING).len();
    match pause {
        Some(pause) if banner.starts_with(wording::BANNER_STARTING) && banner.len() >= head_len => {
            let (head, rest) = banner.split_at(head_len);
            out.write_all(head.as_bytes())?;
            out.flush()?;
            std::thread::sleep(pause);
            out.write_all(rest.as_bytes())?;
        }
        _ => out.write_all(banner.as_bytes())?,
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A writer that records when each write arrived.
    struct Timed(Vec<(Instant, Vec<u8>)>);
    impl Write for Timed {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.push((Instant::now(), buf.to_vec()));
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn pacing_splits_after_the_starting_line() {
        let banner =
            format!("{}\n\n{}\n\nVMware Installation:\n", wording::BANNER_STARTING, wording::BANNER_WELCOME);
        let mut w = Timed(Vec::new());
        write_banner(&banner, Some(Duration::from_millis(150)), &mut w).expect("write");
        assert_eq!(w.0.len(), 2);
        assert_eq!(w.0[0].1, format!("{}\n\n", wording::BANNER_STARTING).into_bytes());
        assert!(w.0[1].1.starts_with(wording::BANNER_WELCOME.as_bytes()));
        assert!(w.0[1].0 - w.0[0].0 >= Duration::from_millis(150));

        let mut w = Timed(Vec::new());
        write_banner(&banner, None, &mut w).expect("write");
        assert_eq!(w.0.len(), 1);
        assert_eq!(w.0[0].1, banner.into_bytes());
    }
}
