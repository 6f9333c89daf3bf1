"""Site-profile extraction cost of this checkout against an earlier revision, on the same pages.

Usage::

    python -m bench.extract_baseline REV [--pages 200] [--rounds 5] [--profile asianlite]

``bench.extract_cost`` measures each revision on the replica pages *that
revision* serves, and the replica changes over time, so its figures from two
revisions do not compare.  Here both revisions extract the same pages (this
checkout's replica): the current code in this process, ``REV``'s code
(``git archive REV``) in a child process, one full round each in turn, the
child's code timed by the child.  Each round times ``lxml.html`` parsing
(the floor) and ``parse_html`` + ``article_from_tree`` with the site profile,
interleaved page by page.  Printed: ms/page (best round) and the median of
the paired per-round ratios to parsing, for both, and the change.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from bench._common import REPO, machine
from bench.extract_cost import replica_pages

# Run by both revisions, each in a child process of its own (``python -c``):
# rounds over the pages of a JSON file, CPU seconds of (parse, extract) each.
CHILD = """
import json, sys, time
import lxml.html
from crawler.articles import article_from_tree
from crawler.extract.article import parse_html
from crawler.sites import load_profile

def run_round(pages, profile):
    parse = ours = 0.0
    for k, (url, html) in enumerate(pages):
        steps = [("parse", lambda: lxml.html.document_fromstring(html)),
                 ("ours", lambda: article_from_tree(parse_html(html), url, profile))]
        for name, step in steps[k % 2:] + steps[:k % 2]:
            started = time.process_time()
            step()
            spent = time.process_time() - started
            if name == "parse":
                parse += spent
            else:
                ours += spent
    return parse, ours

pages = json.load(open(sys.argv[1], encoding="utf-8"))
profile = load_profile(sys.argv[2])
run_round(pages[:20], profile)  # warm the caches first
for line in sys.stdin:
    print(json.dumps(run_round(pages, profile)), flush=True)
"""


def export(rev: str, folder: Path) -> None:
    """``git archive rev`` unpacked into ``folder`` (symlinks kept)."""
    tar = subprocess.run(
        ["git", "archive", rev], cwd=REPO, capture_output=True, check=False, timeout=120
    )
    if tar.returncode:
        raise SystemExit(f"git archive {rev}: {tar.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=BytesIO(tar.stdout)) as archive:
        archive.extractall(folder, filter="tar")


def summary(name: str, rounds: list[tuple[float, float]], pages: int) -> float:
    """Print one revision's figures; return its median ratio to parsing."""
    ms = 1000 * min(ours for _, ours in rounds) / pages
    ratio = statistics.median(ours / parse for parse, ours in rounds)
    print(f"  {name:<24} {ms:6.2f} ms/page  {ratio:5.2f}x parse")
    return ratio


class Child:
    """One revision's code timing rounds in its own process (``cwd``: its checkout)."""

    def __init__(self, cwd: Path, data: Path, profile: str) -> None:
        self.cwd = cwd
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data), profile],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def round(self) -> tuple[float, float]:
        """CPU seconds of (parse, extract) over every page, once."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        stdin.write("go\n")
        stdin.flush()
        answer = stdout.readline()
        if not answer:
            raise SystemExit(f"the code of {self.cwd} failed on these pages (see above)")
        parse, ours = json.loads(answer)
        return float(parse), float(ours)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.extract_baseline", description=__doc__.splitlines()[0]
    )
    parser.add_argument("rev", help="the earlier revision (commit, tag, branch)")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", default="asianlite")
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    pages = replica_pages(args.pages)
    with tempfile.TemporaryDirectory(prefix="extract-baseline-") as tmp:
        folder = Path(tmp) / "code"
        export(args.rev, folder)
        data = Path(tmp) / "pages.json"
        data.write_text(json.dumps(pages), encoding="utf-8")
        children = [Child(folder, data, args.profile), Child(REPO, data, args.profile)]
        rounds: list[list[tuple[float, float]]] = [[], []]
        try:
            for n in range(args.rounds):
                for k in (n % 2, 1 - n % 2):  # who goes first alternates
                    rounds[k].append(children[k].round())
        finally:
            for child in children:
                child.close()
    print(
        f"site-profile path ({args.profile}), {len(pages)} replica pages of this checkout, "
        f"best of {args.rounds} rounds, each revision in its own process:"
    )
    before = summary(args.rev[:12], rounds[0], len(pages))
    after = summary("this checkout", rounds[1], len(pages))
    print(f"  change: {after - before:+.2f}x parse ({100 * (after / before - 1):+.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
