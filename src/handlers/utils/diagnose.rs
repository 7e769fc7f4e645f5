//! `utils diagnose ...`: the modules run in `engine::diagnose`, the text in
//! `render::diagnose`.

use crate::catalog::Invocation;
use crate::engine::diagnose::Mode;
use crate::handlers::{Ctx, Outcome};
use crate::render::diagnose::ModuleList;

pub(crate) fn list(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ModuleList(ctx.node.diagnose_list()?)))
}

pub(crate) fn test(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.diagnose(Mode::Test, None)?))
}

pub(crate) fn fix(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.diagnose(Mode::Fix, None)?))
}

pub(crate) fn module(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let name = inv.text("name").unwrap_or_default();
    Ok(Box::new(ctx.node.diagnose(Mode::Test, Some(name))?))
}

pub(crate) fn version(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.diagnose_version()?))
}
