"""Text that is safe in every output format: no control characters, no non-characters.

A hostile or broken page can put anything in its title, JSON-LD or body: a
NUL, an ANSI escape (``\\x1b[31m``), a DEL, a lone surrogate, U+FFFE.  JSON
escapes them, but XML 1.0 cannot hold most of them at all (one such character
makes the whole ``-O out.xml`` unparsable) and terminals and spreadsheets
misread them.  Every record is cleaned here once (``SafeTextPipeline``),
whatever extracted it:

- ``\\t`` becomes a space; line breaks (``\\r\\n``, ``\\r``, ``\\v``, ``\\f``,
  ``\\x1c``-``\\x1e``, U+0085) become ``\\n`` in the body, where ``\\n``
  separates paragraphs, and a space in every other field;
- C1 controls (U+0080-U+009F) are Windows-1252 bytes read as Latin-1 (a
  page's ``&#146;``): they become the Windows-1252 character (``’``), as
  browsers show them (HTML's numeric character reference rules), or go when
  Windows-1252 has none;
- a surrogate pair held as two code points is joined; a lone surrogate goes;
- every other control character (C0, DEL) and every Unicode non-character
  (U+FDD0-U+FDEF and the last two code points of each plane, U+FFFE, U+FFFF,
  U+1FFFE, ...) goes.

Normal text (letters, punctuation, ``\\n`` in the body) comes out unchanged,
so fingerprints of normal articles do not move.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

# The only field whose text keeps its newlines (paragraph breaks).
MULTILINE_FIELDS = frozenset({"body"})

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
_CONTROLS = "\x00-\x09\x0b-\x1f\x7f-\x9f"
# Anything safe_text changes; ``\n`` only outside the body.
_UNSAFE_LINE = re.compile(f"[{_CONTROLS}\n\ud800-\udfff{_NONCHARACTERS}]")
_UNSAFE_BODY = re.compile(f"[{_CONTROLS}\ud800-\udfff{_NONCHARACTERS}]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85")
_SPACES = re.compile("  +")


def _windows_1252(code: int) -> str:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: no character
        return ""


_C1 = {chr(code): _windows_1252(code) for code in range(0x80, 0xA0) if code != 0x85}


def _join_pair(match: re.Match[str]) -> str:
    high, low = (ord(char) for char in match.group())
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _replacement(char: str, multiline: bool) -> str:
    if char == "\t":
        return " "
    if char in _BREAKS:
        return "\n" if multiline else " "
    return _C1.get(char, "")


_CONTROL_CHARS = [chr(code) for code in [*range(0x20), *range(0x7F, 0xA0)]]
_LINE_MAP = {char: _replacement(char, False) for char in _CONTROL_CHARS}
_BODY_MAP = {char: _replacement(char, True) for char in _CONTROL_CHARS}


def safe_text(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters and non-characters (see the module docstring).

    ``multiline`` keeps line breaks as ``\\n`` (the body); otherwise they
    become spaces, and the spaces a replacement doubled are merged.
    """
    unsafe = _UNSAFE_BODY if multiline else _UNSAFE_LINE
    if not unsafe.search(text):
        return text  # the common case: one scan, no copy
    if multiline:
        text = text.replace("\r\n", "\n")
    text = _PAIR.sub(_join_pair, text)
    table = _BODY_MAP if multiline else _LINE_MAP
    cleaned = unsafe.sub(lambda match: table.get(match.group(), ""), text)
    if not multiline:
        cleaned = _SPACES.sub(" ", cleaned).strip(" ")
    return cleaned


def safe_record(record: MutableMapping[str, Any]) -> list[str]:
    """Make every text of ``record`` safe, in place; returns the fields that changed.

    Strings and lists (or tuples) of strings are cleaned; numbers, booleans
    and None are left alone.
    """
    changed: list[str] = []
    for name in list(record.keys()):
        value = record[name]
        multiline = name in MULTILINE_FIELDS
        if isinstance(value, str):
            cleaned: Any = safe_text(value, multiline=multiline)
        elif isinstance(value, list | tuple) and any(isinstance(v, str) for v in value):
            cleaned = type(value)(
                safe_text(v, multiline=multiline) if isinstance(v, str) else v for v in value
            )
        else:
            continue
        if cleaned != value:
            record[name] = cleaned
            changed.append(name)
    return changed


# XML 1.0's Char production: what an XML document can hold at all.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> tuple[str, int]:
    """``text`` without the characters XML 1.0 cannot hold, and how many were removed."""
    return _NOT_XML.subn("", text)


# OWASP "CSV Injection": a cell starting with one of these is a formula in
# Excel, LibreOffice or Google Sheets; the full-width forms are turned into
# formulas by some locales' spreadsheets (Japanese Excel).
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def neutralise_formula(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``'`` before a formula start."""
    if cell and cell[0] in FORMULA_START:
        return "'" + cell
    return cell
