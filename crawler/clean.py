"""Body cleaning on text: what every body goes through, whatever extracted it."""

from __future__ import annotations

import hashlib

from crawler.extract.blocks import Removed, snippet
from crawler.extract.boilerplate import line_reason
from crawler.extract.text import clean_line, join_paragraphs, same_text, word_count


def clean_paragraphs(paragraphs: list[str], summary: str | None) -> tuple[list[str], Removed]:
    """Normalise paragraphs, drop boilerplate lines and a repeated standfirst."""
    kept: list[str] = []
    removed: Removed = []
    for raw in paragraphs:
        line = clean_line(raw)
        if not line:
            continue
        if reason := line_reason(line):
            removed.append((reason, snippet(line)))
            continue
        if not kept and summary and same_text(line, summary):
            removed.append(("standfirst", snippet(line)))
            continue
        kept.append(line)
    return kept, removed


def clean_body(body: str, summary: str | None) -> tuple[str, Removed]:
    """Clean a body whose paragraphs are separated by newlines."""
    kept, removed = clean_paragraphs(body.splitlines(), summary)
    return join_paragraphs(kept), removed


def fingerprint(title: str | None, body: str) -> str:
    """Content hash of title and body, blind to case, punctuation and spacing."""
    letters = "".join(ch for ch in f"{title or ''}\n{body}".casefold() if ch.isalnum())
    return hashlib.sha1(letters.encode("utf-8"), usedforsecurity=False).hexdigest()


__all__ = ["clean_body", "clean_paragraphs", "fingerprint", "word_count"]
