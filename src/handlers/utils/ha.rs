//! `utils ha status | failover | fallback | recover` (IM and Presence presence redundancy).

use crate::catalog::Invocation;
use crate::handlers::{Ctx, Outcome};

pub(crate) fn status(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let group = inv.text("group").map(str::trim).filter(|g| !g.is_empty());
    Ok(Box::new(ctx.node.ha_status(group)?))
}

pub(crate) fn failover(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = inv.text("node").unwrap_or_default();
    Ok(Box::new(ctx.node.ha_failover(node)?))
}

pub(crate) fn fallback(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = inv.text("node").unwrap_or_default();
    Ok(Box::new(ctx.node.ha_fallback(node)?))
}

pub(crate) fn recover(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let group = inv.text("group").unwrap_or_default();
    Ok(Box::new(ctx.node.ha_recover(group)?))
}
