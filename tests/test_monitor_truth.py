"""Real crawls whose monitors must tell the truth: dead servers, JS-only sites, robots.txt.

Each run is `scrapy crawl asianlite` on a small site with politeness off; the
state and output go under tmp_path.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.crawling import crawl, read_jsonl
from tests.localsite import serve
from tests.replica import Replica
from tests.test_crawl_failures import free_port

pytestmark = pytest.mark.e2e
TWO = ("-a", "categories=top-news,uk-news")  # 2 listings + the sitemap index: 3 URLs
HINT = "the site's markup probably changed, or the site needs rendering (render=splash/playwright)"


def report_of(state: Path) -> dict[str, Any]:
    """The newest run report under ``state``."""
    path = max((state / "reports").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    return dict(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def recent_state(
    small_replica: tuple[Replica, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """STATE_DIR after a healthy run that wrote articles just now (silence check passes)."""
    state = tmp_path_factory.mktemp("recent") / "state"
    out = state.parent / "out.jsonl"
    result = crawl(small_replica[1], state, out, "-a", "categories=top-news", "-a", "max_pages=1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert read_jsonl(out)
    return state


def copy_of(state: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(state, tmp_path / "state"))


def test_quiet_incremental_run_passes(
    small_replica: tuple[Replica, str], recent_state: Path, tmp_path: Path
) -> None:
    """Listing links already written still show the listing markup works."""
    state = copy_of(recent_state, tmp_path)
    result = crawl(
        small_replica[1],
        state,
        tmp_path / "out.jsonl",
        *("-a", "categories=top-news", "-a", "max_pages=1"),
        *("-s", "CONDITIONAL_ENABLED=False"),  # parse listing page 1 again, not a 304
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = report_of(state)
    assert report["articles"]["new"] == 0
    assert report["listing_pages_parsed"] == 1
    assert report["article_links_found"] == 10
    assert report["error_rate"] == 0.0


def test_dead_server_fails_despite_retries_and_a_recent_article(
    recent_state: Path, tmp_path: Path
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    state = copy_of(recent_state, tmp_path)
    result = crawl(dead, state, tmp_path / "out.jsonl", *TWO, "-s", "RETRY_TIMES=10")
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Monitor failed: no page was fetched (3 URLs attempted, all failed)" in result.stderr
    assert (
        "Monitor failed: error rate 100.0% is above 20.0% (3 of 3 URLs failed after retries)"
    ) in result.stderr
    assert "no new article" not in result.stderr  # the silence check alone would pass
    report = report_of(state)
    # (3 URLs + robots.txt + the REST API and sitemap probes) x 11 attempts; probes
    # of what a site may not have are no pages, so not in the error rate.
    assert report["requests"] == 66
    assert (report["urls_attempted"], report["urls_failed"], report["error_rate"]) == (3, 3, 1.0)


def test_javascript_site_without_rendering_fails_as_changed_markup(
    recent_state: Path, tmp_path: Path
) -> None:
    state = copy_of(recent_state, tmp_path)
    with Replica(articles=20, seed=5, js=True) as js_site:
        result = crawl(js_site.base_url, state, tmp_path / "out.jsonl", *TWO)
    assert result.returncode == 1, result.stderr[-3000:]
    assert f"Monitor failed: 2 listing pages matched no article link: {HINT}" in result.stderr
    assert "no new article" not in result.stderr
    assert read_jsonl(tmp_path / "out.jsonl") == []
    report = report_of(state)
    assert (report["listing_pages_parsed"], report["article_links_found"]) == (2, 0)


def test_article_pages_that_all_fail_extraction_fail_as_changed_markup(
    small_replica: tuple[Replica, str], tmp_path: Path
) -> None:
    result = crawl(
        small_replica[1],
        tmp_path / "state",
        tmp_path / "out.jsonl",
        *("-a", "categories=top-news", "-a", "max_pages=1"),
        *("-s", "VALIDATE_MIN_WORDS=100000"),  # no body is long enough: all EmptyBody
    )
    assert result.returncode == 1, result.stderr[-3000:]
    expected = f"all 10 article pages failed extraction (10 EmptyBody): {HINT}"
    assert f"Monitor failed: {expected}" in result.stderr
    assert read_jsonl(tmp_path / "out.jsonl") == []


@contextmanager
def robots_forbid_all() -> Iterator[str]:
    """A loopback site whose robots.txt disallows everything; yields its base URL."""

    def route(path: str) -> tuple[int, str, bytes]:
        body = b"User-agent: *\nDisallow: /\n" if path == "/robots.txt" else b"<p>hi"
        return 200, "text/plain", body

    with serve(route) as base_url:
        yield base_url


def test_robots_txt_forbidding_everything_is_reported_as_such(tmp_path: Path) -> None:
    with robots_forbid_all() as site:
        result = crawl(site, tmp_path / "state", tmp_path / "out.jsonl", *TWO)
    assert result.returncode == 1, result.stderr[-3000:]
    assert (
        "Monitor failed: robots.txt disallows every URL this run tried: 5 forbidden"
    ) in result.stderr
    assert "error rate" not in result.stderr
    assert "no page was fetched" not in result.stderr
    report = report_of(tmp_path / "state")
    assert (report["urls_attempted"], report["urls_forbidden"]) == (0, 5)  # 2 listings, 3 discovery
