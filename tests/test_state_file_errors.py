"""A corrupt, foreign or locked state file: one clear line, a non-zero exit, never damaged further.

`scrapy crawl` checks the state file before the crawl (exit 2 with a usage
error); a file that fails during the run (locked by another program for longer
than STATE_BUSY_TIMEOUT) stops the crawl with one ERROR line and exit 1, and
the next run writes every article exactly once.  The lock is held by another
process (a Python sqlite3 connection with ``BEGIN EXCLUSIVE``, as an sqlite3
shell would); crawls run the real `scrapy crawl` on 127.0.0.1 under tmp_path.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from crawler.store import SQLiteStore, StateDirError, StateError, StateStore, check_state_dir
from tests import localsite
from tests.crawling import ENV, REPO, crawl, crawl_command, read_jsonl

# Another program holding a write transaction on a database until told to stop.
_LOCKER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


class Locker:
    """A separate process holding ``BEGIN EXCLUSIVE`` on a database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.process: subprocess.Popen[str] | None = None

    def lock(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _LOCKER, str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)
            self.process = None


@contextmanager
def locked(path: Path) -> Iterator[None]:
    locker = Locker(path)
    locker.lock()
    try:
        yield
    finally:
        locker.release()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def our_state(folder: Path, articles: int = 2000) -> Path:
    """A healthy state file with some articles; returns its path."""
    store = StateStore.open(folder, "setup", "asianlite")
    store.add_seen((f"https://example.com/{n}", f"f{n}", None) for n in range(articles))
    store.close()
    return folder / "state.sqlite3"


