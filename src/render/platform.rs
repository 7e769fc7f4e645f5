//! Platform commands: `show status|version|network|hardware`, `utils service ...`,
//! `utils ntp status`, `utils system restart`.

use serde::Serialize;

use super::{to_json, Report};
use crate::engine::platform::{Eth0, Hardware, NetworkCluster, NtpStatus, Restart, Status, Version};
use crate::engine::services::{Kind, RunState, ServiceAction, ServiceList, Step};

fn pct(v: f64) -> String {
    // Two integer digits, zero-padded: 01.01%, 00.00%, 42.21%.
    format!("{v:05.2}%")
}

impl Report for Status {
    fn text(&self, out: &mut String) {
        out.push('\n');
        out.push_str(&format!("Host Name          : {}\n", self.host_name));
        out.push_str(&format!("Date               : {}\n", self.date));
        out.push_str(&format!("Time Zone          : {}\n", self.time_zone));
        out.push_str(&format!("Locale             : {}\n", self.locale));
        out.push_str(&format!("Product Ver        : {}\n", self.product_version));
        out.push_str(&format!("Unified OS Version : {}\n", self.os_version));
        out.push('\n');
        out.push_str("Uptime:\n");
        out.push_str(&self.uptime);
        out.push_str("\n\n");
        out.push_str(&format!(
            "CPU Idle:   {}  System:   {}    User:   {}\n",
            pct(self.cpu_idle),
            pct(self.cpu_system),
            pct(self.cpu_user)
        ));
        out.push_str(&format!(
            "  IOWAIT:   {}     IRQ:   {}    Soft:   {}\n",
            pct(self.cpu_iowait),
            pct(self.cpu_irq),
            pct(self.cpu_soft)
        ));
        out.push('\n');
        out.push_str(&format!("Memory Total: {:>14}K\n", self.mem_total_kb));
        out.push_str(&format!("        Free: {:>14}K\n", self.mem_free_kb));
        out.push_str(&format!("        Used: {:>14}K\n", self.mem_used_kb));
        out.push_str(&format!("      Cached: {:>14}K\n", self.mem_cached_kb));
        out.push_str(&format!("      Shared: {:>14}K\n", self.mem_shared_kb));
        out.push_str(&format!("     Buffers: {:>14}K\n", self.mem_buffers_kb));
        out.push('\n');
        out.push_str("                        Total            Free            Used\n");
        for d in &self.disks {
            out.push_str(&format!(
                "{:<14}{:>14}K{:>15}K{:>15}K ({}%)\n",
                d.name, d.total_kb, d.free_kb, d.used_kb, d.percent
            ));
        }
        out.push('\n');
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for Version {
    fn text(&self, out: &mut String) {
        let which = if self.active { "Active" } else { "Inactive" };
        out.push_str(&format!("{which} Master Version: {}\n", self.version.as_deref().unwrap_or("None")));
        out.push_str(&format!("{which} Version Installed Software Options:\n"));
        if self.options.is_empty() {
            out.push_str("No Installed Software Options Found.\n");
        }
        for o in &self.options {
            out.push_str(o);
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// The platform prints masks zero-padded: 255.255.255.000.
fn padded_mask(ip: std::net::Ipv4Addr) -> String {
    let o = ip.octets();
    format!("{:03}.{:03}.{:03}.{:03}", o[0], o[1], o[2], o[3])
}

impl Report for Eth0 {
    fn text(&self, out: &mut String) {
        out.push_str("Ethernet 0\n");
        out.push_str(&format!(
            "DHCP         : {:<15}Status      : {}\n",
            if self.dhcp { "enabled" } else { "disabled" },
            if self.status_up { "up" } else { "down" }
        ));
        out.push_str(&format!(
            "IP Address   : {:<15}IP Mask     : {}\n",
            self.ip.to_string(),
            padded_mask(self.mask)
        ));
        out.push_str(&format!(
            "{:<15}{:<15}Mode        : {}\n",
            "Link Detected:",
            if self.link_detected { "yes" } else { "no" },
            self.mode
        ));
        out.push_str(&format!("Duplicate IP : {}\n", if self.duplicate_ip { "yes" } else { "no" }));
        if self.detail {
            out.push_str(&format!("Queue Length : {:<15}MTU         : {}\n", self.queue_length, self.mtu));
            out.push_str(&format!("MAC Address  : {}\n", self.mac));
        }
        out.push('\n');
        out.push_str("DNS\n");
        out.push_str(&format!(
            "Primary  : {:<19}Secondary   : {}\n",
            self.dns_primary,
            self.dns_secondary.map_or("Not Configured".to_string(), |s| s.to_string())
        ));
        out.push_str(&format!("Options  : {}\n", self.dns_options));
        out.push_str(&format!("Domain   : {}\n", self.domain));
        out.push_str(&format!("Gateway  : {} on Ethernet 0\n", self.gateway));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for NetworkCluster {
    fn text(&self, out: &mut String) {
        for m in &self.members {
            out.push_str(&format!(
                "{} {} {} {} {} {} {}",
                m.ip,
                m.fqdn,
                m.hostname,
                m.cm_role,
                m.product,
                m.db_role,
                if m.authenticated { "authenticated" } else { "unauthenticated" }
            ));
            if let Some(since) = &m.since {
                out.push_str(&format!(" using TCP since {since}"));
            }
            out.push('\n');
        }
        if let Some(entries) = &self.processnode {
            out.push_str("\nServer Table (processnode) Entries\n----------------------------------\n");
            for e in entries {
                out.push_str(e);
                out.push('\n');
            }
        }
        if let Some(left) = &self.dynamic_cluster_configuration {
            out.push_str(&format!("\nDynamic Cluster Configuration is enabled for {left}.\n"));
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for Hardware {
    fn text(&self, out: &mut String) {
        let kv = |out: &mut String, k: &str, v: &str| out.push_str(&format!("{k:<18}: {v}\n"));
        kv(out, "HW Platform", &self.platform);
        kv(out, "Processors", &self.processors.to_string());
        kv(out, "Type", &self.cpu_type);
        kv(out, "CPU Speed", &self.cpu_speed.to_string());
        kv(out, "Memory", &format!("{} MBytes", self.memory_mb));
        kv(out, "Object ID", &self.object_id);
        kv(out, "OS Version", &self.os_version);
        kv(out, "Serial Number", &self.serial);
        out.push_str("\nRAID Version      :\nNo RAID controller information is available\n");
        out.push_str(&format!("\nBIOS Information  :\n{}\n", self.bios));
        out.push_str("\nRAID Details      :\nNo RAID information is available\n");
        out.push_str("-----------------------------------------------------------------------\n");
        out.push_str("Physical device information\n");
        out.push_str("-----------------------------------------------------------------------\n");
        out.push_str("Number of Disks   : 1\nHard Disk #1\n");
        out.push_str(&format!("Size (in GB)      : {}\n", self.disk_gb));
        // The partition table follows from the disk size, as the installer lays it out.
        let sectors = self.disk_gb * 1024 * 1024 * 2;
        let cylinders = self.disk_gb * 1024 * 1024 * 1024 / (255 * 63 * 512);
        let p1 = (2048u64, 29_028_351u64);
        let p2 = (29_028_352u64, 58_054_655u64);
        let p3 = (58_054_656u64, 58_578_943u64);
        let end = sectors - 1;
        let p4 = (58_578_944u64, end);
        let p5 = (58_580_992u64, 66_772_991u64);
        let p6 = (66_775_040u64, end);
        out.push_str("\nPartition Details :\n\n");
        out.push_str(&format!("Disk /dev/sda: {cylinders} cylinders, 255 heads, 63 sectors/track\n"));
        out.push_str("Units = sectors of 512 bytes, counting from 0\n\n");
        out.push_str("   Device Boot    Start       End   #sectors  Id  System\n");
        let row = |out: &mut String, dev: &str, boot: &str, (s, e): (u64, u64), id: &str, sys: &str| {
            // As the reference prints it: `/dev/sda1   *      2048  29028351   29026304  83  Linux`.
            out.push_str(&format!("{dev}{boot:>4}{s:>10}{e:>10}{:>11}{id:>4}  {sys}\n", e - s + 1));
        };
        row(out, "/dev/sda1", "*", p1, "83", "Linux");
        row(out, "/dev/sda2", "", p2, "83", "Linux");
        row(out, "/dev/sda3", "", p3, "83", "Linux");
        row(out, "/dev/sda4", "", p4, "5", "Extended");
        row(out, "/dev/sda5", "", p5, "82", "Linux swap / Solaris");
        row(out, "/dev/sda6", "", p6, "83", "Linux");
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for NtpStatus {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("ntpd (pid {}) is running...\n\n", self.pid));
        if !self.peers.is_empty() {
            out.push_str("     remote           refid      st t when poll reach   delay   offset  jitter\n");
            out.push_str("==============================================================================\n");
            for p in &self.peers {
                out.push_str(&format!(
                    "{}{:<15} {:<15} {:>2} u {:>4} {:>4} {:>4} {:>8.3} {:>8.3} {:>7.3}\n",
                    if p.selected { '*' } else { ' ' },
                    // ntpq cuts names to their column.
                    p.remote.chars().take(15).collect::<String>(),
                    p.refid.chars().take(15).collect::<String>(),
                    p.stratum,
                    p.when,
                    p.poll,
                    p.reach,
                    p.delay,
                    p.offset,
                    p.jitter
                ));
            }
            out.push_str("\n\n");
        }
        match &self.synchronised {
            Some((server, stratum)) => {
                out.push_str(&format!("synchronised to NTP server ({server}) at stratum {stratum}\n"));
                out.push_str("   time correct to within 36 ms\n");
            }
            None => out.push_str("unsynchronised\n"),
        }
        out.push_str(&format!("   polling server every {} s\n\n", self.poll));
        out.push_str(&format!("Current time in UTC is : {}\n", self.utc_now));
        out.push_str(&format!("Current time in {} is : {}\n", self.zone, self.local_now));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for Restart {
    fn text(&self, out: &mut String) {
        out.push_str("Appliance is being Restarted ...\n");
        out.push_str("Warning: Restart could take up to 5 minutes.\n");
        out.push_str("Stopping Service Manager...\n");
        out.push_str("-  Service Manager shutting down services... Please Wait\n");
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

/// `utils system restart` answered "no": nothing happens.
#[derive(Debug, Serialize)]
pub struct RestartDeclined;

impl Report for RestartDeclined {
    fn text(&self, _out: &mut String) {}
    fn json(&self) -> serde_json::Value {
        serde_json::json!({ "restarted": false })
    }
}

fn state_word(s: RunState) -> &'static str {
    match s {
        RunState::Started => "STARTED",
        RunState::Stopped | RunState::CommandedOut => "STOPPED",
        RunState::NotRunning => "NOTRUNNING",
    }
}

impl Report for ServiceList {
    fn text(&self, out: &mut String) {
        out.push_str("Requesting service status, please wait...\n");
        for s in self.services.iter().filter(|s| s.kind == Kind::Platform) {
            out.push_str(&format!("{} [{}]", s.name, state_word(s.state)));
            if !s.activated {
                out.push_str(" Service Not Activated");
            } else if s.state == RunState::CommandedOut {
                out.push_str(" Commanded Out of Service");
            }
            out.push('\n');
        }
        out.push_str("Service Manager is running\nGetting list of all services\n>> Return code = 0\n");
        for s in self.services.iter().filter(|s| s.kind != Kind::Platform) {
            out.push_str(&format!("{}[{}]", s.name, state_word(s.state)));
            if !s.activated {
                out.push_str("  Service Not Activated");
            } else if s.state == RunState::CommandedOut {
                out.push_str("  Commanded Out of Service");
            }
            out.push('\n');
        }
        out.push_str(&format!("Primary Node ={}\n", self.primary_node));
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

impl Report for ServiceAction {
    fn text(&self, out: &mut String) {
        if self.action == "restart" {
            out.push_str("Do not press Ctrl+C while the service is restarting. If the service has not restarted properly, execute the same command again.\n");
        }
        out.push_str("Service Manager is running\n");
        for (name, step) in &self.steps {
            let line = match step {
                Step::Starting => format!("{name}[STARTING]"),
                Step::Started => format!("{name}[STARTED]"),
                Step::Stopping => format!("{name}[STOPPING]"),
                Step::Stopped if self.action == "deactivate" => format!("{name}[STOPPED]"),
                Step::Stopped => format!("{name}[STOPPED]  Commanded Out of Service"),
                Step::Activated => format!("Activating {name}"),
                Step::Deactivated => format!("{name}[STOPPED]  Service Not Activated"),
            };
            if self.action == "restart" && *step == Step::Stopping {
                continue;
            }
            // The platform's restart polls the service and prints its state each time: the
            // reference shows `[STARTING]` twice before `[STARTED]`.
            if self.action == "restart" && *step == Step::Starting {
                out.push_str(&line);
                out.push('\n');
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}
