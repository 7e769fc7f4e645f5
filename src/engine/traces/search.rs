//! `file search`: lines matching a regular expression in the files a spec selects, searched
//! in parts on up to two threads (grep-searcher, the engine of ripgrep) with results handed
//! back in file order as soon as each file is done, so output streams and memory stays
//! bounded. Compressed files are searched through their decompressed text. Stops at the
//! session's Ctrl-C between parts.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use grep_regex::RegexMatcherBuilder;
use grep_searcher::{BinaryDetection, SearcherBuilder};
use serde::Serialize;

use super::files::{open_reader, open_regular, TimeWindow};
use super::paths::{self, Entry};
use crate::engine::cancel::CancelToken;
use crate::engine::error::{EngineError, Result};
use crate::engine::node::Partition;
use crate::engine::op::Op;

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

    /// The matches of `file` as a text shows them (`file search` over `--host`): the lines
    /// without their numbers (0, as a search without line numbers gives).
    pub fn from_lines<'a>(file: &str, lines: impl IntoIterator<Item = &'a str>) -> Self {
        let mut m = FileMatches::new(file);
        for line in lines {
            m.text.push_str(line);
            m.lines.push((0, m.text.len()));
        }
        m
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
                        outcome = Err(EngineError::Internal { what: "a search thread failed".into() });
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
