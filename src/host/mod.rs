//! Host commands: `ucsh cluster ...`, run on the machine that keeps the lab rather than at
//! the node's `admin:` prompt — creating the lab, looking at it, injecting faults, and
//! feeding it data. Each returns a typed result rendered like any command's.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::engine::deployment::InitOptions;
use crate::engine::error::IoContext;
use crate::engine::lab::{Existing, InitReport};
use crate::engine::{
    accounts, branding, db, platform, services, Audit, Clock, EngineError, Lab, NodeState, Op,
};
use crate::handlers::{CliError, Outcome, Prompter};
use crate::render::{to_json, Message, Report};

#[derive(Debug, Parser)]
#[command(
    name = "ucsh cluster",
    about = "Create, inspect and break the lab deployment",
    disable_help_subcommand = true
)]
pub struct HostCli {
    #[command(subcommand)]
    pub command: ClusterCmd,
}

#[derive(Debug, Subcommand)]
pub enum ClusterCmd {
    /// Create the standard lab: cluster1 (cucm-pub, cucm-sub1.., cucm-imp-1, cucm-imp-1b)
    /// and cluster2 (cucm2-pub, cucm-imp-2), intercluster peers.
    Init {
        /// Create the nodes without sample users, devices and headsets.
        #[arg(long)]
        no_sample_data: bool,
        /// Replace an existing lab (everything in it is lost).
        #[arg(long)]
        force: bool,
        /// Communications Manager subscribers in cluster1 (1-8).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=8))]
        cm_subscribers: u32,
        /// File whose first line is the password of the nodes' administrator account
        /// `admin`. Without it, ucsh asks on a terminal; with neither, `admin` has no
        /// password and works only from the local shell until `set password user admin`.
        #[arg(long, value_name = "FILE")]
        admin_password_file: Option<PathBuf>,
    },
    /// Show the deployment: clusters, nodes, roles, addresses, versions, state.
    Info,
    /// Inject a fault (for tests and demonstrations).
    Fault {
        #[command(subcommand)]
        fault: Fault,
    },
    // ===== feature host commands (keep the markers) =====
    /// Generate N days of trace history (rotated, compressed) for every service of a node,
    /// replacing what its services wrote so far; every node unless --node is given.
    Traces {
        /// Days of history (1-365).
        #[arg(long, default_value_t = 7)]
        days: u32,
        /// Bytes of trace text per node, e.g. 500M, 1G (compressed files take less on disk).
        #[arg(long, default_value = "64M")]
        size: String,
        /// Only this node.
        #[arg(long, value_name = "NAME")]
        node: Option<String>,
    },
    /// Load users or devices from a CSV file into a cluster's CM publisher (they
    /// replicate from there). The whole file goes in, or nothing of it.
    Import {
        #[command(subcommand)]
        what: Import,
    },
    /// Place a branding.zip on a lab node (ucsh extension)
    ///
    /// Does on a lab node what the platform's OS Administration page (Software Upgrades >
    /// Branding > Upload File) does: the file becomes the node's uploaded branding.zip, which
    /// `utils branding enable` on that node checks and installs. Says at once what enable
    /// would find wrong with it, and exits 3 when that is anything.
    BrandingFile {
        /// The node (name, host name or address).
        node: String,
        /// The branding.zip to place.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Serve the lab over SSH: every node as `ssh ACCOUNT@ADDRESS` (ucsh extension)
    ///
    /// Starts an SSH server in the background and returns once it listens. Each node gets
    /// its own loopback address on port 22 (lab address a.b.c.d -> 127.b.c.d); where port 22
    /// cannot be bound, every node gets a port of 127.0.0.1 from --port-base (default 2200)
    /// instead. Each CLI account of a node logs in with its own password and lands at its
    /// own privilege level (failed logins count toward its lockout). A terminal session
    /// gets the banner and the admin: prompt; an exec request (`ssh ADDRESS 'show
    /// status'`) runs that one command and returns its exit status (an extension: the
    /// platform has no exec); a session without a terminal reads one command per line.
    /// A connection must log in within 60 seconds and is closed after the node's CLI
    /// session timeout without traffic. The host key is made once per lab and kept;
    /// `ucsh cluster info` lists the addresses.
    Serve {
        /// Stay attached (log to standard error) until interrupted.
        #[arg(long, conflicts_with = "stop")]
        foreground: bool,
        /// Stop the server and end its sessions.
        #[arg(long)]
        stop: bool,
        /// Listen on 127.0.0.1, one port per node from PORT, instead of port 22.
        #[arg(long, value_name = "PORT")]
        port_base: Option<u16>,
        /// Sessions that may run at once, over all nodes (more are refused).
        #[arg(long, value_name = "N", default_value_t = crate::serve::DEFAULT_MAX_SESSIONS,
              value_parser = clap::value_parser!(u16).range(1..=1000))]
        max_sessions: u16,
    },
    /// Make a node's logins start as slowly as the platform's (ucsh extension)
    ///
    /// A login shell on NODE prints `Command Line Interface is starting up, please wait
    /// ...`, waits MS milliseconds, then the rest of the banner, as the platform does while
    /// its CLI starts. `off` (the default) prints the banner at once.
    Pacing {
        /// The node (name, host name or address).
        node: String,
        /// Milliseconds (0-60000), or `off`.
        #[arg(value_name = "MS|off")]
        delay: String,
    },
    // ===== end =====
}

