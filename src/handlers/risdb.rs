//! `show risdb list | query phone` (issue #17): the engine's RIS view in `engine::em`, the
//! text in `render::em`.

use crate::catalog::Invocation;
use crate::handlers::{Ctx, Outcome};
use crate::render::em::RisTables;

pub(crate) fn list(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(RisTables(ctx.node.risdb_tables()?)))
}

pub(crate) fn query_phone(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.risdb_phones()?))
}
