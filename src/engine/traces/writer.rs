//! Writing trace files as services work: timestamped lines in each family's style, files
//! rotated at a size limit, closed files gzip-compressed where the family says so, and every
//! file's modification time set to the time of its last line (from the engine clock, so a
//! pinned clock gives the same files every time).
//!
//! Two entry points: [`record`] appends what a service says when it starts, stops or works,
//! and [`history`] (`ucsh cluster traces --days N --size SIZE`) replaces a node's trace
//! history with N days of lines, so collection can be exercised at scale. Content is
//! pseudo-random but seeded from the node, the family and the clock.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::SystemTime;

use chrono::{DateTime, Duration, FixedOffset, Offset, TimeZone, Utc};
use flate2::write::GzEncoder;
use flate2::Compression;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use super::catalog::{self, Style, TraceSpec};
use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::op::Op;
use crate::engine::services;

/// A file is closed and a new one opened when it reaches this size, unless history
/// generation picks a size for its volume.
pub const ROTATE_AT: u64 = 1 << 20;

/// Turns engine (UTC) times into the node's local time, which trace lines show as the
/// platform's do. The zone's offset is looked up once per quarter hour of UTC (zones change
/// offset only on such boundaries), which keeps history generation fast.
#[derive(Debug, Clone)]
pub struct LocalTime {
    tz: chrono_tz::Tz,
    bucket: i64,
    offset: FixedOffset,
}

impl LocalTime {
    /// The node's zone by its IANA name; an unknown name is UTC.
    pub fn new(zone: &str) -> Self {
        let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
        LocalTime { tz, bucket: i64::MIN, offset: Utc.fix() }
    }

    pub fn at(&mut self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        let bucket = t.timestamp().div_euclid(900);
        if bucket != self.bucket {
            self.offset = self.tz.offset_from_utc_datetime(&t.naive_utc()).fix();
            self.bucket = bucket;
        }
        t.with_timezone(&self.offset)
    }
}

/// The trace families the services of this node write.
pub fn node_specs(node: &NodeHandle) -> Vec<&'static TraceSpec> {
    let defs = services::catalog(node.role());
    catalog::TRACES.iter().filter(|t| defs.iter().any(|d| d.name == t.service)).collect()
}

/// The files of one family in its folder: (number, path, closed-and-compressed), by number.
pub fn family_files(dir: &Path, spec: &TraceSpec) -> Vec<(u32, PathBuf)> {
    let mut out = Vec::new();
    let Ok(rd) = fs::read_dir(dir) else { return out };
    for entry in rd.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(n) = spec.number_of(name) {
            out.push((n, entry.path()));
        }
    }
    out.sort();
    out
}

/// Sets a folder's time to the engine clock's, so listings do not depend on the wall clock
/// (best effort: a folder's time is cosmetic).
pub fn touch_dir(dir: &Path, at: DateTime<Utc>) {
    if let Ok(d) = File::open(dir) {
        let _ = d.set_modified(at.into());
    }
}

/// Gives every folder under `root` the time `at`.
pub fn touch_tree(root: &Path, at: DateTime<Utc>) {
    for e in walkdir::WalkDir::new(root).into_iter().flatten() {
        if e.file_type().is_dir() {
            touch_dir(e.path(), at);
        }
    }
}

fn set_mtime(path: &Path, at: DateTime<Utc>) -> Result<()> {
    let t: SystemTime = at.into();
    let f = File::options().write(true).open(path).ctx(|| format!("opening {}", path.display()))?;
    f.set_modified(t).ctx(|| format!("setting the time of {}", path.display()))
}

/// Compresses a closed file to `<name>.gz` (atomically), keeps its time, removes the plain one.
fn close_file(path: &Path, spec: &TraceSpec, at: DateTime<Utc>, level: Compression) -> Result<()> {
    if !spec.compress {
        return Ok(());
    }
    let mut gz_name = path.as_os_str().to_owned();
    gz_name.push(".gz");
    let gz_path = PathBuf::from(gz_name);
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let data = fs::read(path).ctx(|| format!("reading {}", path.display()))?;
    let tmp = crate::engine::store::locked_temp(dir, ".tmp-")?;
    let mut enc = GzEncoder::new(BufWriter::new(tmp), level);
    enc.write_all(&data).ctx(|| format!("compressing {}", path.display()))?;
    let buf = enc.finish().ctx(|| format!("compressing {}", path.display()))?;
    let tmp = buf
        .into_inner()
        .map_err(|e| EngineError::io(format!("writing {}", gz_path.display()), e.into_error()))?;
    tmp.persist(&gz_path).map_err(|e| EngineError::io(format!("writing {}", gz_path.display()), e.error))?;
    set_mtime(&gz_path, at)?;
    fs::remove_file(path).ctx(|| format!("removing {}", path.display()))
}

