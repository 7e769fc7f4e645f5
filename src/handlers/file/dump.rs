//! `file dump <partition> <spec> [hex] [recent] [regexp <expression>]`.

use crate::catalog::Invocation;
use crate::engine::traces::files::DumpOptions;
use crate::handlers::file::{partition, regexp, spec};
use crate::handlers::{Ctx, Outcome};

pub(crate) fn dump(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let opts =
        DumpOptions { hex: inv.flag("hex"), recent: inv.flag("recent"), regexp: regexp(inv, "regexp") };
    Ok(Box::new(ctx.node.file_dump(partition(inv)?, spec(inv), &opts)?))
}
