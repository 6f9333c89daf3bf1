"""Run history: complete run reports, `scrapy runs` as a table, and its HTML page in Chromium.

A module fixture makes a real history on one state: a first crawl, a quiet
second one, one that meets a missing category (404) and one against a dead
server.  The page is opened by Debian's headless Chromium (tools/chromium/install.sh),
which dumps the DOM it rendered and takes a screenshot into tmp_path.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from crawler.monitors.history import NEW, URLS_FAILED
from crawler.settings import PLAYWRIGHT_EXECUTABLE
from tests.crawling import ENV, crawl, read_jsonl
from tests.replica import Replica
from tests.test_crawl_failures import free_port

CHROMIUM = PLAYWRIGHT_EXECUTABLE  # Debian's /usr/bin/chromium
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
TWO = ("-a", "categories=top-news,uk-news")


def reports(state: Path) -> list[dict[str, Any]]:
    """The state's run reports, oldest first."""
    found = [json.loads(p.read_text(encoding="utf-8")) for p in (state / "reports").glob("*.json")]
    return sorted(found, key=lambda r: str(r["started"]))


@pytest.fixture(scope="module")
def history(
    small_replica: tuple[Replica, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[dict[str, Any]], Path]:
    """(state, its reports oldest first, the first run's output file)."""
    base = tmp_path_factory.mktemp("history")
    state, first_out = base / "state", base / "first.jsonl"
    runs = [
        crawl(small_replica[1], state, first_out, *TWO),
        crawl(small_replica[1], state, base / "second.jsonl", *TWO),
        crawl(
            small_replica[1],
            state,
            base / "third.jsonl",
            *("-a", "categories=world-news,no-such-category", "-s", "CONDITIONAL_ENABLED=False"),
        ),
        crawl(f"http://127.0.0.1:{free_port()}", state, base / "fourth.jsonl", *TWO),
    ]
    assert [r.returncode for r in runs] == [0, 0, 0, 1], [r.stderr[-2000:] for r in runs]
    found = reports(state)
    assert len(found) == 4
    return state, found, first_out


def runs_command(state: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "runs", "-s", f"STATE_DIR={state}", *args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- report completeness -------------------------------------------------------------------


@pytest.mark.e2e
def test_report_names_its_output_files_with_their_record_counts(
    history: tuple[Path, list[dict[str, Any]], Path],
) -> None:
    _, found, first_out = history
    records = read_jsonl(first_out)
    assert records
    assert found[0]["outputs"] == [
        {"uri": str(first_out.resolve()), "format": "jsonl", "records": len(records)}
    ]
    assert found[0]["output_failed"] is None
    # Nothing new: -O still writes its (empty) file, and says so.
    second = first_out.with_name("second.jsonl")
    assert found[1]["outputs"] == [{"uri": str(second), "format": "jsonl", "records": 0}]
    assert second.read_text() == ""


@pytest.mark.e2e
def test_report_says_what_the_run_was_asked_to_do(
    small_replica: tuple[Replica, str], history: tuple[Path, list[dict[str, Any]], Path]
) -> None:
    state, found, _ = history
    first = found[0]
    assert first["arguments"]["given"] == {
        "base_url": small_replica[1],
        "categories": ["top-news", "uk-news"],
    }
    assert first["arguments"]["effective"]["render"] == "none"
    settings = first["settings"]
    assert settings["DOWNLOAD_DELAY"] == 0.0 and settings["AUTOTHROTTLE_ENABLED"] is False
    assert settings["STATE_DIR"] == str(state) and settings["ROBOTSTXT_OBEY"] is True
    assert settings["MONITOR_MIN_COVERAGE"] == {"body": 1.0, "published": 0.9}
    assert first["job"] is None and first["log_file"] is None


@pytest.mark.e2e
def test_report_carries_the_monitor_verdicts(
    history: tuple[Path, list[dict[str, Any]], Path],
) -> None:
    _, found, _ = history
    checks = found[0]["monitors"]["checks"]
    assert [c["monitor"] for c in checks] == [
        "run/the output was saved",
        "run/records match the output schema",
        "run/new articles keep coming",
        "run/articles have their fields",
        "run/pages were fetched",
        "run/the site's markup matches the profile",
        "run/other checks",
    ]
    assert {c["status"] for c in checks} == {"passed"}
    dead = found[3]["monitors"]
    assert dead["failed"] == 2
    fetch = next(c for c in dead["checks"] if c["monitor"] == "run/pages were fetched")
    assert fetch["status"] == "failed" and fetch["failures"] == dead["failures"]
    assert dead["failures"][0] == "no page was fetched (3 URLs attempted, all failed)"


@pytest.mark.e2e
def test_failed_urls_carry_their_http_status(
    small_replica: tuple[Replica, str], history: tuple[Path, list[dict[str, Any]], Path]
) -> None:
    _, found, _ = history
    missing = found[2]["failed_urls"]
    assert missing == [
        {
            "url": f"{small_replica[1]}/category/no-such-category/",
            "kind": "listing",
            "error": "Ignoring non-200 response",
            "status": 404,
        }
    ]
    refused = found[3]["failed_urls"]
    assert len(refused) == 3 and {entry["status"] for entry in refused} == {None}


# -- scrapy runs -------------------------------------------------------------------------------


@pytest.mark.e2e
def test_scrapy_runs_prints_the_history_newest_first(
    history: tuple[Path, list[dict[str, Any]], Path], tmp_path: Path
) -> None:
    state, found, first_out = history
    result = runs_command(state, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.split(r"\s{2,}", lines[0]) == [
        "started (UTC)",
        "spider",
        "duration",
        "new",
        "updated",
        "dropped",
        "failed",
        "monitors",
    ]
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines[1:]]
    assert len(rows) == 4
    dead, missing, quiet, first = rows
    assert dead[-2:] == ["feed 1, listing 2", "FAILED 2"]  # the home page read for its feeds
    assert missing[-2:] == ["listing 1", "ok"]
    assert quiet[3:] == ["0", "0", "-", "-", "ok"]
    assert first[3] == str(len(read_jsonl(first_out))) and first[-1] == "ok"
    assert first[0] == found[0]["started"][:16].replace("T", " ")
    assert not list(tmp_path.iterdir())  # it only reads

    last = runs_command(state, "--last", "2", cwd=tmp_path)
    assert len(last.stdout.splitlines()) == 3
    other = runs_command(state, "--spider", "elsewhere", cwd=tmp_path)
    assert other.returncode == 0 and other.stdout.startswith("No run reports in ")


def chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={cwd / 'profile'}", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.e2e
def test_scrapy_runs_html_renders_charts_in_chromium(
    history: tuple[Path, list[dict[str, Any]], Path], tmp_path: Path
) -> None:
    state, found, _ = history
    page = tmp_path / "runs.html"
    result = runs_command(state, "--html", str(page), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {page} (4 runs)"
    source = page.read_text(encoding="utf-8")
    # Self-contained: nothing to fetch (no scripts, stylesheets, images or fonts from anywhere).
    assert not re.search(r"<script[^>]*src|<link|<img|@import|url\(", source)

    dom = chromium("--dump-dom", page.as_uri(), cwd=tmp_path).stdout
    assert dom.count('<svg class="chart"') == 3
    assert dom.count('class="bar"') >= 2 + 2  # articles of the first runs, failures of two
    assert dom.count('class="point"') == 4  # one duration point per run
    assert dom.count('class="failed-run"') == 3  # the dead-server run, under each chart
    assert "Latest run" in dom and "no page was fetched (3 URLs attempted, all failed)" in dom
    assert found[2]["failed_urls"][0]["url"] not in dom  # details are the latest run's

    shot = tmp_path / "runs.png"
    chromium("--window-size=1200,900", f"--screenshot={shot}", page.as_uri(), cwd=tmp_path)
    with Image.open(shot) as image:
        assert image.size == (1200, 900)
        pixels = image.convert("RGB").get_flattened_data()
        colors = {NEW: 0, URLS_FAILED: 0}
        wanted = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)): c for c in colors}
        for pixel in pixels:
            if pixel in wanted:
                colors[wanted[pixel]] += 1
    # The bars are painted: hundreds of pixels of each series' colour, not just a legend swatch.
    assert colors[NEW] > 500 and colors[URLS_FAILED] > 500, colors


def test_scrapy_runs_skips_what_is_not_a_report(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "asianlite-20260101T000000Z.json").write_text("{torn", encoding="utf-8")
    (folder / "notes.json").write_text('{"not": "a report"}', encoding="utf-8")
    report = {"spider": "asianlite", "started": "2026-01-02T03:04:05+00:00", "articles": {}}
    (folder / "asianlite-20260102T030410Z.json").write_text(json.dumps(report), encoding="utf-8")
    result = runs_command(tmp_path / "state", "--dir", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("runs: skipped ") == 2
    rows = result.stdout.splitlines()[1:]
    # An old or partial report: what it lacks is shown as nothing, not as an error.
    assert [re.split(r"\s{2,}", row.strip()) for row in rows] == [
        ["2026-01-02 03:04", "asianlite", "0.0s", "0", "0", "-", "-", "-"]
    ]
    empty = runs_command(tmp_path / "state", cwd=tmp_path)
    assert empty.stdout == f"No run reports in {tmp_path / 'state' / 'reports'}\n"
