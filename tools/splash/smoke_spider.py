#!/usr/bin/env python3
"""Smoke test: scrapy-splash against a real (native) Splash, on this Scrapy.

Run with the project venv (Scrapy 2.13.x + scrapy-splash 0.11.1):

    .venv/bin/python tools/splash/smoke_spider.py --start-splash
    .venv/bin/python tools/splash/smoke_spider.py --splash-url http://127.0.0.1:8050 -v

It serves a tiny page on 127.0.0.1 whose text is injected by an inline ES5
script (DOMContentLoaded + setTimeout), then runs one crawl per scenario, each
in its own subprocess (a Twisted reactor cannot be restarted), and checks the
outcome each scenario is expected to have on Scrapy 2.13.4 + scrapy-splash
0.11.1.  Exit status 0 = every scenario behaved as recorded in EXPECTED; the
table printed at the end (and --json FILE) says what happened, which
warnings were logged and which errors the errback saw.

Scenarios (see EXPECTED for the recorded outcome):
  sync_start_requests   spider with only start_requests(): works
  async_start           spider with only `async def start()`: FAILS on 2.13
                        because SplashDeduplicateArgsMiddleware only defines
                        process_start_requests() (Scrapy raises ValueError)
  async_start_shim      async start() + AsyncStartSplashDeduplicateArgsMiddleware
                        (scrapy_splash_compat.py, adds process_start()): works
  both_start_methods    start() and start_requests() defined: works (Scrapy
                        uses start_requests() because of the old middleware)
  execute_lua           SplashRequest(endpoint="execute", lua_source=...)
  recommended_settings  0.11 README settings (REQUEST_FINGERPRINTER_CLASS
                        instead of the deprecated dupefilter/cache storage),
                        async start() + the compat middleware, HTTP cache on,
                        duplicate SplashRequest filtered, other args not
  select_reactor        same as sync_start_requests on the non-asyncio
                        (EPoll) reactor: scrapy-splash needs no reactor
  splash_down           SPLASH_URL points at a closed port
  render_timeout        Splash gives up (timeout=1 on a slow page): HTTP 504
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy
from scrapy.crawler import CrawlerProcess

if TYPE_CHECKING:
    from scrapy.http import Response
    from twisted.python.failure import Failure

# One scenario's outcome, as written by the child to its --out JSON file.
Result = dict[str, Any]
SpiderClasses = dict[str, type[scrapy.Spider]]

HERE = Path(__file__).resolve().parent
INJECTED = "INJECTED-BY-JS"
# text as it appears only after the script ran (the script source contains INJECTED too)
INJECTED_MARKUP = f'<p id="injected">{INJECTED}</p>'

TEST_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>js render test</title></head>
<body><div id="root">static text</div>
<script>
document.addEventListener('DOMContentLoaded', function () {{
  setTimeout(function () {{
    var p = document.createElement('p');
    p.id = 'injected';
    p.appendChild(document.createTextNode('{INJECTED}'));
    document.getElementById('root').appendChild(p);
    document.title = 'rendered';
  }}, 100);
}});
</script></body></html>
"""

LUA_SCRIPT = """
function main(splash, args)
  assert(splash:go(args.url))
  assert(splash:wait(args.wait))
  return {
    html = splash:html(),
    title = splash:evaljs("document.title"),
    injected = splash:evaljs("(document.getElementById('injected') || {}).textContent"),
  }
end
"""


# --------------------------------------------------------------------------
# test site
class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(5)
        body = TEST_PAGE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # the renderer gave up on /slow (that is the point of /slow)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def serve_test_site(port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Serve the JS test page on 127.0.0.1 in a daemon thread; return (server, base_url)."""
    srv = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port: int = s.getsockname()[1]
    s.close()
    return port


