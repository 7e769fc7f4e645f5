//! The local backend: commands run on the lab's engine, in this process. Each [`Node`] is
//! one engine operation ([`Op`]); every call is the engine entry point of the same name.

use crate::engine::accounts::{self, AccountInfo};
use crate::engine::branding::{self, BrandingChange, BrandingPlaced, BrandingPreview, BrandingStatus};
use crate::engine::cores::{self, CoreAnalysis, CoreList};
use crate::engine::db::dbreplication::{
    self as dbr, ClusterReset, DropAdminDb, ForceDataSync, RepairReport, ReplTimeout, ResetReport,
    RuntimeState, StatusReport, StopReport,
};
use crate::engine::db::maintenance::{self, ProcessOption, QuickAudit, Rebuild, TableRepair};
use crate::engine::db::sql::{self, SqlResult, SqlRow};
use crate::engine::deployment::Product;
use crate::engine::diagnose::{
    self, DiagnoseVersion, Diagnosis, Mode as DiagnoseMode, Module as DiagnoseModule,
};
use crate::engine::diskusage::{self, DiskUsage, DiskUsageOptions};
use crate::engine::drs;
use crate::engine::error::IoContext;
use crate::engine::network::{
    self, ArpList, Connectivity, HostLookup, Ping, Routes, TimezoneConfig, Traceroute,
};
use crate::engine::node::Partition;
use crate::engine::ntp::{self, NtpChange, NtpConfig, NtpRestart};
use crate::engine::perf;
use crate::engine::platform::AccountLocking;
use crate::engine::platform::{self, Eth0, Hardware, NetworkCluster, NtpStatus, Restart, Status, Version};
use crate::engine::services::{self, Action, ServiceAction, ServiceList};
use crate::engine::settings::{self, LockingChange, LockingChanged, NodeDate, SessionTimeout};
use crate::engine::sftp::{self, Client, Endpoint, Pending};
use crate::engine::syslog::{
    self, ImportedCa, Protocol, ProtocolSet, ProtocolShow, ServerChange, ServerList,
};
use crate::engine::traces::bundle::{self, BuildLog, BundleProgress};
use crate::engine::traces::files::{
    self, DeleteResult, DumpOptions, FileList, FileText, ListOptions, MatchSink, SearchOptions, SearchResult,
    TailOptions, TimeUnit, TimeWindow,
};
use crate::engine::traces::get::{self, GetOptions, GetReport, GetSelection, TransferProgress};
use crate::engine::traces::paths::Entry;
use crate::engine::users::{self, Scope as UsersScope, Validation};
use crate::engine::{Audit, CancelToken, Lab, NodeState, Op, Result, Session};

use super::{Backend, Node};

/// The lab on disk, run by the engine linked into this binary.
pub struct LocalBackend<'l> {
    lab: &'l Lab,
}

impl<'l> LocalBackend<'l> {
    pub fn new(lab: &'l Lab) -> Self {
        LocalBackend { lab }
    }
}

impl Backend for LocalBackend<'_> {
    fn open<'s>(
        &'s self,
        node: &str,
        session: &Session,
        level: u8,
        state: NodeState,
        cancel: CancelToken,
    ) -> Result<Box<dyn Node + 's>> {
        let op = Op::begin(self.lab, node, session, level, state, cancel)?;
        Ok(Box::new(LocalNode { op }))
    }
}

/// One command on a lab node: an engine operation.
pub struct LocalNode<'a> {
    op: Op<'a>,
}

impl LocalNode<'_> {
    fn op(&self) -> &Op<'_> {
        &self.op
    }
}

