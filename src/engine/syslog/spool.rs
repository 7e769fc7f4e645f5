//! The node's remote syslog spool: every event, formatted, waiting for each server.
//!
//! ```text
//! <node>/syslog-spool/
//!     journal      one record a line: `<seq> <RFC 5424 record>`, in the order raised
//!     state.toml   per server: last sequence delivered, events dropped, delivery failing
//!     .lock        taken by appends and flushes (never while waiting for the node lock,
//!                  never while sending)
//!     .flush       taken by a flush for its whole run: one flush of a node at a time
//! ```
//!
//! `append` (from `events::emit`) adds records; `flush` sends each server the records after
//! its cursor, moves the cursor only when the server confirmed them, then removes records
//! every server has. A server that does not answer keeps at most `spool_limit` records: the
//! oldest are dropped first and counted. The journal survives the process: events raised by
//! a command whose flush failed go out with the next command's flush.
//!
//! Lock order: the node lock may be held when the spool lock is taken (server changes),
//! never the other way round.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::transport::{self, Target};
use super::{trust, wire, Protocol};
use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::events::{self, Category, Event, Severity};
use crate::engine::node::NodeHandle;
use crate::engine::store::{self, DirLock};

const JOURNAL: &str = "journal";
const STATE: &str = "state.toml";
/// Enough of the journal's end to hold its last record.
const TAIL: u64 = (wire::MAX_RECORD as u64) + 64;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct SpoolState {
    /// Sequence number of the next record when the journal is empty.
    #[serde(default)]
    next_seq: u64,
    #[serde(default, rename = "cursor")]
    cursors: Vec<Cursor>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Cursor {
    key: String,
    /// Last sequence number the server confirmed (or that was dropped for it).
    delivered: u64,
    #[serde(default)]
    dropped: u64,
    /// Delivery failed last time (the alarm was raised once for this outage).
    #[serde(default)]
    failing: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_error: Option<String>,
}

impl SpoolState {
    fn cursor_mut(&mut self, key: &str, start: u64) -> &mut Cursor {
        let pos = match self.cursors.iter().position(|c| c.key == key) {
            Some(p) => p,
            None => {
                self.cursors.push(Cursor { key: key.to_string(), delivered: start, ..Cursor::default() });
                self.cursors.len() - 1
            }
        };
        &mut self.cursors[pos]
    }
}

/// A server's spool state, for `show server`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CursorStatus {
    pub key: String,
    pub queued: u64,
    pub dropped: u64,
    pub last_error: Option<String>,
}

/// What one flush did for one server.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerFlush {
    pub host: String,
    pub port: u16,
    pub protocol: Protocol,
    /// Records sent and confirmed (UDP: sent).
    pub delivered: u64,
    /// Records still waiting for this server.
    pub queued: u64,
    /// Records dropped for this server so far because the spool was full.
    pub dropped: u64,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FlushReport {
    pub servers: Vec<ServerFlush>,
}

impl FlushReport {
    pub fn delivered(&self) -> u64 {
        self.servers.iter().map(|s| s.delivered).sum()
    }

    pub fn failed(&self) -> bool {
        self.servers.iter().any(|s| s.error.is_some())
    }
}

fn dir(node: &NodeHandle) -> PathBuf {
    node.dir().join("syslog-spool")
}

fn lock(node: &NodeHandle) -> Result<DirLock> {
    DirLock::acquire(&dir(node))
}

/// The spool lock on the per-event path: the same `.lock` file as `lock`, without making
/// sure the folder exists first unless it does not (one system call fewer per event).
/// Closing the file when it is dropped releases the lock.
struct AppendLock(#[allow(dead_code)] File);

impl AppendLock {
    fn acquire(node: &NodeHandle) -> Result<AppendLock> {
        let path = dir(node).join(".lock");
        let open = || OpenOptions::new().create(true).truncate(false).read(true).write(true).open(&path);
        let file = match open() {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fs::create_dir_all(dir(node)).ctx(|| format!("creating {}", dir(node).display()))?;
                open().ctx(|| format!("opening {}", path.display()))?
            }
            Err(e) => return Err(EngineError::io(format!("opening {}", path.display()), e)),
        };
        store::lock_bounded(&file, &path)?;
        Ok(AppendLock(file))
    }
}

