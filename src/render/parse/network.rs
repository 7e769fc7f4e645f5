//! Reads back the network and time utilities: `utils network ping | host | connectivity |
//! arp list | traceroute`, `show network route`, `show timezone config` (render/network.rs).

use std::net::Ipv4Addr;

use super::{number, ParseCtx};
use crate::engine::network::{
    ArpEntry, ArpList, Connectivity, Hop, HostLookup, Ping, PingLine, Route, Routes, TimezoneConfig,
    Traceroute,
};
use crate::render::Report;

fn ipv4(s: &str, what: &str) -> Result<Ipv4Addr, String> {
    s.trim().parse().map_err(|_| format!("{what}: {:?} is not an IPv4 address", s.trim()))
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty())
}

pub fn ping(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_ping(text)?))
}

pub fn parse_ping(text: &str) -> Result<Ping, String> {
    let mut it = lines(text);
    let first = it.next().ok_or("no output")?;
    if let Some(dest) = first.strip_prefix("ping: unknown host ") {
        return Ok(Ping {
            destination: dest.to_string(),
            address: None,
            transmitted: 0,
            received: 0,
            errors: 0,
            lines: Vec::new(),
            time_ms: 0,
            rtt: None,
        });
    }
    // `PING <dest> (<ip>) 56(84) bytes of data.`
    let rest = first.strip_prefix("PING ").ok_or_else(|| format!("not a ping heading: {first:?}"))?;
    let rest = rest
        .strip_suffix(") 56(84) bytes of data.")
        .ok_or_else(|| format!("not a ping heading: {first:?}"))?;
    let (destination, ip) = rest.rsplit_once(" (").ok_or_else(|| format!("not a ping heading: {first:?}"))?;
    let address = ipv4(ip, "ping address")?;
    let mut ping = Ping {
        destination: destination.to_string(),
        address: Some(address),
        transmitted: 0,
        received: 0,
        errors: 0,
        lines: Vec::new(),
        time_ms: 0,
        rtt: None,
    };
    for line in it {
        if let Some(reply) = line.strip_prefix("64 bytes from ") {
            let (_, fields) = reply.rsplit_once(": ").ok_or_else(|| format!("not a reply: {line:?}"))?;
            let mut seq = None;
            let mut ttl = None;
            let mut time = None;
            for f in fields.split(' ') {
                if let Some(v) = f.strip_prefix("icmp_seq=") {
                    seq = Some(number(v, "icmp_seq")?);
                } else if let Some(v) = f.strip_prefix("ttl=") {
                    ttl = Some(number(v, "ttl")?);
                } else if let Some(v) = f.strip_prefix("time=") {
                    time = Some(number(v, "time")?);
                }
            }
            match (seq, ttl, time) {
                (Some(seq), Some(ttl), Some(time_ms)) => {
                    ping.lines.push(PingLine::Reply { seq, ttl, time_ms })
                }
                _ => return Err(format!("not a reply: {line:?}")),
            }
        } else if let Some(from) = line.strip_prefix("From ") {
            let (from, rest) =
                from.split_once(" icmp_seq=").ok_or_else(|| format!("not a reply: {line:?}"))?;
            let seq = rest
                .strip_suffix(" Destination Host Unreachable")
                .ok_or_else(|| format!("not a reply: {line:?}"))?;
            ping.lines
                .push(PingLine::Unreachable { from: ipv4(from, "From")?, seq: number(seq, "icmp_seq")? });
        } else if line.starts_with("--- ") {
            continue;
        } else if let Some(stats) = line.split_once(" packets transmitted, ") {
            ping.transmitted = number(stats.0, "transmitted")?;
            for part in stats.1.split(", ") {
                if let Some(v) = part.strip_suffix(" received") {
                    ping.received = number(v, "received")?;
                } else if let Some(v) = part.strip_prefix('+').and_then(|p| p.strip_suffix(" errors")) {
                    ping.errors = number(v, "errors")?;
                } else if let Some(v) = part.strip_prefix("time ").and_then(|p| p.strip_suffix("ms")) {
                    ping.time_ms = number(v, "time")?;
                }
            }
        } else if let Some(v) = line.strip_prefix("rtt min/avg/max/mdev = ") {
            let v = v.strip_suffix(" ms").ok_or_else(|| format!("not an rtt line: {line:?}"))?;
            let n: Vec<f64> = v.split('/').map(|x| number(x, "rtt")).collect::<Result<_, _>>()?;
            let [a, b, c, d] = n[..] else { return Err(format!("not an rtt line: {line:?}")) };
            ping.rtt = Some([a, b, c, d]);
        } else {
            return Err(format!("unexpected ping line: {line:?}"));
        }
    }
    Ok(ping)
}

pub fn host(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_host(text)?))
}

pub fn parse_host(text: &str) -> Result<HostLookup, String> {
    let l: Vec<&str> = lines(text).collect();
    if l.len() != 4 || l[0] != "Local Resolution:" || l[2] != "External Resolution:" {
        return Err("not a host look-up".into());
    }
    let (query, local) = if let Some((q, a)) = l[1].split_once(" resolves locally to ") {
        (q, Some(a.to_string()))
    } else if let Some(q) = l[1].strip_suffix(" does not resolve locally") {
        (q, None)
    } else {
        return Err(format!("not a local resolution: {:?}", l[1]));
    };
    let ext = l[3];
    let (reverse, external) = if let Some(a) = ext.strip_prefix(&format!("{query} has address ")) {
        (false, Some(a.to_string()))
    } else if ext == format!("Host {query} not found: 3(NXDOMAIN)") {
        (false, None)
    } else if ext == "No external servers found" {
        (true, None)
    } else if let Some((_, name)) = ext.split_once(".in-addr.arpa domain name pointer ") {
        (true, Some(name.strip_suffix('.').unwrap_or(name).to_string()))
    } else {
        return Err(format!("not an external resolution: {ext:?}"));
    };
    Ok(HostLookup { query: query.to_string(), reverse, local, external })
}

