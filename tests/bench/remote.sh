#!/usr/bin/env bash
# `ucsh --host` against the lab served over SSH (`ucsh cluster serve`), in one run:
#  (a) `show status` on HOSTS (default 50) served nodes at once (`--parallel 16`, the
#      default) against the same on one node. The lab has 7 nodes, so the 50 hosts are its
#      nodes' addresses repeated: 50 logins, 50 sessions, the server's children doing the
#      same work as 50 nodes would. Target: at most 3x the one-node time.
#  (b) one command on one host: `ucsh --host` against OpenSSH's `ssh -tt host 'show status'`
#      (an exec on a terminal) through the same server, password logins both (sshpass).
#      Target: at most 1.2x.
# hyperfine, RUNS (default 10) runs each; PROFILE=release (default) or debug.
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v ssh >/dev/null || need+=(openssh-client)
command -v sshpass >/dev/null || need+=(sshpass)
command -v jq >/dev/null || need+=(jq)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
PROFILE="${PROFILE:-release}"
if [ "$PROFILE" = release ]; then cargo build --release --quiet --bin ucsh; else cargo build --quiet --bin ucsh; fi
UCSH="$PWD/target/$PROFILE/ucsh"
RUNS="${RUNS:-10}"
HOSTS="${HOSTS:-50}"
WORK="$(mktemp -d)"
cleanup() {
  UCSH_DATA_DIR="$WORK/lab" "$UCSH" cluster serve --stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

export UCSH_DATA_DIR="$WORK/lab"
PASS="Bench-$$-pw"
echo "$PASS" > "$WORK/pw"
"$UCSH" cluster init --no-sample-data --admin-password-file "$WORK/pw" >/dev/null
BASE=$(free_port)
# Every host at once: sessions and connections for all of them.
"$UCSH" cluster serve --port-base "$BASE" --max-sessions $((HOSTS + 8)) >/dev/null
mapfile -t PORTS < <(jq -r '.nodes[].port' "$WORK/lab/serve/serve.json")
ONE="127.0.0.1:${PORTS[0]}"
: > "$WORK/hosts"
for i in $(seq 0 $((HOSTS - 1))); do echo "127.0.0.1:${PORTS[$((i % ${#PORTS[@]}))]}" >> "$WORK/hosts"; done
KH="$WORK/known_hosts"
REMOTE=("$UCSH" --password-file "$WORK/pw" --known-hosts "$KH")
# Record the host keys once, and check every host answers.
"${REMOTE[@]}" --hosts-file "$WORK/hosts" --accept-new -c 'show status' >/dev/null 2>"$WORK/first.err" || {
  cat "$WORK/first.err"; exit 1; }

median() { jq -r ".results[$1].median * 1000" "$2"; }

echo "== (a) show status on $HOSTS served hosts (--parallel 16) vs on one, $RUNS runs each ($PROFILE build)"
hyperfine -N -w 2 -r "$RUNS" --export-json "$WORK/a.json" \
  -n one "${REMOTE[*]} --host $ONE -c 'show status'" \
  -n many "${REMOTE[*]} --hosts-file $WORK/hosts -c 'show status'" >/dev/null
ONE_MS=$(median 0 "$WORK/a.json"); MANY_MS=$(median 1 "$WORK/a.json")
printf 'one host     median %8.1f ms\n%3d hosts    median %8.1f ms\nratio %.2f (target <= 3)\n' \
  "$ONE_MS" "$HOSTS" "$MANY_MS" "$(echo "$MANY_MS / $ONE_MS" | bc -l)"
# On loopback the server does every node's work (a login's password hash, one process per
# session) on this machine's cores: ucsh's own CPU time says what the client costs.
cpu() { jq -r ".results[$1] | (.user + .system) * 1000" "$2"; }
printf 'ucsh CPU (user+system): one host %.1f ms, %d hosts %.1f ms; machine: %s cores, load %s\n' \
  "$(cpu 0 "$WORK/a.json")" "$HOSTS" "$(cpu 1 "$WORK/a.json")" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"

echo "== (b) one command on one host: ucsh --host vs ssh -tt through the same server, $RUNS runs each"
SSH="sshpass -f $WORK/pw ssh -tt -q -p ${PORTS[0]} -o UserKnownHostsFile=$KH -o StrictHostKeyChecking=yes -o PreferredAuthentications=password -o PubkeyAuthentication=no admin@127.0.0.1 'show status'"
# The ssh line runs through a shell for its quotes; so does ucsh's, to be fair.
hyperfine -w 2 -r "$RUNS" --export-json "$WORK/b.json" \
  -n ucsh "${REMOTE[*]} --host $ONE -c 'show status' </dev/null" \
  -n ssh-tt "$SSH </dev/null" >/dev/null
UCSH_MS=$(median 0 "$WORK/b.json"); SSH_MS=$(median 1 "$WORK/b.json")
printf 'ucsh --host  median %8.1f ms\nssh -tt      median %8.1f ms\nratio %.2f (target <= 1.2)\n' \
  "$UCSH_MS" "$SSH_MS" "$(echo "$UCSH_MS / $SSH_MS" | bc -l)"
