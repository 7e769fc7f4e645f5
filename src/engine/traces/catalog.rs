//! The trace catalog: which files each service writes, and which services each
//! `file build log` name collects.
//!
//! Two tables of data, kept here so that generation, `file build log` and completion all
//! read the same facts:
//!
//! * [`TRACES`]: per service, the folder under `activelog`, the file stem, extension, line
//!   style and whether closed (rotated) files are gzip-compressed. The locations of the IM and
//!   Presence admin guide's "common traces" table (seeds/004, table 42) are used verbatim,
//!   including its `tomcat/logs/security/log4/` spelling. Services the table does not list get
//!   locations in the platform's usual layout (`cm/trace/<svc>/sdi/`, `tomcat/logs/<app>/log4j/`,
//!   `epas/trace/<svc>/log4j/`, `platform/log/`); those are our choice.
//! * [`BUILD_LOG`]: every name of the admin guide's `file build log` tables (table 40:
//!   services, table 41: features) with the bundle name it produces and the services it
//!   covers. Service names map to their one service. Feature names map to the services the
//!   guide's troubleshooting table (table 39) lists for that problem where it has a row, and
//!   otherwise to the services that implement the feature (our choice, listed here).
//!   Spellings: the guide's command for the flexible IM address feature is spelled
//!   `flexable_im_address` while its bundle is `log_flexible_im_address_*`; both spellings are
//!   accepted and the bundle keeps the guide's name. `imdb` writes `log_imdb_core_*`. The
//!   short names of the platform's help listing (`cpa`, `dbmon`, `audit`, `risdc`) are aliases.
//!   `all` collects every trace of the node.

use serde::Serialize;

/// How lines of a trace file look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Cisco SDI trace: `00001234.003 |10:00:00.123 |AppInfo  |message`.
    Sdi,
    /// log4j: `2026-11-23 10:00:00,123 INFO  [thread] logger - message`.
    Log4j,
    /// XCP component log: `2026-11-23 10:00:00.123 INFO [component] message`.
    Xcp,
    /// Platform daemon log in syslog form: `Nov 23 10:00:00 host daemon[pid]: message`.
    Platform,
}

/// One family of trace files a service writes.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TraceSpec {
    /// The service's name as `utils service list` shows it.
    pub service: &'static str,
    /// Folder relative to `activelog`.
    pub dir: &'static str,
    /// File name stem; files are `<stem><sep><NNNNNNNN>.<ext>` (plus `.gz` when closed and
    /// compressed).
    pub stem: &'static str,
    pub sep: &'static str,
    pub ext: &'static str,
    /// Closed files are gzip-compressed (the table's `*.txt.gz`, `*.log.gz`).
    pub compress: bool,
    pub style: Style,
    /// The component name written into lines.
    pub component: &'static str,
}

const fn t(
    service: &'static str,
    dir: &'static str,
    stem: &'static str,
    ext: &'static str,
    compress: bool,
    style: Style,
    component: &'static str,
) -> TraceSpec {
    let sep = match style {
        Style::Xcp => ".",
        _ => "",
    };
    TraceSpec { service, dir, stem, sep, ext, compress, style, component }
}

use Style::{Log4j, Platform, Sdi, Xcp};

