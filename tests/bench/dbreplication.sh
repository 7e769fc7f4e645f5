#!/usr/bin/env bash
# Replica comparison benchmark (issue #4).
#
# A lab with two CM subscribers (three CM replicas) and a 500,000-row enduser table, 0.1%
# of whose rows (500) are silently changed on one subscriber. Measured in the same run,
# with hyperfine (no intermediate shell for ucsh, medians):
#   A. ucsh -c 'utils dbreplication status'   (compares every table of both subscribers
#      with the publisher, row by row, and writes the report)
#   B. what a user would otherwise do: sqlite3 exports the same tables of the three
#      replicas in key order and diff compares the subscribers' exports with the
#      publisher's.
# Target: A at most half of B. Then `utils dbreplication repair all` runs once and the JSON
# result shows it rewrote only the diverged rows; sqlite3 + diff confirm the replicas are
# identical afterwards. Finally the import speed: a million users into the standard lab
# (CM publisher, subscriber, IM and Presence publisher and subscriber), target 5 s.
#
# ROWS, RUNS, IMPORT_ROWS and IMPORT_RUNS can be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
cargo build --release --quiet
BIN="$PWD/target/release/ucsh"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROWS="${ROWS:-500000}"
RUNS="${RUNS:-7}"
IMPORT_ROWS="${IMPORT_ROWS:-1000000}"
IMPORT_RUNS="${IMPORT_RUNS:-3}"
DIVERGED=$((ROWS / 1000))

users_csv() { # rows file
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
nodes = ["cucm-imp-1", "cucm-imp-1b", ""]
with open(path, "w") as f:
    f.write("userid,firstname,lastname,mailid,directoryuri,node\n")
    for i in range(n):
        u = f"bulk{i:07d}"
        f.write(f"{u},First{i % 1000},Last{i % 777},{u}@corp.example,{u}@corp.example,{nodes[i % 3]}\n")
PY
}

export UCSH_DATA_DIR="$WORK/lab"
"$BIN" cluster init --no-sample-data --cm-subscribers 2 --admin-password-file <(echo 'Bench!Passw0rd1') >/dev/null
users_csv "$ROWS" "$WORK/users.csv"
"$BIN" cluster import users "$WORK/users.csv" >/dev/null
"$BIN" cluster fault diverge cucm-sub1 enduser "$DIVERGED"
NODES="$UCSH_DATA_DIR/clusters/cluster1/nodes"

# The oracle: the same tables, exported in key order by sqlite3, compared by diff.
TABLES=$(sqlite3 -readonly "$NODES/cucm-pub/db.sqlite" "select name from sqlite_schema where type='table' and name not like 'cdr\_%' escape '\' and name not like 'sqlite\_%' escape '\' order by name")
{
  echo '#!/usr/bin/env bash'
  echo 'set -u'
  echo "cd '$WORK'"
  for n in cucm-pub cucm-sub1 cucm-sub2; do
    printf "sqlite3 -readonly '%s' " "$NODES/$n/db.sqlite"
    for t in $TABLES; do printf "'select * from %s order by 1;' " "$t"; done
    echo "> $n.txt"
  done
  echo 'diff cucm-pub.txt cucm-sub1.txt > d1.txt; diff cucm-pub.txt cucm-sub2.txt > d2.txt'
  echo 'exit 0'
} > "$WORK/oracle.sh"
chmod +x "$WORK/oracle.sh"
"$WORK/oracle.sh"
echo "oracle: $(grep -c '^<' "$WORK/d1.txt") rows differ on cucm-sub1, $(grep -c '^<' "$WORK/d2.txt" || true) on cucm-sub2"
"$BIN" -c 'utils dbreplication status' | tail -2 || true

hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$WORK/status.json" \
  "$BIN -c 'utils dbreplication status'" \
  "$WORK/oracle.sh" >/dev/null

"$BIN" --format json -c 'utils dbreplication repair all' > "$WORK/repair.json"
"$WORK/oracle.sh"
python3 - "$WORK/status.json" "$WORK/repair.json" "$WORK/d1.txt" "$WORK/d2.txt" "$ROWS" "$DIVERGED" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))["results"]
ucsh, oracle = r[0]["median"], r[1]["median"]
rows, diverged = int(sys.argv[5]), int(sys.argv[6])
print(f"enduser rows: {rows}, diverged on cucm-sub1: {diverged}, replicas: 3")
print(f"utils dbreplication status      median {ucsh:.3f} s ({len(r[0]['times'])} runs)")
print(f"sqlite3 export + diff           median {oracle:.3f} s ({len(r[1]['times'])} runs)")
ratio = ucsh / oracle
print(f"ratio status / (sqlite3 + diff): {ratio:.2f} (target <= 0.50): {'PASS' if ratio <= 0.5 else 'FAIL'}")
rep = json.load(open(sys.argv[2]))
rep = rep.get("result", rep)
for n in rep["nodes"]:
    print(f"repair {n['node']}: {n['rows_fixed']} rows fixed, {n['rows_written']} rows written")
fixed = sum(n["rows_fixed"] for n in rep["nodes"])
written = sum(n["rows_written"] for n in rep["nodes"])
print(f"repair wrote only the diverged rows: {'PASS' if fixed == diverged and written == diverged else 'FAIL'}")
same = os.path.getsize(sys.argv[3]) == 0 and os.path.getsize(sys.argv[4]) == 0
print(f"sqlite3 + diff after repair: replicas identical: {'PASS' if same else 'FAIL'}")
PY

# Import speed: a million users into the standard lab, replicated to every replica, on
# IMPORT_RUNS fresh labs (the median is judged); sqlite3 checks that the four replicas'
# users are identical after each.
users_csv "$IMPORT_ROWS" "$WORK/users2.csv"
times=""
for run in $(seq "$IMPORT_RUNS"); do
  export UCSH_DATA_DIR="$WORK/lab2"
  rm -rf "$UCSH_DATA_DIR"
  "$BIN" cluster init --admin-password-file <(echo 'Bench!Passw0rd1') >/dev/null
  sync
  start=$(date +%s.%N)
  "$BIN" cluster import users "$WORK/users2.csv" >/dev/null
  end=$(date +%s.%N)
  times="$times $(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$start" "$end")"
  N2="$UCSH_DATA_DIR/clusters/cluster1/nodes"
  sums=$(for n in cucm-pub cucm-sub1 cucm-imp-1 cucm-imp-1b; do
    sqlite3 -readonly "$N2/$n/db.sqlite" 'select * from enduser order by pkid' | md5sum
  done | sort -u | wc -l)
  [ "$sums" = 1 ] || echo "import run $run: the replicas' users differ: FAIL"
done
rm -rf "$WORK/lab2"
python3 - "$IMPORT_ROWS" $times <<'PY'
import statistics, sys
n, times = int(sys.argv[1]), [float(t) for t in sys.argv[2:]]
med = statistics.median(times)
verdict = ("PASS" if med <= 5 else "FAIL") if n >= 1000000 else "not judged (fewer than 1,000,000 users)"
print(f"import of {n} users into 4 replicas: " + " ".join(f"{t:.2f}" for t in times) + " s")
print(f"import median {med:.2f} s ({len(times)} fresh labs; target for 1,000,000: <= 5.00 s): {verdict}")
PY