#[derive(Debug, Subcommand)]
pub enum Import {
    /// Users: columns userid, firstname, lastname, mailid, directoryuri, node (the IM and
    /// Presence node, empty for none); the platform's bulk export headers (USER ID, MAIL
    /// ID, DIRECTORY URI, ...) work too.
    Users {
        file: PathBuf,
        /// The cluster (default: the first).
        #[arg(long)]
        cluster: Option<String>,
    },
    /// Devices: columns name, type (CSF, TCT, BOT, TAB, phone, profile), description,
    /// owner (a user ID), dn; or the bulk export headers (DEVICE NAME, DEVICE TYPE, ...).
    Devices {
        file: PathBuf,
        /// The cluster (default: the first).
        #[arg(long)]
        cluster: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum Fault {
    /// Take a node down: commands aimed at it fail as for an unreachable node.
    NodeDown { node: String },
    /// Bring a node back up (it boots: services start, queued changes catch up).
    NodeUp { node: String },
    /// Make a service die on its own (shown as NOTRUNNING until started again).
    ServiceCrash {
        node: String,
        /// The service name; several words are joined with spaces.
        #[arg(required = true, num_args = 1..)]
        service: Vec<String>,
    },
    // ===== feature faults (keep the markers) =====
    /// Stop database replication to a node (for a publisher: to all its subscribers);
    /// changes queue up until `utils dbreplication reset`.
    ReplicationStop { node: String },
    /// Break the replication link of a node: its definition is dropped (state 4) until
    /// `utils dbreplication reset`.
    ReplicationBreak { node: String },
    /// Silently change ROWS rows of TABLE in one node's replica (nothing replicates).
    Diverge { node: String, table: String, rows: usize },
    // ===== end =====
}

/// What host commands need from the process.
pub struct HostEnv<'a> {
    pub data_dir: PathBuf,
    pub clock: Clock,
    pub prompt: &'a mut dyn Prompter,
    /// Standard input is a terminal (passwords may be asked).
    pub interactive: bool,
}

fn read_password_file(path: &Path) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path).ctx(|| format!("reading {}", path.display()))?;
    let first = text.lines().next().unwrap_or("").to_string();
    if first.is_empty() {
        return Err(CliError::Failed(format!("{}: the first line (the password) is empty", path.display())));
    }
    Ok(first)
}

