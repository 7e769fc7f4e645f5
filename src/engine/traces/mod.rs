//! Traces: the log files a node's services write, and the `file` commands over them.
//!
//! * [`catalog`]: which files each service writes (the admin guide's locations) and which
//!   services each `file build log` name covers.
//! * [`writer`]: writing those files as services start, stop and work, with rotation and
//!   compression, and generating days of history (`ucsh cluster traces`).
//! * [`paths`]: file specs, and the rule that keeps every path inside its partition.
//! * [`files`]: `file list | view | tail | dump | search | delete`.
//! * [`search`]: `file search`'s parallel search (re-exported by [`files`]).
//! * [`bundle`]: `file build log` (a tar.gz streamed through parallel deflate).
//! * [`get`]: `file get` selection and upload (through [`crate::engine::sftp`]).
//!
//! Like the rest of the engine, nothing here prints or knows about terminals: results are
//! typed and serialisable, progress goes to callbacks.

pub mod bundle;
pub mod catalog;
pub mod deployment_info;
pub mod files;
pub mod get;
pub mod paths;
pub mod search;
pub mod writer;

pub use writer::{history, record, Happening, HistoryReport, SystemEvent};

/// Parses a size such as `500M`, `1G`, `64K` or `1048576` (bytes), for `--size`.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let (num, mult) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let unit = t[i..].to_ascii_uppercase();
            let mult: u64 = match unit.trim_end_matches("IB").trim_end_matches('B') {
                "" => 1,
                "K" => 1 << 10,
                "M" => 1 << 20,
                "G" => 1 << 30,
                "T" => 1 << 40,
                _ => return None,
            };
            (&t[..i], mult)
        }
        None => (t, 1),
    };
    let n: f64 = num.trim().parse().ok()?;
    if !n.is_finite() || n <= 0.0 {
        return None;
    }
    Some((n * mult as f64) as u64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes() {
        assert_eq!(super::parse_size("1G"), Some(1 << 30));
        assert_eq!(super::parse_size("500M"), Some(500 << 20));
        assert_eq!(super::parse_size("64kb"), Some(64 << 10));
        assert_eq!(super::parse_size("1.5MiB"), Some(3 << 19));
        assert_eq!(super::parse_size("12"), Some(12));
        assert_eq!(super::parse_size("x"), None);
        assert_eq!(super::parse_size("-1M"), None);
        assert_eq!(super::parse_size("3Q"), None);
    }
}
