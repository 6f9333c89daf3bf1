"""The Fox 4.x chrome shared by every HTML page: head, header, ticker, teasers,
footer, and the page assembly (normal, or the JavaScript shell variant)."""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

import base64
import html
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .model import CATEGORIES, SITE_NAME, SITE_TAGLINE, Post, human_date, iso, slugify
from .site import Site

THEME_VERSION = "4.6.5"
UTM_LISTING = "?utm_source=asianlite&utm_medium=referral&utm_campaign=latest_news"
MENU = (
    "top-news",
    "world-news",
    "uk-news",
    "london-news",
    "eu-news",
    "asean-news",
    "uae-news",
    "dubai",
    "columns",
    "lite-blogs",
    "feature-story",
    "media",
    "events",
)
_ENTITIES = (
    ("’", "&#8217;"),
    ("‘", "&#8216;"),
    ("“", "&#8220;"),
    ("”", "&#8221;"),
    ("–", "&#8211;"),
    ("—", "&#8212;"),
    ("…", "&#8230;"),
    ("\xa0", "&nbsp;"),
)


@lru_cache(maxsize=1 << 16)
def esc(text: str) -> str:
    """Escape for text and attribute values (cached: titles and URLs repeat)."""
    return html.escape(text, quote=True)


@lru_cache(maxsize=1 << 16)
def wp(text: str) -> str:
    """Escape the way WordPress prints titles and content: typographic
    characters as numeric entities, no-break spaces as &nbsp;."""
    escaped = html.escape(text, quote=False)
    if not escaped.isascii():
        for char, entity in _ENTITIES:
            escaped = escaped.replace(char, entity)
    return escaped


@dataclass
class Page:
    """One HTML page in parts, so it can be served whole or as a JS shell."""

    title: str
    head: str  # SEO meta, links, JSON-LD
    body_class: str
    ticker: str
    main: str
    footer: str
    dock: str | None = None  # "Don't Miss" box, single posts only


