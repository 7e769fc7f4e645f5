//! Host commands: `ucsh cluster ...`, run on the machine that keeps the lab rather than at
//! the node's `admin:` prompt — creating the lab, looking at it, injecting faults, and
//! feeding it data. They are catalog commands (commands/cluster.toml, the host scope):
//! parsed, helped, completed and documented from the catalog like every command, each a
//! plain function in the table below returning a typed result, written with the same
//! wording, JSON envelope and exit status as every command's (`shell::emit_*`). They run
//! as the lab's owner: an operation on a node is opened at the catalog's privilege level
//! for the node's primary administrator.

mod em;
mod emcc_config;

use std::path::{Path, PathBuf};

use crate::catalog::{self, Invocation, Scope};
use crate::engine::deployment::InitOptions;
use crate::engine::error::IoContext;
use crate::engine::lab::{Existing, InitReport};
use crate::engine::{
    accounts, branding, db, platform, services, Audit, CancelToken, Clock, EngineError, Lab, NodeState, Op,
};
use crate::handlers::{CliError, Outcome, Prompter};
use crate::render::cluster::{Info, InfoCluster, InfoNode, TracesReport};
use crate::render::{ExitStatus, Message, Report, Sink};
use crate::shell::{emit_error, emit_report, Format};

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

/// A lab layout file: at most [`MAX_LAYOUT_BYTES`], a deployment.toml.
pub const MAX_LAYOUT_BYTES: u64 = 1 << 20;

