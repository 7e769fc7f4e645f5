//! The terminal's modes while ucsh reads keys itself, restored when the guard goes.
//!
//! Only while a line or a key is read: commands run with the terminal as the user had it,
//! so Ctrl-C is a signal again (it stops the command) and the kernel echoes what is typed
//! ahead. Output processing (OPOST: `\n` written as `\r\n`) is never turned off, so text is
//! written with plain `\n` and reaches the wire as a real node's does.

use std::io::IsTerminal;
use std::sync::OnceLock;

use rustix::termios::{
    self, InputModes, LocalModes, OptionalActions, OutputModes, SpecialCodeIndex, Termios,
};

/// Puts standard input back in its mode when dropped.
pub struct ModeGuard {
    saved: Termios,
}

impl Drop for ModeGuard {
    fn drop(&mut self) {
        let _ = termios::tcsetattr(std::io::stdin(), OptionalActions::Now, &self.saved);
    }
}

fn set(change: impl FnOnce(&mut Termios)) -> Option<ModeGuard> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return None;
    }
    let saved = termios::tcgetattr(&stdin).ok()?;
    let mut t = saved.clone();
    change(&mut t);
    termios::tcsetattr(&stdin, OptionalActions::Now, &t).ok()?;
    Some(ModeGuard { saved })
}

/// Keys one at a time, nothing echoed by the kernel, Ctrl-C a byte rather than a signal;
/// output still translated. `None` when standard input is not a terminal.
pub fn keys() -> Option<ModeGuard> {
    set(|t| {
        t.local_modes.remove(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG | LocalModes::IEXTEN);
        t.input_modes.remove(InputModes::ICRNL | InputModes::INLCR | InputModes::IGNCR | InputModes::IXON);
        t.special_codes[SpecialCodeIndex::VMIN] = 1;
        t.special_codes[SpecialCodeIndex::VTIME] = 0;
    })
}

/// The kernel's line input with its plain echo (terminals that take no cursor sequences),
/// where Ctrl-C and `?` also end the line at once (they are made line delimiters, and
/// Ctrl-C is no signal while the line is read).
pub fn plain_lines() -> Option<ModeGuard> {
    set(|t| {
        t.local_modes.insert(LocalModes::ICANON | LocalModes::ECHO);
        t.local_modes.remove(LocalModes::ISIG);
        t.special_codes[SpecialCodeIndex::VEOL] = 0x03;
        t.special_codes[SpecialCodeIndex::VEOL2] = b'?';
    })
}

/// The width of the terminal on standard output (80 when it cannot be known).
pub fn columns() -> usize {
    termios::tcgetwinsize(std::io::stdout())
        .map(|w| usize::from(w.ws_col))
        .ok()
        .filter(|c| *c > 1)
        .unwrap_or(80)
}

/// Standard output is a terminal that writes `\n` as `\r\n` itself (checked once).
pub fn stdout_translates_newlines() -> bool {
    static ONLCR: OnceLock<bool> = OnceLock::new();
    *ONLCR.get_or_init(|| {
        let out = std::io::stdout();
        out.is_terminal()
            && termios::tcgetattr(&out)
                .map(|t| t.output_modes.contains(OutputModes::OPOST | OutputModes::ONLCR))
                .unwrap_or(false)
    })
}

/// Text as it must be written to standard output so that the wire carries `text`: a
/// terminal that turns `\n` into `\r\n` itself gets `\r\n` written as `\n` (otherwise it
/// would send `\r\r\n`).
pub fn for_stdout(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains("\r\n") && stdout_translates_newlines() {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}
