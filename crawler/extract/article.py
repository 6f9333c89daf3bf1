"""Page -> article fields: metadata first, then the body from one parsed tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from crawler.extract import combine, generic, wordpress
from crawler.extract.blocks import BlockWalker, Removed
from crawler.extract.decode import utf8_html, utf8_text
from crawler.extract.depth import MAX_DEPTH, cap_depth
from crawler.extract.metadata import extract_metadata, profile_texts
from crawler.extract.rest import RestPost
from crawler.sites import SiteProfile


@dataclass
class Extraction:
    """Extracted fields, raw body paragraphs, and what was removed (rule, snippet)."""

    fields: dict[str, Any]
    paragraphs: list[str]
    removed: Removed = field(default_factory=list)
    method: str = "generic"


# huge_tree: libxml2's own 256-level limit would silently drop deeper content
# (the depth cap below decides instead, the same way on every path).
_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)


class PageError(ValueError):
    """A page that cannot be an article (no HTML at all, too large): reported, not raised on."""


def parse_html(
    html: str | bytes, content_type: str | None = None, max_depth: int = MAX_DEPTH
) -> HtmlElement:
    """Parse a page once, as every path does: bytes decoded as ``crawler.extract.decode``
    says (``content_type`` is the HTTP header, if any), nesting capped at ``max_depth``."""
    data = utf8_text(html) if isinstance(html, str) else utf8_html(html, content_type)[0]
    try:
        tree = lxml.html.document_fromstring(data, parser=_UTF8_PARSER)
    except etree.ParserError as exc:  # "Document is empty": only comments or nothing
        raise PageError(f"no HTML in the page ({exc})") from None
    cap_depth(tree, max_depth)
    return tree


def profile_container(tree: HtmlElement, profile: SiteProfile) -> HtmlElement | None:
    """The profile's content container on this page, or None when the page lacks it."""
    selector = profile.selector("article", "body")
    containers = selector(tree) if selector is not None else []
    return containers[0] if containers else None


def walk_container(container: HtmlElement) -> tuple[list[str], Removed]:
    """Paragraphs of a content container, without the furniture found inside it."""
    walker = BlockWalker(wordpress.structural_drops(container))
    walker.walk(container)
    return walker.paragraphs, walker.removed


def container_body(tree: HtmlElement, profile: SiteProfile) -> tuple[list[str], Removed] | None:
    """Body from the profile's content container, or None when the page lacks it."""
    container = profile_container(tree, profile)
    return walk_container(container) if container is not None else None


def extract_article(
    tree: HtmlElement, url: str, profile: SiteProfile | None = None, rest: RestPost | None = None
) -> Extraction:
    """Extract every article field from ``tree`` (fetched from ``url``).

    The body comes from the profile's container, else the container WordPress
    conventions point at (``crawler.extract.wordpress``), else the generic
    extractor; generic and WordPress bodies pass the no-collapse guard
    (``crawler.extract.combine``); a first paragraph repeating the standfirst shown above it goes.
    """
    shown_summary = profile_texts(tree, profile, "summary")  # the standfirst check needs it too
    fields = extract_metadata(tree, profile, url, shown_summary, rest)
    container: HtmlElement | None = None
    method = "generic"
    if profile is not None:
        fields["site_name"] = fields["site_name"] or profile.site_name or None
        fields["language"] = fields["language"] or profile.language or None
        container = profile_container(tree, profile)
        method = "container"
    if container is None:
        container = wordpress.find_container(tree)
        method = "wordpress"
    if container is not None:
        paragraphs, removed = walk_container(container)
        if method == "wordpress":
            # Conventions are a guess, not the site's word: the no-collapse guard checks them.
            paragraphs, dropped, replaced = combine.guard(paragraphs, tree)
            paragraphs, header = generic.strip_header(paragraphs, generic.titles(tree))
            removed = dropped + header if replaced else removed + header
    else:
        paragraphs, removed = generic.extract_body(tree, url)
        method = "generic"
    shown = wordpress.standfirst(tree, shown_summary, fields["summary"], container)
    paragraphs, repeat = wordpress.drop_repeated_standfirst(paragraphs, shown)
    return Extraction(fields, paragraphs, removed + repeat, method=method)
