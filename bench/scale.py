"""Crawl throughput with 1, 2 and 3 frontier workers against one replica, and their CPU.

Usage::

    python -m bench.scale [--articles 2000] [--workers 1,2,3] [--rounds 1] [--set NAME=VALUE]
                          [--state postgresql]

Each setup is a full crawl of the replica (served by ``python -m tests.replica``
in its own process, every page pre-rendered first) by the real ``scrapy crawl
asianlite``, politeness off (bench._common.FAST_SETTINGS):

- ``local``: one process with Scrapy's own scheduler (no FRONTIER_URL), the baseline;
- ``redis xN``: N worker processes of one run with FRONTIER_URL, sharing the
  queue and dedup in a redis-server started here (each with its own SQLite
  state, so a re-post met by two workers may be written twice).

``--state postgresql`` gives every setup the shared state too: a PostgreSQL
server started here (fsync on, tests/pgserver.py), a fresh database per
setup, one STATE_RUN_ID per run; its CPU (postmaster, its background
processes and the workers' backends) is counted per article with the rest.

Reported per setup: pages fetched (responses, all workers), the run's wall time
(first start to last exit, start-up included) and its crawl time (the longest
worker's ``elapsed_time_seconds``), pages/s over each, and CPU seconds per
article written: the workers' own (extraction processes included) plus
redis-server's, and the replica's separately.  On a 2-core machine the
workers compete for the same cores, so the figure that carries over to a
cluster is CPU per article (see bench/README.md, "Several workers").
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench._common import (
    REPO,
    TICKS,
    ServedReplica,
    Usage,
    cpu_seconds,
    crawl_command,
    machine,
    project_env,
    run_measured,
    stat,
    versions,
)
from crawler.sites import load_profile
from tests.pgserver import PostgresServer
from tests.redisserver import RedisServer


@dataclass(frozen=True)
class Setup:
    """One measured crawl: N workers (0 = the local scheduler, one process)."""

    workers: int
    pages: int
    articles: int
    wall: float
    crawl: float
    cpu: float  # workers and their extraction processes
    redis_cpu: float
    server_cpu: float
    state_cpu: float | None = None  # PostgreSQL's, with --state postgresql

    @property
    def name(self) -> str:
        name = "local" if self.workers == 0 else f"redis x{self.workers}"
        return name if self.state_cpu is None else f"{name}+pg"

    def line(self) -> str:
        state = self.state_cpu or 0.0
        per_article = (self.cpu + self.redis_cpu + state) / max(1, self.articles)
        return (
            f"  {self.name:<9} {self.pages:6d} pages, {self.articles:5d} articles; "
            f"wall {self.wall:5.1f} s = {self.pages / self.wall:6.1f} pages/s, crawl "
            f"{self.crawl:5.1f} s = {self.pages / self.crawl:6.1f} pages/s; CPU "
            f"{1000 * per_article:5.1f} ms/article (workers {self.cpu:5.1f} s, redis "
            f"{self.redis_cpu:4.1f} s"
            + ("" if self.state_cpu is None else f", postgres {self.state_cpu:4.1f} s")
            + f"); replica {self.server_cpu:5.1f} s"
        )


def measure(
    replica: ServedReplica,
    workers: int,
    redis: RedisServer | None,
    timeout: float,
    settings: dict[str, str],
    *,
    postgres: PostgresServer | None = None,
) -> Setup:
    """One full crawl with ``workers`` frontier workers (0: the local scheduler)."""
    count = max(1, workers)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        extra = dict(settings)
        run = f"bench-{time.time_ns()}"
        if workers:
            assert redis is not None
            extra.update(FRONTIER_URL=redis.url, FRONTIER_RUN=run)
        if postgres is not None:
            extra.update(STATE_URL=postgres.database(), STATE_RUN_ID=run)
        state_before = _postgres_cpu(postgres)
        commands = [
            crawl_command(replica.base_url, folder / f"state{n}", folder / f"out{n}.jsonl", **extra)
            for n in range(count)
        ]
        server_before = replica.cpu()
        redis_before = _redis_cpu(redis)
        started = time.perf_counter()
        with ThreadPoolExecutor(count) as pool:
            usages: list[Usage] = list(
                pool.map(
                    lambda c: run_measured(c, cwd=REPO, env=project_env(), timeout=timeout),
                    commands,
                )
            )
        wall = time.perf_counter() - started
        server_cpu = replica.cpu() - server_before
        redis_cpu = _redis_cpu(redis) - redis_before
        state_cpu = None if postgres is None else _postgres_cpu(postgres) - state_before
    for usage in usages:
        if usage.returncode != 0:
            raise RuntimeError(f"a worker failed ({usage.returncode}):\n{usage.log[-3000:]}")
    return Setup(
        workers=workers,
        pages=sum(int(stat(u.log, "response_received_count") or 0) for u in usages),
        articles=sum(int(stat(u.log, "item_scraped_count") or 0) for u in usages),
        wall=wall,
        crawl=max(stat(u.log, "elapsed_time_seconds") or wall for u in usages),
        cpu=sum(u.cpu for u in usages),
        redis_cpu=redis_cpu,
        server_cpu=server_cpu,
        state_cpu=state_cpu,
    )


def _redis_cpu(redis: RedisServer | None) -> float:
    if redis is None or redis.process is None:
        return 0.0
    return cpu_seconds(redis.process.pid) or 0.0


def _postgres_cpu(postgres: PostgresServer | None) -> float:
    """CPU of a PostgreSQL server: the postmaster and its reaped backends, live children."""
    if postgres is None:
        return 0.0
    pid = int((postgres.data / "postmaster.pid").read_text().split()[0])
    total = 0.0
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(stat_file.parent.name) == pid:  # its own and its exited children's
            total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS
        elif int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--articles", type=int, default=2000, help="replica size (default 2000)")
    parser.add_argument(
        "--workers", default="1,2,3", help="worker counts to measure (default 1,2,3)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="rounds of every setup (default 1)")
    parser.add_argument("--timeout", type=float, default=600, help="kill a worker after this")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a setting (repeatable)"
    )
    parser.add_argument(
        "--state",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="the state of every setup: each worker's SQLite (default) or one PostgreSQL",
    )
    args = parser.parse_args(argv)
    try:
        counts = [int(n) for n in args.workers.split(",")]
        settings = dict(item.split("=", 1) for item in args.set)
    except ValueError:
        parser.error("--workers takes numbers like 1,2,3; --set takes NAME=VALUE")
    if any(n < 1 for n in counts) or args.articles < 20 or args.rounds < 1:
        parser.error("--workers counts >= 1, --articles >= 20, --rounds >= 1")

    print(f"machine: {machine()}")
    print(f"versions: {versions()}")
    with (
        tempfile.TemporaryDirectory(prefix="bench-redis-") as redis_dir,
        contextlib.ExitStack() as stack,
    ):
        postgres = None
        if args.state == "postgresql":
            postgres = stack.enter_context(PostgresServer(fsync=True))
        redis = RedisServer(Path(redis_dir))
        redis.start()
        try:
            with ServedReplica(args.articles) as replica:
                listings = replica.listing_paths(load_profile("asianlite").categories)
                articles = replica.article_paths()
                seconds = replica.warm(["/robots.txt", "/sitemap_index.xml", *listings, *articles])
                print(
                    f"replica: {args.articles} articles at {replica.base_url}, pre-rendered "
                    f"{len(listings)} listing and {len(articles)} article pages in {seconds:.1f} s"
                )
                for n in range(1, args.rounds + 1):
                    print(f"round {n}:")
                    for count in [0, *counts]:
                        setup = measure(
                            replica,
                            count,
                            redis if count else None,
                            args.timeout,
                            settings,
                            postgres=postgres,
                        )
                        print(setup.line())
        finally:
            redis.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
