"""A page cannot take another article's identity: the canonical URL rule and its dedup guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.articles import article_identity
from crawler.items import Article
from crawler.pipelines.dedup import DedupPipeline, DuplicateContent, DuplicateURL
from crawler.store import StateStore

SITE = "https://asianlite.com"
PAGE = SITE + "/2024/top-news/a-fusion"


@pytest.mark.parametrize(
    "declared",
    [
        PAGE,
        PAGE + "/",
        "/2024/top-news/a-fusion/",  # relative
        PAGE + "?utm_source=x",
        "https://www.asianlite.com/2024/top-news/a-fusion",
        "http://asianlite.com/2024/top-news/a-fusion",  # downgrade: still this page
    ],
)
def test_a_canonical_naming_this_page_is_used(declared: str) -> None:
    assert article_identity(PAGE + "/amp/", declared) == PAGE


def test_http_page_with_https_canonical_takes_the_upgrade() -> None:
    assert article_identity("http://asianlite.com/2024/x/y", "https://asianlite.com/2024/x/y/") == (
        "https://asianlite.com/2024/x/y"
    )


@pytest.mark.parametrize(
    "declared",
    [
        SITE + "/2024/top-news/victim",  # another article
        SITE + "/",  # the home page (a theme bug)
        SITE + "/2024/top-news/a-fusion-2",  # the re-post of this page is not its original
        "https://example.org/2024/top-news/a-fusion",  # another host
        "https://asianlite.com:8443/2024/top-news/a-fusion",  # another port
        "http://[::1/broken",
        "javascript:void(0)",
    ],
)
def test_a_canonical_naming_another_page_is_ignored(declared: str) -> None:
    assert article_identity(PAGE, declared) == PAGE


def test_a_wordpress_repost_names_its_original() -> None:
    assert article_identity(PAGE + "-2", PAGE) == PAGE
    assert article_identity(SITE + "/2025/top-news/a-fusion-3/", PAGE) == PAGE  # a new year
    other = SITE + "/2024/top-news/b-fusion-2"
    assert article_identity(other, PAGE) == other  # another slug's re-post
    assert article_identity(SITE + "/a-fusion-2", PAGE) == SITE + "/a-fusion-2"  # another depth


def record(url: str, canonical: str, fingerprint: str) -> Article:
    return Article(url, canonical, "t", body="b", modified="2024-01-01", fingerprint=fingerprint)


@pytest.fixture
def dedup(tmp_path: Path) -> DedupPipeline:
    store = StateStore.open(tmp_path, "run")
    store.add_seen([(PAGE, "original", "2024-01-01T00:00:00+00:00")])
    return DedupPipeline(store, MemoryStatsCollector(get_crawler()))


def test_a_repost_of_the_same_story_is_the_original(dedup: DedupPipeline) -> None:
    with pytest.raises(DuplicateURL):
        dedup.process_item(record(PAGE + "-2", PAGE, "original"))


def test_a_repost_holding_another_story_keeps_its_own_url(dedup: DedupPipeline) -> None:
    item = dedup.process_item(record(PAGE + "-2", PAGE, "hijack"))
    assert item.canonical_url == PAGE + "-2"
    assert not item.is_update
    known = dedup.store.get(PAGE)
    assert known is not None
    assert known.fingerprint == "original"  # the original's record is untouched


def test_a_repost_met_first_is_remembered_under_its_own_url(dedup: DedupPipeline) -> None:
    """Same content as a written story, naming an unwritten page: that page stays unseen."""
    dedup.store.add_seen([(SITE + "/2024/x/story", "story", None)])
    with pytest.raises(DuplicateContent):
        dedup.process_item(record(SITE + "/2024/x/other-2", SITE + "/2024/x/other", "story"))
    dedup.store.commit()
    assert dedup.store.get(SITE + "/2024/x/other") is None
    assert dedup.store.get(SITE + "/2024/x/other-2") is not None
