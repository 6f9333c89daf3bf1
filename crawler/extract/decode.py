"""Page bytes to text: one decision for every path (crawl, ``scrapy extract``, shell).

Order, first match wins:

1. a byte-order mark;
2. a declared UTF-16/32 (``Content-Type`` header, then ``<meta>``/XML declaration),
   when the bytes have the NULs such text has;
3. UTF-8, when the bytes are valid UTF-8 (whatever the label says: valid
   multi-byte UTF-8 is practically never another encoding's text, and a page
   labelled Latin-1 but written in UTF-8 is a common server mistake);
4. the declared encoding (header, then ``<meta>``/XML declaration), when the
   bytes decode cleanly with it;
5. UTF-8 with windows-1252 for the stray bytes, when most non-ASCII bytes form
   valid UTF-8 (a UTF-8 page with a few pasted Windows characters);
6. charset detection (charset-normalizer) for non-Latin scripts, else
   windows-1252, the web's default for unlabelled Western pages.

Whatever the choice, text that is UTF-8 read as windows-1252 or Latin-1
("cafÃ©", "itâ€™s") is then repaired (:func:`repair_mojibake`): a Latin
label decodes any bytes without error, so a mostly-UTF-8 page with one stray
byte, a page encoded twice, or text handed over by a reader that trusted a
wrong label would otherwise keep two or three characters for each one.

The text never holds U+FFFD from a failed decode (only from a broken
UTF-16/32 page), and characters that XML forbids (NUL, form feed, other C0
controls but tab and line breaks) become spaces: lxml refuses them in text
later on, which made every extraction of such a page fail.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

_WIDE = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
# Detection results that mean "some Latin-script single-byte page": windows-1252
# is then the better guess (charset-normalizer often says cp1250 for French).
_LATIN_GUESSES = frozenset(
    {"cp1250", "cp1252", "latin_1", "iso8859_2", "iso8859_15", "mac_roman", "mac_latin2", "ascii"}
)
_DETECT_BYTES = 65536
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same characters as UTF-8 bytes (never part of a multi-byte sequence), to
# spaces in one translate pass: 6x cheaper than a regex scan of the page.
_SCRUB = bytes.maketrans(bytes(range(32)), bytes(b if b in (9, 10, 13) else 32 for b in range(32)))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_FALLBACK = "crawler-cp1252"


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: undecodable bytes read as windows-1252 (Latin-1 where it has none)."""
    assert isinstance(error, UnicodeDecodeError)
    raw = error.object[error.start : error.end]
    return "".join(_byte_char(b) for b in raw), error.end


def _byte_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d
        return chr(byte)


codecs.register_error(_FALLBACK, _cp1252_bytes)

# UTF-8 read as windows-1252 or Latin-1: a lead byte's character followed by as
# many continuation-byte characters (0x80-0xBF) as the lead byte announces.
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)} | {_byte_char(b): b for b in range(0x80, 0x100)}
_CONT = "[" + "".join(sorted({c for c, b in _BYTE_OF.items() if 0x80 <= b < 0xC0})) + "]"
# Characters that can start such a sequence (U+00C2..U+00F4, as Latin-1 and windows-1252 read them).
_LEADS = frozenset(c for c, b in _BYTE_OF.items() if 0xC2 <= b <= 0xF4)
_MOJIBAKE = re.compile(f"[\xc2-\xdf]{_CONT}|[\xe0-\xef]{_CONT}{{2}}|[\xf0-\xf4]{_CONT}{{3}}")
# The same in a UTF-8 page's bytes (C3 82..C3 B4, then a continuation character
# as UTF-8): a cheap test before decoding a valid UTF-8 page for a repair.
_MOJIBAKE_BYTES = re.compile(
    rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xe2[\x80-\x84]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]"
    rb"|\xc6\x92|\xcb[\x86\x9c])"
)


