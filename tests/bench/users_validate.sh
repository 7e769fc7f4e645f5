#!/usr/bin/env bash
# Users validation benchmark: whole-process wall time of
#   ucsh -c 'utils users validate all' --node cucm-imp-1
# over one million end users split over cucm-imp-1 (cluster1) and cucm-imp-2 (cluster2),
# with planted problems, against the sqlite3 program running the same checks as GROUP BY
# queries (tests/support/users_oracle.sql) on the same two replicas, in the same run.
# Both write their report to a pipe. Before timing, the findings of the two are compared.
# Target: ucsh at most half the sqlite3 time, and under one second.
#
# USERS (default 1000000) and RUNS (default 7) change the size and the number of runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS="${USERS:-1000000}"
RUNS="${RUNS:-7}"
command -v hyperfine >/dev/null && command -v sqlite3 >/dev/null || {
  apt-get update -qq && apt-get install -y -qq hyperfine sqlite3 >/dev/null
}
cargo build --release --quiet --bin ucsh --example users_bench_data
BIN="$PWD/target/release/ucsh"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export UCSH_DATA_DIR="$WORK/lab"

echo "making the lab: $USERS users with planted problems ..."
if "$BIN" cluster import users --help >/dev/null 2>&1; then
  # The cluster database's own loading: CSV into each CM publisher, replicated from there.
  ./target/release/examples/users_bench_data --csv "$WORK" "$USERS"
  "$BIN" cluster init --no-sample-data >/dev/null
  "$BIN" cluster import users "$WORK/cluster1.csv" --cluster cluster1 >/dev/null
  "$BIN" cluster import users "$WORK/cluster2.csv" --cluster cluster2 >/dev/null
else
  # Before the cluster database: the rows written straight into every replica.
  ./target/release/examples/users_bench_data "$UCSH_DATA_DIR" "$USERS"
fi
C1="$UCSH_DATA_DIR/clusters/cluster1/nodes/cucm-imp-1/db.sqlite"
C2="$UCSH_DATA_DIR/clusters/cluster2/nodes/cucm-imp-2/db.sqlite"
{
  printf "ATTACH '%s' AS c1;\nATTACH '%s' AS c2;\n" "$C1" "$C2"
  cat tests/support/users_oracle.sql
} >"$WORK/oracle.sql"
SQLITE="sqlite3 -batch -readonly -separator | :memory: '.read $WORK/oracle.sql'"
UCSH="$BIN -c 'utils users validate all' --node cucm-imp-1"

# Same findings from both, or the timing means nothing.
sqlite3 -batch -readonly -separator '|' :memory: ".read $WORK/oracle.sql" >"$WORK/sqlite.txt"
set +e
"$BIN" --format json -c 'utils users validate all' --node cucm-imp-1 >"$WORK/ucsh.json"
code=$?
set -e
[ "$code" = 3 ] || { echo "ucsh exited $code, expected 3 (findings)"; exit 1; }
python3 - "$WORK/ucsh.json" "$WORK/sqlite.txt" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read())["result"]
lines = ["#duplicate_userids"]
lines += [f"{g['userid']}|{n}" for g in r["duplicate_userids"] for n in g["nodes"]]
lines += ["#missing_uris"] + [f"{g['node']}|{u}" for g in r["missing_uris"] for u in g["userids"]]
lines += ["#invalid_uris"] + [f"{g['node']}|{u['userid']}|{u['uri']}" for g in r["invalid_uris"] for u in g["users"]]
lines += ["#duplicate_uris"] + [f"{g['value']}|{u['node']}|{u['userid']}" for g in r["duplicate_uris"] for u in g["users"]]
want = open(sys.argv[2]).read().splitlines()
if lines != want:
    sys.exit(f"ucsh and sqlite3 disagree: {len(lines)} against {len(want)} lines")
print(f"users checked: {r['users_checked']}; findings agree with sqlite3 ({len(want)} lines): "
      f"{len(r['duplicate_userids'])} duplicate user IDs, "
      f"{sum(len(g['userids']) for g in r['missing_uris'])} missing URIs, "
      f"{sum(len(g['users']) for g in r['invalid_uris'])} invalid URIs, "
      f"{len(r['duplicate_uris'])} duplicate URIs")
PY

# -i: ucsh exits 3 because it finds the planted problems.
hyperfine -N -i --warmup 1 --runs "$RUNS" --output=pipe --export-json "$WORK/result.json" \
  -n sqlite3 "$SQLITE" -n ucsh "$UCSH" >/dev/null
python3 - "$WORK/result.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
s, u = r["sqlite3"]["median"], r["ucsh"]["median"]
print(f"sqlite3 GROUP BY queries          median {s:.3f} s ({len(r['sqlite3']['times'])} runs)")
print(f"ucsh utils users validate all     median {u:.3f} s ({len(r['ucsh']['times'])} runs)")
ratio = u / s
print(f"ratio ucsh / sqlite3: {ratio:.2f} (target <= 0.50): {'PASS' if ratio <= 0.5 else 'FAIL'}")
print(f"ucsh under one second: {'PASS' if u < 1.0 else 'FAIL'}")
PY
