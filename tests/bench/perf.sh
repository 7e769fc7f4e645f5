#!/usr/bin/env bash
# show perf benchmark: whole-process wall time of
#   ucsh -c 'show perf query class Process' --node cucm-pub
# on a node that really runs 60 services (the standard lab's cucm-pub runs 55; five of its
# deactivated feature services are activated with `utils service activate`, as an
# administrator would), against `show status` on the same node, in the same run (release
# build, hyperfine). Before timing, the service count and the Process instances are checked:
# one instance per running service plus the platform's own processes.
# Target: show perf query class Process at most 2x show status.
#
# RUNS (default 30) changes the number of runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${RUNS:-30}"
export DEBIAN_FRONTEND=noninteractive
need=()
for p in hyperfine jq; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo build --release --quiet --bin ucsh
UCSH="$PWD/target/release/ucsh"
WORK="$(mktemp -d /tmp/ucsh-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export UCSH_DATA_DIR="$WORK/lab" UCSH_NOW="2026-11-23T10:00:00Z"
NODE=cucm-pub
"$UCSH" cluster init >/dev/null
for s in "Cisco Serviceability Reporter" "Cisco Messaging Interface" "Cisco Extended Functions" \
  "Cisco DHCP Monitor Service" "Cisco Intercluster Lookup Service"; do
  "$UCSH" --node "$NODE" -c "utils service activate $s" >/dev/null
done
running=$("$UCSH" --node "$NODE" --format json -c 'utils service list' |
  jq '[.result.services[] | select(.state == "started")] | length')
instances=$("$UCSH" --node "$NODE" --format json -c 'show perf query class Process' |
  jq '[.result.classes[0].values[] | select(.counter == "PID")] | length')
echo "$NODE: $running services running, $instances Process instances"
[ "$running" = 60 ] || { echo "expected 60 running services"; exit 1; }
[ "$instances" -gt "$running" ] || { echo "expected a Process instance per running service"; exit 1; }

hyperfine --warmup 3 --runs "$RUNS" --export-json "$WORK/perf.json" \
  -n "show perf query class Process" "$UCSH --node $NODE -c 'show perf query class Process' >/dev/null" \
  -n "show status" "$UCSH --node $NODE -c 'show status' >/dev/null"

median() { jq -r ".results[] | select(.command==\"$1\") | .median" "$WORK/perf.json"; }
P=$(median "show perf query class Process")
S=$(median "show status")
echo "== medians (s) and ratio, one run =="
python3 - "$P" "$S" <<'PY'
import sys
p, s = float(sys.argv[1]), float(sys.argv[2])
print(f"show perf query class Process: {p * 1000:.2f} ms")
print(f"show status:                   {s * 1000:.2f} ms")
ratio = p / s
print(f"ratio perf/status: {ratio:.2f} (target <= 2.0) {'OK' if ratio <= 2.0 else 'ABOVE TARGET'}")
PY
