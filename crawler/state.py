"""One state store per crawl, shared by the spider and the pipelines."""

from __future__ import annotations

import uuid

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.store import StateStore

_ATTR = "_news_state_store"


def store_for(crawler: Crawler) -> StateStore:
    """The crawl's store under ``STATE_DIR``, opened on first use and closed with the engine."""
    store: StateStore | None = getattr(crawler, _ATTR, None)
    if store is None:
        run_id = str(crawler.settings.get("STATE_RUN_ID") or uuid.uuid4().hex)
        store = StateStore.open(crawler.settings.get("STATE_DIR", ".state"), run_id)
        setattr(crawler, _ATTR, store)
        crawler.signals.connect(store.close, signal=signals.engine_stopped)
    return store
