//! `show ...` platform commands.

use super::{Ctx, Outcome};
use crate::catalog::Invocation;
use crate::engine::diskusage::{DiskUsageOptions, DuArea};
use crate::engine::node::Partition;
use crate::render::session::{Myself, Pagination};

pub(crate) fn myself(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let session = ctx.node.session();
    Ok(Box::new(Myself {
        machine_name: ctx.node.hostname().to_string(),
        account: session.account.clone(),
        privilege: session.level,
        command_count: false,
        logging: false,
    }))
}

pub(crate) fn account(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.accounts()?))
}

pub(crate) fn cli_pagination(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(Pagination { on: ctx.settings.pagination }))
}

pub(crate) fn status(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.status()?))
}

pub(crate) fn version_active(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.version(true)?))
}

pub(crate) fn version_inactive(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.version(false)?))
}

pub(crate) fn network_eth0(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.eth0(inv.flag("detail"))?))
}

pub(crate) fn network_cluster(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.network_cluster()?))
}

pub(crate) fn hardware(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.hardware()?))
}

pub(crate) fn accountlocking(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.accountlocking()?))
}

pub(crate) fn cli_session_timeout(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.session_timeout()?))
}

pub(crate) fn date(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.date()?))
}

pub(crate) fn diskusage(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let partition = match inv.text("partition").unwrap_or_default() {
        "inactivelog" => DuArea::Log(Partition::Inactivelog),
        "install" => DuArea::Log(Partition::Install),
        "common" => DuArea::Common,
        "tmp" => DuArea::Tmp,
        _ => DuArea::Log(Partition::Activelog),
    };
    let opts = DiskUsageOptions { directories_only: inv.flag("directory"), sort_by_size: inv.flag("sort") };
    Ok(Box::new(ctx.node.diskusage(partition, opts)?))
}
