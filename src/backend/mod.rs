//! The backend seam: how handlers reach a node.
//!
//! A [`Backend`] opens one command on one node ([`Backend::open`]): the privilege level the
//! catalog gives the command and the node's state are checked there, once. The [`Node`] it
//! hands back is everything a handler may ask of that node, in the typed results the
//! renderers take; [`Node::finish`] ends the command (its audit record, the events it
//! raised, remote syslog delivery).
//!
//! [`local::LocalBackend`] runs the commands on the lab's engine. A backend for real nodes
//! over SSH will be the second implementation: it runs the same commands on the node's CLI
//! and parses their text back into the same types.

pub mod local;
pub mod remote;

use crate::engine::accounts::AccountInfo;
use crate::engine::branding::{BrandingChange, BrandingPlaced, BrandingPreview, BrandingStatus};
use crate::engine::cores::{CoreAnalysis, CoreList};
use crate::engine::db::dbreplication::{
    ClusterReset, DropAdminDb, ForceDataSync, RepairReport, ReplTimeout, ResetReport, RuntimeState,
    StatusReport, StopReport,
};
use crate::engine::db::maintenance::{ProcessOption, QuickAudit, Rebuild, TableRepair};
use crate::engine::db::sql::{SqlResult, SqlRow};
use crate::engine::deployment::Product;
use crate::engine::diagnose::{DiagnoseVersion, Diagnosis, Mode as DiagnoseMode, Module as DiagnoseModule};
use crate::engine::diskusage::{DiskUsage, DiskUsageOptions};
use crate::engine::drs;
use crate::engine::network::{ArpList, Connectivity, HostLookup, Ping, Routes, TimezoneConfig, Traceroute};
use crate::engine::node::Partition;
use crate::engine::ntp::{NtpChange, NtpConfig, NtpRestart};
use crate::engine::platform::AccountLocking;
use crate::engine::platform::{Eth0, Hardware, NetworkCluster, NtpStatus, Restart, Status, Version};
use crate::engine::services::{Action, ServiceAction, ServiceList};
use crate::engine::settings::{LockingChange, LockingChanged, NodeDate, SessionTimeout};
use crate::engine::sftp::{Client, Endpoint, Pending};
use crate::engine::syslog::trust::ImportedCa;
use crate::engine::syslog::{Protocol, ProtocolSet, ProtocolShow, ServerChange, ServerList};
use crate::engine::traces::bundle::{BuildLog, BundleProgress};
use crate::engine::traces::files::{
    DeleteResult, DumpOptions, FileList, FileText, ListOptions, MatchSink, SearchOptions, SearchResult,
    TailOptions, TimeUnit, TimeWindow,
};
use crate::engine::traces::get::{GetOptions, GetReport, GetSelection, TransferProgress};
use crate::engine::traces::paths::Entry;
use crate::engine::users::{Scope as UsersScope, Validation};
use crate::engine::{Audit, CancelToken, NodeState, Result, Session};

/// Where commands run: opens one command's [`Node`] at a time.
pub trait Backend {
    /// Opens a command of privilege `level` on `node` for `session`. Fails, before anything
    /// runs, when the session lacks the level or (for [`NodeState::Up`]) the node is down.
    fn open<'s>(
        &'s self,
        node: &str,
        session: &Session,
        level: u8,
        state: NodeState,
        cancel: CancelToken,
    ) -> Result<Box<dyn Node + 's>>;
}

/// One command's view of one node: every call a handler makes.
pub trait Node {
    // ----- the command itself -----
    /// Ends the command: its audit record and the events it raised, delivered at once.
    fn finish(self: Box<Self>, audit: Audit);
    fn session(&self) -> &Session;
    fn product(&self) -> Product;
    fn hostname(&self) -> &str;
    /// Ctrl-C was pressed while the command ran.
    fn cancelled(&self) -> bool;

