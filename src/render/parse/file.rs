//! Reads back the `file` family of `render/file.rs`: `file build log`, `file list`, `file
//! view | tail | dump`, `file search`, `file delete`, `file get`.
//!
//! What the texts do not carry, and what the parsed value then holds:
//! - times (`file list detail`, `file delete detail`) are the node's local time, and the text
//!   does not name the zone: `modified` holds the time as shown (as if UTC) and `timezone` is
//!   empty (rendered, an empty zone shows UTC: the same text again);
//! - `file list` without `detail` shows names only: `is_dir` false, `size` 0, `modified` the
//!   epoch, and no counts (0); its two columns are told apart by the blanks between them,
//!   so a name with two blanks in a row is not read as it is;
//! - `file view | tail | dump` show the lines, not which file a `*` or `recent` picked:
//!   `path` is the spec as typed; a last line `end of the file reached` is the file
//!   viewer's, not the file's;
//! - `file search` shows no line numbers (0) and not how many files were searched (the
//!   files that matched);
//! - `file delete` without `detail` names no file (`files` empty);
//! - `file build log` shows file names without their folders, and no sizes (0); the days
//!   come from the command line when the text does not say them;
//! - `file get`: see [`GetText`].
//!
//! File contents are data from outside: they stay as the node wrote them (made safe for
//! the terminal by the session), and a text over [`MAX_LINES`] lines is not read.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use super::{number, ParseCtx};
use crate::catalog::Invocation;
use crate::engine::node::Partition;
use crate::engine::traces::bundle::BuildLog;
use crate::engine::traces::files::{
    DeleteResult, DeletedFile, FileContent, FileList, FileMatches, FileText, ListEntry, MatchSink,
    SearchResult,
};
use crate::engine::traces::search::Matches;
use crate::render::file::VIEWER_END;
use crate::render::{to_json, Report};

/// The most lines a file text is read back from (a dump of a large trace is given raw
/// beyond it): the bound on what these parsers hold.
pub const MAX_LINES: usize = 1_000_000;

/// The time layout of the detailed listings (`02 Dec,2026 01:55:00`).
const TIME: &str = "%d %b,%Y %H:%M:%S";
/// Its width.
const TIME_WIDTH: usize = 20;

fn lines_bounded(text: &str) -> Result<Vec<&str>, String> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    if body.is_empty() && !text.ends_with('\n') {
        return Ok(Vec::new());
    }
    let lines: Vec<&str> = body.split('\n').take(MAX_LINES + 1).collect();
    if lines.len() > MAX_LINES {
        return Err(format!("more than {MAX_LINES} lines: not read back"));
    }
    Ok(lines)
}

fn partition(inv: &Invocation) -> Result<Partition, String> {
    match inv.text("partition").unwrap_or_default() {
        "activelog" => Ok(Partition::Activelog),
        "inactivelog" => Ok(Partition::Inactivelog),
        "install" => Ok(Partition::Install),
        other => Err(format!("unknown partition {other:?}")),
    }
}

fn spec(inv: &Invocation) -> String {
    inv.text("spec").unwrap_or_default().to_string()
}

fn local_time(s: &str) -> Result<DateTime<Utc>, String> {
    NaiveDateTime::parse_from_str(s, TIME).map(|t| t.and_utc()).map_err(|_| format!("not a time: {s:?}"))
}

// ----- file build log -----

pub fn build_log(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_build_log(text, days_asked(ctx.invocation))?))
}

/// The duration a `file build log` line asks for (the last word when it is a number; 1
/// otherwise, as the handler reads it).
pub fn days_asked(inv: &Invocation) -> u32 {
    let words: Vec<&str> = inv.text("names").unwrap_or_default().split_whitespace().collect();
    words.last().and_then(|w| w.parse().ok()).unwrap_or(crate::engine::traces::bundle::DEFAULT_DAYS)
}

