"""Turn an HTML container into paragraphs, skipping boilerplate subtrees.

Walks the tree read-only (no copy, no mutation) so the parsed page can be
shared by metadata, body and the generic extractor.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extract.boilerplate import DROP_TAGS, node_reason
from crawler.extract.text import clean_line

LEAF_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd", "td", "th"}
)
BLOCKS = LEAF_BLOCKS | frozenset(
    {
        "div",
        "section",
        "article",
        "blockquote",
        "ul",
        "ol",
        "dl",
        "table",
        "tbody",
        "thead",
        "tr",
        "figure",
        "header",
        "footer",
        "aside",
        "main",
        "center",
        "hr",
        "br",
    }
)
SKIP_TAGS = frozenset({"figcaption"})
# Third-party embeds.  A social post quoted in the article (its script-less
# fallback: the post's text, then "— Name (@handle) date") is part of what the
# reader reads and stays, as in the generic path; other embeds (cards of
# other pages, players) and wrappers that hold no post are dropped.
EMBED_CLASS = re.compile(
    r"twitter-tweet|twitter-video|instagram-media|tiktok-embed|"
    r"fb-post|reddit-card|wp-block-embed|wp-embedded-content|link-?card|embed-?card",
    re.I,
)
POST_CLASS = re.compile(r"twitter-tweet|twitter-video|instagram-media|tiktok-embed", re.I)

# Wrappers named like furniture that may hold a quoted social post ("social-media-embed").
KEEPS_POSTS = frozenset({"share", "embed", "widget", "ads"})

Removed = list[tuple[str, str]]


def snippet(text: str, limit: int = 80) -> str:
    text = clean_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _holds_post(el: HtmlElement) -> bool:
    """``el`` is, or wraps, a quoted social post."""
    return bool(POST_CLASS.search(el.get("class", ""))) or any(
        POST_CLASS.search(child.get("class", "")) for child in el.iter("blockquote")
    )


class BlockWalker:
    """Collect block texts from a container and remember what was skipped and why."""

    def __init__(self, drops: dict[HtmlElement, str] | None = None) -> None:
        self.drops = drops or {}  # elements found to be furniture by structure, and why
        self.paragraphs: list[str] = []
        self.removed: Removed = []
        self._buffer: list[str] = []

    def walk(self, element: HtmlElement) -> None:
        for child in element:
            self._visit(child)
            if child.tail:
                self._buffer.append(child.tail)
        self._flush()

    def _visit(self, el: HtmlElement) -> None:
        if not isinstance(el.tag, str):
            return
        reason = (
            self.drops.get(el) or node_reason(el) or ("caption" if el.tag in SKIP_TAGS else None)
        )
        if reason is None and EMBED_CLASS.search(el.get("class", "")) and not _holds_post(el):
            reason = "embed"
        elif reason in KEEPS_POSTS and _holds_post(el):
            reason = None  # a "social-embed" wrapper around a quoted post: the post stays
        if reason:
            if reason != "markup" and (text := el.text_content().strip()):
                self.removed.append((reason, snippet(text)))
            return
        if el.tag == "br":
            self._flush()
            return
        if el.tag not in BLOCKS:
            self._buffer.append(self._inline_text(el))
            return
        self._flush()
        if el.tag in LEAF_BLOCKS:
            self._buffer.append(self._inline_text(el))
            self._flush()
            return
        if el.text:
            self._buffer.append(el.text)
        self.walk(el)

    def _inline_text(self, el: HtmlElement) -> str:
        parts = [el.text or ""]
        for child in el:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    parts.append("\n")
                elif child.tag not in DROP_TAGS:
                    parts.append(self._inline_text(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def _flush(self) -> None:
        if self._buffer:
            for line in "".join(self._buffer).split("\n"):
                if text := clean_line(line):
                    self.paragraphs.append(text)
            self._buffer.clear()