    // ----- show, set, delete -----
    fn status(&self) -> Result<Status>;
    fn version(&self, active: bool) -> Result<Version>;
    fn eth0(&self, detail: bool) -> Result<Eth0>;
    fn network_cluster(&self) -> Result<NetworkCluster>;
    fn hardware(&self) -> Result<Hardware>;
    fn accounts(&self) -> Result<Vec<AccountInfo>>;
    fn account_exists(&self, name: &str) -> Result<bool>;
    fn create_account(&self, name: &str, level: u8, password: &str) -> Result<()>;
    fn needs_old_password(&self, name: &str) -> Result<bool>;
    fn set_password(&self, name: &str, old: Option<&str>, new: &str) -> Result<()>;
    fn delete_account(&self, name: &str) -> Result<()>;

    // ----- utils service, ntp, system -----
    fn service_list(&self) -> Result<ServiceList>;
    fn service_act(&self, action: Action, name: &str) -> Result<ServiceAction>;
    fn ntp_status(&self) -> Result<NtpStatus>;
    fn restart(&self) -> Result<Restart>;

    // ----- utils dbreplication, run sql -----
    fn dbreplication_runtimestate(&self, from: Option<&str>) -> Result<RuntimeState>;
    fn dbreplication_status(&self, which: Option<&str>) -> Result<StatusReport>;
    fn dbreplication_repair(&self, which: &str) -> Result<RepairReport>;
    fn dbreplication_reset(&self, which: &str) -> Result<ResetReport>;
    fn dbreplication_stop(&self, which: Option<&str>) -> Result<StopReport>;
    /// Refuses `clusterreset` where the platform does, before its confirmation.
    fn dbreplication_clusterreset_ready(&self) -> Result<()>;
    fn dbreplication_clusterreset(&self) -> Result<ClusterReset>;
    fn dbreplication_dropadmindb(&self) -> Result<DropAdminDb>;
    /// Refuses `command` off the publisher, before its confirmation.
    fn dbreplication_require_publisher(&self, command: &str) -> Result<()>;
    fn dbreplication_forcedatasyncsub(
        &self,
        which: &str,
        offload_publisher: bool,
        timeout_minutes: Option<u32>,
    ) -> Result<ForceDataSync>;
    fn dbreplication_setrepltimeout(&self, seconds: i64) -> Result<ReplTimeout>;
    fn dbreplication_repairtable(&self, table: &str, which: Option<&str>) -> Result<TableRepair>;
    fn dbreplication_repairreplicate(&self, replicate: &str, which: Option<&str>) -> Result<TableRepair>;
    fn dbreplication_quickaudit(&self, which: &str) -> Result<QuickAudit>;
    fn dbreplication_rebuild(&self, which: Option<&str>) -> Result<Rebuild>;
    fn dbreplication_setprocess(&self, process: Option<i64>) -> Result<ProcessOption>;

    // ----- settings: account locking, CLI session timeout, date -----
    fn accountlocking(&self) -> Result<AccountLocking>;
    fn set_accountlocking(&self, change: LockingChange) -> Result<LockingChanged>;
    fn session_timeout(&self) -> Result<SessionTimeout>;
    fn set_session_timeout(&self, minutes: i64) -> Result<SessionTimeout>;
    fn date(&self) -> Result<NodeDate>;
    fn diskusage(&self, area: crate::engine::diskusage::DuArea, opts: DiskUsageOptions) -> Result<DiskUsage>;

    // ----- utils ntp (servers) -----
    fn ntp_configured(&self) -> Result<Vec<String>>;
    fn ntp_config(&self) -> Result<NtpConfig>;
    fn ntp_add(&self, servers: &[&str], restart: bool) -> Result<NtpChange>;
    /// The configured list, after checking the node may change it (before any question).
    fn ntp_delete_ready(&self) -> Result<Vec<String>>;
    fn ntp_delete(&self, chosen: &[String], restart: bool) -> Result<NtpChange>;
    fn ntp_restart(&self) -> Result<NtpRestart>;

