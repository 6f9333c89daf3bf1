"""Drop records that are not articles: no title or no real body."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured


class MissingTitle(DropItem):
    """The page has no headline."""


class EmptyBody(DropItem):
    """The page has no article text (or too little to be one)."""


class ValidationPipeline:
    """Reject pages without a title or with fewer than VALIDATE_MIN_WORDS body words."""

    def __init__(self, min_words: int) -> None:
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidationPipeline:
        if not crawler.settings.getbool("VALIDATE_ENABLED", True):
            raise NotConfigured("VALIDATE_ENABLED is off")
        return cls(crawler.settings.getint("VALIDATE_MIN_WORDS", 20))

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        adapter = ItemAdapter(item)
        if not adapter.get("title"):
            raise MissingTitle(f"No title: {adapter.get('url')}")
        words = adapter.get("word_count") or 0
        if words < self.min_words:
            raise EmptyBody(f"Body has {words} words (< {self.min_words}): {adapter.get('url')}")
        return item
