//! `file search <partition> <spec> <pattern> [reltime|abstime ...] [ignorecase] [recurs]`.

use crate::catalog::Invocation;
use crate::engine::traces::files::SearchOptions;
use crate::handlers::file::{partition, spec, window};
use crate::handlers::{Ctx, Outcome};
use crate::render::file::SearchText;
use crate::render::Nothing;

pub(crate) fn search(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let opts = SearchOptions {
        ignorecase: inv.flag("ignorecase"),
        window: window(inv, ctx.node)?,
        recurs: inv.flag("recurs"),
    };
    let pattern = inv.text("pattern").unwrap_or_default();
    let partition = partition(inv)?;
    // Text goes out file by file while the search runs, as grep's would.
    if let Some(out) = ctx.out.as_deref_mut() {
        let mut text = SearchText::new(|t: &str| {
            out.out(t);
            !out.closed()
        });
        ctx.node.file_search_into(partition, spec(inv), pattern, &opts, &mut text)?;
        text.finish();
        return Ok(Box::new(Nothing));
    }
    Ok(Box::new(ctx.node.file_search(partition, spec(inv), pattern, &opts)?))
}
