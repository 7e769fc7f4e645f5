//! Who is running commands: the account and its privilege level. Every engine operation
//! that needs a level takes the session and checks it here, so all modes obey one rule.

use serde::Serialize;

use super::error::{EngineError, Result};

/// Privilege levels of the platform CLI.
pub const LEVEL_READ_ONLY: u8 = 0;
pub const LEVEL_STANDARD: u8 = 1;
pub const LEVEL_MASTER: u8 = 4;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub account: String,
    pub level: u8,
    /// The node's primary administrator (the account `cluster init` created).
    pub primary: bool,
}

impl Session {
    pub fn new(account: &str, level: u8, primary: bool) -> Self {
        Session { account: account.to_string(), level, primary }
    }

    /// Fails unless this session has at least `level`.
    pub fn require(&self, level: u8) -> Result<()> {
        if self.level >= level {
            Ok(())
        } else {
            Err(EngineError::PrivilegeDenied { required: level, have: self.level })
        }
    }

    /// Fails unless this is the node's primary administrator.
    pub fn require_primary(&self) -> Result<()> {
        self.require(LEVEL_MASTER)?;
        if self.primary {
            Ok(())
        } else {
            Err(EngineError::PrimaryAdminOnly)
        }
    }
}
