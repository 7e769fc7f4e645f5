//! Remote syslog: the node forwards its alarms and audit events to central syslog servers.
//!
//! - Settings live in `platform.toml` (`[remote_syslog]`): the transport protocol (UDP by
//!   default, TCP or TLS) and the servers. A new protocol is *pending* until the node
//!   restarts (`apply_at_restart`, a restart hook); a server change applies at once.
//! - Delivery needs no daemon: `events::emit` appends each event, already formatted, to the
//!   node's spool on disk (`spool.rs`), and `flush` — run by the front at the end of every
//!   command, bounded in time — sends what each server has not yet received, in order.
//!   Over TCP and TLS a server that does not answer keeps its events in the spool (bounded,
//!   oldest dropped first and counted) and raises the platform's delivery-failed alarm.
//! - TLS (rustls, 1.2 or later) checks the server certificate against the node's trust store
//!   (`trust.rs`, filled by importing the CA certificate) and verifies the host name.
//!
//! This module must not print or know the terminal; results are typed and serialisable.

pub mod spool;
pub mod transport;
pub mod trust;
pub mod wire;

use serde::{Deserialize, Serialize};

use super::error::{EngineError, Result};
use super::node::NodeHandle;
use crate::engine::op::Op;

pub use spool::{flush, FlushReport, ServerFlush};
pub use trust::{import_ca, ImportedCa};

/// What `utils system restart` lists among the settings it applies (the admin guide's
/// restart table calls it "remote audit log transfer protocol").
pub const PENDING_REBOOT_ITEM: &str = "remote audit log transfer protocol";

/// Default size bound of the spool, in events not yet delivered to one server.
pub const DEFAULT_SPOOL_LIMIT: u64 = 100_000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    #[default]
    Udp,
    Tcp,
    Tls,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Udp => "udp",
            Protocol::Tcp => "tcp",
            Protocol::Tls => "tls",
        }
    }

    /// The port a server listens on when none was given: 514 (RFC 5426, RFC 6587) or
    /// 6514 for TLS (RFC 5425).
    pub fn default_port(self) -> u16 {
        match self {
            Protocol::Udp | Protocol::Tcp => 514,
            Protocol::Tls => 6514,
        }
    }

    pub fn parse(text: &str) -> Result<Protocol> {
        match text.to_ascii_lowercase().as_str() {
            "udp" => Ok(Protocol::Udp),
            "tcp" => Ok(Protocol::Tcp),
            "tls" => Ok(Protocol::Tls),
            _ => Err(EngineError::SyslogProtocol { given: text.to_string() }),
        }
    }
}

/// One remote syslog server. Without a port, the protocol's default port is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyslogServer {
    pub host: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

impl SyslogServer {
    pub fn port_for(&self, protocol: Protocol) -> u16 {
        self.port.unwrap_or_else(|| protocol.default_port())
    }

    /// The server's identity in the spool (its delivery cursor).
    pub fn key(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.clone(),
        }
    }
}

/// `[remote_syslog]` in `platform.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteSyslogSettings {
    /// The protocol in effect (since the last restart).
    #[serde(default)]
    pub protocol: Protocol,
    /// A protocol set since the last restart, applied by the next one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_protocol: Option<Protocol>,
    #[serde(default)]
    pub servers: Vec<SyslogServer>,
    /// Most events kept for one server that does not answer; older ones are dropped.
    #[serde(default = "default_spool_limit")]
    pub spool_limit: u64,
}

fn default_spool_limit() -> u64 {
    DEFAULT_SPOOL_LIMIT
}

impl Default for RemoteSyslogSettings {
    fn default() -> Self {
        RemoteSyslogSettings {
            protocol: Protocol::Udp,
            pending_protocol: None,
            servers: Vec::new(),
            spool_limit: DEFAULT_SPOOL_LIMIT,
        }
    }
}

