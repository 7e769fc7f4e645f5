//! Handlers: one plain function per leaf command, listed in one table.
//!
//! A handler takes the parsed [`Invocation`] and the command's [`Ctx`], calls the node
//! through the backend seam (`ctx.node`, a [`Node`]), and returns a typed result that
//! implements [`Report`]. The privilege level and the node's state were checked when the
//! command was opened, from the catalog; the audit record is written when it finishes.
//! Handlers never print: text shown before a prompt goes through `ctx.prompt.say`,
//! everything else is the result.

use crate::backend::Node;
use crate::catalog::{Invocation, ParseError, Scope};
use crate::engine::deployment::Product;
use crate::engine::EngineError;
use crate::render::{ExitStatus, Report, Sink};

pub mod cert;
pub mod complete;
pub mod delete;
pub mod everyday;
pub mod file;
pub mod fileserver;
pub mod perf;
pub mod risdb;
pub mod run;
pub mod session;
pub mod set;
pub mod show;
pub mod utils;

pub type Outcome = Result<Box<dyn Report>, CliError>;
pub type Handler = fn(&mut Ctx, &Invocation) -> Outcome;

/// Why a command did not succeed. The exit code follows from the variant.
#[derive(Debug)]
pub enum CliError {
    /// The line is not a complete, valid command (exit 2).
    Usage(ParseError),
    /// The command ran and failed (exit 1).
    Engine(EngineError),
    /// The command ran and failed for a reason worded by the handler (exit 1).
    Failed(String),
    /// The user declined a confirmation: nothing was done (exit 1).
    Declined(String),
    /// `quit` / `exit`: the session ends.
    Quit,
}

impl From<EngineError> for CliError {
    fn from(e: EngineError) -> Self {
        CliError::Engine(e)
    }
}

impl CliError {
    pub fn status(&self) -> ExitStatus {
        match self {
            CliError::Usage(_) => ExitStatus::Usage,
            CliError::Quit => ExitStatus::Success,
            _ => ExitStatus::Failed,
        }
    }

    pub fn exit_code(&self) -> i32 {
        self.status().code()
    }
}

/// Questions a command asks: from the terminal when there is one, otherwise one line of
/// standard input per prompt, so scripts can answer. `--yes` answers confirmations.
pub trait Prompter {
    /// Shows text before a prompt (a warning block, a list to choose from).
    fn say(&mut self, text: &str);
    /// Asks a yes/no question; `yes` is the answer that means yes (`y`, `yes`).
    fn confirm(&mut self, prompt: &str, yes: &str) -> Result<bool, CliError>;
    /// Asks for a line of text.
    fn line(&mut self, prompt: &str) -> Result<String, CliError>;
    /// Asks for a secret: never echoed, never stored.
    fn password(&mut self, prompt: &str) -> Result<String, CliError>;
    /// Asks for one key, acted on without Enter and not echoed (the file viewer's
    /// `options:`); Enter is `'\n'`. Where keys cannot be read one at a time, the first
    /// character of a line answers.
    fn key(&mut self, prompt: &str) -> Result<char, CliError> {
        Ok(self.line(prompt)?.chars().next().unwrap_or('\n'))
    }
}

/// A progress display for long transfers: a bar on a terminal, nothing otherwise.
pub trait Progress {
    fn set_total(&self, bytes: u64);
    fn advance(&self, bytes: u64);
    fn finish(&self);
}

/// Makes a progress display for a transfer of the named thing.
pub type ProgressFactory = dyn Fn(&str) -> Box<dyn Progress>;

/// Session settings that live as long as the session (not on disk).
#[derive(Debug, Clone)]
pub struct SessionSettings {
    pub pagination: bool,
}

pub struct Ctx<'a> {
    /// The command's node, opened for this command (privilege and state already checked).
    pub node: &'a dyn Node,
    pub prompt: &'a mut dyn Prompter,
    pub settings: &'a mut SessionSettings,
    /// Makes a progress display for a transfer of `label`.
    pub progress: &'a ProgressFactory,
    /// Where a command may write its text while it runs (long results shown as they
    /// come); `None` when the output must come whole, in the report (JSON, the pager).
    pub out: Option<&'a mut dyn Sink>,
}

impl Ctx<'_> {
    /// Ctrl-C was pressed while the command ran.
    pub fn cancelled(&self) -> bool {
        self.node.cancelled()
    }

    /// Which products' commands this session sees: its node's.
    pub fn scope(&self) -> Scope {
        match self.node.product() {
            Product::Imp => Scope::Imp,
            Product::Cm => Scope::Cm,
        }
    }
}

