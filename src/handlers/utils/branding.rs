//! `utils branding enable | disable | status | preview`: the engine checks privilege (the
//! node's primary administrator for the first three), validates the uploaded branding.zip
//! and changes state; these functions only pick the node and hand back the result.

use crate::catalog::Invocation;
use crate::engine::branding;
use crate::handlers::{Ctx, Outcome};

pub(crate) fn enable(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(branding::enable(&node, &ctx.session)?))
}

pub(crate) fn disable(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(branding::disable(&node, &ctx.session)?))
}

pub(crate) fn status(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(branding::status(&node, &ctx.session)?))
}

pub(crate) fn preview(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(branding::preview(&node, &ctx.session)?))
}

/// `utils branding upload` (ucsh extension): fetches branding.zip from an SFTP server with
/// the same questions and host-key checks as `file get`, and places it on this node.
pub(crate) fn upload(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    ctx.session.require_primary()?;
    let server = crate::handlers::file::get::ask_server(ctx)?;
    let path = ctx.prompt.line("Branding file path on the server: ")?;
    if path.is_empty() {
        return Err(crate::engine::EngineError::Invalid(
            "The path of branding.zip on the server is required".into(),
        )
        .into());
    }
    let source = server.describe(&path);
    let client = crate::handlers::file::get::connect(ctx, &node, server)?;
    let scratch = node.dir().join("scratch");
    std::fs::create_dir_all(&scratch)
        .map_err(|e| crate::engine::EngineError::io(format!("creating {}", scratch.display()), e))?;
    let tmp = tempfile::Builder::new().prefix(".branding-").tempdir_in(&scratch).map_err(|e| {
        crate::engine::EngineError::io(format!("creating a folder in {}", scratch.display()), e)
    })?;
    let local = tmp.path().join("branding.zip");
    let fetched = client.download(&path, &local, &mut |_| {});
    client.close();
    fetched?;
    Ok(Box::new(branding::place_file(&node, &ctx.session, &local, &source)?))
}
