#!/usr/bin/env bash
# Start-up benchmark: wall time of `ucsh -c 'show myself'` on an initialised lab against
# /bin/true, measured in the same run (hyperfine, no intermediate shell, medians).
# Target: at most 5 times /bin/true.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --quiet
BIN="$PWD/target/release/ucsh"
LAB="$(mktemp -d)"
trap 'rm -rf "$LAB"' EXIT
UCSH_DATA_DIR="$LAB/lab" "$BIN" cluster init >/dev/null
export UCSH_DATA_DIR="$LAB/lab"
RUNS="${RUNS:-100}"
hyperfine -N --warmup 10 --runs "$RUNS" --export-json "$LAB/result.json" \
  "/bin/true" \
  "$BIN -c 'show myself'" >/dev/null
python3 - "$LAB/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
true_m, ucsh_m = r[0]["median"], r[1]["median"]
print(f"/bin/true                median {true_m*1000:.3f} ms ({len(r[0]['times'])} runs)")
print(f"ucsh -c 'show myself'    median {ucsh_m*1000:.3f} ms ({len(r[1]['times'])} runs)")
ratio = ucsh_m / true_m
print(f"ratio ucsh / true: {ratio:.2f} (target <= 5.00): {'PASS' if ratio <= 5 else 'FAIL'}")
PY
