"""Several machines crawl as one: the shared frontier (Redis) and the shared state (PostgreSQL).

Real ``scrapy crawl asianlite`` worker processes with FRONTIER_URL and
STATE_URL set, one run id (STATE_RUN_ID, which FRONTIER_RUN falls back to),
each in its own folder with its own STATE_DIR and output file, as on separate
machines.  A real redis-server and PostgreSQL (tests/redisserver.py,
tests/pgserver.py) on loopback ports; the replica is the site.  The truth is
the union of the workers' outputs: every story of the replica written exactly
once in total, nothing lost, also when a worker is killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.crawling import ENV, crawl_command, expected_stories, scrapy, stories
from tests.pgserver import PostgresServer
from tests.redisserver import RedisServer
from tests.replica import Replica
from tests.test_exactly_once import jsonl_records
from tests.workers import Worker, start_workers, stop_workers, wait_workers

pytestmark = pytest.mark.e2e

FULL_ARTICLES = int(os.environ.get("CLUSTER_E2E_ARTICLES", "2000"))
KILL_ARTICLES = int(os.environ.get("CLUSTER_E2E_KILL_ARTICLES", "400"))
# Quick death detection for the tests (production default: 30 s).
FAST_FRONTIER = ("-s", "FRONTIER_WORKER_TIMEOUT=3", "-s", "FRONTIER_IDLE_GRACE=2")


def run_workers(
    rep: Replica,
    folder: Path,
    redis: RedisServer,
    state_url: str,
    *,
    count: int = 3,
    timeout: float = 300,
) -> list[Worker]:
    """``count`` workers of one new run, to their end; logs and outputs under ``folder``."""
    workers = start_workers(rep.base_url, count, folder, redis.url, "", *shared(state_url))
    try:
        wait_workers(workers, timeout)
    finally:
        stop_workers(workers)
    return workers


def shared(state_url: str, run_id: str = "") -> tuple[str, ...]:
    """The settings every worker of one run gets: shared state, one run id, quick reaping."""
    run_id = run_id or uuid.uuid4().hex
    return ("-s", f"STATE_URL={state_url}", "-s", f"STATE_RUN_ID={run_id}", *FAST_FRONTIER)


def combined_report(folder: Path) -> dict[str, Any]:
    """The one combined run report the workers under ``folder`` wrote."""
    found = list(folder.glob("state*/reports/*-run.json"))
    assert len(found) == 1, found
    report: dict[str, Any] = json.loads(found[0].read_text())
    return report


def assert_exited(workers: list[Worker]) -> None:
    for worker in workers:
        assert worker.proc.returncode == 0, worker.log()[-3000:]
        assert "Traceback" not in worker.log(), worker.log()[-3000:]


def written_once(records: list[dict[str, object]], rep: Replica, expected: set[str]) -> None:
    """Every story of ``expected`` exactly once in ``records``, and nothing else."""
    written = stories(records, rep)
    twice = sorted(url for url, n in written.items() if n > 1)
    assert twice == [], twice[:5]
    assert set(written) == expected, (
        sorted(expected - set(written))[:5],
        sorted(set(written) - expected)[:5],
    )


def test_three_workers_write_every_article_once_in_total_then_only_the_new_ones(
    redis_server: RedisServer, postgres: PostgresServer, tmp_path: Path
) -> None:
    state_url = postgres.database()
    with Replica(articles=FULL_ARTICLES, seed=7) as rep:
        first = run_workers(rep, tmp_path / "run1", redis_server, state_url)
        assert_exited(first)
        records = jsonl_records(tmp_path / "run1")
        written_once(records, rep, expected_stories(rep))
        # Each worker wrote a real share: the work was split, not done by one.
        shares = [len(w.output.read_text().splitlines()) for w in first]
        assert min(shares) > 0.1 * len(records) / 3, shares
        # One report for the run, by its last worker, from all three workers' figures.
        run = combined_report(tmp_path / "run1")
        assert len(run["run"]["workers"]) == 3 and run["run"]["lost"] == []
        assert run["articles"]["new"] == len(records)
        assert run["pages_fetched"] == sum(w.stat("downloader/response_count") or 0 for w in first)
        assert run["monitors"]["failed"] == 0

        before = expected_stories(rep)
        rep.add_articles(20)
        new = expected_stories(rep) - before
        assert len(new) == 20
        second = run_workers(rep, tmp_path / "run2", redis_server, state_url)
        assert_exited(second)
        written_once(jsonl_records(tmp_path / "run2"), rep, new)


def test_a_worker_killed_mid_crawl_loses_and_duplicates_nothing(
    redis_server: RedisServer, postgres: PostgresServer, tmp_path: Path
) -> None:
    state_url = postgres.database()
    with Replica(articles=KILL_ARTICLES, seed=11) as rep:
        folder = tmp_path / "run1"
        workers = start_workers(rep.base_url, 3, folder, redis_server.url, "", *shared(state_url))
        victim = workers[1]
        try:
            # Killed by progress, not time: once it has written a share of its own.
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and victim.proc.poll() is None:
                if victim.output.exists() and victim.output.read_bytes().count(b"\n") >= 15:
                    break
                time.sleep(0.01)
            assert victim.proc.poll() is None, "the victim ended before it could be killed"
            victim.kill()
            wait_workers(workers, 240)
        finally:
            stop_workers(workers)
        assert victim.proc.returncode == -signal.SIGKILL
        assert_exited([w for w in workers if w is not victim])
        run = combined_report(folder)
        assert len(run["run"]["workers"]) == 2 and len(run["run"]["lost"]) == 1
        assert str(victim.pid) in run["run"]["lost"][0].split(".")

        # The run completed by the next run on this host: it recovers the victim's
        # file, releases what it had claimed but never wrote, and crawls that.
        after = run_workers(rep, tmp_path / "run2", redis_server, state_url)
        assert_exited(after)
        assert any("Recovered" in w.log() for w in after), [w.log()[-2000:] for w in after]
        written_once(jsonl_records(tmp_path), rep, expected_stories(rep))

        # And a later run has nothing left to write.
        again = run_workers(rep, tmp_path / "run3", redis_server, state_url, count=2)
        assert_exited(again)
        assert jsonl_records(tmp_path / "run3") == []


def test_workers_started_together_in_one_folder_write_their_own_default_feed(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    # No -o: each worker writes OUTPUT_DEFAULT_FEED (data/<spider>/<time>.jsonl) in
    # the same working folder, started in the same second (as on one host, or a
    # shared NFS folder); with a shared state each gets its own file.
    state_url = postgres.database()
    with Replica(articles=60, seed=3) as rep:
        procs = [
            subprocess.Popen(
                crawl_command(
                    rep.base_url,
                    tmp_path / f"state{n}",
                    *shared(state_url, "one"),
                    *("-s", f"REPORT_DIR={tmp_path / 'reports'}"),
                ),
                cwd=tmp_path,
                env=ENV,
                stdout=subprocess.DEVNULL,
                stderr=(tmp_path / f"w{n}.log").open("wb"),
            )
            for n in range(2)
        ]
        codes = [proc.wait(timeout=240) for proc in procs]
        assert codes == [0, 0], [(tmp_path / f"w{n}.log").read_text()[-2000:] for n in range(2)]
        files = sorted((tmp_path / "data" / "asianlite").glob("*.jsonl"))
        host = re.sub(r"[^A-Za-z0-9.-]+", "_", socket.gethostname())
        # A worker that won no claim writes no file; each one that wrote has its own.
        wrote = [
            str(proc.pid)
            for n, proc in enumerate(procs)
            if re.search(r"'item_scraped_count': [1-9]", (tmp_path / f"w{n}.log").read_text())
        ]
        assert wrote, "no worker wrote anything"
        assert sorted(f.name.rsplit(".", 2)[1] for f in files) == sorted(wrote)
        assert all(f".{host}." in f.name for f in files)
        written_once(jsonl_records(tmp_path / "data"), rep, expected_stories(rep))
    # Three reports in the shared folder (two workers', the run's); `scrapy runs`: one row.
    assert len(list((tmp_path / "reports").glob("*.json"))) == 3
    table = scrapy("runs", "--dir", str(tmp_path / "reports")).stdout.splitlines()
    assert len(table) == 2 and "asianlite (2 workers)" in table[1], table
