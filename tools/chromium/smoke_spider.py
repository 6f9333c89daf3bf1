#!/usr/bin/env python3
"""Smoke test: scrapy-playwright + Debian's /usr/bin/chromium on this Scrapy.

Run with the project venv after tools/chromium/install.sh:

    .venv/bin/python tools/chromium/smoke_spider.py           # all scenarios
    .venv/bin/python tools/chromium/smoke_spider.py -v --only coexist_splash

Serves the same JS test page as tools/splash/smoke_spider.py (text injected by
an inline ES5 script after DOMContentLoaded + setTimeout) on 127.0.0.1 and runs
one crawl per scenario in its own subprocess.  Exit 0 = every scenario behaved
as recorded in EXPECTED.  No browser download: Playwright launches Debian's
chromium via PLAYWRIGHT_LAUNCH_OPTIONS["executable_path"].

Scenarios:
  async_start         `async def start()` + playwright meta: JS text rendered
  sync_start_requests start_requests(): rendered (deprecation warning only)
  coexist_splash      scrapy-splash + scrapy-playwright in ONE settings dict
                      and process (asyncio reactor): both render.  Skipped
                      when Splash does not answer at --splash-url.
  nav_timeout         page.goto timeout (1 s) on a page that answers after 5 s
  nav_timeout_retry   same with playwright's TimeoutError added to RETRY_EXCEPTIONS
                      (by default it is NOT retried)
  selector_timeout    PageMethod wait_for_selector on a missing element (1 s)
  bad_executable      executable_path points nowhere: how the launch fails
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.settings.default_settings import RETRY_EXCEPTIONS
from scrapy_playwright.page import PageMethod

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

HERE = Path(__file__).resolve().parent
SPLASH_DIR = HERE.parent / "splash"
sys.path.append(str(SPLASH_DIR))  # splashctl, scrapy_splash_compat

import splashctl  # noqa: E402  (stdlib-only sibling in SPLASH_DIR, on sys.path just above)

Result = dict[str, Any]
Check = Callable[[Result], str | None]


def _load_splash_smoke() -> ModuleType:
    # same file name as this one, so load it by path under another module name
    spec = importlib.util.spec_from_file_location(
        "splash_smoke_spider", SPLASH_DIR / "smoke_spider.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_splash_smoke = _load_splash_smoke()
INJECTED_MARKUP = _splash_smoke.INJECTED_MARKUP
serve_test_site = _splash_smoke.serve_test_site
recommended_settings = _splash_smoke.recommended_settings
run_scenario = _splash_smoke.run_scenario
report = _splash_smoke.report

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # running as root (CI); no user namespaces needed
    "--disable-gpu",
    "--disable-background-networking",  # no calls home (there is no internet anyway)
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def playwright_settings(executable_path: str = CHROMIUM) -> dict[str, Any]:
    return {
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
            "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        },
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": executable_path,
            "args": list(CHROMIUM_ARGS),
            "headless": True,
            "timeout": 30_000,  # ms to wait for the browser to start
        },
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 30_000,  # ms, page.goto
        "PLAYWRIGHT_MAX_CONTEXTS": 2,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4,
    }


def _spiders(site_url: str, result: Result) -> dict[str, type[scrapy.Spider]]:
    """The spider classes of the scenarios; their callbacks record into result."""

    class Base(scrapy.Spider):
        name = "chromium_smoke"
        path = "/index.html"
        selector = "#injected"
        goto_timeout = None

        def pw_request(self) -> scrapy.Request:
            meta = {
                "playwright": True,
                "playwright_page_methods": [
                    PageMethod(
                        "wait_for_selector",
                        self.selector,
                        timeout=5_000 if self.selector == "#injected" else 1_000,
                    )
                ],
                "renderer": "playwright",
            }
            if self.goto_timeout:
                meta["playwright_page_goto_kwargs"] = {"timeout": self.goto_timeout}
            return scrapy.Request(
                site_url + self.path, callback=self.parse, errback=self.errback, meta=meta
            )

        def splash_request(self) -> scrapy.Request:
            # only the coexist_splash scenario uses scrapy-splash, which warns
            # (ScrapyDeprecationWarning) on import: keep it out of the other crawls
            from scrapy_splash import SplashRequest  # noqa: PLC0415

            return SplashRequest(
                site_url + self.path + "?via=splash",
                callback=self.parse,
                errback=self.errback,
                args={"wait": 0.5},
                meta={"renderer": "splash"},
            )

        def parse(self, response: Response) -> Iterator[dict[str, Any]]:
            item = {
                "url": response.url,
                "status": response.status,
                "renderer": response.meta.get("renderer"),
                "response_class": type(response).__name__,
                "injected_in_html": INJECTED_MARKUP in response.text,
            }
            result["items"].append(item)
            yield item

        def errback(self, failure: Failure) -> None:
            req = failure.request
            exc_type = type(failure.value)
            message = str(failure.value)
            entry = {
                "exception": f"{exc_type.__module__}.{exc_type.__name__}",
                "message": message.splitlines()[0][:300] if message else "",
                "request_url": req.url,
                "renderer": req.meta.get("renderer"),
            }
            resp = getattr(failure.value, "response", None)
            if resp is not None:
                entry["http_status"] = resp.status
            result["errors"].append(entry)

    class AsyncSpider(Base):
        async def start(self) -> AsyncIterator[scrapy.Request]:
            yield self.pw_request()

    class SyncSpider(Base):
        def start_requests(self) -> Iterator[scrapy.Request]:
            yield self.pw_request()

    class Both(Base):
        async def start(self) -> AsyncIterator[scrapy.Request]:
            yield self.pw_request()
            yield self.splash_request()

    return {"async": AsyncSpider, "sync": SyncSpider, "both": Both}


def run_child(variant: str, splash_url: str, site_url: str, out_path: str) -> None:
    result = _splash_smoke.new_result(variant)
    spiders = _spiders(site_url, result)

    settings: dict[str, Any] = {
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "RETRY_TIMES": 1,
    }
    settings.update(playwright_settings())
    spidercls = spiders["async"]
    if variant == "sync_start_requests":
        spidercls = spiders["sync"]
    elif variant == "coexist_splash":
        settings.update(recommended_settings(splash_url))
        # imports scrapy_splash (see splash_request)
        from scrapy_splash_compat import (  # noqa: PLC0415
            AsyncStartSplashDeduplicateArgsMiddleware,
        )

        settings["SPIDER_MIDDLEWARES"] = {AsyncStartSplashDeduplicateArgsMiddleware: 100}
        spidercls = spiders["both"]
    elif variant == "nav_timeout":
        spidercls = type("Slow", (spiders["async"],), {"path": "/slow", "goto_timeout": 1_000})
    elif variant == "nav_timeout_retry":
        # Playwright's TimeoutError is not in Scrapy's RETRY_EXCEPTIONS; add it
        settings["RETRY_EXCEPTIONS"] = [*RETRY_EXCEPTIONS, "playwright._impl._errors.TimeoutError"]
        spidercls = type("Slow", (spiders["async"],), {"path": "/slow", "goto_timeout": 1_000})
    elif variant == "selector_timeout":
        spidercls = type("Missing", (spiders["async"],), {"selector": "#never-there"})
    elif variant == "bad_executable":
        settings.update(
            {
                k: v
                for k, v in playwright_settings("/nonexistent/chromium").items()
                if k == "PLAYWRIGHT_LAUNCH_OPTIONS"
            }
        )
    elif variant != "async_start":
        raise SystemExit(f"unknown variant {variant}")

    _splash_smoke.crawl(
        settings,
        spidercls,
        result,
        (
            "playwright/",
            "splash/",
            "downloader/response_status_count",
            "retry/",
            "downloader/exception_type_count",
            "item_scraped_count",
            "finish_reason",
            "log_count/",
        ),
        out_path,
    )


def _ok(n: int) -> Check:
    def check(r: Result) -> str | None:
        items = r["items"]
        if len(items) != n or not all(i["injected_in_html"] for i in items):
            return f"expected {n} item(s) with the JS-injected markup, got {items!r}"
        if r["errors"]:
            return f"unexpected errback calls {r['errors']!r}"
        return None

    return check


def _coexist(r: Result) -> str | None:
    problem = _ok(2)(r)
    if problem:
        return problem
    if sorted(i["renderer"] for i in r["items"]) != ["playwright", "splash"]:
        return f"expected one playwright and one splash item, got {r['items']!r}"
    return None


def _timeout_err(r: Result) -> str | None:
    if r["items"] or not r["errors"]:
        return f"expected the errback, got items={r['items']!r} errors={r['errors']!r}"
    if "TimeoutError" not in r["errors"][0]["exception"]:
        return f"expected a Playwright TimeoutError, got {r['errors'][0]!r}"
    return None


def _timeout_no_retry(r: Result) -> str | None:
    retried = r["stats"].get("retry/count")
    return _timeout_err(r) or (
        f"expected no retry by default, stats {r['stats']!r}" if retried else None
    )


def _timeout_retried(r: Result) -> str | None:
    retried = r["stats"].get("retry/count")
    return _timeout_err(r) or (None if retried == 1 else f"expected 1 retry, stats {r['stats']!r}")


def _bad_exe(r: Result) -> str | None:
    if r["items"]:
        return "crawl with a missing browser produced items?"
    if not (r["errors"] or r["log_errors"]):
        return "a missing browser executable produced neither errback nor error log"
    return None


EXPECTED: dict[str, Check] = {
    "async_start": _ok(1),
    "sync_start_requests": _ok(1),
    "coexist_splash": _coexist,
    "nav_timeout": _timeout_no_retry,
    "nav_timeout_retry": _timeout_retried,
    "selector_timeout": _timeout_err,
    "bad_executable": _bad_exe,
}


def _parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="scrapy-playwright + Debian chromium smoke test")
    ap.add_argument("--splash-url", default=os.environ.get("SPLASH_URL", "http://127.0.0.1:8050"))
    ap.add_argument("--only", nargs="*", choices=sorted(EXPECTED))
    ap.add_argument("--json", help="write all results to this file")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--site-url", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    return ap.parse_args()


def main() -> int:
    a = _parse_args()
    if a.child:
        run_child(a.child, a.splash_url, a.site_url, a.out)
        return 0
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: run tools/chromium/install.sh", file=sys.stderr)
        return 2
    site, site_url = serve_test_site()
    results: list[Result] = []
    failures: list[str] = []
    skipped = 0
    try:
        for variant in a.only or list(EXPECTED):
            if variant == "coexist_splash" and not splashctl.ping(a.splash_url):
                print(
                    f"{variant:<20} SKIP (no Splash at {a.splash_url}; start tools/splash/run.sh)"
                )
                skipped += 1
                continue
            r = run_scenario(Path(__file__).resolve(), variant, a.splash_url, site_url)
            problem = EXPECTED[variant](r)
            r["check"] = problem or "as expected"
            results.append(r)
            if problem:
                failures.append(variant)
            report(variant, r, problem, a.verbose)
    finally:
        site.shutdown()
    if a.json:
        with Path(a.json).open("w") as f:
            json.dump(results, f, indent=1, default=str)
    print(f"{len(results) - len(failures)} passed, {len(failures)} failed, {skipped} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
