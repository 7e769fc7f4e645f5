#!/usr/bin/env bash
# Remote syslog benchmark: ucsh forwarding 100,000 audit events over TCP to rsyslog versus
# `logger --tcp` sending the same lines, in one run. Installs rsyslog and logger if needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/setup.sh
exec cargo bench --bench remotesyslog
