//! Line and byte input from standard input (or any reader), in one buffer.
//!
//! Enter may arrive as `\r`, `\n` or `\r\n`, and each is one line end. The same reader
//! serves commands, the line editor's keys and the answers to prompts, so type-ahead is
//! never lost between them and a script can answer a command's questions on the lines
//! after it.

use std::io::{ErrorKind, Read};
use std::os::fd::BorrowedFd;
use std::time::{Duration, Instant};

/// How much is read from the input at a time.
const CHUNK: usize = 8192;

pub struct LineReader<R> {
    input: R,
    buf: Vec<u8>,
    /// Start of the unread part of `buf`.
    at: usize,
    /// The input has ended.
    eof: bool,
    /// A `\r` ended the last line: a `\n` right after it belongs to that line end.
    after_cr: bool,
    /// The CLI session timeout at the prompt: the descriptor the input comes from and how
    /// long the prompt may stay idle ([`LineReader::wait_input`]).
    idle: Option<(BorrowedFd<'static>, Duration)>,
}

impl<R: Read> LineReader<R> {
    pub fn new(input: R) -> Self {
        LineReader { input, buf: Vec::new(), at: 0, eof: false, after_cr: false, idle: None }
    }

    /// Sets (or with `None` clears) how long the prompt may wait for a key on `fd`, the
    /// descriptor `input` reads from.
    pub fn set_idle_limit(&mut self, fd: BorrowedFd<'static>, limit: Option<Duration>) {
        self.idle = limit.map(|l| (fd, l));
    }

    /// Waits, at most the idle limit, until a byte can be read: `true` at once when bytes
    /// are buffered, the input ended, or no limit is set; `false` when the limit passed
    /// with nothing typed.
    pub fn wait_input(&mut self) -> std::io::Result<bool> {
        let Some((fd, limit)) = self.idle else { return Ok(true) };
        if self.at < self.buf.len() || self.eof {
            return Ok(true);
        }
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(false);
            }
            let mut fds = [rustix::event::PollFd::new(&fd, rustix::event::PollFlags::IN)];
            let timeout = rustix::event::Timespec {
                tv_sec: i64::try_from(left.as_secs()).unwrap_or(i64::MAX),
                tv_nsec: i64::from(left.subsec_nanos()),
            };
            match rustix::event::poll(&mut fds, Some(&timeout)) {
                Ok(0) => continue,
                Ok(_) => return Ok(true),
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// The unread bytes, reading more (one read, which may wait) when there are none;
    /// empty at end of input.
    fn fill(&mut self) -> std::io::Result<&[u8]> {
        if self.at >= self.buf.len() && !self.eof {
            self.buf.clear();
            self.at = 0;
            self.buf.resize(CHUNK, 0);
            let n = loop {
                match self.input.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.clear();
                        return Err(e);
                    }
                }
            };
            self.buf.truncate(n);
            if n == 0 {
                self.eof = true;
            }
        }
        Ok(&self.buf[self.at..])
    }

    /// The next byte; `None` at end of input. A `\n` right after a `\r` that ended a line
    /// is skipped.
    pub fn next_byte(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            let Some(&b) = self.fill()?.first() else {
                self.after_cr = false;
                return Ok(None);
            };
            self.at += 1;
            if std::mem::take(&mut self.after_cr) && b == b'\n' {
                continue;
            }
            return Ok(Some(b));
        }
    }

    /// A `\r` was taken as Enter: a `\n` right after it belongs to it.
    pub fn swallow_lf(&mut self) {
        self.after_cr = true;
    }

    /// After a single-key answer: takes the line end a script sent with the key, if it has
    /// already arrived (never waits for more input).
    pub fn take_ready_line_end(&mut self) {
        match self.buf.get(self.at) {
            Some(b'\r') => {
                self.at += 1;
                self.after_cr = true;
            }
            Some(b'\n') => self.at += 1,
            _ => {}
        }
    }

    /// The next line without its end; `None` at end of input.
    pub fn next_line(&mut self) -> std::io::Result<Option<String>> {
        let mut line: Vec<u8> = Vec::new();
        let mut saw_any = false;
        loop {
            let mut after_cr = self.after_cr;
            let buf = self.fill()?;
            if buf.is_empty() {
                self.after_cr = false;
                return Ok(if saw_any || !line.is_empty() {
                    Some(String::from_utf8_lossy(&line).into_owned())
                } else {
                    None
                });
            }
            let mut used = 0;
            let mut done = false;
            for &b in buf {
                used += 1;
                if after_cr {
                    after_cr = false;
                    if b == b'\n' {
                        continue;
                    }
                }
                match b {
                    b'\n' => {
                        done = true;
                        break;
                    }
                    b'\r' => {
                        after_cr = true;
                        done = true;
                        break;
                    }
                    _ => {
                        saw_any = true;
                        line.push(b);
                    }
                }
            }
            self.after_cr = after_cr;
            self.at += used;
            if done {
                return Ok(Some(String::from_utf8_lossy(&line).into_owned()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &str) -> Vec<String> {
        let mut r = LineReader::new(input.as_bytes());
        let mut out = Vec::new();
        while let Ok(Some(l)) = r.next_line() {
            out.push(l);
        }
        out
    }

    #[test]
    fn every_line_end_is_one_enter() {
        assert_eq!(all("a\nb\rc\r\nd"), vec!["a", "b", "c", "d"]);
        assert_eq!(all("a\r\n\r\nb\n"), vec!["a", "", "b"]);
        assert_eq!(all("\n"), vec![""]);
        assert!(all("").is_empty());
    }

    #[test]
    fn bytes_and_lines_share_one_buffer() {
        let mut r = LineReader::new(&b"n\r\nshow status\rq"[..]);
        assert_eq!(r.next_byte().ok().flatten(), Some(b'n'));
        r.take_ready_line_end();
        assert_eq!(r.next_line().ok().flatten().as_deref(), Some("show status"));
        assert_eq!(r.next_byte().ok().flatten(), Some(b'q'));
        assert_eq!(r.next_byte().ok().flatten(), None);
    }

    #[test]
    fn a_key_sent_alone_leaves_the_next_line_whole() {
        let mut r = LineReader::new(&b"qshow myself\n"[..]);
        assert_eq!(r.next_byte().ok().flatten(), Some(b'q'));
        r.take_ready_line_end();
        assert_eq!(r.next_line().ok().flatten().as_deref(), Some("show myself"));
    }
}
