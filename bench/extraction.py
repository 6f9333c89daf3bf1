"""Score body extraction on AEB-format pages: plain trafilatura versus ours.

Usage::

    python -m bench.extraction [--data DIR] [--json] [--repeat N]

``DIR`` holds ``html/<id>.html.gz`` and ``ground-truth.json`` (the Article
Extraction Benchmark layout; default ``$AEB_DATA``, else ``../shared/aeb-dev`` beside the repo).
The metric is AEB's: ``\\w+`` tokens, 4-shingle multisets, per-page precision
and recall, corpus means, F1 from the means, exact-token-match accuracy.

Pages are split into two fixed halves by site (a seeded shuffle of host
names), so rules can be tuned on ``tune`` and checked on ``check``.
Nothing per page is written anywhere: only aggregate figures are printed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from crawler.clean import clean_paragraphs
from crawler.extract.article import extract_article, parse_html

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("AEB_DATA") or REPO.parent / "shared" / "aeb-dev")
SPLIT_SEED = 20240601
HALVES = ("tune", "check")
# AEB README: plain trafilatura 2.3.1 on the 91 dev pages (F1, P, R, accuracy).
SANITY = (0.957, 0.934, 0.981, 0.286)

_TOKEN = re.compile(r"\w+")

Shingle = tuple[str, ...]
Extractor = Callable[[str, str], str]


class DataMissingError(FileNotFoundError):
    """The benchmark directory (or one of its parts) is not there."""


@dataclass(frozen=True)
class Page:
    """One benchmark page: id, source URL, HTML text and the reference body."""

    id: str
    url: str
    html: str
    truth: str


@dataclass(frozen=True)
class Scores:
    """Corpus figures in AEB's sense."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int


# --- metric ---------------------------------------------------------------------------


def tokens(text: str | None) -> list[str]:
    """AEB tokens: every run of Unicode word characters, case kept."""
    return _TOKEN.findall(text or "")


def shingles(toks: Sequence[str], size: int = 4) -> Counter[Shingle]:
    """Multiset of ``size``-token runs; 1..size-1 tokens make a single shingle."""
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


def page_counts(truth: str, predicted: str | None) -> tuple[int, int, int]:
    """(tp, fp, fn) of one page's shingle multisets."""
    t, p = shingles(tokens(truth)), shingles(tokens(predicted))
    tp = sum((t & p).values())
    return tp, sum(p.values()) - tp, sum(t.values()) - tp


def score(pairs: Iterable[tuple[str, str | None]]) -> Scores:
    """Score (truth, prediction) pairs the way AEB's ``evaluate.py`` does."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = pages = 0
    for truth, predicted in pairs:
        pages += 1
        tp, fp, fn = page_counts(truth, predicted)
        if fp == fn == 0:
            precision = recall = 1.0
        else:
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
        if tp + fp > 0:
            precisions.append(precision)
        if tp + fn > 0:
            recalls.append(recall)
        exact += tokens(truth) == tokens(predicted)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(f1, p, r, exact / pages if pages else 0.0, pages)


# --- data -----------------------------------------------------------------------------


def load_pages(data: Path) -> list[Page]:
    """Read every page of an AEB-format directory, sorted by id."""
    truth_file, html_dir = data / "ground-truth.json", data / "html"
    if not truth_file.is_file() or not html_dir.is_dir():
        raise DataMissingError(
            f"AEB data not found in {data}: expected {truth_file.name} and {html_dir.name}/ "
            "(pass --data DIR or set AEB_DATA)"
        )
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        path = html_dir / f"{page_id}.html.gz"
        if not path.is_file():
            raise DataMissingError(f"{path} is listed in {truth_file.name} but missing")
        html = gzip.decompress(path.read_bytes()).decode("utf-8")
        entry = truth[page_id]
        pages.append(Page(page_id, entry.get("url") or "", html, entry.get("articleBody") or ""))
    return pages


def split(pages: Sequence[Page], seed: int = SPLIT_SEED) -> dict[str, list[Page]]:
    """Two fixed halves, whole sites at a time, so no site is on both sides."""
    hosts = sorted({_host(p.url) for p in pages})
    random.Random(seed).shuffle(hosts)
    per_host = Counter(_host(p.url) for p in pages)
    tune: set[str] = set()
    size = 0
    for host in hosts:
        if size < len(pages) // 2:
            tune.add(host)
            size += per_host[host]
    return {
        "tune": [p for p in pages if _host(p.url) in tune],
        "check": [p for p in pages if _host(p.url) not in tune],
    }


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


# --- systems --------------------------------------------------------------------------


def plain_trafilatura(html: str, url: str) -> str:
    """The baseline: trafilatura's defaults without comments."""
    return trafilatura.extract(html, include_comments=False) or ""