# --------------------------------------------------------------------------
# settings
def readme_settings(splash_url: str) -> dict[str, Any]:
    """The settings from the brief / older scrapy-splash README (what most projects use)."""
    return {
        "SPLASH_URL": splash_url,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy_splash.SplashCookiesMiddleware": 723,
            "scrapy_splash.SplashMiddleware": 725,
            "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 810,
        },
        "SPIDER_MIDDLEWARES": {
            "scrapy_splash.SplashDeduplicateArgsMiddleware": 100,
        },
        "DUPEFILTER_CLASS": "scrapy_splash.SplashAwareDupeFilter",
        "HTTPCACHE_STORAGE": "scrapy_splash.SplashAwareFSCacheStorage",
    }


def recommended_settings(splash_url: str) -> dict[str, Any]:
    """scrapy-splash 0.10+/0.11 README: fingerprinter instead of dupefilter/cache storage."""
    s = readme_settings(splash_url)
    del s["DUPEFILTER_CLASS"], s["HTTPCACHE_STORAGE"]
    s["REQUEST_FINGERPRINTER_CLASS"] = "scrapy_splash.SplashRequestFingerprinter"
    return s


# --------------------------------------------------------------------------
# child: one crawl
class LogCapture(logging.Handler):
    """Collect WARNING+ log records (with chained exception causes) into a result."""

    def __init__(self, result: Result, level: int = logging.WARNING) -> None:
        super().__init__(level=level)
        self.result = result

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()[:600]
        if record.exc_info and record.exc_info[1] is not None:
            # keep chained causes ("During handling of the above exception")
            exc: BaseException | None = record.exc_info[1]
            seen: list[str] = []
            while exc is not None and len(seen) < 5:
                seen.append(f"{type(exc).__name__}: {str(exc)[:300]}")
                exc = exc.__cause__ or exc.__context__
            msg += " | " + " <- ".join(seen)
        entry = f"{record.name}: {msg}"
        if record.levelno >= logging.ERROR:
            self.result["log_errors"].append(entry)
        elif record.levelno >= logging.WARNING:
            self.result["log_warnings"].append(entry)


def _spiders(site_url: str, result: Result) -> SpiderClasses:
    """The spider classes of the scenarios; their callbacks record into result."""
    # scrapy_splash warns (ScrapyDeprecationWarning) when imported; this module is
    # also imported for its test-site helpers (tests, tools/chromium), so only the
    # crawling child imports it.
    from scrapy_splash import SplashRequest  # noqa: PLC0415

    class Base(scrapy.Spider):
        name = "splash_smoke"
        target_path = "/index.html"
        endpoint = "render.html"
        splash_args: ClassVar[dict[str, float]] = {"wait": 0.5}

        def make(self, splash_args: dict[str, float] | None = None) -> scrapy.Request:
            kw: dict[str, Any] = {
                "url": site_url + self.target_path,
                "callback": self.parse,
                "errback": self.errback,
                "endpoint": self.endpoint,
                "args": dict(self.splash_args if splash_args is None else splash_args),
            }
            if self.endpoint == "execute":
                kw["args"]["lua_source"] = LUA_SCRIPT
                kw["cache_args"] = ["lua_source"]
            return SplashRequest(**kw)

        def parse(self, response: Response) -> Iterator[dict[str, Any]]:
            item = {
                "url": response.url,
                "status": response.status,
                "response_class": type(response).__name__,
                "injected_in_html": INJECTED_MARKUP in response.text,
            }
            data = getattr(response, "data", None)
            if isinstance(data, dict):
                item["lua_injected"] = data.get("injected")
                item["lua_title"] = data.get("title")
            result["items"].append(item)
            yield item

        def errback(self, failure: Failure) -> None:
            req = failure.request
            exc_type = type(failure.value)
            entry = {
                "exception": f"{exc_type.__module__}.{exc_type.__name__}",
                "message": str(failure.value)[:300],
                "request_url": req.url,
                "original_url": req.meta.get("splash", {}).get("args", {}).get("url"),
            }
            resp = getattr(failure.value, "response", None)
            if resp is not None:
                entry["http_status"] = resp.status
                entry["response_url"] = resp.url
                entry["body"] = resp.text[:300] if hasattr(resp, "text") else None
            result["errors"].append(entry)

    class SyncSpider(Base):
        def start_requests(self) -> Iterator[scrapy.Request]:
            yield self.make()

    class AsyncSpider(Base):
        async def start(self) -> AsyncIterator[scrapy.Request]:
            yield self.make()

    class BothSpider(Base):
        async def start(self) -> AsyncIterator[scrapy.Request]:
            yield self.make()

        def start_requests(self) -> Iterator[scrapy.Request]:
            yield self.make()

    class DedupSpider(Base):
        # same URL+args twice (must be filtered) and once with other args (must not)
        async def start(self) -> AsyncIterator[scrapy.Request]:
            yield self.make()
            yield self.make()
            yield self.make({"wait": 0.6})

    return {"sync": SyncSpider, "async": AsyncSpider, "both": BothSpider, "dedup": DedupSpider}


