"""The embedded state store behind ``STATE_DIR`` (SQLite, no server).

Holds what must survive between runs: the articles already written (by
canonical URL and by content fingerprint), per-category listing progress,
HTTP validators, and the output files each run writes to.  An article is
*claimed* (pending) while its run is writing it and becomes *seen* only once
its record is durably in an output file (``commit``); the output files of a
run that died are registered here, so the next run can recover what they hold
(crawler.output.recovery).
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from hashlib import blake2b
from operator import itemgetter
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

# Bumped with every change to SCHEMA; _migrate() upgrades older files in place.
SCHEMA_VERSION = 3
# Articles are keyed by a 64-bit hash of their URL (url_key) in a rowid table:
# the B-tree's inner pages then hold only integers (a few hundred KiB at 1M
# articles, always cached), so a lookup reads one leaf page whatever the size
# of the store.  Text keys made the inner pages large and the descent deeper.
# The URL and fingerprint texts are kept and compared, so a hash collision can
# only cost a refetch, never a lost article.
SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url_key       INTEGER PRIMARY KEY,
    canonical_url TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    print_key     INTEGER NOT NULL,
    modified      TEXT
);
CREATE INDEX IF NOT EXISTS articles_print ON articles (print_key);
CREATE TABLE IF NOT EXISTS pending (
    url_key       INTEGER PRIMARY KEY,
    canonical_url TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    print_key     INTEGER NOT NULL,
    modified      TEXT,
    run_id        TEXT NOT NULL,
    scope         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS pending_print ON pending (print_key);
CREATE TABLE IF NOT EXISTS resources (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    lastmod       TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending_resources (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    lastmod       TEXT,
    run_id        TEXT NOT NULL,
    scope         TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outputs (
    run_id  TEXT NOT NULL,
    path    TEXT NOT NULL,
    scope   TEXT NOT NULL,
    format  TEXT NOT NULL,
    start   INTEGER NOT NULL,
    status  TEXT NOT NULL,
    opened  REAL NOT NULL,
    PRIMARY KEY (run_id, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS listings (
    site     TEXT NOT NULL,
    category TEXT NOT NULL,
    complete INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site, category)
) WITHOUT ROWID;
"""


# One statement per lookup: this run's pending row first, else the seen one.
_GET = (
    "SELECT fingerprint, modified FROM pending WHERE url_key = ?1 AND canonical_url = ?2 "
    "UNION ALL SELECT fingerprint, modified FROM articles "
    "WHERE url_key = ?1 AND canonical_url = ?2 LIMIT 1"
)
# A seen article (NULL) or a pending one (its URL) with this fingerprint.
_FINGERPRINT = (
    "SELECT NULL FROM articles WHERE print_key = ?1 AND fingerprint = ?2 "
    "UNION ALL SELECT canonical_url FROM pending WHERE print_key = ?1 AND fingerprint = ?2"
)
_SEEN_PRINT = "SELECT 1 FROM articles WHERE print_key = ?1 AND fingerprint = ?2 LIMIT 1"
_ARTICLE_COLUMNS = "url_key, canonical_url, fingerprint, print_key, modified"
_RECORD = f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLUMNS}) VALUES (?, ?, ?, ?, ?)"
# Claims not yet recorded spill to SQLite in batches of this many (a run
# without a feed holds them until it ends; with one they are committed each second).
WRITE_BATCH = 5000
# Memory-mapped reads of the state file, at most this much of it: clean,
# file-backed pages the kernel can drop (they count in RSS while mapped).
MMAP_BYTES = 64 * 2**20
# Seconds to wait for another process's write transaction on the state file
# (STATE_BUSY_TIMEOUT); other spiders sharing STATE_DIR hold one for milliseconds.
BUSY_TIMEOUT = 10.0
# What makes a state file ours: only tables some version of it had, among them
# articles or pending with these columns.  Another program's database (other
# tables, an application id) is never written to.
_OUR_TABLES = frozenset(
    {"articles", "pending", "resources", "pending_resources", "meta", "outputs", "listings"}
)
_KEYED_TABLES = ("articles", "pending")
_KEY_COLUMNS = frozenset({"canonical_url", "fingerprint"})


