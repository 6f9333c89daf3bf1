"""``scrapy crawl`` with validated arguments and an exit code that tells the truth.

A bad ``-a`` value ends with a one-line usage error (exit 2), not a traceback
from inside the engine; a run whose monitors failed exits 1.
"""

from __future__ import annotations

import argparse
import logging

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.spiders.args import ArgumentError
from crawler.store import StateDirError, check_state_dir

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            self._run(args, opts)
        except UsageError as exc:
            # Under Scrapyd stderr goes to the daemon's log; the job log is LOG_FILE.
            if self.settings is not None and self.settings.get("LOG_FILE"):
                logger.error("%s", exc)
            raise

    def _run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.crawler_process is None:
            super().run(args, opts)
            return
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            raise UsageError(f"Spider not found: {args[0]}", print_help=False) from None
        validate = getattr(spidercls, "validate_arguments", None)
        if validate is not None:
            try:
                validate(dict(opts.spargs), self.settings)
            except ArgumentError as exc:
                raise UsageError(str(exc), print_help=False) from None
        try:
            check_state_dir(self.settings.get("STATE_DIR", ".state"))
        except StateDirError as exc:
            raise UsageError(str(exc), print_help=False) from None
        crawler = self.crawler_process.create_crawler(spidercls)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        failed = crawler.stats.get_value("monitor/failed", 0) if crawler.stats else 0
        if self.crawler_process.bootstrap_failed or failed:
            self.exitcode = 1
