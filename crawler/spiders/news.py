"""A profile-driven news spider: category listings -> article pages -> Article items.

Request kinds and their priorities are named in one place: article pages go
first so the scheduler queue stays small on deep listings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector

from crawler.articles import build_article
from crawler.extract import extract_article
from crawler.extract.dates import parse_date
from crawler.items import Article
from crawler.sites import SiteProfile, load_profile
from crawler.spiders.args import NewsArgs
from crawler.state import store_for
from crawler.store import StateStore
from crawler.urls import canonicalize, strip_tracking

PRIORITY = {"article": 20, "listing": 10}


class NewsSpider(Spider):
    """Crawl a site's category listings and extract every article they link to."""

    profile_name: ClassVar[str]
    store: StateStore

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = NewsArgs.parse(kwargs)
        self.profile: SiteProfile = load_profile(self.profile_name)
        for name in ("base_url", "categories", "max_pages", "since", "render"):
            kwargs.pop(name, None)
        super().__init__(*args, **kwargs)
        self.base_url = self.args.base_url or self.profile.base_url
        self.categories = self.args.categories or self.profile.categories
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]

    @classmethod
    def validate_arguments(cls, kwargs: dict[str, Any]) -> None:
        """Raise ArgumentError for a bad value before any crawl starts."""
        NewsArgs.parse(kwargs)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = store_for(crawler)
        return spider

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    async def start(self) -> AsyncIterator[Request]:
        for request in self.listing_requests():
            yield request

    def listing_requests(self) -> Iterator[Request]:
        for slug in self.categories:
            yield self.listing_request(slug, 1)

    def listing_url(self, slug: str, page: int) -> str:
        template = self.profile.listing_url if page == 1 else self.profile.listing_page_url
        return self.base_url + template.format(slug=slug, page=page)

    def listing_request(self, slug: str, page: int, url: str | None = None) -> Request:
        return Request(
            url or self.listing_url(slug, page),
            callback=self.parse_listing,
            priority=PRIORITY["listing"],
            meta={"category": slug, "page": page},
            cb_kwargs={},
        )

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """Follow each article of a listing page, then the next page while it is worth it.

        @url https://asianlite.com/category/top-news/
        @returns requests 2
        """
        if not isinstance(response, TextResponse):
            self.logger.warning("Listing %s is not HTML; skipped", response.url)
            return
        slug = response.meta.get("category", "")
        page = int(response.meta.get("page", 1))
        tree = response.selector.root
        link_sel = self.profile.selector("listing", "link")
        date_sel = self.profile.selector("listing", "date")
        item_sel = self.profile.selector("listing", "item")
        items = item_sel(tree) if item_sel is not None else [tree]
        known = old = 0
        for item in items:
            links = link_sel(item) if link_sel is not None else []
            if not links:
                continue
            listed = None
            if date_sel is not None and (dates := date_sel(item)):
                listed = parse_date(dates[0].get("datetime") or dates[0].text_content())
            if self.args.since and listed and listed < self.args.since:
                old += 1
                continue
            url = strip_tracking(urljoin(response.url, links[0].get("href", "")))
            if not self._is_article_url(url):
                continue
            if self.store.get(canonicalize(url)) is not None:
                known += 1
                continue
            yield Request(
                url,
                callback=self.parse_article,
                priority=PRIORITY["article"],
                meta={"category": slug},
            )
        self.stats.inc_value("listing/pages")
        next_url = self._next_page(response, tree)
        stop = self._stop_reason(slug, page, known, old, next_url)
        if stop:
            self.logger.debug("Listing %s: %s", response.url, stop)
            self.stats.inc_value(f"listing/stopped/{stop}")
            if stop == "end":
                self.store.mark_listing_complete(self.profile.name, slug)
            return
        assert next_url is not None
        yield self.listing_request(slug, page + 1, next_url)

    def _stop_reason(
        self, slug: str, page: int, known: int, old: int, next_url: str | None
    ) -> str | None:
        if next_url is None:
            return "end"
        if old:
            return "since"
        if self.args.max_pages and page >= self.args.max_pages:
            return "max_pages"
        if known and self.store.listing_complete(self.profile.name, slug):
            return "known"
        return None

    def _next_page(self, response: TextResponse, tree: Any) -> str | None:
        next_sel = self.profile.selector("listing", "next")
        links = next_sel(tree) if next_sel is not None else []
        href = links[0].get("href") if links else None
        return urljoin(response.url, href) if href else None

    def _is_article_url(self, url: str) -> bool:
        parts = urlsplit(url)
        return bool(self.profile.article_path.match(parts.path)) and (
            parts.hostname in self.allowed_domains
        )

    def parse_article(self, response: Response) -> Iterator[Article]:
        """Extract the article on this page.

        @url https://asianlite.com/2023/top-news/iran-russia-deepen-ties-to-counter-us-sanctions
        @returns items 1 1
        @scrapes url canonical_url title body published
        """
        if not isinstance(response, TextResponse):
            self.logger.warning("Article %s is not HTML; skipped", response.url)
            self.stats.inc_value("article/not_html")
            return
        extraction = extract_article(response.selector.root, response.url, self.profile)
        self.stats.inc_value(f"article/extracted/{extraction.method}")
        yield build_article(extraction, response.url)
