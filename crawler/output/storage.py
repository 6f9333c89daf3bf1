"""Local feed files that take part in the exactly-once protocol.

Scrapy's FileFeedStorage, plus: the file is registered in the state before
its first byte is written (so a crash leaves a trace the next run recovers),
the folder entry is made durable, the data is fsynced before the file is
closed, and ``-O`` never overwrites records that a dead run left in the file
(they were recorded as written when recovered): that file is moved aside.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage
from twisted.internet.defer import Deferred

from crawler.state import store_for
from crawler.store import StateStore

logger = logging.getLogger(__name__)


class DurableFileFeedStorage(FileFeedStorage):
    """A local feed file registered in the state and fsynced before it counts."""

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        store: StateStore | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.format = str((feed_options or {}).get("format", "jsonlines"))
        self.state = store

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> DurableFileFeedStorage:
        return cls(uri, feed_options=feed_options, store=store_for(crawler))

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path).absolute()
        path.parent.mkdir(parents=True, exist_ok=True)
        append = self.write_mode == "ab"
        if self.state is not None:
            if not append and path.exists() and self._holds_recovered(path):
                aside = _move_aside(path)
                logger.warning(
                    "%s holds records an interrupted run wrote (already recorded as written); "
                    "moved to %s instead of overwriting it",
                    path,
                    aside,
                )
            start = path.stat().st_size if append and path.exists() else 0
            self.state.register_output(str(path), self.format, start)
        file = path.open(self.write_mode)
        _fsync_folder(path.parent)
        return file

    def _holds_recovered(self, path: Path) -> bool:
        assert self.state is not None
        return path.stat().st_size > 0 and self.state.last_output_status(str(path)) == "recovered"

    def store(self, file: IO[bytes]) -> Deferred[None] | None:
        try:
            file.flush()
            os.fsync(file.fileno())
        finally:
            file.close()
        return None


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.stem}.recovered-{stamp}{path.suffix}")
    path.rename(aside)
    return aside


def _fsync_folder(folder: Path) -> None:
    """Make a new file's folder entry durable (its data is fsynced at each commit)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