pub fn connectivity(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_connectivity(text)?))
}

pub fn parse_connectivity(text: &str) -> Result<Connectivity, String> {
    let last = lines(text).last().ok_or("no output")?;
    let rest = last
        .strip_prefix("Network connectivity test with ")
        .ok_or_else(|| format!("no result line: {last:?}"))?;
    if let Some(d) = rest.strip_suffix(" completed successfully .") {
        Ok(Connectivity { destination: d.to_string(), ok: true })
    } else if let Some(d) = rest.strip_suffix(" failed: Cannot send TCP/UDP packets") {
        Ok(Connectivity { destination: d.to_string(), ok: false })
    } else {
        Err(format!("no result line: {last:?}"))
    }
}

pub fn arp_list(text: &str, ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_arp_list(text, ctx.invocation.flag("numeric"))?))
}

/// A row is the address (or the name) in 23 columns, the hardware type, the MAC or
/// `(incomplete)`, then flags, mask and interface.
pub fn parse_arp_list(text: &str, numeric: bool) -> Result<ArpList, String> {
    let mut entries = Vec::new();
    for line in lines(text) {
        if line.starts_with("Address ") || line.starts_with("Entries: ") {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let (addr, hw_address) = match words.as_slice() {
            [addr, "ether", mac, _flags, _iface] => (*addr, Some(mac.to_string())),
            [addr, "(incomplete)", _iface] => (*addr, None),
            _ => return Err(format!("not an arp row: {line:?}")),
        };
        let (address, name) = match addr.parse::<Ipv4Addr>() {
            Ok(a) => (a, None),
            // A name: its address is not printed; the lab's names carry none to read.
            Err(_) => (Ipv4Addr::UNSPECIFIED, Some(addr.to_string())),
        };
        entries.push(ArpEntry { address, name, hw_address });
    }
    Ok(ArpList { numeric, entries })
}

pub fn traceroute(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_traceroute(text)?))
}

pub fn parse_traceroute(text: &str) -> Result<Traceroute, String> {
    let mut it = lines(text);
    let first = it.next().ok_or("no output")?;
    if let Some(dest) = first.strip_suffix(": Name or service not known") {
        return Ok(Traceroute { destination: dest.to_string(), address: None, hops: Vec::new() });
    }
    let rest =
        first.strip_prefix("traceroute to ").ok_or_else(|| format!("not a traceroute heading: {first:?}"))?;
    let (destination, rest) =
        rest.split_once(" (").ok_or_else(|| format!("not a traceroute heading: {first:?}"))?;
    let (ip, _) = rest.split_once("), ").ok_or_else(|| format!("not a traceroute heading: {first:?}"))?;
    let address = Some(ipv4(ip, "traceroute address")?);
    let mut hops = Vec::new();
    for line in it {
        let (ttl, rest) = line.trim_start().split_once(' ').ok_or_else(|| format!("not a hop: {line:?}"))?;
        let ttl = number(ttl, "hop")?;
        let rest = rest.trim_start();
        if rest == "* * *" {
            hops.push(Hop { ttl, address: None, name: None, times_ms: Vec::new(), host_unreachable: false });
            continue;
        }
        let (name, rest) = rest.split_once(" (").ok_or_else(|| format!("not a hop: {line:?}"))?;
        let (ip, times) = rest.split_once(')').ok_or_else(|| format!("not a hop: {line:?}"))?;
        let a = ipv4(ip, "hop address")?;
        let host_unreachable = times.contains("!H");
        let times_ms = times
            .split(" ms")
            .map(|t| t.replace("!H", ""))
            .filter(|t| !t.trim().is_empty())
            .map(|t| number(&t, "hop time"))
            .collect::<Result<Vec<f64>, _>>()?;
        let name = (name != a.to_string()).then(|| name.to_string());
        hops.push(Hop { ttl, address: Some(a), name, times_ms, host_unreachable });
    }
    Ok(Traceroute { destination: destination.to_string(), address, hops })
}

pub fn routes(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_routes(text)?))
}

pub fn parse_routes(text: &str) -> Result<Routes, String> {
    let mut routes = Vec::new();
    for line in lines(text) {
        if line == "Kernel IP routing table" || line.starts_with("Destination ") {
            continue;
        }
        let w: Vec<&str> = line.split_whitespace().collect();
        let [dest, gw, mask, flags, _metric, _ref, _use, iface] = w[..] else {
            return Err(format!("not a route: {line:?}"));
        };
        routes.push(Route {
            destination: ipv4(dest, "Destination")?,
            gateway: ipv4(gw, "Gateway")?,
            genmask: ipv4(mask, "Genmask")?,
            flags: flags.to_string(),
            iface: iface.to_string(),
        });
    }
    Ok(Routes { routes })
}

pub fn timezone_config(text: &str, _ctx: &ParseCtx<'_>) -> Result<Box<dyn Report>, String> {
    Ok(Box::new(parse_timezone_config(text)?))
}

pub fn parse_timezone_config(text: &str) -> Result<TimezoneConfig, String> {
    Ok(TimezoneConfig {
        timezone: super::field(text, "Current timezone")?.trim().to_string(),
        version: super::field(text, "Timezone version")?.trim().to_string(),
    })
}
