//! `run sql <statement>`: the work is in `engine::db::sql`, the text in `render::run_sql`.

use crate::backend::Node;
use crate::catalog::Invocation;
use crate::engine::db::sql;
use crate::engine::EngineError;
use crate::handlers::{CliError, Ctx, Outcome};

pub(crate) fn sql(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let statement = inv.text("statement").unwrap_or("");
    // A select's text is streamed when it may be written as it comes: once to measure the
    // columns, once to write the rows, so no result is ever held whole (the JSON and the
    // pager still take the bounded, collected result).
    if sql::is_select(statement) {
        if let Some(out) = ctx.out.as_deref_mut() {
            return streamed(ctx.node, statement, out);
        }
    }
    match ctx.node.run_sql(statement) {
        Ok(result) => Ok(Box::new(result)),
        // The database's own numbered message is the reason line.
        Err(EngineError::Sql(message)) => Err(CliError::Failed(message)),
        Err(e) => Err(e.into()),
    }
}

fn streamed(node: &dyn Node, statement: &str, out: &mut dyn crate::render::Sink) -> Outcome {
    use crate::engine::db::sql::SqlRow;
    use crate::render::run_sql::{head, row, width};
    let mut widths: Vec<usize> = Vec::new();
    // The widths come from the first MAX_ROWS rows; an endless result (a recursive query)
    // is then written for as long as it runs, until Ctrl-C or the reader goes away.
    let mut measured_rows = 0usize;
    let measured = node.run_sql_each(statement, &mut |r| {
        match r {
            SqlRow::Columns(c) => widths = c.iter().map(|c| c.chars().count()).collect(),
            SqlRow::Values(v) => {
                for (w, v) in widths.iter_mut().zip(v) {
                    *w = (*w).max(width(v.as_deref()));
                }
                measured_rows += 1;
            }
        }
        measured_rows < sql::MAX_ROWS
    });
    let failed = |e: EngineError| match e {
        EngineError::Sql(message) => CliError::Failed(message),
        e => e.into(),
    };
    let rows = measured.map_err(failed)?;
    let mut text = String::new();
    let mut written = 0usize;
    node.run_sql_each(statement, &mut |r| {
        match r {
            SqlRow::Columns(c) => head(&mut text, c, &widths),
            SqlRow::Values(v) => {
                row(&mut text, v, &widths);
                written += 1;
            }
        }
        if text.len() >= 64 << 10 {
            out.out(&text);
            text.clear();
        }
        !out.closed()
    })
    .map_err(failed)?;
    if rows == 0 && written == 0 {
        text.push('\n');
    }
    out.out(&text);
    Ok(Box::new(crate::render::Nothing))
}
