"""Shared test set-up: in-process crawler objects need Twisted's asyncio reactor
(the project's TWISTED_REACTOR) installed before anything imports a reactor."""

from scrapy.utils.reactor import install_reactor

install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
