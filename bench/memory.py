"""Memory: peak RSS of a 20,000-article crawl against a 2,000-article one.

Usage::

    python -m bench.memory [--small 2000] [--large 20000] [--timeout 2400]

Runs the real ``scrapy crawl asianlite`` (politeness off, every pipeline,
feed export, state store) on replicas of both sizes, each served by
``python -m tests.replica`` in its own process, and reads each crawl's peak
RSS from ``wait4`` (the crawl process alone, not the server).  A first crawl
of one listing page per category gives the floor: what the process holds
before the crawl's size matters (Python, Scrapy, lxml, trafilatura, ...).
RSS is also sampled while the large crawl runs, to show it stays flat.

What still grows with the crawl is Scrapy's own request dedup (one
fingerprint per request seen); its size is estimated from the request count.
The large crawl takes about 5-10 minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from bench._common import (
    REPO,
    ServedReplica,
    Usage,
    crawl_command,
    machine,
    mib,
    project_env,
    require_stat,
    run_measured,
    stat,
    verdict,
    versions,
)

TARGET = 1.25


@dataclass(frozen=True)
class Crawl:
    articles: int
    pages: int
    items: int
    seconds: float
    usage: Usage


def crawl(articles: int, timeout: float, *extra: str) -> Crawl:
    """One full crawl of a fresh replica of ``articles`` posts from an empty store."""
    with (
        ServedReplica(articles) as replica,
        tempfile.TemporaryDirectory(prefix="bench-memory-") as folder,
    ):
        state, output = Path(folder) / "state", Path(folder) / "out.jsonl"
        command = [*crawl_command(replica.base_url, state, output), *extra]
        usage = run_measured(command, cwd=REPO, env=project_env(), timeout=timeout)
    if usage.returncode != 0:
        raise RuntimeError(f"crawl failed ({usage.returncode}):\n{usage.log[-3000:]}")
    return Crawl(
        articles=articles,
        pages=int(require_stat(usage.log, "response_received_count")),
        items=int(stat(usage.log, "item_scraped_count") or 0),
        seconds=usage.wall,
        usage=usage,
    )


def request_dedup_bytes(requests: int) -> int:
    """Memory of Scrapy's RFPDupeFilter for ``requests`` fingerprints (a set of hex str)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    seen = {f"{n:040x}" for n in range(requests)}
    size = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del seen
    return size


def describe(name: str, run: Crawl) -> None:
    parts = ", ".join(f"{k} {mib(v)}" for k, v in run.usage.parts_at_peak.items())
    print(
        f"  {name:<7} {run.articles:6,} articles: {run.pages:6,} pages, {run.items:6,} items "
        f"in {run.seconds:6.1f} s; peak RSS {mib(run.usage.max_rss)} ({parts})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.memory", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--small", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--large", type=int, default=20000, help="articles (default 20000)")
    parser.add_argument(
        "--timeout", type=float, default=2400, help="kill a crawl after this many seconds"
    )
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    print(f"versions: {versions()}")
    floor = crawl(args.small, args.timeout, "-a", "max_pages=1", "-s", "NEWS_SITEMAP_UPDATES=0")
    describe("floor", floor)
    small = crawl(args.small, args.timeout)
    describe("small", small)
    large = crawl(args.large, args.timeout)
    describe("large", large)

    for name, run in (("small", small), ("large", large)):
        samples = run.usage.rss_samples
        if samples:
            picks = [samples[min(len(samples) - 1, len(samples) * q // 8)] for q in range(1, 9)]
            print(
                f"  {name} crawl RSS over time: "
                + ", ".join(f"{t:.0f} s {mib(rss)}" for t, rss in picks)
            )
    ratio = large.usage.max_rss / small.usage.max_rss
    growth = large.usage.max_rss - small.usage.max_rss
    extra_pages = large.pages - small.pages
    dedup = request_dedup_bytes(large.pages) - request_dedup_bytes(small.pages)
    print(
        f"  growth: {mib(growth)} for {extra_pages:,} more pages "
        f"({growth / max(extra_pages, 1):.0f} bytes/page); Scrapy's request dedup set "
        f"accounts for about {mib(dedup)} of it"
    )
    print(
        f"  floor (one listing page per category): {mib(floor.usage.max_rss)} = "
        f"{floor.usage.max_rss / small.usage.max_rss:.0%} of the small crawl's peak"
    )
    print()
    print(
        f"memory: peak RSS {args.large:,} articles / {args.small:,} articles = {ratio:.2f}x "
        f"(target <= {TARGET}x): {verdict(ratio <= TARGET)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
