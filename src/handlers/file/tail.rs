//! `file tail <partition> <spec> [lines] [hex] [regexp <expression>]`.

use crate::catalog::Invocation;
use crate::engine::traces::files::TailOptions;
use crate::handlers::file::{partition, regexp, spec};
use crate::handlers::{Ctx, Outcome};

pub(crate) fn tail(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let opts = TailOptions {
        lines: inv.int("lines").and_then(|n| usize::try_from(n).ok()),
        hex: inv.flag("hex"),
        regexp: regexp(inv, "regexp"),
    };
    Ok(Box::new(ctx.node.file_tail(partition(inv)?, spec(inv), &opts)?))
}