def project_pipeline(html: str, url: str) -> str:
    """The project's generic path: parse once, extract, clean as the pipeline does."""
    extraction = extract_article(parse_html(html), url, profile=None)
    kept, _ = clean_paragraphs(extraction.paragraphs, extraction.fields.get("summary"))
    return "\n\n".join(kept)


SYSTEMS: dict[str, Extractor] = {"trafilatura": plain_trafilatura, "ours": project_pipeline}


def run(extractor: Extractor, pages: Sequence[Page]) -> tuple[dict[str, str], float]:
    """Predictions by page id and the wall time they took."""
    start = time.perf_counter()
    out = {page.id: extractor(page.html, page.url) for page in pages}
    return out, time.perf_counter() - start


def evaluate(pages: Sequence[Page], repeat: int = 3) -> dict[str, Any]:
    """Every system on every half: scores, pages per second and the speed ratio.

    Systems take turns ``repeat`` times over the same pages and keep their best
    wall time, so a busy machine disturbs the ratio less.
    """
    halves = split(pages)
    for extractor in SYSTEMS.values():
        extractor(pages[0].html, pages[0].url)  # warm up imports and lazy caches
    best: dict[str, float] = {}
    predictions: dict[str, dict[str, str]] = {}
    for _ in range(max(1, repeat)):
        for name, extractor in SYSTEMS.items():
            predictions[name], seconds = run(extractor, pages)
            best[name] = min(seconds, best.get(name, seconds))
    report: dict[str, Any] = {"pages": len(pages), "repeat": repeat, "systems": {}}
    for name in SYSTEMS:
        entry: dict[str, Any] = {"pages_per_second": len(pages) / best[name]}
        for half, members in (*halves.items(), ("total", list(pages))):
            pairs = ((p.truth, predictions[name][p.id]) for p in members)
            entry[half] = asdict(score(pairs))
        report["systems"][name] = entry
    systems = report["systems"]
    report["speed_ratio"] = (
        systems["ours"]["pages_per_second"] / systems["trafilatura"]["pages_per_second"]
    )
    return report


def format_report(report: dict[str, Any]) -> str:
    """A plain-text table of the report."""
    lines = [f"{'system':<12} {'split':<6} {'pages':>5} {'F1':>6} {'P':>6} {'R':>6} {'acc':>6}"]
    for name, entry in report["systems"].items():
        for half in (*HALVES, "total"):
            s = entry[half]
            lines.append(
                f"{name:<12} {half:<6} {s['pages']:>5} {s['f1']:>6.3f} {s['precision']:>6.3f} "
                f"{s['recall']:>6.3f} {s['accuracy']:>6.3f}"
            )
    if report["pages"] == 91:
        lines.append(
            "sanity (AEB README, trafilatura total): F1 {} P {} R {} acc {}".format(*SANITY)
        )
    speeds = ", ".join(
        f"{name} {entry['pages_per_second']:.1f}" for name, entry in report["systems"].items()
    )
    lines.append(
        f"pages/s (best of {report['repeat']}): {speeds}; "
        f"ours/trafilatura = {report['speed_ratio']:.2f}x"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="AEB-format directory")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timing rounds; the best wall time counts"
    )
    args = parser.parse_args(argv)
    try:
        pages = load_pages(args.data)
    except DataMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = evaluate(pages, args.repeat)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
