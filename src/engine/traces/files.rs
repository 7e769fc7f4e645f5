//! `file list | view | tail | dump | search | delete` over a node's log partitions.
//!
//! Everything goes through [`paths::resolve`], so no command reaches outside its partition.
//! Files whose name ends in `.gz` are read decompressed (`view`, `tail`, `dump`, `search`),
//! as the platform does for rotated traces. Searching streams files through ripgrep's
//! searcher on both cores and hands each file's matches over in file order as they come.

use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use flate2::read::MultiGzDecoder;
use serde::Serialize;

use super::catalog;
use super::paths::{self, Entry, Name};
use super::writer;
use crate::engine::error::{EngineError, IoContext, Result};
use crate::engine::node::{NodeHandle, Partition};
use crate::engine::op::Op;
use crate::engine::services;

// ---------------------------------------------------------------------------------------
// Time windows (`reltime`, `abstime`)

/// Units of `reltime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
}

impl TimeUnit {
    pub fn parse(word: &str) -> Option<TimeUnit> {
        match word.to_ascii_lowercase().as_str() {
            "minutes" | "minute" => Some(TimeUnit::Minutes),
            "hours" | "hour" => Some(TimeUnit::Hours),
            "days" | "day" => Some(TimeUnit::Days),
            "weeks" | "week" => Some(TimeUnit::Weeks),
            "months" | "month" => Some(TimeUnit::Months),
            _ => None,
        }
    }

    fn duration(self, n: i64) -> Duration {
        match self {
            TimeUnit::Minutes => Duration::minutes(n),
            TimeUnit::Hours => Duration::hours(n),
            TimeUnit::Days => Duration::days(n),
            TimeUnit::Weeks => Duration::weeks(n),
            TimeUnit::Months => Duration::days(30 * n),
        }
    }
}

/// Which modification times a command keeps. Both ends inclusive; `None` = open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TimeWindow {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

impl TimeWindow {
    /// `reltime <unit> <n>`: modified in the last `n` units before the node's clock.
    pub fn relative(node: &NodeHandle, unit: TimeUnit, n: u32) -> TimeWindow {
        TimeWindow { since: Some(node.now() - unit.duration(i64::from(n))), until: None }
    }

    /// `abstime <from> <to>`: each given as `hh:mm:MM/DD/YY` (the `file get` form) or
    /// `hh:mm:ss mm/dd/yyyy` (the `file search` form, one or two words), read in the node's
    /// time zone.
    pub fn absolute(node: &NodeHandle, from: &str, to: &str) -> Result<TimeWindow> {
        let since = parse_abstime(node, from)?;
        let until = parse_abstime(node, to)?;
        if until < since {
            return Err(EngineError::TimeOrder { from: from.to_string(), to: to.to_string() });
        }
        Ok(TimeWindow { since: Some(since), until: Some(until) })
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }
}

fn parse_abstime(node: &NodeHandle, text: &str) -> Result<DateTime<Utc>> {
    let text = text.trim();
    let formats = ["%H:%M:%m/%d/%y", "%H:%M:%S %m/%d/%Y", "%H:%M:%S:%m/%d/%Y", "%H:%M %m/%d/%Y"];
    let naive = formats
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or_else(|| EngineError::BadTime { text: text.to_string() })?;
    let tz: chrono_tz::Tz = node.spec.timezone.parse().unwrap_or(chrono_tz::UTC);
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| EngineError::TimeNotInZone { text: text.to_string() })
}

// ---------------------------------------------------------------------------------------
// Reading files

/// Reads a file, decompressing `.gz` files.
pub fn read_all(entry: &Entry) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(entry.size as usize);
    open_reader(&entry.abs, &entry.rel)?.read_to_end(&mut out).ctx(|| format!("reading {}", entry.rel))?;
    Ok(out)
}

