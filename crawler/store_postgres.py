"""PostgreSQL as the state shared by the workers of several machines (``STATE_URL``).

``STATE_URL=postgresql://user@host:5432/db`` puts the state of every worker
of a crawl in one PostgreSQL database (schema ``newscrawler``), through
psycopg 3.  Each worker is one ``scrapy crawl`` process; the workers of one
run share its ``STATE_RUN_ID``.

Claims are atomic across workers.  An article row holds its *seen* record
(``fingerprint``, ``modified``) and at most one *claim* (``claim_*``: the
worker writing it now); the ``prints`` table holds one row per content
fingerprint, seen or claimed.  ``add_pending`` claims the fingerprint
(``INSERT ... ON CONFLICT DO NOTHING``) and the URL (``INSERT ... ON
CONFLICT DO UPDATE ... WHERE`` the row is unclaimed and holds other
content) in one transaction: two workers, or a story and its re-post under
another URL, can never both win.  Unique indexes, not reads, decide, so no
isolation level above READ COMMITTED is needed.

Workers and the run lock.  A worker registers a row (run id, host, pid) and
holds a session advisory lock on its own key for as long as its connection
lives; PostgreSQL drops it when the process dies (``kill -9`` closes the
socket) or, across a network, when TCP keepalives give up.  A worker is
*dead* when its row says running and its lock is free.  A worker may start
only while every live worker of its scope (spider) belongs to its own run
(checked under a transaction advisory lock on the scope): workers of one run
coexist, a second separate run is refused with RunLocked.

Crash points (each worker's feed files are local to its machine):

1. Killed before a claim commits: PostgreSQL rolls the claim back.
2. Killed holding claims, nothing on disk: the claims carry the worker id;
   the next worker of the scope to start (any host) finds the worker dead
   and releases them (``release_dead``), so those articles are crawled again.
3. Killed after ``register_output`` and some writes: the output row names
   host, path and worker.  The next worker to start *on that host* recovers
   the file (crawler.output.recovery): its complete records are recorded as
   seen, which turns their claims into seen rows; then the rest of the dead
   worker's claims are released.  Claims of a dead worker whose file is on
   another host stay held until that host recovers it, or until
   ``STATE_ORPHAN_TIMEOUT`` seconds after its death was first noticed (the
   host is gone for good: its records are lost with it and crawled again).
4. Killed between fsync and ``commit``: as 3; recording is idempotent.
5. A run any of whose workers died keeps no listing progress or validators
   (``listings``/``resources`` rows of that run are deleted on release, and
   a worker finishing after a sibling's death keeps none), so the next run
   walks the backlogs in full and meets the released articles again.

Every transaction commits with ``synchronous_commit = on``: once a commit
returns, the rows are in the server's write-ahead log on disk, so a server
crash (or power loss) loses nothing committed; a transaction in flight is
rolled back, which is crash point 1 or 4.

Differences from SQLite: a fingerprint once written stays known even after
its page changed to other content (SQLite forgets it), and keys are 128-bit
BLAKE2 hashes of the texts (a false match has odds of 2^-128).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from hashlib import blake2b
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar
from uuid import uuid4

import psycopg
from psycopg import errors

from crawler.runlock import RunLocked
from crawler.store import (
    BUSY_TIMEOUT,
    Known,
    Output,
    Resource,
    StateDirError,
    StateError,
    StateStore,
    guarded_by,
    key,
)
from crawler.urls import redact

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
# Seconds after a worker's death was first noticed before its claims are
# released although its output file, on another host, was never recovered.
ORPHAN_TIMEOUT = 86_400.0
# Transactions that lost a deadlock (rare: two workers recording memos of the
# same URLs at once) are tried again this many times.
RETRIES = 5

SCHEMA = """
CREATE SCHEMA IF NOT EXISTS newscrawler;
CREATE TABLE IF NOT EXISTS newscrawler.version (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS newscrawler.articles (
    url_hash       bytea PRIMARY KEY,
    canonical_url  text NOT NULL,
    fingerprint    text,
    modified       text,
    claim_fp       text,
    claim_modified text,
    claim_worker   text,
    claim_run      text
);
CREATE INDEX IF NOT EXISTS articles_claims ON newscrawler.articles (claim_worker)
    WHERE claim_worker IS NOT NULL;
CREATE TABLE IF NOT EXISTS newscrawler.prints (
    print_hash    bytea PRIMARY KEY,
    fingerprint   text NOT NULL,
    canonical_url text NOT NULL,
    seen          boolean NOT NULL,
    worker        text
);
CREATE INDEX IF NOT EXISTS prints_claims ON newscrawler.prints (worker)
    WHERE worker IS NOT NULL;
CREATE TABLE IF NOT EXISTS newscrawler.resources (
    url           text PRIMARY KEY,
    etag          text,
    last_modified text,
    lastmod       text,
    run_id        text NOT NULL
);
CREATE TABLE IF NOT EXISTS newscrawler.pending_resources (
    worker        text NOT NULL,
    url           text NOT NULL,
    etag          text,
    last_modified text,
    lastmod       text,
    run_id        text NOT NULL,
    PRIMARY KEY (worker, url)
);
CREATE TABLE IF NOT EXISTS newscrawler.meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE IF NOT EXISTS newscrawler.listings (
    site     text NOT NULL,
    category text NOT NULL,
    run_id   text NOT NULL,
    PRIMARY KEY (site, category)
);
CREATE TABLE IF NOT EXISTS newscrawler.workers (
    worker     text PRIMARY KEY,
    run_id     text NOT NULL,
    scope      text NOT NULL,
    host       text NOT NULL,
    pid        integer NOT NULL,
    lock_key   bigint NOT NULL,
    started    double precision NOT NULL,
    status     text NOT NULL,
    dead_since double precision
);
CREATE INDEX IF NOT EXISTS workers_active ON newscrawler.workers (scope)
    WHERE status IN ('running', 'finished');
CREATE TABLE IF NOT EXISTS newscrawler.outputs (
    worker  text NOT NULL,
    path    text NOT NULL,
    host    text NOT NULL,
    run_id  text NOT NULL,
    scope   text NOT NULL,
    format  text NOT NULL,
    start   bigint NOT NULL,
    status  text NOT NULL,
    opened  double precision NOT NULL,
    PRIMARY KEY (worker, path)
);
CREATE INDEX IF NOT EXISTS outputs_path ON newscrawler.outputs (path, opened);
"""

# Claim a URL: won only if unclaimed (or ours) and not already holding this content.
_CLAIM_URL = """
INSERT INTO articles AS a (url_hash, canonical_url, claim_fp, claim_modified, claim_worker,
    claim_run)
VALUES (%s, %s, %s, %s, %s, %s)
ON CONFLICT (url_hash) DO UPDATE SET claim_fp = EXCLUDED.claim_fp,
    claim_modified = EXCLUDED.claim_modified, claim_worker = EXCLUDED.claim_worker,
    claim_run = EXCLUDED.claim_run
WHERE (a.claim_worker IS NULL OR a.claim_worker = EXCLUDED.claim_worker)
    AND a.fingerprint IS DISTINCT FROM EXCLUDED.claim_fp
RETURNING 1
"""
# Record a written article as seen; the claim of worker %(w)s on it is settled.
_RECORD_URL = """
INSERT INTO articles AS a (url_hash, canonical_url, fingerprint, modified)
VALUES (%(h)s, %(url)s, %(fp)s, %(modified)s)
ON CONFLICT (url_hash) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
    modified = EXCLUDED.modified,
    claim_fp = CASE WHEN a.claim_worker = %(w)s THEN NULL ELSE a.claim_fp END,
    claim_modified = CASE WHEN a.claim_worker = %(w)s THEN NULL ELSE a.claim_modified END,
    claim_run = CASE WHEN a.claim_worker = %(w)s THEN NULL ELSE a.claim_run END,
    claim_worker = NULLIF(a.claim_worker, %(w)s)
"""
_RECORD_PRINT = """
INSERT INTO prints AS p (print_hash, fingerprint, canonical_url, seen, worker)
VALUES (%(ph)s, %(fp)s, %(url)s, true, NULL)
ON CONFLICT (print_hash) DO UPDATE SET seen = true, worker = NULLIF(p.worker, %(w)s)
"""
# A memo (a re-post, a re-dated page): the seen columns only, claims untouched.
_REMEMBER = """
INSERT INTO articles AS a (url_hash, canonical_url, fingerprint, modified)
VALUES (%s, %s, %s, %s)
ON CONFLICT (url_hash) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
    modified = EXCLUDED.modified
"""


def digest(text: str) -> bytes:
    """The 128-bit key of a URL or fingerprint."""
    return blake2b(text.encode(), digest_size=16).digest()


def _line(exc: BaseException) -> str:
    text = " ".join(str(exc).split("\n")[0].split())
    return text or type(exc).__name__


def describe(exc: BaseException, url: str) -> str:
    """One line saying what is wrong with the state server and what to do."""
    where = f"state server {redact(url)}"
    if isinstance(exc, errors.LockNotAvailable | errors.QueryCanceled):
        return f"{where}: still locked by another worker after the timeout ({_line(exc)})"
    state = getattr(exc, "sqlstate", None)
    if isinstance(exc, psycopg.OperationalError) and (state is None or state.startswith("08")):
        return f"{where} cannot be reached ({_line(exc)}): start it, or check STATE_URL"
    return f"{where}: {_line(exc)}"


def _connect(url: str, busy_timeout: float) -> psycopg.Connection[Any]:
    """An autocommit connection with synchronous commits and the crawler's schema."""
    db = psycopg.connect(
        url,
        autocommit=True,
        connect_timeout=max(1, round(busy_timeout)),
        # A dead peer (a worker's host gone) is noticed within a minute or so.
        keepalives=1,
        keepalives_idle=30,
        keepalives_interval=10,
        keepalives_count=3,
        application_name="newscrawler",
    )
    try:
        db.execute("SET synchronous_commit TO on")
        db.execute(f"SET lock_timeout TO {max(1, round(busy_timeout * 1000))}")
        _migrate(db)
        db.execute("SET search_path TO newscrawler")
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: psycopg.Connection[Any]) -> None:
    """Create the schema once (serialised across workers); refuse a newer one."""
    version = _version(db)
    if version is not None and version > SCHEMA_VERSION:
        raise StateDirError(
            f"the state server's schema is version {version}, newer than this "
            f"crawler's {SCHEMA_VERSION}: upgrade the crawler"
        )
    if version == SCHEMA_VERSION:
        return  # DDL, even IF NOT EXISTS, locks tables other workers are writing
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (key("newscrawler-schema"),))
        db.execute(SCHEMA)
        if _version(db) is None:
            db.execute("INSERT INTO newscrawler.version VALUES (%s)", (SCHEMA_VERSION,))


