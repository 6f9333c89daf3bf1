"""A tiny WordPress-like site on 127.0.0.1 whose every page a test decides: loops, lies, 503s.

Pages use the markup the asianlite profile reads (listing items, Next link,
article title, date and body), so the real spider crawls it.  Every request
is logged with its arrival time and headers, so tests measure delays on the
server side.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from tests.localsite import listen

ALLOW_ALL = "User-agent: *\nAllow: /\n"
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>\n'
)
WORDS = [
    *("harbour", "council", "budget", "river", "school", "market", "festival", "railway"),
    *("hospital", "museum", "library", "election", "bridge", "garden", "theatre"),
    *("farmers", "minister", "storm", "clinic", "orchestra"),
]


@dataclass
class Reply:
    """What the site answers to one request."""

    status: int = 200
    body: str = ""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    path: str
    at: float  # time.monotonic() on arrival
    headers: dict[str, str]
    status: int


Route = Callable[[str], Reply | None]


def article_path(slug: str, category: str = "top-news") -> str:
    return f"/2026/{category}/{slug}"


def listing_page(links: list[str], next_href: str | None = None) -> Reply:
    """A category archive page: one item per link, then the theme's Next link."""
    items = "".join(
        f'<article class="post"><h2 class="post-item-title"><a rel="bookmark" href="{href}">'
        f'Story {n}</a></h2><time class="published" datetime="2026-11-0{1 + n % 9}T10:00:00+00:00">'
        "Nov 2026</time></article>"
        for n, href in enumerate(links)
    )
    pager = (
        f'<div class="fox-pagination"><a class="next page-numbers" href="{next_href}">'
        "Next</a></div>"
        if next_href
        else ""
    )
    return Reply(
        body=f"<html><head><title>Top News</title></head><body>"
        f'<div class="blog-container">{items}</div>{pager}</body></html>'
    )


def story_words(seed: str, n: int = 60) -> str:
    """``n`` words that differ with ``seed`` (so every article has its own fingerprint)."""
    digest = hashlib.sha256(seed.encode()).digest() * 4
    return " ".join(WORDS[b % len(WORDS)] for b in digest[:n])


def article_page(title: str, body_seed: str | None = None, canonical: str | None = None) -> Reply:
    """An article with a title, a date, a body of plain words and an optional canonical link."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    words = story_words(body_seed or title)
    paragraphs = "".join(f"<p>{words[i : i + 120]}.</p>" for i in range(0, len(words), 120))
    return Reply(
        body=f"<html><head><title>{title}</title>{link}</head><body>"
        f'<h1 class="post-title">{title}</h1>'
        '<div class="entry-date"><time class="published" datetime="2026-11-02T10:00:00+00:00">'
        "November 2, 2026</time></div>"
        f'<div class="entry-content">{paragraphs}</div></body></html>'
    )


class HostileSite:
    """Serve ``route(path)`` (None: 404) plus robots.txt and an empty sitemap index."""

    def __init__(self, route: Route, robots: str | Reply = ALLOW_ALL) -> None:
        self.route = route
        self.robots = robots
        self._hits: list[Hit] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.base_url = ""

    def answer(self, path: str) -> Reply:
        if path == "/robots.txt":
            if isinstance(self.robots, Reply):
                return self.robots
            return Reply(body=self.robots, content_type="text/plain")
        reply = self.route(path)
        if reply is None and path == "/sitemap_index.xml":
            return Reply(body=EMPTY_SITEMAP, content_type="application/xml")
        return reply or Reply(status=404, body="<html><body>Not found</body></html>")

    def hits(self, prefix: str = "/") -> list[Hit]:
        with self._lock:
            return [hit for hit in self._hits if hit.path.startswith(prefix)]

    def __enter__(self) -> HostileSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                arrived = time.monotonic()
                reply = site.answer(self.path)
                with site._lock:
                    site._hits.append(
                        Hit(self.path, arrived, dict(self.headers.items()), reply.status)
                    )
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body.encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server, self.base_url = listen(Handler)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()
