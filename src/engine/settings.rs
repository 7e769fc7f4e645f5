//! Everyday node settings: `show|set accountlocking`, `show|set cli session timeout`,
//! `show date`. The values live in the node's `platform.toml` and are the ones the login
//! (lockout) and the SSH server (idle timeout of new sessions) use.

use serde::Serialize;

use crate::engine::error::{EngineError, Result};
use crate::engine::events::Event;
use crate::engine::op::Op;
use crate::engine::platform::AccountLocking;

/// `set accountlocking count` bounds (the reference's).
pub const LOCK_COUNT: std::ops::RangeInclusive<u32> = 2..=5;
/// `set accountlocking unlocktime` bounds, seconds.
pub const UNLOCK_SECONDS: std::ops::RangeInclusive<u32> = 30..=3600;
/// `set cli session timeout` bounds, minutes.
pub const SESSION_MINUTES: std::ops::RangeInclusive<u32> = 5..=99999;

/// `show accountlocking`.
pub fn accountlocking(op: &Op) -> Result<AccountLocking> {
    Ok(op.node().platform()?.accountlocking)
}

/// One `set accountlocking ...` change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LockingChange {
    Enable,
    Disable,
    Count(u32),
    UnlockTime(u32),
}

/// What `set accountlocking` changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LockingChanged {
    pub change: LockingChange,
    pub before: AccountLocking,
    pub after: AccountLocking,
}

pub fn set_accountlocking(op: &Op, change: LockingChange) -> Result<LockingChanged> {
    let out_of = |what: &'static str, v: u32, r: &std::ops::RangeInclusive<u32>, unit: &'static str| {
        EngineError::OutOfRange {
            what,
            given: i64::from(v),
            min: i64::from(*r.start()),
            max: i64::from(*r.end()),
            unit,
        }
    };
    match change {
        LockingChange::Count(n) if !LOCK_COUNT.contains(&n) => {
            return Err(out_of("retry count", n, &LOCK_COUNT, "attempts"))
        }
        LockingChange::UnlockTime(s) if !UNLOCK_SECONDS.contains(&s) => {
            return Err(out_of("unlock time", s, &UNLOCK_SECONDS, "seconds"))
        }
        _ => {}
    }
    let node = op.node();
    let (before, after) = node.update_platform(|p| {
        let before = p.accountlocking.clone();
        match change {
            LockingChange::Enable => p.accountlocking.enabled = true,
            LockingChange::Disable => p.accountlocking.enabled = false,
            LockingChange::Count(n) => p.accountlocking.count = n,
            LockingChange::UnlockTime(s) => p.accountlocking.unlock_seconds = s,
        }
        Ok((before, p.accountlocking.clone()))
    })?;
    op.record(Event::audit(
        "AccountLockingChanged",
        format!(
            "account locking {} (unlock time {} s, retry count {}) by {}",
            if after.enabled { "enabled" } else { "disabled" },
            after.unlock_seconds,
            after.count,
            op.session().account
        ),
    ));
    Ok(LockingChanged { change, before, after })
}

/// `show cli session timeout`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionTimeout {
    pub minutes: u32,
    /// `set` only: the value before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<u32>,
}

pub fn session_timeout(op: &Op) -> Result<SessionTimeout> {
    Ok(SessionTimeout { minutes: op.node().platform()?.cli.session_timeout_minutes, previous: None })
}

/// `set cli session timeout <minutes>`: new sessions end after that long without input.
pub fn set_session_timeout(op: &Op, minutes: i64) -> Result<SessionTimeout> {
    let m = u32::try_from(minutes).ok().filter(|m| SESSION_MINUTES.contains(m)).ok_or(
        EngineError::OutOfRange {
            what: "session timeout",
            given: minutes,
            min: i64::from(*SESSION_MINUTES.start()),
            max: i64::from(*SESSION_MINUTES.end()),
            unit: "minutes",
        },
    )?;
    let previous = op.node().update_platform(|p| {
        let previous = p.cli.session_timeout_minutes;
        p.cli.session_timeout_minutes = m;
        Ok(previous)
    })?;
    op.record(Event::audit(
        "CliSessionTimeoutChanged",
        format!("CLI session timeout {previous} to {m} minutes by {}", op.session().account),
    ));
    Ok(SessionTimeout { minutes: m, previous: Some(previous) })
}

/// `show date`: the node's time in its time zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeDate {
    /// As `date` prints it: `Sat Jul 17 01:28:57 IST 2010`.
    pub text: String,
    pub timezone: String,
    pub utc: String,
}

pub fn date(op: &Op) -> Result<NodeDate> {
    let node = op.node();
    Ok(NodeDate {
        text: node.local_now().format("%a %b %e %H:%M:%S %Z %Y").to_string(),
        timezone: node.spec.timezone.clone(),
        utc: node.now().to_rfc3339(),
    })
}
