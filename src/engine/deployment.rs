//! `deployment.toml`: the clusters, their nodes and the intercluster peers.
//!
//! This is the lab's fixed shape: which nodes exist, their role, names, addresses and
//! software version. What changes while the lab runs (node up or down, settings, services,
//! accounts) lives in each node's own files, see `node.rs`.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::engine::error::EngineError;

/// What a node is in its cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Communications Manager publisher (first node, database publisher).
    CmPublisher,
    /// Communications Manager subscriber.
    CmSubscriber,
    /// IM and Presence database publisher.
    ImpPublisher,
    /// IM and Presence subscriber.
    ImpSubscriber,
}

/// The product family of a node: the catalog's `roles` speak of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Product {
    /// Communications Manager (`callmanager` in `show network cluster`).
    Cm,
    /// IM and Presence (`cups` in `show network cluster`).
    Imp,
}

impl Role {
    pub fn product(self) -> Product {
        match self {
            Role::CmPublisher | Role::CmSubscriber => Product::Cm,
            Role::ImpPublisher | Role::ImpSubscriber => Product::Imp,
        }
    }

    /// Database publisher of its product in its cluster.
    pub fn is_db_publisher(self) -> bool {
        matches!(self, Role::CmPublisher | Role::ImpPublisher)
    }

    /// The first node of the cluster (the CM publisher) in the platform's sense.
    pub fn is_first_node(self) -> bool {
        self == Role::CmPublisher
    }

    pub fn describe(self) -> &'static str {
        match self {
            Role::CmPublisher => "Communications Manager publisher",
            Role::CmSubscriber => "Communications Manager subscriber",
            Role::ImpPublisher => "IM and Presence publisher",
            Role::ImpSubscriber => "IM and Presence subscriber",
        }
    }
}

