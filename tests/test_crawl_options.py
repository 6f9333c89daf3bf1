"""What a user controls on the command line: since, export formats, default output."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from crawler.urls import canonicalize
from tests.crawling import FAST, REPO, crawl, expected_stories, read_jsonl, stories
from tests.replica import Replica


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with Replica(articles=120, seed=9) as rep:
        yield rep


def test_since_stops_at_older_listings(replica: Replica, tmp_path: Path) -> None:
    dates = sorted(datetime.fromisoformat(a.published) for a in replica.unique_articles())
    since = dates[len(dates) * 3 // 4]  # the newest quarter
    result = crawl(
        replica.base_url,
        tmp_path / "state",
        tmp_path / "out.jsonl",
        "-a",
        f"since={since.isoformat()}",
    )
    assert result.returncode == 0, result.stderr[-3000:]
    records = read_jsonl(tmp_path / "out.jsonl")
    assert all(datetime.fromisoformat(r["published"]) >= since for r in records)
    newer = {
        canonicalize(a.canonical_url)
        for a in replica.unique_articles()
        if datetime.fromisoformat(a.published) >= since
    }
    assert set(stories(records, replica)) == newer
    assert "'listing/stopped/since'" in result.stderr  # pagination stopped early


@pytest.mark.parametrize("fmt", ["csv", "xml"])
def test_other_export_formats(replica: Replica, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = crawl(replica.base_url, tmp_path / "state", out, "-a", "categories=top-news")
    assert result.returncode == 0, result.stderr[-3000:]
    if fmt == "csv":
        with out.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows
        assert list(rows[0])[:3] == ["url", "canonical_url", "title"]
        bodies = [row["body"] for row in rows]
    else:
        items = ET.parse(out).getroot().findall("item")
        assert items
        bodies = [item.findtext("body") or "" for item in items]
    assert all(body.strip() and "ALSO READ" not in body for body in bodies)


def test_default_output_is_a_dated_file_under_data(replica: Replica, tmp_path: Path) -> None:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "asianlite",
            "-a",
            f"base_url={replica.base_url}",
            "-a",
            "categories=top-news",
            *FAST,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    files = list((tmp_path / "data" / "asianlite").glob("*.jsonl"))
    assert len(files) == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d.*", files[0].stem)  # %(time)s
    names = {replica.categories["top-news"]}
    assert set(stories(read_jsonl(files[0]), replica)) == expected_stories(replica, names)
    assert (tmp_path / ".state" / "state.sqlite3").exists()  # STATE_DIR default
