"""One state store per crawl, shared by the spider and the pipelines."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.store import StateStore

_ATTR = "_news_state_store"


def store_for(crawler: Crawler) -> StateStore:
    """The crawl's store under ``STATE_DIR``, opened on first use and closed with the engine."""
    store: StateStore | None = getattr(crawler, _ATTR, None)
    if store is None:
        run_id = str(crawler.settings.get("STATE_RUN_ID") or uuid.uuid4().hex)
        scope = crawler.spidercls.name or ""
        store = StateStore.open(crawler.settings.get("STATE_DIR", ".state"), run_id, scope)
        setattr(crawler, _ATTR, store)
        written = (
            signals.feed_exporter_closed
            if crawler.settings.getdict("FEEDS")
            else signals.spider_closed
        )
        crawler.signals.connect(_confirmer(crawler, store), signal=written, weak=False)
        crawler.signals.connect(store.close, signal=signals.engine_stopped)
    return store


def _confirmer(crawler: Crawler, store: StateStore) -> Callable[[], None]:
    """Confirm the run's state once its feeds are closed (or the spider, without feeds)."""

    def confirm() -> None:
        confirmed = store.confirm()
        if crawler.stats is not None:
            crawler.stats.set_value("state/confirmed_articles", confirmed)

    return confirm
