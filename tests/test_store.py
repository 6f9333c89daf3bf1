"""The state store: seen articles survive runs only once confirmed.

The contract tests run against every backend (``store`` opens a run of the
SQLite file or of a fresh PostgreSQL database); the migration tests are
SQLite's own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.backends import backend
from crawler.output.recovery import recover_dead_runs
from crawler.store import (
    SCHEMA_VERSION,
    Known,
    Resource,
    StateDirError,
    StateStore,
    check_state_dir,
    key,
)
from crawler.store_postgres import PostgresStore
from tests.pgserver import PostgresServer

Opener = Callable[..., StateStore]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """Opens a run of one fresh state: ``store(run_id, scope="")``."""
    if request.param == "sqlite":
        return lambda run_id, scope="": StateStore.open(tmp_path, run_id, scope)
    server: PostgresServer = request.getfixturevalue("postgres")
    url = server.database()

    def open_run(run_id: str, scope: str = "") -> StateStore:
        opened = PostgresStore(url, tmp_path, run_id, scope, host="here")
        recover_dead_runs(opened)  # as every run starts (crawler.state)
        return opened

    return open_run


def test_pending_articles_become_seen_only_when_confirmed(store: Opener) -> None:
    run1 = store("run1")
    run1.add_pending("https://a/1", "f1", "2024-01-01T00:00:00+00:00")
    assert run1.get("https://a/1") is not None  # a twin later in the run is caught
    assert run1.has_fingerprint("f1")
    assert run1.confirm() == 1
    run1.close()
    run2 = store("run2")
    known = run2.get("https://a/1")
    assert known is not None
    assert known.modified == "2024-01-01T00:00:00+00:00"


def test_unconfirmed_state_of_a_crashed_run_is_forgotten(store: Opener) -> None:
    crashed = store("crashed")
    crashed.add_pending("https://a/2", "f2", None)
    crashed.add_resource(Resource("https://a/category/x/", etag='"abc"'))
    crashed.mark_listing_complete("site", "x")
    crashed.close()  # no confirm: the feed was never closed
    later = store("later")
    assert later.get("https://a/2") is None
    assert not later.has_fingerprint("f2")
    assert later.resource("https://a/category/x/") is None
    assert not later.listing_complete("site", "x")


def test_update_keeps_the_old_record_until_confirmed(store: Opener) -> None:
    first = store("first")
    first.add_seen([("https://a/3", "old", "2024-01-01T00:00:00+00:00")])
    first.close()
    crashed = store("crashed")
    crashed.add_pending("https://a/3", "new", "2024-02-01T00:00:00+00:00")
    crashed.close()
    after = store("after")
    known = after.get("https://a/3")
    assert known is not None
    assert known.fingerprint == "old"


def test_validators_and_listing_progress_are_confirmed_together(store: Opener) -> None:
    run = store("run")
    run.add_resource(Resource("https://a/feed/", etag='"e1"', last_modified="Mon"))
    run.mark_listing_complete("site", "x")
    run.confirm()
    assert run.resource("https://a/feed/") == Resource("https://a/feed/", '"e1"', "Mon", None)
    assert run.listing_complete("site", "x")


def test_another_spiders_run_keeps_its_pending_articles(store: Opener) -> None:
    running = store("run-a", scope="spider-a")
    running.add_pending("https://a/4", "f4", None)
    store("run-b", scope="spider-b").close()  # starts while a runs
    assert running.confirm() == 1
    assert running.get("https://a/4") is not None


def test_state_from_before_scopes_is_migrated(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:  # the unversioned layout
        db.execute(
            "CREATE TABLE pending (canonical_url TEXT PRIMARY KEY, fingerprint TEXT "
            "NOT NULL, modified TEXT, run_id TEXT NOT NULL) WITHOUT ROWID"
        )
        db.execute("INSERT INTO pending VALUES ('https://a/5', 'f5', NULL, 'old')")
    store = StateStore.open(tmp_path, "new", scope="")
    assert store.get("https://a/5") is None  # the old run's unconfirmed row is gone
    store.add_pending("https://a/6", "f6", None)
    assert store.confirm() == 1


def test_state_from_a_newer_crawler_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StateDirError, match="newer than this crawler's"):
        check_state_dir(tmp_path)


def test_text_keyed_state_is_migrated_without_losing_articles(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:  # schema 1: URL-keyed tables
        db.executescript(
            """
            CREATE TABLE articles (canonical_url TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
                modified TEXT) WITHOUT ROWID;
            CREATE INDEX articles_fingerprint ON articles (fingerprint);
            CREATE TABLE pending (canonical_url TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
                modified TEXT, run_id TEXT NOT NULL, scope TEXT NOT NULL DEFAULT '')
                WITHOUT ROWID;
            INSERT INTO articles VALUES ('https://a/7', 'f7', '2024-03-01T00:00:00+00:00');
            INSERT INTO pending VALUES ('https://a/8', 'f8', NULL, 'other', 'spider-b');
            PRAGMA user_version = 1;
            """
        )
    store = StateStore.open(tmp_path, "new", scope="spider-a")
    assert store.get("https://a/7") == Known("https://a/7", "f7", "2024-03-01T00:00:00+00:00")
    assert store.has_fingerprint("f7")
    assert store.has_fingerprint("f8")  # another spider's run is still writing it
    assert store.get("https://a/9") is None and not store.has_fingerprint("f9")
    store.close()
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert not db.execute("SELECT name FROM sqlite_schema WHERE name LIKE '%_v1'").fetchall()


def test_rows_are_matched_on_their_text_not_only_their_hash_key(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path, "run")
    store.add_seen([("https://a/10", "f10", None)])
    with sqlite3.connect(tmp_path / "state.sqlite3") as db:  # forge a colliding row key
        db.execute(
            "UPDATE articles SET url_key = ?, print_key = ?", (key("https://a/11"), key("f11"))
        )
    assert store.get("https://a/11") is None
    assert not store.has_fingerprint("f11")


def test_only_committed_records_survive_a_run_that_saved_nothing_else(store: Opener) -> None:
    run = store("run", "s")
    run.add_pending("https://a/saved", "f1", None)
    run.add_pending("https://a/unsaved", "f2", None)
    assert run.commit([("https://a/saved", "f1", None)]) == 1
    run.mark_listing_complete("site", "x")
    run.add_resource(Resource("https://a/category/x/", etag='"e"'))
    run.finish(claims=False, progress=False)  # the output failed
    run.close()
    later = store("later", "s")
    assert later.get("https://a/saved") is not None
    assert later.get("https://a/unsaved") is None
    assert not later.listing_complete("site", "x")
    assert later.resource("https://a/category/x/") is None


def test_a_repost_is_remembered_only_once_its_story_is_saved(store: Opener) -> None:
    run = store("run", "s")
    run.add_pending("https://a/story", "fp", None)
    run.remember("https://a/repost", "fp", None)  # DuplicateContent of the story
    run.commit([])
    assert store("peek", "other").get("https://a/repost") is None
    run.finish(claims=False, progress=True)  # the story was never saved
    run.close()
    later = store("later", "s")
    assert later.get("https://a/repost") is None
    assert not later.has_fingerprint("fp")  # the story is written when met again
    later.add_pending("https://a/story", "fp", None)
    later.remember("https://a/repost", "fp", None)
    later.commit([("https://a/story", "fp", None)])
    assert store("peek2", "other").get("https://a/repost") is not None


def test_state_url_names_the_backend_by_scheme(tmp_path: Path) -> None:
    assert backend("", tmp_path) == ("sqlite", str(tmp_path / "state.sqlite3"))
    assert backend("sqlite:///rel/s.db", tmp_path) == ("sqlite", "rel/s.db")
    assert backend("sqlite:////abs/s.db", tmp_path) == ("sqlite", "/abs/s.db")
    assert backend(f"sqlite:///{tmp_path}", tmp_path)[1] == str(tmp_path / "state.sqlite3")
    url = "postgresql://crawler@10.0.0.5:5432/news"
    assert backend(url, tmp_path) == ("postgresql", url)
    with pytest.raises(StateDirError) as raised:
        backend("mysql://user:secret@db/news", tmp_path)
    assert "names no state backend" in str(raised.value) and "secret" not in str(raised.value)
