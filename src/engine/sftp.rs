//! SFTP client for `file get` (uploads) and features that fetch files (downloads).
//!
//! Connecting is two steps so that the front can ask about an unknown host key: [`connect`]
//! opens the TCP connection (TCP_NODELAY, timeouts), does the SSH handshake preferring
//! `aes128-gcm@openssh.com`, and checks the server's key against an OpenSSH known-hosts
//! file. A key that matches goes on; an unknown key comes back as a [`Pending`] whose
//! fingerprint the front shows before calling [`Pending::trust`]; a key that differs from
//! the recorded one is refused ([`EngineError::HostKeyChanged`]), never asked about.
//! [`Pending::login`] authenticates with a password, which is never stored, logged or put
//! on a command line.
//!
//! Uploads keep up to [`AHEAD`] bytes of WRITE requests in flight from the first to the last
//! (see [`stream_to`]); downloads use large reads (libssh2 pipelines only inside one read).
//! Uploads go through a `.part` name that is renamed into place only when complete; a failed upload
//! removes its `.part`, and a failed download removes its temporary file, so nothing partial
//! is ever left under the final name.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine as _;
use serde::Serialize;
use ssh2::{CheckResult, HashType, KnownHostFileKind, MethodType, OpenFlags, OpenType, Session};

use super::cancel::CancelToken;
use super::error::{EngineError, IoContext, Result};
use super::store;

/// Read size of downloads: large, so that libssh2 keeps many requests in flight.
pub const BLOCK: usize = 16 << 20;

/// Ciphers in order of preference (AES-GCM is the fastest with AES-NI).
const CIPHERS: &str = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,chacha20-poly1305@openssh.com";

/// Where to connect.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    /// Connect, read and write timeout.
    #[serde(skip)]
    pub timeout: Duration,
}

impl Endpoint {
    pub fn new(host: &str, port: u16) -> Self {
        Endpoint { host: host.trim().to_string(), port, timeout: Duration::from_secs(30) }
    }

    /// The host as known-hosts files write it: `host`, or `[host]:port` off port 22.
    pub fn known_hosts_name(&self) -> String {
        if self.port == 22 {
            self.host.clone()
        } else {
            format!("[{}]:{}", self.host, self.port)
        }
    }
}

/// A connection whose host key is not yet recorded: show `fingerprint`, then `trust` or drop.
pub struct Pending {
    session: Session,
    endpoint: Endpoint,
    key: Vec<u8>,
    /// `SHA256:<base64>`, as OpenSSH prints it.
    pub fingerprint: String,
    /// `ED25519`, `ECDSA`, `RSA`, ...
    pub key_type: String,
    /// The key is already recorded for this host (no question needed).
    pub known: bool,
}

fn sftp_err(context: &str, e: impl std::fmt::Display) -> EngineError {
    EngineError::Sftp(format!("{context}: {e}"))
}

fn key_type_name(t: ssh2::HostKeyType) -> &'static str {
    match t {
        ssh2::HostKeyType::Rsa => "RSA",
        ssh2::HostKeyType::Dss => "DSA",
        ssh2::HostKeyType::Ecdsa256 | ssh2::HostKeyType::Ecdsa384 | ssh2::HostKeyType::Ecdsa521 => "ECDSA",
        ssh2::HostKeyType::Ed25519 => "ED25519",
        ssh2::HostKeyType::Unknown => "UNKNOWN",
    }
}

