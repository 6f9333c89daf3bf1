"""Unicode and whitespace normalisation shared by every extraction path."""

from __future__ import annotations

import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean_line(text: str) -> str:
    """Normalise one paragraph: NFKC-safe NFC, no invisible characters, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return " ".join(text.split())


def join_paragraphs(paragraphs: list[str]) -> str:
    """Join non-empty paragraphs with a blank line, the body's paragraph separator."""
    return "\n\n".join(p for p in paragraphs if p)


def split_paragraphs(body: str) -> list[str]:
    """Split a body on newlines into cleaned, non-empty paragraphs."""
    return [line for raw in body.splitlines() if (line := clean_line(raw))]


def same_text(a: str, b: str) -> bool:
    """Compare two texts ignoring case, punctuation and whitespace."""
    return _letters(a) == _letters(b) and bool(_letters(a))


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def word_count(text: str) -> int:
    """Words as a reader counts them: whitespace-separated runs."""
    return len(text.split())
