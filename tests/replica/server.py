"""The HTTP server and the `Replica` facade used by tests, benchmarks and the CLI."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import formatdate
from types import TracebackType
from typing import Any

from .model import Post, ReplicaArticle
from .routes import CACHE_BYTES, REASONS, Response, Router, make_response
from .site import Site
from .themes import DEFAULT_VARIANT, SKINS, get_variant
from .wordpress import check_setup


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str  # request target as sent, query string included
    status: int


class RequestLog:
    """Thread-safe log of the requests served, oldest first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: list[RequestRecord] = []

    def add(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()

    def snapshot(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)

    def paths(self) -> list[str]:
        return [r.path for r in self.snapshot()]

    def count(self, predicate: Callable[[RequestRecord], bool] | None = None) -> int:
        records = self.snapshot()
        return len(records) if predicate is None else sum(1 for r in records if predicate(r))

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)

    def __iter__(self) -> Iterator[RequestRecord]:
        return iter(self.snapshot())


class _Handler(socketserver.StreamRequestHandler):
    """HTTP/1.1 with keep-alive, GET and HEAD only. Lighter than
    http.server's handler, whose header parsing costs more than serving a
    cached page."""

    disable_nagle_algorithm = True
    timeout = 120  # idle keep-alive connections are dropped after this
    server: _Server

    def handle(self) -> None:
        with contextlib.suppress(TimeoutError, ConnectionError):
            while self._one_request():
                pass

    def _one_request(self) -> bool:
        """Serve one request; False when the connection should close."""
        line = self.rfile.readline(65537)
        if not line:
            return False
        parts = line.decode("latin-1").split()
        headers: dict[str, str] = {}
        while (raw := self.rfile.readline(65537)) not in (b"\r\n", b"\n", b""):
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        length = headers.get("content-length", "0")
        if len(parts) != 3 or not length.isdigit():
            self._send("?", line.decode("latin-1").strip(), _plain(400), alive=False)
            return False
        method, target, version = parts
        self.rfile.read(int(length))
        connection = headers.get("connection", "").lower()
        alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
        if method not in ("GET", "HEAD"):
            resp = _plain(405)
        else:
            try:
                resp = self.server.router.handle(
                    target, headers.get("if-none-match"), headers.get("if-modified-since")
                )
            except Exception:  # a bug in the replica: say so, keep serving
                traceback.print_exc(file=sys.stderr)
                resp = _plain(500)
        self._send(method, target, resp, alive)
        return alive

    def _send(self, method: str, target: str, resp: Response, alive: bool) -> None:
        # Logged before the reply goes out: a client that has its answer sees it counted.
        self.server.log.add(RequestRecord(method, target, resp.status))
        if self.server.verbose:
            sys.stderr.write(f"{method} {target} {resp.status}\n")
        close = "" if alive else "Connection: close\r\n"
        tail = f"Date: {formatdate(usegmt=True)}\r\n{close}\r\n"
        body = b"" if method == "HEAD" or resp.status == 304 else resp.body
        self.wfile.write(resp.head + tail.encode("latin-1") + body)


