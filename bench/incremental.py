"""Incremental crawling: what a second run costs after K new articles.

    python -m bench.incremental [--articles 5000] [--new 20] [--updated 0]

Crawls the replica fully, adds K articles (and optionally edits some), crawls
again with the same STATE_DIR, and prints the second run's requests, articles
written, and duplicates written, against the target
``requests <= categories + K (+ updated) + a small constant``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from crawler.sites import load_profile
from tests.crawling import crawl, read_jsonl
from tests.replica import Replica

CONSTANT = 4  # robots.txt, sitemap index, the changed post sitemap(s)
FAST = ("-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32")


def main() -> None:
    parser = argparse.ArgumentParser(description="Second-run cost of an incremental crawl")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--new", type=int, default=20)
    parser.add_argument("--updated", type=int, default=0)
    args = parser.parse_args()
    categories = len(load_profile("asianlite").categories)
    with tempfile.TemporaryDirectory() as tmp, Replica(articles=args.articles, seed=2) as rep:
        state = Path(tmp) / "state"
        started = time.monotonic()
        first = crawl(rep.base_url, state, Path(tmp) / "run1.jsonl", *FAST, timeout=3600)
        if first.returncode != 0:
            raise SystemExit(f"first crawl failed:\n{first.stderr[-2000:]}")
        first_seconds = time.monotonic() - started
        first_written = len(read_jsonl(Path(tmp) / "run1.jsonl"))
        posted = rep.add_articles(args.new)  # re-posts included: only a fetch tells
        added = [a for a in posted if a.duplicate_of is None]
        updated = rep.update_articles(args.updated) if args.updated else []
        rep.reset_request_log()
        started = time.monotonic()
        second = crawl(rep.base_url, state, Path(tmp) / "run2.jsonl", *FAST, timeout=3600)
        if second.returncode != 0:
            raise SystemExit(f"second crawl failed:\n{second.stderr[-2000:]}")
        second_seconds = time.monotonic() - started
        records = read_jsonl(Path(tmp) / "run2.jsonl")
        requests = rep.requests.count()
        not_modified = rep.requests.count(lambda r: r.status == 304)
    per_url = Counter(r["canonical_url"] for r in records)
    duplicates = sum(n - 1 for n in per_url.values())
    new = sum(1 for r in records if not r["is_update"])
    budget = categories + len(posted) + len(updated) + CONSTANT
    print(
        f"replica: {args.articles} articles, {categories} categories; "
        f"first run wrote {first_written} in {first_seconds:.0f}s"
    )
    print(
        f"second run after {len(posted)} new posts ({len(posted) - len(added)} re-posts), "
        f"{len(updated)} updated ({second_seconds:.1f}s):"
    )
    print(
        f"  requests            {requests:>6}  (budget {budget} = {categories} categories + "
        f"{len(posted)} new + {len(updated)} updated + {CONSTANT}; {not_modified} answered 304)"
    )
    print(f"  new written         {new:>6}  (expected {len(added)})")
    print(f"  updates written     {len(records) - new:>6}  (expected {len(updated)})")
    print(f"  duplicates written  {duplicates:>6}  (expected 0)")
    ok = requests <= budget and new == len(added) and duplicates == 0
    print("target met" if ok else "TARGET MISSED")


if __name__ == "__main__":
    main()
