"""WordPress conventions: where a post's parts are when no profile says.

WordPress themes share template markup (``post_class()``, ``the_content()``
wrapped in ``.entry-content``, ``the_category()`` links with ``rel="category
tag"``, ``the_author_posts_link()`` with ``rel="author"``, block-theme blocks
such as ``.wp-block-post-content``), and plugins add the same furniture on
every site.  This module reads those conventions:

- ``PostMarkup``: headline, authors, dates, categories, tags and image from
  the template markup (the metadata fallbacks after JSON-LD and OpenGraph);
- ``find_container``: the element holding the post's text, chosen among the
  conventional content containers by how much prose (not link text) they hold;
- ``standfirst``: the subtitle the page shows above the content, and
  ``drop_repeated_standfirst`` for a first paragraph that repeats it;
- ``strip_site_name``: a headline without the " | Site" its ``<title>`` adds.

Every rule is a WordPress or plugin convention, never one site's markup.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.blocks import Removed, snippet
from crawler.extract.boilerplate import line_reason, node_reason
from crawler.extract.text import clean_line, letters
from crawler.sites import css_to_xpath

# --- the post's own article element and its metadata markup ----------------------------


def _xpath(selector: str) -> etree.XPath:
    return etree.XPath(css_to_xpath(selector))


# The post's <article> (post_class(): "post-123 post type-post hentry ..."), else <main>.
_POST_ARTICLE = etree.XPath(
    "//article[contains(concat(' ', normalize-space(@class), ' '), ' type-post ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' hentry ')]"
)
_ANY_ARTICLE = etree.XPath("//article")
_MAIN = etree.XPath("//main | //*[@role='main'] | //*[@id='main'] | //*[@id='content']")
_HEADINGS = _xpath(
    "h1.entry-title, h1.wp-block-post-title, h1.post-title, h1.tdb-title-text, "
    "h1.td-post-title, h1.single-post-title, h1.article-title, h1.title"
)
_H1 = etree.XPath(".//h1")
_ALL_H1 = etree.XPath("//h1")
_AUTHORS = _xpath(
    ".byline .author a, .author.vcard a, a[rel~=author], .wp-block-post-author-name a, "
    ".wp-block-post-author-name, .td-post-author-name a, .posted-by .author a, "
    ".entry-meta .author a, .post-author-name a, .author-name a"
)
_PUBLISHED = _xpath(
    "time.entry-date.published, time.published, .wp-block-post-date time, "
    "time.entry-date, .td-post-date time, .posted-on time"
)
_MODIFIED = _xpath("time.updated, time.modified, .wp-block-post-date__modified-date time")
_CATEGORY_LINKS = _xpath(
    ".taxonomy-category a, a[rel~=category], .cat-links a, .entry-categories a, "
    ".post-categories a, .tdb-category a, .td-category a"
)
_TAG_LINKS = _xpath(
    ".taxonomy-post_tag a, .tags-links a, a[rel~=tag], .post-tags a, .td-tags a, .entry-tags a"
)
_IMAGES = _xpath(
    "img.wp-post-image, .wp-block-post-featured-image img, .post-thumbnail img, "
    ".td-post-featured-image img, .featured-image img"
)
_CLASS_TERM = re.compile(r"^(category|tag)-([\w-]+)$")


def _classes(el: HtmlElement) -> list[str]:
    return (el.get("class") or "").split()


def _in_furniture(el: HtmlElement, stop: HtmlElement | None) -> bool:
    """Whether ``el`` sits in a teaser, related, sidebar, widget or comment block."""
    parent = el.getparent()
    while parent is not None and parent is not stop and parent.tag != "body":
        if parent.tag in ("aside", "nav", "footer") or _FURNITURE.search(
            f" {parent.get('class', '')} {parent.get('id', '')} "
        ):
            return True
        if node_reason(parent) in ("related", "comments", "navigation", "author"):
            return True
        parent = parent.getparent()
    return False


_FURNITURE = re.compile(
    # A class or id token that starts with the word ("sidebar-1", not "no-sidebar").
    r"\s(sidebar|widget|widget-area|wp-block-query|wp-block-latest-posts|"
    r"related|jp-relatedposts|comments?|comment-list|menu|footer)[\s_-]",
    re.IGNORECASE,
)


class PostMarkup:
    """Metadata the WordPress templates print, read from the post's own element."""

    def __init__(self, tree: HtmlElement) -> None:
        self.tree = tree
        self._scope: HtmlElement | None = None
        self._headline: str | bool | None = False

    @property
    def scope(self) -> HtmlElement:
        """The post's ``<article>`` (``type-post``/``hentry``), else the first article or main."""
        if self._scope is None:
            found = _POST_ARTICLE(self.tree) or _ANY_ARTICLE(self.tree) or _MAIN(self.tree)
            self._scope = found[0] if found else self.tree
        return self._scope

    def headline(self) -> str | None:
        """``h1.entry-title`` and its theme kin, else the post's only ``<h1>``."""
        if self._headline is False:
            found = [h for h in _HEADINGS(self.tree) if not _in_furniture(h, None)]
            if not found:
                inner = _H1(self.scope) if self.scope is not self.tree else []
                found = inner[:1] if len(inner) == 1 else []
            if not found:
                every = _ALL_H1(self.tree)
                found = every if len(every) == 1 else []
            text = clean_line(found[0].text_content()) if found else ""
            self._headline = text or None
        return self._headline if isinstance(self._headline, str) else None

    def _texts(self, selector: etree.XPath, *, inside: bool = True) -> list[str]:
        root = self.scope if inside else self.tree
        out: list[str] = []
        for el in selector(root):
            if _in_furniture(el, root):
                continue
            text = clean_line(el.text_content())
            if text and text not in out and len(text) <= 100:
                out.append(text)
        return out

    def authors(self) -> list[str]:
        return self._texts(_AUTHORS)

    def categories(self) -> list[str]:
        """Category links (``rel="category tag"``, block-theme terms), else the
        ``category-x`` classes of the post's article (slugs, as words)."""
        return self._texts(_CATEGORY_LINKS) or self._class_terms("category")

    def tags(self) -> list[str]:
        found = [
            text
            for el in _TAG_LINKS(self.scope)
            if "category" not in (el.get("rel") or "")
            and not _in_category(el)
            and not _in_furniture(el, self.scope)
            and (text := clean_line(el.text_content()))
        ]
        return list(dict.fromkeys(found)) or self._class_terms("tag")

    def _class_terms(self, kind: str) -> list[str]:
        if self.scope.tag != "article":
            return []
        return [
            match.group(2).replace("-", " ").title()
            for name in _classes(self.scope)
            if (match := _CLASS_TERM.match(name)) and match.group(1) == kind
        ]

    def published(self) -> str | None:
        return self._datetime(_PUBLISHED)

    def modified(self) -> str | None:
        return self._datetime(_MODIFIED)

    def _datetime(self, selector: etree.XPath) -> str | None:
        for el in selector(self.scope):
            if (value := el.get("datetime")) and not _in_furniture(el, self.scope):
                return str(value)
        return None

    def image(self) -> str | None:
        for el in _IMAGES(self.scope):
            if _in_furniture(el, self.scope):
                continue
            if src := el.get("src") or el.get("data-src"):
                return str(src)
        return None


