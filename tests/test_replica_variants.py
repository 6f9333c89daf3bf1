"""Replica variants (other themes and sister sites): every variant serves its
articles, paginated listings reach every post exactly once, and the ground
truth says what the pages show.  Selectors come from each variant's site
profile, so the profiles are checked against the pages too."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from crawler.sites import SiteProfile, load_profile
from tests.replica import Replica
from tests.replica.model import clean_text
from tests.replica.themes import DEFAULT_VARIANT, HELDOUT, PROFILED, VARIANTS

OTHERS = [name for name in PROFILED if name != DEFAULT_VARIANT]  # checked through their profiles


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def page(url: str) -> lxml.html.HtmlElement:
    status, text = fetch(url)
    assert status == 200, url
    return lxml.html.fromstring(text)


@pytest.fixture(scope="module", params=OTHERS)
def rep(request: pytest.FixtureRequest) -> Iterator[Replica]:
    with Replica(articles=80, seed=3, variant=request.param) as replica:
        yield replica


def select(profile: SiteProfile, kind: str, name: str, node: Any) -> list[Any]:
    """What the profile's selector (inherited ones too, lists tried in order) finds."""
    selector = profile.selector(kind, name)
    return list(selector(node)) if selector is not None else []


def test_article_pages_show_their_ground_truth(rep: Replica) -> None:
    profile = load_profile(rep.variant.name)
    for truth in rep.articles:
        doc = page(truth.url)
        assert [clean_text(h.text_content()) for h in select(profile, "article", "title", doc)] == [
            truth.title
        ]
        title = clean_text(doc.findtext(".//title") or "")
        assert title.startswith(truth.title) and title.endswith(rep.variant.site_name), title
        assert doc.cssselect('link[rel="canonical"]')[0].get("href") == truth.canonical_url
        body = clean_text(select(profile, "article", "body", doc)[0].text_content())
        at = 0
        for paragraph in truth.body_paragraphs:  # in order, inside the content container
            found = body.find(paragraph, at)
            assert found >= 0, (truth.url, paragraph)
            at = found + len(paragraph)
        shown = [clean_text(e.text_content()) for e in select(profile, "article", "summary", doc)]
        if rep.variant.standfirst:
            assert shown == ([truth.summary] if truth.summary else [])
        else:  # no standfirst on the page: the summary is the SEO plugin's description
            described = doc.cssselect('meta[name="description"]')
            assert shown == []
            assert [clean_text(d.get("content", "")) for d in described] == (
                [truth.summary] if truth.summary else []
            )
        assert [
            clean_text(a.text_content()) for a in select(profile, "article", "authors", doc)
        ] == truth.authors
        assert [
            clean_text(a.text_content()) for a in select(profile, "article", "categories", doc)
        ] == (truth.categories)
        assert [
            clean_text(a.text_content()) for a in select(profile, "article", "tags", doc)
        ] == truth.tags
        assert select(profile, "article", "image", doc)[0].get("src") == truth.image
        assert profile.article_path.match(urlsplit(truth.url).path), truth.url


# What a listing page shows: its article links, and its next-page link (none or one).
Links = Callable[[lxml.html.HtmlElement], list[Any]]


def walk(start: str, items: Links, following: Links) -> list[str]:
    """Follow the next-page links from `start`; the article links met (no query)."""
    links: list[str] = []
    url: str | None = start
    seen = set()
    while url is not None:
        assert url not in seen, f"pagination loops at {url}"
        seen.add(url)
        doc = page(url)
        links += [href.split("?")[0] for href in items(doc)]
        nxt = following(doc)
        url = urljoin(url, nxt[0].get("href")) if nxt else None
    return links


