//! `utils core active|inactive list|analyze`: the cores are read in `engine::cores`, the
//! text is in `render::cores`.

use crate::catalog::Invocation;
use crate::handlers::{Ctx, Outcome};
use crate::render::cores::ANALYZE_WARNING;
use crate::render::dbreplication::{Cancelled, CONTINUE_YN};

fn list(ctx: &mut Ctx, active: bool) -> Outcome {
    Ok(Box::new(ctx.node.core_list(active)?))
}

fn analyze(ctx: &mut Ctx, inv: &Invocation, active: bool) -> Outcome {
    let name = inv.text("core_filename");
    ctx.node.core_check(active, name)?;
    ctx.prompt.say(ANALYZE_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(ctx.node.core_analyze(active, name)?))
}

pub(crate) fn active_list(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    list(ctx, true)
}

pub(crate) fn inactive_list(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    list(ctx, false)
}

pub(crate) fn active_analyze(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    analyze(ctx, inv, true)
}

pub(crate) fn inactive_analyze(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    analyze(ctx, inv, false)
}