fn read_layout(path: &Path) -> Result<crate::engine::deployment::Deployment, CliError> {
    use std::io::Read as _;
    let f = std::fs::File::open(path).ctx(|| format!("reading {}", path.display()))?;
    let mut text = String::new();
    f.take(MAX_LAYOUT_BYTES + 1).read_to_string(&mut text).ctx(|| format!("reading {}", path.display()))?;
    if text.len() as u64 > MAX_LAYOUT_BYTES {
        return Err(CliError::Failed(format!("{}: a layout file is at most 1 MiB", path.display())));
    }
    toml::from_str(&text).map_err(|e| {
        CliError::Failed(format!(
            "{}: not a lab layout: {}",
            path.display(),
            crate::engine::text::printable(e.message())
        ))
    })
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
                // The node's own: `utils system switch-version` may have changed it.
                version: node.spec.version.clone(),
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

/// A host command's handler: the parsed line and what the process gives host commands.
pub type HostHandler = fn(&mut HostEnv, &Invocation) -> Outcome;

/// The host commands' table: handler id (as named in commands/cluster.toml) → function.
pub static HANDLERS: &[(&str, HostHandler)] = &[
    ("cluster.init", cluster_init),
    ("cluster.info", cluster_info),
    ("cluster.traces", cluster_traces),
    ("cluster.import.users", import_users),
    ("cluster.import.devices", import_devices),
    ("cluster.fault.node_down", fault_node_down),
    ("cluster.fault.node_up", fault_node_up),
    ("cluster.fault.service_crash", fault_service_crash),
    ("cluster.fault.replication_stop", fault_replication_stop),
    ("cluster.fault.replication_break", fault_replication_break),
    ("cluster.fault.diverge", fault_diverge),
    ("cluster.fault.cert_expire", fault_cert_expire),
    ("cluster.fault.disk_fill", fault_disk_fill),
    ("cluster.fault.disk_clear", fault_disk_clear),
    ("cluster.fault.ntp_unreachable", fault_ntp_unreachable),
    ("cluster.fault.ntp_reachable", fault_ntp_reachable),
    ("cluster.branding_file", branding_file),
    ("cluster.serve", serve),
    ("cluster.pacing", pacing),
    ("cluster.trace_level", trace_level),
    ("cluster.login", login),
    ("cluster.ha.enable", ha_enable),
    ("cluster.ha.disable", ha_disable),
    ("cluster.ha.automatic_fallback", ha_automatic_fallback),
    ("cluster.im_address_scheme", im_address_scheme),
    ("cluster.fault.imdb_break", fault_imdb_break),
    // ===== em17 =====
    ("cluster.grow", em::grow),
    ("cluster.em.login", em::em_login),
    ("cluster.em.logout", em::em_logout),
    ("cluster.em.set_param", em::em_set_param),
    ("cluster.em.api", em::em_api),
    ("cluster.emcc.login", em::emcc_login),
    ("cluster.emcc.logout", em::emcc_logout),
    ("cluster.emcc.enable_user", em::emcc_enable_user),
    ("cluster.emcc.disable_user", em::emcc_disable_user),
    ("cluster.emcc.remote_add", em::emcc_remote_add),
    ("cluster.emcc.remote_remove", em::emcc_remote_remove),
    ("cluster.emcc.remote_enable", em::emcc_remote_enable),
    ("cluster.emcc.remote_disable", em::emcc_remote_disable),
    ("cluster.emcc.remote_update", em::emcc_remote_update),
    ("cluster.headset.associate", em::headset_associate),
    ("cluster.headset.remove", em::headset_remove),
    ("cluster.headset.connect", em::headset_connect),
    ("cluster.headset.disconnect", em::headset_disconnect),
    ("cluster.device.register", em::device_register),
    ("cluster.device.unregister", em::device_unregister),
    ("cluster.emcc.profile_activate", emcc_config::profile_activate),
    ("cluster.emcc.profile_deactivate", emcc_config::profile_deactivate),
    ("cluster.emcc.security_mode", emcc_config::security_mode),
    // ===== end em17 =====
];

pub fn lookup(id: &str) -> Option<HostHandler> {
    HANDLERS.iter().find(|(h, _)| *h == id).map(|(_, f)| *f)
}

/// The command line's words after `ucsh` as one line for the catalog's parser: a word with
/// blanks is quoted, and `--name=value` is two words, as ucsh's own options take it.
pub fn line_of(words: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for w in words {
        match w.split_once('=') {
            Some((name, value)) if name.starts_with("--") && !name.contains(char::is_whitespace) => {
                parts.push(name.to_string());
                parts.push(quote(value));
            }
            _ => parts.push(quote(w)),
        }
    }
    parts.join(" ")
}

fn quote(word: &str) -> String {
    if word.is_empty() || (word.contains(char::is_whitespace) && !word.starts_with('"')) {
        format!("\"{word}\"")
    } else {
        word.to_string()
    }
}

/// Runs one host command line (`cluster ...`) through the catalog: parsed for the host
/// scope, its handler run, and the result or error written as every command's is (the
/// same wording, JSON envelope and exit status). `--help` (or `-h`) anywhere shows the
/// help of the words before it.
pub fn execute_line(line: &str, env: &mut HostEnv, format: Format, sink: &mut dyn Sink) -> ExitStatus {
    let line = line.trim();
    let tokens = catalog::tokenize(line);
    if let Some(at) = tokens.iter().position(|t| !t.quoted && (t.text == "--help" || t.text == "-h")) {
        let mut words: Vec<&str> = Vec::new();
        for t in &tokens[..at] {
            let next = catalog::next_words(&words, Scope::Host);
            let Some((w, leaf, _)) = next.iter().find(|(w, _, _)| w.eq_ignore_ascii_case(&t.text)) else {
                break;
            };
            words.push(w);
            if *leaf {
                break;
            }
        }
        let help = catalog::catalog_help(&words, Scope::Host).unwrap_or_default();
        return emit_report(format, line, None, &*Message::new(help), sink);
    }
    let inv = match catalog::parse(line, Scope::Host) {
        Ok(inv) => inv,
        Err(e) => return emit_error(format, line, None, &CliError::Usage(e), sink),
    };
    let Some(handler) = lookup(inv.spec.handler) else {
        let e = CliError::Failed(format!(
            "internal error: no handler {} for {}",
            inv.spec.handler, inv.spec.path
        ));
        return emit_error(format, line, None, &e, sink);
    };
    match handler(env, &inv) {
        Ok(report) => emit_report(format, line, None, report.as_ref(), sink),
        Err(e) => emit_error(format, line, None, &e, sink),
    }
}

/// An operation on `node` as the lab's owner (its primary administrator), at the privilege
/// level the catalog gives the command.
fn owner_op<'l>(lab: &'l Lab, inv: &Invocation, node: &str, state: NodeState) -> Result<Op<'l>, CliError> {
    let handle = lab.node(node)?;
    let session = accounts::local_owner_session(&handle)?;
    Ok(Op::begin_on(lab, handle, &session, inv.spec.privilege, state, CancelToken::new())?)
}

