//! One command's operation on one node: what every engine entry point shares.
//!
//! An [`Op`] is opened for a node and a session before a command touches the node. Opening
//! it checks, once, that the session has the command's privilege level (the catalog's) and
//! that the node is up — in that order, as the platform reports them. It carries the clock,
//! the session's cancel token and an event recorder: every alarm and audit event raised
//! through [`Op::node`] while the command runs is kept in memory, and [`Op::finish`] writes
//! them, with the command's own audit record, to the node's log and the remote syslog spool
//! in one write, then delivers the spool.
//!
//! Rules that are not a plain level (the primary administrator, another account's password,
//! a write statement in `run sql`) stay in the entry points that know them.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::cancel::CancelToken;
use super::clock::Clock;
use super::error::Result;
use super::events::{self, Event, Recorder};
use super::node::NodeHandle;
use super::session::Session;
use super::syslog::FlushReport;
use super::Lab;

/// Whether an operation needs its node up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    /// Fails the platform's way (`NodeDown`) when the node is down: every node command.
    Up,
    /// Runs whatever the node's state (help, quit, the lab's own fault commands).
    Any,
}

/// What [`Op::finish`] records for the command itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audit<'c> {
    /// `CLICommandExecuted` for this command path (when the node is up at the end).
    Command(&'c str),
    /// No record of its own (`quit`, the lab's host commands).
    None,
}

/// One command's operation on one node. See the module documentation.
#[derive(Debug)]
pub struct Op<'a> {
    lab: &'a Lab,
    node: NodeHandle,
    session: Session,
    cancel: CancelToken,
    recorder: Arc<Recorder>,
    finished: bool,
}

impl<'a> Op<'a> {
    /// Opens an operation of privilege `level` on `node` for `session`: fails unless the
    /// session has the level and (for [`NodeState::Up`]) the node is up.
    pub fn begin(
        lab: &'a Lab,
        node: &str,
        session: &Session,
        level: u8,
        state: NodeState,
        cancel: CancelToken,
    ) -> Result<Op<'a>> {
        let handle = lab.node(node)?;
        Op::begin_on(lab, handle, session, level, state, cancel)
    }

    /// [`Op::begin`] for a node handle already in hand.
    pub fn begin_on(
        lab: &'a Lab,
        node: NodeHandle,
        session: &Session,
        level: u8,
        state: NodeState,
        cancel: CancelToken,
    ) -> Result<Op<'a>> {
        session.require(level)?;
        if state == NodeState::Up {
            node.ensure_up()?;
        }
        let recorder = Arc::new(Recorder::default());
        let node = node.recording(Arc::clone(&recorder));
        Ok(Op { lab, node, session: session.clone(), cancel, recorder, finished: false })
    }

    /// An operation of the lab's owner (the node's primary administrator) on any node, for
    /// the lab's host commands and for tests that drive the engine directly.
    pub fn owner(lab: &'a Lab, node: &str, state: NodeState) -> Result<Op<'a>> {
        let handle = lab.node(node)?;
        let session = super::accounts::local_owner_session(&handle)?;
        Op::begin_on(lab, handle, &session, super::session::LEVEL_MASTER, state, CancelToken::new())
    }

    pub fn lab(&self) -> &'a Lab {
        self.lab
    }

    /// The node, as this operation sees it: events raised through it are recorded.
    pub fn node(&self) -> &NodeHandle {
        &self.node
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn cancel(&self) -> &CancelToken {
        &self.cancel
    }

    pub fn clock(&self) -> Clock {
        self.node.clock()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.node.now()
    }

    /// Records an event on the operation's node (written at `finish`).
    pub fn record(&self, event: Event) {
        events::emit(&self.node, &event);
    }

    /// Ends the operation: writes what it recorded plus the command's audit record in one
    /// write (log and spool), then delivers the remote syslog spool. The audit record and
    /// the delivery happen only while the node is up; recorded events are always kept.
    /// Returns what the delivery did (`None` when the node is down).
    pub fn finish(mut self, audit: Audit) -> Option<FlushReport> {
        self.finished = true;
        let mut batch = self.recorder.take();
        let plain = self.node.plain();
        let up = plain.is_up().unwrap_or(false);
        if up {
            if let Audit::Command(path) = audit {
                batch.push(Event::audit(
                    "CLICommandExecuted",
                    format!("CLI command executed by {}: {}", self.session.account, path),
                ));
            }
        }
        if !batch.is_empty() {
            events::emit_all(&plain, &batch);
        }
        if !up {
            return None;
        }
        // Bounded in time; what is not delivered stays in the node's spool.
        super::syslog::flush(&plain).ok()
    }
}

impl Drop for Op<'_> {
    /// An operation dropped without `finish` (a panic, an early return) still writes what
    /// its node raised: events are never lost.
    fn drop(&mut self) {
        if !self.finished {
            let batch = self.recorder.take();
            if !batch.is_empty() {
                events::emit_all(&self.node.plain(), &batch);
            }
        }
    }
}