# -- broken files ---------------------------------------------------------------------


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def foreign(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        db.execute("INSERT INTO notes (text) VALUES ('not yours')")
    sqlite3.connect(path).close()


def foreign_with_articles(path: Path) -> None:
    """Another program's tables that happen to share our table names."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT)")
        db.execute("CREATE TABLE pending (id INTEGER PRIMARY KEY)")
    sqlite3.connect(path).close()


def foreign_meta(path: Path) -> None:
    """Another program's key-value table, named as ours."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    sqlite3.connect(path).close()


def foreign_application(path: Path) -> None:
    our_state(path.parent, 10)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA application_id = 1234")
    sqlite3.connect(path).close()


def empty_foreign(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 2")
    sqlite3.connect(path).close()


def damaged(path: Path) -> None:
    our_state(path.parent)
    data = bytearray(path.read_bytes())
    page = 20 * 4096  # a B-tree page in the middle of the articles
    for offset in range(page, page + 4096, 7):
        data[offset] = 0xAB
    path.write_bytes(bytes(data))


def truncated(path: Path) -> None:
    our_state(path.parent)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


BROKEN = {
    "random_bytes": (random_bytes, "is not an SQLite database"),
    "foreign": (
        foreign,
        "is not a newscrawler state file (another program's SQLite database: notes)",
    ),
    "foreign_with_articles": (foreign_with_articles, "is not a newscrawler state file"),
    "foreign_meta": (foreign_meta, "is not a newscrawler state file"),
    "foreign_application": (foreign_application, "is not a newscrawler state file"),
    "empty_foreign": (empty_foreign, "is not a newscrawler state file"),
    "damaged": (damaged, "is damaged ("),
    "truncated": (truncated, "is damaged"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_state_file_is_refused_by_the_check_and_left_as_it_was(
    kind: str, tmp_path: Path
) -> None:
    make, message = BROKEN[kind]
    path = tmp_path / "state.sqlite3"
    make(path)
    before = digest(path)
    with pytest.raises(StateDirError) as raised:
        check_state_dir(tmp_path, busy_timeout=0.5)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)
    assert "\n" not in str(raised.value)
    assert digest(path) == before


@pytest.mark.parametrize("kind", ["random_bytes", "foreign", "foreign_application"])
def test_store_never_writes_to_a_file_that_is_not_ours(kind: str, tmp_path: Path) -> None:
    """Even without the check (a crawl started another way): no tables added, nothing written."""
    make, _ = BROKEN[kind]
    path = tmp_path / "state.sqlite3"
    make(path)
    before = digest(path)
    with pytest.raises((StateDirError, StateError), match=re.escape(str(path))):
        StateStore.open(tmp_path, "run", "asianlite")
    assert digest(path) == before


def test_check_accepts_a_new_an_empty_and_a_healthy_state(tmp_path: Path) -> None:
    check_state_dir(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "state.sqlite3").write_bytes(b"")  # created, never written
    check_state_dir(tmp_path / "empty")
    our_state(tmp_path / "ours")
    check_state_dir(tmp_path / "ours")


def test_check_waits_then_names_a_locked_state_file(tmp_path: Path) -> None:
    path = our_state(tmp_path)
    with locked(path), pytest.raises(StateDirError) as raised:
        check_state_dir(tmp_path, busy_timeout=0.5)
    assert str(raised.value) == (
        f"state file {path} is locked by another program (still locked after 0.5s): end the "
        "program that holds a write transaction on it (an sqlite3 shell, a backup or sync "
        "tool), then run again"
    )
    check_state_dir(tmp_path, busy_timeout=0.5)  # released: fine again


def test_store_error_at_run_time_names_the_file_and_is_reported_once(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "state.sqlite3", "run", "asianlite", busy_timeout=0.3)
    heard: list[StateError] = []
    store.on_error = heard.append
    store.add_seen([("https://example.com/1", "f1", None)])
    with locked(store.path):
        with pytest.raises(StateError, match="is locked by another program") as raised:
            store.commit([("https://example.com/2", "f2", None)])
        assert store.get("https://example.com/1") is not None  # reads go on (WAL)
    assert heard == [raised.value]
    assert store.commit([("https://example.com/2", "f2", None)]) == 1  # released: works again
    store.close()


# -- scrapy crawl ---------------------------------------------------------------------


def run_crawl(state: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    dead = "http://127.0.0.1:9"  # never reached: the state is checked first
    command = crawl_command(dead, state, "-O", str(state.parent / "out.jsonl"), *extra)
    return subprocess.run(
        command, cwd=REPO, env=ENV, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("kind", ["random_bytes", "foreign", "damaged"])
def test_crawl_refuses_a_broken_state_file_in_one_line(kind: str, tmp_path: Path) -> None:
    make, message = BROKEN[kind]
    state = tmp_path / "state"
    state.mkdir()
    path = state / "state.sqlite3"
    make(path)
    for leftover in state.glob("state.sqlite3-*"):
        leftover.unlink()  # only the file itself
    before = digest(path)
    result = run_crawl(state)
    assert result.returncode == 2, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, result.stderr
    assert message in errors[0] and str(path) in errors[0]
    assert "Traceback" not in result.stderr
    assert "started (bot:" not in result.stderr  # refused before the crawl
    assert digest(path) == before
    if kind == "foreign":
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_schema")]
        assert tables == ["notes"]


def test_crawl_refuses_a_locked_state_file_in_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state"
    path = our_state(state)
    before = digest(path)
    with locked(path):
        result = run_crawl(state, "-s", "STATE_BUSY_TIMEOUT=1")
    assert result.returncode == 2, result.stderr[-3000:]
    assert (
        f"error: state file {path} is locked by another program (still locked after 1s)"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert "Unhandled error" not in result.stderr
    assert digest(path) == before


# -- a lock taken in the middle of a run ----------------------------------------------

ARTICLES = 6
_WORDS = ["harbour", "river", "island", "market", "quay", "station", "bridge", "square"]


def _article(n: int) -> str:
    text = " ".join(
        f"Paragraph {p} of story {n}: councillors in the {_WORDS[(n + p) % 8]} town voted on "
        f"a new ferry timetable with {n + p} early crossings on weekdays."
        for p in range(3)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>S{n}</title>
</head><body><h1 class="post-title">Story number {n} about ferries</h1>
<div class="entry-date"><time class="published" datetime="2024-05-0{n}T10:00:00+00:00">May</time>
</div><div class="entry-content"><p>{text}</p></div></body></html>"""


def _listing() -> str:
    items = "".join(
        f'<article><h2 class="post-item-title"><a rel="bookmark" href="/2024/top-news/story-{n}/">'
        f"S{n}</a></h2></article>"
        for n in range(1, ARTICLES + 1)
    )
    return f'<html><body><div class="blog-container">{items}</div></body></html>'


@contextmanager
def site_that_locks(locker: Locker, lock_at: int) -> Iterator[str]:
    """A loopback site that locks the state file when the ``lock_at``-th article is asked for."""
    pages = {f"/2024/top-news/story-{n}/": _article(n) for n in range(1, ARTICLES + 1)}
    pages["/category/top-news/"] = _listing()
    pages["/sitemap_index.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>'
    )
    guard = threading.Lock()
    asked: list[str] = []
    serve_page = localsite.pages(pages)

    def route(path: str) -> tuple[int, str, bytes] | None:
        if path.startswith("/2024/"):
            with guard:
                asked.append(path)
                if len(asked) == lock_at:
                    locker.lock()
        return serve_page(path)

    with localsite.serve(route) as base_url:
        yield base_url


@pytest.mark.parametrize(
    ("lock_at", "extra", "reported_as"),
    [
        # Locked before the first record: the output file cannot be registered.
        (1, (), "[crawler.extensions.feeds] ERROR: Output failed: could not save"),
        # Locked after three records were saved: the next commit or claim fails.
        (4, ("-s", "DOWNLOAD_DELAY=0.5"), "[crawler.state] ERROR: State failed:"),
    ],
)
def test_state_locked_during_a_run_stops_it_in_one_line_and_loses_nothing(
    lock_at: int, extra: tuple[str, ...], reported_as: str, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    path = state / "state.sqlite3"
    locker = Locker(path)
    try:
        with site_that_locks(locker, lock_at) as site:
            first = crawl(
                site,
                state,
                tmp_path / "first.jsonl",
                *("-a", "categories=top-news", "-s", "CONCURRENT_REQUESTS=1"),
                *("-s", "STATE_BUSY_TIMEOUT=1", "-s", "OUTPUT_COMMIT_ITEMS=1", *extra),
            )
            assert locker.process is not None, "the crawl never asked for the locking page"
            locker.release()
            second = crawl(site, state, tmp_path / "second.jsonl", "-a", "categories=top-news")
    finally:
        locker.release()
    assert first.returncode == 1, first.stderr[-3000:]
    # One line says what failed; the monitors' verdict on the run may follow it.
    errors = [
        line
        for line in first.stderr.splitlines()
        if "] ERROR: " in line and "Monitor failed:" not in line
    ]
    assert len(errors) == 1, "\n".join(errors)
    assert reported_as in errors[0]
    assert f"state file {path} is locked by another program (still locked after 1s)" in errors[0]
    assert "Traceback" not in first.stderr
    assert "Unhandled error" not in first.stderr
    assert second.returncode == 0, second.stderr[-3000:]
    written = [
        record["canonical_url"]
        for name in ("first.jsonl", "second.jsonl")
        for record in read_jsonl(tmp_path / name)
    ]
    if lock_at > 1:
        assert read_jsonl(tmp_path / "first.jsonl")  # records saved before the lock stay
    assert sorted(written) == sorted(
        f"{site}/2024/top-news/story-{n}" for n in range(1, ARTICLES + 1)
    )
