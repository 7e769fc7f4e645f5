#!/usr/bin/env bash
# `ucsh cluster serve` against OpenSSH, in one run:
#  (a) time from TCP connect to the first `admin:` through serve (password login, PTY
#      shell) against an exec of `true` on a real OpenSSH sshd on 127.0.0.1 (password
#      login), both through the same client library (libssh2, tests/bench/serveclient.rs);
#      also `ssh -p P user@127.0.0.1 true` with the OpenSSH client (hyperfine) for scale.
#      Target: serve at most 1.5x the sshd exec.
#  (b) the round trip of one command (`show myself`) in an open serve session against the
#      same command run by `ucsh -c` (hyperfine).
# Needs root (sshd, a throwaway user). RUNS (default 30) logins each.
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
command -v jq >/dev/null || need+=(jq)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cargo build --release --quiet --bin ucsh --example serveclient
UCSH="$PWD/target/release/ucsh"
CLIENT="$PWD/target/release/examples/serveclient"
RUNS="${RUNS:-30}"
WORK="$(mktemp -d)"
USER_NAME="ucshbench$$"
SSHD_PID=""
cleanup() {
  UCSH_DATA_DIR="$WORK/lab" "$UCSH" cluster serve --stop >/dev/null 2>&1 || true
  [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null || true
  userdel "$USER_NAME" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---- the lab, served ----
export UCSH_DATA_DIR="$WORK/lab"
PASS="Bench-$$-pw"
echo "$PASS" > "$WORK/pw"
"$UCSH" cluster init --no-sample-data --admin-password-file "$WORK/pw" >/dev/null
BASE=$(free_port)
"$UCSH" cluster serve --port-base "$BASE" >/dev/null
SERVE_PORT=$(jq -r '.nodes[] | select(.node=="cucm-imp-1") | .port' "$WORK/lab/serve/serve.json")

# ---- OpenSSH sshd on loopback ----
SSHD_DIR="$WORK/sshd"; mkdir -p "$SSHD_DIR" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host"
ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/client"
PORT=$(free_port)
HOME_DIR="$WORK/home"; mkdir -p "$HOME_DIR/.ssh"
useradd -M -d "$HOME_DIR" -s /bin/sh "$USER_NAME"
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
LogLevel ERROR
EOF
/usr/sbin/sshd -D -e -f "$SSHD_DIR/config" 2>"$WORK/sshd.log" & SSHD_PID=$!
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done

# Warm both (page cache, first-connection costs).
"$CLIENT" login "$SERVE_PORT" admin "$PASS" 3 >/dev/null
"$CLIENT" exec "$PORT" "$USER_NAME" "$PASS" 3 true >/dev/null

echo "== (a) connect -> first admin: (serve) vs connect -> exec true (OpenSSH sshd), libssh2, $RUNS runs each"
read -r SERVE_MED SERVE_MIN SERVE_MAX _ < <("$CLIENT" login "$SERVE_PORT" admin "$PASS" "$RUNS")
read -r SSHD_MED SSHD_MIN SSHD_MAX _ < <("$CLIENT" exec "$PORT" "$USER_NAME" "$PASS" "$RUNS" true)
printf 'ucsh cluster serve, first admin:   median %8.2f ms (min %.2f, max %.2f)\n' "$SERVE_MED" "$SERVE_MIN" "$SERVE_MAX"
printf 'OpenSSH sshd, exec true            median %8.2f ms (min %.2f, max %.2f)\n' "$SSHD_MED" "$SSHD_MIN" "$SSHD_MAX"
python3 -c "import sys; r=$SERVE_MED/$SSHD_MED; print(f'ratio serve / sshd: {r:.2f} (target <= 1.50): ' + ('PASS' if r <= 1.5 else 'FAIL'))"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/ssh.json" \
  -n "ssh true" "ssh -i $SSHD_DIR/client -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p $PORT $USER_NAME@127.0.0.1 true" >/dev/null
SSH_MED=$(jq -r '.results[0].median * 1000' "$WORK/ssh.json")
printf 'OpenSSH client, ssh ... true (key) median %8.2f ms (for scale)\n' "$SSH_MED"

echo "== (b) one command's round trip: open serve session vs ucsh -c ($RUNS runs each)"
read -r RT_MED RT_MIN RT_MAX _ < <("$CLIENT" roundtrip "$SERVE_PORT" admin "$PASS" "$RUNS" "show myself")
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/c.json" \
  -n "ucsh -c" "$UCSH --node cucm-imp-1 -c 'show myself'" >/dev/null
C_MED=$(jq -r '.results[0].median * 1000' "$WORK/c.json")
printf 'serve session, show myself         median %8.2f ms (min %.2f, max %.2f)\n' "$RT_MED" "$RT_MIN" "$RT_MAX"
printf "ucsh -c 'show myself'              median %8.2f ms\n" "$C_MED"
python3 -c "print(f'ratio session / -c: {$RT_MED/$C_MED:.2f}')"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
