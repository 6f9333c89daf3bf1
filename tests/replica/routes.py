"""URL routing, the render cache and conditional GET (ETag / Last-Modified)."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs

from . import feeds
from .listing_page import Listing
from .model import PER_PAGE, Post, http_date
from .site import Site
from .theme import Page
from .themes import DEFAULT_VARIANT, get_variant, make_skin
from .wordpress import WordPressSetup

HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
XML = "text/xml; charset=UTF-8"
TEXT = "text/plain; charset=utf-8"
PIXEL = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"  # noqa: E501
REASONS = {
    200: "OK",
    301: "Moved Permanently",
    304: "Not Modified",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
}

CACHE_BYTES = 1 << 30  # rendered pages are ~30 KB: room for every page of 20,000 posts

_MONTH = re.compile(r"^/(\d{4})/(\d{2})(?:/page/(\d+))?/?$")
_ARCHIVE = re.compile(r"^/(category|tag|author)/([a-z0-9-]+)(?:/page/(\d+))?/?$")
_CATEGORY_FEED = re.compile(r"^/category/([a-z0-9-]+)/feed/?$")
_HOME = re.compile(r"^/(?:page/(\d+)/?)?$")
_POST_SITEMAP = re.compile(r"^/post-sitemap(\d*)\.xml$")


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    head: bytes  # status line and headers, without Date and the final blank line
    etag: str | None = None
    last_modified: datetime | None = None


def make_response(
    status: int,
    body: bytes,
    content_type: str,
    *,
    last_modified: datetime | None = None,
    validators: bool = True,
    extra: Iterable[tuple[str, str]] = (),
) -> Response:
    etag = (
        f'"{hashlib.blake2b(body, digest_size=10).hexdigest()}"'
        if validators and status == 200
        else None
    )
    headers = [
        ("Server", "nginx"),
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
    ]
    if etag:
        headers.append(("ETag", etag))
    if last_modified is not None and status == 200:
        headers.append(("Last-Modified", http_date(last_modified)))
    headers.extend(extra)
    head = f"HTTP/1.1 {status} {REASONS[status]}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    return Response(status, body, head.encode("latin-1"), etag, last_modified)


def redirect(location: str) -> Response:
    head = f"HTTP/1.1 301 Moved Permanently\r\nServer: nginx\r\nLocation: {location}\r\n"
    return Response(301, b"", (head + "Content-Length: 0\r\n").encode("latin-1"))


def not_modified(resp: Response) -> Response:
    head = "HTTP/1.1 304 Not Modified\r\nServer: nginx\r\n"
    if resp.etag:
        head += f"ETag: {resp.etag}\r\n"
    if resp.last_modified is not None:
        head += f"Last-Modified: {http_date(resp.last_modified)}\r\n"
    return Response(304, b"", head.encode("latin-1"), resp.etag, resp.last_modified)


def is_fresh(resp: Response, if_none_match: str | None, if_modified_since: str | None) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since."""
    if resp.status != 200:
        return False
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or resp.etag in tags
    if if_modified_since is not None and resp.last_modified is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            return False
        return resp.last_modified.replace(microsecond=0) <= since
    return False


