//! `show ...` platform commands.

use super::{Ctx, Outcome};
use crate::catalog::Invocation;
use crate::engine::{accounts, platform};
use crate::render::session::{Myself, Pagination};

pub(crate) fn myself(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    ctx.session.require(0)?;
    Ok(Box::new(Myself {
        machine_name: node.spec.hostname.clone(),
        account: ctx.session.account.clone(),
        privilege: ctx.session.level,
        command_count: false,
        logging: false,
    }))
}

pub(crate) fn account(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    let list = accounts::list(&node, &ctx.session, node.now())?;
    Ok(Box::new(list))
}

pub(crate) fn cli_pagination(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    ctx.node()?;
    Ok(Box::new(Pagination { on: ctx.settings.pagination }))
}

pub(crate) fn status(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(platform::status(&ctx.node()?, &ctx.session)?))
}

pub(crate) fn version_active(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(platform::version(&ctx.node()?, &ctx.session, true)?))
}

pub(crate) fn version_inactive(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(platform::version(&ctx.node()?, &ctx.session, false)?))
}

pub(crate) fn network_eth0(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(platform::eth0(&ctx.node()?, &ctx.session, inv.flag("detail"))?))
}

pub(crate) fn network_cluster(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(platform::network_cluster(ctx.lab, &node, &ctx.session)?))
}

pub(crate) fn hardware(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(platform::hardware(&ctx.node()?, &ctx.session)?))
}
