//! The platform's services on each node: what exists per product, which are activated,
//! which run, and the order they depend on (`services.toml`).
//!
//! Three kinds, as the platform lists them: platform services outside the Service Manager
//! (`System SSH [STARTED]`), network services (always activated) and feature services
//! (activated and deactivated by the administrator). A service starts only after the
//! services it depends on run; stopping a service first stops what depends on it. Some
//! services only start after others (`starts_after`) without depending on them: the IM and
//! Presence start order of the admin guide, Cisco XCP Router, then Cisco SIP Proxy and
//! Cisco Presence Engine, then Cisco Client Profile Agent and Cisco Sync Agent.
//!
//! The guide's XCP rules: restarting Cisco XCP Router restarts every running XCP service
//! with it; stopping it stops the XCP services (they depend on it) and nothing else;
//! starting it starts only the router.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::deployment::{Product, Role};
use super::error::{EngineError, Result};
use super::events::{self, Event};
use super::node::NodeHandle;
use super::store;
use super::traces;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Runs outside the Service Manager (`name [STATE]` in the list).
    Platform,
    /// Network service: always activated.
    Network,
    /// Feature service: activated by the administrator.
    Feature,
}

#[derive(Debug, Clone, Copy)]
pub struct ServiceDef {
    pub name: &'static str,
    pub kind: Kind,
    /// Activated on a new node.
    pub activated_by_default: bool,
    /// Exists only on the database publisher of its product.
    pub publisher_only: bool,
    /// Services that must run before this one starts, and whose stop stops it.
    pub depends_on: &'static [&'static str],
    /// Services that must run before this one starts, whose stop leaves it running (the
    /// guide's start order).
    pub starts_after: &'static [&'static str],
    /// The `file build log` / trace short name, when the service writes traces.
    pub trace_name: Option<&'static str>,
}

const fn svc(name: &'static str, kind: Kind) -> ServiceDef {
    ServiceDef {
        name,
        kind,
        activated_by_default: true,
        publisher_only: false,
        depends_on: &[],
        starts_after: &[],
        trace_name: None,
    }
}

const fn off(def: ServiceDef) -> ServiceDef {
    ServiceDef { activated_by_default: false, ..def }
}

const fn pub_only(def: ServiceDef) -> ServiceDef {
    ServiceDef { publisher_only: true, ..def }
}

const fn needs(def: ServiceDef, deps: &'static [&'static str]) -> ServiceDef {
    ServiceDef { depends_on: deps, ..def }
}

const fn after(def: ServiceDef, first: &'static [&'static str]) -> ServiceDef {
    ServiceDef { starts_after: first, ..def }
}

impl ServiceDef {
    /// Everything that must run before this service starts.
    pub fn start_requires(&self) -> impl Iterator<Item = &'static str> {
        self.depends_on.iter().chain(self.starts_after.iter()).copied()
    }

    /// An XCP service other than the router (restarted and stopped with it).
    pub fn is_xcp_service(&self) -> bool {
        self.name.starts_with("Cisco XCP ") && self.name != XCP_ROUTER_NAME
    }
}

/// The IM and Presence service the XCP services depend on.
pub const XCP_ROUTER_NAME: &str = "Cisco XCP Router";

use crate::engine::op::Op;
use Kind::{Feature, Network, Platform};

const DB: &[&str] = &["A Cisco DB"];
const TOMCAT: &[&str] = &["Cisco Tomcat"];

