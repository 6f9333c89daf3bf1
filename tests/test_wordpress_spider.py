"""`scrapy crawl wordpress -a base_url=URL`: any WordPress site, no site profile."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler import runlock
from crawler.urls import canonicalize
from crawler.wordpress import is_post_url
from tests.crawling import crawl, expected_stories, read_jsonl, stories
from tests.replica import Replica
from tests.replica.themes import VARIANTS


def crawl_wordpress(
    base_url: str, state: Path, output: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl wordpress` (no ``-a base_url`` when ``base_url`` is empty)."""
    return crawl(base_url, state, output, *extra, spider="wordpress")


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with Replica(articles=120, seed=5) as rep:
        yield rep


def test_wordpress_spider_finds_every_article_once_without_a_profile(
    replica: Replica, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    first = crawl_wordpress(replica.base_url, state, tmp_path / "run1.jsonl")
    assert first.returncode == 0, first.stderr[-3000:]
    records = read_jsonl(tmp_path / "run1.jsonl")
    written = stories(records, replica)
    assert set(written) == expected_stories(replica)
    assert max(written.values()) == 1
    truth = {canonicalize(a.url): a for a in replica.articles}
    for record in records:
        article = truth[canonicalize(record["url"])]
        assert record["title"] == article.title
        assert record["published"] == article.published
    # Categories were learned from the home page (the replica has no REST API).
    assert "learned from the home page links" in first.stderr
    # Its lock and listing progress are this site's, not every wordpress run's.
    scope = runlock.scope("wordpress", replica.base_url)
    assert scope.startswith("wordpress@127.0.0.1_")
    assert (state / "locks" / f"{scope}.lock").exists()

    # A second run after 3 new and 2 changed posts writes exactly those.
    added = replica.add_articles(3)
    updated = replica.update_articles(2)
    replica.reset_request_log()
    second = crawl_wordpress(replica.base_url, state, tmp_path / "run2.jsonl")
    assert second.returncode == 0, second.stderr[-3000:]
    again = read_jsonl(tmp_path / "run2.jsonl")
    new = {canonicalize(r["canonical_url"]) for r in again if not r["is_update"]}
    assert new == {canonicalize(a.canonical_url) for a in added if a.duplicate_of is None}
    changed = [canonicalize(r["canonical_url"]) for r in again if r["is_update"]]
    assert sorted(changed) == sorted(
        {canonicalize(a.canonical_url) for a in updated}
        - {canonicalize(a.canonical_url) for a in added}
    )
    # One request per category, one per article, plus the home page and a few probes.
    paths = replica.requests.paths()
    assert len(paths) <= len(replica.categories) + len(added) + len(updated) + 8, paths


def test_a_run_on_another_site_has_its_own_lock(replica: Replica, tmp_path: Path) -> None:
    state = tmp_path / "state"
    other = runlock.scope("wordpress", "https://other.example")
    runlock.acquire(state, other)  # another site's run is going on
    try:
        run = crawl_wordpress(
            replica.base_url, state, tmp_path / "out.jsonl", "-a", "categories=top-news"
        )
    finally:
        runlock.release(state, other)
    assert run.returncode == 0, run.stderr[-3000:]
    assert read_jsonl(tmp_path / "out.jsonl")


def test_base_url_is_required(tmp_path: Path) -> None:
    run = crawl_wordpress("", tmp_path / "state", tmp_path / "out.jsonl")
    assert run.returncode != 0
    assert "base_url is required: scrapy crawl wordpress -a base_url=" in run.stderr
    assert "Traceback" not in run.stderr


def test_an_unknown_profile_argument_is_one_line(tmp_path: Path) -> None:
    run = crawl_wordpress(
        "http://127.0.0.1:9", tmp_path / "state", tmp_path / "o.jsonl", "-a", "profile=asianlit"
    )
    assert run.returncode != 0
    assert "no site profile named 'asianlit'" in run.stderr
    assert "did you mean 'asianlite'" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("path", "post"),
    [
        ("/2024/top-news/a-story", True),
        ("/a-story/", True),
        ("/?p=12", True),
        ("/", False),
        ("/page/2/", False),
        ("/category/top-news/", False),
        ("/section/top-news/", False),  # the category base this site uses
        ("/tag/iran/", False),
        ("/author/jo/", False),
        ("/2024/", False),
        ("/2024/05/", False),
        ("/2024/05/page/3/", False),
        ("/feed/", False),
        ("/a-story/feed/", False),
        ("/a-story/amp/", False),
        ("/a-story/attachment/photo/", False),
        ("/?attachment_id=4", False),
        ("/?s=words", False),
        ("/wp-admin/post.php", False),
        ("/wp-json/wp/v2/posts", False),
        ("/wp-content/uploads/2024/05/x.jpg", False),
    ],
)
def test_article_links_are_told_from_archives_by_wordpress_conventions(
    path: str, post: bool
) -> None:
    base = "https://news.example"
    assert is_post_url(base + path, base, category_base="section") is post
    assert not is_post_url("https://elsewhere.example/2024/x/y", base)


# Held-out variants (no profile, never tuned on) are served big enough to carry
# every quirk (72 posts and more, tests/replica/README.md): the honest check.
REPLICA_SIZE = {name: (100, 11) if VARIANTS[name].heldout else (40, 4) for name in VARIANTS}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_wordpress_spider_on_every_replica_variant(variant: str, tmp_path: Path) -> None:
    """Themes and SEO set-ups it was not tuned on: every article once, titles and dates right."""
    articles, seed = REPLICA_SIZE[variant]
    with Replica(articles=articles, seed=seed, variant=variant) as rep:
        run = crawl_wordpress(rep.base_url, tmp_path / "state", tmp_path / "out.jsonl")
        assert run.returncode == 0, run.stderr[-3000:]
        records = read_jsonl(tmp_path / "out.jsonl")
        written = stories(records, rep)
        assert set(written) == expected_stories(rep), variant
        assert max(written.values()) == 1
        truth = {canonicalize(a.url): a for a in rep.articles}
        for record in records:
            article = truth[canonicalize(record["url"])]
            assert record["title"] == article.title, record["url"]
            assert record["published"] == article.published, record["url"]
            assert record["modified"] == article.modified, record["url"]
            # The whole body and nothing else: no related posts, share, ad or sign-up text.
            assert record["body"] == "\n\n".join(article.body_paragraphs), record["url"]
