"""Article metadata from the page's own structured data, before any guessing.

Order of trust: theme markup named by the site profile (an operator's word),
the JSON-LD Article node (Yoast and Rank Math graphs, ``@id`` references
resolved), OpenGraph/article meta, WordPress template markup
(``crawler.extract.wordpress``: ``time.entry-date``, ``rel=author``,
``rel=category``, ``rel=tag``, ``.wp-post-image``, block-theme blocks), then
generic HTML (``<title>``, ``time[datetime]``), and last what the WordPress
REST API listed for the post (``crawler.extract.rest``), field by field.
Titles never keep the site name a ``<title>`` or og:title appends to them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract import wordpress
from crawler.extract.dates import to_iso
from crawler.extract.rest import RestPost
from crawler.extract.text import clean_line
from crawler.sites import SiteProfile

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "LiveBlogPosting",
        "TechArticle",
        "Report",
    }
)
_HTML_LANG = etree.XPath("/html/@lang")
# JSON-LD nests an Article node a level or two deep (a list, an @graph) and
# names (authors, keywords) in an object or a list; deeper is not metadata.
MAX_JSON_LD_DEPTH = 4
# The elements structured metadata lives in, found in one walk of the page:
# one XPath per kind walked the whole page once each (bench/extract_cost.py).
_SCANNED = ("script", "meta", "link", "title", "time")


@dataclass
class PageScan:
    """JSON-LD, meta, canonical link, ``<title>`` and ``time[datetime]`` of a page."""

    json_ld: list[str] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)


def scan_page(tree: HtmlElement) -> PageScan:
    """Collect the page's structured metadata in document order, in one walk."""
    found = PageScan()
    for el in tree.iter(_SCANNED):
        tag = el.tag
        if tag == "meta":
            content = el.get("content")
            name = el.get("property") or el.get("name")
            if content is not None and name:
                found.meta.setdefault(name.strip().lower(), []).append(content.strip())
        elif tag == "script":
            if el.get("type") == "application/ld+json" and el.text:
                found.json_ld.append(el.text)
        elif tag == "link":
            if el.get("rel") == "canonical" and (href := el.get("href")) is not None:
                found.canonical.append(href)
        elif tag == "title":
            if el.text:
                found.titles.append(el.text)
        elif (value := el.get("datetime")) is not None:
            found.times.append(value)
    return found


@dataclass
class JsonLd:
    """The page's JSON-LD: the first Article-like node and every node by ``@id``."""

    article: dict[str, Any] = field(default_factory=dict)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    site_names: list[str] = field(default_factory=list)

    def resolve(self, value: Any, depth: int = 0) -> Any:
        """``value`` with ``{"@id": ...}`` references replaced by the nodes they name
        (Yoast and Rank Math give the author, image and publisher that way)."""
        if depth > MAX_JSON_LD_DEPTH:
            return value
        if isinstance(value, list):
            return [self.resolve(v, depth + 1) for v in value]
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.by_id.get(str(value["@id"]), value)
        return value


def _types(node: dict[str, Any]) -> set[str]:
    types = node.get("@type")
    return {t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}


def json_ld(scripts: list[str]) -> JsonLd:
    """The Article node, the ``@id`` index and the site's names (WebSite, publisher)."""
    found = JsonLd()
    for raw in scripts:
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: arrays nested ~1,000 deep
            continue
        for node in _nodes(data):
            if isinstance(node.get("@id"), str):
                found.by_id.setdefault(node["@id"], node)
            types = _types(node)
            if not found.article and ARTICLE_TYPES.intersection(types):
                found.article = node
            if "WebSite" in types and isinstance(name := node.get("name"), str):
                found.site_names.append(name)
    if found.article:
        publisher = found.resolve(found.article.get("publisher"))
        if isinstance(publisher, dict) and isinstance(name := publisher.get("name"), str):
            found.site_names.append(name)
    return found


def json_ld_article(scripts: list[str]) -> dict[str, Any]:
    """The first Article-like node in the page's JSON-LD scripts (``@graph`` aware)."""
    return json_ld(scripts).article