/// The one table: handler id (as named in the catalog) → function.
pub static HANDLERS: &[(&str, Handler)] = &[
    // ===== session, show, set, delete (platform) =====
    ("session.help", session::help),
    ("session.quit", session::quit),
    ("show.myself", show::myself),
    // ===== em17 =====
    ("show.risdb.list", risdb::list),
    ("show.risdb.query_phone", risdb::query_phone),
    // ===== end em17 =====
    ("show.account", show::account),
    ("show.cli.pagination", show::cli_pagination),
    ("show.status", show::status),
    ("show.version.active", show::version_active),
    ("show.version.inactive", show::version_inactive),
    ("show.network.eth0", show::network_eth0),
    ("show.network.cluster", show::network_cluster),
    ("show.hardware", show::hardware),
    ("set.cli.pagination", set::cli_pagination),
    ("set.account.name", set::account_name),
    ("set.password.user", set::password_user),
    ("show.accountlocking", show::accountlocking),
    ("show.cli.session.timeout", show::cli_session_timeout),
    ("show.date", show::date),
    ("show.diskusage", show::diskusage),
    ("set.accountlocking.enable", set::accountlocking_enable),
    ("set.accountlocking.disable", set::accountlocking_disable),
    ("set.accountlocking.count", set::accountlocking_count),
    ("set.accountlocking.unlocktime", set::accountlocking_unlocktime),
    ("set.cli.session.timeout", set::cli_session_timeout),
    ("delete.account", delete::account),
    // ===== utils service, ntp, system (platform) =====
    ("utils.service.list", utils::service::list),
    ("utils.service.start", utils::service::start),
    ("utils.service.stop", utils::service::stop),
    ("utils.service.restart", utils::service::restart),
    ("utils.service.activate", utils::service::activate),
    ("utils.service.deactivate", utils::service::deactivate),
    ("utils.ntp.status", utils::ntp::status),
    ("utils.system.restart", utils::system::restart),
    // ===== utils dbreplication, run sql =====
    ("utils.dbreplication.runtimestate", utils::dbreplication::runtimestate),
    ("utils.dbreplication.status", utils::dbreplication::status),
    ("utils.dbreplication.repair", utils::dbreplication::repair),
    ("utils.dbreplication.reset", utils::dbreplication::reset),
    ("utils.dbreplication.stop", utils::dbreplication::stop),
    ("utils.dbreplication.clusterreset", utils::dbreplication::clusterreset),
    ("utils.dbreplication.dropadmindb", utils::dbreplication::dropadmindb),
    ("utils.dbreplication.forcedatasyncsub", utils::dbreplication::forcedatasyncsub),
    ("utils.dbreplication.setrepltimeout", utils::dbreplication::setrepltimeout),
    ("utils.dbreplication.repairtable", utils::dbreplication::repairtable),
    ("utils.dbreplication.repairreplicate", utils::dbreplication::repairreplicate),
    ("utils.dbreplication.quickaudit", utils::dbreplication::quickaudit),
    ("utils.dbreplication.rebuild", utils::dbreplication::rebuild),
    ("utils.dbreplication.setprocess", utils::dbreplication::setprocess),
    ("utils.ntp.config", utils::ntp::config),
    ("utils.ntp.restart", utils::ntp::restart),
    ("utils.ntp.server.list", utils::ntp::server_list),
    ("utils.ntp.server.add", utils::ntp::server_add),
    ("utils.ntp.server.delete", utils::ntp::server_delete),
    ("utils.core.active.list", utils::core::active_list),
    ("utils.core.inactive.list", utils::core::inactive_list),
    ("utils.core.active.analyze", utils::core::active_analyze),
    ("utils.core.inactive.analyze", utils::core::inactive_analyze),
    ("utils.diagnose.list", utils::diagnose::list),
    ("utils.diagnose.test", utils::diagnose::test),
    ("utils.diagnose.fix", utils::diagnose::fix),
    ("utils.diagnose.module", utils::diagnose::module),
    ("utils.diagnose.version", utils::diagnose::version),
    ("run.sql", run::sql::sql),
    // ===== utils network =====
    ("utils.network.ping", utils::network::ping),
    ("utils.network.host", utils::network::host),
    ("utils.network.connectivity", utils::network::connectivity),
    ("utils.network.arp.list", utils::network::arp_list),
    ("utils.network.traceroute", utils::network::traceroute),
    ("show.network.route", utils::network::show_route),
    ("show.timezone.config", utils::network::show_timezone_config),
    // ===== utils users =====
    ("utils.users.validate", utils::users::validate),
    // ===== utils ha =====
    ("utils.ha.status", utils::ha::status),
    ("utils.ha.failover", utils::ha::failover),
    ("utils.ha.fallback", utils::ha::fallback),
    ("utils.ha.recover", utils::ha::recover),
    ("utils.imdb_replication.status", utils::imdb_replication::status),
    ("show.fileserver.transferspeed", fileserver::transferspeed),
    // ===== utils branding =====
    ("utils.branding.enable", utils::branding::enable),
    ("utils.branding.disable", utils::branding::disable),
    ("utils.branding.status", utils::branding::status),
    ("utils.branding.preview", utils::branding::preview),
    ("utils.branding.upload", utils::branding::upload),
    // ===== utils remotesyslog =====
    ("utils.remotesyslog.set_protocol", utils::remotesyslog::set_protocol),
    ("utils.remotesyslog.show_protocol", utils::remotesyslog::show_protocol),
    ("utils.remotesyslog.add_server", utils::remotesyslog::add_server),
    ("utils.remotesyslog.delete_server", utils::remotesyslog::delete_server),
    ("utils.remotesyslog.show_server", utils::remotesyslog::show_server),
    ("utils.remotesyslog.import_cacert", utils::remotesyslog::import_cacert),
    // ===== file =====
    ("file.build.log", file::build::log),
    ("file.list", file::list::list),
    ("file.view", file::view::view),
    ("file.tail", file::tail::tail),
    ("file.dump", file::dump::dump),
    ("file.search", file::search::search),
    ("file.delete", file::delete::delete),
    ("file.get", file::get::get),
    // ===== utils disaster_recovery =====
    ("utils.drs.backup", utils::drs::backup),
    ("utils.drs.restore", utils::drs::restore),
    ("utils.drs.status", utils::drs::status),
    ("utils.drs.history", utils::drs::history),
    ("utils.drs.device_add", utils::drs::device_add),
    ("utils.drs.device_delete", utils::drs::device_delete),
    ("utils.drs.device_list", utils::drs::device_list),
    ("utils.drs.show_backupfiles", utils::drs::show_backupfiles),
    ("utils.drs.estimate_tar_size", utils::drs::estimate_tar_size),
    // ===== show cert, set cert =====
    ("show.cert.list.own", cert::list_own),
    ("show.cert.list.trust", cert::list_trust),
    ("show.cert.own", cert::own),
    ("show.cert.trust", cert::trust),
    ("set.cert.regen", cert::regen),
    ("set.cert.import.trust", cert::import_trust),
    // ===== everyday show, set, utils (issue 16 item 6) =====
    ("set.timezone", everyday::set_timezone),
    ("show.timezone.list", everyday::timezone_list),
    ("show.logins.successful", everyday::logins_successful),
    ("show.logins.unsuccessful", everyday::logins_unsuccessful),
    ("show.open.ports", everyday::open_ports),
    ("show.open.files", everyday::open_files),
    ("show.network.status", everyday::network_status),
    ("show.network.ipprefs", everyday::ipprefs),
    ("show.tech.repltimeout", everyday::tech_repltimeout),
    ("show.tech.ccm_service", everyday::tech_ccm_service),
    ("show.tech.dbstateinfo", everyday::tech_dbstateinfo),
    ("show.tech.network", everyday::tech_network),
    ("show.tech.system", everyday::tech_system),
    ("show.smtp", everyday::smtp),
    ("show.registry", everyday::registry),
    ("utils.service.auto_restart.enable", everyday::auto_restart_enable),
    ("utils.service.auto_restart.disable", everyday::auto_restart_disable),
    ("utils.service.auto_restart.show", everyday::auto_restart_show),
    ("utils.system.shutdown", everyday::shutdown),
    ("utils.system.switch_version", everyday::switch_version),
    // ===== show perf, show process =====
    ("show.perf.list.categories", perf::list_categories),
    ("show.perf.list.classes", perf::list_classes),
    ("show.perf.list.counters", perf::list_counters),
    ("show.perf.list.instances", perf::list_instances),
    ("show.perf.query.class", perf::query_class),
    ("show.perf.query.counter", perf::query_counter),
    ("show.perf.query.instance", perf::query_instance),
    ("show.perf.query.path", perf::query_path),
    ("show.perf.counterhelp", perf::counterhelp),
    ("show.process.list", perf::process_list),
    ("show.process.using-most.cpu", perf::using_most_cpu),
    ("show.process.using-most.memory", perf::using_most_memory),
    ("show.process.load", perf::process_load),
    // ===== end =====
];

pub fn lookup(id: &str) -> Option<Handler> {
    HANDLERS.iter().find(|(h, _)| *h == id).map(|(_, f)| *f)
}