fn read_state(node: &NodeHandle) -> Result<SpoolState> {
    store::read_toml(&dir(node).join(STATE))
}

fn write_state(node: &NodeHandle, state: &SpoolState) -> Result<()> {
    store::write_toml(&dir(node).join(STATE), state)
}

fn parse_seq(line: &[u8]) -> Option<u64> {
    let end = memchr::memchr(b' ', line)?;
    std::str::from_utf8(&line[..end]).ok()?.parse().ok()
}

/// Shortest journal line there can be (sequence number, RFC 5424 header and the platform's
/// fixed text): a journal of `len` bytes holds at most `len / MIN_LINE` records.
const MIN_LINE: u64 = 64;

/// The journal's last sequence number and whether its last line is complete, plus its first
/// sequence number when the journal may hold `threshold` records or more (`None` when empty).
/// One read in the common case of a short journal.
fn journal_bounds(
    f: &File,
    path: &std::path::Path,
    threshold: u64,
) -> Result<Option<(Option<u64>, u64, bool)>> {
    use std::os::unix::fs::FileExt;
    let len = f.metadata().ctx(|| format!("reading {}", path.display()))?.len();
    if len == 0 {
        return Ok(None);
    }
    let corrupt = |what: &str| EngineError::Corrupt {
        path: path.to_path_buf(),
        reason: format!("the {what} record has no sequence number"),
    };
    let mut buf = vec![0u8; TAIL.min(len) as usize];
    let start = len.saturating_sub(TAIL);
    let n = f.read_at(&mut buf, start).ctx(|| format!("reading {}", path.display()))?;
    let tail = &buf[..n];
    // A process killed mid-append leaves a last line without its newline: its number still
    // counts (the next append terminates the line first).
    let body = tail.strip_suffix(b"\n").unwrap_or(tail);
    let line = match memchr::memrchr(b'\n', body) {
        Some(i) => &body[i + 1..],
        None => body,
    };
    let last = parse_seq(line).ok_or_else(|| corrupt("last"))?;
    let terminated = tail.ends_with(b"\n");
    let first = if start == 0 {
        Some(parse_seq(tail).ok_or_else(|| corrupt("first"))?)
    } else if len / MIN_LINE >= threshold {
        let mut head = vec![0u8; TAIL as usize];
        let n = f.read_at(&mut head, 0).ctx(|| format!("reading {}", path.display()))?;
        Some(parse_seq(&head[..n]).ok_or_else(|| corrupt("first"))?)
    } else {
        None
    };
    Ok(Some((first, last, terminated)))
}

/// The last sequence number used: from the journal's last line, else the state.
fn last_seq(node: &NodeHandle, state: &SpoolState) -> Result<u64> {
    let path = dir(node).join(JOURNAL);
    let f = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(state.next_seq.saturating_sub(1)),
        Err(e) => return Err(EngineError::io(format!("opening {}", path.display()), e)),
    };
    Ok(match journal_bounds(&f, &path, u64::MAX)? {
        Some((_, last, _)) => last,
        None => state.next_seq.saturating_sub(1),
    })
}

