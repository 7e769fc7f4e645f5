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
