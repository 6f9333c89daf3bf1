"""Extraction cost: CPU milliseconds per article page, against parsing alone and trafilatura.

Usage::

    python -m bench.extract_cost [--pages 200] [--rounds 5] [--aeb DIR]

Measured on the same pages, from the same decoded text, on one core (CPU
time, ``time.process_time``).  Variants are interleaved page by page in a
rotating order, so a busy machine disturbs them alike; ms/page is the best
round, and each ratio is the median over rounds of the paired ratio.

- ``parse``: ``lxml.html.document_fromstring`` alone, the floor;
- ``trafilatura``: plain ``trafilatura.extract(html, url=url)``, the common alternative;
- ``site profile``: the project's whole page-to-item path with the page's
  site profile (``parse_html`` + ``crawler.articles.article_from_tree``:
  metadata, profile container body, Article, cleaning, fingerprint);
- ``generic``: the same path without a profile (trafilatura body on a pruned copy).

Pages: article pages of the replica (``tests/replica``, rendered in-process)
and, when present, the AEB dev pages (real sites; generic path only, as
nothing there has a profile).  A breakdown says where the time goes.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura
from w3lib.encoding import html_to_unicode

from bench._common import REPO, machine, verdict, versions
from crawler.articles import article_from_tree, build_article, finish
from crawler.extract.article import container_body, parse_html
from crawler.extract.generic import extract_body
from crawler.extract.metadata import extract_metadata
from crawler.extract.prune import pruned_copy
from crawler.sites import SiteProfile, load_profile
from tests.replica import Replica

PROFILE_TARGET = 3.0  # x parse-only
GENERIC_TARGET = 1.0  # x plain trafilatura
DEFAULT_AEB = Path(os.environ.get("AEB_DATA") or REPO.parent / "shared" / "aeb-dev")

Page = tuple[str, str]  # (url, html text)
Step = Callable[[str, str], object]


@dataclass(frozen=True)
class Timing:
    """CPU seconds of each round over all pages."""

    rounds: tuple[float, ...]
    pages: int

    @property
    def ms(self) -> float:
        """Milliseconds per page in the best round."""
        return 1000 * min(self.rounds) / self.pages

    def ratio(self, other: Timing) -> float:
        """Median over rounds of this / other (paired: same round, same pages)."""
        return statistics.median(a / b for a, b in zip(self.rounds, other.rounds, strict=True))


def replica_pages(count: int) -> list[Page]:
    """``count`` article pages of a seeded replica, as a crawl receives them."""
    with Replica(articles=max(count, 200), seed=1) as replica:
        urls = [a.url for a in replica.articles[:count]]
        pages = []
        for url in urls:
            with urllib.request.urlopen(url, timeout=30) as resp:
                pages.append((url, resp.read().decode(resp.headers.get_content_charset("utf-8"))))
    return pages


def aeb_pages(folder: Path) -> list[Page]:
    """The AEB dev pages (decoded as ``parse_html`` decodes bytes)."""
    pages = []
    for path in sorted((folder / "html").glob("*.html.gz")):
        _, text = html_to_unicode(None, gzip.decompress(path.read_bytes()))
        pages.append((f"https://example.org/{path.name.removesuffix('.html.gz')}", text))
    return pages


def measure(steps: dict[str, Step], pages: Sequence[Page], rounds: int) -> dict[str, Timing]:
    """CPU time of each step over all pages, per round.

    Steps are interleaved page by page, in an order rotated on every page, so
    a load that comes and goes on the machine lands on all of them alike.
    """
    names = list(steps)
    totals = {name: [0.0] * rounds for name in names}
    for n in range(rounds):
        for k, (url, html) in enumerate(pages):
            shift = (n + k) % len(names)
            for name in names[shift:] + names[:shift]:
                started = time.process_time()
                steps[name](url, html)
                totals[name][n] += time.process_time() - started
    return {name: Timing(tuple(totals[name]), len(pages)) for name in names}


def path_steps(profile: SiteProfile | None) -> dict[str, Step]:
    def parse(url: str, html: str) -> object:
        return lxml.html.document_fromstring(html)

    def plain(url: str, html: str) -> object:
        return trafilatura.extract(html, url=url)

    def ours(url: str, html: str) -> object:
        return article_from_tree(parse_html(html), url, profile)

    steps: dict[str, Step] = {"parse": parse, "trafilatura": plain}
    steps["site profile" if profile else "generic"] = ours
    return steps


def breakdown(pages: Sequence[Page], profile: SiteProfile | None, rounds: int) -> None:
    """CPU per stage of the page-to-item path (on trees parsed beforehand)."""
    trees = {url: parse_html(html) for url, html in pages}
    extractions = {url: article_from_tree(trees[url], url, profile)[1] for url, _ in pages}

    def stage(fn: Callable[[str], object]) -> Step:
        return lambda url, _html: fn(url)

    steps: dict[str, Step] = {
        "parse": lambda _url, html: lxml.html.document_fromstring(html),
        "metadata": stage(lambda url: extract_metadata(trees[url], profile)),
    }
    if profile is not None:
        steps["container body"] = stage(lambda url: container_body(trees[url], profile))
    else:
        steps["pruned copy"] = stage(lambda url: pruned_copy(trees[url]))
        steps["body (prune+trafilatura+header)"] = stage(lambda url: extract_body(trees[url], url))
    steps["Article"] = stage(lambda url: build_article(extractions[url], url))
    steps["finish (clean+fingerprint)"] = stage(
        lambda url: finish(build_article(extractions[url], url).__dict__)
    )
    timings = measure(steps, pages, rounds)
    parse = timings.pop("parse")
    for name, timing in timings.items():
        print(f"    {name:<34} {timing.ms:7.2f} ms/page  {timing.ratio(parse):5.2f}x parse")


def report(title: str, timings: dict[str, Timing]) -> dict[str, float]:
    """Print ms/page and ratios; return each step's ratio to plain trafilatura and to parse."""
    parse, plain = timings["parse"], timings["trafilatura"]
    print(f"{title} ({parse.pages} pages, best of {len(parse.rounds)} rounds):")
    for name, timing in timings.items():
        print(
            f"  {name:<13} {timing.ms:7.2f} ms/page  {timing.ratio(parse):5.2f}x parse  "
            f"{timing.ratio(plain):5.2f}x trafilatura"
        )
    ours = timings["site profile"] if "site profile" in timings else timings["generic"]
    return {"parse": ours.ratio(parse), "trafilatura": ours.ratio(plain)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.extract_cost",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument("--pages", type=int, default=200, help="replica pages (default 200)")
    parser.add_argument("--rounds", type=int, default=5, help="best of N rounds (default 5)")
    parser.add_argument("--aeb", type=Path, default=DEFAULT_AEB, help="AEB data folder")
    parser.add_argument("--no-breakdown", action="store_true", help="skip per-stage figures")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    print(f"versions: {versions()}")
    profile = load_profile("asianlite")
    pages = replica_pages(args.pages)
    with_profile = report(
        "replica, site profile path", measure(path_steps(profile), pages, args.rounds)
    )
    if not args.no_breakdown:
        breakdown(pages, profile, args.rounds)
    generic = report("replica, generic path", measure(path_steps(None), pages, args.rounds))
    if not args.no_breakdown:
        breakdown(pages, None, args.rounds)
    aeb: dict[str, float] = {}
    if (args.aeb / "html").is_dir():
        real = aeb_pages(args.aeb)
        aeb = report("AEB dev pages, generic path", measure(path_steps(None), real, args.rounds))
        if not args.no_breakdown:
            breakdown(real, None, args.rounds)
    else:
        print(f"AEB pages: none at {args.aeb} (skipped)")

    print()
    ratio = with_profile["parse"]
    print(
        f"site-profile path: {ratio:.2f}x parse-only "
        f"(target <= {PROFILE_TARGET}x): {verdict(ratio <= PROFILE_TARGET)}"
    )
    for name, figures in (("replica", generic), ("AEB", aeb)):
        if figures:
            ratio = figures["trafilatura"]
            print(
                f"generic path ({name}): {ratio:.2f}x plain trafilatura "
                f"(target <= {GENERIC_TARGET}x): {verdict(ratio <= GENERIC_TARGET)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
