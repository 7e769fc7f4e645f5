#!/usr/bin/env bash
# Bounded fuzzing of every target: build with libFuzzer's instrumentation, then run each
# target for FUZZ_SECONDS (default 8) from its seeds (fuzz/seeds/<target>) and what earlier
# runs found (fuzz/corpus/<target>). A crash stops the script with the input that caused it
# in fuzz/artifacts/<target>/; make it a regression test (tests/fuzz_regressions.rs) and fix.
#
# Only the stable toolchain is needed: RUSTC_BOOTSTRAP=1 lets cargo-fuzz's flags through.
# With cargo-fuzz installed, `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> -s none` works too.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH="${FUZZ_SECONDS:-8}"
TARGETS=(line_parser informix_sql branding_archive branding_properties csv_import remote_text)
export RUSTC_BOOTSTRAP=1
# cargo-fuzz's instrumentation (without a sanitizer: the code has no unsafe; what is looked
# for is panics, aborts, hangs and runaway memory), plus its `fuzzing` cfg.
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps the flags off build scripts (as cargo-fuzz does).
HOST="$(rustc -vV | sed -n 's/^host: //p')"
cargo build --release --locked --bins --quiet --target "$HOST"
BIN="target/$HOST/release"
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "fuzz: $t for ${SECONDS_EACH}s"
  # -timeout: one input running longer is a hang; -rss_limit_mb: runaway memory is a crash.
  "$BIN/$t" "corpus/$t" "seeds/$t" -max_total_time="$SECONDS_EACH" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=0 -artifact_prefix="artifacts/$t/" \
    2> "artifacts/$t.log" || { tail -40 "artifacts/$t.log"; echo "fuzz: $t FAILED (input in fuzz/artifacts/$t/)"; exit 1; }
  grep -E "^Done [0-9]+ runs" "artifacts/$t.log" | tail -1 || true
done
