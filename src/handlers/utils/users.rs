//! `utils users validate all|userid|uri|mailid`.

use crate::catalog::Invocation;
use crate::engine::users::Scope;
use crate::engine::EngineError;
use crate::handlers::{Ctx, Outcome};

pub(crate) fn validate(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let word = inv.text("scope").unwrap_or_default();
    let scope = Scope::parse(word).ok_or_else(|| {
        EngineError::Invalid(format!("Invalid option {word:?}: use one of {}", Scope::NAMES.join(", ")))
    })?;
    Ok(Box::new(ctx.node.users_validate(scope)?))
}
