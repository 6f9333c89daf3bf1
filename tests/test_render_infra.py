"""Smoke tests for the JS-rendering infrastructure in tools/splash and tools/chromium.

They need the renderers installed (tools/splash/install.sh, tools/chromium/install.sh,
both run by bin/test) and fail when they are not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.renderers import load_tool

ROOT = Path(__file__).resolve().parents[1]
SPLASH_DIR = ROOT / "tools" / "splash"
CHROMIUM_DIR = ROOT / "tools" / "chromium"
sys.path.insert(0, str(SPLASH_DIR))

import splashctl  # noqa: E402

SPLASH_VENV = os.environ.get("SPLASH_VENV", "/opt/splash-venv")
SPLASH_PYTHON = Path(SPLASH_VENV, "bin", "python")


def _need(ok: bool, why: str) -> None:
    # A missing renderer is a failure, never a skip: bin/test installs both.
    if not ok:
        pytest.fail(why)


def _load_smoke() -> ModuleType:
    return load_tool("tools/splash/smoke_spider.py", "splash_smoke_spider")


@pytest.fixture(scope="module")
def splash(tmp_path_factory: pytest.TempPathFactory) -> Iterator[splashctl.SplashServer]:
    _need(SPLASH_PYTHON.exists(), f"Splash venv {SPLASH_VENV} missing: run tools/splash/install.sh")
    port = _load_smoke().free_port()
    srv = splashctl.SplashServer(
        port=port, venv=SPLASH_VENV, run_dir=str(tmp_path_factory.mktemp("splash-run"))
    )
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server, url = _load_smoke().serve_test_site()
    yield url
    server.shutdown()


def _get(url: str, data: bytes | None = None, timeout: float = 60) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"} if data else {}
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def test_splash_render_html_runs_page_js(splash: splashctl.SplashServer, site: str) -> None:
    smoke = _load_smoke()
    q = urllib.parse.urlencode({"url": site + "/index.html", "wait": 0.5})
    status, body = _get(splash.url + "/render.html?" + q)
    assert status == 200
    assert smoke.INJECTED_MARKUP in body


def test_splash_execute_lua(splash: splashctl.SplashServer, site: str) -> None:
    smoke = _load_smoke()
    payload = json.dumps({"lua_source": smoke.LUA_SCRIPT, "url": site + "/index.html", "wait": 0.5})
    status, body = _get(splash.url + "/execute", data=payload.encode())
    assert status == 200, body
    data = json.loads(body)
    assert data["injected"] == smoke.INJECTED
    assert smoke.INJECTED_MARKUP in data["html"]


def test_splash_render_timeout_is_504(splash: splashctl.SplashServer, site: str) -> None:
    q = urllib.parse.urlencode({"url": site + "/slow", "timeout": 1})
    status, body = _get(splash.url + "/render.html?" + q)
    assert status == 504
    assert json.loads(body)["type"] == "GlobalTimeoutError"


def test_scrapy_splash_spiders(splash: splashctl.SplashServer) -> None:
    p = subprocess.run(
        [
            sys.executable,
            str(SPLASH_DIR / "smoke_spider.py"),
            "--splash-url",
            splash.url,
            "--only",
            "sync_start_requests",
            "async_start",
            "async_start_shim",
            "execute_lua",
            "recommended_settings",
            "splash_down",
            "render_timeout",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=str(ROOT),
        check=False,
    )
    assert p.returncode == 0, p.stdout + p.stderr[-3000:]


def test_scrapy_playwright_with_debian_chromium(request: pytest.FixtureRequest) -> None:
    _need(
        Path("/usr/bin/chromium").exists(),
        "/usr/bin/chromium missing: run tools/chromium/install.sh",
    )
    try:
        # a missing scrapy-playwright fails this test, not the collection of the module
        import scrapy_playwright  # noqa: F401, PLC0415
    except ImportError:
        _need(False, "scrapy-playwright missing: run tools/chromium/install.sh")
    scenarios = ["async_start", "nav_timeout"]
    splash_url = "http://127.0.0.1:9"
    if SPLASH_PYTHON.exists():
        splash_url = request.getfixturevalue("splash").url
        scenarios.append("coexist_splash")  # scrapy-splash + scrapy-playwright in one process
    p = subprocess.run(
        [
            sys.executable,
            str(CHROMIUM_DIR / "smoke_spider.py"),
            "--splash-url",
            splash_url,
            "--only",
            *scenarios,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=str(ROOT),
        check=False,
    )
    assert p.returncode == 0, p.stdout + p.stderr[-3000:]
    assert "SKIP" not in p.stdout, p.stdout
