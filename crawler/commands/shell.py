"""``scrapy shell`` on a throwaway state: debugging never changes what the crawl remembers."""

from scrapy.commands.shell import Command as ScrapyShell

from crawler.commands import ThrowawayState


class Command(ThrowawayState, ScrapyShell):
    pass
