"""Output that is safe to open: no spreadsheet formulas in CSV, no control characters anywhere.

The end-to-end tests run the real `scrapy crawl asianlite` against a small
hostile site on 127.0.0.1 (pages crafted here) and write CSV, XML and JSON
lines in one run; state and output go under tmp_path.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.articles import article_from_tree
from crawler.clean import fingerprint
from crawler.exporters import SafeCsvItemExporter, SafeXmlItemExporter
from crawler.extract import parse_html
from crawler.items import Article
from crawler.output.formats import scan
from crawler.pipelines.clean import SafeTextPipeline
from crawler.safetext import neutralise_formula, safe_record, safe_text, xml_text
from tests.crawling import crawl, read_jsonl
from tests.localsite import pages, serve

FORMULA_TITLE = '=HYPERLINK("http://x","click")'
FORMULA_AUTHOR = '+cmd|" /C calc"!A0'
# What no output text may hold: C0 controls but \n, DEL, C1, surrogates, non-characters.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(p << 16 | 0xFFFE)}{chr(p << 16 | 0xFFFF)}" for p in range(17))
    + "]"
)


# -- safe_text ------------------------------------------------------------------------

SAFE_TEXT_CASES = [
    # (given, as a title, as a body)
    ("Plain title, unchanged", "Plain title, unchanged", "Plain title, unchanged"),
    ("Bell\x07 and \x1b[31mred\x7f", "Bell and [31mred", "Bell and [31mred"),
    ("NUL\x00 in the middle", "NUL in the middle", "NUL in the middle"),
    ("tab\tseparated", "tab separated", "tab separated"),
    ("two\nlines\r\nand\rmore", "two lines and more", "two\nlines\nand\nmore"),
    ("vertical\x0bform\x0cfeed\x1cfile", "vertical form feed file", "vertical\nform\nfeed\nfile"),
    ("next\x85line", "next line", "next\nline"),
    ("don\x92t \x93quote\x94 \x81gone", "don’t “quote” gone", "don’t “quote” gone"),
    ("non\ufffe\uffff\ufdd0\U0001fffe\U0010ffff-chars", "non-chars", "non-chars"),
    ("lone\ud800 and \udc00 surrogates", "lone and surrogates", "lone and  surrogates"),
    (
        "paired \ud83d\ude00 surrogates",
        "paired \U0001f600 surrogates",
        "paired \U0001f600 surrogates",
    ),
    ("emoji \U0001f600, CJK 漢字, RTL \u05e9\u05dc\u05d5\u05dd", None, None),
    ("replacement \ufffd and private \ue000 stay", None, None),
    ("\x01 leading and trailing \x02", "leading and trailing", " leading and trailing "),
]


@pytest.mark.parametrize(("given", "line", "body"), SAFE_TEXT_CASES)
def test_safe_text(given: str, line: str | None, body: str | None) -> None:
    assert safe_text(given) == (given if line is None else line)
    assert safe_text(given, multiline=True) == (given if body is None else body)
    for result in (safe_text(given), safe_text(given, multiline=True)):
        assert not UNSAFE.search(result.replace("\n", " "))
        assert xml_text(result) == (result, 0)
        assert safe_text(result, multiline=True) == result  # idempotent


def test_safe_record_cleans_every_text_field_and_keeps_the_rest() -> None:
    record: dict[str, Any] = {
        "title": "A\x01B",
        "body": "one\x1b\n\ntwo\x7f",
        "authors": ["Ann\x00e", "Bob"],
        "tags": ("x\ufffe",),
        "word_count": 2,
        "is_update": False,
        "summary": None,
        "url": "http://example.com/a",
    }
    assert safe_record(record) == ["title", "body", "authors", "tags"]
    assert record == {
        "title": "AB",
        "body": "one\n\ntwo",
        "authors": ["Anne", "Bob"],
        "tags": ("x",),
        "word_count": 2,
        "is_update": False,
        "summary": None,
        "url": "http://example.com/a",
    }


def test_safe_text_pipeline_cleans_before_the_fingerprint_is_taken() -> None:
    stats = MemoryStatsCollector(get_crawler())
    article = Article(url="u", canonical_url="u", title="Title\x1b", body="Body\x01 text")
    SafeTextPipeline(stats).process_item(article)
    assert (article.title, article.body) == ("Title", "Body text")
    assert stats.get_value("clean/unsafe_text/title") == 1
    assert stats.get_value("clean/unsafe_text/body") == 1


# -- exporters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("＝1+1", "'＝1+1"),
        ("＋1", "'＋1"),
        ("－1", "'－1"),
        ("＠x", "'＠x"),
        ("A = B", "A = B"),
        ("http://x/?a=1", "http://x/?a=1"),
        ("", ""),
    ],
)
def test_neutralise_formula(cell: str, expected: str) -> None:
    assert neutralise_formula(cell) == expected


def _csv_export(*items: dict[str, Any], **kwargs: Any) -> bytes:
    buffer = io.BytesIO()
    exporter = SafeCsvItemExporter(buffer, **kwargs)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return buffer.getvalue()


def test_csv_exporter_neutralises_formula_cells_only() -> None:
    item = {
        "canonical_url": "http://example.com/a",
        "title": FORMULA_TITLE,
        "authors": [FORMULA_AUTHOR, "Bob"],
        "tags": ["Politics", "-minus"],
        "summary": "@handle said",
        "word_count": -3,  # never negative really: numbers are never quoted anyway
        "fingerprint": "abc",
    }
    rows = list(csv.DictReader(io.StringIO(_csv_export(item).decode())))
    assert rows == [
        {
            "canonical_url": "http://example.com/a",
            "title": "'" + FORMULA_TITLE,
            "authors": "'" + FORMULA_AUTHOR + ",Bob",
            "tags": "Politics,-minus",
            "summary": "'@handle said",
            "word_count": "-3",
            "fingerprint": "abc",
        }
    ]


def test_neutralised_csv_is_read_back_by_crash_recovery() -> None:
    items = [
        {"canonical_url": f"http://example.com/{n}", "title": FORMULA_TITLE, "fingerprint": f"f{n}"}
        for n in range(3)
    ]
    found = scan(_csv_export(*items), "csv")
    assert [(r["canonical_url"], r["fingerprint"]) for r in found.records] == [
        (f"http://example.com/{n}", f"f{n}") for n in range(3)
    ]


def test_xml_exporter_always_writes_a_well_formed_document() -> None:
    buffer = io.BytesIO()
    exporter = SafeXmlItemExporter(buffer)
    exporter.start_exporting()
    exporter.export_item({"title": "A\x01B\ud800\ufffe", "tags": ["x\x1b", "y"], "n": 1})
    exporter.export_item({"title": FORMULA_TITLE, "body": "one\n\ntwo"})
    exporter.finish_exporting()
    root = etree.fromstring(buffer.getvalue())
    first, second = root.findall("item")
    assert first.findtext("title") == "AB"
    assert [v.text for v in first.find("tags")] == ["x", "y"]  # type: ignore[union-attr]
    assert second.findtext("title") == FORMULA_TITLE  # XML is not a spreadsheet
    assert second.findtext("body") == "one\n\ntwo"


# -- end to end: a hostile site -------------------------------------------------------

_PARAGRAPH = (
    "Councillors in the {town} voted on Tuesday evening to adopt a new ferry timetable that "
    "adds three early crossings on weekdays and keeps the last boat running until midnight."
)
_TOWNS = ("harbour town", "river port", "island village", "market town", "old quay")


def _jsonld(**fields: Any) -> str:
    node = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


# Theme markup (the site profile's path): a formula title and byline, control
# characters raw, as character references and in the JSON-LD description.
_PROFILE_LD = _jsonld(
    description="Sum\u0001mary\ufdd0 with a lone\ud800 surrogate",
    datePublished="2024-05-01T10:00:00+00:00",
)
_RAW = "Raw \x01 bell \x07 escape \x1b[31m and delete \x7f end."
PROFILE_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Story</title>
{_PROFILE_LD}
</head><body>
<h1 class="post-title">{FORMULA_TITLE}</h1>
<div class="meta-author"><a class="url fn" href="/author/x/">{FORMULA_AUTHOR}</a></div>
<div class="entry-date"><time class="published" datetime="2024-05-01T10:00:00+00:00">1 May</time>
</div>
<div class="entry-content">
<p>{_PARAGRAPH.format(town=_TOWNS[0])} {_RAW}</p>
<p>{_PARAGRAPH.format(town=_TOWNS[1])} References &#1; &#x1b; &#127; &#xFFFE; end.</p>
<p>{_PARAGRAPH.format(town=_TOWNS[2])}</p>
</div></body></html>"""

