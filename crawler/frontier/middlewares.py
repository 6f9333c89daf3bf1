"""The frontier's two middlewares: who seeds the run, and one download rate per site.

Politeness across workers: a site's request rate is a property of the site,
not of the number of workers.  Each worker keeps Scrapy's own per-site delay
(DOWNLOAD_DELAY, raised by robots.txt's Crawl-delay and AutoThrottle); on top
of it SharedDelayMiddleware reserves, in one Redis script, the site's next
free moment (``{prefix}:rate:{site}``, Redis's clock) and holds the request
until then, so requests to one site from all workers, of all runs, are at
least that delay apart.  A shared limiter rather than per-worker delays
multiplied by the worker count: workers join and leave during a run (a node
dies, one is added), and the site must not notice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler.frontier import FrontierConfig, enabled
from crawler.frontier.scheduler import scheduler_of

logger = logging.getLogger(__name__)


class FrontierStartMiddleware:
    """Only the first worker of a run yields the spider's start requests; the others
    take theirs from the shared queue (a second seeding would only be filtered as
    duplicates, and the spider would read each filtered listing as a loop)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierStartMiddleware:
        if not enabled(crawler.settings):
            raise NotConfigured("FRONTIER_URL is not set")
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        frontier = scheduler_of(self.crawler)
        if frontier is not None and not frontier.is_seeder:
            logger.info("Frontier: this worker joined a run; its first worker seeds the crawl")
            return
        try:
            async for item_or_request in start:
                yield item_or_request
        finally:
            if frontier is not None:
                frontier.seeding_done()


class SharedDelayMiddleware:
    """Requests to one site from all workers stay the site's download delay apart."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.delay = crawler.settings.getfloat("DOWNLOAD_DELAY", 0.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedDelayMiddleware:
        if not enabled(crawler.settings):
            raise NotConfigured("FRONTIER_URL is not set")
        if not FrontierConfig.from_settings(crawler.settings).shared_delay:
            raise NotConfigured("FRONTIER_SHARED_DELAY is off")
        return cls(crawler)

    def interval(self, request: Request) -> tuple[str, float]:
        """The downloader slot (site) of ``request`` and its delay now (Crawl-delay and
        AutoThrottle included)."""
        downloader = getattr(self.crawler.engine, "downloader", None)
        site = request.meta.get("download_slot") or urlparse_cached(request).hostname or ""
        if downloader is not None:
            site = downloader.get_slot_key(request)
            slot = downloader.slots.get(site)
            if slot is not None:
                return site, max(self.delay, float(slot.delay))
        return site, self.delay

    async def process_request(self, request: Request, spider: Spider) -> None:
        frontier = scheduler_of(self.crawler)
        if frontier is None or frontier.run is None:
            return
        site, interval = self.interval(request)
        if interval <= 0:
            return
        wait = frontier.run.reserve(site, interval)
        if wait > 0:
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("frontier/delayed")
            await asyncio.sleep(wait)
