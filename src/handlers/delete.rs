//! `delete ...` commands.

use super::{Ctx, Outcome};
use crate::catalog::Invocation;
use crate::render::Message;

pub(crate) fn account(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let name = inv.text("name").unwrap_or_default();
    ctx.node.delete_account(name)?;
    Ok(Message::new(format!("Account {name} deleted successfully")))
}
