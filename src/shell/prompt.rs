//! Answers to the questions commands ask. On a terminal they are typed (passwords without
//! echo); otherwise each prompt takes the next line of standard input, the same stream the
//! commands come from, so a script answers a command's questions on the lines after it.

use std::io::{IsTerminal, Read, Write};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::lines::LineReader;
use super::term;
use crate::engine::CancelToken;
use crate::handlers::{CliError, Prompter};

pub struct LinePrompter<'a, R: Read> {
    reader: &'a mut LineReader<R>,
    /// `--yes`: confirmations are answered yes without reading.
    yes: bool,
    /// Prompts go to standard error (JSON output keeps standard output pure).
    to_stderr: bool,
    /// The session's Ctrl-C: an answer typed after it does not count.
    cancel: CancelToken,
}

impl<'a, R: Read> LinePrompter<'a, R> {
    pub fn new(reader: &'a mut LineReader<R>, yes: bool, to_stderr: bool) -> Self {
        LinePrompter { reader, yes, to_stderr, cancel: CancelToken::new() }
    }

    /// Answers stop counting once the session's Ctrl-C `flag` is set.
    pub fn cancelled_by(mut self, flag: Arc<AtomicBool>) -> Self {
        self.cancel = CancelToken::from_flag(flag);
        self
    }

    /// Ctrl-C while a question waited for its answer: the answer does not count.
    fn interrupted(&self) -> Result<(), CliError> {
        Ok(self.cancel.check()?)
    }

    fn write(&self, text: &str) {
        if self.to_stderr {
            let mut e = std::io::stderr().lock();
            let _ = e.write_all(text.as_bytes());
            let _ = e.flush();
        } else {
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(term::for_stdout(text).as_bytes());
            let _ = o.flush();
        }
    }

    fn read(&mut self, prompt: &str) -> Result<String, CliError> {
        let line = self.reader.next_line();
        self.interrupted()?;
        match line {
            Ok(Some(line)) => Ok(line),
            Ok(None) => Err(CliError::Failed(format!(
                "No answer to \"{}\": standard input has ended. Answer prompts on the lines after the command, or use --yes for confirmations.",
                prompt.trim()
            ))),
            Err(e) => Err(CliError::Failed(format!("Cannot read the answer to \"{}\": {e}", prompt.trim()))),
        }
    }
}

impl<R: Read> Prompter for LinePrompter<'_, R> {
    fn say(&mut self, text: &str) {
        self.write(text);
    }

    fn confirm(&mut self, prompt: &str, yes: &str) -> Result<bool, CliError> {
        self.write(prompt);
        if self.yes {
            self.write(&format!("{yes}\n"));
            return Ok(true);
        }
        let answer = self.read(prompt)?;
        if !std::io::stdin().is_terminal() {
            // Not echoed by a terminal: show the answer so the transcript reads as typed.
            self.write(&format!("{answer}\n"));
        }
        let a = answer.trim().to_ascii_lowercase();
        Ok(a == yes || (yes.starts_with('y') && (a == "y" || a == "yes")))
    }

    fn line(&mut self, prompt: &str) -> Result<String, CliError> {
        self.write(prompt);
        let answer = self.read(prompt)?;
        if !std::io::stdin().is_terminal() {
            self.write(&format!("{answer}\n"));
        }
        Ok(answer.trim().to_string())
    }

    fn key(&mut self, prompt: &str) -> Result<char, CliError> {
        let read = {
            // One key, as typed: not echoed, no Enter needed (a terminal); otherwise the
            // next byte, and the line end a script sent with it. The mode is set before the
            // prompt is shown: a key sent as soon as the prompt appears (automation, or a
            // loaded node) would otherwise reach a terminal that still echoes.
            let _raw = term::keys();
            self.write(prompt);
            self.reader.next_byte()
        };
        let key = match read {
            Ok(Some(3)) | Ok(None) => None,
            Ok(Some(b'\r')) => {
                self.reader.swallow_lf();
                Some('\n')
            }
            Ok(Some(b)) => {
                if b != b'\n' {
                    self.reader.take_ready_line_end();
                }
                Some(char::from(b))
            }
            Err(e) => {
                return Err(CliError::Failed(format!("Cannot read the answer to \"{}\": {e}", prompt.trim())))
            }
        };
        self.write("\n");
        self.interrupted()?;
        key.ok_or(CliError::Engine(crate::engine::error::EngineError::Interrupted))
    }

    fn password(&mut self, prompt: &str) -> Result<String, CliError> {
        if std::io::stdin().is_terminal() {
            let answer = rpassword::prompt_password(prompt)
                .map_err(|e| CliError::Failed(format!("Cannot read the password: {e}")));
            self.interrupted()?;
            return answer;
        }
        self.write(prompt);
        let answer = self.read(prompt)?;
        // Never echoed: only the line end.
        self.write("\n");
        Ok(answer)
    }
}

/// Answers given up front, in order (transcript tests, the SSH login shell's tests).
/// Each prompt and its answer are recorded as `prompt<<answer>>`.
pub struct ScriptedPrompter {
    answers: std::collections::VecDeque<String>,
    pub transcript: String,
}

impl ScriptedPrompter {
    pub fn new(answers: impl IntoIterator<Item = String>) -> Self {
        ScriptedPrompter { answers: answers.into_iter().collect(), transcript: String::new() }
    }

    pub fn remaining(&self) -> usize {
        self.answers.len()
    }

    fn next(&mut self, prompt: &str) -> Result<String, CliError> {
        let a = self.answers.pop_front().ok_or_else(|| {
            CliError::Failed(format!("No answer to \"{}\": the script has no more answers", prompt.trim()))
        })?;
        self.transcript.push_str(&format!("{prompt}<<{a}>>\n"));
        Ok(a)
    }
}

impl Prompter for ScriptedPrompter {
    fn say(&mut self, text: &str) {
        self.transcript.push_str(text);
    }
    fn confirm(&mut self, prompt: &str, yes: &str) -> Result<bool, CliError> {
        let a = self.next(prompt)?.trim().to_ascii_lowercase();
        Ok(a == yes || (yes.starts_with('y') && (a == "y" || a == "yes")))
    }
    fn line(&mut self, prompt: &str) -> Result<String, CliError> {
        Ok(self.next(prompt)?.trim().to_string())
    }
    fn password(&mut self, prompt: &str) -> Result<String, CliError> {
        self.next(prompt)
    }
}
