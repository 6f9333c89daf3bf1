"""Pre-pass for the generic extractor: a pruned copy of the page.

The caller's tree is never touched: the pass works on one deep copy, drops
HTML comments and processing instructions (lxml keeps them, and trafilatura
loses the text around them), then removes blocks made of links (teaser
lists, menus, tag clouds) that trafilatura would otherwise keep, and turns
subheadings set as a short plain ``<div>`` between two paragraphs into
paragraphs (trafilatura drops such divs in long articles, even in recall mode).
Layout tables (cells holding paragraphs, headings or tables: the page set in a
table, as older sites do) become plain blocks, so a layout row is not one line.
Embedded social posts (a tweet's ``<blockquote>``) replace the "widget" divs
that hold only them, which trafilatura would drop with the post.  Classed
inline markup inside a sentence loses its class and id (not when they mark
hidden text), so trafilatura's class rules cannot cut words out of a sentence.

Class/id vocabularies (``boilerplate.node_reason``) are deliberately not
applied to the whole page here: trafilatura has its own, and on a whole page
one wrapper class ("...-ad", "share-...") can hold the article itself.
"""

from __future__ import annotations

import copy
import re

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.blocks import POST_CLASS, Removed, snippet

# Text inside these is not reader text.
_SILENT = frozenset({"script", "style", "noscript", "template"})
# Link-dense blocks: containers whose text is (almost) all link text.
LINK_BLOCK_TAGS = frozenset({"div", "section", "ul", "ol", "aside", "nav", "table", "dl"})
MIN_LINKS = 3
MIN_LINK_SHARE = 0.8
MAX_PLAIN_TEXT = 200  # characters of non-link text such a block may hold
# Subheadings in a bare div: at most this many words, inline markup only, no link.
MAX_SUBHEADING_WORDS = 15
_INLINE = frozenset({"span", "strong", "b", "em", "i", "u", "br"})
# Inline markup inside a paragraph is part of its sentences: its class or id
# ("link", "promo-link") must not make trafilatura cut words out of them,
# unless it marks text hidden from readers.
_INLINE_IN_PARAGRAPH = etree.XPath(
    "//p//*[self::a or self::span or self::strong or self::b or self::em or self::i][@class or @id]"
)
_HIDDEN_MARK = re.compile(r"hidden|hide|sr-only|screen-?reader|offscreen|invisible", re.I)
_BLOCKQUOTES = etree.XPath("//blockquote[@class]")
# Layout tables (older pages set the whole page in one): a cell holding
# paragraphs, headings or another table, or a long run of text, is page
# layout, not a data cell.
_TABLES = etree.XPath("//table")
_ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
_LAYOUT_CONTENT = etree.XPath(
    "boolean(./td//*[self::p or self::h1 or self::h2 or self::h3 or self::h4 or self::table])"
)
LAYOUT_CELL_CHARS = 400


# Per element: (visible text length, link text length, number of links).
Counts = dict[HtmlElement, tuple[int, int, int]]


