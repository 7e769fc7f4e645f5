//! The bytes a node's CLI writes on its terminal, made into text: line ends, the pager,
//! terminal sequences, the questions a command asks.
//!
//! Whatever comes from the node reaches the user's terminal only through [`clean`]: CSI
//! and OSC sequences are dropped, a line rewritten with `\r` keeps what a terminal would
//! show, and every other control character is escaped (`engine::text::printable`).

use crate::render::wording;

/// A question the node waits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// yes/no; `yes` is the word that means yes there (`yes` or `y`).
    Confirm { yes: &'static str },
    /// A password or passphrase (not echoed).
    Secret,
    /// A value the command needs (an SFTP server's address, a path, the features to
    /// restore), or OpenSSH's question about a server's host key: a yes to that one trusts
    /// the server, so it is a value the user types, never a confirmation `--yes` answers.
    /// One of [`LINE_QUESTIONS`].
    Line,
}

/// The questions whose answer is a line of text: the SFTP server's (`file get`, `set cert
/// import trust`, `utils branding upload`), `file get`'s download directory, the features
/// of a restore, and an unknown host key's. Only these: a quiet stream whose last line
/// merely ends with `:` is not taken for a question.
pub const LINE_QUESTIONS: &[&str] = &[
    "SFTP server IP:",
    "SFTP server port [22]:",
    "User ID:",
    "Certificate file path on the server:",
    "Branding file path on the server:",
    "Please enter the comma-separated features you wish to restore.",
    "Download directory:",
    "Please enter the privilege level :",
    "Directory on the server for the test file:",
    // `utils ntp server delete`: which server (a number, `a` or `q`).
    "Choice:",
    HOST_KEY_QUESTION,
];

/// The account commands' password questions whose wording does not end in `password:`
/// (`set account name`, `set password user`).
const SECRET_QUESTIONS: &[&str] =
    &["Please enter the password :", "re-enter to confirm :", "Reenter new password to confirm:"];

/// The question the node asks about an SFTP server's unknown host key (OpenSSH's wording,
/// which the platform's commands keep).
pub const HOST_KEY_QUESTION: &str = "Are you sure you want to continue connecting (yes/no)?";

/// The bytes after the last line end.
pub fn last_line(bytes: &[u8]) -> &[u8] {
    match bytes.iter().rposition(|b| *b == b'\n') {
        Some(i) => &bytes[i + 1..],
        None => bytes,
    }
}

/// Whether `line` is a question the session answered, as the node's text keeps it: a
/// secret's (its answer is not echoed), a confirmation with its `y`/`yes`/`n`/`no`, or one of
/// [`LINE_QUESTIONS`] with its value.
pub fn answered_question(line: &str) -> bool {
    let l = line.trim();
    if question(l.as_bytes()) == Some(Asked::Secret) || LINE_QUESTIONS.iter().any(|q| l.starts_with(q)) {
        return true;
    }
    ["yes", "no", "y", "n"].iter().any(|a| {
        l.strip_suffix(a).is_some_and(|q| matches!(question(q.as_bytes()), Some(Asked::Confirm { .. })))
    })
}

/// Whether the stream ends with the pager's prompt (pagination on: the account may not
/// turn it off).
pub fn pager_waits(bytes: &[u8]) -> bool {
    let tail = bytes.strip_suffix(b" ").unwrap_or(bytes);
    let prompt = wording::PAGER_PROMPT.as_bytes();
    let prompt = prompt.strip_suffix(b" ").unwrap_or(prompt);
    tail.ends_with(prompt) || tail.ends_with(strip_sgr(prompt).as_slice())
}

fn strip_sgr(b: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(b).replace("\x1b[1m", "").replace("\x1b[0m", "").into_bytes()
}

/// The question the last line asks, if it asks one.
pub fn question(bytes: &[u8]) -> Option<Asked> {
    // As a terminal shows it: a progress bar rewritten with `\r` before the question, or
    // its sequences, are not part of it.
    let line = clean(last_line(bytes));
    let line = line.trim_end();
    if line.is_empty() {
        return None;
    }
    if LINE_QUESTIONS.iter().any(|q| line.ends_with(q)) {
        return Some(Asked::Line);
    }
    let lower = line.to_ascii_lowercase();
    // `file delete`'s question (`Enter "y" followed by return to continue:`).
    if lower.ends_with("followed by return to continue:") {
        return Some(Asked::Confirm { yes: "y" });
    }
    if lower.ends_with("(yes/no)?") || lower.ends_with("(yes/no):") || lower.ends_with("[yes/no]:") {
        return Some(Asked::Confirm { yes: "yes" });
    }
    if lower.ends_with("(y/n)?")
        || lower.ends_with("(y/n):")
        || lower.ends_with("[y/n]:")
        || lower.ends_with("[y/n]?")
    {
        return Some(Asked::Confirm { yes: "y" });
    }
    if lower.ends_with("password:")
        || lower.ends_with("passphrase:")
        || SECRET_QUESTIONS.iter().any(|q| line.ends_with(q))
    {
        return Some(Asked::Secret);
    }
    // The DRS network commands' (the platform's wording): `... network server <host>:`.
    if lower.starts_with("please enter password to connect to network server ") && lower.ends_with(':') {
        return Some(Asked::Secret);
    }
    if line.ends_with(':') && LINE_QUESTIONS.iter().any(|q| line.starts_with(q)) {
        return Some(Asked::Line);
    }
    None
}

