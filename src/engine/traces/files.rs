//! `file list | view | tail | dump | search | delete` over a node's log partitions.
//!
//! Everything goes through [`paths::resolve`], so no command reaches outside its partition.
//! Files whose name ends in `.gz` are read decompressed (`view`, `tail`, `dump`, `search`),
//! as the platform does for rotated traces. Searching streams files through ripgrep's
//! searcher on both cores and hands each file's matches over in file order as they come.

use std::fs::{self, File};
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use flate2::read::MultiGzDecoder;
use grep_regex::RegexMatcherBuilder;
use grep_searcher::{BinaryDetection, SearcherBuilder};
use serde::Serialize;

use super::catalog;
use super::paths::{self, Entry, Name};
use super::writer;
use crate::engine::cancel::CancelToken;
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

fn open_reader(path: &Path, rel: &str) -> Result<Box<dyn Read + Send>> {
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

/// Hex dump lines: offset, 16 bytes in hex, then the printable characters.
pub fn hex_lines(bytes: &[u8]) -> Vec<String> {
    hex_lines_at(bytes, 0)
}

/// Hex dump lines of `bytes` that begin `base` bytes into what is dumped.
fn hex_lines_at(bytes: &[u8], base: usize) -> Vec<String> {
    bytes
        .chunks(16)
        .enumerate()
        .map(|(i, chunk)| {
            let mut hex = String::with_capacity(48);
            for (j, b) in chunk.iter().enumerate() {
                if j == 8 {
                    hex.push(' ');
                }
                hex.push_str(&format!("{b:02x} "));
            }
            let text: String =
                chunk.iter().map(|&b| if (0x20..0x7f).contains(&b) { b as char } else { '.' }).collect();
            format!("{:08x}  {:<49} |{}|", base + i * 16, hex, text)
        })
        .collect()
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

/// The text of one file (or the part of it a command shows).
#[derive(Debug, Clone, Serialize)]
pub struct FileText {
    pub partition: Partition,
    /// Path relative to the partition.
    pub path: String,
    pub hex: bool,
    pub lines: Vec<String>,
}

/// `file view`: the whole file, decompressed.
pub fn view(op: &Op, partition: Partition, spec: &str) -> Result<FileText> {
    let node = op.node();
    let entry = single(node, partition, spec)?;
    let bytes = read_all(&entry)?;
    Ok(FileText { partition, path: entry.rel, hex: false, lines: split_lines(&bytes) })
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
        let lines = hex_lines_at(&bytes[start..], start);
        return Ok(FileText { partition, path: entry.rel, hex: true, lines });
    }
    let mut lines = split_lines(&bytes);
    if let Some(re) = &filter {
        lines.retain(|l| re.is_match(l));
    }
    let skip = lines.len().saturating_sub(n);
    Ok(FileText { partition, path: entry.rel, hex: false, lines: lines.split_off(skip) })
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
        let lines = hex_lines(&hex_source(&bytes, filter.as_ref()));
        return Ok(FileText { partition, path: entry.rel, hex: true, lines });
    }
    let mut lines = split_lines(&bytes);
    if let Some(re) = &filter {
        lines.retain(|l| re.is_match(l));
    }
    Ok(FileText { partition, path: entry.rel, hex: false, lines })
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

#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    pub ignorecase: bool,
    pub window: TimeWindow,
    /// Also search folders below the one the spec names.
    pub recurs: bool,
}

/// One matching line (JSON: an element of `matches`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SearchMatch<'a> {
    pub file: &'a str,
    /// From 1; 0 when the search ran without line numbers ([`MatchSink::line_numbers`]).
    pub line_number: u64,
    pub line: &'a str,
}

/// The matching lines of one file, kept in one text buffer: a search can match hundreds
/// of thousands of lines, and one allocation per line (and per file name) costs more than
/// the search itself.
#[derive(Debug, Clone, Default)]
pub struct FileMatches {
    /// Path relative to the partition.
    pub file: String,
    /// The lines, one after the other, without their line ends.
    text: String,
    /// Each line's number and where it ends in `text`.
    lines: Vec<(u64, usize)>,
}

impl FileMatches {
    fn new(file: &str) -> Self {
        FileMatches { file: file.to_string(), ..Default::default() }
    }

