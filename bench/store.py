"""Dedup store: lookups and inserts per second with 1,000,000 seen articles, and size on disk.

Usage::

    python -m bench.store [--rows 1000000] [--ops 50000]

Fills a fresh ``StateStore`` (``crawler/store.py``, SQLite under a temporary
STATE_DIR) with ``--rows`` seen articles in bulk, then times the calls a crawl
makes per article, ``--ops`` of each on keys drawn beforehand:

- ``get`` of a seen and of an unseen canonical URL (the spider's listing check,
  the dedup pipeline's URL check: this run's pending table, then the seen one);
- ``has_fingerprint`` of an unseen fingerprint (the pipeline's content check);
- ``add_pending`` of new articles (the pipeline's claim, one autocommit each);
- one new article end to end: ``get`` + ``has_fingerprint`` + ``add_pending``;
- ``confirm()`` of the run's pending articles into the seen table.

The baseline, measured on the same file in the same run, is SQLite's floor
through Python's sqlite3: one primary-key ``SELECT`` and one autocommit
``INSERT`` on a bare two-column table.  Lookups are also timed at 10,000 and
100,000 rows while filling, to show their cost does not grow with the store.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench._common import machine, mib, verdict, versions
from crawler.store import StateStore

TARGET = 50_000  # operations per second
CATEGORIES = ("top-news", "world-news", "uk-news", "eu-news", "lite-blogs", "columns", "media")


def url(n: int) -> str:
    """A canonical article URL of the shape the crawler stores."""
    return f"https://asianlite.com/{2010 + n % 16}/{CATEGORIES[n % 7]}/story-number-{n}-headline"


def fingerprint(n: int) -> str:
    return hashlib.sha1(str(n).encode(), usedforsecurity=False).hexdigest()


def row(n: int) -> tuple[str, str, str]:
    return url(n), fingerprint(n), f"20{10 + n % 16}-0{1 + n % 9}-1{n % 10}T08:00:00+00:00"


def rate(ops: int, call: Callable[[int], object], keys: Sequence[int]) -> float:
    """Calls per second of ``call`` over ``keys`` (``ops`` of them)."""
    started = time.perf_counter()
    for key in keys[:ops]:
        call(key)
    return ops / (time.perf_counter() - started)


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith("state.sqlite3"))


def fill(store: StateStore, start: int, stop: int, batch: int = 50_000) -> float:
    """Bulk-add seen articles ``start..stop-1``; rows per second."""
    started = time.perf_counter()
    for low in range(start, stop, batch):
        store.add_seen(row(n) for n in range(low, min(low + batch, stop)))
    return (stop - start) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.store", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="seen articles")
    parser.add_argument("--ops", type=int, default=50_000, help="calls per measurement")
    args = parser.parse_args(argv)
    rows, ops = args.rows, args.ops
    rng = random.Random(1)

    print(f"machine: {machine()}")
    print(f"versions: {versions()}, SQLite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        state = Path(folder)
        store = StateStore.open(state, run_id="bench")
        # Lookups of seen URLs as the store grows (O(1) in practice: a B-tree 3-4 deep).
        growth: list[tuple[int, float]] = []
        filled, fill_rate = 0, 0.0
        for size in sorted({min(10_000, rows), min(100_000, rows), rows}):
            fill_rate = fill(store, filled, size)
            filled = size
            hits = [rng.randrange(size) for _ in range(ops)]
            growth.append((size, rate(ops, lambda n: store.get(url(n)), hits)))
        print(f"filled {rows:,} seen articles ({fill_rate:,.0f} rows/s in bulk)")

        seen = [rng.randrange(rows) for _ in range(ops)]
        new = list(range(rows, rows + 3 * ops))
        seen_urls = {n: url(n) for n in seen}
        new_urls = {n: url(n) for n in new}
        new_prints = {n: fingerprint(n) for n in new}

        # Baseline: SQLite's floor through Python, same file, same connection kind.
        db = sqlite3.connect(state / "state.sqlite3", isolation_level=None)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE floor (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
        floor_select = rate(
            ops,
            lambda n: db.execute(
                "SELECT fingerprint FROM articles WHERE canonical_url = ?", (seen_urls[n],)
            ).fetchone(),
            seen,
        )
        floor_insert = rate(
            ops,
            lambda n: db.execute("INSERT INTO floor VALUES (?, ?)", (new_urls[n], "x")),
            new,
        )
        db.execute("DROP TABLE floor")
        db.close()

        figures = {
            "get (seen URL)": rate(ops, lambda n: store.get(seen_urls[n]), seen),
            "get (new URL)": rate(ops, lambda n: store.get(new_urls[n]), new),
            "has_fingerprint (new)": rate(ops, lambda n: store.has_fingerprint(new_prints[n]), new),
            "add_pending": rate(
                ops, lambda n: store.add_pending(new_urls[n], new_prints[n], None), new
            ),
        }

        def new_article(n: int) -> None:
            if store.get(new_urls[n]) is None and not store.has_fingerprint(new_prints[n]):
                store.add_pending(new_urls[n], new_prints[n], None)

        figures["new article (3 calls)"] = rate(ops, new_article, new[ops:])
        started = time.perf_counter()
        confirmed = store.confirm()
        confirm_seconds = time.perf_counter() - started
        store.close()
        size = disk_bytes(state)

    print(
        f"baseline (sqlite3 floor): SELECT by key {floor_select:,.0f}/s, "
        f"autocommit INSERT {floor_insert:,.0f}/s"
    )
    print(f"{'operation':<24} {'ops/s':>10}  vs floor")
    for name, value in figures.items():
        floor = floor_insert if name == "add_pending" else floor_select
        print(f"{name:<24} {value:>10,.0f}  {value / floor:5.2f}x")
    print(
        f"confirm(): {confirmed:,} pending articles made seen in {confirm_seconds:.2f} s "
        f"({confirmed / confirm_seconds:,.0f}/s)"
    )
    print(
        "get (seen URL) as the store grows: "
        + ", ".join(f"{n:,} rows {r:,.0f}/s" for n, r in growth)
        + f" (1M vs 10k: {growth[-1][1] / growth[0][1]:.2f}x)"
    )
    total = rows + confirmed
    print(f"size on disk: {mib(size)} for {total:,} articles ({size / total:.0f} bytes each)")
    slowest = min(v for k, v in figures.items() if "3 calls" not in k)
    print(
        f"dedup store: slowest single operation {slowest:,.0f}/s; "
        f"target >= {TARGET:,}/s: {verdict(slowest >= TARGET)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
