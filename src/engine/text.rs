//! Text from data (files, databases, archives, peers) made safe to show on a terminal.
//!
//! A value that reaches the terminal as it is can carry control characters: an escape
//! sequence that rewrites the screen, a newline that forges a heading or an `Error:` line.
//! Whatever shows data shows it through [`printable`]: control characters become visible
//! escapes (`\x1b`, `\n`), everything else is kept.

use std::borrow::Cow;

/// `text` with every control character (C0, DEL, C1) written as an escape: `\n`, `\r`,
/// `\t`, `\0` or `\xNN` (`\u{NNNN}` beyond one byte); a backslash stays as it is.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds a control character.
pub fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Escapes text for an XML element's content or an attribute (`&`, `<`, `>`, `"`, `'`), and
/// writes control characters other than newline and tab as character references, so the
/// document holds no raw control byte.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push_str(&format!("&#{};", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(printable("plain"), "plain");
        assert_eq!(printable("a\nb"), "a\\nb");
        assert_eq!(printable("\u{1b}[2J"), "\\x1b[2J");
        assert_eq!(printable("x\u{0}y\u{7f}\u{9b}"), "x\\0y\\x7f\\x9b");
    }
}
