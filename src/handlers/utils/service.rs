//! `utils service list|start|stop|restart|activate|deactivate`.

use crate::catalog::Invocation;
use crate::engine::services::Action;
use crate::handlers::{Ctx, Outcome};

pub(crate) fn list(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    if inv.flag("page") {
        ctx.settings.pagination = true;
    }
    Ok(Box::new(ctx.node.service_list()?))
}

fn act(ctx: &mut Ctx, inv: &Invocation, action: Action) -> Outcome {
    let name = inv.text("service").unwrap_or_default();
    Ok(Box::new(ctx.node.service_act(action, name)?))
}

pub(crate) fn start(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    act(ctx, inv, Action::Start)
}

pub(crate) fn stop(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    act(ctx, inv, Action::Stop)
}

pub(crate) fn restart(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    act(ctx, inv, Action::Restart)
}

pub(crate) fn activate(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    act(ctx, inv, Action::Activate)
}

pub(crate) fn deactivate(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    act(ctx, inv, Action::Deactivate)
}
