"""Any WordPress news site, no profile needed: ``scrapy crawl wordpress -a base_url=URL``."""

from __future__ import annotations

from crawler.spiders.news import NewsSpider


class WordpressSpider(NewsSpider):
    """Category listings of the WordPress site at ``base_url``, learned from the site itself.

    Categories come from the REST API (``/wp-json/wp/v2/categories``) or the
    home page's category links; listing items, pagination and article links
    follow WordPress conventions (the ``wordpress`` profile and
    ``crawler.wordpress``).  ``-a profile=NAME`` uses a site profile instead.
    Runs are per site: lock, state scope and listing progress name the host.
    """

    name = "wordpress"
    profile_name = "wordpress"
    any_site = True