    /// Adds a matching line as the searcher gives it (line end included, any bytes).
    fn push(&mut self, line_number: u64, line: &[u8]) {
        let end = line.iter().rposition(|b| !matches!(b, b'\n' | b'\r')).map_or(0, |i| i + 1);
        let line = &line[..end];
        match std::str::from_utf8(line) {
            Ok(text) => self.text.push_str(text),
            Err(_) => self.text.push_str(&String::from_utf8_lossy(line)),
        }
        self.lines.push((line_number, self.text.len()));
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The matching lines' text, in file order.
    pub fn lines(&self) -> impl Iterator<Item = &str> + '_ {
        let mut start = 0;
        self.lines.iter().map(move |&(_, end)| {
            let line = self.text.get(start..end).unwrap_or_default();
            start = end;
            line
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = SearchMatch<'_>> + '_ {
        self.lines.iter().zip(self.lines()).map(|(&(line_number, _), line)| SearchMatch {
            file: &self.file,
            line_number,
            line,
        })
    }

    /// Bytes of text the lines hold.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Adds the matches of the next part of the same file.
    fn append(&mut self, part: FileMatches) {
        let base = self.text.len();
        self.text.push_str(&part.text);
        self.lines.extend(part.lines.into_iter().map(|(n, end)| (n, base + end)));
    }
}

/// All matches of a search, file by file in search order. Serialises as the list of
/// [`SearchMatch`]es.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    files: Vec<FileMatches>,
    count: usize,
}

impl Matches {
    /// The number of matching lines.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The files with at least one match, in search order.
    pub fn files(&self) -> &[FileMatches] {
        &self.files
    }

    pub fn iter(&self) -> impl Iterator<Item = SearchMatch<'_>> + '_ {
        self.files.iter().flat_map(FileMatches::iter)
    }
}

impl Serialize for Matches {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Receives a search's matches file by file, in file order, while the search runs (so a
/// front end can show them as they come).
pub trait MatchSink {
    /// The matches of the next file with at least one. Returning `false` ends the search
    /// (whoever reads the results went away).
    fn file(&mut self, found: FileMatches) -> bool;
    /// Whether the matches need their line numbers. Counting lines is a tenth of a
    /// search's time; without them, [`SearchMatch::line_number`] is 0.
    fn line_numbers(&self) -> bool {
        true
    }
}

impl MatchSink for Matches {
    fn file(&mut self, found: FileMatches) -> bool {
        if !found.is_empty() {
            self.count += found.len();
            self.files.push(found);
        }
        true
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub partition: Partition,
    pub pattern: String,
    pub files_searched: usize,
    /// Files with at least one match, in the order of `matches`.
    pub files_matched: Vec<String>,
    pub matches: Matches,
}

/// `file search`: lines matching a regular expression in the files a spec selects.
pub fn search(
    op: &Op,
    partition: Partition,
    spec: &str,
    pattern: &str,
    opts: &SearchOptions,
) -> Result<SearchResult> {
    let mut matches = Matches::default();
    let files_searched = search_into(op, partition, spec, pattern, opts, &mut matches)?;
    Ok(result(partition, pattern, files_searched, matches))
}

/// `file search` handing each file's matches to `out` as soon as they are known, in file
/// order. Returns the number of files searched.
pub fn search_into(
    op: &Op,
    partition: Partition,
    spec: &str,
    pattern: &str,
    opts: &SearchOptions,
    out: &mut dyn MatchSink,
) -> Result<usize> {
    let node = op.node();
    let target = paths::resolve(node, partition, spec)?;
    let files: Vec<Entry> =
        target.files(opts.recurs)?.into_iter().filter(|e| opts.window.contains(e.modified)).collect();
    search_files_into(&files, pattern, opts.ignorecase, op.cancel(), out)?;
    Ok(files.len())
}

fn result(partition: Partition, pattern: &str, files_searched: usize, matches: Matches) -> SearchResult {
    SearchResult {
        partition,
        pattern: pattern.to_string(),
        files_searched,
        files_matched: matches.files().iter().map(|f| f.file.clone()).collect(),
        matches,
    }
}

/// Searches `files` on up to two threads; results come back in file order.
pub fn search_files(
    partition: Partition,
    files: &[Entry],
    pattern: &str,
    ignorecase: bool,
    cancel: &CancelToken,
) -> Result<SearchResult> {
    let mut matches = Matches::default();
    search_files_into(files, pattern, ignorecase, cancel, &mut matches)?;
    Ok(result(partition, pattern, files.len(), matches))
}

/// The searcher's sink: each matching line into the file's [`FileMatches`]; notes
/// whether the search stopped at binary data (a NUL byte).
struct Collect<'a>(&'a mut FileMatches, bool);

impl grep_searcher::Sink for Collect<'_> {
    type Error = io::Error;

    fn matched(
        &mut self,
        _searcher: &grep_searcher::Searcher,
        mat: &grep_searcher::SinkMatch<'_>,
    ) -> std::result::Result<bool, io::Error> {
        self.0.push(mat.line_number().unwrap_or(0), mat.bytes());
        Ok(true)
    }

    fn binary_data(
        &mut self,
        _searcher: &grep_searcher::Searcher,
        _offset: u64,
    ) -> std::result::Result<bool, io::Error> {
        self.1 = true;
        Ok(true)
    }
}

/// Plain files bigger than this are searched in parts of this size, on both threads,
/// when no line numbers are needed (a part cannot know how many lines come before it).
pub const SEARCH_PART: u64 = 8 << 20;

/// One part of one file to search: bytes from the first line that starts at or after
/// `from` to the first line that starts at or after `to` (`None`: the end of the file).
struct Work {
    file: usize,
    from: u64,
    to: Option<u64>,
    /// The file's last part.
    last: bool,
}

/// What searching a part found, and whether it stopped at binary data.
struct Part {
    found: FileMatches,
    binary: bool,
}

/// The offset of the first line that starts at or after `at` (the end of the file when
/// none does).
fn line_start(f: &mut File, at: u64) -> io::Result<u64> {
    if at == 0 {
        return Ok(0);
    }
    let mut pos = at - 1;
    f.seek(SeekFrom::Start(pos))?;
    let mut buf = [0u8; 8 << 10];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(pos);
        }
        if let Some(i) = memchr::memchr(b'\n', &buf[..n]) {
            return Ok(pos + i as u64 + 1);
        }
        pos += n as u64;
    }
}