/// `days` is used when the text does not say the duration (it does when no file changed).
pub fn parse_build_log(text: &str, days: u32) -> Result<BuildLog, String> {
    let lines = lines_bounded(text)?;
    let mut i = 0;
    let mut debug_services = None;
    if lines.first() == Some(&"Services on this node that currently have debug logging enabled are:") {
        let mut services = Vec::new();
        i = 2;
        if lines.get(1) != Some(&"") {
            return Err("no blank line after the debug heading".into());
        }
        while let Some(l) = lines.get(i) {
            i += 1;
            if l.is_empty() {
                break;
            }
            services.push(l.to_string());
        }
        if services == ["None"] {
            services.clear();
        }
        debug_services = Some(services);
    }
    let name = lines
        .get(i)
        .and_then(|l| l.strip_prefix("Collecting Logs for "))
        .ok_or_else(|| format!("no Collecting Logs line: {:?}", lines.get(i)))?
        .to_string();
    if lines.get(i + 1) != Some(&"") {
        return Err("no blank line after Collecting Logs".into());
    }
    i += 2;
    let mut files = Vec::new();
    let mut days = days;
    loop {
        let l = lines.get(i).ok_or("the text ends before the retrieval lines")?;
        i += 1;
        if let Some(f) = l.strip_prefix("Collected: ") {
            files.push(f.to_string());
        } else if let Some(d) =
            l.strip_prefix("No trace files changed in the last ").and_then(|r| r.strip_suffix(" day(s)"))
        {
            days = number(d, "days")?;
        } else if l.is_empty() {
            break;
        } else {
            return Err(format!("not a collected file: {l:?}"));
        }
    }
    let expect = |i: usize, want: &str| -> Result<(), String> {
        match lines.get(i) {
            Some(l) if *l == want => Ok(()),
            other => Err(format!("expected {want:?}, got {other:?}")),
        }
    };
    expect(i, "To retrieve the logs, run the following CLI Command:")?;
    let bundle = lines
        .get(i + 1)
        .and_then(|l| l.strip_prefix("\tfile get activelog "))
        .ok_or("no file get line")?
        .to_string();
    expect(i + 2, "To maintain a stable system it is recommended that you remove the file after retrieval.")?;
    expect(i + 3, "\tTo do this run the CLI Command:")?;
    expect(i + 4, &format!("\tfile delete activelog {bundle}"))?;
    let note = "Please Note: Debug logging is not enabled for any of the files you have retrieved";
    let noted = lines.get(i + 5) == Some(&note);
    if lines.len() != i + 5 + usize::from(noted) {
        return Err("more lines after the retrieval lines".into());
    }
    if noted && debug_services.is_none() {
        return Err("a debug note without the debug services".into());
    }
    Ok(BuildLog {
        name,
        debug_collected: debug_services.is_some() && !noted,
        debug_services,
        days,
        files,
        bundle,
        bundle_bytes: 0,
        input_bytes: 0,
    })
}

// ----- file list -----

pub fn list(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let inv = ctx.invocation;
    Ok(Box::new(parse_list(text, partition(inv)?, &spec(inv), inv.flag("detail"))?))
}

