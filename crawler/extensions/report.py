"""Run report: a summary in the log and a JSON file under ``STATE_DIR/reports``.

Counts pages, articles new / updated / duplicate / dropped by reason, errors by
kind, unique URLs attempted and failed, and field coverage, so a silent failure
becomes visible.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from hashlib import blake2b
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from itemadapter import ItemAdapter
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from crawler.urls import redact

COVERAGE_FIELDS = ("published", "authors", "body", "summary", "image")
# ValidationPipeline drops that mean "this page held no article we could read".
UNEXTRACTED_DROPS = ("EmptyBody", "MissingTitle")


def build_report(stats: dict[str, Any], spider: str) -> dict[str, Any]:
    """The run report from a finished crawl's stats."""
    written = int(stats.get("item_scraped_count", 0))
    updated = int(stats.get("dedup/updates", 0))
    reasons = _suffixed(stats, "item_dropped_reasons_count/")
    duplicates = reasons.pop("DuplicateURL", 0) + reasons.pop("DuplicateContent", 0)
    # Errors that cost data: URLs given up on (after retries) and callback crashes.
    failed = {f"failed_{k}": v for k, v in _suffixed(stats, "failed/").items()}
    crashed = {f"spider_{k}": v for k, v in _suffixed(stats, "spider_exceptions/").items()}
    errors = {**failed, **crashed}
    pages = int(stats.get("downloader/response_count", 0))
    start, finish = stats.get("start_time"), stats.get("finish_time")
    # Unique URLs (UrlTally): retries and redirects do not inflate the denominator.
    attempted = int(stats.get("urls/attempted", 0))
    urls_failed = max(attempted - int(stats.get("urls/fetched", 0)), 0)
    extract_errors = int(stats.get("failed/article_extract", 0))
    pages_failed = sum(crashed.values()) + extract_errors
    return {
        "spider": spider,
        "started": start.isoformat() if start else None,
        "finished": finish.isoformat() if finish else None,
        "duration_seconds": round(float(stats.get("elapsed_time_seconds", 0.0)), 3),
        "finish_reason": stats.get("finish_reason"),
        # Why the output could not be saved (crawler.extensions.feeds), or null.
        "output_failed": redact(str(stats["output/error"])) if stats.get("output/error") else None,
        "requests": int(stats.get("downloader/request_count", 0)),
        "pages_fetched": pages,
        "not_modified": int(stats.get("conditional/not_modified", 0)),
        "articles": {
            "new": written - updated,
            "updated": updated,
            "duplicate": duplicates,
            "dropped": reasons,
        },
        "errors": errors,
        "failed_urls": [
            {k: redact(v) if isinstance(v, str) else v for k, v in entry.items()}
            for entry in stats.get("failed/urls", [])
        ],
        "error_count": sum(errors.values()),
        "download_exceptions": _suffixed(stats, "downloader/exception_type_count/"),
        "coverage": {
            field: round(stats.get(f"coverage/{field}", 0) / written, 4) if written else None
            for field in COVERAGE_FIELDS
        },
        "urls_attempted": attempted,
        "urls_fetched": attempted - urls_failed,
        "urls_failed": urls_failed,
        "urls_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        # robots.txt files that answered 5xx/429: their sites were not crawled (RFC 9309).
        "robots_unreachable": list(stats.get("robotstxt/unreachable", [])),
        "pages_failed": pages_failed,
        "error_rate": round((urls_failed + pages_failed) / attempted, 4) if attempted else None,
        "listing_pages_parsed": int(stats.get("listing/parsed", 0)),
        "article_links_found": int(stats.get("listing/article_links", 0)),
        "article_links_too_old": int(stats.get("listing/too_old", 0)),
        "article_pages_parsed": int(stats.get("article/pages", 0)),
        "article_pages_unextracted": extract_errors
        + sum(reasons.get(reason, 0) for reason in UNEXTRACTED_DROPS),
    }


def _suffixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {
        k.removeprefix(prefix): int(v)
        for k, v in stats.items()
        if k.startswith(prefix) and isinstance(v, int)
    }


