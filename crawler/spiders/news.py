"""A profile-driven news spider: category listings -> article pages -> Article items.

Incremental by design: listing page 1 and sitemaps are fetched conditionally,
a category stops paginating at the first article already written (once its
backlog was walked completely), and sitemap ``lastmod`` values newer than
what was written bring changed articles back as updates.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler import render
from crawler.articles import build_article
from crawler.extract import extract_article
from crawler.extract.dates import parse_date
from crawler.items import Article
from crawler.sites import SiteProfile, load_profile
from crawler.spiders.args import ArgumentError, NewsArgs, parse_base_url
from crawler.state import store_for
from crawler.store import StateStore
from crawler.urls import canonicalize, strip_tracking

# Request kinds, named once.  Article pages go first so the scheduler queue
# stays small on deep listings; sitemaps last, they only find updates.
PRIORITY = {"article": 20, "listing": 10, "sitemap": 0}


class NewsSpider(Spider):
    """Crawl a site's category listings and extract every article they link to."""

    profile_name: ClassVar[str]
    store: StateStore
    renderer: str = "none"
    render_kinds: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = NewsArgs.parse(kwargs)
        self.profile: SiteProfile = load_profile(self.profile_name)
        for name in ("base_url", "categories", "max_pages", "since", "render"):
            kwargs.pop(name, None)
        super().__init__(*args, **kwargs)
        self.use_base_url(self.args.base_url or self.profile.base_url)
        self.categories = self.args.categories or self.profile.categories

    def use_base_url(self, base_url: str) -> None:
        """Crawl ``base_url`` (a mirror, sister site or replica) with this site's profile."""
        self.base_url = parse_base_url(base_url)
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]

    @classmethod
    def validate_arguments(cls, kwargs: dict[str, Any], settings: BaseSettings) -> None:
        """Raise ArgumentError for a bad value or setup before any crawl starts."""
        args = NewsArgs.parse(kwargs)
        try:
            render.check(args.render or settings.get("RENDER", "none"), settings)
        except render.RenderConfigError as exc:
            raise ArgumentError(str(exc)) from None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = store_for(crawler)
        if not spider.args.base_url and crawler.settings.get("NEWS_BASE_URL"):
            spider.use_base_url(crawler.settings.get("NEWS_BASE_URL"))
        spider.renderer = spider.args.render or crawler.settings.get("RENDER", "none")
        if spider.renderer != "none":
            # Settings are still open to changes here (frozen after spider creation).
            render.configure(spider.renderer, crawler.settings)
            pages = spider.profile.render_pages
            spider.render_kinds = render.PAGE_KINDS["both" if pages == "none" else pages]
        return spider

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    # -- requests ---------------------------------------------------------------

    def make_request(
        self, kind: str, url: str, callback: Callable[..., Any], **meta: Any
    ) -> Request:
        """Every request the spider sends is built here, by kind."""
        rendered = kind in self.render_kinds
        if meta.pop("conditional", False) and not rendered:
            meta.update(conditional=True, handle_httpstatus_list=[304])
        request = Request(
            url,
            callback=callback,
            errback=self.request_failed,
            priority=PRIORITY[kind],
            meta={"kind": kind, **meta},
        )
        if rendered:
            request = render.render_request(self.renderer, request, self.crawler.settings)
        return request

    def request_failed(self, failure: Failure) -> None:
        """Report each URL that could not be fetched or rendered, after its retries."""
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("kind", "page")
        # A Splash request's URL is Splash's endpoint; report the page's own URL.
        url = request.meta.get("splash", {}).get("args", {}).get("url") or request.url
        reason = failure.getErrorMessage() or repr(failure.value)
        via = f" via {self.renderer}" if kind in self.render_kinds else ""
        self.logger.error("Failed to fetch %s %s%s: %s", kind, url, via, reason)
        status = getattr(getattr(failure.value, "response", None), "status", None)
        self._record_failure(url, kind, reason, status)

    def _record_failure(self, url: str, kind: str, reason: str, status: int | None = None) -> None:
        """Count a lost page by kind and list it (bounded) for the run report."""
        self.stats.inc_value(f"failed/{kind}")
        failed = self.stats.get_value("failed/urls") or []
        if len(failed) < self.crawler.settings.getint("REPORT_MAX_FAILED_URLS", 1000):
            failed.append({"url": url, "kind": kind, "error": reason, "status": status})
            self.stats.set_value("failed/urls", failed)

    async def start(self) -> AsyncIterator[Request]:
        for slug in self.categories:
            yield self.listing_request(slug, 1)
        if self.crawler.settings.getbool("NEWS_SITEMAP_UPDATES", True):
            yield self.make_request(
                "sitemap",
                self.base_url + self.profile.sitemap_path,
                self.parse_sitemap,
                conditional=True,
            )

    def listing_url(self, slug: str, page: int) -> str:
        template = self.profile.listing_url if page == 1 else self.profile.listing_page_url
        return self.base_url + template.format(slug=slug, page=page)

    def listing_request(self, slug: str, page: int, url: str | None = None) -> Request:
        # Only page 1 is conditional: deeper pages shift whenever page 1 changes.
        return self.make_request(
            "listing",
            url or self.listing_url(slug, page),
            self.parse_listing,
            category=slug,
            page=page,
            conditional=page == 1,
        )

    # -- listings -----------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """Follow each new article of a listing page, then the next page if worth it.

        @path /category/top-news/
        @returns requests 2
        """
        slug = response.meta.get("category", "")
        page = int(response.meta.get("page", 1))
        self.stats.inc_value("listing/pages")
        if response.status == 304:
            yield from self._after_not_modified(slug, page)
            return
        if not isinstance(response, TextResponse):
            self.logger.warning("Listing %s is not HTML; skipped", response.url)
            return
        self.stats.inc_value("listing/parsed")
        tree = response.selector.root
        known = old = 0
        for link, listed in self._listing_items(tree):
            if self.args.since and listed and listed < self.args.since:
                old += 1
                self.stats.inc_value("listing/too_old")
                continue
            url = strip_tracking(urljoin(response.url, link))
            if not self._is_article_url(url):
                continue
            self.stats.inc_value("listing/article_links")  # known ones too: the markup matched
            if self.store.get(canonicalize(url)) is not None:
                known += 1
                continue
            yield self.make_request("article", url, self.parse_article, category=slug)
        next_url = self._next_page(response, tree)
        stop = self._stop_reason(slug, page, known, old, next_url)
        if stop:
            self.logger.debug("Listing %s: stop (%s)", response.url, stop)
            self.stats.inc_value(f"listing/stopped/{stop}")
            if stop == "end":
                self.store.mark_listing_complete(self.profile.name, slug)
            return
        assert next_url is not None
        yield self.listing_request(slug, page + 1, next_url)

    def _after_not_modified(self, slug: str, page: int) -> Iterator[Request]:
        """Page 1 unchanged: nothing new, unless the backlog walk is still unfinished."""
        if self.store.listing_complete(self.profile.name, slug):
            self.stats.inc_value("listing/stopped/not_modified")
            return
        if not self.args.max_pages or page < self.args.max_pages:
            yield self.listing_request(slug, page + 1)

    def _listing_items(self, tree: HtmlElement) -> Iterator[tuple[str, Any]]:
        """(href, listed date or None) for each item of a listing page."""
        item_sel = self.profile.selector("listing", "item")
        link_sel = self.profile.selector("listing", "link")
        date_sel = self.profile.selector("listing", "date")
        for item in item_sel(tree) if item_sel is not None else [tree]:
            links = link_sel(item) if link_sel is not None else []
            if not links or not links[0].get("href"):
                continue
            dates = date_sel(item) if date_sel is not None else []
            listed = (
                parse_date(dates[0].get("datetime") or dates[0].text_content()) if dates else None
            )
            yield links[0].get("href"), listed

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

    def _next_page(self, response: TextResponse, tree: HtmlElement) -> str | None:
        next_sel = self.profile.selector("listing", "next")
        links = next_sel(tree) if next_sel is not None else []
        href = links[0].get("href") if links else None
        return urljoin(response.url, href) if href else None

    def _is_article_url(self, url: str) -> bool:
        parts = urlsplit(url)
        return bool(self.profile.article_path.match(parts.path)) and (
            parts.hostname in self.allowed_domains
        )

    # -- sitemaps (updates) -------------------------------------------------------

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """Find articles changed since they were written; sitemaps never add new ones.

        Sub-sitemaps whose ``lastmod`` in the index is unchanged are not fetched.
        """
        if response.status == 304 or not response.body:
            return
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # lxml raises several kinds on broken XML
            self.logger.warning("Sitemap %s is not valid XML; skipped", response.url)
            self.stats.inc_value("sitemap/invalid")
            return
        for entry in sitemap:
            url, lastmod = entry.get("loc", ""), entry.get("lastmod")
            if sitemap.type == "sitemapindex":
                if not self.profile.sitemap_posts.search(url):
                    continue
                known = self.store.resource(url)
                if lastmod and known is not None and known.lastmod == lastmod:
                    continue
                yield self.make_request(
                    "sitemap", url, self.parse_sitemap, conditional=True, lastmod=lastmod
                )
            elif lastmod:
                yield from self._maybe_update(url, lastmod)

    def _maybe_update(self, url: str, lastmod: str) -> Iterator[Request]:
        written = self.store.get(canonicalize(url))
        if written is None:
            return
        changed, before = parse_date(lastmod), parse_date(written.modified)
        if changed and (before is None or changed > before):
            self.stats.inc_value("sitemap/updates_found")
            yield self.make_request("article", url, self.parse_article, update=True)

    # -- articles -------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Article]:
        """Extract the article on this page.

        @path /2023/top-news/iran-russia-deepen-ties-to-counter-us-sanctions
        @returns items 1 1
        @scrapes url canonical_url title body published
        """
        if not isinstance(response, TextResponse):
            self.logger.warning("Article %s is not HTML; skipped", response.url)
            self.stats.inc_value("article/not_html")
            return
        self.stats.inc_value("article/pages")
        try:
            extraction = extract_article(response.selector.root, response.url, self.profile)
            article = build_article(extraction, response.url)
        except Exception as exc:  # a page no rule foresaw must not stop the crawl
            self.logger.error(
                "Could not extract article %s: %s: %s", response.url, type(exc).__name__, exc
            )
            self.logger.debug("Extraction failure detail", exc_info=True)
            self._record_failure(response.url, "article_extract", f"{type(exc).__name__}: {exc}")
            return
        self.stats.inc_value(f"article/extracted/{extraction.method}")
        yield article
