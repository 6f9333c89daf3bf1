"""Retry-After on 429 and 503: the site gets the pause it asked for before any request.

Scrapy's RetryMiddleware retries a 429 or 503 at once, whatever the
``Retry-After`` header says.  This middleware reads the header (seconds or
an HTTP date), caps it at ``RETRY_AFTER_MAX`` seconds, and holds every
request to that host (the retry and all others) until the pause is over.
It sits just after RetryMiddleware in the request order, so it sees the
response first and the retry request on its way out.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

from crawler.render import page_url
from crawler.urls import split

logger = logging.getLogger(__name__)

STATUSES = (429, 503)


def retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


class RetryAfterMiddleware:
    """Hold requests to a host that answered 429/503 with Retry-After, for that long (capped)."""

    def __init__(self, stats: StatsCollector, max_wait: float) -> None:
        self.stats = stats
        self.max_wait = max_wait
        self.not_before: dict[str, float] = {}  # host -> time.monotonic() it may be asked again

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        if not crawler.settings.getbool("RETRY_AFTER_ENABLED", True):
            raise NotConfigured("RETRY_AFTER_ENABLED is off")
        assert crawler.stats is not None
        return cls(crawler.stats, max(crawler.settings.getfloat("RETRY_AFTER_MAX", 120.0), 0.0))

    def process_request(
        self, request: Request, spider: Spider | None = None
    ) -> Deferred[None] | None:
        wait = self.not_before.get(_host(request), 0.0) - time.monotonic()
        if wait <= 0:
            return None
        from twisted.internet import reactor  # noqa: PLC0415  (the one Scrapy installed)

        self.stats.inc_value("retry_after/held_requests")
        return deferLater(reactor, wait, lambda: None)  # type: ignore[arg-type]

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if response.status not in STATUSES:
            return response
        asked = retry_after(response.headers.get(b"Retry-After"))
        if asked is None:
            return response
        wait = min(asked, self.max_wait)
        host = _host(request)
        until = time.monotonic() + wait
        if until > self.not_before.get(host, 0.0):
            self.not_before[host] = until
        self.stats.inc_value("retry_after/count")
        self.stats.max_value("retry_after/max_wait", wait)
        capped = f" (capped by RETRY_AFTER_MAX from {asked:g} s)" if wait < asked else ""
        logger.info(
            "%s answered %d with Retry-After: no request to %s for %g s%s",
            response.url,
            response.status,
            host,
            wait,
            capped,
        )
        return response


def _host(request: Request) -> str:
    parts = split(page_url(request))
    return (parts.hostname or "") if parts is not None else ""
