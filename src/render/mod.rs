//! Typed results → the platform's text, or JSON from the same types.
//!
//! Each command family implements [`Report`] for the engine's result types in its own file.
//! The text is written once here; the remote backend (later) parses the same text back into
//! the same types, and a round-trip test keeps the two honest.

use serde::Serialize;

pub mod platform;
pub mod session;
pub mod settings;
pub mod status;
pub mod wording;
// ===== feature renderers (one line each; keep the markers) =====
pub mod branding;
pub mod cert;
pub mod cluster;
pub mod cores;
pub mod dbreplication;
pub mod diagnose;
pub mod drs;
pub mod em;
pub mod em_api;
pub mod emcc_config;
pub mod everyday;
pub mod file;
pub mod ha;
pub mod imp;
pub mod network;
pub mod ntp;
pub mod parse;
pub mod perf;
pub mod remotesyslog;
pub mod run_sql;
pub mod users;

// ===== end =====

pub use status::ExitStatus;

/// What every command returns.
pub trait Report {
    /// The platform's text; every line ends with `\n`.
    fn text(&self, out: &mut String);
    /// The same result as JSON (serde field names are the stable API).
    fn json(&self) -> serde_json::Value;
    /// A check that ran and found problems (validation, diagnostics, replication
    /// mismatches): the command exits 3.
    fn findings(&self) -> bool {
        false
    }
    /// The command ended the node's session (`utils system shutdown`, `switch-version`):
    /// the shell leaves after writing it, as the platform drops the connection.
    fn ends_session(&self) -> bool {
        false
    }
}

/// JSON of any serialisable result (a serialisation failure becomes its message).
pub fn to_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value)
        .unwrap_or_else(|e| serde_json::Value::String(format!("serialisation failed: {e}")))
}

/// A command whose whole result is a few lines of text (confirmations such as
/// `Automatic pagination is turned off`). JSON: `{"message": "..."}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub message: String,
}

impl Message {
    /// The text without its last line end (the text form adds it back), so the message
    /// reads back from the text as it was made.
    pub fn new(text: impl Into<String>) -> Box<Message> {
        let mut message = text.into();
        if message.ends_with('\n') {
            message.pop();
        }
        Box::new(Message { message })
    }
}

impl Report for Message {
    fn text(&self, out: &mut String) {
        out.push_str(&self.message);
        if !self.message.is_empty() {
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// Nothing to say (e.g. `quit`).
pub struct Nothing;

impl Report for Nothing {
    fn text(&self, _out: &mut String) {}
    fn json(&self) -> serde_json::Value {
        serde_json::json!({})
    }
}

/// Where a command's output and errors go.
pub trait Sink {
    /// Command output (the pager may hold it back a page at a time).
    fn out(&mut self, text: &str);
    /// Error text (the reason and `Executed command unsuccessfully`).
    fn err(&mut self, text: &str);
    /// Output is paged: it must come in one piece, not written as a command goes.
    fn pages(&self) -> bool {
        false
    }
    /// Nobody reads the output any more (`| head` ended): a command may stop early.
    fn closed(&self) -> bool {
        false
    }
}