/// The node's remote syslog settings, parsed once per version of `platform.toml`: every
/// event the node raises asks for them. The file is only ever replaced whole (a new inode),
/// so its identity, time and size tell whether the cached copy is current.
pub(crate) fn settings_cached(node: &NodeHandle) -> Result<RemoteSyslogSettings> {
    use std::os::unix::fs::MetadataExt;
    type Entry = (std::path::PathBuf, (u64, u64, i64, i64, u64), RemoteSyslogSettings);
    static CACHE: std::sync::Mutex<Vec<Entry>> = std::sync::Mutex::new(Vec::new());
    let path = node.platform_path();
    let meta =
        std::fs::metadata(&path).map_err(|e| EngineError::io(format!("reading {}", path.display()), e))?;
    let key = (meta.dev(), meta.ino(), meta.mtime(), meta.mtime_nsec(), meta.len());
    if let Ok(cache) = CACHE.lock() {
        if let Some((_, _, s)) = cache.iter().find(|(p, k, _)| *p == path && *k == key) {
            return Ok(s.clone());
        }
    }
    let settings = node.platform()?.remote_syslog;
    if let Ok(mut cache) = CACHE.lock() {
        cache.retain(|(p, _, _)| *p != path);
        if cache.len() >= 64 {
            cache.clear();
        }
        cache.push((path, key, settings.clone()));
    }
    Ok(settings)
}

/// Result of `utils remotesyslog set protocol`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtocolSet {
    pub protocol: Protocol,
    /// The protocol in effect until the node restarts.
    pub active: Protocol,
    /// True when a restart is needed for `protocol` to take effect.
    pub restart_required: bool,
}

/// Result of `utils remotesyslog show protocol`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtocolShow {
    pub protocol: Protocol,
    pub pending: Option<Protocol>,
}

/// Result of `utils remotesyslog add|delete server`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerChange {
    pub added: bool,
    pub server: SyslogServer,
    pub protocol: Protocol,
    pub port: u16,
}

/// One line of `utils remotesyslog show server`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerStatus {
    pub host: String,
    pub port: u16,
    pub protocol: Protocol,
    /// Events waiting in the spool for this server.
    pub queued: u64,
    /// Events dropped because the spool was full.
    pub dropped: u64,
    /// The last delivery error, while the server does not answer.
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerList {
    pub protocol: Protocol,
    pub servers: Vec<ServerStatus>,
}

/// `utils remotesyslog set protocol udp|tcp|tls` (level 4). Pending until the node restarts.
pub fn set_protocol(op: &Op, protocol: Protocol) -> Result<ProtocolSet> {
    let node = op.node();
    // TLS exists on Communications Manager and IM and Presence, the only products a lab
    // node can be; Unity Connection (which lacks it) is not modelled.
    node.update_platform(|p| {
        let active = p.remote_syslog.protocol;
        p.pending_reboot.retain(|item| item != PENDING_REBOOT_ITEM);
        if protocol == active {
            p.remote_syslog.pending_protocol = None;
        } else {
            p.remote_syslog.pending_protocol = Some(protocol);
            p.pending_reboot.push(PENDING_REBOOT_ITEM.to_string());
        }
        Ok(ProtocolSet { protocol, active, restart_required: protocol != active })
    })
}

/// `utils remotesyslog show protocol` (level 0).
pub fn show_protocol(op: &Op) -> Result<ProtocolShow> {
    let node = op.node();
    let s = node.platform()?.remote_syslog;
    Ok(ProtocolShow { protocol: s.protocol, pending: s.pending_protocol })
}

/// Applies a pending protocol: the node's restart (`platform::restart`, through its list of
/// restart hooks) calls this after stopping the services. Returns what took effect, in the
/// words `utils system restart` lists.
pub fn apply_at_restart(node: &NodeHandle) -> Result<Vec<String>> {
    node.update_platform(|p| {
        p.pending_reboot.retain(|item| item != PENDING_REBOOT_ITEM);
        Ok(match p.remote_syslog.pending_protocol.take() {
            Some(proto) => {
                p.remote_syslog.protocol = proto;
                vec![PENDING_REBOOT_ITEM.to_string()]
            }
            None => Vec::new(),
        })
    })
}

