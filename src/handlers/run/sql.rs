//! `run sql <statement>`: the work is in `engine::db::sql`, the text in `render::run_sql`.

use crate::catalog::Invocation;
use crate::engine::EngineError;
use crate::handlers::{CliError, Ctx, Outcome};

pub(crate) fn sql(ctx: &mut Ctx, inv: &Invocation) -> Outcome {
    let statement = inv.text("statement").unwrap_or("");
    match ctx.node.run_sql(statement) {
        Ok(result) => Ok(Box::new(result)),
        // The database's own numbered message is the reason line.
        Err(EngineError::Sql(message)) => Err(CliError::Failed(message)),
        Err(e) => Err(e.into()),
    }
}