/// Opens the connection and checks the host key against `known_hosts` (a missing file
/// knows no host).
pub fn connect(endpoint: &Endpoint, known_hosts: &Path) -> Result<Pending> {
    let addrs: Vec<_> = (endpoint.host.as_str(), endpoint.port)
        .to_socket_addrs()
        .map_err(|e| sftp_err(&format!("cannot resolve {}", endpoint.host), e))?
        .collect();
    let mut last = None;
    let mut tcp = None;
    for a in addrs {
        match TcpStream::connect_timeout(&a, endpoint.timeout) {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let tcp = tcp.ok_or_else(|| {
        let why = last.map(|e| e.to_string()).unwrap_or_else(|| "no address".into());
        sftp_err(&format!("cannot connect to {}:{}", endpoint.host, endpoint.port), why)
    })?;
    tcp.set_nodelay(true).ctx(|| "setting TCP_NODELAY".into())?;
    tcp.set_read_timeout(Some(endpoint.timeout)).ctx(|| "setting a read timeout".into())?;
    tcp.set_write_timeout(Some(endpoint.timeout)).ctx(|| "setting a write timeout".into())?;
    let mut session = Session::new().map_err(|e| sftp_err("cannot start an SSH session", e))?;
    session.set_timeout(u32::try_from(endpoint.timeout.as_millis()).unwrap_or(u32::MAX));
    for m in [MethodType::CryptCs, MethodType::CryptSc] {
        session.method_pref(m, CIPHERS).map_err(|e| sftp_err("setting cipher preferences", e))?;
    }
    session.set_tcp_stream(tcp);
    session.handshake().map_err(|e| {
        sftp_err(&format!("SSH handshake with {}:{} failed", endpoint.host, endpoint.port), e)
    })?;
    let (key, kind) = session
        .host_key()
        .map(|(k, t)| (k.to_vec(), t))
        .ok_or_else(|| EngineError::Sftp("the server sent no host key".into()))?;
    let hash = session
        .host_key_hash(HashType::Sha256)
        .map(|h| h.to_vec())
        .ok_or_else(|| EngineError::Sftp("cannot hash the server's host key".into()))?;
    let fingerprint = format!("SHA256:{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(hash));
    let mut hosts = session.known_hosts().map_err(|e| sftp_err("cannot read known hosts", e))?;
    if known_hosts.is_file() {
        hosts
            .read_file(known_hosts, KnownHostFileKind::OpenSSH)
            .map_err(|e| sftp_err(&format!("cannot read {}", known_hosts.display()), e))?;
    }
    let known = match hosts.check_port(&endpoint.host, endpoint.port, &key) {
        CheckResult::Match => true,
        CheckResult::NotFound => false,
        CheckResult::Mismatch => {
            return Err(EngineError::HostKeyChanged { host: endpoint.known_hosts_name(), fingerprint })
        }
        CheckResult::Failure => return Err(EngineError::Sftp("checking the host key failed".into())),
    };
    Ok(Pending {
        session,
        endpoint: endpoint.clone(),
        key,
        fingerprint,
        key_type: key_type_name(kind).to_string(),
        known,
    })
}

/// The key type named inside an SSH public key blob (`ssh-ed25519`, ...).
fn blob_type(key: &[u8]) -> Option<&str> {
    let len = u32::from_be_bytes(key.get(0..4)?.try_into().ok()?) as usize;
    std::str::from_utf8(key.get(4..4 + len)?).ok()
}

impl Pending {
    /// Records the server's key in `known_hosts` (appended atomically).
    pub fn trust(&mut self, known_hosts: &Path) -> Result<()> {
        let kind =
            blob_type(&self.key).ok_or_else(|| EngineError::Sftp("the host key is malformed".into()))?;
        let mut text = match fs::read_to_string(known_hosts) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(EngineError::io(format!("reading {}", known_hosts.display()), e)),
        };
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&format!(
            "{} {} {}\n",
            self.endpoint.known_hosts_name(),
            kind,
            base64::engine::general_purpose::STANDARD.encode(&self.key)
        ));
        store::atomic_write(known_hosts, text.as_bytes())?;
        self.known = true;
        Ok(())
    }

    /// Logs in with a password. Refuses while the host key is not trusted.
    pub fn login(self, user: &str, password: &str) -> Result<Client> {
        if !self.known {
            return Err(EngineError::Sftp("the server's host key was not accepted".into()));
        }
        self.session
            .userauth_password(user, password)
            .map_err(|_| EngineError::AuthFailed(format!("{user}@{}", self.endpoint.host)))?;
        if !self.session.authenticated() {
            return Err(EngineError::AuthFailed(format!("{user}@{}", self.endpoint.host)));
        }
        let sftp = self.session.sftp().map_err(|e| sftp_err("cannot start SFTP", e))?;
        Ok(Client { session: self.session, sftp, cancel: CancelToken::new() })
    }
}

/// A logged-in SFTP connection.
pub struct Client {
    session: Session,
    sftp: ssh2::Sftp,
    /// Stops a transfer between blocks (Ctrl-C of the command that uses the client).
    cancel: CancelToken,
}

fn remote_err(file: &str, e: impl std::fmt::Display) -> EngineError {
    EngineError::TransferFailed { file: file.to_string(), reason: e.to_string() }
}

impl Client {
    /// Transfers stop with `Interrupted` once `cancel` is requested.
    pub fn with_cancel(mut self, cancel: CancelToken) -> Self {
        self.cancel = cancel;
        self
    }

    /// The negotiated cipher (client to server).
    pub fn cipher(&self) -> String {
        self.session.methods(MethodType::CryptCs).unwrap_or("").to_string()
    }

    /// Creates `dir` and its parents on the server (existing ones are fine).
    pub fn mkdirs(&self, dir: &str) -> Result<()> {
        let mut path = PathBuf::new();
        for part in dir.split('/') {
            if part.is_empty() {
                if path.as_os_str().is_empty() && dir.starts_with('/') {
                    path.push("/");
                }
                continue;
            }
            path.push(part);
            if self.sftp.stat(&path).is_ok() {
                continue;
            }
            if let Err(e) = self.sftp.mkdir(&path, 0o755) {
                // Another transfer may have made it meanwhile.
                if self.sftp.stat(&path).is_err() {
                    return Err(sftp_err(&format!("cannot create directory {}", path.display()), e));
                }
            }
        }
        Ok(())
    }

    /// Uploads `local` to `remote` through `<remote>.part`. `progress` gets bytes sent so far.
    pub fn upload(&self, local: &Path, remote: &str, progress: &mut dyn FnMut(u64)) -> Result<u64> {
        let part = format!("{remote}.part");
        let result = self.upload_part(local, remote, &part, progress);
        if result.is_err() {
            let _ = self.sftp.unlink(Path::new(&part));
        }
        result
    }

    fn upload_part(
        &self,
        local: &Path,
        remote: &str,
        part: &str,
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64> {
        let name = local.display().to_string();
        let mut src = File::open(local).map_err(|e| remote_err(&name, e))?;
        let mut dst = self
            .sftp
            .open_mode(
                Path::new(part),
                OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE,
                0o644,
                OpenType::File,
            )
            .map_err(|e| remote_err(&name, format!("cannot create {part}: {e}")))?;
        let sent = stream_to(&name, &mut src, &mut dst, &self.cancel, progress)?;
        // No fsync on the server (OpenSSH's sftp does not either; it costs a disk flush of
        // the whole file): completeness comes from renaming only after a successful close.
        dst.close().map_err(|e| remote_err(&name, e))?;
        // SFTP version 3 (OpenSSH) refuses to rename over an existing file: try the rename
        // first (one round trip for a new file) and replace only when the name is taken.
        let target = Path::new(remote);
        if let Err(first) = self.sftp.rename(Path::new(part), target, None) {
            if self.sftp.stat(target).is_err() {
                return Err(remote_err(&name, format!("cannot rename {part} to {remote}: {first}")));
            }
            self.sftp
                .unlink(target)
                .map_err(|e| remote_err(&name, format!("cannot replace {remote}: {e}")))?;
            self.sftp
                .rename(Path::new(part), target, None)
                .map_err(|e| remote_err(&name, format!("cannot rename {part} to {remote}: {e}")))?;
        }
        Ok(sent)
    }

    /// Downloads `remote` to `local` (atomically: a temporary file renamed into place).
    pub fn download(&self, remote: &str, local: &Path, progress: &mut dyn FnMut(u64)) -> Result<u64> {
        let dir = local.parent().unwrap_or_else(|| Path::new("."));
        fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-download-")
            .tempfile_in(dir)
            .ctx(|| format!("creating a temporary file in {}", dir.display()))?;
        let mut src = self.sftp.open(Path::new(remote)).map_err(|e| remote_err(remote, e))?;
        let mut buf = vec![0u8; BLOCK];
        let mut got = 0u64;
        let began = std::time::Instant::now();
        loop {
            check_rate(remote, began, got)?;
            self.cancel.check()?;
            // One read at a time (each bounded by libssh2's timeout), so the rate is checked
            // between any two of them.
            let n = match src.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(remote_err(remote, e)),
            };
            if n == 0 {
                break;
            }
            tmp.write_all(&buf[..n]).ctx(|| format!("writing {}", local.display()))?;
            got += n as u64;
            progress(got);
        }
        tmp.as_file().sync_all().ctx(|| format!("syncing {}", local.display()))?;
        tmp.persist(local).map_err(|e| EngineError::io(format!("writing {}", local.display()), e.error))?;
        store::sync_dir(dir)?;
        Ok(got)
    }

    /// The regular files of the folder `dir` on the server (name and size), at most `limit`
    /// of them (more is an error: a folder that large is not a backup folder).
    pub fn list_files(&self, dir: &str, limit: usize) -> Result<Vec<(String, u64)>> {
        let mut handle = self.sftp.opendir(Path::new(dir)).map_err(|e| remote_err(dir, e))?;
        let mut out = Vec::new();
        loop {
            self.cancel.check()?;
            match handle.readdir() {
                Ok((path, stat)) => {
                    if !stat.is_file() {
                        continue;
                    }
                    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
                    if out.len() >= limit {
                        return Err(remote_err(dir, format!("the folder holds more than {limit} files")));
                    }
                    out.push((name.to_string(), stat.size.unwrap_or(0)));
                }
                // End of the listing: ssh2 reports it as an error (LIBSSH2_ERROR_FILE, or the
                // SFTP status LIBSSH2_FX_EOF).
                Err(e) if matches!(e.code(), ssh2::ErrorCode::Session(-16) | ssh2::ErrorCode::SFTP(1)) => {
                    break
                }
                Err(e) => return Err(remote_err(dir, e)),
            }
        }
        out.sort();
        Ok(out)
    }

    /// The size of the regular file `remote` on the server.
    pub fn file_size(&self, remote: &str) -> Result<u64> {
        let stat = self.sftp.stat(Path::new(remote)).map_err(|e| remote_err(remote, e))?;
        if !stat.is_file() {
            return Err(remote_err(remote, "not a regular file"));
        }
        Ok(stat.size.unwrap_or(0))
    }

    /// Streams `remote` into `out`, refusing more than `limit` bytes (the file may grow while
    /// it is read). `progress` gets the bytes received so far.
    pub fn download_to(
        &self,
        remote: &str,
        out: &mut dyn Write,
        limit: u64,
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64> {
        let mut src = self.sftp.open(Path::new(remote)).map_err(|e| remote_err(remote, e))?;
        let mut buf = vec![0u8; 1 << 20];
        let mut got = 0u64;
        let began = std::time::Instant::now();
        loop {
            check_rate(remote, began, got)?;
            self.cancel.check()?;
            let n = match src.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(remote_err(remote, e)),
            };
            if n == 0 {
                break;
            }
            got += n as u64;
            if got > limit {
                return Err(remote_err(remote, format!("the file is larger than {limit} bytes")));
            }
            out.write_all(&buf[..n]).map_err(|e| remote_err(remote, e))?;
            progress(got);
        }
        Ok(got)
    }

    /// Ends the session politely.
    pub fn close(self) {
        let _ = self.session.disconnect(None, "done", None);
    }
}

/// How many bytes ahead of the server's acknowledgements an upload keeps queued in libssh2.
const AHEAD: usize = 8 << 20;
/// How much an upload reads from the local file at a time.
const READ: usize = 1 << 20;
/// Progress is reported at most this often (in bytes), and at the end.
const PROGRESS_STEP: u64 = 1 << 20;

/// Copies `src` to the SFTP file `dst` with the pipeline never drained until the end.
///
/// libssh2 turns every byte it is given into WRITE requests at once and returns as soon as
/// the first of them is acknowledged, expecting the next call to pass the same buffer from
/// the acknowledged point on. Fixed blocks (`write_all` of each) therefore empty the
/// pipeline at every block's end: one round trip and the server's backlog lost per block.
/// Here the buffer handed over always starts at the first unacknowledged byte and is topped
/// up with the file's next bytes before each call, so up to [`AHEAD`] bytes stay in flight
/// from the first request to the last.
fn stream_to(
    name: &str,
    src: &mut dyn Read,
    dst: &mut dyn Write,
    cancel: &CancelToken,
    progress: &mut dyn FnMut(u64),
) -> Result<u64> {
    let mut buf = vec![0u8; 2 * AHEAD];
    let (mut start, mut end) = (0usize, 0usize);
    let mut eof = false;
    let mut sent = 0u64;
    let mut reported = 0u64;
    let began = std::time::Instant::now();
    loop {
        check_rate(name, began, sent)?;
        while !eof && end - start < AHEAD {
            if end + READ > buf.len() {
                // Slide the unacknowledged bytes to the front (same bytes, same order: what
                // libssh2 has already packed stays valid).
                buf.copy_within(start..end, 0);
                end -= start;
                start = 0;
            }
            let n = read_full(src, &mut buf[end..end + READ]).map_err(|e| remote_err(name, e))?;
            if n < READ {
                eof = true;
            }
            end += n;
        }
        if start == end {
            break;
        }
        let n = match dst.write(&buf[start..end]) {
            Ok(0) => return Err(remote_err(name, "the server accepted no data")),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(remote_err(name, e)),
        };
        start += n;
        sent += n as u64;
        if sent - reported >= PROGRESS_STEP || start == end && eof {
            reported = sent;
            progress(sent);
        }
        // Ctrl-C: stop; the caller removes the partial file.
        cancel.check()?;
    }
    Ok(sent)
}

/// Slowest transfer an SFTP operation accepts, after a grace period (README): together they
/// give each transfer an overall deadline of `GRACE + size / MIN_RATE`, so a server that
/// trickles (each call answered within libssh2's timeout, but a few bytes at a time) cannot
/// hold a command for ever.
const MIN_RATE: u64 = 1024;
const GRACE: std::time::Duration = std::time::Duration::from_secs(30);

/// Fails a transfer of `done` bytes started at `start` that is below [`MIN_RATE`].
fn check_rate(name: &str, start: std::time::Instant, done: u64) -> Result<()> {
    let Some(late) = start.elapsed().checked_sub(GRACE) else { return Ok(()) };
    if done < late.as_secs().saturating_mul(MIN_RATE) {
        return Err(remote_err(
            name,
            format!(
                "the server is too slow (under {} KB/s after {} seconds); check the network and the server, then try again",
                MIN_RATE / 1024,
                start.elapsed().as_secs()
            ),
        ));
    }
    Ok(())
}

/// Fills `buf` as far as the source allows (large reads keep libssh2's pipeline full).
fn read_full(src: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match src.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