/// Formats one trace line in the family's style.
pub fn format_line(
    spec: &TraceSpec,
    host: &str,
    seq: u64,
    at: DateTime<FixedOffset>,
    level: &str,
    msg: &str,
) -> String {
    match spec.style {
        Style::Sdi => {
            let lvl = match level {
                "ERROR" => "AppError ",
                "WARN" => "AppWarn  ",
                "DEBUG" => "Detailed ",
                _ => "AppInfo  ",
            };
            format!(
                "{:08}.{:03} |{} |{}|{} {}\n",
                seq / 1000,
                seq % 1000,
                at.format("%H:%M:%S%.3f"),
                lvl,
                spec.component,
                msg
            )
        }
        Style::Log4j => format!(
            "{} {:<5} [http-bio-443-exec-{}] {} - {}\n",
            at.format("%Y-%m-%d %H:%M:%S,%3f"),
            level,
            seq % 16 + 1,
            spec.component,
            msg
        ),
        Style::Xcp => {
            format!("{} {} [{}] {}\n", at.format("%Y-%m-%d %H:%M:%S.%3f"), level, spec.component, msg)
        }
        Style::Platform => {
            format!(
                "{} {} {}[{}]: {}: {}\n",
                at.format("%b %e %H:%M:%S"),
                host,
                spec.component,
                3000 + seq % 997,
                level,
                msg
            )
        }
    }
}

const USERS: &[&str] = &["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"];

/// One line of ordinary work, chosen by the family's style.
fn work_message(spec: &TraceSpec, rng: &mut SmallRng) -> (&'static str, String) {
    let user = USERS[rng.random_range(0..USERS.len())];
    let ip = format!("10.10.{}.{}", rng.random_range(1..20), rng.random_range(2..250));
    let id: u32 = rng.random();
    let roll = rng.random_range(0..1000);
    let level = match roll {
        0..=4 => "ERROR",
        5..=29 => "WARN",
        30..=399 => "DEBUG",
        _ => "INFO",
    };
    let msg = match (spec.style, roll % 6, level) {
        (_, _, "ERROR") => format!(
            "Error processing request id={id:08x} from {ip} for {user}@example.com: connection reset by peer (errno=104)"
        ),
        (_, _, "WARN") => format!("Request id={id:08x} for {user}@example.com took {} ms, above threshold 1000 ms", 1000 + id % 4000),
        (Style::Xcp, 0, _) => format!("Routing packet to {user}@example.com/jabber_{id:x} via jsm session {}", id % 512),
        (Style::Xcp, 1, _) => format!("Presence update from {user}@example.com: show=away status=\"In a meeting\""),
        (Style::Xcp, 2, _) => format!("Session established for {user}@example.com from {ip}:{}", 1024 + id % 60000),
        (Style::Sdi, 0, _) => format!("SIP/2.0 200 OK Call-ID: {id:08x}@{ip} CSeq: {} SUBSCRIBE", id % 100),
        (Style::Sdi, 1, _) => format!("PUBLISH sip:{user}@example.com processed, etag={id:08x}"),
        (Style::Sdi, 2, _) => format!("Timer fired: refresh subscription {id:08x} expires=3600"),
        (Style::Log4j, 0, _) => format!("Handling request from {ip} user={user} path=/ccmadmin/api/{} status=200", id % 97),
        (Style::Log4j, 1, _) => format!("Query completed in {} ms rows={}", id % 90, id % 500),
        (Style::Platform, 0, _) => format!("Heartbeat from peer {ip} ok, rtt={} ms", id % 40),
        (Style::Platform, 1, _) => format!("Checked state of {} processes, all as expected", 20 + id % 30),
        (_, 3, _) => format!("Cache refresh for {user}@example.com entries={}", id % 2000),
        (_, 4, _) => format!("Database notification received table=enduser pkid={id:08x}-{:04x}", id % 65536),
        _ => format!("Processed {} events in last interval, queue depth {}", id % 10000, id % 64),
    };
    (level, msg)
}

