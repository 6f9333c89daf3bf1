#!/usr/bin/env bash
# Install Debian's redis-server (the shared crawl frontier, crawler.frontier), idempotently.
#
#   sudo tools/redis/install.sh        # or as root, e.g. in CI
#
# Only the binary is needed: the tests start their own redis-server on a free
# loopback port in a temporary folder and stop it.  Debian's package enables a
# systemd service; on a machine without systemd (CI, containers) it does not run.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "==> redis install: $(redis-server --version | cut -d' ' -f1-3) already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "redis install: need root (or sudo) to apt-get install redis-server" >&2; exit 1; }
  SUDO=sudo
fi
echo "==> redis install: apt-get install redis-server"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server
redis-server --version
