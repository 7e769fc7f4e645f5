//! One login to a node's platform CLI over SSH, driven as automation drives it: a PTY
//! shell, wait until the stream ends with `admin:`, send a line, read up to the next
//! `admin:`, answer what the command asks on the way.
//!
//! Every wait has a deadline: the connect (TCP, handshake, login, banner) shares one, each
//! command has its own, closing has a short one. Reads poll in short slices so a deadline
//! or Ctrl-C (the `cancel` flag) is seen within a fraction of a second. Passwords are sent
//! to the server only; nothing here logs or prints.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ssh2::{Channel, Session};

use super::hostkey::{self, HostKey, Verdict};
use super::target::Target;
use super::text::{self, Asked};
use super::RemoteError;
use crate::render::wording;

/// libssh2's code for a blocking call that reached the session's timeout.
const LIBSSH2_ERROR_TIMEOUT: i32 = -9;
/// How long a read waits for data before the deadlines and the cancel flag are looked at.
const POLL: Duration = Duration::from_millis(50);
/// How long the server has to end the session after `quit`.
const CLOSE_WAIT: Duration = Duration::from_secs(3);
/// The terminal the CLI is given: wide, so the node wraps nothing it would not wrap anyway.
const COLUMNS: u32 = 200;
const ROWS: u32 = 50;

/// How to log in, tried in order until one is accepted.
#[derive(Clone)]
pub enum Credential {
    Password(String),
    /// A private key file (unencrypted, or with the passphrase).
    KeyFile {
        path: PathBuf,
        passphrase: Option<String>,
    },
    /// The keys of the running ssh-agent (`SSH_AUTH_SOCK`).
    Agent,
}

impl std::fmt::Debug for Credential {
    // Never shows a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::Password(_) => f.write_str("Password(..)"),
            Credential::KeyFile { path, .. } => write!(f, "KeyFile({})", path.display()),
            Credential::Agent => f.write_str("Agent"),
        }
    }
}

/// Deadlines and the known_hosts file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// TCP connect, handshake, login and the banner up to the first `admin:`.
    pub connect_timeout: Duration,
    /// One command, from the line sent to the next `admin:`.
    pub command_timeout: Duration,
    pub known_hosts: PathBuf,
}

/// What to do with a host key the file does not know: record it (true) or refuse (false).
pub type UnknownKey<'a> = &'a (dyn Fn(&Target, &HostKey) -> bool + Sync);

/// Answers what a command asks while it runs.
pub trait Answers {
    /// A yes/no question (`Enter (yes/no)? `): true answers yes.
    fn confirm(&mut self, question: &str) -> bool;
    /// A secret (`password:`); `None` cannot answer, and the command is stopped.
    fn secret(&mut self, question: &str) -> Option<String>;
    /// A value typed on a line (`text::LINE_QUESTIONS`); `None` cannot answer, and the
    /// command is stopped.
    fn line(&mut self, _question: &str) -> Option<String> {
        None
    }
}

/// What a command wrote, made safe to show: line ends `\n`, the echo of the line, the
/// pager's prompts and terminal sequences removed, other control characters escaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
}

/// A logged-in CLI session on one node.
pub struct CliSession {
    session: Session,
    channel: Channel,
    settings: Settings,
    /// The banner up to the first prompt (cleaned).
    pub banner: String,
    closed: bool,
}

fn deadline_left(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

fn millis(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX).max(1)
}

/// Connects, checks the host key, logs in and waits for the first `admin:`.
pub fn connect(
    target: &Target,
    user: &str,
    credentials: &[Credential],
    settings: &Settings,
    unknown_key: UnknownKey<'_>,
    cancel: &AtomicBool,
) -> Result<CliSession, RemoteError> {
    let deadline = Instant::now() + settings.connect_timeout;
    let unreachable = |why: String| RemoteError::Unreachable(why);
    let addrs = resolve(target, settings.connect_timeout)?;
    let mut tcp = None;
    let mut last = String::from("no address");
    for a in addrs {
        let left = deadline_left(deadline);
        if left.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&a, left) {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = e.to_string(),
        }
    }
    let tcp = tcp.ok_or_else(|| unreachable(format!("cannot connect to {}: {last}", target.label())))?;
    let _ = tcp.set_nodelay(true);
    let mut session = Session::new().map_err(|e| unreachable(format!("cannot start an SSH session: {e}")))?;
    session.set_timeout(millis(deadline_left(deadline)));
    session.set_tcp_stream(tcp);
    session.handshake().map_err(|e| {
        if Instant::now() >= deadline || e.code() == ssh2::ErrorCode::Session(LIBSSH2_ERROR_TIMEOUT) {
            RemoteError::Timeout(format!("no SSH handshake within {} s", settings.connect_timeout.as_secs()))
        } else {
            unreachable(format!("SSH handshake failed: {e}"))
        }
    })?;
    let key = hostkey::of(&session).map_err(RemoteError::Protocol)?;
    match hostkey::check(&session, &settings.known_hosts, &target.host, target.port, &key)
        .map_err(RemoteError::Protocol)?
    {
        Verdict::Known => {}
        Verdict::Changed { file, line } => {
            return Err(RemoteError::HostKeyChanged {
                name: target.known_hosts_name(),
                fingerprint: key.fingerprint,
                file,
                line,
            })
        }
        Verdict::Unknown => {
            if !unknown_key(target, &key) {
                return Err(RemoteError::HostKeyUnknown {
                    name: target.known_hosts_name(),
                    fingerprint: key.fingerprint,
                    kind: key.kind,
                });
            }
            hostkey::record(&settings.known_hosts, &target.host, target.port, &key)
                .map_err(RemoteError::Protocol)?;
        }
    }
    session.set_timeout(millis(deadline_left(deadline)));
    authenticate(&session, user, credentials)?;
    let mut channel = session
        .channel_session()
        .map_err(|e| RemoteError::Protocol(format!("cannot open a session channel: {e}")))?;
    channel
        .request_pty("xterm", None, Some((COLUMNS, ROWS, 0, 0)))
        .map_err(|e| RemoteError::Protocol(format!("the server refused a terminal: {e}")))?;
    channel.shell().map_err(|e| RemoteError::Protocol(format!("the server refused a shell: {e}")))?;
    let mut cli =
        CliSession { session, channel, settings: settings.clone(), banner: String::new(), closed: false };
    let banner = cli.read_to_prompt(deadline, &mut NoAnswers, cancel, "the banner and admin:")?;
    cli.banner = text::clean(&banner);
    Ok(cli)
}

