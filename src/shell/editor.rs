//! ucsh's own line editor for the `admin:` prompt: it writes the bytes the platform writes.
//!
//! Automation that drives a node over SSH waits for `admin:` at the very end of the stream,
//! finds the echoed `admin:<command>` line, and reads the output after it. Every general
//! line editor we measured (shared/TERMINAL-NOTES.md) redraws the prompt with cursor
//! sequences after it, or redraws a line that reaches the terminal's width, which breaks
//! those clients. This editor echoes keys as they are typed and writes cursor movement only
//! where an edit needs it (a key in the middle of the line, a move across a wrapped row):
//!
//! - the prompt is written once, plain, and nothing follows it;
//! - a typed character is echoed as itself, also past the terminal's width (the terminal
//!   wraps it; nothing is redrawn);
//! - Tab writes only the text it adds, or a line end, the candidates and the prompt with the
//!   line again ("the current command line repeats");
//! - `?` is echoed with a line end and hands the line back as a help request;
//! - Ctrl-C writes `^C` and a line end and abandons the line;
//! - Enter (`\r`, `\n` or `\r\n`, each one Enter) writes one line end.
//!
//! On a terminal whose type does not take ANSI cursor sequences (`TERM=dumb`, an unknown
//! or no `TERM`) the kernel's own line discipline reads the line (plain echo, its own
//! erase keys) and the editor writes no sequence at all; `?` and Ctrl-C still end the line
//! at once (they are made line delimiters), though the line cannot be given back after
//! `?` there.
//!
//! The editing itself ([`LineState`]) is pure: keys in, bytes out, so its byte contract is
//! tested without a terminal. Width is counted in characters (the CLI is ASCII).

use std::io::{Read, Write};

use rustyline::history::{FileHistory, History, SearchDirection};

use super::lines::LineReader;
use crate::catalog::Candidate;

/// What reading a line gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Enter: the line as typed.
    Line(String),
    /// `?`: the line before it, as a help request; it is offered again afterwards.
    Help(String),
    /// Ctrl-C: the line is abandoned.
    Interrupted,
    /// Ctrl-D on an empty line, or the input ended.
    Eof,
    /// Nothing was typed for the CLI session timeout: the session ends.
    TimedOut,
}

/// A key, decoded from the bytes a terminal sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Tab,
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    Up,
    Down,
    /// Ctrl-C
    Interrupt,
    /// Ctrl-D
    EndOfInput,
    /// Ctrl-K: erase to the end of the line.
    KillEnd,
    /// Ctrl-U: erase to the start of the line.
    KillStart,
    /// Ctrl-W: erase the word before the cursor.
    KillWord,
    /// Anything else (unknown sequences, other control keys): ignored.
    Ignored,
}

/// Where the terminal's cursor is, relative to the start of the prompt's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cursor {
    row: usize,
    col: usize,
    /// The last write ended in the last column: the terminal has not wrapped yet, and the
    /// next printed character goes to the start of the next row.
    pending_wrap: bool,
}

/// The line being edited, and what the terminal shows of it.
pub struct LineState {
    prompt_len: usize,
    cols: usize,
    buf: Vec<char>,
    /// Cursor position in `buf`.
    pos: usize,
    cursor: Cursor,
    /// History browsing: the entry shown (None: the line being typed) and that line.
    hist_index: Option<usize>,
    saved: Vec<char>,
}

/// What a key asks of the caller beyond the bytes it wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Continue,
    Done(Edit),
    /// Tab: the caller completes the line (see [`LineState::complete`]).
    Complete,
}

impl LineState {
    /// A line after a prompt of `prompt_len` characters on a terminal `cols` wide, with
    /// `initial` already typed (it is written to `out` after the prompt).
    pub fn new(prompt_len: usize, cols: usize, initial: &str, out: &mut Vec<u8>) -> Self {
        let mut s = LineState {
            prompt_len,
            cols: cols.max(2),
            buf: Vec::new(),
            pos: 0,
            cursor: Cursor { row: 0, col: 0, pending_wrap: false },
            hist_index: None,
            saved: Vec::new(),
        };
        s.cursor = s.after_writing(Cursor { row: 0, col: 0, pending_wrap: false }, prompt_len);
        s.insert_str(initial, out);
        s
    }

    /// The line as typed so far.
    pub fn line(&self) -> String {
        self.buf.iter().collect()
    }