def _in_category(el: HtmlElement) -> bool:
    parent = el.getparent()
    while parent is not None:
        if "taxonomy-category" in (parent.get("class") or ""):
            return True
        parent = parent.getparent()
    return False


# --- titles ---------------------------------------------------------------------------

_SEGMENTS = re.compile(r"\s+(?:\||–|—|-|::|·|•|»)\s+")


def strip_site_name(title: str, site_names: list[str], url: str | None, others: list[str]) -> str:
    """``title`` without a leading or trailing segment naming the site (see metadata)."""
    names = {letters(n) for n in site_names if letters(n)}
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [p for p in host.removeprefix("www.").split(".") if len(p) > 3]
    if labels:
        names.add(letters(labels[0]))
    shown = {letters(o) for o in others if o}
    for _ in range(2):  # "Title | Section | Site": a section may stay, the site goes
        parts = _split(title)
        if len(parts) < 2:
            return title
        (head, head_sep), (tail_sep, tail) = parts[0], parts[-1]
        rest_after_tail = title[: len(title) - len(tail) - len(tail_sep)].rstrip()
        rest_after_head = title[len(head) + len(head_sep) :].lstrip()
        if _names_site(tail, names) or (letters(rest_after_tail) in shown and rest_after_tail):
            title = rest_after_tail
        elif _names_site(head, names) or (letters(rest_after_head) in shown and rest_after_head):
            title = rest_after_head
        else:
            return title
    return title


