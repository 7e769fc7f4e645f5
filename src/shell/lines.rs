//! Plain line input for non-terminal modes: Enter may arrive as `\r`, `\n` or `\r\n`, and
//! each is one line end. The same reader serves commands and the answers to prompts, so a
//! script can answer a command's questions on the lines after it.

use std::io::{BufRead, ErrorKind};

pub struct LineReader<R> {
    input: R,
    /// A `\r` ended the last line: a `\n` right after it belongs to that line end.
    after_cr: bool,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(input: R) -> Self {
        LineReader { input, after_cr: false }
    }

    /// The next line without its end; `None` at end of input.
    pub fn next_line(&mut self) -> std::io::Result<Option<String>> {
        let mut line: Vec<u8> = Vec::new();
        let mut saw_any = false;
        loop {
            let buf = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
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
                if self.after_cr {
                    self.after_cr = false;
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
                        self.after_cr = true;
                        done = true;
                        break;
                    }
                    _ => {
                        saw_any = true;
                        line.push(b);
                    }
                }
            }
            self.input.consume(used);
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
}
