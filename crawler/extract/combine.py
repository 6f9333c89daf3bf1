"""No-collapse guard: a second, independent opinion on the body when the first looks collapsed.

The generic body comes from trafilatura (precision and recall runs on a
pruned copy, ``crawler.extract.generic``) or from the container WordPress
conventions point at.  Both fail the same way on some pages: they return a
short block beside the article (an author bio, a reprint notice, a live
blog's standfirst) and the article itself is lost.  Two trafilatura runs on
the same tree are not independent evidence (they collapse together), so the
guard asks readability-lxml, whose scoring (paragraph text and commas,
class weights, the best-scored ancestor) shares nothing with trafilatura's.

readability costs about as much as a whole trafilatura run, so it runs only
when the page says the body may have collapsed: the body holds less than
``SUSPECT_SHARE`` of the text the page sets in ``<p>`` elements (one cheap
pass; 0.3 ms per page).  On the dev sets that is 6 of 131 pages, and it
catches every collapse there (body/page-prose ratios 0.02-0.06, against
0.2-1.0 for correct bodies).

Then readability's text replaces the body only when the body is much shorter
(``MUCH_SHORTER``: a third) than readability's, or shorter and sharing little
of its text (``LITTLE_SHARED`` of word 4-grams).  A body that readability's
text mostly contains and that is not much shorter stays: readability's extra
text there is teasers and captions more often than article
(``bench/README.md``, extraction quality, has the figures).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from readability import Document

from crawler.extract.blocks import Removed, snippet
from crawler.extract.text import clean_line

# Below this share of the page's <p> text, the body may have collapsed.
SUSPECT_SHARE = 0.4
# The body is "much shorter" than readability's text below this share of it.
MUCH_SHORTER = 1 / 3
# ... or "shares little" with it below this share of its word 4-grams,
# while being shorter than LITTLE_SHARED_SIZE times readability's text.
LITTLE_SHARED = 0.3
LITTLE_SHARED_SIZE = 0.7
# Readability's text must be at least this long to replace anything.
MIN_REPLACEMENT_CHARS = 500
SHINGLE = 4

_PARAGRAPHS = etree.XPath("//p")
_WORD = re.compile(r"\w+")
# Elements whose text starts a new line when readability's summary becomes text.
_BLOCK_TAG_NAMES = (
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())


def page_prose_chars(tree: HtmlElement) -> int:
    """Characters of text the page sets in ``<p>`` elements (whitespace collapsed)."""
    return sum(len(" ".join(p.text_content().split())) for p in _PARAGRAPHS(tree))


def suspect(paragraphs: Sequence[str], tree: HtmlElement) -> bool:
    """Whether the body is small beside the page's paragraph text (a collapse is possible)."""
    return sum(map(len, paragraphs)) < SUSPECT_SHARE * page_prose_chars(tree)


def readability_lines(tree: HtmlElement) -> list[str]:
    """readability-lxml's main text of ``tree`` (left untouched), one line per block."""
    try:
        summary = Document(copy.deepcopy(tree)).summary()
        root = lxml.html.fromstring(summary)
    except Exception:  # readability raises Unparseable, lxml ParserError and others
        return []
    # Read, never written: a page's text may hold characters lxml refuses to set back.
    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        element = isinstance(el.tag, str)
        block = element and el.tag in _BLOCK_TAGS
        if event == "start":
            if block:
                parts.append("\n")
            if element and el.text:
                parts.append(el.text)
            continue
        if block:
            parts.append("\n")
        if el.tail and el is not root:
            parts.append(el.tail)
    return [line for raw in "".join(parts).split("\n") if (line := clean_line(raw))]


def shared_share(lines: Sequence[str], other: Sequence[str]) -> float:
    """Share of the word 4-grams of ``lines`` that also occur in ``other`` (0 when empty)."""
    mine = _shingles(lines)
    if not mine:
        return 0.0
    return len(mine & _shingles(other)) / len(mine)


def _shingles(lines: Sequence[str]) -> set[tuple[str, ...]]:
    words = _WORD.findall(" ".join(lines).casefold())
    if len(words) < SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def collapsed(body: Sequence[str], other: Sequence[str]) -> bool:
    """Whether ``body`` is a collapse beside ``other``, an independent candidate's text.

    Much shorter than ``other``, or shorter and sharing little with it.
    """
    size, other_size = sum(map(len, body)), sum(map(len, other))
    if other_size < MIN_REPLACEMENT_CHARS:
        return False
    if size < MUCH_SHORTER * other_size:
        return True
    return size < LITTLE_SHARED_SIZE * other_size and shared_share(body, other) < LITTLE_SHARED


def guard(paragraphs: list[str], tree: HtmlElement) -> tuple[list[str], Removed, bool]:
    """``paragraphs``, or readability's text of ``tree`` when they look collapsed.

    Returns the body, the dropped candidate (as removed blocks) and whether
    the replacement happened.
    """
    if not suspect(paragraphs, tree):
        return paragraphs, [], False
    other = readability_lines(tree)
    if not collapsed(paragraphs, other):
        return paragraphs, [], False
    return other, [("collapsed", snippet(" ".join(paragraphs)))], True
