//! The `file` family: trace bundles and the log partitions' files.

pub mod build;
pub mod delete;
pub mod dump;
pub mod get;
pub mod list;
pub mod search;
pub mod tail;
pub mod view;

use crate::backend::Node;
use crate::catalog::Invocation;
use crate::engine::node::Partition;
use crate::engine::traces::files::{TimeUnit, TimeWindow};
use crate::engine::EngineError;
use crate::handlers::CliError;

/// The partition argument (the catalog restricts it to the known names).
pub(crate) fn partition(inv: &Invocation) -> Result<Partition, CliError> {
    match inv.text("partition").unwrap_or_default() {
        "activelog" => Ok(Partition::Activelog),
        "inactivelog" => Ok(Partition::Inactivelog),
        "install" => Ok(Partition::Install),
        other => Err(EngineError::Invalid(format!("Invalid partition {other}")).into()),
    }
}

pub(crate) fn spec(inv: &Invocation) -> &str {
    inv.text("spec").unwrap_or_default()
}

/// `reltime <unit> <n>` / `abstime <from> <to>`.
pub(crate) fn window(inv: &Invocation, node: &dyn Node) -> Result<TimeWindow, CliError> {
    if let Some([unit, n]) = inv.list("reltime") {
        let unit =
            TimeUnit::parse(unit).ok_or_else(|| EngineError::Invalid(format!("Invalid time unit {unit}")))?;
        let n: u32 = n.parse().map_err(|_| EngineError::Invalid(format!("Invalid number {n}")))?;
        return Ok(node.relative_window(unit, n));
    }
    if let Some([from, to]) = inv.list("abstime") {
        return Ok(node.absolute_window(from, to)?);
    }
    Ok(TimeWindow::default())
}

pub(crate) fn regexp(inv: &Invocation, name: &str) -> Option<String> {
    inv.list(name).and_then(|v| v.first().cloned())
}
