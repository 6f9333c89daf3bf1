"""Monitors: checks that turn a silent failure into a visible one.

``check_report`` judges a run report; it is the single source of every verdict.
Spidermon runs it as one monitor per check (crawler.monitors), and its
actions tell people (an e-mail, a webhook).  A failed check is logged at
ERROR and counted in ``monitor/failed``; the project's ``scrapy crawl`` then
exits non-zero so cron and Scrapyd users see it.  Checks: the output was
saved, records match the output schema, silence, field coverage, a
robots.txt that forbids everything, no page fetched, the error rate over
unique URLs, and listings or articles whose markup no longer matches the
site profile.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from spidermon import settings as spidermon_settings
from spidermon.contrib.scrapy.extensions import Spidermon
from spidermon.contrib.scrapy.runners import SpiderMonitorResult, SpiderMonitorRunner
from spidermon.results.monitor import MonitorResult

from crawler.extensions.report import UNEXTRACTED_DROPS, RunReport, UrlTally, build_report
from crawler.state import store_for
from crawler.store import StateStore

LAST_NEW_KEY = "monitor/last_new_article_at"
MARKUP_HINT = (
    "the site's markup probably changed, or the site needs rendering (render=splash/playwright)"
)


def check_report(
    report: dict[str, Any],
    *,
    last_new: datetime | None,
    now: datetime,
    max_silence: timedelta | None,
    min_coverage: dict[str, float],
    max_error_rate: float | None,
) -> list[str]:
    """Failed checks, each as one sentence; an empty list means healthy."""
    failures: list[str] = []
    failures.extend(_output_failures(report))
    failures.extend(_schema_failures(report))
    failures.extend(_silence_failures(report, last_new, now, max_silence))
    failures.extend(_coverage_failures(report, min_coverage))
    failures.extend(_fetch_failures(report, max_error_rate))
    failures.extend(_markup_failures(report))
    return failures


def _output_failures(report: dict[str, Any]) -> list[str]:
    """The feed files could not be written or stored."""
    if not report.get("output_failed"):
        return []
    return [
        f"the output was not saved ({report['output_failed']}): articles not saved "
        "are fetched again by the next run"
    ]


def _schema_failures(report: dict[str, Any]) -> list[str]:
    """Records that break the output contract (crawler/schema/article.json)."""
    invalid = report.get("invalid_records") or {}
    if not invalid.get("count"):
        return []
    fields = ", ".join(f"{name}: {n}" for name, n in sorted(invalid.get("fields", {}).items()))
    return [
        f"{_count(invalid['count'], 'record')} did not match the output schema "
        f"({fields or 'see the log'})"
    ]


def _silence_failures(
    report: dict[str, Any], last_new: datetime | None, now: datetime, max_silence: timedelta | None
) -> list[str]:
    """No new article for longer than MONITOR_MAX_SILENCE_HOURS."""
    new = report["articles"]["new"] + report["articles"]["updated"]
    if max_silence is None or new:
        return []
    if last_new is None:
        return ["no new article has ever been written by this spider"]
    if now - last_new > max_silence:
        return [f"no new article since {last_new.isoformat()} (longer than {max_silence})"]
    return []


def _coverage_failures(report: dict[str, Any], min_coverage: dict[str, float]) -> list[str]:
    """Written articles missing a field more often than MONITOR_MIN_COVERAGE allows."""
    if not report["articles"]["new"] + report["articles"]["updated"]:
        return []
    failures: list[str] = []
    for field, floor in sorted(min_coverage.items()):
        share = report["coverage"].get(field)
        if share is not None and share < floor:
            failures.append(f"field coverage of {field} is {share:.0%}, below {floor:.0%}")
    return failures


def _fetch_failures(report: dict[str, Any], max_error_rate: float | None) -> list[str]:
    """robots.txt unreachable or forbidding everything, no page fetched, too many URLs lost."""
    attempted, forbidden = report["urls_attempted"], report["urls_forbidden"]
    unreachable = [
        f"robots.txt {entry['url']} answered {entry['status']}: RFC 9309 says to crawl "
        "nothing then, so this run fetched nothing from that site"
        for entry in report.get("robots_unreachable") or []
    ]
    if unreachable:
        if forbidden:
            unreachable[-1] += f" ({_count(forbidden, 'URL')} not fetched)"
        return unreachable
    if not attempted and forbidden:
        return [f"robots.txt disallows every URL this run tried: {forbidden} forbidden"]
    failures: list[str] = []
    if not report["urls_fetched"]:
        failures.append(
            f"no page was fetched ({_count(attempted, 'URL')} attempted, all failed)"
            if attempted
            else "no page was fetched (no URL was attempted)"
        )
    lost = report["urls_failed"] + report["pages_failed"]
    if max_error_rate is not None and attempted and lost / attempted > max_error_rate:
        detail = f"{report['urls_failed']} of {_count(attempted, 'URL')} failed after retries"
        if report["pages_failed"]:
            detail += f", {_count(report['pages_failed'], 'page')} failed in parsing"
        failures.append(
            f"error rate {lost / attempted:.1%} is above {max_error_rate:.1%} ({detail})"
        )
    return failures


def _markup_failures(report: dict[str, Any]) -> list[str]:
    """Listings that link no article, or article pages none of which could be read."""
    failures: list[str] = []
    listings = report["listing_pages_parsed"]
    if listings and not report["article_links_found"] + report["article_links_too_old"]:
        failures.append(
            f"{_count(listings, 'listing page')} matched no article link: {MARKUP_HINT}"
        )
    pages = report["article_pages_parsed"]
    if pages and report["article_pages_unextracted"] >= pages:
        dropped = report["articles"]["dropped"]
        errors = report["errors"].get("failed_article_extract", 0)
        causes = [_count(errors, "extraction error")] if errors else []
        causes += [f"{dropped[drop]} {drop}" for drop in UNEXTRACTED_DROPS if dropped.get(drop)]
        detail = ", ".join(causes)
        failures.append(
            f"all {_count(pages, 'article page')} failed extraction ({detail}): {MARKUP_HINT}"
        )
    return failures


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# The checks of check_report, one spidermon monitor each (crawler.monitors.RunChecks),
# in check_report's order.  "other" is whatever check_report says that none of
# the named checks does, so a check added there still fails the run.
CHECKS: dict[str, str] = {
    "output": "the output was saved",
    "schema": "records match the output schema",
    "silence": "new articles keep coming",
    "coverage": "articles have their fields",
    "fetch": "pages were fetched",
    "markup": "the site's markup matches the profile",
    "other": "other checks",
}


# What a worker of a shared run judges alone; the rest is the run's (the combined report).
WORKER_CHECKS = ("output", "schema")


@dataclass
class RunContext:
    """One finished run as the monitors judge it: its report and the MONITOR_* thresholds."""

    spider: str
    report: dict[str, Any]
    report_path: Path | None
    log_file: str | None
    last_new: datetime | None
    now: datetime
    max_silence: timedelta | None
    min_coverage: dict[str, float]
    max_error_rate: float | None
    verdicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    # One worker of a shared run, not its last: only its own output is judged here,
    # the run's figures on the combined report (crawler.extensions.combined).
    deferred: bool = False
    _checks: dict[str, list[str]] | None = None

    def failures(self) -> list[str]:
        """check_report's verdict: the single source of every monitor's failures."""
        if self.deferred:
            return _output_failures(self.report) + _schema_failures(self.report)
        return check_report(
            self.report,
            last_new=self.last_new,
            now=self.now,
            max_silence=self.max_silence,
            min_coverage=self.min_coverage,
            max_error_rate=self.max_error_rate,
        )

    def checks(self) -> dict[str, list[str]]:
        """check_report's failures by check (the keys of CHECKS)."""
        if self._checks is None:
            report = self.report
            named = {
                "output": _output_failures(report),
                "schema": _schema_failures(report),
                "silence": _silence_failures(report, self.last_new, self.now, self.max_silence),
                "coverage": _coverage_failures(report, self.min_coverage),
                "fetch": _fetch_failures(report, self.max_error_rate),
                "markup": _markup_failures(report),
            }
            every = self.failures()
            named = {key: [f for f in found if f in every] for key, found in named.items()}
            if self.deferred:
                named = {key: found if key in WORKER_CHECKS else [] for key, found in named.items()}
            told = {f for found in named.values() for f in found}
            self._checks = {**named, "other": [f for f in every if f not in told]}
        return self._checks

    @property
    def failed(self) -> list[str]:
        """Every failure the monitors reported, in order (check_report's and others')."""
        return [failure for verdict in self.verdicts for failure in verdict["failures"]]


