//! The message a node sends to a remote syslog server, and its framing on the wire.
//!
//! The body is the platform's message shape (CLI-REFERENCE §5):
//! `<seq>: <fqdn>: <Mon dd yyyy hh:mm:ss.cc> UTC : %UC_<fac>-<sev>-<name>: %[AppID=..][ClusterID=..][NodeID=..]: <text>`,
//! carried as the MSG of an RFC 5424 record from facility local7. Over UDP one record is one
//! datagram (RFC 5426); over TCP and TLS each record is octet-counted (RFC 6587 §3.4.1,
//! RFC 5425 §4.3): `<length> <record>`.
//!
//! The record is built here rather than by a syslog client crate because its timestamp must
//! come from the engine clock and its host name from the node, not from the machine running
//! ucsh, and because the spool stores records already formatted.

use chrono::{DateTime, Utc};

use crate::engine::events::{Category, Event};
use crate::engine::node::NodeHandle;

/// Facility local7, as the platform sends.
const FACILITY_LOCAL7: u8 = 23;

/// Longest record sent: RFC 5424 §6.1 says receivers should accept 2048 octets.
pub const MAX_RECORD: usize = 2048;

/// Formats records for one node: the node's names are computed once, and the two renderings
/// of a timestamp once per distinct time (a batch of events shares one).
pub struct Formatter<'a> {
    node: &'a NodeHandle,
    fqdn: String,
    stamp: Option<(DateTime<Utc>, String, String)>,
}

impl<'a> Formatter<'a> {
    pub fn new(node: &'a NodeHandle) -> Self {
        Formatter { node, fqdn: node.spec.fqdn(), stamp: None }
    }

    /// Appends the RFC 5424 record (without framing) for `event`, numbered `seq`, raised
    /// `at`, to `out`. Control characters become spaces (a record is one spool line) and the
    /// record is cut at `MAX_RECORD` bytes.
    pub fn record(&mut self, event: &Event, seq: u64, at: DateTime<Utc>, out: &mut Vec<u8>) {
        use std::io::Write as _;
        if self.stamp.as_ref().is_none_or(|(t, _, _)| *t != at) {
            let centis = at.timestamp_subsec_millis() / 10;
            let iso = at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
            let platform = format!("{}.{centis:02}", at.format("%b %d %Y %H:%M:%S"));
            self.stamp = Some((at, iso, platform));
        }
        let Some((_, iso, platform)) = &self.stamp else { return };
        let sev = event.severity as u8;
        let facility = match event.category {
            Category::Alarm => "GENERIC",
            Category::Audit => "AUDITLOG",
        };
        let begin = out.len();
        // Writing into a Vec cannot fail.
        let _ = write!(
            out,
            "<{pri}>1 {iso} {fqdn} - - {msgid} - {seq}: {fqdn}: {platform} UTC : %UC_{facility}-{sev}-",
            pri = u16::from(FACILITY_LOCAL7) * 8 + u16::from(sev),
            fqdn = self.fqdn,
            msgid = msgid(&event.name),
        );
        let fields = out.len();
        let _ = write!(
            out,
            "{name}: %[AppID={app}][ClusterID={cluster}][NodeID={node}]: {text}",
            name = event.name,
            app = event.app,
            cluster = self.node.cluster,
            node = self.node.spec.hostname,
            text = event.message,
        );
        for b in &mut out[fields..] {
            if *b < 0x20 || *b == 0x7f {
                *b = b' ';
            }
        }
        if out.len() - begin > MAX_RECORD {
            let mut cut = begin + MAX_RECORD;
            // Back to the start of a UTF-8 character.
            while cut > begin && (out[cut] & 0xC0) == 0x80 {
                cut -= 1;
            }
            out.truncate(cut);
        }
    }
}

/// The RFC 5424 record for one event (see `Formatter::record`).
pub fn record(node: &NodeHandle, event: &Event, seq: u64, at: DateTime<Utc>) -> String {
    let mut out = Vec::new();
    Formatter::new(node).record(event, seq, at, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 5424 MSGID: 1-32 printable US-ASCII characters, else the nil value.
fn msgid(name: &str) -> &str {
    if !name.is_empty() && name.len() <= 32 && name.bytes().all(|b| (33..=126).contains(&b)) {
        name
    } else {
        "-"
    }
}

/// Appends `record` octet-counted (RFC 6587 §3.4.1) to `out`.
pub fn frame_octet_counted(record: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(record.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(record.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octet_counting_counts_bytes_not_chars() {
        let mut out = Vec::new();
        frame_octet_counted("é1", &mut out);
        assert_eq!(out, b"3 \xc3\xa91");
    }

    fn node() -> NodeHandle {
        let d = crate::engine::deployment::standard(&crate::engine::deployment::InitOptions::default());
        let spec = d.clusters[0].nodes[0].clone();
        NodeHandle::new(
            "cluster1",
            spec,
            std::path::PathBuf::from("/nonexistent"),
            crate::engine::Clock::system(),
        )
    }

    #[test]
    fn record_is_one_line_and_bounded() {
        let at =
            chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00.537Z").map(|t| t.with_timezone(&Utc));
        let at = at.unwrap_or_default();
        let mut e = Event::audit("LoginFailed", "line one\nline two\ttab".into());
        let r = record(&node(), &e, 7, at);
        assert_eq!(
            r,
            "<189>1 2026-11-23T10:00:00.537Z cucm-pub.cluster1.ucsh.lab - - LoginFailed - 7: \
             cucm-pub.cluster1.ucsh.lab: Nov 23 2026 10:00:00.53 UTC : %UC_AUDITLOG-5-LoginFailed: \
             %[AppID=Cisco CLI][ClusterID=cluster1][NodeID=cucm-pub]: line one line two tab"
        );
        e.message = "é".repeat(MAX_RECORD);
        let r = record(&node(), &e, 8, at);
        assert!(r.len() <= MAX_RECORD && r.len() > MAX_RECORD - 2, "{}", r.len());
        assert!(r.ends_with('é'));
    }

    #[test]
    fn msgid_falls_back_to_nil() {
        assert_eq!(msgid("ServiceStarted"), "ServiceStarted");
        assert_eq!(msgid("has space"), "-");
        assert_eq!(msgid(&"x".repeat(33)), "-");
    }
}
