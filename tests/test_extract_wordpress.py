"""Profile-less extraction by WordPress conventions: titles, metadata, container, standfirst."""

from __future__ import annotations

import urllib.request

import pytest

from crawler.extract.article import extract_article, parse_html
from crawler.extract.metadata import extract_metadata
from crawler.extract.page import Page, extract_page
from crawler.extract.text import letters
from crawler.extract.wordpress import drop_repeated_standfirst
from crawler.sites import load_profile, parse_profile
from tests.replica import Replica

URL = "https://harbourgazette.example/2024/local/ferry-timetable/"
WP_HEAD = '<link rel="stylesheet" href="/wp-content/themes/x/style.css">'
PROSE = (
    "<p>Councillors in the harbour town voted on Tuesday evening to adopt a new ferry "
    "timetable that adds three early crossings on weekdays.</p>"
    "<p>Officials said the extra crossings would be paid for by a small rise in the price "
    "of day tickets for visitors, while season passes stay at their current price.</p>"
)


def _page(head: str = "", body: str = "") -> str:
    return f"<!doctype html><html lang='en'><head>{WP_HEAD}{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("head", "body", "want"),
    [
        (
            "<title>Ferry Timetable Approved | The Harbour Gazette</title>"
            '<meta property="og:site_name" content="The Harbour Gazette">',
            "",
            "Ferry Timetable Approved",
        ),
        (
            '<meta property="og:title" content="Ferry Timetable Approved – Harbour Gazette">',
            "",
            "Ferry Timetable Approved",
        ),
        (
            "<title>Harbour Gazette :: Ferry Timetable Approved</title>",
            "",
            "Ferry Timetable Approved",
        ),  # the host names the site
        (
            "<title>Ferry Timetable Approved - Local - The Harbour Gazette</title>"
            '<meta property="og:site_name" content="The Harbour Gazette">',
            "",
            "Ferry Timetable Approved - Local",
        ),
        (
            "<title>Storm - Ferries Cancelled | Coast Daily</title>",
            '<h1 class="entry-title">Storm - Ferries Cancelled</h1>',
            "Storm - Ferries Cancelled",
        ),
        ("<title>Vote on Ferries - Analysis</title>", "", "Vote on Ferries - Analysis"),
    ],
)
def test_titles_lose_the_site_name_only(head: str, body: str, want: str) -> None:
    assert extract_metadata(parse_html(_page(head, body)), url=URL)["title"] == want


YOAST = """<script type="application/ld+json" class="yoast-schema-graph">{"@context":
"https://schema.org","@graph":[{"@type":"NewsArticle","@id":"https://h.example/p/#article",
"headline":"Ferry Timetable Approved","author":{"@id":"https://h.example/#/schema/person/1"},
"datePublished":"2024-03-14T09:30:00+00:00","dateModified":"2024-03-15T10:00:00+00:00",
"publisher":{"@id":"https://h.example/#organization"},"image":{"@id":"https://h.example/p/#img"},
"articleSection":["Local","Transport"],"keywords":["ferries","council"]},
{"@type":"ImageObject","@id":"https://h.example/p/#img","url":"https://h.example/ferry.jpg"},
{"@type":"Organization","@id":"https://h.example/#organization","name":"The Harbour Gazette"},
{"@type":"WebSite","@id":"https://h.example/#website","name":"The Harbour Gazette"},
{"@type":"Person","@id":"https://h.example/#/schema/person/1","name":"Jane Doe"}]}</script>"""
MARKUP = """<article class="post-12 post type-post hentry category-harbour tag-boats">
<h1 class="entry-title">Markup Title</h1>
<span class="byline"><span class="author vcard">
<a class="url fn n" href="/author/lee/">Lee Chan</a></span></span>
<time class="entry-date published" datetime="2024-01-01T08:00:00+00:00">1 Jan</time>
<time class="updated" datetime="2024-01-02T08:00:00+00:00">2 Jan</time>
<img class="attachment-post-thumbnail wp-post-image" src="/wp-content/uploads/markup.jpg">
<span class="cat-links"><a href="/category/harbour/" rel="category tag">Harbour</a></span>
<span class="tags-links"><a href="/tag/boats/" rel="tag">Boats</a></span>
</article>
<aside class="widget"><a href="/author/x/" rel="author">Widget Author</a>
<a href="/category/sport/" rel="category tag">Sport</a></aside>"""