# No theme markup (generic extraction): title, byline and summary from JSON-LD.
_GENERIC_LD = _jsonld(
    headline="Ferry\u001b[2J timetable\u0007 \ufffe\U0001fffe adopted\ud800",
    description="=1+1 \u0000summary",
    author={"@type": "Person", "name": "-Ann\u0000e Writer\u007f"},
    datePublished="2024-05-02T10:00:00+00:00",
)
_GENERIC_BODY = "".join(f"<p>{town.title()}: {_PARAGRAPH.format(town=town)}</p>" for town in _TOWNS)
GENERIC_PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ferry story</title>
{_GENERIC_LD}
</head><body><main><article class="post"><h1>Ferry timetable adopted</h1>
{_GENERIC_BODY}
</article></main></body></html>"""

LISTING = """<!DOCTYPE html><html><body><div class="blog-container">
<article><h2 class="post-item-title"><a rel="bookmark" href="/2024/top-news/formula-story/">A</a>
</h2><time class="published" datetime="2024-05-01T10:00:00+00:00">1 May</time></article>
<article><h2 class="post-item-title"><a rel="bookmark" href="/2024/top-news/generic-story/">B</a>
</h2><time class="published" datetime="2024-05-02T10:00:00+00:00">2 May</time></article>
</div></body></html>"""

PAGES = {
    "/category/top-news/": LISTING,
    "/2024/top-news/formula-story/": PROFILE_PAGE,
    "/2024/top-news/generic-story/": GENERIC_PAGE,
    "/sitemap_index.xml": '<?xml version="1.0" encoding="UTF-8"?>'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>',
}


@pytest.fixture(scope="module")
def hostile_site() -> Iterator[str]:
    """A loopback site whose two articles carry formulas and control characters."""
    with serve(pages(PAGES)) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def hostile_run(hostile_site: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One crawl of the hostile site writing JSON lines, CSV and XML; returns its folder."""
    folder = tmp_path_factory.mktemp("hostile")
    result = crawl(
        hostile_site,
        folder / "state",
        folder / "out.jsonl",
        *("-O", str(folder / "out.csv"), "-O", str(folder / "out.xml")),
        *("-a", "categories=top-news"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    return folder


def _by_path(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(r["url"]).rsplit("/", 2)[-2]: r for r in records}


def test_jsonlines_text_is_kept_as_is_but_free_of_control_characters(hostile_run: Path) -> None:
    records = _by_path(read_jsonl(hostile_run / "out.jsonl"))
    assert set(records) == {"formula-story", "generic-story"}
    formula, generic = records["formula-story"], records["generic-story"]
    assert formula["title"] == FORMULA_TITLE  # JSON is not a spreadsheet
    assert formula["authors"] == [FORMULA_AUTHOR]
    assert formula["summary"] == "Summary with a lone surrogate"
    first, second, _ = formula["body"].split("\n\n")
    assert first.endswith("Raw bell escape [31m and delete end.")
    assert second.endswith("References end.")
    assert generic["title"] == "Ferry[2J timetable adopted"
    assert generic["authors"] == ["-Anne Writer"]
    assert generic["summary"] == "=1+1 summary"
    for record in records.values():
        texts = [v for v in record.values() if isinstance(v, str)]
        texts += [v for value in record.values() if isinstance(value, list) for v in value]
        for text in texts:
            assert not UNSAFE.search(text), (record["url"], text)
        # The fingerprint is taken on the safe text.
        assert record["fingerprint"] == fingerprint(record["title"], record["body"])


def test_csv_cells_never_start_a_formula(hostile_run: Path) -> None:
    rows = list(csv.DictReader((hostile_run / "out.csv").open(encoding="utf-8", newline="")))
    records = _by_path(read_jsonl(hostile_run / "out.jsonl"))
    assert len(rows) == 2
    for row in rows:
        record = records[row["url"].rsplit("/", 2)[-2]]
        for name, cell in row.items():
            assert not cell or cell[0] not in "=+-@\t\r＝＋－＠", (name, cell)
            value = record[name]
            text = ",".join(value) if isinstance(value, list) else str(value)
            if text and text[0] in "=+-@":
                assert cell == "'" + text  # neutralised, otherwise unchanged
        # Recovery's columns are never touched.
        assert (row["canonical_url"], row["fingerprint"]) == (
            record["canonical_url"],
            record["fingerprint"],
        )
    by_path = _by_path(rows)
    assert by_path["formula-story"]["title"] == "'" + FORMULA_TITLE
    assert by_path["formula-story"]["authors"] == "'" + FORMULA_AUTHOR
    assert by_path["generic-story"]["summary"] == "'=1+1 summary"
    assert by_path["generic-story"]["authors"] == "'-Anne Writer"


def test_xml_feed_is_well_formed_and_holds_the_same_text(hostile_run: Path) -> None:
    root = etree.parse(str(hostile_run / "out.xml")).getroot()  # raises if unparsable
    records = _by_path(read_jsonl(hostile_run / "out.jsonl"))
    items = root.findall("item")
    assert len(items) == 2
    for item in items:
        record = records[str(item.findtext("url")).rsplit("/", 2)[-2]]
        assert item.findtext("title") == record["title"]
        assert item.findtext("body") == record["body"]
        authors = item.find("authors")
        assert authors is not None
        assert [value.text for value in authors] == record["authors"]


def test_offline_extraction_cleans_text_as_the_crawl_does() -> None:
    """scrapy extract and crawler.debug.show build records through articles.finish."""
    words = " ".join(f"word{i}" for i in range(60))
    title = "Caf\x7fe\ufffe \x92quoted\x92"  # survive parsing; the pipeline would clean them
    html = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{words}\ufffe and\x7f more.</p></article></body></html>"
    )
    article, _, _ = article_from_tree(parse_html(html), "https://example.com/a/b", None)
    record = article.__dict__
    assert record["title"] == "Cafe \u2019quoted\u2019"
    assert "\ufffe" not in record["body"] and "\x7f" not in record["body"]
    assert record["fingerprint"] == fingerprint(record["title"], record["body"])
