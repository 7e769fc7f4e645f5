//! `platform.toml`: the node's own platform state, and the facts behind `show status`,
//! `show version`, `show network`, `show hardware` and `utils ntp status`.
//!
//! Later issues add their own sections (remote syslog, branding, ...) as fields with
//! `#[serde(default)]`, so an older file still reads.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::syslog::RemoteSyslogSettings;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformState {
    /// Whether the node is running (a `node-down` fault clears it).
    pub up: bool,
    /// When the node last booted (`utils system restart` moves it).
    pub booted_at: DateTime<Utc>,
    #[serde(default)]
    pub ntp: NtpSettings,
    #[serde(default)]
    pub cli: CliSettings,
    #[serde(default)]
    pub accountlocking: AccountLocking,
    /// Settings changed since the last restart that take effect at the next one, described
    /// in words (`utils system restart` applies them and clears the list).
    #[serde(default)]
    pub pending_reboot: Vec<String>,
    /// `utils remotesyslog`: protocol (and the one pending a restart), servers.
    #[serde(default)]
    pub remote_syslog: RemoteSyslogSettings,
}

impl PlatformState {
    pub fn new(now: DateTime<Utc>, ntp_server: Option<String>) -> Self {
        PlatformState {
            up: true,
            booted_at: now,
            ntp: NtpSettings { servers: ntp_server.into_iter().collect() },
            cli: CliSettings::default(),
            accountlocking: AccountLocking::default(),
            pending_reboot: Vec::new(),
            remote_syslog: RemoteSyslogSettings::default(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NtpSettings {
    pub servers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CliSettings {
    /// `set cli session timeout`, minutes (5-99999, default 30).
    pub session_timeout_minutes: u32,
}

impl Default for CliSettings {
    fn default() -> Self {
        CliSettings { session_timeout_minutes: 30 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountLocking {
    pub enabled: bool,
    /// Failed attempts before the account locks (2-5, default 3).
    pub count: u32,
    /// Seconds an account stays locked (30-3600, default 300).
    pub unlock_seconds: u32,
}

impl Default for AccountLocking {
    fn default() -> Self {
        AccountLocking { enabled: true, count: 3, unlock_seconds: 300 }
    }
}
