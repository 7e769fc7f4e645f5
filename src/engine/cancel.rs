//! Stopping a long operation (Ctrl-C). Each session owns one [`CancelToken`] (the front's
//! SIGINT handler sets it) and hands it to every operation it starts; long loops —
//! bundling, searching, transferring — check it between blocks and stop with
//! `EngineError::Interrupted`, leaving nothing half-written behind.
//!
//! There is no process-wide flag: two sessions in one process (tests, a server with many
//! logins) never stop each other's commands.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::error::{EngineError, Result};

/// A cheap, cloneable stop request shared by a session and its running operation.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token nobody has asked to stop yet.
    pub fn new() -> Self {
        CancelToken::default()
    }

    /// A token backed by an existing flag (the one a signal handler sets).
    pub fn from_flag(flag: Arc<AtomicBool>) -> Self {
        CancelToken(flag)
    }

    /// The flag, for the front to register with its signal handler.
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0)
    }

    pub fn request(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn clear(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    pub fn requested(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err(Interrupted)` once a stop was requested.
    pub fn check(&self) -> Result<()> {
        if self.requested() {
            Err(EngineError::Interrupted)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_independent_and_clones_shared() {
        let a = CancelToken::new();
        let b = CancelToken::new();
        let a2 = a.clone();
        a.request();
        assert!(a2.requested());
        assert!(matches!(a2.check(), Err(EngineError::Interrupted)));
        assert!(!b.requested());
        assert!(b.check().is_ok());
        a.clear();
        assert!(!a2.requested());
    }
}