/// Appends lines to a family's current file, rotating (and compressing) as needed.
struct FamilyWriter<'a> {
    spec: &'a TraceSpec,
    dir: PathBuf,
    host: String,
    rotate_at: u64,
    level: Compression,
    number: u32,
    path: PathBuf,
    out: Option<BufWriter<File>>,
    size: u64,
    /// Bytes written by this writer.
    total: u64,
    last: DateTime<Utc>,
    seq: u64,
    local: LocalTime,
    /// The last log4j time stamp written, and the instant it is of.
    stamp: Option<(DateTime<Utc>, String)>,
}

impl<'a> FamilyWriter<'a> {
    fn open(
        root: &Path,
        spec: &'a TraceSpec,
        host: &str,
        zone: &str,
        rotate_at: u64,
        level: Compression,
    ) -> Result<Self> {
        let dir = root.join(spec.dir);
        fs::create_dir_all(&dir).ctx(|| format!("creating {}", dir.display()))?;
        let files = family_files(&dir, spec);
        // The newest plain file is the one being written; a newest closed file means a fresh one.
        let (number, size) = match files.last() {
            Some((n, p)) if !p.to_string_lossy().ends_with(".gz") => {
                (*n, fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            }
            Some((n, _)) => (n + 1, 0),
            None => (1, 0),
        };
        let path = dir.join(spec.file_name(number, false));
        Ok(FamilyWriter {
            spec,
            dir,
            host: host.to_string(),
            rotate_at,
            level,
            number,
            path,
            out: None,
            size,
            total: 0,
            last: DateTime::<Utc>::MIN_UTC,
            seq: u64::from(number) * 100_000,
            local: LocalTime::new(zone),
            stamp: None,
        })
    }

    fn write(&mut self, at: DateTime<Utc>, level: &str, msg: &str) -> Result<()> {
        if self.size >= self.rotate_at {
            self.rotate()?;
        }
        if self.out.is_none() {
            let f = File::options()
                .create(true)
                .append(true)
                .open(&self.path)
                .ctx(|| format!("opening {}", self.path.display()))?;
            self.out = Some(BufWriter::with_capacity(256 << 10, f));
        }
        self.seq += 1;
        let line = if self.spec.style == Style::Log4j {
            // The time stamp is formatted once for the lines written at one instant (a
            // service writes many at once: a batch of logins).
            if self.stamp.as_ref().is_none_or(|(t, _)| *t != at) {
                let stamp = self.local.at(at).format("%Y-%m-%d %H:%M:%S,%3f").to_string();
                self.stamp = Some((at, stamp));
            }
            let stamp = self.stamp.as_ref().map(|(_, t)| t.as_str()).unwrap_or_default();
            format!(
                "{stamp} {level:<5} [http-bio-443-exec-{}] {} - {msg}\n",
                self.seq % 16 + 1,
                self.spec.component
            )
        } else {
            format_line(self.spec, &self.host, self.seq, self.local.at(at), level, msg)
        };
        if let Some(out) = self.out.as_mut() {
            out.write_all(line.as_bytes()).ctx(|| format!("writing {}", self.path.display()))?;
        }
        self.size += line.len() as u64;
        self.total += line.len() as u64;
        self.last = at;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if let Some(mut out) = self.out.take() {
            out.flush().ctx(|| format!("writing {}", self.path.display()))?;
            drop(out);
            if self.last > DateTime::<Utc>::MIN_UTC {
                set_mtime(&self.path, self.last)?;
            }
        }
        Ok(())
    }

    fn rotate(&mut self) -> Result<()> {
        self.flush()?;
        if self.path.exists() {
            let at = if self.last > DateTime::<Utc>::MIN_UTC {
                self.last
            } else {
                fs::metadata(&self.path)
                    .and_then(|m| m.modified())
                    .map(DateTime::<Utc>::from)
                    .unwrap_or(self.last)
            };
            close_file(&self.path, self.spec, at, self.level)?;
        }
        self.number += 1;
        self.path = self.dir.join(self.spec.file_name(self.number, false));
        self.size = 0;
        Ok(())
    }
}

/// What a service says in its traces when something happens to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happening {
    Started,
    Stopped,
    /// Ordinary work: `n` lines.
    Work(usize),
}

fn seed_of(parts: &[&str], at: DateTime<Utc>) -> u64 {
    let mut h = xxhash_rust::xxh3::xxh3_64(parts.join("\u{1}").as_bytes());
    h ^= at.timestamp() as u64;
    h
}