def _scenario(
    variant: str, splash_url: str, spiders: SpiderClasses
) -> tuple[dict[str, Any], type[scrapy.Spider]]:
    """Settings and spider class of one scenario."""
    # sibling module, importable once HERE is on sys.path; it imports scrapy_splash
    sys.path.insert(0, str(HERE))
    from scrapy_splash_compat import AsyncStartSplashDeduplicateArgsMiddleware  # noqa: PLC0415

    settings: dict[str, Any] = {
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "RETRY_TIMES": 1,
        "DOWNLOAD_TIMEOUT": 30,
        "HTTPCACHE_ENABLED": False,
    }
    settings.update(readme_settings(splash_url))
    spidercls = spiders["sync"]
    if variant == "async_start":
        spidercls = spiders["async"]
    elif variant == "async_start_shim":
        spidercls = spiders["async"]
        settings["SPIDER_MIDDLEWARES"] = {AsyncStartSplashDeduplicateArgsMiddleware: 100}
    elif variant == "both_start_methods":
        spidercls = spiders["both"]
    elif variant == "execute_lua":
        spidercls = type("ExecSpider", (spiders["sync"],), {"endpoint": "execute"})
    elif variant == "recommended_settings":
        settings.update(recommended_settings(splash_url))
        for k in ("DUPEFILTER_CLASS", "HTTPCACHE_STORAGE"):
            settings.pop(k, None)
        settings["SPIDER_MIDDLEWARES"] = {AsyncStartSplashDeduplicateArgsMiddleware: 100}
        spidercls = spiders["dedup"]
    elif variant == "select_reactor":
        settings["TWISTED_REACTOR"] = "twisted.internet.epollreactor.EPollReactor"
    elif variant == "splash_down":
        settings["SPLASH_URL"] = f"http://127.0.0.1:{free_port()}"
    elif variant == "render_timeout":
        spidercls = type(
            "SlowSpider",
            (spiders["sync"],),
            {"target_path": "/slow", "splash_args": {"wait": 0.5, "timeout": 1}},
        )
    elif variant != "sync_start_requests":
        raise SystemExit(f"unknown variant {variant}")
    if variant == "recommended_settings":
        settings["HTTPCACHE_ENABLED"] = True
        settings["HTTPCACHE_DIR"] = tempfile.mkdtemp(prefix="splash-smoke-cache-")
    elif variant == "sync_start_requests":
        settings["HTTPCACHE_ENABLED"] = True  # exercise SplashAwareFSCacheStorage
        settings["HTTPCACHE_DIR"] = tempfile.mkdtemp(prefix="splash-smoke-cache-")
    return settings, spidercls


def new_result(variant: str) -> Result:
    """An empty scenario record, filled by the spiders, the log capture and ``crawl``."""
    return {
        "variant": variant,
        "items": [],
        "errors": [],
        "log_warnings": [],
        "log_errors": [],
        "stats": {},
    }


