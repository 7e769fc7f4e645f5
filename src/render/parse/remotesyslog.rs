//! Reads back `utils remotesyslog show protocol | show server` (render/remotesyslog.rs).

use super::ParseCtx;
use crate::engine::syslog::{Protocol, ProtocolShow, ServerList, ServerStatus};
use crate::render::Report;

fn protocol(s: &str) -> Result<Protocol, String> {
    Protocol::parse(s.trim()).map_err(|_| format!("not a protocol: {:?}", s.trim()))
}

pub fn show_protocol(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_show_protocol(text)?))
}

pub fn parse_show_protocol(text: &str) -> Result<ProtocolShow, String> {
    let active = protocol(super::field(text, "Remote syslog protocol")?)?;
    let pending = super::field(text, "Pending (after the node restarts)").ok().map(protocol).transpose()?;
    Ok(ProtocolShow { protocol: active, pending })
}

pub fn show_server(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_show_server(text)?))
}

/// The protocol line, then a table `Server Port Queued Dropped Status` (the status `ok` or
/// `delivery failing: <error>`), or the line saying there is none.
pub fn parse_show_server(text: &str) -> Result<ServerList, String> {
    let active = protocol(super::field(text, "Remote syslog protocol")?)?;
    let mut servers = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).skip(1) {
        if line == "No remote syslog server is configured." || line.starts_with("Server ") {
            continue;
        }
        // Columns are padded: the first four are words, the status the rest of the line.
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 5 {
            return Err(format!("not a server row: {line:?}"));
        }
        let status_at = nth_word_end(line, 4);
        let status = line[status_at..].trim();
        let last_error = match status {
            "ok" => None,
            s => Some(
                s.strip_prefix("delivery failing: ")
                    .ok_or_else(|| format!("not a status: {s:?}"))?
                    .to_string(),
            ),
        };
        servers.push(ServerStatus {
            host: cols[0].to_string(),
            port: super::number(cols[1], "Port")?,
            protocol: active,
            queued: super::number(cols[2], "Queued")?,
            dropped: super::number(cols[3], "Dropped")?,
            last_error,
        });
    }
    Ok(ServerList { protocol: active, servers })
}

/// Where the `n`th blank-separated word of `line` ends.
fn nth_word_end(line: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    line.len()
}
