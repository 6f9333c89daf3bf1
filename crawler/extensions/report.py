"""Run report: a summary in the log and a JSON file under ``STATE_DIR/reports``.

Counts pages, articles new / updated / duplicate / dropped by reason, errors by
kind and field coverage, so a silent failure becomes visible.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

COVERAGE_FIELDS = ("published", "authors", "body", "summary", "image")


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
    return {
        "spider": spider,
        "started": start.isoformat() if start else None,
        "finished": finish.isoformat() if finish else None,
        "duration_seconds": round(float(stats.get("elapsed_time_seconds", 0.0)), 3),
        "finish_reason": stats.get("finish_reason"),
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
        "failed_urls": list(stats.get("failed/urls", [])),
        "error_count": sum(errors.values()),
        "download_exceptions": _suffixed(stats, "downloader/exception_type_count/"),
        "coverage": {
            field: round(stats.get(f"coverage/{field}", 0) / written, 4) if written else None
            for field in COVERAGE_FIELDS
        },
    }


def _suffixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {
        k.removeprefix(prefix): int(v)
        for k, v in stats.items()
        if k.startswith(prefix) and isinstance(v, int)
    }


class RunReport:
    """Count field coverage while items are written; report when the spider closes."""

    def __init__(self, stats: StatsCollector, folder: Path) -> None:
        self.stats = stats
        self.folder = folder
        self.report: dict[str, Any] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        if not crawler.settings.getbool("REPORT_ENABLED", True):
            raise NotConfigured("REPORT_ENABLED is off")
        assert crawler.stats is not None
        folder = crawler.settings.get("REPORT_DIR") or Path(
            crawler.settings.get("STATE_DIR", ".state"), "reports"
        )
        ext = cls(crawler.stats, Path(folder))
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
            "Run report: %d pages, %d new, %d updated, %d duplicate, %s dropped, "
            "%d errors in %.1fs -> %s",
            self.report["pages_fetched"],
            articles["new"],
            articles["updated"],
            articles["duplicate"],
            sum(articles["dropped"].values()),
            self.report["error_count"],
            self.report["duration_seconds"],
            path,
        )
