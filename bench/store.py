"""Dedup store: lookups and inserts per second with 1,000,000 seen articles, and size on disk.

Usage::

    python -m bench.store [--rows 1000000] [--ops 50000]
    python -m bench.store --backend postgresql [--url postgresql://...] [--rows N] [--ops N]

Fills a fresh ``StateStore`` (``crawler/store.py``, SQLite under a temporary
STATE_DIR; or ``crawler/store_postgres.py`` in a fresh database: of the
server ``--url`` names, else of a throwaway PostgreSQL 15 started on a
loopback port with fsync on, as tests/pgserver.py starts it) with ``--rows``
seen articles in bulk, then times the calls a crawl makes per article,
``--ops`` of each on keys drawn beforehand:

- ``get`` of a seen and of an unseen canonical URL (the spider's listing check,
  the dedup pipeline's URL check: this run's pending table, then the seen one);
- ``has_fingerprint`` of an unseen fingerprint (the pipeline's content check);
- ``add_pending`` of new articles (the pipeline's claim; written in batches,
  the last batch's write included);
- one new article end to end: ``get`` + ``has_fingerprint`` + ``add_pending``;
- ``confirm()`` of the run's pending articles into the seen table.

The baseline, measured on the same file in the same run, is SQLite's floor
through Python's sqlite3: one primary-key ``SELECT`` on the articles table
(its integer key computed beforehand) and one autocommit ``INSERT`` on a bare
two-column table.  Lookups are also timed at 10,000 and 100,000 rows while
filling, and the shape of the articles B-tree is read from SQLite's ``dbstat``
at each size (depth, inner pages), to show what a lookup reads: the inner
pages stay cached, so every lookup reads one leaf page whatever the size.

With PostgreSQL every claim is its own synchronously committed transaction
(atomic across workers, see crawler/store_postgres.py) and every call a
round trip to the server; its floor is psycopg's: one primary-key SELECT on
the articles table and one autocommit INSERT.  The B-tree shape is SQLite's
only.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bench._common import machine, mib, verdict, versions
from crawler.store import StateStore, key
from crawler.store_postgres import PostgresStore, digest
from tests.pgserver import PostgresServer

TARGET = 50_000  # operations per second
CATEGORIES = ("top-news", "world-news", "uk-news", "eu-news", "lite-blogs", "columns", "media")


def url(n: int) -> str:
    """A canonical article URL of the shape the crawler stores."""
    return f"https://asianlite.com/{2010 + n % 16}/{CATEGORIES[n % 7]}/story-number-{n}-headline"


def fingerprint(n: int) -> str:
    return hashlib.sha1(str(n).encode(), usedforsecurity=False).hexdigest()


def row(n: int) -> tuple[str, str, str]:
    return url(n), fingerprint(n), f"20{10 + n % 16}-0{1 + n % 9}-1{n % 10}T08:00:00+00:00"


def rate(
    ops: int,
    call: Callable[[int], object],
    keys: Sequence[int],
    then: Callable[[], object] = lambda: None,
) -> float:
    """Calls per second of ``call`` over ``keys`` (``ops`` of them), ``then`` included."""
    started = time.perf_counter()
    for item in keys[:ops]:
        call(item)
    then()
    return ops / (time.perf_counter() - started)


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith("state.sqlite3"))


def fill(store: StateStore, start: int, stop: int, batch: int = 50_000) -> float:
    """Bulk-add seen articles ``start..stop-1``; rows per second."""
    started = time.perf_counter()
    for low in range(start, stop, batch):
        store.add_seen(row(n) for n in range(low, min(low + batch, stop)))
    return (stop - start) / (time.perf_counter() - started)


@dataclass
class Results:
    rows: int
    fill_rate: float = 0.0
    growth: list[tuple[int, float]] = field(default_factory=list)  # (rows, get/s)
    shapes: list[tuple[int, int, int]] = field(default_factory=list)  # (rows, depth, inner B)
    floor_select: float = 0.0
    floor_insert: float = 0.0
    figures: dict[str, float] = field(default_factory=dict)  # operation -> calls/s
    per_article: float = 0.0
    confirmed: int = 0
    confirm_seconds: float = 0.0
    size: int = 0


def sqlite_floor(path: Path, results: Results, seen: dict[int, str], new: dict[int, str]) -> None:
    """SQLite's floor through Python on the same file: a key SELECT, an autocommit INSERT."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE floor (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
    query = "SELECT fingerprint FROM articles WHERE url_key = ?"
    keys = {n: key(u) for n, u in seen.items()}
    results.floor_select = rate(
        len(seen), lambda n: db.execute(query, (keys[n],)).fetchone(), list(seen)
    )
    results.floor_insert = rate(
        len(seen), lambda n: db.execute("INSERT INTO floor VALUES (?, ?)", (new[n], "x")), list(new)
    )
    db.execute("DROP TABLE floor")
    db.close()