pub fn parse_list(text: &str, partition: Partition, spec: &str, detail: bool) -> Result<FileList, String> {
    let lines = lines_bounded(text)?;
    let mut entries = Vec::new();
    let (mut dir_count, mut file_count) = (0, 0);
    if detail {
        let (last, rows) = lines.split_last().ok_or("no count line")?;
        let (d, f) = last
            .strip_prefix("dir count = ")
            .and_then(|r| r.split_once(", file count = "))
            .ok_or_else(|| format!("not a count line: {last:?}"))?;
        (dir_count, file_count) = (number(d, "dir count")?, number(f, "file count")?);
        for row in rows {
            let (when, rest) =
                row.split_at_checked(TIME_WIDTH).ok_or_else(|| format!("not a listing row: {row:?}"))?;
            let modified = local_time(when)?;
            let entry = if let Some(name) = rest.strip_prefix(&format!(" {:>11}    ", "<dir>")) {
                ListEntry { name: name.to_string(), is_dir: true, size: 0, modified }
            } else {
                // ` <size, right-aligned in 13 or wider>  <name>`.
                let (size, name) = rest
                    .strip_prefix(' ')
                    .map(str::trim_start)
                    .and_then(|r| r.split_once("  "))
                    .ok_or_else(|| format!("not a listing row: {row:?}"))?;
                if size.len() < 13 && rest.len() < 14 + name.len() {
                    return Err(format!("not a listing row: {row:?}"));
                }
                let size = size.replace(',', "");
                ListEntry { name: name.to_string(), is_dir: false, size: number(&size, "size")?, modified }
            };
            entries.push(entry);
        }
        let dirs = entries.iter().filter(|e| e.is_dir).count();
        if (dirs, entries.len() - dirs) != (dir_count, file_count) {
            return Err("the counts do not match the rows".into());
        }
    } else {
        let mut rows = lines.iter();
        if rows.next() != Some(&"") {
            return Err("a plain listing starts with a blank line".into());
        }
        let rows: Vec<&&str> = rows.collect();
        let epoch = DateTime::<Utc>::UNIX_EPOCH;
        for (n, row) in rows.iter().enumerate() {
            // Two names: the left one padded (at least two blanks); the last row may hold one.
            let names: Vec<&str> = match row.split_once("  ") {
                Some((a, b)) => vec![a, b.trim_start()],
                None if n + 1 == rows.len() => vec![row],
                None => return Err(format!("one name on a row that is not the last: {row:?}")),
            };
            if names.iter().any(|s| s.is_empty()) {
                return Err(format!("not a listing row: {row:?}"));
            }
            entries.extend(names.into_iter().map(|name| ListEntry {
                name: name.to_string(),
                is_dir: false,
                size: 0,
                modified: epoch,
            }));
        }
    }
    Ok(FileList {
        partition,
        timezone: String::new(),
        spec: spec.to_string(),
        detail,
        entries,
        dir_count,
        file_count,
    })
}

// ----- file view | tail | dump -----

pub fn file_text(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let inv = ctx.invocation;
    Ok(Box::new(parse_file_text(text, partition(inv)?, &spec(inv), inv.flag("hex"))?))
}

/// The lines of a file (`hex`: of its hex dump, read back into the bytes).
pub fn parse_file_text(text: &str, partition: Partition, path: &str, hex: bool) -> Result<FileText, String> {
    let mut lines = lines_bounded(text)?;
    // The viewer's last words, when a pager showed it.
    if lines.last() == Some(&VIEWER_END) {
        lines.pop();
    }
    let content = if hex {
        parse_hex(&lines)?
    } else {
        FileContent::Lines(lines.into_iter().map(str::to_string).collect())
    };
    Ok(FileText { partition, path: path.to_string(), content })
}

/// `00000010  20 68 65 78 64 75 6d 70  21 0a                    | hexdump!.|` lines.
fn parse_hex(lines: &[&str]) -> Result<FileContent, String> {
    let mut bytes = Vec::new();
    let mut offset = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let bad = || format!("not a hex dump line: {line:?}");
        let (at, rest) = line.split_once("  ").ok_or_else(bad)?;
        let at = usize::from_str_radix(at, 16).map_err(|_| bad())?;
        if i == 0 {
            offset = at;
        } else if at != offset + bytes.len() {
            return Err(format!("offset {at:08x} does not follow the line before"));
        }
        let hex = rest.get(..49).ok_or_else(bad)?;
        let shown = rest.get(49..).and_then(|r| r.strip_prefix(" |")).and_then(|r| r.strip_suffix('|'));
        let shown = shown.ok_or_else(bad)?;
        let row: Vec<u8> = hex
            .split_whitespace()
            .map(|b| {
                u8::from_str_radix(b, 16).map_err(|_| bad()).and_then(|v| {
                    if b.len() == 2 {
                        Ok(v)
                    } else {
                        Err(bad())
                    }
                })
            })
            .collect::<Result<_, _>>()?;
        let printable: String =
            row.iter().map(|&b| if (0x20..0x7f).contains(&b) { b as char } else { '.' }).collect();
        let full = i + 1 == lines.len() || row.len() == 16;
        if row.is_empty() || !full || printable != shown {
            return Err(bad());
        }
        bytes.extend(row);
    }
    Ok(FileContent::Hex { offset, bytes })
}

