//! The engine's own tests, one test binary: each module calls the engine directly (an
//! operation opened at the command's catalog level, `support/op.rs`) on copies of one
//! standard lab built once for the binary (`support/lab.rs`). One binary rather than one
//! per file: each links the whole crate, and each built its own lab.
//!
//! `cargo test --test engine` runs them all; `cargo test --test engine branding::` one file.

#[path = "../support/lab.rs"]
#[allow(dead_code)]
mod lab_fixture;

#[path = "../support/op.rs"]
#[allow(dead_code)]
mod op_support;

#[path = "../support/users.rs"]
mod support;

mod branding;
mod db_engine;
mod em;
mod em_api;
mod em_service_codes;
mod em_support;
mod emcc_config_codes;
mod emcc_remote_update;
mod ha;
mod perf;
mod traces_engine;
mod users_validate;
