"""Two Scrapyd nodes with one shared backend: `scrapy schedule` starts one run on both.

Two real Scrapyd servers on different loopback ports (tests/scrapyd_server.py),
each with the project egg deployed, each job process in its own Scrapyd home
(its own STATE_DIR and data/ folder, as on two machines); one redis-server and
one PostgreSQL.  A job with ``targets = [node1, node2]`` is dispatched once:
both nodes run it as workers of one run, and every story is written exactly
once across the two nodes' output files.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import expected_stories
from tests.pgserver import PostgresServer
from tests.redisserver import RedisServer
from tests.replica import Replica
from tests.scrapyd_server import ScrapydServer, clean_env, start_scrapyd, stories_written
from tests.test_schedule import scrapy_schedule, write

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[ScrapydServer]]:
    """Two Scrapyd nodes sharing one set of credentials, the egg deployed on each."""
    password = secrets.token_urlsafe(16)
    servers: list[ScrapydServer] = []
    try:
        for n in (1, 2):
            server = start_scrapyd(tmp_path_factory.mktemp(f"node{n}"), password=password)
            servers.append(server)
            deployed = server.deploy()
            assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_one_job_runs_on_both_nodes_and_writes_every_story_once(
    nodes: list[ScrapydServer],
    redis_server: RedisServer,
    postgres: PostgresServer,
    tmp_path: Path,
) -> None:
    state_url = postgres.database()
    env = clean_env(SCRAPYD_USERNAME=nodes[0].username, SCRAPYD_PASSWORD=nodes[0].password)
    with Replica(articles=400, seed=9) as rep:
        job = f"""
spider = "asianlite"
cron = "0 0 29 2 *"
targets = ["{nodes[0].url}", "{nodes[1].url}"]
args = {{ base_url = "{rep.base_url}" }}
[jobs.settings]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = false
FRONTIER_URL = "{redis_server.url}"
STATE_URL = "{state_url}"
FRONTIER_WORKER_TIMEOUT = 3
FRONTIER_IDLE_GRACE = 2
"""
        path = write(
            tmp_path / "s.toml", f'[[jobs]]\nname = "first"{job}\n[[jobs]]\nname = "second"{job}'
        )
        result = scrapy_schedule(
            "--once", "--job", "first", "--job", "second", "--file", str(path), env=env
        )
        assert result.returncode == 0, result.stderr[-3000:]
        started = re.search(r"job first .*: started: run (\w+) on 2 nodes: (.*)", result.stderr)
        assert started, result.stderr[-3000:]
        run = started[1]
        jobids = re.findall(r"job ([\w@.-]+)", started[2])
        assert len(jobids) == 2
        # The second job of the spider waits: a run is going on the nodes.
        assert re.search(r"job second .*: skipped: previous run still going", result.stderr)

        for node, jobid in zip(nodes, jobids, strict=True):
            node.wait_finished(jobid, timeout=240)
        logs = [node.job_log("asianlite", jobid) for node, jobid in zip(nodes, jobids, strict=True)]
        feeds = [sorted((node.home / "data" / "asianlite").glob("*.jsonl")) for node in nodes]
        counts = stories_written([f for found in feeds for f in found], rep)
        expected = expected_stories(rep)

    for log in logs:
        assert "Spider closed (finished)" in log, log[-3000:]
        assert f"'frontier/run': '{run}'" in log
        assert "Traceback" not in log
    # Both nodes worked the one run (a node's job starts a few seconds after the
    # other's here), and each story was written once in total.
    assert all(re.search(r"'frontier/taken': [1-9]", log) for log in logs)
    assert set(counts) == expected
    assert max(counts.values()) == 1
    # One report for the run, by whichever node finished last.
    assert sum("Run report of run " + run in log for log in logs) == 1
