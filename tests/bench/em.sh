#!/usr/bin/env bash
# Extension Mobility benchmark (issue #17).
#
# A lab grown to 40,000 generated users in cluster1 (10,000 shared EM-enabled desk phones).
# Measured in the same run, with hyperfine (medians):
#   A. the lab command, as administrators log users in and out in bulk: one
#      `ucsh cluster em login --from-file` of 10,000 logins (user n onto the desk phone of
#      user 4n), then one `ucsh cluster em logout --from-file` of the same phones. Each
#      request goes through the EM service's checks (service parameters, PIN digest, device,
#      profile, multiple logins), is written to extensionmobilitydynamic on the publisher,
#      replicated, traced and counted.
#   B. what an administrator would otherwise do: `run sql` inserting the same 10,000
#      extensionmobilitydynamic rows (one insert ... select over enduser and device), then
#      deleting them; replicated the same way.
# Target: A at most 2x B. Then the rows A leaves after its logins are compared with B's
# (same devices, users and profiles).
#
# RUNS and BIN (a ucsh binary; default: a release build) can be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN="$PWD/target/release/ucsh"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
RUNS="${RUNS:-5}"
N=10000

export UCSH_DATA_DIR="$WORK/lab"
"$BIN" cluster init --users 0 --admin-password-file <(echo 'Bench!Passw0rd1') >/dev/null
"$BIN" cluster grow --users $((4 * N))

python3 - "$N" "$WORK" <<'PY'
import sys
n, work = int(sys.argv[1]), sys.argv[2]
with open(f"{work}/logins.csv", "w") as a, open(f"{work}/logouts.csv", "w") as b:
    a.write("userid,pin,device\n")
    b.write("device\n")
    for k in range(1, n + 1):
        phone = "SEP0B01%08X" % (4 * k)
        a.write(f"em1u{k:06d},12345,{phone}\n")
        b.write(f"{phone}\n")
PY

SELECT="from enduser u, device p, device d where u.userid >= 'em1u000001' and u.userid <= 'em1u$(printf %06d $N)' \
and p.name = u.userid || '_UDP' and d.name = 'SEP0B01' || printf('%08X', 4 * cast(substr(u.userid, 5) as integer))"
cat > "$WORK/a.sh" <<SH
#!/usr/bin/env bash
"$BIN" cluster em login --from-file "$WORK/logins.csv" >/dev/null
"$BIN" cluster em logout --from-file "$WORK/logouts.csv" >/dev/null
SH
cat > "$WORK/b.sh" <<SH
#!/usr/bin/env bash
"$BIN" -c "run sql insert into extensionmobilitydynamic (pkid, fkdevice, fkdevice_currentloginprofile, fkenduser, logintime, loginduration) select 'bench-' || u.pkid, d.pkid, p.pkid, u.pkid, '2026-11-23 10:00:00', 0 $SELECT" >/dev/null
"$BIN" -c "run sql delete from extensionmobilitydynamic where pkid like 'bench-%'" >/dev/null
SH
chmod +x "$WORK/a.sh" "$WORK/b.sh"

# The rows each leaves after its logins: the same (device, profile, user).
DB="$UCSH_DATA_DIR/clusters/cluster1/nodes/cucm-sub1/db.sqlite"
ROWS="select fkdevice, fkdevice_currentloginprofile, fkenduser from extensionmobilitydynamic where logintime is not null and fkenduser in (select pkid from enduser where userid like 'em1u%') order by 1"
"$BIN" cluster em login --from-file "$WORK/logins.csv" | head -1
sqlite3 -readonly "$DB" "$ROWS" > "$WORK/a.rows"
"$BIN" cluster em logout --from-file "$WORK/logouts.csv" >/dev/null
head -2 "$WORK/b.sh" | tail -1 | bash
sqlite3 -readonly "$DB" "$ROWS" > "$WORK/b.rows"
"$BIN" -c "run sql delete from extensionmobilitydynamic where pkid like 'bench-%'" >/dev/null
cmp -s "$WORK/a.rows" "$WORK/b.rows" && echo "same rows: $(wc -l < "$WORK/a.rows") logins on the subscriber" \
  || { echo "the lab command's rows differ from run sql's"; exit 1; }

hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$WORK/em.json" \
  -n "ucsh cluster em login+logout --from-file ($N)" "$WORK/a.sh" \
  -n "run sql insert+delete ($N rows)" "$WORK/b.sh" >/dev/null

python3 - "$WORK/em.json" "$N" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
a, b = r[0]["median"], r[1]["median"]
n = int(sys.argv[2])
print(f"A lab command, {n} logins + {n} logouts: median {a:.3f} s ({2 * n / a:,.0f} requests/s)")
print(f"B run sql, the same rows inserted + deleted: median {b:.3f} s")
print(f"ratio A/B = {a / b:.2f} (target <= 2.0): {'OK' if a / b <= 2.0 else 'ABOVE TARGET'}")
PY
"$BIN" -c 'utils diagnose module em_profiles' | grep -E '^test' || true
