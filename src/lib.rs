//! ucsh: the administrative command line of a Unified Communications platform node.
//!
//! Layers, top to bottom (data never flows back up): `shell` (modes, line editing, paging)
//! → `catalog` (the command tree) → `handlers` (one function per command) → `engine` (the
//! lab on disk) → `render` (typed results to platform text or JSON).

pub mod engine;
