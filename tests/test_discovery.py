"""Discovery by sitemaps, feeds and the REST API: real crawls of replica set-ups, hostile input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawler.discovery.feeds import feed_links, parse_feed
from crawler.discovery.sitemaps import NOT_POSTS
from crawler.discovery.wpapi import parse_posts, total_pages
from crawler.extract.sitemap import SitemapReader
from crawler.sites import load_profile
from crawler.urls import canonicalize
from tests.crawling import crawl, read_jsonl
from tests.hostile import HostileSite, Reply, article_page, article_path, listing_page
from tests.replica import Replica
from tests.test_wordpress_spider import crawl_wordpress

CATEGORIES = len(load_profile("asianlite").categories)
# robots.txt, plus a few sitemap files, feeds or API pages.
FEW = 5


def _two_runs(tmp_path: Path, **setup: Any) -> dict[str, Any]:
    """A first crawl, then 20 new and 5 changed posts, then a second crawl."""
    with Replica(articles=300, seed=3, **setup) as rep:
        state = tmp_path / "state"
        first = crawl(rep.base_url, state, tmp_path / "run1.jsonl")
        assert first.returncode == 0, first.stderr[-3000:]
        added = rep.add_articles(20)
        updated = rep.update_articles(5)
        rep.reset_request_log()
        second = crawl(rep.base_url, state, tmp_path / "run2.jsonl")
        assert second.returncode == 0, second.stderr[-3000:]
        return {
            "first": first,
            "second": second,
            "records": read_jsonl(tmp_path / "run2.jsonl"),
            "added": added,
            "updated": updated,
            "requests": rep.requests.count(),
            "paths": rep.requests.paths(),
        }


def _expected(run: dict[str, Any]) -> set[str]:
    # update_articles may edit one of the posts just added: it is new, written once.
    return {canonicalize(a.canonical_url) for a in run["added"] if a.duplicate_of is None} | {
        canonicalize(a.canonical_url) for a in run["updated"]
    }


def _errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if "] ERROR:" in line]


@pytest.mark.parametrize(
    "setup",
    [
        {"sitemaps": "yoast"},
        {"sitemaps": "rankmath"},
        {"sitemaps": "core", "rest": True},
        {"sitemaps": "none", "rest": True},
    ],
    ids=["yoast", "rankmath", "core+rest", "rest-only"],
)
def test_second_run_writes_exactly_the_new_and_changed(
    tmp_path: Path, setup: dict[str, Any]
) -> None:
    run = _two_runs(tmp_path, **setup)
    written = [canonicalize(r["canonical_url"]) for r in run["records"]]
    assert sorted(written) == sorted(_expected(run))  # each once
    changed = {canonicalize(r["canonical_url"]) for r in run["records"] if r["is_update"]}
    assert changed == {canonicalize(a.canonical_url) for a in run["updated"]} - {
        canonicalize(a.canonical_url) for a in run["added"]
    }
    budget = CATEGORIES + len(run["added"]) + len(run["updated"]) + FEW
    assert run["requests"] <= budget, run["paths"]
    assert _errors(run["first"].stderr) == _errors(run["second"].stderr) == []


def test_core_sitemaps_without_rest_find_new_posts_and_log_no_error(tmp_path: Path) -> None:
    run = _two_runs(tmp_path, sitemaps="core")
    new = {canonicalize(r["canonical_url"]) for r in run["records"] if not r["is_update"]}
    assert new == {canonicalize(a.canonical_url) for a in run["added"] if a.duplicate_of is None}
    log = run["first"].stderr
    assert _errors(log) == []
    assert "INFO: Discovery: no open WordPress REST API" in log
    assert "'discovery/sitemaps/found'" in log
    # No modification times anywhere: the latest written articles are asked again.
    assert "DISCOVERY_REFRESH_RECENT" in run["second"].stderr


def test_the_bounded_refresh_finds_an_edit_no_source_dates(tmp_path: Path) -> None:
    """Core sitemaps alone give no modification times: recent articles are asked again."""
    with Replica(articles=120, seed=7, sitemaps="core") as rep:
        state = tmp_path / "state"
        first = crawl(rep.base_url, state, tmp_path / "run1.jsonl")
        assert first.returncode == 0, first.stderr[-3000:]
        edited = rep.update_articles(2, newest=True)
        second = crawl(rep.base_url, state, tmp_path / "run2.jsonl")
        assert second.returncode == 0, second.stderr[-3000:]
    records = read_jsonl(tmp_path / "run2.jsonl")
    assert sorted(canonicalize(r["canonical_url"]) for r in records if r["is_update"]) == sorted(
        canonicalize(a.canonical_url) for a in edited
    )
    assert "'discovery/refresh/requests'" in second.stderr
    assert _errors(second.stderr) == []


def test_a_sitemap_robots_txt_names_anywhere_on_the_site_is_read(tmp_path: Path) -> None:
    """robots.txt's Sitemap: line, not a well-known place, leads to the sitemap: a post
    no listing shows is found there (`scrapy crawl wordpress`, no profile).  Entries
    no URL parser accepts are passed over, counted, without a traceback."""
    listed = [article_path("first"), article_path("second")]
    only_in_sitemap = article_path("third")

    def route(path: str) -> Reply | None:
        if path in ("/", "/category/top-news/"):
            page = listing_page(listed)
            menu = '<a rel="category tag" href="/category/top-news/">Top News</a>'
            return Reply(body=page.body.replace("<body>", f"<body>{menu}"))
        if path == "/maps/everything.xml":
            urls = "".join(
                f"<url><loc>{site.base_url}{p}</loc><lastmod>2026-11-02T10:00:00+00:00</lastmod></url>"
                for p in [*listed, only_in_sitemap]
            )
            urls += "<url><loc>http://[broken/x</loc></url><url><loc>http://a b/</loc></url>"
            return Reply(
                body='<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">{urls}</urlset>',
                content_type="application/xml",
            )
        if path in (*listed, only_in_sitemap):
            return article_page(path.rsplit("/", 1)[1].title())
        return None

    with HostileSite(route) as site:
        site.robots = f"User-agent: *\nAllow: /\nSitemap: {site.base_url}/maps/everything.xml\n"
        result = crawl_wordpress(site.base_url, tmp_path / "state", tmp_path / "out.jsonl")
        fetched = [hit.path for hit in site.hits()]
    assert result.returncode == 0, result.stderr[-3000:]
    assert "/maps/everything.xml" in fetched
    written = sorted(
        r["url"].removeprefix(site.base_url) for r in read_jsonl(tmp_path / "out.jsonl")
    )
    assert written == sorted([*listed, only_in_sitemap])
    assert _errors(result.stderr) == []
    assert "Traceback" not in result.stderr
    assert "'discovery/sitemaps/not_article': 2" in result.stderr


def test_feeds_are_the_fallback_when_nothing_else_is_there(tmp_path: Path) -> None:
    run = _two_runs(tmp_path, sitemaps="none")
    new = {canonicalize(r["canonical_url"]) for r in run["records"] if not r["is_update"]}
    assert new == {canonicalize(a.canonical_url) for a in run["added"] if a.duplicate_of is None}
    first = run["first"].stderr
    assert "INFO: Discovery: no XML sitemap" in first
    assert "'discovery/feeds/found'" in first
    assert _errors(first) == _errors(run["second"].stderr) == []
    # Sources found absent are not asked again on the next run.
    assert not [p for p in run["paths"] if "sitemap" in p or p.startswith("/wp-json")]


def test_listings_alone_when_the_site_offers_nothing(tmp_path: Path) -> None:
    with Replica(articles=100, seed=5, sitemaps="none", rest="closed") as rep:
        result = crawl(
            rep.base_url,
            tmp_path / "state",
            tmp_path / "out.jsonl",
            "-s",
            "DISCOVERY_FEEDS_ENABLED=False",
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert len(read_jsonl(tmp_path / "out.jsonl")) == len(rep.unique_articles())
    assert _errors(result.stderr) == []
    assert "no open WordPress REST API" in result.stderr
    assert "rest_cannot_access" in result.stderr


# -- hostile input ---------------------------------------------------------------------------


def test_news_sitemap_entries_carry_their_publication_date() -> None:
    body = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.test/x</loc>'
        b"<news:news><news:publication_date>2026-01-02T03:04:05+00:00</news:publication_date>"
        b"</news:news></url></urlset>"
    )
    assert list(SitemapReader(body)) == [
        {"loc": "https://a.test/x", "publication_date": "2026-01-02T03:04:05+00:00"}
    ]


@pytest.mark.parametrize(
    ("name", "posts"),
    [
        ("post-sitemap.xml", True),
        ("post-sitemap12.xml", True),
        ("wp-sitemap-posts-post-3.xml", True),
        ("news-sitemap.xml", True),
        ("sitemap-2024-05.xml", True),
        ("category-sitemap.xml", False),
        ("post_tag-sitemap.xml", False),
        ("wp-sitemap-taxonomies-category-1.xml", False),
        ("wp-sitemap-users-1.xml", False),
        ("wp-sitemap-posts-page-1.xml", False),
        ("author-sitemap.xml", False),
    ],
)
def test_sub_sitemaps_named_for_terms_authors_and_pages_are_left_out(
    name: str, posts: bool
) -> None:
    assert (NOT_POSTS.search(name) is None) is posts


def test_feed_parsing_survives_bad_xml_and_entities() -> None:
    assert parse_feed(b"<rss><channel><item><link>http://a.test/1</link>") == (
        "rss",
        [("http://a.test/1", None, None)],
    )
    assert parse_feed(b"not xml at all") == ("", [])
    assert parse_feed(b"") == ("", [])
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><link>&b;</link>'
        b"</item></channel></rss>"
    )
    kind, items = parse_feed(laughs)
    assert all("aaaa" not in link for link, _, _ in items)
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" '
        b'href="https://a.test/p"/><published>2026-01-01T00:00:00Z</published>'
        b"<updated>2026-01-03T00:00:00Z</updated></entry></feed>"
    )
    kind, items = parse_feed(atom)
    assert kind == "feed" and items[0][0] == "https://a.test/p"
    assert items[0][2] is not None and items[0][1] is not None and items[0][2] > items[0][1]


def test_feed_links_keep_same_site_feeds_only() -> None:
    page = (
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
        b'<link rel="alternate" type="application/rss+xml" href="/comments/feed/">'
        b'<link rel="alternate" type="application/atom+xml" href="https://evil.test/feed/">'
        b'<link rel="stylesheet" type="text/css" href="/style.css"></head></html>'
    )
    assert feed_links("https://a.test/x/", page, "https://a.test") == ["https://a.test/feed/"]


def test_rest_answers_that_are_not_lists_of_posts_are_refused() -> None:
    assert parse_posts(b"<html>blocked</html>") is None
    assert parse_posts(b'{"code": "rest_cannot_access"}') is None
    assert parse_posts(b"[" * 100_000) is None
    posts = parse_posts(b'[{"link": "https://a.test/1"}, 3, "x", null]')
    assert posts == [{"link": "https://a.test/1"}]
    assert len(parse_posts(b"[" + b",".join([b"{}"] * 500) + b"]") or []) == 100


@pytest.mark.parametrize(
    ("header", "pages"),
    [(b"3", 3), (b"99999999999999999999", 50), (b"-4", 1), (b"lots", 1), (None, 1), (b"0", 1)],
)
def test_paging_numbers_are_bounded(header: bytes | None, pages: int) -> None:
    assert total_pages(header, 50) == pages
