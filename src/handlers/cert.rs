//! `show cert list own|trust`, `show cert own|trust <name>`, `set cert regen <name>`: the
//! certificates are made and read in `engine::certs`, the text is in `render::cert`.

use crate::catalog::Invocation;
use crate::handlers::{Ctx, Outcome};
use crate::render::cert::regen_warning;
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};

pub(crate) fn list_own(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.cert_list_own()?))
}

pub(crate) fn list_trust(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.cert_list_trust()?))
}

pub(crate) fn own(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let name = inv.text("name").unwrap_or_default();
    Ok(Box::new(ctx.node.cert_own(name)?))
}

pub(crate) fn trust(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let name = inv.text("name").unwrap_or_default();
    Ok(Box::new(ctx.node.cert_trust(name)?))
}

pub(crate) fn regen(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let name = inv.text("name").unwrap_or_default();
    ctx.node.cert_check(name)?;
    ctx.prompt.say(&regen_warning(name));
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(ctx.node.cert_regen(name)?))
}

/// `set cert import trust <unit>`: the certificate is fetched from an SFTP server (asked as
/// `file get` asks, host key checked), read as X.509 and added to `<unit>-trust`.
pub(crate) fn import_trust(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let name = inv.text("name").unwrap_or_default();
    ctx.node.cert_trust_check(name)?;
    let server = crate::handlers::file::get::ask_server(ctx)?;
    let path = ctx.prompt.line("Certificate file path on the server: ")?;
    let source = server.describe(&path);
    let client = crate::handlers::file::get::connect(ctx, server)?;
    let done = ctx.node.cert_import_trust(name, &client, &path, &source);
    client.close();
    Ok(Box::new(done?))
}