/// The host's addresses, within `within`: the system's resolver has no deadline of its
/// own, so it runs in a thread that is left to finish on its own if it is late.
fn resolve(target: &Target, within: Duration) -> Result<Vec<std::net::SocketAddr>, RemoteError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (host, port) = (target.host.clone(), target.port);
    std::thread::spawn(move || {
        let _ = tx.send((host.as_str(), port).to_socket_addrs().map(|a| a.collect::<Vec<_>>()));
    });
    match rx.recv_timeout(within) {
        Ok(Ok(addrs)) => Ok(addrs),
        Ok(Err(e)) => Err(RemoteError::Unreachable(format!("cannot resolve {}: {e}", target.host))),
        Err(_) => Err(RemoteError::Timeout(format!(
            "resolving {} took more than {} s",
            target.host,
            within.as_secs().max(1)
        ))),
    }
}

/// Tries each credential; fails with the account named, never the secret.
fn authenticate(session: &Session, user: &str, credentials: &[Credential]) -> Result<(), RemoteError> {
    let offered = session.auth_methods(user).map(str::to_string).unwrap_or_default();
    let mut tried = Vec::new();
    for c in credentials {
        let result = match c {
            Credential::Password(pw) if offered.contains("password") || offered.is_empty() => {
                tried.push("password");
                session.userauth_password(user, pw)
            }
            Credential::Password(pw) if offered.contains("keyboard-interactive") => {
                tried.push("keyboard-interactive");
                session.userauth_keyboard_interactive(user, &mut KbdPassword(pw))
            }
            Credential::Password(_) => continue,
            Credential::KeyFile { path, passphrase } => {
                tried.push("key");
                session.userauth_pubkey_file(user, None, path, passphrase.as_deref())
            }
            Credential::Agent => {
                tried.push("agent");
                session.userauth_agent(user)
            }
        };
        if result.is_ok() && session.authenticated() {
            return Ok(());
        }
    }
    Err(RemoteError::AuthFailed {
        user: user.to_string(),
        tried: if tried.is_empty() { "nothing the server accepts".into() } else { tried.join(", ") },
    })
}

/// Answers every keyboard-interactive question with the password.
struct KbdPassword<'a>(&'a str);

impl ssh2::KeyboardInteractivePrompt for KbdPassword<'_> {
    fn prompt<'a>(&mut self, _u: &str, _i: &str, prompts: &[ssh2::Prompt<'a>]) -> Vec<String> {
        prompts.iter().map(|_| self.0.to_string()).collect()
    }
}

/// For the banner and the listings Tab completion asks for: nothing is answered (a
/// question declines, a secret stops the command).
pub struct NoAnswers;

impl Answers for NoAnswers {
    fn confirm(&mut self, _q: &str) -> bool {
        false
    }
    fn secret(&mut self, _q: &str) -> Option<String> {
        None
    }
}

impl CliSession {
    /// Turns the pager off (`set cli pagination off`). An account that may not (level 0)
    /// keeps it on; the pager's prompts are then answered as they come.
    pub fn pagination_off(&mut self, cancel: &AtomicBool) -> Result<(), RemoteError> {
        self.run("set cli pagination off", &mut NoAnswers, cancel).map(|_| ())
    }

    /// Runs one line and returns what it wrote up to the next `admin:`.
    pub fn run(
        &mut self,
        line: &str,
        answers: &mut dyn Answers,
        cancel: &AtomicBool,
    ) -> Result<Reply, RemoteError> {
        let deadline = Instant::now() + self.settings.command_timeout;
        // A line is one line: what could end it early never reaches the node.
        let line: String = line.chars().filter(|c| !c.is_control()).collect();
        self.send(format!("{line}\r").as_bytes(), deadline)?;
        let raw = self.read_to_prompt(deadline, answers, cancel, &format!("\"{line}\""))?;
        Ok(Reply { text: text::without_echo(&text::clean(&raw)) })
    }

    /// After a command was stopped (Ctrl-C or its deadline): reads what the node writes up
    /// to its prompt, within a short deadline.
    pub fn recover(&mut self, cancel: &AtomicBool) -> Result<String, RemoteError> {
        let deadline = Instant::now() + CLOSE_WAIT * 3;
        let raw = self.read_to_prompt(deadline, &mut NoAnswers, cancel, "Ctrl-C")?;
        Ok(text::clean(&raw))
    }

    fn send(&mut self, bytes: &[u8], deadline: Instant) -> Result<(), RemoteError> {
        self.session.set_timeout(millis(deadline_left(deadline).max(POLL)));
        self.channel
            .write_all(bytes)
            .and_then(|()| self.channel.flush())
            .map_err(|e| RemoteError::Protocol(format!("cannot send to the node: {e}")))
    }

    /// Reads until the stream ends with `admin:`; returns what came before it.
    fn read_to_prompt(
        &mut self,
        deadline: Instant,
        answers: &mut dyn Answers,
        cancel: &AtomicBool,
        what: &str,
    ) -> Result<Vec<u8>, RemoteError> {
        let mut got: Vec<u8> = Vec::new();
        let mut buf = [0u8; 16384];
        // Where the last answered question ended: it is not asked twice.
        let mut answered_at = 0usize;
        self.session.set_timeout(millis(POLL));
        loop {
            if got.ends_with(wording::PROMPT.as_bytes()) {
                got.truncate(got.len() - wording::PROMPT.len());
                return Ok(got);
            }
            if cancel.load(Ordering::Relaxed) {
                // Stop what runs on the node, as Ctrl-C at its prompt does.
                let _ = self.channel.write_all(b"\x03");
                let _ = self.channel.flush();
                return Err(RemoteError::Interrupted);
            }
            if Instant::now() >= deadline {
                let _ = self.channel.write_all(b"\x03");
                let _ = self.channel.flush();
                return Err(RemoteError::Timeout(format!(
                    "no admin: prompt after {what} within {} s",
                    self.settings.command_timeout.as_secs().max(1)
                )));
            }
            match self.channel.read(&mut buf) {
                Ok(0) if self.channel.eof() => {
                    self.closed = true;
                    return Err(RemoteError::Closed(text::clean(&got)));
                }
                Ok(n) => {
                    got.extend_from_slice(&buf[..n]);
                    if text::pager_waits(&got[answered_at..]) {
                        answered_at = got.len();
                        self.send(b" ", deadline)?;
                        self.session.set_timeout(millis(POLL));
                    }
                }
                Err(e)
                    if matches!(e.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock) =>
                {
                    // Quiet: the node may be waiting for an answer.
                    let Some(asked) = text::question(&got[answered_at..]) else { continue };
                    answered_at = got.len();
                    let question = text::clean(text::last_line(&got));
                    let answer = match asked {
                        Asked::Confirm { yes } => {
                            if answers.confirm(&question) {
                                yes.to_string()
                            } else {
                                "no".into()
                            }
                        }
                        Asked::Secret => match answers.secret(&question) {
                            Some(s) => s,
                            None => {
                                let _ = self.channel.write_all(b"\x03");
                                continue;
                            }
                        },
                        Asked::Line => match answers.line(&question) {
                            // One line: what could end it early never reaches the node.
                            Some(s) => s.chars().filter(|c| !c.is_control()).collect(),
                            None => {
                                let _ = self.channel.write_all(b"\x03");
                                continue;
                            }
                        },
                    };
                    let mut bytes = answer.into_bytes();
                    bytes.push(b'\r');
                    self.send(&bytes, deadline)?;
                    self.session.set_timeout(millis(POLL));
                }
                Err(e) => return Err(RemoteError::Protocol(format!("reading from the node: {e}"))),
            }
        }
    }

    /// Ends the session: `quit`, then the channel and the connection, each within a short
    /// deadline. Dropping a session closes it too (the TCP connection ends with it).
    pub fn close(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if self.closed {
            return;
        }
        self.closed = true;
        // `quit`, then our end of the channel and the connection. Nothing is waited for: the
        // node ends its side on `quit` or on the disconnect, whichever it reads first, and
        // waiting for its process to exit would only add to every run's time.
        self.session.set_timeout(millis(CLOSE_WAIT));
        let _ = self.channel.write_all(b"quit\r");
        let _ = self.channel.flush();
        let _ = self.channel.send_eof();
        let _ = self.channel.close();
        let _ = self.session.disconnect(Some(ssh2::DisconnectCode::ByApplication), "quit", None);
    }
}

impl Drop for CliSession {
    fn drop(&mut self) {
        self.shutdown();
    }
}
