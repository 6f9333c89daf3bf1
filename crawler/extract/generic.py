"""Generic body extraction for pages without a site profile container.

Four steps, all on one copy of the already-parsed tree (the caller's tree is
never modified):

1. ``prune.pruned_copy``: drop comments and blocks made of links;
2. trafilatura twice on that copy, both without the readability/justext
   comparison (``fast``): precision mode (the body) and recall mode (the
   broad view).  Precision mode's boundaries are right but it drops some inner
   paragraphs, so prose the recall run finds *between* two consecutive
   precision paragraphs goes back in.  When the precision text is much
   shorter than the broad one (precision mode may have missed the article),
   trafilatura's full precision run, comparison included, is used instead;
3. the no-collapse guard (``crawler.extract.combine``): when the body is
   small beside the page's paragraph text, readability-lxml's independent
   opinion replaces it if the body is much shorter or shares little with it;
4. drop a leading repeat of the headline and header lines (date, reading time).

Line-level boilerplate (related links, share labels, ...) is left to
``crawler.clean.clean_paragraphs``, which every body goes through.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from crawler.extract import combine
from crawler.extract.blocks import Removed, snippet
from crawler.extract.prune import pruned_copy
from crawler.extract.text import clean_line, letters, same_text

# How many leading lines may hold the headline and its header lines.
HEADER_LINES = 3
# Gap filling: at most this many broad-run lines go back between two precision lines.
MAX_GAP_LINES = 3
# Below this share of the broad run's text (or this many characters), the fast
# precision run may have missed the article: trafilatura's own comparison with
# readability and justext decides (it prefers them at about half the length).
MIN_PRECISE_SHARE = 0.6
MIN_PRECISE_CHARS = 500
_PROSE_END = re.compile(r"[.!?。！？][\"'”’»)\]]*$")
_TITLES = etree.XPath(
    "//h1 | //title | //meta[@property='og:title' or @name='twitter:title']/@content"
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:·•-]\s+|\s+::\s+")
_DATE_PART = re.compile(r"\b(1[89]|20)\d\d\b|\b\d{1,2}[:h]\d\d\b")
_TOKEN = re.compile(r"\w+")
# "By Jane Doe", "By Jane Doe and Lee Chan, Reuters", "Published 3 hours ago".
_BYLINE = re.compile(
    r"^(by|von|por|par|di|door)\s+[\w.'’-]+(\s+[\w.'’,&-]+)*\s*$"
    r"|^(published|updated|posted|last updated|first published)\b[^.!?]*$",
    re.IGNORECASE,
)


def extract_body(tree: HtmlElement, url: str | None = None) -> tuple[list[str], Removed]:
    """Body paragraphs of ``tree`` and the blocks dropped on the way."""
    work, removed = pruned_copy(tree)
    precise = _extract(work, url, "precision", fast=True)
    broad = _extract(work, url, "recall", fast=True)
    precise_size = sum(map(len, precise))
    if precise_size < MIN_PRECISE_SHARE * sum(map(len, broad)) or precise_size < MIN_PRECISE_CHARS:
        precise = _extract(work, url, "precision", fast=False)
    body, dropped, _ = combine.guard(fill_gaps(precise, broad), tree)
    paragraphs, header = strip_header(body, titles(tree))
    return paragraphs, removed + dropped + header


def _extract(work: HtmlElement, url: str | None, focus: str, fast: bool) -> list[str]:
    """Trafilatura's text of ``work`` (not modified: trafilatura copies it) as clean lines."""
    text = trafilatura.extract(
        work,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=focus == "precision",
        favor_recall=focus == "recall",
        fast=fast,
    )
    return _lines(text)


def _lines(text: str | None) -> list[str]:
    return [line for raw in (text or "").splitlines() if (line := clean_line(_cell(raw)))]


def _cell(line: str) -> str:
    """A table row with one non-empty cell as that cell's text, other lines as they are.

    Trafilatura writes table rows as ``| a | b |``; a row with a single filled
    cell is page layout (a caption or paragraph set in a table), not data, and
    the line rules must see its text bare.
    """
    if not line.startswith("|") or not line.rstrip().endswith("|"):
        return line
    cells = [cell for part in line.strip().strip("|").split(" | ") if (cell := part.strip())]
    return cells[0] if len(cells) == 1 else line


def fill_gaps(precise: list[str], broad: list[str]) -> list[str]:
    """``precise`` with the prose lines ``broad`` has between two of its consecutive lines.

    Only inner gaps are filled (the start and end stay precision mode's), only
    with lines ending like a sentence, and only short gaps (a dropped
    subheading or paragraph, not a skipped block of teasers).
    """
    where: dict[str, int] = {}
    for i, line in enumerate(broad):
        where.setdefault(letters(line), i)
    known = {letters(line) for line in precise}
    out: list[str] = []
    last: int | None = None  # position in ``broad`` of the previous precise line
    for line in precise:
        pos = where.get(letters(line))
        if last is not None and pos is not None and 1 < pos - last <= MAX_GAP_LINES + 1:
            gap = broad[last + 1 : pos]
            if all(_PROSE_END.search(g) and letters(g) not in known for g in gap):
                out.extend(gap)
        out.append(line)
        last = pos
    return out


def titles(tree: HtmlElement) -> list[str]:
    """Headline candidates: ``<h1>``, ``<title>`` (and its part before a site suffix), og:title."""
    found: list[str] = []
    for item in _TITLES(tree):
        value = clean_line(item.text_content() if isinstance(item, HtmlElement) else str(item))
        if value:
            found.append(value)
            found.extend(part for part in _TITLE_SEPARATORS.split(value)[:1] if part != value)
    return found


def strip_header(paragraphs: list[str], headlines: list[str]) -> tuple[list[str], Removed]:
    """Drop the headline, date and byline lines among the first few paragraphs."""
    out = list(paragraphs)
    removed: Removed = []
    i = 0
    while i < min(HEADER_LINES, len(out)):
        line = out[i]
        if any(same_text(line, h) for h in headlines):
            removed.append(("title", snippet(line)))
        elif is_date_line(line):
            removed.append(("dateline", snippet(line)))
        elif _BYLINE.match(line) and len(line.split()) <= 12:
            removed.append(("byline", snippet(line)))
        else:
            i += 1
            continue
        del out[i]
    return out, removed


def is_date_line(line: str) -> bool:
    """A short line that is only a date or time (any language): mostly numbers."""
    tokens: list[str] = _TOKEN.findall(line)
    if not tokens or len(tokens) > 12 or not _DATE_PART.search(line):
        return False
    digits = sum(t.isdigit() for t in tokens)
    return digits >= 0.4 * len(tokens)
