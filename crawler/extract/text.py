"""Unicode and whitespace normalisation shared by every extraction path."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Everything str.isalnum() rejects (checked over every code point): one C-level pass.
_NOT_ALNUM = re.compile(r"[\W_]+")
_ASCII_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
_LONG_TEXT = 200  # characters; shorter texts take the plain regex


def clean_line(text: str) -> str:
    """Normalise one paragraph: NFC, no invisible characters, single spaces.

    Cheap on text that is already clean, since every body is cleaned by the
    extractor and again, as a safety net, by the cleaning pipeline.
    """
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # Printable: no invisible (Cf) characters and no whitespace but ASCII spaces,
    # so a line without doubled or outer spaces is already clean.
    if text.isprintable():
        if "  " in text or text.startswith(" ") or text.endswith(" "):
            return " ".join(text.split())
        return text
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
    folded = text.casefold()
    if len(folded) < _LONG_TEXT:
        return _NOT_ALNUM.sub("", folded)
    # A regex substitution per space costs ~0.2 ms on a body; deleting ASCII
    # punctuation and spaces as bytes, then the few distinct non-ASCII non-alnum
    # characters left (curly quotes, dashes), gives the same string.
    kept = (
        folded.encode("utf-8", "surrogatepass")
        .translate(None, _ASCII_NOT_ALNUM)
        .decode("utf-8", "surrogatepass")
    )
    if kept and not kept.isalnum():
        for char in set(kept):
            if not char.isalnum():
                kept = kept.replace(char, "")
    return kept


def word_count(text: str) -> int:
    """Words as a reader counts them: whitespace-separated runs."""
    return len(text.split())
