"""Score body extraction on both dev sets: ours versus trafilatura and readability-lxml.

Usage::

    python -m bench.extraction [--data DIR] [--fundus DIR] [--sets aeb,fundus]
                               [--json] [--repeat N] [--draws N] [--worst N]

Two sets, each scored with its own benchmark's metric, in one run:

- **aeb-dev** (``--data``; default ``$AEB_DATA``, else ``../shared/aeb-dev``):
  ``html/<id>.html.gz`` and ``ground-truth.json`` in the Article Extraction
  Benchmark layout. AEB's metric: ``\\w+`` tokens, 4-shingle multisets,
  per-page precision and recall, corpus means, F1 from the means,
  exact-token-match accuracy. Pages are split into two fixed halves by site (a
  seeded shuffle of host names), so rules can be tuned on ``tune`` and checked
  on ``check``.
- **fundus-dev** (``--fundus``; default ``$FUNDUS_DATA``, else
  ``../shared/fundus-dev``): 40 pages of 8 publishers, gold paragraphs with
  optional ones. fundus-evaluation's metric: ROUGE-LSum (``bench/rouge.py``),
  best F1 over the optional-paragraph combinations, P, R and F1 each averaged
  over pages ("acc" is the share of pages scored 1.0). Split by publisher.

Systems: ``ours`` (the generic path: parse, profile-less ``extract_article``,
``clean_paragraphs``), plain ``trafilatura`` 2.3.1 as each benchmark calls it
(AEB: ``include_comments=False``; fundus-evaluation: also
``include_tables=False``) and ``readability`` (readability-lxml
``Document(html).summary()``, its HTML to text one line per block).

Per set: a paired bootstrap of ours minus each baseline (pages drawn with
replacement, the set's own corpus metric recomputed per draw, fixed seed, 95%
percentile interval), the worst pages by our page F1 (ids and scores only), and
pages per second (best of ``--repeat`` rounds). Nothing is written anywhere.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from readability import Document

from bench import rouge
from crawler.clean import clean_paragraphs
from crawler.extract.article import extract_article, parse_html

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("AEB_DATA") or REPO.parent / "shared" / "aeb-dev")
DEFAULT_FUNDUS = Path(os.environ.get("FUNDUS_DATA") or REPO.parent / "shared" / "fundus-dev")
SPLIT_SEED = 20240601
BOOTSTRAP_SEED = 20260601
HALVES = ("tune", "check")
# AEB README: plain trafilatura 2.3.1 on the 91 dev pages (F1, P, R, accuracy).
SANITY = (0.957, 0.934, 0.981, 0.286)
SET_NAMES = ("aeb", "fundus")

_TOKEN = re.compile(r"\w+")
# Elements whose text starts a new line when readability's summary becomes text.
_BLOCK_TAGS = (
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul"
)
_BLOCKS = frozenset(_BLOCK_TAGS.split())

Shingle = tuple[str, ...]
Extractor = Callable[[str, str], str]


class DataMissingError(FileNotFoundError):
    """The benchmark directory (or one of its parts) is not there."""


class AnyPage(Protocol):
    """What every benchmark page offers the extractors."""

    @property
    def id(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def html(self) -> str: ...


@dataclass(frozen=True)
class Page:
    """One AEB page: id, source URL, HTML text and the reference body."""

    id: str
    url: str
    html: str
    truth: str


@dataclass(frozen=True)
class FundusPage:
    """One fundus-evaluation page: gold paragraphs and which of them are optional."""

    id: str
    url: str
    html: str
    paragraphs: tuple[str, ...]
    optional: tuple[int, ...]

    @property
    def publisher(self) -> str:
        """The publisher, from the id (``<Publisher>_<n>``)."""
        return self.id.rsplit("_", 1)[0]


@dataclass(frozen=True)
class Scores:
    """Corpus figures in the set's own sense."""

    f1: float
    precision: float
    recall: float
    accuracy: float
    pages: int


@dataclass(frozen=True)
class PageScore:
    """One page's figures; ``None`` leaves a page out of that mean (AEB's rule)."""

    precision: float | None
    recall: float | None
    f1: float
    exact: bool


# --- AEB metric -----------------------------------------------------------------------


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


def aeb_page(truth: str, predicted: str | None) -> PageScore:
    """One page as AEB's ``evaluate.py`` counts it."""
    tp, fp, fn = page_counts(truth, predicted)
    if fp == fn == 0:
        precision = recall = 1.0
    else:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PageScore(
        precision if tp + fp > 0 else None,
        recall if tp + fn > 0 else None,
        f1,
        tokens(truth) == tokens(predicted),
    )