fn open(env: &HostEnv) -> Result<Lab, CliError> {
    Ok(Lab::open(&env.data_dir, env.clock)?)
}

/// The value of an option that takes one (`--size 1G`).
fn option<'i>(inv: &'i Invocation, name: &str) -> Option<&'i str> {
    inv.list(name).and_then(|v| v.first()).map(String::as_str)
}

/// The value of a whole-number option, in the range the catalog checked.
fn int_option<T: TryFrom<i64>>(inv: &Invocation, name: &str, default: T) -> Result<T, CliError> {
    let Some(raw) = option(inv, name) else { return Ok(default) };
    raw.parse::<i64>()
        .ok()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| CliError::Failed(format!("{name} {raw}: not a number this option takes")))
}

/// A positional parameter the catalog made mandatory.
fn required<'i>(inv: &'i Invocation, name: &str) -> Result<&'i str, CliError> {
    inv.text(name).ok_or_else(|| CliError::Failed(format!("internal error: {} has no {name}", inv.spec.path)))
}

fn cluster_init(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let force = inv.flag("--force");
    if Lab::exists(&env.data_dir) && !force {
        return Err(EngineError::LabExists(env.data_dir.clone()).into());
    }
    let password = match option(inv, "--admin-password-file") {
        Some(path) => Some(read_password_file(Path::new(path))?),
        None if env.interactive => {
            let a = env.prompt.password("Password for the administrator account admin (empty: none): ")?;
            if a.is_empty() {
                None
            } else {
                let b = env.prompt.password("Re-enter the password: ")?;
                if a != b {
                    return Err(CliError::Failed("The passwords do not match. Nothing was created.".into()));
                }
                Some(a)
            }
        }
        None => None,
    };
    let opts = InitOptions {
        cm_subscribers: int_option(inv, "--cm-subscribers", 1u32)?,
        sample_data: !inv.flag("--no-sample-data"),
        // Issue #17: a few thousand EM users, phones and softphones per cluster, unless the
        // lab is to have no sample data at all.
        population: if inv.flag("--no-sample-data") {
            0
        } else {
            int_option(inv, "--users", crate::engine::em::population::DEFAULT_USERS)?
        },
    };
    let existing = if force { Existing::Replace } else { Existing::Refuse };
    if let Some(file) = option(inv, "--layout") {
        if option(inv, "--cm-subscribers").is_some() {
            return Err(CliError::Failed(
                "--layout and --cm-subscribers cannot be given together: the layout says which nodes there are"
                    .into(),
            ));
        }
        let layout = read_layout(Path::new(file))?;
        let hash = match password {
            Some(p) => {
                accounts::validate_password(accounts::PRIMARY_ADMIN, &p)?;
                Some(accounts::hash_password(&p)?)
            }
            None => None,
        };
        let (_, report) = Lab::init_layout(&env.data_dir, layout, &opts, hash, existing, env.clock)?;
        return Ok(Box::new(report));
    }
    let (_, report) = init(&env.data_dir, &opts, password, existing, env.clock)?;
    Ok(Box::new(report))
}

fn cluster_info(env: &mut HostEnv, _inv: &Invocation) -> Outcome {
    Ok(Box::new(info(&open(env)?)?))
}

fn import_users(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    Ok(Box::new(db::import::users(&lab, Path::new(required(inv, "file")?), option(inv, "--cluster"))?))
}

fn import_devices(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    Ok(Box::new(db::import::devices(&lab, Path::new(required(inv, "file")?), option(inv, "--cluster"))?))
}

fn fault_node_down(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    platform::set_up(op.node(), false)?;
    let message = Message::new(format!("{} is down", op.node().name()));
    // Nothing is delivered from a node that is down; what it raised stays in its log.
    let _ = op.finish(Audit::None);
    Ok(message)
}