/// Services every node has, whatever its product.
/// The platform services come first, in the order of the reference's CUCM capture (System
/// SSH, Cluster Manager, Password Reset, Name Service Cache; System NTP after them).
const COMMON: &[ServiceDef] = &[
    svc("System SSH", Platform),
    svc("Cluster Manager", Platform),
    off(svc("Password Reset", Platform)),
    svc("Name Service Cache", Platform),
    svc("System NTP", Platform),
    svc("Service Manager", Platform),
    svc("A Cisco DB", Network),
    needs(svc("A Cisco DB Replicator", Network), DB),
    svc("Cisco AMC Service", Network),
    needs(svc("Cisco AXL Web Service", Feature), TOMCAT),
    svc("Cisco Audit Event Service", Network),
    needs(svc("Cisco Bulk Provisioning Service", Feature), TOMCAT),
    svc("Cisco CallManager Serviceability", Network),
    svc("Cisco CallManager Serviceability RTMT", Network),
    svc("Cisco Certificate Change Notification", Network),
    svc("Cisco Certificate Expiry Monitor", Network),
    svc("Cisco DRF Local", Network),
    pub_only(svc("Cisco DRF Master", Network)),
    needs(svc("Cisco Database Layer Monitor", Network), DB),
    svc("Cisco Log Partition Monitoring Tool", Network),
    svc("Cisco RIS Data Collector", Network),
    svc("Cisco RTMT Reporter Servlet", Network),
    off(svc("Cisco Serviceability Reporter", Feature)),
    svc("Cisco Syslog Agent", Network),
    svc("Cisco Tomcat", Network),
    needs(svc("Cisco Tomcat Stats Servlet", Network), TOMCAT),
    svc("Cisco Trace Collection Service", Network),
    svc("Cisco Trace Collection Servlet", Network),
    svc("Host Resources Agent", Network),
    svc("MIB2 Agent", Network),
    svc("Platform Administrative Web Service", Network),
    svc("SNMP Master Agent", Network),
    svc("SOAP -Diagnostic Portal Database Service", Network),
    svc("SOAP -Log Collection APIs", Network),
    svc("SOAP -Performance Monitoring APIs", Network),
    svc("SOAP -Real-Time Service APIs", Network),
    svc("System Application Agent", Network),
];

const CM: &[ServiceDef] = &[
    svc("Cisco CallManager", Feature),
    svc("Cisco CTIManager", Feature),
    svc("Cisco Tftp", Feature),
    needs(svc("Cisco Extension Mobility", Feature), TOMCAT),
    needs(svc("Cisco Extension Mobility Application", Network), TOMCAT),
    svc("Cisco Headset Service", Feature),
    svc("Cisco Certificate Authority Proxy Function", Feature),
    svc("Cisco CTL Provider", Network),
    svc("Cisco Trust Verification Service", Network),
    svc("Cisco User Data Services", Feature),
    svc("Cisco UXL Web Service", Feature),
    svc("Cisco CDP", Network),
    svc("Cisco CDP Agent", Network),
    svc("Cisco CDR Agent", Network),
    pub_only(svc("Cisco CDR Repository Manager", Network)),
    pub_only(svc("Cisco CAR DB", Network)),
    pub_only(svc("Cisco CAR Scheduler", Feature)),
    pub_only(off(svc("Cisco DirSync", Feature))),
    off(svc("Cisco Messaging Interface", Feature)),
    off(svc("Cisco Extended Functions", Feature)),
    svc("Cisco Change Credential Application", Network),
    svc("Cisco CallManager Cisco IP Phone Services", Network),
    needs(svc("Cisco CallManager Admin", Network), TOMCAT),
    off(svc("Cisco DHCP Monitor Service", Feature)),
    off(svc("Cisco Intercluster Lookup Service", Feature)),
];

const XCP_ROUTER: &[&str] = &["Cisco XCP Router"];
const PRESENCE_CORE: &[&str] = &["Cisco SIP Proxy", "Cisco Presence Engine"];

