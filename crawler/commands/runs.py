"""``scrapy runs``: the recent runs of a state, from its run reports.

Prints a table (start, duration, articles new / updated, dropped by reason,
failed by kind, monitors), newest first.  ``--html FILE`` writes one
self-contained page instead (inline CSS and SVG, nothing fetched): charts of
articles per run, failures and duration over time, and the latest run's
details.  Reports come from ``REPORT_DIR`` (default ``STATE_DIR/reports``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.monitors.history import html_page, load_runs, text_table


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012  (Scrapy declares it so)

    def syntax(self) -> str:
        return "[--spider NAME] [--last N] [--html FILE] [--dir REPORTS]"

    def short_desc(self) -> str:
        return "Show the recent runs of this state (a table, or an HTML page with charts)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--spider", help="only this spider's runs")
        parser.add_argument(
            "--last",
            type=int,
            default=None,
            metavar="N",
            help="the N most recent runs (default: 20 in the table, 200 on the page)",
        )
        parser.add_argument("--html", metavar="FILE", help="write an HTML page with charts to FILE")
        parser.add_argument(
            "--dir",
            metavar="REPORTS",
            help="folder of run reports (default: REPORT_DIR, else STATE_DIR/reports)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument(s): {' '.join(args)}", print_help=False)
        if opts.last is not None and opts.last < 1:
            raise UsageError("--last must be at least 1", print_help=False)
        assert self.settings is not None
        folder = Path(
            opts.dir
            or self.settings.get("REPORT_DIR")
            or Path(self.settings.get("STATE_DIR", ".state"), "reports")
        )
        last = opts.last or (200 if opts.html else 20)
        runs, problems = load_runs(folder, opts.spider, last) if folder.is_dir() else ([], [])
        for problem in problems:
            print(f"runs: skipped {problem}", file=sys.stderr)
        if opts.html:
            page = Path(opts.html)
            try:
                page.write_text(html_page(runs, folder.resolve()), encoding="utf-8")
            except OSError as exc:
                raise UsageError(
                    f"cannot write {page}: {exc.strerror or exc}", print_help=False
                ) from None
            print(f"Wrote {page} ({len(runs)} runs)")
            return
        if not runs:
            print(f"No run reports in {folder}" + (f" for {opts.spider}" if opts.spider else ""))
            return
        sys.stdout.write(text_table(runs))
