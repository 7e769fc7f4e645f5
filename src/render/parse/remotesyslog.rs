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

// ----- set protocol, add | delete server, import cacert (replication, branding, syslog,
// certificates, DRS group) -----

use super::dbreplication::same_text;
use super::partial::Partial;
use crate::engine::syslog::{ImportedCa, ProtocolSet, ServerChange, SyslogServer};

fn line_after<'t>(text: &'t str, prefix: &str) -> Result<&'t str, String> {
    text.lines()
        .find_map(|l| l.strip_prefix(prefix))
        .map(str::trim_end)
        .ok_or_else(|| format!("no \"{prefix}\" line"))
}

/// `utils remotesyslog set protocol`: all of it (without the restart line the protocol set
/// is the one in force).
pub fn set_protocol(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_set_protocol(text)?))
}

pub fn parse_set_protocol(text: &str) -> Result<ProtocolSet, String> {
    let set = protocol(line_after(text, "Remote syslog protocol set to ")?.trim_end_matches('.'))?;
    let active = match line_after(text, "Restart the node for the changes to take effect (") {
        Ok(r) => Some(protocol(r.strip_suffix(" is used until then).").ok_or("no protocol in force")?)?),
        Err(_) => None,
    };
    let v = ProtocolSet { protocol: set, active: active.unwrap_or(set), restart_required: active.is_some() };
    same_text(&v, text, "utils remotesyslog set protocol")?;
    Ok(v)
}

/// `utils remotesyslog add server | delete server`: the server, port and protocol. Whether
/// the port was given on the command line (`server.port`) is not in the text.
pub fn server_change(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(Partial::new(parse_server_change(text)?, &["server.port"])))
}

pub fn parse_server_change(text: &str) -> Result<ServerChange, String> {
    let r = line_after(text, "Remote syslog server ")?;
    let (r, p) = r.strip_suffix(").").and_then(|r| r.rsplit_once(" (")).ok_or("no protocol")?;
    let (r, added) = if let Some(r) = r.strip_suffix(" added") {
        (r, true)
    } else {
        (r.strip_suffix(" deleted").ok_or("neither added nor deleted")?, false)
    };
    let (host, port) = r.rsplit_once(" port ").ok_or("no port")?;
    let v = ServerChange {
        added,
        server: SyslogServer { host: host.to_string(), port: None },
        protocol: protocol(p)?,
        port: super::number(port, "port")?,
    };
    same_text(&v, text, "a remote syslog server change")?;
    Ok(v)
}

/// `utils remotesyslog import cacert`: all of it.
pub fn import_cacert(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_import_cacert(text)?))
}

pub fn parse_import_cacert(text: &str) -> Result<ImportedCa, String> {
    let r = line_after(text, "Successfully imported certificate ")?;
    let (r, store) = r.strip_suffix('.').and_then(|r| r.rsplit_once(") into ")).ok_or("no trust store")?;
    let (name, count) = r.rsplit_once(" (").ok_or("no certificate count")?;
    let count = count.split(' ').next().unwrap_or_default();
    let v = ImportedCa {
        trust_store: store.to_string(),
        name: name.to_string(),
        certificates: super::number(count, "certificates")?,
        replaced: text.lines().any(|l| l == "The certificate of the same name was replaced."),
    };
    same_text(&v, text, "utils remotesyslog import cacert")?;
    Ok(v)
}
