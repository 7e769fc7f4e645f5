//! `help`, `quit`, `exit`.

use super::{CliError, Ctx, Outcome};
use crate::catalog::{self, Invocation, Scope};
use crate::engine::deployment::Product;
use crate::render::Message;

pub(crate) fn scope_of(ctx: &Ctx) -> Scope {
    match ctx.lab.node(&ctx.node_name).map(|n| n.product()) {
        Ok(Product::Imp) => Scope::Imp,
        _ => Scope::Cm,
    }
}

pub(crate) fn help(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let words: Vec<String> =
        inv.text("words").map(|w| w.split_whitespace().map(str::to_lowercase).collect()).unwrap_or_default();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    match catalog::catalog_help(&refs, scope_of(ctx)) {
        Some(text) => Ok(Message::new(text)),
        None => Err(CliError::Failed(format!(
            "No help is available for \"{}\": it is not a command",
            words.join(" ")
        ))),
    }
}

pub(crate) fn quit(_ctx: &mut Ctx, _inv: &Invocation) -> Outcome {
    Err(CliError::Quit)
}