/// Appends what `service` says on `node` about `what`, at the engine clock's time. Never
/// fails the caller's operation; returns the error for callers that care.
pub fn record(node: &NodeHandle, service: &str, what: Happening) -> Result<()> {
    let root = node.partition(Partition::Activelog);
    let now = node.now();
    for spec in catalog::specs_of(service) {
        let mut w = FamilyWriter::open(
            &root,
            spec,
            &node.spec.hostname,
            &node.spec.timezone,
            ROTATE_AT,
            Compression::default(),
        )?;
        match what {
            Happening::Started => {
                w.write(now, "INFO", &format!("{service} starting, version {}", node.spec.version))?;
                w.write(now, "INFO", &format!("{service} initialised, listening for requests"))?;
            }
            Happening::Stopped => {
                w.write(now, "INFO", &format!("{service} received shutdown request"))?;
                w.write(now, "INFO", &format!("{service} stopped"))?;
            }
            Happening::Work(n) => {
                let mut rng = SmallRng::seed_from_u64(seed_of(&[node.name(), spec.stem], now));
                for _ in 0..n {
                    let (level, msg) = work_message(spec, &mut rng);
                    w.write(now, level, &msg)?;
                }
            }
        }
        w.flush()?;
        touch_dir(&w.dir, now);
    }
    fixed_files(node, service, what)
}

/// Appends the given lines (level, message) to every trace family of `service` on `node`,
/// at the engine clock's time: what a service writes as it handles requests (the Extension
/// Mobility service's logins and logouts). The files rotate as usual.
pub fn record_lines(node: &NodeHandle, service: &str, lines: &[(&str, String)]) -> Result<()> {
    record_lines_at(node, service, node.now(), lines)
}

/// [`record_lines`] with the lines' time given: work the service did late for an earlier
/// time (the remote cluster updates an EM service runs for the cycles it missed).
pub fn record_lines_at(
    node: &NodeHandle,
    service: &str,
    now: chrono::DateTime<chrono::Utc>,
    lines: &[(&str, String)],
) -> Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let root = node.partition(Partition::Activelog);
    for spec in catalog::specs_of(service) {
        let mut w = FamilyWriter::open(
            &root,
            spec,
            &node.spec.hostname,
            &node.spec.timezone,
            ROTATE_AT,
            Compression::default(),
        )?;
        for (level, msg) in lines {
            w.write(now, level, msg)?;
        }
        w.flush()?;
        touch_dir(&w.dir, now);
    }
    Ok(())
}

/// The fixed-name files of the services running on a new node (`cluster init`).
pub fn boot_files(node: &NodeHandle) -> Result<()> {
    let running = services::load(node)?;
    for (name, _) in running.service.iter().filter(|(n, _)| running.is_running(n)) {
        fixed_files(node, name, Happening::Started)?;
    }
    Ok(())
}

/// Files a service writes under a fixed name, besides its rotating traces, at the paths the
/// guide names: `epas/trace/xcp/log/AFTStartup.log` (the XCP File Transfer Manager's
/// start-up log) and the RIS Data Collector's performance logs in `cm/log/ris/csv`
/// (`<host>_<MM>_<DD>_<YYYY>_<HH>_<MM>.csv`, one file a day).
fn fixed_files(node: &NodeHandle, service: &str, what: Happening) -> Result<()> {
    let root = node.partition(Partition::Activelog);
    let now = node.now();
    let local = node.local_now();
    let (rel, text, header) = match (service, what) {
        ("Cisco XCP File Transfer Manager", Happening::Started) => (
            "epas/trace/xcp/log/AFTStartup.log".to_string(),
            format!(
                "{} INFO [aft-1] AFT startup: external file server check started\n{} INFO [aft-1] AFT startup: listening for file transfer requests\n",
                local.format("%Y-%m-%d %H:%M:%S%.3f"),
                local.format("%Y-%m-%d %H:%M:%S%.3f")
            ),
            None,
        ),
        ("Cisco RIS Data Collector", Happening::Started | Happening::Work(_)) => {
            let host = &node.spec.hostname;
            let name = format!("cm/log/ris/csv/{host}_{}.csv", local.format("%m_%d_%Y_00_00"));
            let counters = ["Processor(_Total)\\% CPU Time", "Memory\\% Mem Used", "Partition(Active)\\% Used"];
            let header: Vec<String> = std::iter::once(format!(
                "\"(PDH-CSV 4.0) ({})(300)\"",
                local.format("%Z")
            ))
            .chain(counters.iter().map(|c| format!("\"\\\\{host}\\{c}\"")))
            .collect();
            let mut rng = SmallRng::seed_from_u64(seed_of(&[node.name(), "riscsv"], now));
            let values: Vec<String> = std::iter::once(format!("\"{}\"", local.format("%m/%d/%Y %H:%M:%S%.3f")))
                .chain((0..counters.len()).map(|_| format!("\"{:.6}\"", rng.random_range(2.0..60.0))))
                .collect();
            (name, format!("{}\n", values.join(",")), Some(format!("{}\n", header.join(","))))
        }
        _ => return Ok(()),
    };
    let path = root.join(&rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).ctx(|| format!("creating {}", dir.display()))?;
    }
    let fresh = !path.exists();
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ctx(|| format!("opening {}", path.display()))?;
    if fresh {
        if let Some(h) = header {
            f.write_all(h.as_bytes()).ctx(|| format!("writing {}", path.display()))?;
        }
    }
    f.write_all(text.as_bytes()).ctx(|| format!("writing {}", path.display()))?;
    let _ = f.set_modified(SystemTime::from(now));
    if let Some(dir) = path.parent() {
        touch_dir(dir, now);
    }
    Ok(())
}

