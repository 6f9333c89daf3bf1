"""Unicode and whitespace normalisation shared by every extraction path."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Everything str.isalnum() rejects (checked over every code point): one C-level pass.
_NOT_ALNUM = re.compile(r"[\W_]+")


def clean_line(text: str) -> str:
    """Normalise one paragraph: NFC, no invisible characters, single spaces.

    Cheap on text that is already clean, since every body is cleaned by the
    extractor and again, as a safety net, by the cleaning pipeline.
    """
    if text.isascii():  # always NFC, never invisible characters
        return " ".join(text.split())
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(_INVISIBLE.sub("", text).split())


def join_paragraphs(paragraphs: list[str]) -> str:
    """Join non-empty paragraphs with a blank line, the body's paragraph separator."""
    return "\n\n".join(p for p in paragraphs if p)


def same_text(a: str, b: str) -> bool:
    """Compare two texts ignoring case, punctuation and whitespace."""
    folded = letters(a)
    return bool(folded) and folded == letters(b)


def letters(text: str) -> str:
    """Letters and digits only, case-folded: what content comparisons look at."""
    return _NOT_ALNUM.sub("", text.casefold())


def word_count(text: str) -> int:
    """Words as a reader counts them: whitespace-separated runs."""
    return len(text.split())
