"""Debugging helpers for ``scrapy shell``: what would the crawler write for this page?

>>> from crawler.debug import show
>>> show(response)             # article fields + what each rule removed
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from scrapy.http import TextResponse
from scrapy.utils.project import get_project_settings

from crawler.extract.page import Limits, Page, extract_page
from crawler.sites import load_profile


def explain(response: TextResponse, profile: str | None = None) -> dict[str, Any]:
    """The article record for ``response`` plus the extraction method and removals.

    The page goes through the crawl's path (``crawler.extract.page``: the same
    decoding, depth cap and limits), in this process: no time budget here.
    """
    content_type = response.headers.get("Content-Type")
    page = Page(
        response.url,
        response.body,
        content_type.decode("latin-1") if content_type else None,
        profile=load_profile(profile).name if profile else None,
        guess_profile=True,
        clean=True,
        limits=Limits.from_settings(get_project_settings()),
    )
    result = extract_page(page)
    return {
        "article": result.article.__dict__,
        "profile": result.profile,
        "method": result.method,
        "removed": [{"rule": rule, "text": text} for rule, text in result.removed],
    }


def show(response: TextResponse, profile: str | None = None, out: TextIO | None = None) -> None:
    """Print the extracted article and a short account of the dropped blocks."""
    out = out or sys.stdout
    report = explain(response, profile)
    article = report["article"]
    print(f"profile: {report['profile'] or '(generic)'}   method: {report['method']}", file=out)
    for key, value in article.items():
        if key != "body":
            print(f"{key:>14}: {json.dumps(value, ensure_ascii=False)}", file=out)
    print(f"\n--- body ({article['word_count']} words) ---\n{article['body']}\n", file=out)
    print(f"--- removed ({len(report['removed'])} blocks) ---", file=out)
    for entry in report["removed"]:
        print(f"  [{entry['rule']}] {entry['text']}", file=out)