def test_json_ld_graph_refs_outrank_the_template_markup() -> None:
    fields = extract_metadata(parse_html(_page(YOAST, MARKUP)), url=URL)
    assert fields["title"] == "Ferry Timetable Approved"
    assert fields["authors"] == ["Jane Doe"]
    assert fields["published"] == "2024-03-14T09:30:00+00:00"
    assert fields["modified"] == "2024-03-15T10:00:00+00:00"
    assert fields["categories"] == ["Local", "Transport"]
    assert fields["section"] == "Local"
    assert fields["tags"] == ["ferries", "council"]
    assert fields["image"] == "https://h.example/ferry.jpg"
    assert fields["site_name"] == "The Harbour Gazette"


def test_opengraph_comes_before_the_template_markup() -> None:
    head = (
        '<meta property="article:published_time" content="2024-02-02T10:00:00+00:00">'
        '<meta property="article:section" content="Coast">'
        '<meta property="og:image" content="https://h.example/og.jpg">'
    )
    fields = extract_metadata(parse_html(_page(head, MARKUP)), url=URL)
    assert fields["published"] == "2024-02-02T10:00:00+00:00"
    assert fields["categories"] == ["Coast"]
    assert fields["image"] == "https://h.example/og.jpg"
    assert fields["authors"] == ["Lee Chan"]  # no JSON-LD or meta author: the byline


def test_template_markup_fills_what_structured_data_lacks() -> None:
    fields = extract_metadata(parse_html(_page("<title>x | Coast</title>", MARKUP)), url=URL)
    assert fields["title"] == "Markup Title"
    assert fields["authors"] == ["Lee Chan"]  # not the widget's
    assert fields["published"] == "2024-01-01T08:00:00+00:00"
    assert fields["modified"] == "2024-01-02T08:00:00+00:00"
    assert fields["categories"] == ["Harbour"]  # not the sidebar's
    assert fields["tags"] == ["Boats"]
    assert fields["image"] == "/wp-content/uploads/markup.jpg"


READ_MORE = """<div class="entry-content">{prose}<div class="posts-block">
<h2><span>Read more</span></h2><article class="post"><h3 class="entry-title">
<a href="/other/" rel="bookmark">Other Story</a></h3><div class="entry-meta"><span class="byline">
<span class="author vcard"><a href="/author/kim/">Kim Other</a></span></span>
<span class="cat-links"><a href="/category/x/">Elsewhere</a></span></div></article></div></div>"""


def test_the_wordpress_defaults_trust_structured_data_before_theme_markup() -> None:
    """With no site profile, a byline or category link anywhere on the page (here a
    "Read more" block's) never outranks JSON-LD; a site profile's own selector does."""
    page = _page(YOAST, MARKUP.replace("</article>", READ_MORE.format(prose=PROSE) + "</article>"))
    defaults = extract_metadata(parse_html(page), load_profile("wordpress"), url=URL)
    assert defaults["authors"] == ["Jane Doe"]
    assert defaults["categories"] == ["Local", "Transport"]
    assert defaults["tags"] == ["ferries", "council"]
    site = parse_profile(
        'name = "gazette"\nextends = "wordpress"\n[article]\nauthors = ".byline .fn"\n', "g.toml"
    )
    assert extract_metadata(parse_html(page), site, url=URL)["authors"] == ["Lee Chan"]
    no_ld = extract_metadata(parse_html(_page("", MARKUP)), load_profile("wordpress"), url=URL)
    assert no_ld["authors"] == ["Lee Chan"]  # nothing structured: the theme's byline


