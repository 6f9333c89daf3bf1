"""scrapy-splash 0.11.1 on Scrapy 2.13: the one compatibility shim, kept here.

Why: scrapy-splash's SplashDeduplicateArgsMiddleware defines only the
deprecated ``process_start_requests()`` and a sync ``process_spider_output()``.
On Scrapy 2.13 such a middleware makes Scrapy fall back to the deprecated
``start_requests()`` path, and a spider with only ``async def start()`` then
fails with ``ValueError`` and sends no request.  This subclass adds the
``process_start()`` and async output methods, so ``async def start()`` spiders
work (and sync ones still do) without patching Scrapy or scrapy-splash.
Remove it when scrapy-splash ships ``process_start()`` itself.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.http import Response

# scrapy-splash 0.11.1 itself calls deprecated Scrapy APIs on every request
# (Downloader._get_slot_key, scrapy.utils.url.canonicalize_url); nothing here can
# act on those warnings, and one per request drowns the crawl log.
for _message in (
    "Use of this protected method is deprecated",
    "The scrapy.utils.url.canonicalize_url function is deprecated",
):
    warnings.filterwarnings("ignore", message=_message, category=ScrapyDeprecationWarning)

from scrapy_splash import SplashDeduplicateArgsMiddleware  # noqa: E402  (after the filters)


class AsyncStartSplashDeduplicateArgsMiddleware(SplashDeduplicateArgsMiddleware):  # type: ignore[misc]
    """SplashDeduplicateArgsMiddleware with Scrapy 2.13's async start/output hooks."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AsyncStartSplashDeduplicateArgsMiddleware:
        middleware = cls()
        middleware.crawler = crawler
        return middleware

    def _init_state(self, spider: Spider) -> None:
        # scrapy-splash keeps its deduplicated args in spider.state (as SpiderState does).
        if not hasattr(spider, "state"):
            spider.state = {}  # type: ignore[attr-defined]
        spider.state.setdefault(self.local_values_key, {})  # type: ignore[attr-defined]

    def process_start_requests(
        self, start_requests: Iterable[Any], spider: Spider
    ) -> Iterator[Any]:
        self._init_state(spider)
        for request in start_requests:
            yield self._process_request(request, spider)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        spider = self.crawler.spider
        assert spider is not None
        self._init_state(spider)
        async for request in start:
            yield self._process_request(request, spider)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Spider
    ) -> AsyncIterator[Any]:
        async for element in result:
            yield (
                self._process_request(element, spider) if isinstance(element, Request) else element
            )
