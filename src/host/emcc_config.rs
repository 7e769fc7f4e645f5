//! The lab commands of commands/emcc_config.toml: the EMCC Intercluster Service Profile and
//! the cluster security mode (engine: `em::visiting`). Like the other EMCC lab commands they
//! change the cluster's CM publisher's database as the lab's owner, without a node's prompt.

use super::{open, option, required, HostEnv};
use crate::catalog::Invocation;
use crate::engine::em::visiting::{self, ProfileService, SecurityMode};
use crate::handlers::{CliError, Outcome};

fn profile(env: &mut HostEnv, inv: &Invocation, active: bool) -> Outcome {
    let lab = open(env)?;
    // The catalog checked the word against its choices.
    let service = match option(inv, "--service") {
        None => None,
        Some(word) => Some(
            ProfileService::parse(word)
                .ok_or_else(|| CliError::Failed(format!("internal error: --service {word}")))?,
        ),
    };
    Ok(Box::new(visiting::set_profile(&lab, option(inv, "--cluster"), service, active)?))
}

pub(super) fn profile_activate(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    profile(env, inv, true)
}

pub(super) fn profile_deactivate(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    profile(env, inv, false)
}

pub(super) fn security_mode(env: &mut HostEnv, inv: &Invocation) -> Outcome {
    let lab = open(env)?;
    let mode = match required(inv, "mode")? {
        "mixed" => SecurityMode::Mixed,
        _ => SecurityMode::NonSecure,
    };
    Ok(Box::new(visiting::set_security_mode(&lab, option(inv, "--cluster"), mode)?))
}
