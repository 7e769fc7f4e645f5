//! The `file` family's text: trace bundles, listings, file contents, search results,
//! deletions and transfers. Layouts follow the platform's captures where they exist (see
//! CLI-REFERENCE §6); the rest are ucsh's choices, documented in commands/file.toml.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::engine::traces::bundle::BuildLog;
use crate::engine::traces::files::{
    DeleteResult, FileContent, FileList, FileMatches, FileText, MatchSink, SearchResult,
};
use crate::engine::traces::get::{GetReport, GetSelection};
use crate::engine::traces::HistoryReport;
use crate::render::{to_json, Report};

/// Shown after the last screen of the file viewer.
pub const VIEWER_END: &str = "end of the file reached";

/// The file viewer's prompt, byte for byte (bold, CRLF, options line, bold off).
pub fn viewer_prompt(first: usize, last: usize, total: usize) -> String {
    format!("\x1b[1m\r\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines {first} - {last} of {total}) : \x1b[0m")
}

fn local(t: DateTime<Utc>, tz: &str) -> String {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::UTC);
    t.with_timezone(&tz).format("%d %b,%Y %H:%M:%S").to_string()
}

/// `8557` → `8,557`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

impl Report for BuildLog {
    fn text(&self, out: &mut String) {
        if let Some(services) = &self.debug_services {
            out.push_str("Services on this node that currently have debug logging enabled are:\n\n");
            if services.is_empty() {
                out.push_str("None\n");
            }
            for s in services {
                out.push_str(&format!("{s}\n"));
            }
            out.push('\n');
        }
        out.push_str(&format!("Collecting Logs for {}\n\n", self.name));
        for f in &self.files {
            out.push_str(&format!("Collected: {}\n", file_name(f)));
        }
        if self.files.is_empty() {
            out.push_str(&format!("No trace files changed in the last {} day(s)\n", self.days));
        }
        out.push_str("\nTo retrieve the logs, run the following CLI Command:\n");
        out.push_str(&format!("\tfile get activelog {}\n", self.bundle));
        out.push_str(
            "To maintain a stable system it is recommended that you remove the file after retrieval.\n",
        );
        out.push_str("\tTo do this run the CLI Command:\n");
        out.push_str(&format!("\tfile delete activelog {}\n", self.bundle));
        if self.debug_services.is_some() && !self.debug_collected {
            out.push_str(
                "Please Note: Debug logging is not enabled for any of the files you have retrieved\n",
            );
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for FileList {
    fn text(&self, out: &mut String) {
        if self.detail {
            for e in &self.entries {
                let when = local(e.modified, &self.timezone);
                if e.is_dir {
                    out.push_str(&format!("{when} {:>11}    {}\n", "<dir>", e.name));
                } else {
                    out.push_str(&format!("{when} {:>13}  {}\n", thousands(e.size), e.name));
                }
            }
            out.push_str(&format!("dir count = {}, file count = {}\n", self.dir_count, self.file_count));
            return;
        }
        out.push('\n');
        let names: Vec<&str> = self.entries.iter().map(|e| e.name.as_str()).collect();
        out.push_str(&two_columns(&names));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// Hex dump lines of `bytes` that begin `base` bytes into what is dumped: the offset, 16
/// bytes in hex (two groups of 8), then the printable characters between bars.
pub fn hex_lines(bytes: &[u8], base: usize) -> Vec<String> {
    bytes
        .chunks(16)
        .enumerate()
        .map(|(i, chunk)| {
            let mut hex = String::with_capacity(49);
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

/// The lines a file command shows: the text's, or the hex dump's.
pub fn display_lines(file: &FileText) -> Cow<'_, [String]> {
    match &file.content {
        FileContent::Lines(lines) => Cow::Borrowed(lines.as_slice()),
        FileContent::Hex { offset, bytes } => Cow::Owned(hex_lines(bytes, *offset)),
    }
}

/// JSON of a file command: `partition`, `path`, `hex` and the `lines` shown.
fn file_text_json(file: &FileText) -> serde_json::Value {
    serde_json::json!({
        "partition": to_json(&file.partition),
        "path": file.path,
        "hex": matches!(file.content, FileContent::Hex { .. }),
        "lines": display_lines(file),
    })
}

impl Report for FileText {
    fn text(&self, out: &mut String) {
        for l in display_lines(self).iter() {
            out.push_str(l);
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        file_text_json(self)
    }
}

/// A file already shown by the file viewer: no more text; JSON is the file.
#[derive(Debug)]
pub struct Viewed(pub FileText);

impl Report for Viewed {
    /// The viewer has shown the file and its last key ended the line: nothing more.
    fn text(&self, _out: &mut String) {}
    fn json(&self) -> serde_json::Value {
        file_text_json(&self.0)
    }
}

impl Report for SearchResult {
    fn text(&self, out: &mut String) {
        let files = self.matches.files();
        let per_line =
            if files.len() > 1 { |f: &FileMatches| f.file.len() + 1 } else { |_: &FileMatches| 0 };
        let size: usize = files.iter().map(|f| f.text_len() + f.len() * (per_line(f) + 1)).sum();
        out.reserve(size + 64);
        match files {
            [one] => one_file(one, out),
            _ => files.iter().for_each(|f| each_line_with_file(f, out)),
        }
        search_end(files.len(), out);
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// The matches of the only file that matched: its name, then its lines.
fn one_file(f: &FileMatches, out: &mut String) {
    out.push_str(&f.file);
    out.push('\n');
    for line in f.lines() {
        out.push_str(line);
        out.push('\n');
    }
}

/// The matches of one of several files that matched: each line after the file's name.
fn each_line_with_file(f: &FileMatches, out: &mut String) {
    for line in f.lines() {
        out.push_str(&f.file);
        out.push(':');
        out.push_str(line);
        out.push('\n');
    }
}

fn search_end(files_matched: usize, out: &mut String) {
    if files_matched == 0 {
        out.push_str("No matches found\n");
    }
    out.push_str("Search completed\n");
}

/// `file search`'s text written while the search runs, file by file, through `write`
/// (which answers whether anyone still reads). The same text as [`SearchResult`]'s: the
/// lines of a single file come after its name, so the first file that matches is held
/// back until a second one does (or the search ends).
pub struct SearchText<W: FnMut(&str) -> bool> {
    write: W,
    files: usize,
    first: Option<FileMatches>,
    buf: String,
}

impl<W: FnMut(&str) -> bool> SearchText<W> {
    pub fn new(write: W) -> Self {
        SearchText { write, files: 0, first: None, buf: String::new() }
    }

    fn flush(&mut self) -> bool {
        let open = (self.write)(&self.buf);
        self.buf.clear();
        open
    }

    /// The end of the text, once the search is over.
    pub fn finish(mut self) {
        if let Some(one) = self.first.take() {
            one_file(&one, &mut self.buf);
        }
        search_end(self.files, &mut self.buf);
        self.flush();
    }
}

impl<W: FnMut(&str) -> bool> MatchSink for SearchText<W> {
    fn file(&mut self, found: FileMatches) -> bool {
        self.files += 1;
        if self.files == 1 {
            self.first = Some(found);
            return true;
        }
        if let Some(first) = self.first.take() {
            each_line_with_file(&first, &mut self.buf);
        }
        each_line_with_file(&found, &mut self.buf);
        self.flush()
    }

    /// The text shows no line numbers.
    fn line_numbers(&self) -> bool {
        false
    }
}

impl Report for DeleteResult {
    fn text(&self, out: &mut String) {
        if self.detail {
            for f in &self.files {
                let state = if f.deleted { "deleted" } else { "in use, not deleted" };
                out.push_str(&format!("{}  {}  {state}\n", local(f.modified, &self.timezone), f.path));
            }
        }
        out.push_str(&format!("files: found = {}, deleted = {}\n", self.found, self.deleted));
        if self.deleted < self.found {
            out.push_str("Note: Files that are in use cannot be deleted\n");
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// What `file get` shows before asking to proceed.
pub fn get_summary(s: &GetSelection) -> String {
    let mut out = String::from("\nPlease wait while the system is gathering files info ...done.\n");
    if !s.recurs {
        out.push_str("Sub-directories were not traversed.\n");
    }
    out.push_str(&format!("Number of files affected: {}\n", s.files.len()));
    out.push_str(&format!("Total size in Bytes: {}\n", s.total_bytes));
    out.push_str(&format!("Total size in Kbytes: {:.4}\n", s.total_bytes as f64 / 1024.0));
    out
}

/// The end of `file get`: a dot per file sent, then `Transfer completed.`.
#[derive(Debug, Serialize)]
pub struct Transferred(pub GetReport);

impl Report for Transferred {
    fn text(&self, out: &mut String) {
        out.push('\n');
        out.push_str(&".".repeat(self.0.files.len().max(1)));
        out.push_str("\nTransfer completed.\n");
    }
    fn json(&self) -> serde_json::Value {
        to_json(&self.0)
    }
}

impl Report for HistoryReport {
    fn text(&self, out: &mut String) {
        out.push_str(&format!(
            "{}: {} days of traces, {} files in {} families, {} bytes of text ({} bytes on disk)\n",
            self.node, self.days, self.files, self.families, self.bytes, self.bytes_on_disk
        ));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// The plain listing: names in two columns, the left one padded to 40 characters as in the
/// platform's captures, or wider when a left-hand name needs it (so names never run
/// together: two spaces at least).
fn two_columns(names: &[&str]) -> String {
    let longest_left = names.iter().step_by(2).map(|n| n.chars().count()).max().unwrap_or(0);
    let width = 40.max(longest_left + 2);
    let mut out = String::new();
    for pair in names.chunks(2) {
        match pair {
            [a, b] => out.push_str(&format!("{a:<width$}{b}\n")),
            [a] => out.push_str(&format!("{a}\n")),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_columns_never_run_names_together() {
        assert_eq!(super::two_columns(&["a", "b", "c"]), format!("a{}b\nc\n", " ".repeat(39)));
        let long = "log_cisco_sip_proxy__2026-11-23-05h00m00s.tar.gz";
        let text = super::two_columns(&[long, "x", "y", "z"]);
        assert_eq!(text, format!("{long}  x\ny{}z\n", " ".repeat(long.len() + 1)));
    }

    #[test]
    fn thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(8557), "8,557");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }

    #[test]
    fn viewer_prompt_bytes() {
        assert_eq!(
            super::viewer_prompt(61, 80, 207554),
            "\x1b[1m\r\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines 61 - 80 of 207554) : \x1b[0m"
        );
    }

    #[test]
    fn hex_dump_lines_show_offset_bytes_and_printable_text() {
        let lines = super::hex_lines(b"AB\x00\xffhello world, hexdump!\n", 0);
        assert_eq!(
            lines[0],
            "00000000  41 42 00 ff 68 65 6c 6c  6f 20 77 6f 72 6c 64 2c  |AB..hello world,|"
        );
        assert_eq!(lines[1], "00000010  20 68 65 78 64 75 6d 70  21 0a                    | hexdump!.|");
        // A tail's offsets count from the start of what is dumped.
        assert!(super::hex_lines(b"x", 32)[0].starts_with("00000020  78 "));
    }
}
