"""Monitors: silent failures become visible failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request, signals
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.extensions.monitors import MARKUP_HINT, check_report
from crawler.extensions.report import UrlTally, build_report

NOW = datetime(2026, 1, 10, tzinfo=UTC)


def stats(**extra: Any) -> dict[str, Any]:
    return {
        "downloader/request_count": 100,
        "downloader/response_count": 100,
        "urls/attempted": 100,
        "urls/fetched": 100,
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
        "urls/fetched": 85,
        "spider_exceptions/ValueError": 5,
        "downloader/exception_type_count/TimeoutError": 60,  # retries included
        "coverage/authors": 10,
    }
    report = build_report(stats(**counts), "s")
    assert report["errors"] == {"failed_article": 15, "spider_ValueError": 5}
    assert report["download_exceptions"] == {"TimeoutError": 60}
    assert report["error_rate"] == 0.2
    assert check(report) == [
        "error rate 20.0% is above 10.0% "
        "(15 of 100 URLs failed after retries, 5 pages failed in parsing)"
    ]


def test_retries_do_not_dilute_the_error_rate() -> None:
    # A dead server, RETRY_TIMES=10: 14 URLs, 11 attempts each, plus robots.txt.
    dead = {
        "downloader/request_count": 165,
        "downloader/response_count": 0,
        "urls/attempted": 14,
        "urls/fetched": 0,
        "failed/listing": 13,
        "failed/sitemap": 1,
    }
    report = build_report(stats(**dead, item_scraped_count=0), "s")
    assert (report["urls_attempted"], report["urls_failed"], report["error_rate"]) == (14, 14, 1.0)
    assert check(report, last_new=NOW - timedelta(hours=1)) == [
        "no page was fetched (14 URLs attempted, all failed)",
        "error rate 100.0% is above 10.0% (14 of 14 URLs failed after retries)",
    ]


def test_a_run_that_fetched_nothing_fails_even_with_no_error_rate_limit() -> None:
    report = build_report(stats(**{"urls/attempted": 1, "urls/fetched": 0}), "s")
    failures = check_report(
        report,
        last_new=NOW,
        now=NOW,
        max_silence=None,
        min_coverage={},
        max_error_rate=None,
    )
    assert failures == ["no page was fetched (1 URL attempted, all failed)"]


def test_robots_txt_forbidding_everything_is_not_an_error_rate() -> None:
    blocked = {
        "downloader/request_count": 1,  # robots.txt only
        "downloader/response_count": 1,
        "urls/attempted": 0,
        "urls/fetched": 0,
        "robotstxt/forbidden": 14,
        "failed/listing": 13,  # the spider's errback sees IgnoreRequest
        "failed/sitemap": 1,
    }
    report = build_report(stats(**blocked, item_scraped_count=0), "s")
    assert report["urls_forbidden"] == 14
    assert report["error_rate"] is None
    assert check(report, last_new=NOW) == [
        "robots.txt disallows every URL this run tried: 14 forbidden"
    ]


def test_some_forbidden_urls_are_not_errors() -> None:
    report = build_report(stats(**{"robotstxt/forbidden": 40, "failed/listing": 40}), "s")
    assert report["error_rate"] == 0.0
    assert check(report, last_new=NOW) == ["field coverage of authors is 40%, below 50%"]


def listings(**extra: Any) -> dict[str, Any]:
    return build_report(stats(**{"listing/parsed": 3, "coverage/authors": 10, **extra}), "s")


def test_listings_without_article_links_fail_as_changed_markup() -> None:
    assert check(listings()) == [f"3 listing pages matched no article link: {MARKUP_HINT}"]
    assert "render=splash/playwright" in MARKUP_HINT
    # Links already written count (a quiet incremental run), as do links too old for `since`.
    assert check(listings(**{"listing/article_links": 1})) == []
    assert check(listings(**{"listing/too_old": 10})) == []
    # A 304 listing is not parsed, so it never looks like broken markup.
    assert check(build_report(stats(**{"coverage/authors": 10}), "s")) == []


def test_article_pages_that_all_fail_extraction_fail_as_changed_markup() -> None:
    broken = {
        "article/pages": 4,
        "failed/article_extract": 1,
        "item_dropped_reasons_count/EmptyBody": 2,
        "item_dropped_reasons_count/MissingTitle": 1,
        "item_scraped_count": 0,
    }
    report = build_report(stats(**broken), "s")
    assert report["article_pages_parsed"] == 4
    assert report["article_pages_unextracted"] == 4
    assert check(report, last_new=NOW) == [
        "all 4 article pages failed extraction "
        f"(1 extraction error, 2 EmptyBody, 1 MissingTitle): {MARKUP_HINT}"
    ]
    one_good = build_report(stats(**{**broken, "article/pages": 5}), "s")
    assert check(one_good, last_new=NOW) == []
    nothing_fetched = build_report(stats(**{**broken, "article/pages": 0}), "s")
    assert not any("extraction" in failure for failure in check(nothing_fetched, last_new=NOW))


def test_new_report_fields_keep_the_old_ones() -> None:
    report = build_report(stats(), "s")
    old = {"spider", "requests", "pages_fetched", "articles", "errors", "error_count"}
    new = {
        "urls_attempted",
        "urls_fetched",
        "urls_failed",
        "urls_forbidden",
        "pages_failed",
        "error_rate",
        "listing_pages_parsed",
        "article_links_found",
        "article_links_too_old",
        "article_pages_parsed",
        "article_pages_unextracted",
    }
    assert old | new <= set(report)


def test_url_tally_counts_unique_urls_not_requests() -> None:
    crawler = get_crawler()
    tally = UrlTally.install(crawler)
    assert UrlTally.install(crawler) is tally  # one tally per crawler

    def reach(request: Request) -> None:
        crawler.signals.send_catch_log(signals.request_reached_downloader, request=request)

    def answer(request: Request, status: int) -> None:
        response = Response(request.url, status=status, request=request)
        crawler.signals.send_catch_log(
            signals.response_received, response=response, request=request
        )

    dead = Request("http://site.test/category/a/")
    for _ in range(11):  # a retried URL is one URL
        reach(dead)
    reach(Request("http://site.test/robots.txt"))  # not a page
    moved = Request("http://site.test/old")
    target = Request("http://site.test/new", meta={"redirect_urls": [moved.url]})
    reach(moved)
    reach(target)
    answer(target, 200)  # answers both URLs of the redirect chain
    gone = Request("http://site.test/gone")
    reach(gone)
    answer(gone, 404)
    splash = Request(
        "http://splash.test:8050/render.html",
        meta={"splash": {"args": {"url": "http://site.test/js"}}},
    )
    reach(splash)
    answer(splash, 200)
    assert crawler.stats is not None
    assert crawler.stats.get_value("urls/attempted") == 5  # dead, old, new, gone, js
    assert crawler.stats.get_value("urls/fetched") == 3  # old, new, js


def test_an_output_that_was_not_saved_fails() -> None:
    report = build_report(stats(**{"output/error": "could not save out.jsonl: disk full"}), "s")
    assert report["output_failed"] == "could not save out.jsonl: disk full"
    assert any("output was not saved (could not save out.jsonl" in f for f in check(report))