class Router:
    """Maps request targets to cached responses. Rendering and mutations share
    `lock`; cache hits are served without taking it."""

    def __init__(
        self,
        site: Site,
        base: str,
        *,
        js: bool = False,
        cache_bytes: int = CACHE_BYTES,
        lock: threading.RLock | None = None,
        variant: str = DEFAULT_VARIANT,
        sitemaps: str = "yoast",
        rest: bool | str = False,
        news_sitemap: bool = False,
        post_meta: bool = True,
    ) -> None:
        self.site = site
        self.variant = get_variant(variant)
        self.theme = self.variant.make_theme(site, base)
        self.skin = make_skin(self.theme, self.variant)  # the theme's pages
        self.skin.post_meta = post_meta
        self.js = js
        self.lock = lock or threading.RLock()
        self.cache_bytes = cache_bytes
        self._cache: dict[str, Response] = {}
        self._cached_bytes = 0
        # Other WordPress set-ups (sitemap flavour, news sitemap, REST API): wordpress.py.
        self.wordpress = WordPressSetup(self, sitemaps, rest, news_sitemap)

    # ------------------------------------------------------------- entry

    def handle(
        self, target: str, if_none_match: str | None = None, if_modified_since: str | None = None
    ) -> Response:
        resp = self.resolve(target)
        if is_fresh(resp, if_none_match, if_modified_since):
            return not_modified(resp)
        return resp

    def resolve(self, target: str) -> Response:
        path, _, query = target.partition("?")
        params = parse_qs(query)
        if self.wordpress.active and (other := self.wordpress.route(path, params)) is not None:
            return other
        if path == "/" and "p" in params:
            post = self.site.by_wp_id.get(int(params["p"][0])) if params["p"][0].isdigit() else None
            return redirect(self.theme.url(post)) if post is not None else self._not_found()
        if found := self.skin.find(path):
            post, amp = found[0], self.skin.amp and (found[1] or params.get("amp") == ["1"])
            return self._cached(
                f"a:{post.index}:{'amp' if amp else 'html'}", lambda: self._article(post, amp)
            )
        if match := _MONTH.match(path):
            return self._month(match[1], match[2], match[3])
        if match := _ARCHIVE.match(path):
            return self._archive(match[1], match[2], match[3])
        if match := _HOME.match(path):
            if match[1] == "1":
                return redirect(self.theme.base + "/")
            number = int(match[1] or 1)
            return self._cached(f"home:{number}", lambda: self._home(number))
        if (match := _CATEGORY_FEED.match(path)) and match[1] in self.theme.by_slug:
            slug = self.theme.by_slug[match[1]]
            return self._cached(f"feed:{slug}", lambda: self._feed(slug))
        if path in ("/feed", "/feed/"):
            return self._cached("feed:", lambda: self._feed(None))
        return self._static(path)

    # ------------------------------------------------------------ routes

    def _archive(self, kind: str, slug: str, page: str | None) -> Response:
        site = self.site
        if kind == "category" and slug in self.theme.by_slug:
            name = self.theme.names[self.theme.by_slug[slug]]
            listing = Listing(
                site.categories[self.theme.by_slug[slug]],
                f"/category/{slug}/",
                f"Category: {name}",
                f"{name} Archives",
                layout="grid",
                feed=f"/category/{slug}/feed/",
            )
        elif kind == "tag" and slug in site.tags:
            name = site.tag_names[slug]
            listing = Listing(site.tags[slug], f"/tag/{slug}/", f"Tag: {name}", f"{name} Archives")
        elif kind == "author" and slug in site.authors:
            name = site.author_names[slug]
            listing = Listing(
                site.authors[slug],
                f"/author/{slug}/",
                f"Author: {name}",
                f"{name}, Author at {self.theme.site_name}",
            )
        else:
            return self._not_found()
        return self._listing(listing, page)

    def _month(self, year: str, month: str, page: str | None) -> Response:
        pool = self.site.months.get(f"{year}/{month}")
        if not pool:
            return self._not_found()
        label = f"{datetime(int(year), int(month), 1):%B %Y}"
        return self._listing(Listing(pool, f"/{year}/{month}/", f"Month: {label}", label), page)

    def _listing(self, listing: Listing, page: str | None) -> Response:
        if page == "1":
            return redirect(self.theme.base + listing.path)
        number = int(page or 1)
        return self._cached(
            f"list:{listing.path}:{number}",
            lambda: self._page(
                self.skin.archive(listing, number),
                self.site.page(listing.pool, number, PER_PAGE),
            ),
        )

    def _home(self, number: int) -> Response:
        shown = self.site.page(range(len(self.site.posts)), number, PER_PAGE)
        return self._page(self.skin.home(number), shown)

    def _static(self, path: str) -> Response:
        theme = self.theme
        if path == "/robots.txt":
            return self._cached(
                "robots", lambda: make_response(200, feeds.robots(theme).encode(), TEXT)
            )
        if path == "/sitemap_index.xml":
            return self._cached("sitemap:index", lambda: self._xml(feeds.sitemap_index(theme)))
        if path == "/wp-sitemap.xml":
            return redirect(theme.base + "/sitemap_index.xml")
        if match := _POST_SITEMAP.match(path):
            number = int(match[1] or 1)
            if match[1] != "1":
                return self._cached(
                    f"sitemap:post:{number}", lambda: self._xml(feeds.post_sitemap(theme, number))
                )
        if path == "/category-sitemap.xml":
            return self._cached(
                "sitemap:category", lambda: self._xml(feeds.category_sitemap(theme))
            )
        if path == "/post_tag-sitemap.xml":
            return self._cached("sitemap:tag", lambda: self._xml(feeds.tag_sitemap(theme)))
        if path.startswith("/wp-content/uploads/") and path.endswith((".jpg", ".png")):
            return make_response(200, PIXEL, "image/gif")
        if path.startswith(("/wp-content/themes/", "/wp-includes/")) and path.endswith(
            (".css", ".js")
        ):
            kind = "text/css" if path.endswith(".css") else "application/javascript"
            return make_response(200, b"/* replica */\n", kind)
        return self._not_found()

    # ----------------------------------------------------------- helpers

    def _article(self, post: Post, amp: bool) -> Response:
        _, newer = self.site.neighbours(post)
        changed = max(post.modified, newer.published) if newer is not None else post.modified
        if amp:
            body = self.skin.amp_article(post)
        else:
            body = self.wordpress.head_link(self._html(self.skin.article(post)))
        shortlink = ("Link", f"<{self.theme.base}/?p={post.wp_id}>; rel=shortlink")
        return make_response(200, body.encode(), HTML, last_modified=changed, extra=[shortlink])

    def _html(self, page: Page | str) -> str:
        """A skin's page as served: Fox pages may ship as JavaScript shells."""
        return page if isinstance(page, str) else self.theme.render(page, js=self.js)

    def _page(self, page: Page | str | None, shown: list[Post]) -> Response:
        """A list page. Last-Modified: the newest post anywhere (the ticker and
        sidebar show it, and pages shift when posts are added) or an edit of
        a post shown on this page."""
        if page is None:
            return self._not_found_response()
        changed = max([self.site.posts[-1].published, *(p.modified for p in shown)])
        body = self.wordpress.head_link(self._html(page))
        return make_response(200, body.encode(), HTML, last_modified=changed)

    def _feed(self, slug: str | None) -> Response:
        pool = None if slug is None else self.site.categories[slug]
        items = self.site.latest(feeds.FEED_ITEMS, pool=pool)
        path = "/feed/" if slug is None else f"/category/{self.theme.slugs[slug]}/feed/"
        title = self.theme.site_name
        if slug is not None:
            title = f"{self.theme.names[slug]} Archives - {title}"
        body = feeds.rss(self.theme, items, path, title)
        changed = max((p.modified for p in items), default=self.site.clock)
        return make_response(200, body.encode(), RSS, last_modified=changed)

    def _xml(self, body: str | None) -> Response:
        if body is None:
            return self._not_found_response()
        return make_response(
            200, body.encode(), XML, last_modified=max(p.modified for p in self.site.posts)
        )

    def _not_found(self) -> Response:
        return self._cached("404", self._not_found_response)

    def _not_found_response(self) -> Response:
        page = self.skin.not_found()
        body = page if isinstance(page, str) else self.theme.render(page)
        return make_response(404, body.encode(), HTML, validators=False)

    def _cached(self, key: str, build: Callable[[], Response]) -> Response:
        resp = self._cache.get(key)
        if resp is not None:
            return resp
        with self.lock:
            resp = self._cache.get(key)
            if resp is None:
                resp = build()
                self._store(key, resp)
            return resp

    def _store(self, key: str, resp: Response) -> None:
        size = len(resp.body) + len(key) + 200
        while self._cache and self._cached_bytes + size > self.cache_bytes:
            oldest = next(iter(self._cache))
            self._cached_bytes -= len(self._cache.pop(oldest).body) + len(oldest) + 200
        self._cache[key] = resp
        self._cached_bytes += size

    def prerender(self) -> int:
        """Render every article page into the cache now; return how many."""
        for post in list(self.site.posts):
            self.resolve(post.path)
        return len(self.site.posts)

    # ------------------------------------------------------ invalidation

    def invalidate(self, posts: Iterable[Post]) -> None:
        """Drop every list-like page and the given posts' pages (call with `lock` held)."""
        doomed = {f"a:{p.index}:{v}" for p in posts for v in ("html", "amp")}
        for key in list(self._cache):
            if not key.startswith("a:") or key in doomed:
                self._cached_bytes -= len(self._cache.pop(key).body) + len(key) + 200
