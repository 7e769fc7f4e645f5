//! `utils branding enable | disable | status | preview`: the engine checks privilege (the
//! node's primary administrator for the first three), validates the uploaded branding.zip
//! and changes state; these functions only hand back the result.

use crate::catalog::Invocation;
use crate::handlers::{Ctx, Outcome};

pub(crate) fn enable(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.branding_enable()?))
}

pub(crate) fn disable(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.branding_disable()?))
}

pub(crate) fn status(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.branding_status()?))
}

pub(crate) fn preview(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.branding_preview()?))
}

/// `utils branding upload` (ucsh extension): fetches branding.zip from an SFTP server with
/// the same questions and host-key checks as `file get`, and places it on this node.
pub(crate) fn upload(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    ctx.node.session().require_primary()?;
    let server = crate::handlers::file::get::ask_server(ctx)?;
    let path = ctx.prompt.line("Branding file path on the server: ")?;
    if path.is_empty() {
        return Err(crate::engine::EngineError::Invalid(
            "The path of branding.zip on the server is required".into(),
        )
        .into());
    }
    let source = server.describe(&path);
    let client = crate::handlers::file::get::connect(ctx, server)?;
    let placed = ctx.node.branding_fetch(&client, &path, &source);
    client.close();
    Ok(Box::new(placed?))
}