const IMP: &[ServiceDef] = &[
    svc("Cisco XCP Router", Network),
    needs(svc("Cisco XCP Config Manager", Network), XCP_ROUTER),
    needs(svc("Cisco XCP Connection Manager", Feature), XCP_ROUTER),
    needs(svc("Cisco XCP Web Connection Manager", Feature), XCP_ROUTER),
    needs(svc("Cisco XCP Authentication Service", Feature), XCP_ROUTER),
    needs(off(svc("Cisco XCP Text Conference Manager", Feature)), XCP_ROUTER),
    needs(off(svc("Cisco XCP File Transfer Manager", Feature)), XCP_ROUTER),
    needs(off(svc("Cisco XCP Message Archiver", Feature)), XCP_ROUTER),
    needs(off(svc("Cisco XCP Directory Service", Feature)), XCP_ROUTER),
    needs(off(svc("Cisco XCP SIP Federation Connection Manager", Feature)), XCP_ROUTER),
    needs(off(svc("Cisco XCP XMPP Federation Connection Manager", Feature)), XCP_ROUTER),
    after(svc("Cisco SIP Proxy", Feature), XCP_ROUTER),
    after(svc("Cisco Presence Engine", Feature), XCP_ROUTER),
    after(svc("Cisco Client Profile Agent", Network), PRESENCE_CORE),
    pub_only(after(svc("Cisco Sync Agent", Network), PRESENCE_CORE)),
    svc("Cisco Config Agent", Network),
    svc("Cisco Intercluster Sync Agent", Network),
    svc("Cisco IM and Presence Data Monitor", Network),
    svc("Cisco Login Datastore", Network),
    svc("Cisco Route Datastore", Network),
    svc("Cisco Presence Datastore", Network),
    svc("Cisco SIP Registration Datastore", Network),
    svc("Cisco Server Recovery Manager", Network),
    svc("Cisco OAM Agent", Network),
    needs(svc("Cisco IM and Presence Admin", Network), TOMCAT),
];

/// The services a node of `role` has, platform services first, then the rest by name.
pub fn catalog(role: Role) -> Vec<&'static ServiceDef> {
    let product = match role.product() {
        Product::Cm => CM,
        Product::Imp => IMP,
    };
    let mut defs: Vec<&ServiceDef> =
        COMMON.iter().chain(product.iter()).filter(|d| !d.publisher_only || role.is_db_publisher()).collect();
    defs.sort_by(|a, b| {
        (a.kind != Platform).cmp(&(b.kind != Platform)).then_with(|| {
            if a.kind == Platform {
                std::cmp::Ordering::Equal
            } else {
                a.name.cmp(b.name)
            }
        })
    });
    defs
}

/// Finds a service by name, ignoring case and runs of blanks, as typed at the CLI.
pub fn find(role: Role, typed: &str) -> Option<&'static ServiceDef> {
    let wanted = normalise(typed);
    catalog(role).into_iter().find(|d| normalise(d.name) == wanted)
}

fn normalise(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunState {
    Started,
    /// Stopped because it is not activated.
    Stopped,
    /// Stopped by an administrator (`Commanded Out of Service`).
    CommandedOut,
    /// Died on its own (the platform's NOTRUNNING).
    NotRunning,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceState {
    pub activated: bool,
    pub state: RunState,
    /// The service's trace level (Serviceability's Trace Configuration); `Info` unless set.
    #[serde(default, skip_serializing_if = "TraceLevel::is_default")]
    pub trace: TraceLevel,
    /// `utils service auto-restart enable`: the Service Manager starts the service again
    /// when it crashes (off unless enabled).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub auto_restart: bool,
}

/// A service's trace level. `Debug` is what `file build log deployment_info` calls "debug
/// logging enabled".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TraceLevel {
    Fatal,
    Error,
    Warn,
    #[default]
    Info,
    Debug,
}

impl TraceLevel {
    pub fn is_default(&self) -> bool {
        *self == TraceLevel::Info
    }

    /// The level as Serviceability names it.
    pub fn describe(self) -> &'static str {
        match self {
            TraceLevel::Fatal => "Fatal",
            TraceLevel::Error => "Error",
            TraceLevel::Warn => "Warn",
            TraceLevel::Info => "Info",
            TraceLevel::Debug => "Debug",
        }
    }

    pub fn parse(text: &str) -> Option<TraceLevel> {
        [TraceLevel::Fatal, TraceLevel::Error, TraceLevel::Warn, TraceLevel::Info, TraceLevel::Debug]
            .into_iter()
            .find(|l| l.describe().eq_ignore_ascii_case(text))
    }
}

