"""robots.txt as RFC 9309 asks: a server error disallows everything, Crawl-delay is honoured.

Scrapy's RobotsTxtMiddleware parses whatever a robots.txt request returned,
so a 503 page (no rules) lets the crawl fetch everything, and it ignores
``Crawl-delay``.  This one:

- treats a robots.txt answered with a 5xx status (or 429), after retries, as
  "unreachable": RFC 9309 section 2.3.1.4 says to assume complete disallow.
  Every request to that site is refused for the rest of the run; one ERROR
  line says so, and the stats (``robotstxt/unreachable``) reach the run
  report and a monitor.
- makes the site's ``Crawl-delay`` (for ``ROBOTSTXT_USER_AGENT``) a floor
  under the download delay of its downloader slot: no randomisation below
  it, no AutoThrottle adjustment below it, capped at
  ``ROBOTSTXT_MAX_CRAWL_DELAY`` seconds (a WARNING says when the cap applies).
- reports a robots.txt it could not download at all (connection refused,
  DNS) in one line instead of a traceback, and crawls as if it allowed
  everything: the pages' own requests then fail and are reported.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


class Unreachable(RobotParser):
    """The rules of a robots.txt that answered with a server error: nothing is allowed."""

    def __init__(self, url: str, status: int) -> None:
        self.url = url
        self.status = status

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Unreachable:
        return cls("", 0)

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class QuietRobotsTxtMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware with RFC 9309's unreachable rule, Crawl-delay, and one-line errors."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_crawl_delay = crawler.settings.getfloat("ROBOTSTXT_MAX_CRAWL_DELAY", 60.0)
        self.floors: dict[str, float] = {}  # downloader slot -> Crawl-delay in force
        # netloc -> the robots.txt answer, handed to a request marked
        # meta["robotstxt_cached"] (discovery reads its Sitemap: lines) without a refetch.
        self.answers: dict[str, Response] = {}

    def process_request_2(  # type: ignore[override]
        self, rp: RobotParser | None, request: Request, spider: Spider
    ) -> Response | None:
        if request.meta.get("robotstxt_cached"):
            answer = self.answers.get(urlparse_cached(request).netloc)
            if answer is not None and answer.url == request.url:
                return answer.replace(request=request)
        if isinstance(rp, Unreachable):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest(
                f"Forbidden: robots.txt {rp.url} answered {rp.status}, so nothing on that "
                "site may be fetched this run (RFC 9309)"
            )
        super().process_request_2(rp, request, spider)
        if self.floors and self._slot_key(request) in self.floors:
            # AutoThrottle must not lower this slot's delay below the Crawl-delay.
            request.meta["autothrottle_dont_adjust_delay"] = True
        return None

    def _parse_robots(self, response: Response, netloc: str, spider: Spider) -> None:
        """Scrapy's, but the site's delay is set before the requests waiting for it go on."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("robotstxt/response_count")
        stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        waiting = self._parsers[netloc]
        assert isinstance(waiting, Deferred)
        if response.status != 429 and response.status < 500:
            parser = self._parserimpl.from_crawler(self.crawler, response.body)
            self.answers[netloc] = response
            self._apply_crawl_delay(parser, response)
            self._parsers[netloc] = parser
            waiting.callback(parser)
            return
        unreachable = stats.get_value("robotstxt/unreachable") or []
        stats.set_value(
            "robotstxt/unreachable",
            [*unreachable, {"url": response.url, "status": response.status}],
        )
        logger.error(
            "robots.txt %s answered %d: nothing on %s is fetched this run "
            "(RFC 9309: a robots.txt that fails with a server error disallows everything)",
            response.url,
            response.status,
            netloc,
            extra={"spider": spider},
        )
        unreachable_parser = Unreachable(response.url, response.status)
        self._parsers[netloc] = unreachable_parser
        waiting.callback(unreachable_parser)

    def _apply_crawl_delay(self, parser: Any, response: Response) -> None:
        """Make the site's Crawl-delay the least delay of its downloader slot."""
        crawl_delay = getattr(getattr(parser, "rp", None), "crawl_delay", None)
        agent = self._robotstxt_useragent or self._default_useragent
        try:
            delay = float(crawl_delay(agent) or 0) if callable(crawl_delay) else 0.0
        except (TypeError, ValueError):
            delay = 0.0
        if delay <= 0:
            return
        if delay > self.max_crawl_delay:
            logger.warning(
                "robots.txt %s asks for Crawl-delay %g s; using ROBOTSTXT_MAX_CRAWL_DELAY=%g s",
                response.url,
                delay,
                self.max_crawl_delay,
            )
            delay = self.max_crawl_delay
        if delay <= 0:
            return
        engine = self.crawler.engine
        assert engine is not None and self.crawler.stats is not None
        downloader = engine.downloader
        key = self._slot_key(response.request) if response.request else ""
        floor = self.floors[key] = max(delay, self.floors.get(key, 0.0))
        # Slots idle for a minute are dropped and made again from DOWNLOAD_SLOTS.
        slot_settings = downloader.per_slot_settings.setdefault(key, {})
        slot_settings["delay"] = max(floor, float(slot_settings.get("delay", 0.0)))
        slot_settings["randomize_delay"] = False
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, floor)
            slot.randomize_delay = False
        self.crawler.stats.set_value("robotstxt/crawl_delay", floor)
        logger.info(
            "robots.txt %s: Crawl-delay %g s, so requests to %s are at least that far apart",
            response.url,
            floor,
            key,
        )

    def _slot_key(self, request: Request) -> str:
        engine = self.crawler.engine
        assert engine is not None
        return str(request.meta.get("download_slot") or engine.downloader.get_slot_key(request))

    def _logerror(self, failure: Failure, request: Request, spider: Spider) -> Failure:
        if not isinstance(failure.value, IgnoreRequest):
            logger.error(
                "Could not fetch %s: %s (crawling as if it allowed everything)",
                request.url,
                failure.getErrorMessage(),
                extra={"spider": spider},
            )
        return failure
