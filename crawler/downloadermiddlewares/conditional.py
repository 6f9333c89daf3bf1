"""Conditional requests for listings and sitemaps (ETag / Last-Modified).

Only requests marked ``meta["conditional"]`` are affected, never article
pages.  New validators are kept only when the run's output is confirmed, so a
crashed run cannot turn the next run's listing into a 304 that hides
unwritten articles (the deltafetch trap).
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from crawler.state import store_for
from crawler.store import Resource, StateStore


class ConditionalRequestMiddleware:
    """Add If-None-Match / If-Modified-Since from the validators an earlier run kept."""

    def __init__(self, store: StateStore, stats: StatsCollector) -> None:
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        if not crawler.settings.getbool("CONDITIONAL_ENABLED", True):
            raise NotConfigured("CONDITIONAL_ENABLED is off")
        assert crawler.stats is not None
        return cls(store_for(crawler), crawler.stats)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get("conditional"):
            return
        known = self.store.resource(request.url)
        if known is None:
            return
        if known.etag:
            request.headers.setdefault(b"If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault(b"If-Modified-Since", known.last_modified)
        self.stats.inc_value("conditional/sent")

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if not request.meta.get("conditional"):
            return response
        if response.status == 304:
            self.stats.inc_value("conditional/not_modified")
        elif response.status == 200:
            etag = response.headers.get(b"ETag")
            modified = response.headers.get(b"Last-Modified")
            lastmod = request.meta.get("lastmod")
            if etag or modified or lastmod:
                self.store.add_resource(
                    Resource(
                        request.url,
                        etag.decode("latin-1") if etag else None,
                        modified.decode("latin-1") if modified else None,
                        lastmod,
                    )
                )
        return response