/// `services.toml`: the state of each service by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "StoredServices", into = "StoredServices")]
pub struct Services {
    pub service: BTreeMap<String, ServiceState>,
}

/// `services.toml` as written: the number of services first, so a file cut short (a line
/// boundary parses as a valid, shorter file) is refused instead of read as one whose
/// missing services take their defaults. Files written before the count existed have none.
#[derive(Serialize, Deserialize)]
struct StoredServices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
    #[serde(default)]
    service: BTreeMap<String, ServiceState>,
}

impl TryFrom<StoredServices> for Services {
    type Error = String;

    fn try_from(stored: StoredServices) -> std::result::Result<Self, String> {
        match stored.count {
            Some(n) if n != stored.service.len() => Err(format!(
                "the file is incomplete: it should list {n} services and lists {}. Restore it from a backup \
                 or recreate the lab with 'ucsh cluster init --force'",
                stored.service.len()
            )),
            _ => Ok(Services { service: stored.service }),
        }
    }
}

impl From<Services> for StoredServices {
    fn from(s: Services) -> Self {
        StoredServices { count: Some(s.service.len()), service: s.service }
    }
}

impl Services {
    /// The state of a new node of `role`: activated services run.
    pub fn initial(role: Role) -> Self {
        let service = catalog(role)
            .into_iter()
            .map(|d| {
                let state = if d.activated_by_default { RunState::Started } else { RunState::Stopped };
                (
                    d.name.to_string(),
                    ServiceState {
                        activated: d.activated_by_default,
                        state,
                        trace: TraceLevel::Info,
                        auto_restart: false,
                    },
                )
            })
            .collect();
        Services { service }
    }

    pub fn state(&self, name: &str) -> RunState {
        self.service.get(name).map(|s| s.state).unwrap_or(RunState::Stopped)
    }

    pub fn is_running(&self, name: &str) -> bool {
        self.state(name) == RunState::Started
    }
}

pub fn load(node: &NodeHandle) -> Result<Services> {
    let mut services: Services = store::read_toml(&node.services_path())?;
    // A service the catalog gained after the lab was made starts in its default state.
    for def in catalog(node.role()) {
        services.service.entry(def.name.to_string()).or_insert_with(|| {
            let state = if def.activated_by_default { RunState::Started } else { RunState::Stopped };
            ServiceState {
                activated: def.activated_by_default,
                state,
                trace: TraceLevel::Info,
                auto_restart: false,
            }
        });
    }
    Ok(services)
}

/// One line of `utils service list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceEntry {
    pub name: String,
    pub kind: Kind,
    pub activated: bool,
    pub state: RunState,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceList {
    pub node: String,
    pub primary_node: bool,
    pub services: Vec<ServiceEntry>,
}

pub fn list(op: &Op) -> Result<ServiceList> {
    let node = op.node();
    let states = load(node)?;
    let services = catalog(node.role())
        .into_iter()
        .map(|d| {
            let s = states.service.get(d.name);
            ServiceEntry {
                name: d.name.to_string(),
                kind: d.kind,
                activated: s.is_none_or(|s| s.activated),
                state: s.map(|s| s.state).unwrap_or(RunState::Stopped),
            }
        })
        .collect();
    Ok(ServiceList { node: node.name().to_string(), primary_node: node.role().is_db_publisher(), services })
}

/// A state one service passed through during a start, stop or restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    Starting,
    Started,
    Stopping,
    Stopped,
    Activated,
    Deactivated,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceAction {
    pub action: &'static str,
    pub service: String,
    /// What happened, in order: (service name, state reached).
    pub steps: Vec<(String, Step)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Start,
    Stop,
    Restart,
    Activate,
    Deactivate,
}

