"""WordPress conventions a spider can rely on without a site profile.

What every WordPress site shares whatever its theme: where archives live
(category, tag, author, date and paged archives, feeds, attachments, the
admin and the REST API), how a category is linked (``rel="category tag"``,
``menu-item-object-category`` menu entries, ``/<category base>/<slug>/``)
and what the REST API says about categories.  Used by the ``wordpress``
spider (and any profile without a permalink pattern) to tell article links
from the rest, and by ``scrapy profile`` to describe a site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.sites import SiteProfile
from crawler.urls import same_site, split

DEFAULT_CATEGORY_BASE = "category"
REST_CATEGORIES = "/wp-json/wp/v2/categories?per_page=100&_fields=slug,count,link&page={page}"

# First path segments that never hold a post.
_NOT_POSTS = frozenset(
    {
        "author",
        "category",
        "comments",
        "feed",
        "page",
        "search",
        "tag",
        "wp-admin",
        "wp-content",
        "wp-includes",
        "wp-json",
        "wp-login.php",
        "wp-signup.php",
        "xmlrpc.php",
    }
)
# Any path segment that marks a non-post page (a post's feed, attachment page or AMP copy).
_NOT_POST_SEGMENTS = frozenset({"feed", "attachment", "amp", "trackback", "embed"})
# Date archives (/2024/, /2024/05/, /2024/05/17/) and paged archives, home included.
_ARCHIVE = re.compile(r"^(/\d{4}(/\d{1,2}(/\d{1,2})?)?)?(/page/\d+)?/?$")
# Query strings of archives, searches, attachments and comment replies (?p= is a post).
_NOT_POST_QUERY = frozenset(
    {"s", "cat", "tag", "author", "m", "attachment_id", "replytocom", "feed", "page_id", "paged"}
)
_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|xml|rss|zip|mp3|mp4|css|js|txt)$", re.I)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_%-]*$", re.I)


def site_path(url: str, base_url: str) -> str | None:
    """``url``'s path below ``base_url`` (``/`` at the site root), or None when off the site."""
    parts, base = split(url), split(base_url)
    if parts is None or base is None or not same_site(url, base_url):
        return None
    root = base.path.rstrip("/")
    if root and not (parts.path == root or parts.path.startswith(root + "/")):
        return None
    return parts.path[len(root) :] or "/"


def is_post_url(url: str, base_url: str, category_base: str = DEFAULT_CATEGORY_BASE) -> bool:
    """Could ``url`` be a post of the site at ``base_url``, by WordPress conventions?

    No: another site, the home page, category/tag/author/date/paged archives,
    feeds, attachments, AMP copies, the admin, the REST API, files, searches.
    """
    path = site_path(url, base_url)
    parts = split(url)
    if path is None or parts is None:
        return False
    segments = [s for s in path.split("/") if s]
    query = {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
    if not segments:  # the home page, or ?p=123 (a post's short link)
        return "p" in query
    if query & _NOT_POST_QUERY:
        return False
    if segments[0] in _NOT_POSTS or segments[0] == category_base:
        return False
    return not (_NOT_POST_SEGMENTS & set(segments) or _ARCHIVE.match(path) or _FILE.search(path))


@dataclass(frozen=True)
class Category:
    """A category archive: its slug and its path below the site root (``/category/a/b/``)."""

    slug: str
    path: str


def rest_objects(body: bytes, limit: int = 100) -> list[dict[str, Any]] | None:
    """The objects of a REST API answer that is a JSON list (at most ``limit``); None when
    it is not one (HTML, an error object, bad or absurdly nested JSON)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if not isinstance(data, list):
        return None
    return [item for item in data[:limit] if isinstance(item, dict)]


def rest_categories(body: bytes, base_url: str) -> list[Category] | None:
    """Categories with posts in a ``/wp-json/wp/v2/categories`` page; None: no such page."""
    data = rest_objects(body)
    if data is None:
        return None
    found: list[Category] = []
    for entry in data:
        if not isinstance(entry, dict) or not isinstance(entry.get("slug"), str):
            return None
        count, link = entry.get("count"), entry.get("link")
        if not isinstance(count, int) or count <= 0:
            continue
        path = site_path(link, base_url) if isinstance(link, str) else None
        found.append(Category(entry["slug"], path or f"/{DEFAULT_CATEGORY_BASE}/{entry['slug']}/"))
    return found


def category_base(tree: HtmlElement, base_url: str) -> str:
    """The first path segment of category archives, learned from links WordPress marks as such.

    ``rel="category"`` links (the post meta of most themes) and category menu
    entries (``menu-item-object-category``) name category archives; the
    segment most of them share is the base (``category`` unless the site
    changed it).  A site marking none keeps the default.
    """
    votes: dict[str, int] = {}
    for href in _marked_category_links(tree):
        path = site_path(href, base_url)
        segments = [s for s in (path or "").split("/") if s]
        if len(segments) >= 2:
            votes[segments[0]] = votes.get(segments[0], 0) + 1
    return max(votes, key=lambda k: votes[k]) if votes else DEFAULT_CATEGORY_BASE


def _marked_category_links(tree: HtmlElement) -> Iterable[str]:
    for link in tree.xpath(
        "//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]/@href"
        " | //li[contains(concat(' ', normalize-space(@class), ' '),"
        " ' menu-item-object-category ')]/a/@href"
    ):
        yield str(link)


def html_categories(tree: HtmlElement, page_url: str, base_url: str, base: str) -> list[Category]:
    """Category archives linked from a page (menus, post meta, widgets), in page order."""
    found: dict[str, Category] = {}
    for href in tree.xpath("//a/@href"):
        try:
            url = urljoin(page_url, str(href).strip())
        except ValueError:
            continue
        path = site_path(url, base_url)
        if path is None or urlsplit(url).query:
            continue
        segments = [s for s in path.split("/") if s]
        if len(segments) < 2 or segments[0] != base:
            continue
        if set(segments[1:]) & {"page", "feed"} or not all(_SLUG.match(s) for s in segments):
            continue
        slug = segments[-1].lower()
        found.setdefault(slug, Category(slug, "/" + "/".join(segments) + "/"))
    return list(found.values())


def looks_like_wordpress(html: str) -> list[str]:
    """The WordPress traces in a page (empty: none seen)."""
    signs = {
        "wp-content": "/wp-content/ assets",
        "wp-includes": "/wp-includes/ assets",
        'name="generator" content="WordPress': "generator WordPress",
        "wp-json": "REST API link",
        "wp-block-": "block markup",
    }
    return [label for needle, label in signs.items() if needle in html]


def listing_items(profile: SiteProfile, tree: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """(item, href) of each item of a listing page, as the profile finds them.

    Without the profile's item markup on the page (a theme's own modules, such
    as tagDiv's ``td_module_*``), each title link the profile finds is an item.
    """
    item_sel = profile.selector("listing", "item")
    link_sel = profile.selector("listing", "link")
    items = item_sel(tree) if item_sel is not None else [tree]
    if not items and link_sel is not None:
        items = [link.getparent() for link in link_sel(tree) if link.getparent() is not None]
    for item in items:
        links = link_sel(item) if link_sel is not None else []
        if links and (href := links[0].get("href")):
            yield item, href
