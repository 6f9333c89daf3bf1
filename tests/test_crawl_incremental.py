"""Scheduled runs: each run fetches and writes only what is new or changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.sites import load_profile
from crawler.urls import canonicalize
from tests.crawling import crawl, expected_stories, read_jsonl, stories
from tests.replica import Replica

CATEGORIES = len(load_profile("asianlite").categories)
# robots.txt, the sitemap index and the one or two sub-sitemaps that changed.
CONSTANT = 4


@pytest.fixture
def replica() -> Iterator[Replica]:
    with Replica(articles=300, seed=3) as rep:
        yield rep


def test_new_and_updated_articles_only(replica: Replica, tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = crawl(replica.base_url, state, tmp_path / "run1.jsonl")
    assert first.returncode == 0, first.stderr[-3000:]
    assert len(read_jsonl(tmp_path / "run1.jsonl")) == len(replica.unique_articles())

    added = replica.add_articles(7)
    updated = replica.update_articles(3)
    replica.reset_request_log()
    second = crawl(replica.base_url, state, tmp_path / "run2.jsonl")
    assert second.returncode == 0, second.stderr[-3000:]
    records = read_jsonl(tmp_path / "run2.jsonl")

    new = {canonicalize(r["canonical_url"]) for r in records if not r["is_update"]}
    changed = {canonicalize(r["canonical_url"]) for r in records if r["is_update"]}
    assert new == {canonicalize(a.canonical_url) for a in added if a.duplicate_of is None}
    assert changed == {canonicalize(a.canonical_url) for a in updated}
    assert len(records) == len(new) + len(changed)  # no duplicates
    by_url = {canonicalize(r["canonical_url"]): r for r in records}
    for article in updated:
        record = by_url[canonicalize(article.canonical_url)]
        assert record["body"] == "\n\n".join(article.body_paragraphs)
        assert record["modified"] == article.modified

    requests = replica.requests.count()
    assert requests <= CATEGORIES + len(added) + len(updated) + CONSTANT, replica.requests.paths()


def test_interrupted_first_crawl_is_completed_by_the_next_run(
    replica: Replica, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    partial = crawl(replica.base_url, state, tmp_path / "run1.jsonl", "-a", "max_pages=1")
    assert partial.returncode == 0, partial.stderr[-3000:]
    first = read_jsonl(tmp_path / "run1.jsonl")
    assert 0 < len(first) < len(replica.unique_articles())

    rest = crawl(replica.base_url, state, tmp_path / "run2.jsonl")
    assert rest.returncode == 0, rest.stderr[-3000:]
    second = read_jsonl(tmp_path / "run2.jsonl")
    assert stories(first + second, replica) == dict.fromkeys(expected_stories(replica), 1)


def test_listing_pages_are_refetched_not_frozen(replica: Replica, tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert crawl(replica.base_url, state, tmp_path / "a.jsonl").returncode == 0
    replica.reset_request_log()
    assert crawl(replica.base_url, state, tmp_path / "b.jsonl").returncode == 0
    listing_hits = [r for r in replica.requests.snapshot() if r.path.startswith("/category/")]
    # Every category's first page is asked again (and answered 304: nothing changed).
    assert len(listing_hits) == CATEGORIES
    assert {r.status for r in listing_hits} == {304}
