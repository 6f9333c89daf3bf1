"""The scheduler of a worker that crawls with others: scrapy-redis's, made to behave.

What scrapy-redis 0.9.1 lacks and this subclass adds (upstream issues named):

- **Exit when the crawl is done, not before** (rmax/scrapy-redis#45, #107,
  #182: workers never close, or close as soon as the shared queue is briefly
  empty; #193/#210: MAX_IDLE_TIME_BEFORE_CLOSE counts from a class attribute
  set at import time, so a worker closes at its first idle moment once it has
  run that long).  An idle worker stays open while the run is not
  ``quiescent`` (FrontierRun: something queued, or taken by a live worker, or
  start requests still coming); it closes once the run has been quiescent for
  FRONTIER_IDLE_GRACE seconds by its own clock, and marks the run done so the
  others close at once.  Requests are acked only after the engine is through
  with them (their callbacks ran, the requests they yielded are queued), so
  "nothing taken" means no worker can still add work.
- **Run isolation** (#55, #149, #162: SCHEDULER_PERSIST=True makes the next
  run crawl nothing, False lets the first worker to finish delete everyone's
  queue).  Keys are namespaced by run (FRONTIER_RUN, else STATE_RUN_ID, else
  the scope's live run or a new one); nothing is flushed; runs expire.
- **Requests of a killed worker are crawled by the others** (reliable queue,
  ReliableQueue); an interrupted run's leftovers are taken over by the next run.
- **The project's request fingerprinter** (FrontierDupeFilter, #272).
- **Only the first worker seeds** ``start()`` (FrontierStartMiddleware); the
  others consume.
"""

from __future__ import annotations

import logging
import time
from typing import Any, cast
from weakref import WeakKeyDictionary

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler import runlock
from crawler.frontier import FrontierConfig, connect
from crawler.frontier.dupefilter import FrontierDupeFilter
from crawler.frontier.queue import ReliableQueue
from crawler.frontier.run import FrontierRun, Opened, worker_id

logger = logging.getLogger(__name__)

# The running scheduler of each crawler, for the components that consult it.
_SCHEDULERS: WeakKeyDictionary[Crawler, FrontierScheduler] = WeakKeyDictionary()


def scheduler_of(crawler: Crawler) -> FrontierScheduler | None:
    """The crawler's frontier scheduler, once it is open (None without a frontier)."""
    return _SCHEDULERS.get(crawler)


