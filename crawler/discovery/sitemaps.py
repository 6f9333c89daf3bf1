"""XML sitemaps: found from robots.txt, then the places WordPress and its SEO plugins use.

Where to look, in order: the roots an earlier run found (remembered in the
store), the ``Sitemap:`` lines of robots.txt (the copy the robots.txt
middleware already fetched: no second request), the profile's hint if it has
one, then WordPress core's ``/wp-sitemap.xml``, Yoast's and Rank Math's
``/sitemap_index.xml`` and ``/sitemap.xml``, one after the other until one
answers with a sitemap.

In an index, sub-sitemaps whose names say they list terms, authors or pages
(``category-sitemap.xml``, ``wp-sitemap-taxonomies-…``, ``wp-sitemap-users-…``)
are not fetched, nor those whose ``lastmod`` is the one an earlier run read;
the others are fetched conditionally and recognised by what they list: a
sitemap whose entries are mostly not article URLs is remembered as "other"
and not fetched again before ``DISCOVERY_RECHECK_DAYS``.  Entries give
``lastmod`` (modification) and Google News ``publication_date``.  Each file
is read as a stream, at most 50,000 entries (``crawler.extract.sitemap``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler.discovery.base import Candidate, Source, logger, parse_when
from crawler.extract.sitemap import SitemapError, SitemapReader
from crawler.urls import same_site, split

WELL_KNOWN = ("/wp-sitemap.xml", "/sitemap_index.xml", "/sitemap.xml")
# Sub-sitemaps named for what is not an article: terms, authors, pages, products.
NOT_POSTS = re.compile(
    r"(?:^|[-_])(?:pages?|category|categories|post_tag|tags?|authors?|users?|taxonomies"
    r"|product\w*|attachment|locations?)(?:[-_]|\d|\.xml)",
    re.IGNORECASE,
)
# Archive paths that are never articles, whatever the article pattern allows.
ARCHIVE = re.compile(r"^/(?:category|tag|author|page|feed|wp-json|wp-content)(?:/|$)|^/?$")
MAX_ROBOTS_SITEMAPS = 20
MAX_DEPTH = 3  # index -> index -> sitemap
SAMPLE = 50  # entries looked at to tell a post sitemap from another


class SitemapSource(Source):
    name = "sitemaps"
    kind = "sitemap"

    def __init__(self, hub: object) -> None:
        super().__init__(hub)  # type: ignore[arg-type]
        self.probes: list[str] = []
        self.roots: set[str] = set()

    @property
    def label(self) -> str:
        return "XML sitemap"

    def begin(self) -> Iterator[Request]:
        hub = self.hub
        remembered = hub.recall(self.name, "roots")
        if isinstance(remembered, list) and remembered:
            for url in remembered[:MAX_ROBOTS_SITEMAPS]:
                if isinstance(url, str) and same_site(url, hub.base_url):
                    yield self._sitemap(url, root=True, remembered=True)
            return
        yield self.request(
            hub.base_url + "/robots.txt", self.parse_robots, robotstxt_cached=True, probe=True
        )

    def _sitemap(self, url: str, *, root: bool = False, **meta: object) -> Request:
        return self.request(url, self.parse_sitemap, conditional=True, root=root, **meta)

    def _well_known(self) -> list[str]:
        hint = getattr(getattr(self.hub.spider, "profile", None), "sitemap_path", None)
        paths = [hint] if isinstance(hint, str) and hint.startswith("/") else []
        paths += [p for p in WELL_KNOWN if p not in paths]
        return [self.hub.base_url + p for p in paths]

    def parse_robots(self, response: Response) -> Iterator[Request]:
        named: list[str] = []
        if response.status == 200 and isinstance(response, TextResponse):
            for line in response.text.splitlines():
                field, _, value = line.partition(":")
                if field.strip().lower() == "sitemap" and value.strip():
                    url = value.strip()
                    if same_site(url, self.hub.base_url):
                        named.append(url)
                    else:
                        self.count("offsite")
        if named:
            for url in dict.fromkeys(named[:MAX_ROBOTS_SITEMAPS]):
                yield self._sitemap(url, root=True)
            return
        self.probes = self._well_known()
        yield from self._probe()

    def _probe(self) -> Iterator[Request]:
        """The next well-known place, or the conclusion that the site has no sitemap."""
        if self.probes:
            yield self._sitemap(self.probes.pop(0), root=True, probe=True)
        elif not self.roots:
            self.absent("robots.txt names none and " + ", ".join(WELL_KNOWN) + " answer none")

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        meta = response.meta
        root = bool(meta.get("root"))
        if response.status == 304:
            self.present = True
            self.dated = self.dated or bool(self.hub.recall(self.name, "dated"))
            return
        reader = SitemapReader(response.body) if response.status == 200 else None
        try:
            entries = list(self._entries(reader)) if reader is not None else []
        except SitemapError:
            entries, reader = [], None
        if reader is None or reader.kind not in ("sitemapindex", "urlset"):
            yield from self._not_a_sitemap(response, root)
            return
        self.present = True
        if root:
            self._found_root(response.url)
        if reader.truncated:
            self.count("truncated")
            logger.warning(
                "Sitemap %s lists more than %d entries; the rest were skipped",
                response.url,
                reader.limit,
            )
        if reader.kind == "sitemapindex":
            yield from self._index(response, entries)
        else:
            yield from self._urlset(response.url, entries)

    def _entries(self, reader: SitemapReader) -> Iterator[dict[str, str]]:
        yield from reader

    def _not_a_sitemap(self, response: Response, root: bool) -> Iterator[Request]:
        meta = response.meta
        if response.status == 200:
            self.count("invalid")
            logger.info("Discovery: %s is not a sitemap; skipped", response.url)
        if meta.get("probe"):
            yield from self._probe()
        elif meta.get("remembered"):
            # A sitemap an earlier run found is gone: look for it again.
            self.hub.forget(self.name, "roots")
            if not any(r for r in self.roots):
                self.probes = self._well_known()
                yield self.request(
                    self.hub.base_url + "/robots.txt",
                    self.parse_robots,
                    robotstxt_cached=True,
                    probe=True,
                )
        elif root and response.status != 200:
            logger.info("Discovery: sitemap %s answered %d", response.url, response.status)
            if not self.roots and not self.outstanding > 1:
                self.probes = self._well_known()
                yield from self._probe()

    def _found_root(self, url: str) -> None:
        if url not in self.roots:
            self.roots.add(url)
            self.hub.remember(self.name, "roots", sorted(self.roots))
        self.probes = []

    def _index(self, response: Response, entries: list[dict[str, str]]) -> Iterator[Request]:
        depth = int(response.meta.get("depth", 0)) + 1
        if depth >= MAX_DEPTH:
            logger.info("Discovery: sitemap index %s nested too deep; skipped", response.url)
            return
        hint = getattr(getattr(self.hub.spider, "profile", None), "sitemap_posts", None)
        others = self.hub.recall(self.name, "others") or {}
        for entry in entries:
            url, lastmod = entry["loc"], entry.get("lastmod")
            if not same_site(url, self.hub.base_url):
                self.count("offsite")
                # Never fetched, but said: an index naming another site is broken or hostile.
                reason = f"refused: another site (named by the sitemap index {response.url})"
                logger.warning("Discovery: sitemap %s %s", url, reason)
                self.hub.spider._record_failure(url, "sitemap", reason)
                continue
            name = urlsplit(url).path.rsplit("/", 1)[-1]
            # The profile's hint names post sitemaps for sure; other names go by NOT_POSTS,
            # then by what they list.
            hinted = hint is not None and hint.pattern not in (".*", "") and hint.search(url)
            if not hinted and NOT_POSTS.search(name):
                continue
            since = others.get(url) if isinstance(others, dict) else None
            if isinstance(since, (int, float)) and time.time() - since < self.hub.recheck:
                continue
            if lastmod:
                self.dated = True
            known = self.hub.store.resource(url)
            if lastmod and known is not None and known.lastmod == lastmod:
                continue
            yield self._sitemap(url, depth=depth, lastmod=lastmod)

    def _urlset(self, url: str, entries: list[dict[str, str]]) -> Iterator[Request]:
        sample = entries[:SAMPLE]
        articles = sum(1 for e in sample if self._article_like(e["loc"]))
        if sample and articles * 2 < len(sample):
            self.count("not_posts")
            logger.info("Discovery: sitemap %s lists no articles; not read again", url)
            others = self.hub.recall(self.name, "others") or {}
            others = others if isinstance(others, dict) else {}
            self.hub.remember(self.name, "others", {**others, url: time.time()})
            return
        for entry in entries:
            modified = parse_when(entry.get("lastmod"))
            published = parse_when(entry.get("publication_date"))
            if modified is not None:
                self.dated = True
            yield from self.offer(Candidate(entry["loc"], published, modified))

    def _article_like(self, url: str) -> bool:
        parts = split(url)
        if parts is None or ARCHIVE.search(parts.path):
            return False
        return bool(self.hub.spider._is_article_url(url))
