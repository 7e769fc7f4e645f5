//! `utils dbreplication ...`: one function per subcommand; the work is in
//! `engine::db::dbreplication`, the text in `render::dbreplication`.

use crate::catalog::Invocation;
use crate::handlers::{Ctx, Outcome};
use crate::render::dbreplication::{
    Cancelled, CLUSTERRESET_WARNING, CONTINUE_YN, DROPADMINDB_WARNING, FORCEDATASYNC_WARNING, REBUILD_WARNING,
};

pub(crate) fn runtimestate(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.dbreplication_runtimestate(inv.text("node"))?))
}

pub(crate) fn status(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.dbreplication_status(inv.text("node"))?))
}

pub(crate) fn repair(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.dbreplication_repair(inv.text("node").unwrap_or("all"))?))
}

pub(crate) fn reset(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.dbreplication_reset(inv.text("node").unwrap_or("all"))?))
}

pub(crate) fn stop(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.dbreplication_stop(inv.text("node"))?))
}

pub(crate) fn clusterreset(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    ctx.node.dbreplication_clusterreset_ready()?;
    ctx.prompt.say(CLUSTERRESET_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(ctx.node.dbreplication_clusterreset()?))
}

pub(crate) fn dropadmindb(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    ctx.prompt.say(DROPADMINDB_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(ctx.node.dbreplication_dropadmindb()?))
}

pub(crate) fn forcedatasyncsub(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    // `nodename [offloadpub] [timeoutvalue]`.
    let which = inv.text("nodename").unwrap_or("all").to_string();
    let offload = inv.flag("offloadpub");
    let timeout = inv.int("timeoutvalue").and_then(|t| u32::try_from(t).ok());
    ctx.node.dbreplication_require_publisher("forcedatasyncsub")?;
    ctx.prompt.say(FORCEDATASYNC_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(ctx.node.dbreplication_forcedatasyncsub(&which, offload, timeout)?))
}

pub(crate) fn setrepltimeout(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let seconds = inv.int("seconds").unwrap_or(0);
    Ok(Box::new(ctx.node.dbreplication_setrepltimeout(seconds)?))
}

pub(crate) fn repairtable(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let table = inv.text("tablename").unwrap_or_default();
    Ok(Box::new(ctx.node.dbreplication_repairtable(table, inv.text("node"))?))
}

pub(crate) fn repairreplicate(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let replicate = inv.text("replicatename").unwrap_or_default();
    Ok(Box::new(ctx.node.dbreplication_repairreplicate(replicate, inv.text("node"))?))
}

pub(crate) fn quickaudit(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.dbreplication_quickaudit(inv.text("node").unwrap_or("all"))?))
}

pub(crate) fn rebuild(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    // Stop, drop and reset in one: the same confirmation as dropadmindb's, asked once.
    ctx.node.dbreplication_require_publisher("rebuild")?;
    ctx.prompt.say(REBUILD_WARNING);
    if !ctx.prompt.confirm(CONTINUE_YN, "y")? {
        return Ok(Box::new(Cancelled));
    }
    Ok(Box::new(ctx.node.dbreplication_rebuild(inv.text("node"))?))
}

pub(crate) fn setprocess(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.dbreplication_setprocess(inv.int("process"))?))
}
