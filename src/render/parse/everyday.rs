//! Reads back the everyday commands of `render/everyday.rs` that have structured output:
//! `show logins successful|unsuccessful`, `show open ports`, `show network status`,
//! `utils service auto-restart enable|disable|show`.

use std::net::Ipv4Addr;

use super::ParseCtx;
use crate::engine::everyday::{LoginRecord, Logins};
use crate::engine::ports::{self, NetRow, NetworkStatus, OpenPorts, Process, Proto, Socket};
use crate::engine::services::{AutoRestart, AutoRestartAction};
use crate::render::everyday::EXECUTING;
use crate::render::Report;

/// The first `n` blank-separated words of a line and what follows them (its leading blanks
/// removed, its own blanks kept).
fn words(line: &str, n: usize) -> Option<(Vec<&str>, &str)> {
    let mut out = Vec::with_capacity(n);
    let mut rest = line.trim_start();
    for _ in 0..n {
        let end = rest.find(' ').unwrap_or(rest.len());
        if end == 0 {
            return None;
        }
        out.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    Some((out, rest))
}

pub fn logins(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let successful = !ctx.invocation.spec.path.contains("unsuccessful");
    Ok(Box::new(parse_logins(text, successful)?))
}

pub fn parse_logins(text: &str, successful: bool) -> Result<Logins, String> {
    let mut records = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (w, when) = words(line, 3).ok_or_else(|| format!("not a login line: {line:?}"))?;
        if when.is_empty() {
            return Err(format!("no date in {line:?}"));
        }
        records.push(LoginRecord {
            account: w[0].to_string(),
            line: w[1].to_string(),
            host: w[2].to_string(),
            when: when.trim_end().to_string(),
            at: None,
        });
    }
    Ok(Logins { successful, records })
}

pub fn open_ports(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_open_ports(text)?))
}

fn endpoint(s: &str) -> Result<(Option<Ipv4Addr>, u16), String> {
    let (host, port) = s.rsplit_once(':').ok_or_else(|| format!("no port in {s:?}"))?;
    let port = port.parse().map_err(|_| format!("bad port in {s:?}"))?;
    let ip =
        if host == "*" { None } else { Some(host.parse().map_err(|_| format!("bad address {host:?}"))?) };
    Ok((ip, port))
}

/// The service a socket's process belongs to, from the port tables (listening) or the
/// database connections (connected).
fn service_of(command: &str, proto: Proto, port: u16, listening: bool) -> String {
    use crate::engine::deployment::Product;
    if !listening {
        return match command {
            "dbmon" => "Cisco Database Layer Monitor",
            _ => "A Cisco DB",
        }
        .to_string();
    }
    [Product::Cm, Product::Imp]
        .into_iter()
        .flat_map(ports::port_defs)
        .find(|d| {
            d.port == port
                && d.proto == proto
                && ports::lsof_command(&ports::process_of(d.service)) == command
        })
        .map(|d| d.service.to_string())
        .unwrap_or_default()
}

pub fn parse_open_ports(text: &str) -> Result<OpenPorts, String> {
    let mut sockets = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty() && *l != EXECUTING) {
        let (w, rest) = words(line, 9).ok_or_else(|| format!("not an lsof line: {line:?}"))?;
        let fd = w[3]
            .strip_suffix('u')
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| format!("bad fd in {line:?}"))?;
        let pid: u32 = w[1].parse().map_err(|_| format!("bad pid in {line:?}"))?;
        let inode: u32 = w[5].parse().map_err(|_| format!("bad inode in {line:?}"))?;
        let proto = match w[7] {
            "TCP" => Proto::Tcp,
            "UDP" => Proto::Udp,
            other => return Err(format!("unknown protocol {other:?}")),
        };
        let (local, remote, listening) = match (proto, w[8].split_once("->")) {
            (_, Some((l, r))) if rest == "(ESTABLISHED)" => {
                let (rip, rport) = endpoint(r)?;
                (endpoint(l)?, Some((rip.ok_or("a connection to *")?, rport)), false)
            }
            (Proto::Tcp, None) if rest == "(LISTEN)" => (endpoint(w[8])?, None, true),
            (Proto::Udp, None) if rest.is_empty() => (endpoint(w[8])?, None, true),
            _ => return Err(format!("not a socket line: {line:?}")),
        };
        sockets.push(Socket {
            process: Process {
                service: service_of(w[0], proto, local.1, listening),
                command: w[0].to_string(),
                pid,
                user: w[2].to_string(),
            },
            fd,
            inode,
            proto,
            local_ip: local.0,
            local_port: local.1,
            remote,
        });
    }
    Ok(OpenPorts { sockets })
}