class FrontierScheduler(Scheduler):  # type: ignore[misc]
    """A worker's view of the run's shared frontier (see the module docstring)."""

    def __init__(self, crawler: Crawler, server: Any, config: FrontierConfig) -> None:
        super().__init__(server, persist=True)
        self.crawler = crawler
        self.config = config
        self.stats = crawler.stats
        self.worker = worker_id()
        self.run: FrontierRun | None = None
        self.opened: Opened | None = None
        # Requests this worker took and has not acked: redis id -> request.
        self.in_hand: dict[str, Request] = {}
        self._quiet_since: float | None = None
        self._finished = False
        self._tick: task.LoopingCall | None = None
        crawler.signals.connect(self._spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        config = FrontierConfig.from_settings(crawler.settings)
        return cls(crawler, connect(config.url), config)

    @property
    def is_seeder(self) -> bool:
        return self.opened is not None and self.opened.role == "seeder"

    # -- opening and closing -----------------------------------------------------------

    def open(self, spider: Spider) -> None:
        self.spider = spider
        base_url = getattr(getattr(spider, "args", None), "base_url", None)
        scope = runlock.scope(spider.name, base_url)
        self.run = run = FrontierRun(
            self.server,
            self.config.prefix,
            scope,
            "",
            self.worker,
            worker_timeout=self.config.worker_timeout,
            ttl=self.config.run_ttl,
        )
        self.opened = opened = run.open(self.config.run)
        self.queue = ReliableQueue(run, spider)
        self.df = FrontierDupeFilter(
            self.server,
            run.key("seen"),
            self.crawler.request_fingerprinter,
            self.crawler.settings.getbool("DUPEFILTER_DEBUG"),
        )
        _SCHEDULERS[self.crawler] = self
        assert self.stats is not None
        self.stats.set_value("frontier/run", opened.run)
        self.stats.set_value("frontier/worker", self.worker)
        self.stats.set_value("frontier/role", opened.role)
        if opened.role == "done":
            self._finished = True
            logger.warning(
                "Frontier run %s of %s is already finished: this worker crawls nothing "
                "(start a new run with another FRONTIER_RUN / STATE_RUN_ID, or none)",
                opened.run,
                scope,
            )
            return
        logger.info(
            "Frontier: worker %s %s run %s of %s (%s)",
            self.worker,
            "started" if opened.role == "seeder" else "joined",
            opened.run,
            scope,
            self.config.url_for_log,
        )
        if opened.previous:
            self._carry_over(opened.previous)
        self._tick = task.LoopingCall(self._heartbeat)
        self._tick.start(self.config.heartbeat, now=True)

    def _carry_over(self, previous: str) -> None:
        """Queue what an interrupted earlier run left unfinished (its queue, its taken requests)."""
        assert self.run is not None
        count = 0
        for blob in self.run.take_over(previous):
            try:
                request = self.queue._decode_request(blob)
            except Exception as exc:  # a request of another code version: log, go on
                logger.warning("Frontier: a request of run %s could not be read: %s", previous, exc)
                continue
            count += bool(self.enqueue_request(request))
        logger.info(
            "Frontier: run %s was interrupted; %d of its unfinished requests queued in this run",
            previous,
            count,
        )
        self._inc("frontier/carried", count)

    def close(self, reason: str) -> None:
        if self._tick is not None and self._tick.running:
            self._tick.stop()
        run = self.run
        if run is None or self.opened is None or self.opened.role == "done":
            return
        # The engine has finished everything it took: those are done.
        self._ack(list(self.in_hand))
        if run.done():
            logger.info("Frontier: run %s is done; worker %s leaves", run.run, self.worker)
        else:
            logger.info(
                "Frontier: worker %s leaves run %s before its end (%s); %d requests queued "
                "for the others or the next run",
                self.worker,
                run.run,
                reason,
                run.queued(),
            )
        run.leave()
        _SCHEDULERS.pop(self.crawler, None)

    # -- the queue -------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        # Seen and queued atomically (FrontierRun.push), never one without the other.
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        if not self.queue.push(request, fingerprint):
            self.df.log(request, self.spider)
            return False
        self._inc("frontier/enqueued")
        return True

    def next_request(self) -> Request | None:
        if self._finished:
            return None
        taken = self.queue.take()
        if taken is None:
            return None
        request_id, request = taken
        self.in_hand[request_id] = request
        self._inc("frontier/taken")
        return request

    def has_pending_requests(self) -> bool:
        return not self._finished and self.run is not None and self.run.queued() > 0

    def __len__(self) -> int:
        return 0 if self.run is None else self.run.queued()

    # -- heartbeat, acks, the end of the run ------------------------------------------------

    def _heartbeat(self) -> None:
        """Say this worker lives, put dead workers' requests back, ack finished requests,
        and wake the engine when there is work to take."""
        run = self.run
        if run is None:
            return
        try:
            beat = run.heartbeat()
            if not beat.registered:
                logger.warning(
                    "Frontier: worker %s was taken for dead (no heartbeat for %g s): the requests "
                    "it held were queued again",
                    self.worker,
                    self.config.worker_timeout,
                )
            if beat.requeued or beat.reaped:
                logger.warning(
                    "Frontier: %d dead worker(s) of run %s removed; %d requests they held queued "
                    "again",
                    beat.reaped,
                    run.run,
                    beat.requeued,
                )
                self._inc("frontier/requeued", beat.requeued)
            self._ack_finished()
            # Idle or not, the engine looks at the queue (and asks whether the run is
            # done) now rather than at its own 5 s heartbeat.
            self._wake()
        except redis.RedisError as exc:
            logger.error("Frontier: Redis at %s failed: %s", self.config.url_for_log, exc)

    def _ack_finished(self) -> None:
        """Ack the requests the engine is through with (no longer in its slot)."""
        inprogress = self._engine_inprogress()
        if inprogress is None:
            return  # acked when the engine is idle (_spider_idle)
        self._ack([rid for rid, request in self.in_hand.items() if request not in inprogress])

    def _ack(self, ids: list[str]) -> None:
        if not ids or self.run is None:
            return
        for rid in ids:
            self.in_hand.pop(rid, None)
        self.run.ack(ids)
        self._inc("frontier/acked", len(ids))

    def _engine_inprogress(self) -> set[Request] | None:
        # Scrapy keeps the requests it is handling (download, then callbacks) in its
        # slot until their output is scheduled; there is no public accessor.
        slot = getattr(self.crawler.engine, "_slot", None)
        inprogress = getattr(slot, "inprogress", None)
        return cast("set[Request] | None", inprogress)

    def _wake(self) -> None:
        """Let an idle engine look at the queue now rather than at its 5 s heartbeat."""
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def _spider_idle(self, spider: Spider) -> None:
        """Keep an idle worker open until the whole run is done (module docstring)."""
        run = self.run
        if run is None or self._finished:
            return
        self._ack(list(self.in_hand))  # the engine is idle: it is through with them all
        try:
            if run.done():
                self._finished = True
                return
            if not run.quiescent():
                self._quiet_since = None
                raise DontCloseSpider
            now = time.monotonic()
            if self._quiet_since is None:
                self._quiet_since = now
            if now - self._quiet_since < self.config.idle_grace:
                raise DontCloseSpider
        except redis.RedisError as exc:
            logger.error("Frontier: Redis at %s failed: %s", self.config.url_for_log, exc)
            raise DontCloseSpider from None
        run.mark_done()
        self._finished = True
        logger.info(
            "Frontier: run %s done (queue empty, no worker holds a request, for %g s)",
            run.run,
            self.config.idle_grace,
        )

    def seeding_done(self) -> None:
        """This worker's start requests are all queued (FrontierStartMiddleware)."""
        if self.run is not None and self.is_seeder:
            self.run.seeding_done()

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None and count:
            self.stats.inc_value(key, count)
