//! The node engine: the lab deployment kept on disk and every rule that matters.
//!
//! This library is what a platform node *is* in ucsh: clusters and nodes, their services,
//! accounts, databases, traces and settings, all kept under one data directory. It does every
//! check that matters (privilege, validation, state changes) so that every front end — the
//! interactive shell, `-c`, scripts and the SSH login shell — obeys the same rules.
//!
//! It must not depend on the front: no clap, rustyline, tabled or indicatif, and nothing
//! from `crate::shell`, `crate::render`, `crate::catalog` or `crate::handlers`. It never
//! prints; it returns typed, serialisable results and reports progress through callbacks.
//! A test (`tests/engine_boundary.rs`) keeps this true.

pub mod accounts;
pub mod branding;
pub mod cancel;
pub mod certs;
pub mod clock;
pub mod cores;
pub mod db;
pub mod deployment;
pub mod diagnose;
pub mod diskusage;
pub mod drs;
pub mod em;
pub mod error;
pub mod events;
pub mod everyday;
pub mod fileserver;
pub mod ha;
pub mod imaddress;
pub mod imdb;
pub mod lab;
pub mod network;
pub mod node;
pub mod ntp;
pub mod op;
pub mod perf;
pub mod platform;
pub mod ports;
pub mod services;
pub mod session;
pub mod settings;
pub mod sftp;
pub mod showtech;
pub mod store;
pub mod syslog;
pub mod system;
pub mod text;
pub mod traces;
pub mod users;

pub use cancel::CancelToken;
pub use clock::Clock;
pub use error::{EngineError, Result};
pub use lab::Lab;
pub use op::{Audit, NodeState, Op};
pub use session::Session;
