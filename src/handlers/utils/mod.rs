//! `utils ...` commands, one module per noun.

pub mod ntp;
pub mod service;
pub mod system;
// ===== feature modules (one line each; keep the markers) =====
pub mod branding;
pub mod core;
pub mod dbreplication;
pub mod diagnose;
pub mod drs;
pub mod ha;
pub mod network;
pub mod remotesyslog;
pub mod users;

// ===== end =====
