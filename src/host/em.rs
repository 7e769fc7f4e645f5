//! The lab commands of issue #17 (commands/em.toml): Extension Mobility and EMCC logins,
//! headsets, device registrations, the EM service parameters and the population's size.
//! Each opens an operation on the node whose EM service (or CallManager) handles it, as
//! the lab's owner, and returns the engine's typed result.

use std::path::Path;

use super::{open, option, owner_op, HostEnv};
use crate::catalog::Invocation;
use crate::engine::em::{self, batch, service, Action, Arrival, Request};
use crate::engine::{Audit, NodeState};
use crate::handlers::{CliError, Outcome};

/// The node whose EM service handles a command: `--node`, else the CM publisher of
/// `--cluster` (else of the first cluster).
fn em_node_name(env: &HostEnv, inv: &Invocation) -> Result<(crate::engine::Lab, String), CliError> {
    let lab = open(env)?;
    let node = service::em_node(&lab, option(inv, "--node"), option(inv, "--cluster"))?;
    Ok((lab, node.name().to_string()))
}

fn arrival(inv: &Invocation) -> Arrival {
    if inv.flag("--burst") {
        Arrival::Burst
    } else {
        Arrival::Sequential
    }
}

/// Most bytes of a `--pin-file` read (a PIN is a few digits on the first line).
pub const MAX_PIN_FILE_BYTES: u64 = 4096;

/// The PIN of `--pin-file`: its first line, which may be empty (a blank PIN, as a phone
/// sends when the user enters none).
fn read_pin_file(path: &Path) -> Result<String, CliError> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_PIN_FILE_BYTES).read_to_string(&mut text))
        .map_err(|e| CliError::Failed(format!("reading the PIN from {}: {e}", path.display())))?;
    Ok(text.lines().next().unwrap_or("").to_string())
}

/// The PIN a user enters: never from the command line (it would sit in the shell's
/// history and the process list). `--pin-file` (its first line), else asked without echo on
/// a terminal; else none (the service answers 202, as for a phone's blank PIN).
fn pin(env: &mut HostEnv, inv: &Invocation, ask: bool) -> Result<Option<String>, CliError> {
    if let Some(path) = option(inv, "--pin-file") {
        return read_pin_file(Path::new(path)).map(Some);
    }
    if ask && env.interactive {
        return Ok(Some(env.prompt.password("PIN: ")?));
    }
    Ok(None)
}

fn requests(env: &mut HostEnv, inv: &Invocation, action: Action) -> Result<Vec<Request>, CliError> {
    if let Some(file) = option(inv, "--from-file") {
        return Ok(batch::read(Path::new(file), action)?);
    }
    let mut r = Request::new(action, option(inv, "--device").unwrap_or(""));
    r.user = option(inv, "--user").map(str::to_string);
    let login = matches!(action, Action::Login | Action::EmccLogin);
    r.pin = if login { pin(env, inv, r.user.is_some())? } else { None };
    r.ip = option(inv, "--ip").map(str::to_string);
    r.proxy = inv.flag("--proxy");
    Ok(vec![r])
}

fn em_run(env: &mut HostEnv, inv: &Invocation, action: Action) -> Outcome {
    let reqs = requests(env, inv, action)?;
    let (lab, name) = em_node_name(env, inv)?;
    let op = owner_op(&lab, inv, &name, NodeState::Up)?;
    let report = service::handle(&op, &reqs, arrival(inv));
    let _ = op.finish(Audit::None);
    Ok(Box::new(report?))
}

pub(super) fn em_login(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    em_run(env, inv, Action::Login)
}

pub(super) fn em_logout(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    em_run(env, inv, Action::Logout)
}

pub(super) fn emcc_login(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    em_run(env, inv, Action::EmccLogin)
}

pub(super) fn emcc_logout(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    em_run(env, inv, Action::EmccLogout)
}

/// `cluster em api --request FILE`: one EM API document to the node's EM service.
pub(super) fn em_api(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let Some(file) = option(inv, "--request") else {
        return Err(CliError::Usage(crate::catalog::ParseError::MissingParam {
            spec: inv.spec,
            param: "--request",
        }));
    };
    let body = em::api::read_request(Path::new(file))?;
    let (lab, name) = em_node_name(env, inv)?;
    let op = owner_op(&lab, inv, &name, NodeState::Up)?;
    let report = em::api::handle(&op, &body, option(inv, "--ip"));
    let _ = op.finish(Audit::None);
    Ok(Box::new(report?))
}

