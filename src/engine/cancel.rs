//! Stopping a long operation (Ctrl-C). The front sets the flag (it is the one its SIGINT
//! handler sets); long loops — bundling, searching, transferring — check it between blocks
//! and stop with `EngineError::Interrupted`, leaving nothing half-written behind.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use super::error::{EngineError, Result};

fn cell() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// The process-wide flag, for the front to register with its signal handler.
pub fn flag() -> Arc<AtomicBool> {
    Arc::clone(cell())
}

pub fn request() {
    cell().store(true, Ordering::Relaxed);
}

pub fn clear() {
    cell().store(false, Ordering::Relaxed);
}

pub fn requested() -> bool {
    cell().load(Ordering::Relaxed)
}

/// `Err(Interrupted)` once a stop was requested.
pub fn check() -> Result<()> {
    if requested() {
        Err(EngineError::Interrupted)
    } else {
        Ok(())
    }
}
