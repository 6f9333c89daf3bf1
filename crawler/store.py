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

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from hashlib import blake2b
from operator import itemgetter
from pathlib import Path

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
# Claims are written to SQLite in batches: this many, or this often (seconds).
WRITE_BATCH = 5000
WRITE_INTERVAL = 1.0
# Memory-mapped reads of the state file, at most this much of it: clean,
# file-backed pages the kernel can drop (they count in RSS while mapped).
MMAP_BYTES = 64 * 2**20


def key(text: str) -> int:
    """A stable signed 64-bit hash of ``text``: the integer row key of a URL or fingerprint."""
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


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


def check_state_dir(state_dir: str | Path) -> None:
    """Fail early, with the reason, when STATE_DIR is not a writable directory."""
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
    state = folder / "state.sqlite3"
    if state.exists():
        with sqlite3.connect(state) as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StateDirError(
                f"{state} has state schema {version}, newer than this "
                f"crawler's {SCHEMA_VERSION}: upgrade the crawler"
            )


class StateStore:
    """Seen articles and listing progress, in ``<state_dir>/state.sqlite3``."""

    def __init__(self, path: Path, run_id: str, scope: str = "") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.run_id = run_id
        self.scope = scope
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit that says an article is written survives power loss too.
        # Commits are batched (crawler.extensions.feeds), so this costs little.
        self._db.execute("PRAGMA synchronous=FULL")
        # Lookups read pages straight from the OS cache, not a system call per page
        # once the file outgrows SQLite's own 2 MB cache (bench/store.py).
        self._db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        self._migrate()
        self._completed: set[tuple[str, str]] = set()
        # This run's newest claims, written in one transaction per batch (a commit
        # per article was the store's main cost); they supersede SQL pending rows.
        self._unwritten: dict[str, tuple[str, str | None]] = {}
        self._unwritten_prints: dict[str, int] = {}
        # Facts about articles that are not records (a re-post, a new date):
        # kept at the next commit whatever happens to the output.
        self._memos: dict[str, tuple[str, str | None]] = {}
        self._written_at = time.monotonic()
        # Pending rows of an earlier run of this scope (spider) were never confirmed
        # as written; other spiders sharing the folder may be running right now.
        for table in ("pending", "pending_resources"):
            self._db.execute(
                f"DELETE FROM {table} WHERE scope = ? AND run_id != ?",
                (scope, run_id),
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

    @classmethod
    def open(cls, state_dir: str | Path, run_id: str, scope: str = "") -> StateStore:
        return cls(Path(state_dir) / "state.sqlite3", run_id, scope)

    def get(self, canonical_url: str) -> Known | None:
        """The newest record of ``canonical_url``: this run's pending one, else the seen one."""
        if (claimed := self._unwritten.get(canonical_url)) is not None:
            return Known(canonical_url, *claimed)
        if (memo := self._memos.get(canonical_url)) is not None:
            return Known(canonical_url, *memo)
        row = self._db.execute(_GET, (key(canonical_url), canonical_url)).fetchone()
        return Known(canonical_url, *row) if row else None

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

    def add_pending(self, canonical_url: str, fingerprint: str, modified: str | None) -> None:
        """Remember an article this run is writing (not yet confirmed as written).

        Written to SQLite in batches of up to WRITE_BATCH claims, or after
        WRITE_INTERVAL seconds; this store sees them at once, other processes
        at the next write.  A crash loses nothing: pending rows of an
        unfinished run are discarded by the next one anyway.
        """
        previous = self._unwritten.pop(canonical_url, None)
        if previous is not None:
            self._forget_print(previous[0])
        self._unwritten[canonical_url] = (fingerprint, modified)
        self._unwritten_prints[fingerprint] = self._unwritten_prints.get(fingerprint, 0) + 1
        if (
            len(self._unwritten) >= WRITE_BATCH
            or time.monotonic() - self._written_at >= WRITE_INTERVAL
        ):
            self.flush()

    def remember(self, canonical_url: str, fingerprint: str, modified: str | None) -> None:
        """Remember an article without a record (a re-post, a re-dated page) at the next commit."""
        self._memos[canonical_url] = (fingerprint, modified)

    def _forget_print(self, fingerprint: str) -> None:
        left = self._unwritten_prints[fingerprint] - 1
        if left:
            self._unwritten_prints[fingerprint] = left
        else:
            del self._unwritten_prints[fingerprint]

    def flush(self) -> None:
        """Write this run's unwritten claims to the pending table, in one transaction."""
        self._written_at = time.monotonic()
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

    def commit(self, written: Iterable[tuple[str, str, str | None]] = ()) -> int:
        """Record as seen the articles whose records are durably saved, plus settled memos.

        ``written`` holds (canonical URL, fingerprint, modified) of records the
        caller has just fsynced; one transaction, so a crash keeps all or none.
        A memo (a re-post, a new date) is kept only once the story it points
        to is recorded: a re-post of a story that was never saved must not
        hide the story.  Returns how many articles it recorded.
        """
        rows = [(key(url), url, fp, key(fp), modified) for url, fp, modified in written]
        if not rows and not self._memos:
            return 0
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
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
        settled = [
            (key(url), url, fp, key(fp), modified)
            for url, (fp, modified) in self._memos.items()
            if self._db.execute(_SEEN_PRINT, (key(fp), fp)).fetchone()
        ]
        self._db.executemany(
            f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            settled,
        )
        for _, url, *_rest in settled:
            del self._memos[url]

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

    def confirm(self) -> int:
        """Keep everything this run claimed, its validators and completed listings."""
        return self.finish(claims=True, progress=True)

    # -- outputs (crawler.output) ---------------------------------------------------

    def register_output(self, path: str, fmt: str, start: int) -> None:
        """Note, durably and before the first byte is written, that this run writes ``path``."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?, 'open', ?)",
                (self.run_id, path, self.scope, fmt, start, time.time()),
            )

    def unfinished_outputs(self, *, this_run: bool = False) -> list[Output]:
        """Outputs still open: an earlier run of this scope that died, or this run's own."""
        where = "run_id = ?" if this_run else "run_id != ?"
        rows = self._db.execute(
            "SELECT run_id, path, format, start, status FROM outputs "
            f"WHERE scope = ? AND status = 'open' AND {where} ORDER BY opened",
            (self.scope, self.run_id),
        )
        return [Output(*row) for row in rows]

    def recovered(self, output: Output, written: Iterable[tuple[str, str, str | None]]) -> int:
        """Record the complete records found in a dead run's output; mark it recovered."""
        rows = [(key(url), url, fp, key(fp), modified) for url, fp, modified in written]
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            self._db.execute(
                "UPDATE outputs SET status = 'recovered' WHERE run_id = ? AND path = ?",
                (output.run_id, output.path),
            )
        return len(rows)

    def last_output_status(self, path: str) -> str | None:
        """How the newest run that wrote ``path`` ended: open, closed or recovered."""
        row = self._db.execute(
            "SELECT status FROM outputs WHERE path = ? ORDER BY opened DESC LIMIT 1", (path,)
        ).fetchone()
        return str(row[0]) if row else None

    def add_seen(self, rows: Iterable[tuple[str, str, str | None]]) -> None:
        """Bulk-insert already-written articles (imports, benchmarks)."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                f"INSERT OR REPLACE INTO articles ({_ARTICLE_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                ((key(url), url, fp, key(fp), modified) for url, fp, modified in rows),
            )

    def resource(self, url: str) -> Resource | None:
        """Validators and sitemap lastmod confirmed for ``url`` by an earlier run."""
        row = self._db.execute(
            "SELECT url, etag, last_modified, lastmod FROM resources WHERE url = ?", (url,)
        ).fetchone()
        return Resource(*row) if row else None

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

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def listing_complete(self, site: str, category: str) -> bool:
        row = self._db.execute(
            "SELECT complete FROM listings WHERE site = ? AND category = ?", (site, category)
        ).fetchone()
        return bool(row and row[0])

    def mark_listing_complete(self, site: str, category: str) -> None:
        """A category's backlog was walked to its end: once confirmed, runs may stop early."""
        self._completed.add((site, category))

    def close(self) -> None:
        self.flush()
        self._db.close()
