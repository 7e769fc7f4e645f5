//! Output to the process's standard streams, with the platform's line pager when
//! pagination is on and output is a terminal.
//!
//! The pager prompt is written in bold with no line end and erased after the key press, so
//! the next line is written where it was — byte for byte what automation waits for.

use std::io::{IsTerminal, Write};

use super::Sink;
use crate::render::wording;

pub struct StdSink {
    /// Page long output (interactive shell with pagination on).
    pub paging: bool,
    /// Errors go to standard error (non-interactive modes); the interactive shell prints
    /// them in line, as the platform does.
    pub errors_to_stderr: bool,
    /// Standard output was closed (`| head`): write nothing more.
    pub closed: bool,
}

impl StdSink {
    /// Non-interactive modes (`-c`, script, standard input, `cluster`): no pager; errors
    /// to standard error.
    pub fn batch() -> Self {
        StdSink { paging: false, errors_to_stderr: true, closed: false }
    }

    /// The interactive shell: paged when `pagination` is on; errors in line, as the
    /// platform prints them.
    pub fn interactive(pagination: bool) -> Self {
        StdSink { paging: pagination, errors_to_stderr: false, closed: false }
    }

    fn write_out(&mut self, text: &str) {
        if self.closed {
            return;
        }
        let mut o = std::io::stdout().lock();
        if o.write_all(super::term::for_stdout(text).as_bytes()).and_then(|_| o.flush()).is_err() {
            self.closed = true;
        }
    }

    fn rows() -> usize {
        rustix::termios::tcgetwinsize(std::io::stdout())
            .map(|w| usize::from(w.ws_row))
            .ok()
            .filter(|r| *r > 2)
            .unwrap_or(24)
    }

    fn paged(&mut self, text: &str) {
        let rows = Self::rows();
        let mut shown = 0usize;
        for line in text.split_inclusive('\n') {
            if shown >= rows - 1 {
                self.write_out(wording::PAGER_PROMPT);
                let key = read_key();
                self.write_out(wording::PAGER_ERASE);
                match key {
                    Some(b' ') => shown = 0,
                    Some(b'\r') | Some(b'\n') => shown = rows - 2,
                    _ => return,
                }
            }
            self.write_out(line);
            shown += 1;
        }
    }
}

/// Reads one key press with the terminal in raw mode; `None` when it cannot.
pub fn read_key() -> Option<u8> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return None;
    }
    let saved = rustix::termios::tcgetattr(&stdin).ok()?;
    let mut raw = saved.clone();
    raw.make_raw();
    rustix::termios::tcsetattr(&stdin, rustix::termios::OptionalActions::Now, &raw).ok()?;
    let mut buf = [0u8; 1];
    // Straight from the descriptor: the shell may hold the standard input lock.
    let got = rustix::io::read(&stdin, &mut buf).map_err(std::io::Error::from);
    let _ = rustix::termios::tcsetattr(&stdin, rustix::termios::OptionalActions::Now, &saved);
    match got {
        Ok(1) if buf[0] == 3 => None,
        Ok(1) => Some(buf[0]),
        _ => None,
    }
}

impl Sink for StdSink {
    fn out(&mut self, text: &str) {
        if self.pages() {
            self.paged(text);
        } else {
            self.write_out(text);
        }
    }

    fn pages(&self) -> bool {
        self.paging && std::io::stdout().is_terminal() && std::io::stdin().is_terminal()
    }

    fn closed(&self) -> bool {
        self.closed
    }

    fn err(&mut self, text: &str) {
        if self.errors_to_stderr {
            let mut e = std::io::stderr().lock();
            let _ = e.write_all(text.as_bytes());
            let _ = e.flush();
        } else {
            self.write_out(text);
        }
    }
}

/// Collects everything in one buffer (transcripts, tests).
#[derive(Default)]
pub struct BufferSink {
    pub text: String,
}

impl Sink for BufferSink {
    fn out(&mut self, text: &str) {
        self.text.push_str(text);
    }
    fn err(&mut self, text: &str) {
        self.text.push_str(text);
    }
}