/// Every trace family, by service.
pub const TRACES: &[TraceSpec] = &[
    // Table 42 (IM and Presence common traces), verbatim locations.
    t("Cisco AXL Web Service", "tomcat/logs/axl/log4j", "axl", "log", false, Log4j, "axl.AxlListener"),
    t(
        "Cisco Intercluster Sync Agent",
        "epas/trace/cupicsa/log4j",
        "icSyncAgent",
        "log",
        false,
        Log4j,
        "icsa.SyncAgent",
    ),
    t("Cisco Presence Engine", "epas/trace/epe/sdi", "epe", "txt", true, Sdi, "PresenceEngine"),
    t("Cisco SIP Proxy", "epas/trace/esp/sdi", "esp", "txt", true, Sdi, "SIPProxy"),
    t("Cisco Syslog Agent", "cm/trace/syslogmib/sdi", "syslogmib", "txt", false, Sdi, "SyslogAgent"),
    t(
        "Cisco Tomcat",
        "tomcat/logs/security/log4",
        "security",
        "log",
        false,
        Log4j,
        "security.SecurityLogger",
    ),
    t("Cisco XCP Authentication Service", "epas/trace/xcp/log", "auth-svc-1", "log", true, Xcp, "auth-svc-1"),
    t(
        "Cisco XCP Config Manager",
        "epas/trace/xcpconfigmgr/log4j",
        "xcpconfigmgr",
        "log",
        false,
        Log4j,
        "xcpconfigmgr.ConfigManager",
    ),
    t("Cisco XCP Connection Manager", "epas/trace/xcp/log", "client-cm-1", "log", true, Xcp, "client-cm-1"),
    t("Cisco XCP Router", "epas/trace/xcp/log", "rtr-jsm-1", "log", true, Xcp, "rtr-jsm-1"),
    t(
        "Cisco XCP SIP Federation Connection Manager",
        "epas/trace/xcp/log",
        "sip-cm-3",
        "log",
        false,
        Xcp,
        "sip-cm-3",
    ),
    t(
        "Cisco XCP Text Conference Manager",
        "epas/trace/xcp/log",
        "txt-conf-1",
        "log",
        true,
        Xcp,
        "txt-conf-1",
    ),
    t(
        "Cisco XCP XMPP Federation Connection Manager",
        "epas/trace/xcp/log",
        "xmpp-cm-4",
        "log",
        false,
        Xcp,
        "xmpp-cm-4",
    ),
    t("Cluster Manager", "platform/log", "clustermgr", "log", false, Platform, "clustermgr"),
    t(
        "Cisco Client Profile Agent",
        "tomcat/logs/epassoap/log4j",
        "EPASSoap",
        "log",
        false,
        Log4j,
        "epassoap.CPA",
    ),
    t("Cisco Database Layer Monitor", "cm/trace/dbl/sdi", "dbmon", "txt", false, Sdi, "DBLMonitor"),
    // Services table 42 does not list: the platform's usual layout (our choice).
    t(
        "Cisco Audit Event Service",
        "audit/AuditApp",
        "AuditApp",
        "log",
        false,
        Log4j,
        "audit.AuditEventService",
    ),
    t(
        "Cisco Config Agent",
        "epas/trace/cupcfgagent/log4j",
        "cfgagent",
        "log",
        false,
        Log4j,
        "cfgagent.ConfigAgent",
    ),
    t("Cisco OAM Agent", "epas/trace/oamagent/log4j", "oamagent", "log", false, Log4j, "oam.OAMAgent"),
    t("Cisco RIS Data Collector", "cm/trace/ris/sdi", "risdc", "txt", true, Sdi, "RISDC"),
    // Extension Mobility (CM nodes): the service and the application under tomcat/logs.
    t(
        "Cisco Extension Mobility",
        "tomcat/logs/emservice/log4j",
        "emservice",
        "log",
        false,
        Log4j,
        "emservice.EMServiceServlet",
    ),
    t(
        "Cisco Extension Mobility Application",
        "tomcat/logs/emapp/log4j",
        "emapp",
        "log",
        false,
        Log4j,
        "emapp.EMAppServlet",
    ),
    t("Service Manager", "platform/log", "servm", "log", false, Platform, "servM"),
    t("Cisco Sync Agent", "epas/trace/cupsync/log4j", "cupsync", "log", false, Log4j, "sync.SyncAgent"),
    t("Cisco XCP Web Connection Manager", "epas/trace/xcp/log", "web-cm-1", "log", true, Xcp, "web-cm-1"),
    t("Cisco XCP File Transfer Manager", "epas/trace/xcp/log", "aft-1", "log", true, Xcp, "aft-1"),
    t("Cisco XCP Message Archiver", "epas/trace/xcp/log", "ma-1", "log", true, Xcp, "ma-1"),
    t("Cisco XCP Directory Service", "epas/trace/xcp/log", "dir-1", "log", true, Xcp, "dir-1"),
    t("Cisco Server Recovery Manager", "epas/trace/srm/sdi", "srm", "txt", true, Sdi, "SRM"),
    t(
        "Cisco IM and Presence Admin",
        "tomcat/logs/cupadmin/log4j",
        "cupadmin",
        "log",
        false,
        Log4j,
        "cupadmin.Admin",
    ),
    t(
        "Cisco IM and Presence Data Monitor",
        "epas/trace/imdatamonitor/log4j",
        "imdatamonitor",
        "log",
        false,
        Log4j,
        "datamonitor.Monitor",
    ),
    t("Cisco Login Datastore", "epas/trace/imdb/sdi", "ttlogin", "txt", true, Sdi, "LoginDatastore"),
    t("Cisco Route Datastore", "epas/trace/imdb/sdi", "ttroute", "txt", true, Sdi, "RouteDatastore"),
    t("Cisco Presence Datastore", "epas/trace/imdb/sdi", "ttpresence", "txt", true, Sdi, "PresenceDatastore"),
    t("Cisco SIP Registration Datastore", "epas/trace/imdb/sdi", "ttreg", "txt", true, Sdi, "RegDatastore"),
    t(
        "Cisco Bulk Provisioning Service",
        "cm/trace/bps/log4j",
        "bps",
        "log",
        false,
        Log4j,
        "bps.BulkProvisioning",
    ),
    t(
        "Cisco Certificate Change Notification",
        "cm/trace/certcm/sdi",
        "certcm",
        "txt",
        false,
        Sdi,
        "CertChangeNotify",
    ),
    t(
        "Cisco Certificate Expiry Monitor",
        "cm/trace/certexpiry/sdi",
        "certexpiry",
        "txt",
        false,
        Sdi,
        "CertExpiryMonitor",
    ),
    t("Cisco DRF Local", "platform/drf/trace", "drfLocalAgent", "log", false, Log4j, "drf.LocalAgent"),
    t("Cisco DRF Master", "platform/drf/trace", "drfMA", "log", false, Log4j, "drf.MasterAgent"),
    t(
        "Cisco CallManager Serviceability",
        "tomcat/logs/ccmservice/log4j",
        "ccmservice",
        "log",
        false,
        Log4j,
        "ccmservice.Serviceability",
    ),
    // Communications Manager services.
    t("Cisco CallManager", "cm/trace/ccm/sdl", "SDL001_100_", "txt", true, Sdi, "CallManager"),
    t("Cisco CallManager", "cm/trace/ccm/sdi", "ccm", "txt", true, Sdi, "CallManager"),
    t("Cisco CTIManager", "cm/trace/cti/sdi", "cti", "txt", true, Sdi, "CTIManager"),
    t("Cisco Tftp", "cm/trace/tftp/sdi", "cisco_tftp", "txt", true, Sdi, "TFTP"),
    t(
        "Cisco CallManager Admin",
        "tomcat/logs/ccmadmin/log4j",
        "ccmadmin",
        "log",
        false,
        Log4j,
        "ccmadmin.Admin",
    ),
];

