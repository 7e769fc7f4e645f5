//! The engine's one source of time. `UCSH_NOW` (RFC 3339) pins it, so trace ages,
//! timestamps and report names are reproducible in tests. Nothing in the engine calls
//! `Utc::now()` directly.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    pinned: Option<DateTime<Utc>>,
}

impl Clock {
    /// The wall clock.
    pub fn system() -> Self {
        Clock { pinned: None }
    }

    /// A clock stopped at `at`.
    pub fn pinned(at: DateTime<Utc>) -> Self {
        Clock { pinned: Some(at) }
    }

    /// Parses a `UCSH_NOW` value (RFC 3339, e.g. `2026-11-23T10:00:00Z`).
    pub fn from_rfc3339(text: &str) -> std::result::Result<Self, String> {
        DateTime::parse_from_rfc3339(text.trim())
            .map(|t| Clock::pinned(t.with_timezone(&Utc)))
            .map_err(|e| format!("UCSH_NOW must be an RFC 3339 time such as 2026-11-23T10:00:00Z ({e})"))
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.pinned.unwrap_or_else(Utc::now)
    }

    pub fn is_pinned(&self) -> bool {
        self.pinned.is_some()
    }
}