def check_listings_reach_every_post_once(
    rep: Replica, items: Links, following: Links, *, home: bool = True
) -> None:
    """The home page (if `home`) and every category list each post once; past the end, 404."""
    articles = rep.articles
    if home:
        assert sorted(walk(rep.base_url + "/", items, following)) == sorted(a.url for a in articles)
    for slug, name in rep.categories.items():
        want = sorted(a.url for a in articles if name in a.categories)
        assert sorted(walk(f"{rep.base_url}/category/{slug}/", items, following)) == want, slug
    status, _ = fetch(f"{rep.base_url}/category/{next(iter(rep.categories))}/page/99/")
    assert status == 404


def test_listings_paginate_to_every_post_exactly_once(rep: Replica) -> None:
    profile = load_profile(rep.variant.name)

    def items(doc: lxml.html.HtmlElement) -> list[str]:
        return [
            select(profile, "listing", "link", item)[0].get("href")
            for item in select(profile, "listing", "item", doc)
        ]

    check_listings_reach_every_post_once(
        rep,
        items,
        lambda doc: select(profile, "listing", "next", doc),
        home=rep.variant.theme != "fox",  # Fox's home page opens with category sections
    )


def test_heads_feeds_and_404(rep: Replica) -> None:
    doc = page(rep.articles[-1].url)
    feeds = [link.get("href") for link in doc.cssselect('link[rel="alternate"]')]
    assert f"{rep.base_url}/feed/" in feeds
    ld = doc.cssselect('script[type="application/ld+json"]')
    assert bool(ld) == (rep.variant.sitemaps != "core")  # core: no SEO plugin, no JSON-LD
    status, text = fetch(rep.base_url + "/no-such-page/at/all")
    assert status == 404 and rep.variant.site_name in text
    status, text = fetch(rep.base_url + "/feed/")
    assert status == 200 and rep.articles[-1].url in text


# Held-out variants have no profile (nothing may be tuned to them): their pages are
# checked with the theme's own markup, the selectors a profile would hold.
HELDOUT_MARKUP: dict[str, dict[str, str]] = {
    "generatepress": {
        "title": "article h1.entry-title",
        "body": "article div.entry-content",
        "summary": "",  # The SEO Framework's description only
        "authors": "header.entry-header .byline .author-name",
        "categories": "footer.entry-meta .cat-links a",
        "tags": "footer.entry-meta .tags-links a",
        "image": "div.featured-image img",
    },
    "newspack": {
        "title": "header.entry-header h1.entry-title",
        "body": "article div.entry-content",
        "summary": "header.entry-header div.newspack-post-subtitle",
        "authors": "div.entry-subhead .byline .author a",
        "categories": "",  # the page shows the primary one; Yoast's articleSection has all
        "tags": "footer.entry-footer .tags-links a",
        "image": "figure.post-thumbnail img",
    },
    "jnews": {
        "title": "div.entry-header h1.jeg_post_title",
        "body": "div.entry-content div.content-inner",
        "summary": "div.entry-header h2.jeg_post_subtitle",
        "authors": "div.jeg_meta_container .jeg_meta_author a",
        "categories": "div.jeg_meta_container .jeg_meta_category a",
        "tags": "div.content-inner div.jeg_post_tags a",
        "image": "div.jeg_featured img",
        # JNews' own archive pagination: no .page-numbers, no rel (Rank Math's <link rel=next>).
        "listing_link": "article.jeg_post h3.jeg_post_title a",
        "listing_next": "div.jeg_pagination a.page_nav.next",
    },
    "twentytwentyone-de": {
        "title": "article header.entry-header h1.entry-title",
        "body": "article div.entry-content",
        "summary": "",  # Yoast's description only
        "authors": "footer.entry-footer .byline a",
        "categories": "footer.entry-footer .cat-links a",
        "tags": "footer.entry-footer .tags-links a",
        "image": "figure.post-thumbnail img",
    },
}


@pytest.fixture(scope="module", params=HELDOUT)
def heldout(request: pytest.FixtureRequest) -> Iterator[Replica]:
    with Replica(articles=80, seed=3, variant=request.param) as replica:
        yield replica


def texts(doc: lxml.html.HtmlElement, css: str) -> list[str]:
    return [clean_text(e.text_content()) for e in doc.cssselect(css)] if css else []


