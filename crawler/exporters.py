"""Feed exporters whose files are safe to open (FEED_EXPORTERS for "csv" and "xml").

- CSV: a cell whose text starts a spreadsheet formula (``=``, ``+``, ``-``,
  ``@``, tab, carriage return, or the full-width ``＝ ＋ － ＠``) gets a single
  quote before it (OWASP's advice against CSV injection): Excel, LibreOffice
  and Google Sheets then show ``=HYPERLINK(...)`` as text instead of running
  it.  Numbers and booleans are never quoted; a list cell (authors, tags) is
  judged by its joined text.  Everything else is Scrapy's CsvItemExporter, so
  crash recovery (crawler.output.formats) reads the files as before.
- XML: characters XML 1.0 cannot hold (most control characters, lone
  surrogates, U+FFFE, U+FFFF) are left out, so the document always parses.
  Records reach the feeds already clean (crawler.safetext via
  SafeTextPipeline); this is the second guard, and it says so in a warning
  when it has to act.

JSON lines and JSON keep the text as it is: JSON escapes what it must, and
they are not opened by spreadsheets.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import XMLGenerator

from scrapy.exporters import CsvItemExporter, XmlItemExporter
from scrapy.item import Field

from crawler.safetext import neutralise_formula, xml_text

logger = logging.getLogger(__name__)


class SafeCsvItemExporter(CsvItemExporter):
    """Scrapy's CSV exporter, with formula-like cells neutralised by a leading ``'``."""

    def serialize_field(self, field: Mapping[str, Any] | Field, name: str, value: Any) -> Any:
        serialized = super().serialize_field(field, name, value)
        if isinstance(serialized, str) and not isinstance(value, int | float):
            return neutralise_formula(serialized)
        return serialized


class _XmlSafeGenerator(XMLGenerator):
    """An XMLGenerator that cannot write a character XML 1.0 forbids."""

    removed = 0

    def characters(self, content: str) -> None:
        cleaned, removed = xml_text(content)
        if removed:
            if not self.removed:
                logger.warning(
                    "XML feed: left out %d character(s) XML cannot hold (control characters, "
                    "non-characters); further ones are left out silently",
                    removed,
                )
            self.removed += removed
        super().characters(cleaned)


class SafeXmlItemExporter(XmlItemExporter):
    """Scrapy's XML exporter, whose documents stay well-formed whatever the records hold."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self.xg = _XmlSafeGenerator(file, encoding=self.encoding or "utf-8")
