"""``scrapy check`` on a throwaway state: debugging never changes what the crawl remembers."""

from scrapy.commands.check import Command as ScrapyCheck

from crawler.commands import ThrowawayState


class Command(ThrowawayState, ScrapyCheck):
    pass
