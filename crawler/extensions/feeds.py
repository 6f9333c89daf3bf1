"""Scrapy's FeedExporter as the commit point of the exactly-once protocol.

An article becomes *seen* only once its record is durably in a saved output
file: every ``OUTPUT_COMMIT_INTERVAL`` seconds (or ``OUTPUT_COMMIT_ITEMS``
records) the local feed files are flushed and fsynced, then the records
written since are recorded in the state in one transaction.  A crash between
the two is repaired by the next run (crawler.output.recovery), which finds
the records in the file.  A failure to save (a full disk, a read-only or
vanished folder, a failing storage backend) stops the crawl, logs one ERROR,
sets ``output/failed`` (so ``scrapy crawl`` exits 1) and records as written
only the complete records the files really hold.

Feeds that are not plain local files (stdout, S3, FTP, compressed) are
at-least-once: their records count only when the run ends with every upload
done, so a crash may write some of them again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter, FeedSlot
from twisted.python.failure import Failure

from crawler.output.recovery import recover_outputs
from crawler.output.storage import DurableFileFeedStorage
from crawler.state import store_for
from crawler.store import StateStore
from crawler.urls import canonicalize, redact

logger = logging.getLogger(__name__)


class DurableFeedExporter(FeedExporter):
    """Write feeds as Scrapy does; record articles as written only once saved."""

    store: StateStore
    interval: float
    batch: int

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)  # NotConfigured without FEEDS
        settings = crawler.settings
        self.store = store_for(crawler)
        self.interval = settings.getfloat("OUTPUT_COMMIT_INTERVAL", 1.0)
        self.batch = settings.getint("OUTPUT_COMMIT_ITEMS", 1000)
        self.written: list[tuple[str, str, str | None]] = []
        self.committed_at = time.monotonic()
        self.failure: str | None = None
        self.closing = False
        self.spider: Spider | None = None

    def open_spider(self, spider: Spider) -> None:
        self.spider = spider
        super().open_spider(spider)
        for slot in self.slots:
            if not _durable(slot):
                logger.warning(
                    "Feed %s is not a plain local file: its records count as written only "
                    "when the run ends with it saved (a crash may write them again)",
                    display_uri(slot.uri),
                )

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if self.failure:
            return
        try:
            super().item_scraped(item, spider)
        except Exception as exc:  # OSError mostly; any failure to write stops the run
            self._fail(exc, what=self._uris())
            return
        adapter = ItemAdapter(item)
        url, fingerprint = adapter.get("canonical_url"), adapter.get("fingerprint")
        if url and fingerprint:
            self.written.append((canonicalize(str(url)), str(fingerprint), adapter.get("modified")))
        if len(self.written) >= self.batch or time.monotonic() - self.committed_at >= self.interval:
            self.commit()

    def commit(self) -> None:
        """fsync the local feed files, then record what they hold as written."""
        self.committed_at = time.monotonic()
        if not all(_durable(slot) for slot in self.slots):
            return  # at-least-once feeds: everything counts at the end
        try:
            self._sync()
        except OSError as exc:
            self._fail(exc, what=self._uris())
            return
        self.store.commit(self.written)
        self.written = []

    def _uris(self) -> str:
        return ", ".join(display_uri(slot.uri) for slot in self.slots)

    def _sync(self) -> None:
        for slot in self.slots:
            if slot.file is not None and not slot.file.closed:
                slot.file.flush()
                os.fsync(slot.file.fileno())

    async def close_spider(self, spider: Spider, reason: str = "finished") -> None:  # type: ignore[override]
        self.closing = True
        if not self.failure:
            try:  # finishes each file, then DurableFileFeedStorage.store fsyncs it
                await super().close_spider(spider)
            except Exception as exc:  # an exporter's last write (e.g. "]") failed
                self._fail(exc, what=self._uris())
        if self.failure:
            self._abandon()
        saved = not self.failure  # a store error during close sets it too
        if saved:
            self.store.commit(self.written)
        else:  # record exactly what the files hold
            recover_outputs(self.store, this_run=True)
        self.written = []
        self.store.finish(claims=False, progress=saved and reason == "finished")

    def _abandon(self) -> None:
        """Close the files of a failed run without finishing them; recovery repairs them."""
        for slot in self.slots:
            if slot.file is not None and not slot.file.closed:
                # An unsaved buffer is dropped: its records were never counted.
                with contextlib.suppress(OSError):
                    slot.file.close()

    def _handle_store_error(self, f: Failure, logmsg: str, spider: Spider, slot_type: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"feedexport/failed_count/{slot_type}")
        self._fail(f.value or RuntimeError(f.getErrorMessage()), what=logmsg)

    def _fail(self, exc: BaseException, what: str = "") -> None:
        """Stop the crawl once, loudly; nothing unsaved is recorded as written."""
        if self.failure:
            return
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        where = getattr(exc, "filename", None) or what or "the output"
        self.failure = redact(f"could not save {where}: {reason}")
        logger.error(
            "Output failed: %s. Stopping the crawl; only records already saved count as written.",
            self.failure,
        )
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("output/failed", 1)
        stats.set_value("output/error", self.failure)
        engine = self.crawler.engine
        if not self.closing and engine is not None and self.spider is not None:
            engine.close_spider(self.spider, "output_failed")


def display_uri(uri: str) -> str:
    """A feed URI fit for a log line: a local path without ``file://``, no password."""
    return redact(uri.removeprefix("file://"))


def _durable(slot: FeedSlot) -> bool:
    return isinstance(slot.storage, DurableFileFeedStorage) and not slot.feed_options.get(
        "postprocessing"
    )
