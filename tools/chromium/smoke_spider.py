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
import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
SPLASH_DIR = os.path.normpath(os.path.join(HERE, "..", "splash"))
sys.path.append(SPLASH_DIR)   # splashctl, scrapy_splash_compat


def _load_splash_smoke():
    # same file name as this one, so load it by path under another module name
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "splash_smoke_spider", os.path.join(SPLASH_DIR, "smoke_spider.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_splash_smoke = _load_splash_smoke()
INJECTED_MARKUP = _splash_smoke.INJECTED_MARKUP
serve_test_site = _splash_smoke.serve_test_site
recommended_settings = _splash_smoke.recommended_settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",                      # running as root (CI); no user namespaces needed
    "--disable-gpu",
    "--disable-background-networking",   # no calls home (there is no internet anyway)
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def playwright_settings(executable_path=CHROMIUM):
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
            "timeout": 30_000,           # ms to wait for the browser to start
        },
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 30_000,   # ms, page.goto
        "PLAYWRIGHT_MAX_CONTEXTS": 2,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4,
    }


def run_child(variant, splash_url, site_url, out_path):
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy_playwright.page import PageMethod

    result = {"variant": variant, "items": [], "errors": [], "log_warnings": [],
              "log_errors": [], "stats": {}}

    class Capture(logging.Handler):
        def emit(self, record):
            msg = record.getMessage()[:600]
            if record.exc_info and record.exc_info[1] is not None:
                exc, seen = record.exc_info[1], []
                while exc is not None and len(seen) < 5:
                    seen.append("%s: %s" % (type(exc).__name__, str(exc)[:300]))
                    exc = exc.__cause__ or exc.__context__
                msg += " | " + " <- ".join(seen)
            entry = "%s: %s" % (record.name, msg)
            if record.levelno >= logging.ERROR:
                result["log_errors"].append(entry)
            elif record.levelno >= logging.WARNING:
                result["log_warnings"].append(entry)

    class Base(scrapy.Spider):
        name = "chromium_smoke"
        path = "/index.html"
        selector = "#injected"
        goto_timeout = None

        def pw_request(self):
            meta = {"playwright": True,
                    "playwright_page_methods": [
                        PageMethod("wait_for_selector", self.selector, timeout=5_000
                                   if self.selector == "#injected" else 1_000)],
                    "renderer": "playwright"}
            if self.goto_timeout:
                meta["playwright_page_goto_kwargs"] = {"timeout": self.goto_timeout}
            return scrapy.Request(site_url + self.path, callback=self.parse,
                                  errback=self.errback, meta=meta)

        def splash_request(self):
            from scrapy_splash import SplashRequest
            return SplashRequest(site_url + self.path + "?via=splash", callback=self.parse,
                                 errback=self.errback, args={"wait": 0.5},
                                 meta={"renderer": "splash"})

        def parse(self, response):
            item = {"url": response.url, "status": response.status,
                    "renderer": response.meta.get("renderer"),
                    "response_class": type(response).__name__,
                    "injected_in_html": INJECTED_MARKUP in response.text}
            result["items"].append(item)
            yield item

        def errback(self, failure):
            req = failure.request
            entry = {"exception": "%s.%s" % (type(failure.value).__module__,
                                             type(failure.value).__name__),
                     "message": str(failure.value).splitlines()[0][:300] if str(failure.value) else "",
                     "request_url": req.url, "renderer": req.meta.get("renderer")}
            resp = getattr(failure.value, "response", None)
            if resp is not None:
                entry["http_status"] = resp.status
            result["errors"].append(entry)

    class AsyncSpider(Base):
        async def start(self):
            yield self.pw_request()

    class SyncSpider(Base):
        def start_requests(self):
            yield self.pw_request()

    settings = {"LOG_LEVEL": "INFO", "TELNETCONSOLE_ENABLED": False,
                "ROBOTSTXT_OBEY": False, "RETRY_TIMES": 1}
    settings.update(playwright_settings())
    spidercls = AsyncSpider
    if variant == "sync_start_requests":
        spidercls = SyncSpider
    elif variant == "coexist_splash":
        settings.update(recommended_settings(splash_url))
        from scrapy_splash_compat import AsyncStartSplashDeduplicateArgsMiddleware
        settings["SPIDER_MIDDLEWARES"] = {AsyncStartSplashDeduplicateArgsMiddleware: 100}

        class Both(Base):
            async def start(self):
                yield self.pw_request()
                yield self.splash_request()
        spidercls = Both
    elif variant == "nav_timeout":
        spidercls = type("Slow", (AsyncSpider,), {"path": "/slow", "goto_timeout": 1_000})
    elif variant == "nav_timeout_retry":
        # Playwright's TimeoutError is not in Scrapy's RETRY_EXCEPTIONS; add it
        from scrapy.settings.default_settings import RETRY_EXCEPTIONS
        settings["RETRY_EXCEPTIONS"] = list(RETRY_EXCEPTIONS) + [
            "playwright._impl._errors.TimeoutError"]
        spidercls = type("Slow", (AsyncSpider,), {"path": "/slow", "goto_timeout": 1_000})
    elif variant == "selector_timeout":
        spidercls = type("Missing", (AsyncSpider,), {"selector": "#never-there"})
    elif variant == "bad_executable":
        settings.update({k: v for k, v in playwright_settings("/nonexistent/chromium").items()
                         if k == "PLAYWRIGHT_LAUNCH_OPTIONS"})
    elif variant != "async_start":
        raise SystemExit("unknown variant %s" % variant)

    warnings.simplefilter("default")
    process = CrawlerProcess(settings, install_root_handler=True)
    logging.getLogger().addHandler(Capture(level=logging.WARNING))
    crawler = process.create_crawler(spidercls)
    t0 = time.monotonic()
    d = process.crawl(crawler)
    d.addErrback(lambda f: result["log_errors"].append(
        "crawl deferred failed: %s: %s" % (type(f.value).__name__, str(f.value)[:300])))
    process.start()
    result["seconds"] = round(time.monotonic() - t0, 2)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    result["stats"] = {k: v for k, v in stats.items()
                       if k.startswith(("playwright/", "splash/", "downloader/response_status_count",
                                        "retry/", "downloader/exception_type_count",
                                        "item_scraped_count", "finish_reason", "log_count/"))}
    with open(out_path, "w") as f:
        json.dump(result, f, indent=1, default=str)


