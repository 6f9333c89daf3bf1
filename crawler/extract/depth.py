"""A nesting-depth cap, applied right after parsing on every path.

Real news pages nest 15-50 elements deep (at most 51 on the AEB pages and
the recorded fixtures).  Hostile or broken ones nest thousands deep: a
recursive walk (ours, trafilatura's) then raises RecursionError, and
trafilatura's table handling grows with the cube of the depth (2,000 nested
tables: 8 s).  libxml2 itself stops at 256 levels without ``huge_tree`` and
at 2,048 with it, silently dropping what lies deeper; every path parses with
``huge_tree`` and then applies this cap, so they all see the same tree.

Capping flattens instead of cutting: below the cap, wrapper elements (divs,
spans, tables, lists, inline markup) are unwrapped, keeping their text; block
elements that carry paragraphs (``p``, headings, list items, cells) stay, as
direct children of the element at the cap, so the text and its paragraph
breaks survive.  Scripts and styles below the cap are dropped.
"""

from __future__ import annotations

from functools import cache

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.blocks import LEAF_BLOCKS

MAX_DEPTH = 100
_KEEP = LEAF_BLOCKS | {"br"}
_SILENT = ("script", "style", "noscript", "template", "iframe", "object", "svg", "math")


@cache
def _too_deep(max_depth: int) -> etree.XPath:
    """Elements at depth ``max_depth - 1`` (the root is 1) that have grandchildren."""
    return etree.XPath("/*" * (max_depth - 1) + "[*/*]")


def cap_depth(root: HtmlElement, max_depth: int = MAX_DEPTH) -> int:
    """Flatten ``root`` in place so no element is deeper than ``max_depth``; how many
    subtrees were flattened (0 on ordinary pages, where this costs one XPath)."""
    if max_depth < 3:
        raise ValueError("max_depth must be at least 3")
    deep = _too_deep(max_depth)(root.getroottree())
    for element in deep:
        _flatten(element)
    return len(deep)


def _flatten(element: HtmlElement) -> None:
    etree.strip_elements(element, *_SILENT, with_tail=False)
    wrappers = {
        el.tag
        for el in element.iterdescendants()
        if isinstance(el.tag, str) and el.tag not in _KEEP
    }
    etree.strip_tags(element, etree.Comment, etree.ProcessingInstruction, *wrappers)
    for child in element:
        if len(child):  # a block inside a block (cells in cells): text only
            etree.strip_tags(child, "*")