/// How many files the search threads may run ahead of the file whose matches `out` takes
/// next (a bound on the memory results wait in when the output is slow).
const SEARCH_AHEAD: usize = 64;

/// The search threads' shared state.
struct Slots {
    /// Each file's result, from when a thread has it until it goes to the output.
    done: Vec<Option<Result<Part>>>,
    /// Files handed to the output so far.
    taken: usize,
    /// The output waits for file `taken`.
    output_waits: bool,
    /// Threads waiting to run ahead.
    threads_wait: usize,
    /// The output went away or failed: threads stop.
    stop: bool,
    /// A thread panicked: the file it held will never come.
    lost: bool,
}

/// The state and its two signals: a result the output waits for is ready; there is room
/// to run ahead (or a reason to stop). Signals are sent only to someone waiting: each is
/// a system call, and a search goes through hundreds of files a second.
struct Shared {
    slots: Mutex<Slots>,
    ready: Condvar,
    room: Condvar,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Marks the search as failed when a search thread unwinds, so that nobody waits for it.
struct LostGuard<'a>(&'a Shared);

impl Drop for LostGuard<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().lost = true;
            self.0.ready.notify_all();
        }
    }
}

/// Searches `files` on up to two threads while the calling thread hands each file's
/// matches to `out` in file order.
///
/// Files are read as a stream through ripgrep's searcher (64 KiB at a time, as `rg` does
/// when it searches many files): reading whole files costs a copy into memory that no
/// longer fits the processor's caches, and is slower. `.gz` files are decompressed on the
/// fly. Without line numbers, plain files bigger than [`SEARCH_PART`] are split at line
/// starts so that both threads share a big file. The first error in file order (Ctrl-C:
/// [`EngineError::Interrupted`]) ends the search; `out` has then had the files before it.
pub fn search_files_into(
    files: &[Entry],
    pattern: &str,
    ignorecase: bool,
    cancel: &CancelToken,
    out: &mut dyn MatchSink,
) -> Result<()> {
    let matcher = RegexMatcherBuilder::new()
        .case_insensitive(ignorecase)
        .line_terminator(Some(b'\n'))
        .build(pattern)
        .map_err(|e| EngineError::BadRegex { pattern: pattern.to_string(), reason: e.to_string() })?;
    let line_numbers = out.line_numbers();
    let mut work = Vec::with_capacity(files.len());
    for (i, e) in files.iter().enumerate() {
        let parts =
            if line_numbers || e.rel.ends_with(".gz") { 1 } else { e.size.div_ceil(SEARCH_PART).max(1) };
        for k in 0..parts {
            let last = k + 1 == parts;
            work.push(Work {
                file: i,
                from: k * SEARCH_PART,
                to: (!last).then(|| (k + 1) * SEARCH_PART),
                last,
            });
        }
    }
    let threads =
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 2).min(work.len().max(1));
    let search_one = |searcher: &mut grep_searcher::Searcher, w: &Work| -> Result<Part> {
        let entry = &files[w.file];
        let mut found = FileMatches::new(&entry.rel);
        let mut sink = Collect(&mut found, false);
        let err = |e: io::Error| EngineError::io(format!("searching {}", entry.rel), e);
        if entry.rel.ends_with(".gz") {
            let reader = open_reader(&entry.abs, &entry.rel)?;
            searcher.search_reader(&matcher, reader, &mut sink).map_err(err)?;
        } else {
            let mut f = open_regular(&entry.abs, &entry.rel)?;
            if w.from == 0 && w.to.is_none() {
                searcher.search_file(&matcher, &f, &mut sink).map_err(err)?;
            } else {
                let from = line_start(&mut f, w.from).map_err(err)?;
                let to = match w.to {
                    Some(to) => line_start(&mut f, to).map_err(err)?,
                    None => u64::MAX,
                };
                if to > from {
                    f.seek(SeekFrom::Start(from)).map_err(err)?;
                    searcher.search_reader(&matcher, f.take(to - from), &mut sink).map_err(err)?;
                }
            }
        }
        let binary = sink.1;
        Ok(Part { found, binary })
    };
    let next = AtomicUsize::new(0);
    let shared = Shared {
        slots: Mutex::new(Slots {
            done: std::iter::repeat_with(|| None).take(work.len()).collect(),
            taken: 0,
            output_waits: false,
            threads_wait: 0,
            stop: false,
            lost: false,
        }),
        ready: Condvar::new(),
        room: Condvar::new(),
    };
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let _guard = LostGuard(&shared);
                let mut searcher = SearcherBuilder::new()
                    .line_number(line_numbers)
                    .binary_detection(BinaryDetection::quit(0))
                    .build();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(w) = work.get(i) else { break };
                    {
                        let mut s = shared.lock();
                        while i >= s.taken + SEARCH_AHEAD && !s.stop {
                            s.threads_wait += 1;
                            s = shared.room.wait(s).unwrap_or_else(PoisonError::into_inner);
                            s.threads_wait -= 1;
                        }
                        if s.stop {
                            break;
                        }
                    }
                    let r = if cancel.requested() {
                        Err(EngineError::Interrupted)
                    } else {
                        search_one(&mut searcher, w)
                    };
                    let failed = r.is_err();
                    let mut s = shared.lock();
                    s.done[i] = Some(r);
                    if s.output_waits && s.taken == i {
                        shared.ready.notify_one();
                    }
                    drop(s);
                    // The output stops at the first error: nothing after it is needed.
                    if failed {
                        break;
                    }
                }
            });
        }
        // Every file a thread took gets a result, and threads take files in order, so
        // the output reaches an error before any file nobody took. The output takes all
        // the results that are ready in one go.
        let mut outcome = Ok(());
        let mut next_out = 0;
        let mut batch = Vec::new();
        // The parts of the file being put together; whether one stopped at binary data.
        let mut file: Option<(FileMatches, bool)> = None;
        'output: while next_out < work.len() {
            {
                let mut s = shared.lock();
                loop {
                    while let Some(r) = s.done.get_mut(next_out + batch.len()).and_then(Option::take) {
                        batch.push(r);
                    }
                    if !batch.is_empty() {
                        s.taken = next_out + batch.len();
                        if s.threads_wait > 0 {
                            shared.room.notify_all();
                        }
                        break;
                    }
                    if s.lost {
                        outcome = Err(EngineError::Invalid("a search thread failed".into()));
                        break 'output;
                    }
                    s.output_waits = true;
                    s = shared.ready.wait(s).unwrap_or_else(PoisonError::into_inner);
                    s.output_waits = false;
                }
            }
            for r in batch.drain(..) {
                let w = &work[next_out];
                next_out += 1;
                match r {
                    Ok(part) => {
                        // A whole-file search stops at binary data: so do the parts after.
                        file = match file.take() {
                            None => Some((part.found, part.binary)),
                            Some((whole, true)) => Some((whole, true)),
                            Some((mut whole, false)) => {
                                whole.append(part.found);
                                Some((whole, part.binary))
                            }
                        };
                        if w.last {
                            if let Some((found, _)) = file.take() {
                                if !found.is_empty() && !out.file(found) {
                                    break 'output;
                                }
                            }
                        }
                    }
                    Err(e) => {
                        outcome = Err(e);
                        break 'output;
                    }
                }
            }
        }
        shared.lock().stop = true;
        shared.room.notify_all();
        outcome
    })
}

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
