#!/usr/bin/env bash
# The whole test suite: system packages the tests need, formatting, lints, every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup.sh
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test --all-targets --no-fail-fast
# Bounded fuzzing of every fuzz target (fuzz/, its own crate; FUZZ_SECONDS each).
bash fuzz/run.sh