/// The bytes as text: `\r\n` and `\n` line ends become `\n`; in a line rewritten with `\r`
/// what was written last is kept; terminal sequences are dropped; the pager's prompt and
/// its erase disappear; tabs stay; other control characters are escaped.
pub fn clean(bytes: &[u8]) -> String {
    let raw = String::from_utf8_lossy(bytes);
    let raw = raw.replace(wording::PAGER_PROMPT, "").replace(wording::PAGER_ERASE, "");
    let plain = strip_sequences(&raw);
    let mut out = String::with_capacity(plain.len());
    let mut lines = plain.split('\n').peekable();
    while let Some(line) = lines.next() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let shown = match line.rfind('\r') {
            Some(i) => &line[i + 1..],
            None => line,
        };
        let shown = shown.replace('\x08', "");
        // A tab is what the node wrote (du's columns, a trace's fields): kept, as a terminal
        // shows it; every other control character is escaped.
        for (i, part) in shown.split('\t').enumerate() {
            if i > 0 {
                out.push('\t');
            }
            out.push_str(&crate::engine::text::printable(part));
        }
        if lines.peek().is_some() {
            out.push('\n');
        }
    }
    out
}

/// Removes CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL|ST`) and two-byte escapes.
fn strip_sequences(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('\x40'..='\x7e').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' {
                        break;
                    }
                    if c == '\x1b' && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The text after the echo of the line that was sent (its first line).
pub fn without_echo(text: &str) -> String {
    match text.split_once('\n') {
        Some((_, rest)) => rest.to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_sequences_and_rewrites_are_what_a_terminal_shows() {
        assert_eq!(clean(b"a\r\nb\r\n"), "a\nb\n");
        assert_eq!(clean(b"10%\r50%\r100%\r\n"), "100%\n");
        assert_eq!(clean(b"\x1b[1mbold\x1b[0m\r\n"), "bold\n");
        assert_eq!(clean(b"\x1b]0;title\x07x"), "x");
        // Anything else is escaped, never sent to the terminal.
        assert_eq!(clean(b"a\x07b\x00c"), "a\\x07b\\0c");
        assert_eq!(clean(b"400\t/var/log/active\r\n"), "400\t/var/log/active\n");
        let paged = format!("l1\r\n{}{}l2\r\n", wording::PAGER_PROMPT, wording::PAGER_ERASE);
        assert_eq!(clean(paged.as_bytes()), "l1\nl2\n");
        assert_eq!(without_echo("show status\nHost\n"), "Host\n");
    }

    #[test]
    fn questions_are_recognised_by_their_last_line() {
        assert_eq!(question(b"x\r\nEnter (yes/no)? "), Some(Asked::Confirm { yes: "yes" }));
        assert_eq!(question(b"Continue (y/n)?"), Some(Asked::Confirm { yes: "y" }));
        // A host key is trusted by the user's word, never by --yes.
        assert_eq!(question(b"Are you sure you want to continue connecting (yes/no)? "), Some(Asked::Line));
        assert!(answered_question("Are you sure you want to continue connecting (yes/no)? yes"));
        assert_eq!(question(b"ops@node's password: "), Some(Asked::Secret));
        // `set account name` and `set password user`.
        assert_eq!(question(b"  Please enter the privilege level :"), Some(Asked::Line));
        assert_eq!(question(b"1\r\n      Please enter the password :"), Some(Asked::Secret));
        assert_eq!(question(b"re-enter to confirm :"), Some(Asked::Secret));
        assert_eq!(question(b"Reenter new password to confirm: "), Some(Asked::Secret));
        assert!(answered_question("  Please enter the privilege level :1"));
        assert!(answered_question("      Please enter the password :"));
        assert_eq!(
            question(b"Please enter password to connect to network server 10.0.0.5:"),
            Some(Asked::Secret)
        );
        assert_eq!(question(b"SFTP server IP: "), Some(Asked::Line));
        assert_eq!(question(b"Processing table:"), None);
        assert_eq!(question(b"Fetching [====] 100%\r\x1b[2KSFTP server IP: "), Some(Asked::Line));
        assert!(answered_question("Continue (y/n)?y"));
        assert!(answered_question("Please enter password to connect to network server 10.0.0.5:"));
        assert!(answered_question("SFTP server IP: 10.0.0.5"));
        assert!(!answered_question("transfer of x failed: no such file"));
        assert_eq!(question(b"Enter (yes/no)? \r\nworking"), None);
        assert_eq!(question(b"Would you like to proceed [y/n]? "), Some(Asked::Confirm { yes: "y" }));
        assert_eq!(
            question(b"Enter \"y\" followed by return to continue: "),
            Some(Asked::Confirm { yes: "y" })
        );
        assert_eq!(question(b"\r\nSFTP server port [22]: "), Some(Asked::Line));
        assert_eq!(question(b"Are you sure you want to continue connecting (yes/no)? "), Some(Asked::Line));
        assert_eq!(question(b"Installed Options:"), None);
        assert!(pager_waits(wording::PAGER_PROMPT.as_bytes()));
        assert!(!pager_waits(b"admin:"));
    }
}
