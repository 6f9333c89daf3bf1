"""Scrapy 2.13 compatibility shim for scrapy-splash 0.11.1 (copy it where you need it).

scrapy-splash's SplashDeduplicateArgsMiddleware only defines the deprecated
process_start_requests() and a sync process_spider_output().  On Scrapy 2.13:
  * any enabled middleware with only process_start_requests() makes Scrapy use
    the deprecated start_requests() path, warn (ScrapyDeprecationWarning), and
    raise ValueError for spiders that only define `async def start()`;
  * a sync-only process_spider_output() logs "doesn't support asynchronous
    spider output".
This subclass adds process_start() and process_spider_output_async(), which
makes it "universal": async start() spiders work, sync start_requests() spiders
still work, and neither warning is logged.  Use it in place of the original:

    SPIDER_MIDDLEWARES = {
        "<module>.AsyncStartSplashDeduplicateArgsMiddleware": 100,
    }
"""

import scrapy
from scrapy_splash import SplashDeduplicateArgsMiddleware


class AsyncStartSplashDeduplicateArgsMiddleware(SplashDeduplicateArgsMiddleware):
    @classmethod
    def from_crawler(cls, crawler):
        mw = cls()
        mw.crawler = crawler
        return mw

    def _init_state(self, spider):
        if not hasattr(spider, "state"):
            spider.state = {}
        spider.state.setdefault(self.local_values_key, {})

    def process_start_requests(self, start_requests, spider):
        self._init_state(spider)
        for req in start_requests:
            yield self._process_request(req, spider)

    async def process_start(self, start):
        spider = self.crawler.spider
        self._init_state(spider)
        async for req in start:
            yield self._process_request(req, spider)

    async def process_spider_output_async(self, response, result, spider):
        async for el in result:
            if isinstance(el, scrapy.Request):
                yield self._process_request(el, spider)
            else:
                yield el
