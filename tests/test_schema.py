"""The output contract as a JSON Schema: shipped, matching the README, checked on each record."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.extensions.monitors import check_report
from crawler.extensions.report import build_report
from crawler.items import Article
from crawler.pipelines.schema import InvalidRecord, SchemaValidationPipeline
from crawler.schema import article_schema, article_validator
from tests.crawling import REPO, crawl, read_jsonl
from tests.replica import Replica

README_TYPES = {
    "string": {"type": "string"},
    "string or null": {"type": ["string", "null"]},
    "list of strings": {"type": "array", "items": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
}


def readme_fields() -> dict[str, str]:
    """field -> type, from the README's "Output fields (the contract)" table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Output fields (the contract)", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", section, flags=re.MULTILINE)
    assert rows, "no field table in the README's output contract section"
    return dict(rows)


def schema_type(spec: dict[str, Any]) -> dict[str, Any]:
    kind = spec["type"]
    if kind == "array":
        return {"type": "array", "items": spec["items"]["type"]}
    return {"type": kind}


def valid_record(**changes: Any) -> dict[str, Any]:
    record = {
        "url": "https://asianlite.com/2024/top-news/a-story/?utm_source=x",
        "canonical_url": "https://asianlite.com/2024/top-news/a-story",
        "title": "A story",
        "summary": None,
        "body": "Words and more words.\n\nA second paragraph.",
        "authors": ["A. Writer"],
        "published": "2024-05-01T10:00:00+00:00",
        "modified": "2024-05-01T10:30:00+01:00",
        "section": "Top News",
        "categories": ["Top News"],
        "tags": [],
        "image": "https://asianlite.com/wp-content/uploads/2024/05/a.jpg",
        "language": "en",
        "site_name": "Asian Lite",
        "word_count": 7,
        "fetched_at": "2024-05-02T00:00:00+00:00",
        "fingerprint": "0" * 40,
        "is_update": False,
    }
    return {**record, **changes}


def test_readme_table_and_schema_list_the_same_fields_and_types() -> None:
    documented = readme_fields()
    schema = article_schema()
    assert list(documented) == list(schema["properties"]) == schema["required"]
    for field, text in documented.items():
        assert text in README_TYPES, f"README type of {field} is not one the test knows: {text!r}"
        assert schema_type(schema["properties"][field]) == README_TYPES[text], field
    # The record itself and the feed columns are the same contract.
    assert [f.name for f in dataclasses.fields(Article)] == list(documented)
    assert list(documented) == project_settings.FEED_EXPORT_FIELDS
    assert schema["additionalProperties"] is False


def test_schema_checks_types_and_formats() -> None:
    validator = article_validator()
    assert not list(validator.iter_errors(valid_record()))
    bad = {
        "published": "yesterday",  # not a date-time
        "canonical_url": "asianlite.com/a-story",  # not an absolute http(s) URL
        "word_count": "7",
        "fingerprint": "abc",
        "language": "English",
        "authors": "A. Writer",
    }
    for field, value in bad.items():
        errors = list(validator.iter_errors(valid_record(**{field: value})))
        assert {e.absolute_path[0] for e in errors} == {field}, field
    missing = valid_record()
    del missing["is_update"]
    assert [e.validator for e in validator.iter_errors(missing)] == ["required"]


def pipeline(**settings: Any) -> tuple[SchemaValidationPipeline, Any]:
    crawler = get_crawler(settings_dict=settings)
    return SchemaValidationPipeline.from_crawler(crawler), crawler.stats


def test_invalid_records_are_counted_per_field_written_and_fail_the_monitors() -> None:
    validate, stats = pipeline()
    good = Article(**valid_record())
    bad = Article(**valid_record(published="yesterday", image="not a url"))
    worse = Article(**valid_record(published="last week"))
    for item in (good, bad, worse):
        assert validate.process_item(item) is item  # written all the same
    assert stats.get_value("schema/invalid_records") == 2
    assert stats.get_value("schema/invalid/published") == 2
    assert stats.get_value("schema/invalid/image") == 1
    report = build_report({**stats.get_stats(), "item_scraped_count": 3}, "s")
    assert report["invalid_records"] == {"count": 2, "fields": {"image": 1, "published": 2}}
    failures = check_report(
        report,
        last_new=None,
        now=datetime.now(UTC),
        max_silence=None,
        min_coverage={},
        max_error_rate=None,
    )
    assert "2 records did not match the output schema (image: 1, published: 2)" in failures


def test_invalid_records_can_be_dropped_instead() -> None:
    validate, stats = pipeline(SCHEMA_DROP_INVALID=True)
    with pytest.raises(InvalidRecord, match="published"):
        validate.process_item(Article(**valid_record(published="yesterday")))
    assert stats.get_value("schema/invalid/published") == 1


def test_schema_validation_can_be_turned_off() -> None:
    with pytest.raises(NotConfigured, match="SCHEMA_ENABLED is off"):
        pipeline(SCHEMA_ENABLED=False)


class BreakDates:
    """An upstream bug, injected into a real crawl: every published date is unreadable."""

    def process_item(self, item: Any, spider: Any = None) -> Any:
        ItemAdapter(item)["published"] = "8 December 2023"
        return item


def pipelines_with_fault() -> str:
    return json.dumps({**project_settings.ITEM_PIPELINES, "tests.test_schema.BreakDates": 920})


@pytest.mark.e2e
def test_every_record_of_a_real_crawl_matches_the_schema(
    small_replica: tuple[Replica, str], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = crawl(small_replica[1], tmp_path / "state", out, "-a", "categories=top-news")
    assert result.returncode == 0, result.stderr[-3000:]
    records = read_jsonl(out)
    assert records
    validator = article_validator()
    for record in records:
        assert not [e.message for e in validator.iter_errors(record)], record["url"]
    report = json.loads(next((tmp_path / "state" / "reports").glob("*.json")).read_text())
    assert report["invalid_records"] == {"count": 0, "fields": {}}


@pytest.mark.e2e
def test_a_crawl_writing_invalid_records_fails_its_monitors(
    small_replica: tuple[Replica, str], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = crawl(
        small_replica[1],
        tmp_path / "state",
        out,
        *("-a", "categories=top-news", "-a", "max_pages=1"),
        *("-s", f"ITEM_PIPELINES={pipelines_with_fault()}"),
    )
    assert result.returncode == 1, result.stderr[-3000:]
    written = read_jsonl(out)
    assert len(written) == 10  # kept: the articles are not lost, the run is failed
    expected = "Monitor failed: 10 records did not match the output schema (published: 10)"
    assert expected in result.stderr
    assert result.stderr.count("Record does not match the output schema: published") == 5
    report = json.loads(next((tmp_path / "state" / "reports").glob("*.json")).read_text())
    assert report["invalid_records"] == {"count": 10, "fields": {"published": 10}}