/// Appends events to the spool when remote syslog servers are configured.
/// Called by `events::emit_all`; a failure here never fails the caller's operation.
///
/// This runs for every event the node raises, so it reads only what it must: the settings
/// (cached while `platform.toml` is unchanged), the journal's first and last lines, and the
/// spool state only when the journal is empty or some server may owe more than the limit.
pub fn append(node: &NodeHandle, items: &[(&Event, DateTime<Utc>)]) -> Result<()> {
    let settings = super::settings_cached(node)?;
    if settings.servers.is_empty() || items.is_empty() {
        return Ok(());
    }
    let path = dir(node).join(JOURNAL);
    let _lock = AppendLock::acquire(node)?;
    let mut f = OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(&path)
        .ctx(|| format!("opening {}", path.display()))?;
    let limit = settings.spool_limit.max(1);
    let mut state = None;
    // The first number is needed only if the journal could then hold more than `limit`.
    let threshold = limit.saturating_sub(items.len() as u64);
    let (first, before, terminated) = match journal_bounds(&f, &path, threshold)? {
        Some(bounds) => bounds,
        None => {
            let st = read_state(node)?;
            let before = st.next_seq.saturating_sub(1);
            state = Some(st);
            (Some(before + 1), before, true)
        }
    };
    let mut buf = Vec::with_capacity(items.len() * 320 + 1);
    if !terminated {
        buf.push(b'\n');
    }
    let mut seq = before;
    let mut formatter = wire::Formatter::new(node);
    for (event, at) in items {
        seq += 1;
        buf.extend_from_slice(seq.to_string().as_bytes());
        buf.push(b' ');
        formatter.record(event, seq, *at, &mut buf);
        buf.push(b'\n');
    }
    f.write_all(&buf).ctx(|| format!("writing {}", path.display()))?;
    // Bound what each server may owe: drop its oldest records, and count them. No server
    // owes more than the journal holds (flush keeps only records someone is owed).
    // Without a first number, the journal holds fewer than `limit` records even now.
    let Some(first) = first else { return Ok(()) };
    if seq + 1 - first <= limit {
        return Ok(());
    }
    let mut state = match state {
        Some(s) => s,
        None => read_state(node)?,
    };
    let mut changed = false;
    for server in &settings.servers {
        let cursor = state.cursor_mut(&server.key(), before);
        if seq - cursor.delivered > limit {
            let excess = seq - cursor.delivered - limit;
            cursor.delivered += excess;
            cursor.dropped += excess;
            changed = true;
        }
    }
    if changed {
        write_state(node, &state)?;
    }
    Ok(())
}

/// Starts a new server's cursor at the end of the journal: it gets events from now on.
pub(super) fn start_cursor(node: &NodeHandle, key: &str) -> Result<()> {
    let _lock = lock(node)?;
    let mut state = read_state(node)?;
    let last = last_seq(node, &state)?;
    state.cursors.retain(|c| c.key != key);
    state.cursors.push(Cursor { key: key.to_string(), delivered: last, ..Cursor::default() });
    write_state(node, &state)
}

/// Forgets a deleted server's cursor (the next flush compacts what only it was owed).
pub(super) fn drop_cursor(node: &NodeHandle, key: &str) -> Result<()> {
    let _lock = lock(node)?;
    let mut state = read_state(node)?;
    state.cursors.retain(|c| c.key != key);
    write_state(node, &state)
}

/// Each known server's queue length, dropped count and last error.
pub fn status(node: &NodeHandle) -> Result<Vec<CursorStatus>> {
    let _lock = lock(node)?;
    let state = read_state(node)?;
    let last = last_seq(node, &state)?;
    Ok(state
        .cursors
        .iter()
        .map(|c| CursorStatus {
            key: c.key.clone(),
            queued: last.saturating_sub(c.delivered),
            dropped: c.dropped,
            last_error: c.last_error.clone(),
        })
        .collect())
}

/// Splits the journal into `(seq, record)` in order; a torn last line (a process killed
/// mid-append) is ignored.
fn records(journal: &[u8]) -> Vec<(u64, &[u8])> {
    let mut out = Vec::new();
    for line in journal.split_inclusive(|b| *b == b'\n') {
        let Some(line) = line.strip_suffix(b"\n") else { break };
        let Some(seq) = parse_seq(line) else { continue };
        let start = memchr::memchr(b' ', line).map_or(line.len(), |i| i + 1);
        out.push((seq, &line[start..]));
    }
    out
}

