//! `file list <partition> <spec> [page] [detail] [reverse] [date|size]`.

use crate::catalog::Invocation;
use crate::engine::traces::files::{ListOptions, SortKey};
use crate::handlers::file::{partition, spec};
use crate::handlers::{Ctx, Outcome};

pub(crate) fn list(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    if inv.flag("page") {
        ctx.settings.pagination = true;
    }
    let sort = if inv.flag("date") {
        SortKey::Date
    } else if inv.flag("size") {
        SortKey::Size
    } else {
        SortKey::Name
    };
    let opts = ListOptions { detail: inv.flag("detail"), reverse: inv.flag("reverse"), sort };
    Ok(Box::new(ctx.node.file_list(partition(inv)?, spec(inv), opts)?))
}
