//! `set ...` platform commands.

use super::{CliError, Ctx, Outcome};
use crate::catalog::Invocation;
use crate::engine::settings::LockingChange;
use crate::engine::{accounts, EngineError};
use crate::render::{wording, Message};

pub(crate) fn cli_pagination(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let on = inv.text("state") == Some("on");
    ctx.settings.pagination = on;
    Ok(Message::new(if on { wording::PAGINATION_ON } else { wording::PAGINATION_OFF }))
}

/// Asks for a new password twice; both must match.
fn new_password(ctx: &mut Ctx, first: &str, second: &str) -> Result<String, CliError> {
    let a = ctx.prompt.password(first)?;
    let b = ctx.prompt.password(second)?;
    if a != b {
        return Err(CliError::Failed("The passwords do not match. Nothing was changed.".into()));
    }
    Ok(a)
}

pub(crate) fn account_name(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let name = inv.text("name").unwrap_or_default().to_string();
    accounts::validate_name(&name)?;
    if ctx.node.account_exists(&name)? {
        return Err(EngineError::AccountExists(name).into());
    }
    ctx.prompt.say("  Privilege Levels are:\n    Ordinary - Level 0\n    Advance  - Level 1\n\n");
    let level_text = ctx.prompt.line("  Please enter the privilege level :")?;
    let level: u8 = match level_text.trim() {
        "0" => 0,
        "1" => 1,
        other => {
            return Err(CliError::Failed(format!(
                "Invalid privilege level {other:?}: enter 0 (ordinary) or 1 (advanced)"
            )))
        }
    };
    let password = new_password(ctx, "      Please enter the password :", "re-enter to confirm :")?;
    ctx.node.create_account(&name, level, &password)?;
    Ok(Message::new("\nAccount created successfully."))
}

pub(crate) fn password_user(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let name = inv.text("name").unwrap_or_default().to_string();
    // The engine refuses another account's password below level 4 here, before any question.
    let old = if ctx.node.needs_old_password(&name)? {
        Some(ctx.prompt.password("Please enter the old password: ")?)
    } else {
        None
    };
    let new = new_password(ctx, "   Please enter the new password: ", "Reenter new password to confirm: ")?;
    ctx.prompt.say("Please wait...\n");
    ctx.node.set_password(&name, old.as_deref(), &new)?;
    Ok(Message::new("\n\nPassword updated successfully."))
}

fn locking(ctx: &mut Ctx, change: LockingChange) -> Outcome {
    Ok(Box::new(ctx.node.set_accountlocking(change)?))
}

pub(crate) fn accountlocking_enable(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    locking(ctx, LockingChange::Enable)
}

pub(crate) fn accountlocking_disable(ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    locking(ctx, LockingChange::Disable)
}

pub(crate) fn accountlocking_count(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let n = inv.int("count").and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
    locking(ctx, LockingChange::Count(n))
}

pub(crate) fn accountlocking_unlocktime(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let s = inv.int("seconds").and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
    locking(ctx, LockingChange::UnlockTime(s))
}

pub(crate) fn cli_session_timeout(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    Ok(Box::new(ctx.node.set_session_timeout(inv.int("minutes").unwrap_or(0))?))
}