def has_separator(title: str) -> bool:
    """Whether ``title`` has a segment separator a site name could hang on."""
    return _SEGMENTS.search(title) is not None


def _split(title: str) -> list[tuple[str, str]]:
    """``title`` around its first and last separator: [(head, sep), (sep, tail)]."""
    matches = list(_SEGMENTS.finditer(title))
    if not matches:
        return [(title, "")]
    first, last = matches[0], matches[-1]
    return [
        (title[: first.start()], first.group()),
        (last.group(), title[last.end() :]),
    ]


def _names_site(segment: str, names: set[str]) -> bool:
    """A short segment that is the site's name (or its name in other words:
    "The Harbour Gazette" for "harbourgazette")."""
    key = letters(segment)
    if not key or len(segment.split()) > 6:
        return False
    return any(key == n or (len(n) >= 5 and key.startswith(n)) for n in names)


# --- the content container -------------------------------------------------------------

# Content containers of WordPress core (the_content() in classic and block
# themes) and of widespread themes (tagDiv Newspaper, Astra, GeneratePress, ...).
CONTAINERS = _xpath(
    ".entry-content, .wp-block-post-content, .td-post-content, .tdb_single_content, "
    ".single-post-content, .post-content, .single-content, article.post .content"
)
# A container must hold this much text that is not link text, and mostly prose.
MIN_PROSE_CHARS = 300
MAX_LINK_SHARE = 0.5
# An inner container holding this share of its outer one's prose is the tighter fit.
INNER_SHARE = 0.85
_P = etree.XPath(".//p")
_LINKS = etree.XPath(".//a")
_SILENT = etree.XPath(".//script | .//style | .//noscript | .//template")


def _prose(el: HtmlElement) -> tuple[int, float]:
    """Characters of paragraph text that is not link text, and the link share of all text."""
    total = len(" ".join(el.text_content().split()))
    silent = sum(len(" ".join(s.text_content().split())) for s in _SILENT(el))
    total = max(total - silent, 0)
    linked = sum(len(" ".join(a.text_content().split())) for a in _LINKS(el))
    paragraphs = sum(len(" ".join(p.text_content().split())) for p in _P(el))
    prose = max(min(paragraphs, total - linked), 0)
    return prose, (linked / total if total else 1.0)


def find_container(tree: HtmlElement) -> HtmlElement | None:
    """The conventional content container holding the post's prose, or None.

    Candidates in sidebars, widgets, related-post and query blocks are out; of
    the rest the one with the most prose wins, then the innermost candidate
    inside it that still holds nearly all of it (``.entry-content`` inside a
    theme's ``.post-content``).
    """
    scored: list[tuple[HtmlElement, int]] = []
    if not is_wordpress(tree):
        return None
    for el in CONTAINERS(tree):
        if _in_furniture(el, None) or node_reason(el) not in (None,):
            continue
        prose, link_share = _prose(el)
        if prose >= MIN_PROSE_CHARS and link_share <= MAX_LINK_SHARE:
            scored.append((el, prose))
    if not scored:
        return None
    best, size = max(scored, key=lambda item: item[1])
    for el, prose in scored:
        if el is not best and prose >= INNER_SHARE * size and _inside(el, best):
            best, size = el, prose
    return best