BLOCK_THEME = """<main class="wp-block-group"><h1 class="wp-block-post-title">Block Title</h1>
<div class="wp-block-post-date"><time datetime="2024-04-04T12:00:00+00:00">April 4</time></div>
<div class="wp-block-post-author-name"><a href="/author/ana/" target="_self">Ana Ruiz</a></div>
<figure class="wp-block-post-featured-image"><img src="/wp-content/uploads/block.jpg"></figure>
<div class="taxonomy-category wp-block-post-terms"><a href="/category/sea/" rel="tag">Sea</a></div>
<div class="entry-content wp-block-post-content">{prose}</div>
<div class="taxonomy-post_tag wp-block-post-terms"><a href="/tag/tides/" rel="tag">Tides</a></div>
<div class="wp-block-query"><ul class="wp-block-post-template"><li>
<h2 class="wp-block-post-title"><a href="/other/">Other Post</a></h2>
<div class="entry-content wp-block-post-content"><p>A teaser of another post that is long
enough to be mistaken for the article by a careless reader, with many words in it.</p></div>
<div class="taxonomy-category wp-block-post-terms"><a href="/category/x/" rel="tag">Other</a></div>
</li></ul></div></main>"""


def test_block_theme_post_without_seo_plugin() -> None:
    tree = parse_html(
        _page("<title>Block Title – Coast</title>", BLOCK_THEME.format(prose=PROSE * 2))
    )
    extraction = extract_article(tree, URL)
    fields = extraction.fields
    assert (fields["title"], fields["authors"]) == ("Block Title", ["Ana Ruiz"])
    assert (fields["categories"], fields["tags"]) == (["Sea"], ["Tides"])
    assert fields["image"] == "/wp-content/uploads/block.jpg"
    assert extraction.method == "wordpress"
    assert extraction.paragraphs[0].startswith("Councillors in the harbour town")
    assert not any("another post" in p for p in extraction.paragraphs)


def test_a_page_not_made_by_wordpress_goes_to_the_generic_path() -> None:
    page = _page(body=f'<article><div class="entry-content">{PROSE * 2}</div></article>')
    tree = parse_html(page.replace(WP_HEAD, ""))
    assert extract_article(tree, URL).method == "generic"
    assert extract_article(parse_html(page), URL).method == "wordpress"


@pytest.fixture(scope="module")
def replica_pages() -> list[tuple[object, bytes]]:
    with Replica(articles=160, seed=3) as rep:
        old = [a for a in rep.articles if a.published < "2019" and a.summary][:40]
        return [(a, urllib.request.urlopen(a.url).read()) for a in old]


@pytest.mark.parametrize("profile", ["asianlite", None])
def test_replica_old_posts_lose_their_repeated_standfirst(
    replica_pages: list[tuple[object, bytes]], profile: str | None
) -> None:
    assert len(replica_pages) >= 20
    for article, body in replica_pages:
        result = extract_page(Page(article.url, body, profile=profile, clean=True))  # type: ignore[attr-defined]
        first = result.article.body.split("\n\n")[0]
        assert letters(first) == letters(article.body_paragraphs[0]), article.url  # type: ignore[attr-defined]
        assert result.article.title == article.title  # type: ignore[attr-defined]


DEK = "The harbour council approved the new ferry crossing after a year of delays"


@pytest.mark.parametrize(
    ("paragraphs", "shown", "dropped"),
    [
        ([DEK, "The vote was close."], DEK, True),
        ([f"“{DEK.upper()}”", "The vote was close."], DEK, True),
        ([f"{DEK}... reports Harbour News", "The vote was close."], DEK, True),
        ([f"{DEK[:50]}…", "The vote was close."], DEK, True),  # the body's copy cut short
        ([DEK, "The vote was close."], f"{DEK[:50]} […]", True),  # the dek cut short
        (["Advertisement", DEK, "The vote was close."], DEK, True),  # furniture line first
        (["The harbour council met on Monday.", DEK], DEK, False),  # not the first paragraph
        (["The harbour council approved a budget.", "More."], DEK, False),  # same opening only
        (["Short dek", "More."], "Short dek", True),
        (["Short dek here", "More."], "Short dek", False),
    ],
)
def test_repeated_standfirst_dropped_only_where_it_repeats(
    paragraphs: list[str], shown: str, dropped: bool
) -> None:
    kept, removed = drop_repeated_standfirst(paragraphs, shown)
    assert (len(kept) == len(paragraphs) - 1) is dropped
    assert bool(removed) is dropped
    if dropped:
        assert removed[0][0] == "standfirst"
        assert "The vote was close." in kept or "More." in kept