fn fault_node_up(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
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

fn fault_service_crash(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Up)?;
    let crash = services::crash_report(op.node(), required(inv, "service")?)?;
    let mut text = format!("{} crashed on {}", crash.service, op.node().name());
    if crash.restarted {
        text.push_str(&format!("\n{} restarted by the Service Manager (auto-restart)", crash.service));
    }
    let message = Message::new(text);
    // The crash alarm leaves for remote syslog now, not with the next command.
    let _ = op.finish(Audit::None);
    Ok(message)
}

fn fault_cert_expire(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let d = crate::engine::certs::expire(op.node(), required(inv, "name")?)?;
    let message = Message::new(format!(
        "{} on {} expired on {}",
        d.name,
        op.node().name(),
        crate::render::cert::cert_date(&d.not_after)
    ));
    let _ = op.finish(Audit::None);
    Ok(message)
}

fn fault_disk_fill(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let f = crate::engine::diskusage::fill(&op)?;
    let message = Message::new(format!(
        "The logging partition of {} is {}% full ({} written)",
        op.node().name(),
        f.percent,
        f.file
    ));
    let _ = op.finish(Audit::None);
    Ok(message)
}

fn fault_disk_clear(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let removed = crate::engine::diskusage::clear_fill(&op)?;
    let message = Message::new(if removed {
        format!("The disk-fill file of {} is removed", op.node().name())
    } else {
        format!("{} has no disk-fill file", op.node().name())
    });
    let _ = op.finish(Audit::None);
    Ok(message)
}

fn fault_ntp_unreachable(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let server = required(inv, "server")?;
    crate::engine::network::set_unreachable(&lab, server, true)?;
    Ok(Message::new(format!("{server} is unreachable from the lab")))
}

fn fault_ntp_reachable(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let server = required(inv, "server")?;
    crate::engine::network::set_unreachable(&lab, server, false)?;
    Ok(Message::new(format!("{server} is reachable from the lab")))
}

fn fault_replication_stop(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let targets = db::repl::fault_stop(&lab, op.node())?;
    let _ = op.finish(Audit::None);
    Ok(Message::new(format!("Replication stopped to {}", targets.join(", "))))
}

fn fault_replication_break(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let targets = db::repl::fault_break(&lab, op.node())?;
    let _ = op.finish(Audit::None);
    Ok(Message::new(format!("Replication link broken to {}", targets.join(", "))))
}

fn fault_diverge(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let rows = inv
        .int("rows")
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| CliError::Failed(format!("internal error: {} has no rows", inv.spec.path)))?;
    let d = db::repl::fault_diverge(op.node(), required(inv, "table")?, rows)?;
    let _ = op.finish(Audit::None);
    Ok(Message::new(format!("Changed {} rows of {} on {} (column {})", d.rows, d.table, d.node, d.column)))
}

fn pacing(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let delay = required(inv, "delay")?;
    let ms = if delay.eq_ignore_ascii_case("off") {
        None
    } else {
        Some(delay.parse::<u32>().map_err(|_| EngineError::PacingInvalid { given: delay.to_string() })?)
    };
    let set = platform::set_startup_pacing(op.node(), ms)?;
    let name = op.node().name().to_string();
    let _ = op.finish(Audit::None);
    Ok(Message::new(match set {
        Some(ms) => format!("Logins on {name} start after {ms} ms"),
        None => format!("Logins on {name} start at once (pacing off)"),
    }))
}

fn trace_level(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let level = required(inv, "level")?;
    let level = crate::engine::services::TraceLevel::parse(level)
        .ok_or_else(|| CliError::Failed(format!("Invalid trace level {level}")))?;
    let result = crate::engine::services::set_trace_level(op.node(), required(inv, "service")?, level);
    let name = op.node().name().to_string();
    let _ = op.finish(Audit::None);
    let (service, previous) = result?;
    Ok(Message::new(format!(
        "Trace level of {service} on {name}: {} (was {})",
        level.describe(),
        previous.describe()
    )))
}