/// How long one flush may take for all its servers together (README): connecting, sending
/// and waiting for each server's confirmation. What is not confirmed by then stays queued.
pub const FLUSH_DEADLINE: Duration = Duration::from_secs(10);
/// The share of the flush a server that already failed last time gets: while it stays down
/// or silent, it costs each command this much, not the whole deadline.
const FAILING_BUDGET: Duration = Duration::from_secs(2);
/// How long a flush waits for another process's flush of the same node to end before it
/// leaves its events queued for the next one.
const FLUSH_WAIT: Duration = Duration::from_secs(2);

/// The whole journal (empty when there is none).
fn read_journal(path: &std::path::Path) -> Result<Vec<u8>> {
    match fs::read(path) {
        Ok(j) => Ok(j),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(EngineError::io(format!("reading {}", path.display()), e)),
    }
}

/// What a server is sent in one flush: its records after its cursor, up to `last`.
struct Owed {
    key: String,
    host: String,
    port: u16,
    failing: bool,
    /// The journal's last sequence number when the records were taken.
    last: u64,
    records: Vec<Vec<u8>>,
}

/// Delivers what each configured server is owed, in order; run at the end of each command.
/// Bounded in time by [`FLUSH_DEADLINE`] for all servers together. Raises
/// `TCPRemoteSyslogDeliveryFailed` / `TLSRemoteSyslogDeliveryFailed` once per outage of a server.
///
/// The spool lock is held only to read what is owed and to record what was delivered, never
/// while sending: appends (every event of every command) never wait behind a slow server.
/// Flushes of one node take turns on a lock of their own (`.flush`), so a record is sent by
/// one flush only; one that cannot get its turn within [`FLUSH_WAIT`] leaves its events
/// queued for the next command.
pub fn flush(node: &NodeHandle) -> Result<FlushReport> {
    let settings = node.platform()?.remote_syslog;
    let spool = dir(node);
    let journal_path = spool.join(JOURNAL);
    if settings.servers.is_empty() && !journal_path.exists() {
        return Ok(FlushReport::default());
    }
    fs::create_dir_all(&spool).ctx(|| format!("creating {}", spool.display()))?;
    let turn_path = spool.join(".flush");
    let turn = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&turn_path)
        .ctx(|| format!("opening {}", turn_path.display()))?;
    if !store::try_lock_for(&turn, &turn_path, FLUSH_WAIT)? {
        return Ok(FlushReport::default());
    }
    let proto = settings.protocol;
    // 1. Under the spool lock: what each server is owed.
    let owed: Vec<Owed> = {
        let _lock = lock(node)?;
        let mut state = read_state(node)?;
        let journal = read_journal(&journal_path)?;
        let recs = records(&journal);
        let last = recs.last().map_or(state.next_seq.saturating_sub(1), |r| r.0);
        settings
            .servers
            .iter()
            .map(|server| {
                let cursor = state.cursor_mut(&server.key(), last);
                let from = recs.partition_point(|r| r.0 <= cursor.delivered);
                Owed {
                    key: server.key(),
                    host: server.host.clone(),
                    port: server.port_for(proto),
                    failing: cursor.failing,
                    last,
                    records: recs[from..].iter().map(|r| r.1.to_vec()).collect(),
                }
            })
            .collect()
    };
    // 2. No lock: send, all servers within one deadline.
    let roots =
        if proto == Protocol::Tls && !settings.servers.is_empty() { Some(trust::roots(node)?) } else { None };
    let deadline = Instant::now() + FLUSH_DEADLINE;
    let outcomes: Vec<std::result::Result<(), transport::DeliveryError>> = owed
        .iter()
        .map(|o| {
            let mut until = deadline;
            if o.failing {
                until = until.min(Instant::now() + FAILING_BUDGET);
            }
            let target = Target {
                protocol: proto,
                host: &o.host,
                port: o.port,
                roots: roots.clone(),
                deadline: until,
            };
            let pending: Vec<&[u8]> = o.records.iter().map(Vec::as_slice).collect();
            transport::send(&target, &pending)
        })
        .collect();
    // 3. Under the spool lock again: record what was delivered (appends may have come
    // meanwhile), then keep only records someone is owed.
    let mut alarms = Vec::new();
    let mut report = FlushReport::default();
    {
        let _lock = lock(node)?;
        let mut state = read_state(node)?;
        let before = state.clone();
        let journal = read_journal(&journal_path)?;
        let recs = records(&journal);
        let last = recs.last().map_or(state.next_seq.saturating_sub(1), |r| r.0);
        for (o, outcome) in owed.iter().zip(outcomes) {
            let cursor = state.cursor_mut(&o.key, o.last);
            let mut delivered = 0;
            let mut error = None;
            match outcome {
                // Nothing was owed and the server was not contacted: its state stands.
                Ok(()) if o.records.is_empty() => {}
                Ok(()) => {
                    delivered = o.records.len() as u64;
                    cursor.delivered = cursor.delivered.max(o.last);
                    cursor.failing = false;
                    cursor.last_error = None;
                }
                Err(e) if proto == Protocol::Udp => {
                    // UDP keeps nothing: what could not be sent is gone, as on the platform.
                    cursor.dropped += o.records.len() as u64;
                    cursor.delivered = cursor.delivered.max(o.last);
                    cursor.last_error = Some(e.0.clone());
                    error = Some(e.0);
                }
                Err(e) => {
                    if !cursor.failing {
                        let target =
                            Target { protocol: proto, host: &o.host, port: o.port, roots: None, deadline };
                        alarms.push(delivery_failed(proto, &target, &e.0, o.records.len()));
                    }
                    cursor.failing = true;
                    cursor.last_error = Some(e.0.clone());
                    error = Some(e.0);
                }
            }
            report.servers.push(ServerFlush {
                host: o.host.clone(),
                port: o.port,
                protocol: proto,
                delivered,
                queued: last.saturating_sub(cursor.delivered),
                dropped: cursor.dropped,
                error,
            });
        }
        // Keep only cursors of configured servers, and only records someone is owed.
        let current = node.platform()?.remote_syslog;
        let keys: Vec<String> = current.servers.iter().map(|s| s.key()).collect();
        state.cursors.retain(|c| keys.contains(&c.key));
        let keep_after = state.cursors.iter().map(|c| c.delivered).min().unwrap_or(last);
        let first_kept = recs.partition_point(|r| r.0 <= keep_after);
        if first_kept > 0 {
            let mut rest = Vec::new();
            for (seq, rec) in &recs[first_kept..] {
                rest.extend_from_slice(seq.to_string().as_bytes());
                rest.push(b' ');
                rest.extend_from_slice(rec);
                rest.push(b'\n');
            }
            store::atomic_write(&journal_path, &rest)?;
        } else if !recs.is_empty() {
            // Records stay owed: make sure they are on disk, not only in the page cache.
            File::open(&journal_path)
                .and_then(|f| f.sync_all())
                .ctx(|| format!("syncing {}", journal_path.display()))?;
        }
        state.next_seq = state.next_seq.max(last + 1);
        // Most commands have nothing to change here: no write, no sync.
        if state != before {
            write_state(node, &state)?;
        }
    }
    drop(turn);
    for alarm in &alarms {
        events::emit(node, alarm);
    }
    Ok(report)
}

fn delivery_failed(proto: Protocol, target: &Target<'_>, reason: &str, queued: usize) -> Event {
    let name = match proto {
        Protocol::Tls => "TLSRemoteSyslogDeliveryFailed",
        _ => "TCPRemoteSyslogDeliveryFailed",
    };
    Event {
        category: Category::Alarm,
        severity: Severity::Error,
        name: name.into(),
        app: "Cisco Syslog Agent".into(),
        message: format!(
            "Remote syslog delivery over {} failed. Server:{}:{} QueuedEvents:{queued} Reason:{reason}",
            proto.name().to_ascii_uppercase(),
            target.host,
            target.port
        ),
        at: None,
    }
}
