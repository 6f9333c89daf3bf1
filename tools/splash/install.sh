#!/usr/bin/env bash
# Install Splash natively (no Docker) on Debian 12 (bookworm), idempotently.
#
#   sudo tools/splash/install.sh            # or as root, e.g. in CI
#
# What it does:
#   1. apt-get installs Debian's PyQt5 + QtWebKit + QtWebEngine (Splash imports
#      both) and python3-venv, unless they are already installed;
#   2. creates a venv from Debian's /usr/bin/python3 with
#      --system-site-packages (so Debian's PyQt5 is visible) at $SPLASH_VENV
#      (default /opt/splash-venv), unless a suitable one exists;
#   3. pip-installs the pinned lock tools/splash/requirements.txt (--no-deps);
#   4. patches Splash for Python 3.11 / lupa 2 (tools/splash/patch_splash.py);
#   5. checks that everything imports.
# Env: SPLASH_VENV, SPLASH_SKIP_APT=1 (packages already there, no root needed),
#      SPLASH_LUA (Lua build Splash uses, default lua52; see patch_splash.py).
# Start it afterwards with tools/splash/run.sh [PORT].
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${SPLASH_VENV:-/opt/splash-venv}"
sys_python=/usr/bin/python3
apt_packages=(
  python3-venv
  python3-pyqt5               # PyQt5 5.15.9 (QtCore/QtGui/QtNetwork/QtWidgets)
  python3-pyqt5.qtwebkit      # the "webkit" engine Splash renders with
  python3-pyqt5.qtwebengine   # splash.qtutils imports QtWebEngineWidgets unconditionally
  python3-pyqt5.qtsvg         # SVG images in rendered pages
  fonts-dejavu-core           # some font for screenshots
)

TOOL=splash
# shellcheck source=../apt.sh
. "$here/../apt.sh"
trap 'printf "\nsplash install: FAILED (exit %s) at line %s: %s\n" "$?" "$LINENO" "$BASH_COMMAND" >&2' ERR

t_start=$(date +%s)

# 1. Debian packages ---------------------------------------------------------
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  step "Debian packages already installed: ${apt_packages[*]}"
else
  apt_install SPLASH_SKIP_APT "${missing[@]}"
fi
[ -x "$sys_python" ] || die "$sys_python not found (Debian's python3)"
"$sys_python" -c 'import PyQt5.QtWebKitWidgets, PyQt5.QtWebEngineWidgets' \
  || die "Debian's $sys_python cannot import PyQt5.QtWebKitWidgets/QtWebEngineWidgets"

# 2. venv ----------------------------------------------------------------------
venv_ok=0
if [ -x "$venv/bin/python" ] && [ -f "$venv/pyvenv.cfg" ]; then
  if grep -Eq '^include-system-site-packages *= *true' "$venv/pyvenv.cfg" \
     && "$venv/bin/python" -c 'import sys, PyQt5.QtWebKit; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
    venv_ok=1
  else
    die "$venv exists but is not a Debian-python3.11 venv with --system-site-packages; remove it or set SPLASH_VENV"
  fi
fi
if [ "$venv_ok" = 1 ]; then
  step "venv $venv already exists"
else
  step "creating venv $venv ($sys_python -m venv --system-site-packages)"
  mkdir -p "$(dirname "$venv")"
  "$sys_python" -m venv --system-site-packages "$venv" || die "could not create venv at $venv"
fi

# 3. pinned Python packages ---------------------------------------------------
step "pip install --no-deps -r $here/requirements.txt"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install -q --no-deps \
  -r "$here/requirements.txt" || die "pip install failed (see above)"
# `pip check` also sees Debian's unrelated system packages (e.g. pygobject
# without pycairo), so only complain about the packages we pinned.
ours="$(sed -E -n 's/^([A-Za-z0-9_.-]+).*==.*/\1/p' "$here/requirements.txt" | tr 'A-Z_.' 'a-z--' | paste -sd'|')"
broken="$("$venv/bin/python" -m pip check 2>/dev/null | tr 'A-Z_.' 'a-z--' | grep -E "^($ours) " || true)"
[ -z "$broken" ] || die "pip check: pinned set is inconsistent:
$broken"

# 4. patches -----------------------------------------------------------------
step "patching Splash for Python 3.11 / lupa 2"
"$venv/bin/python" "$here/patch_splash.py" || die "patching Splash failed"

# 5. sanity check ------------------------------------------------------------
step "checking imports"
QT_QPA_PLATFORM=offscreen "$venv/bin/python" - <<'PY' || die "Splash does not import cleanly"
import splash, splash.server, splash.qtrender_lua, splash.lua as sl
import twisted, qt5reactor
from PyQt5.QtCore import PYQT_VERSION_STR, QT_VERSION_STR
assert sl.is_supported(), "Lua not supported"
print("splash %s, Twisted %s, PyQt %s, Qt %s, %s" % (
    splash.__version__, twisted.__version__, PYQT_VERSION_STR, QT_VERSION_STR,
    sl.get_version()))
PY

step "done in $(( $(date +%s) - t_start ))s. Start with: $here/run.sh [PORT]   (venv: $venv)"
