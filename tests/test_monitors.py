"""Monitors: silent failures become visible failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from crawler.extensions.monitors import check_report
from crawler.extensions.report import build_report

NOW = datetime(2026, 1, 10, tzinfo=UTC)


def stats(**extra: Any) -> dict[str, Any]:
    return {
        "downloader/request_count": 100,
        "downloader/response_count": 100,
        "item_scraped_count": 10,
        "coverage/body": 10,
        "coverage/published": 10,
        "coverage/authors": 4,
        "item_dropped_reasons_count/DuplicateURL": 2,
        "item_dropped_reasons_count/EmptyBody": 1,
        **extra,
    }


def check(report: dict[str, Any], last_new: datetime | None = None) -> list[str]:
    return check_report(
        report,
        last_new=last_new,
        now=NOW,
        max_silence=timedelta(hours=24),
        min_coverage={"body": 1.0, "authors": 0.5},
        max_error_rate=0.1,
    )


def test_report_counts_articles_and_coverage() -> None:
    report = build_report(stats(**{"dedup/updates": 3}), "asianlite")
    assert report["articles"] == {
        "new": 7,
        "updated": 3,
        "duplicate": 2,
        "dropped": {"EmptyBody": 1},
    }
    assert report["coverage"]["authors"] == 0.4


def test_low_coverage_fails() -> None:
    failures = check(build_report(stats(), "s"))
    assert failures == ["field coverage of authors is 40%, below 50%"]


def test_silence_fails_only_past_the_threshold() -> None:
    quiet = build_report(stats(item_scraped_count=0), "s")
    assert check(quiet, last_new=NOW - timedelta(hours=2)) == []
    assert "no new article since" in check(quiet, last_new=NOW - timedelta(hours=30))[0]
    assert "ever been written" in check(quiet)[0]


def test_error_rate_fails() -> None:
    counts = {
        "failed/article": 15,
        "spider_exceptions/ValueError": 5,
        "downloader/exception_type_count/TimeoutError": 60,  # retries included
        "coverage/authors": 10,
    }
    report = build_report(stats(**counts), "s")
    assert report["errors"] == {"failed_article": 15, "spider_ValueError": 5}
    assert report["download_exceptions"] == {"TimeoutError": 60}
    assert check(report) == ["error rate 20.0% is above 10.0% (20 errors / 100 requests)"]