// ----- file search -----

pub fn search(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let inv = ctx.invocation;
    let pattern = inv.text("pattern").unwrap_or_default();
    Ok(Box::new(parse_search(text, partition(inv)?, pattern)?))
}

/// One file's matches: its name, then its lines; several files: `file:line` each (a file
/// name holds no `:`). `files_searched` is the files that matched.
pub fn parse_search(text: &str, partition: Partition, pattern: &str) -> Result<SearchResult, String> {
    let mut lines = lines_bounded(text)?;
    if lines.pop() != Some("Search completed") {
        return Err("no Search completed line".into());
    }
    let mut matches = Matches::default();
    if lines == ["No matches found"] {
        lines.clear();
    } else if let Some((first, rest)) = lines.split_first() {
        if first.contains(':') {
            let mut current: Option<(&str, Vec<&str>)> = None;
            for l in &lines {
                let (file, line) = l.split_once(':').ok_or_else(|| format!("no file name in {l:?}"))?;
                match &mut current {
                    Some((f, v)) if *f == file => v.push(line),
                    _ => {
                        if let Some((f, v)) = current.take() {
                            matches.file(FileMatches::from_lines(f, v));
                        }
                        current = Some((file, vec![line]));
                    }
                }
            }
            if let Some((f, v)) = current {
                matches.file(FileMatches::from_lines(f, v));
            }
            if matches.files().len() < 2 {
                return Err("file:line lines of one file only".into());
            }
        } else {
            if rest.is_empty() {
                return Err(format!("a file name without lines: {first:?}"));
            }
            matches.file(FileMatches::from_lines(first, rest.iter().copied()));
        }
    }
    let files_matched: Vec<String> = matches.files().iter().map(|f| f.file.clone()).collect();
    Ok(SearchResult {
        partition,
        pattern: pattern.to_string(),
        files_searched: files_matched.len(),
        files_matched,
        matches,
    })
}

// ----- file delete -----

pub fn delete(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let inv = ctx.invocation;
    // What `file delete` asked before it ran: not the result.
    let text = match text.rfind("to continue: ") {
        Some(at) => text[at..].split_once('\n').map_or("", |(_, r)| r),
        None => text,
    };
    Ok(Box::new(parse_delete(text, partition(inv)?, &spec(inv), inv.flag("detail"))?))
}

pub fn parse_delete(
    text: &str,
    partition: Partition,
    spec: &str,
    detail: bool,
) -> Result<DeleteResult, String> {
    let mut lines = lines_bounded(text)?;
    let note = lines.last() == Some(&"Note: Files that are in use cannot be deleted");
    if note {
        lines.pop();
    }
    let last = lines.pop().ok_or("no files line")?;
    let (found, deleted) = last
        .strip_prefix("files: found = ")
        .and_then(|r| r.split_once(", deleted = "))
        .ok_or_else(|| format!("not a files line: {last:?}"))?;
    let (found, deleted): (usize, usize) = (number(found, "found")?, number(deleted, "deleted")?);
    if note != (deleted < found) {
        return Err("the in-use note does not match the counts".into());
    }
    let mut files = Vec::new();
    if detail {
        for l in lines {
            let bad = || format!("not a deleted file line: {l:?}");
            let (when, rest) = l.split_at_checked(TIME_WIDTH).ok_or_else(bad)?;
            let rest = rest.strip_prefix("  ").ok_or_else(bad)?;
            let (path, deleted) = if let Some(p) = rest.strip_suffix("  in use, not deleted") {
                (p, false)
            } else if let Some(p) = rest.strip_suffix("  deleted") {
                (p, true)
            } else {
                return Err(bad());
            };
            files.push(DeletedFile { path: path.to_string(), modified: local_time(when)?, deleted });
        }
        let done = files.iter().filter(|f| f.deleted).count();
        if (files.len(), done) != (found, deleted) {
            return Err("the counts do not match the files".into());
        }
    } else if !lines.is_empty() {
        return Err(format!("unexpected lines before the counts: {:?}", lines[0]));
    }
    Ok(DeleteResult {
        partition,
        timezone: String::new(),
        spec: spec.to_string(),
        detail,
        found,
        deleted,
        files,
    })
}