def shape(path: Path, table: str = "articles") -> tuple[int, int]:
    """Depth of ``table``'s B-tree and the bytes of its inner (non-leaf) pages."""
    db = sqlite3.connect(path)
    longest, inner = db.execute(
        "SELECT max(length(path)), sum(CASE WHEN pagetype = 'internal' THEN pgsize END) "
        "FROM dbstat WHERE name = ?",
        (table,),
    ).fetchone()
    db.close()
    return (longest - 1) // 4 + 1, inner or 0  # paths are '/', '/000/', '/000/01a/', ...


def postgres_floor(url: str, results: Results, seen: dict[int, str], new: dict[int, str]) -> None:
    """psycopg's floor on the same database: a key SELECT, an autocommit INSERT."""
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE newscrawler.floor (k text PRIMARY KEY, v text)")
        hashes = {n: digest(u) for n, u in seen.items()}
        query = "SELECT fingerprint FROM newscrawler.articles WHERE url_hash = %s"
        results.floor_select = rate(
            len(seen), lambda n: db.execute(query, (hashes[n],)).fetchone(), list(seen)
        )
        insert = "INSERT INTO newscrawler.floor VALUES (%s, %s)"
        results.floor_insert = rate(
            len(seen), lambda n: db.execute(insert, (new[n], "x")), list(new)
        )
        db.execute("DROP TABLE newscrawler.floor")


def postgres_bytes(url: str) -> int:
    with psycopg.connect(url) as db:
        row = db.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'newscrawler' AND c.relkind = 'r'"
        ).fetchone()
    return int(row[0]) if row and row[0] else 0


def measure(rows: int, ops: int, server: str | None = None) -> Results:
    """The figures for SQLite, or for PostgreSQL at ``server`` (a fresh database)."""
    rng = random.Random(1)
    results = Results(rows)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        state = Path(folder)
        store: StateStore = (
            StateStore.open(state, run_id="bench")
            if server is None
            else PostgresStore(server, state, "bench", host="bench")
        )
        # Lookups of seen URLs as the store grows: cached inner pages, then one leaf page.
        filled = 0
        for size in sorted({min(10_000, rows), min(100_000, rows), rows}):
            results.fill_rate = fill(store, filled, size)
            filled = size
            # Best of three draws: single passes swing +-30% on a shared machine.
            best = max(
                rate(ops, lambda n: store.get(url(n)), [rng.randrange(size) for _ in range(ops)])
                for _ in range(3)
            )
            results.growth.append((size, best))
            if server is None:
                results.shapes.append((size, *shape(state / "state.sqlite3")))

        seen = {n: url(n) for n in (rng.randrange(rows) for _ in range(ops))}
        new = {n: url(n) for n in range(rows, rows + 3 * ops)}
        prints = {n: fingerprint(n) for n in new}
        if server is None:
            sqlite_floor(state / "state.sqlite3", results, seen, new)
        else:
            postgres_floor(server, results, seen, new)
        keys = list(new)
        results.figures = {
            "get (seen URL)": rate(ops, lambda n: store.get(seen[n]), list(seen)),
            "get (new URL)": rate(ops, lambda n: store.get(new[n]), keys),
            "has_fingerprint (new)": rate(ops, lambda n: store.has_fingerprint(prints[n]), keys),
            # Until written: the last batch's flush is part of the cost.
            "add_pending": rate(
                ops, lambda n: store.add_pending(new[n], prints[n], None), keys, store.flush
            ),
        }

        def new_article(n: int) -> None:
            if store.get(new[n]) is None and not store.has_fingerprint(prints[n]):
                store.add_pending(new[n], prints[n], None)

        results.per_article = rate(ops, new_article, keys[ops:], store.flush)
        started = time.perf_counter()
        results.confirmed = store.confirm()
        results.confirm_seconds = time.perf_counter() - started
        store.close()
        results.size = disk_bytes(state) if server is None else postgres_bytes(server)
    return results


