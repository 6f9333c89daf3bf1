"""Boilerplate vocabularies and the rules that recognise them.

Grouped by concept (related stories, navigation, share, ads, ...) so a rule
can say *why* a block was dropped.  Every rule is general: it describes a kind
of page furniture seen across news sites, never one page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

# Whole-line texts (after whitespace folding) that are page furniture.
LINE_RULES: dict[str, re.Pattern[str]] = {
    "related": re.compile(
        r"^(also read|read also|read more|related|see also|more from|latest from|"
        r"don'?t miss|you might be interested in|you may also like|recommended)\b.*",
        re.IGNORECASE,
    ),
    "navigation": re.compile(
        r"^(previous|next) (story|post|article)$|^go ?to ?top$|^back to top$",
        re.IGNORECASE,
    ),
    "share": re.compile(r"^(share this|share on \w+|share|tweet|email|print)$", re.IGNORECASE),
    "tags": re.compile(r"^tags?:.*", re.IGNORECASE),
    "ads": re.compile(r"^(advertisement|sponsored|ad)$", re.IGNORECASE),
    "comments": re.compile(r"^(leave a reply|leave a comment|\d+ comments?)$", re.IGNORECASE),
}

# Class/id fragments of containers that never hold the article's own text.
NODE_RULES: dict[str, re.Pattern[str]] = {
    "related": re.compile(r"related|bottom-posts|posts-small|content-dock|also-read", re.I),
    "navigation": re.compile(r"post-nav|navigation|breadcrumb|backtotop", re.I),
    "share": re.compile(r"share|social", re.I),
    "tags": re.compile(r"(^|[-_ ])tags?([-_ ]|$)|entry-tags", re.I),
    "ads": re.compile(r"(^|[-_ ])ads?([-_ ]|$)|advert|adsbygoogle|sponsor", re.I),
    "comments": re.compile(r"comment|respond|reply", re.I),
}

DROP_TAGS = frozenset({"script", "style", "noscript", "iframe", "form", "button", "svg", "ins"})


# Longer lines are prose that happens to start with a trigger word.
MAX_BOILERPLATE_WORDS = 25


def line_reason(text: str) -> str | None:
    """Return the rule name that marks a whole line as boilerplate, or None."""
    line = " ".join(text.split())
    if not line or len(line.split()) > MAX_BOILERPLATE_WORDS:
        return None
    for name, pattern in LINE_RULES.items():
        if pattern.match(line):
            return name
    return None


def node_reason(element: HtmlElement) -> str | None:
    """Return the rule name that marks an element as boilerplate, or None."""
    if not isinstance(element.tag, str):
        return None
    if element.tag in DROP_TAGS:
        return "markup"
    marker = f"{element.get('class', '')} {element.get('id', '')}".strip()
    if not marker:
        return None
    for name, pattern in NODE_RULES.items():
        if pattern.search(marker):
            return name
    return None


def reasons(lines: Iterable[str]) -> list[tuple[str, str]]:
    """Pair each boilerplate line with the rule that recognises it."""
    return [(reason, line) for line in lines if (reason := line_reason(line))]
