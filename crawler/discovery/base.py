"""What every discovery source shares, and the hub that composes them for a spider.

A *source* (sitemaps, feeds, the WordPress REST API) turns what a site
publishes about itself into candidate article URLs, each with whatever dates
it knows.  The hub (``Discovery``) decides what a candidate is worth a
request for, against the state store:

- a URL not yet written is *new*: fetched when the run is not restricted
  (no ``categories`` or ``max_pages`` argument: listing pages do those runs'
  backlog) and, once an earlier run finished, only when it is dated after
  that run's newest date from the same source (the *watermark*), so a page
  that never makes it into the store (a re-post naming its original) is not
  fetched again every run;
- a written URL whose modification time is newer than the written record's
  is *changed*: fetched again as an update.

A source the site does not have is normal: one INFO line, remembered in the
store so later runs do not ask again before ``DISCOVERY_RECHECK_DAYS``.
Stats are kept per source under ``discovery/<source>/...``: ``requests``,
``found`` (candidates listed), ``new``, ``updates``, ``errors``, ``absent``.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from crawler.extract.dates import parse_date
from crawler.store import key
from crawler.urls import canonicalize, same_site, strip_tracking

if TYPE_CHECKING:
    from crawler.spiders.news import NewsSpider

logger = logging.getLogger("crawler.discovery")

# Statuses a source reads itself (a closed API, a missing sitemap), rather
# than Scrapy's HttpError: absence is normal, not an error.
SOURCE_STATUSES = [304, 400, 401, 403, 404, 410]


@dataclass(frozen=True)
class Candidate:
    """An article URL a source lists, with what it knows of its dates (None: unknown).

    ``meta``: what the source knows of the article beyond dates, handed to the
    article request (plain JSON values: ``{"rest": RestPost.as_meta()}``).
    """

    url: str
    published: datetime | None = None
    modified: datetime | None = None
    meta: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def latest(self) -> datetime | None:
        dates = [d for d in (self.published, self.modified) if d is not None]
        return max(dates) if dates else None


def parse_when(value: str | None) -> datetime | None:
    """A date of a sitemap, feed or API answer (ISO 8601 or RFC 2822); naive = UTC."""
    try:
        return parse_date(value)
    except (OverflowError, ValueError):
        return None


class Source:
    """One way a site lists its articles.  Subclasses set ``name`` and implement ``begin``."""

    name: ClassVar[str]
    # A later phase runs only when the earlier phases' sources listed no article.
    phase: ClassVar[int] = 1
    kind: ClassVar[str] = "sitemap"  # the spider's request kind (priority)

    def __init__(self, hub: Discovery) -> None:
        self.hub = hub
        self.outstanding = 0
        self.present = False  # the site answered in this source's format this run
        self.dated = False  # its entries carry modification times
        self.newest: datetime | None = None  # newest date listed this run (next watermark)
        self.started = False

    # -- for subclasses ---------------------------------------------------------

    def begin(self) -> Iterator[Request]:
        """The source's first requests."""
        raise NotImplementedError

    def request(
        self, url: str, callback: Callable[[Response], Iterable[Request]], **meta: Any
    ) -> Request:
        """A request of this source; its answer (any status in SOURCE_STATUSES too) goes to
        ``callback``, a failure is counted and logged once."""
        self.outstanding += 1
        self.count("requests")
        spider = self.hub.spider
        request = spider.make_request(
            self.kind, url, spider.discovered, discovery=(self.name, callback.__name__), **meta
        )
        statuses = set(request.meta.get("handle_httpstatus_list", [])) | set(SOURCE_STATUSES[1:])
        request.meta["handle_httpstatus_list"] = sorted(statuses)
        return request.replace(errback=spider.discovery_failed)

    def offer(self, candidate: Candidate) -> Iterator[Request]:
        """Hand a listed article to the hub (counted as found)."""
        self.count("found")
        when = candidate.latest
        if when is not None and (self.newest is None or when > self.newest):
            self.newest = when
        yield from self.hub.offer(self, candidate)

    def absent(self, why: str) -> None:
        """The site has no such source: one INFO line, remembered for later runs."""
        self.count("absent")
        logger.info("Discovery: no %s on %s (%s)", self.label, self.hub.base_url, why)
        self.hub.remember(self.name, "absent", time.time())

    def count(self, what: str, n: int = 1) -> None:
        self.hub.stats.inc_value(f"discovery/{self.name}/{what}", n)

    @property
    def label(self) -> str:
        return self.name

    def setting(self, name: str) -> str:
        return f"DISCOVERY_{self.name.upper()}_{name}"


