"""Pre-pass for the generic extractor: a pruned copy of the page.

The caller's tree is never touched: the pass works on one deep copy, drops
HTML comments and processing instructions (lxml keeps them, and trafilatura
loses the text around them), then removes blocks made of links (teaser
lists, menus, tag clouds) that trafilatura would otherwise keep.

Class/id vocabularies (``boilerplate.node_reason``) are deliberately not
applied to the whole page here: trafilatura has its own, and on a whole page
one wrapper class ("...-ad", "share-...") can hold the article itself.
"""

from __future__ import annotations

import copy

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.blocks import Removed, snippet

# Text inside these is not reader text.
_SILENT = frozenset({"script", "style", "noscript", "template"})
# Link-dense blocks: containers whose text is (almost) all link text.
LINK_BLOCK_TAGS = frozenset({"div", "section", "ul", "ol", "aside", "nav", "table", "dl"})
MIN_LINKS = 3
MIN_LINK_SHARE = 0.8
MAX_PLAIN_TEXT = 200  # characters of non-link text such a block may hold


def pruned_copy(tree: HtmlElement) -> tuple[HtmlElement, Removed]:
    """A copy of ``tree`` without comments and furniture subtrees, and what went."""
    work = copy.deepcopy(tree)
    etree.strip_elements(work, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    text, links, anchors = _measure(work)
    removed: Removed = []
    stack = [work]
    while stack:
        el = stack.pop()
        for child in list(el):
            if not isinstance(child.tag, str) or child.tag in _SILENT:
                continue
            if not _link_block(child, text, links, anchors):
                stack.append(child)
                continue
            if content := child.text_content().strip():
                removed.append(("link-block", snippet(content)))
            _drop(child)
    return work, removed


def _link_block(
    el: HtmlElement,
    text: dict[HtmlElement, int],
    links: dict[HtmlElement, int],
    anchors: dict[HtmlElement, int],
) -> bool:
    """Several links and hardly any text that is not link text."""
    size, linked = text.get(el, 0), links.get(el, 0)
    return (
        el.tag in LINK_BLOCK_TAGS
        and anchors.get(el, 0) >= MIN_LINKS
        and linked >= MIN_LINK_SHARE * size
        and size - linked <= MAX_PLAIN_TEXT
    )


def _measure(
    root: HtmlElement,
) -> tuple[dict[HtmlElement, int], dict[HtmlElement, int], dict[HtmlElement, int]]:
    """Per element: visible text length, link text length, number of links."""
    text: dict[HtmlElement, int] = {}
    links: dict[HtmlElement, int] = {}
    anchors: dict[HtmlElement, int] = {}
    for el in reversed(list(root.iter(tag=etree.Element))):  # children before parents
        if el.tag in _SILENT:
            continue
        size = len((el.text or "").strip())
        linked = n = 0
        for child in el:
            size += len((child.tail or "").strip())
            size += text.get(child, 0)
            linked += links.get(child, 0)
            n += anchors.get(child, 0)
        if el.tag == "a":
            linked, n = size, n + 1
        if size:
            text[el] = size
        if linked:
            links[el] = linked
        if n:
            anchors[el] = n
    return text, links, anchors


def _drop(el: HtmlElement) -> None:
    """Remove ``el`` and its subtree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)