impl Action {
    pub fn word(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Stop => "stop",
            Action::Restart => "restart",
            Action::Activate => "activate",
            Action::Deactivate => "deactivate",
        }
    }
}

fn dependents(role: Role, name: &str) -> Vec<&'static ServiceDef> {
    catalog(role).into_iter().filter(|d| d.depends_on.contains(&name)).collect()
}

fn stop_tree(
    role: Role,
    states: &mut Services,
    name: &str,
    steps: &mut Vec<(String, Step)>,
    commanded: bool,
) {
    for dep in dependents(role, name) {
        if states.is_running(dep.name) {
            stop_tree(role, states, dep.name, steps, true);
        }
    }
    if let Some(s) = states.service.get_mut(name) {
        if s.state == RunState::Started {
            steps.push((name.to_string(), Step::Stopping));
        }
        s.state = if commanded && s.activated { RunState::CommandedOut } else { RunState::Stopped };
        steps.push((name.to_string(), Step::Stopped));
    }
}

fn start_one(
    role: Role,
    states: &mut Services,
    def: &ServiceDef,
    steps: &mut Vec<(String, Step)>,
) -> Result<()> {
    let Some(state) = states.service.get(def.name) else {
        return Err(EngineError::UnknownService(def.name.to_string()));
    };
    if !state.activated {
        return Err(EngineError::ServiceNotActivated { service: def.name.to_string(), crash: false });
    }
    if state.state == RunState::Started {
        // Already running: nothing to wait for.
        steps.push((def.name.to_string(), Step::Started));
        return Ok(());
    }
    for dep in def.start_requires() {
        if !states.is_running(dep) {
            return Err(EngineError::ServiceDependency {
                service: def.name.to_string(),
                dependency: dep.to_string(),
            });
        }
    }
    let _ = role;
    steps.push((def.name.to_string(), Step::Starting));
    if let Some(s) = states.service.get_mut(def.name) {
        s.state = RunState::Started;
    }
    steps.push((def.name.to_string(), Step::Started));
    Ok(())
}

/// `utils service start|stop|restart|activate|deactivate <name>`.
pub fn act(op: &Op, action: Action, typed: &str) -> Result<ServiceAction> {
    let (node, session) = (op.node(), op.session());
    let role = node.role();
    let def = find(role, typed).ok_or_else(|| EngineError::UnknownService(typed.trim().to_string()))?;
    if matches!(action, Action::Activate | Action::Deactivate) && def.kind != Kind::Feature {
        return Err(EngineError::NotAFeatureService { service: def.name.to_string() });
    }
    if matches!(action, Action::Start | Action::Restart | Action::Activate) {
        super::imaddress::check_start(op.lab(), node, def.name)?;
    }
    // What a remote cluster update asks of a CM publisher may change (issue #17).
    let seen = super::em::availability::before(node);
    let steps = store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
        for d in catalog(role) {
            states.service.entry(d.name.to_string()).or_insert(ServiceState {
                activated: d.activated_by_default,
                state: if d.activated_by_default { RunState::Started } else { RunState::Stopped },
                trace: TraceLevel::Info,
                auto_restart: false,
            });
        }
        let mut steps = Vec::new();
        match action {
            Action::Start => start_one(role, states, def, &mut steps)?,
            Action::Stop => stop_tree(role, states, def.name, &mut steps, true),
            Action::Restart => {
                // Restarting the router restarts the XCP services that run with it.
                let with: Vec<&ServiceDef> = if def.name == XCP_ROUTER_NAME {
                    catalog(role)
                        .into_iter()
                        .filter(|d| d.is_xcp_service() && states.is_running(d.name))
                        .collect()
                } else {
                    Vec::new()
                };
                for d in with.iter().copied().chain(std::iter::once(def)) {
                    if states.is_running(d.name) {
                        steps.push((d.name.to_string(), Step::Stopping));
                        if let Some(s) = states.service.get_mut(d.name) {
                            s.state = RunState::Stopped;
                        }
                    }
                }
                start_one(role, states, def, &mut steps)?;
                for d in with {
                    start_one(role, states, d, &mut steps)?;
                }
            }
            Action::Activate => {
                if let Some(s) = states.service.get_mut(def.name) {
                    s.activated = true;
                }
                steps.push((def.name.to_string(), Step::Activated));
                start_one(role, states, def, &mut steps)?;
            }
            Action::Deactivate => {
                stop_tree(role, states, def.name, &mut steps, false);
                if let Some(s) = states.service.get_mut(def.name) {
                    s.activated = false;
                    s.state = RunState::Stopped;
                }
                steps.push((def.name.to_string(), Step::Deactivated));
            }
        }
        Ok(steps)
    })?;
    for (name, step) in &steps {
        match step {
            Step::Started => events::emit(node, &Event::service(name, true, &session.account)),
            Step::Stopped => events::emit(node, &Event::service(name, false, &session.account)),
            _ => {}
        }
        trace_step(node, name, *step);
    }
    // The EM application records whether it could initialise (issue #17, error 210).
    super::em::nodestate::services_started(
        node,
        steps.iter().filter(|(_, s)| *s == Step::Starting).map(|(n, _)| n.as_str()),
    );
    // A Server Recovery Manager that really started again (not one already running).
    if steps.iter().any(|(n, s)| n == super::ha::SRM && *s == Step::Starting) {
        super::ha::srm_started(op.lab(), node)?;
    }
    if steps.iter().any(|(_, s)| *s == Step::Started) && super::imaddress::note_started(op.lab(), node)? {
        op.record(Event::audit(
            "IMAddressSchemeServicesStarted",
            "The services stopped for the IM address scheme change run again".to_string(),
        ));
    }
    super::em::availability::after(node, seen);
    Ok(ServiceAction { action: action.word(), service: def.name.to_string(), steps })
}