pub fn network_status(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_network_status(text)?))
}

pub fn parse_network_status(text: &str) -> Result<NetworkStatus, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().ok_or("no output")?;
    let heading = first
        .strip_prefix("Active Internet connections (")
        .and_then(|h| h.strip_suffix(')'))
        .ok_or_else(|| format!("not a netstat heading: {first:?}"))?
        .to_string();
    let head = lines.next().ok_or("no column heading")?;
    let detail = head.contains(" User ");
    let process = head.contains("PID/Program name");
    let mut rows = Vec::new();
    for line in lines {
        let (w, rest) = words(line, 5).ok_or_else(|| format!("not a netstat line: {line:?}"))?;
        let proto = match w[0] {
            "tcp" => Proto::Tcp,
            "udp" => Proto::Udp,
            other => return Err(format!("unknown protocol {other:?}")),
        };
        let mut more = rest.split_whitespace();
        let state =
            if proto == Proto::Tcp { more.next().ok_or("no state")?.to_string() } else { String::new() };
        let (user, inode) = if detail {
            let u = more.next().ok_or("no user")?.to_string();
            let i = more.next().and_then(|i| i.parse().ok()).ok_or("no inode")?;
            (Some(u), Some(i))
        } else {
            (None, None)
        };
        let program = if process { Some(more.next().ok_or("no program")?.to_string()) } else { None };
        if more.next().is_some() {
            return Err(format!("too many columns: {line:?}"));
        }
        rows.push(NetRow { proto, local: w[3].into(), foreign: w[4].into(), state, user, inode, program });
    }
    Ok(NetworkStatus { heading, detail, process, rows })
}

pub fn auto_restart(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    let path = ctx.invocation.spec.path;
    let action = if path.ends_with("show") {
        AutoRestartAction::Show
    } else if path.ends_with("disable") {
        AutoRestartAction::Disable
    } else {
        AutoRestartAction::Enable
    };
    Ok(Box::new(parse_auto_restart(text, action)?))
}

pub fn parse_auto_restart(text: &str, action: AutoRestartAction) -> Result<AutoRestart, String> {
    let line = text.lines().map(str::trim_end).find(|l| !l.is_empty()).ok_or("no output")?;
    let state = |s: &str| match s {
        "enabled" => Ok(true),
        "disabled" => Ok(false),
        other => Err(format!("{other:?} is neither enabled nor disabled")),
    };
    let (service, enabled, changed) = if let Some((service, s)) = line.rsplit_once(": auto-restart is ") {
        (service, state(s)?, false)
    } else if let Some(rest) = line.strip_prefix("Auto-restart is already ") {
        let (s, service) =
            rest.split_once(" for ").ok_or_else(|| format!("not an auto-restart line: {line:?}"))?;
        (service, state(s)?, false)
    } else if let Some(rest) = line.strip_prefix("Auto-restart ") {
        let (s, service) =
            rest.split_once(" for ").ok_or_else(|| format!("not an auto-restart line: {line:?}"))?;
        (service, state(s)?, true)
    } else {
        return Err(format!("not an auto-restart line: {line:?}"));
    };
    Ok(AutoRestart { action, service: service.to_string(), enabled, changed })
}