def _plain(status: int) -> Response:
    return make_response(status, f"{REASONS[status]}\n".encode(), "text/plain", validators=False)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 256

    def __init__(
        self, address: tuple[str, int], router: Router, log: RequestLog, verbose: bool
    ) -> None:
        self.router = router
        self.log = log
        self.verbose = verbose
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End idle keep-alive connections so stop() really stops serving."""
        with self._open_lock:
            for conn in list(self._open):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


class Replica:
    """An offline asianlite.com: a deterministic generator plus an HTTP server.

    >>> with Replica(articles=200, seed=1) as rep:
    ...     html = urllib.request.urlopen(rep.articles[0].url).read()
    """

    def __init__(
        self,
        articles: int = 200,
        seed: int = 1,
        *,
        js: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        public_url: str | None = None,
        cache_bytes: int = CACHE_BYTES,
        verbose: bool = False,
        variant: str = DEFAULT_VARIANT,
        sitemaps: str | None = None,
        rest: bool | str = False,
        news_sitemap: bool = False,
        post_meta: bool = True,
    ) -> None:
        self.variant = get_variant(variant)  # ValueError for an unknown name
        if not post_meta and not SKINS[self.variant.theme].hides_post_meta:
            raise ValueError(f"post_meta=False: the {variant} variant always prints post meta")
        self.site = Site(articles, seed)
        # Checked here, before any server starts (tests.replica.wordpress).
        sitemaps = sitemaps or self.variant.sitemaps  # default: what the site's SEO plugin serves
        check_setup(sitemaps, rest)
        self.setup = {
            "sitemaps": sitemaps,
            "rest": rest,
            "news_sitemap": news_sitemap,
            "post_meta": post_meta,
        }
        self.js = js
        self.host = host
        self.port = port
        self.public_url = public_url.rstrip("/") if public_url else None
        self.cache_bytes = cache_bytes
        self.verbose = verbose
        self._log = RequestLog()
        self._lock = threading.RLock()  # shared with the router: renders vs mutations
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._router: Router | None = None

    # ---------------------------------------------------------- serving

    def bind(self) -> str:
        """Open the listening socket (OSError if the port is taken); return the base URL."""
        if self._server is not None:
            return self.base_url
        router = Router(
            self.site,
            "",
            js=self.js,
            cache_bytes=self.cache_bytes,
            lock=self._lock,
            variant=self.variant.name,
            **self.setup,  # type: ignore[arg-type]
        )
        server = _Server((self.host, self.port), router, self._log, self.verbose)
        self.port = server.server_address[1]
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        router.theme.base = self.public_url or f"http://{host}:{self.port}"
        self._server, self._router = server, router
        return self.base_url

    def start(self) -> str:
        """Serve in a background thread; return the base URL (no trailing slash)."""
        base = self.bind()
        if self._thread is None:
            assert self._server is not None
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="asianlite-replica",
                daemon=True,
            )
            self._thread.start()
        return base

    def prerender(self) -> int:
        """Render every article page now (call before timing a crawl: a first
        fetch otherwise renders, ~1 ms a page). Returns the number of pages."""
        self.bind()
        assert self._router is not None
        return self._router.prerender()

    def serve_forever(self) -> None:
        """Serve in this thread until KeyboardInterrupt (the CLI)."""
        self.bind()
        assert self._server is not None
        try:
            self._server.serve_forever(poll_interval=0.2)
        finally:
            self._close()

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close()

    def _close(self) -> None:
        if self._server is not None:
            self._server.close_connections()
            self._server.server_close()
        self._server, self._thread, self._router = None, None, None

    def __enter__(self) -> Replica:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._router is None:
            raise RuntimeError(
                "the replica is not serving: call start() first (article URLs are absolute)"
            )
        return self._router.theme.base

    # ------------------------------------------------------ ground truth

    @property
    def articles(self) -> list[ReplicaArticle]:
        """Every post, oldest first (index = position in publication order)."""
        base = self.base_url
        with self._lock:
            return [self._truth(post, base) for post in self.site.posts]

    def _truth(self, post: Post, base: str) -> ReplicaArticle:
        return self.variant.truth(self.site, post, base)

    def unique_articles(self) -> list[ReplicaArticle]:
        """The posts a correct crawler writes exactly once each (re-posts left out)."""
        return [a for a in self.articles if a.duplicate_of is None]

    @property
    def categories(self) -> dict[str, str]:
        """This site's category slugs and names, as its URLs and pages show them."""
        return dict(self.variant.categories.values())

    def quirks(self) -> dict[str, list[str]]:
        """Quirk name -> URLs of the posts that carry it (see README)."""
        base = self.base_url
        with self._lock:
            found = self.site.quirks()
        return {name: [base + self.variant.path(p) for p in posts] for name, posts in found.items()}

    # -------------------------------------------------------- mutations

    def add_articles(self, k: int) -> list[ReplicaArticle]:
        """Publish k posts newer than all others: they top the listings and shift pages."""
        with self._lock:
            before = self.site.posts[-1]
            added = self.site.add(k)
            if self._router is not None:
                self._router.invalidate([before])
        return [self._truth(p, self.base_url) for p in added]

    def update_articles(self, n: int, *, newest: bool = False) -> list[ReplicaArticle]:
        """Edit the body of n posts (random, or the ``newest``); bump their modified time."""
        with self._lock:
            changed = self.site.update(n, newest=newest)
            if self._router is not None:
                self._router.invalidate(changed)
        return [self._truth(p, self.base_url) for p in changed]

    # ----------------------------------------------------------- requests

    @property
    def requests(self) -> RequestLog:
        return self._log

    def reset_request_log(self) -> None:
        self._log.clear()
