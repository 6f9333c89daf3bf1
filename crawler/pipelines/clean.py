"""Make every text safe, clean the body and derive word count and content fingerprint."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.articles import finish
from crawler.safetext import safe_record


class SafeTextPipeline:
    """Remove control characters and Unicode non-characters from every text field.

    First of the pipelines and not optional: whatever extracted the record
    (site profile, generic extraction, a JSON-LD node), its texts are then
    safe in every feed format (crawler.safetext).  Fields it had to change
    are counted in the stats (``clean/unsafe_text/<field>``).
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeTextPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        for name in safe_record(ItemAdapter(item)):
            self.stats.inc_value(f"clean/unsafe_text/{name}")
        return item


class CleanBodyPipeline:
    """Normalise the body and drop boilerplate lines and a repeated standfirst."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanBodyPipeline:
        if not crawler.settings.getbool("CLEAN_ENABLED", True):
            raise NotConfigured("CLEAN_ENABLED is off")
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        for reason, _ in finish(ItemAdapter(item)):
            self.stats.inc_value(f"clean/removed/{reason}")
        return item
