# Shared by the tools/*/install.sh scripts (sourced, not run): their messages and
# the one way they apt-get install Debian packages.  The caller sets TOOL first.
# shellcheck shell=bash

step() { printf '\n==> %s install: %s\n' "$TOOL" "$*"; }
die() { printf '\n%s install: ERROR: %s\n' "$TOOL" "$*" >&2; exit 1; }

# apt_install SKIP_VAR PACKAGE...: install the packages as root (or with sudo);
# with SKIP_VAR=1 in the environment, fail instead (the packages were to be there).
apt_install() {
  local skip=$1 sudo=""
  shift
  [ "${!skip:-0}" = 1 ] && die "$skip=1 but these Debian packages are missing: $*"
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install: $*"
    sudo=sudo
  fi
  command -v apt-get >/dev/null || die "apt-get not found: this script targets Debian 12 (bookworm)"
  step "apt-get update"
  $sudo apt-get update -q || die "apt-get update failed"
  step "apt-get install $*"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" \
    || die "apt-get install failed for: $*"
}