def aeb_aggregate(pages: Sequence[PageScore]) -> Scores:
    """AEB's corpus figures: mean P and mean R over the pages that have them, F1 of the means."""
    precisions = [s.precision for s in pages if s.precision is not None]
    recalls = [s.recall for s in pages if s.recall is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    exact = sum(s.exact for s in pages)
    return Scores(f1, p, r, exact / len(pages) if pages else 0.0, len(pages))


def score(pairs: Iterable[tuple[str, str | None]]) -> Scores:
    """Score (truth, prediction) pairs the way AEB's ``evaluate.py`` does."""
    return aeb_aggregate([aeb_page(truth, predicted) for truth, predicted in pairs])


# --- fundus metric --------------------------------------------------------------------


def fundus_page(page: FundusPage, predicted: str | None) -> PageScore:
    """One page as fundus-evaluation scores it (ROUGE-LSum, best optional combination)."""
    result = rouge.score_page(page.paragraphs, page.optional, predicted or "")
    return PageScore(result.precision, result.recall, result.f1, result.f1 == 1.0)


def mean_aggregate(pages: Sequence[PageScore]) -> Scores:
    """fundus-evaluation's corpus figures: P, R and F1 each averaged over pages."""
    n = len(pages)
    if not n:
        return Scores(0.0, 0.0, 0.0, 0.0, 0)
    return Scores(
        sum(s.f1 for s in pages) / n,
        sum(s.precision or 0.0 for s in pages) / n,
        sum(s.recall or 0.0 for s in pages) / n,
        sum(s.exact for s in pages) / n,
        n,
    )


# --- data -----------------------------------------------------------------------------


def _read_truth(data: Path, what: str, option: str) -> tuple[dict[str, Any], Path]:
    truth_file, html_dir = data / "ground-truth.json", data / "html"
    if not truth_file.is_file() or not html_dir.is_dir():
        raise DataMissingError(
            f"{what} data not found in {data}: expected {truth_file.name} and "
            f"{html_dir.name}/ (pass {option})"
        )
    try:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataMissingError(f"{truth_file} is not readable JSON: {exc}") from None
    return truth, html_dir


def _read_html(html_dir: Path, page_id: str) -> str:
    path = html_dir / f"{page_id}.html.gz"
    if not path.is_file():
        raise DataMissingError(f"{path} is listed in ground-truth.json but missing")
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def load_pages(data: Path) -> list[Page]:
    """Read every page of an AEB-format directory, sorted by id."""
    truth, html_dir = _read_truth(data, "AEB", "--data DIR or set AEB_DATA")
    pages = []
    for page_id in sorted(truth):
        entry = truth[page_id]
        html = _read_html(html_dir, page_id)
        pages.append(Page(page_id, entry.get("url") or "", html, entry.get("articleBody") or ""))
    return pages


def load_fundus(data: Path) -> list[FundusPage]:
    """Read every page of the fundus-dev directory, sorted by id."""
    truth, html_dir = _read_truth(data, "fundus-dev", "--fundus DIR or set FUNDUS_DATA")
    pages = []
    for page_id in sorted(truth):
        entry = truth[page_id]
        pages.append(
            FundusPage(
                page_id,
                entry.get("url") or "",
                _read_html(html_dir, page_id),
                tuple(entry.get("paragraphs") or ()),
                tuple(entry.get("optional") or ()),
            )
        )
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
    """The AEB baseline: trafilatura's defaults without comments."""
    return trafilatura.extract(html, include_comments=False) or ""


def fundus_trafilatura(html: str, url: str) -> str:
    """trafilatura as fundus-evaluation calls it: no comments, no tables."""
    return trafilatura.extract(html, include_comments=False, include_tables=False) or ""


def readability_lxml(html: str, url: str) -> str:
    """readability-lxml's ``Document(html).summary()`` as text, one line per block."""
    try:
        summary = Document(html).summary()
        root = lxml.html.fromstring(summary)
    except Exception:  # readability raises its own Unparseable, lxml ParserError and others
        return ""
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n\n".join(line for line in lines if line)


def project_pipeline(html: str, url: str) -> str:
    """The project's generic path: parse once, extract, clean as the pipeline does."""
    extraction = extract_article(parse_html(html), url, profile=None)
    kept, _ = clean_paragraphs(extraction.paragraphs, extraction.fields.get("summary"))
    return "\n\n".join(kept)


SYSTEMS: dict[str, Extractor] = {
    "ours": project_pipeline,
    "trafilatura": plain_trafilatura,
    "readability": readability_lxml,
}
BASELINES = ("trafilatura", "readability")


@dataclass
class DevSet:
    """A benchmark set with its metric, its splits and its systems."""

    name: str
    metric: str
    pages: Sequence[AnyPage]
    page_score: Callable[[Any, str], PageScore]
    aggregate: Callable[[Sequence[PageScore]], Scores]
    splits: dict[str, list[str]]
    systems: dict[str, Extractor] = field(default_factory=lambda: dict(SYSTEMS))


def aeb_set(pages: Sequence[Page]) -> DevSet:
    """AEB dev with its metric and the tune/check halves."""
    halves = split(pages)
    return DevSet(
        "aeb-dev",
        "AEB: 4-shingle P and R per page, means, F1 of the means",
        pages,
        lambda page, predicted: aeb_page(page.truth, predicted),
        aeb_aggregate,
        {half: [p.id for p in members] for half, members in halves.items()},
    )


def fundus_set(pages: Sequence[FundusPage]) -> DevSet:
    """fundus-dev with ROUGE-LSum, split by publisher."""
    publishers: dict[str, list[str]] = {}
    for page in pages:
        publishers.setdefault(page.publisher, []).append(page.id)
    return DevSet(
        "fundus-dev",
        "ROUGE-LSum per page (best optional combination), P, R, F1 averaged over pages",
        pages,
        fundus_page,
        mean_aggregate,
        publishers,
        {**SYSTEMS, "trafilatura": fundus_trafilatura},
    )


# --- runs and statistics --------------------------------------------------------------


def run(extractor: Extractor, pages: Sequence[AnyPage]) -> tuple[dict[str, str], float]:
    """Predictions by page id and the wall time they took."""
    start = time.perf_counter()
    out = {page.id: extractor(page.html, page.url) for page in pages}
    return out, time.perf_counter() - start


def paired_bootstrap(
    ours: Sequence[PageScore],
    other: Sequence[PageScore],
    aggregate: Callable[[Sequence[PageScore]], Scores],
    draws: int = 2000,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, float]:
    """Corpus F1 of ``ours`` minus ``other``, and its 95% interval over resampled pages.

    Each draw takes len(pages) pages with replacement, the same pages for both
    systems (paired), and recomputes the set's corpus F1 for each.
    """
    n = len(ours)
    diff = aggregate(ours).f1 - aggregate(other).f1
    rng = random.Random(seed)
    samples = []
    for _ in range(draws):
        picks = [rng.randrange(n) for _ in range(n)]
        samples.append(
            aggregate([ours[i] for i in picks]).f1 - aggregate([other[i] for i in picks]).f1
        )
    samples.sort()
    return {
        "diff": diff,
        "low": samples[round(0.025 * (draws - 1))],
        "high": samples[round(0.975 * (draws - 1))],
        "share_not_above_zero": sum(d <= 0 for d in samples) / draws,
        "draws": draws,
    }


def evaluate_set(
    dev: DevSet, repeat: int = 3, draws: int = 2000, worst: int = 8, seed: int = BOOTSTRAP_SEED
) -> dict[str, Any]:
    """Every system on one set: scores per split and in total, speed, bootstrap, worst pages.

    Systems take turns ``repeat`` times over the same pages and keep their best
    wall time, so a busy machine disturbs the speed ratios less.
    """
    pages = dev.pages
    for extractor in dev.systems.values():
        extractor(pages[0].html, pages[0].url)  # warm up imports and lazy caches
    best: dict[str, float] = {}
    predictions: dict[str, dict[str, str]] = {}
    for _ in range(max(1, repeat)):
        for name, extractor in dev.systems.items():
            predictions[name], seconds = run(extractor, pages)
            best[name] = min(seconds, best.get(name, seconds))
    per_page = {
        name: {p.id: dev.page_score(p, predictions[name][p.id]) for p in pages}
        for name in dev.systems
    }
    ids = [p.id for p in pages]
    report: dict[str, Any] = {
        "set": dev.name,
        "metric": dev.metric,
        "pages": len(pages),
        "repeat": repeat,
        "systems": {},
    }
    for name in dev.systems:
        entry: dict[str, Any] = {"pages_per_second": len(pages) / best[name]}
        for part, members in (*dev.splits.items(), ("total", ids)):
            entry[part] = asdict(dev.aggregate([per_page[name][i] for i in members]))
        report["systems"][name] = entry
    report["splits"] = [*dev.splits, "total"]
    ours_scores = [per_page["ours"][i] for i in ids]
    report["bootstrap"] = {
        base: paired_bootstrap(
            ours_scores, [per_page[base][i] for i in ids], dev.aggregate, draws, seed
        )
        for base in BASELINES
    }
    report["speed_ratio"] = {
        base: report["systems"]["ours"]["pages_per_second"]
        / report["systems"][base]["pages_per_second"]
        for base in BASELINES
    }
    ranked = sorted(ids, key=lambda i: (per_page["ours"][i].f1, i))[: max(0, worst)]
    report["worst"] = [
        {"id": i, **{name: round(per_page[name][i].f1, 4) for name in dev.systems}} for i in ranked
    ]
    return report


def format_report(report: dict[str, Any]) -> str:
    """A plain-text table of one set's report."""
    lines = [
        f"== {report['set']}: {report['pages']} pages; {report['metric']} ==",
        f"{'system':<12} {'split':<16} {'pages':>5} {'F1':>6} {'P':>6} {'R':>6} {'acc':>6}",
    ]
    for name, entry in report["systems"].items():
        for part in report["splits"]:
            s = entry[part]
            lines.append(
                f"{name:<12} {part:<16} {s['pages']:>5} {s['f1']:>6.3f} {s['precision']:>6.3f} "
                f"{s['recall']:>6.3f} {s['accuracy']:>6.3f}"
            )
    if report["set"] == "aeb-dev" and report["pages"] == 91:
        lines.append(
            "sanity (AEB README, trafilatura total): F1 {} P {} R {} acc {}".format(*SANITY)
        )
    boot = report["bootstrap"]
    draws = next(iter(boot.values()))["draws"] if boot else 0
    lines.append(f"paired bootstrap of total F1, ours minus baseline ({draws} draws, 95%):")
    for base, b in boot.items():
        lines.append(
            f"  {base:<12} {b['diff']:+.3f} [{b['low']:+.3f}, {b['high']:+.3f}]"
            f"  (draws <= 0: {100 * b['share_not_above_zero']:.1f}%)"
        )
    if report["worst"]:
        names = list(report["systems"])
        lines.append("worst pages by our F1 (" + ", ".join(names) + "):")
        width = max(len(row["id"]) for row in report["worst"])
        for row in report["worst"]:
            figures = " ".join(f"{row[name]:.3f}" for name in names)
            lines.append(f"  {row['id']:<{width}} {figures}")
    speeds = ", ".join(
        f"{name} {entry['pages_per_second']:.1f}" for name, entry in report["systems"].items()
    )
    ratios = ", ".join(f"ours/{base} {r:.2f}x" for base, r in report["speed_ratio"].items())
    lines.append(f"pages/s (best of {report['repeat']}): {speeds}; {ratios}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="AEB-format directory")
    parser.add_argument("--fundus", type=Path, default=DEFAULT_FUNDUS, help="fundus-dev directory")
    parser.add_argument(
        "--sets", default=",".join(SET_NAMES), help="comma-separated: aeb, fundus (default both)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timing rounds; the best wall time counts"
    )
    parser.add_argument("--draws", type=int, default=2000, help="bootstrap draws")
    parser.add_argument("--seed", type=int, default=BOOTSTRAP_SEED, help="bootstrap seed")
    parser.add_argument("--worst", type=int, default=8, help="worst pages listed per set")
    args = parser.parse_args(argv)
    wanted = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(SET_NAMES))
    if unknown or not wanted:
        parser.error(f"--sets takes a comma-separated list of {', '.join(SET_NAMES)}")
    if args.draws < 1 or args.repeat < 1:
        parser.error("--draws and --repeat must be at least 1")
    loaders: dict[str, Callable[[], DevSet]] = {
        "aeb": lambda: aeb_set(load_pages(args.data)),
        "fundus": lambda: fundus_set(load_fundus(args.fundus)),
    }
    try:
        sets = [loaders[name]() for name in wanted]
    except DataMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    reports = [evaluate_set(dev, args.repeat, args.draws, args.worst, args.seed) for dev in sets]
    if args.json:
        print(json.dumps({r["set"]: r for r in reports}, indent=2))
    else:
        print("\n\n".join(format_report(r) for r in reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