    /// The cursor's position in the line, in bytes (for completion).
    pub fn byte_pos(&self) -> usize {
        self.buf[..self.pos].iter().map(|c| c.len_utf8()).sum()
    }

    /// Where the terminal's cursor is after writing `n` printable characters from `at`.
    fn after_writing(&self, at: Cursor, n: usize) -> Cursor {
        if n == 0 {
            return at;
        }
        let (mut row, mut col) = if at.pending_wrap { (at.row + 1, 0) } else { (at.row, at.col) };
        // The first character goes at `col`; after the last one the cursor is one to its
        // right, or pending a wrap in the last column.
        col += n - 1;
        row += col / self.cols;
        col %= self.cols;
        if col == self.cols - 1 {
            Cursor { row, col, pending_wrap: true }
        } else {
            Cursor { row, col: col + 1, pending_wrap: false }
        }
    }

    /// The screen cell of position `i` of the line.
    fn cell(&self, i: usize) -> (usize, usize) {
        let offset = self.prompt_len + i;
        (offset / self.cols, offset % self.cols)
    }

    /// Moves the terminal's cursor to position `i` of the line.
    fn move_to(&mut self, i: usize, out: &mut Vec<u8>) {
        let (row, col) = self.cell(i);
        let mut cur = self.cursor;
        if cur.pending_wrap {
            if row == cur.row + 1 && col == 0 {
                // There in effect: the next character written, or a line end, goes to
                // the start of the next row.
                return;
            }
            out.push(b'\r');
            cur = Cursor { row: cur.row, col: 0, pending_wrap: false };
        }
        if row < cur.row {
            out.extend_from_slice(format!("\x1b[{}A", cur.row - row).as_bytes());
        } else if row > cur.row {
            out.extend_from_slice(format!("\x1b[{}B", row - cur.row).as_bytes());
        }
        if col < cur.col {
            let n = cur.col - col;
            if col == 0 {
                out.push(b'\r');
            } else if n <= 4 {
                out.extend(std::iter::repeat_n(b'\x08', n));
            } else {
                out.extend_from_slice(format!("\x1b[{n}D").as_bytes());
            }
        } else if col > cur.col {
            out.extend_from_slice(format!("\x1b[{}C", col - cur.col).as_bytes());
        }
        self.cursor = Cursor { row, col, pending_wrap: false };
    }

    /// Writes characters `from..` of the line and `blanks` spaces after them (to wipe what
    /// a shorter line leaves behind), then puts the cursor back at `pos`.
    fn redraw_tail(&mut self, from: usize, blanks: usize, out: &mut Vec<u8>) {
        let tail: String = self.buf[from..].iter().collect();
        out.extend_from_slice(tail.as_bytes());
        out.extend(std::iter::repeat_n(b' ', blanks));
        let n = self.buf.len() - from + blanks;
        self.cursor = self.after_writing(self.cursor, n);
        let pos = self.pos;
        self.move_to(pos, out);
    }

    fn insert_str(&mut self, s: &str, out: &mut Vec<u8>) {
        if s.is_empty() {
            return;
        }
        let chars: Vec<char> = s.chars().collect();
        let at = self.pos;
        let n = chars.len();
        self.buf.splice(at..at, chars);
        self.pos += n;
        if at + n == self.buf.len() {
            // At the end: the echo as typed.
            out.extend_from_slice(s.as_bytes());
            self.cursor = self.after_writing(self.cursor, n);
        } else {
            self.redraw_tail(at, 0, out);
        }
    }

    fn delete_range(&mut self, from: usize, to: usize, out: &mut Vec<u8>) {
        if from >= to {
            return;
        }
        let n = to - from;
        self.move_to(from, out);
        self.buf.drain(from..to);
        self.pos = from;
        if from == self.buf.len() && n == 1 && !self.cursor.pending_wrap && self.cursor.col + 1 < self.cols {
            // The last character: wipe it in place (`\b \b` with the move before).
            out.push(b' ');
            out.push(b'\x08');
            return;
        }
        self.redraw_tail(from, n, out);
    }

    /// Replaces the whole line (history).
    fn replace_line(&mut self, new: Vec<char>, out: &mut Vec<u8>) {
        let old_len = self.buf.len();
        self.move_to(0, out);
        self.buf = new;
        self.pos = self.buf.len();
        let blanks = old_len.saturating_sub(self.buf.len());
        self.redraw_tail(0, blanks, out);
    }

