"""``scrapy crawl`` with spider arguments validated before the crawl starts.

A bad ``-a`` value ends with a one-line usage error (exit 2), not a traceback
from inside the engine.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.spiders.args import ArgumentError


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spidercls = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                raise UsageError(f"Spider not found: {args[0]}", print_help=False) from None
            validate = getattr(spidercls, "validate_arguments", None)
            if validate is not None:
                try:
                    validate(dict(opts.spargs))
                except ArgumentError as exc:
                    raise UsageError(str(exc), print_help=False) from None
        super().run(args, opts)