impl Node for LocalNode<'_> {
    fn finish(self: Box<Self>, audit: Audit) {
        // What remote syslog delivery found is the node's own business (its log, `show server`).
        let _ = self.op.finish(audit);
    }

    fn session(&self) -> &Session {
        self.op.session()
    }

    fn product(&self) -> Product {
        self.op.node().product()
    }

    fn hostname(&self) -> &str {
        &self.op.node().spec.hostname
    }

    fn cancelled(&self) -> bool {
        self.op.cancel().requested()
    }

    fn status(&self) -> Result<Status> {
        platform::status(self.op())
    }

    fn version(&self, active: bool) -> Result<Version> {
        platform::version(self.op(), active)
    }

    fn eth0(&self, detail: bool) -> Result<Eth0> {
        platform::eth0(self.op(), detail)
    }

    fn network_cluster(&self) -> Result<NetworkCluster> {
        platform::network_cluster(self.op())
    }

    fn hardware(&self) -> Result<Hardware> {
        platform::hardware(self.op())
    }

    fn accounts(&self) -> Result<Vec<AccountInfo>> {
        accounts::list(self.op(), self.op.now())
    }

    fn account_exists(&self, name: &str) -> Result<bool> {
        Ok(accounts::load(self.op.node())?.get(name).is_some())
    }

    fn create_account(&self, name: &str, level: u8, password: &str) -> Result<()> {
        accounts::create(self.op(), name, level, password, self.op.now())
    }

    fn needs_old_password(&self, name: &str) -> Result<bool> {
        accounts::needs_old_password(self.op(), name)
    }

    fn set_password(&self, name: &str, old: Option<&str>, new: &str) -> Result<()> {
        accounts::set_password(self.op(), name, old, new)
    }

    fn delete_account(&self, name: &str) -> Result<()> {
        accounts::delete(self.op(), name)
    }

    fn service_list(&self) -> Result<ServiceList> {
        services::list(self.op())
    }

    fn service_act(&self, action: Action, name: &str) -> Result<ServiceAction> {
        services::act(self.op(), action, name)
    }

    fn ntp_status(&self) -> Result<NtpStatus> {
        platform::ntp_status(self.op())
    }

    fn restart(&self) -> Result<Restart> {
        platform::restart(self.op())
    }

    fn dbreplication_runtimestate(&self, from: Option<&str>) -> Result<RuntimeState> {
        dbr::runtimestate(self.op(), from)
    }

    fn dbreplication_status(&self, which: Option<&str>) -> Result<StatusReport> {
        dbr::status(self.op(), which)
    }

    fn dbreplication_repair(&self, which: &str) -> Result<RepairReport> {
        dbr::repair(self.op(), which)
    }

    fn dbreplication_reset(&self, which: &str) -> Result<ResetReport> {
        dbr::reset(self.op(), which)
    }

    fn dbreplication_stop(&self, which: Option<&str>) -> Result<StopReport> {
        dbr::stop(self.op(), which)
    }

    fn dbreplication_clusterreset_ready(&self) -> Result<()> {
        dbr::clusterreset_ready(self.op.lab(), self.op.node()).map(|_| ())
    }

    fn dbreplication_clusterreset(&self) -> Result<ClusterReset> {
        dbr::clusterreset(self.op())
    }

    fn dbreplication_dropadmindb(&self) -> Result<DropAdminDb> {
        dbr::dropadmindb(self.op())
    }

    fn dbreplication_require_publisher(&self, command: &str) -> Result<()> {
        dbr::require_publisher(self.op.lab(), self.op.node(), command).map(|_| ())
    }

    fn dbreplication_forcedatasyncsub(
        &self,
        which: &str,
        offload_publisher: bool,
        timeout_minutes: Option<u32>,
    ) -> Result<ForceDataSync> {
        dbr::forcedatasyncsub(self.op(), which, offload_publisher, timeout_minutes)
    }

    fn dbreplication_setrepltimeout(&self, seconds: i64) -> Result<ReplTimeout> {
        dbr::setrepltimeout(self.op(), seconds)
    }

    fn dbreplication_repairtable(&self, table: &str, which: Option<&str>) -> Result<TableRepair> {
        maintenance::repairtable(self.op(), table, which)
    }

    fn dbreplication_repairreplicate(&self, replicate: &str, which: Option<&str>) -> Result<TableRepair> {
        maintenance::repairreplicate(self.op(), replicate, which)
    }

    fn dbreplication_quickaudit(&self, which: &str) -> Result<QuickAudit> {
        maintenance::quickaudit(self.op(), which)
    }

    fn dbreplication_rebuild(&self, which: Option<&str>) -> Result<Rebuild> {
        maintenance::rebuild(self.op(), which)
    }

    fn dbreplication_setprocess(&self, process: Option<i64>) -> Result<ProcessOption> {
        maintenance::setprocess(self.op(), process)
    }

    fn accountlocking(&self) -> Result<AccountLocking> {
        settings::accountlocking(self.op())
    }

    fn set_accountlocking(&self, change: LockingChange) -> Result<LockingChanged> {
        settings::set_accountlocking(self.op(), change)
    }

    fn session_timeout(&self) -> Result<SessionTimeout> {
        settings::session_timeout(self.op())
    }

    fn set_session_timeout(&self, minutes: i64) -> Result<SessionTimeout> {
        settings::set_session_timeout(self.op(), minutes)
    }

    fn date(&self) -> Result<NodeDate> {
        settings::date(self.op())
    }

    fn diskusage(&self, partition: diskusage::DuArea, opts: DiskUsageOptions) -> Result<DiskUsage> {
        diskusage::diskusage(self.op(), partition, opts)
    }

    fn ntp_configured(&self) -> Result<Vec<String>> {
        ntp::configured(self.op())
    }

    fn ntp_config(&self) -> Result<NtpConfig> {
        ntp::config(self.op())
    }

    fn ntp_add(&self, servers: &[&str], restart: bool) -> Result<NtpChange> {
        ntp::add(self.op(), servers, restart)
    }

    fn ntp_delete_ready(&self) -> Result<Vec<String>> {
        ntp::delete_ready(self.op())
    }

    fn ntp_delete(&self, chosen: &[String], restart: bool) -> Result<NtpChange> {
        ntp::delete(self.op(), chosen, restart)
    }

    fn ntp_restart(&self) -> Result<NtpRestart> {
        ntp::restart(self.op())
    }

    fn core_list(&self, active: bool) -> Result<CoreList> {
        cores::list(self.op(), active)
    }

    fn core_check(&self, active: bool, name: Option<&str>) -> Result<()> {
        cores::check(self.op(), active, name)
    }

    fn core_analyze(&self, active: bool, name: Option<&str>) -> Result<CoreAnalysis> {
        cores::analyze(self.op(), active, name)
    }

    fn diagnose_list(&self) -> Result<Vec<DiagnoseModule>> {
        Ok(diagnose::MODULES.to_vec())
    }

    fn diagnose(&self, mode: DiagnoseMode, module: Option<&str>) -> Result<Diagnosis> {
        diagnose::run(self.op(), mode, module)
    }

    fn diagnose_version(&self) -> Result<DiagnoseVersion> {
        diagnose::version(self.op())
    }

    fn risdb_tables(&self) -> Result<Vec<String>> {
        crate::engine::em::risdb_tables(self.op())
    }

    fn risdb_phones(&self) -> Result<crate::engine::em::RisPhones> {
        crate::engine::em::risdb_phones(self.op())
    }

    fn run_sql(&self, statement: &str) -> Result<SqlResult> {
        sql::run(self.op(), statement)
    }

    fn run_sql_each(&self, statement: &str, each: &mut dyn FnMut(SqlRow<'_>) -> bool) -> Result<usize> {
        sql::select_each(self.op(), statement, each)
    }

    fn users_validate(&self, scope: UsersScope) -> Result<Validation> {
        users::validate(self.op(), scope)
    }

    fn branding_enable(&self) -> Result<BrandingChange> {
        branding::enable(self.op())
    }

    fn branding_disable(&self) -> Result<BrandingChange> {
        branding::disable(self.op())
    }

    fn branding_status(&self) -> Result<BrandingStatus> {
        branding::status(self.op())
    }

    fn branding_preview(&self) -> Result<BrandingPreview> {
        branding::preview(self.op())
    }

    fn branding_fetch(&self, client: &Client, path: &str, source: &str) -> Result<BrandingPlaced> {
        let scratch = self.op.node().dir().join("scratch");
        std::fs::create_dir_all(&scratch).ctx(|| format!("creating {}", scratch.display()))?;
        let tmp = tempfile::Builder::new()
            .prefix(".branding-")
            .tempdir_in(&scratch)
            .ctx(|| format!("creating a folder in {}", scratch.display()))?;
        let local = tmp.path().join("branding.zip");
        client.download(path, &local, &mut |_| {})?;
        branding::place_file(self.op(), &local, source)
    }

    fn syslog_set_protocol(&self, protocol: Protocol) -> Result<ProtocolSet> {
        syslog::set_protocol(self.op(), protocol)
    }

    fn syslog_show_protocol(&self) -> Result<ProtocolShow> {
        syslog::show_protocol(self.op())
    }

    fn syslog_add_server(&self, host: &str, port: Option<u16>) -> Result<ServerChange> {
        syslog::add_server(self.op(), host, port)
    }

    fn syslog_delete_server(&self, host: &str, port: Option<u16>) -> Result<ServerChange> {
        syslog::delete_server(self.op(), host, port)
    }

    fn syslog_show_servers(&self) -> Result<ServerList> {
        syslog::show_servers(self.op())
    }

    fn syslog_import_ca(&self, name: &str, pem: &[u8]) -> Result<ImportedCa> {
        syslog::import_ca(self.op(), name, pem)
    }

    fn relative_window(&self, unit: TimeUnit, n: u32) -> TimeWindow {
        TimeWindow::relative(self.op.node(), unit, n)
    }

    fn absolute_window(&self, from: &str, to: &str) -> Result<TimeWindow> {
        TimeWindow::absolute(self.op.node(), from, to)
    }

    fn file_list(&self, partition: Partition, spec: &str, opts: ListOptions) -> Result<FileList> {
        files::list(self.op(), partition, spec, opts)
    }

    fn file_view(&self, partition: Partition, spec: &str) -> Result<FileText> {
        files::view(self.op(), partition, spec)
    }

    fn file_tail(&self, partition: Partition, spec: &str, opts: &TailOptions) -> Result<FileText> {
        files::tail(self.op(), partition, spec, opts)
    }

    fn file_dump(&self, partition: Partition, spec: &str, opts: &DumpOptions) -> Result<FileText> {
        files::dump(self.op(), partition, spec, opts)
    }

    fn file_search(
        &self,
        partition: Partition,
        spec: &str,
        pattern: &str,
        opts: &SearchOptions,
    ) -> Result<SearchResult> {
        files::search(self.op(), partition, spec, pattern, opts)
    }

    fn file_search_into(
        &self,
        partition: Partition,
        spec: &str,
        pattern: &str,
        opts: &SearchOptions,
        out: &mut dyn MatchSink,
    ) -> Result<usize> {
        files::search_into(self.op(), partition, spec, pattern, opts, out)
    }

    fn file_delete_plan(&self, partition: Partition, spec: &str) -> Result<Vec<Entry>> {
        files::delete_plan(self.op(), partition, spec)
    }

    fn file_delete(&self, partition: Partition, spec: &str, detail: bool) -> Result<DeleteResult> {
        files::delete(self.op(), partition, spec, detail)
    }

    fn file_build_log(
        &self,
        names: &[&str],
        days: u32,
        progress: &mut dyn FnMut(BundleProgress),
    ) -> Result<BuildLog> {
        bundle::build_log(self.op(), names, days, progress)
    }

    fn file_get_select(&self, partition: Partition, spec: &str, opts: &GetOptions) -> Result<GetSelection> {
        get::select(self.op(), partition, spec, opts)
    }

    fn file_get_send(
        &self,
        selection: &GetSelection,
        client: &Client,
        remote_dir: &str,
        progress: &mut dyn FnMut(TransferProgress),
    ) -> Result<GetReport> {
        get::send(self.op(), selection, client, remote_dir, progress)
    }

    fn sftp_connect(&self, endpoint: &Endpoint) -> Result<Pending> {
        sftp::connect(endpoint, &get::known_hosts_path(self.op.node()))
    }

    fn sftp_trust(&self, pending: &mut Pending) -> Result<()> {
        pending.trust(&get::known_hosts_path(self.op.node()))
    }

    fn sftp_login(&self, pending: Pending, user: &str, password: &str) -> Result<Client> {
        Ok(pending.login(user, password)?.with_cancel(self.op.cancel().clone()))
    }

    fn net_ping(&self, dest: &str, count: u32) -> Result<Ping> {
        network::ping(self.op(), dest, count)
    }

    fn net_host(&self, name: &str) -> Result<HostLookup> {
        network::host(self.op(), name)
    }

    fn net_connectivity_default(&self) -> Result<String> {
        network::connectivity_default(self.op())
    }

    fn net_connectivity(&self, dest: &str) -> Result<Connectivity> {
        network::connectivity(self.op(), dest)
    }

    fn net_arp_list(&self, numeric: bool) -> Result<ArpList> {
        network::arp_list(self.op(), numeric)
    }

    fn net_traceroute(&self, dest: &str) -> Result<Traceroute> {
        network::traceroute(self.op(), dest)
    }

    fn net_routes(&self) -> Result<Routes> {
        network::routes(self.op())
    }

    fn timezone_config(&self) -> Result<TimezoneConfig> {
        network::timezone_config(self.op())
    }

    fn perf_list(&self, what: &perf::ListWhat, detail: bool) -> Result<perf::PerfList> {
        perf::list(self.op(), what, detail)
    }

    fn perf_query(&self, query: &perf::Query) -> Result<perf::PerfQuery> {
        perf::query(self.op(), query)
    }

    fn perf_counterhelp(&self, class: &str, counter: &str) -> Result<perf::CounterHelp> {
        perf::counterhelp(self.op(), class, counter)
    }

    fn process_list(&self, detail: bool) -> Result<perf::process::ProcessList> {
        perf::process::list(self.op(), detail)
    }

    fn process_using_most(
        &self,
        by: perf::process::Resource,
        count: Option<usize>,
    ) -> Result<perf::process::UsingMost> {
        perf::process::using_most(self.op(), by, count)
    }

    fn process_load(&self) -> Result<perf::process::ProcessLoad> {
        perf::process::load(self.op())
    }

    fn cert_list_own(&self) -> Result<crate::engine::certs::CertList> {
        crate::engine::certs::list_own(self.op())
    }

    fn cert_list_trust(&self) -> Result<crate::engine::certs::CertList> {
        crate::engine::certs::list_trust(self.op())
    }

    fn cert_own(&self, name: &str) -> Result<crate::engine::certs::CertDetail> {
        crate::engine::certs::own(self.op(), name)
    }

    fn cert_trust(&self, name: &str) -> Result<crate::engine::certs::CertDetail> {
        crate::engine::certs::trust(self.op(), name)
    }

    fn cert_check(&self, name: &str) -> Result<()> {
        crate::engine::certs::check_unit(self.op(), name)
    }

    fn cert_regen(&self, name: &str) -> Result<crate::engine::certs::CertRegen> {
        crate::engine::certs::regen(self.op(), name)
    }

    fn drs_status(&self, operation: drs::Operation) -> Result<drs::StatusAnswer> {
        drs::status(self.op(), operation)
    }

    fn drs_history(&self, operation: drs::Operation) -> Result<drs::History> {
        drs::history(self.op(), operation)
    }

    fn drs_device_list(&self) -> Result<drs::DeviceList> {
        drs::device_list(self.op())
    }

    fn drs_device_check(&self, name: &str, path: &str) -> Result<()> {
        drs::device_check(self.op(), name, path)
    }

    fn drs_device_add(&self, device: drs::Device, client: &Client) -> Result<drs::DeviceChange> {
        drs::device_add(self.op(), device, client)
    }

    fn drs_device_delete(&self, name: &str) -> Result<drs::DeviceChange> {
        drs::device_delete(self.op(), name)
    }

    fn drs_backup_check(&self, features: &str, path: &str) -> Result<Vec<String>> {
        drs::backup_check(self.op(), features, path)
    }

    fn drs_backup(
        &self,
        features: &str,
        client: &Client,
        target: &drs::Target,
        progress: &mut dyn FnMut(TransferProgress),
    ) -> Result<drs::BackupDone> {
        drs::backup(self.op(), features, client, target, progress)
    }

    fn drs_backup_files(&self, client: &Client, path: &str) -> Result<drs::BackupFiles> {
        drs::backup_files(self.op(), client, path)
    }

    fn drs_restore_check(&self, server: &str, tar: &str) -> Result<drs::RestorePlan> {
        drs::restore_check(self.op(), server, tar)
    }

    fn drs_restore_fetch(
        &self,
        plan: &drs::RestorePlan,
        client: &Client,
        path: &str,
        progress: &mut dyn FnMut(TransferProgress),
    ) -> Result<drs::Fetched> {
        drs::restore_fetch(self.op(), plan, client, path, progress)
    }

    fn drs_restore_apply(&self, fetched: drs::Fetched, features: &str) -> Result<drs::RestoreDone> {
        drs::restore_apply(self.op(), fetched, features)
    }

    fn drs_estimate(&self, features: &str) -> Result<drs::TarEstimate> {
        drs::estimate(self.op(), features)
    }

    fn cert_trust_check(&self, name: &str) -> Result<()> {
        crate::engine::certs::check_trust_unit(self.op(), name)
    }

    fn cert_import_trust(
        &self,
        name: &str,
        client: &Client,
        path: &str,
        source: &str,
    ) -> Result<crate::engine::certs::TrustImported> {
        crate::engine::certs::import_trust_from(self.op(), name, client, path, source)
    }

    fn ha_status(&self, group: Option<&str>) -> Result<crate::engine::ha::HaStatus> {
        crate::engine::ha::status(self.op(), group)
    }

    fn ha_failover(&self, node: &str) -> Result<crate::engine::ha::HaMove> {
        crate::engine::ha::failover(self.op(), node)
    }

    fn ha_fallback(&self, node: &str) -> Result<crate::engine::ha::HaMove> {
        crate::engine::ha::fallback(self.op(), node)
    }

    fn ha_recover(&self, group: &str) -> Result<crate::engine::ha::HaRecover> {
        crate::engine::ha::recover(self.op(), group)
    }

    // ----- everyday show and set -----
    fn timezone_check(&self, zone: &str) -> Result<String> {
        crate::engine::everyday::check_zone(zone)
    }

    fn set_timezone(&self, zone: &str) -> Result<crate::engine::everyday::TimezoneSet> {
        crate::engine::everyday::set_timezone(self.op(), zone)
    }

    fn timezone_list(&self) -> Result<Vec<String>> {
        Ok(crate::engine::everyday::zones())
    }

    fn logins(&self, successful: bool, count: Option<usize>) -> Result<crate::engine::everyday::Logins> {
        crate::engine::everyday::logins(self.op(), successful, count)
    }

    fn smtp(&self) -> Result<crate::engine::everyday::Smtp> {
        crate::engine::everyday::smtp(self.op())
    }

    fn registry(
        &self,
        system: &str,
        component: &str,
        name: Option<&str>,
    ) -> Result<crate::engine::everyday::RegistryEntry> {
        crate::engine::everyday::registry(self.op(), system, component, name)
    }

    fn open_ports(&self, regexp: Option<&str>) -> Result<crate::engine::ports::OpenPorts> {
        crate::engine::ports::open_ports(self.op(), regexp)
    }

    fn open_files(
        &self,
        selection: &crate::engine::ports::FileSelection,
    ) -> Result<crate::engine::ports::OpenFiles> {
        crate::engine::ports::open_files(self.op(), selection)
    }

    fn network_status(
        &self,
        opts: &crate::engine::ports::StatusOptions,
    ) -> Result<crate::engine::ports::NetworkStatus> {
        crate::engine::ports::network_status(self.op(), opts)
    }

    fn ipprefs(&self, filter: crate::engine::ports::IpprefsFilter) -> Result<crate::engine::ports::Ipprefs> {
        crate::engine::ports::ipprefs(self.op(), filter)
    }

    fn tech_repltimeout(&self) -> Result<crate::engine::showtech::TechReplTimeout> {
        crate::engine::showtech::repltimeout(self.op())
    }

    fn tech_ccm_service(&self) -> Result<crate::engine::showtech::CcmService> {
        crate::engine::showtech::ccm_service(self.op())
    }

    fn tech_dbstateinfo(&self) -> Result<crate::engine::showtech::DbStateInfo> {
        crate::engine::showtech::dbstateinfo(self.op())
    }

    fn tech_network(
        &self,
        parts: &[crate::engine::showtech::NetworkPart],
        search: Option<&str>,
    ) -> Result<crate::engine::showtech::TechDump> {
        crate::engine::showtech::network(self.op(), parts, search)
    }

    fn tech_system(
        &self,
        parts: &[crate::engine::showtech::SystemPart],
    ) -> Result<crate::engine::showtech::TechDump> {
        crate::engine::showtech::system(self.op(), parts)
    }

    fn service_auto_restart(
        &self,
        action: crate::engine::services::AutoRestartAction,
        name: &str,
    ) -> Result<crate::engine::services::AutoRestart> {
        crate::engine::services::auto_restart(self.op(), action, name)
    }

    fn shutdown(&self) -> Result<crate::engine::system::Shutdown> {
        crate::engine::system::shutdown(self.op())
    }

    fn switch_versions(&self) -> Result<crate::engine::system::Versions> {
        crate::engine::system::switch_versions(self.op())
    }

    fn switch_version(&self) -> Result<crate::engine::system::SwitchVersion> {
        crate::engine::system::switch_version(self.op())
    }

    fn imdb_replication_status(&self) -> Result<crate::engine::imdb::ImdbStatus> {
        crate::engine::imdb::status(self.op())
    }

    fn fileserver_transferspeed(
        &self,
        client: Client,
        remote_dir: &str,
        progress: &mut dyn FnMut(u64),
    ) -> Result<crate::engine::fileserver::TransferSpeed> {
        crate::engine::fileserver::transferspeed(self.op(), client, remote_dir, progress)
    }
}
