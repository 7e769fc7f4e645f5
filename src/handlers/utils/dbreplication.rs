//! `utils dbreplication ...`: one function per subcommand; the work is in
//! `engine::db::dbreplication`, the text in `render::dbreplication`.

use crate::catalog::Invocation;
use crate::engine::db::dbreplication as dbr;
use crate::handlers::{Ctx, Outcome};
use crate::render::dbreplication::{
    Cancelled, CLUSTERRESET_WARNING, CONTINUE_YN, DROPADMINDB_WARNING, FORCEDATASYNC_WARNING,
};

pub(crate) fn runtimestate(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(dbr::runtimestate(ctx.lab, &node, &ctx.session, inv.text("node"))?))
}

pub(crate) fn status(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(dbr::status(ctx.lab, &node, &ctx.session, inv.text("node"))?))
}

pub(crate) fn repair(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(dbr::repair(ctx.lab, &node, &ctx.session, inv.text("node").unwrap_or("all"))?))
}

pub(crate) fn reset(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(dbr::reset(ctx.lab, &node, &ctx.session, inv.text("node").unwrap_or("all"))?))
}

pub(crate) fn stop(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(dbr::stop(ctx.lab, &node, &ctx.session, inv.text("node"))?))
}

pub(crate) fn clusterreset(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    ctx.session.require(1)?;
    dbr::clusterreset_ready(ctx.lab, &node)?;
    ctx.prompt.say(CLUSTERRESET_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(dbr::clusterreset(ctx.lab, &node, &ctx.session)?))
}

pub(crate) fn dropadmindb(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    ctx.session.require(1)?;
    ctx.prompt.say(DROPADMINDB_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(dbr::dropadmindb(ctx.lab, &node, &ctx.session)?))
}

pub(crate) fn forcedatasyncsub(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    ctx.session.require(1)?;
    // `nodename [offloadpub] [timeoutvalue]`.
    let which = inv.text("nodename").unwrap_or("all").to_string();
    let offload = inv.flag("offloadpub");
    let timeout = inv.int("timeoutvalue").and_then(|t| u32::try_from(t).ok());
    dbr::require_publisher(ctx.lab, &node, "forcedatasyncsub")?;
    ctx.prompt.say(FORCEDATASYNC_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(dbr::forcedatasyncsub(ctx.lab, &node, &ctx.session, &which, offload, timeout)?))
}

pub(crate) fn setrepltimeout(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    let seconds = inv.int("seconds").unwrap_or(0);
    Ok(Box::new(dbr::setrepltimeout(ctx.lab, &node, &ctx.session, seconds)?))
}
