//! `file build log <name>... [<duration>]`.

use crate::catalog::Invocation;
use crate::engine::traces::bundle;
use crate::engine::EngineError;
use crate::handlers::{Ctx, Outcome};

/// Days collected when no duration is given (the platform does not document a default).
pub const DEFAULT_DAYS: u32 = bundle::DEFAULT_DAYS;

pub(crate) fn log(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let words: Vec<&str> = inv.text("names").unwrap_or_default().split_whitespace().collect();
    let (names, days) = match words.split_last() {
        Some((last, rest)) if last.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {
            let days = last.parse::<u32>().map_err(|_| EngineError::BuildLogDays {
                days: last.to_string(),
                min: bundle::MIN_DAYS,
                max: bundle::MAX_DAYS,
            })?;
            (rest.to_vec(), days)
        }
        _ => (words, DEFAULT_DAYS),
    };
    let bar = (ctx.progress)("Collecting logs");
    let mut done = None;
    let result = ctx.node.file_build_log(&names, days, &mut |p| {
        let before = *done.get_or_insert_with(|| {
            bar.set_total(p.bytes_total);
            0
        });
        bar.advance(p.bytes_done.saturating_sub(before));
        done = Some(p.bytes_done);
    });
    bar.finish();
    Ok(Box::new(result?))
}
