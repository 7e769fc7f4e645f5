//! Real nodes over SSH: the platform CLI driven in a PTY, as administrators' automation
//! drives it (`ucsh --host`).
//!
//! [`session`] logs in (host key checked against known_hosts, password, key file or agent),
//! waits for `admin:`, turns the pager off, runs lines and answers the questions they ask,
//! and closes; [`text`] turns the node's terminal bytes into safe text; [`hostkey`] reads
//! and writes known_hosts; [`target`] parses `[user@]host[:port]`. The text a node writes
//! is turned back into typed results by the parsers beside the renderers
//! (`render::parse`). Nothing here prints or asks: the front decides.

pub mod hostkey;
pub mod session;
pub mod target;
pub mod text;

use std::fmt;
use std::path::PathBuf;

pub use session::{connect, Answers, CliSession, Credential, NoAnswers, Reply, Settings};
pub use target::Target;

/// Why a node could not be reached or a line not run there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteError {
    /// No TCP connection, or the SSH handshake failed.
    Unreachable(String),
    /// A deadline passed.
    Timeout(String),
    /// known_hosts has no key for the host, and it was not accepted.
    HostKeyUnknown {
        name: String,
        fingerprint: String,
        kind: String,
    },
    /// known_hosts has another key for the host.
    HostKeyChanged {
        name: String,
        fingerprint: String,
        file: PathBuf,
        line: Option<usize>,
    },
    AuthFailed {
        user: String,
        tried: String,
    },
    /// The server did something a platform CLI does not.
    Protocol(String),
    /// The node ended the session (with what it wrote last).
    Closed(String),
    /// Ctrl-C.
    Interrupted,
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RemoteError::Unreachable(why) => write!(f, "unreachable: {why}"),
            RemoteError::Timeout(why) => write!(f, "timed out: {why}"),
            RemoteError::HostKeyUnknown { name, fingerprint, kind } => write!(
                f,
                "the host key of {name} is not known ({kind} key {fingerprint}); check it, then run again with --accept-new (or answer yes on a terminal)"
            ),
            RemoteError::HostKeyChanged { name, fingerprint, file, line } => {
                let at = match line {
                    Some(n) => format!("{}:{n}", file.display()),
                    None => file.display().to_string(),
                };
                write!(
                    f,
                    "THE HOST KEY OF {name} HAS CHANGED (now {fingerprint}); refusing to log in. If the node was reinstalled, remove the old key at {at} (ssh-keygen -f {} -R '{name}')",
                    file.display()
                )
            }
            RemoteError::AuthFailed { user, tried } => {
                write!(f, "authentication failed for {user} (tried: {tried})")
            }
            RemoteError::Protocol(why) => write!(f, "{why}"),
            RemoteError::Closed(last) if last.trim().is_empty() => write!(f, "the node closed the session"),
            RemoteError::Closed(last) => {
                write!(f, "the node closed the session: {}", last.trim().lines().last().unwrap_or(""))
            }
            RemoteError::Interrupted => write!(f, "{}", crate::render::wording::CONTROL_C),
        }
    }
}

impl std::error::Error for RemoteError {}
