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

TOOL=postgres
# shellcheck source=../apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/../apt.sh"

find_pg_ctl() {
  ls -1 /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1
}

if [ -n "$(find_pg_ctl)" ]; then
  step "PostgreSQL already installed: $(find_pg_ctl)"
else
  apt_install POSTGRES_SKIP_APT postgresql
  [ -n "$(find_pg_ctl)" ] || die "pg_ctl missing after install"
fi
command -v runuser >/dev/null || die "runuser not found (util-linux): needed to run PostgreSQL as nobody"
step "$("$(dirname "$(find_pg_ctl)")/postgres" --version)"