def report(r: Results) -> None:
    print(f"filled {r.rows:,} seen articles ({r.fill_rate:,.0f} rows/s in bulk)")
    print(
        f"baseline ({'sqlite3' if r.shapes else 'psycopg'} floor): "
        f"SELECT by key {r.floor_select:,.0f}/s, "
        f"autocommit INSERT {r.floor_insert:,.0f}/s"
    )
    print(f"{'operation':<24} {'ops/s':>10}  vs floor")
    for name, value in r.figures.items():
        floor = r.floor_insert if name == "add_pending" else r.floor_select
        print(f"{name:<24} {value:>10,.0f}  {value / floor:5.2f}x")
    print(
        f"one new article (get + has_fingerprint + add_pending): {r.per_article:,.0f}/s "
        f"= {3 * r.per_article:,.0f} calls/s"
    )
    print(
        f"confirm(): {r.confirmed:,} pending articles made seen in {r.confirm_seconds:.2f} s "
        f"({r.confirmed / r.confirm_seconds:,.0f}/s)"
    )
    first, last = r.growth[0], r.growth[-1]
    print(
        "get (seen URL) as the store grows: "
        + ", ".join(f"{n:,} rows {v:,.0f}/s" for n, v in r.growth)
        + f" ({last[0]:,} vs {first[0]:,} rows: {last[1] / first[1]:.2f}x)"
    )
    if r.shapes:
        print(
            "articles B-tree: "
            + ", ".join(f"{n:,} rows depth {d}, inner pages {mib(b)}" for n, d, b in r.shapes)
            + ": a lookup descends cached inner pages and reads one leaf page"
        )
    total = r.rows + r.confirmed
    print(f"size on disk: {mib(r.size)} for {total:,} articles ({r.size / total:.0f} bytes each)")
    slowest = min(r.figures.values())
    print(
        f"dedup store: slowest single operation {slowest:,.0f}/s; "
        f"target >= {TARGET:,}/s: {verdict(slowest >= TARGET)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.store", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="seen articles")
    parser.add_argument("--ops", type=int, default=50_000, help="calls per measurement")
    parser.add_argument(
        "--backend", choices=("sqlite", "postgresql"), default="sqlite", help="state backend"
    )
    parser.add_argument(
        "--url", help="postgresql://... of a server to use (default: start a throwaway one)"
    )
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    if args.backend == "sqlite":
        print(f"versions: {versions()}, SQLite {sqlite3.sqlite_version}")
        report(measure(args.rows, args.ops))
        return 0
    print(f"versions: {versions()}, psycopg {psycopg.__version__}, backend postgresql")
    if args.url:
        report(measure(args.rows, args.ops, args.url))
        return 0
    try:
        server = PostgresServer(fsync=True).start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"bench.store: cannot start PostgreSQL: {exc}", file=sys.stderr)
        return 2
    try:
        report(measure(args.rows, args.ops, server.database()))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
