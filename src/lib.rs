//! ucsh: the administrative command line of a Unified Communications platform node.
//!
//! Layers, top to bottom (data never flows back up): `cli` and `shell` (modes, line
//! editing, paging, prompts) → `catalog` (the command tree) → `handlers` (one function per
//! command) → `backend` (the seam to a node) → `engine` (the lab on disk, no front-end
//! dependencies) → `render` (typed results to the platform's text or JSON). `host` holds
//! `ucsh cluster ...`; `serve` the SSH server of `ucsh cluster serve` (the only user of
//! tokio and russh).

pub mod backend;
pub mod catalog;
pub mod cli;
pub mod engine;
pub mod handlers;
pub mod host;
pub mod render;
pub mod serve;
pub mod shell;