def repair_mojibake(text: str) -> str:
    """``text`` with UTF-8 that was read as windows-1252/Latin-1 decoded again.

    Only sequences that form valid UTF-8 are replaced, and only when they make
    up at least half of the text's non-ASCII characters: a Latin-1 page whose
    "ß" happens to precede a "«" keeps both.
    """
    if text.isascii() or _LEADS.isdisjoint(text):  # no lead character: nothing to scan for
        return text
    found = [(m, raw) for m in _MOJIBAKE.finditer(text) if (raw := _as_utf8(m.group()))]
    if not found:
        return text
    covered = sum(m.end() - m.start() for m, _ in found)
    if 2 * covered < len(_NON_ASCII.findall(text)):
        return text
    parts: list[str] = []
    last = 0
    for m, raw in found:
        parts.append(text[last : m.start()])
        parts.append(raw)
        last = m.end()
    parts.append(text[last:])
    return "".join(parts)


def _as_utf8(chars: str) -> str | None:
    try:
        return bytes(_BYTE_OF[c] for c in chars).decode("utf-8")
    except UnicodeDecodeError:
        return None


def declared_encodings(body: bytes, content_type: str | None) -> list[str]:
    """Encodings the page declares: header first, then ``<meta>``/XML declaration."""
    found: list[str] = []
    header = http_content_type_encoding(content_type) if content_type else None
    declared = html_body_declared_encoding(body)
    for name in (header, resolve_encoding(declared) if declared else None):
        if name and name not in found:
            found.append(name)
    return found


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of a page's bytes, chosen as the module docstring says."""
    bom, mark = read_bom(body)
    if bom and mark:
        return _safe(body[len(mark) :].decode(bom, "replace")), bom
    declared = declared_encodings(body, content_type)
    if (wide := _wide(body, declared)) is not None:
        return _safe(body.decode(wide, "replace")), wide
    try:
        return _safe(repair_mojibake(body.decode("utf-8"))), "utf-8"
    except UnicodeDecodeError:
        pass
    for name in declared:
        try:
            return _safe(repair_mojibake(body.decode(name))), name
        except (UnicodeError, LookupError):  # LookupError: a label of no text codec (base64)
            continue
    loose = body.decode("utf-8", "replace")
    bad = loose.count("\ufffd")
    if len(_NON_ASCII.findall(loose)) - bad > bad:
        return _safe(body.decode("utf-8", _FALLBACK)), "utf-8"
    name = _detect(body)
    try:
        return _safe(repair_mojibake(body.decode(name, _FALLBACK))), name
    except (UnicodeError, LookupError):
        return _safe(repair_mojibake(body.decode("cp1252", _FALLBACK))), "cp1252"


def utf8_html(body: bytes, content_type: str | None = None) -> tuple[bytes, str]:
    """The page as UTF-8 bytes lxml accepts, and the encoding it was read in.

    Valid UTF-8 without a BOM (nearly every page) is not decoded and encoded
    again: only checked, and scrubbed of forbidden control bytes if it has any;
    it is decoded for a repair only when its bytes show mojibake.
    """
    bom = body.startswith((b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe"))
    if not bom and _wide(body, declared_encodings(body, content_type)) is None:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if _MOJIBAKE_BYTES.search(body) and (fixed := repair_mojibake(text)) != text:
                return utf8_text(fixed), "utf-8"
            return body.translate(_SCRUB), "utf-8"
    text, name = decode_html(body, content_type)
    return text.encode("utf-8", "replace"), name


def utf8_text(text: str) -> bytes:
    """An already decoded page as UTF-8 bytes lxml accepts, mojibake repaired."""
    data = text.encode("utf-8", "replace")
    # Its bytes show mojibake the way a fetched page's do: only then is the text scanned.
    if _MOJIBAKE_BYTES.search(data) and (fixed := repair_mojibake(text)) != text:
        data = fixed.encode("utf-8", "replace")
    return data.translate(_SCRUB)


def _wide(body: bytes, declared: list[str]) -> str | None:
    """The declared UTF-16/32 encoding, if any and the bytes look like one (NULs)."""
    for name in declared:
        if name.replace("_", "-") in _WIDE and b"\x00" in body[:1024]:
            return name
    return None


def _detect(body: bytes) -> str:
    best = charset_normalizer.from_bytes(body[:_DETECT_BYTES]).best()
    name = best.encoding if best is not None else None
    if not name or name in _LATIN_GUESSES:
        return "cp1252"
    return name


def _safe(text: str) -> str:
    return _FORBIDDEN.sub(" ", text) if _FORBIDDEN.search(text) else text
