"""``scrapy crawl`` with validated arguments and an exit code that tells the truth.

A bad ``-a`` value ends with a one-line usage error (exit 2), not a traceback
from inside the engine; a run whose monitors failed exits 1.  Arguments and
STATE_DIR are checked before Scrapy starts logging, so the error is the only
output; with LOG_FILE set (Scrapyd) they are checked once logging goes to the
job's log, so the message lands there.
"""

from __future__ import annotations

import argparse
import logging

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoaderProtocol
from scrapy.utils.misc import load_object

from crawler.spiders.args import ArgumentError
from crawler.store import StateDirError, check_state_dir

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    _checked: type | None = None  # the spider, once checked before Scrapy's logging starts

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) == 1 and self.settings is not None and not self.settings.get("LOG_FILE"):
            self._checked = self._check(_spider_loader(self.settings), args[0], opts)

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
        spidercls = self._checked or self._check(self.crawler_process.spider_loader, args[0], opts)
        crawler = self.crawler_process.create_crawler(spidercls)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        failed = crawler.stats.get_value("monitor/failed", 0) if crawler.stats else 0
        if self.crawler_process.bootstrap_failed or failed:
            self.exitcode = 1

    def _check(self, loader: SpiderLoaderProtocol, name: str, opts: argparse.Namespace) -> type:
        """The spider class, once its arguments and STATE_DIR are known to be usable."""
        try:
            spidercls = loader.load(name)
        except KeyError:
            raise UsageError(f"Spider not found: {name}", print_help=False) from None
        validate = getattr(spidercls, "validate_arguments", None)
        if validate is not None:
            try:
                validate(dict(opts.spargs), self.settings)
            except ArgumentError as exc:
                raise UsageError(str(exc), print_help=False) from None
        assert self.settings is not None
        try:
            check_state_dir(self.settings.get("STATE_DIR", ".state"))
        except StateDirError as exc:
            raise UsageError(str(exc), print_help=False) from None
        return spidercls


def _spider_loader(settings: BaseSettings) -> SpiderLoaderProtocol:
    """The project's spider loader, built as Scrapy's CrawlerProcess builds it."""
    loader: SpiderLoaderProtocol = load_object(settings["SPIDER_LOADER_CLASS"]).from_settings(
        settings.frozencopy()
    )
    return loader