def _in_quote(el: HtmlElement, stop: HtmlElement) -> bool:
    """Inside a quotation (a quoted post's links are its text)."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == "blockquote":
            return True
        parent = parent.getparent()
    return False


_WP_PATHS = ("/wp-content/", "/wp-includes/", "/wp-json/")


def is_wordpress(tree: HtmlElement) -> bool:
    """Whether the page was made by WordPress: its assets, generator tag or REST API link.

    Other systems use the same container names for other things (a newspaper
    CMS's ``.post-content`` holding galleries and teasers): their pages go to
    the generic extractor.
    """
    for el in tree.iter("link", "script", "meta", "img"):
        if el.tag == "meta":
            if el.get("name") == "generator" and (el.get("content") or "").startswith("WordPress"):
                return True
            continue
        url = el.get("href") if el.tag == "link" else el.get("src")
        if url and any(part in url for part in _WP_PATHS):
            return True
    return False


def _inside(el: HtmlElement, outer: HtmlElement) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is outer:
            return True
        parent = parent.getparent()
    return False


# --- in-content furniture found by structure ---------------------------------------------

_EMAIL_INPUTS = etree.XPath(".//input[@type='email' or contains(@name, 'email')] | .//form")
_BLOCK_WRAPPERS = frozenset({"div", "section", "aside", "figure", "p", "center"})
# A sign-up box: the form and its pitch, a few lines at most.
MAX_FORM_BOX_WORDS = 60


# A linked teaser: a short line that is all link text and not a sentence.
MAX_TEASER_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)\]]*$")
_LINE_BLOCKS = etree.XPath(
    ".//p[.//a] | .//div[.//a][not(.//p or .//div or .//ul or .//ol or .//table"
    " or .//blockquote or .//figure or .//h2 or .//h3 or .//h4)]"
)


def _linked_teaser(el: HtmlElement) -> bool:
    """A paragraph or bare div that is only a link to another page (a teaser title)."""
    text = " ".join(el.text_content().split())
    if not text or len(text.split()) > MAX_TEASER_WORDS or _SENTENCE_END.search(text):
        return False
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return linked >= 0.9 * len(text)


# Another story inside the post's content: an ``article`` (HTML5: a composition of
# its own) whose title links to another page, short as teasers are (a title, an
# excerpt of at most 55 words by WordPress default, a byline).  Post-list blocks
# (latest posts, "Read more" homepage-posts blocks, query loops) print them so.
_NESTED_POSTS = etree.XPath(
    ".//article[(.//h2 | .//h3 | .//h4)//a[not(starts-with(@href, '#'))]"
    " or .//a[@rel='bookmark'][not(starts-with(@href, '#'))]][count(.//p) <= 2]"
)
MAX_NESTED_POST_WORDS = 100
# What a post list may hold besides its posts: a heading ("Read more", "More from X").
MAX_POST_LIST_WORDS = 12


def _post_lists(container: HtmlElement) -> list[HtmlElement]:
    """The blocks inside ``container`` that list other stories, heading included."""
    tops: list[HtmlElement] = []
    listed = {
        post: words
        for post in _NESTED_POSTS(container)
        if (words := len(post.text_content().split())) <= MAX_NESTED_POST_WORDS
    }
    for post in listed:
        top, parent = post, post.getparent()
        while parent is not None and parent is not container and parent.tag in _BLOCK_WRAPPERS:
            inner = sum(n for el in parent.iter("article") if (n := listed.get(el)))
            if len(parent.text_content().split()) - inner > MAX_POST_LIST_WORDS:
                break
            top, parent = parent, parent.getparent()
        if not any(top is t or _inside(top, t) for t in tops):
            tops.append(top)
    return tops


def structural_drops(container: HtmlElement) -> dict[HtmlElement, str]:
    """Elements inside ``container`` that are furniture by structure, not by name:
    the box around an email sign-up form (its heading and pitch go with it),
    paragraphs that are nothing but a link to another story (a teaser title),
    and lists of other stories' teasers (nested ``article`` elements, their
    heading with them)."""
    drops: dict[HtmlElement, str] = dict.fromkeys(_post_lists(container), "related")
    for el in _LINE_BLOCKS(container):
        if not _in_quote(el, container) and _linked_teaser(el):
            drops[el] = "related"
    for found in _EMAIL_INPUTS(container):
        top: HtmlElement | None = None
        parent = found.getparent()
        while parent is not None and parent is not container:
            if parent.tag in _BLOCK_WRAPPERS:
                if len(parent.text_content().split()) > MAX_FORM_BOX_WORDS:
                    break
                top = parent
            parent = parent.getparent()
        if top is not None:
            drops[top] = "newsletter"
    return drops


# --- the standfirst ---------------------------------------------------------------------

# Subtitles of WordPress themes and blocks, shown between the headline and the content.
SUBTITLE_CLASSES = frozenset(
    {
        "entry-subtitle",
        "td-post-sub-title",
        "tdb-sub-title",
        "post-subtitle",
        "post-item-subtitle",
        "wp-block-post-excerpt__excerpt",
        "wp-block-post-excerpt",
        "single-excerpt",
        "subtitle",
        "standfirst",
        "article-summary",
    }
)
# One walk over class attributes that may hold one of them (not one scan per class).
_SUBTITLE_CANDIDATES = etree.XPath(
    "//@class[contains(., 'subtitle') or contains(., 'sub-title') or contains(., 'excerpt')"
    " or contains(., 'standfirst') or contains(., 'summary')]/parent::*"
)
# Where a theme shows the og:description when it shows it: the post's header.
# (Hand-written: the CSS union "article header p, .entry-header p, ..." costs a
# whole-page descendant scan per part, about 1 ms a page.)
_HEADER_TEXTS = etree.XPath(
    "//header[ancestor::article]//*[self::p or self::h2]"
    " | //@class[contains(., 'entry-header') or contains(., 'post-header')"
    " or contains(., 'page-header')]/parent::*//*[self::p or self::h2]"
)
_TRUNCATED = re.compile(r"\s*(\[\s*(…|\.\.\.)\s*\]|…|\.\.\.)\s*$")
# A standfirst's sign-off: "…reports Asian Lite News", "… writes Jane Doe for X".
_SIGN_OFF = re.compile(
    r"(\.\.\.|…|\.)+\s*(reports|writes|says|reported by|by)\s+\S[^.!?]{0,60}$", re.IGNORECASE
)
# A repeat shorter than this (letters) is too little to call a repeat.
MIN_REPEAT_LETTERS = 40


def standfirst(
    tree: HtmlElement, chosen: list[str], description: str | None, container: HtmlElement | None
) -> str | None:
    """The standfirst the page shows above the content: the profile's summary
    (``chosen``), a theme subtitle, or the og:description when the header shows it."""
    if chosen:
        return chosen[0]
    for el in _SUBTITLE_CANDIDATES(tree):
        if not SUBTITLE_CLASSES.intersection(_classes(el)):
            continue
        if container is not None and (el is container or _inside(el, container)):
            continue
        if not _in_furniture(el, None) and (text := clean_line(el.text_content())):
            return text
    if container is not None and description and (key := letters(description)):
        for el in _HEADER_TEXTS(tree):
            if letters(el.text_content()) == key:
                return clean_line(description)
    return None


def _core(text: str) -> tuple[str, bool]:
    """Letters of ``text`` without a sign-off or a truncation mark, and whether it was cut."""
    cut = bool(_TRUNCATED.search(text))
    text = _TRUNCATED.sub("", text)
    text = _SIGN_OFF.sub("", text)
    return letters(text), cut


def repeats(paragraph: str, shown: str) -> bool:
    """Whether ``paragraph`` repeats the standfirst ``shown``: the same words
    (quotes, ellipses, spacing and a sign-off aside), or one the start of the
    other when that one is cut short with "…" or "[…]"."""
    if letters(paragraph) == letters(shown) and letters(shown):
        return True
    body, body_cut = _core(paragraph)
    dek, dek_cut = _core(shown)
    if min(len(body), len(dek)) < MIN_REPEAT_LETTERS:
        return False
    if body == dek:
        return True
    if body_cut and dek.startswith(body):
        return True
    # A dek cut short, repeated whole: only when the paragraph is not much more.
    return dek_cut and body.startswith(dek) and len(body) <= 1.5 * len(dek)


def _may_repeat(paragraph: str, shown_letters: str) -> bool:
    """A necessary condition of ``repeats(paragraph, shown)``, from the first letters only.

    Every way ``repeats`` says yes needs the two texts' letters to be equal,
    or both to hold ``MIN_REPEAT_LETTERS`` and agree on those first ones (a
    sign-off or a truncation mark is cut from the end, never the start).  A
    paragraph's head is a few letters, so most paragraphs are told apart
    without the regular expressions ``repeats`` and ``line_reason`` run.
    """
    n = MIN_REPEAT_LETTERS
    head = letters(paragraph[: 4 * n])  # a prefix of letters(paragraph)
    if len(head) < n:
        head = letters(paragraph)
    if len(head) < n or len(shown_letters) < n:
        return head == shown_letters
    return head[:n] == shown_letters[:n]


def drop_repeated_standfirst(paragraphs: list[str], shown: str | None) -> tuple[list[str], Removed]:
    """``paragraphs`` without a first paragraph (furniture lines aside) that repeats ``shown``."""
    if not shown:
        return paragraphs, []
    key = letters(shown)
    if not any(_may_repeat(line, key) for line in paragraphs[:4]):
        return paragraphs, []  # nothing there could repeat it (the common case, checked cheaply)
    for i, line in enumerate(paragraphs[:4]):
        if line_reason(line):
            continue
        if repeats(line, shown):
            return paragraphs[:i] + paragraphs[i + 1 :], [("standfirst", snippet(line))]
        break
    return paragraphs, []
