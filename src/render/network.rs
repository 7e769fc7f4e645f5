//! `utils network ping | host | connectivity | arp list | traceroute`: the reference's
//! samples (CLI-REFERENCE §8.9) character for character; the rest in the layout of the Linux
//! tools the platform runs (iputils ping, bind host, net-tools arp, traceroute).

use crate::engine::network::{
    ArpList, Connectivity, HostLookup, Ping, PingLine, Routes, TimezoneConfig, Traceroute,
};
use crate::render::{to_json, Report};

pub const CONNECTIVITY_WARNING: &str = "This command can take up to 3 minutes to complete.\n";

/// A round trip as ping and traceroute print it: three significant figures, at least the
/// microseconds.
fn ms(t: f64) -> String {
    if t < 10.0 {
        format!("{t:.3}")
    } else if t < 100.0 {
        format!("{t:.2}")
    } else {
        format!("{t:.1}")
    }
}

/// printf's `%g` for a percentage (six significant figures, no trailing zeros).
fn percent(v: f64) -> String {
    if v.fract() == 0.0 {
        return format!("{v:.0}");
    }
    let int_digits = if v >= 10.0 { 2 } else { 1 };
    let s = format!("{:.*}", 6 - int_digits, v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl Report for Ping {
    fn text(&self, out: &mut String) {
        let Some(ip) = self.address else {
            out.push_str(&format!("ping: unknown host {}\n", self.destination));
            return;
        };
        out.push_str(&format!("PING {} ({ip}) 56(84) bytes of data.\n", self.destination));
        let from = if self.destination == ip.to_string() {
            ip.to_string()
        } else {
            format!("{} ({ip})", self.destination)
        };
        for l in &self.lines {
            match l {
                PingLine::Reply { seq, ttl, time_ms } => out.push_str(&format!(
                    "64 bytes from {from}: icmp_seq={seq} ttl={ttl} time={} ms\n",
                    ms(*time_ms)
                )),
                PingLine::Unreachable { from, seq } => {
                    out.push_str(&format!("From {from} icmp_seq={seq} Destination Host Unreachable\n"))
                }
            }
        }
        out.push_str(&format!("\n--- {} ping statistics ---\n", self.destination));
        let loss = if self.transmitted == 0 {
            0.0
        } else {
            f64::from(self.transmitted - self.received) * 100.0 / f64::from(self.transmitted)
        };
        let errors = if self.errors > 0 { format!(", +{} errors", self.errors) } else { String::new() };
        out.push_str(&format!(
            "{} packets transmitted, {} received{errors}, {}% packet loss, time {}ms\n",
            self.transmitted,
            self.received,
            percent(loss),
            self.time_ms
        ));
        if let Some([min, avg, max, mdev]) = self.rtt {
            out.push_str(&format!("rtt min/avg/max/mdev = {min:.3}/{avg:.3}/{max:.3}/{mdev:.3} ms\n"));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for HostLookup {
    fn text(&self, out: &mut String) {
        let q = &self.query;
        out.push_str("Local Resolution:\n");
        match &self.local {
            Some(a) => out.push_str(&format!("{q} resolves locally to {a}\n")),
            None => out.push_str(&format!("{q} does not resolve locally\n")),
        }
        out.push_str("\nExternal Resolution:\n");
        match (&self.external, self.reverse) {
            (Some(a), false) => out.push_str(&format!("{q} has address {a}\n")),
            (Some(name), true) => {
                let mut o: Vec<&str> = q.split('.').collect();
                o.reverse();
                out.push_str(&format!("{}.in-addr.arpa domain name pointer {name}.\n", o.join(".")))
            }
            (None, false) => out.push_str(&format!("Host {q} not found: 3(NXDOMAIN)\n")),
            (None, true) => out.push_str("No external servers found\n"),
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for Connectivity {
    fn text(&self, out: &mut String) {
        out.push_str("Running test, please wait ...\n......\n");
        if self.ok {
            out.push_str(&format!(
                "Network connectivity test with {} completed successfully .\n",
                self.destination
            ));
        } else {
            out.push_str(&format!(
                "Network connectivity test with {} failed: Cannot send TCP/UDP packets\n",
                self.destination
            ));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
    fn findings(&self) -> bool {
        !self.ok
    }
}

impl Report for ArpList {
    fn text(&self, out: &mut String) {
        out.push_str("Address                  HWtype  HWaddress           Flags Mask            Iface\n");
        for e in &self.entries {
            let addr = match (&e.name, self.numeric) {
                (Some(n), false) => n.clone(),
                _ => e.address.to_string(),
            };
            let addr: String = addr.chars().take(23).collect();
            match &e.hw_address {
                Some(mac) => {
                    out.push_str(&format!("{addr:<23}  {:<8}{mac:<20}{:<6}{:<15} eth0\n", "ether", "C", ""))
                }
                None => out.push_str(&format!(
                    "{addr:<23}  {:<8}{:<20}{:<6}{:<15} eth0\n",
                    "", "(incomplete)", "", ""
                )),
            }
        }
        let n = self.entries.len();
        out.push_str(&format!("Entries: {n}\tSkipped: 0\tFound: {n}\n"));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for Traceroute {
    fn text(&self, out: &mut String) {
        let Some(ip) = self.address else {
            out.push_str(&format!("{}: Name or service not known\n", self.destination));
            out.push_str(&format!(
                "Cannot handle \"host\" cmdline arg `{}' on position 1 (argc 1)\n",
                self.destination
            ));
            return;
        };
        out.push_str(&format!(
            "traceroute to {} ({ip}), {} hops max, 60 byte packets\n",
            self.destination,
            crate::engine::network::MAX_HOPS
        ));
        for h in &self.hops {
            let mut line = format!("{:2} ", h.ttl);
            match h.address {
                None => line.push_str(" * * *"),
                Some(a) => {
                    let name = h.name.clone().unwrap_or_else(|| a.to_string());
                    line.push_str(&format!(" {name} ({a})"));
                    for t in &h.times_ms {
                        line.push_str(&format!("  {t:.3} ms"));
                        if h.host_unreachable {
                            line.push_str(" !H");
                        }
                    }
                }
            }
            line.push('\n');
            out.push_str(&line);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for Routes {
    fn text(&self, out: &mut String) {
        out.push_str("Kernel IP routing table\n");
        out.push_str("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
        for r in &self.routes {
            out.push_str(&format!(
                "{:<16}{:<16}{:<16}{:<6}{:<7}{:<7}{:>3} {}\n",
                r.destination.to_string(),
                r.gateway.to_string(),
                r.genmask.to_string(),
                r.flags,
                0,
                0,
                0,
                r.iface
            ));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for TimezoneConfig {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Current timezone: {}\n", self.timezone));
        out.push_str(&format!("Timezone version: {}\n", self.version));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{ms, percent};

    #[test]
    fn loss_is_printed_like_printf_g() {
        assert_eq!(percent(0.0), "0");
        assert_eq!(percent(100.0), "100");
        assert_eq!(percent(100.0 / 3.0), "33.3333");
        assert_eq!(percent(200.0 / 3.0), "66.6667");
        assert_eq!(percent(12.5), "12.5");
    }

    #[test]
    fn round_trips_keep_three_significant_figures() {
        assert_eq!(ms(0.2154), "0.215");
        assert_eq!(ms(12.345), "12.35");
        assert_eq!(ms(3003.6), "3003.6");
    }
}
