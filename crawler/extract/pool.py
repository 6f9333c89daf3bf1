"""A pool of extraction workers for the crawl: a time budget per page, every core used.

The article callback awaits ``ExtractPool.extract(page)``; the reactor thread
only hands the page's bytes to an idle worker and reads the reply when the
event loop says it is there, so downloading goes on while workers parse and
extract on the other cores.  Pages wait in a queue while every worker is
busy.  A page that runs past ``EXTRACT_TIMEOUT`` seconds gets its worker
killed (a thread could not be stopped) and fails with ``ExtractTimeout``; a
worker that dies fails only the page it held.  Either way a new worker takes
its place, and only that page is lost.

``pool_for(crawler)`` gives the crawl's pool, started on first use and closed
when the engine stops; ``None`` when ``EXTRACT_WORKERS`` is 0 (extraction runs
in the callback, as tests and ``scrapy check`` need, with no time budget).
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
from collections import Counter, deque
from dataclasses import dataclass, field

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.extract.page import Page, PageResult
from crawler.extract.worker import ExtractFailed, ExtractTimeout, WorkerDied, WorkerProcess

logger = logging.getLogger(__name__)

_ATTR = "_news_extract_pool"
DEFAULT_TIMEOUT = 5.0


@dataclass(eq=False)
class _Slot:
    """A worker and the page it is working on."""

    worker: WorkerProcess
    future: asyncio.Future[PageResult] | None = None
    timer: asyncio.TimerHandle | None = None
    page_url: str = ""


@dataclass(eq=False)
class ExtractPool:
    """``size`` worker processes serving ``extract`` calls from one event loop."""

    size: int
    timeout: float = DEFAULT_TIMEOUT
    counts: Counter[str] = field(default_factory=Counter)  # timeouts, deaths, restarts

    def __post_init__(self) -> None:
        if self.size < 1:
            raise ValueError("an extraction pool needs at least one worker")
        self._slots: list[_Slot] = []
        self._idle: deque[_Slot] = deque()
        self._queue: deque[tuple[Page, asyncio.Future[PageResult]]] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._broken: str | None = None
        self._closed = False

    async def extract(self, page: Page) -> PageResult:
        """The extraction of ``page``; raises ``ExtractFailed`` (or a subclass) on failure."""
        if self._closed:
            raise ExtractFailed("the extraction pool is closed")
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            atexit.register(self.close)
            while len(self._slots) < self.size:
                self._start()
        if self._broken is not None:
            raise ExtractFailed(self._broken)
        future: asyncio.Future[PageResult] = self._loop.create_future()
        self._queue.append((page, future))
        self._dispatch()
        return await future

    @property
    def pids(self) -> list[int]:
        """Process ids of the current workers."""
        return [slot.worker.pid for slot in self._slots]

    def close(self) -> None:
        """Stop every worker; pages still queued fail."""
        if self._closed:
            return
        self._closed = True
        for slot in list(self._slots):
            self._forget(slot)
            slot.worker.close(grace=0.5 if slot.future is None else 0.0)
            if slot.future is not None and not slot.future.done():
                slot.future.set_exception(ExtractFailed("the extraction pool was closed"))
        self._fail_queued("the extraction pool was closed")
        atexit.unregister(self.close)

    # -- workers ------------------------------------------------------------------------

    def _start(self) -> None:
        assert self._loop is not None
        slot = _Slot(WorkerProcess())
        self._slots.append(slot)
        self._loop.add_reader(slot.worker.fileno(), self._on_reply, slot)

    def _forget(self, slot: _Slot) -> None:
        """Stop listening to ``slot``'s worker (it is being stopped)."""
        assert self._loop is not None
        self._loop.remove_reader(slot.worker.fileno())
        if slot.timer is not None:
            slot.timer.cancel()
        if slot in self._slots:
            self._slots.remove(slot)
        if slot in self._idle:
            self._idle.remove(slot)

    def _on_reply(self, slot: _Slot) -> None:
        try:
            status, payload = slot.worker.receive()
        except (EOFError, OSError):
            self._lost(slot)
            return
        if status != "ready":
            future, slot.future = slot.future, None
            if slot.timer is not None:
                slot.timer.cancel()
            if future is not None and not future.done():
                if status == "ok":
                    future.set_result(payload)
                else:
                    future.set_exception(ExtractFailed(str(payload)))
        self._idle.append(slot)
        self._dispatch()

    def _dispatch(self) -> None:
        assert self._loop is not None
        while self._idle and self._queue:
            page, future = self._queue.popleft()
            if future.done():  # cancelled: the crawl is closing
                continue
            slot = self._idle.popleft()
            try:
                slot.worker.send(page)
            except OSError:  # died while idle: the page goes back in line
                self._queue.appendleft((page, future))
                self._lost(slot)
                continue
            slot.future, slot.page_url = future, page.url
            slot.timer = self._loop.call_later(self.timeout, self._expire, slot)

    def _expire(self, slot: _Slot) -> None:
        """``slot``'s page ran over its budget: kill the worker, fail the page, replace it."""
        self.counts["timeouts"] += 1
        future, slot.future = slot.future, None
        self._forget(slot)
        slot.worker.kill()
        logger.warning(
            "Extraction of %s took longer than %g s: worker %d killed",
            slot.page_url,
            self.timeout,
            slot.worker.pid,
        )
        if future is not None and not future.done():
            future.set_exception(
                ExtractTimeout(f"extraction took longer than {self.timeout:g} s; stopped")
            )
        self._replace()

    def _lost(self, slot: _Slot) -> None:
        """``slot``'s worker ended on its own: fail its page, replace it (if it ever started)."""
        future, slot.future = slot.future, None
        self._forget(slot)
        how = slot.worker.describe_exit()
        slot.worker.kill()
        if not slot.worker.ready:
            logger.error("An extraction worker could not start (%s)", how)
            if not self._slots:
                self._broken = f"extraction workers could not start ({how})"
                self._fail_queued(self._broken)
            return
        self.counts["deaths"] += 1
        logger.error("Extraction worker %d died (%s) on %s", slot.worker.pid, how, slot.page_url)
        if future is not None and not future.done():
            future.set_exception(WorkerDied(f"extraction worker died ({how})"))
        self._replace()

    def _replace(self) -> None:
        if not self._closed:
            self.counts["restarts"] += 1
            self._start()

    def _fail_queued(self, reason: str) -> None:
        while self._queue:
            _, future = self._queue.popleft()
            if not future.done():
                future.set_exception(ExtractFailed(reason))


def worker_count(setting: int) -> int:
    """``EXTRACT_WORKERS`` as a number of processes: -1 is one per usable core."""
    if setting >= 0:
        return setting
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def pool_for(crawler: Crawler) -> ExtractPool | None:
    """The crawl's extraction pool (``None`` with ``EXTRACT_WORKERS=0``), closed with the engine."""
    if hasattr(crawler, _ATTR):
        pool: ExtractPool | None = getattr(crawler, _ATTR)
        return pool
    settings = crawler.settings
    size = worker_count(settings.getint("EXTRACT_WORKERS", -1))
    timeout = settings.getfloat("EXTRACT_TIMEOUT", DEFAULT_TIMEOUT)
    pool = ExtractPool(size, timeout) if size else None
    if pool is not None:
        crawler.signals.connect(pool.close, signal=signals.engine_stopped, weak=False)
    setattr(crawler, _ATTR, pool)
    return pool