def test_heldout_variants_are_registered_without_a_profile() -> None:
    assert sorted(HELDOUT) == sorted(HELDOUT_MARKUP)
    for name in HELDOUT:
        assert VARIANTS[name].heldout
        with pytest.raises(Exception, match=name):
            load_profile(name)


def test_heldout_article_pages_show_their_ground_truth(heldout: Replica) -> None:
    markup = HELDOUT_MARKUP[heldout.variant.name]
    for truth in heldout.articles:
        doc = page(truth.url)
        assert texts(doc, markup["title"]) == [truth.title]
        title = clean_text(doc.findtext(".//title") or "")
        assert title == f"{truth.title} {title[len(truth.title) + 1]} {heldout.variant.site_name}"
        assert doc.cssselect('link[rel="canonical"]')[0].get("href") == truth.canonical_url
        body = texts(doc, markup["body"])[0]
        at = 0
        for paragraph in truth.body_paragraphs:  # in order, inside the content container
            found = body.find(paragraph, at)
            assert found >= 0, (truth.url, paragraph)
            at = found + len(paragraph)
        described = [
            clean_text(d.get("content", "")) for d in doc.cssselect('meta[name="description"]')
        ]
        assert described == ([truth.summary] if truth.summary else [])
        if markup["summary"]:
            assert texts(doc, markup["summary"]) == described
        assert texts(doc, markup["authors"]) == truth.authors
        if markup["categories"]:
            assert texts(doc, markup["categories"]) == truth.categories
        else:
            ld = doc.cssselect('script[type="application/ld+json"]')[0].text
            assert f'"articleSection": {json.dumps(truth.categories, ensure_ascii=False)}' in ld
        assert texts(doc, markup["tags"]) == truth.tags
        assert doc.cssselect(markup["image"])[0].get("src") == truth.image


def test_heldout_listings_paginate_to_every_post_exactly_once(heldout: Replica) -> None:
    """Without a profile: the theme's title links and next-page link (WordPress's
    `article h2.entry-title a` and `a.next.page-numbers` unless the theme has its own)."""
    markup = HELDOUT_MARKUP[heldout.variant.name]
    link = markup.get("listing_link", "article h2.entry-title a")
    following = markup.get("listing_next", "a.next.page-numbers")
    check_listings_reach_every_post_once(
        heldout,
        lambda doc: [a.get("href") for a in doc.cssselect(link)],
        lambda doc: doc.cssselect(following),
    )


def test_heldout_heads_feeds_sitemaps_and_404(heldout: Replica) -> None:
    doc = page(heldout.articles[-1].url)
    feeds = [link.get("href") for link in doc.cssselect('link[rel="alternate"]')]
    assert f"{heldout.base_url}/feed/" in feeds
    assert doc.cssselect('script[type="application/ld+json"]')  # each runs an SEO plugin
    status, text = fetch(heldout.base_url + "/robots.txt")
    index = "/wp-sitemap.xml" if heldout.variant.sitemaps == "core" else "/sitemap_index.xml"
    assert status == 200 and f"Sitemap: {heldout.base_url}{index}" in text
    status, text = fetch(heldout.base_url + "/no-such-page/at/all")
    assert status == 404 and heldout.variant.site_name in text
    status, text = fetch(heldout.base_url + "/feed/")
    assert status == 200 and heldout.articles[-1].url in text


def test_the_default_variant_and_bad_names() -> None:
    assert VARIANTS[DEFAULT_VARIANT].site_name == "Asian Lite"
    with pytest.raises(ValueError, match="unknown replica variant 'nope'"):
        Replica(articles=20, variant="nope")
    done = subprocess.run(
        [sys.executable, "-m", "tests.replica", "--variant", "nope"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2 and "invalid choice: 'nope'" in done.stderr
    assert {v.sitemaps for v in VARIANTS.values()} == {"yoast", "core", "rankmath"}