/// `cluster init`'s result.
impl Report for InitReport {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Created the lab in {}\n", self.data_dir.display()));
        out.push_str(&format!("Clusters: {}\n", self.clusters.join(", ")));
        out.push_str(&format!("Nodes: {}\n", self.nodes.join(", ")));
        if !self.sample_data {
            out.push_str("No sample data (--no-sample-data)\n");
        }
        if !self.admin_password_set {
            out.push_str("The administrator account admin has no password: it works from this machine's ucsh only until \"set password user admin\" gives it one.\n");
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

#[derive(Debug, Serialize)]
pub struct InfoNode {
    pub name: String,
    pub role: String,
    pub fqdn: String,
    pub ipv4: String,
    pub version: String,
    pub up: bool,
    pub presence_group: Option<String>,
    /// `host:port` where `ucsh cluster serve` answers for this node, while it runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssh: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct InfoCluster {
    pub name: String,
    pub peers: Vec<String>,
    pub nodes: Vec<InfoNode>,
}

#[derive(Debug, Serialize)]
pub struct Info {
    pub data_dir: String,
    pub clusters: Vec<InfoCluster>,
}

impl Report for Info {
    fn text(&self, out: &mut String) {
        out.push_str(&format!("Lab: {}\n", self.data_dir));
        for c in &self.clusters {
            out.push_str(&format!(
                "\n{} (intercluster peers: {})\n",
                c.name,
                if c.peers.is_empty() { "none".into() } else { c.peers.join(", ") }
            ));
            for n in &c.nodes {
                out.push_str(&format!(
                    "  {:<12} {:<34} {:<28} {:<12} {:<16} {}{}{}\n",
                    n.name,
                    n.role,
                    n.fqdn,
                    n.ipv4,
                    n.version,
                    if n.up { "up" } else { "down" },
                    n.presence_group.as_ref().map(|g| format!("  presence group {g}")).unwrap_or_default(),
                    n.ssh.as_ref().map(|a| format!("  ssh {a}")).unwrap_or_default()
                ));
            }
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

pub fn info(lab: &Lab) -> Result<Info, CliError> {
    let serving = crate::serve::running(lab.dir());
    let mut clusters = Vec::new();
    for c in &lab.deployment().clusters {
        let mut nodes = Vec::new();
        for spec in &c.nodes {
            let node = lab.node(&spec.name)?;
            nodes.push(InfoNode {
                name: spec.name.clone(),
                role: spec.role.describe().to_string(),
                fqdn: spec.fqdn(),
                ipv4: spec.ipv4.to_string(),
                version: spec.version.clone(),
                up: node.is_up()?,
                presence_group: spec.presence_group.clone(),
                ssh: serving.as_ref().and_then(|s| s.address_of(&spec.name)).map(|l| l.address()),
            });
        }
        clusters.push(InfoCluster { name: c.name.clone(), peers: c.peers.clone(), nodes });
    }
    Ok(Info { data_dir: lab.dir().display().to_string(), clusters })
}

/// Creates the lab; used by `cluster init` and by the first start on an empty data dir.
pub fn init(
    data_dir: &Path,
    opts: &InitOptions,
    password: Option<String>,
    existing: Existing,
    clock: Clock,
) -> Result<(Lab, InitReport), CliError> {
    let hash = match password {
        Some(p) => {
            accounts::validate_password(accounts::PRIMARY_ADMIN, &p)?;
            Some(accounts::hash_password(&p)?)
        }
        None => None,
    };
    Ok(Lab::init(data_dir, opts, hash, existing, clock)?)
}

/// Runs a host command.
pub fn run(cmd: ClusterCmd, env: &mut HostEnv) -> Outcome {
    let open = |env: &HostEnv| -> Result<Lab, CliError> { Ok(Lab::open(&env.data_dir, env.clock)?) };
    match cmd {
        ClusterCmd::Init { no_sample_data, force, cm_subscribers, admin_password_file } => {
            if Lab::exists(&env.data_dir) && !force {
                return Err(EngineError::LabExists(env.data_dir.clone()).into());
            }
            let password = match admin_password_file {
                Some(path) => Some(read_password_file(&path)?),
                None if env.interactive => {
                    let a = env
                        .prompt
                        .password("Password for the administrator account admin (empty: none): ")?;
                    if a.is_empty() {
                        None
                    } else {
                        let b = env.prompt.password("Re-enter the password: ")?;
                        if a != b {
                            return Err(CliError::Failed(
                                "The passwords do not match. Nothing was created.".into(),
                            ));
                        }
                        Some(a)
                    }
                }
                None => None,
            };
            let opts = InitOptions { cm_subscribers, sample_data: !no_sample_data };
            let existing = if force { Existing::Replace } else { Existing::Refuse };
            let (_, report) = init(&env.data_dir, &opts, password, existing, env.clock)?;
            Ok(Box::new(report))
        }
        ClusterCmd::Info => Ok(Box::new(info(&open(env)?)?)),
        ClusterCmd::Traces { days, size, node } => traces(&open(env)?, days, &size, node.as_deref()),
        ClusterCmd::Import { what } => {
            let lab = open(env)?;
            let report = match what {
                Import::Users { file, cluster } => db::import::users(&lab, &file, cluster.as_deref())?,
                Import::Devices { file, cluster } => db::import::devices(&lab, &file, cluster.as_deref())?,
            };
            Ok(Box::new(report))
        }
        ClusterCmd::Fault { fault } => {
            let lab = open(env)?;
            match fault {
                Fault::NodeDown { node } => {
                    let n = lab.node(&node)?;
                    platform::set_up(&n, false)?;
                    Ok(Message::new(format!("{} is down", n.name())))
                }
                Fault::NodeUp { node } => {
                    let op = Op::owner(&lab, &node, NodeState::Any)?;
                    let n = op.node();
                    platform::set_up(n, true)?;
                    services::start_all(n)?;
                    // What was queued for it while it was down arrives now.
                    db::repl::replicate(&lab, &n.cluster)?;
                    let message = Message::new(format!("{} is up", n.name()));
                    // The node forwards what it raised (and kept while down) to remote syslog.
                    let _ = op.finish(Audit::None);
                    Ok(message)
                }
                Fault::ServiceCrash { node, service } => {
                    let op = Op::owner(&lab, &node, NodeState::Up)?;
                    let name = services::crash(op.node(), &service.join(" "))?;
                    let message = Message::new(format!("{name} crashed on {}", op.node().name()));
                    // The crash alarm leaves for remote syslog now, not with the next command.
                    let _ = op.finish(Audit::None);
                    Ok(message)
                }
                Fault::ReplicationStop { node } => {
                    let n = lab.node(&node)?;
                    let targets = db::repl::fault_stop(&lab, &n)?;
                    Ok(Message::new(format!("Replication stopped to {}", targets.join(", "))))
                }
                Fault::ReplicationBreak { node } => {
                    let n = lab.node(&node)?;
                    let targets = db::repl::fault_break(&lab, &n)?;
                    Ok(Message::new(format!("Replication link broken to {}", targets.join(", "))))
                }
                Fault::Diverge { node, table, rows } => {
                    let n = lab.node(&node)?;
                    let d = db::repl::fault_diverge(&n, &table, rows)?;
                    Ok(Message::new(format!(
                        "Changed {} rows of {} on {} (column {})",
                        d.rows, d.table, d.node, d.column
                    )))
                }
            }
        }
        ClusterCmd::Serve { foreground, stop, port_base, max_sessions } => {
            let opts = crate::serve::ServeOptions { port_base, max_sessions: usize::from(max_sessions) };
            serve(env, foreground, stop, &opts)
        }
        ClusterCmd::Pacing { node, delay } => {
            let lab = open(env)?;
            let n = lab.node(&node)?;
            let ms = if delay.eq_ignore_ascii_case("off") {
                None
            } else {
                Some(delay.parse::<u32>().map_err(|_| {
                    EngineError::Invalid(format!(
                        "Invalid pacing {delay:?}: give milliseconds (0-60000) or off"
                    ))
                })?)
            };
            Ok(Message::new(match platform::set_startup_pacing(&n, ms)? {
                Some(ms) => format!("Logins on {} start after {ms} ms", n.name()),
                None => format!("Logins on {} start at once (pacing off)", n.name()),
            }))
        }
        ClusterCmd::BrandingFile { node, file } => {
            let lab = open(env)?;
            let op = Op::owner(&lab, &node, NodeState::Up)?;
            let placed = branding::place_local_file(&op, &file);
            let _ = op.finish(Audit::None);
            Ok(Box::new(placed?))
        }
    }
}

/// The reports of `cluster traces`, one per node.
#[derive(Debug, Serialize)]
pub struct TracesReport {
    pub nodes: Vec<crate::engine::traces::HistoryReport>,
}

impl Report for TracesReport {
    fn text(&self, out: &mut String) {
        for n in &self.nodes {
            n.text(out);
        }
    }
    fn json(&self) -> serde_json::Value {
        to_json(self)
    }
}

fn traces(lab: &Lab, days: u32, size: &str, node: Option<&str>) -> Outcome {
    let bytes = crate::engine::traces::parse_size(size)
        .ok_or_else(|| EngineError::Invalid(format!("--size {size}: give a size such as 500M or 1G")))?;
    let nodes = match node {
        Some(n) => vec![lab.node(n)?],
        None => lab.nodes(),
    };
    let mut reports = Vec::new();
    for n in nodes {
        let op = Op::owner(lab, n.name(), NodeState::Any)?;
        let report = crate::engine::traces::history(&op, days, bytes, &mut |_| {});
        op.finish(Audit::None);
        reports.push(report?);
    }
    Ok(Box::new(TracesReport { nodes: reports }))
}

/// `cluster serve`: start (in the background or here), or stop.
fn serve(env: &HostEnv, foreground: bool, stop: bool, opts: &crate::serve::ServeOptions) -> Outcome {
    if stop {
        // Stopping needs no lab beyond its serve files.
        return Ok(Message::new(match crate::serve::stop(&env.data_dir)? {
            Some(pid) => format!("Stopped the SSH server (pid {pid}) and its sessions"),
            None => "No SSH server was serving this lab".to_string(),
        }));
    }
    if !Lab::exists(&env.data_dir) {
        return Err(EngineError::Invalid(format!(
            "No lab in {}: `ucsh cluster init` creates one (serving never does).",
            env.data_dir.display()
        ))
        .into());
    }
    let lab = Lab::open(&env.data_dir, env.clock)?;
    if !foreground {
        return Ok(Box::new(crate::serve::start_background(&lab, opts)?));
    }
    if let Some(state) = crate::serve::running(lab.dir()) {
        return Err(EngineError::Conflict(format!(
            "The lab is already served over SSH (pid {}). `ucsh cluster serve --stop` stops it.",
            state.pid
        ))
        .into());
    }
    crate::serve::server::run_foreground(&lab, opts, &mut |state| {
        use std::io::Write;
        let mut text = String::new();
        crate::serve::ServeReport { state: state.clone(), foreground: true }.text(&mut text);
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    })?;
    Ok(Message::new("Stopped the SSH server and its sessions".to_string()))
}
