"""Requests stay on the crawled site: scheme, host and port, redirects included.

Scrapy's OffsiteMiddleware compares host names only, so a link or a redirect
to another port of the same host (another service, maybe an internal one)
passes it.  This middleware refuses any request whose page URL is not on the
spider's ``base_url`` site (crawler.urls.same_site: host without ``www.``,
port, scheme with http -> https allowed, no user info), whether the spider
built it or a redirect did.  The request's errback gets an OffsiteRequest
naming both URLs, so a refused redirect is reported as a lost page.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.render import page_url
from crawler.urls import redact, same_site


class OffsiteRequest(IgnoreRequest):
    """A request (or redirect) that leaves the crawled site."""


class SameSiteMiddleware:
    """Refuse requests to any other scheme, host or port than the spider's ``base_url``."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SameSiteMiddleware:
        if not crawler.settings.getbool("SAMESITE_ENABLED", True):
            raise NotConfigured("SAMESITE_ENABLED is off")
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        site = getattr(spider, "base_url", None)
        url = page_url(request)
        if not site or same_site(url, site):
            return
        self.stats.inc_value("samesite/refused")
        chain = request.meta.get("redirect_urls")
        if chain:
            self.stats.inc_value("samesite/refused_redirects")
            raise OffsiteRequest(
                f"redirect from {redact(chain[0])} to {redact(url)} refused: another site "
                f"than {site} (scheme, host and port must match)"
            )
        raise OffsiteRequest(f"{redact(url)} refused: another site than {site}")