/// Opens a file of a partition for reading. Only regular files are read: opening a FIFO
/// (or a device) to read blocks until something writes to it, so the open does not wait
/// (`O_NONBLOCK`, which changes nothing for a regular file) and anything else is refused.
pub(crate) fn open_regular(path: &Path, rel: &str) -> Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let f = File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .ctx(|| format!("opening {rel}"))?;
    let meta = f.metadata().ctx(|| format!("reading {rel}"))?;
    if !meta.is_file() {
        return Err(EngineError::NotRegularFile { rel: crate::engine::text::printable(rel).into_owned() });
    }
    Ok(f)
}

pub(super) fn open_reader(path: &Path, rel: &str) -> Result<Box<dyn Read + Send>> {
    let f = open_regular(path, rel)?;
    if rel.ends_with(".gz") {
        Ok(Box::new(MultiGzDecoder::new(BufReader::with_capacity(256 << 10, f))))
    } else {
        Ok(Box::new(f))
    }
}

fn split_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.lines().map(str::to_string).collect()
}

/// The bytes a hex dump shows: the whole file, or with `regexp` only its matching lines,
/// each with its own line ending (offsets then count within that selection).
fn hex_source<'b>(bytes: &'b [u8], filter: Option<&regex::Regex>) -> std::borrow::Cow<'b, [u8]> {
    let Some(re) = filter else { return std::borrow::Cow::Borrowed(bytes) };
    let mut out = Vec::new();
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let text = String::from_utf8_lossy(line);
        if re.is_match(text.trim_end_matches(['\n', '\r'])) {
            out.extend_from_slice(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn line_filter(regexp: Option<&str>) -> Result<Option<regex::Regex>> {
    regexp
        .map(|r| {
            regex::Regex::new(r)
                .map_err(|e| EngineError::BadRegex { pattern: r.to_string(), reason: e.to_string() })
        })
        .transpose()
}

// ---------------------------------------------------------------------------------------
// file list

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortKey {
    #[default]
    Name,
    Date,
    Size,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ListOptions {
    pub detail: bool,
    pub reverse: bool,
    pub sort: SortKey,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListEntry {
    pub name: String,
    pub is_dir: bool,
    pub size: u64,
    pub modified: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileList {
    pub partition: Partition,
    /// The node's time zone (IANA name): listings show local times.
    pub timezone: String,
    pub spec: String,
    pub detail: bool,
    pub entries: Vec<ListEntry>,
    pub dir_count: usize,
    pub file_count: usize,
}

pub fn list(op: &Op, partition: Partition, spec: &str, opts: ListOptions) -> Result<FileList> {
    let node = op.node();
    let target = paths::resolve(node, partition, spec)?;
    let mut entries: Vec<ListEntry> = target
        .listing()?
        .into_iter()
        .map(|e| ListEntry {
            name: e.rel.rsplit('/').next().unwrap_or(&e.rel).to_string(),
            is_dir: e.is_dir,
            size: e.size,
            modified: e.modified,
        })
        .collect();
    match opts.sort {
        SortKey::Name => entries.sort_by(|a, b| a.name.cmp(&b.name)),
        SortKey::Date => {
            entries.sort_by(|a, b| a.modified.cmp(&b.modified).then_with(|| a.name.cmp(&b.name)))
        }
        SortKey::Size => entries.sort_by(|a, b| a.size.cmp(&b.size).then_with(|| a.name.cmp(&b.name))),
    }
    // A detailed listing by name shows folders first, as the platform's does.
    if opts.detail && opts.sort == SortKey::Name {
        entries.sort_by_key(|e| !e.is_dir);
    }
    if opts.reverse {
        entries.reverse();
    }
    let dir_count = entries.iter().filter(|e| e.is_dir).count();
    let file_count = entries.len() - dir_count;
    Ok(FileList {
        partition,
        timezone: node.spec.timezone.clone(),
        spec: spec.to_string(),
        detail: opts.detail,
        entries,
        dir_count,
        file_count,
    })
}

// ---------------------------------------------------------------------------------------
// file view / tail / dump

/// The text of one file (or the part of it a command shows). The renderer writes it (the
/// hex dump's layout is the renderer's: see `render::file`).
#[derive(Debug, Clone)]
pub struct FileText {
    pub partition: Partition,
    /// Path relative to the partition.
    pub path: String,
    pub content: FileContent,
}

/// What a file command shows of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileContent {
    /// Lines of text, without their line ends.
    Lines(Vec<String>),
    /// Bytes for a hex dump; `offset` is where they begin in what is dumped.
    Hex { offset: usize, bytes: Vec<u8> },
}

/// `file view`: the whole file, decompressed.
pub fn view(op: &Op, partition: Partition, spec: &str) -> Result<FileText> {
    let node = op.node();
    let entry = single(node, partition, spec)?;
    let bytes = read_all(&entry)?;
    Ok(FileText { partition, path: entry.rel, content: FileContent::Lines(split_lines(&bytes)) })
}

/// How many lines `file tail` shows when no count is given (the platform does not document
/// it; ten, as `tail` does).
pub const TAIL_DEFAULT_LINES: usize = 10;

#[derive(Debug, Clone, Default)]
pub struct TailOptions {
    pub lines: Option<usize>,
    pub hex: bool,
    pub regexp: Option<String>,
}

/// `file tail`: the last lines (of those matching `regexp`, when given).
pub fn tail(op: &Op, partition: Partition, spec: &str, opts: &TailOptions) -> Result<FileText> {
    let node = op.node();
    let filter = line_filter(opts.regexp.as_deref())?;
    let entry = single(node, partition, spec)?;
    let bytes = read_all(&entry)?;
    let n = opts.lines.unwrap_or(TAIL_DEFAULT_LINES);
    if opts.hex {
        // The last `n` lines of the hex dump (16 bytes each, the last one partial) of the
        // file, or of its lines that match.
        let bytes = hex_source(&bytes, filter.as_ref());
        let start = bytes.len().div_ceil(16).saturating_sub(n) * 16;
        // Offsets count from the start of what is dumped, not of the tail.
        let content = FileContent::Hex { offset: start, bytes: bytes[start..].to_vec() };
        return Ok(FileText { partition, path: entry.rel, content });
    }
    let mut lines = split_lines(&bytes);
    if let Some(re) = &filter {
        lines.retain(|l| re.is_match(l));
    }
    let skip = lines.len().saturating_sub(n);
    Ok(FileText { partition, path: entry.rel, content: FileContent::Lines(lines.split_off(skip)) })
}

#[derive(Debug, Clone, Default)]
pub struct DumpOptions {
    pub hex: bool,
    /// The most recently changed file of the folder the spec names.
    pub recent: bool,
    pub regexp: Option<String>,
}

/// `file dump`: the whole file (or its lines matching `regexp`), as text or hex.
pub fn dump(op: &Op, partition: Partition, spec: &str, opts: &DumpOptions) -> Result<FileText> {
    let node = op.node();
    let filter = line_filter(opts.regexp.as_deref())?;
    let entry = if opts.recent {
        let target = paths::resolve(node, partition, spec)?;
        let files = target.files(false)?;
        files
            .into_iter()
            .max_by(|a, b| a.modified.cmp(&b.modified).then_with(|| a.rel.cmp(&b.rel)))
            .ok_or_else(|| EngineError::NoSuchFile {
                partition: partition.name().to_string(),
                spec: spec.to_string(),
            })?
    } else {
        single(node, partition, spec)?
    };
    let bytes = read_all(&entry)?;
    if opts.hex {
        let bytes = hex_source(&bytes, filter.as_ref()).into_owned();
        return Ok(FileText { partition, path: entry.rel, content: FileContent::Hex { offset: 0, bytes } });
    }
    let mut lines = split_lines(&bytes);
    if let Some(re) = &filter {
        lines.retain(|l| re.is_match(l));
    }
    Ok(FileText { partition, path: entry.rel, content: FileContent::Lines(lines) })
}

fn single(node: &NodeHandle, partition: Partition, spec: &str) -> Result<Entry> {
    let target = paths::resolve(node, partition, spec)?;
    if let Name::Exact(n) = &target.name {
        if target.dir.join(n).is_dir() {
            return Err(EngineError::IsDirectory { spec: spec.to_string(), delete: false });
        }
    }
    if matches!(target.name, Name::None) {
        return Err(EngineError::IsDirectory { spec: spec.to_string(), delete: false });
    }
    target.one_file()
}

// ---------------------------------------------------------------------------------------
// file search

// In its own module (`search`): the parallel search over a spec's files. Re-exported
// here so `files::` names every `file` command.
pub use super::search::{
    search, search_files, search_files_into, search_into, FileMatches, MatchSink, Matches, SearchMatch,
    SearchOptions, SearchResult, SEARCH_PART,
};

// ---------------------------------------------------------------------------------------
// file delete

#[derive(Debug, Clone, Serialize)]
pub struct DeletedFile {
    pub path: String,
    pub modified: DateTime<Utc>,
    pub deleted: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeleteResult {
    pub partition: Partition,
    pub timezone: String,
    pub spec: String,
    pub detail: bool,
    pub found: usize,
    pub deleted: usize,
    pub files: Vec<DeletedFile>,
}

/// The files `file delete` would remove (for its confirmation question).
pub fn delete_plan(op: &Op, partition: Partition, spec: &str) -> Result<Vec<Entry>> {
    let node = op.node();
    let target = paths::resolve(node, partition, spec)?;
    if matches!(target.name, Name::None)
        || matches!(&target.name, Name::Exact(n) if target.dir.join(n).is_dir())
    {
        return Err(EngineError::IsDirectory { spec: spec.to_string(), delete: true });
    }
    target.files(false)
}

/// `file delete`: removes the files a spec selects, except files in use (the file a running
/// service is writing), which are found but not deleted.
pub fn delete(op: &Op, partition: Partition, spec: &str, detail: bool) -> Result<DeleteResult> {
    let node = op.node();
    let plan = delete_plan(op, partition, spec)?;
    let _lock = node.lock()?;
    let root = node.partition(partition);
    let in_use = files_in_use(node, partition)?;
    // A file in use is recognised by where it really is, so a link to it is not a way
    // around the check.
    let in_use_real: Vec<std::path::PathBuf> =
        in_use.iter().filter_map(|p| fs::canonicalize(root.join(p)).ok()).collect();
    let mut files = Vec::new();
    for e in plan {
        // `e.abs` is where a link leads; deleting a link deletes the link, never its target.
        let named = root.join(&e.rel);
        let is_link = fs::symlink_metadata(&named).is_ok_and(|m| m.file_type().is_symlink());
        let busy =
            in_use.iter().any(|p| p == &e.rel) || (!is_link && in_use_real.iter().any(|p| p == &e.abs));
        if !busy {
            let doomed = if is_link { &named } else { &e.abs };
            fs::remove_file(doomed).ctx(|| format!("deleting {}", e.rel))?;
            if let Some(dir) = e.abs.parent() {
                writer::touch_dir(dir, node.now());
            }
        }
        files.push(DeletedFile { path: e.rel, modified: e.modified, deleted: !busy });
    }
    let deleted = files.iter().filter(|f| f.deleted).count();
    Ok(DeleteResult {
        partition,
        timezone: node.spec.timezone.clone(),
        spec: spec.to_string(),
        detail,
        found: files.len(),
        deleted,
        files,
    })
}

/// The trace files running services are writing (relative to the partition).
pub fn files_in_use(node: &NodeHandle, partition: Partition) -> Result<Vec<String>> {
    if partition != Partition::Activelog {
        return Ok(Vec::new());
    }
    let states = services::load(node)?;
    let root = node.partition(Partition::Activelog);
    let mut out = Vec::new();
    for spec in catalog::TRACES.iter().filter(|t| states.is_running(t.service)) {
        if let Some((_, p)) = writer::family_files(&root.join(spec.dir), spec).last() {
            if !p.to_string_lossy().ends_with(".gz") {
                if let Ok(rel) = p.strip_prefix(&root) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    Ok(out)
}