class Monitors(Spidermon):  # type: ignore[misc]
    """Spidermon, judging each finished run against the MONITOR_* thresholds.

    The suites in ``SPIDERMON_ENGINE_STOP_MONITORS`` (crawler.monitors.RunMonitorSuite)
    run once every component has closed, the feed files saved or failed, and
    the run report written; their data carries the ``run`` (RunContext).  Each
    failure is logged as one ``Monitor failed: ...`` ERROR line, counted in
    ``monitor/failed`` (so ``scrapy crawl`` exits 1) and written into the run
    report before the suites' actions (the alerts) run.
    """

    def __init__(self, crawler: Crawler, **suites: Any) -> None:
        super().__init__(crawler, **suites)
        settings = crawler.settings
        hours = settings.getfloat("MONITOR_MAX_SILENCE_HOURS", 0)
        rate = settings.getfloat("MONITOR_MAX_ERROR_RATE", -1)
        self.max_silence = timedelta(hours=hours) if hours > 0 else None
        self.min_coverage = {
            k: float(v) for k, v in settings.getdict("MONITOR_MIN_COVERAGE").items()
        }
        self.max_error_rate = rate if rate >= 0 else None
        self.store: StateStore = store_for(crawler)
        self.last_new: datetime | None = None
        self.closed_at: datetime | None = None
        self.run: RunContext | None = None
        self.failed = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Monitors:
        settings = crawler.settings
        if not settings.getbool("MONITOR_ENABLED", True):
            raise NotConfigured("MONITOR_ENABLED is off")
        if not settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured("SPIDERMON_ENABLED is off: no monitor would run")
        assert crawler.stats is not None
        UrlTally.install(crawler)  # the report's unique-URL counts, even without RunReport
        ext: Monitors = super().from_crawler(crawler)
        return ext

    def spider_closed(self, spider: Spider) -> None:
        """Note when articles were last written (the store closes with the engine)."""
        self.closed_at = datetime.now(UTC)
        key = f"{LAST_NEW_KEY}/{spider.name}"
        stored = self.store.get_meta(key)
        self.last_new = datetime.fromisoformat(stored) if stored else None
        if self.crawler.stats.get_value("item_scraped_count", 0):
            self.store.set_meta(key, self.closed_at.isoformat())
        super().spider_closed(spider)

    def engine_stopped(self) -> None:
        spider = self.crawler.spider
        if spider is None:
            return
        self.run = self._context(spider)
        super().engine_stopped()

    def _context(self, spider: Spider) -> RunContext:
        reporter = RunReport.of(self.crawler)
        deferred = False
        if reporter is not None and reporter.combined is not None:
            report, path = reporter.combined, reporter.combined_path
        elif reporter is not None and reporter.report is not None:
            report, path, deferred = reporter.report, reporter.path, reporter.deferred
        else:
            stats = dict(self.crawler.stats.get_stats())
            report, path = build_report(stats, spider.name), None
        log_file = self.crawler.settings.get("LOG_FILE")
        return RunContext(
            spider=spider.name,
            report=report,
            report_path=path,
            log_file=str(Path(log_file).resolve()) if log_file else None,
            last_new=self.last_new,
            now=self.closed_at or datetime.now(UTC),
            max_silence=self.max_silence,
            min_coverage=self.min_coverage,
            max_error_rate=self.max_error_rate,
            deferred=deferred,
        )

    def _generate_data_for_spider(self, spider: Spider) -> dict[str, Any]:
        data: dict[str, Any] = super()._generate_data_for_spider(spider)
        data["run"] = self.run
        return data

    def _run_suites(self, spider: Spider, suites: list[Any]) -> None:
        data = self._generate_data_for_spider(spider)
        for suite in suites:
            _Runner(spider, self._verdicts).run(suite, **data)

    def _verdicts(self, spider: Spider, result: Any) -> None:
        """After a suite's monitors, before its actions: log, count and report the verdicts."""
        verdicts = [_verdict(item) for item in result.monitor_results]
        failures = [failure for verdict in verdicts for failure in verdict["failures"]]
        for failure in failures:
            spider.logger.error("Monitor failed: %s", failure)
        self.failed += len(failures)
        self.crawler.stats.set_value("monitor/failed", self.failed)
        if self.run is not None:
            self.run.verdicts.extend(verdicts)
            reporter = RunReport.of(self.crawler)
            if reporter is not None:
                reporter.add_verdicts(self.run.verdicts)


