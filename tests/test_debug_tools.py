"""Debugging tools users rely on: scrapy extract, shell helper, parse and check."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from crawler.debug import explain, show
from tests.crawling import scrapy
from tests.replica import Replica

SEED = Path(__file__).resolve().parent / "fixtures" / "sites" / "asianlite" / "seed.html.gz"
SEED_PATH = "/2023/top-news/iran-russia-deepen-ties-to-counter-us-sanctions"


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with Replica(articles=60, seed=7) as rep:
        yield rep


def test_extract_command_reads_saved_pages(tmp_path: Path) -> None:
    plain = tmp_path / "page.html"
    plain.write_bytes(gzip.decompress(SEED.read_bytes()))
    result = scrapy("extract", str(SEED), str(plain), "--explain")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["path"] for line in lines] == [str(SEED), str(plain)]
    for record in lines:
        assert record["title"] == "Iran, Russia Deepen Ties to Counter US Sanctions"
        assert record["body"].startswith("Iranian President Ebrahim Raisi")
        assert record["published"] == "2023-12-08T07:27:38+00:00"
        assert record["method"] == "container"  # profile found from the canonical link
        assert {"rule": "related", "text": record["removed"][-1]["text"]} in record["removed"]


def test_extract_command_reports_bad_input_and_goes_on(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"not gzip at all")
    result = scrapy("extract", str(tmp_path / "missing.html"), str(broken), str(SEED))
    assert result.returncode == 1
    assert "missing.html: [Errno 2] No such file" in result.stderr
    assert "broken.html.gz: not a gzip file" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1  # the good page is still extracted


def test_extract_command_fetches_a_url(replica: Replica) -> None:
    result = scrapy("extract", replica.base_url + SEED_PATH, "--site", "asianlite")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["body"].endswith("according to Iran’s official news agency IRNA.")


def test_shell_helper_explains_removed_blocks() -> None:
    url = "https://asianlite.com" + SEED_PATH
    response = HtmlResponse(url, body=gzip.decompress(SEED.read_bytes()), encoding="utf-8")
    report = explain(response)
    assert report["profile"] == "asianlite"
    assert ("related", "ALSO READ-Sheikh Mohamed, Putin Call For Gaza Truce, Civilian Safety") in [
        (r["rule"], r["text"]) for r in report["removed"]
    ]
    out = StringIO()
    show(response, out=out)
    assert "[related] ALSO READ-Sheikh Mohamed" in out.getvalue()
    assert 'title: "Iran, Russia Deepen Ties to Counter US Sanctions"' in out.getvalue()


def test_shell_helper_works_inside_scrapy_shell(replica: Replica, tmp_path: Path) -> None:
    code = "__import__('crawler.debug').debug.explain(response, 'asianlite')['method']"
    state = tmp_path / "state"
    result = scrapy(
        "shell", replica.base_url + SEED_PATH, "-c", code, "--nolog", "-s", f"STATE_DIR={state}"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "container"
    assert not state.exists()


def test_parse_command_runs_the_article_callback(replica: Replica, tmp_path: Path) -> None:
    state = tmp_path / "state"
    result = scrapy(
        "parse",
        "--spider",
        "asianlite",
        "-c",
        "parse_article",
        "--pipelines",
        "-a",
        f"base_url={replica.base_url}",
        "-s",
        f"STATE_DIR={state}",
        replica.base_url + SEED_PATH,
    )
    assert result.returncode == 0, result.stderr
    assert "Iranian President Ebrahim Raisi has stressed" in result.stdout
    assert "ALSO READ" not in result.stdout
    # A throwaway state: the next crawl does not skip the page; no report either.
    assert not state.exists()


def test_contracts_pass_against_the_replica(replica: Replica, tmp_path: Path) -> None:
    state = tmp_path / "state"
    result = scrapy(
        "check",
        "asianlite",
        "-s",
        f"NEWS_BASE_URL={replica.base_url}",
        "-s",
        f"STATE_DIR={state}",
    )
    assert result.returncode == 0, result.stderr
    assert not state.exists()  # no state, no zero-page report
    assert "Ran 3 contracts" in result.stderr
    assert "OK" in result.stderr
