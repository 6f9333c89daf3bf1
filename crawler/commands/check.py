"""``scrapy check`` on a throwaway state: debugging never changes what the crawl remembers."""

import argparse

from scrapy.commands.check import Command as ScrapyCheck

from crawler.commands import ThrowawayState


class Command(ThrowawayState, ScrapyCheck):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        # Contracts cannot run async callbacks: extract in the callback itself.
        self.settings.set("EXTRACT_WORKERS", 0, priority="cmdline")
