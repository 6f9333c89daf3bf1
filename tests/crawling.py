"""Run the real `scrapy crawl` against a served replica, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from crawler.urls import canonicalize
from tests.replica import Replica

REPO = Path(__file__).resolve().parents[1]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
# The project's settings from any working directory, so a run's default
# output (data/...) lands in that directory, never in the checkout.
ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "PYTHONPATH": str(REPO)}


def crawl_command(
    base_url: str, state_dir: Path, *extra: str, spider: str = "asianlite"
) -> list[str]:
    """`scrapy crawl <spider>` against ``base_url`` (none when empty), without politeness
    delays."""
    site = ["-a", f"base_url={base_url}"] if base_url else []
    command = [sys.executable, "-m", "scrapy", "crawl", spider, *site]
    return [*command, "-s", f"STATE_DIR={state_dir}", *FAST, *extra]


def scrapy(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Any ``scrapy`` command in the project (parse, check, shell, extract, ...)."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=REPO,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def crawl(
    base_url: str,
    state_dir: Path,
    output: Path,
    *extra: str,
    timeout: float = 300,
    spider: str = "asianlite",
) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl <spider>` in the project, output to ``output`` (JSON lines)."""
    command = crawl_command(base_url, state_dir, "-O", str(output), *extra, spider=spider)
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON-lines feed (none when the run wrote no file)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# Furniture of the Asian Lite theme that must never reach a body.
BOILERPLATE = (
    "ALSO READ",
    "Previous Story",
    "Next Story",
    "Latest from",
    "Don't Miss",
    "Go to",
    "Share this",
    "Tags:",
    "Leave a Reply",
    "Advertisement",
)


def stories(records: Iterable[dict[str, Any]], rep: Replica) -> Counter[str]:
    """How often each story of the replica was written.

    A story re-posted under a second slug may be met first in either copy
    (dedup keeps the first), so both copies count for the original.
    """
    story: dict[str, str] = {}
    for article in rep.articles:
        key = canonicalize(article.duplicate_of or article.canonical_url)
        story[canonicalize(article.url)] = story[canonicalize(article.canonical_url)] = key
    return Counter(
        story.get(canonicalize(url), url)
        for url in (str(record["canonical_url"]) for record in records)
    )


def expected_stories(rep: Replica, categories: set[str] | None = None) -> set[str]:
    """The stories a complete crawl writes (optionally only those in ``categories``)."""
    return {
        canonicalize(a.canonical_url)
        for a in rep.unique_articles()
        if categories is None or set(a.categories) & categories
    }
