#!/usr/bin/env bash
# Install Debian's redis-server (the shared crawl frontier, crawler.frontier), idempotently.
#
#   sudo tools/redis/install.sh        # or as root, e.g. in CI
#
# Only the binary is needed: the tests start their own redis-server on a free
# loopback port in a temporary folder and stop it.  Debian's package enables a
# systemd service; on a machine without systemd (CI, containers) it does not run.
# Env: REDIS_SKIP_APT=1 (fail rather than apt-get install).
set -euo pipefail
TOOL=redis
# shellcheck source=../apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/../apt.sh"
if command -v redis-server >/dev/null 2>&1; then
  step "$(redis-server --version | cut -d' ' -f1-3) already installed"
  exit 0
fi
apt_install REDIS_SKIP_APT redis-server
redis-server --version