def pruned_copy(tree: HtmlElement) -> tuple[HtmlElement, Removed]:
    """A copy of ``tree`` without comments and link blocks, and what went."""
    work = copy.deepcopy(tree)
    etree.strip_elements(work, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for quote in _BLOCKQUOTES(work):
        if POST_CLASS.search(quote.get("class", "")):  # a social post quoted in the article
            _hoist(quote)
    for inline in _INLINE_IN_PARAGRAPH(work):
        if _mid_sentence(inline) and not _HIDDEN_MARK.search(
            f"{inline.get('class', '')} {inline.get('id', '')}"
        ):
            inline.attrib.pop("class", None)
            inline.attrib.pop("id", None)
    for table in reversed(_TABLES(work)):  # inner tables first
        if _layout_table(table):
            _untable(table)
    counts = _count(work)
    removed: Removed = []
    stack = [work]
    while stack:
        for child in list(stack.pop()):
            if not isinstance(child.tag, str) or child.tag in _SILENT:
                continue
            if not _link_block(child, counts):
                if child.tag == "div" and _subheading(child, counts):
                    child.tag = "p"
                    continue
                stack.append(child)
                continue
            if content := child.text_content().strip():
                removed.append(("link-block", snippet(content)))
            child.drop_tree()  # keeps the tail text
    return work, removed


def _layout_table(table: HtmlElement) -> bool:
    """A table used for page layout: a cell holds blocks, or a long run of text."""
    for row in _ROWS(table):
        if _LAYOUT_CONTENT(row):
            return True
        for cell in row:
            if cell.tag == "td" and len(cell.text_content()) > LAYOUT_CELL_CHARS:
                return True
    return False


def _untable(table: HtmlElement) -> None:
    """Make a layout table's own rows and cells plain blocks (nested tables keep theirs).

    Trafilatura writes a table row as one ``| a | b |`` line: a layout row
    would put the sidebar, the article and its comments on one line.
    """
    for row in _ROWS(table):
        for cell in row:
            if cell.tag in ("td", "th"):
                cell.tag = "div"
        if row.getparent() is not table:
            row.getparent().tag = "div"
        row.tag = "div"
    table.tag = "div"


def _mid_sentence(el: HtmlElement) -> bool:
    """Text right before and right after ``el``: it sits inside a sentence."""
    before, parent = el.getprevious(), el.getparent()
    text_before = before.tail if before is not None else parent.text if parent is not None else ""
    return bool((text_before or "").strip() and (el.tail or "").strip())


def _hoist(post: HtmlElement) -> None:
    """Put an embedded post in the place of the wrapper divs that hold only it.

    Sites wrap embeds in "widget"/"embed" containers, which trafilatura drops
    with the post: quoted in the article, the post is the article's text.
    """
    top = post
    while (parent := top.getparent()) is not None and parent.tag == "div":
        others = [c for c in parent if c is not top and isinstance(c.tag, str)]
        if any(c.tag not in _SILENT for c in others) or (parent.text or "").strip():
            break
        top = parent
    holder = top.getparent()
    if top is not post and holder is not None:
        post.tail = top.tail
        holder.replace(top, post)


def _link_block(el: HtmlElement, counts: Counts) -> bool:
    """Several links and hardly any text that is not link text."""
    size, linked, anchors = counts.get(el, (0, 0, 0))
    return (
        el.tag in LINK_BLOCK_TAGS
        and anchors >= MIN_LINKS
        and linked >= MIN_LINK_SHARE * size
        and size - linked <= MAX_PLAIN_TEXT
    )


def _subheading(div: HtmlElement, counts: Counts) -> bool:
    """A short plain text block (no link, inline markup only) between two paragraphs."""
    size, _, anchors = counts.get(div, (0, 0, 0))
    if not size or anchors or any(c.tag not in _INLINE for c in div if isinstance(c.tag, str)):
        return False
    before, after = div.getprevious(), div.getnext()
    return (
        before is not None
        and after is not None
        and before.tag == "p"
        and after.tag == "p"
        and len(div.text_content().split()) <= MAX_SUBHEADING_WORDS
    )


def _count(root: HtmlElement) -> Counts:
    """Text, link text and links under every element, in one bottom-up pass."""
    counts: Counts = {}
    for el in reversed(list(root.iter(tag=etree.Element))):  # children before parents
        if el.tag in _SILENT:
            continue
        size, linked, anchors = len((el.text or "").strip()), 0, 0
        for child in el:
            child_size, child_linked, child_anchors = counts.get(child, (0, 0, 0))
            size += child_size + len((child.tail or "").strip())
            linked += child_linked
            anchors += child_anchors
        if el.tag == "a":
            linked, anchors = size, anchors + 1
        if size or anchors:
            counts[el] = (size, linked, anchors)
    return counts
