"""One state store per crawl, shared by the spider, the pipelines and the feed exporter.

``STATE_URL`` names the backend (crawler.backends): empty, the SQLite
file under ``STATE_DIR``; ``postgresql://...``, a PostgreSQL server shared by
every worker of a run (crawler.store_postgres).  Opening it takes the run
lock (SQLite: crawler.runlock's flock; PostgreSQL: the worker's row and
advisory lock, one run per scope across the cluster) and recovers what a dead
run of the same spider left in its output files on this host
(crawler.output.recovery), before anything is fetched or written.  ``STATE_EPHEMERAL`` (set by the
debugging commands) gives a throwaway store in a temporary folder instead:
no lock, no recovery, nothing kept.

A state file that fails during the run (still locked by another program after
STATE_BUSY_TIMEOUT seconds, damaged, a full disk) stops the crawl with one
``State failed: ...`` ERROR naming the file; ``state/failed`` in the stats
makes ``scrapy crawl`` exit 1.  Scrapy's own reports of the same error (a
traceback per item or signal handler that met it) go to DEBUG.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler

from crawler import runlock
from crawler.backends import backend, open_store
from crawler.output.recovery import recover_dead_runs
from crawler.store import BUSY_TIMEOUT, StateError, StateStore

logger = logging.getLogger(__name__)

_ATTR = "_news_state_store"
_BEFORE_CLOSE = "_news_state_before_close"
# Scrapy's loggers that report an exception with its traceback (an item's
# pipeline error, a signal handler's, the engine's close steps).
_SCRAPY_ERROR_LOGGERS = (
    "scrapy.core.engine",
    "scrapy.core.scraper",
    "scrapy.core.spidermw",
    "scrapy.utils.signal",
    "scrapy.extensions.feedexport",
)


def store_for(crawler: Crawler, scope: str | None = None) -> StateStore:
    """The crawl's store under ``STATE_DIR``, opened on first use and closed with the engine.

    ``scope`` (the spider's name unless given; see runlock.scope) names the run
    lock and the rows this run owns; the spider opens the store first.
    """
    store: StateStore | None = getattr(crawler, _ATTR, None)
    if store is not None:
        return store
    settings = crawler.settings
    run_id = str(settings.get("STATE_RUN_ID") or uuid.uuid4().hex)
    scope = scope or crawler.spidercls.name or ""
    busy_timeout = settings.getfloat("STATE_BUSY_TIMEOUT", BUSY_TIMEOUT)
    if settings.getbool("STATE_EPHEMERAL"):
        folder = Path(tempfile.mkdtemp(prefix="newscrawler-state-"))
        store = StateStore.open(folder, run_id, scope, busy_timeout)
        crawler.signals.connect(_remover(store, folder), signal=signals.engine_stopped, weak=False)
    else:
        folder = Path(settings.get("STATE_DIR", ".state"))
        state_url = settings.get("STATE_URL") or ""
        if backend(state_url, folder)[0] == "sqlite":
            runlock.acquire(folder, scope)
        store = open_store(
            state_url,
            folder,
            run_id,
            scope,
            busy_timeout=busy_timeout,
            host=settings.get("STATE_HOST") or socket.gethostname(),
            orphan_timeout=settings.getfloat("STATE_ORPHAN_TIMEOUT", 86_400.0),
        )
        recover_dead_runs(store)
        crawler.signals.connect(_closer(store, crawler), signal=signals.engine_stopped, weak=False)
    # Errors before this point stop the crawl from starting (crawler.commands.crawl).
    store.on_error = _stopper(crawler)
    _quiet_reported_errors()
    setattr(crawler, _ATTR, store)
    if not settings.getdict("FEEDS"):
        # No feed: the item pipelines after DedupPipeline are the output.
        crawler.signals.connect(_finisher(store), signal=signals.spider_closed, weak=False)
    return store


def opened_store(crawler: Crawler) -> StateStore | None:
    """The crawl's store if it was opened (never opens one: for the end of a run)."""
    return getattr(crawler, _ATTR, None)


def _stopper(crawler: Crawler) -> Callable[[StateError], None]:
    """Stop the crawl once, loudly, at the first state error."""

    def stop(error: StateError) -> None:
        stats = crawler.stats
        if stats is None or stats.get_value("state/failed"):
            return
        stats.set_value("state/failed", 1)
        stats.set_value("state/error", str(error))
        # An output that could not be registered already said it ("Output failed: ...").
        if str(error) not in str(stats.get_value("output/error") or ""):
            logger.error(
                "State failed: %s. Stopping the crawl; articles not recorded as written "
                "are fetched again by the next run.",
                error,
            )
        engine, spider = crawler.engine, crawler.spider
        if engine is not None and spider is not None:
            with contextlib.suppress(RuntimeError):  # the engine has already stopped
                engine.close_spider(spider, "state_failed")

    return stop


class _ReportedStateError(logging.Filter):
    """A StateError reported once already: Scrapy's tracebacks of it are logged at DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], StateError):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


_REPORTED = _ReportedStateError()


def _quiet_reported_errors() -> None:
    for name in _SCRAPY_ERROR_LOGGERS:
        logging.getLogger(name).addFilter(_REPORTED)  # once: filters are a set


def _finisher(store: StateStore) -> Callable[[str], None]:
    def finish(reason: str) -> None:
        store.finish(claims=True, progress=reason == "finished")

    return finish


def before_store_closes(crawler: Crawler, work: Callable[[], None]) -> None:
    """Run ``work`` when the engine stops, before the store closes (whatever the signal order).

    The run report hands itself to a shared state this way (crawler.extensions.report).
    """
    hooks: list[Callable[[], None]] = crawler.__dict__.setdefault(_BEFORE_CLOSE, [])
    hooks.append(work)


def _closer(store: StateStore, crawler: Crawler) -> Callable[[], None]:
    # A plain function: PyDispatcher passes a method wrapped to catch SQLite
    # errors (StateStore) every signal argument, which close() does not take.
    def close() -> None:
        try:
            for work in crawler.__dict__.get(_BEFORE_CLOSE, []):
                work()
        finally:
            store.close()

    return close


def _remover(store: StateStore, folder: Path) -> Callable[[], None]:
    def remove() -> None:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)

    return remove
