"""Body cleaning on text: what every body goes through, whatever extracted it.

Line by line, each drop named by its rule (see ``crawler.extract.boilerplate``):

- a line that is furniture on its own ("Advertisement", "ALSO READ: ...");
- a heading that opens a block of teasers ("Latest from World", "Don't Miss",
  "Previous Story") and the teaser lines after it, up to the next line of prose;
- a repeated standfirst: the page summary as a dek, or the first paragraph
  shown twice at the top of the body.

Cleaning is idempotent: a cleaned body comes out of it unchanged.
"""

from __future__ import annotations

import hashlib
import re

from crawler.extract.blocks import Removed, snippet
from crawler.extract.boilerplate import MAX_BOILERPLATE_WORDS, heading_reason, line_reason
from crawler.extract.text import clean_line, join_paragraphs, letters, same_text, word_count

# Standfirsts (and their repeats) sit in the first few lines.
STANDFIRST_LINES = 3
# Prose ends a teaser block: a sentence of some length with final punctuation.
PROSE_MIN_WORDS = 13
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)\]]*$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)[\"'”’»)\]]*$")
# A dek's sign-off: "...reports Asian Lite News", "… writes Jane Doe for X".
_SIGN_OFF = re.compile(r"(\.\.\.|…|\.)\s*(reports|writes|says)\s+\S[^.!?]{0,60}$", re.IGNORECASE)
# Headings followed by one line only (a neighbour's title, a sign-up pitch);
# the others open a list of teasers that runs up to the next prose line.
SINGLE_LINE_HEADINGS = frozenset({"navigation", "newsletter"})


def clean_paragraphs(paragraphs: list[str], summary: str | None) -> tuple[list[str], Removed]:
    """Normalise paragraphs, drop boilerplate lines, teaser blocks and a repeated standfirst."""
    kept: list[str] = []
    removed: Removed = []
    block: str | None = None  # rule of the teaser block being dropped
    single = False  # the block takes one line, whatever it looks like
    for raw in paragraphs:
        line = clean_line(raw)
        if not line:
            continue
        if reason := heading_reason(line):
            removed.append((reason, snippet(line)))
            block, single = reason, reason in SINGLE_LINE_HEADINGS
            continue
        if reason := line_reason(line):
            removed.append((reason, snippet(line)))
            continue
        if block is not None and (is_teaser(line) or (single and _short(line))):
            removed.append((block, snippet(line)))
            block = None if single else block
            continue
        block = None
        if len(kept) < STANDFIRST_LINES and _repeats(line, kept, summary):
            removed.append(("standfirst", snippet(line)))
            continue
        kept.append(line)
    return kept, removed


def is_teaser(line: str) -> bool:
    """A story teaser rather than prose: a title, a date, or a cut-off excerpt."""
    if _ELLIPSIS.search(line) or not _SENTENCE_END.search(line):
        return True
    return len(line.split()) < PROSE_MIN_WORDS


def _short(line: str) -> bool:
    return len(line.split()) <= MAX_BOILERPLATE_WORDS


def _repeats(line: str, kept: list[str], summary: str | None) -> bool:
    """A standfirst shown again: the summary as a dek (signed, or not a sentence),
    or the body's first paragraph repeated just below it (a quote repeated
    further down is the writer's choice and stays)."""
    if not kept:
        return bool(
            summary
            and same_text(line, summary)
            and (_SIGN_OFF.search(line) or not _SENTENCE_END.search(line))
        )
    return same_text(line, kept[0])


def clean_body(body: str, summary: str | None) -> tuple[str, Removed]:
    """Clean a body whose paragraphs are separated by newlines."""
    kept, removed = clean_paragraphs(body.splitlines(), summary)
    return join_paragraphs(kept), removed


def fingerprint(title: str | None, body: str) -> str:
    """Content hash of title and body, blind to case, punctuation and spacing."""
    content = letters(f"{title or ''}\n{body}")
    return hashlib.sha1(content.encode("utf-8"), usedforsecurity=False).hexdigest()


__all__ = ["clean_body", "clean_paragraphs", "fingerprint", "word_count"]