class Theme:
    """Markup helpers bound to one site and one base URL."""

    def __init__(
        self,
        site: Site,
        base: str,
        *,
        site_name: str = SITE_NAME,
        tagline: str = SITE_TAGLINE,
        categories: dict[str, tuple[str, str]] | None = None,
        permalink: Callable[[Post], str] | None = None,
    ) -> None:
        """`categories` maps the post model's category slugs to this site's own
        (slug, name); `permalink` gives a post's path (default: the Fox one)."""
        self.site = site
        self.base = base
        self.site_name = site_name
        self.tagline = tagline
        own = categories or {slug: (slug, name) for slug, name in CATEGORIES.items()}
        self.names = {slug: name for slug, (_, name) in own.items()}
        self.slugs = {slug: mine for slug, (mine, _) in own.items()}
        self.by_slug = {mine: slug for slug, mine in self.slugs.items()}
        self.permalink: Callable[[Post], str] = permalink or (lambda post: post.path)

    # --------------------------------------------------------------- links

    def url(self, post: Post) -> str:
        return self.base + self.permalink(post)

    def listing_href(self, post: Post) -> str:
        """A post's link in listings: some carry tracking parameters."""
        return self.url(post) + (UTM_LISTING if post.tracked else "")

    def category_url(self, slug: str) -> str:
        return f"{self.base}/category/{self.slugs[slug]}/"

    def image_url(self, post: Post) -> str:
        return self.base + post.image

    # --------------------------------------------------------- small parts

    def categories_html(self, post: Post, standalone: bool = False) -> str:
        links = '<span class="sep">/</span>'.join(
            f'<a href="{self.category_url(slug)}" rel="tag">{esc(self.names[slug])}</a>'
            for slug in post.categories
        )
        extra = " standalone-categories post-header-section" if standalone else ""
        return f'<div class="entry-categories meta-categories{extra}">{links}</div>'

    def date_html(self, post: Post, updated: bool = False) -> str:
        out = (
            '<div class="entry-date meta-time machine-time time-short">'
            f'<time class="published" itemprop="datePublished" datetime="{iso(post.published)}">'
            f"{human_date(post.published)}</time>"
        )
        if updated:
            out += (
                f'<time class="updated" itemprop="dateModified" datetime="{iso(post.modified)}">'
                f"{human_date(post.modified)}</time>"
            )
        return out + "</div>"

    def author_html(self, post: Post) -> str:
        if not post.authors:
            return ""
        names = " and ".join(
            f'<span class="author vcard"><a class="url fn" itemprop="url" rel="author" '
            f'href="{self.base}/author/{a.slug}/"><span itemprop="name">{esc(a.name)}</span></a></span>'
            for a in post.authors
        )
        return (
            '<div class="fox-meta-author entry-author meta-author" itemprop="author" itemscope '
            f'itemtype="https://schema.org/Person"><span class="byline"> by {names}</span></div>'
        )

    def thumb(
        self, post: Post, extra: str, width: int = 480, height: int = 384, href: str | None = None
    ) -> str:
        link = href or self.listing_href(post)
        return (
            f'<figure class="fox-figure wi-thumbnail fox-thumbnail post-item-thumbnail {extra} thumbnail-acute" '
            'itemscope itemtype="https://schema.org/ImageObject"><span class="image-element">'
            f'<a href="{esc(link)}" class="post-link"><img width="{width}" height="{height}" '
            f'src="{self.image_url(post)}" class="attachment-thumbnail-medium size-thumbnail-medium wp-post-image" '
            f'alt="" loading="lazy"></a></span></figure>'
        )

    def post_class(self, post: Post, extra: str) -> str:
        cats = " ".join(f"category-{slug}" for slug in post.categories)
        tags = " ".join(f"tag-{t}" for t in self.tag_slugs(post))
        return (
            f"{extra} post-{post.wp_id} post type-post status-publish format-standard has-post-thumbnail hentry "
            f"{cats} {tags}".rstrip()
        )

    @staticmethod
    def tag_slugs(post: Post) -> list[str]:
        return [slugify(t) for t in post.tags]

    def item(
        self,
        post: Post,
        *,
        layout: str = "grid",
        title_tag: str = "h2",
        size: str = "normal",
        excerpt_words: int = 55,
        more: str = "…",
        meta: bool = True,
        extra: str = "",
    ) -> str:
        """A post teaser as fox_blog prints it (grid or list)."""
        href = esc(self.listing_href(post))
        parts = [
            f'<article class="{self.post_class(post, f"wi-post post-item post-{layout} fox-{layout}-item{extra}")}" '
            'itemscope itemtype="https://schema.org/CreativeWork">',
            f'<div class="post-item-inner {layout}-inner">',
            self.thumb(post, f"{layout}-thumbnail"),
            f'<div class="{layout}-body post-item-body"><div class="post-item-header {layout}-header">',
        ]
        if meta:
            parts.append(self.categories_html(post, standalone=True))
        parts.append(
            f'<{title_tag} class="post-item-title wi-post-title fox-post-title post-header-section size-{size}" '
            f'itemprop="headline"><a href="{href}" rel="bookmark">{wp(post.title)}</a></{title_tag}>'
        )
        if meta:
            parts.append(
                '<div class="post-item-meta wi-meta fox-meta post-header-section">'
                f"{self.date_html(post, updated=True)}{self.author_html(post)}</div>"
            )
        parts.append("</div>")
        if excerpt_words:
            excerpt = post.excerpt(excerpt_words, more)
            parts.append(
                f'<div class="post-item-excerpt entry-excerpt excerpt-size-{"normal" if meta else "small"}" '
                f'itemprop="text"><p>{wp(excerpt)}</p></div>'
            )
        parts.append("</div></div></article>")
        return "".join(parts)

    def blog(
        self, items: Iterable[str], layout: str = "grid", columns: int = 2, extra: str = ""
    ) -> str:
        return (
            f'<div class="blog-container blog-container-{layout}">'
            f'<div class="wi-blog fox-blog blog-{layout} fox-{layout} column-{columns} spacing-normal {extra}">'
            + "".join(items)
            + "</div></div>"
        )

    # -------------------------------------------------------------- chrome

    def ticker(self, posts: list[Post]) -> str:
        items = "".join(
            f'<li class="ticker-item"><a href="{esc(self.url(p))}">{wp(p.title)}</a></li>'
            for p in posts
        )
        return f'<div class="ticker-heading"><span>Breaking News</span></div><div class="ticker-list"><ul>{items}</ul></div>'

    def footer_widgets(self, posts: list[Post]) -> str:
        latest = "".join(f'<li><a href="{esc(self.url(p))}">{wp(p.title)}</a></li>' for p in posts)
        cats = "".join(
            f'<li class="cat-item cat-item-{n}"><a href="{self.category_url(slug)}">{esc(self.names[slug])}</a></li>'
            for n, slug in enumerate(MENU, start=3)
        )
        return (
            '<div class="container"><div class="footer-widget-area">'
            '<section id="recent-posts-2" class="widget widget_recent_entries">'
            f'<h3 class="widget-title"><span>Latest News</span></h3><ul>{latest}</ul></section>'
            '<section id="categories-2" class="widget widget_categories">'
            f'<h3 class="widget-title"><span>Categories</span></h3><ul>{cats}</ul></section>'
            "</div></div>"
        )

    def sidebar(self, posts: list[Post]) -> str:
        latest = "".join(f'<li><a href="{esc(self.url(p))}">{wp(p.title)}</a></li>' for p in posts)
        return (
            '<aside id="secondary" class="secondary sidebar widget-area" role="complementary">'
            '<div class="theiaStickySidebar"><section id="recent-posts-3" class="widget widget_recent_entries">'
            f'<h3 class="widget-title"><span>Latest News</span></h3><ul>{latest}</ul></section></div></aside>'
        )

    def header(self) -> str:
        menu = "".join(
            f'<li id="menu-item-{n}" class="menu-item menu-item-type-taxonomy menu-item-object-category '
            f'menu-item-{n}"><a href="{self.category_url(slug)}">{esc(self.names[slug])}</a></li>'
            for n, slug in enumerate(MENU, start=101)
        )
        return (
            '<header id="masthead" class="site-header header-classic" itemscope '
            'itemtype="https://schema.org/WPHeader"><div class="container">'
            '<div id="logo-area" class="fox-logo-area"><div id="wi-logo" class="fox-logo-container">'
            f'<h2 class="wi-logo-main fox-logo logo-type-image" id="site-logo"><a href="{self.base}/" rel="home">'
            f'<img width="400" height="100" src="{self.base}/wp-content/uploads/2019/05/asianlite-logo.png" '
            f'class="main-img-logo" alt="{self.site_name}"></a></h2></div>'
            f'<h3 class="slogan site-description">{self.tagline}</h3></div>'
            '<nav id="wi-mainnav" class="navigation-ele wi-mainnav" role="navigation" itemscope '
            'itemtype="https://schema.org/SiteNavigationElement"><div class="menu style-indicator-solid">'
            f'<ul id="menu-main-menu" class="menu"><li id="menu-item-100" class="menu-item menu-item-home">'
            f'<a href="{self.base}/">Home</a></li>{menu}</ul></div></nav></div></header>'
        )

    # ------------------------------------------------------------ assembly

    def render(self, page: Page, js: bool = False) -> str:
        """The whole page. With js=True the dynamic parts (head metadata, ticker,
        main, dock, footer widgets) ship as an encoded JSON blob that an inline
        ES5 script injects shortly after DOMContentLoaded: a plain fetch sees
        no post links or text, a rendered one sees the normal markup."""
        fills = {"breaking-news": page.ticker, "wi-main": page.main, "footer-widgets": page.footer}
        if page.dock is not None:
            fills["content-dock"] = page.dock

        def part(key: str) -> str:
            return "" if js else fills[key]

        dock = (
            ""
            if page.dock is None
            else (
                f'<aside id="content-dock" class="content-dock sliding-box sliding-up">{part("content-dock")}</aside>'
            )
        )
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(page.title)}</title>\n{'' if js else page.head}"
            f'<link rel="stylesheet" id="fox-style-css" href="{self.base}/wp-content/themes/the-fox/style.min.css'
            f'?ver={THEME_VERSION}" media="all">\n</head>\n'
            f'<body class="{page.body_class}" itemscope itemtype="https://schema.org/WebPage">\n'
            f'<div id="wi-all" class="fox-outer-wrapper fox-all wi-all">\n{self.header()}\n'
            f'<div id="breaking-news" class="fox-ticker breaking-news">{part("breaking-news")}</div>\n'
            f'<div id="wi-main" class="wi-main fox-main">{part("wi-main")}</div>\n'
            '<div id="backtotop" class="backtotop backtotop-circle backtotop-icon">'
            '<span class="go">Go to</span><span class="top">Top</span></div>\n'
            f"{dock}\n"
            '<footer id="wi-footer" class="site-footer" itemscope itemtype="https://schema.org/WPFooter">'
            f'<div id="footer-widgets" class="footer-widgets">{part("footer-widgets")}</div>'
            '<div id="footer-bottom" class="footer-bottom"><div class="container"><p class="copyright">'
            f"&copy; Copyright 2026 {self.site_name}. All rights reserved.</p></div></div></footer>\n</div>\n"
            + (self._js_boot(page.head, fills) if js else "")
            + f'<script src="{self.base}/wp-content/themes/the-fox/js/theme.min.js?ver={THEME_VERSION}" '
            'id="wi-main-js"></script>\n</body>\n</html>\n'
        )

    @staticmethod
    def _js_boot(head: str, fills: dict[str, str]) -> str:
        """The page state as a JSON string holding base64 of JSON (UTF-8), as
        some JS front ends ship it: neither post URLs nor post text appear in
        a plain fetch."""
        state = json.dumps({"head": head, "fill": fills}, ensure_ascii=False)
        packed = base64.b64encode(state.encode("utf-8")).decode("ascii")
        return (
            f'<script type="application/json" id="fox-app-data">"{packed}"</script>\n'
            f"<script>{BOOT_JS}</script>\n"
        )


# ES5 only: an old QtWebKit (Splash) must run it.
BOOT_JS = """
(function () {
  function boot() {
    var source = document.getElementById('fox-app-data');
    var packed = JSON.parse(source.text || source.textContent);
    var data = JSON.parse(decodeURIComponent(escape(window.atob(packed))));
    var head = document.getElementsByTagName('head')[0];
    var box = document.createElement('div');
    box.innerHTML = data.head;
    while (box.firstChild) { head.appendChild(box.firstChild); }
    for (var id in data.fill) {
      if (data.fill.hasOwnProperty(id)) {
        var target = document.getElementById(id);
        if (target) { target.innerHTML = data.fill[id]; }
      }
    }
    document.documentElement.className += ' fox-rendered';
  }
  function later() { window.setTimeout(boot, 30); }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', later, false);
  } else {
    later();
  }
})();
"""
