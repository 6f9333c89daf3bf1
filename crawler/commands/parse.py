"""``scrapy parse`` on a throwaway state: debugging never changes what the crawl remembers."""

from scrapy.commands.parse import Command as ScrapyParse

from crawler.commands import ThrowawayState


class Command(ThrowawayState, ScrapyParse):
    pass
