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
import argparse
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
INJECTED = "INJECTED-BY-JS"
# text as it appears only after the script ran (the script source contains INJECTED too)
INJECTED_MARKUP = '<p id="injected">%s</p>' % INJECTED

TEST_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>js render test</title></head>
<body><div id="root">static text</div>
<script>
document.addEventListener('DOMContentLoaded', function () {
  setTimeout(function () {
    var p = document.createElement('p');
    p.id = 'injected';
    p.appendChild(document.createTextNode('%s'));
    document.getElementById('root').appendChild(p);
    document.title = 'rendered';
  }, 100);
});
</script></body></html>
""" % INJECTED

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
    def do_GET(self):
        if self.path.startswith("/slow"):
            time.sleep(5)
        body = TEST_PAGE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass   # the renderer gave up on /slow (that is the point of /slow)

    def log_message(self, *args):
        pass


def serve_test_site(port=0):
    """Serve the JS test page on 127.0.0.1 in a daemon thread; return (server, base_url)."""
    srv = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, "http://127.0.0.1:%d" % srv.server_address[1]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --------------------------------------------------------------------------
# settings
def readme_settings(splash_url):
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


def recommended_settings(splash_url):
    """scrapy-splash 0.10+/0.11 README: fingerprinter instead of dupefilter/cache storage."""
    s = readme_settings(splash_url)
    del s["DUPEFILTER_CLASS"], s["HTTPCACHE_STORAGE"]
    s["REQUEST_FINGERPRINTER_CLASS"] = "scrapy_splash.SplashRequestFingerprinter"
    return s


# --------------------------------------------------------------------------
# child: one crawl
def run_child(variant, splash_url, site_url, out_path):
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy_splash import SplashRequest
    sys.path.insert(0, HERE)
    from scrapy_splash_compat import AsyncStartSplashDeduplicateArgsMiddleware

    result = {"variant": variant, "items": [], "errors": [], "log_warnings": [],
              "log_errors": [], "stats": {}}

    class Capture(logging.Handler):
        def emit(self, record):
            msg = record.getMessage()[:600]
            if record.exc_info and record.exc_info[1] is not None:
                # keep chained causes ("During handling of the above exception")
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
        name = "splash_smoke"
        target_path = "/index.html"
        endpoint = "render.html"
        splash_args = {"wait": 0.5}

        def make(self):
            kw = dict(url=site_url + self.target_path, callback=self.parse,
                      errback=self.errback, endpoint=self.endpoint,
                      args=dict(self.splash_args))
            if self.endpoint == "execute":
                kw["args"]["lua_source"] = LUA_SCRIPT
                kw["cache_args"] = ["lua_source"]
            return SplashRequest(**kw)

        def parse(self, response):
            item = {"url": response.url, "status": response.status,
                    "response_class": type(response).__name__,
                    "injected_in_html": INJECTED_MARKUP in response.text}
            data = getattr(response, "data", None)
            if isinstance(data, dict):
                item["lua_injected"] = data.get("injected")
                item["lua_title"] = data.get("title")
            result["items"].append(item)
            yield item

        def errback(self, failure):
            req = failure.request
            entry = {"exception": "%s.%s" % (type(failure.value).__module__,
                                             type(failure.value).__name__),
                     "message": str(failure.value)[:300],
                     "request_url": req.url,
                     "original_url": req.meta.get("splash", {}).get("args", {}).get("url")}
            resp = getattr(failure.value, "response", None)
            if resp is not None:
                entry["http_status"] = resp.status
                entry["response_url"] = resp.url
                entry["body"] = resp.text[:300] if hasattr(resp, "text") else None
            result["errors"].append(entry)

    class SyncSpider(Base):
        def start_requests(self):
            yield self.make()

    class AsyncSpider(Base):
        async def start(self):
            yield self.make()

    class BothSpider(Base):
        async def start(self):
            yield self.make()

        def start_requests(self):
            yield self.make()

    settings = {
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "RETRY_TIMES": 1,
        "DOWNLOAD_TIMEOUT": 30,
        "HTTPCACHE_ENABLED": False,
    }
    settings.update(readme_settings(splash_url))
    spidercls = SyncSpider
    if variant == "async_start":
        spidercls = AsyncSpider
    elif variant == "async_start_shim":
        spidercls = AsyncSpider
        settings["SPIDER_MIDDLEWARES"] = {AsyncStartSplashDeduplicateArgsMiddleware: 100}
    elif variant == "both_start_methods":
        spidercls = BothSpider
    elif variant == "execute_lua":
        spidercls = type("ExecSpider", (SyncSpider,), {"endpoint": "execute"})
    elif variant == "recommended_settings":
        settings.update(recommended_settings(splash_url))
        for k in ("DUPEFILTER_CLASS", "HTTPCACHE_STORAGE"):
            settings.pop(k, None)
        settings["SPIDER_MIDDLEWARES"] = {AsyncStartSplashDeduplicateArgsMiddleware: 100}

        class DedupSpider(Base):
            # same URL+args twice (must be filtered) and once with other args (must not)
            async def start(self):
                yield self.make()
                yield self.make()
                self.splash_args = {"wait": 0.6}
                yield self.make()
        spidercls = DedupSpider
    elif variant == "select_reactor":
        settings["TWISTED_REACTOR"] = "twisted.internet.epollreactor.EPollReactor"
    elif variant == "splash_down":
        settings["SPLASH_URL"] = "http://127.0.0.1:%d" % free_port()
    elif variant == "render_timeout":
        spidercls = type("SlowSpider", (SyncSpider,), {
            "target_path": "/slow", "splash_args": {"wait": 0.5, "timeout": 1}})
    elif variant != "sync_start_requests":
        raise SystemExit("unknown variant %s" % variant)
    if variant == "recommended_settings":
        settings["HTTPCACHE_ENABLED"] = True
        settings["HTTPCACHE_DIR"] = tempfile.mkdtemp(prefix="splash-smoke-cache-")
    elif variant == "sync_start_requests":
        settings["HTTPCACHE_ENABLED"] = True   # exercise SplashAwareFSCacheStorage
        settings["HTTPCACHE_DIR"] = tempfile.mkdtemp(prefix="splash-smoke-cache-")

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
    from twisted.internet import reactor
    result["reactor"] = "%s.%s" % (type(reactor).__module__, type(reactor).__name__)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    result["stats"] = {k: v for k, v in stats.items()
                       if k.startswith(("splash/", "downloader/response_status_count",
                                        "retry/", "downloader/exception_type_count",
                                        "httpcache/", "item_scraped_count", "dupefilter/", "finish_reason",
                                        "log_count/ERROR", "log_count/WARNING"))}
    with open(out_path, "w") as f:
        json.dump(result, f, indent=1, default=str)


# --------------------------------------------------------------------------
# expectations (Scrapy 2.13.4, scrapy-splash 0.11.1, Splash 3.5 native)
def _ok_items(r, lua=False):
    items = r["items"]
    if len(items) != 1 or not items[0]["injected_in_html"] or items[0]["status"] != 200:
        return "expected 1 item with the JS-injected markup, got %r" % items
    if lua and items[0].get("lua_injected") != INJECTED:
        return "Lua evaljs did not see the injected text: %r" % items[0]
    if r["errors"]:
        return "unexpected errback calls %r" % r["errors"]
    return None


def _expect_start_valueerror(r):
    if r["items"]:
        return "async-only start() worked; scrapy-splash may have gained process_start()"
    if not any("ValueError" in e and "start_requests" in e for e in r["log_errors"]):
        return "expected Scrapy's ValueError about start_requests(), log errors: %r" % r["log_errors"]
    return None


def _expect_conn_refused(r):
    if r["items"] or not r["errors"]:
        return "expected the errback, got items=%r errors=%r" % (r["items"], r["errors"])
    e = r["errors"][0]
    if "ConnectionRefusedError" not in e["exception"]:
        return "expected ConnectionRefusedError, got %r" % e
    return None


def _expect_504(r):
    if r["items"] or not r["errors"]:
        return "expected the errback, got items=%r errors=%r" % (r["items"], r["errors"])
    e = r["errors"][0]
    if e.get("http_status") != 504 or "HttpError" not in e["exception"]:
        return "expected HttpError with status 504, got %r" % e
    return None


def _expect_recommended(r):
    items = r["items"]
    if len(items) != 2 or not all(i["injected_in_html"] for i in items):
        return "expected 2 rendered items (3rd request is a duplicate), got %r" % items
    if r["stats"].get("dupefilter/filtered") != 1:
        return "expected dupefilter/filtered == 1, stats %r" % r["stats"]
    return None


EXPECTED = {
    "sync_start_requests": lambda r: _ok_items(r),
    "async_start": _expect_start_valueerror,
    "async_start_shim": lambda r: _ok_items(r),
    "both_start_methods": lambda r: _ok_items(r),
    "execute_lua": lambda r: _ok_items(r, lua=True),
    "recommended_settings": _expect_recommended,
    "select_reactor": lambda r: _ok_items(r),
    "splash_down": _expect_conn_refused,
    "render_timeout": _expect_504,
}


def main():
    ap = argparse.ArgumentParser(description="scrapy-splash smoke test against a real Splash")
    ap.add_argument("--splash-url", default=os.environ.get("SPLASH_URL", "http://127.0.0.1:8050"))
    ap.add_argument("--start-splash", action="store_true",
                    help="start Splash with splashctl if it does not answer (stopped at the end)")
    ap.add_argument("--only", nargs="*", choices=sorted(EXPECTED), help="run only these scenarios")
    ap.add_argument("--json", help="write all results to this file")
    ap.add_argument("-v", "--verbose", action="store_true", help="print warnings per scenario")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--site-url", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        run_child(a.child, a.splash_url, a.site_url, a.out)
        return 0

    sys.path.insert(0, HERE)
    import splashctl
    srv = None
    if not splashctl.ping(a.splash_url):
        if not a.start_splash:
            print("Splash does not answer at %s; start it (tools/splash/run.sh) or pass "
                  "--start-splash" % a.splash_url, file=sys.stderr)
            return 2
        port = int(a.splash_url.rsplit(":", 1)[1].strip("/"))
        srv = splashctl.SplashServer(port=port).start()
        print("started Splash at %s in %.1fs" % (srv.url, srv.startup_seconds))
    site, site_url = serve_test_site()
    results, failures = [], []
    try:
        for variant in a.only or list(EXPECTED):
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
            print("%-22s %-4s items=%d errback=%s warnings=%d errors=%d  %s" % (
                variant, "OK" if not problem else "FAIL", len(r["items"]),
                [e["exception"].rsplit(".", 1)[-1] + ("(%s)" % e["http_status"] if "http_status" in e else "")
                 for e in r["errors"]],
                len(r["log_warnings"]), len(r["log_errors"]), problem or ""))
            if a.verbose or problem:
                for w in sorted(set(r["log_warnings"])):
                    print("    WARNING %s" % w[:400])
                for e in r["log_errors"][:4]:
                    print("    ERROR   %s" % e[:400])
                print("    stats: %s" % json.dumps(r["stats"], sort_keys=True))
    finally:
        site.shutdown()
        if srv is not None:
            srv.stop()
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1, default=str)
    print("%d passed, %d failed" % (len(results) - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
