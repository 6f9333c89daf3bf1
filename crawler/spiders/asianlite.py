"""Asian Lite News (asianlite.com and its sister sites, same theme)."""

from __future__ import annotations

from crawler.spiders.news import NewsSpider


class AsianliteSpider(NewsSpider):
    """Category listings of asianlite.com; ``-a base_url=`` crawls a mirror or sister site."""

    name = "asianlite"
    profile_name = "asianlite"