/// Stops one service and what depends on it, as an administrator's stop (commanded out),
/// with its events and traces. Returns the services that were running and stopped.
pub(crate) fn stop_named(node: &NodeHandle, name: &str, by: &str) -> Result<Vec<String>> {
    let role = node.role();
    let steps = store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
        let mut steps = Vec::new();
        if states.is_running(name) || dependents(role, name).iter().any(|d| states.is_running(d.name)) {
            stop_tree(role, states, name, &mut steps, true);
        }
        Ok(steps)
    })?;
    let mut stopped = Vec::new();
    let mut was_running = Vec::new();
    for (n, step) in &steps {
        match step {
            Step::Stopping => was_running.push(n.clone()),
            Step::Stopped if was_running.contains(n) => {
                events::emit(node, &Event::service(n, false, by));
                trace_step(node, n, *step);
                stopped.push(n.clone());
            }
            _ => {}
        }
    }
    Ok(stopped)
}

/// The service's own traces say what happened to it (best effort, like events).
fn trace_step(node: &NodeHandle, name: &str, step: Step) {
    if step == Step::Started {
        // A datastore that starts sets its IMDB replication up again.
        let _ = super::imdb::service_started(node, name);
    }
    let what = match step {
        Step::Started => traces::Happening::Started,
        Step::Stopped => traces::Happening::Stopped,
        _ => return,
    };
    let _ = traces::record(node, name, what);
}

/// Marks a service as crashed (fault injection): it stops without being told to.
pub fn crash(node: &NodeHandle, typed: &str) -> Result<String> {
    crash_report(node, typed).map(|c| c.service)
}

/// What a crash did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crash {
    pub service: String,
    /// The core file it left, when one could be written.
    pub core: Option<String>,
    /// Auto-restart was on and the Service Manager started it again.
    pub restarted: bool,
}

