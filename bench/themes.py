"""Extraction per WordPress theme: the bare WordPress defaults versus each site's profile.

Usage::

    python -m bench.themes [--articles 300] [--seed 11]

For every replica variant (``tests.replica.themes``: The Fox and its sister
sites, Twenty Twenty-Four, tagDiv Newspaper, Astra with Jetpack, and the
held-out GeneratePress, Newspack, JNews and German Twenty Twenty-One sites)
each unique article page is fetched from the served replica and run through
the crawl's own page-to-item path (``crawler.extract.page.extract_page``,
body cleaning included) twice: with the ``wordpress`` defaults (what
``scrapy crawl wordpress`` uses with no profile) and with the site's profile.
Held-out variants have no profile (the extractor was never tuned on them):
only their ``defaults`` row is printed, marked ``(held out)``; it is the
honest measure of the no-profile target.  Printed per variant and path: the
share of pages whose title, published and modified are exactly the ground
truth's; the mean and lowest body F1 (AEB's 4-shingle token F1,
``bench.extraction``); and how many bodies still hold boilerplate (any text
of a furniture line or teaser the theme puts around the content).

The #13 targets: no profile, title and dates >= 0.99 and body F1 >= 0.98
with no boilerplate; with a profile, body F1 >= 0.995.
"""

from __future__ import annotations

import argparse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.extraction import page_counts
from crawler.extract.page import Page, extract_page
from crawler.items import Article
from tests.crawling import BOILERPLATE
from tests.replica import Replica
from tests.replica.model import ReplicaArticle
from tests.replica.themes import VARIANTS

# Furniture the other themes put in and around their content (tests/replica/README.md).
THEME_BOILERPLATE = (
    *BOILERPLATE,
    "Also read:",
    "Read more:",
    "Related:",
    "READ MORE:",
    "Like this:",
    "Discover more from",
    "About The Author",
    "RELATED ARTICLES",
    "Advertisements",
    "- Advertisement -",
    # held-out GeneratePress (AddToAny, Contextual Related Posts, Ad Inserter)
    "Also Read:",
    "Read Also",
    "Related Posts:",
    # held-out Newspack (Homepage Posts block, newsletter prompt, author bio)
    "Read more",
    "in your inbox",
    "Sign up",
    "Email address",
    "Tagged:",
    "More by",
    # held-out JNews (inline related block, share bars, ads, tags, author box)
    "READ ALSO:",
    "Share on Facebook",
    "SHARES",
    "ADVERTISEMENT",
    "Tags:",
    "Previous Post",
    "Related Posts",
    # held-out German Twenty Twenty-One (Shariff, Ad Inserter, YARPP, bio)
    "Lesen Sie auch:",
    "Mehr zum Thema:",
    "Anzeige",
    "Teilen:",
    "Das könnte Sie auch interessieren",
    "Verschlagwortet mit",
    "Alle Beiträge von",
)


# The other metadata fields, each compared with the ground truth (lists as sets,
# but ``section`` is the first category).
METADATA = ("authors", "section", "categories", "tags", "image")


@dataclass
class Tally:
    pages: int = 0
    fields_right: int = 0
    f1_sum: float = 0.0
    f1_min: float = 1.0
    with_boilerplate: int = 0
    metadata_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METADATA, 0))

    def add(self, fields_right: bool, f1: float, boilerplate: bool, metadata: set[str]) -> None:
        self.pages += 1
        self.fields_right += fields_right
        self.f1_sum += f1
        self.f1_min = min(self.f1_min, f1)
        self.with_boilerplate += boilerplate
        for name in metadata:
            self.metadata_right[name] += 1

    def row(self, name: str) -> str:
        n = max(self.pages, 1)
        metadata = " ".join(f"{k} {v / n:.2f}" for k, v in self.metadata_right.items())
        return (
            f"  {name:<10} {self.pages:>5} pages  title+dates {self.fields_right / n:.3f}  "
            f"body F1 mean {self.f1_sum / n:.4f} min {self.f1_min:.3f}  "
            f"bodies with boilerplate {self.with_boilerplate}\n"
            f"  {'':<10} {'':>11}  {metadata}"
        )


def metadata_right(got: Article, truth: ReplicaArticle) -> set[str]:
    """The names of ``METADATA`` fields ``got`` has right."""
    right: set[str] = set()
    for name in METADATA:
        have, want = getattr(got, name), getattr(truth, name)
        if isinstance(want, list):
            ok = set(have or ()) == set(want)
        else:
            ok = (have or "") == (want or "")
        if ok:
            right.add(name)
    return right


def f1(truth: str, predicted: str) -> float:
    """AEB's page F1 (4-shingles of ``\\w+`` tokens)."""
    tp, fp, fn = page_counts(truth, predicted)
    if not tp:
        return 1.0 if not fp and not fn else 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


def measure(variant: str, articles: int, seed: int) -> dict[str, Tally]:
    """Tallies per path; a held-out variant (no profile) has the defaults path only."""
    paths = [("defaults", "wordpress")]
    if not VARIANTS[variant].heldout:
        paths.append(("profile", variant))
    tallies = {path: Tally() for path, _ in paths}
    with Replica(articles=articles, seed=seed, variant=variant) as rep:
        for truth in rep.unique_articles():
            with urllib.request.urlopen(truth.url, timeout=10) as response:
                body = response.read()
            want = "\n\n".join(truth.body_paragraphs)
            for path, profile in paths:
                result = extract_page(Page(truth.url, body, profile=profile, clean=True))
                got = result.article
                right = (got.title, got.published, got.modified) == (
                    truth.title,
                    truth.published,
                    truth.modified,
                )
                leftover = any(s in got.body and s not in want for s in THEME_BOILERPLATE)
                tallies[path].add(right, f1(want, got.body), leftover, metadata_right(got, truth))
    return tallies


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--variant", action="append", choices=list(VARIANTS), help="only these (repeatable)"
    )
    parser.add_argument("--heldout", action="store_true", help="only the held-out variants")
    args = parser.parse_args(argv)
    print(f"replica variants, {args.articles} posts each (seed {args.seed}), unique articles")
    chosen = args.variant or [v for v in VARIANTS if VARIANTS[v].heldout or not args.heldout]
    for variant in chosen:
        print(
            variant
            + (" (held out: no profile, never tuned on)" if VARIANTS[variant].heldout else "")
        )
        for path, tally in measure(variant, args.articles, args.seed).items():
            print(tally.row(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
