"""A shared state (PostgreSQL): workers of one run claim atomically and survive kill -9.

Real PostgreSQL (tests/pgserver.py), real worker processes killed with
SIGKILL; nothing of the store is mocked.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest

from crawler.output.recovery import recover_dead_runs
from crawler.runlock import RunLocked
from crawler.store import Resource, StateError
from crawler.store_postgres import PostgresStore, check_run
from tests.pgserver import PostgresServer


@pytest.fixture
def url(postgres: PostgresServer) -> str:
    return postgres.database()


def worker(
    url: str, folder: Path, run_id: str = "run", host: str = "h1", **options: float
) -> PostgresStore:
    """A worker starting as crawler.state starts one: open, then recover dead runs."""
    store = PostgresStore(url, folder, run_id, "spider", host=host, **options)
    recover_dead_runs(store)
    return store


def record(url: str, fp: str) -> bytes:
    return json.dumps({"canonical_url": url, "fingerprint": fp, "modified": None}).encode() + b"\n"


def _write_then_die(url: str, folder: str, out: str) -> None:
    """A worker that claims a, b, c, saves a and b (commits only a), tears c, and is killed."""
    store = PostgresStore(url, Path(folder), "run", "spider", host="h1")
    for name in "abc":
        assert store.add_pending(f"https://s/{name}", f"f{name}", None)
    store.register_output(out, "jsonlines", 0)
    with Path(out).open("wb") as file:
        file.write(record("https://s/a", "fa") + record("https://s/b", "fb"))
        file.write(record("https://s/c", "fc")[:20])  # torn mid-record
        file.flush()
        os.fsync(file.fileno())
    store.commit([("https://s/a", "fa", None)])
    os.kill(os.getpid(), signal.SIGKILL)


def killed_worker(url: str, folder: Path) -> Path:
    out = folder / "h1-feed.jsonl"
    process = multiprocessing.get_context("spawn").Process(
        target=_write_then_die, args=(url, str(folder), str(out))
    )
    process.start()
    process.join(60)
    assert process.exitcode == -signal.SIGKILL
    return out


def test_claims_are_exclusive_across_workers_by_url_and_content(url: str, tmp_path: Path) -> None:
    one, two = worker(url, tmp_path), worker(url, tmp_path)
    assert one.add_pending("https://s/story", "f1", None)
    assert not two.add_pending("https://s/story", "f1", None)  # the same article
    assert not two.add_pending("https://s/repost", "f1", None)  # a re-post of it
    assert not two.add_pending("https://s/story", "f2", None)  # an update while claimed
    assert two.has_fingerprint("f1")
    known = two.get("https://s/story")
    assert known is not None and known.fingerprint == "f1"
    one.commit([("https://s/story", "f1", None)])
    assert not two.add_pending("https://s/repost", "f1", None)  # written: still caught
    assert two.add_pending("https://s/story", "f2", None)  # a real update is claimed
    assert not one.add_pending("https://s/story", "f2", None)


def test_workers_of_one_run_coexist_and_another_run_is_refused(url: str, tmp_path: Path) -> None:
    one = worker(url, tmp_path, host="h1")
    two = worker(url, tmp_path, host="h2")  # a second worker of the same run
    with pytest.raises(RunLocked, match=rf"pid {os.getpid()} on h1"):
        PostgresStore(url, tmp_path, "another-run", "spider")
    with pytest.raises(RunLocked, match="another run of spider"):
        check_run(url, "spider", None)
    PostgresStore(url, tmp_path, "another-run", "other-spider").close()  # other scopes run
    one.close()
    with pytest.raises(RunLocked, match="on h2"):
        check_run(url, "spider", "another-run")
    two.close()
    worker(url, tmp_path, run_id="another-run").close()  # all gone: the next run may start


def test_workers_probing_a_finished_run_at_once_all_see_it_ended(url: str, tmp_path: Path) -> None:
    """Starting workers probe the last run's workers at once: the probes must not collide.

    CI saw the third worker of a new run refused because a sibling, recovering
    at start, was probing the same finished worker at that instant.
    """
    PostgresStore(url, tmp_path, "last", "spider").close()  # finished, never recovered
    refused: list[str] = []

    def start(probe_only: bool) -> None:
        for _ in range(60):
            try:
                if probe_only:
                    check_run(url, "spider", "next")
                else:
                    PostgresStore(url, tmp_path, "next", "spider").close()
            except RunLocked as exc:
                refused.append(str(exc))

    threads = [threading.Thread(target=start, args=(n % 2 == 0,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert refused == []


def test_a_killed_worker_is_recovered_on_its_host_and_its_unsaved_claims_released(
    url: str, tmp_path: Path
) -> None:
    out = killed_worker(url, tmp_path)
    elsewhere = worker(url, tmp_path, host="h2")  # cannot read h1's file
    for name in "bc":
        assert not elsewhere.add_pending(f"https://s/{name}", f"f{name}", None)
    elsewhere.close()

    same_host = worker(url, tmp_path, host="h1")  # recovers the file, releases the rest
    assert not same_host.add_pending("https://s/a", "fa", None)  # committed before the kill
    assert not same_host.add_pending("https://s/b", "fb", None)  # on disk: recovered as seen
    seen = same_host.get("https://s/b")
    assert seen is not None and seen.fingerprint == "fb"
    assert same_host.add_pending("https://s/c", "fc", None)  # torn: crawled again
    assert out.read_bytes() == record("https://s/a", "fa") + record("https://s/b", "fb")
    assert list((tmp_path / "recovered").iterdir())  # the torn tail is kept


def test_claims_of_a_worker_whose_host_never_returns_are_released_after_a_timeout(
    url: str, tmp_path: Path
) -> None:
    killed_worker(url, tmp_path)
    patient = worker(url, tmp_path, host="h2")
    assert not patient.add_pending("https://s/b", "fb", None)
    patient.close()
    worker(url, tmp_path, host="h2", orphan_timeout=3600).close()  # not yet
    later = worker(url, tmp_path, host="h2", orphan_timeout=0)
    assert later.add_pending("https://s/b", "fb", None)
    assert not later.add_pending("https://s/a", "fa", None)  # committed: never again


def test_a_run_in_which_a_worker_died_keeps_no_listing_progress(url: str, tmp_path: Path) -> None:
    finished = worker(url, tmp_path)
    dying = worker(url, tmp_path)
    dying.add_pending("https://s/x", "fx", None)
    finished.mark_listing_complete("site", "news")
    finished.add_resource(Resource("https://s/category/news/", etag='"e"'))
    finished.confirm()  # its sibling is still alive: progress kept for now
    assert finished.listing_complete("site", "news")
    dying.close()  # dies without finishing
    finished.close()
    later = worker(url, tmp_path, run_id="next")
    assert not later.listing_complete("site", "news")  # walked in full again
    assert later.resource("https://s/category/news/") is None
    assert later.add_pending("https://s/x", "fx", None)

    # A worker finishing after a sibling died keeps none either.
    later.close()
    survivor, casualty = worker(url, tmp_path, "third"), worker(url, tmp_path, "third")
    casualty.close()
    survivor.mark_listing_complete("site", "sport")
    survivor.confirm()
    assert not survivor.listing_complete("site", "sport")


def _claim_all(url: str, folder: str, seed: int, count: int) -> list[str]:
    """One worker process: try every article and every re-post, in its own order."""
    store = PostgresStore(url, Path(folder), "race", "spider", host=f"h{seed}")
    attempts = [(f"https://s/{n}", f"fp{n}") for n in range(count)]
    attempts += [(f"https://s/repost/{n}", f"fp{n}") for n in range(count)]
    random.Random(seed).shuffle(attempts)
    won = [page for page, fp in attempts if store.add_pending(page, fp, None)]
    store.confirm()
    store.close()
    return won


def test_concurrent_workers_claim_each_article_and_repost_exactly_once(
    url: str, tmp_path: Path
) -> None:
    count, workers = 1000, 4
    PostgresStore(url, tmp_path, "race", "spider").close()  # the schema, made once
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        started = time.perf_counter()
        results = pool.starmap(
            _claim_all, [(url, str(tmp_path), seed, count) for seed in range(workers)]
        )
        elapsed = time.perf_counter() - started
    won = [page for result in results for page in result]
    stories = sorted(int(page.rsplit("/", 1)[1]) for page in won)
    assert stories == list(range(count))  # every story once: by URL or by its re-post
    assert all(results), "every worker won some claims (they really raced)"
    print(f"{workers} workers, {2 * count * workers} claims in {elapsed:.2f}s")
    check = worker(url, tmp_path, run_id="check")
    assert all(check.has_fingerprint(f"fp{n}") for n in range(count))


def test_a_server_crash_loses_nothing_committed_and_stops_the_worker_in_one_line(
    tmp_path: Path,
) -> None:
    with PostgresServer(fsync=True) as server:
        url = server.database()
        running = worker(url, tmp_path)
        heard: list[StateError] = []
        running.on_error = heard.append
        assert running.add_pending("https://s/saved", "f1", None)
        assert running.add_pending("https://s/claimed", "f2", None)
        running.commit([("https://s/saved", "f1", None)])
        server.crash()
        with pytest.raises(StateError) as raised:
            running.add_pending("https://s/during", "f3", None)
        assert "cannot be reached" in str(raised.value) and "\n" not in str(raised.value)
        assert heard == [raised.value]  # the crawl is told to stop
        server.resume()
        after = worker(url, tmp_path, run_id="next")
        saved = after.get("https://s/saved")
        assert saved is not None and saved.fingerprint == "f1"  # committed: kept
        assert after.add_pending("https://s/claimed", "f2", None)  # the dead claim: released
        assert after.add_pending("https://s/during", "f3", None)
