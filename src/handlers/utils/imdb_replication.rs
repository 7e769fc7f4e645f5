//! `utils imdb_replication status` (IM and Presence).

use crate::catalog::Invocation;
use crate::handlers::{Ctx, Outcome};

pub(crate) fn status(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.imdb_replication_status()?))
}
