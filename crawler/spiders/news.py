"""A profile-driven news spider: category listings -> article pages -> Article items.

Incremental by design: listing page 1 and sitemaps are fetched conditionally,
a category stops paginating at the first article already written (once its
backlog was walked completely), and what the site publishes about itself
(sitemaps, feeds, the WordPress REST API: ``crawler.discovery``) brings new
articles and, by their modification times, changed ones as updates.

Defensive by design: a category's walk also stops at a page that lists no
article new to this run, at a page it already read, at a Next link to another
site and at a page cap, and only a page without a Next link marks it complete;
every URL followed (links, Next links, sitemap entries) must be on the
``base_url`` site, port and scheme included.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from crawler import render, runlock, wordpress
from crawler.discovery import Discovery, build_discovery
from crawler.downloadermiddlewares.useragent import ContactError, user_agent
from crawler.extract.dates import parse_date
from crawler.extract.page import Limits, Page, PageResult, extract_page
from crawler.extract.pool import pool_for
from crawler.extract.rest import RestPost
from crawler.extract.worker import ExtractFailed, ExtractTimeout, describe
from crawler.items import Article
from crawler.sites import ProfileError, SiteProfile, load_profile
from crawler.spiders.args import ArgumentError, NewsArgs, parse_base_url
from crawler.state import store_for
from crawler.store import StateStore, key
from crawler.urls import canonicalize, same_site, split, strip_tracking

# Request kinds, named once.  Article pages go first so the scheduler queue
# stays small on deep listings; discovery (sitemaps, feeds, REST API) last.
PRIORITY = {"categories": 30, "article": 20, "listing": 10, "sitemap": 0, "feed": 0, "api": 0}

# Why a category's walk stopped before its end, for the log (``listing/stopped/<reason>``).
# Only "end" (a page without a Next link) marks a category complete.
GUARDS = {
    "repeat": "it leads back to a listing page this run already read",
    "no_new": "it lists no article that this run had not already seen in the category",
    "page_cap": "it reached the page cap (NEWS_MAX_LISTING_PAGES={cap})",
    "offsite": "its Next link leaves the site",
}


HOME = "_home"  # the blog index walked as one more listing (its progress is kept as a category)


@dataclass
class ListingWalk:
    """What one run has read of one category's listing: page URLs and article URLs (hashed)."""

    pages: set[str] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)