// ----- file get -----

/// What the text of `file get` says about a transfer: the files the spec selected and their
/// size (the summary before the questions), whether folders below were left out, and the
/// files sent (a dot each) when it ends with `Transfer completed.`. Which files, and where
/// they went, is not in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GetText {
    pub files_affected: usize,
    pub total_bytes: u64,
    /// `Sub-directories were not traversed.`
    pub recurs: bool,
    /// Dots shown: files sent (one for a compressed transfer).
    pub files_sent: usize,
}

impl Report for GetText {
    /// The summary and the end of the transfer, without the questions between them.
    fn text(&self, out: &mut String) {
        out.push_str("\nPlease wait while the system is gathering files info ...done.\n");
        if !self.recurs {
            out.push_str("Sub-directories were not traversed.\n");
        }
        out.push_str(&format!("Number of files affected: {}\n", self.files_affected));
        out.push_str(&format!("Total size in Bytes: {}\n", self.total_bytes));
        out.push_str(&format!("Total size in Kbytes: {:.4}\n", self.total_bytes as f64 / 1024.0));
        out.push('\n');
        out.push_str(&".".repeat(self.files_sent.max(1)));
        out.push_str("\nTransfer completed.\n");
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

pub fn get(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_get(text)?))
}

/// The summary lines, anything the questions wrote, then a line of dots and `Transfer
/// completed.` (a transfer that did not complete ends in the platform's error wording,
/// which the caller reads before a parser).
pub fn parse_get(text: &str) -> Result<GetText, String> {
    let lines = lines_bounded(text)?;
    let start = lines
        .iter()
        .position(|l| *l == "Please wait while the system is gathering files info ...done.")
        .ok_or("no gathering line")?;
    let mut i = start + 1;
    let recurs = lines.get(i) != Some(&"Sub-directories were not traversed.");
    if !recurs {
        i += 1;
    }
    let value = |i: usize, key: &str| -> Result<&str, String> {
        lines.get(i).and_then(|l| l.strip_prefix(key)).ok_or_else(|| format!("no {key:?} line"))
    };
    let files_affected = number(value(i, "Number of files affected: ")?, "files")?;
    let total_bytes: u64 = number(value(i + 1, "Total size in Bytes: ")?, "bytes")?;
    let kb = value(i + 2, "Total size in Kbytes: ")?;
    if kb != format!("{:.4}", total_bytes as f64 / 1024.0) {
        return Err(format!("Kbytes {kb} do not match {total_bytes} bytes"));
    }
    let (last, before) = lines.split_last().ok_or("no output")?;
    if *last != "Transfer completed." {
        return Err("no Transfer completed. line".into());
    }
    let dots = before.last().ok_or("no dots")?;
    if dots.is_empty() || !dots.bytes().all(|b| b == b'.') {
        return Err(format!("not a line of dots: {dots:?}"));
    }
    Ok(GetText { files_affected, total_bytes, recurs, files_sent: dots.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hex_line_that_does_not_match_its_text_is_refused() {
        let good = crate::render::file::hex_lines(b"AB", 0).remove(0);
        assert_eq!(parse_hex(&[&good]), Ok(FileContent::Hex { offset: 0, bytes: b"AB".to_vec() }));
        assert!(parse_hex(&[&good.replace("|AB|", "|AC|")]).is_err());
        assert!(parse_hex(&["0000000g  41"]).is_err());
    }

    #[test]
    fn search_texts() {
        let one = parse_search("a/b.log\nx: y\nSearch completed\n", Partition::Activelog, "x").expect("one");
        assert_eq!(one.files_matched, ["a/b.log"]);
        assert_eq!(one.matches.len(), 1);
        let none =
            parse_search("No matches found\nSearch completed\n", Partition::Activelog, "x").expect("none");
        assert!(none.matches.is_empty());
        assert!(parse_search("a:x\na:y\nSearch completed\n", Partition::Activelog, "x").is_err());
    }
}
