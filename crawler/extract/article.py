"""Page -> article fields: metadata first, then the body from one parsed tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from crawler.extract import generic
from crawler.extract.blocks import BlockWalker, Removed
from crawler.extract.decode import utf8_html, utf8_text
from crawler.extract.depth import MAX_DEPTH, cap_depth
from crawler.extract.metadata import extract_metadata
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


def container_body(tree: HtmlElement, profile: SiteProfile) -> tuple[list[str], Removed] | None:
    """Body from the profile's content container, or None when the page lacks it."""
    selector = profile.selector("article", "body")
    containers = selector(tree) if selector is not None else []
    if not containers:
        return None
    walker = BlockWalker()
    walker.walk(containers[0])
    return walker.paragraphs, walker.removed


def extract_article(tree: HtmlElement, url: str, profile: SiteProfile | None = None) -> Extraction:
    """Extract every article field from ``tree`` (fetched from ``url``)."""
    fields = extract_metadata(tree, profile)
    if profile is not None:
        fields["site_name"] = fields["site_name"] or profile.site_name
        fields["language"] = fields["language"] or profile.language
        found = container_body(tree, profile)
        if found is not None:
            return Extraction(fields, found[0], found[1], method="container")
    paragraphs, removed = generic.extract_body(tree, url)
    return Extraction(fields, paragraphs, removed, method="generic")