/// [`crash`], saying whether the Service Manager restarted the service (auto-restart on
/// and the services it depends on running). The crash itself is recorded first (its state,
/// its alarm, its core), then the restart, as two writes: a restart that fails or is killed
/// leaves the service crashed, as without auto-restart.
pub fn crash_report(node: &NodeHandle, typed: &str) -> Result<Crash> {
    let def =
        find(node.role(), typed).ok_or_else(|| EngineError::UnknownService(typed.trim().to_string()))?;
    let seen = super::em::availability::before(node);
    let auto = store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
        let s = states.service.entry(def.name.to_string()).or_insert(ServiceState {
            activated: def.activated_by_default,
            state: RunState::Started,
            trace: TraceLevel::Info,
            auto_restart: false,
        });
        if !s.activated {
            return Err(EngineError::ServiceNotActivated { service: def.name.to_string(), crash: true });
        }
        s.state = RunState::NotRunning;
        Ok(s.auto_restart)
    })?;
    events::emit(node, &Event::service_crash(def.name));
    // The crash leaves its core, as on the platform (a node that cannot write it still
    // records the crash).
    let core = super::cores::dump(node, def.name).ok();
    let mut restarted = false;
    if auto {
        restarted = store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
            let deps_up = def.depends_on.iter().all(|d| states.is_running(d));
            match states.service.get_mut(def.name) {
                Some(s) if deps_up && s.activated && s.state == RunState::NotRunning => {
                    s.state = RunState::Started;
                    Ok(true)
                }
                _ => Ok(false),
            }
        })?;
        if restarted {
            events::emit(node, &Event::service(def.name, true, "Service Manager"));
            trace_step(node, def.name, Step::Started);
            super::em::nodestate::services_started(node, [def.name]);
        }
    }
    super::em::availability::after(node, seen);
    Ok(Crash { service: def.name.to_string(), core, restarted })
}

/// `utils service auto-restart enable|disable|show <service>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoRestartAction {
    Enable,
    Disable,
    Show,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AutoRestart {
    pub action: AutoRestartAction,
    pub service: String,
    pub enabled: bool,
    /// `enable`/`disable` only: whether the setting changed.
    pub changed: bool,
}

pub fn auto_restart(op: &Op, action: AutoRestartAction, typed: &str) -> Result<AutoRestart> {
    let (node, session) = (op.node(), op.session());
    let def =
        find(node.role(), typed).ok_or_else(|| EngineError::UnknownService(typed.trim().to_string()))?;
    let (enabled, changed) = match action {
        AutoRestartAction::Show => {
            let states = load(node)?;
            (states.service.get(def.name).is_some_and(|s| s.auto_restart), false)
        }
        AutoRestartAction::Enable | AutoRestartAction::Disable => {
            let want = action == AutoRestartAction::Enable;
            store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
                let s = states.service.entry(def.name.to_string()).or_insert(ServiceState {
                    activated: def.activated_by_default,
                    state: if def.activated_by_default { RunState::Started } else { RunState::Stopped },
                    trace: TraceLevel::Info,
                    auto_restart: false,
                });
                let changed = s.auto_restart != want;
                s.auto_restart = want;
                Ok((want, changed))
            })?
        }
    };
    if changed {
        op.record(Event::audit(
            "ServiceAutoRestartChanged",
            format!(
                "Auto-restart {} for {} by {}",
                if enabled { "enabled" } else { "disabled" },
                def.name,
                session.account
            ),
        ));
    }
    Ok(AutoRestart { action, service: def.name.to_string(), enabled, changed })
}

/// Starts every activated service in dependency order (boot, `utils system restart`).
/// Returns the services started.
pub fn start_all(node: &NodeHandle) -> Result<Vec<String>> {
    let role = node.role();
    let seen = super::em::availability::before(node);
    let started = store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
        Ok(start_all_in(role, states))
    })?;
    super::em::availability::after(node, seen);
    announce_started(node, &started);
    Ok(started)
}

fn announce_started(node: &NodeHandle, started: &[String]) {
    for name in started {
        events::emit(node, &Event::service(name, true, "system"));
        trace_step(node, name, Step::Started);
    }
    super::em::nodestate::services_started(node, started.iter().map(String::as_str));
}

