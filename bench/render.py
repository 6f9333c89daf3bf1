"""Rendering cost: crawl pages per second with and without a JavaScript renderer.

Usage::

    python -m bench.render [--articles 500] [--categories top-news,world-news,uk-news]

Three crawls of the same replica (same seed, same categories), politeness off:

- ``plain``: the ordinary replica, no renderer (the baseline);
- ``splash``: the replica serving JavaScript shells (``--js``), ``-a render=splash``
  through a native Splash started here (``tools/splash/install.sh``);
- ``playwright``: the same shells, ``-a render=playwright`` with Debian's Chromium.

A renderer that is not installed is skipped with a note.  Each crawl prints
pages/s and its ratio to the plain crawl, articles written, the crawl
process's CPU per page (with Chromium, which runs under it) and Splash's CPU.
Renderers use the project's settings (``SPLASH_WAIT``, ``PLAYWRIGHT_WAIT``:
0.5 s per page), since that is what a rendered crawl costs.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from bench._common import (
    REPO,
    ServedReplica,
    cpu_seconds,
    crawl_command,
    machine,
    project_env,
    require_stat,
    run_measured,
    stat,
    versions,
)
from crawler.settings import PLAYWRIGHT_EXECUTABLE

SPLASH_VENV = Path(os.environ.get("SPLASH_VENV", "/opt/splash-venv"))


@dataclass(frozen=True)
class Run:
    pages: int
    items: int
    seconds: float
    cpu: float
    renderer_cpu: float | None = None

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _splashctl() -> ModuleType:
    spec = importlib.util.spec_from_file_location("splashctl", REPO / "tools/splash/splashctl.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def splash_server(run_dir: Path) -> Iterator[tuple[str, int]]:
    """A Splash of our own on a free loopback port: (URL, pid)."""
    server = _splashctl().SplashServer(port=free_port(), run_dir=str(run_dir))
    server.start()
    try:
        yield str(server.url), int(server.proc.pid)
    finally:
        server.stop()


def crawl(
    articles: int, categories: str, js: bool, timeout: float, *extra: str, renderer: int = 0
) -> Run:
    """One crawl from an empty store; ``renderer`` is a pid whose CPU is counted too."""
    with (
        ServedReplica(articles, seed=5, js=js) as replica,
        tempfile.TemporaryDirectory(prefix="bench-render-") as folder,
    ):
        state, output = Path(folder) / "state", Path(folder) / "out.jsonl"
        command = crawl_command(replica.base_url, state, output)
        command += ["-a", f"categories={categories}", *extra]
        before = cpu_seconds(renderer) if renderer else None
        usage = run_measured(command, cwd=REPO, env=project_env(), timeout=timeout)
        after = cpu_seconds(renderer) if renderer else None
    items = int(stat(usage.log, "item_scraped_count") or 0)
    if usage.returncode != 0 or not items:
        tail = usage.log[-3000:]
        raise RuntimeError(f"crawl failed ({usage.returncode}, {items} items):\n{tail}")
    return Run(
        pages=int(require_stat(usage.log, "response_received_count")),
        items=items,
        seconds=require_stat(usage.log, "elapsed_time_seconds"),
        cpu=usage.cpu,
        renderer_cpu=after - before if before is not None and after is not None else None,
    )


def describe(name: str, run: Run, plain: Run) -> None:
    splash = (
        f"; Splash CPU {1000 * run.renderer_cpu / run.pages:.1f} ms/page"
        if run.renderer_cpu is not None
        else ""
    )
    print(
        f"  {name:<11} {run.pages:5d} pages, {run.items:4d} articles in {run.seconds:6.1f} s = "
        f"{run.rate:6.1f} pages/s ({run.rate / plain.rate:5.3f}x plain); "
        f"crawl CPU {1000 * run.cpu / run.pages:6.1f} ms/page{splash}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.render", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--articles", type=int, default=500, help="replica size (default 500)")
    parser.add_argument(
        "--categories", default="top-news,world-news,uk-news", help="categories crawled"
    )
    parser.add_argument(
        "--timeout", type=float, default=600, help="kill a crawl after this many seconds"
    )
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    print(f"versions: {versions()}")
    plain = crawl(args.articles, args.categories, False, args.timeout)
    describe("plain", plain, plain)
    if (SPLASH_VENV / "bin" / "python").exists():
        with tempfile.TemporaryDirectory(prefix="bench-splash-") as run_dir:
            with splash_server(Path(run_dir)) as (url, pid):
                run = crawl(
                    args.articles,
                    args.categories,
                    True,
                    args.timeout,
                    "-a",
                    "render=splash",
                    "-s",
                    f"SPLASH_URL={url}",
                    renderer=pid,
                )
            describe("splash", run, plain)
    else:
        print(f"  splash      skipped: no Splash venv at {SPLASH_VENV} (tools/splash/install.sh)")
    if importlib.util.find_spec("scrapy_playwright") and Path(PLAYWRIGHT_EXECUTABLE).exists():
        run = crawl(args.articles, args.categories, True, args.timeout, "-a", "render=playwright")
        describe("playwright", run, plain)
    else:
        print(f"  playwright  skipped: scrapy-playwright or {PLAYWRIGHT_EXECUTABLE} missing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
