"""Crash recovery of feed files: whatever byte a run died at, the complete records are kept.

The files are written by Scrapy's own exporters; every prefix of them is a
possible state after ``kill -9``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from scrapy.exporters import (
    BaseItemExporter,
    CsvItemExporter,
    JsonItemExporter,
    JsonLinesItemExporter,
    XmlItemExporter,
)

from crawler.output.formats import scan
from crawler.output.recovery import recover_outputs
from crawler.output.storage import DurableFileFeedStorage
from crawler.store import StateStore

FIELDS = ["canonical_url", "title", "body", "authors", "modified", "fingerprint"]
EXPORTERS: dict[str, type[BaseItemExporter]] = {
    "jsonlines": JsonLinesItemExporter,
    "csv": CsvItemExporter,
    "json": JsonItemExporter,
    "xml": XmlItemExporter,
}


def items(count: int) -> list[dict[str, Any]]:
    return [
        {
            "canonical_url": f"https://example.com/2024/news/story-{i}",
            "title": f'Story {i}: "quoted", <tagged> & more',
            "body": f"First paragraph {i}, with a comma.\n\nSecond — ünïcode paragraph.",
            "authors": ["A. Writer", "B. Editor"],
            "modified": None if i % 2 else f"2024-05-0{i + 1}T10:00:00+00:00",
            "fingerprint": f"{i:040x}",
        }
        for i in range(count)
    ]


def export(fmt: str, records: list[dict[str, Any]], indent: int | None = 0) -> bytes:
    buffer = io.BytesIO()
    exporter = EXPORTERS[fmt](buffer, fields_to_export=FIELDS, indent=indent)
    exporter.start_exporting()
    for record in records:
        exporter.export_item(record)
    exporter.finish_exporting()
    return buffer.getvalue()


def parse(fmt: str, data: bytes) -> list[str]:
    """The canonical URLs a well-formed file holds (raises if it is not well-formed)."""
    if fmt == "jsonlines":
        return [json.loads(line)["canonical_url"] for line in data.splitlines()]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode(), newline="")))
        return [row["canonical_url"] for row in rows]
    if fmt == "json":
        return [record["canonical_url"] for record in json.loads(data)] if data else []
    root = etree.fromstring(data) if data else None
    return [item.findtext("canonical_url") for item in root] if root is not None else []


@pytest.mark.parametrize("indent", [None, 0, 2])
@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_prefix_keeps_exactly_its_complete_records(fmt: str, indent: int | None) -> None:
    records = items(3)
    full = export(fmt, records, indent)
    ends = [record_end(fmt, full, export(fmt, records[:n], indent)) for n in (1, 2, 3)]
    for cut in range(len(full) + 1):
        found = scan(full[:cut], fmt)
        assert len(found.records) == sum(end <= cut for end in ends), (cut, full[:cut])
        repaired = full[:cut][: found.end] + found.closing
        assert parse(fmt, repaired) == [r["canonical_url"] for r in found.records], repaired
    assert scan(full, fmt).closing == b""


def record_end(fmt: str, full: bytes, prefix: bytes) -> int:
    """Where the last record of ``prefix`` ends in ``full``: where the two exports part."""
    common = next((i for i, (a, b) in enumerate(zip(full, prefix, strict=False)) if a != b), None)
    common = min(len(full), len(prefix)) if common is None else common
    # Line formats end a record with its newline; JSON and XML with its own brace or tag.
    if fmt == "json":
        return full.rindex(b"}", 0, common) + 1
    if fmt == "xml":
        return full.rindex(b"</item>", 0, common) + len(b"</item>")
    return common


def test_csv_header_of_each_appending_run_is_not_a_record() -> None:
    records = items(4)
    data = export("csv", records[:2]) + export("csv", records[2:])
    found = scan(data, "csv")
    assert [r["canonical_url"] for r in found.records] == [r["canonical_url"] for r in records]
    assert found.end == len(data)


def test_a_newline_inside_a_quoted_field_is_not_a_record_end() -> None:
    data = export("csv", items(1))
    torn = data[: data.index(b"\n\nSecond") + 1]  # cut just after a newline inside the body
    assert scan(torn, "csv").records == []


def feed_file(tmp_path: Path, fmt: str, data: bytes, store: StateStore) -> Path:
    """Write ``data`` as a dead run's registered output file."""
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(b"")
    store.register_output(str(path), fmt, 0)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_next_run_repairs_the_file_and_records_its_articles(tmp_path: Path, fmt: str) -> None:
    records = items(3)
    full = export(fmt, records)
    second_end = len(export(fmt, records[:2])) - {"json": 2, "xml": 9}.get(fmt, 0)
    dead = StateStore.open(tmp_path / "state", "dead", "spider")
    path = feed_file(tmp_path, fmt, full[: second_end + 7], dead)  # torn inside record 3
    dead.close()

    later = StateStore.open(tmp_path / "state", "later", "spider")
    assert recover_outputs(later) == 2
    assert parse(fmt, path.read_bytes()) == [r["canonical_url"] for r in records[:2]]
    for record in records[:2]:
        known = later.get(record["canonical_url"])
        assert known is not None and known.fingerprint == record["fingerprint"]
        assert known.modified == record["modified"]
    assert later.get(records[2]["canonical_url"]) is None  # torn: fetched again
    aside = list((tmp_path / "state" / "recovered").iterdir())
    assert len(aside) == 1 and aside[0].read_bytes() == full[second_end : second_end + 7]
    assert recover_outputs(later) == 0  # done once, not again
    later.close()


def test_another_spiders_open_output_is_left_alone(tmp_path: Path) -> None:
    other = StateStore.open(tmp_path, "other-run", "other")
    path = feed_file(tmp_path, "jsonlines", export("jsonlines", items(2))[:-5], other)
    mine = StateStore.open(tmp_path, "mine", "spider")
    assert recover_outputs(mine) == 0
    assert path.read_bytes() == export("jsonlines", items(2))[:-5]


def test_overwriting_a_recovered_file_moves_it_aside(tmp_path: Path) -> None:
    dead = StateStore.open(tmp_path / "state", "dead", "spider")
    path = feed_file(tmp_path, "jsonlines", export("jsonlines", items(2)), dead)
    later = StateStore.open(tmp_path / "state", "later", "spider")
    recover_outputs(later)
    storage = DurableFileFeedStorage(
        str(path), feed_options={"format": "jsonlines", "overwrite": True}, store=later
    )
    with storage.open(None) as handle:  # type: ignore[arg-type]
        handle.write(b"")
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("out.recovered-")]
    assert len(kept) == 1 and parse("jsonlines", kept[0].read_bytes()) == [
        r["canonical_url"] for r in items(2)
    ]
    assert path.read_bytes() == b""


def test_overwriting_a_cleanly_closed_file_replaces_it(tmp_path: Path) -> None:
    run = StateStore.open(tmp_path / "state", "run", "spider")
    path = feed_file(tmp_path, "jsonlines", export("jsonlines", items(2)), run)
    run.finish(claims=False, progress=True)
    storage = DurableFileFeedStorage(
        str(path), feed_options={"format": "jsonlines", "overwrite": True}, store=run
    )
    storage.open(None).close()  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonlines", "state"]
