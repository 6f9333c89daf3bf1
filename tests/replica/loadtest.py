"""Measure the replica server's throughput on loopback.

    python -m tests.replica.loadtest [--articles 2000] [--seconds 5] [--connections 8] [--cold]

Starts the CLI server in a subprocess (so client and server do not share a
GIL), then GETs article pages over keep-alive connections from client threads
and prints pages per second. By default every page is fetched once before the
clock starts (a warm cache, as in a re-crawl); --cold measures first fetches,
which include rendering.
"""

from __future__ import annotations

import argparse
import http.client
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit


def _paths(address: tuple[str, int]) -> list[str]:
    """Article paths, from the post sitemaps."""
    conn = http.client.HTTPConnection(*address)
    found: list[str] = []
    for n in range(1, 100):
        conn.request("GET", "/post-sitemap.xml" if n == 1 else f"/post-sitemap{n}.xml")
        resp = conn.getresponse()
        body = resp.read().decode()
        if resp.status != 200:
            break
        urls = re.findall(r"<loc>([^<]+)</loc>", body)
        found += [urlsplit(u).path for u in urls if "/wp-content/" not in u]
    conn.close()
    return found


def _client(
    address: tuple[str, int], paths: list[str], deadline: float | None, done: list[int]
) -> None:
    """GET `paths` once (deadline None) or round and round until the deadline."""
    conn = http.client.HTTPConnection(*address)
    count = 0
    while paths:
        for path in paths:
            conn.request("GET", path)
            conn.getresponse().read()
            count += 1
            if deadline is not None and time.perf_counter() >= deadline:
                break
        if deadline is None or time.perf_counter() >= deadline:
            break
    conn.close()
    done.append(count)


def _load(
    address: tuple[str, int], paths: list[str], connections: int, seconds: float | None
) -> tuple[int, float]:
    done: list[int] = []
    started = time.perf_counter()
    deadline = None if seconds is None else started + seconds
    threads = [
        threading.Thread(target=_client, args=(address, paths[n::connections], deadline, done))
        for n in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), time.perf_counter() - started


def run(articles: int, seconds: float, connections: int, cold: bool) -> float:
    command = [sys.executable, "-m", "tests.replica", "--port", "0", "--articles", str(articles)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()
        match = re.search(r"http://([\d.]+):(\d+)", banner)
        if match is None:
            raise RuntimeError(f"unexpected server banner: {banner!r}")
        address = (match[1], int(match[2]))
        paths = _paths(address)
        if not cold:
            _load(address, paths, connections, None)  # render everything once
        pages, elapsed = _load(address, paths, connections, None if cold else seconds)
        rate = pages / elapsed
        state = "first fetches (rendering)" if cold else "warm cache"
        print(f"{pages} pages in {elapsed:.2f} s, {connections} keep-alive connections, {state}:")
        print(f"{rate:.0f} pages/s")
        return rate
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.replica.loadtest", description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--cold", action="store_true", help="measure first fetches (with rendering)"
    )
    args = parser.parse_args()
    run(args.articles, args.seconds, args.connections, args.cold)


if __name__ == "__main__":
    main()
