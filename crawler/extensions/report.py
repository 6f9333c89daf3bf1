"""Run report: a summary in the log and a JSON file under ``STATE_DIR/reports``.

Counts pages, articles new / updated / duplicate / dropped by reason, errors by
kind (failed URLs with their HTTP status), unique URLs attempted and failed,
field coverage and records that broke the output schema, so a silent failure
becomes visible.  It also says what the run was: spider arguments, the
settings that shape a crawl, the output files with their record counts, and
the monitors' verdicts.  Written when the engine stops, once every feed file
is saved or has failed; the fields of older reports never change meaning.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from hashlib import blake2b
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from itemadapter import ItemAdapter
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedExporter, FeedSlot
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from crawler.extensions.combined import combine_reports
from crawler.extensions.feeds import display_uri
from crawler.render import page_url
from crawler.state import before_store_closes, opened_store
from crawler.store import StateError
from crawler.urls import redact

COVERAGE_FIELDS = ("published", "authors", "body", "summary", "image")
# ValidationPipeline drops that mean "this page held no article we could read".
UNEXTRACTED_DROPS = ("EmptyBody", "MissingTitle")


def build_report(stats: dict[str, Any], spider: str) -> dict[str, Any]:
    """The run report from a finished crawl's stats."""
    written = int(stats.get("item_scraped_count", 0))
    updated = int(stats.get("dedup/updates", 0))
    reasons = _suffixed(stats, "item_dropped_reasons_count/")
    duplicates = reasons.pop("DuplicateURL", 0) + reasons.pop("DuplicateContent", 0)
    # Errors that cost data: URLs given up on (after retries) and callback crashes.
    failed = {f"failed_{k}": v for k, v in _suffixed(stats, "failed/").items()}
    crashed = {f"spider_{k}": v for k, v in _suffixed(stats, "spider_exceptions/").items()}
    errors = {**failed, **crashed}
    pages = int(stats.get("downloader/response_count", 0))
    start, finish = stats.get("start_time"), stats.get("finish_time")
    # Unique URLs (UrlTally): retries and redirects do not inflate the denominator.
    attempted = int(stats.get("urls/attempted", 0))
    urls_failed = max(attempted - int(stats.get("urls/fetched", 0)), 0)
    extract_errors = int(stats.get("failed/article_extract", 0))
    pages_failed = sum(crashed.values()) + extract_errors
    return {
        "spider": spider,
        "started": start.isoformat() if start else None,
        "finished": finish.isoformat() if finish else None,
        "duration_seconds": round(float(stats.get("elapsed_time_seconds", 0.0)), 3),
        "finish_reason": stats.get("finish_reason"),
        # Why the output could not be saved (crawler.extensions.feeds), or null.
        "output_failed": redact(str(stats["output/error"])) if stats.get("output/error") else None,
        "requests": int(stats.get("downloader/request_count", 0)),
        "pages_fetched": pages,
        "not_modified": int(stats.get("conditional/not_modified", 0)),
        "articles": {
            "new": written - updated,
            "updated": updated,
            "duplicate": duplicates,
            "dropped": reasons,
        },
        "errors": errors,
        "failed_urls": [
            {k: redact(v) if isinstance(v, str) else v for k, v in entry.items()}
            for entry in stats.get("failed/urls", [])
        ],
        "error_count": sum(errors.values()),
        "download_exceptions": _suffixed(stats, "downloader/exception_type_count/"),
        "coverage": {
            field: round(stats.get(f"coverage/{field}", 0) / written, 4) if written else None
            for field in COVERAGE_FIELDS
        },
        "urls_attempted": attempted,
        "urls_fetched": attempted - urls_failed,
        "urls_failed": urls_failed,
        "urls_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        # robots.txt files that answered 5xx/429: their sites were not crawled (RFC 9309).
        "robots_unreachable": list(stats.get("robotstxt/unreachable", [])),
        "pages_failed": pages_failed,
        "error_rate": round((urls_failed + pages_failed) / attempted, 4) if attempted else None,
        # What each discovery source (sitemaps, feeds, wpapi, refresh) found and cost.
        "discovery": _discovery(stats),
        "listing_pages_parsed": int(stats.get("listing/parsed", 0)),
        "article_links_found": int(stats.get("listing/article_links", 0)),
        "article_links_too_old": int(stats.get("listing/too_old", 0)),
        "article_pages_parsed": int(stats.get("article/pages", 0)),
        "article_pages_unextracted": extract_errors
        + sum(reasons.get(reason, 0) for reason in UNEXTRACTED_DROPS),
        # Written records that broke the output contract (crawler.pipelines.schema).
        "invalid_records": {
            "count": int(stats.get("schema/invalid_records", 0)),
            "fields": _suffixed(stats, "schema/invalid/"),
        },
    }