def crawl(
    settings: dict[str, Any],
    spidercls: type[scrapy.Spider],
    result: Result,
    stat_prefixes: tuple[str, ...],
    out_path: str,
) -> None:
    """Run one crawl in this process and write ``result`` (with the stats named by
    ``stat_prefixes``, the elapsed time and the installed reactor) to ``out_path``."""
    warnings.simplefilter("default")
    process = CrawlerProcess(settings, install_root_handler=True)
    logging.getLogger().addHandler(LogCapture(result, level=logging.WARNING))
    crawler = process.create_crawler(spidercls)
    t0 = time.monotonic()
    d = process.crawl(crawler)
    d.addErrback(
        lambda f: result["log_errors"].append(
            f"crawl deferred failed: {type(f.value).__name__}: {str(f.value)[:300]}"
        )
    )
    process.start()
    result["seconds"] = round(time.monotonic() - t0, 2)
    # the reactor Scrapy installed; importing it any earlier would install the default one
    from twisted.internet import reactor  # noqa: PLC0415

    result["reactor"] = f"{type(reactor).__module__}.{type(reactor).__name__}"
    stats = crawler.stats.get_stats() if crawler.stats else {}
    result["stats"] = {k: v for k, v in stats.items() if k.startswith(stat_prefixes)}
    with Path(out_path).open("w") as f:
        json.dump(result, f, indent=1, default=str)


def run_child(variant: str, splash_url: str, site_url: str, out_path: str) -> None:
    result = new_result(variant)
    settings, spidercls = _scenario(variant, splash_url, _spiders(site_url, result))
    crawl(
        settings,
        spidercls,
        result,
        (
            "splash/",
            "downloader/response_status_count",
            "retry/",
            "downloader/exception_type_count",
            "httpcache/",
            "item_scraped_count",
            "dupefilter/",
            "finish_reason",
            "log_count/ERROR",
            "log_count/WARNING",
        ),
        out_path,
    )


# --------------------------------------------------------------------------
# expectations (Scrapy 2.13.4, scrapy-splash 0.11.1, Splash 3.5 native)
def _ok_items(r: Result, lua: bool = False) -> str | None:
    items = r["items"]
    if len(items) != 1 or not items[0]["injected_in_html"] or items[0]["status"] != 200:
        return f"expected 1 item with the JS-injected markup, got {items!r}"
    if lua and items[0].get("lua_injected") != INJECTED:
        return f"Lua evaljs did not see the injected text: {items[0]!r}"
    if r["errors"]:
        return f"unexpected errback calls {r['errors']!r}"
    return None


def _expect_start_valueerror(r: Result) -> str | None:
    if r["items"]:
        return "async-only start() worked; scrapy-splash may have gained process_start()"
    if not any("ValueError" in e and "start_requests" in e for e in r["log_errors"]):
        return (
            f"expected Scrapy's ValueError about start_requests(), log errors: {r['log_errors']!r}"
        )
    return None


def _expect_conn_refused(r: Result) -> str | None:
    if r["items"] or not r["errors"]:
        return f"expected the errback, got items={r['items']!r} errors={r['errors']!r}"
    e = r["errors"][0]
    if "ConnectionRefusedError" not in e["exception"]:
        return f"expected ConnectionRefusedError, got {e!r}"
    return None


def _expect_504(r: Result) -> str | None:
    if r["items"] or not r["errors"]:
        return f"expected the errback, got items={r['items']!r} errors={r['errors']!r}"
    e = r["errors"][0]
    if e.get("http_status") != 504 or "HttpError" not in e["exception"]:
        return f"expected HttpError with status 504, got {e!r}"
    return None


def _expect_recommended(r: Result) -> str | None:
    items = r["items"]
    if len(items) != 2 or not all(i["injected_in_html"] for i in items):
        return f"expected 2 rendered items (3rd request is a duplicate), got {items!r}"
    if r["stats"].get("dupefilter/filtered") != 1:
        return f"expected dupefilter/filtered == 1, stats {r['stats']!r}"
    return None


EXPECTED: dict[str, Callable[[Result], str | None]] = {
    "sync_start_requests": _ok_items,
    "async_start": _expect_start_valueerror,
    "async_start_shim": _ok_items,
    "both_start_methods": _ok_items,
    "execute_lua": lambda r: _ok_items(r, lua=True),
    "recommended_settings": _expect_recommended,
    "select_reactor": _ok_items,
    "splash_down": _expect_conn_refused,
    "render_timeout": _expect_504,
}


