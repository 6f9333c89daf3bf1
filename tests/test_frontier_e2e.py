"""Three real ``scrapy crawl asianlite`` workers with FRONTIER_URL crawl the replica as one.

A real redis-server (tests/redisserver.py) and the replica in this process; the
replica's request log is the truth of what was fetched, by whichever worker.
Each worker keeps its own SQLite state here (tests/workers.py), so a re-post
met by two workers may be written twice: these tests assert fetched pages and
unique stories; writing each story exactly once across workers is the shared
state's promise (FRONTIER_TEST_STATE_URL switches the workers to it).
"""

from __future__ import annotations

import os
import pickle
import signal
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.crawling import expected_stories, read_jsonl, stories
from tests.redisserver import RedisServer
from tests.replica import Replica
from tests.workers import Worker, start_workers, stop_workers, wait_workers

pytestmark = pytest.mark.e2e

# The 2,000 articles for the main test (about a minute here), fewer for the others.
FULL_ARTICLES = int(os.environ.get("FRONTIER_E2E_FULL_ARTICLES", "2000"))
ARTICLES = int(os.environ.get("FRONTIER_E2E_ARTICLES", "400"))
# Quick death detection for the tests (production default: 30 s).
FAST_FRONTIER = ["-s", "FRONTIER_WORKER_TIMEOUT=3", "-s", "FRONTIER_IDLE_GRACE=2"]


def page_fetches(rep: Replica, since: int = 0) -> Counter[str]:
    """How often each page (path and query) was fetched; robots.txt is fetched per worker."""
    records = list(rep.requests)[since:]
    return Counter(r.path for r in records if r.method == "GET" and r.path != "/robots.txt")


def article_paths(rep: Replica) -> set[str]:
    return {urlsplit(article.url).path for article in rep.articles}


def crawl_with_workers(
    rep: Replica, folder: Path, redis: RedisServer, count: int = 3, timeout: float = 240
) -> tuple[list[Worker], float]:
    """Run ``count`` workers to their end; also when the replica last served a page."""
    last = [time.monotonic(), 0]

    def watch() -> None:
        served = len(rep.requests)
        if served != last[1]:
            last[:] = [time.monotonic(), served]

    workers = start_workers(
        rep.base_url, count, folder, redis.url, uuid.uuid4().hex, *FAST_FRONTIER
    )
    try:
        wait_workers(workers, timeout, watch)
    finally:
        stop_workers(workers)
    return workers, last[0]


def test_three_workers_fetch_every_page_once_and_exit_together(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    with Replica(articles=FULL_ARTICLES, seed=1) as rep:
        workers, last_page_at = crawl_with_workers(rep, tmp_path, redis_server)
        fetched = page_fetches(rep)
        articles = article_paths(rep)
        records = [r for w in workers for r in read_jsonl(w.output)]
        written = stories(records, rep)
        expected = expected_stories(rep)

    for worker in workers:
        assert worker.proc.returncode == 0, worker.log()[-3000:]
    # Every page once in total: the queue and the dedup are shared.
    assert {path: n for path, n in fetched.items() if n > 1} == {}
    assert articles - set(fetched) == set()
    # Every story written (at least once: re-posts may be met by two workers).
    assert expected - set(written) == set()
    # Nobody left while the others still crawled, and everybody worked.
    for worker in workers:
        assert worker.ended_at is not None
        assert worker.ended_at >= last_page_at, f"worker {worker.index} exited early"
        share = worker.stat("frontier/taken") or 0
        assert share >= 0.1 * len(fetched) / 3, (worker.index, share, len(fetched))
    roles = Counter(str(_stat_text(w, "frontier/role")) for w in workers)
    assert roles == {"seeder": 1, "joined": 2}


def test_requests_of_a_killed_worker_are_crawled_by_the_others(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    client = redis_server.client()
    with Replica(articles=ARTICLES, seed=1) as rep:
        run = uuid.uuid4().hex
        workers = start_workers(rep.base_url, 3, tmp_path, redis_server.url, run, *FAST_FRONTIER)
        victim = workers[1]
        held: list[str] = []
        killed_at = 0
        try:
            deadline = time.monotonic() + 120
            # Kill the victim mid-crawl, while it holds requests it took.
            while time.monotonic() < deadline:
                keys = client.keys(f"newscrawler:asianlite:{run}:taken:*:{victim.pid}:*")
                if len(article_paths(rep) & set(page_fetches(rep))) > ARTICLES // 4 and keys:
                    # Frozen first, so that what it holds is read before it can ack more.
                    os.kill(victim.pid, signal.SIGSTOP)
                    ids = list(client.hkeys(keys[0]))
                    if not ids:
                        os.kill(victim.pid, signal.SIGCONT)
                        continue
                    blobs = client.hmget(f"newscrawler:asianlite:{run}:data", ids)
                    victim.kill()
                    killed_at = len(rep.requests)
                    held = [pickle.loads(b)["url"] for b in blobs if b]
                    break
                time.sleep(0.05)
            assert held, "the victim never held a request mid-crawl"
            wait_workers(workers, 240)
        finally:
            stop_workers(workers)
        fetched_after = page_fetches(rep, since=killed_at)
        fetched = page_fetches(rep)
        articles = article_paths(rep)

    assert victim.proc.returncode == -9
    survivors = [worker for worker in workers if worker is not victim]
    for worker in survivors:
        assert worker.proc.returncode == 0, worker.log()[-3000:]
    requeued = sum(worker.stat("frontier/requeued") or 0 for worker in survivors)
    assert requeued >= len(held)
    # What the victim held was fetched again by the survivors, and nothing was lost.
    missed = [url for url in held if _target(url) not in fetched_after]
    assert missed == []
    assert articles - set(fetched) == set()


def test_next_run_starts_clean_of_the_last_runs_queue_and_fingerprints(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    # No run id given: each `scrapy crawl` is a new run once the last one is done.
    # Were the last run's fingerprints kept (scrapy-redis's SCHEDULER_PERSIST=True),
    # the second run would drop its listing pages as duplicates and fetch nothing.
    with Replica(articles=60, seed=1) as rep:
        first = start_workers(rep.base_url, 1, tmp_path / "a", redis_server.url, "", *FAST_FRONTIER)
        wait_workers(first, 120)
        rep.add_articles(20)
        before = len(rep.requests)
        second = start_workers(rep.base_url, 1, tmp_path / "b", redis_server.url, "")
        wait_workers(second, 120)
        new = {urlsplit(a.url).path for a in rep.articles[-20:]}
        fetched = page_fetches(rep, since=before)
    assert first[0].proc.returncode == second[0].proc.returncode == 0
    assert _stat_text(first[0], "frontier/run") != _stat_text(second[0], "frontier/run")
    assert _stat_text(second[0], "frontier/role") == "seeder"
    assert new - set(fetched) == set()
    assert "/category/top-news/" in fetched


def _target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _stat_text(worker: Worker, name: str) -> str | None:
    import re  # noqa: PLC0415

    match = re.search(rf"'{re.escape(name)}': '([^']*)'", worker.log())
    return match[1] if match else None
