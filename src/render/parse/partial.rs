//! A result read back from a text that does not carry all of it.
//!
//! Several renderers write only part of their result (`utils dbreplication reset` names each
//! node by its address, not its name; `set cert regen` does not print the new serial). The
//! parser then builds the engine's own type from what the text shows, and wraps it in a
//! [`Partial`] naming the fields the text does not carry: they are left out of the JSON (never
//! filled with a guess), and the text is written by the engine type's own renderer, so it is
//! the node's text again.

use crate::render::Report;

/// The engine's result with the fields its text does not carry; see the module comment.
pub struct Partial {
    inner: Box<dyn Report>,
    /// Paths of the fields left out of the JSON (see [`remove`]).
    unknown: Vec<String>,
}

impl Partial {
    pub fn new(inner: impl Report + 'static, unknown: &[&str]) -> Partial {
        Partial { inner: Box::new(inner), unknown: unknown.iter().map(|s| s.to_string()).collect() }
    }
}

/// `value` without the field at `path`: `a.b` is field `b` of object `a`, `a.*.b` field `b`
/// of each element of array `a`.
pub fn remove(value: &mut serde_json::Value, path: &str) {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    match (head, rest, value) {
        ("*", Some(rest), serde_json::Value::Array(items)) => {
            for v in items {
                remove(v, rest);
            }
        }
        (key, None, serde_json::Value::Object(o)) => {
            o.remove(key);
        }
        (key, Some(rest), serde_json::Value::Object(o)) => {
            if let Some(v) = o.get_mut(key) {
                remove(v, rest);
            }
        }
        _ => {}
    }
}

impl Report for Partial {
    fn text(&self, out: &mut String) {
        self.inner.text(out)
    }
    fn json(&self) -> serde_json::Value {
        let mut v = self.inner.json();
        for p in &self.unknown {
            remove(&mut v, p);
        }
        v
    }
    fn findings(&self) -> bool {
        self.inner.findings()
    }
}

/// The text after what the command asked on its way (a warning and `Continue (y/n)?` with
/// the answer, the SFTP server's questions): after the last line that begins with one of
/// `questions`. Text without such a line is returned whole.
pub fn after_questions<'t>(text: &'t str, questions: &[&str]) -> &'t str {
    let mut at = 0;
    let mut from = 0;
    for line in text.split_inclusive('\n') {
        from += line.len();
        if questions.iter().any(|q| line.trim_start().starts_with(q)) {
            at = from;
        }
    }
    &text[at..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_leave_the_json() {
        let mut v = serde_json::json!({"a": 1, "n": [{"x": 1, "y": 2}, {"x": 3}], "o": {"p": 1, "q": 2}});
        for p in ["a", "n.*.x", "o.q", "missing.z"] {
            remove(&mut v, p);
        }
        assert_eq!(v, serde_json::json!({"n": [{"y": 2}, {}], "o": {"p": 1}}));
    }

    #[test]
    fn the_questions_are_skipped() {
        let t = "WARNING: x\nContinue (y/n)?y\nDone.\n";
        assert_eq!(after_questions(t, &["Continue (y/n)?"]), "Done.\n");
        assert_eq!(after_questions("Done.\n", &["Continue (y/n)?"]), "Done.\n");
    }
}
