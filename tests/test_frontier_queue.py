"""The Redis frontier's queue, runs and limiter against a real redis-server.

What the workers of a crawl rely on: a taken request is not lost when its
worker dies, a finished one is never fetched again, a new run starts clean
without touching a run in progress, requests keep their callbacks and meta
through Redis, and dedup uses the project's request fingerprinter.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from crawler.frontier import FrontierConfig, FrontierConfigError, check
from crawler.frontier.dupefilter import FrontierDupeFilter
from crawler.frontier.queue import ReliableQueue
from crawler.frontier.run import FrontierRun
from crawler.spiders.asianlite import AsianliteSpider
from tests.crawling import ENV
from tests.redisserver import RedisServer, free_port

_prefixes = itertools.count()


@pytest.fixture
def prefix() -> str:
    """A key prefix of its own for each test: tests share one server."""
    return f"t{next(_prefixes)}"


def worker(server: RedisServer, prefix: str, name: str, timeout: float = 30.0) -> FrontierRun:
    return FrontierRun(server.client(), prefix, "asianlite", "", name, worker_timeout=timeout)


def spider() -> AsianliteSpider:
    return AsianliteSpider(base_url="http://127.0.0.1:1")


def test_a_fingerprint_is_seen_only_with_its_request_queued(
    redis_server: RedisServer, prefix: str
) -> None:
    # Marked seen and queued in one step: a worker killed between the two could
    # otherwise leave a link that every worker skips as seen and nobody crawls.
    a, b = worker(redis_server, prefix, "a"), worker(redis_server, prefix, "b")
    a.open("r1")
    b.open("r1")
    assert a.push(b"article", 0, "fp1") > 0
    assert b.push(b"article again", 0, "fp1") == 0  # another worker met the same link
    assert b.push(b"forced", 0, "") > 0  # dont_filter: no fingerprint, always queued
    client = redis_server.client()
    assert client.sismember(a.key("seen"), "fp1")
    assert [blob for _, blob in (b.take(), b.take())] == [b"article", b"forced"]  # type: ignore[misc]
    assert b.take() is None


def test_take_orders_by_priority_then_arrival_and_ack_forgets(
    redis_server: RedisServer, prefix: str
) -> None:
    a = worker(redis_server, prefix, "a")
    a.open("r1")
    for blob, priority in ((b"low1", 0), (b"high", 20), (b"low2", 0), (b"mid", 10)):
        a.push(blob, priority)
    taken = [a.take() for _ in range(4)]
    assert [blob for _, blob in taken] == [b"high", b"mid", b"low1", b"low2"]  # type: ignore[misc]
    assert a.take() is None
    assert a.queued() == 0
    assert a.taken() == 4
    ids = [request_id for request_id, _ in taken]  # type: ignore[misc]
    assert a.ack(ids[:3]) == 3
    assert a.taken() == 1
    # Acked requests are gone for good: data deleted, nothing to take again.
    assert redis_server.client().hlen(a.key("data")) == 1
    assert a.ack(ids[:3]) == 0


def test_dead_workers_requests_are_taken_by_others(redis_server: RedisServer, prefix: str) -> None:
    a = worker(redis_server, prefix, "a", timeout=1.0)
    b = worker(redis_server, prefix, "b", timeout=1.0)
    a.open("r1")
    b.open("r1")
    for n in range(3):
        a.push(f"page{n}".encode(), 0)
    held = [a.take(), a.take()]  # a takes two, then is killed (no more heartbeats)
    assert a.queued() == 1
    assert not b.quiescent()  # a holds requests: b must not think the run is over
    time.sleep(0.6)
    assert b.heartbeat().requeued == 0  # a's heartbeat is not yet too old
    time.sleep(0.6)
    beat = b.heartbeat()
    assert (beat.reaped, beat.requeued) == (1, 2)
    got = {b.take()[1] for _ in range(3)}  # type: ignore[index]
    assert got == {b"page0", b"page1", b"page2"}
    # a comes back late and acks what it had: the requests b now holds stay b's.
    assert a.ack([request_id for request_id, _ in held]) == 0  # type: ignore[misc]
    assert b.taken() == 3
    assert not a.heartbeat().registered  # a learns it was taken for dead


def test_leaving_worker_gives_back_what_it_holds(redis_server: RedisServer, prefix: str) -> None:
    a = worker(redis_server, prefix, "a")
    a.open("r1")
    a.push(b"x", 0)
    a.push(b"y", 0)
    a.take()
    a.leave()
    assert a.queued() == 2
    assert a.taken() == 0


def test_run_is_quiescent_only_when_nothing_queued_taken_or_seeding(
    redis_server: RedisServer, prefix: str
) -> None:
    a = worker(redis_server, prefix, "a")
    b = worker(redis_server, prefix, "b")
    assert a.open("r1").role == "seeder"
    assert b.open("r1").role == "joined"
    assert not b.quiescent()  # a's start requests are still coming
    a.push(b"x", 0)
    a.seeding_done()
    assert not b.quiescent()  # queued
    request_id, _ = b.take()  # type: ignore[misc]
    assert not a.quiescent()  # b holds it: its callback may queue more
    b.ack([request_id])
    assert a.quiescent()
    assert not a.done()
    a.mark_done()
    assert b.done()


def test_new_run_starts_clean_and_never_touches_a_live_run(
    redis_server: RedisServer, prefix: str
) -> None:
    # Automatic run ids: a second worker joins the live run.
    a = worker(redis_server, prefix, "a")
    b = worker(redis_server, prefix, "b")
    first = a.open()
    assert first.role == "seeder"
    assert b.open().run == first.run
    a.push(b"left-over", 0)
    a.server.sadd(a.key("seen"), "fp")
    # A separate run with its own id (another Scrapyd job) sees none of it ...
    c = worker(redis_server, prefix, "c")
    other = c.open("job-2")
    assert (other.role, other.previous) == ("seeder", "")  # first run is live: not taken over
    assert c.queued() == 0
    assert not c.server.sismember(c.key("seen"), "fp")
    # ... and leaves it whole.
    assert a.queued() == 1
    assert a.server.sismember(a.key("seen"), "fp")
    # Once the first run is done, the next automatic run is a new one, empty.
    a.mark_done()
    d = worker(redis_server, prefix, "d")
    c.mark_done()
    nxt = d.open()
    assert nxt.run not in (first.run, "job-2")
    assert (nxt.role, nxt.previous) == ("seeder", "")
    assert d.queued() == 0
    # A worker started late with a finished run's id crawls nothing.
    assert worker(redis_server, prefix, "e").open(first.run).role == "done"


def test_next_run_takes_over_an_interrupted_runs_requests(
    redis_server: RedisServer, prefix: str
) -> None:
    a = worker(redis_server, prefix, "a", timeout=1.0)
    b = worker(redis_server, prefix, "b", timeout=1.0)
    run = a.open().run
    b.open()
    for name in (b"q1", b"q2", b"t1"):
        a.push(name, 0)
    a.take()  # the highest-scored first: q1, taken by a when both workers are killed
    time.sleep(1.2)
    c = worker(redis_server, prefix, "c", timeout=1.0)
    opened = c.open()
    assert opened.run != run
    assert opened.previous == run
    assert sorted(c.take_over(run)) == [b"q1", b"q2", b"t1"]
    # Taken over once: the old run is closed and holds nothing any more.
    assert c.take_over(run) == []
    assert a.done()
    assert a.queued() == 0


def test_run_keys_expire(redis_server: RedisServer, prefix: str) -> None:
    a = FrontierRun(redis_server.client(), prefix, "asianlite", "", "a", ttl=120)
    a.open("r1")
    a.push(b"x", 0)
    a.push(b"y", 0)
    a.server.sadd(a.key("seen"), "fp")
    a.take()
    a.heartbeat()
    for name in ("queue", "data", "seen", "workers", "meta", "taken:a"):
        ttl = a.server.ttl(a.key(name))
        assert 0 < ttl <= 120, name


def test_requests_keep_callbacks_errbacks_and_conditional_meta(
    redis_server: RedisServer, prefix: str
) -> None:
    news = spider()
    run = worker(redis_server, prefix, "a")
    run.open("r1")
    queue = ReliableQueue(run, news)
    sent = news.listing_request("top-news", 1)
    assert sent.meta["conditional"] is True  # page 1 of a listing is fetched conditionally
    sent.meta["validators"] = {"etag": '"abc"'}
    queue.push(sent)
    assert len(queue) == 1
    taken = queue.take()
    assert taken is not None
    got = taken[1]
    assert got.url == sent.url
    assert got.callback == news.parse_listing
    assert got.errback == news.request_failed
    assert got.priority == sent.priority
    assert got.meta == sent.meta
    assert run.taken() == 1


def test_dupefilter_uses_the_projects_request_fingerprinter(
    redis_server: RedisServer, prefix: str
) -> None:
    # Splash requests for one URL with different render arguments are different
    # pages to the Splash fingerprinter; scrapy-redis's own fingerprint
    # (method, URL, body) would drop the second.
    crawler = get_crawler(
        settings_dict={"REQUEST_FINGERPRINTER_CLASS": "scrapy_splash.SplashRequestFingerprinter"}
    )
    client = redis_server.client()
    dupefilter = FrontierDupeFilter(client, f"{prefix}:seen", crawler.request_fingerprinter)
    url = "http://127.0.0.1:1/category/top-news/"
    wait_half = Request(url, meta={"splash": {"args": {"wait": 0.5}}})
    wait_two = Request(url, meta={"splash": {"args": {"wait": 2.0}}})
    assert not dupefilter.request_seen(wait_half)
    assert not dupefilter.request_seen(wait_two)
    assert dupefilter.request_seen(Request(url, meta={"splash": {"args": {"wait": 0.5}}}))
    # Another worker with its own filter object shares the run's fingerprints.
    other = FrontierDupeFilter(
        redis_server.client(), f"{prefix}:seen", crawler.request_fingerprinter
    )
    assert other.request_seen(wait_two)
    other.close("finished")  # a worker that finishes deletes nothing
    assert client.scard(f"{prefix}:seen") == 2


def test_shared_delay_spaces_one_sites_requests_across_workers(
    redis_server: RedisServer, prefix: str
) -> None:
    a = worker(redis_server, prefix, "a")
    b = worker(redis_server, prefix, "b")
    waits = [run.reserve("example.com", 0.2) for run in (a, b, a, b)]
    assert waits[0] == pytest.approx(0.0, abs=0.02)
    for n in range(1, 4):
        assert waits[n] == pytest.approx(0.2 * n, abs=0.03)
    assert a.reserve("other.example", 0.2) == pytest.approx(0.0, abs=0.02)


def test_bad_frontier_settings_get_one_line(redis_server: RedisServer, tmp_path: Path) -> None:
    with pytest.raises(FrontierConfigError, match="FRONTIER_URL must be a redis://"):
        FrontierConfig.from_settings(Settings({"FRONTIER_URL": "x"}))
    with pytest.raises(FrontierConfigError, match="FRONTIER_WORKER_TIMEOUT must be more"):
        FrontierConfig.from_settings(
            Settings({"FRONTIER_URL": "redis://h/0", "FRONTIER_WORKER_TIMEOUT": 1.0})
        )
    crawler = get_crawler(settings_dict={"FRONTIER_URL": "http://127.0.0.1:1/"})
    with pytest.raises(FrontierConfigError, match="FRONTIER_URL must be"):
        check(crawler.settings)
    closed = f"redis://:secret@127.0.0.1:{free_port()}/0"
    crawler = get_crawler(settings_dict={"FRONTIER_URL": closed})
    with pytest.raises(FrontierConfigError, match="cannot use Redis") as caught:
        check(crawler.settings)
    assert "secret" not in str(caught.value)
    check(get_crawler(settings_dict={"FRONTIER_URL": redis_server.url}).settings)
    # `scrapy crawl` says it in one line and exits non-zero, before fetching anything.
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "asianlite", "-s", f"FRONTIER_URL={closed}",
         "-s", f"STATE_DIR={tmp_path / 'state'}"],
        cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "cannot use Redis" in result.stderr
    assert "secret" not in result.stderr