/// Progress of `history`: one family done.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryProgress {
    pub family: String,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// What `ucsh cluster traces` made on one node.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryReport {
    pub node: String,
    pub days: u32,
    pub families: usize,
    pub files: usize,
    /// Bytes of trace text written (before compression).
    pub bytes: u64,
    /// Bytes on disk afterwards.
    pub bytes_on_disk: u64,
}

/// The most days of trace history `history` generates.
pub const MAX_HISTORY_DAYS: u32 = 365;

/// Replaces the node's trace history with `days` days of lines adding up to about `bytes`
/// bytes of text, shared among the node's trace families; works on both cores.
pub fn history(
    op: &Op,
    days: u32,
    bytes: u64,
    progress: &mut dyn FnMut(HistoryProgress),
) -> Result<HistoryReport> {
    let node = op.node();
    if days == 0 || days > MAX_HISTORY_DAYS {
        return Err(EngineError::TraceDays { max: MAX_HISTORY_DAYS });
    }
    let _lock = node.lock()?;
    generate(node, days, bytes, Compression::default(), progress)
}

/// Generation without the privilege check, for lab creation.
pub(crate) fn generate(
    node: &NodeHandle,
    days: u32,
    bytes: u64,
    level: Compression,
    progress: &mut dyn FnMut(HistoryProgress),
) -> Result<HistoryReport> {
    generate_into(node, Partition::Activelog, node.now(), days, bytes, level, progress)
}

/// When a node that was upgraded switched to its current version: 30 days before `now`,
/// 75 minutes into the upgrade (the `Switch Version` record of `system-history.log`).
pub(crate) fn switch_time(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(30) + Duration::minutes(75)
}

/// The traces the previous version left: a node upgraded from an inactive version keeps
/// the logs that version wrote under `inactivelog`, as the platform keeps the other
/// side's logs after a switch. `days` days of them, ending at the switch.
pub(crate) fn generate_inactive(node: &NodeHandle, days: u32, bytes: u64, level: Compression) -> Result<()> {
    if node.spec.inactive_version.is_none() {
        return Ok(());
    }
    let end = switch_time(node.now());
    generate_into(node, Partition::Inactivelog, end, days, bytes, level, &mut |_| {})?;
    Ok(())
}

