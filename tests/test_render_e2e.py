"""JavaScript sites: a plain fetch sees nothing, a real Splash or Chromium sees all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.urls import canonicalize
from tests.crawling import BOILERPLATE, crawl, expected_stories, read_jsonl, stories
from tests.renderers import free_port, slow_proxy, splash_server
from tests.replica import Replica

pytestmark = pytest.mark.e2e
SMALL = ("-a", "categories=top-news,world-news,uk-news")


@pytest.fixture(scope="module")
def js_site() -> Iterator[Replica]:
    with Replica(articles=40, seed=5, js=True) as rep:
        yield rep


@pytest.fixture(scope="module")
def splash(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with splash_server(tmp_path_factory.mktemp("splash")) as url:
        yield url


def assert_complete_and_clean(rep: Replica, records: list[dict[str, object]]) -> None:
    names = {rep.categories[slug] for slug in ("top-news", "world-news", "uk-news")}
    truth = {canonicalize(a.url): a for a in rep.articles}
    written = stories(records, rep)
    assert max(written.values()) == 1
    assert set(written) == expected_stories(rep, names)
    for record in records:
        article = truth[canonicalize(str(record["url"]))]
        assert record["title"] == article.title
        assert record["body"] == "\n\n".join(article.body_paragraphs)
        assert not any(snippet in str(record["body"]) for snippet in BOILERPLATE)


def test_plain_fetch_of_a_javascript_site_finds_no_article(
    js_site: Replica, tmp_path: Path
) -> None:
    result = crawl(js_site.base_url, tmp_path / "state", tmp_path / "out.jsonl", *SMALL)
    assert read_jsonl(tmp_path / "out.jsonl") == []
    assert result.returncode == 1  # the silence monitor says so
    assert "Monitor failed: no new article has ever been written" in result.stderr


def test_splash_renders_the_whole_site(js_site: Replica, splash: str, tmp_path: Path) -> None:
    result = crawl(
        js_site.base_url,
        tmp_path / "state",
        tmp_path / "out.jsonl",
        *SMALL,
        "-a",
        "render=splash",
        "-s",
        f"SPLASH_URL={splash}",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert_complete_and_clean(js_site, read_jsonl(tmp_path / "out.jsonl"))
    assert "Traceback" not in result.stderr


def test_playwright_renders_the_whole_site(js_site: Replica, tmp_path: Path) -> None:
    result = crawl(
        js_site.base_url,
        tmp_path / "state",
        tmp_path / "out.jsonl",
        *SMALL,
        "-a",
        "render=playwright",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert_complete_and_clean(js_site, read_jsonl(tmp_path / "out.jsonl"))


def test_render_without_splash_url_stops_before_the_crawl(tmp_path: Path) -> None:
    result = crawl(
        "http://127.0.0.1:9", tmp_path / "state", tmp_path / "out.jsonl", "-a", "render=splash"
    )
    assert result.returncode == 2
    assert "render=splash needs the SPLASH_URL setting" in result.stderr
    assert "Traceback" not in result.stderr


def test_splash_down_is_retried_then_reported_per_url(js_site: Replica, tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    result = crawl(
        js_site.base_url,
        tmp_path / "state",
        tmp_path / "out.jsonl",
        "-a",
        "categories=top-news",
        "-a",
        "render=splash",
        "-s",
        f"SPLASH_URL={dead}",
        "-s",
        "RETRY_TIMES=1",
    )
    assert result.returncode == 1
    page = f"{js_site.base_url}/category/top-news/"
    assert f"Failed to fetch listing {page} via splash" in result.stderr
    assert "Gave up retrying" in result.stderr
    report = json.loads(next((tmp_path / "state" / "reports").glob("*.json")).read_text())
    assert {"url": page, "kind": "listing"} in [
        {"url": f["url"], "kind": f["kind"]} for f in report["failed_urls"]
    ]


def test_render_timeouts_are_retried_then_reported_per_url(
    js_site: Replica, splash: str, tmp_path: Path
) -> None:
    with slow_proxy(js_site.base_url, delay=3.0, slow_prefix="/category/") as slow:
        result = crawl(
            slow,
            tmp_path / "state",
            tmp_path / "out.jsonl",
            "-a",
            "categories=uk-news,events",
            "-a",
            "render=splash",
            "-s",
            f"SPLASH_URL={splash}",
            "-s",
            "SPLASH_TIMEOUT=1",
            "-s",
            "RETRY_TIMES=1",
            "-s",
            "MONITOR_ENABLED=False",
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Gave up retrying" in result.stderr
    assert "504 Gateway Time-out" in result.stderr
    report = json.loads(next((tmp_path / "state" / "reports").glob("*.json")).read_text())
    failed = sorted((f["kind"], f["url"]) for f in report["failed_urls"])
    assert failed == [
        ("listing", f"{slow}/category/events/"),
        ("listing", f"{slow}/category/uk-news/"),
    ]
    assert report["errors"]["failed_listing"] == 2
