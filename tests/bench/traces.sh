#!/usr/bin/env bash
# Benchmarks of the trace commands against the tools an engineer would otherwise use, all
# measured in one run on the same generated traces (release build):
#   file build log   vs  tar czf            (target: ratio <= 0.6)
#   file build log   vs  tar -I pigz        (target: ratio <= 1.1)
#   file search      vs  rg                 (target: ratio <= 1.5)
#   file search      vs  grep -r            (target: ratio <= 0.5)
#   file get upload  vs  OpenSSH sftp put   (target: throughput >= 0.8 of sftp's), on bare
#                                            loopback and through a delaying proxy
# Ratios are ucsh time / tool time (for file get: sftp time / ucsh time = relative throughput).
# ONLY=build|search|get runs one part; UCSH_BASELINE=<binary> adds another ucsh to the uploads.
# Needs root for sshd and a throwaway user. Usage: tests/bench/traces.sh [SIZE] (default 3G
# of trace text, which is more than 1 GB on disk after the rotated files' compression).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE="${1:-3G}"
RUNS="${RUNS:-3}"
export DEBIAN_FRONTEND=noninteractive
need=()
for p in pigz ripgrep hyperfine openssh-server openssh-client jq; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo build --release --quiet
UCSH="$PWD/target/release/ucsh"
WORK="$(mktemp -d /tmp/ucsh-bench.XXXXXX)"
USER_NAME="ucshbench$$"
SSHD_PID=""
PROXY_PID=""
cleanup() {
  [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null || true
  [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
  userdel "$USER_NAME" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export UCSH_DATA_DIR="$WORK/lab" UCSH_NOW="2026-11-23T10:00:00Z"
NODE=cucm-imp-1
"$UCSH" cluster init >/dev/null
echo "generating $SIZE of trace text on $NODE ..."
"$UCSH" cluster traces --days 7 --size "$SIZE" --node "$NODE"
ACTIVE="$(find "$UCSH_DATA_DIR" -type d -path "*/nodes/$NODE/activelog" | head -1)"
echo "activelog on disk: $(du -sh "$ACTIVE" | cut -f1)"

if [ -z "${ONLY:-}" ] || [ "$ONLY" = build ]; then
# ---- file build log vs tar ----
"$UCSH" --node "$NODE" -c "file build log all 7" >/dev/null
BUNDLE="$(ls "$ACTIVE"/epas/trace/log_all_*.tar.gz)"
tar -tzf "$BUNDLE" > "$WORK/list"
IN_BYTES=$(cd "$ACTIVE" && xargs -d '\n' stat -c %s < "$WORK/list" | awk '{s+=$1} END {print s}')
echo "bundle input: $(wc -l < "$WORK/list") files, $IN_BYTES bytes"
hyperfine --runs "$RUNS" --export-json "$WORK/build.json" \
  -n "ucsh file build log" "$UCSH --node $NODE -c 'file build log all 7' >/dev/null" \
  -n "tar czf" "tar czf $WORK/t.tgz -C $ACTIVE -T $WORK/list" \
  -n "tar -I pigz" "tar -I pigz -cf $WORK/p.tgz -C $ACTIVE -T $WORK/list"

fi
"$UCSH" --node "$NODE" -c "file build log all 7" >/dev/null
BUNDLE="$(ls "$ACTIVE"/epas/trace/log_all_*.tar.gz)"
if [ -z "${ONLY:-}" ] || [ "$ONLY" = search ]; then
# ---- file search vs rg and grep -r: every plain-text .log trace of the partition ----
# (grep cannot read the rotated .gz files, so all three search the same uncompressed set)
PATTERN="Error processing"
SEARCH_BYTES=$(find "$ACTIVE" -name '*.log' -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "search set: $(find "$ACTIVE" -name '*.log' -type f | wc -l) *.log files, $SEARCH_BYTES bytes"
hyperfine --runs "$RUNS" --export-json "$WORK/search.json" \
  -n "ucsh file search" "$UCSH --node $NODE -c 'file search activelog *.log \"$PATTERN\" recurs' | cat >/dev/null" \
  -n "rg" "rg -j2 --no-heading -n -g '*.log' '$PATTERN' $ACTIVE | cat >/dev/null" \
  -n "grep -r" "grep -rn --include='*.log' '$PATTERN' $ACTIVE | cat >/dev/null"
echo "matching lines: $(rg -j2 --no-heading -g '*.log' -c "$PATTERN" "$ACTIVE" | awk -F: '{s+=$NF} END {print s}'); load: $(cut -d' ' -f1-3 /proc/loadavg)"

fi
if [ -z "${ONLY:-}" ] || [ "$ONLY" = get ]; then
# ---- file get vs OpenSSH sftp put, same sshd ----
SSHD_DIR="$WORK/sshd"; mkdir -p "$SSHD_DIR" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host"
ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/client"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
HOME_DIR="$WORK/home"; mkdir -p "$HOME_DIR/.ssh"
useradd -M -d "$HOME_DIR" -s /bin/sh "$USER_NAME"
PASS="bench-$$-pw"
echo "$USER_NAME:$PASS" | chpasswd
cp "$SSHD_DIR/client.pub" "$HOME_DIR/.ssh/authorized_keys"
chown -R "$USER_NAME:$USER_NAME" "$HOME_DIR"; chmod 755 "$WORK"
cat > "$SSHD_DIR/config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $SSHD_DIR/host
PidFile $SSHD_DIR/pid
PasswordAuthentication yes
PubkeyAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowUsers $USER_NAME
Subsystem sftp internal-sftp
LogLevel ERROR
EOF
/usr/sbin/sshd -D -e -f "$SSHD_DIR/config" & SSHD_PID=$!
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
REL="${BUNDLE#"$ACTIVE"/}"
echo "upload: $REL, $(stat -c %s "$BUNDLE") bytes"
# The same uploads through a proxy that delays each direction by $DELAY_MS ms: bare
# loopback hides how well a client keeps its requests in flight (PERF-NOTES).
DELAY_MS="${DELAY_MS:-10}"
cargo build --release --quiet --example delayproxy
PROXY_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
target/release/examples/delayproxy "$PROXY_PORT" "$PORT" "$DELAY_MS" > "$WORK/proxy.out" & PROXY_PID=$!
for _ in $(seq 100); do grep -q ready "$WORK/proxy.out" 2>/dev/null && break; sleep 0.1; done
# UCSH_BASELINE=<another ucsh binary> adds it to the comparison (e.g. the previous release).
BASE="${UCSH_BASELINE:-}"
get_bench() { # name port
  local name=$1 port=$2 b
  # The first run accepts the host key; the timed runs find it known.
  for b in "$UCSH" ${BASE:+"$BASE"}; do
    printf 'y\n127.0.0.1\n%s\n%s\n%s\nwarm\nyes\n' "$port" "$USER_NAME" "$PASS" \
      | "$b" --node "$NODE" -c "file get activelog $REL" >/dev/null
  done
  printf 'y\n127.0.0.1\n%s\n%s\n%s\nucsh\n' "$port" "$USER_NAME" "$PASS" > "$WORK/answers"
  printf 'put %s sftp.tgz\n' "$BUNDLE" > "$WORK/batch"
  hyperfine --runs "$RUNS" --export-json "$WORK/$name.json" \
    -n "ucsh file get" "$UCSH --node $NODE -c 'file get activelog $REL' < $WORK/answers >/dev/null" \
    -n "sftp put" "sftp -q -b $WORK/batch -i $SSHD_DIR/client -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -P $port $USER_NAME@127.0.0.1 >/dev/null" \
    ${BASE:+-n "baseline file get" "$BASE --node $NODE -c 'file get activelog $REL' < $WORK/answers >/dev/null"}
  cmp "$BUNDLE" "$HOME_DIR/ucsh/$NODE/activelog/$REL" && cmp "$BUNDLE" "$HOME_DIR/sftp.tgz" && echo "uploads identical to the bundle"
}
get_bench get "$PORT"
[ -n "${NODELAY:-}" ] || get_bench getdelay "$PROXY_PORT"
kill "$PROXY_PID" 2>/dev/null || true
if [ -n "${PERF:-}" ]; then
  # A profile of one upload on bare loopback.
  printf 'y\n127.0.0.1\n%s\n%s\n%s\nucsh\n' "$PORT" "$USER_NAME" "$PASS" > "$WORK/answers"
  perf record -g -o "$WORK/perf.data" -- "$UCSH" --node "$NODE" -c "file get activelog $REL" < "$WORK/answers" >/dev/null
  perf report -i "$WORK/perf.data" --no-children --sort dso,symbol 2>/dev/null | grep '%' | head -25 || true
fi
fi

median() { jq -r ".results[] | select(.command==\"$2\") | .median" "$WORK/$1.json"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
echo
echo "== medians (s) and ratios, one run =="
if [ -f "$WORK/build.json" ]; then
  B=$(median build "ucsh file build log"); T=$(median build "tar czf"); P=$(median build "tar -I pigz")
  printf 'file build log %.2f | tar czf %.2f -> %s (target <= 0.6) | tar -I pigz %.2f -> %s (target <= 1.1)\n' "$B" "$T" "$(ratio "$B" "$T")" "$P" "$(ratio "$B" "$P")"
fi
if [ -f "$WORK/search.json" ]; then
  S=$(median search "ucsh file search"); R=$(median search "rg"); G=$(median search "grep -r")
  printf 'file search %.2f | rg %.2f -> %s (target <= 1.5) | grep -r %.2f -> %s (target <= 0.5)\n' "$S" "$R" "$(ratio "$S" "$R")" "$G" "$(ratio "$S" "$G")"
fi
if [ -f "$WORK/get.json" ]; then
  for g in get getdelay; do
    [ -f "$WORK/$g.json" ] || continue
    U=$(median $g "ucsh file get"); F=$(median $g "sftp put")
    where="bare loopback"; [ $g = getdelay ] && where="$DELAY_MS ms each way"
    printf 'file get %.2f | sftp put %.2f (%s) -> throughput %s of sftp (target >= 0.8)\n' "$U" "$F" "$where" "$(ratio "$F" "$U")"
    if [ -n "$BASE" ]; then
      O=$(median $g "baseline file get")
      printf '  baseline file get %.2f -> throughput %s of sftp\n' "$O" "$(ratio "$F" "$O")"
    fi
  done
fi
