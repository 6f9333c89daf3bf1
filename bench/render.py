"""What JavaScript rendering costs: pages per second with and without a renderer.

    python -m bench.render [--articles 60] [--categories 3]

Crawls the replica three ways in one run: plain HTTP on the normal replica,
then Splash and Chromium (scrapy-playwright) on its JavaScript variant, with
politeness off, and prints pages/s for each and the ratio to plain.  Needs
tools/splash/install.sh and tools/chromium/install.sh; talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
from pathlib import Path

from tests.crawling import crawl, read_jsonl
from tests.renderers import splash_server
from tests.replica import Replica

CATEGORIES = ("top-news", "world-news", "uk-news", "eu-news", "media", "dubai")
FAST = (
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "MONITOR_ENABLED=False",
)


def run(base_url: str, folder: Path, *extra: str) -> tuple[int, int, float]:
    """(pages fetched, articles written, seconds) of one crawl, from its run report."""
    result = crawl(base_url, folder / "state", folder / "out.jsonl", *FAST, *extra, timeout=1800)
    if result.returncode != 0:
        raise SystemExit(f"crawl failed ({' '.join(extra)}):\n{result.stderr[-2000:]}")
    report = json.loads(next((folder / "state" / "reports").glob("*.json")).read_text())
    return (
        report["pages_fetched"],
        len(read_jsonl(folder / "out.jsonl")),
        report["duration_seconds"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Pages per second with and without rendering")
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--categories", type=int, default=3, choices=range(1, 7))
    args = parser.parse_args()
    cats = ("-a", "categories=" + ",".join(CATEGORIES[: args.categories]))
    rows: list[tuple[str, int, int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Replica(articles=args.articles, seed=11) as plain:
            rows.append(("plain HTTP", *run(plain.base_url, root / "plain", *cats)))
        with (
            Replica(articles=args.articles, seed=11, js=True) as js,
            splash_server(root / "splash-run") as splash,
        ):
            rows.append(
                (
                    "Splash",
                    *run(
                        js.base_url,
                        root / "splash",
                        *cats,
                        "-a",
                        "render=splash",
                        "-s",
                        f"SPLASH_URL={splash}",
                    ),
                )
            )
            rows.append(
                (
                    "Chromium (playwright)",
                    *run(js.base_url, root / "pw", *cats, "-a", "render=playwright"),
                )
            )
    print(f"machine: {platform.node()} {platform.machine()}, {platform.python_version()}")
    print(f"{'renderer':<24}{'pages':>7}{'articles':>10}{'seconds':>9}{'pages/s':>9}{'ratio':>7}")
    base = rows[0][1] / rows[0][3]
    for name, pages, articles, seconds in rows:
        rate = pages / seconds
        print(f"{name:<24}{pages:>7}{articles:>10}{seconds:>9.1f}{rate:>9.1f}{rate / base:>7.2f}")


if __name__ == "__main__":
    main()
