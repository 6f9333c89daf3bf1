"""Line normalisation: one definition, however fast the common case is made."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.extract.text import _INVISIBLE, clean_line, letters

LINES = [
    "",
    " ",
    "Plain clean line.",
    "  leading and trailing  ",
    "double  space inside",
    "tab\tand\nnewline\r\n",
    "no\u00a0break and thin\u2009space and\u2028line separator",
    "zero\u200bwidth, soft\u00adhyphen, joiner\u200d and bom\ufeff",
    "Cafe\u0301 decomposed and café composed",
    "The council’s plan — approved on Monday — adds crossings.",
    "\u3000ideographic space\u3000",
    "control\x1fseparator and \x85next line",
]


@pytest.mark.parametrize("line", LINES)
def test_clean_line_is_nfc_without_invisibles_and_single_spaced(line: str) -> None:
    expected = " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFC", line)).split())
    assert clean_line(line) == expected
    assert clean_line(expected) == expected


TEXTS = [
    "",
    "—",
    "Plain ASCII, with punctuation: (and) brackets_underscores! 2024",
    "The council’s plan — “approved” on Monday… « à bientôt »",
    "中文的新闻，报道。 العربية ١٢٣ हिन्दी ক্ষ emoji 👍🏽 ß ﬁ İ ǅ",
    "soft\u00adhyphen zero\u200bwidth nbsp\u00a0here \ud800 lone surrogate",
]


@pytest.mark.parametrize("text", TEXTS)
def test_letters_keep_only_casefolded_letters_and_digits(text: str) -> None:
    for sample in (text, text * 40):  # short texts and body-sized ones
        assert letters(sample) == "".join(c for c in sample.casefold() if c.isalnum())
