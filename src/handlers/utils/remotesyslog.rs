//! `utils remotesyslog ...`: the protocol (pending until the node restarts), the servers
//! (a ucsh extension) and the CA certificate TLS servers are checked against.

use std::path::Path;

use crate::catalog::Invocation;
use crate::engine::syslog::Protocol;
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
    let protocol = Protocol::parse(inv.text("protocol").unwrap_or_default())?;
    Ok(Box::new(ctx.node.syslog_set_protocol(protocol)?))
}

pub(crate) fn show_protocol(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.syslog_show_protocol()?))
}

pub(crate) fn add_server(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.syslog_add_server(host(inv), port(inv)?)?))
}

pub(crate) fn delete_server(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.syslog_delete_server(host(inv), port(inv)?)?))
}

pub(crate) fn show_server(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.syslog_show_servers()?))
}

pub(crate) fn import_cacert(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let file = inv.text("file").unwrap_or_default();
    let path = Path::new(file);
    let pem = std::fs::read(path).map_err(|e| CliError::Failed(format!("Unable to read {file}: {e}")))?;
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("syslog-ca");
    Ok(Box::new(ctx.node.syslog_import_ca(name, &pem)?))
}