    /// Applies one key; the bytes to write go to `out`.
    pub fn key(&mut self, key: Key, history: &dyn HistoryView, out: &mut Vec<u8>) -> Step {
        match key {
            Key::Char(c) => {
                let mut b = [0u8; 4];
                self.insert_str(c.encode_utf8(&mut b), out);
            }
            Key::Enter => {
                let end = self.buf.len();
                self.move_to(end, out);
                out.push(b'\n');
                return Step::Done(Edit::Line(self.line()));
            }
            Key::Tab => return Step::Complete,
            Key::Backspace => {
                if self.pos > 0 {
                    self.delete_range(self.pos - 1, self.pos, out);
                }
            }
            Key::Delete => {
                if self.pos < self.buf.len() {
                    self.delete_range(self.pos, self.pos + 1, out);
                }
            }
            Key::Left => {
                if self.pos > 0 {
                    self.pos -= 1;
                    let p = self.pos;
                    self.move_to(p, out);
                }
            }
            Key::Right => {
                if self.pos < self.buf.len() {
                    self.pos += 1;
                    let p = self.pos;
                    self.move_to(p, out);
                }
            }
            Key::Home => {
                self.pos = 0;
                self.move_to(0, out);
            }
            Key::End => {
                self.pos = self.buf.len();
                let p = self.pos;
                self.move_to(p, out);
            }
            Key::Up | Key::Down => self.browse(key == Key::Up, history, out),
            Key::Interrupt => {
                let end = self.buf.len();
                self.move_to(end, out);
                out.extend_from_slice(b"^C\n");
                return Step::Done(Edit::Interrupted);
            }
            Key::EndOfInput => {
                if self.buf.is_empty() {
                    out.push(b'\n');
                    return Step::Done(Edit::Eof);
                }
                if self.pos < self.buf.len() {
                    self.delete_range(self.pos, self.pos + 1, out);
                }
            }
            Key::KillEnd => {
                let end = self.buf.len();
                self.delete_range(self.pos, end, out);
            }
            Key::KillStart => {
                let p = self.pos;
                self.delete_range(0, p, out);
            }
            Key::KillWord => {
                let mut start = self.pos;
                while start > 0 && self.buf[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && self.buf[start - 1] != ' ' {
                    start -= 1;
                }
                let p = self.pos;
                self.delete_range(start, p, out);
            }
            Key::Ignored => {}
        }
        Step::Continue
    }

    /// `?` typed: a help request, unless the line is a `run` command whose text may hold
    /// a `?` of its own.
    pub fn question_mark(&mut self, out: &mut Vec<u8>) -> Step {
        if self.line().trim_start().starts_with("run ") {
            return self.key(Key::Char('?'), &NoHistory, out);
        }
        let end = self.buf.len();
        self.move_to(end, out);
        out.extend_from_slice(b"?\n");
        Step::Done(Edit::Help(self.line()))
    }

    fn browse(&mut self, older: bool, history: &dyn HistoryView, out: &mut Vec<u8>) {
        let len = history.count();
        let next = match (self.hist_index, older) {
            (None, true) if len > 0 => Some(len - 1),
            (None, _) => return,
            (Some(0), true) => return,
            (Some(i), true) => Some(i - 1),
            (Some(i), false) if i + 1 < len => Some(i + 1),
            (Some(_), false) => None,
        };
        if self.hist_index.is_none() {
            self.saved = self.buf.clone();
        }
        self.hist_index = next;
        let new = match next {
            Some(i) => history.entry(i).unwrap_or_default().chars().collect(),
            None => std::mem::take(&mut self.saved),
        };
        self.replace_line(new, out);
    }

    /// Tab with the candidates for the word that starts at byte `start`: adds what all of
    /// them share; lists them when nothing can be added and there is a choice; otherwise
    /// repeats the line. `prompt` is written again when the line repeats.
    pub fn complete(&mut self, start: usize, cands: &[Candidate], prompt: &str, out: &mut Vec<u8>) {
        let start_char = self.line()[..start.min(self.byte_pos())].chars().count();
        let typed: String = self.buf[start_char..self.pos].iter().collect();
        let replacements: Vec<&str> = cands.iter().map(|c| c.replacement.as_str()).collect();
        let common = common_prefix(&replacements);
        if !cands.is_empty() && common.chars().count() > typed.chars().count() {
            self.replace_word(start_char, &common, out);
            return;
        }
        if cands.len() == 1 && !typed.is_empty() && common != typed {
            // Same length, other case: take the catalog's spelling.
            self.replace_word(start_char, &common, out);
            return;
        }
        let end = self.buf.len();
        self.move_to(end, out);
        out.push(b'\n');
        if cands.len() > 1 {
            let shown: Vec<&str> = cands.iter().map(|c| c.display.as_str()).collect();
            out.extend_from_slice(columns(&shown, self.cols).as_bytes());
        }
        out.extend_from_slice(prompt.as_bytes());
        let line = self.line();
        let pos = self.pos;
        self.buf.clear();
        self.pos = 0;
        self.cursor = self.after_writing(Cursor { row: 0, col: 0, pending_wrap: false }, self.prompt_len);
        self.insert_str(&line, out);
        self.pos = self.buf.len();
        if pos < self.buf.len() {
            self.pos = pos;
            self.move_to(pos, out);
        }
    }

    /// Replaces `start..pos` with `text`, writing only from where they first differ.
    fn replace_word(&mut self, start: usize, text: &str, out: &mut Vec<u8>) {
        let old: Vec<char> = self.buf[start..self.pos].to_vec();
        let new: Vec<char> = text.chars().collect();
        let same = old.iter().zip(new.iter()).take_while(|(a, b)| a == b).count();
        if same == old.len() {
            let added: String = new[same..].iter().collect();
            self.insert_str(&added, out);
            return;
        }
        let from = start + same;
        let old_end = self.pos;
        self.move_to(from, out);
        let removed = old_end - from;
        let added = new.len() - same;
        self.buf.splice(from..old_end, new[same..].iter().copied());
        self.pos = from + added;
        self.redraw_tail(from, removed.saturating_sub(added), out);
    }
}

/// The longest prefix the strings share (by character).
fn common_prefix(items: &[&str]) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let mut n = first.chars().count();
    for s in &items[1..] {
        n = n.min(first.chars().zip(s.chars()).take_while(|(a, b)| a == b).count());
    }
    first.chars().take(n).collect()
}

