//! `help`, `quit`, `exit`.

use super::{CliError, Ctx, Outcome};
use crate::catalog::{self, Invocation};
use crate::render::Message;

pub(crate) fn help(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let words: Vec<String> =
        inv.text("words").map(|w| w.split_whitespace().map(str::to_lowercase).collect()).unwrap_or_default();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    match catalog::catalog_help(&refs, ctx.scope()) {
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
