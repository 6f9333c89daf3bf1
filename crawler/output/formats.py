"""Read back what a feed file holds: its complete records, and where a torn tail starts.

The exactly-once protocol (crawler.output) must tell, after a crash, which
records a dead run left complete in its output.  One scanner per format, for
the bytes Scrapy's exporters write: JSON lines, CSV (a header row first,
quoted fields may hold newlines), JSON (``[{...},{...}]``) and XML
(``<?xml ...?><items><item>...</item></items>``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

# Formats whose files can be recovered, and those a new run may append to.
RECOVERABLE = frozenset({"jsonlines", "jsonl", "jl", "csv", "json", "xml"})
APPENDABLE = frozenset({"jsonlines", "jsonl", "jl", "csv"})

_XML_HEAD = re.compile(rb"\s*<\?xml[^>]*\?>\s*<(?P<root>[\w.-]+)>")
_WHITESPACE = b" \t\r\n"


@dataclass
class Scan:
    """What a region of a feed file holds.

    ``end`` is the offset (from the region's start) just past the last
    complete record or the document's own end; bytes after it are a torn
    tail.  ``closing`` is what must follow ``end`` for the document to be
    well-formed again (``]`` or ``</items>``; empty for line formats and
    for a document that was closed).
    """

    records: list[dict[str, Any]] = field(default_factory=list)
    end: int = 0
    closing: bytes = b""


def scan(data: bytes, fmt: str, encoding: str = "utf-8") -> Scan:
    """The complete records of ``data``, the bytes one run wrote to a feed file."""
    scanners: dict[str, Callable[[bytes, str], Scan]] = {
        "jsonlines": _scan_jsonlines,
        "jsonl": _scan_jsonlines,
        "jl": _scan_jsonlines,
        "csv": _scan_csv,
        "json": _scan_json,
        "xml": _scan_xml,
    }
    if fmt not in scanners:
        raise ValueError(f"cannot read back feed format {fmt!r}")
    return scanners[fmt](data, encoding)


def _scan_jsonlines(data: bytes, encoding: str) -> Scan:
    result = Scan()
    pos = 0
    while (newline := data.find(b"\n", pos)) >= 0:
        line = data[pos:newline].strip()
        if line:
            try:
                record = json.loads(line.decode(encoding))
            except (UnicodeDecodeError, ValueError):
                break
            if not isinstance(record, dict):
                break
            result.records.append(record)
        pos = newline + 1
    result.end = pos
    return result


def _csv_rows(data: bytes) -> Iterator[tuple[bytes, int]]:
    """Each row's bytes and the offset after it; a row ends at a newline outside quotes."""
    pos = start = quotes = 0
    while (newline := data.find(b"\n", pos)) >= 0:
        quotes += data.count(b'"', pos, newline)
        pos = newline + 1
        if quotes % 2 == 0:
            yield data[start:pos], pos
            start, quotes = pos, 0


def _scan_csv(data: bytes, encoding: str) -> Scan:
    result = Scan()
    header: list[str] | None = None
    for raw, end in _csv_rows(data):
        try:
            row = next(csv.reader([raw.decode(encoding)]), [])
        except (UnicodeDecodeError, csv.Error):
            break
        if header is None or row == header:  # each run that appends writes its header
            header = row
        elif row:
            if len(row) != len(header):
                break
            result.records.append(dict(zip(header, row, strict=True)))
        result.end = end
    return result


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _scan_json(data: bytes, encoding: str) -> Scan:
    text = data.decode(encoding, errors="replace")  # only a torn tail can fail to decode
    result = Scan()
    pos = _skip_space(text, 0)
    if not text.startswith("[", pos):
        return result  # nothing complete: not even the opening bracket
    decoder = json.JSONDecoder()
    good = pos + 1
    pos = good
    while True:
        pos = _skip_space(text, pos)
        if text.startswith("]", pos):
            good, result.closing = pos + 1, b""
            break
        try:
            record, after = decoder.raw_decode(text, pos)
        except ValueError:
            result.closing = b"]"
            break
        if not isinstance(record, dict):
            result.closing = b"]"
            break
        result.records.append(record)
        good = after
        pos = _skip_space(text, after)
        if text.startswith(",", pos):
            pos += 1
        elif not text.startswith("]", pos):
            result.closing = b"]"
            break
    result.end = len(text[:good].encode(encoding))
    return result


def _scan_xml(data: bytes, encoding: str) -> Scan:
    result = Scan()
    head = _XML_HEAD.match(data)
    if head is None:
        return result  # torn before the root element opened: nothing to keep
    root = head.group("root")
    close_root = b"</" + root + b">"
    pos = good = head.end()
    while True:
        while pos < len(data) and data[pos] in _WHITESPACE:
            pos += 1
        if data.startswith(close_root, pos):
            result.end = pos + len(close_root)
            return result
        if not data.startswith(b"<", pos) or data.startswith(b"</", pos):
            break
        tag_end = data.find(b">", pos)
        if tag_end < 0:
            break
        tag = data[pos + 1 : tag_end]
        end = data.find(b"</" + tag + b">", tag_end)
        if end < 0 or not re.fullmatch(rb"[\w.-]+", tag):
            break
        end += len(tag) + 3
        try:
            element = etree.fromstring(data[pos:end])
        except etree.XMLSyntaxError:
            break
        result.records.append({child.tag: child.text or "" for child in element})
        pos = good = end
    result.end, result.closing = good, close_root
    return result