fn start_all_in(role: Role, states: &mut Services) -> Vec<String> {
    let mut started = Vec::new();
    let defs = catalog(role);
    // Repeatedly start whatever has its dependencies running: a topological order.
    loop {
        let mut progressed = false;
        for def in &defs {
            let entry = states.service.entry(def.name.to_string()).or_insert(ServiceState {
                activated: def.activated_by_default,
                state: RunState::Stopped,
                trace: TraceLevel::Info,
                auto_restart: false,
            });
            if !entry.activated || entry.state == RunState::Started {
                continue;
            }
            if def.start_requires().all(|d| states.is_running(d)) {
                if let Some(s) = states.service.get_mut(def.name) {
                    s.state = RunState::Started;
                }
                started.push(def.name.to_string());
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    started
}

/// Stops every running service, dependents first (restart, shutdown). Returns them in the
/// order they stopped.
pub fn stop_all(node: &NodeHandle) -> Result<Vec<String>> {
    let role = node.role();
    let seen = super::em::availability::before(node);
    let stopped = store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
        Ok(stop_all_in(role, states))
    })?;
    super::em::availability::after(node, seen);
    Ok(stopped)
}

fn stop_all_in(role: Role, states: &mut Services) -> Vec<String> {
    let mut steps = Vec::new();
    for def in catalog(role).into_iter().rev() {
        if states.is_running(def.name) {
            stop_tree(role, states, def.name, &mut steps, false);
        }
    }
    // Stopped by the restart, not by an administrator: every activated service,
    // including one commanded out or crashed, comes back at boot.
    for s in states.service.values_mut() {
        if s.activated {
            s.state = RunState::Stopped;
        }
    }
    steps.into_iter().filter(|(_, st)| *st == Step::Stopped).map(|(n, _)| n).collect()
}

/// The services' part of `utils system restart`: every running service stopped, then every
/// activated one started, in ONE write of `services.toml`. As two writes, a process killed
/// between them left every service (the database too) stopped until another restart.
/// Returns (stopped, started).
pub(crate) fn cycle_all(node: &NodeHandle) -> Result<(Vec<String>, Vec<String>)> {
    let role = node.role();
    let (stopped, started) =
        store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
            let stopped = stop_all_in(role, states);
            Ok((stopped, start_all_in(role, states)))
        })?;
    announce_started(node, &started);
    Ok((stopped, started))
}

/// Sets a service's trace level (the lab's stand-in for Serviceability's Trace
/// Configuration, `ucsh cluster trace-level`). Returns the previous level.
pub fn set_trace_level(node: &NodeHandle, typed: &str, level: TraceLevel) -> Result<(String, TraceLevel)> {
    let def = find(node.role(), typed).ok_or_else(|| EngineError::UnknownService(typed.to_string()))?;
    let previous = store::update_toml(node.dir(), &node.services_path(), |states: &mut Services| {
        let entry = states.service.entry(def.name.to_string()).or_insert(ServiceState {
            activated: def.activated_by_default,
            state: if def.activated_by_default { RunState::Started } else { RunState::Stopped },
            trace: TraceLevel::Info,
            auto_restart: false,
        });
        let previous = entry.trace;
        entry.trace = level;
        Ok(previous)
    })?;
    events::emit(
        node,
        &Event::audit(
            "TraceLevelChanged",
            format!("{}: trace level {} to {}", def.name, previous.describe(), level.describe()),
        ),
    );
    Ok((def.name.to_string(), previous))
}

/// The services of a node whose trace level is Debug, in the catalog's order.
pub fn debug_enabled(node: &NodeHandle) -> Result<Vec<String>> {
    let states = load(node)?;
    Ok(catalog(node.role())
        .into_iter()
        .filter(|d| states.service.get(d.name).is_some_and(|s| s.trace == TraceLevel::Debug))
        .map(|d| d.name.to_string())
        .collect())
}