def key(text: str) -> int:
    """A stable signed 64-bit hash of ``text``: the integer row key of a URL or fingerprint."""
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


Row = tuple[int, str, str, int, str | None]


def _rows(articles: Iterable[tuple[str, str, str | None]]) -> list[Row]:
    """Rows of the articles table for (canonical URL, fingerprint, modified) triples."""
    return [(key(url), url, fp, key(fp), modified) for url, fp, modified in articles]


@dataclass(frozen=True)
class Known:
    """What the store remembers about one article."""

    canonical_url: str
    fingerprint: str
    modified: str | None


@dataclass(frozen=True)
class Resource:
    """HTTP validators (and sitemap lastmod) of a listing, feed or sitemap URL."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None


@dataclass(frozen=True)
class Output:
    """An output file a run registered before writing to it."""

    run_id: str
    path: str
    format: str
    start: int
    status: str


class StateDirError(OSError):
    """STATE_DIR cannot hold the store."""


class StateError(RuntimeError):
    """The state file failed while a run used it: locked, damaged, a full disk."""


def describe(exc: sqlite3.Error, path: Path, busy_timeout: float) -> str:
    """One line saying what is wrong with the state file at ``path`` and what to do."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (
            f"state file {path} is locked by another program (still locked after "
            f"{busy_timeout:g}s): end the program that holds a write transaction on it "
            "(an sqlite3 shell, a backup or sync tool), then run again"
        )
    if code == "SQLITE_NOTADB":
        return (
            f"state file {path} is not an SQLite database (damaged, or another program's "
            "file): move it away, or set STATE_DIR to a folder of its own"
        )
    if code.startswith("SQLITE_CORRUPT"):
        return (
            f"state file {path} is damaged ({exc}): restore it from a backup, or move it "
            "away to start a new one (every article is then written again)"
        )
    if code == "SQLITE_FULL":
        return f"state file {path}: the disk is full ({exc})"
    return f"state file {path}: {exc}"


