//! Drives one engine entry point the way a command does: an operation opened on the node
//! at the catalog's privilege level for `command`, then dropped (the events it raised are
//! written; nothing is delivered to remote syslog, as no command ended).

use ucsh::engine::node::NodeHandle;
use ucsh::engine::{CancelToken, Lab, NodeState, Op, Result, Session};

/// Runs `f` in an operation of `command` (a catalog path; "" for level 0) on `node`.
pub fn call<T>(
    lab: &Lab,
    node: &NodeHandle,
    session: &Session,
    command: &str,
    f: impl FnOnce(&Op) -> Result<T>,
) -> Result<T> {
    call_cancel(lab, node, session, command, CancelToken::new(), f)
}

/// [`call`] with the session's cancel token.
pub fn call_cancel<T>(
    lab: &Lab,
    node: &NodeHandle,
    session: &Session,
    command: &str,
    cancel: CancelToken,
    f: impl FnOnce(&Op) -> Result<T>,
) -> Result<T> {
    let level = if command.is_empty() {
        0
    } else {
        ucsh::catalog::find(command)
            .unwrap_or_else(|| panic!("no command {command:?} in the catalog"))
            .privilege
    };
    let op = Op::begin_on(lab, node.clone(), session, level, NodeState::Up, cancel)?;
    f(&op)
}
