"""Debugging helpers for ``scrapy shell``: what would the crawler write for this page?

>>> from crawler.debug import show
>>> show(response)             # article fields + what each rule removed
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from scrapy.http import TextResponse

from crawler.articles import article_from_tree
from crawler.sites import load_profile, profile_for_page


def explain(response: TextResponse, profile: str | None = None) -> dict[str, Any]:
    """The article record for ``response`` plus the extraction method and removals."""
    tree = response.selector.root
    site = load_profile(profile) if profile else profile_for_page(response.url, tree)
    article, extraction, removed = article_from_tree(tree, response.url, site)
    return {
        "article": article.__dict__,
        "profile": site.name if site else None,
        "method": extraction.method,
        "removed": [{"rule": rule, "text": text} for rule, text in removed],
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