class Discovery:
    """The discovery sources of one spider run, composed."""

    def __init__(self, spider: NewsSpider, settings: BaseSettings, sources: list[Source]) -> None:
        self.spider = spider
        self.settings = settings
        self.sources = sources
        self.by_name = {s.name: s for s in sources}
        self.base_url = spider.base_url
        self.offered: set[int] = set()
        self.recheck = settings.getfloat("DISCOVERY_RECHECK_DAYS", 7.0) * 86400
        self.refresh_recent = settings.getint("DISCOVERY_REFRESH_RECENT", 20)
        self.phase = 0
        self.refreshed = False
        # Candidates' meta by article (key of the canonical URL): ``meta_for``.
        self.metas: dict[int, dict[str, Any]] = {}
        self.memory: dict[str, str] = {}  # what sources learnt, saved when the run finishes

    @property
    def stats(self) -> Any:
        return self.spider.stats

    @property
    def store(self) -> Any:
        return self.spider.store

    @property
    def take_new(self) -> bool:
        """New articles from sources only on runs that are not restricted to part of the site."""
        args = self.spider.args
        return not args.categories and not args.max_pages

    # -- memory between runs (the store's meta table, per site) -----------------------

    def recall(self, source: str, what: str) -> Any:
        name = f"discovery/{self.base_url}/{source}/{what}"
        raw = self.memory[name] if name in self.memory else self.store.get_meta(name)
        try:
            return json.loads(raw) if raw is not None else None
        except ValueError:
            return None

    def remember(self, source: str, what: str, value: Any) -> None:
        """Kept in memory, saved when the run finishes (``closed``): a run that fails
        teaches the next one nothing, and writes nothing to a state that may be failing."""
        self.memory[f"discovery/{self.base_url}/{source}/{what}"] = json.dumps(value)

    def forget(self, source: str, what: str) -> None:
        self.remember(source, what, None)

    def watermark(self, source: Source) -> datetime | None:
        value = self.recall(source.name, "watermark")
        return parse_when(value) if isinstance(value, str) else None

    # -- running ------------------------------------------------------------------

    def start(self) -> Iterator[Request]:
        """The first phase's requests (the next phase starts when this one is done)."""
        yield from self._next_phase()

    def _next_phase(self) -> Iterator[Request]:
        phases = sorted({s.phase for s in self.sources if s.phase > self.phase})
        for phase in phases:
            self.phase = phase
            started = [s for s in self.sources if s.phase == phase]
            requests: list[Request] = []
            for source in started:
                if self._known_absent(source):
                    continue
                source.started = True
                requests.extend(source.begin())
            if requests:
                yield from requests
                return
        yield from self._maybe_refresh()

    def _known_absent(self, source: Source) -> bool:
        since = self.recall(source.name, "absent")
        if isinstance(since, (int, float)) and time.time() - since < self.recheck:
            source.count("skipped_absent")
            logger.debug("Discovery: %s absent at the last check; not asked again yet", source.name)
            return True
        return False

    def answered(self, response: Response) -> Iterator[Request]:
        """Callback of every source request: run the source's own, then see if it is done."""
        name, method = response.meta["discovery"]
        source = self.by_name[name]
        try:
            yield from getattr(source, method)(response)
        finally:
            source.outstanding -= 1
        yield from self._after(source)

    def failed(self, failure: Failure) -> Iterator[Request]:
        """Errback of every source request: counted, one WARNING, never a crawl error."""
        request = failure.request  # type: ignore[attr-defined]
        name, _ = request.meta["discovery"]
        source = self.by_name[name]
        source.outstanding -= 1
        source.count("errors")
        if request.meta.get("probe"):  # a place the site may not use: no lost page
            reason = failure.getErrorMessage() or repr(failure.value)
            logger.warning("Discovery: %s %s could not be fetched: %s", name, request.url, reason)
        else:  # a sitemap, feed or API page the site named: lost, and reported as such
            self.spider.request_failed(failure)
        yield from self._after(source)

    def _after(self, source: Source) -> Iterator[Request]:
        if source.outstanding > 0:
            return
        if any(s.outstanding for s in self.sources if s.phase == self.phase):
            return
        if any(s.present for s in self.sources if s.started):
            yield from self._maybe_refresh()
            return
        yield from self._next_phase()

    def saw_page(self, response: Response) -> None:
        """A page the spider read (a listing): sources note what its head names (feeds)."""
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        for source in self.sources:
            saw = getattr(source, "saw_page", None)
            if saw is not None:
                saw(response)

    def meta_for(self, url: str) -> dict[str, Any]:
        """What the sources listed about the article at ``url`` this run (request meta),
        for an article request made before they answered (a listing page's)."""
        try:
            return self.metas.get(key(canonicalize(strip_tracking(url))), {})
        except ValueError:
            return {}

    # -- candidates ---------------------------------------------------------------------

    def offer(self, source: Source, candidate: Candidate) -> Iterator[Request]:
        """An article request for a new or changed article, or nothing."""
        try:
            url = strip_tracking(candidate.url)
            article = same_site(url, self.base_url) and self.spider._is_article_url(url)
            canonical = canonicalize(url) if article else ""
        except ValueError:  # a listed URL no parser accepts (http://[broken/...)
            article = False
        if not article:
            source.count("not_article")
            return
        if candidate.meta:
            self.metas[key(canonical)] = candidate.meta
        if key(canonical) in self.offered:
            return
        since = self.spider.args.since
        when = candidate.latest
        if since and (when is None or when < since):
            return
        known = self.store.get(canonical)
        if known is None:
            if not self.take_new:
                return
            mark = self.watermark(source)
            if mark is not None and when is not None and when <= mark:
                return
            self.offered.add(key(canonical))
            source.count("new")
            yield self.spider.make_request(
                "article", url, self.spider.parse_article, **(candidate.meta or {})
            )
            return
        changed, before = candidate.modified, parse_when(known.modified)
        if changed is not None and (before is None or changed > before):
            self.offered.add(key(canonical))
            source.count("updates")
            yield self.spider.make_request(
                "article", url, self.spider.parse_article, update=True, **(candidate.meta or {})
            )

    # -- the bounded refresh -------------------------------------------------------------

    def _maybe_refresh(self) -> Iterator[Request]:
        """No source gives modification times: fetch the latest written articles again,
        conditionally, so an edit of a recent article is still found."""
        if self.refreshed:
            return
        self.refreshed = True
        if any(s.dated for s in self.sources if s.started):
            return
        limit = self.refresh_recent
        if limit <= 0:
            return
        recent = self.store.recent(limit, prefix=self.base_url)
        if not recent:
            return
        logger.info(
            "Discovery: no source on %s gives modification times; refreshing the %d latest "
            "articles (DISCOVERY_REFRESH_RECENT)",
            self.base_url,
            len(recent),
        )
        for url in recent:
            if key(url) in self.offered:
                continue
            self.offered.add(key(url))
            self.stats.inc_value("discovery/refresh/requests")
            # The state keeps canonical URLs (no trailing slash): WordPress redirects them,
            # another site may answer 404, which loses nothing here (a probe).
            yield self.spider.make_request(
                "article", url, self.spider.parse_article, update=True, conditional=True, probe=True
            )

    def closed(self, reason: str) -> None:
        """Keep each source's watermark for the next run, once this one finished."""
        if reason != "finished":
            return
        for source in self.sources:
            if source.present:
                self.remember(source.name, "dated", source.dated)
            if source.newest is not None:
                mark = self.watermark(source)
                if mark is None or source.newest > mark:
                    self.remember(source.name, "watermark", source.newest.isoformat())
        for name, value in sorted(self.memory.items()):
            self.store.set_meta(name, value)