    // ----- utils core -----
    fn core_list(&self, active: bool) -> Result<CoreList>;
    /// Fails, before anything is asked, when there is no core to analyze.
    fn core_check(&self, active: bool, name: Option<&str>) -> Result<()>;
    fn core_analyze(&self, active: bool, name: Option<&str>) -> Result<CoreAnalysis>;

    // ----- utils diagnose -----
    fn diagnose_list(&self) -> Result<Vec<DiagnoseModule>>;
    fn diagnose(&self, mode: DiagnoseMode, module: Option<&str>) -> Result<Diagnosis>;
    fn diagnose_version(&self) -> Result<DiagnoseVersion>;

    // ----- show risdb (em17) -----
    fn risdb_tables(&self) -> Result<Vec<String>>;
    fn risdb_phones(&self) -> Result<crate::engine::em::RisPhones>;
    fn run_sql(&self, statement: &str) -> Result<SqlResult>;
    /// `run sql <select>` streamed: the column names, then each row, to `each` (false stops).
    fn run_sql_each(&self, statement: &str, each: &mut dyn FnMut(SqlRow<'_>) -> bool) -> Result<usize>;

    // ----- utils users, branding, remotesyslog -----
    fn users_validate(&self, scope: UsersScope) -> Result<Validation>;
    fn branding_enable(&self) -> Result<BrandingChange>;
    fn branding_disable(&self) -> Result<BrandingChange>;
    fn branding_status(&self) -> Result<BrandingStatus>;
    fn branding_preview(&self) -> Result<BrandingPreview>;
    /// Fetches `path` through `client` and places it as the node's branding.zip.
    fn branding_fetch(&self, client: &Client, path: &str, source: &str) -> Result<BrandingPlaced>;
    fn syslog_set_protocol(&self, protocol: Protocol) -> Result<ProtocolSet>;
    fn syslog_show_protocol(&self) -> Result<ProtocolShow>;
    fn syslog_add_server(&self, host: &str, port: Option<u16>) -> Result<ServerChange>;
    fn syslog_delete_server(&self, host: &str, port: Option<u16>) -> Result<ServerChange>;
    fn syslog_show_servers(&self) -> Result<ServerList>;
    fn syslog_import_ca(&self, name: &str, pem: &[u8]) -> Result<ImportedCa>;

    // ----- file -----
    fn relative_window(&self, unit: TimeUnit, n: u32) -> TimeWindow;
    fn absolute_window(&self, from: &str, to: &str) -> Result<TimeWindow>;
    fn file_list(&self, partition: Partition, spec: &str, opts: ListOptions) -> Result<FileList>;
    fn file_view(&self, partition: Partition, spec: &str) -> Result<FileText>;
    fn file_tail(&self, partition: Partition, spec: &str, opts: &TailOptions) -> Result<FileText>;
    fn file_dump(&self, partition: Partition, spec: &str, opts: &DumpOptions) -> Result<FileText>;
    fn file_search(
        &self,
        partition: Partition,
        spec: &str,
        pattern: &str,
        opts: &SearchOptions,
    ) -> Result<SearchResult>;
    /// `file_search` handing each file's matches to `out` as they are known.
    fn file_search_into(
        &self,
        partition: Partition,
        spec: &str,
        pattern: &str,
        opts: &SearchOptions,
        out: &mut dyn MatchSink,
    ) -> Result<usize>;
    fn file_delete_plan(&self, partition: Partition, spec: &str) -> Result<Vec<Entry>>;
    fn file_delete(&self, partition: Partition, spec: &str, detail: bool) -> Result<DeleteResult>;
    fn file_build_log(
        &self,
        names: &[&str],
        days: u32,
        progress: &mut dyn FnMut(BundleProgress),
    ) -> Result<BuildLog>;
    fn file_get_select(&self, partition: Partition, spec: &str, opts: &GetOptions) -> Result<GetSelection>;
    fn file_get_send(
        &self,
        selection: &GetSelection,
        client: &Client,
        remote_dir: &str,
        progress: &mut dyn FnMut(TransferProgress),
    ) -> Result<GetReport>;

    // ----- SFTP servers the node talks to (file get, branding upload) -----
    /// Connects to an SFTP server; whether its host key is known to the node is in the result.
    fn sftp_connect(&self, endpoint: &Endpoint) -> Result<Pending>;
    /// Adds the server's host key to the node's known hosts.
    fn sftp_trust(&self, pending: &mut Pending) -> Result<()>;
    /// Logs in; the client stops its transfers when the command is cancelled.
    fn sftp_login(&self, pending: Pending, user: &str, password: &str) -> Result<Client>;

    // ----- utils network -----
    fn net_ping(&self, dest: &str, count: u32) -> Result<Ping>;
    fn net_host(&self, name: &str) -> Result<HostLookup>;
    /// The address `utils network connectivity` tests when none is given.
    fn net_connectivity_default(&self) -> Result<String>;
    fn net_connectivity(&self, dest: &str) -> Result<Connectivity>;
    fn net_arp_list(&self, numeric: bool) -> Result<ArpList>;
    fn net_traceroute(&self, dest: &str) -> Result<Traceroute>;
    fn net_routes(&self) -> Result<Routes>;
    fn timezone_config(&self) -> Result<TimezoneConfig>;
    // show perf, show process
    fn perf_list(
        &self,
        what: &crate::engine::perf::ListWhat,
        detail: bool,
    ) -> Result<crate::engine::perf::PerfList>;
    fn perf_query(&self, query: &crate::engine::perf::Query) -> Result<crate::engine::perf::PerfQuery>;
    fn perf_counterhelp(&self, class: &str, counter: &str) -> Result<crate::engine::perf::CounterHelp>;
    fn process_list(&self, detail: bool) -> Result<crate::engine::perf::process::ProcessList>;
    fn process_using_most(
        &self,
        by: crate::engine::perf::process::Resource,
        count: Option<usize>,
    ) -> Result<crate::engine::perf::process::UsingMost>;
    fn process_load(&self) -> Result<crate::engine::perf::process::ProcessLoad>;
    // ----- certificates (show cert, set cert) -----
    fn cert_list_own(&self) -> Result<crate::engine::certs::CertList>;
    fn cert_list_trust(&self) -> Result<crate::engine::certs::CertList>;
    fn cert_own(&self, name: &str) -> Result<crate::engine::certs::CertDetail>;
    fn cert_trust(&self, name: &str) -> Result<crate::engine::certs::CertDetail>;
    /// Fails, before anything is asked, when `name` is not one of the node's certificates.
    fn cert_check(&self, name: &str) -> Result<()>;
    fn cert_regen(&self, name: &str) -> Result<crate::engine::certs::CertRegen>;
    /// Fails, before anything is asked, when `name` is not a trust store of the node.
    fn cert_trust_check(&self, name: &str) -> Result<()>;
    /// Fetches the certificate at `path` through `client` into `<name>-trust`.
    fn cert_import_trust(
        &self,
        name: &str,
        client: &Client,
        path: &str,
        source: &str,
    ) -> Result<crate::engine::certs::TrustImported>;
    // ----- utils disaster_recovery -----
    fn drs_status(&self, operation: drs::Operation) -> Result<drs::StatusAnswer>;
    fn drs_history(&self, operation: drs::Operation) -> Result<drs::History>;
    fn drs_device_list(&self) -> Result<drs::DeviceList>;
    /// Fails, before the password is asked, when the device cannot be added.
    fn drs_device_check(&self, name: &str, path: &str) -> Result<()>;
    fn drs_device_add(&self, device: drs::Device, client: &Client) -> Result<drs::DeviceChange>;
    fn drs_device_delete(&self, name: &str) -> Result<drs::DeviceChange>;
    /// The features a backup takes; fails, before the password is asked, on a bad list.
    fn drs_backup_check(&self, features: &str, path: &str) -> Result<Vec<String>>;
    fn drs_backup(
        &self,
        features: &str,
        client: &Client,
        target: &drs::Target,
        progress: &mut dyn FnMut(TransferProgress),
    ) -> Result<drs::BackupDone>;
    fn drs_backup_files(&self, client: &Client, path: &str) -> Result<drs::BackupFiles>;
    fn drs_restore_check(&self, server: &str, tar: &str) -> Result<drs::RestorePlan>;
    fn drs_restore_fetch(
        &self,
        plan: &drs::RestorePlan,
        client: &Client,
        path: &str,
        progress: &mut dyn FnMut(TransferProgress),
    ) -> Result<drs::Fetched>;
    fn drs_restore_apply(&self, fetched: drs::Fetched, features: &str) -> Result<drs::RestoreDone>;
    fn drs_estimate(&self, features: &str) -> Result<drs::TarEstimate>;
    // ----- utils ha (presence redundancy groups) -----
    fn ha_status(&self, group: Option<&str>) -> Result<crate::engine::ha::HaStatus>;
    fn ha_failover(&self, node: &str) -> Result<crate::engine::ha::HaMove>;
    fn ha_fallback(&self, node: &str) -> Result<crate::engine::ha::HaMove>;
    fn ha_recover(&self, group: &str) -> Result<crate::engine::ha::HaRecover>;
    // ----- everyday show and set (engine::everyday, ports, showtech, system) -----
    fn timezone_check(&self, zone: &str) -> Result<String>;
    fn set_timezone(&self, zone: &str) -> Result<crate::engine::everyday::TimezoneSet>;
    fn timezone_list(&self) -> Result<Vec<String>>;
    fn logins(&self, successful: bool, count: Option<usize>) -> Result<crate::engine::everyday::Logins>;
    fn smtp(&self) -> Result<crate::engine::everyday::Smtp>;
    fn registry(
        &self,
        system: &str,
        component: &str,
        name: Option<&str>,
    ) -> Result<crate::engine::everyday::RegistryEntry>;
    fn open_ports(&self, regexp: Option<&str>) -> Result<crate::engine::ports::OpenPorts>;
    fn open_files(
        &self,
        selection: &crate::engine::ports::FileSelection,
    ) -> Result<crate::engine::ports::OpenFiles>;
    fn network_status(
        &self,
        opts: &crate::engine::ports::StatusOptions,
    ) -> Result<crate::engine::ports::NetworkStatus>;
    fn ipprefs(&self, filter: crate::engine::ports::IpprefsFilter) -> Result<crate::engine::ports::Ipprefs>;
    fn tech_repltimeout(&self) -> Result<crate::engine::showtech::TechReplTimeout>;
    fn tech_ccm_service(&self) -> Result<crate::engine::showtech::CcmService>;
    fn tech_dbstateinfo(&self) -> Result<crate::engine::showtech::DbStateInfo>;
    fn tech_network(
        &self,
        parts: &[crate::engine::showtech::NetworkPart],
        search: Option<&str>,
    ) -> Result<crate::engine::showtech::TechDump>;
    fn tech_system(
        &self,
        parts: &[crate::engine::showtech::SystemPart],
    ) -> Result<crate::engine::showtech::TechDump>;
    fn service_auto_restart(
        &self,
        action: crate::engine::services::AutoRestartAction,
        name: &str,
    ) -> Result<crate::engine::services::AutoRestart>;
    fn shutdown(&self) -> Result<crate::engine::system::Shutdown>;
    /// The versions a switch would swap; fails, before any question, without an inactive one.
    fn switch_versions(&self) -> Result<crate::engine::system::Versions>;
    fn switch_version(&self) -> Result<crate::engine::system::SwitchVersion>;

    // ----- utils imdb_replication, show fileserver -----
    fn imdb_replication_status(&self) -> Result<crate::engine::imdb::ImdbStatus>;
    fn fileserver_transferspeed(
        &self,
        client: Client,
        remote_dir: &str,
        progress: &mut dyn FnMut(u64),
    ) -> Result<crate::engine::fileserver::TransferSpeed>;
}