/// `days` days of every family's lines, ending at `end`, under `partition`.
fn generate_into(
    node: &NodeHandle,
    partition: Partition,
    end: DateTime<Utc>,
    days: u32,
    bytes: u64,
    level: Compression,
    progress: &mut dyn FnMut(HistoryProgress),
) -> Result<HistoryReport> {
    let root = node.partition(partition);
    let specs = node_specs(node);
    let per_family = (bytes / specs.len().max(1) as u64).max(1);
    // About four files a day, within sensible bounds.
    let rotate_at = (per_family / (u64::from(days) * 4)).clamp(2 << 10, 32 << 20);
    let now = end;
    let start = now - Duration::days(i64::from(days));
    let host = node.spec.hostname.clone();
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Result<(String, u64)>>();
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 2);
    let mut first_err = None;
    let mut written = 0u64;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (specs, next, root, host, node_name) = (&specs, &next, &root, &host, node.name());
            let zone = node.spec.timezone.as_str();
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(spec) = specs.get(i) else { break };
                let r =
                    write_family(root, spec, host, zone, node_name, start, now, per_family, rotate_at, level)
                        .map(|n| (spec.pattern(), n));
                if tx.send(r).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        for r in rx {
            match r {
                Ok((family, n)) => {
                    written += n;
                    progress(HistoryProgress { family, bytes_done: written, bytes_total: bytes });
                }
                Err(e) => {
                    if first_err.is_none() {
                        first_err = Some(e);
                    }
                }
            }
        }
    });
    if let Some(e) = first_err {
        return Err(e);
    }
    touch_tree(&root, now);
    let (mut files, mut on_disk) = (0usize, 0u64);
    for spec in &specs {
        for (_, p) in family_files(&root.join(spec.dir), spec) {
            files += 1;
            on_disk += fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
        }
    }
    Ok(HistoryReport {
        node: node.name().to_string(),
        days,
        families: specs.len(),
        files,
        bytes: written,
        bytes_on_disk: on_disk,
    })
}

/// Writes one finished file of a family in one go (history generation): compressed when
/// it is a closed file of a compressing family, with its time set to its last line's.
fn emit_file(
    dir: &Path,
    spec: &TraceSpec,
    number: u32,
    closed: bool,
    data: &[u8],
    at: DateTime<Utc>,
    level: Compression,
) -> Result<()> {
    let path = dir.join(spec.file_name(number, closed));
    let file = File::create(&path).ctx(|| format!("creating {}", path.display()))?;
    let file = if closed && spec.compress {
        let mut enc = GzEncoder::new(BufWriter::with_capacity(256 << 10, file), level);
        enc.write_all(data).ctx(|| format!("writing {}", path.display()))?;
        let buf = enc.finish().ctx(|| format!("writing {}", path.display()))?;
        buf.into_inner()
            .map_err(|e| EngineError::io(format!("writing {}", path.display()), e.into_error()))?
    } else {
        let mut f = file;
        f.write_all(data).ctx(|| format!("writing {}", path.display()))?;
        f
    };
    file.set_modified(at.into()).ctx(|| format!("setting the time of {}", path.display()))
}

#[allow(clippy::too_many_arguments)]
fn write_family(
    root: &Path,
    spec: &TraceSpec,
    host: &str,
    zone: &str,
    node_name: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    bytes: u64,
    rotate_at: u64,
    level: Compression,
) -> Result<u64> {
    let dir = root.join(spec.dir);
    fs::create_dir_all(&dir).ctx(|| format!("creating {}", dir.display()))?;
    for (_, p) in family_files(&dir, spec) {
        fs::remove_file(&p).ctx(|| format!("removing {}", p.display()))?;
    }
    let mut rng = SmallRng::seed_from_u64(seed_of(&[node_name, spec.dir, spec.stem], end));
    // Lines average about 120 bytes; spread them evenly over the period.
    let lines = (bytes / 120).max(2);
    let span_ms = (end - start).num_milliseconds().max(1) as u64;
    let step = (span_ms / lines).max(1);
    let cap = usize::try_from(rotate_at).unwrap_or(usize::MAX).saturating_add(512);
    let mut buf: Vec<u8> = Vec::with_capacity(cap.min(64 << 20));
    let (mut number, mut seq, mut total) = (1u32, 100_000u64, 0u64);
    let mut t = start;
    let mut last = start;
    let mut local = LocalTime::new(zone);
    let first = format_line(spec, host, seq, local.at(t), "INFO", &format!("{} starting", spec.service));
    buf.extend_from_slice(first.as_bytes());
    while total + (buf.len() as u64) < bytes && t < end {
        let (lvl, msg) = work_message(spec, &mut rng);
        seq += 1;
        buf.extend_from_slice(format_line(spec, host, seq, local.at(t), lvl, &msg).as_bytes());
        last = t;
        if buf.len() as u64 >= rotate_at {
            emit_file(&dir, spec, number, true, &buf, last, level)?;
            total += buf.len() as u64;
            buf.clear();
            number += 1;
            seq = u64::from(number) * 100_000;
        }
        // Uneven gaps averaging `step`, so the lines reach the end of the period.
        t += Duration::milliseconds((step * 3 / 4 + rng.random_range(0..step.max(2)) / 2) as i64);
    }
    total += buf.len() as u64;
    emit_file(&dir, spec, number, false, &buf, last, level)?;
    Ok(total)
}