fn branding_file(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Up)?;
    let placed = branding::place_local_file(&op, Path::new(required(inv, "file")?));
    let _ = op.finish(Audit::None);
    Ok(Box::new(placed?))
}

fn cluster_traces(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let days = int_option(inv, "--days", 7u32)?;
    let size = option(inv, "--size").unwrap_or("64M");
    let bytes = crate::engine::traces::parse_size(size)
        .ok_or_else(|| EngineError::TraceSize { given: size.to_string() })?;
    let nodes = match option(inv, "--node") {
        Some(n) => vec![lab.node(n)?],
        None => lab.nodes(),
    };
    let mut reports = Vec::new();
    for n in nodes {
        let op = owner_op(&lab, inv, n.name(), NodeState::Any)?;
        let report = crate::engine::traces::history(&op, days, bytes, &mut |_| {});
        op.finish(Audit::None);
        reports.push(report?);
    }
    Ok(Box::new(TracesReport { nodes: reports }))
}

/// `cluster serve`: start (in the background or here), or stop.
fn serve(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let (foreground, stop) = (inv.flag("--foreground"), inv.flag("--stop"));
    if foreground && stop {
        return Err(CliError::Failed("--foreground and --stop cannot be given together".into()));
    }
    let opts = &crate::serve::ServeOptions {
        port_base: match option(inv, "--port-base") {
            Some(_) => Some(int_option(inv, "--port-base", 0u16)?),
            None => None,
        },
        max_sessions: int_option(inv, "--max-sessions", crate::serve::DEFAULT_MAX_SESSIONS)?.into(),
    };
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

/// `cluster login <node> <account> --password <p> [--from <address>]`: one login attempt,
/// checked, counted and recorded as the SSH server's are.
fn login(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let node = lab.node(required(inv, "node")?)?;
    node.ensure_up()?;
    let account = required(inv, "account")?;
    // Never from the command line: a file's first line, or asked without echo.
    let password = match option(inv, "--password-file") {
        Some(path) => read_password_file(Path::new(path))?,
        None if env.interactive => env.prompt.password("Password: ")?,
        None => {
            return Err(CliError::Failed(
                "cluster login needs the password: give --password-file FILE (its first line), or run it on a terminal to be asked".into(),
            ))
        }
    };
    let from = option(inv, "--from").unwrap_or("127.0.0.1");
    crate::shell::login::authenticate_ssh(&node, account, &password, from)?;
    Ok(Message::new(format!("{account} logged in to {} from {from}", node.name())))
}

fn ha_switch(env: &mut HostEnv, inv: &Invocation, enabled: bool) -> Outcome {
    let lab = open(env)?;
    let group = required(inv, "group")?;
    let anchor = crate::engine::ha::group_anchor(&lab, group)?;
    let op = owner_op(&lab, inv, &anchor, NodeState::Any)?;
    let result = crate::engine::ha::set_enabled(&op, group, enabled);
    let _ = op.finish(Audit::None);
    Ok(Box::new(result?))
}

fn ha_enable(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    ha_switch(env, inv, true)
}

fn ha_disable(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    ha_switch(env, inv, false)
}

fn ha_automatic_fallback(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let enabled = required(inv, "value")?.eq_ignore_ascii_case("true");
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let result = crate::engine::ha::set_automatic_fallback(&op, enabled);
    let _ = op.finish(Audit::None);
    Ok(Box::new(result?))
}

fn im_address_scheme(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let word = required(inv, "scheme")?;
    let scheme = crate::engine::imaddress::Scheme::parse(word)
        .ok_or_else(|| CliError::Failed(format!("Invalid IM address scheme {word}")))?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Up)?;
    let result = crate::engine::imaddress::set_scheme(&op, scheme);
    let _ = op.finish(Audit::None);
    Ok(Box::new(result?))
}

fn fault_imdb_break(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let op = owner_op(&lab, inv, required(inv, "node")?, NodeState::Any)?;
    let result = crate::engine::imdb::fault_break(op.node());
    let name = op.node().name().to_string();
    let _ = op.finish(Audit::None);
    Ok(Message::new(format!("IMDB replication links broken on {name}: {}", result?.join(", "))))
}