pub(super) fn em_set_param(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let name = inv.text("name").unwrap_or_default();
    let value = inv.text("value").unwrap_or_default();
    Ok(Box::new(em::set_param(&lab, option(inv, "--cluster"), name, value)?))
}

pub(super) fn grow(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let users = super::int_option(inv, "--users", em::population::DEFAULT_USERS)?;
    Ok(Box::new(em::grow(&lab, option(inv, "--cluster"), users)?))
}

pub(super) fn headset_associate(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let serial = inv.text("serial").unwrap_or_default();
    let user = option(inv, "--user").unwrap_or_default();
    let model = option(inv, "--model").unwrap_or("Cisco Headset 730");
    Ok(Box::new(em::headset_associate(&lab, option(inv, "--cluster"), serial, user, model)?))
}

pub(super) fn headset_remove(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    Ok(Box::new(em::headset_remove(&lab, option(inv, "--cluster"), inv.text("serial").unwrap_or_default())?))
}

pub(super) fn headset_connect(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    // A headset sign-in without a PIN is a request of its own (PIN Entry Not Required):
    // the PIN comes only from --pin-file, never asked.
    let pin = pin(env, inv, false)?;
    let (lab, name) = em_node_name(env, inv)?;
    let op = owner_op(&lab, inv, &name, NodeState::Up)?;
    let serial = inv.text("serial").unwrap_or_default();
    let r = em::headset_connect(&op, serial, option(inv, "--device").unwrap_or_default(), pin.as_deref());
    let _ = op.finish(Audit::None);
    Ok(Box::new(r?))
}

pub(super) fn headset_disconnect(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let (lab, name) = em_node_name(env, inv)?;
    let op = owner_op(&lab, inv, &name, NodeState::Up)?;
    let serial = inv.text("serial").unwrap_or_default();
    let r = em::headset_disconnect(&op, serial, option(inv, "--device").unwrap_or_default());
    let _ = op.finish(Audit::None);
    Ok(Box::new(r?))
}

fn register(env: &mut HostEnv, inv: &Invocation, up: bool) -> Outcome {
    let (lab, name) = em_node_name(env, inv)?;
    let op = owner_op(&lab, inv, &name, NodeState::Up)?;
    let r = em::device_register(&op, inv.text("device").unwrap_or_default(), option(inv, "--ip"), up);
    let _ = op.finish(Audit::None);
    Ok(Box::new(r?))
}

pub(super) fn device_register(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    register(env, inv, true)
}

pub(super) fn device_unregister(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    register(env, inv, false)
}

// ----- EMCC users and remote clusters (commands/emcc.toml) -----

fn emcc_user(env: &mut HostEnv, inv: &Invocation, enabled: bool) -> Outcome {
    let lab = open(env)?;
    let user = inv.text("user").unwrap_or_default();
    Ok(Box::new(em::remote::set_user(&lab, option(inv, "--cluster"), user, enabled)?))
}

pub(super) fn emcc_enable_user(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    emcc_user(env, inv, true)
}

pub(super) fn emcc_disable_user(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    emcc_user(env, inv, false)
}

pub(super) fn emcc_remote_add(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let id = inv.text("clusterid").unwrap_or_default();
    Ok(Box::new(em::remote::add(&lab, option(inv, "--cluster"), id)?))
}

pub(super) fn emcc_remote_remove(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let id = inv.text("clusterid").unwrap_or_default();
    Ok(Box::new(em::remote::remove(&lab, option(inv, "--cluster"), id)?))
}

fn emcc_remote_services(env: &mut HostEnv, inv: &Invocation, enabled: bool) -> Outcome {
    let lab = open(env)?;
    let id = inv.text("clusterid").unwrap_or_default();
    let service = option(inv, "--service");
    Ok(Box::new(em::remote::set_services(&lab, option(inv, "--cluster"), id, service, enabled)?))
}

pub(super) fn emcc_remote_enable(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    emcc_remote_services(env, inv, true)
}

pub(super) fn emcc_remote_disable(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    emcc_remote_services(env, inv, false)
}

pub(super) fn emcc_remote_update(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    Ok(Box::new(em::remote::update_now(&lab, option(inv, "--cluster"))?))
}
