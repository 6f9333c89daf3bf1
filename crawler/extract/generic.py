"""Generic body extraction for pages without a site profile container.

trafilatura does the heavy lifting on the already-parsed tree (it copies the
tree, so the caller's parse is reused, not repeated).
"""

from __future__ import annotations

import trafilatura
from lxml.html import HtmlElement

from crawler.extract.blocks import Removed
from crawler.extract.text import clean_line


def extract_body(tree: HtmlElement, url: str | None = None) -> tuple[list[str], Removed]:
    """Body paragraphs of ``tree`` and the blocks dropped on the way."""
    text = trafilatura.extract(tree, url=url, include_comments=False, include_tables=False)
    paragraphs = [line for raw in (text or "").splitlines() if (line := clean_line(raw))]
    return paragraphs, []
