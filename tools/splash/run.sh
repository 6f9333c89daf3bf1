#!/usr/bin/env bash
# Start native Splash in the background on 127.0.0.1:PORT and wait for /_ping.
#   tools/splash/run.sh [PORT]          start (default 8050), prints SPLASH_URL=...
#   tools/splash/run.sh stop [PORT]     stop the Splash started by run.sh on PORT
#   tools/splash/run.sh status [PORT]   exit 0 if /_ping answers
# Env: SPLASH_VENV (default /opt/splash-venv), SPLASH_RUN_DIR (pid/log files,
# default /tmp/splash-run), SPLASH_ARGS (extra splash.server arguments).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${SPLASH_VENV:-/opt/splash-venv}"
py="$venv/bin/python"
[ -x "$py" ] || py=python3
action=start
case "${1:-}" in
  start|stop|status|restart) action="$1"; shift ;;
esac
port="${1:-${SPLASH_PORT:-8050}}"
exec "$py" "$here/splashctl.py" "$action" --port "$port" --venv "$venv"
