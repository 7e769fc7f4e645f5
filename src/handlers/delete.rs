//! `delete ...` commands.

use super::{Ctx, Outcome};
use crate::catalog::Invocation;
use crate::engine::accounts;
use crate::engine::events::{self, Event};
use crate::render::Message;

pub(crate) fn account(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let node = ctx.node()?;
    let name = inv.text("name").unwrap_or_default();
    accounts::delete(&node, &ctx.session, name)?;
    events::emit(
        &node,
        &Event::audit("AccountDeleted", format!("CLI account {name} deleted by {}", ctx.session.account)),
    );
    Ok(Message::new(format!("Account {name} deleted successfully")))
}
