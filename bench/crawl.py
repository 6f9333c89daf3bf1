"""Crawl throughput of the whole project against ``scrapy bench`` on the same machine.

Usage::

    python -m bench.crawl [--articles 2000] [--rounds 2] [--bench-seconds 10] [--set NAME=VALUE]

The project side is the real ``scrapy crawl asianlite`` (spider, extraction,
every pipeline, the JSON-lines feed export and the SQLite dedup store) run on
the replica served by ``python -m tests.replica`` in its own process, with
politeness off (no delay, no AutoThrottle, 32 concurrent requests; robots.txt
still obeyed).  Every listing and article page is fetched once before the
clock starts, so the crawl is served pre-rendered pages from the replica's
cache, and the replica's CPU during the crawl is reported: a server that uses
most of a core would be the bottleneck, not the crawler.

The baseline is ``scrapy bench`` (Scrapy's own follow-all-links spider and
server, no project settings) with the same concurrency settings.  Rounds
alternate baseline and crawl so a busy machine disturbs both alike; each
round's ratio is crawl pages/s over bench pages/s (responses received over
the engine's elapsed time, for both), and the median ratio is the figure.
``--set`` adds a setting to the project crawl only (to measure a variant).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench._common import (
    FAST_SETTINGS,
    REPO,
    ServedReplica,
    crawl_command,
    logstats_rates,
    machine,
    project_env,
    require_stat,
    run_measured,
    setting_args,
    stat,
    verdict,
    versions,
)
from crawler.sites import load_profile

TARGET = 0.7


@dataclass(frozen=True)
class Rate:
    """One measured run: pages, engine seconds, CPU of the crawler and of its server."""

    pages: int
    seconds: float
    cpu: float
    server_cpu: float
    items: int = 0
    worker_cpu: float = 0.0  # of ``cpu``: extraction worker processes (the crawl's children)

    @property
    def per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu / self.pages

    @property
    def server_share(self) -> float:
        """Server CPU as a share of one core over the run."""
        return self.server_cpu / self.seconds


def scrapy_bench(seconds: int, timeout: float) -> Rate:
    """``scrapy bench`` outside the project (Scrapy's defaults), politeness settings as ours."""
    env = project_env()
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    settings = {**FAST_SETTINGS, "CLOSESPIDER_TIMEOUT": str(seconds)}
    with tempfile.TemporaryDirectory(prefix="bench-scrapy-") as folder:
        command = [sys.executable, "-m", "scrapy", "bench", *setting_args(settings)]
        usage = run_measured(command, cwd=Path(folder), env=env, timeout=timeout)
    if usage.returncode != 0:
        raise RuntimeError(f"scrapy bench failed ({usage.returncode}):\n{usage.log[-3000:]}")
    server_cpu = sum(usage.child_cpu.values())
    rates = logstats_rates(usage.log)[1:]  # the first line is before any response
    if rates:
        print(f"    scrapy bench LogStats: median {statistics.median(rates):.0f} pages/min")
    return Rate(
        pages=int(require_stat(usage.log, "response_received_count")),
        seconds=require_stat(usage.log, "elapsed_time_seconds"),
        cpu=usage.cpu - server_cpu,
        server_cpu=server_cpu,
    )


def project_crawl(
    replica: ServedReplica, timeout: float, settings: dict[str, str] | None = None
) -> Rate:
    """One full crawl of the replica from an empty state store."""
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as folder:
        state, output = Path(folder) / "state", Path(folder) / "out.jsonl"
        command = crawl_command(replica.base_url, state, output, **(settings or {}))
        before = replica.cpu()
        usage = run_measured(command, cwd=REPO, env=project_env(), timeout=timeout)
        server_cpu = replica.cpu() - before
        written = sum(1 for _ in output.open(encoding="utf-8")) if output.exists() else 0
    if usage.returncode != 0:
        raise RuntimeError(f"crawl failed ({usage.returncode}):\n{usage.log[-3000:]}")
    items = int(stat(usage.log, "item_scraped_count") or 0)
    if written != items:
        raise RuntimeError(f"feed has {written} records but {items} items were scraped")
    return Rate(
        pages=int(require_stat(usage.log, "response_received_count")),
        seconds=require_stat(usage.log, "elapsed_time_seconds"),
        cpu=usage.cpu,
        server_cpu=server_cpu,
        items=items,
        worker_cpu=sum(usage.child_cpu.values()),
    )


def describe(name: str, rate: Rate, server: str) -> None:
    workers = (
        f" ({1000 * rate.worker_cpu / rate.pages:.1f} in extraction workers)"
        if rate.worker_cpu
        else ""
    )
    print(
        f"  {name:<13} {rate.pages:6d} pages in {rate.seconds:6.1f} s = {rate.per_second:6.1f} "
        f"pages/s; crawler CPU {rate.cpu_ms_per_page:5.1f} ms/page{workers}; "
        f"{server} CPU {rate.server_cpu:5.1f} s ({100 * rate.server_share:.0f}% of a core)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.crawl", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--articles", type=int, default=2000, help="replica size (default 2000)")
    parser.add_argument("--rounds", type=int, default=2, help="bench+crawl pairs (default 2)")
    parser.add_argument(
        "--bench-seconds", type=int, default=10, help="scrapy bench duration (default 10)"
    )
    parser.add_argument(
        "--timeout", type=float, default=600, help="kill a crawl after this many seconds"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the project crawl (repeatable)",
    )
    args = parser.parse_args(argv)
    variant = dict(item.split("=", 1) for item in args.set)

    print(f"machine: {machine()}")
    print(f"versions: {versions()}")
    print(f"settings: {' '.join(f'{k}={v}' for k, v in {**FAST_SETTINGS, **variant}.items())}")
    ratios: list[float] = []
    crawls: list[Rate] = []
    with ServedReplica(args.articles) as replica:
        listings = replica.listing_paths(load_profile("asianlite").categories)
        articles = replica.article_paths()
        extra = ["/robots.txt", "/sitemap_index.xml"]
        seconds = replica.warm([*extra, *listings, *articles])
        print(
            f"replica: {args.articles} articles at {replica.base_url}, pre-rendered "
            f"{len(listings)} listing and {len(articles)} article pages in {seconds:.1f} s"
        )
        for n in range(1, args.rounds + 1):
            print(f"round {n}:")
            bench = scrapy_bench(args.bench_seconds, args.timeout)
            describe("scrapy bench", bench, "bench server")
            crawl = project_crawl(replica, args.timeout, variant)
            describe("project crawl", crawl, "replica")
            ratio = crawl.per_second / bench.per_second
            cpu_ratio = bench.cpu_ms_per_page / crawl.cpu_ms_per_page
            print(
                f"  ratio {ratio:.2f}x the scrapy bench rate "
                f"(CPU per page: {cpu_ratio:.2f}x as cheap); {crawl.items} articles written"
            )
            ratios.append(ratio)
            crawls.append(crawl)
    ratio = statistics.median(ratios)
    busiest = max(c.server_share for c in crawls)
    print()
    print(
        f"crawl throughput: {ratio:.2f}x scrapy bench (median of {len(ratios)}; "
        f"rounds {', '.join(f'{r:.2f}' for r in ratios)}); "
        f"target >= {TARGET}x: {verdict(ratio >= TARGET)}"
    )
    print(
        f"replica server: at most {100 * busiest:.0f}% of one core during a crawl "
        f"({'not the bottleneck' if busiest < 0.5 else 'may be the bottleneck'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