def _version(db: psycopg.Connection[Any]) -> int | None:
    """The schema version of the crawler's tables in this database, if any."""
    row = db.execute("SELECT to_regclass('newscrawler.version') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    found = db.execute("SELECT max(version) FROM newscrawler.version").fetchone()
    return int(found[0]) if found and found[0] is not None else None


def check_server(url: str, busy_timeout: float = BUSY_TIMEOUT) -> None:
    """Fail early, with one line, when the state server cannot hold the state."""
    try:
        _connect(url, busy_timeout).close()
    except psycopg.Error as exc:
        raise StateDirError(describe(exc, url)) from None


def check_run(url: str, scope: str, run_id: str | None, busy_timeout: float = BUSY_TIMEOUT) -> None:
    """Raise RunLocked if a live worker of another run holds ``scope`` (a check, not a lock).

    The lock itself is taken atomically when the store opens (PostgresStore).
    """
    try:
        db = _connect(url, busy_timeout)
    except psycopg.Error as exc:
        raise StateDirError(describe(exc, url)) from None
    try:
        _refuse_other_runs(db, url, scope, run_id)
    except psycopg.Error as exc:
        raise StateDirError(describe(exc, url)) from None
    finally:
        db.close()


def _alive(db: psycopg.Connection[Any], lock_key: int) -> bool:
    """Whether the worker holding ``lock_key`` still has its session (its process lives).

    The probe is a *shared* lock: only the worker's own exclusive lock refuses
    it, so two workers probing the same dead worker at once both see it dead
    (an exclusive probe made the other one see it alive, and refuse to start).
    """
    row = db.execute("SELECT pg_try_advisory_lock_shared(%s)", (lock_key,)).fetchone()
    if row and row[0]:
        db.execute("SELECT pg_advisory_unlock_shared(%s)", (lock_key,))
        return False
    return True


def _refuse_other_runs(
    db: psycopg.Connection[Any], url: str, scope: str, run_id: str | None
) -> None:
    rows = db.execute(
        "SELECT worker, run_id, host, pid, started, lock_key FROM workers "
        "WHERE scope = %s AND status IN ('running', 'finished') AND run_id IS DISTINCT FROM %s",
        (scope, run_id),
    ).fetchall()
    for _worker, other_run, host, pid, started, lock_key in rows:
        if _alive(db, lock_key):
            since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(started))
            raise RunLocked(
                f"another run of {scope} ({other_run}) is using the state server "
                f"{redact(url)} (pid {pid} on {host} since {since}Z); wait for it to end, "
                "or give every worker of one run the same STATE_RUN_ID"
            )


