"""Monitors: checks that turn a silent failure into a visible one.

A failed check is logged at ERROR and counted in ``monitor/failed``; the
project's ``scrapy crawl`` then exits non-zero so cron and Scrapyd users see it.
Checks: silence, field coverage, a robots.txt that forbids everything, no page
fetched, the error rate over unique URLs, and listings or articles whose
markup no longer matches the site profile.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.extensions.report import UNEXTRACTED_DROPS, UrlTally, build_report
from crawler.state import store_for
from crawler.store import StateStore

LAST_NEW_KEY = "monitor/last_new_article_at"
MARKUP_HINT = (
    "the site's markup probably changed, or the site needs rendering (render=splash/playwright)"
)


def check_report(
    report: dict[str, Any],
    *,
    last_new: datetime | None,
    now: datetime,
    max_silence: timedelta | None,
    min_coverage: dict[str, float],
    max_error_rate: float | None,
) -> list[str]:
    """Failed checks, each as one sentence; an empty list means healthy."""
    failures: list[str] = []
    if report.get("output_failed"):
        failures.append(
            f"the output was not saved ({report['output_failed']}): articles not saved "
            "are fetched again by the next run"
        )
    new = report["articles"]["new"] + report["articles"]["updated"]
    if max_silence is not None and not new:
        if last_new is None:
            failures.append("no new article has ever been written by this spider")
        elif now - last_new > max_silence:
            failures.append(
                f"no new article since {last_new.isoformat()} (longer than {max_silence})"
            )
    if new:
        for field, floor in sorted(min_coverage.items()):
            share = report["coverage"].get(field)
            if share is not None and share < floor:
                failures.append(f"field coverage of {field} is {share:.0%}, below {floor:.0%}")
    failures.extend(_fetch_failures(report, max_error_rate))
    failures.extend(_markup_failures(report))
    return failures


def _fetch_failures(report: dict[str, Any], max_error_rate: float | None) -> list[str]:
    """robots.txt unreachable or forbidding everything, no page fetched, too many URLs lost."""
    attempted, forbidden = report["urls_attempted"], report["urls_forbidden"]
    unreachable = [
        f"robots.txt {entry['url']} answered {entry['status']}: RFC 9309 says to crawl "
        "nothing then, so this run fetched nothing from that site"
        for entry in report.get("robots_unreachable") or []
    ]
    if unreachable:
        if forbidden:
            unreachable[-1] += f" ({_count(forbidden, 'URL')} not fetched)"
        return unreachable
    if not attempted and forbidden:
        return [f"robots.txt disallows every URL this run tried: {forbidden} forbidden"]
    failures: list[str] = []
    if not report["urls_fetched"]:
        failures.append(
            f"no page was fetched ({_count(attempted, 'URL')} attempted, all failed)"
            if attempted
            else "no page was fetched (no URL was attempted)"
        )
    lost = report["urls_failed"] + report["pages_failed"]
    if max_error_rate is not None and attempted and lost / attempted > max_error_rate:
        detail = f"{report['urls_failed']} of {_count(attempted, 'URL')} failed after retries"
        if report["pages_failed"]:
            detail += f", {_count(report['pages_failed'], 'page')} failed in parsing"
        failures.append(
            f"error rate {lost / attempted:.1%} is above {max_error_rate:.1%} ({detail})"
        )
    return failures


def _markup_failures(report: dict[str, Any]) -> list[str]:
    """Listings that link no article, or article pages none of which could be read."""
    failures: list[str] = []
    listings = report["listing_pages_parsed"]
    if listings and not report["article_links_found"] + report["article_links_too_old"]:
        failures.append(
            f"{_count(listings, 'listing page')} matched no article link: {MARKUP_HINT}"
        )
    pages = report["article_pages_parsed"]
    if pages and report["article_pages_unextracted"] >= pages:
        dropped = report["articles"]["dropped"]
        errors = report["errors"].get("failed_article_extract", 0)
        causes = [_count(errors, "extraction error")] if errors else []
        causes += [f"{dropped[drop]} {drop}" for drop in UNEXTRACTED_DROPS if dropped.get(drop)]
        detail = ", ".join(causes)
        failures.append(
            f"all {_count(pages, 'article page')} failed extraction ({detail}): {MARKUP_HINT}"
        )
    return failures


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class Monitors:
    """Judge each finished run against the MONITOR_* thresholds."""

    def __init__(
        self,
        stats: StatsCollector,
        store: StateStore,
        max_silence: timedelta | None,
        min_coverage: dict[str, float],
        max_error_rate: float | None,
    ) -> None:
        self.stats = stats
        self.store = store
        self.max_silence = max_silence
        self.min_coverage = min_coverage
        self.max_error_rate = max_error_rate

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Monitors:
        settings = crawler.settings
        if not settings.getbool("MONITOR_ENABLED", True):
            raise NotConfigured("MONITOR_ENABLED is off")
        assert crawler.stats is not None
        hours = settings.getfloat("MONITOR_MAX_SILENCE_HOURS", 0)
        rate = settings.getfloat("MONITOR_MAX_ERROR_RATE", -1)
        UrlTally.install(crawler)  # the report's unique-URL counts, even without RunReport
        ext = cls(
            crawler.stats,
            store_for(crawler),
            timedelta(hours=hours) if hours > 0 else None,
            {k: float(v) for k, v in settings.getdict("MONITOR_MIN_COVERAGE").items()},
            rate if rate >= 0 else None,
        )
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        now = datetime.now(UTC)
        stats = dict(self.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        report = build_report(stats, spider.name)
        key = f"{LAST_NEW_KEY}/{spider.name}"
        stored = self.store.get_meta(key)
        failures = check_report(
            report,
            last_new=datetime.fromisoformat(stored) if stored else None,
            now=now,
            max_silence=self.max_silence,
            min_coverage=self.min_coverage,
            max_error_rate=self.max_error_rate,
        )
        if report["articles"]["new"] or report["articles"]["updated"]:
            self.store.set_meta(key, now.isoformat())
        for failure in failures:
            spider.logger.error("Monitor failed: %s", failure)
        self.stats.set_value("monitor/failed", len(failures))
