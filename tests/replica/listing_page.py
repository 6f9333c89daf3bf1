"""Archive pages (category, tag, author, month), the home page and the 404 page."""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from .model import PER_PAGE
from .theme import Page, Theme, esc

HOME_SECTIONS = ("top-news", "world-news", "uk-news", "uae-news", "asean-news", "events")


@dataclass(frozen=True)
class Listing:
    """One paginated list of posts and how its pages are named."""

    pool: Sequence[int]  # post indexes, oldest first
    path: str  # page 1, e.g. "/category/top-news/"
    heading: str  # h1.archive-title text
    title: str  # <title> stem
    layout: str = "list"
    feed: str = ""  # the archive's own RSS feed path, if any

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.pool) / PER_PAGE))

    def page_path(self, number: int) -> str:
        return self.path if number == 1 else f"{self.path}page/{number}/"


def pagination(theme: Theme, listing: Listing, current: int) -> str:
    """paginate_links(): end_size 1, mid_size 2, "Previous"/"Next" in spans."""
    total = listing.pages
    if total < 2:
        return ""
    link = theme.base
    parts: list[str] = []
    if current > 1:
        parts.append(
            f'<a class="prev page-numbers" href="{link}{listing.page_path(current - 1)}"><span>Previous</span></a>'
        )
    dots = False
    for n in range(1, total + 1):
        if n == current:
            parts.append(
                f'<span aria-current="page" class="page-numbers current"><span>{n}</span></span>'
            )
            dots = True
        elif n <= 1 or current - 2 <= n <= current + 2 or n > total - 1:
            parts.append(
                f'<a class="page-numbers" href="{link}{listing.page_path(n)}"><span>{n}</span></a>'
            )
            dots = True
        elif dots:
            parts.append('<span class="page-numbers dots">&hellip;</span>')
            dots = False
    if current < total:
        parts.append(
            f'<a class="next page-numbers" href="{link}{listing.page_path(current + 1)}"><span>Next</span></a>'
        )
    return f'<div class="wi-pagination fox-pagination font-heading"><div class="pagination-inner">{"".join(parts)}</div></div>'


def _head(theme: Theme, listing: Listing, number: int, title: str) -> str:
    url = theme.base + listing.page_path(number)
    lines = [
        '<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1">',
        f'<link rel="canonical" href="{url}">',
    ]
    if number > 1:
        lines.append(f'<link rel="prev" href="{theme.base}{listing.page_path(number - 1)}">')
    if number < listing.pages:
        lines.append(f'<link rel="next" href="{theme.base}{listing.page_path(number + 1)}">')
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "CollectionPage",
                "@id": url,
                "url": url,
                "name": title,
                "inLanguage": "en-US",
                "isPartOf": {"@id": f"{theme.base}/#website"},
            },
        ],
    }
    lines += [
        '<meta property="og:locale" content="en_US">',
        '<meta property="og:type" content="website">',
        f'<meta property="og:title" content="{esc(title)}">',
        f'<meta property="og:url" content="{url}">',
        f'<meta property="og:site_name" content="{theme.site_name}">',
        '<script type="application/ld+json" class="yoast-schema-graph">'
        + json.dumps(graph, ensure_ascii=False).replace("</", "<\\/")
        + "</script>",
        f'<link rel="alternate" type="application/rss+xml" title="{theme.site_name} &raquo; Feed" href="{theme.base}/feed/">',
    ]
    if listing.feed:
        lines.append(
            f'<link rel="alternate" type="application/rss+xml" title="{theme.site_name} &raquo; {esc(listing.title)} Feed" '
            f'href="{theme.base}{listing.feed}">'
        )
    return "\n".join(lines) + "\n"


def _title(theme: Theme, listing: Listing, number: int) -> str:
    paged = f" - Page {number} of {listing.pages}" if number > 1 else ""
    return f"{listing.title}{paged} - {theme.site_name}"


def archive_page(theme: Theme, listing: Listing, number: int) -> Page | None:
    """Page `number` of an archive, or None past the last page (404)."""
    if not 1 <= number <= listing.pages:
        return None
    site = theme.site
    posts = site.page(listing.pool, number, PER_PAGE)
    items = [theme.item(p, layout=listing.layout) for p in posts]
    blog = (
        theme.blog(items, layout=listing.layout)
        if items
        else '<p class="no-posts">Nothing found.</p>'
    )
    latest = site.latest(5)
    title = _title(theme, listing, number)
    main = (
        '<div id="titlebar" class="archive-header single-big-section"><div class="container">'
        f'<h1 class="archive-title" itemprop="headline"><span>{esc(listing.heading)}</span></h1></div></div>'
        '<div class="container"><div id="primary" class="content-area primary"><div class="theiaStickySidebar">'
        f"{blog}{pagination(theme, listing, number)}</div></div>{theme.sidebar(latest)}</div>"
    )
    return Page(
        title=title,
        head=_head(theme, listing, number, title),
        body_class="archive category" if listing.path.startswith("/category/") else "archive",
        ticker=theme.ticker(latest),
        main=main,
        footer=theme.footer_widgets(latest),
    )


def home_page(theme: Theme, number: int) -> Page | None:
    """The front page: category sections on page 1, then the paginated latest posts."""
    site = theme.site
    listing = Listing(range(len(site.posts)), "/", "Latest News", theme.tagline, layout="list")
    if not 1 <= number <= listing.pages:
        return None
    sections = ""
    if number == 1:
        for slug in HOME_SECTIONS:
            posts = site.latest(4, pool=site.categories[slug])
            if posts:
                sections += (
                    f'<div class="fox-section home-section section-{slug}"><div class="container">'
                    f'<h2 class="section-heading"><a href="{theme.category_url(slug)}">{esc(theme.names[slug])}</a></h2>'
                    f"{theme.blog((theme.item(p, title_tag='h3', size='small') for p in posts), columns=4)}</div></div>"
                )
    latest = site.latest(5)
    items = [theme.item(p, layout="list") for p in site.page(listing.pool, number, 10)]
    title = (
        f"{theme.site_name} - {theme.tagline}" if number == 1 else _title(theme, listing, number)
    )
    main = (
        f"{sections}"
        '<div class="container"><div id="primary" class="content-area primary"><div class="theiaStickySidebar">'
        '<h2 class="section-heading latest-heading"><span>Latest News</span></h2>'
        f"{theme.blog(items, layout='list')}{pagination(theme, listing, number)}</div></div>{theme.sidebar(latest)}</div>"
    )
    return Page(
        title=title,
        head=_head(theme, listing, number, title),
        body_class="home blog",
        ticker=theme.ticker(latest),
        main=main,
        footer=theme.footer_widgets(latest),
    )


def not_found_page(theme: Theme) -> Page:
    latest = theme.site.latest(5)
    main = (
        '<div class="container"><div class="page404"><h1 class="page404-title">Page not found</h1>'
        "<p>It looks like nothing was found at this location. Maybe try one of the links below or a search?</p>"
        f'<form role="search" method="get" class="searchform" action="{theme.base}/">'
        '<input type="text" name="s" class="s search-field" value="" placeholder="Type &amp; hit enter">'
        "</form></div></div>"
    )
    return Page(
        title=f"Page not found - {theme.site_name}",
        head='<meta name="robots" content="noindex, follow">\n',
        body_class="error404",
        ticker=theme.ticker(latest),
        main=main,
        footer=theme.footer_widgets(latest),
    )