def _ok(n):
    def check(r):
        items = r["items"]
        if len(items) != n or not all(i["injected_in_html"] for i in items):
            return "expected %d item(s) with the JS-injected markup, got %r" % (n, items)
        if r["errors"]:
            return "unexpected errback calls %r" % r["errors"]
        return None
    return check


def _coexist(r):
    problem = _ok(2)(r)
    if problem:
        return problem
    if sorted(i["renderer"] for i in r["items"]) != ["playwright", "splash"]:
        return "expected one playwright and one splash item, got %r" % r["items"]
    return None


def _timeout_err(r):
    if r["items"] or not r["errors"]:
        return "expected the errback, got items=%r errors=%r" % (r["items"], r["errors"])
    if "TimeoutError" not in r["errors"][0]["exception"]:
        return "expected a Playwright TimeoutError, got %r" % r["errors"][0]
    return None


def _timeout_no_retry(r):
    return _timeout_err(r) or (
        "expected no retry by default, stats %r" % r["stats"] if r["stats"].get("retry/count") else None)


def _timeout_retried(r):
    return _timeout_err(r) or (
        None if r["stats"].get("retry/count") == 1 else "expected 1 retry, stats %r" % r["stats"])


def _bad_exe(r):
    if r["items"]:
        return "crawl with a missing browser produced items?"
    if not (r["errors"] or r["log_errors"]):
        return "a missing browser executable produced neither errback nor error log"
    return None


EXPECTED = {
    "async_start": _ok(1),
    "sync_start_requests": _ok(1),
    "coexist_splash": _coexist,
    "nav_timeout": _timeout_no_retry,
    "nav_timeout_retry": _timeout_retried,
    "selector_timeout": _timeout_err,
    "bad_executable": _bad_exe,
}


def main():
    ap = argparse.ArgumentParser(description="scrapy-playwright + Debian chromium smoke test")
    ap.add_argument("--splash-url", default=os.environ.get("SPLASH_URL", "http://127.0.0.1:8050"))
    ap.add_argument("--only", nargs="*", choices=sorted(EXPECTED))
    ap.add_argument("--json", help="write all results to this file")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--site-url", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        run_child(a.child, a.splash_url, a.site_url, a.out)
        return 0
    if not os.path.exists(CHROMIUM):
        print("%s not found: run tools/chromium/install.sh" % CHROMIUM, file=sys.stderr)
        return 2
    import splashctl
    site, site_url = serve_test_site()
    results, failures, skipped = [], [], 0
    try:
        for variant in a.only or list(EXPECTED):
            if variant == "coexist_splash" and not splashctl.ping(a.splash_url):
                print("%-20s SKIP (no Splash at %s; start tools/splash/run.sh)" % (variant, a.splash_url))
                skipped += 1
                continue
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tf:
                out = tf.name
            cmd = [sys.executable, os.path.abspath(__file__), "--child", variant,
                   "--splash-url", a.splash_url, "--site-url", site_url, "--out", out]
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
            try:
                with open(out) as f:
                    r = json.load(f)
            except (OSError, ValueError):
                r = {"variant": variant, "items": [], "errors": [], "log_warnings": [],
                     "log_errors": ["child exited %s: %s" % (p.returncode, p.stderr[-2000:])],
                     "stats": {}}
            finally:
                if os.path.exists(out):
                    os.unlink(out)
            problem = EXPECTED[variant](r)
            r["check"] = problem or "as expected"
            results.append(r)
            if problem:
                failures.append(variant)
            print("%-20s %-4s %5.1fs items=%d errback=%s warnings=%d errors=%d  %s" % (
                variant, "OK" if not problem else "FAIL", r.get("seconds", 0), len(r["items"]),
                [e["exception"].rsplit(".", 1)[-1] for e in r["errors"]],
                len(r["log_warnings"]), len(r["log_errors"]), problem or ""))
            if a.verbose or problem:
                for e in r["errors"]:
                    print("    ERRBACK %s" % json.dumps(e)[:400])
                for w in sorted(set(r["log_warnings"])):
                    print("    WARNING %s" % w[:400])
                for e in r["log_errors"][:4]:
                    print("    ERROR   %s" % e[:400])
                print("    stats: %s" % json.dumps(r["stats"], sort_keys=True))
    finally:
        site.shutdown()
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1, default=str)
    print("%d passed, %d failed, %d skipped" % (len(results) - len(failures), len(failures), skipped))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
