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
