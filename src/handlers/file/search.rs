//! `file search <partition> <spec> <pattern> [reltime|abstime ...] [ignorecase] [recurs]`.

use crate::catalog::Invocation;
use crate::engine::traces::files::{self, SearchOptions};
use crate::handlers::file::{partition, spec, window};
use crate::handlers::{Ctx, Outcome};

pub(crate) fn search(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    let opts = SearchOptions {
        ignorecase: inv.flag("ignorecase"),
        window: window(inv, &node)?,
        recurs: inv.flag("recurs"),
    };
    let pattern = inv.text("pattern").unwrap_or_default();
    Ok(Box::new(files::search(&node, &ctx.session, partition(inv)?, spec(inv), pattern, &opts)?))
}