# --------------------------------------------------------------------------
# parent: one child process per scenario
def _parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="scrapy-splash smoke test against a real Splash")
    ap.add_argument("--splash-url", default=os.environ.get("SPLASH_URL", "http://127.0.0.1:8050"))
    ap.add_argument(
        "--start-splash",
        action="store_true",
        help="start Splash with splashctl if it does not answer (stopped at the end)",
    )
    ap.add_argument("--only", nargs="*", choices=sorted(EXPECTED), help="run only these scenarios")
    ap.add_argument("--json", help="write all results to this file")
    ap.add_argument("-v", "--verbose", action="store_true", help="print warnings per scenario")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--site-url", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    return ap.parse_args()


def run_scenario(script: Path, variant: str, splash_url: str, site_url: str) -> Result:
    """Run one scenario of ``script`` in a child process and return what it recorded."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tf:
        out = Path(tf.name)
    cmd = [
        sys.executable,
        str(script),
        "--child",
        variant,
        "--splash-url",
        splash_url,
        "--site-url",
        site_url,
        "--out",
        str(out),
    ]
    # a failing child is a scenario result (reported below), not an exception
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    try:
        with out.open() as f:
            r: Result = json.load(f)
    except (OSError, ValueError):
        r = {
            "variant": variant,
            "items": [],
            "errors": [],
            "log_warnings": [],
            "log_errors": [f"child exited {p.returncode}: {p.stderr[-2000:]}"],
            "stats": {},
        }
    finally:
        out.unlink(missing_ok=True)
    return r


def report(variant: str, r: Result, problem: str | None, verbose: bool) -> None:
    """One line per scenario; details when it failed or when asked."""
    errbacks = [
        e["exception"].rsplit(".", 1)[-1] + (f"({e['http_status']})" if "http_status" in e else "")
        for e in r["errors"]
    ]
    took = f"{r['seconds']:5.1f}s " if "seconds" in r else ""
    print(
        f"{variant:<22} {'OK' if not problem else 'FAIL':<4} {took}items={len(r['items'])} "
        f"errback={errbacks} warnings={len(r['log_warnings'])} "
        f"errors={len(r['log_errors'])}  {problem or ''}"
    )
    if verbose or problem:
        for e in r["errors"]:
            print(f"    ERRBACK {json.dumps(e)[:400]}")
        for w in sorted(set(r["log_warnings"])):
            print(f"    WARNING {w[:400]}")
        for e in r["log_errors"][:4]:
            print(f"    ERROR   {e[:400]}")
        print(f"    stats: {json.dumps(r['stats'], sort_keys=True)}")


def main() -> int:
    a = _parse_args()
    if a.child:
        run_child(a.child, a.splash_url, a.site_url, a.out)
        return 0

    # sibling module (stdlib only), importable once HERE is on sys.path
    sys.path.insert(0, str(HERE))
    import splashctl  # noqa: PLC0415

    srv = None
    if not splashctl.ping(a.splash_url):
        if not a.start_splash:
            print(
                f"Splash does not answer at {a.splash_url}; start it (tools/splash/run.sh) "
                "or pass --start-splash",
                file=sys.stderr,
            )
            return 2
        port = int(a.splash_url.rsplit(":", 1)[1].strip("/"))
        srv = splashctl.SplashServer(port=port).start()
        print(f"started Splash at {srv.url} in {srv.startup_seconds:.1f}s")
    site, site_url = serve_test_site()
    results: list[Result] = []
    failures: list[str] = []
    try:
        for variant in a.only or list(EXPECTED):
            r = run_scenario(Path(__file__).resolve(), variant, a.splash_url, site_url)
            problem = EXPECTED[variant](r)
            r["check"] = problem or "as expected"
            results.append(r)
            if problem:
                failures.append(variant)
            report(variant, r, problem, a.verbose)
    finally:
        site.shutdown()
        if srv is not None:
            srv.stop()
    if a.json:
        with Path(a.json).open("w") as f:
            json.dump(results, f, indent=1, default=str)
    print(f"{len(results) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
