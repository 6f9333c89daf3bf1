#!/usr/bin/env bash
# Install Chromium (Debian package) + pinned playwright/scrapy-playwright, idempotently.
#
#   tools/chromium/install.sh          # as root (apt-get), e.g. in CI
#
#   1. apt-get install chromium (-> /usr/bin/chromium) unless already installed;
#   2. pip install -r tools/chromium/requirements.txt into $VENV
#      (default: the project venv, <repo>/.venv);
#   3. checks that Playwright can launch /usr/bin/chromium headless.
# It never runs `playwright install`: browser downloads are impossible here.
# Playwright must be pointed at Debian's chromium with
#   PLAYWRIGHT_LAUNCH_OPTIONS = {"executable_path": "/usr/bin/chromium", ...}
# Env: VENV (target venv), CHROMIUM_SKIP_APT=1, CHROMIUM_SKIP_CHECK=1.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${VENV:-$repo/.venv}"
chromium=/usr/bin/chromium

TOOL=chromium
# shellcheck source=../apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/../apt.sh"
trap 'printf "\nchromium install: FAILED (exit %s) at line %s: %s\n" "$?" "$LINENO" "$BASH_COMMAND" >&2' ERR

t_start=$(date +%s)

# 1. Debian chromium -----------------------------------------------------------
if dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  step "Debian package chromium already installed"
else
  apt_install CHROMIUM_SKIP_APT chromium
fi
[ -x "$chromium" ] || die "$chromium missing after install"
# Debian's /usr/bin/chromium is a wrapper script; it prints a harmless
# "[: ...: unexpected operator" line on some machines.
step "$("$chromium" --version 2>/dev/null | head -1)"

# 2. pinned Python packages into the project venv ----------------------------
[ -x "$venv/bin/python" ] || die "venv $venv not found (create the project venv first or set VENV)"
"$venv/bin/python" -c 'import scrapy' 2>/dev/null || die "Scrapy is not installed in $venv"
step "pip install -r $here/requirements.txt into $venv"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install -q -r "$here/requirements.txt" \
  || die "pip install failed (see above)"

# 3. can Playwright drive Debian's chromium? -----------------------------------
if [ "${CHROMIUM_SKIP_CHECK:-0}" != 1 ]; then
  step "launching $chromium through Playwright (headless)"
  "$venv/bin/python" - "$chromium" <<'PY' || die "Playwright could not launch $chromium"
import sys, time
from playwright.sync_api import sync_playwright
import scrapy, scrapy_playwright, playwright
from importlib.metadata import version
t0 = time.monotonic()
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=sys.argv[1], headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"])
    page = b.new_page()
    page.set_content("<p id=x></p><script>document.getElementById('x').textContent='ok'</script>")
    assert page.inner_text("#x") == "ok"
    print("Chromium %s via playwright %s, scrapy-playwright %s, Scrapy %s: OK (%.1fs)" % (
        b.version, version("playwright"), version("scrapy-playwright"), scrapy.__version__,
        time.monotonic() - t0))
    b.close()
PY
fi

step "done in $(( $(date +%s) - t_start ))s"
