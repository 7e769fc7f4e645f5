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

/// The RFC 5424 record (without framing) for `event`, numbered `seq`, raised `at`.
pub fn record(node: &NodeHandle, event: &Event, seq: u64, at: DateTime<Utc>) -> String {
    let sev = event.severity as u8;
    let fqdn = node.spec.fqdn();
    let facility = match event.category {
        Category::Alarm => "GENERIC",
        Category::Audit => "AUDITLOG",
    };
    let centis = at.timestamp_subsec_millis() / 10;
    let mut out = format!(
        "<{pri}>1 {ts} {fqdn} - - {msgid} - {seq}: {fqdn}: {day}.{centis:02} UTC : %UC_{facility}-{sev}-{name}: \
         %[AppID={app}][ClusterID={cluster}][NodeID={node}]: {text}",
        pri = u16::from(FACILITY_LOCAL7) * 8 + u16::from(sev),
        ts = at.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
        msgid = msgid(&event.name),
        day = at.format("%b %d %Y %H:%M:%S"),
        name = event.name,
        app = event.app,
        cluster = node.cluster,
        node = node.spec.hostname,
        text = event.message,
    );
    // One record is one line in the spool: no line breaks or other control characters.
    if out.bytes().any(|b| b < 0x20) {
        out = out.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    }
    if out.len() > MAX_RECORD {
        let mut cut = MAX_RECORD;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    out
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

    #[test]
    fn msgid_falls_back_to_nil() {
        assert_eq!(msgid("ServiceStarted"), "ServiceStarted");
        assert_eq!(msgid("has space"), "-");
        assert_eq!(msgid(&"x".repeat(33)), "-");
    }
}