/// One name `file build log` accepts.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BuildLogName {
    /// The name as the guide's command spells it.
    pub name: &'static str,
    /// Other spellings accepted for it.
    pub aliases: &'static [&'static str],
    /// The `<name>` in `epas/trace/log_<name>_<time>.tar.gz`.
    pub bundle: &'static str,
    /// `true` for a table 41 feature, `false` for a table 40 service.
    pub feature: bool,
    /// The services whose traces it collects; empty = every service (`all`).
    pub services: &'static [&'static str],
}

const fn s(
    name: &'static str,
    aliases: &'static [&'static str],
    services: &'static [&'static str],
) -> BuildLogName {
    BuildLogName { name, aliases, bundle: name, feature: false, services }
}

const fn f(name: &'static str, services: &'static [&'static str]) -> BuildLogName {
    BuildLogName { name, aliases: &[], bundle: name, feature: true, services }
}

const ROUTER: &str = "Cisco XCP Router";
const CM: &str = "Cisco XCP Connection Manager";
const PE: &str = "Cisco Presence Engine";
const ESP: &str = "Cisco SIP Proxy";
const SIPFED: &str = "Cisco XCP SIP Federation Connection Manager";
const XMPPFED: &str = "Cisco XCP XMPP Federation Connection Manager";
const TOMCAT: &str = "Cisco Tomcat";
const SYSLOG: &str = "Cisco Syslog Agent";

/// Every name of tables 40 and 41, plus `all`.
pub const BUILD_LOG: &[BuildLogName] = &[
    // Table 40: services.
    s("cisco_audit_logs", &["audit"], &["Cisco Audit Event Service"]),
    s("cisco_client_profile_agent", &["cpa"], &["Cisco Client Profile Agent"]),
    s("cisco_cluster_manager", &[], &["Cluster Manager"]),
    s("cisco_config_agent", &[], &["Cisco Config Agent"]),
    s("cisco_database_layer_monitor", &["dbmon"], &["Cisco Database Layer Monitor"]),
    s("cisco_inter_cluster_sync_agent", &[], &["Cisco Intercluster Sync Agent"]),
    s("cisco_oam_agent", &[], &["Cisco OAM Agent"]),
    s("cisco_presence_engine", &[], &[PE]),
    // `cisco_ris_dat_collector` (sic) is how the platform's `file build log ?` spells it.
    s("cisco_ris_data_collector", &["risdc", "cisco_ris_dat_collector"], &["Cisco RIS Data Collector"]),
    s("cisco_service_management", &[], &["Service Manager"]),
    s("cisco_sip_proxy", &[], &[ESP]),
    s("cisco_sync_agent", &[], &["Cisco Sync Agent"]),
    s("cisco_xcp_config_mgr", &[], &["Cisco XCP Config Manager"]),
    s("cisco_xcp_router", &[], &[ROUTER]),
    // Table 41: features.
    f("admin_ui", &["Cisco IM and Presence Admin", TOMCAT]),
    f("bat", &["Cisco Bulk Provisioning Service", "Cisco IM and Presence Admin"]),
    f("bosh", &["Cisco XCP Web Connection Manager", ROUTER]),
    f("certificates", &["Cisco Certificate Change Notification", "Cisco Certificate Expiry Monitor", TOMCAT]),
    f("cfg_agent_core", &["Cisco Config Agent"]),
    f("cvp", &[ESP, PE]),
    f("directory_groups", &["Cisco Sync Agent", "Cisco XCP Directory Service"]),
    f("disaster_recovery", &["Cisco DRF Local", "Cisco DRF Master"]),
    BuildLogName {
        name: "flexable_im_address",
        aliases: &["flexible_im_address"],
        bundle: "flexible_im_address",
        feature: true,
        services: &["Cisco Sync Agent", ROUTER, PE],
    },
    f(
        "general_core",
        &["Cluster Manager", "Service Manager", "Cisco Database Layer Monitor", "Cisco RIS Data Collector"],
    ),
    f("ha", &["Cisco Server Recovery Manager", ROUTER, PE]),
    // Table 39, "high CPU and low VM alerts".
    f("high_cpu", &[ROUTER, SIPFED, ESP, PE, TOMCAT, SYSLOG, "Cisco RIS Data Collector"]),
    f("high_memory", &[ROUTER, SIPFED, ESP, PE, TOMCAT, SYSLOG, "Cisco RIS Data Collector"]),
    BuildLogName {
        name: "imdb",
        aliases: &["imdb_core"],
        bundle: "imdb_core",
        feature: true,
        services: &[
            "Cisco Login Datastore",
            "Cisco Route Datastore",
            "Cisco Presence Datastore",
            "Cisco SIP Registration Datastore",
            "Cisco IM and Presence Data Monitor",
        ],
    },
    // Table 39, "intercluster sync and intercluster troubleshooting".
    f("inter_cluster", &["Cisco Intercluster Sync Agent", "Cisco AXL Web Service", TOMCAT, SYSLOG]),
    f("managed_file_transfer", &["Cisco XCP File Transfer Manager", ROUTER]),
    // Table 39, "Presence Engine calendar traces".
    f("msft_exchange", &[PE]),
    f("msg_archiver", &["Cisco XCP Message Archiver", ROUTER]),
    f("pe_core", &[PE]),
    // Table 39, "sending and receiving IM" and "availability status".
    f("presence_im_exchange", &[CM, ROUTER, PE]),
    f("pws", &[ESP, PE]),
    f("remote_call_control", &[ESP, PE]),
    f("sec_vulnerability", &[TOMCAT, "Cisco Audit Event Service"]),
    f("serviceability_ui", &["Cisco CallManager Serviceability", TOMCAT]),
    // Table 39, "SIP interdomain federation".
    f("sip_inter_federation", &[CM, ROUTER, PE, ESP, SIPFED]),
    // Table 39, "partitioned intradomain federation".
    f("sip_partitioned_federation", &[ROUTER, SIPFED, ESP, PE]),
    f("sipd_core", &[ESP]),
    f("tc_ha", &["Cisco XCP Text Conference Manager", "Cisco Server Recovery Manager"]),
    // Table 39, "chat rooms".
    f("text_conference", &[CM, ROUTER, "Cisco XCP Text Conference Manager"]),
    f("upgrade_issues", &["Cluster Manager", "Service Manager", "Cisco Database Layer Monitor"]),
    // Table 39, "login authentication".
    f(
        "user_connectivity",
        &["Cisco Client Profile Agent", CM, ROUTER, "Cisco XCP Authentication Service", TOMCAT],
    ),
    // Table 39, "contact list".
    f("user_rosters", &[CM, ROUTER, PE]),
    f("xcp_core", &[ROUTER]),
    // Table 39, "XMPP interdomain federation".
    f("xmpp_inter_federation", &[CM, ROUTER, PE, XMPPFED]),
    // No traces: the node's configuration, written when the bundle is built (deployment_info.rs).
    BuildLogName {
        name: "deployment_info",
        aliases: &[],
        bundle: "deployment_info",
        feature: true,
        services: &[],
    },
    BuildLogName { name: "all", aliases: &[], bundle: "all", feature: false, services: &[] },
];

/// Looks a `file build log` name up (exact name or alias, case-insensitive).
pub fn build_log_name(typed: &str) -> Option<&'static BuildLogName> {
    let typed = typed.trim();
    BUILD_LOG.iter().find(|n| {
        n.name.eq_ignore_ascii_case(typed) || n.aliases.iter().any(|a| a.eq_ignore_ascii_case(typed))
    })
}

