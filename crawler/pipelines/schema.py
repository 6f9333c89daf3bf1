"""Check every record written against the output contract (crawler/schema/article.json)."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.schema import article_validator

logger = logging.getLogger(__name__)
LOGGED_PER_FIELD = 5  # WARNING lines per field and run; the stats count them all


class InvalidRecord(DropItem):
    """The record does not match the output schema (only with SCHEMA_DROP_INVALID)."""


class SchemaValidationPipeline:
    """Validate each record; count invalid ones per field; write or drop them.

    Stats: ``schema/invalid_records`` and ``schema/invalid/<field>`` (``record``
    for errors about the record as a whole).  The run report carries them as
    ``invalid_records`` and a monitor fails the run when there is any.
    """

    def __init__(self, stats: StatsCollector, drop: bool) -> None:
        self.stats = stats
        self.drop = drop
        self.validator = article_validator()
        self.logged: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemaValidationPipeline:
        if not crawler.settings.getbool("SCHEMA_ENABLED", True):
            raise NotConfigured("SCHEMA_ENABLED is off")
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getbool("SCHEMA_DROP_INVALID"))

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        record = ItemAdapter(item).asdict()
        problems: dict[str, str] = {}
        for error in self.validator.iter_errors(record):
            field = str(error.absolute_path[0]) if error.absolute_path else "record"
            problems.setdefault(field, error.message)
        if not problems:
            return item
        self.stats.inc_value("schema/invalid_records")
        for field, message in problems.items():
            self.stats.inc_value(f"schema/invalid/{field}")
            self.logged[field] += 1
            if self.logged[field] <= LOGGED_PER_FIELD:
                logger.warning(
                    "Record does not match the output schema: %s: %s (%s)",
                    field,
                    _short(message),
                    record.get("url"),
                )
        if self.drop:
            fields = ", ".join(sorted(problems))
            raise InvalidRecord(f"Invalid {fields}: {record.get('url')}")
        return item


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