_R = TypeVar("_R")
_guarded = guarded_by(psycopg.Error)


class _Lost(Exception):
    """A claim lost to another worker: its transaction is rolled back."""


class PostgresStore(StateStore):
    """The state of every worker of a crawl, in one PostgreSQL database (see module doc)."""

    shared = True

    def __init__(
        self,
        url: str,
        local_dir: Path,
        run_id: str,
        scope: str = "",
        busy_timeout: float = BUSY_TIMEOUT,
        *,
        host: str = "",
        orphan_timeout: float = ORPHAN_TIMEOUT,
    ) -> None:
        self.url = url
        self.local_dir = local_dir
        self.run_id = run_id
        self.scope = scope
        self.busy_timeout = busy_timeout
        self.orphan_timeout = orphan_timeout
        self.host = host or os.uname().nodename
        safe_host = re.sub(r"[^A-Za-z0-9.-]+", "_", self.host)[:60]
        # Unique per process, readable in file names (recovered/<file>.<worker>.torn).
        self.worker = f"{run_id}.{safe_host}.{os.getpid()}.{uuid4().hex[:8]}"
        self.lock_key = key(f"newscrawler-worker:{self.worker}")
        self._completed: set[tuple[str, str]] = set()
        self._memos: dict[str, tuple[str, str | None]] = {}
        self._mutex = threading.RLock()
        try:
            self._db = _connect(url, busy_timeout)
        except psycopg.Error as exc:
            raise StateDirError(describe(exc, url)) from None
        try:
            with self._db.transaction():
                # One start at a time per scope: the check and the registration are atomic.
                self._db.execute(
                    "SELECT pg_advisory_xact_lock(%s)", (key(f"newscrawler-run:{scope}"),)
                )
                _refuse_other_runs(self._db, url, scope, run_id)
                self._db.execute(
                    "INSERT INTO workers (worker, run_id, scope, host, pid, lock_key, started, "
                    "status) VALUES (%s, %s, %s, %s, %s, %s, %s, 'running')",
                    (
                        self.worker,
                        run_id,
                        scope,
                        self.host,
                        os.getpid(),
                        self.lock_key,
                        time.time(),
                    ),
                )
                self._db.execute("SELECT pg_advisory_lock(%s)", (self.lock_key,))
        except BaseException as exc:
            self._db.close()
            if isinstance(exc, psycopg.Error):
                raise StateDirError(describe(exc, url)) from None
            raise

    def _failed(self, exc: psycopg.Error, *, report: bool = True) -> StateError:
        """The StateError for ``exc``, told to ``on_error`` unless the caller reports it."""
        error = StateError(describe(exc, self.url))
        if report and self.on_error is not None:
            self.on_error(error)
        return error

    @contextlib.contextmanager
    def _tx(self) -> Iterator[psycopg.Cursor[Any]]:
        with self._mutex, self._db.transaction(), self._db.cursor() as cur:
            yield cur

    def _retry(self, work: Callable[[psycopg.Cursor[Any]], _R]) -> _R:
        """Run ``work`` in one transaction; again if it lost a deadlock."""
        for attempt in range(RETRIES):
            try:
                with self._tx() as cur:
                    return work(cur)
            except (errors.DeadlockDetected, errors.SerializationFailure):
                if attempt == RETRIES - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    # -- articles ----------------------------------------------------------------------

    @_guarded
    def get(self, canonical_url: str) -> Known | None:
        with self._mutex:
            row = self._db.execute(
                "SELECT fingerprint, modified, claim_fp, claim_modified, claim_worker "
                "FROM articles WHERE url_hash = %s AND canonical_url = %s",
                (digest(canonical_url), canonical_url),
            ).fetchone()
        if row is not None and row[4] == self.worker:
            return Known(canonical_url, row[2], row[3])
        if (memo := self._memos.get(canonical_url)) is not None:
            return Known(canonical_url, *memo)
        if row is None:
            return None
        if row[4] is not None:  # another worker is writing it
            return Known(canonical_url, row[2], row[3])
        return Known(canonical_url, row[0], row[1]) if row[0] is not None else None

    @_guarded
    def has_fingerprint(self, fingerprint: str) -> bool:
        if any(fp == fingerprint for fp, _ in self._memos.values()):
            return True
        with self._mutex:
            row = self._db.execute(
                "SELECT 1 FROM prints WHERE print_hash = %s AND fingerprint = %s",
                (digest(fingerprint), fingerprint),
            ).fetchone()
        return row is not None

    @_guarded
    def add_pending(self, canonical_url: str, fingerprint: str, modified: str | None) -> bool:
        """Claim the article by URL and content fingerprint, atomically across workers.

        False when another worker holds either, or the content is already
        written (under this URL or another): the caller drops the item.
        """
        url_hash, print_hash = digest(canonical_url), digest(fingerprint)
        me = self.worker

        def claim(cur: psycopg.Cursor[Any]) -> None:
            cur.execute(
                "INSERT INTO prints VALUES (%s, %s, %s, false, %s) "
                "ON CONFLICT (print_hash) DO NOTHING RETURNING 1",
                (print_hash, fingerprint, canonical_url, me),
            )
            if cur.fetchone() is None:
                # Taken: only by this very URL, unclaimed or claimed by us, may we go on
                # (the URL's claim below then decides).
                cur.execute(
                    "UPDATE prints SET worker = %s WHERE print_hash = %s AND canonical_url = %s "
                    "AND (worker IS NULL OR worker = %s) RETURNING 1",
                    (me, print_hash, canonical_url, me),
                )
                if cur.fetchone() is None:
                    raise _Lost
            cur.execute(
                "SELECT claim_fp FROM articles WHERE url_hash = %s AND claim_worker = %s",
                (url_hash, me),
            )
            previous = cur.fetchone()
            cur.execute(
                _CLAIM_URL, (url_hash, canonical_url, fingerprint, modified, me, self.run_id)
            )
            if cur.fetchone() is None:
                raise _Lost
            if previous is not None and previous[0] != fingerprint:  # our own earlier claim
                _release_print(cur, digest(previous[0]), me)

        try:
            self._retry(claim)
        except _Lost:
            return False
        return True

    def remember(self, canonical_url: str, fingerprint: str, modified: str | None) -> None:
        """Remember an article without a record (a re-post, a re-dated page) at the next commit."""
        self._memos[canonical_url] = (fingerprint, modified)

    def flush(self) -> None:
        """Nothing to do: every claim is in the server as soon as it is made."""

    def _record(
        self, cur: psycopg.Cursor[Any], rows: list[tuple[str, str, str | None]], worker: str | None
    ) -> None:
        """Within a transaction: record written articles as seen, settling ``worker``'s claims."""
        keyed = [(digest(url), digest(fp), url, fp, modified) for url, fp, modified in rows]
        # In key order, so that two transactions never wait for each other in a circle.
        prints = [
            {"ph": ph, "fp": fp, "url": url, "w": worker}
            for _, ph, url, fp, _m in sorted(keyed, key=itemgetter(1))
        ]
        urls = [
            {"h": h, "url": url, "fp": fp, "modified": modified, "w": worker}
            for h, _, url, fp, modified in sorted(keyed, key=itemgetter(0))
        ]
        if keyed:
            cur.executemany(_RECORD_PRINT, prints)
            cur.executemany(_RECORD_URL, urls)

    def _commit_memos(self, cur: psycopg.Cursor[Any]) -> list[str]:
        """Within a transaction: record the memos whose story is recorded; their URLs."""
        settled = []
        for url, (fp, modified) in sorted(self._memos.items()):
            cur.execute(
                "SELECT 1 FROM prints WHERE print_hash = %s AND fingerprint = %s AND seen",
                (digest(fp), fp),
            )
            if cur.fetchone() is not None:
                cur.execute(_REMEMBER, (digest(url), url, fp, modified))
                settled.append(url)
        return settled

    @_guarded
    def commit(self, written: Iterable[tuple[str, str, str | None]] = ()) -> int:
        """Record as seen the articles whose records are durably saved, plus settled memos.

        One transaction, committed synchronously: a crash keeps all or none.
        """
        rows = list(written)
        if not rows and not self._memos:
            return 0

        def work(cur: psycopg.Cursor[Any]) -> list[str]:
            self._record(cur, rows, self.worker)
            return self._commit_memos(cur)

        for url in self._retry(work):
            del self._memos[url]
        return len(rows)

    @_guarded
    def finish(self, *, claims: bool, progress: bool) -> int:
        """End this worker: keep or release its claims, keep progress, close its outputs.

        Progress (validators, completed listings) is kept only if ``progress``
        and no worker of this run has died: a dead worker's released articles
        must be met again by the next run's full walk.
        """
        me = self.worker

        def work(cur: psycopg.Cursor[Any]) -> tuple[int, list[str]]:
            kept = 0
            if claims:
                cur.execute(
                    "UPDATE articles SET fingerprint = claim_fp, modified = claim_modified, "
                    "claim_fp = NULL, claim_modified = NULL, claim_worker = NULL, "
                    "claim_run = NULL WHERE claim_worker = %s",
                    (me,),
                )
                kept = cur.rowcount
                cur.execute("UPDATE prints SET seen = true, worker = NULL WHERE worker = %s", (me,))
            settled = self._commit_memos(cur)
            if progress and not self._run_lost(cur):
                cur.execute(
                    "INSERT INTO resources SELECT url, etag, last_modified, lastmod, run_id "
                    "FROM pending_resources WHERE worker = %s ORDER BY url "
                    "ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag, "
                    "last_modified = EXCLUDED.last_modified, lastmod = EXCLUDED.lastmod, "
                    "run_id = EXCLUDED.run_id",
                    (me,),
                )
                cur.executemany(
                    "INSERT INTO listings VALUES (%s, %s, %s) ON CONFLICT (site, category) "
                    "DO UPDATE SET run_id = EXCLUDED.run_id",
                    [(site, category, self.run_id) for site, category in sorted(self._completed)],
                )
            _release(cur, me)  # claims never saved, validators
            cur.execute(
                "UPDATE outputs SET status = 'closed' WHERE worker = %s AND status = 'open'",
                (me,),
            )
            cur.execute("UPDATE workers SET status = 'finished' WHERE worker = %s", (me,))
            return kept, settled

        kept, _settled = self._retry(work)
        self._memos.clear()
        self._completed.clear()
        return kept

    def _run_lost(self, cur: psycopg.Cursor[Any]) -> bool:
        """Whether a worker of this run died (released, or dead and not yet noticed)."""
        rows = cur.execute(
            "SELECT status, lock_key FROM workers WHERE run_id = %s AND worker != %s "
            "AND status IN ('running', 'dead')",
            (self.run_id, self.worker),
        ).fetchall()
        return any(status == "dead" or not _alive(self._db, lock) for status, lock in rows)

    # -- outputs and recovery ----------------------------------------------------------

    def register_output(self, path: str, fmt: str, start: int) -> None:
        """Note, durably and before the first byte is written, that this worker writes ``path``."""
        try:
            with self._tx() as cur:
                cur.execute(
                    "INSERT INTO outputs VALUES (%s, %s, %s, %s, %s, %s, %s, 'open', %s) "
                    "ON CONFLICT (worker, path) DO UPDATE SET format = EXCLUDED.format, "
                    "start = EXCLUDED.start, status = 'open', opened = EXCLUDED.opened",
                    (
                        self.worker,
                        path,
                        self.host,
                        self.run_id,
                        self.scope,
                        fmt,
                        start,
                        time.time(),
                    ),
                )
        except psycopg.Error as exc:
            raise self._failed(exc, report=False) from exc

    def _dead_workers(self) -> list[tuple[str, str, str, float | None]]:
        """(worker, run id, status, dead since) of the workers of this scope that died."""
        with self._mutex:
            rows = self._db.execute(
                "SELECT worker, run_id, status, dead_since, lock_key FROM workers "
                "WHERE scope = %s AND status IN ('running', 'finished') AND worker != %s "
                "ORDER BY started",
                (self.scope, self.worker),
            ).fetchall()
            return [row[:4] for row in rows if not _alive(self._db, row[4])]

    @_guarded
    def unfinished_outputs(self, *, this_run: bool = False) -> list[Output]:
        """Open outputs: this worker's own, or on this host those of workers that died."""
        dead = [] if this_run else [worker for worker, *_ in self._dead_workers()]
        workers = [self.worker] if this_run else dead
        with self._mutex:
            rows = self._db.execute(
                "SELECT worker, path, format, start, status FROM outputs "
                "WHERE worker = ANY(%s) AND host = %s AND status = 'open' ORDER BY opened",
                (workers, self.host),
            ).fetchall()
        return [Output(*row) for row in rows]

    @_guarded
    def recovered(self, output: Output, written: Iterable[tuple[str, str, str | None]]) -> int:
        """Record the complete records of a dead worker's file (its claims become seen)."""
        rows = list(written)

        def work(cur: psycopg.Cursor[Any]) -> None:
            self._record(cur, rows, output.run_id)
            cur.execute(
                "UPDATE outputs SET status = 'recovered' WHERE worker = %s AND path = %s",
                (output.run_id, output.path),
            )

        self._retry(work)
        return len(rows)

    @contextlib.contextmanager
    def recovering(self) -> Iterator[object]:
        """One worker of a scope at a time recovers and releases dead workers' state."""
        lock = key(f"newscrawler-recover:{self.scope}")
        try:
            with self._mutex:
                self._db.execute("SELECT pg_advisory_lock(%s)", (lock,))
        except psycopg.Error as exc:
            raise StateDirError(describe(exc, self.url)) from None
        try:
            yield self
        finally:
            with self._mutex, contextlib.suppress(psycopg.Error):
                self._db.execute("SELECT pg_advisory_unlock(%s)", (lock,))

    @_guarded
    def release_dead(self) -> int:
        """Release the claims of dead workers whose files are all recovered; how many.

        A dead worker's file on another host keeps its claims until that host
        recovers it, or ``orphan_timeout`` seconds after its death was noticed.
        A worker that died before finishing takes its run's progress with it.
        """
        released = 0
        now = time.time()
        for worker, run_id, status, noticed in self._dead_workers():
            dead_since = noticed if noticed is not None else now
            with self._mutex:
                if noticed is None:
                    self._db.execute(
                        "UPDATE workers SET dead_since = %s WHERE worker = %s", (now, worker)
                    )
                elsewhere = self._db.execute(
                    "SELECT host, path FROM outputs WHERE worker = %s AND status = 'open'",
                    (worker,),
                ).fetchall()
            if elsewhere:
                if now - dead_since < self.orphan_timeout:
                    continue
                logger.warning(
                    "Worker %s died %.0f s ago and its output %s on %s was never recovered: "
                    "its claims are released (those articles are crawled again)",
                    worker,
                    now - dead_since,
                    elsewhere[0][1],
                    elsewhere[0][0],
                )

            def work(
                cur: psycopg.Cursor[Any],
                worker: str = worker,
                run_id: str = run_id,
                lost: bool = status == "running",
            ) -> int:
                cur.execute(
                    "UPDATE outputs SET status = 'abandoned' WHERE worker = %s AND status = 'open'",
                    (worker,),
                )
                count = _release(cur, worker)
                if lost:
                    cur.execute("DELETE FROM listings WHERE run_id = %s", (run_id,))
                    cur.execute("DELETE FROM resources WHERE run_id = %s", (run_id,))
                cur.execute(
                    "UPDATE workers SET status = %s WHERE worker = %s",
                    ("dead" if lost else "done", worker),
                )
                return count

            count = self._retry(work)
            if count:
                logger.warning(
                    "Released %d claims of worker %s, which died before writing them: "
                    "those articles are crawled again",
                    count,
                    worker,
                )
            released += count
        return released

    @_guarded
    def last_output_status(self, path: str) -> str | None:
        with self._mutex:
            row = self._db.execute(
                "SELECT status FROM outputs WHERE path = %s AND host = %s "
                "ORDER BY opened DESC LIMIT 1",
                (path, self.host),
            ).fetchone()
        return str(row[0]) if row else None

    @_guarded
    def add_seen(self, rows: Iterable[tuple[str, str, str | None]]) -> None:
        batch = list(rows)
        self._retry(lambda cur: self._record(cur, batch, None))

    # -- validators, listings, meta ----------------------------------------------------

    @_guarded
    def resource(self, url: str) -> Resource | None:
        with self._mutex:
            row = self._db.execute(
                "SELECT url, etag, last_modified, lastmod FROM resources WHERE url = %s", (url,)
            ).fetchone()
        return Resource(*row) if row else None

    @_guarded
    def add_resource(self, resource: Resource) -> None:
        with self._mutex:
            self._db.execute(
                "INSERT INTO pending_resources VALUES (%s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (worker, url) DO UPDATE SET etag = EXCLUDED.etag, "
                "last_modified = EXCLUDED.last_modified, lastmod = EXCLUDED.lastmod",
                (
                    self.worker,
                    resource.url,
                    resource.etag,
                    resource.last_modified,
                    resource.lastmod,
                    self.run_id,
                ),
            )

    @_guarded
    def recent(self, limit: int, prefix: str = "") -> list[str]:
        with self._mutex:
            rows = self._db.execute(
                "SELECT canonical_url FROM articles WHERE fingerprint IS NOT NULL "
                "AND modified IS NOT NULL AND starts_with(canonical_url, %s) "
                "ORDER BY modified DESC LIMIT %s",
                (prefix, limit),
            ).fetchall()
        return [str(row[0]) for row in rows]

    @_guarded
    def get_meta(self, key: str) -> str | None:
        with self._mutex:
            row = self._db.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()
        return str(row[0]) if row else None

    @_guarded
    def set_meta(self, key: str, value: str) -> None:
        with self._mutex:
            self._db.execute(
                "INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                "SET value = EXCLUDED.value",
                (key, value),
            )

    @_guarded
    def listing_complete(self, site: str, category: str) -> bool:
        with self._mutex:
            row = self._db.execute(
                "SELECT 1 FROM listings WHERE site = %s AND category = %s", (site, category)
            ).fetchone()
        return row is not None

    def mark_listing_complete(self, site: str, category: str) -> None:
        self._completed.add((site, category))

    @_guarded
    def publish_report(
        self, report: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], list[str]] | None:
        """Keep this worker's report with its run's; all of them to the run's last worker.

        Under a lock on the run, so of two workers finishing at once exactly one
        sees the other's report.  A worker of the run that is neither reported
        nor alive (killed, its host gone) is *lost*; one alive and unreported
        will report later, so this worker is not the last.  The last takes the
        reports (``meta`` rows ``report:<scope>:<run>:<worker>``) and deletes them.
        """
        prefix = f"report:{self.scope}:{self.run_id}:"
        entry = {"worker": self.worker, "host": self.host, "pid": os.getpid(), "report": report}

        def work(cur: psycopg.Cursor[Any]) -> tuple[list[dict[str, Any]], list[str]] | None:
            cur.execute(
                "SELECT pg_advisory_xact_lock(%s)",
                (key(f"newscrawler-report:{self.scope}:{self.run_id}"),),
            )
            cur.execute(
                "INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                "SET value = EXCLUDED.value",
                (prefix + self.worker, json.dumps(entry, default=str)),
            )
            rows = cur.execute(
                "SELECT key, value FROM meta WHERE left(key, %s) = %s ORDER BY key",
                (len(prefix), prefix),
            ).fetchall()
            reported = {name.removeprefix(prefix) for name, _ in rows}
            others = cur.execute(
                "SELECT worker, status, lock_key FROM workers "
                "WHERE run_id = %s AND scope = %s AND worker != %s",
                (self.run_id, self.scope, self.worker),
            ).fetchall()
            lost = []
            for worker, status, lock_key in others:
                if worker in reported:
                    continue
                if status in ("running", "finished") and _alive(self._db, lock_key):
                    return None  # it reports later: the combined report is its to write
                lost.append(worker)
            cur.execute("DELETE FROM meta WHERE left(key, %s) = %s", (len(prefix), prefix))
            return [json.loads(value) for _, value in rows], sorted(lost)

        return self._retry(work)

    def close(self) -> None:
        """Close the connection: the worker's lock goes with it (unfinished: recovered later)."""
        with self._mutex, contextlib.suppress(psycopg.Error):
            self._db.close()


def _release_print(cur: psycopg.Cursor[Any], print_hash: bytes, worker: str) -> None:
    cur.execute(
        "DELETE FROM prints WHERE print_hash = %s AND worker = %s AND NOT seen",
        (print_hash, worker),
    )
    cur.execute(
        "UPDATE prints SET worker = NULL WHERE print_hash = %s AND worker = %s",
        (print_hash, worker),
    )


def _release(cur: psycopg.Cursor[Any], worker: str) -> int:
    """Within a transaction: drop every claim ``worker`` still holds; how many URLs."""
    cur.execute("DELETE FROM articles WHERE claim_worker = %s AND fingerprint IS NULL", (worker,))
    count = cur.rowcount
    cur.execute(
        "UPDATE articles SET claim_fp = NULL, claim_modified = NULL, claim_worker = NULL, "
        "claim_run = NULL WHERE claim_worker = %s",
        (worker,),
    )
    count += cur.rowcount
    cur.execute("DELETE FROM prints WHERE worker = %s AND NOT seen", (worker,))
    cur.execute("UPDATE prints SET worker = NULL WHERE worker = %s", (worker,))
    cur.execute("DELETE FROM pending_resources WHERE worker = %s", (worker,))
    return count