def check_state_dir(
    state_dir: str | Path, busy_timeout: float = BUSY_TIMEOUT, name: str = "state.sqlite3"
) -> None:
    """Fail early, with the reason, when STATE_DIR cannot hold the store.

    STATE_DIR must be a writable directory, and a state file in it must be
    ours (not another program's SQLite database), of a schema this crawler
    knows, intact (SQLite's ``quick_check``: about 0.3 s per million articles
    once cached) and not locked by another program past ``busy_timeout``
    seconds.  Only reads the file: a file that is not ours is never written to.
    """
    folder = Path(state_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StateDirError(
            f"STATE_DIR={state_dir} is not a writable directory: {exc.strerror or exc}"
        ) from None
    state = folder / name
    if not state.exists():
        return
    try:
        db = sqlite3.connect(f"{state.absolute().as_uri()}?mode=ro", uri=True, timeout=busy_timeout)
        try:
            _check_identity(db, state)
            problems = [" ".join(row[0].split()) for row in db.execute("PRAGMA quick_check(3)")]
        finally:
            db.close()
        if problems != ["ok"]:
            raise StateDirError(
                f"state file {state} is damaged (SQLite quick_check: {'; '.join(problems)}): "
                "restore it from a backup, or move it away to start a new one (every "
                "article is then written again)"
            )
        # A write lock held by another program: wait as a run would, then say so.
        db = sqlite3.connect(state, isolation_level=None, timeout=busy_timeout)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise StateDirError(describe(exc, state, busy_timeout)) from None


def _check_identity(db: sqlite3.Connection, path: Path) -> None:
    """Raise StateDirError unless ``db`` is a state file of a schema this crawler knows.

    A new (empty) file is fine; so is any older version of ours.  An empty
    database with a version or application id set is another program's.
    Reads only.
    """
    tables = sorted(
        name
        for (name,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        if not name.startswith("sqlite_")
    )
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    application = int(db.execute("PRAGMA application_id").fetchone()[0])
    if version > SCHEMA_VERSION and not application and (not tables or _keyed(db, tables)):
        raise StateDirError(
            f"{path} has state schema {version}, newer than this "
            f"crawler's {SCHEMA_VERSION}: upgrade the crawler"
        )
    ours = set(tables) <= _OUR_TABLES and _keyed(db, tables)
    if application or (tables and not ours) or (version and not tables):
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "") if tables else "empty"
        raise StateDirError(
            f"{path} is not a newscrawler state file (another program's SQLite database: "
            f"{shown}): set STATE_DIR to a folder of its own, or move that file away"
        )


def _keyed(db: sqlite3.Connection, tables: list[str]) -> bool:
    """Whether the file has an articles or pending table, each as every version had it."""
    keyed = [table for table in _KEYED_TABLES if table in tables]
    return bool(keyed) and all(
        {row[1] for row in db.execute(f"PRAGMA table_info({table})")} >= _KEY_COLUMNS
        for table in keyed
    )


_P = ParamSpec("_P")
_R = TypeVar("_R")
_S = TypeVar("_S", bound="_Reporting")


class _Reporting(Protocol):
    def _failed(self, *args: Any, **kwargs: Any) -> StateError: ...


def guarded_by(
    error: type[Exception],
) -> Callable[[Callable[Concatenate[_S, _P], _R]], Callable[Concatenate[_S, _P], _R]]:
    """A decorator turning a backend's ``error`` in a store method into the StateError
    its ``_failed`` builds (one message naming the file or server)."""

    def decorate(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
        def guarded(store: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return method(store, *args, **kwargs)
            except error as exc:
                raise store._failed(exc) from exc

        functools.update_wrapper(guarded, method)
        return guarded

    return decorate


_guarded = guarded_by(sqlite3.Error)


class StateStore(ABC):
    """What a crawl keeps between runs, whatever holds it (the interface of every backend).

    ``SQLiteStore`` (a file under STATE_DIR, one machine) is the default;
    ``crawler.store_postgres.PostgresStore`` shares the state between the
    workers of several machines.  ``open_store`` picks one by ``STATE_URL``.

    The exactly-once protocol, as every backend keeps it: ``add_pending``
    claims an article (False: another worker or an earlier record has it);
    ``register_output`` notes a feed file before its first byte;
    ``commit`` records as seen what a feed file durably holds; ``finish``
    ends the run; a run that died is repaired by the next one on its host
    (``recovering``: ``unfinished_outputs``, ``recovered``, ``release_dead``).
    """

    run_id: str
    scope: str
    # Whether other workers (machines) share this state and its runs (publish_report).
    shared: bool = False
    # Where this machine keeps recovered torn records (STATE_DIR).
    local_dir: Path
    on_error: Callable[[StateError], None] | None = None

    @classmethod
    def open(
        cls, state_dir: str | Path, run_id: str, scope: str = "", busy_timeout: float = BUSY_TIMEOUT
    ) -> SQLiteStore:
        """The embedded default: ``<state_dir>/state.sqlite3``."""
        return SQLiteStore(Path(state_dir) / "state.sqlite3", run_id, scope, busy_timeout)

    @abstractmethod
    def get(self, canonical_url: str) -> Known | None:
        """The newest record of ``canonical_url``: a pending claim, else the seen one."""

    @abstractmethod
    def has_fingerprint(self, fingerprint: str) -> bool:
        """Whether a story with this content is written or being written."""

    @abstractmethod
    def add_pending(self, canonical_url: str, fingerprint: str, modified: str | None) -> bool:
        """Claim an article this run is about to write; False if someone else has it."""

    @abstractmethod
    def remember(self, canonical_url: str, fingerprint: str, modified: str | None) -> None:
        """Remember an article without a record (a re-post, a re-dated page) at the next commit."""

    @abstractmethod
    def flush(self) -> None:
        """Write claims held in memory to the backend."""

    @abstractmethod
    def commit(self, written: Iterable[tuple[str, str, str | None]] = ()) -> int:
        """Record as seen the articles whose records are durably saved, plus settled memos."""

    @abstractmethod
    def finish(self, *, claims: bool, progress: bool) -> int:
        """End the run: keep or drop what is left, and close its outputs."""

    def confirm(self) -> int:
        """Keep everything this run claimed, its validators and completed listings."""
        return self.finish(claims=True, progress=True)

    @abstractmethod
    def register_output(self, path: str, fmt: str, start: int) -> None:
        """Note, durably and before the first byte is written, that this run writes ``path``."""

    @abstractmethod
    def unfinished_outputs(self, *, this_run: bool = False) -> list[Output]:
        """Outputs still open: of a run that died (on this host), or this run's own."""

    @abstractmethod
    def recovered(self, output: Output, written: Iterable[tuple[str, str, str | None]]) -> int:
        """Record the complete records found in a dead run's output; mark it recovered."""

    def recovering(self) -> AbstractContextManager[object]:
        """Held while this run recovers dead runs' outputs (one recoverer at a time)."""
        return contextlib.nullcontext()

    def release_dead(self) -> int:
        """Release claims of dead runs whose outputs are all recovered; how many."""
        return 0

    @abstractmethod
    def last_output_status(self, path: str) -> str | None:
        """How the newest run that wrote ``path`` ended: open, closed or recovered."""

    @abstractmethod
    def add_seen(self, rows: Iterable[tuple[str, str, str | None]]) -> None:
        """Bulk-insert already-written articles (imports, benchmarks)."""

    @abstractmethod
    def resource(self, url: str) -> Resource | None:
        """Validators and sitemap lastmod confirmed for ``url`` by an earlier run."""

    @abstractmethod
    def add_resource(self, resource: Resource) -> None:
        """Remember a listing/feed/sitemap's validators; kept only if the run's output is."""

    @abstractmethod
    def recent(self, limit: int, prefix: str = "") -> list[str]:
        """Canonical URLs of the ``limit`` written articles modified last (under ``prefix``)."""

    @abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A value of the discovery memory and monitors (``set_meta``)."""

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None:
        """Keep a small value between runs, at once (not tied to the run's outcome)."""

    @abstractmethod
    def listing_complete(self, site: str, category: str) -> bool:
        """Whether a category's backlog was walked to its end by a run that finished."""

    @abstractmethod
    def mark_listing_complete(self, site: str, category: str) -> None:
        """A category's backlog was walked to its end: once confirmed, runs may stop early."""

    def publish_report(
        self, report: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], list[str]] | None:
        """Hand this worker's run report to its run; the run's reports if this worker is last.

        A shared backend returns ``(entries, lost)`` to the last live worker of
        the run to report: every worker's ``{"worker", "host", "pid",
        "report"}`` and the workers that died without a report; None to the
        others.  One machine (the default) has no run to share: None.
        """
        return None

    @abstractmethod
    def close(self) -> None:
        """Let go of the backend; what is not committed or finished is left for recovery."""


class SQLiteStore(StateStore):
    """Seen articles and listing progress, in ``<state_dir>/state.sqlite3``.

    Waits up to ``busy_timeout`` seconds for another process's write
    transaction.  Any SQLite error (still locked, a damaged file, a full disk)
    is raised as a StateError naming the file, after ``on_error`` (set by
    crawler.state to stop the crawl) has been told.
    """

    on_error: Callable[[StateError], None] | None = None

    def __init__(
        self, path: Path, run_id: str, scope: str = "", busy_timeout: float = BUSY_TIMEOUT
    ) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.local_dir = path.parent
        self.run_id = run_id
        self.scope = scope
        self.busy_timeout = busy_timeout
        self._completed: set[tuple[str, str]] = set()
        # This run's newest claims, written in one transaction per batch (a commit
        # per article was the store's main cost); they supersede SQL pending rows.
        self._unwritten: dict[str, tuple[str, str | None]] = {}
        self._unwritten_prints: dict[str, int] = {}
        # Facts about articles that are not records (a re-post, a new date):
        # kept at the next commit whatever happens to the output.
        self._memos: dict[str, tuple[str, str | None]] = {}
        try:
            self._db = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=busy_timeout
            )
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        try:
            self._open()
        except BaseException as exc:
            self._db.close()
            if isinstance(exc, sqlite3.Error):
                raise self._failed(exc) from None
            raise

    def _failed(self, exc: sqlite3.Error, *, report: bool = True) -> StateError:
        """The StateError for ``exc``; ``on_error`` hears of it first unless the caller reports it.

        The run is stopping: later calls no longer wait for a lock (they fail at
        once, or succeed if it is gone), so the crawl closes without delay.
        """
        error = StateError(describe(exc, self.path, self.busy_timeout))
        if (db := getattr(self, "_db", None)) is not None:
            with contextlib.suppress(sqlite3.Error):
                db.execute("PRAGMA busy_timeout = 0")
        if report and self.on_error is not None:
            self.on_error(error)
        return error

    def _open(self) -> None:
        # Before anything writes (even the journal mode): never touch a foreign file.
        _check_identity(self._db, self.path)
        self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit that says an article is written survives power loss too.
        # Commits are batched (crawler.extensions.feeds), so this costs little.
        self._db.execute("PRAGMA synchronous=FULL")
        # Lookups read pages straight from the OS cache, not a system call per page
        # once the file outgrows SQLite's own 2 MB cache (bench/store.py).
        self._db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        self._migrate()
        # Pending rows of an earlier run of this scope (spider) were never confirmed
        # as written; other spiders sharing the folder may be running right now.
        for table in ("pending", "pending_resources"):
            self._db.execute(
                f"DELETE FROM {table} WHERE scope = ? AND run_id != ?",
                (self.scope, self.run_id),
            )

    def _migrate(self) -> None:
        """Bring an older state file up to SCHEMA_VERSION; refuse a newer one.

        One immediate transaction: a second process opening the same old file
        waits, then finds it already migrated.
        """
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StateDirError(
                    f"{self.path} has state schema {version}, newer than this crawler's "
                    f"{SCHEMA_VERSION}: upgrade the crawler"
                )
            if version < SCHEMA_VERSION:
                self._upgrade(version)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _upgrade(self, version: int) -> None:
        """Migrate from ``version`` (0: no scopes; 1: text-keyed articles) within a transaction."""
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_schema")}
        if version < 1:  # pending tables had no scope column yet
            for table in {"pending", "pending_resources"} & tables:
                columns = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
                if "scope" not in columns:
                    self._db.execute(
                        f"ALTER TABLE {table} ADD COLUMN scope TEXT NOT NULL DEFAULT ''"
                    )
        old = {"articles", "pending"} & tables  # version 1 layout: keyed by URL text
        for table in old:
            self._db.execute(f"ALTER TABLE {table} RENAME TO {table}_v1")
        for statement in SCHEMA.split(";"):
            self._db.execute(statement)
        self._db.create_function("store_key", 1, key, deterministic=True)
        if "articles" in old:
            self._db.execute(
                f"INSERT INTO articles ({_ARTICLE_COLUMNS}) SELECT store_key(canonical_url), "
                "canonical_url, fingerprint, store_key(fingerprint), modified FROM articles_v1"
            )
        if "pending" in old:
            self._db.execute(
                f"INSERT INTO pending ({_ARTICLE_COLUMNS}, run_id, scope) "
                "SELECT store_key(canonical_url), canonical_url, fingerprint, "
                "store_key(fingerprint), modified, run_id, scope FROM pending_v1"
            )
        for table in old:
            self._db.execute(f"DROP TABLE {table}_v1")

    @_guarded
    def get(self, canonical_url: str) -> Known | None:
        """The newest record of ``canonical_url``: this run's pending one, else the seen one."""
        if (claimed := self._unwritten.get(canonical_url)) is not None:
            return Known(canonical_url, *claimed)
        if (memo := self._memos.get(canonical_url)) is not None:
            return Known(canonical_url, *memo)
        row = self._db.execute(_GET, (key(canonical_url), canonical_url)).fetchone()
        return Known(canonical_url, *row) if row else None

    @_guarded
    def has_fingerprint(self, fingerprint: str) -> bool:
        if fingerprint in self._unwritten_prints or any(
            fp == fingerprint for fp, _ in self._memos.values()
        ):
            return True
        # A pending row whose URL this run claimed again since is superseded.
        return any(
            url is None or url not in self._unwritten
            for (url,) in self._db.execute(_FINGERPRINT, (key(fingerprint), fingerprint))
        )

    @_guarded
    def add_pending(self, canonical_url: str, fingerprint: str, modified: str | None) -> bool:
        """Remember an article this run is writing (not yet confirmed as written).

        Always True: one run at a time holds a scope of an SQLite state (the
        run lock), so no other worker can claim the article meanwhile.

        Held in memory until ``commit`` records them (every second, with a
        feed); spilled to SQLite in batches of WRITE_BATCH claims when they pile
        up (a run without a feed keeps them until ``finish``).  A crash loses
        nothing: pending rows of an unfinished run are discarded by the next one.
        """
        previous = self._unwritten.pop(canonical_url, None)
        if previous is not None:
            self._forget_print(previous[0])
        self._unwritten[canonical_url] = (fingerprint, modified)
        self._unwritten_prints[fingerprint] = self._unwritten_prints.get(fingerprint, 0) + 1
        if len(self._unwritten) >= WRITE_BATCH:
            self.flush()
        return True

    def remember(self, canonical_url: str, fingerprint: str, modified: str | None) -> None:
        """Remember an article without a record (a re-post, a re-dated page) at the next commit."""
        self._memos[canonical_url] = (fingerprint, modified)

    def _forget_print(self, fingerprint: str) -> None:
        left = self._unwritten_prints[fingerprint] - 1
        if left:
            self._unwritten_prints[fingerprint] = left
        else:
            del self._unwritten_prints[fingerprint]

    @_guarded
    def flush(self) -> None:
        """Write this run's unwritten claims to the pending table, in one transaction."""
        if not self._unwritten:
            return
        # In key order: the table's B-tree takes them in one sweep.
        rows = sorted(
            (
                (key(url), url, fingerprint, key(fingerprint), modified, self.run_id, self.scope)
                for url, (fingerprint, modified) in self._unwritten.items()
            ),
            key=itemgetter(0),
        )
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                f"INSERT OR REPLACE INTO pending ({_ARTICLE_COLUMNS}, run_id, scope) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        self._unwritten.clear()
        self._unwritten_prints.clear()

    @_guarded
    def commit(self, written: Iterable[tuple[str, str, str | None]] = ()) -> int:
        """Record as seen the articles whose records are durably saved, plus settled memos.

        ``written`` holds (canonical URL, fingerprint, modified) of records the
        caller has just fsynced; one transaction, so a crash keeps all or none.
        A memo (a re-post, a new date) is kept only once the story it points
        to is recorded: a re-post of a story that was never saved must not
        hide the story.  Returns how many articles it recorded.
        """
        rows = _rows(written)
        if not rows and not self._memos:
            return 0
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                _RECORD,
                rows,
            )
            self._db.executemany(
                "DELETE FROM pending WHERE url_key = ? AND canonical_url = ? AND run_id = ?",
                ((row[0], row[1], self.run_id) for row in rows),
            )
            self._commit_memos()
        for _, url, *_rest in rows:
            claimed = self._unwritten.pop(url, None)
            if claimed is not None:
                self._forget_print(claimed[0])
        return len(rows)

    def _commit_memos(self) -> None:
        """Within a transaction: record the memos whose story is recorded."""
        settled = _rows(
            (url, fp, modified)
            for url, (fp, modified) in self._memos.items()
            if self._db.execute(_SEEN_PRINT, (key(fp), fp)).fetchone()
        )
        self._db.executemany(
            _RECORD,
            settled,
        )
        for _, url, *_rest in settled:
            del self._memos[url]

    @_guarded
    def finish(self, *, claims: bool, progress: bool) -> int:
        """End the run: keep or drop what is left, and close its outputs.

        ``claims``: also keep articles claimed but never committed (a run whose
        output is not a file: the pipelines after DedupPipeline are the output).
        ``progress``: keep validators and completed listings (only a run that
        finished and saved everything may shorten the next one).  Returns the
        number of claims kept.
        """
        self.flush()
        with self._db:
            self._db.execute("BEGIN")
            kept = 0
            if claims:
                kept = self._db.execute(
                    f"INSERT OR REPLACE INTO articles SELECT {_ARTICLE_COLUMNS} "
                    "FROM pending WHERE run_id = ?",
                    (self.run_id,),
                ).rowcount
            self._commit_memos()
            self._db.execute("DELETE FROM pending WHERE run_id = ?", (self.run_id,))
            if progress:
                self._db.execute(
                    "INSERT OR REPLACE INTO resources SELECT url, etag, last_modified, lastmod "
                    "FROM pending_resources WHERE run_id = ?",
                    (self.run_id,),
                )
                self._db.executemany(
                    "INSERT OR REPLACE INTO listings (site, category, complete) VALUES (?, ?, 1)",
                    sorted(self._completed),
                )
            self._db.execute("DELETE FROM pending_resources WHERE run_id = ?", (self.run_id,))
            self._db.execute(
                "UPDATE outputs SET status = 'closed' WHERE run_id = ? AND status = 'open'",
                (self.run_id,),
            )
        self._memos.clear()
        self._unwritten.clear()
        self._unwritten_prints.clear()
        self._completed.clear()
        return kept

    # -- outputs (crawler.output) ---------------------------------------------------

    def register_output(self, path: str, fmt: str, start: int) -> None:
        """Note, durably and before the first byte is written, that this run writes ``path``.

        A StateError here is reported by the caller, as an output that failed.
        """
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.execute(
                    "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, 'open', ?)",
                    (self.run_id, path, self.scope, fmt, start, time.time()),
                )
        except sqlite3.Error as exc:
            raise self._failed(exc, report=False) from exc

    @_guarded
    def unfinished_outputs(self, *, this_run: bool = False) -> list[Output]:
        """Outputs still open: an earlier run of this scope that died, or this run's own."""
        where = "run_id = ?" if this_run else "run_id != ?"
        rows = self._db.execute(
            "SELECT run_id, path, format, start, status FROM outputs "
            f"WHERE scope = ? AND status = 'open' AND {where} ORDER BY opened",
            (self.scope, self.run_id),
        )
        return [Output(*row) for row in rows]

    @_guarded
    def recovered(self, output: Output, written: Iterable[tuple[str, str, str | None]]) -> int:
        """Record the complete records found in a dead run's output; mark it recovered."""
        rows = _rows(written)
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                _RECORD,
                rows,
            )
            self._db.execute(
                "UPDATE outputs SET status = 'recovered' WHERE run_id = ? AND path = ?",
                (output.run_id, output.path),
            )
        return len(rows)

    @_guarded
    def last_output_status(self, path: str) -> str | None:
        """How the newest run that wrote ``path`` ended: open, closed or recovered."""
        row = self._db.execute(
            "SELECT status FROM outputs WHERE path = ? ORDER BY opened DESC LIMIT 1", (path,)
        ).fetchone()
        return str(row[0]) if row else None

    @_guarded
    def add_seen(self, rows: Iterable[tuple[str, str, str | None]]) -> None:
        """Bulk-insert already-written articles (imports, benchmarks)."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(_RECORD, _rows(rows))

    @_guarded
    def resource(self, url: str) -> Resource | None:
        """Validators and sitemap lastmod confirmed for ``url`` by an earlier run."""
        row = self._db.execute(
            "SELECT url, etag, last_modified, lastmod FROM resources WHERE url = ?", (url,)
        ).fetchone()
        return Resource(*row) if row else None

    @_guarded
    def add_resource(self, resource: Resource) -> None:
        """Remember a listing/feed/sitemap's validators; kept only if the run's output is."""
        self._db.execute(
            "INSERT OR REPLACE INTO pending_resources VALUES (?, ?, ?, ?, ?, ?)",
            (
                resource.url,
                resource.etag,
                resource.last_modified,
                resource.lastmod,
                self.run_id,
                self.scope,
            ),
        )

    @_guarded
    def recent(self, limit: int, prefix: str = "") -> list[str]:
        """Canonical URLs of the ``limit`` written articles modified last (under ``prefix``).

        One scan of the articles table (no index on ``modified``): for a bounded
        refresh once a run, where no source says which articles changed.
        """
        rows = self._db.execute(
            "SELECT canonical_url FROM articles WHERE modified IS NOT NULL "
            "AND substr(canonical_url, 1, ?) = ? ORDER BY modified DESC LIMIT ?",
            (len(prefix), prefix, limit),
        )
        return [str(row[0]) for row in rows]

    @_guarded
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    @_guarded
    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @_guarded
    def listing_complete(self, site: str, category: str) -> bool:
        row = self._db.execute(
            "SELECT complete FROM listings WHERE site = ? AND category = ?", (site, category)
        ).fetchone()
        return bool(row and row[0])

    def mark_listing_complete(self, site: str, category: str) -> None:
        """A category's backlog was walked to its end: once confirmed, runs may stop early."""
        self._completed.add((site, category))

    @_guarded
    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._db.close()
