"""End to end: the real spider and pipelines crawl the served replica."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.urls import canonicalize
from tests.crawling import BOILERPLATE, crawl, expected_stories, read_jsonl, stories
from tests.replica import Replica


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with Replica(articles=150, seed=7) as rep:
        yield rep


@pytest.fixture(scope="module")
def first_run(replica: Replica, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("e2e")
    result = crawl(replica.base_url, folder / "state", folder / "run1.jsonl")
    assert result.returncode == 0, result.stderr[-3000:]
    return {"folder": folder, "records": read_jsonl(folder / "run1.jsonl"), "log": result.stderr}


def test_every_article_is_written_exactly_once(replica: Replica, first_run: dict[str, Any]) -> None:
    written = stories(first_run["records"], replica)
    assert [story for story, n in written.items() if n > 1] == []
    assert set(written) == expected_stories(replica)


def test_fields_match_the_page(replica: Replica, first_run: dict[str, Any]) -> None:
    truth = {canonicalize(a.url): a for a in replica.articles}
    for record in first_run["records"]:
        article = truth[canonicalize(record["url"])]
        assert record["canonical_url"] == canonicalize(article.canonical_url)
        assert record["title"] == article.title
        assert (record["summary"] or "") == article.summary  # null when the post has none
        assert record["body"] == "\n\n".join(article.body_paragraphs), record["url"]
        assert record["authors"] == article.authors
        assert record["published"] == article.published
        assert record["modified"] == article.modified
        assert record["section"] == article.section
        assert record["categories"] == article.categories
        assert record["tags"] == article.tags
        assert record["image"] == article.image
        assert record["language"] == "en"
        assert record["site_name"] == "Asian Lite"
        assert record["word_count"] == len(record["body"].split())
        assert record["is_update"] is False
        assert len(record["fingerprint"]) == 40


def test_bodies_carry_no_boilerplate(first_run: dict[str, Any]) -> None:
    for record in first_run["records"]:
        for snippet in BOILERPLATE:
            assert snippet not in record["body"], (snippet, record["url"])


def test_run_report_is_written(first_run: dict[str, Any]) -> None:
    reports = list((first_run["folder"] / "state" / "reports").glob("asianlite-*.json"))
    assert len(reports) == 1
    report = json.loads(reports[0].read_text())
    assert report["articles"]["new"] == len(first_run["records"])
    assert report["articles"]["duplicate"] >= 1  # the replica re-posts stories
    assert report["coverage"]["body"] == 1.0
    assert "Run report:" in first_run["log"]


def test_second_run_writes_nothing_and_fetches_no_article(
    replica: Replica, first_run: dict[str, Any]
) -> None:
    replica.reset_request_log()
    folder: Path = first_run["folder"]
    result = crawl(replica.base_url, folder / "state", folder / "run2.jsonl")
    assert result.returncode == 0, result.stderr[-3000:]
    assert read_jsonl(folder / "run2.jsonl") == []
    article_paths = [
        p
        for p in replica.requests.paths()
        if p.count("/") >= 3 and not p.startswith(("/category/", "/post-sitemap", "/sitemap"))
    ]
    assert article_paths == []
