"""Polite by default: Crawl-delay, Retry-After, robots.txt 5xx, a User-Agent with a contact.

Delays are measured on the server side (arrival times in tests.hostile).
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.downloadermiddlewares.retryafter import retry_after
from tests.crawling import crawl, read_jsonl
from tests.hostile import Hit, HostileSite, Reply, article_page, article_path, listing_page

pytestmark = pytest.mark.e2e
LISTING = re.compile(r"/category/([\w-]+)/$")
ARTICLE = re.compile(r"/2026/([\w-]+)/([\w-]+)$")
NO_SITEMAP = ("-s", "DISCOVERY_ENABLED=False")  # no sitemap, feed or REST API requests
CONTACT = "https://example.org/newscrawler"


def report_of(state: Path) -> dict[str, Any]:
    path = max((state / "reports").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    return dict(json.loads(path.read_text(encoding="utf-8")))


def small_site(path: str) -> Reply | None:
    """Each category lists three articles; no second page."""
    if match := LISTING.match(path):
        category = match.group(1)
        return listing_page([article_path(f"{category}-{i}", category) for i in range(3)])
    if match := ARTICLE.match(path):
        return article_page(f"Story {match.group(2)}")
    return None


def gaps(hits: list[Hit]) -> list[float]:
    times = sorted(hit.at for hit in hits)
    return [later - earlier for earlier, later in itertools.pairwise(times)]


@pytest.mark.parametrize(
    ("robots", "settings"),
    [
        # As the site asks, with politeness otherwise off.
        ("Crawl-delay: 1", ("-s", "DOWNLOAD_DELAY=0")),
        # The project's randomised delay and AutoThrottle may not go below it; an
        # absurd Crawl-delay is capped.
        (
            "Crawl-delay: 3600",
            (
                *("-s", "AUTOTHROTTLE_ENABLED=True", "-s", "DOWNLOAD_DELAY=0.25"),
                *("-s", "ROBOTSTXT_MAX_CRAWL_DELAY=1"),
            ),
        ),
    ],
    ids=["as-asked", "capped-with-autothrottle"],
)
def test_crawl_delay_spaces_every_request(
    robots: str, settings: tuple[str, ...], tmp_path: Path
) -> None:
    with HostileSite(small_site, robots=f"User-agent: *\n{robots}\nAllow: /\n") as site:
        result = crawl(
            site.base_url,
            tmp_path / "state",
            tmp_path / "out.jsonl",
            *("-a", "categories=top-news", *NO_SITEMAP, *settings),
            *("-s", f"BOT_CONTACT_URL={CONTACT}"),
        )
        hits = site.hits()
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 3
    assert len(hits) == 5  # robots.txt, the listing, three articles
    assert min(gaps(hits)) >= 0.95, gaps(hits)
    assert {hit.headers.get("User-Agent") for hit in hits} == {
        f"newscrawler/0.1 (+{CONTACT}; news archiving)"
    }
    assert "BOT_CONTACT_URL is empty" not in result.stderr
    if "3600" in robots:
        assert "asks for Crawl-delay 3600 s; using ROBOTSTXT_MAX_CRAWL_DELAY=1 s" in result.stderr


def test_retry_after_holds_every_request_to_the_site(tmp_path: Path) -> None:
    """top-news answers 503 + Retry-After: 2 once; uk-news is slow, so its articles come later."""
    refused: list[str] = []

    def route(path: str) -> Reply | None:
        if path == "/category/top-news/" and not refused:
            refused.append(path)
            return Reply(status=503, body="busy", headers={"Retry-After": "2"})
        reply = small_site(path)
        if reply is not None and path == "/category/uk-news/":
            reply.delay = 0.3  # answered after the 503: its articles are asked for later
        return reply

    with HostileSite(route) as site:
        result = crawl(
            site.base_url,
            tmp_path / "state",
            tmp_path / "out.jsonl",
            *("-a", "categories=top-news,uk-news", *NO_SITEMAP),
        )
        hits = site.hits()
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 6
    busy = next(hit for hit in hits if hit.status == 503)
    listings = [hit for hit in hits if hit.path == "/category/top-news/"]
    assert len(listings) == 2
    assert listings[1].at - busy.at >= 1.9
    # Nothing but the request already on its way reached the site during the pause.
    during = [hit.path for hit in hits if busy.at < hit.at < busy.at + 1.9]
    assert during in ([], ["/category/uk-news/"]), during
    assert sum(1 for hit in hits if hit.at >= busy.at + 1.9) == 1 + 6  # the retry, 6 articles


def test_retry_after_is_capped_by_retry_after_max(tmp_path: Path) -> None:
    refused: list[str] = []

    def route(path: str) -> Reply | None:
        if path == "/category/top-news/" and not refused:
            refused.append(path)
            return Reply(status=429, body="slow down", headers={"Retry-After": "3600"})
        return small_site(path)

    with HostileSite(route) as site:
        result = crawl(
            site.base_url,
            tmp_path / "state",
            tmp_path / "out.jsonl",
            *("-a", "categories=top-news", *NO_SITEMAP, "-s", "RETRY_AFTER_MAX=1"),
            timeout=120,
        )
        listings = [hit for hit in site.hits() if hit.path == "/category/top-news/"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(listings) == 2
    assert 0.95 <= listings[1].at - listings[0].at < 10
    assert "capped by RETRY_AFTER_MAX from 3600 s" in result.stderr


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC)
    assert retry_after(b"120") == 120.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == 30.0
    assert retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0.0  # already past
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_robots_txt_server_error_disallows_the_whole_site(tmp_path: Path) -> None:
    """RFC 9309: a robots.txt that fails with 5xx means "assume complete disallow"."""
    state = tmp_path / "state"
    with HostileSite(small_site, robots=Reply(status=503, body="busy")) as site:
        result = crawl(
            site.base_url, state, tmp_path / "out.jsonl", "-a", "categories=top-news,uk-news"
        )
        hits = site.hits()
    assert result.returncode == 1, result.stderr[-3000:]
    assert {hit.path for hit in hits} == {"/robots.txt"}  # tried (and retried), nothing else
    robots = f"{site.base_url}/robots.txt"
    assert f"ERROR: robots.txt {robots} answered 503: nothing on 127.0.0.1:" in result.stderr
    assert (
        f"Monitor failed: robots.txt {robots} answered 503: RFC 9309 says to crawl nothing "
        "then, so this run fetched nothing from that site (5 URLs not fetched)"
    ) in result.stderr
    assert "no page was fetched" not in result.stderr
    assert "error rate" not in result.stderr
    report = report_of(state)
    assert report["robots_unreachable"] == [{"url": robots, "status": 503}]
    assert (report["urls_attempted"], report["urls_forbidden"]) == (0, 5)  # 2 listings, 3 discovery
    assert read_jsonl(tmp_path / "out.jsonl") == []
    # Without BOT_CONTACT_URL the User-Agent names no contact, and the run says so.
    assert {hit.headers.get("User-Agent") for hit in hits} == {"newscrawler/0.1 (news archiving)"}
    assert "BOT_CONTACT_URL is empty" in result.stderr