class NewsSpider(Spider):
    """Crawl a site's category listings and extract every article they link to."""

    profile_name: ClassVar[str]
    # A spider of any site (``wordpress``) takes -a profile= and needs -a base_url.
    any_site: ClassVar[bool] = False
    store: StateStore
    renderer: str = "none"
    discovery: Discovery
    render_kinds: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = NewsArgs.parse(kwargs)
        # What extraction workers load the profile by: a packaged name or a .toml path.
        self.profile_ref = self.args.profile or self.profile_name
        self.profile: SiteProfile = load_profile(self.profile_ref)
        for name in ("base_url", "categories", "max_pages", "since", "render", "profile"):
            kwargs.pop(name, None)
        super().__init__(*args, **kwargs)
        self.use_base_url(self.args.base_url or self.profile.base_url)
        self.categories: tuple[str, ...] = self.args.categories or self.profile.categories
        # Category archives learned from the site (slug -> path), and their first segment.
        self.category_paths: dict[str, str] = {}
        self.category_base = wordpress.DEFAULT_CATEGORY_BASE
        self.learning = False  # True once categories come from the site's links: more may follow
        self.walks: dict[str, ListingWalk] = {}
        self.page_cap = 0  # NEWS_MAX_LISTING_PAGES, read in from_crawler (0 = none)
        self.limits = Limits()  # EXTRACT_MAX_*, read in from_crawler

    def use_base_url(self, base_url: str) -> None:
        """Crawl ``base_url`` (a mirror, sister site or replica) with this site's profile."""
        self.base_url = parse_base_url(base_url)
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]
        # Listing progress is kept per site for a spider of any site (runlock.scope).
        scope = runlock.scope(self.name, self.base_url)
        self.site_key = scope if scope != self.name else self.profile.name

    @classmethod
    def run_scope(cls, kwargs: dict[str, Any]) -> str:
        """The name of a run's lock and state (runlock.scope)."""
        return runlock.scope(cls.name, kwargs.get("base_url"))

    @classmethod
    def validate_arguments(cls, kwargs: dict[str, Any], settings: BaseSettings) -> None:
        """Raise ArgumentError for a bad value or setup before any crawl starts."""
        args = NewsArgs.parse(kwargs)
        if args.profile and not cls.any_site:
            raise ArgumentError(
                f"profile: the {cls.name} spider always uses its own profile; "
                f"use `scrapy crawl wordpress -a profile={args.profile} -a base_url=...`"
            )
        if cls.any_site and not args.base_url:
            raise ArgumentError(
                f"base_url is required: scrapy crawl {cls.name} -a base_url=https://example.com"
            )
        if args.profile:
            try:
                load_profile(args.profile)
            except ProfileError as exc:
                raise ArgumentError(f"profile: {exc}") from None
        try:
            render.check(args.render or settings.get("RENDER", "none"), settings)
        except render.RenderConfigError as exc:
            raise ArgumentError(str(exc)) from None
        if not args.base_url and settings.get("NEWS_BASE_URL"):
            try:
                parse_base_url(settings.get("NEWS_BASE_URL"))
            except ArgumentError as exc:
                raise ArgumentError(f"NEWS_BASE_URL setting: {exc}") from None
        _check_limits(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        if not spider.args.base_url and crawler.settings.get("NEWS_BASE_URL"):
            spider.use_base_url(crawler.settings.get("NEWS_BASE_URL"))
        spider.store = store_for(crawler, runlock.scope(spider.name, spider.args.base_url))
        spider.page_cap = crawler.settings.getint("NEWS_MAX_LISTING_PAGES", 0)
        spider.limits = Limits.from_settings(crawler.settings)
        spider.discovery = build_discovery(spider, crawler.settings)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        spider.renderer = spider.args.render or crawler.settings.get("RENDER", "none")
        if spider.renderer != "none":
            # Settings are still open to changes here (frozen after spider creation).
            render.configure(spider.renderer, crawler.settings)
            pages = spider.profile.render_pages
            spider.render_kinds = render.PAGE_KINDS["both" if pages == "none" else pages]
        return spider

    def closed(self, reason: str) -> None:
        self.discovery.closed(reason)
        if reason == "closespider_timeout":
            self.logger.warning(
                "The run reached its time limit (CLOSESPIDER_TIMEOUT=%s s): what it wrote is "
                "saved; categories not walked to their end are continued by the next run",
                self.crawler.settings.get("CLOSESPIDER_TIMEOUT"),
            )

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
        url = render.page_url(request)  # not Splash's endpoint
        reason = failure.getErrorMessage() or repr(failure.value)
        via = f" via {self.renderer}" if kind in self.render_kinds else ""
        if request.meta.get("probe"):  # a second look at a written article: nothing is lost
            self.logger.warning("Could not fetch %s %s%s again: %s", kind, url, via, reason)
            self.stats.inc_value(f"probe_failed/{kind}")
            return
        self.logger.error("Failed to fetch %s %s%s: %s", kind, url, via, reason)
        status = getattr(getattr(failure.value, "response", None), "status", None)
        self._record_failure(url, kind, reason, status)

    def request_dropped(self, request: Request) -> None:
        """A listing page the duplicate filter dropped: a redirect back to a page already read."""
        if request.meta.get("kind") == "listing":
            slug, page = request.meta.get("category", ""), int(request.meta.get("page", 1))
            self._stopped(slug, page, request.url, "repeat")

    def _record_failure(self, url: str, kind: str, reason: str, status: int | None = None) -> None:
        """Count a lost page by kind and list it (bounded) for the run report."""
        self.stats.inc_value(f"failed/{kind}")
        failed = self.stats.get_value("failed/urls") or []
        if len(failed) < self.crawler.settings.getint("REPORT_MAX_FAILED_URLS", 1000):
            failed.append({"url": url, "kind": kind, "error": reason, "status": status})
            self.stats.set_value("failed/urls", failed)

    async def start(self) -> AsyncIterator[Request]:
        for request in self.category_requests():
            yield request
        for request in self.discovery.start():
            yield request

    def category_requests(self) -> Iterator[Request]:
        """Page 1 of each category; without categories, first learn them from the site."""
        if self.categories:
            for slug in self.categories:
                yield self.listing_request(slug, 1)
            return
        self.logger.info("No categories given: learning them from %s", self.base_url)
        yield self._rest_categories_request(1)

    def _rest_categories_request(self, page: int) -> Request:
        url = self.base_url + wordpress.REST_CATEGORIES.format(page=page)
        request = self.make_request(
            "categories", url, self.parse_rest_categories, page=page, probe=page == 1
        )
        # A closed API (401, 403, 404, HTML) is normal: the home page's links are used instead.
        request.meta["handle_httpstatus_all"] = True
        return request.replace(errback=self._rest_categories_failed)

    def parse_rest_categories(self, response: Response) -> Iterator[Request]:
        """Categories with posts from the REST API, page by page; else from the home page."""
        page = int(response.meta.get("page", 1))
        found = (
            wordpress.rest_categories(response.body, self.base_url)
            if response.status == 200
            else None
        )
        if found is None:
            self.logger.info(
                "REST API categories not available at %s (HTTP %d): learning them from the home "
                "page's links",
                response.url,
                response.status,
            )
            yield self._home_request()
            return
        self.stats.inc_value("categories/rest_pages")
        for category in found:
            self.category_paths.setdefault(category.slug, category.path)
        pages = response.headers.get("X-WP-TotalPages")
        total = int(pages) if pages and pages.isdigit() else 1
        if page < min(total, 50) and found:
            yield self._rest_categories_request(page + 1)
            return
        yield from self._walk_learned("REST API")

    def _rest_categories_failed(self, failure: Failure) -> Iterator[Request]:
        """The API could not be fetched at all (robots.txt, a network error): use the home page."""
        self.logger.info("REST API categories not fetched (%s)", failure.getErrorMessage())
        yield self._home_request()

    def _home_request(self) -> Request:
        return self.make_request("listing", self.base_url + "/", self.parse_home, home=True)

    def parse_home(self, response: Response) -> Iterator[Request]:
        """Categories linked from the home page (menus, post meta, widgets)."""
        if not isinstance(response, TextResponse):
            self.logger.error("Home page %s is not HTML: no categories to crawl", response.url)
            return
        tree = response.selector.root
        self.category_base = wordpress.category_base(tree, self.base_url)
        for category in wordpress.html_categories(
            tree, response.url, self.base_url, self.category_base
        ):
            self.category_paths.setdefault(category.slug, category.path)
        self.learning = True
        yield from self._walk_learned("home page links")
        # Categories linked from pages may miss some (menus list a few): the blog index
        # (/, /page/2/, ...) lists every post, so it is walked too, as category "_home".
        self.category_paths[HOME] = "/"
        response.meta.update(category=HOME, page=1)
        yield from self.parse_listing(response)

    def _more_categories(self, response: TextResponse, tree: HtmlElement) -> Iterator[Request]:
        """Categories a listing page links that the home page did not (post meta, widgets)."""
        for category in wordpress.html_categories(
            tree, response.url, self.base_url, self.category_base
        ):
            if category.slug not in self.category_paths:
                self.category_paths[category.slug] = category.path
                self.categories = (*self.categories, category.slug)
                self.stats.inc_value("categories/learned")
                self.logger.info("Category %s found on %s", category.slug, response.url)
                yield self.listing_request(category.slug, 1)

    def _walk_learned(self, source: str) -> Iterator[Request]:
        self.categories = tuple(self.category_paths)
        self.stats.set_value("categories/learned", len(self.categories))
        if not self.categories:
            self.logger.error(
                "Found no category of %s (from %s): nothing to crawl; name them with "
                "-a categories=SLUG,... or write a profile (scrapy profile %s)",
                self.base_url,
                source,
                self.base_url,
            )
            return
        self.logger.info(
            "Crawling %d categories learned from the %s: %s",
            len(self.categories),
            source,
            ", ".join(self.categories),
        )
        for slug in self.categories:
            yield self.listing_request(slug, 1)

    def listing_url(self, slug: str, page: int) -> str:
        """Page ``page`` of a category: its learned archive path, else the profile's template."""
        path = self.category_paths.get(slug)
        if path is not None:
            return self.base_url + (path if page == 1 else f"{path}page/{page}/")
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
        self.discovery.saw_page(response)
        walk = self.walks.setdefault(slug, ListingWalk())
        here = canonicalize(response.url)
        if here in walk.pages:  # redirected back to a page this walk has read
            self._stopped(slug, page, response.url, "repeat")
            return
        walk.pages.add(here)
        tree = response.selector.root
        if self.learning:
            yield from self._more_categories(response, tree)
        known = old = new = 0
        for link, listed in self._listing_items(tree):
            if self.args.since and listed and listed < self.args.since:
                old += 1
                self.stats.inc_value("listing/too_old")
                continue
            url = self._article_link(response.url, link)
            if url is None:
                continue
            self.stats.inc_value("listing/article_links")  # known ones too: the markup matched
            canonical = canonicalize(url)
            if key(canonical) not in walk.articles:
                walk.articles.add(key(canonical))
                new += 1
            if self.store.get(canonical) is not None:
                known += 1
                continue
            yield self.make_request("article", url, self.parse_article, category=slug)
        next_url = self._next_page(response, tree)
        stop = self._stop_reason(slug, page, next_url, known=known, old=old, new=new)
        if stop:
            self._stopped(slug, page, response.url, stop)
            if stop == "end":
                self.store.mark_listing_complete(self.site_key, slug)
            return
        assert next_url is not None
        yield self.listing_request(slug, page + 1, next_url)

    @property
    def page_limit(self) -> int:
        """Listing pages walked per category and run: ``max_pages``, else the cap (0: none)."""
        return self.args.max_pages or self.page_cap

    def _after_not_modified(self, slug: str, page: int) -> Iterator[Request]:
        """Page 1 unchanged: nothing new, unless the backlog walk is still unfinished."""
        if self.store.listing_complete(self.site_key, slug):
            self.stats.inc_value("listing/stopped/not_modified")
            return
        if not self.page_limit or page < self.page_limit:
            yield self.listing_request(slug, page + 1)

    def _listing_items(self, tree: HtmlElement) -> Iterator[tuple[str, Any]]:
        """(href, listed date or None) for each item of a listing page."""
        date_sel = self.profile.selector("listing", "date")
        for item, href in wordpress.listing_items(self.profile, tree):
            dates = date_sel(item) if date_sel is not None else []
            listed = (
                parse_date(dates[0].get("datetime") or dates[0].text_content()) if dates else None
            )
            yield href, listed

    def _stop_reason(
        self, slug: str, page: int, next_url: str | None, *, known: int, old: int, new: int
    ) -> str | None:
        """Why this category's walk ends at this page, or None to read the next page.

        Only "end" (no Next link) means the category was walked to its end.
        The loop guards ("no_new", "repeat", "page_cap", "offsite") stop a
        walk that could otherwise go on forever (a Next link on every page,
        page 1 served for every page number) and leave the category
        incomplete, so a later run walks it again rather than stopping at the
        first known article.
        """
        if next_url is None:
            return "end"
        if old:
            return "since"
        if not new:
            return "no_new"
        if self.page_limit and page >= self.page_limit:
            return "max_pages" if self.args.max_pages else "page_cap"
        if known and self.store.listing_complete(self.site_key, slug):
            return "known"
        if not same_site(next_url, self.base_url):
            return "offsite"
        if canonicalize(next_url) in self.walks[slug].pages:
            return "repeat"
        return None

    def _stopped(self, slug: str, page: int, url: str, reason: str) -> None:
        """Count a walk's end; a loop guard's is a WARNING that names the page."""
        self.stats.inc_value(f"listing/stopped/{reason}")
        if reason not in GUARDS:
            self.logger.debug("Listing %s: stop (%s)", url, reason)
            return
        why = GUARDS[reason].format(cap=self.page_cap)
        hint = " (raise it with -a max_pages=N if the archive is deeper)"
        hint = hint if reason == "page_cap" else ""
        self.logger.warning(
            "Listing %s stopped at page %d, %s, because %s%s; the category is not marked "
            "complete, so the next run walks it again",
            slug,
            page,
            url,
            why,
            hint,
        )

    def _next_page(self, response: TextResponse, tree: HtmlElement) -> str | None:
        next_sel = self.profile.selector("listing", "next")
        links = next_sel(tree) if next_sel is not None else []
        href = links[0].get("href") if links else None
        return _join(response.url, href) if href else None

    def _article_link(self, page_url: str, href: str) -> str | None:
        """The URL to fetch for a listing link, or None if it is no article of this site."""
        joined = _join(page_url, href)
        if joined is None:
            return None
        url = strip_tracking(joined)
        return url if self._is_article_url(url) else None

    def _is_article_url(self, url: str) -> bool:
        """An article path on this very site: scheme, host and port (see urls.same_site).

        By the profile's permalink pattern, else by WordPress conventions: any
        page of the site that is no archive, feed, attachment or admin page.
        """
        if self.profile.article_path is None:
            return wordpress.is_post_url(url, self.base_url, self.category_base)
        parts = split(url)
        return (
            parts is not None
            and bool(self.profile.article_path.match(parts.path))
            and same_site(url, self.base_url)
        )

    # -- discovery (crawler.discovery: sitemaps, feeds, REST API) ---------------------

    def discovered(self, response: Response) -> Iterator[Request]:
        """Callback of every discovery request: the source that sent it reads it."""
        yield from self.discovery.answered(response)

    def discovery_failed(self, failure: Failure) -> Iterator[Request]:
        """Errback of every discovery request (a source failing is no crawl error)."""
        yield from self.discovery.failed(failure)

    # -- articles -------------------------------------------------------------------

    def parse_article(
        self, response: Response
    ) -> Iterable[Article] | Coroutine[Any, Any, list[Article]]:
        """Extract the article on this page, in an extraction worker (``crawler.extract.pool``:
        a time budget per page) or here with ``EXTRACT_WORKERS=0``.

        Whatever the page does (a runaway parse, a crash, an exception), only this
        page is lost: it is logged and reported as ``article_extract``.

        @path /2023/top-news/iran-russia-deepen-ties-to-counter-us-sanctions
        @returns items 1 1
        @scrapes url canonical_url title body published
        """
        if not isinstance(response, TextResponse):
            self.logger.warning("Article %s is not HTML; skipped", response.url)
            self.stats.inc_value("article/not_html")
            return []
        self.stats.inc_value("article/pages")
        content_type = response.headers.get("Content-Type")
        page = Page(
            response.url,
            response.body,
            content_type.decode("latin-1") if content_type else None,
            profile=self.profile_ref,
            limits=self.limits,
            rest=self._rest_post(response),
        )

        def outcome(result: PageResult | None, reason: str) -> list[Article]:
            if result is None:
                self.logger.error("Could not extract article %s: %s", response.url, reason)
                self._record_failure(response.url, "article_extract", reason)
                return []
            self.stats.inc_value(f"article/extracted/{result.method}")
            return [result.article]

        pool = pool_for(self.crawler)
        if pool is None:
            try:
                return outcome(extract_page(page), "")
            except Exception as exc:  # a page no rule foresaw must not stop the crawl
                self.logger.debug("Extraction failure detail", exc_info=True)
                return outcome(None, describe(exc))

        # A coroutine, not an async generator: Scrapy hands an async generator's
        # output to CONCURRENT_ITEMS cooperative tasks per response, which cost the
        # reactor more than the whole extraction saved (bench/README.md).
        async def pooled() -> list[Article]:
            try:
                result = await pool.extract(page)
            except Exception as exc:  # ExtractFailed, or a bug of the pool: this page only
                if isinstance(exc, ExtractTimeout):
                    self.stats.inc_value("article/extract_timeout")
                return outcome(None, str(exc) if isinstance(exc, ExtractFailed) else describe(exc))
            return outcome(result, "")

        return pooled()

    def _rest_post(self, response: Response) -> RestPost | None:
        """What the REST API listed for this article: from the request (``rest`` meta),
        else from this run's API answers (a listing page asked for it first)."""
        # A response built by hand (``scrapy shell``, tests) has no request, so no meta.
        given = response.meta.get("rest") if response.request is not None else None
        if given is None:
            given = self.discovery.meta_for(response.url).get("rest")
        found = RestPost.from_meta(given)
        if found is not None:
            self.stats.inc_value("article/rest_metadata")
        return found


def _join(base: str, href: str) -> str | None:
    """``href`` resolved against ``base``, or None when it is no usable URL (``http://[oops``)."""
    try:
        url = urljoin(base, href.strip())
    except ValueError:
        return None
    return url if split(url) is not None else None


# Limits a hostile site must not get around, checked before the crawl: name -> what 0 means.
# Each limit setting: what it must be, and its smallest allowed value.
LIMITS: dict[str, tuple[str, float]] = {
    "NEWS_MAX_LISTING_PAGES": ("a whole number >= 0 (0: no cap)", 0),
    "CLOSESPIDER_TIMEOUT": ("a number of seconds >= 0 (0: no limit)", 0),
    "RETRY_AFTER_MAX": ("a number of seconds >= 0", 0),
    "ROBOTSTXT_MAX_CRAWL_DELAY": ("a number of seconds >= 0", 0),
    "EXTRACT_WORKERS": ("a whole number >= -1 (-1: one per core, 0: in the callback)", -1),
    "EXTRACT_TIMEOUT": ("a number of seconds > 0", 0.001),
    "EXTRACT_MAX_DEPTH": ("a whole number >= 1", 1),
    "EXTRACT_MAX_BODY_WORDS": ("a whole number >= 1", 1),
}


def _check_limits(settings: BaseSettings) -> None:
    """Raise ArgumentError naming a limit setting out of its range, or a bad contact."""
    for name, (meaning, minimum) in LIMITS.items():
        value = settings.get(name, minimum)
        try:
            number = int(value) if "whole" in meaning else float(value)
        except (TypeError, ValueError):
            number = minimum - 1
        if number < minimum:
            raise ArgumentError(f"{name} must be {meaning}, got {value!r}")
    try:
        user_agent(settings)
    except ContactError as exc:
        raise ArgumentError(str(exc)) from None
