"""Real `scrapy crawl` workers sharing one PostgreSQL state (STATE_URL), one killed with -9.

Two workers of one run crawl the whole replica at once, each with its own
folder (as on two machines; each finds every article, so only the shared
claims keep them from writing both).  One is killed with SIGKILL mid-crawl;
the other finishes; the next run on the same host recovers the dead
worker's file and crawls what it had claimed but never saved.  Across all
the files every story is written exactly once.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.crawling import ENV, crawl, crawl_command
from tests.pgserver import PostgresServer
from tests.replica import Replica
from tests.test_exactly_once import count_lines, exactly_once, jsonl_records


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with Replica(articles=300, seed=23) as rep:
        yield rep


def worker(
    replica: Replica, url: str, folder: Path, run_id: str, log: Path
) -> subprocess.Popen[bytes]:
    """One worker: its own working folder and STATE_DIR, the shared state server."""
    folder.mkdir(parents=True, exist_ok=True)
    command = crawl_command(
        replica.base_url,
        folder / "state",
        *("-s", f"STATE_URL={url}", "-s", f"STATE_RUN_ID={run_id}"),
    )
    with log.open("w") as stderr:
        return subprocess.Popen(
            command, cwd=folder, env=ENV, stdout=subprocess.DEVNULL, stderr=stderr
        )


@pytest.mark.e2e
def test_two_workers_one_killed_then_the_next_run_write_every_story_once(
    replica: Replica, postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.database()
    doomed = worker(replica, url, tmp_path / "w1", "run-1", tmp_path / "w1.log")
    other = worker(replica, url, tmp_path / "w2", "run-1", tmp_path / "w2.log")
    written = count_lines(tmp_path / "w1")
    deadline = time.monotonic() + 180
    while written() < 40 and doomed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert doomed.poll() is None, "the worker ended before it could be killed"
    doomed.send_signal(signal.SIGKILL)
    assert doomed.wait(timeout=60) == -signal.SIGKILL
    assert other.wait(timeout=300) == 0, (tmp_path / "w2.log").read_text()[-3000:]
    survivors = jsonl_records(tmp_path / "w2")
    assert survivors, "the second worker wrote its share"

    # The next run on this host: recovers w1's file, crawls what w1 claimed but never saved.
    final = worker(replica, url, tmp_path / "w3", "run-2", tmp_path / "w3.log")
    assert final.wait(timeout=300) == 0, (tmp_path / "w3.log").read_text()[-3000:]
    log = (tmp_path / "w3.log").read_text()
    assert "Recovered" in log
    assert "Traceback" not in log
    records = jsonl_records(tmp_path)
    exactly_once(records, replica)

    again = worker(replica, url, tmp_path / "w4", "run-3", tmp_path / "w4.log")
    assert again.wait(timeout=300) == 0
    assert len(jsonl_records(tmp_path)) == len(records)  # nothing written twice later


def registered(url: str, timeout: float) -> None:
    """Wait until a worker has registered in the shared state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(psycopg.Error), psycopg.connect(url) as db:
            if db.execute("SELECT count(*) FROM newscrawler.workers").fetchone() != (0,):
                return
        time.sleep(0.1)
    raise AssertionError("no worker registered")


@pytest.mark.e2e
def test_a_second_separate_run_on_the_shared_state_is_refused(
    replica: Replica, postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.database()
    slow = subprocess.Popen(
        [
            *crawl_command(replica.base_url, tmp_path / "a" / "state"),
            *("-s", f"STATE_URL={url}", "-s", "DOWNLOAD_DELAY=30"),
        ],
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        registered(url, timeout=60)
        second = crawl(
            replica.base_url,
            tmp_path / "b" / "state",
            tmp_path / "b.jsonl",
            *("-s", f"STATE_URL={url}"),
            timeout=120,
        )
    finally:
        slow.kill()
        slow.wait(timeout=60)
    assert second.returncode == 2, second.stderr[-2000:]
    assert f"pid {slow.pid}" in second.stderr and "another run of asianlite" in second.stderr
    assert "Traceback" not in second.stderr


@pytest.mark.e2e
def test_an_unreachable_state_server_is_refused_before_the_crawl(
    replica: Replica, tmp_path: Path
) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    replica.requests.clear()
    result = crawl(
        replica.base_url,
        tmp_path / "state",
        tmp_path / "out.jsonl",
        *("-s", f"STATE_URL=postgresql://crawler:secret@127.0.0.1:{port}/news"),
        timeout=120,
    )
    assert result.returncode == 2
    assert f"state server postgresql://***@127.0.0.1:{port}/news cannot be reached" in (
        result.stderr
    )
    assert "secret" not in result.stderr and "Traceback" not in result.stderr
    assert not replica.requests.count(lambda r: "/20" in r.path)  # no article fetched