def _discovery(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """``discovery/<source>/<what>`` stats as {source: {what: count}}."""
    sources: dict[str, dict[str, int]] = {}
    for name, value in _suffixed(stats, "discovery/").items():
        source, _, what = name.partition("/")
        if what:
            sources.setdefault(source, {})[what] = value
    return sources


def _suffixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {
        k.removeprefix(prefix): int(v)
        for k, v in stats.items()
        if k.startswith(prefix) and isinstance(v, int)
    }


def url_key(url: str) -> int:
    """A 64-bit hash of ``url``: a set of these stays small on long crawls."""
    return int.from_bytes(blake2b(url.encode(), digest_size=8).digest(), "big")


class UrlTally:
    """Count unique URLs sent to the downloader and unique URLs answered (status < 400).

    Stats ``urls/attempted`` and ``urls/fetched``; a URL attempted but never
    answered failed (after its retries).  Retries count once; a redirect's
    answer answers every URL of the chain.  robots.txt requests are not pages,
    and URLs robots.txt forbids never reach the downloader (Scrapy counts them
    as ``robotstxt/forbidden``).  One tally per crawler, whichever extension
    installs it first.
    """

    _tallies: ClassVar[WeakKeyDictionary[Crawler, UrlTally]] = WeakKeyDictionary()

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.answered: dict[int, bool] = {}  # url_key -> got an answer below 400

    @classmethod
    def install(cls, crawler: Crawler) -> UrlTally:
        """The crawler's tally, connected to its signals on first use."""
        tally = cls._tallies.get(crawler)
        if tally is None:
            assert crawler.stats is not None
            tally = cls._tallies[crawler] = cls(crawler.stats)
            crawler.signals.connect(
                tally.request_reached_downloader, signal=signals.request_reached_downloader
            )
            crawler.signals.connect(tally.response_received, signal=signals.response_received)
        return tally

    def request_reached_downloader(self, request: Request) -> None:
        url = page_url(request)
        # robots.txt, and probes of what a site may not have (meta "probe"), are no pages.
        if urlsplit(url).path == "/robots.txt" or request.meta.get("probe"):
            return
        key = url_key(url)
        if key not in self.answered:
            self.answered[key] = False
            self.stats.inc_value("urls/attempted")

    def response_received(self, response: Response, request: Request) -> None:
        if response.status >= 400:
            return
        for url in (*request.meta.get("redirect_urls", ()), page_url(request)):
            key = url_key(url)
            if self.answered.get(key) is False:
                self.answered[key] = True
                self.stats.inc_value("urls/fetched")


# Settings that shape what a run fetches and writes, copied into its report
# with their types (a -s value arrives as a string).
REPORT_SETTINGS: dict[str, type] = {
    "AUTOTHROTTLE_ENABLED": bool,
    "CONCURRENT_REQUESTS": int,
    "CONCURRENT_REQUESTS_PER_DOMAIN": int,
    "CONDITIONAL_ENABLED": bool,
    "DEDUP_ENABLED": bool,
    "DOWNLOAD_DELAY": float,
    "DOWNLOAD_TIMEOUT": float,
    "LOG_LEVEL": str,
    "MONITOR_MAX_ERROR_RATE": float,
    "MONITOR_MAX_SILENCE_HOURS": float,
    "MONITOR_MIN_COVERAGE": dict,
    "NEWS_BASE_URL": str,
    "NEWS_SITEMAP_UPDATES": bool,
    "RENDER": str,
    "RETRY_TIMES": int,
    "ROBOTSTXT_OBEY": bool,
    "SCHEMA_DROP_INVALID": bool,
    "STATE_DIR": str,
    "USER_AGENT": str,
    "VALIDATE_MIN_WORDS": int,
}


def _setting(settings: BaseSettings, name: str, kind: type) -> Any:
    getters: dict[type, Callable[[str], Any]] = {
        bool: settings.getbool,
        int: settings.getint,
        float: settings.getfloat,
        dict: settings.getdict,
    }
    getter = getters.get(kind, settings.get)
    try:
        return _plain(getter(name))
    except (TypeError, ValueError):
        return _plain(settings.get(name))


def describe_run(crawler: Crawler, spider: Spider) -> dict[str, Any]:
    """What a run was asked to do: its arguments, settings, log file and environment."""
    settings = crawler.settings
    args = getattr(spider, "args", None)
    given = (
        {k: _plain(v) for k, v in dataclasses.asdict(args).items() if v is not None}
        if dataclasses.is_dataclass(args) and not isinstance(args, type)
        else {}
    )
    effective = {
        name: _plain(getattr(spider, attr))
        for name, attr in (("base_url", "base_url"), ("categories", "categories"))
        if getattr(spider, attr, None) is not None
    }
    if hasattr(spider, "renderer"):
        effective["render"] = spider.renderer
    log_file = settings.get("LOG_FILE")
    return {
        "arguments": {"given": given, "effective": {**given, **effective}},
        "job": getattr(spider, "_job", None),  # Scrapyd's job id
        "environment": os.environ.get("CRAWLER_ENV") or None,
        "log_file": str(Path(log_file).resolve()) if log_file else None,
        "settings": {
            name: _setting(settings, name, kind) for name, kind in REPORT_SETTINGS.items()
        },
    }


def _plain(value: Any) -> Any:
    """A JSON value: settings objects as dicts, tuples as lists, dates as ISO strings."""
    if isinstance(value, BaseSettings):
        return {k: _plain(v) for k, v in value.copy_to_dict().items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class RunReport:
    """Count field coverage while items are written; report when the engine stops.

    The report is written once every component has closed (the feed files
    saved, or their failure known); the monitors then add their verdicts
    (``add_verdicts``) before any alert names the file.
    """

    _reports: ClassVar[WeakKeyDictionary[Crawler, RunReport]] = WeakKeyDictionary()

    def __init__(
        self, crawler: Crawler, stats: StatsCollector, folder: Path, tally: UrlTally
    ) -> None:
        self.crawler = crawler
        self.stats = stats
        self.folder = folder
        self.tally = tally
        self.report: dict[str, Any] | None = None
        self.path: Path | None = None
        self.closed_slots: list[FeedSlot] = []
        self.reason: str | None = None
        # A run shared by several workers (crawler.extensions.combined): the run's
        # report, written by its last worker; the others' verdicts are deferred to it.
        self.combined: dict[str, Any] | None = None
        self.combined_path: Path | None = None
        self.deferred = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        if not crawler.settings.getbool("REPORT_ENABLED", True):
            raise NotConfigured("REPORT_ENABLED is off")
        assert crawler.stats is not None
        folder = crawler.settings.get("REPORT_DIR") or Path(
            crawler.settings.get("STATE_DIR", ".state"), "reports"
        )
        ext = cls(crawler, crawler.stats, Path(folder), UrlTally.install(crawler))
        cls._reports[crawler] = ext
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.feed_slot_closed, signal=signals.feed_slot_closed)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        # After the feed exporter has finished closing (it saves files asynchronously).
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        # Or earlier, if the state store would close first: a shared run needs it.
        before_store_closes(crawler, ext.engine_stopped)
        return ext

    @classmethod
    def of(cls, crawler: Crawler) -> RunReport | None:
        """The crawler's RunReport extension, if it is enabled."""
        return cls._reports.get(crawler)

    def item_scraped(self, item: Any) -> None:
        adapter = ItemAdapter(item)
        for field in COVERAGE_FIELDS:
            if adapter.get(field):
                self.stats.inc_value(f"coverage/{field}")

    def feed_slot_closed(self, slot: FeedSlot) -> None:
        self.closed_slots.append(slot)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.reason = reason

    def engine_stopped(self) -> None:
        spider = self.crawler.spider
        if spider is None or self.report is not None:  # never started, or reported already
            return
        stats = dict(self.stats.get_stats())
        stats.setdefault("finish_reason", self.reason)
        stats.setdefault("finish_time", datetime.now(UTC))
        self.report = {
            **build_report(stats, spider.name),
            "outputs": self._outputs(),
            **describe_run(self.crawler, spider),
            "monitors": None,  # the monitors' verdicts, when MONITOR_ENABLED
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.path = (self.folder / f"{spider.name}-{stamp}.json").resolve()
        n = 1
        while self.path.exists():  # two runs ended in the same second: keep both
            n += 1
            self.path = self.path.with_name(f"{spider.name}-{stamp}-{n}.json")
        self._write()
        articles = self.report["articles"]
        spider.logger.info(
            "Run report: %d pages, %d of %d URLs failed, %d new, %d updated, %d duplicate, "
            "%s dropped, %d errors in %.1fs -> %s",
            self.report["pages_fetched"],
            self.report["urls_failed"],
            self.report["urls_attempted"],
            articles["new"],
            articles["updated"],
            articles["duplicate"],
            sum(articles["dropped"].values()),
            self.report["error_count"],
            self.report["duration_seconds"],
            self.path,
        )
        self._share(spider, stamp)

    def _share(self, spider: Spider, stamp: str) -> None:
        """Hand the report to the run's shared state; the last worker writes the run's report."""
        store = opened_store(self.crawler)
        if store is None or not store.shared or self.report is None or self.path is None:
            return
        worker = getattr(store, "worker", None)
        self.report["run"] = {"id": store.run_id, "worker": worker, "report": str(self.path)}
        self._write()
        try:
            shared = store.publish_report(self.report)
        except StateError:
            return  # told already (State failed: ...); this worker's report stands alone
        if shared is None:
            self.deferred = True
            spider.logger.info(
                "Run %s: the run's report and verdict come from its last worker", store.run_id
            )
            return
        entries, lost = shared
        if len(entries) == 1 and not lost:
            return  # the run's only worker: its report is the run's
        self.combined = combine_reports(entries, lost)
        self.combined_path = self.path.with_name(f"{spider.name}-{stamp}-run.json")
        self._write()
        articles = self.combined["articles"]
        spider.logger.info(
            "Run report of run %s: %d workers (%d lost), %d pages, %d of %d URLs failed, "
            "%d new, %d updated, %d duplicate, %d errors in %.1fs -> %s",
            store.run_id,
            len(entries),
            len(lost),
            self.combined["pages_fetched"],
            self.combined["urls_failed"],
            self.combined["urls_attempted"],
            articles["new"],
            articles["updated"],
            articles["duplicate"],
            self.combined["error_count"],
            self.combined["duration_seconds"],
            self.combined_path,
        )

    def add_verdicts(self, verdicts: list[dict[str, Any]]) -> None:
        """The monitors' verdicts, into the report file already written."""
        if self.report is None:
            return
        failures = [failure for verdict in verdicts for failure in verdict["failures"]]
        self.report["monitors"] = {
            "failed": len(failures),
            "failures": failures,
            "checks": verdicts,
        }
        if self.combined is not None:
            self.combined["monitors"] = self.report["monitors"]
        self._write()

    def _write(self) -> None:
        assert self.path is not None
        for path, report in ((self.path, self.report), (self.combined_path, self.combined)):
            if path is None or report is None:
                continue
            partial = path.with_suffix(".json.partial")
            partial.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
            partial.replace(path)

    def _outputs(self) -> list[dict[str, Any]]:
        """Each feed file this run wrote to, with the records it wrote there."""
        slots = list(self.closed_slots)
        for component in self.crawler.extensions.middlewares if self.crawler.extensions else ():
            if isinstance(component, FeedExporter):
                slots += [slot for slot in component.slots if slot not in slots]
        return [
            {"uri": _output_uri(slot.uri), "format": slot.format, "records": slot.itemcount}
            for slot in slots
            if slot.itemcount or slot in self.closed_slots
        ]


def _output_uri(uri: str) -> str:
    """A local feed as an absolute path; any other URI without its password."""
    shown = display_uri(uri)
    if "://" in shown or not shown:
        return shown
    return str(Path(shown).resolve())