/// Most remote syslog servers a node sends to (README): each one's delivery shares the
/// flush's deadline, at the end of every command.
pub const MAX_SERVERS: usize = 8;

fn validate_host(host: &str) -> Result<()> {
    // A name whose last label is all digits is an address (RFC 1123 2.1): `999.1.1.1` is
    // a bad IPv4 address, not a host name.
    let numeric_tail =
        host.rsplit('.').next().is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()));
    let ok = !host.is_empty()
        && host.len() <= 253
        && (host.parse::<std::net::IpAddr>().is_ok()
            || (!numeric_tail
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })));
    if ok {
        Ok(())
    } else {
        Err(EngineError::SyslogHost { host: crate::engine::text::printable(host).into_owned() })
    }
}

fn validate_port(port: Option<u16>) -> Result<()> {
    match port {
        Some(0) => Err(EngineError::SyslogPortZero),
        _ => Ok(()),
    }
}

/// `utils remotesyslog add server <host> [port]` (level 4, a ucsh extension). Applies at once:
/// the server receives every event raised from now on.
pub fn add_server(op: &Op, host: &str, port: Option<u16>) -> Result<ServerChange> {
    let node = op.node();
    validate_host(host)?;
    validate_port(port)?;
    let server = SyslogServer { host: host.to_ascii_lowercase(), port };
    node.update_platform(|p| {
        let s = &mut p.remote_syslog;
        if s.servers.iter().any(|x| x == &server) {
            return Err(EngineError::SyslogServerExists { server: server.key() });
        }
        if s.servers.len() >= MAX_SERVERS {
            return Err(EngineError::SyslogServerLimit { max: MAX_SERVERS });
        }
        spool::start_cursor(node, &server.key())?;
        s.servers.push(server.clone());
        let protocol = s.protocol;
        Ok(ServerChange { added: true, port: server.port_for(protocol), server, protocol })
    })
}

/// `utils remotesyslog delete server <host> [port]` (level 4, a ucsh extension). Events not
/// yet delivered to that server are discarded with it.
pub fn delete_server(op: &Op, host: &str, port: Option<u16>) -> Result<ServerChange> {
    let node = op.node();
    let host = host.to_ascii_lowercase();
    node.update_platform(|p| {
        let s = &mut p.remote_syslog;
        let matching = |x: &SyslogServer| x.host == host && (port.is_none() || x.port == port);
        if port.is_none() && s.servers.iter().filter(|x| matching(x)).count() > 1 {
            return Err(EngineError::SyslogServerAmbiguous { host: host.clone() });
        }
        let pos = s.servers.iter().position(matching).ok_or_else(|| EngineError::SyslogServerUnknown {
            server: match port {
                Some(p) => format!("{host}:{p}"),
                None => host.clone(),
            },
        })?;
        let server = s.servers.remove(pos);
        spool::drop_cursor(node, &server.key())?;
        let protocol = s.protocol;
        Ok(ServerChange { added: false, port: server.port_for(protocol), server, protocol })
    })
}

/// `utils remotesyslog show server` (level 0): servers with their spool state.
pub fn show_servers(op: &Op) -> Result<ServerList> {
    let node = op.node();
    let s = node.platform()?.remote_syslog;
    let status = spool::status(node)?;
    let servers = s
        .servers
        .iter()
        .map(|srv| {
            let st = status.iter().find(|c| c.key == srv.key());
            ServerStatus {
                host: srv.host.clone(),
                port: srv.port_for(s.protocol),
                protocol: s.protocol,
                queued: st.map_or(0, |c| c.queued),
                dropped: st.map_or(0, |c| c.dropped),
                last_error: st.and_then(|c| c.last_error.clone()),
            }
        })
        .collect();
    Ok(ServerList { protocol: s.protocol, servers })
}
