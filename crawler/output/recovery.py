"""Recover the output files of a run that died (``kill -9``, power loss, a full disk).

Every output file is registered in the state before its first byte is
written (crawler.output.storage).  A registration still open when a run
starts belongs to a run that never finished: its file is read from where
that run started writing, the complete records are recorded as seen (they
are never written again), a torn last record is cut off and kept beside the
state for inspection (its article was never recorded, so it is fetched
again), and a JSON or XML document is closed so that it parses.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from crawler.output.formats import scan
from crawler.store import Output, StateStore
from crawler.urls import canonicalize

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovered:
    """What recovering one output file found."""

    path: str
    records: int
    cut: int
    aside: Path | None


def recover_dead_runs(store: StateStore) -> int:
    """What a run does first: recover dead runs' outputs on this host, then release the
    claims they hold that never reached a file (a shared state); the records kept."""
    with store.recovering():
        total = recover_outputs(store)
        store.release_dead()
    return total


def recover_outputs(store: StateStore, *, this_run: bool = False) -> int:
    """Recover every unfinished output of the store's scope; returns the records kept.

    Torn tails are kept in ``recovered/`` beside the state file.
    """
    aside_dir = store.local_dir / "recovered"
    total = 0
    for output in store.unfinished_outputs(this_run=this_run):
        result = recover_output(store, output, aside_dir)
        total += result.records
        logger.warning(
            "Recovered %s: %d complete records of an unfinished run (%s) recorded as written%s",
            result.path,
            result.records,
            output.run_id,
            f"; a torn last record ({result.cut} bytes) was cut off and kept in {result.aside}"
            if result.aside
            else "",
        )
    return total


def recover_output(store: StateStore, output: Output, aside_dir: Path) -> Recovered:
    """Repair one file in place and record its complete records as seen."""
    path = Path(output.path)
    try:
        handle = path.open("r+b")
    except FileNotFoundError:
        store.recovered(output, [])
        return Recovered(output.path, 0, 0, None)
    with handle:
        size = handle.seek(0, os.SEEK_END)
        if size < output.start:  # replaced or truncated by someone else since
            store.recovered(output, [])
            return Recovered(output.path, 0, 0, None)
        handle.seek(output.start)
        data = handle.read()
        found = scan(data, output.format)
        torn = data[found.end :]
        aside = None
        if torn.strip():
            aside = _keep_aside(torn, path, output.run_id, aside_dir)
        if torn or found.closing:
            handle.truncate(output.start + found.end)
            handle.seek(output.start + found.end)
            handle.write(found.closing)
        handle.flush()
        os.fsync(handle.fileno())
    rows = [
        (canonicalize(str(record["canonical_url"])), str(record["fingerprint"]), _text(modified))
        for record in found.records
        if record.get("canonical_url") and record.get("fingerprint")
        for modified in [record.get("modified")]
    ]
    store.recovered(output, rows)
    return Recovered(output.path, len(rows), len(torn), aside)


def _text(value: object) -> str | None:
    """A field as the exporters wrote it; CSV writes None as "" and XML as "None"."""
    return None if value in (None, "", "None") else str(value)


def _keep_aside(torn: bytes, path: Path, run_id: str, aside_dir: Path) -> Path | None:
    """Save a torn tail for inspection; on a full disk, say so and go on."""
    target = aside_dir / f"{path.name}.{run_id}.torn"
    try:
        aside_dir.mkdir(parents=True, exist_ok=True)
        target.write_bytes(torn)
    except OSError as exc:
        logger.warning("Could not keep the torn tail of %s in %s: %s", path, target, exc)
        return None
    return target