/// The trace families of one service.
pub fn specs_of(service: &str) -> impl Iterator<Item = &'static TraceSpec> + '_ {
    TRACES.iter().filter(move |t| t.service == service)
}

impl TraceSpec {
    /// The path (relative to `activelog`) of file number `n`.
    pub fn file_name(&self, n: u32, closed: bool) -> String {
        let gz = if closed && self.compress { ".gz" } else { "" };
        format!("{}{}{:08}.{}{}", self.stem, self.sep, n, self.ext, gz)
    }

    /// Whether `name` (a bare file name) is one of this family's files, and its number.
    pub fn number_of(&self, name: &str) -> Option<u32> {
        let rest = name.strip_prefix(self.stem)?.strip_prefix(self.sep)?;
        let rest = rest.strip_suffix(".gz").unwrap_or(rest);
        let digits = rest.strip_suffix(self.ext)?.strip_suffix('.')?;
        if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }

    /// The family's files as the guide writes them, e.g. `/epas/trace/xcp/log/rtr-jsm-1*.log.gz`.
    pub fn pattern(&self) -> String {
        let gz = if self.compress { ".gz" } else { "" };
        format!("/{}/{}*.{}{}", self.dir, self.stem, self.ext, gz)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::deployment::Role;
    use crate::engine::services;

    #[test]
    fn every_traced_service_exists_on_some_role() {
        for spec in TRACES {
            let known = [Role::CmPublisher, Role::ImpPublisher]
                .iter()
                .any(|r| services::catalog(*r).iter().any(|d| d.name == spec.service));
            assert!(known, "{} is not a service of any role", spec.service);
        }
    }

    #[test]
    fn every_build_log_service_has_traces_on_imp() {
        let imp = services::catalog(Role::ImpPublisher);
        for name in BUILD_LOG {
            for svc in name.services {
                assert!(
                    imp.iter().any(|d| d.name == *svc),
                    "{}: {svc} is not an IM and Presence service",
                    name.name
                );
                assert!(specs_of(svc).next().is_some(), "{}: {svc} writes no traces", name.name);
            }
        }
    }

    #[test]
    fn names_are_unique_and_cover_the_guide() {
        let mut seen = std::collections::HashSet::new();
        for n in BUILD_LOG {
            for w in std::iter::once(n.name).chain(n.aliases.iter().copied()) {
                assert!(seen.insert(w), "{w} twice");
            }
        }
        // Table 40 has 14 services, table 41 has 35 features.
        assert_eq!(BUILD_LOG.iter().filter(|n| !n.feature && !n.services.is_empty()).count(), 14);
        assert_eq!(BUILD_LOG.iter().filter(|n| n.feature).count(), 35);
        assert_eq!(build_log_name("CPA").map(|n| n.name), Some("cisco_client_profile_agent"));
        assert_eq!(build_log_name("flexible_im_address").map(|n| n.bundle), Some("flexible_im_address"));
    }

    #[test]
    fn file_names_round_trip() {
        for spec in TRACES {
            for closed in [false, true] {
                let name = spec.file_name(42, closed);
                assert_eq!(spec.number_of(&name), Some(42), "{name}");
            }
            assert_eq!(spec.number_of("unrelated.log"), None);
        }
        let rtr = TRACES.iter().find(|t| t.service == "Cisco XCP Router").map(|t| t.pattern());
        assert_eq!(rtr.as_deref(), Some("/epas/trace/xcp/log/rtr-jsm-1*.log.gz"));
    }
}
