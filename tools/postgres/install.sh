#!/usr/bin/env bash
# Install PostgreSQL (Debian package) for the shared-state tests, idempotently.
#
#   tools/postgres/install.sh          # as root (apt-get), e.g. in CI
#
# Only the server programs are needed: the tests start their own cluster on a
# loopback port as an unprivileged user (tests/pgserver.py), so the Debian
# service is not started or configured here.  The Python client (psycopg 3)
# is pinned in requirements.txt.  Env: POSTGRES_SKIP_APT=1.
set -euo pipefail

step() { printf '\n==> postgres install: %s\n' "$*"; }
die() { printf '\npostgres install: ERROR: %s\n' "$*" >&2; exit 1; }

find_pg_ctl() {
  ls -1 /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1
}

if [ -n "$(find_pg_ctl)" ]; then
  step "PostgreSQL already installed: $(find_pg_ctl)"
elif [ "${POSTGRES_SKIP_APT:-0}" = 1 ]; then
  die "POSTGRES_SKIP_APT=1 but PostgreSQL is not installed"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install postgresql"
    SUDO=sudo
  fi
  command -v apt-get >/dev/null || die "apt-get not found: this script targets Debian 12 (bookworm)"
  step "apt-get update"
  $SUDO apt-get update -q || die "apt-get update failed"
  step "apt-get install postgresql"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    postgresql || die "apt-get install postgresql failed"
  [ -n "$(find_pg_ctl)" ] || die "pg_ctl missing after install"
fi
command -v runuser >/dev/null || die "runuser not found (util-linux): needed to run PostgreSQL as nobody"
step "$("$(dirname "$(find_pg_ctl)")/postgres" --version)"
