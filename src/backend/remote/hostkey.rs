//! Host keys of real nodes, checked against an OpenSSH known_hosts file.
//!
//! A known key lets the login go on; an unknown one is shown by its SHA256 fingerprint and
//! recorded only when the caller accepts it (`--accept-new`, or a yes at the question); a
//! changed one is refused, naming the file and line that hold the old key. Nothing here
//! asks anything: the caller decides.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use ssh2::{CheckResult, HashType, KnownHostFileKind, Session};

/// The server's key, as the handshake gave it.
#[derive(Debug, Clone)]
pub struct HostKey {
    pub blob: Vec<u8>,
    /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, ...
    pub kind: String,
    /// `SHA256:<base64>`, as OpenSSH prints it.
    pub fingerprint: String,
}

/// What the known_hosts file says of a server's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Known,
    Unknown,
    /// A different key is recorded for the host: at `line` of `file`.
    Changed {
        file: PathBuf,
        line: Option<usize>,
    },
}

/// The key of the session's server.
pub fn of(session: &Session) -> Result<HostKey, String> {
    let (blob, _) = session.host_key().ok_or("the server sent no host key")?;
    let blob = blob.to_vec();
    let hash = session.host_key_hash(HashType::Sha256).ok_or("cannot hash the server's host key")?;
    let fingerprint = format!("SHA256:{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(hash));
    let kind = blob_type(&blob).ok_or("the server's host key is malformed")?.to_string();
    Ok(HostKey { blob, kind, fingerprint })
}

/// The key type named inside an SSH public key blob.
fn blob_type(key: &[u8]) -> Option<&str> {
    let len = u32::from_be_bytes(key.get(0..4)?.try_into().ok()?) as usize;
    std::str::from_utf8(key.get(4..4usize.checked_add(len)?)?).ok()
}

/// Checks `key` of `host:port` against `file` (a missing file knows no host).
pub fn check(
    session: &Session,
    file: &Path,
    host: &str,
    port: u16,
    key: &HostKey,
) -> Result<Verdict, String> {
    let mut hosts = session.known_hosts().map_err(|e| format!("cannot read known hosts: {e}"))?;
    if file.is_file() {
        hosts
            .read_file(file, KnownHostFileKind::OpenSSH)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    }
    match hosts.check_port(host, port, &key.blob) {
        CheckResult::Match => Ok(Verdict::Known),
        CheckResult::NotFound => Ok(Verdict::Unknown),
        CheckResult::Mismatch => {
            Ok(Verdict::Changed { file: file.to_path_buf(), line: line_of(file, host, port) })
        }
        CheckResult::Failure => Err(format!("checking the host key against {} failed", file.display())),
    }
}

/// The name known_hosts files use for `host:port`.
pub fn entry_name(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_string()
    } else {
        format!("[{host}]:{port}")
    }
}

/// The first line of `file` whose host field names `host:port` (plain or hashed).
pub fn line_of(file: &Path, host: &str, port: u16) -> Option<usize> {
    let text = std::fs::read_to_string(file).ok()?;
    let name = entry_name(host, port);
    text.lines().enumerate().find_map(|(n, line)| {
        let line = line.trim_start();
        if line.starts_with('#') || line.starts_with('@') {
            return None;
        }
        let field = line.split_whitespace().next()?;
        field.split(',').any(|pattern| names(pattern, &name)).then_some(n + 1)
    })
}

/// Whether one host pattern of a known_hosts line is `name` (`|1|salt|hash`: HMAC-SHA1).
fn names(pattern: &str, name: &str) -> bool {
    let Some(hashed) = pattern.strip_prefix("|1|") else {
        return pattern == name;
    };
    let Some((salt, hash)) = hashed.split_once('|') else {
        return false;
    };
    let b64 = base64::engine::general_purpose::STANDARD;
    let (Ok(salt), Ok(hash)) = (b64.decode(salt), b64.decode(hash)) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(&salt) else {
        return false;
    };
    mac.update(name.as_bytes());
    mac.verify_slice(&hash).is_ok()
}

/// Records `key` for `host:port` at the end of `file` (made, with its folder, when missing).
pub fn record(file: &Path, host: &str, port: u16, key: &HostKey) -> Result<(), String> {
    // Hosts are logged in to in parallel: one read-modify-write of the file at a time, or
    // two new keys recorded at once would lose one.
    static RECORDING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = RECORDING.lock().unwrap_or_else(|p| p.into_inner());
    // A relative name is the current folder's file (its folder must be named to sync it).
    let absolute;
    let file = if file.is_relative() {
        absolute = std::env::current_dir().map_err(|e| format!("no current folder: {e}"))?.join(file);
        absolute.as_path()
    } else {
        file
    };
    let mut text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(&key.blob);
    text.push_str(&format!("{} {} {b64}\n", entry_name(host, port), key.kind));
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        set_mode(dir, 0o700);
    }
    crate::engine::store::atomic_write(file, text.as_bytes()).map_err(|e| e.to_string())
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}

/// The default file: `~/.ssh/known_hosts`.
pub fn default_file() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    home.join(".ssh/known_hosts")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_of_a_host_is_found_plain_with_a_port_and_hashed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("known_hosts");
        // `|1|...` below is what `ssh-keygen -H` writes for `[127.0.0.1]:2201` with this salt.
        let salt = [7u8; 20];
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&salt).expect("key");
        mac.update(b"[127.0.0.1]:2201");
        let b64 = base64::engine::general_purpose::STANDARD;
        let hashed = format!("|1|{}|{}", b64.encode(salt), b64.encode(mac.finalize().into_bytes()));
        let text = format!(
            "# comment\nother,pub ssh-ed25519 AAAA\n[127.0.0.1]:2200 ssh-ed25519 AAAA\n{hashed} ssh-ed25519 AAAA\n"
        );
        std::fs::write(&f, text).expect("write");
        assert_eq!(line_of(&f, "pub", 22), Some(2));
        assert_eq!(line_of(&f, "127.0.0.1", 2200), Some(3));
        assert_eq!(line_of(&f, "127.0.0.1", 2201), Some(4));
        assert_eq!(line_of(&f, "127.0.0.1", 22), None);
    }

    #[test]
    fn blob_types_are_read_from_the_blob() {
        let mut blob = vec![0, 0, 0, 11];
        blob.extend_from_slice(b"ssh-ed25519");
        assert_eq!(blob_type(&blob), Some("ssh-ed25519"));
        assert_eq!(blob_type(&[0, 0, 0, 200, b'x']), None);
        assert_eq!(blob_type(&[0xff, 0xff, 0xff, 0xff]), None);
    }
}