impl Product {
    pub fn describe(self) -> &'static str {
        match self {
            Product::Cm => "Communications Manager",
            Product::Imp => "IM and Presence",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeSpec {
    pub name: String,
    pub role: Role,
    pub hostname: String,
    pub domain: String,
    pub ipv4: Ipv4Addr,
    pub netmask: Ipv4Addr,
    pub gateway: Ipv4Addr,
    pub dns_primary: Ipv4Addr,
    pub dns_secondary: Option<Ipv4Addr>,
    /// Product version with build, e.g. `12.5.1.16900-48`.
    pub version: String,
    /// Version on the inactive partition, if one was ever installed.
    pub inactive_version: Option<String>,
    /// Software options (COP files) installed on the active version, in install order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installed_options: Vec<String>,
    /// Unified OS version, e.g. `7.0.0.0-4`.
    pub os_version: String,
    /// IANA time zone, e.g. `America/New_York`.
    pub timezone: String,
    /// IM and Presence presence redundancy group, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presence_group: Option<String>,
    pub vcpus: u32,
    pub memory_mb: u64,
    pub disk_gb: u64,
    /// The virtual machine's processor model as `show hardware` and the login banner name it,
    /// e.g. `Intel(R) Xeon(R) CPU           E5640  @ 2.67GHz` (spacing as the VM reports it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_type: Option<String>,
    /// Processor speed in MHz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_mhz: Option<u32>,
    /// The VM's serial number, e.g. `VMware-42 1d ...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// BIOS vendor, version and date, e.g. `PhoenixTechnologiesLTD 6.00 11/12/2020`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bios: Option<String>,
}

/// The lab's virtual hardware where a deployment description names none.
const DEFAULT_CPU_TYPE: &str = "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz";
const DEFAULT_CPU_MHZ: u32 = 2500;
const DEFAULT_BIOS: &str = "PhoenixTechnologiesLTD 6.00 11/12/2020";

impl NodeSpec {
    pub fn fqdn(&self) -> String {
        format!("{}.{}", self.hostname, self.domain)
    }

    pub fn cpu_type(&self) -> &str {
        self.cpu_type.as_deref().unwrap_or(DEFAULT_CPU_TYPE)
    }

    pub fn cpu_mhz(&self) -> u32 {
        self.cpu_mhz.unwrap_or(DEFAULT_CPU_MHZ)
    }

    pub fn bios(&self) -> &str {
        self.bios.as_deref().unwrap_or(DEFAULT_BIOS)
    }

    /// The serial number; without one given, VMware's form made from the address, so each
    /// node's differs.
    pub fn serial(&self) -> String {
        if let Some(s) = &self.serial {
            return s.clone();
        }
        let o = self.ipv4.octets();
        format!(
            "VMware-42 1d {:02x} {:02x} 6b 51 9e 0f-33 8a 2c 41 07 {:02x} {:02x} 5e",
            o[0], o[1], o[2], o[3]
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub name: String,
    /// Other clusters this one is an intercluster peer of.
    #[serde(default)]
    pub peers: Vec<String>,
    #[serde(rename = "node")]
    pub nodes: Vec<NodeSpec>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    #[serde(rename = "cluster", default)]
    pub clusters: Vec<Cluster>,
}

impl Deployment {
    pub fn cluster(&self, name: &str) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.name == name)
    }

    /// Finds a node by name (or host name, or address) with its cluster.
    pub fn find_node(&self, name: &str) -> Option<(&Cluster, &NodeSpec)> {
        self.clusters.iter().find_map(|c| {
            c.nodes
                .iter()
                .find(|n| n.name == name || n.hostname == name || n.ipv4.to_string() == name)
                .map(|n| (c, n))
        })
    }

    pub fn nodes(&self) -> impl Iterator<Item = (&Cluster, &NodeSpec)> {
        self.clusters.iter().flat_map(|c| c.nodes.iter().map(move |n| (c, n)))
    }

    /// The default node: the CM publisher of the first cluster.
    pub fn default_node(&self) -> Option<&NodeSpec> {
        let first = self.clusters.first()?;
        first.nodes.iter().find(|n| n.role == Role::CmPublisher).or_else(|| first.nodes.first())
    }
}

impl Cluster {
    pub fn publisher(&self, product: Product) -> Option<&NodeSpec> {
        self.nodes.iter().find(|n| n.role.product() == product && n.role.is_db_publisher())
    }

    pub fn nodes_of(&self, product: Product) -> impl Iterator<Item = &NodeSpec> {
        self.nodes.iter().filter(move |n| n.role.product() == product)
    }
}

/// Options for `cluster init`.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub cm_subscribers: u32,
    pub sample_data: bool,
    /// Generated Extension Mobility users per cluster (issue #17, `engine::em::population`).
    /// `ucsh cluster init` asks for `em::population::DEFAULT_USERS`; the library default is
    /// none, so the test labs and the golden samples keep only the sample users.
    pub population: u32,
}

impl Default for InitOptions {
    fn default() -> Self {
        InitOptions { cm_subscribers: 1, sample_data: true, population: 0 }
    }
}

pub const MAX_CM_SUBSCRIBERS: u32 = 8;
pub const CM_VERSION: &str = "12.5.1.16900-48";
pub const IMP_VERSION: &str = "12.5.1.16900-11";
pub const CM_INACTIVE_VERSION: &str = "12.5.1.14900-63";
pub const OS_VERSION: &str = "7.0.0.0-4";

/// The standard lab: cluster1 (CM publisher, N CM subscribers, IM&P publisher and
/// subscriber in one presence redundancy group) and cluster2 (CM publisher, IM&P
/// publisher); the two clusters are intercluster peers.
pub fn standard(opts: &InitOptions) -> Deployment {
    let node = |name: &str, role: Role, domain: &str, ip: [u8; 4], tz: &str, group: Option<&str>| {
        let (version, inactive) = match role.product() {
            Product::Cm => (CM_VERSION, Some(CM_INACTIVE_VERSION.to_string())),
            Product::Imp => (IMP_VERSION, None),
        };
        let gw = Ipv4Addr::new(ip[0], ip[1], ip[2], 1);
        NodeSpec {
            name: name.to_string(),
            role,
            hostname: name.to_string(),
            domain: domain.to_string(),
            ipv4: Ipv4Addr::from(ip),
            netmask: Ipv4Addr::new(255, 255, 255, 0),
            gateway: gw,
            dns_primary: Ipv4Addr::new(ip[0], ip[1], ip[2], 2),
            dns_secondary: Some(Ipv4Addr::new(ip[0], ip[1], ip[2], 3)),
            version: version.to_string(),
            inactive_version: inactive,
            installed_options: Vec::new(),
            os_version: OS_VERSION.to_string(),
            timezone: tz.to_string(),
            presence_group: group.map(str::to_string),
            vcpus: if role.product() == Product::Cm { 2 } else { 4 },
            memory_mb: if role.product() == Product::Cm { 8192 } else { 6144 },
            disk_gb: if role.product() == Product::Cm { 110 } else { 80 },
            cpu_type: None,
            cpu_mhz: None,
            serial: None,
            bios: None,
        }
    };
    let d1 = "cluster1.ucsh.lab";
    let d2 = "cluster2.ucsh.lab";
    let tz1 = "America/New_York";
    let tz2 = "Europe/London";
    let mut c1 = vec![node("cucm-pub", Role::CmPublisher, d1, [10, 10, 1, 11], tz1, None)];
    for i in 1..=opts.cm_subscribers.clamp(1, MAX_CM_SUBSCRIBERS) {
        let octet = 11 + u8::try_from(i).unwrap_or(1);
        c1.push(node(&format!("cucm-sub{i}"), Role::CmSubscriber, d1, [10, 10, 1, octet], tz1, None));
    }
    c1.push(node("cucm-imp-1", Role::ImpPublisher, d1, [10, 10, 1, 31], tz1, Some("cluster1-prg1")));
    c1.push(node("cucm-imp-1b", Role::ImpSubscriber, d1, [10, 10, 1, 32], tz1, Some("cluster1-prg1")));
    let c2 = vec![
        node("cucm2-pub", Role::CmPublisher, d2, [10, 10, 2, 11], tz2, None),
        node("cucm-imp-2", Role::ImpPublisher, d2, [10, 10, 2, 31], tz2, Some("cluster2-prg1")),
    ];
    Deployment {
        clusters: vec![
            Cluster { name: "cluster1".into(), peers: vec!["cluster2".into()], nodes: c1 },
            Cluster { name: "cluster2".into(), peers: vec!["cluster1".into()], nodes: c2 },
        ],
    }
}

/// Bounds of a lab layout ([`validate`]).
pub const MAX_CLUSTERS: usize = 8;
pub const MAX_NODES_PER_CLUSTER: usize = 16;

/// Checks a lab layout given instead of the standard one: at least one cluster and at
/// most [`MAX_CLUSTERS`], each with one Communications Manager publisher, at most one IM
/// and Presence publisher (which its subscribers need) and at most
/// [`MAX_NODES_PER_CLUSTER`] nodes; node names, host names and addresses unique in the lab;
/// names that are host names (letters, digits and `-`, 1 to 63 characters); known time
/// zones; peers that are clusters of the layout.
pub fn validate(d: &Deployment) -> Result<(), EngineError> {
    let bad = |why: String| Err(EngineError::LayoutInvalid { why });
    if d.clusters.is_empty() || d.clusters.len() > MAX_CLUSTERS {
        return bad(format!("give 1 to {MAX_CLUSTERS} clusters"));
    }
    let mut names = std::collections::BTreeSet::new();
    let mut hosts = std::collections::BTreeSet::new();
    let mut addresses = std::collections::BTreeSet::new();
    let mut clusters = std::collections::BTreeSet::new();
    let host_name = |s: &str| {
        !s.is_empty()
            && s.len() <= 63
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
    };
    for c in &d.clusters {
        if !host_name(&c.name) || !clusters.insert(c.name.as_str()) {
            return bad(format!("cluster name {:?} is not a unique host-name-like word", c.name));
        }
        if c.nodes.is_empty() || c.nodes.len() > MAX_NODES_PER_CLUSTER {
            return bad(format!("cluster {} needs 1 to {MAX_NODES_PER_CLUSTER} nodes", c.name));
        }
        let count = |r: Role| c.nodes.iter().filter(|n| n.role == r).count();
        if count(Role::CmPublisher) != 1 {
            return bad(format!("cluster {} needs exactly one cm-publisher", c.name));
        }
        if count(Role::ImpPublisher) > 1 || (count(Role::ImpSubscriber) > 0 && count(Role::ImpPublisher) == 0)
        {
            return bad(format!("cluster {} needs one imp-publisher for its IM and Presence nodes", c.name));
        }
        for n in &c.nodes {
            if !host_name(&n.name) || !host_name(&n.hostname) {
                return bad(format!("node {:?}: names are host names (letters, digits, -)", n.name));
            }
            if !names.insert(n.name.to_ascii_lowercase()) || !hosts.insert(n.hostname.to_ascii_lowercase()) {
                return bad(format!("node {} is named twice", n.name));
            }
            if !addresses.insert(n.ipv4) {
                return bad(format!("address {} is given to two nodes", n.ipv4));
            }
            if n.timezone.parse::<chrono_tz::Tz>().is_err() {
                return bad(format!("node {}: unknown time zone {:?}", n.name, n.timezone));
            }
            if n.version.trim().is_empty() || n.domain.trim().is_empty() {
                return bad(format!("node {} needs a version and a domain", n.name));
            }
        }
    }
    for c in &d.clusters {
        if let Some(p) = c.peers.iter().find(|p| !clusters.contains(p.as_str()) || *p == &c.name) {
            return bad(format!("cluster {}: peer {p} is not another cluster of the layout", c.name));
        }
    }
    Ok(())
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    #[test]
    fn the_standard_lab_is_a_valid_layout() {
        assert!(validate(&standard(&InitOptions::default())).is_ok());
    }

    #[test]
    fn layouts_that_cannot_work_are_refused() {
        let std = standard(&InitOptions::default());
        let mut twice = std.clone();
        let copy = twice.clusters[0].nodes[1].clone();
        twice.clusters[0].nodes.push(copy);
        assert!(validate(&twice).is_err());
        let mut no_pub = std.clone();
        no_pub.clusters[1].nodes.retain(|n| n.role != Role::CmPublisher);
        assert!(validate(&no_pub).is_err());
        let mut bad_tz = std.clone();
        bad_tz.clusters[0].nodes[0].timezone = "Mars/Olympus".into();
        assert!(validate(&bad_tz).is_err());
        let mut bad_name = std.clone();
        bad_name.clusters[0].nodes[0].hostname = "a b".into();
        assert!(validate(&bad_name).is_err());
        let mut bad_peer = std;
        bad_peer.clusters[0].peers = vec!["nowhere".into()];
        assert!(validate(&bad_peer).is_err());
        assert!(validate(&Deployment::default()).is_err());
    }
}
