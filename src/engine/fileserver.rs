//! `show fileserver transferspeed` (IM and Presence): the throughput to an external file
//! server, which the guide requires to be more than 60 MB/s. The platform copies a 1 GiB
//! file with `dd` onto the mounted file server and back; ucsh copies a bounded test file
//! ([`TEST_BYTES`]) to an SFTP server with the same SFTP client as `file get` and back,
//! measures each direction with a monotonic clock, and reports both as `dd` would.
//!
//! Bounds: the test file is [`TEST_BYTES`] (written in the node's folder, removed after,
//! as are the copy on the server and the one read back); the whole test has [`DEADLINE`]
//! (a slower server fails the test instead of holding the command), and Ctrl-C stops it
//! between blocks.

use std::fs;
use std::io::Write;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::deployment::Product;
use super::error::{EngineError, IoContext, Result};
use super::op::Op;
use super::sftp::Client;

/// The test file's size: 64 MiB, in `dd` records of [`RECORD`] bytes.
pub const TEST_BYTES: u64 = 64 << 20;
/// `dd`'s block size in the platform's test (4 KiB).
pub const RECORD: u64 = 4096;
/// The guide's requirement for an external file server.
pub const REQUIRED_MB_PER_S: f64 = 60.0;
/// The longest the whole test may take.
pub const DEADLINE: Duration = Duration::from_secs(300);

/// One direction, as `dd` reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Copied {
    pub records: u64,
    pub bytes: u64,
    /// Elapsed seconds, to the ten-thousandth shown.
    pub seconds: f64,
    /// Decimal megabytes per second (`bytes / seconds / 10^6`), to the tenth shown.
    pub mb_per_s: f64,
}

impl Copied {
    /// The figures of `bytes` copied in `elapsed`, rounded as they are shown.
    pub fn measured(bytes: u64, elapsed: Duration) -> Copied {
        let seconds = ((elapsed.as_secs_f64() * 10_000.0).round() / 10_000.0).max(0.0001);
        Copied { records: bytes / RECORD, bytes, seconds, mb_per_s: Copied::rate(bytes, seconds) }
    }

    /// MB/s for `bytes` in `seconds`, to the tenth.
    pub fn rate(bytes: u64, seconds: f64) -> f64 {
        (bytes as f64 / seconds / 1_000_000.0 * 10.0).round() / 10.0
    }
}

/// `show fileserver transferspeed`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferSpeed {
    /// Onto the server.
    pub write: Copied,
    /// Back from it.
    pub read: Copied,
    pub required_mb_per_s: f64,
    /// Both directions faster than the requirement.
    pub meets: bool,
}

impl TransferSpeed {
    pub fn new(write: Copied, read: Copied) -> TransferSpeed {
        let meets = write.mb_per_s > REQUIRED_MB_PER_S && read.mb_per_s > REQUIRED_MB_PER_S;
        TransferSpeed { write, read, required_mb_per_s: REQUIRED_MB_PER_S, meets }
    }
}

/// Copies the test file to `remote_dir` on the server `client` is logged in to and back.
/// `progress` gets the bytes moved so far (of twice [`TEST_BYTES`]).
pub fn transferspeed(
    op: &Op,
    client: Client,
    remote_dir: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<TransferSpeed> {
    let node = op.node();
    if node.product() != Product::Imp {
        return Err(EngineError::WrongRole { role: node.role().describe().to_string() });
    }
    let client = client.with_deadline(Instant::now() + DEADLINE);
    let dir = remote_dir.trim().trim_end_matches('/');
    if !dir.is_empty() {
        client.mkdirs(dir)?;
    }
    let name = format!("transferspeed-{}.bin", node.name());
    let remote = if dir.is_empty() { name } else { format!("{dir}/{name}") };
    // In the node's tmp (`show diskusage tmp` sees it while the test runs).
    let tmp = crate::engine::diskusage::tmp_dir(node);
    std::fs::create_dir_all(&tmp).ctx(|| format!("creating {}", tmp.display()))?;
    let local = tempfile::Builder::new()
        .prefix(".transferspeed-")
        .tempfile_in(&tmp)
        .ctx(|| format!("creating a test file in {}", tmp.display()))?;
    let back = tmp.join(".transferspeed-read.bin");
    let result = (|| {
        // "Creating a file to perform the test": zeros, as dd from /dev/zero.
        let block = vec![0u8; 1 << 20];
        let mut f = local.as_file();
        let mut written = 0u64;
        while written < TEST_BYTES {
            op.cancel().check()?;
            let n = block.len().min(usize::try_from(TEST_BYTES - written).unwrap_or(block.len()));
            f.write_all(&block[..n]).ctx(|| format!("writing {}", local.path().display()))?;
            written += n as u64;
        }
        f.flush().ctx(|| format!("writing {}", local.path().display()))?;
        let began = Instant::now();
        let sent = client.upload(local.path(), &remote, progress)?;
        let write = Copied::measured(sent, began.elapsed());
        let began = Instant::now();
        let got = client.download(&remote, &back, &mut |n| progress(sent + n))?;
        let read = Copied::measured(got, began.elapsed());
        if sent != TEST_BYTES || got != TEST_BYTES {
            return Err(EngineError::TransferFailed {
                file: remote.clone(),
                reason: format!("{TEST_BYTES} bytes sent, {sent} written and {got} read back"),
            });
        }
        Ok(TransferSpeed::new(write, read))
    })();
    // Clean-up, whatever happened.
    let _ = client.remove(&remote);
    let _ = fs::remove_file(&back);
    client.close();
    result
}
