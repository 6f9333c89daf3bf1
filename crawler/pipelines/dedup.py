"""Write each story once, across runs: by canonical URL and by content fingerprint.

A changed article (same canonical URL, new content) passes as an update.
Articles are claimed as *pending* here and become *seen* only once their
record is durably saved (crawler.extensions.feeds), so a crash never hides an
unwritten article.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.state import store_for
from crawler.store import StateStore
from crawler.urls import canonicalize, same_page


class ExpectedDrop(DropItem):
    """A drop that is routine for a scheduled crawl: logged at DEBUG, still counted."""

    def __init__(self, message: str) -> None:
        super().__init__(message, log_level="DEBUG")


class DuplicateURL(ExpectedDrop):
    """The article was already written, unchanged."""


class DuplicateContent(ExpectedDrop):
    """The same story was already written under another URL."""


class DedupPipeline:
    """Drop already-written articles; mark changed ones as updates."""

    def __init__(self, store: StateStore, stats: StatsCollector) -> None:
        self.store = store
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        if not crawler.settings.getbool("DEDUP_ENABLED", True):
            raise NotConfigured("DEDUP_ENABLED is off")
        assert crawler.stats is not None
        return cls(store_for(crawler), crawler.stats)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        adapter = ItemAdapter(item)
        key = canonicalize(adapter["canonical_url"])
        known = self.store.get(key)
        own = canonicalize(adapter.get("url") or key)
        foreign = not same_page(key, own)  # a re-post naming its original (article_identity)
        if foreign and known is not None and known.fingerprint != adapter["fingerprint"]:
            # Another story under the original's URL: the page keeps its own identity,
            # so it never replaces the record of a different article.
            key = adapter["canonical_url"] = own
            foreign = False
            known = self.store.get(key)
        if known is not None:
            if known.fingerprint == adapter["fingerprint"]:
                if foreign:
                    # A re-post naming its original: remembered under its own URL too,
                    # so a sitemap, feed or API listing it does not bring it back each run.
                    self.store.remember(own, known.fingerprint, adapter.get("modified"))
                if adapter.get("modified") != known.modified:
                    # Re-dated without a content change: remember, so it is not re-fetched.
                    self.store.remember(key, known.fingerprint, adapter.get("modified"))
                raise DuplicateURL(f"Already written: {key}")
            adapter["is_update"] = True
            self.stats.inc_value("dedup/updates")
        elif self.store.has_fingerprint(adapter["fingerprint"]):
            # Remembered too, so later runs do not fetch the re-post again; under
            # its own URL, since the original it names may be another story.
            memo = own if foreign else key
            self.store.remember(memo, adapter["fingerprint"], adapter.get("modified"))
            raise DuplicateContent(f"Same story already written: {adapter['url']}")
        # Claimed now so a twin later in this run is caught; seen once saved.  A shared
        # state refuses a claim another worker won meanwhile (by URL or by content).
        if not self.store.add_pending(key, adapter["fingerprint"], adapter.get("modified")):
            known = self.store.get(key)
            if known is not None and known.fingerprint == adapter["fingerprint"]:
                raise DuplicateURL(f"Already written by another worker: {key}")
            raise DuplicateContent(f"Same story written by another worker: {adapter['url']}")
        if foreign:  # a re-post met before its original: its own URL is known from now on
            self.store.remember(own, adapter["fingerprint"], adapter.get("modified"))
        return item