/// Candidates in columns down then across, two spaces apart at least, each row ending in a
/// line end (the layout of the Tab listing: README's table of choices).
pub fn columns(items: &[&str], cols: usize) -> String {
    let width = items.iter().map(|s| s.chars().count()).max().unwrap_or(0) + 2;
    let per_row = (cols / width.max(1)).max(1);
    let rows = items.len().div_ceil(per_row);
    let mut out = String::new();
    for r in 0..rows {
        let mut line = String::new();
        for c in 0..per_row {
            let Some(item) = items.get(c * rows + r) else { break };
            line.push_str(item);
            if items.get((c + 1) * rows + r).is_some() {
                line.extend(std::iter::repeat_n(' ', width - item.chars().count()));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The history the editor browses with Up and Down.
pub trait HistoryView {
    fn count(&self) -> usize;
    fn entry(&self, i: usize) -> Option<String>;
}

pub struct NoHistory;

impl HistoryView for NoHistory {
    fn count(&self) -> usize {
        0
    }
    fn entry(&self, _i: usize) -> Option<String> {
        None
    }
}

impl HistoryView for FileHistory {
    fn count(&self) -> usize {
        History::len(self)
    }
    fn entry(&self, i: usize) -> Option<String> {
        self.get(i, SearchDirection::Forward).ok().flatten().map(|r| r.entry.into_owned())
    }
}

/// Decodes keys from the bytes a terminal sends.
/// Tab's source: the line and the cursor's byte position give the start of the word and its
/// candidates.
pub type Completer<'a> = dyn FnMut(&str, usize) -> (usize, Vec<Candidate>) + 'a;

/// Reads one line at `prompt` with the editor (the terminal already in key mode): keys,
/// history, `?`, and Tab through `complete` (the line and the cursor's byte position give
/// the start of the word and its candidates). The local shell and the one on a remote node
/// differ only in `complete`.
pub fn edit_line<R: Read>(
    reader: &mut LineReader<R>,
    history: &dyn HistoryView,
    prompt: &str,
    initial: &str,
    complete: &mut Completer<'_>,
) -> std::io::Result<Edit> {
    let mut out = Vec::new();
    out.extend_from_slice(prompt.as_bytes());
    let mut state = LineState::new(prompt.len(), super::term::columns(), initial, &mut out);
    write_out(&out);
    loop {
        out.clear();
        if !reader.wait_input()? {
            write_out(b"\n");
            return Ok(Edit::TimedOut);
        }
        let Some(key) = read_key(reader)? else {
            write_out(b"\n");
            return Ok(Edit::Eof);
        };
        let step = match key {
            Key::Char('?') => state.question_mark(&mut out),
            key => state.key(key, history, &mut out),
        };
        match step {
            Step::Continue => {}
            Step::Done(edit) => {
                write_out(&out);
                return Ok(edit);
            }
            Step::Complete => {
                let line = state.line();
                let (start, cands) = complete(&line, state.byte_pos());
                state.complete(start, &cands, prompt, &mut out);
            }
        }
        write_out(&out);
    }
}

pub fn read_key<R: Read>(input: &mut LineReader<R>) -> std::io::Result<Option<Key>> {
    let Some(b) = input.next_byte()? else {
        return Ok(None);
    };
    let key = match b {
        b'\r' => {
            input.swallow_lf();
            Key::Enter
        }
        b'\n' => Key::Enter,
        b'\t' => Key::Tab,
        0x7f | 0x08 => Key::Backspace,
        0x01 => Key::Home,
        0x02 => Key::Left,
        0x03 => Key::Interrupt,
        0x04 => Key::EndOfInput,
        0x05 => Key::End,
        0x06 => Key::Right,
        0x0b => Key::KillEnd,
        0x0e => Key::Down,
        0x10 => Key::Up,
        0x15 => Key::KillStart,
        0x17 => Key::KillWord,
        0x1b => escape(input)?,
        b if b < 0x20 => Key::Ignored,
        b if b < 0x80 => Key::Char(char::from(b)),
        first => utf8(first, input)?,
    };
    Ok(Some(key))
}

/// The rest of an escape sequence: `ESC [ params final` or `ESC O final`.
fn escape<R: Read>(input: &mut LineReader<R>) -> std::io::Result<Key> {
    let Some(kind) = input.next_byte()? else {
        return Ok(Key::Ignored);
    };
    match kind {
        b'[' => {
            let mut params = Vec::new();
            loop {
                let Some(b) = input.next_byte()? else {
                    return Ok(Key::Ignored);
                };
                if (0x40..=0x7e).contains(&b) {
                    return Ok(match (b, params.as_slice()) {
                        (b'A', _) => Key::Up,
                        (b'B', _) => Key::Down,
                        (b'C', _) => Key::Right,
                        (b'D', _) => Key::Left,
                        (b'H', _) => Key::Home,
                        (b'F', _) => Key::End,
                        (b'~', b"1" | b"7") => Key::Home,
                        (b'~', b"4" | b"8") => Key::End,
                        (b'~', b"3") => Key::Delete,
                        _ => Key::Ignored,
                    });
                }
                if params.len() > 16 {
                    return Ok(Key::Ignored);
                }
                params.push(b);
            }
        }
        b'O' => Ok(match input.next_byte()? {
            Some(b'A') => Key::Up,
            Some(b'B') => Key::Down,
            Some(b'C') => Key::Right,
            Some(b'D') => Key::Left,
            Some(b'H') => Key::Home,
            Some(b'F') => Key::End,
            _ => Key::Ignored,
        }),
        _ => Ok(Key::Ignored),
    }
}

/// A character of several bytes.
fn utf8<R: Read>(first: u8, input: &mut LineReader<R>) -> std::io::Result<Key> {
    let len = match first {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Ok(Key::Ignored),
    };
    let mut bytes = vec![first];
    for _ in 1..len {
        match input.next_byte()? {
            Some(b) => bytes.push(b),
            None => return Ok(Key::Ignored),
        }
    }
    Ok(std::str::from_utf8(&bytes).ok().and_then(|s| s.chars().next()).map(Key::Char).unwrap_or(Key::Ignored))
}

/// Terminal types whose ANSI cursor sequences the editor may use. Anything else (dumb, an
/// unknown type, none) gets the kernel's plain line input.
pub fn term_takes_ansi(term: Option<&str>) -> bool {
    let Some(term) = term.map(str::trim).filter(|t| !t.is_empty()) else {
        return false;
    };
    const KNOWN: &[&str] = &[
        "xterm",
        "vt100",
        "vt102",
        "vt220",
        "vt320",
        "linux",
        "screen",
        "tmux",
        "rxvt",
        "ansi",
        "putty",
        "konsole",
        "gnome",
        "alacritty",
        "kitty",
        "foot",
        "st",
        "cygwin",
        "iterm",
        "wezterm",
        "contour",
        "eterm",
        "mintty",
        "ms-terminal",
        "xterm-256color",
    ];
    KNOWN.iter().any(|k| term == *k || term.starts_with(&format!("{k}-")))
}

/// Writes bytes to standard output now.
pub fn write_out(bytes: &[u8]) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(bytes);
    let _ = o.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(r: &str, d: &str) -> Candidate {
        Candidate { replacement: r.into(), display: d.into(), help: String::new() }
    }

    /// Types `keys` (chars; `\t` Tab, `\x7f` Backspace) on a terminal `cols` wide and
    /// returns the bytes written after the prompt.
    fn typed(cols: usize, keys: &str) -> (Vec<u8>, LineState) {
        let mut out = Vec::new();
        let mut s = LineState::new(6, cols, "", &mut out);
        for c in keys.chars() {
            let k = match c {
                '\x7f' => Key::Backspace,
                '\r' => Key::Enter,
                c => Key::Char(c),
            };
            s.key(k, &NoHistory, &mut out);
        }
        (out, s)
    }

    #[test]
    fn typing_echoes_exactly_what_is_typed_also_past_the_width() {
        let line = "show network cluster and a good deal more text than fits on one row of twenty";
        let (out, s) = typed(20, line);
        assert_eq!(String::from_utf8_lossy(&out), line);
        assert_eq!(s.line(), line);
    }

    #[test]
    fn enter_writes_one_line_end_and_gives_the_line() {
        let mut out = Vec::new();
        let mut s = LineState::new(6, 80, "", &mut out);
        for c in "show myself".chars() {
            s.key(Key::Char(c), &NoHistory, &mut out);
        }
        let step = s.key(Key::Enter, &NoHistory, &mut out);
        assert_eq!(step, Step::Done(Edit::Line("show myself".into())));
        assert_eq!(out, b"show myself\n");
    }

    #[test]
    fn backspace_at_the_end_wipes_one_cell() {
        let (out, s) = typed(80, "shox\x7fw");
        assert_eq!(String::from_utf8_lossy(&out), "shox\x08 \x08w");
        assert_eq!(s.line(), "show");
    }

    #[test]
    fn backspace_across_a_wrapped_row_moves_up() {
        // Prompt 6 + 14 characters = 20: the 14th fills the last column (pending wrap).
        let (out, s) = typed(20, "abcdefghijklmnX\x7f");
        let text = String::from_utf8_lossy(&out).into_owned();
        assert!(text.starts_with("abcdefghijklmnX"), "{text:?}");
        assert_eq!(s.line(), "abcdefghijklmn");
        // X sat at the start of the second row; erasing it stays on that row.
        assert_eq!(&text["abcdefghijklmnX".len()..], "\r \x08");
        let mut out2 = Vec::new();
        let mut s2 = s;
        s2.key(Key::Backspace, &NoHistory, &mut out2);
        // Now the cursor goes up to the last column of the first row.
        assert_eq!(String::from_utf8_lossy(&out2), "\x1b[1A\x1b[19C \r\x1b[19C");
    }

    #[test]
    fn insert_in_the_middle_rewrites_the_tail_and_steps_back() {
        let mut out = Vec::new();
        let mut s = LineState::new(6, 80, "", &mut out);
        for c in "shw".chars() {
            s.key(Key::Char(c), &NoHistory, &mut out);
        }
        out.clear();
        s.key(Key::Left, &NoHistory, &mut out);
        s.key(Key::Char('o'), &NoHistory, &mut out);
        assert_eq!(out, b"\x08ow\x08");
        assert_eq!(s.line(), "show");
    }

    #[test]
    fn ctrl_c_writes_caret_c_and_abandons() {
        let mut out = Vec::new();
        let mut s = LineState::new(6, 80, "sh", &mut out);
        assert_eq!(s.key(Key::Interrupt, &NoHistory, &mut out), Step::Done(Edit::Interrupted));
        assert_eq!(out, b"sh^C\n");
    }

    #[test]
    fn question_mark_is_echoed_and_asks_for_help_except_in_run() {
        let mut out = Vec::new();
        let mut s = LineState::new(6, 80, "show ", &mut out);
        assert_eq!(s.question_mark(&mut out), Step::Done(Edit::Help("show ".into())));
        assert_eq!(out, b"show ?\n");
        let mut out = Vec::new();
        let mut s = LineState::new(6, 80, "run sql select ", &mut out);
        assert_eq!(s.question_mark(&mut out), Step::Continue);
        assert_eq!(s.line(), "run sql select ?");
    }

    #[test]
    fn tab_writes_only_what_it_adds() {
        let mut out = Vec::new();
        let mut s = LineState::new(6, 80, "sh", &mut out);
        out.clear();
        s.complete(0, &[cand("show ", "show*")], "admin:", &mut out);
        assert_eq!(out, b"ow ");
        assert_eq!(s.line(), "show ");
    }

    #[test]
    fn tab_lists_when_nothing_can_be_added_and_repeats_the_line() {
        let mut out = Vec::new();
        let mut s = LineState::new(6, 80, "show ", &mut out);
        out.clear();
        let c = [cand("myself ", "myself"), cand("status ", "status"), cand("version ", "version*")];
        s.complete(5, &c, "admin:", &mut out);
        assert_eq!(String::from_utf8_lossy(&out), "\nmyself    status    version*\nadmin:show ");
        // A complete command: the line repeats.
        out.clear();
        let mut s = LineState::new(6, 80, "show myself ", &mut out);
        out.clear();
        s.complete(12, &[], "admin:", &mut out);
        assert_eq!(String::from_utf8_lossy(&out), "\nadmin:show myself ");
    }

    #[test]
    fn tab_takes_the_catalogs_spelling() {
        let mut out = Vec::new();
        let mut s = LineState::new(6, 80, "SH", &mut out);
        out.clear();
        s.complete(0, &[cand("show ", "show*")], "admin:", &mut out);
        assert_eq!(s.line(), "show ");
        assert_eq!(String::from_utf8_lossy(&out), "\x08\x08show ");
    }

    #[test]
    fn history_replaces_the_line_and_wipes_what_is_left() {
        struct H;
        impl HistoryView for H {
            fn count(&self) -> usize {
                1
            }
            fn entry(&self, _i: usize) -> Option<String> {
                Some("show status".into())
            }
        }
        let mut out = Vec::new();
        let mut s = LineState::new(6, 80, "utils service list", &mut out);
        out.clear();
        s.key(Key::Up, &H, &mut out);
        assert_eq!(s.line(), "show status");
        assert_eq!(String::from_utf8_lossy(&out), "\x1b[18Dshow status       \x1b[7D");
        out.clear();
        s.key(Key::Down, &H, &mut out);
        assert_eq!(s.line(), "utils service list");
    }

    #[test]
    fn columns_go_down_then_across() {
        assert_eq!(columns(&["a", "bb", "c"], 80), "a   bb  c\n");
        assert_eq!(columns(&["aaaa", "bbbb", "cccc"], 12), "aaaa  cccc\nbbbb\n");
    }

    #[test]
    fn keys_decode_from_terminal_bytes() {
        let mut r = LineReader::new(&b"a\x1b[D\x1b[3~\x1bOA\r\n\x7f\xc3\xa9"[..]);
        let mut keys = Vec::new();
        while let Ok(Some(k)) = read_key(&mut r) {
            keys.push(k);
        }
        assert_eq!(
            keys,
            vec![Key::Char('a'), Key::Left, Key::Delete, Key::Up, Key::Enter, Key::Backspace, Key::Char('é')]
        );
    }

    #[test]
    fn terminal_types() {
        assert!(term_takes_ansi(Some("xterm")));
        assert!(term_takes_ansi(Some("xterm-256color")));
        assert!(term_takes_ansi(Some("screen-256color")));
        assert!(term_takes_ansi(Some("vt100")));
        assert!(!term_takes_ansi(Some("dumb")));
        assert!(!term_takes_ansi(Some("frobnicator")));
        assert!(!term_takes_ansi(Some("")));
        assert!(!term_takes_ansi(None));
    }
}
