"""The WordPress REST API as the last source of article metadata (issue #13).

Unit: the fallback order (the page's own markup wins field by field),
entity decoding, junk REST values.  End to end: a Twenty Twenty-Four replica
whose article pages print no byline, terms or featured image, with the REST
API open: the second, incremental ``scrapy crawl wordpress`` run learns new
posts' authors, categories, tags, section and image from the API answer it
reads anyway, at no extra request.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from crawler.extract.metadata import extract_metadata
from crawler.extract.rest import MAX_NAMES, RestPost
from crawler.spiders.wordpress import WordpressSpider
from crawler.urls import canonicalize
from tests.crawling import crawl, read_jsonl
from tests.replica import Replica

URL = "https://news.example/2024/05/01/a-story/"
REST = RestPost(
    title="A Story",
    authors=("Rest Writer",),
    categories=("Business", "World"),
    tags=("Trade", "Ports"),
    image="https://news.example/wp-content/uploads/rest.jpg",
    published="2024-05-01T08:00:00+00:00",
    modified="2024-05-02T09:30:00+00:00",
)
BARE = b"""<!DOCTYPE html><html lang="en"><head><title>A Story</title></head>
<body><main><h1>A Story</h1><div class="entry-content"><p>Some text of the story.</p></div>
</main></body></html>"""
DRESSED = b"""<!DOCTYPE html><html lang="en"><head><title>A Story</title>
<meta property="og:image" content="https://news.example/page.jpg">
<meta property="article:published_time" content="2024-04-30T07:00:00+00:00">
<meta property="article:modified_time" content="2024-04-30T08:00:00+00:00">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A Story",
 "author": {"@type": "Person", "name": "Page Writer"}, "articleSection": "Politics",
 "keywords": "Elections"}</script></head>
