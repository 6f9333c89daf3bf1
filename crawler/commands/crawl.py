"""``scrapy crawl`` with validated arguments and an exit code that tells the truth.

A bad ``-a`` value, an unusable STATE_DIR or feed, or another run of the same
spider on the same state ends with a one-line usage error (exit 2), not a
traceback from inside the engine; so does a state file that is not ours,
damaged or locked by another program.  A run that failed to start, failed
to save its output, lost its state file or failed its monitors exits 1.  Arguments and STATE_DIR are
checked before Scrapy starts logging, so the error is the only output; with
LOG_FILE set (Scrapyd) they are checked once logging goes to the job's log,
so the message lands there.

``-o``/``-O`` replace the feeds of the settings (Scrapy would merge them);
without any feed the run writes OUTPUT_DEFAULT_FEED.  When the run is shared
(FRONTIER_URL, or a STATE_URL other than SQLite) that path gets the worker's
host and pid before its suffix (``data/news/2026-...T10-00-00.node1.4242.jsonl``):
two workers started in the same second in one shared folder (NFS, one host)
never write, or recover, the same file.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import socket
from pathlib import PurePosixPath

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoaderProtocol
from scrapy.utils.conf import feed_process_params_from_cli
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from crawler import frontier, runlock
from crawler.backends import backend, check_state
from crawler.output.feeds import FeedConfigError, check_feeds
from crawler.spiders.args import ArgumentError
from crawler.store import BUSY_TIMEOUT, StateDirError
from crawler.store_postgres import check_run

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    _checked: type | None = None  # the spider, once checked before Scrapy's logging starts

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        if opts.output or opts.overwrite_output:
            feeds = feed_process_params_from_cli(
                self.settings, opts.output, overwrite_output=opts.overwrite_output
            )
            del self.settings["FEEDS"]  # replace, not merge with, the configured feeds
            self.settings.set("FEEDS", feeds, priority="cmdline")
        elif not self.settings.getdict("FEEDS") and self.settings.get("OUTPUT_DEFAULT_FEED"):
            default = {"format": "jsonlines", "store_empty": False}
            path = str(self.settings["OUTPUT_DEFAULT_FEED"])
            if _shared(self.settings):
                path = worker_feed_path(path, self.settings.get("STATE_HOST") or "", os.getpid())
            self.settings.set("FEEDS", {path: default}, priority="project")
        if len(args) == 1 and not self.settings.get("LOG_FILE"):
            self._checked = self._check(_spider_loader(self.settings), args[0], opts)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            self._run(args, opts)
        except UsageError as exc:
            # Under Scrapyd stderr goes to the daemon's log; the job log is LOG_FILE.
            if self.settings is not None and self.settings.get("LOG_FILE"):
                logger.error("%s", exc)
            raise

    def _run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.crawler_process is None:
            super().run(args, opts)
            return
        spidercls = self._checked or self._check(self.crawler_process.spider_loader, args[0], opts)
        crawler = self.crawler_process.create_crawler(spidercls)
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        failures: list[str] = []
        started.addErrback(_startup_failed, failures)
        self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
        if (
            failures
            or self.crawler_process.bootstrap_failed
            or stats.get("monitor/failed")
            or stats.get("output/failed")
            or stats.get("state/failed")
        ):
            self.exitcode = 1

    def _check(self, loader: SpiderLoaderProtocol, name: str, opts: argparse.Namespace) -> type:
        """The spider class, once its arguments, STATE_DIR and feeds are known to be usable."""
        try:
            spidercls = loader.load(name)
        except KeyError:
            raise UsageError(f"Spider not found: {name}", print_help=False) from None
        validate = getattr(spidercls, "validate_arguments", None)
        assert self.settings is not None
        try:
            if validate is not None:
                validate(dict(opts.spargs), self.settings)
            check_feeds(self.settings)
            frontier.check(self.settings)
            state_dir = self.settings.get("STATE_DIR", ".state")
            state_url = self.settings.get("STATE_URL") or ""
            busy_timeout = self.settings.getfloat("STATE_BUSY_TIMEOUT", BUSY_TIMEOUT)
            check_state(state_url, state_dir, busy_timeout)
            base_url = dict(opts.spargs).get("base_url")
            scope = runlock.scope(spidercls.name, base_url)
            if backend(state_url, state_dir)[0] == "sqlite":
                runlock.acquire(state_dir, scope)
            else:  # a shared state: the run's workers coexist, another run is refused
                run_id = self.settings.get("STATE_RUN_ID") or None
                check_run(backend(state_url, state_dir)[1], scope, run_id, busy_timeout)
        except (
            ArgumentError,
            FeedConfigError,
            StateDirError,
            runlock.RunLocked,
            frontier.FrontierConfigError,
        ) as exc:
            raise UsageError(str(exc), print_help=False) from None
        return spidercls


def _shared(settings: BaseSettings) -> bool:
    """Whether this process is one worker of a run shared with others (frontier or state)."""
    if frontier.enabled(settings):
        return True
    try:
        kind, _ = backend(settings.get("STATE_URL") or "", settings.get("STATE_DIR", ".state"))
    except StateDirError:
        return False  # reported, in one line, by _check
    return kind != "sqlite"


def worker_feed_path(path: str, host: str, pid: int) -> str:
    """``path`` with ``.<host>.<pid>`` before its suffix: one file per worker of a run.

    ``host`` defaults to this machine's name; characters a file name should not
    hold become ``_``.
    """
    name = re.sub(r"[^A-Za-z0-9.-]+", "_", host or socket.gethostname())[:60] or "host"
    pure = PurePosixPath(path)
    suffix = pure.suffix if pure.suffix and "%" not in pure.suffix else ""
    stem = path[: len(path) - len(suffix)] if suffix else path
    return f"{stem}.{name}.{pid}{suffix}"


def _startup_failed(failure: Failure, failures: list[str]) -> None:
    """One line for a crawl that could not start (a bad component in the settings, ...)."""
    message = f"{failure.type.__name__ if failure.type else 'Error'}: {failure.getErrorMessage()}"
    failures.append(message)
    logger.error("The crawl could not start: %s", message)
    logger.debug("Start-up failure detail", exc_info=failure.value)


def _spider_loader(settings: BaseSettings) -> SpiderLoaderProtocol:
    """The project's spider loader, built as Scrapy's CrawlerProcess builds it."""
    loader: SpiderLoaderProtocol = load_object(settings["SPIDER_LOADER_CLASS"]).from_settings(
        settings.frozencopy()
    )
    return loader
