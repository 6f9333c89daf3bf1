"""A User-Agent that says who runs the crawler and where to reach them.

``USER_AGENT`` empty (the project default) means "build it":
``<BOT_NAME>/<version> (+<BOT_CONTACT_URL>; news archiving)``.  Operators
fill ``BOT_CONTACT_URL`` with a page or ``mailto:`` address where site owners
can reach them; while it is empty the User-Agent names no contact and each
run logs a WARNING.  An explicit ``USER_AGENT`` is sent as it is.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

VERSION = "0.1"
PURPOSE = "news archiving"


class ContactError(ValueError):
    """BOT_CONTACT_URL cannot go into a header."""


def user_agent(settings: BaseSettings) -> str:
    """The User-Agent header for these settings (see the module docstring)."""
    explicit = str(settings.get("USER_AGENT") or "").strip()
    if explicit:
        return explicit
    contact = str(settings.get("BOT_CONTACT_URL") or "").strip()
    if any(ch.isspace() or ord(ch) < 32 or ch in "();" for ch in contact):
        raise ContactError(
            f"BOT_CONTACT_URL must be one URL or mailto: address (no spaces, ';' or "
            f"parentheses), got {contact!r}"
        )
    name = settings.get("BOT_NAME") or "newscrawler"
    about = f"+{contact}; {PURPOSE}" if contact else PURPOSE
    return f"{name}/{VERSION} ({about})"


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """Scrapy's UserAgentMiddleware, with the User-Agent built from BOT_CONTACT_URL."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContactUserAgentMiddleware:
        settings = crawler.settings
        if not settings.get("USER_AGENT") and not settings.get("BOT_CONTACT_URL"):
            logger.warning(
                "BOT_CONTACT_URL is empty: the User-Agent names no contact. Set it to a page "
                "or mailto: address where site owners can reach whoever runs this crawler"
            )
        middleware = cls(user_agent(settings))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware
