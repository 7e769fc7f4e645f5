//! The SSH server behind `ucsh cluster serve` (russh on a tokio runtime; the only code in
//! ucsh that uses either).
//!
//! One listener per node. The SSH password check is the CLI login: the account must be
//! one of that node's CLI accounts, the engine's `accounts::authenticate` checks the
//! password (counting failures toward lockout), and the login is audited
//! (`LoginSuccessful`, `LoginFailed`, delivered to remote syslog at once after a failure).
//! No second password prompt follows.
//!
//! Each session runs a child `ucsh` started as a login shell (argv[0] `-ucsh`), told its
//! node and account through `UCSH_NODE` / `UCSH_ACCOUNT`:
//! - shell with a PTY: the child runs on a real pseudo-terminal (size and TERM from the
//!   client's pty-req, window changes followed), so the bytes on the wire carry the
//!   kernel's own newline translation, as on the real node;
//! - exec request: the child runs that one command line (`--command`), on a PTY when the
//!   client asked for one, and its exit status goes back as the SSH exit-status;
//! - shell without a PTY: the child reads commands from standard input.
//!
//! Nothing ever starts /bin/sh. Subsystems (sftp) and environment requests are refused.
//!
//! Bounds: at most `max_sessions` sessions run at once (another is refused), at most
//! twice that many connections are open, a connection that has not logged in within
//! [`LOGIN_GRACE`] is dropped, and an idle one after the node's CLI session timeout.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey};
use russh::server::{Auth, Config, Handle, Msg, Session};
use russh::{Channel, ChannelId, ChannelOpenFailure, Disconnect, MethodKind, MethodSet, Pty, SshId};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot, watch};

use super::{Listening, ServeOptions, ServeState, DEFAULT_PORT_BASE};
use crate::engine::error::IoContext;
use crate::engine::{store, Clock, Lab};
use crate::handlers::CliError;
use crate::shell::login::{ENV_ACCOUNT, ENV_NODE};

/// A connection must have logged in within this time (OpenSSH's LoginGraceTime is 120 s).
pub const LOGIN_GRACE: Duration = Duration::from_secs(60);
/// A child that does not end after its connection went away is killed after this.
const CHILD_HANGUP_GRACE: Duration = Duration::from_secs(5);

/// Writes a line to the server's log (its standard error: the log file in the background).
fn log(line: &str) {
    use std::io::Write;
    let stamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "{stamp} {line}");
}

/// The lab's host key: made once (ed25519), kept 0600 in the lab, the same on every start.
pub fn host_key(lab_dir: &Path) -> Result<PrivateKey, CliError> {
    let path = super::host_key_path(lab_dir);
    if path.exists() {
        let text = std::fs::read_to_string(&path).ctx(|| format!("reading {}", path.display()))?;
        return PrivateKey::from_openssh(text.as_bytes())
            .map_err(|e| CliError::Failed(format!("{}: not an OpenSSH private key: {e}", path.display())));
    }
    let seed: [u8; 32] = rand::random();
    let mut key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    key.set_comment("ucsh lab host key");
    let pem = key
        .to_openssh(russh::keys::ssh_key::LineEnding::LF)
        .map_err(|e| CliError::Failed(format!("cannot encode the host key: {e}")))?;
    let dir = super::serve_dir(lab_dir);
    std::fs::create_dir_all(&dir).ctx(|| format!("creating {}", dir.display()))?;
    // Written 0600 from the start: the private key is never readable by others.
    let tmp = dir.join(".ssh_host_ed25519_key.tmp");
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let _ = std::fs::remove_file(&tmp);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .ctx(|| format!("creating {}", tmp.display()))?;
        f.write_all(pem.as_bytes())
            .and_then(|_| f.sync_all())
            .ctx(|| format!("writing {}", tmp.display()))?;
    }
    std::fs::rename(&tmp, &path).ctx(|| format!("writing {}", path.display()))?;
    if let Ok(public) = key.public_key().to_openssh() {
        let _ = store::atomic_write(&path.with_extension("pub"), format!("{public}\n").as_bytes());
    }
    Ok(key)
}

/// What every connection shares.
struct Shared {
    data_dir: PathBuf,
    exe: PathBuf,
    clock: Clock,
    max_sessions: usize,
    sessions: AtomicUsize,
    /// Set when the server stops: every session hangs up.
    stopping: watch::Receiver<bool>,
}

/// Sends a signal to a child this task owns and has not reaped yet (so its pid cannot have
/// been reused).
fn signal(child: &tokio::process::Child, sig: rustix::process::Signal) {
    if let Some(pid) = child.id().and_then(|p| i32::try_from(p).ok()).and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process(pid, sig);
    }
}

/// A session slot: counts toward `max_sessions` until dropped.
struct Slot {
    shared: Arc<Shared>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.shared.sessions.fetch_sub(1, Ordering::SeqCst);
    }
}

struct PtyRequest {
    term: String,
    cols: u16,
    rows: u16,
    modes: Vec<(Pty, u32)>,
}

enum Input {
    Data(Vec<u8>),
    Eof,
    Resize(u16, u16),
}

#[derive(Default)]
struct Chan {
    pty: Option<PtyRequest>,
    /// Input for the running child; dropping it hangs the session up.
    input: Option<mpsc::UnboundedSender<Input>>,
}

/// One SSH connection to one node.
struct Conn {
    shared: Arc<Shared>,
    node: String,
    peer: Option<SocketAddr>,
    account: Option<String>,
    logged_in: Arc<AtomicBool>,
    channels: HashMap<ChannelId, Chan>,
}

/// Checks a login against the node's CLI accounts; audits it. Runs off the async threads
/// (argon2 is deliberately slow).
fn check_login(
    data_dir: &Path,
    clock: Clock,
    node: &str,
    user: &str,
    password: &str,
    peer: &str,
) -> Result<(), String> {
    let lab = Lab::open(data_dir, clock).map_err(|e| e.to_string())?;
    let node = lab.node(node).map_err(|e| e.to_string())?;
    if !node.is_up().unwrap_or(false) {
        return Err("the node is down".into());
    }
    crate::shell::login::authenticate_ssh(&node, user, password, peer)
        .map(|_| ())
        .map_err(|e| crate::render::wording::engine_error(&e))
}

/// Applies the terminal modes of a pty-req to the new terminal (the ones a client sends
/// that matter to a line-oriented CLI; unknown ones are left as the kernel set them).
fn apply_modes(pts: &impl std::os::fd::AsFd, modes: &[(Pty, u32)]) {
    use rustix::termios::{self, InputModes as I, LocalModes as L, OutputModes as O, SpecialCodeIndex as S};
    let Ok(mut t) = termios::tcgetattr(pts) else { return };
    for &(mode, value) in modes {
        let on = value != 0;
        match mode {
            Pty::VINTR => t.special_codes[S::VINTR] = value as u8,
            Pty::VQUIT => t.special_codes[S::VQUIT] = value as u8,
            Pty::VERASE => t.special_codes[S::VERASE] = value as u8,
            Pty::VKILL => t.special_codes[S::VKILL] = value as u8,
            Pty::VEOF => t.special_codes[S::VEOF] = value as u8,
            Pty::VSUSP => t.special_codes[S::VSUSP] = value as u8,
            Pty::VWERASE => t.special_codes[S::VWERASE] = value as u8,
            Pty::VLNEXT => t.special_codes[S::VLNEXT] = value as u8,
            Pty::ICRNL => t.input_modes.set(I::ICRNL, on),
            Pty::INLCR => t.input_modes.set(I::INLCR, on),
            Pty::IGNCR => t.input_modes.set(I::IGNCR, on),
            Pty::IXON => t.input_modes.set(I::IXON, on),
            Pty::IXANY => t.input_modes.set(I::IXANY, on),
            Pty::IXOFF => t.input_modes.set(I::IXOFF, on),
            Pty::IMAXBEL => t.input_modes.set(I::IMAXBEL, on),
            Pty::IUTF8 => t.input_modes.set(I::IUTF8, on),
            Pty::ISTRIP => t.input_modes.set(I::ISTRIP, on),
            Pty::ISIG => t.local_modes.set(L::ISIG, on),
            Pty::ICANON => t.local_modes.set(L::ICANON, on),
            Pty::ECHO => t.local_modes.set(L::ECHO, on),
            Pty::ECHOE => t.local_modes.set(L::ECHOE, on),
            Pty::ECHOK => t.local_modes.set(L::ECHOK, on),
            Pty::ECHONL => t.local_modes.set(L::ECHONL, on),
            Pty::NOFLSH => t.local_modes.set(L::NOFLSH, on),
            Pty::TOSTOP => t.local_modes.set(L::TOSTOP, on),
            Pty::IEXTEN => t.local_modes.set(L::IEXTEN, on),
            Pty::ECHOCTL => t.local_modes.set(L::ECHOCTL, on),
            Pty::ECHOKE => t.local_modes.set(L::ECHOKE, on),
            Pty::OPOST => t.output_modes.set(O::OPOST, on),
            Pty::ONLCR => t.output_modes.set(O::ONLCR, on),
            Pty::OCRNL => t.output_modes.set(O::OCRNL, on),
            Pty::ONOCR => t.output_modes.set(O::ONOCR, on),
            Pty::ONLRET => t.output_modes.set(O::ONLRET, on),
            _ => {}
        }
    }
    let _ = termios::tcsetattr(pts, termios::OptionalActions::Now, &t);
}

/// The terminal size as the client gave it. 0 stays 0 (unknown), as sshd leaves it:
/// programs then use their own default width instead of wrapping at every column.
fn size(cols: u16, rows: u16) -> pty_process::Size {
    pty_process::Size::new(rows, cols)
}

fn clamp(v: u32) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

impl Conn {
    /// The child's environment: only what ucsh needs (nothing of the server's own).
    fn child_env(&self, account: &str, term: Option<&str>) -> Vec<(String, String)> {
        let mut env = vec![
            ("PATH".to_string(), "/usr/local/bin:/usr/bin:/bin".to_string()),
            ("UCSH_DATA_DIR".to_string(), self.shared.data_dir.display().to_string()),
            (ENV_NODE.to_string(), self.node.clone()),
            (ENV_ACCOUNT.to_string(), account.to_string()),
            ("LOGNAME".to_string(), account.to_string()),
            ("USER".to_string(), account.to_string()),
        ];
        for keep in ["HOME", "UCSH_NOW", "LANG"] {
            if let Ok(v) = std::env::var(keep) {
                env.push((keep.to_string(), v));
            }
        }
        if let Some(term) = term.filter(|t| !t.is_empty()) {
            env.push(("TERM".to_string(), term.to_string()));
        }
        env
    }

    /// Starts the session's child for a shell (`command` None) or exec request.
    fn start(
        &mut self,
        id: ChannelId,
        command: Option<String>,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let Some(account) = self.account.clone() else {
            return session.channel_failure(id);
        };
        let Some(chan) = self.channels.get_mut(&id) else {
            return session.channel_failure(id);
        };
        if chan.input.is_some() {
            return session.channel_failure(id);
        }
        let shared = Arc::clone(&self.shared);
        if shared.sessions.fetch_add(1, Ordering::SeqCst) >= shared.max_sessions {
            shared.sessions.fetch_sub(1, Ordering::SeqCst);
            log(&format!(
                "refused a session for {account}@{}: {} sessions run",
                self.node, shared.max_sessions
            ));
            return session.channel_failure(id);
        }
        let slot = Slot { shared: Arc::clone(&shared) };
        let stop = shared.stopping.clone();
        let mut args: Vec<String> = Vec::new();
        if let Some(cmd) = &command {
            args.push(format!("--command={cmd}"));
        }
        let pty = self.channels.get(&id).and_then(|c| c.pty.as_ref());
        let env = self.child_env(&account, pty.map(|p| p.term.as_str()));
        let (tx, rx) = mpsc::unbounded_channel();
        let handle = session.handle();
        let spawned = match pty {
            Some(req) => spawn_on_pty(&shared.exe, &args, env, req)
                .map(|(child, pty)| tokio::spawn(pump_pty(handle, id, child, pty, rx, stop, slot))),
            None => spawn_on_pipes(&shared.exe, &args, env)
                .map(|child| tokio::spawn(pump_pipes(handle, id, child, rx, stop, slot))),
        };
        match spawned {
            Ok(_task) => {
                if let Some(chan) = self.channels.get_mut(&id) {
                    chan.input = Some(tx);
                }
                log(&format!(
                    "{} for {account}@{} from {}",
                    match &command {
                        Some(c) => format!("exec {c:?}"),
                        None => "shell".to_string(),
                    },
                    self.node,
                    self.peer.map(|p| p.to_string()).unwrap_or_default()
                ));
                session.channel_success(id)
            }
            Err(e) => {
                log(&format!("cannot start the login shell for {account}@{}: {e}", self.node));
                session.channel_failure(id)
            }
        }
    }
}

fn spawn_on_pty(
    exe: &Path,
    args: &[String],
    env: Vec<(String, String)>,
    req: &PtyRequest,
) -> Result<(tokio::process::Child, pty_process::Pty), String> {
    let (pty, pts) = pty_process::open().map_err(|e| e.to_string())?;
    pty.resize(size(req.cols, req.rows)).map_err(|e| e.to_string())?;
    apply_modes(&pts, &req.modes);
    let child = pty_process::Command::new(exe)
        .arg0("-ucsh")
        .args(args)
        .env_clear()
        .envs(env)
        .current_dir("/")
        .spawn(pts)
        .map_err(|e| e.to_string())?;
    Ok((child, pty))
}

fn spawn_on_pipes(
    exe: &Path,
    args: &[String],
    env: Vec<(String, String)>,
) -> Result<tokio::process::Child, String> {
    use std::process::Stdio;
    tokio::process::Command::new(exe)
        .arg0("-ucsh")
        .args(args)
        .env_clear()
        .envs(env)
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| e.to_string())
}

/// Waits for the child (killing it if it outlives its connection) and reports its exit
/// status on the channel, then ends the channel.
async fn finish(handle: Handle, id: ChannelId, mut child: tokio::process::Child, connection_gone: bool) {
    let status = if connection_gone {
        match tokio::time::timeout(CHILD_HANGUP_GRACE, child.wait()).await {
            Ok(s) => s,
            Err(_) => {
                let _ = child.kill().await;
                child.wait().await
            }
        }
    } else {
        child.wait().await
    };
    let code = match status {
        Ok(s) => s.code().unwrap_or_else(|| 128 + s.signal().unwrap_or(0)),
        Err(_) => 1,
    };
    let _ = handle.exit_status_request(id, u32::try_from(code).unwrap_or(1)).await;
    let _ = handle.eof(id).await;
    let _ = handle.close(id).await;
}

/// Forwards a session's input to the child until the channel or connection goes away
/// (then says so on `hung_up`, and drops `write`, which for a terminal is the hang-up).
/// For pipes (`eof_closes`) the client's EOF closes the child's standard input; a terminal
/// has no end of input (its shell ends with `quit` or a hang-up).
fn forward_input<W>(
    write: W,
    mut rx: mpsc::UnboundedReceiver<Input>,
    eof_closes: bool,
    resize: impl Fn(&W, u16, u16) + Send + 'static,
    hung_up: oneshot::Sender<()>,
) -> tokio::task::JoinHandle<()>
where
    W: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let mut write = Some(write);
        while let Some(msg) = rx.recv().await {
            match msg {
                Input::Data(d) => {
                    if let Some(w) = write.as_mut() {
                        if w.write_all(&d).await.is_err() {
                            write = None;
                        }
                    }
                }
                Input::Resize(cols, rows) => {
                    if let Some(w) = write.as_ref() {
                        resize(w, cols, rows);
                    }
                }
                Input::Eof if eof_closes => write = None,
                Input::Eof => {}
            }
        }
        let _ = hung_up.send(());
    })
}

async fn pump_pty(
    handle: Handle,
    id: ChannelId,
    child: tokio::process::Child,
    pty: pty_process::Pty,
    rx: mpsc::UnboundedReceiver<Input>,
    mut stop: watch::Receiver<bool>,
    slot: Slot,
) {
    let (mut reader, writer) = pty.into_split();
    let (hung_up_tx, mut hung_up) = oneshot::channel();
    let input =
        forward_input(writer, rx, false, |w, cols, rows| drop(w.resize(size(cols, rows))), hung_up_tx);
    let mut buf = vec![0u8; 16 * 1024];
    let mut gone = false;
    loop {
        tokio::select! {
            read = reader.read(&mut buf) => match read {
                // EIO: the child and everything it started have closed the terminal.
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if handle.data(id, buf[..n].to_vec()).await.is_err() {
                        gone = true;
                        break;
                    }
                }
            },
            _ = &mut hung_up => { gone = true; break; }
            _ = stop.changed() => { gone = true; break; }
        }
    }
    // Closing the terminal (both halves) hangs the child up if it still runs.
    drop(reader);
    input.abort();
    let _ = input.await;
    finish(handle, id, child, gone).await;
    drop(slot);
}

async fn pump_output(
    handle: Handle,
    id: ChannelId,
    mut from: impl AsyncRead + Unpin,
    ext: Option<u32>,
) -> bool {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match from.read(&mut buf).await {
            Ok(0) | Err(_) => return true,
            Ok(n) => {
                let sent = match ext {
                    Some(code) => handle.extended_data(id, code, buf[..n].to_vec()).await,
                    None => handle.data(id, buf[..n].to_vec()).await,
                };
                if sent.is_err() {
                    return false;
                }
            }
        }
    }
}

async fn pump_pipes(
    handle: Handle,
    id: ChannelId,
    mut child: tokio::process::Child,
    rx: mpsc::UnboundedReceiver<Input>,
    mut stop: watch::Receiver<bool>,
    slot: Slot,
) {
    let (hung_up_tx, mut hung_up) = oneshot::channel();
    let input = child.stdin.take().map(|stdin| forward_input(stdin, rx, true, |_, _, _| {}, hung_up_tx));
    let out = child.stdout.take();
    let err = child.stderr.take();
    let pumps = async {
        tokio::join!(
            async {
                match out {
                    Some(o) => pump_output(handle.clone(), id, o, None).await,
                    None => true,
                }
            },
            async {
                match err {
                    Some(e) => pump_output(handle.clone(), id, e, Some(1)).await,
                    None => true,
                }
            }
        )
    };
    let gone = tokio::select! {
        (a, b) = pumps => !(a && b),
        _ = &mut hung_up => true,
        _ = stop.changed() => true,
    };
    if gone {
        signal(&child, rustix::process::Signal::HUP);
    }
    if let Some(input) = input {
        input.abort();
    }
    finish(handle, id, child, gone).await;
    drop(slot);
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(Auth::Reject { proceed_with_methods: Some(password_only()), partial_success: false })
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        let (dir, clock, node) = (self.shared.data_dir.clone(), self.shared.clock, self.node.clone());
        let (u, p) = (user.to_string(), password.to_string());
        let peer_ip = self.peer.map(|a| a.ip().to_string()).unwrap_or_else(|| "localhost".into());
        let result = tokio::task::spawn_blocking(move || check_login(&dir, clock, &node, &u, &p, &peer_ip))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
        let from = self.peer.map(|p| p.to_string()).unwrap_or_default();
        match result {
            Ok(()) => {
                log(&format!("login {user}@{} from {from}", self.node));
                self.account = Some(user.to_string());
                self.logged_in.store(true, Ordering::SeqCst);
                Ok(Auth::Accept)
            }
            Err(why) => {
                log(&format!("failed login {user}@{} from {from}: {why}", self.node));
                // The client may try again (up to max_auth_attempts), as with sshd.
                Ok(Auth::Reject { proceed_with_methods: Some(password_only()), partial_success: false })
            }
        }
    }

    async fn channel_open_session(
        &mut self,
        _channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.account.is_none() {
            reply.reject(ChannelOpenFailure::AdministrativelyProhibited).await;
            return Ok(());
        }
        // Data arrives through `data` below; the Channel object is not needed.
        self.channels.insert(_channel.id(), Chan::default());
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channels.get_mut(&channel) {
            Some(chan) if chan.input.is_none() => {
                chan.pty = Some(PtyRequest {
                    term: term.to_string(),
                    cols: clamp(col_width),
                    rows: clamp(row_height),
                    modes: modes.to_vec(),
                });
                session.channel_success(channel)
            }
            _ => session.channel_failure(channel),
        }
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The platform accepts no client environment; TERM comes with the pty-req.
        session.channel_failure(channel)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(chan) = self.channels.get_mut(&channel) {
            let (cols, rows) = (clamp(col_width), clamp(row_height));
            match &chan.input {
                Some(tx) => {
                    let _ = tx.send(Input::Resize(cols, rows));
                }
                None => {
                    if let Some(p) = chan.pty.as_mut() {
                        p.cols = cols;
                        p.rows = rows;
                    }
                }
            }
        }
        Ok(())
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        self.start(channel, None, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let command = String::from_utf8_lossy(data).into_owned();
        self.start(channel, Some(command), session)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(tx) = self.channels.get(&channel).and_then(|c| c.input.as_ref()) {
            let _ = tx.send(Input::Data(data.to_vec()));
        }
        Ok(())
    }

    async fn channel_eof(&mut self, channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        if let Some(tx) = self.channels.get(&channel).and_then(|c| c.input.as_ref()) {
            let _ = tx.send(Input::Eof);
        }
        Ok(())
    }

    async fn channel_close(&mut self, channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        // Dropping its input hangs the session up.
        self.channels.remove(&channel);
        Ok(())
    }
}

/// Binds one listener per node: 127.b.c.d:22, or 127.0.0.1 from the port base when port 22
/// cannot be had for every node.
fn bind(
    nodes: &[(String, Ipv4Addr)],
    port_base: Option<u16>,
) -> Result<Vec<(Listening, std::net::TcpListener)>, CliError> {
    if port_base.is_none() {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (name, ip) in nodes {
            let host = super::loopback_of(*ip);
            if !seen.insert(host) {
                break;
            }
            match std::net::TcpListener::bind(SocketAddrV4::new(host, 22)) {
                Ok(l) => out.push((Listening { node: name.clone(), host: host.to_string(), port: 22 }, l)),
                Err(e) => {
                    log(&format!("cannot listen on {host}:22 ({e}); using 127.0.0.1 ports"));
                    break;
                }
            }
        }
        if out.len() == nodes.len() {
            return Ok(out);
        }
    }
    let base = port_base.unwrap_or(DEFAULT_PORT_BASE);
    let mut out = Vec::new();
    for (i, (name, _)) in nodes.iter().enumerate() {
        let port = u16::try_from(usize::from(base) + i)
            .map_err(|_| CliError::Failed(format!("--port-base {base} leaves no port for {name}")))?;
        let l = std::net::TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port))
            .map_err(|e| CliError::Failed(format!("Cannot listen on 127.0.0.1:{port} for {name}: {e}")))?;
        out.push((Listening { node: name.clone(), host: Ipv4Addr::LOCALHOST.to_string(), port }, l));
    }
    Ok(out)
}

fn password_only() -> MethodSet {
    MethodSet::from(&[MethodKind::Password][..])
}

fn config(key: &PrivateKey, idle: Duration) -> Config {
    Config {
        server_id: SshId::Standard(format!("SSH-2.0-ucsh_{}", env!("CARGO_PKG_VERSION")).into()),
        methods: password_only(),
        auth_rejection_time: Duration::from_secs(1),
        // OpenSSH clients first try "none" to learn the methods: no delay for that.
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key.clone()],
        max_auth_attempts: 6,
        inactivity_timeout: Some(idle),
        nodelay: true,
        ..Default::default()
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    node: String,
    config: Arc<Config>,
    shared: Arc<Shared>,
    connections: Arc<tokio::sync::Semaphore>,
) {
    loop {
        let (socket, peer) = match listener.accept().await {
            Ok(x) => x,
            Err(e) => {
                log(&format!("accept on {node}: {e}"));
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
            log(&format!("refused a connection to {node} from {peer}: too many connections"));
            continue;
        };
        let _ = socket.set_nodelay(true);
        let logged_in = Arc::new(AtomicBool::new(false));
        let handler = Conn {
            shared: Arc::clone(&shared),
            node: node.clone(),
            peer: Some(peer),
            account: None,
            logged_in: Arc::clone(&logged_in),
            channels: HashMap::new(),
        };
        let config = Arc::clone(&config);
        tokio::spawn(async move {
            let _permit = permit;
            let session =
                match tokio::time::timeout(LOGIN_GRACE, russh::server::run_stream(config, socket, handler))
                    .await
                {
                    Ok(Ok(s)) => s,
                    _ => return,
                };
            let handle = session.handle();
            let grace = tokio::spawn(async move {
                tokio::time::sleep(LOGIN_GRACE).await;
                if !logged_in.load(Ordering::SeqCst) {
                    let _ = handle
                        .disconnect(Disconnect::ByApplication, "Login grace time over".into(), String::new())
                        .await;
                }
            });
            let _ = session.await;
            grace.abort();
        });
    }
}

/// Runs the server until SIGTERM or SIGINT; `announce` is called once it listens.
pub fn run_foreground(
    lab: &Lab,
    opts: &ServeOptions,
    announce: &mut dyn FnMut(&ServeState),
) -> Result<(), CliError> {
    let lab_dir = lab.dir().to_path_buf();
    let key = host_key(&lab_dir)?;
    let nodes: Vec<(String, Ipv4Addr, u32)> = lab
        .nodes()
        .iter()
        .map(|n| {
            let idle = n.platform().map(|p| p.cli.session_timeout_minutes).unwrap_or(30);
            (n.name().to_string(), n.spec.ipv4, idle)
        })
        .collect();
    let names: Vec<(String, Ipv4Addr)> = nodes.iter().map(|(n, ip, _)| (n.clone(), *ip)).collect();
    let exe = std::env::current_exe().ctx(|| "finding the ucsh executable".to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ctx(|| "starting the SSH server's runtime".to_string())?;
    let (stop_tx, stopping) = watch::channel(false);
    let shared = Arc::new(Shared {
        data_dir: lab_dir.clone(),
        exe,
        clock: lab.clock(),
        max_sessions: opts.max_sessions.max(1),
        sessions: AtomicUsize::new(0),
        stopping,
    });
    runtime.block_on(async {
        let bound = bind(&names, opts.port_base)?;
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .ctx(|| "watching SIGTERM".to_string())?;
        let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
            .ctx(|| "watching SIGINT".to_string())?;
        // A hang-up of the terminal that started it does not stop the server.
        let _hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup());
        let connections = Arc::new(tokio::sync::Semaphore::new(shared.max_sessions * 2));
        let mut listening = Vec::new();
        for ((l, std_listener), (_, _, idle)) in bound.into_iter().zip(&nodes) {
            std_listener.set_nonblocking(true).ctx(|| format!("listening on {}", l.address()))?;
            let listener = tokio::net::TcpListener::from_std(std_listener)
                .ctx(|| format!("listening on {}", l.address()))?;
            let config = Arc::new(config(&key, Duration::from_secs(u64::from(*idle) * 60)));
            tokio::spawn(accept_loop(
                listener,
                l.node.clone(),
                config,
                Arc::clone(&shared),
                Arc::clone(&connections),
            ));
            listening.push(l);
        }
        let state = ServeState {
            pid: std::process::id(),
            started_at: lab.clock().now().to_rfc3339(),
            max_sessions: shared.max_sessions,
            host_key: key.fingerprint(HashAlg::Sha256).to_string(),
            nodes: listening,
        };
        super::write_state(&lab_dir, &state)?;
        log(&format!(
            "listening: {}",
            state.nodes.iter().map(|l| format!("{} {}", l.node, l.address())).collect::<Vec<_>>().join(", ")
        ));
        announce(&state);
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        log("stopping: hanging up every session");
        super::clear_state(&lab_dir);
        let _ = stop_tx.send(true);
        // The sessions hang up their shells (killed after a grace period) and report it.
        let deadline = tokio::time::Instant::now() + CHILD_HANGUP_GRACE + Duration::from_secs(1);
        while shared.sessions.load(Ordering::SeqCst) > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok::<(), CliError>(())
    })?;
    Ok(())
}