def page_url(request: Request) -> str:
    """The page a request fetches: a Splash request's own URL is Splash's endpoint."""
    splash = request.meta.get("splash")
    url = splash.get("args", {}).get("url") if isinstance(splash, dict) else None
    return str(url) if url else request.url


def url_key(url: str) -> int:
    """A 64-bit hash of ``url``: a set of these stays small on long crawls."""
    return int.from_bytes(blake2b(url.encode(), digest_size=8).digest(), "big")


class UrlTally:
    """Count unique URLs sent to the downloader and unique URLs answered (status < 400).

    Stats ``urls/attempted`` and ``urls/fetched``; a URL attempted but never
    answered failed (after its retries).  Retries count once; a redirect's
    answer answers every URL of the chain.  robots.txt requests are not pages,
    and URLs robots.txt forbids never reach the downloader (Scrapy counts them
    as ``robotstxt/forbidden``).  One tally per crawler, whichever extension
    installs it first.
    """

    _tallies: ClassVar[WeakKeyDictionary[Crawler, UrlTally]] = WeakKeyDictionary()

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.answered: dict[int, bool] = {}  # url_key -> got an answer below 400

    @classmethod
    def install(cls, crawler: Crawler) -> UrlTally:
        """The crawler's tally, connected to its signals on first use."""
        tally = cls._tallies.get(crawler)
        if tally is None:
            assert crawler.stats is not None
            tally = cls._tallies[crawler] = cls(crawler.stats)
            crawler.signals.connect(
                tally.request_reached_downloader, signal=signals.request_reached_downloader
            )
            crawler.signals.connect(tally.response_received, signal=signals.response_received)
        return tally

    def request_reached_downloader(self, request: Request) -> None:
        url = page_url(request)
        if urlsplit(url).path == "/robots.txt":
            return
        key = url_key(url)
        if key not in self.answered:
            self.answered[key] = False
            self.stats.inc_value("urls/attempted")

    def response_received(self, response: Response, request: Request) -> None:
        if response.status >= 400:
            return
        for url in (*request.meta.get("redirect_urls", ()), page_url(request)):
            key = url_key(url)
            if self.answered.get(key) is False:
                self.answered[key] = True
                self.stats.inc_value("urls/fetched")


class RunReport:
    """Count field coverage while items are written; report when the spider closes."""

    def __init__(self, stats: StatsCollector, folder: Path, tally: UrlTally) -> None:
        self.stats = stats
        self.folder = folder
        self.tally = tally
        self.report: dict[str, Any] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        if not crawler.settings.getbool("REPORT_ENABLED", True):
            raise NotConfigured("REPORT_ENABLED is off")
        assert crawler.stats is not None
        folder = crawler.settings.get("REPORT_DIR") or Path(
            crawler.settings.get("STATE_DIR", ".state"), "reports"
        )
        ext = cls(crawler.stats, Path(folder), UrlTally.install(crawler))
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        # After the engine has set finish_time and elapsed_time_seconds.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def item_scraped(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        for field in COVERAGE_FIELDS:
            if adapter.get(field):
                self.stats.inc_value(f"coverage/{field}")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = dict(self.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        stats.setdefault("finish_time", datetime.now(UTC))
        self.report = build_report(stats, spider.name)
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = self.folder / f"{spider.name}-{stamp}.json"
        path.write_text(json.dumps(self.report, indent=2, default=str), encoding="utf-8")
        articles = self.report["articles"]
        spider.logger.info(
            "Run report: %d pages, %d of %d URLs failed, %d new, %d updated, %d duplicate, "
            "%s dropped, %d errors in %.1fs -> %s",
            self.report["pages_fetched"],
            self.report["urls_failed"],
            self.report["urls_attempted"],
            articles["new"],
            articles["updated"],
            articles["duplicate"],
            sum(articles["dropped"].values()),
            self.report["error_count"],
            self.report["duration_seconds"],
            path,
        )
