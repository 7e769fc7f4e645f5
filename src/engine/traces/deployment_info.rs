//! `file build log deployment_info`: instead of trace files, the node's configuration as the
//! platform collects it: `platformConfig.xml` (this node's platform settings),
//! `deployment_info.xml` (the cluster's nodes) and `system_info.txt` (versions, hardware,
//! services with their state and trace level), each written from the node's state when
//! the bundle is built.
//!
//! The platform's files are not public; these carry the same facts in a plain layout (the
//! choice is documented in the catalog's help for `file build log`).

use std::path::Path;

use super::paths::Entry;
use crate::engine::error::{IoContext, Result};
use crate::engine::lab::Lab;
use crate::engine::node::NodeHandle;
use crate::engine::services;
use crate::engine::store;
use crate::engine::text::xml_escape as xml;

/// The feature name, as the guide spells it.
pub const NAME: &str = "deployment_info";

/// The files, in the order the platform lists them.
pub const FILES: [&str; 3] = ["platformConfig.xml", "deployment_info.xml", "system_info.txt"];

fn element(out: &mut String, indent: &str, name: &str, value: &str) {
    out.push_str(&format!("{indent}<{name}>{}</{name}>\n", xml(value)));
}

/// `platformConfig.xml`: this node's platform settings.
pub fn platform_config(node: &NodeHandle) -> Result<String> {
    let s = &node.spec;
    let p = node.platform()?;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PlatformData>\n");
    element(&mut out, "  ", "LocalHostName", &s.hostname);
    element(&mut out, "  ", "LocalHostDomain", &s.domain);
    element(&mut out, "  ", "LocalHostIP0", &s.ipv4.to_string());
    element(&mut out, "  ", "LocalHostMask0", &s.netmask.to_string());
    element(&mut out, "  ", "LocalHostGW0", &s.gateway.to_string());
    element(&mut out, "  ", "DnsPrimary", &s.dns_primary.to_string());
    if let Some(d) = s.dns_secondary {
        element(&mut out, "  ", "DnsSecondary", &d.to_string());
    }
    element(&mut out, "  ", "Timezone", &s.timezone);
    for server in &p.ntp.servers {
        element(&mut out, "  ", "NtpServer", server);
    }
    element(&mut out, "  ", "ProductVersion", &s.version);
    element(&mut out, "  ", "OsVersion", &s.os_version);
    out.push_str("</PlatformData>\n");
    Ok(out)
}

/// `deployment_info.xml`: every node of this node's cluster.
pub fn deployment(lab: &Lab, node: &NodeHandle) -> Result<String> {
    let cluster = lab.cluster_of(node)?;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<DeploymentInfo cluster=\"{}\">\n", xml(&cluster.name)));
    for n in &cluster.nodes {
        let handle = lab.node(&n.name)?;
        out.push_str("  <Node>\n");
        element(&mut out, "    ", "HostName", &n.hostname);
        element(&mut out, "    ", "Fqdn", &n.fqdn());
        element(&mut out, "    ", "IpAddress", &n.ipv4.to_string());
        element(&mut out, "    ", "Product", n.role.product().describe());
        element(&mut out, "    ", "Role", n.role.describe());
        element(&mut out, "    ", "Version", &n.version);
        if let Some(g) = &n.presence_group {
            element(&mut out, "    ", "PresenceRedundancyGroup", g);
        }
        element(&mut out, "    ", "Reachable", if handle.is_up()? { "true" } else { "false" });
        out.push_str("  </Node>\n");
    }
    out.push_str("</DeploymentInfo>\n");
    Ok(out)
}

/// `system_info.txt`: versions, hardware, and every service with its state and trace level.
pub fn system_info(node: &NodeHandle) -> Result<String> {
    let s = &node.spec;
    let mut out = String::new();
    out.push_str(&format!("Host Name         : {}\n", s.fqdn()));
    out.push_str(&format!("Product           : {}\n", s.role.product().describe()));
    out.push_str(&format!("Active Version    : {}\n", s.version));
    out.push_str(&format!("Inactive Version  : {}\n", s.inactive_version.as_deref().unwrap_or("None")));
    out.push_str(&format!("OS Version        : {}\n", s.os_version));
    out.push_str(&format!("CPUs              : {}\n", s.vcpus));
    out.push_str(&format!("Memory            : {} MB\n", s.memory_mb));
    out.push_str(&format!("Disk              : {} GB\n", s.disk_gb));
    out.push_str("\nService                                          State         Trace Level\n");
    let states = services::load(node)?;
    for def in services::catalog(node.role()) {
        let (state, trace) = states
            .service
            .get(def.name)
            .map(|st| (format!("{:?}", st.state), st.trace.describe()))
            .unwrap_or_else(|| ("Stopped".to_string(), services::TraceLevel::Info.describe()));
        out.push_str(&format!("{:<48} {:<13} {}\n", def.name, state, trace));
    }
    Ok(out)
}

/// Writes the three files into `dir` (a temporary folder of the build) and returns them as
/// bundle entries named by their file names.
pub fn write(lab: &Lab, node: &NodeHandle, dir: &Path) -> Result<Vec<Entry>> {
    let texts = [platform_config(node)?, deployment(lab, node)?, system_info(node)?];
    let now = node.now();
    FILES
        .iter()
        .zip(texts)
        .map(|(name, text)| {
            let abs = dir.join(name);
            store::atomic_write(&abs, text.as_bytes())?;
            let size = std::fs::metadata(&abs).ctx(|| format!("reading {}", abs.display()))?.len();
            Ok(Entry { rel: (*name).to_string(), abs, is_dir: false, size, modified: now })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(xml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(xml("x\u{1b}y"), "x&#27;y");
    }
}