_STATUS = {
    spidermon_settings.MONITOR.STATUS.SUCCESS: "passed",
    spidermon_settings.MONITOR.STATUS.FAILURE: "failed",
    spidermon_settings.MONITOR.STATUS.ERROR: "error",
    spidermon_settings.MONITOR.STATUS.SKIPPED: "skipped",
}


def _verdict(item: Any) -> dict[str, Any]:
    """A monitor's result as the report and the alerts tell it."""
    status = _STATUS.get(item.status, str(item.status).lower())
    failures: list[str] = []
    if status == "failed":
        failures = [line for line in str(item.reason or item.item.name).splitlines() if line]
    elif status == "error":
        failures = [f"monitor {item.item.name} crashed: {_last_line(item.error)}"]
    return {"monitor": item.item.name, "status": status, "failures": failures}


def _last_line(text: Any) -> str:
    lines = [line for line in str(text).splitlines() if line.strip()]
    return lines[-1].strip() if lines else "unknown error"


class _Result(SpiderMonitorResult):  # type: ignore[misc]
    """Spidermon's log block for the monitors; an action's line only when it ran.

    No tracebacks: a failed check is a ``Monitor failed: ...`` line (the
    extension's), an alert that could not be sent one ``Alert not sent: ...``.
    """

    def next_step(self) -> None:
        MonitorResult.next_step(self)
        if self.step.name == spidermon_settings.STEPS.MONITORS:
            self.write_title()

    def finish_step(self) -> None:
        if self.step.name == spidermon_settings.STEPS.MONITORS:
            super().finish_step()
            return
        MonitorResult.finish_step(self)
        if not self.step.successful:
            self.write_errors()

    def write_errors(self) -> None:
        if self.step.name == spidermon_settings.STEPS.MONITORS:
            for item in self.step.items_for_status(spidermon_settings.MONITOR.STATUS.ERROR):
                self.log(f"{item.item.name} crashed:\n{item.error}", level=logging.DEBUG)
            return  # failures: the "Monitor failed: ..." lines
        for item in self.step.error_results:  # actions: an alert that was not sent
            why = (
                getattr(item.item, "failure", None) or f"{item.item.name}: {_last_line(item.error)}"
            )
            self.spider.logger.error("Alert not sent: %s", why)
            self.log(f"{item.item.name} failed:\n{item.error}", level=logging.DEBUG)


class _Runner(SpiderMonitorRunner):  # type: ignore[misc]
    def __init__(self, spider: Spider, on_verdicts: Callable[[Spider, Any], None]) -> None:
        super().__init__(spider=spider)
        self.on_verdicts = on_verdicts

    def create_result(self) -> _Result:
        return _Result(self.spider)

    def run_monitors(self) -> None:
        super().run_monitors()
        self.on_verdicts(self.spider, self.result)
