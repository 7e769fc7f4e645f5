//! `utils ntp status`.

use crate::catalog::Invocation;
use crate::engine::platform;
use crate::handlers::{Ctx, Outcome};

pub(crate) fn status(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    Ok(Box::new(platform::ntp_status(ctx.lab, &node, &ctx.session)?))
}
