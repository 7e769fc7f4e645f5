//! `file delete <partition> <spec> [detail] [noconfirm]`: asks first, as the platform does.

use crate::catalog::Invocation;
use crate::handlers::file::{partition, spec};
use crate::handlers::{CliError, Ctx, Outcome};

pub(crate) fn delete(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let part = partition(inv)?;
    let spec = spec(inv);
    // Refusals (paths, folders, nothing found) come before the question.
    let plan = ctx.node.file_delete_plan(part, spec)?;
    if !inv.flag("noconfirm") {
        let what = match plan.as_slice() {
            [one] => format!("Delete the File {}?\n", one.rel),
            _ => format!("Delete the Files {spec} ({} files)?\n", plan.len()),
        };
        ctx.prompt.say(&what);
        if !ctx.prompt.confirm("Enter \"y\" followed by return to continue: ", "y")? {
            return Err(CliError::Declined("files: found = 0, deleted = 0".into()));
        }
    }
    Ok(Box::new(ctx.node.file_delete(part, spec, inv.flag("detail"))?))
}
