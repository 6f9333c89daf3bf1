"""Page -> article fields: metadata first, then the body from one parsed tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml.html import HtmlElement
from w3lib.encoding import html_to_unicode

from crawler.extract import generic
from crawler.extract.blocks import BlockWalker, Removed
from crawler.extract.metadata import extract_metadata
from crawler.sites import SiteProfile


@dataclass
class Extraction:
    """Extracted fields, raw body paragraphs, and what was removed (rule, snippet)."""

    fields: dict[str, Any]
    paragraphs: list[str]
    removed: Removed = field(default_factory=list)
    method: str = "generic"


_UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def parse_html(html: str | bytes) -> HtmlElement:
    """Parse a page once (bytes decoded by BOM, meta charset, else UTF-8)."""
    if isinstance(html, bytes):
        _, html = html_to_unicode(None, html)
    try:
        return lxml.html.document_fromstring(html)
    except ValueError:  # an XML declaration with an encoding inside a str
        return lxml.html.document_fromstring(html.encode("utf-8"), parser=_UTF8_PARSER)


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
