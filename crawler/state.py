"""One state store per crawl, shared by the spider, the pipelines and the feed exporter.

Opening it takes the spider's run lock (crawler.runlock) and recovers what a
dead run of the same spider left in its output files (crawler.output.recovery),
before anything is fetched or written.  ``STATE_EPHEMERAL`` (set by the
debugging commands) gives a throwaway store in a temporary folder instead:
no lock, no recovery, nothing kept.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler

from crawler import runlock
from crawler.output.recovery import recover_outputs
from crawler.store import StateStore

_ATTR = "_news_state_store"


def store_for(crawler: Crawler) -> StateStore:
    """The crawl's store under ``STATE_DIR``, opened on first use and closed with the engine."""
    store: StateStore | None = getattr(crawler, _ATTR, None)
    if store is not None:
        return store
    settings = crawler.settings
    run_id = str(settings.get("STATE_RUN_ID") or uuid.uuid4().hex)
    scope = crawler.spidercls.name or ""
    if settings.getbool("STATE_EPHEMERAL"):
        folder = Path(tempfile.mkdtemp(prefix="newscrawler-state-"))
        store = StateStore.open(folder, run_id, scope)
        crawler.signals.connect(_remover(store, folder), signal=signals.engine_stopped, weak=False)
    else:
        folder = Path(settings.get("STATE_DIR", ".state"))
        runlock.acquire(folder, scope)
        store = StateStore.open(folder, run_id, scope)
        recover_outputs(store, folder / "recovered")
        crawler.signals.connect(store.close, signal=signals.engine_stopped)
    setattr(crawler, _ATTR, store)
    if not settings.getdict("FEEDS"):
        # No feed: the item pipelines after DedupPipeline are the output.
        crawler.signals.connect(_finisher(store), signal=signals.spider_closed, weak=False)
    return store


def _finisher(store: StateStore) -> Callable[[str], None]:
    def finish(reason: str) -> None:
        store.finish(claims=True, progress=reason == "finished")

    return finish


def _remover(store: StateStore, folder: Path) -> Callable[[], None]:
    def remove() -> None:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)

    return remove