/// A platform event `system-history.log` records after the node's installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SystemEvent {
    /// `utils system restart` going down (`root: Restart <version> Start`).
    Restart,
    /// The node booting (after a restart, or coming back up after it went down).
    Boot,
}

/// Appends the platform's lines for `events`, stamped `at`, to the node's
/// `install/system-history.log` (one append: a reader sees all of them or none). The file
/// grows by two short lines per restart.
pub(crate) fn append_system_history(
    node: &NodeHandle,
    events: &[SystemEvent],
    at: DateTime<Utc>,
) -> Result<()> {
    let version = &node.spec.version;
    let stamp = at.format("%m/%d/%Y %H:%M:%S");
    let mut text = String::new();
    for e in events {
        let word = match e {
            SystemEvent::Restart => "Restart",
            SystemEvent::Boot => "Boot",
        };
        text.push_str(&format!("{stamp} | root: {word} {version} Start\n"));
    }
    let dir = node.partition(Partition::Install);
    fs::create_dir_all(&dir).ctx(|| format!("creating {}", dir.display()))?;
    let path = dir.join("system-history.log");
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ctx(|| format!("opening {}", path.display()))?;
    f.write_all(text.as_bytes()).ctx(|| format!("writing {}", path.display()))?;
    drop(f);
    set_mtime(&path, at)?;
    touch_dir(&dir, at);
    Ok(())
}

/// Writes the `install` partition's `system-history.log` of a new node: the product banner
/// and the install, upgrade and boot records, as `file view install system-history.log`
/// shows them on the platform. Times come from the engine clock (the node was installed 30
/// days before `now`, its inactive version, if any, 60 days before).
pub(crate) fn write_install_history(node: &NodeHandle, now: DateTime<Utc>) -> Result<()> {
    let product = match node.product() {
        crate::engine::deployment::Product::Cm => "Cisco Unified Communications Manager",
        crate::engine::deployment::Product::Imp => {
            "Cisco Unified Communications Manager IM and Presence Service"
        }
    };
    let spec = &node.spec;
    let mut text = format!(
        "\n=======================================\nProduct Name - {product}\nProduct Version - {}\nKernel Image - 3.10.0-1160.{}.el7.x86_64\n=======================================\n",
        spec.version, spec.os_version.replace(['.', '-'], "")
    );
    let stamp = |t: DateTime<Utc>| t.format("%m/%d/%Y %H:%M:%S").to_string();
    let mut t = now - Duration::days(60);
    let switch = switch_time(now);
    if let Some(old) = &spec.inactive_version {
        text.push_str(&format!("{} | root: Install {old} Start\n", stamp(t)));
        text.push_str(&format!("{} | root: Install {old} Success\n", stamp(t + Duration::minutes(47))));
        text.push_str(&format!("{} | root: Boot {old} Start\n", stamp(t + Duration::minutes(52))));
        t = now - Duration::days(30);
        text.push_str(&format!("{} | root: Upgrade {old}-to-{} Start\n", stamp(t), spec.version));
        text.push_str(&format!(
            "{} | root: Upgrade {old}-to-{} Success\n",
            stamp(t + Duration::minutes(71)),
            spec.version
        ));
        text.push_str(&format!("{} | root: Switch Version {old} to {} Start\n", stamp(switch), spec.version));
    } else {
        t = now - Duration::days(30);
        text.push_str(&format!("{} | root: Install {} Start\n", stamp(t), spec.version));
        text.push_str(&format!(
            "{} | root: Install {} Success\n",
            stamp(t + Duration::minutes(49)),
            spec.version
        ));
    }
    text.push_str(&format!("{} | root: Boot {} Start\n", stamp(t + Duration::minutes(80)), spec.version));
    text.push_str(&format!(
        "{} | root: Product Version {}\n",
        stamp(t + Duration::minutes(80)),
        spec.version
    ));
    let dir = node.partition(Partition::Install);
    fs::create_dir_all(&dir).ctx(|| format!("creating {}", dir.display()))?;
    let path = dir.join("system-history.log");
    fs::write(&path, text).ctx(|| format!("writing {}", path.display()))?;
    set_mtime(&path, t + Duration::minutes(80))?;
    touch_dir(&dir, now);
    Ok(())
}
