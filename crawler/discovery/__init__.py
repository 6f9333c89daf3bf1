"""Discovery of new and changed articles from what a site publishes about itself.

One module per source (``sitemaps``, ``feeds``, ``wpapi``), composed by
``Discovery`` (``base``) for every spider; listing pages stay the spider's
own fallback and cross-check.  ``build_discovery`` makes the hub from the settings:

- ``DISCOVERY_ENABLED``: all sources (default on);
- ``DISCOVERY_SITEMAPS_ENABLED``, ``DISCOVERY_FEEDS_ENABLED``,
  ``DISCOVERY_WPAPI_ENABLED``: one source each (``NEWS_SITEMAP_UPDATES=False``
  still turns sitemaps off).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.settings import BaseSettings

from crawler.discovery.base import Candidate, Discovery, Source
from crawler.discovery.feeds import FeedSource
from crawler.discovery.sitemaps import SitemapSource
from crawler.discovery.wpapi import RestSource

if TYPE_CHECKING:
    from crawler.spiders.news import NewsSpider

__all__ = [
    "Candidate",
    "Discovery",
    "FeedSource",
    "RestSource",
    "SitemapSource",
    "Source",
    "build_discovery",
]

SOURCES: tuple[type[Source], ...] = (RestSource, SitemapSource, FeedSource)


def build_discovery(spider: NewsSpider, settings: BaseSettings) -> Discovery:
    """The discovery hub of ``spider`` with the sources the settings enable."""
    hub = Discovery(spider, settings, [])
    if not settings.getbool("DISCOVERY_ENABLED", True):
        return hub
    for kind in SOURCES:
        switch = f"DISCOVERY_{kind.name.upper()}_ENABLED"
        if not settings.getbool(switch, True):
            continue
        if kind is SitemapSource and not settings.getbool("NEWS_SITEMAP_UPDATES", True):
            continue
        hub.sources.append(kind(hub))
    hub.by_name = {s.name: s for s in hub.sources}
    return hub
