//! `utils remotesyslog ...`: the protocol (pending until the node restarts), the servers
//! (a ucsh extension) and the CA certificate TLS servers are checked against.

use std::path::Path;

use crate::catalog::Invocation;
use crate::engine::syslog::{self, Protocol};
use crate::handlers::{CliError, Ctx, Outcome};

fn port(inv: &Invocation) -> Result<Option<u16>, CliError> {
    match inv.int("port") {
        None => Ok(None),
        Some(p) => u16::try_from(p)
            .ok()
            .filter(|p| *p > 0)
            .map(Some)
            .ok_or_else(|| CliError::Failed(format!("Invalid port {p}: use a port from 1 to 65535"))),
    }
}

fn host(inv: &Invocation) -> &str {
    inv.text("host").unwrap_or_default()
}

pub(crate) fn set_protocol(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    let protocol = Protocol::parse(inv.text("protocol").unwrap_or_default())?;
    Ok(Box::new(syslog::set_protocol(&node, &ctx.session, protocol)?))
}

pub(crate) fn show_protocol(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(syslog::show_protocol(&node, &ctx.session)?))
}

pub(crate) fn add_server(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(syslog::add_server(&node, &ctx.session, host(inv), port(inv)?)?))
}

pub(crate) fn delete_server(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(syslog::delete_server(&node, &ctx.session, host(inv), port(inv)?)?))
}

pub(crate) fn show_server(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(syslog::show_servers(&node, &ctx.session)?))
}

pub(crate) fn import_cacert(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    ctx.session.require(4)?;
    let file = inv.text("file").unwrap_or_default();
    let path = Path::new(file);
    let pem = std::fs::read(path).map_err(|e| CliError::Failed(format!("Unable to read {file}: {e}")))?;
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("syslog-ca");
    Ok(Box::new(syslog::import_ca(&node, &ctx.session, name, &pem)?))
}
