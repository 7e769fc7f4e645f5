//! `file view <partition> <spec>`: with pagination on, the platform's file viewer (20 lines
//! a screen; q quit, n next, p prev, b begin, e end) whose key answers come through the
//! prompt object, so scripts answer it from standard input as automation does; with
//! pagination off, the whole file.

use crate::catalog::Invocation;
use crate::handlers::file::{partition, spec};
use crate::handlers::{Ctx, Outcome};
use crate::render::file::{display_lines, Viewed};
use crate::render::file::{viewer_prompt, VIEWER_END};

/// Lines per screen of the file viewer (as in the platform's captures).
pub const SCREEN: usize = 20;

pub(crate) fn view(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let text = ctx.node.file_view(partition(inv)?, spec(inv))?;
    if !ctx.settings.pagination {
        return Ok(Box::new(text));
    }
    let lines = display_lines(&text);
    let total = lines.len();
    let mut start = 0usize;
    loop {
        let end = (start + SCREEN).min(total);
        let mut screen = lines[start..end].join("\n");
        if end >= total {
            if !screen.is_empty() {
                screen.push('\n');
            }
            screen.push_str(VIEWER_END);
        }
        ctx.prompt.say(&screen);
        let prompt = viewer_prompt(if total == 0 { 0 } else { start + 1 }, end, total);
        // One key, not echoed; no answer (Ctrl-C, standard input ended) quits, as `q` would.
        let key = ctx.prompt.key(&prompt).unwrap_or('q');
        match key.to_ascii_lowercase() {
            'n' | '\n' | '\r' if end < total => start = end,
            'p' => start = start.saturating_sub(SCREEN),
            'b' => start = 0,
            'e' => start = total.saturating_sub(SCREEN),
            'n' | '\n' | '\r' => {}
            _ => break,
        }
        if ctx.cancelled() {
            break;
        }
    }
    drop(lines);
    Ok(Box::new(Viewed(text)))
}