def _nodes(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    if depth > MAX_JSON_LD_DEPTH:
        return []
    if isinstance(data, list):
        return [n for item in data for n in _nodes(item, depth + 1)]
    if isinstance(data, dict):
        return [data, *_nodes(data["@graph"], depth + 1)] if "@graph" in data else [data]
    return []


def _names(value: Any, depth: int = 0) -> list[str]:
    """Names from a JSON-LD value that may be a string, an object or a list."""
    if depth > MAX_JSON_LD_DEPTH:
        return []
    if isinstance(value, list):
        return [n for v in value for n in _names(v, depth + 1)]
    if isinstance(value, dict):
        return _names(value.get("name"), depth + 1)
    if isinstance(value, str):
        return [s for part in value.split(",") if (s := clean_line(part))]
    return []


def _texts(
    tree: HtmlElement, profile: SiteProfile | None, name: str, site: bool | None = None
) -> list[str]:
    """Texts of the profile's ``article.<name>`` selector; ``site``: only when the
    selector is the site's own (True) or a WordPress default (False)."""
    if profile is None or (site is not None and site == (name in profile.conventions)):
        return []
    selector = profile.selector("article", name)
    if selector is None:
        return []
    out: list[str] = []
    for el in selector(tree):
        text = clean_line(el.text_content() if isinstance(el, HtmlElement) else str(el))
        if text and text not in out:
            out.append(text)
    return out


def profile_texts(tree: HtmlElement, profile: SiteProfile | None, name: str) -> list[str]:
    """Texts of the profile's ``article.<name>`` selector on the page, in order, once each."""
    return _texts(tree, profile, name)


def _attr(tree: HtmlElement, profile: SiteProfile | None, name: str, attr: str) -> str | None:
    selector = profile.selector("article", name) if profile else None
    for el in selector(tree) if selector is not None else ():
        if value := el.get(attr):
            return str(value)
    return None


def _first(*values: Any) -> str | None:
    """The first non-empty string among ``values``; a callable value is only
    called when every value before it was empty (page scans cost, see bench/)."""
    for given in values:
        value = given() if callable(given) else given
        item = value[0] if isinstance(value, list) and value else value
        if isinstance(item, dict):
            item = item.get("url") or item.get("contentUrl") or item.get("@id")
        if isinstance(item, str) and item.strip():
            return item.strip()
    return None


def _language(value: str | None) -> str | None:
    """Primary language subtag: "en-US", "en_GB" -> "en"."""
    if not value:
        return None
    return value.replace("_", "-").split("-")[0].lower() or None


def extract_metadata(
    tree: HtmlElement,
    profile: SiteProfile | None = None,
    url: str | None = None,
    shown_summary: list[str] | None = None,
    rest: RestPost | None = None,
) -> dict[str, Any]:
    """Every article field except the body, from one parsed tree (fetched from ``url``).

    ``shown_summary``: the profile's summary texts when the caller already has them.
    ``rest``: what the REST API listed for this post, the last fallback (``rest_fallback``).
    """
    page = scan_page(tree)
    graph = json_ld(page.json_ld)
    ld = graph.article
    meta = page.meta
    m = {k: v[0] for k, v in meta.items() if v}
    post = wordpress.PostMarkup(tree)
    publisher = graph.resolve(ld.get("publisher"))
    site_name = _first(
        m.get("og:site_name"),
        publisher.get("name") if isinstance(publisher, dict) else None,
        graph.site_names,
    )
    site_names = [
        *meta.get("og:site_name", []),
        *graph.site_names,
        *([profile.site_name] if profile and profile.site_name else []),
        *meta.get("application-name", []),
    ]
    title = _title(
        _texts(tree, profile, "title"),
        ld.get("headline"),
        post.headline,
        og_title=m.get("og:title"),
        page_titles=page.titles,
        site_names=site_names,
        url=url,
    )
    # A site profile's selectors first; the WordPress defaults' only after the
    # structured data (a theme prints bylines and category links of other
    # stories too, a post-list block inside the content for one).
    categories = (
        _texts(tree, profile, "categories", site=True)
        or _names(ld.get("articleSection"))
        or meta.get("article:section", [])
        or _texts(tree, profile, "categories", site=False)
        or post.categories()
    )
    tags = (
        _texts(tree, profile, "tags", site=True)
        or _names(ld.get("keywords"))
        or meta.get("article:tag", [])
        or _texts(tree, profile, "tags", site=False)
        or post.tags()
    )
    authors = (
        _texts(tree, profile, "authors", site=True)
        or _names(graph.resolve(ld.get("author")))
        or _names(m.get("author"))
        or _texts(tree, profile, "authors", site=False)
        or post.authors()
    )
    published = _first(
        ld.get("datePublished"),
        m.get("article:published_time"),
        lambda: _attr(tree, profile, "published", "datetime"),
        post.published,
        page.times,
    )
    fields = {
        "canonical_url": _first(page.canonical, m.get("og:url"), ld.get("url")),
        "title": title,
        "summary": clean_line(
            _first(
                shown_summary if shown_summary is not None else _texts(tree, profile, "summary"),
                ld.get("description"),
                m.get("og:description"),
                m.get("description"),
            )
            or ""
        ),
        "authors": authors,
        "published": to_iso(published),
        "modified": to_iso(
            _first(
                ld.get("dateModified"),
                m.get("article:modified_time"),
                m.get("og:updated_time"),
                post.modified,
            )
        ),
        "section": categories[0] if categories else None,
        "categories": categories,
        "tags": tags,
        "image": _first(
            m.get("og:image"),
            graph.resolve(ld.get("image")),
            lambda: _attr(tree, profile, "image", "src"),
            post.image,
        ),
        "language": _language(
            _first(ld.get("inLanguage"), lambda: _HTML_LANG(tree), m.get("og:locale"))
        ),
        "site_name": site_name,
    }
    if rest is not None:
        rest_fallback(fields, rest)
    fields["modified"] = fields["modified"] or fields["published"]
    return fields


def rest_fallback(fields: dict[str, Any], rest: RestPost) -> None:
    """Fill, in place, the fields the page left empty from the REST API's word.

    The page is trusted first: a field it gives is kept as it is.  REST fills
    authors, categories, tags, image, title and dates; section is then the
    first category when the page named none.
    """
    for name in ("authors", "categories", "tags"):
        if not fields[name] and getattr(rest, name):
            fields[name] = list(getattr(rest, name))
    for name in ("title", "image", "published", "modified"):
        if not fields[name]:
            fields[name] = getattr(rest, name)
    if not fields["section"] and fields["categories"]:
        fields["section"] = fields["categories"][0]


def _title(
    chosen: list[str],
    headline: Any,
    heading: Any,
    *,
    og_title: str | None,
    page_titles: list[str],
    site_names: list[str],
    url: str | None,
) -> str | None:
    """The headline, in order of trust, without a site-name suffix or prefix.

    A JSON-LD headline cut short ("…", as SEO plugins trim long ones) gives way
    to the page's heading when that heading continues it.
    """
    if isinstance(headline, str) and callable(heading):
        cut = clean_line(headline)
        if cut.endswith(("…", "...")):
            full = heading()
            if full and full.startswith(cut.rstrip("….").rstrip()):
                headline = full
    title = _first(chosen, headline, heading, og_title, page_titles)
    if not title:
        return None
    title = clean_line(title)
    if not wordpress.has_separator(title):
        return title
    others = [t for t in (_first(heading), og_title, *page_titles) if t]
    return strip_site_name(title, site_names, url, others) or None


def strip_site_name(
    title: str, site_names: list[str], url: str | None = None, others: list[str] | None = None
) -> str:
    """``title`` without a leading or trailing " | Site" segment naming the site.

    The site is named by ``site_names`` (og:site_name, JSON-LD WebSite and
    publisher, the profile), by the host ("harbourgazette" for
    harbourgazette.com), or shown by another title of the page (the heading,
    og:title) that is ``title`` minus that segment.
    """
    return wordpress.strip_site_name(title, site_names, url, others or [])
