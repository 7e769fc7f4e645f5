//! `run ...` commands, one module per noun.

pub mod sql;