<body><main><h1>A Story</h1><div class="entry-content"><p>Some text.</p></div></main>
</body></html>"""


def _fields(page: bytes, rest: RestPost | None) -> dict[str, Any]:
    return extract_metadata(lxml.html.fromstring(page), None, URL, rest=rest)


def test_rest_fills_what_the_page_lacks() -> None:
    without = _fields(BARE, None)
    assert without["authors"] == without["categories"] == without["tags"] == []
    assert without["section"] is None and without["image"] is None
    fields = _fields(BARE, REST)
    assert fields["authors"] == ["Rest Writer"]
    assert fields["categories"] == ["Business", "World"]
    assert fields["section"] == "Business"
    assert fields["tags"] == ["Trade", "Ports"]
    assert fields["image"] == REST.image
    assert fields["published"] == REST.published
    assert fields["modified"] == REST.modified
    assert fields["title"] == "A Story"  # the page's own


def test_the_page_s_own_metadata_wins_over_rest() -> None:
    alone = _fields(DRESSED, None)
    fields = _fields(DRESSED, REST)
    assert fields == alone
    assert fields["authors"] == ["Page Writer"]
    assert fields["section"] == "Politics"
    assert fields["tags"] == ["Elections"]
    assert fields["image"] == "https://news.example/page.jpg"
    assert fields["modified"] == "2024-04-30T08:00:00+00:00"


def test_a_page_with_a_publication_date_only_takes_rest_s_modification_date() -> None:
    page = BARE.replace(
        b"<head>",
        b'<head><meta property="article:published_time" content="2024-04-30T07:00:00+00:00">',
    )
    assert _fields(page, None)["modified"] == "2024-04-30T07:00:00+00:00"  # as before
    fields = _fields(page, REST)
    assert fields["published"] == "2024-04-30T07:00:00+00:00"
    assert fields["modified"] == REST.modified


def _api_post(**embedded: Any) -> dict[str, Any]:
    return {
        "id": 7,
        "link": URL,
        "date_gmt": "2024-05-01T08:00:00",
        "modified_gmt": "2024-05-02T09:30:00",
        "title": {"rendered": "Jobs &#8216;up&#8217; &amp; <em>rates</em> down"},
        "_embedded": embedded,
    }


def test_names_lose_entities_and_tags() -> None:
    post = _api_post(
        author=[{"id": 1, "name": "Ana &amp; Bo&#8217;s Desk"}],
        **{
            "wp:term": [
                [{"taxonomy": "category", "name": "News &amp; Views"}],
                [{"taxonomy": "post_tag", "name": "<b>R&amp;D</b>"}],
            ],
            "wp:featuredmedia": [{"source_url": "https://news.example/i.jpg"}],
        },
    )
    rest = RestPost.from_api(post)
    assert rest is not None
    assert rest.title == "Jobs \u2018up\u2019 & rates down"
    assert rest.authors == ("Ana & Bo\u2019s Desk",)
    assert rest.categories == ("News & Views",)
    assert rest.tags == ("R&D",)
    assert rest.image == "https://news.example/i.jpg"
    assert rest.published == "2024-05-01T08:00:00+00:00"  # date_gmt is UTC
    # It travels as plain JSON (scrapy-redis queues) and comes back the same.
    assert RestPost.from_meta(json.loads(json.dumps(rest.as_meta()))) == rest


def test_a_site_ignoring_embed_teaches_dates_and_title_only() -> None:
    post = _api_post()
    del post["_embedded"]
    post.update(author=3, categories=[2, 5], tags=[7], featured_media=9)  # ids, no names
    rest = RestPost.from_api(post)
    assert rest is not None
    assert rest.authors == rest.categories == rest.tags == () and rest.image is None
    fields = _fields(BARE, rest)
    assert fields["authors"] == fields["categories"] == fields["tags"] == []
    assert fields["section"] is None and fields["image"] is None


@pytest.mark.parametrize(
    "embedded",
    [
        {"author": "Ana", "wp:term": {"category": "x"}, "wp:featuredmedia": "x.jpg"},
        {"author": [None, 3, ["x"], {"name": ["x"]}, {"name": {"a": 1}}, {"name": 1e308}]},
        {"wp:term": [[{"taxonomy": ["category"], "name": "X"}, {"taxonomy": "category"}]]},
        {"wp:term": [None, "x", [1, 2], [{"taxonomy": "category", "name": "x" * 100_000}]]},
        {"wp:featuredmedia": [{"source_url": "javascript:alert(1)"}, {"source_url": 5}]},
        {"wp:featuredmedia": [{"code": "rest_forbidden", "message": "Sorry"}]},
    ],
)
def test_junk_rest_values_are_ignored(embedded: dict[str, Any]) -> None:
    post = _api_post(**embedded)
    post.update(title=["x"], date_gmt=12, modified_gmt="not a date")
    assert RestPost.from_api(post) is None
    assert RestPost.from_api({"_embedded": "x", "date_gmt": {"a": 1}}) is None


def test_huge_lists_are_cut_and_bad_meta_is_refused() -> None:
    terms = [{"taxonomy": "post_tag", "name": f"Tag {n}"} for n in range(100_000)]
    rest = RestPost.from_api(_api_post(**{"wp:term": [terms]}))
    assert rest is not None and len(rest.tags) == MAX_NAMES
    assert rest.tags[:2] == ("Tag 0", "Tag 1")
    junk: list[object] = [None, "x", 3, [], {"authors": "Ana"}, {"image": "ftp://x"}]
    for value in [*junk, {"tags": [[]]}]:
        assert RestPost.from_meta(value) is None
    assert _fields(BARE, RestPost.from_meta({"tags": [1, "Ok"], "image": 5})) == {
        **_fields(BARE, None),
        "tags": ["Ok"],
    }


# -- end to end -----------------------------------------------------------------------


def _two_runs(tmp_path: Path, *extra: str) -> dict[str, Any]:
    """A first ``wordpress`` crawl, 12 new posts, a second crawl (its records and requests)."""
    state = tmp_path / "state"
    with Replica(
        articles=120, seed=11, variant="twentytwentyfour", rest=True, post_meta=False
    ) as rep:
        # The pages really lack that metadata: a page says nothing of it.
        page = urllib.request.urlopen(rep.articles[-1].url).read()
        assert b'rel="tag"' not in page and b"wp-post-image" not in page
        first = crawl(rep.base_url, state, tmp_path / "run1.jsonl", *extra, spider="wordpress")
        assert first.returncode == 0, first.stderr[-3000:]
        added = [a for a in rep.add_articles(12) if a.duplicate_of is None]
        rep.reset_request_log()
        second = crawl(rep.base_url, state, tmp_path / "run2.jsonl", *extra, spider="wordpress")
        assert second.returncode == 0, second.stderr[-3000:]
        return {
            "records": read_jsonl(tmp_path / "run2.jsonl"),
            "added": added,
            "paths": rep.requests.paths(),
            "log": second.stderr,
            "categories": len(rep.categories),
        }


def test_incremental_run_learns_metadata_from_rest_at_no_extra_request(tmp_path: Path) -> None:
    run = _two_runs(tmp_path / "rest")
    added, paths = run["added"], run["paths"]
    records = {canonicalize(r["canonical_url"]): r for r in run["records"]}
    assert set(records) == {canonicalize(a.canonical_url) for a in added}
    for article in added:
        record = records[canonicalize(article.canonical_url)]
        assert record["authors"] == article.authors, record["url"]
        assert record["tags"] == sorted(article.tags), record["url"]  # the API orders by name
        assert record["categories"] == sorted(article.categories), record["url"]
        # WordPress core knows no primary category: the first by name is the section.
        assert record["section"] == min(article.categories), record["url"]
        assert record["image"] == article.image, record["url"]
        assert record["title"] == article.title and record["published"] == article.published
    assert any(len(a.categories) > 1 for a in added)  # the order rule was exercised
    assert any(not a.authors for a in added)  # a post without byline gets none from REST
    assert f"'article/rest_metadata': {len(added)}," in run["log"]
    # No request beyond the usual: one API page (read anyway), the categories, the
    # articles, robots.txt.
    api = [p for p in paths if p.startswith("/wp-json/")]
    assert all(p.startswith(("/wp-json/wp/v2/posts?", "/wp-json/wp/v2/categories")) for p in api)
    assert len([p for p in api if p.startswith("/wp-json/wp/v2/posts?")]) == 1
    assert len(paths) <= run["categories"] + len(added) + 8, paths

    # The same runs without asking for metadata: the same requests, and nothing learned.
    bare = _two_runs(tmp_path / "bare", "-s", "DISCOVERY_WPAPI_METADATA=False")
    assert len(bare["paths"]) == len(paths)
    assert len(bare["records"]) == len(records)
    assert not any(r["authors"] or r["tags"] or r["image"] for r in bare["records"])


def test_an_article_a_listing_asked_for_first_still_gets_what_the_api_listed(
    tmp_path: Path,
) -> None:
    """The API may answer after a listing page already requested the article (so that
    request carries no ``rest`` meta): the spider takes it from this run's answers."""
    crawler = get_crawler(
        WordpressSpider,
        {"STATE_DIR": str(tmp_path), "EXTRACT_WORKERS": 0, "CLOSESPIDER_TIMEOUT": 0},
    )
    spider = crawler._create_spider(base_url="https://news.example")
    post = {
        "link": URL + "?utm_source=rss",
        "date_gmt": "2024-05-01T06:00:00",
        "modified_gmt": "2024-05-01T09:00:00",
        "_embedded": {"author": [{"name": "Rest Writer"}]},
    }
    api = spider.discovery.by_name["wpapi"]
    answer = TextResponse(
        "https://news.example/wp-json/wp/v2/posts",
        body=json.dumps([post]).encode(),
        request=Request("https://news.example/wp-json/wp/v2/posts", meta={"page": 2}),
    )
    list(api.parse_posts(answer))
    listed = HtmlResponse(URL, body=BARE, request=Request(URL, meta={"kind": "article"}))
    (article,) = spider.parse_article(listed)
    assert article.authors == ["Rest Writer"]
    assert spider.stats.get_value("article/rest_metadata") == 1
