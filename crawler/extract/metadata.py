"""Article metadata from the page's own structured data, before any guessing.

Order of trust: JSON-LD Article node, OpenGraph/article meta, theme markup
named by the site profile, then generic HTML (``<title>``, ``time[datetime]``).
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.dates import to_iso
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
_JSONLD = etree.XPath('//script[@type="application/ld+json"]/text()')
_META = etree.XPath("//meta[@property or @name][@content]")
_CANONICAL = etree.XPath('//link[@rel="canonical"]/@href')
_HTML_LANG = etree.XPath("/html/@lang")
_TITLE = etree.XPath("//title/text()")
_TIME = etree.XPath("//time[@datetime]/@datetime")


def json_ld_article(tree: HtmlElement) -> dict[str, Any]:
    """The first Article-like node in the page's JSON-LD (``@graph`` aware)."""
    for raw in _JSONLD(tree):
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for node in _nodes(data):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                return node
    return {}


def _nodes(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [n for item in data for n in _nodes(item)]
    if isinstance(data, dict):
        return [data, *_nodes(data["@graph"])] if "@graph" in data else [data]
    return []


def meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """OpenGraph / article / name meta, each key to all its values in order."""
    found: dict[str, list[str]] = {}
    for el in _META(tree):
        key = (el.get("property") or el.get("name") or "").strip().lower()
        found.setdefault(key, []).append(el.get("content", "").strip())
    return found


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD value that may be a string, an object or a list."""
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, str):
        return [s for part in value.split(",") if (s := clean_line(part))]
    return []


def _texts(tree: HtmlElement, profile: SiteProfile | None, name: str) -> list[str]:
    selector = profile.selector("article", name) if profile else None
    if selector is None:
        return []
    out: list[str] = []
    for el in selector(tree):
        text = clean_line(el.text_content() if isinstance(el, HtmlElement) else str(el))
        if text and text not in out:
            out.append(text)
    return out


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
            item = item.get("url") or item.get("@id")
        if isinstance(item, str) and item.strip():
            return item.strip()
    return None


def _language(value: str | None) -> str | None:
    """Primary language subtag: "en-US", "en_GB" -> "en"."""
    if not value:
        return None
    return value.replace("_", "-").split("-")[0].lower() or None


def extract_metadata(tree: HtmlElement, profile: SiteProfile | None = None) -> dict[str, Any]:
    """Every article field except the body, from one parsed tree."""
    ld = json_ld_article(tree)
    meta = meta_tags(tree)
    m = {k: v[0] for k, v in meta.items() if v}
    title = _first(
        _texts(tree, profile, "title"), ld.get("headline"), m.get("og:title"), lambda: _TITLE(tree)
    )
    categories = (
        _texts(tree, profile, "categories")
        or _names(ld.get("articleSection"))
        or meta.get("article:section", [])
    )
    tags = (
        _texts(tree, profile, "tags") or _names(ld.get("keywords")) or meta.get("article:tag", [])
    )
    authors = (
        _texts(tree, profile, "authors") or _names(ld.get("author")) or _names(m.get("author"))
    )
    published = _first(
        ld.get("datePublished"),
        m.get("article:published_time"),
        lambda: _attr(tree, profile, "published", "datetime"),
        lambda: _TIME(tree),
    )
    return {
        "canonical_url": _first(_CANONICAL(tree), m.get("og:url"), ld.get("url")),
        "title": clean_line(title) if title else None,
        "summary": clean_line(
            _first(
                _texts(tree, profile, "summary"),
                ld.get("description"),
                m.get("og:description"),
                m.get("description"),
            )
            or ""
        ),
        "authors": authors,
        "published": to_iso(published),
        "modified": to_iso(
            _first(ld.get("dateModified"), m.get("article:modified_time"), m.get("og:updated_time"))
        )
        or to_iso(published),
        "section": categories[0] if categories else None,
        "categories": categories,
        "tags": tags,
        "image": _first(
            m.get("og:image"), ld.get("image"), lambda: _attr(tree, profile, "image", "src")
        ),
        "language": _language(
            _first(ld.get("inLanguage"), lambda: _HTML_LANG(tree), m.get("og:locale"))
        ),
        "site_name": _first(
            m.get("og:site_name"),
            (ld.get("publisher") or {}).get("name")
            if isinstance(ld.get("publisher"), dict)
            else None,
        ),
    }
