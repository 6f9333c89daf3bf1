"""Exactly once on Scrapyd: a job cancelled with cancel.json, then a complete one,
with Scrapyd's own ``items_dir`` feeds (which replace the project's FEEDS)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import stories
from tests.replica import Replica
from tests.scrapyd_server import PROJECT, ScrapydServer, start_scrapyd

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScrapydServer]:
    server = start_scrapyd(tmp_path_factory.mktemp("scrapyd-items"), extra={"items_dir": "items"})
    deployed = server.deploy()
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    yield server
    server.stop()


def item_files(home: Path) -> list[Path]:
    return sorted((home / "items" / PROJECT / "asianlite").glob("*.jl"))


def lines(home: Path) -> int:
    return sum(path.read_bytes().count(b"\n") for path in item_files(home))


def test_cancelled_job_is_completed_by_the_next_with_items_dir(scrapyd: ScrapydServer) -> None:
    with Replica(articles=200, seed=5) as rep:
        slow = {"DOWNLOAD_DELAY": "0.05", "AUTOTHROTTLE_ENABLED": "False"}
        first = scrapyd.schedule("asianlite", {"base_url": rep.base_url}, slow)
        deadline = time.monotonic() + 90
        while lines(scrapyd.home) < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
        status, _ = scrapyd.call("cancel.json", [("project", PROJECT), ("job", first)])
        assert status == 200
        scrapyd.wait_finished(first)
        assert "Spider closed (shutdown)" in scrapyd.job_log("asianlite", first)
        cancelled = lines(scrapyd.home)
        assert 15 <= cancelled < len(rep.unique_articles())

        fast = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}
        second = scrapyd.schedule("asianlite", {"base_url": rep.base_url}, fast)
        scrapyd.wait_finished(second)
        assert "Spider closed (finished)" in scrapyd.job_log("asianlite", second)
        records = [
            json.loads(line)
            for path in item_files(scrapyd.home)
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
        written = stories(records, rep)
        assert set(written) == {a.canonical_url for a in rep.unique_articles()}
        assert max(written.values()) == 1
        assert len(item_files(scrapyd.home)) == 2
        assert not (scrapyd.home / "data").exists()  # items_dir replaced the default feed
