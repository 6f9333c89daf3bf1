"""Live progress for people at a terminal.

When stderr is a terminal, a few lines at the bottom of it show the crawl as
it goes: per category the listing pages walked (of the total the site's
pagination announces, capped by ``max_pages``), the new articles found and
written; then totals, the page rate and, when the backlog is known, an ETA.
Log lines still scroll above it.  When stderr is not a terminal (Scrapyd,
cron, CI, a pipe) the extension stays off and the log is exactly as before.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector
from twisted.internet import task

from crawler.monitors.history import duration_text

# WordPress's paginate_links() marks every page link "page-numbers" in any theme.
PAGE_NUMBERS = ".page-numbers::text, .page-numbers *::text"
UPDATES = "(sitemaps)"  # articles the sitemaps brought back, not from a category listing
RATE_WINDOW = 30.0  # seconds of history for the page rate
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def is_terminal(stream: IO[str]) -> bool:
    """A terminal a person watches (not a pipe, a file, or a dumb terminal)."""
    try:
        return stream.isatty() and os.environ.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):
        return False


@dataclass
class Category:
    """What the crawl did in one category so far."""

    scheduled: int = 0  # listing requests (retries and redirects not counted)
    walked: int = 0  # listing pages answered (304s included)
    total: int | None = None  # pages the pagination announces (capped by max_pages)
    found: int = 0  # new article requests
    written: int = 0
    parsing: int = 0  # listing pages answered whose callback has not finished yet

    @property
    def active(self) -> bool:
        """Still walking: a listing page is on its way or being read."""
        return self.scheduled > self.walked or self.parsing > 0

    def remaining(self) -> float | None:
        """Requests still to come from this category, or None if unknown."""
        if not self.active:
            return 0.0
        if self.total is None:
            return None
        per_page = self.found / self.walked if self.walked else 10.0
        return max(self.total - self.walked, 0) * (1.0 + per_page)


class Progress:
    """The counts behind the display, fed by the crawler's signals."""

    def __init__(
        self,
        stats: StatsCollector,
        order: list[str],
        max_pages: int | None,
        in_callbacks: Callable[[], Iterable[Request]] = tuple,
    ) -> None:
        self.stats = stats
        self.in_callbacks = in_callbacks  # requests whose responses the spider is reading
        self.max_pages = max_pages
        self.categories: dict[str, Category] = {name: Category() for name in order}
        self.started = time.monotonic()
        self.answers: deque[tuple[float, int]] = deque()  # (time, pages answered so far)
        self.article_answers = 0
        self.finished = False

    def category(self, meta: dict[str, Any]) -> Category:
        name = meta.get("category") or UPDATES
        return self.categories.setdefault(str(name), Category())

    def request_scheduled(self, request: Request) -> None:
        if request.meta.get("retry_times") or request.meta.get("redirect_times"):
            return  # the same page again
        kind = request.meta.get("kind")
        if kind == "listing":
            self.category(request.meta).scheduled += 1
        elif kind == "article":
            self.category(request.meta).found += 1

    def request_dropped(self, request: Request) -> None:
        kind = request.meta.get("kind")
        if kind == "listing":
            self.category(request.meta).scheduled -= 1
        elif kind == "article":
            self.category(request.meta).found -= 1

    def response_received(self, response: Response, request: Request) -> None:
        kind = request.meta.get("kind")
        if kind == "article":
            self.article_answers += 1
        if kind != "listing":
            return
        category = self.category(request.meta)
        category.walked += 1
        if isinstance(response, TextResponse) and response.status == 200:
            page = int(request.meta.get("page", 1))
            numbers = [int(t) for t in response.css(PAGE_NUMBERS).getall() if t.strip().isdigit()]
            total = max([page, *numbers])
            if self.max_pages:
                total = min(total, self.max_pages)
            category.total = max(category.total or 0, total)

    def item_scraped(self, response: Response) -> None:
        request = response.request
        self.category(request.meta if request is not None else {}).written += 1

    def tick(self) -> None:
        for category in self.categories.values():
            category.parsing = 0
        for request in self.in_callbacks():
            if request.meta.get("kind") == "listing":
                self.category(request.meta).parsing += 1
        now = time.monotonic()
        self.answers.append((now, self.pages()))
        while self.answers and now - self.answers[0][0] > RATE_WINDOW:
            self.answers.popleft()

    def pages(self) -> int:
        return int(self.stats.get_value("response_received_count", 0))

    def rate(self) -> float | None:
        """Pages answered per second over the last RATE_WINDOW seconds."""
        if len(self.answers) < 2:
            return None
        (t0, p0), (t1, p1) = self.answers[0], self.answers[-1]
        return (p1 - p0) / (t1 - t0) if t1 > t0 else None

    def eta(self) -> float | None:
        """Seconds left, once every category still walking knows its page count."""
        rate = self.rate()
        if not rate:
            return None
        remaining = 0.0
        for category in self.categories.values():
            more = category.remaining()
            if more is None:
                return None
            remaining += more
        failed = int(self.stats.get_value("failed/article", 0))
        found = sum(c.found for c in self.categories.values())
        remaining += max(found - self.article_answers - failed, 0)
        return remaining / rate

    def lines(self, spider: str, width: int) -> list[str]:
        """The display: a header, one line per category, the totals."""
        elapsed = time.monotonic() - self.started
        rows = [
            (name, c) for name, c in self.categories.items() if c.scheduled or c.found or c.written
        ]
        name_width = max([len("category"), *(len(name) for name, _ in rows)])
        out = [f"{'category':<{name_width}}  {'listing pages':>13}  {'found':>6}  {'written':>7}"]
        for name, c in rows:
            if not c.scheduled and not c.walked:
                pages = "-"  # no listing: articles the sitemaps brought back
            elif c.active:
                pages = f"{c.walked}/{c.total}" if c.total else f"{c.walked}/?"
            else:
                pages = f"{c.walked} done"
            out.append(f"{name:<{name_width}}  {pages:>13}  {c.found:>6}  {c.written:>7}")
        rate, eta = self.rate(), self.eta()
        failed = sum(
            int(v)
            for k, v in self.stats.get_stats().items()
            if k.startswith("failed/") and isinstance(v, int)
        )
        state = (
            "finished"
            if self.finished
            else ("ETA ?" if eta is None else f"ETA {duration_text(eta)}")
        )
        totals = (
            f"{spider}: {self.pages()} pages"
            + (f" ({rate:.1f}/s)" if rate is not None and not self.finished else "")
            + f", {sum(c.found for c in self.categories.values())} found"
            + f", {int(self.stats.get_value('item_scraped_count', 0))} written"
            + f", {failed} failed, {duration_text(elapsed)} elapsed, {state}"
        )
        out.append(totals)
        return [line[: max(width - 1, 10)] for line in out]


class _Interleave:
    """A log stream that lifts the display off the terminal while a log line is written."""

    def __init__(self, stream: IO[str], display: LiveProgress) -> None:
        self.stream = stream
        self.display = display

    def write(self, text: str) -> int:
        self.display.erase()
        return self.stream.write(text)

    def flush(self) -> None:
        self.display.draw(soon=True)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class LiveProgress:
    """The live display on stderr (PROGRESS_ENABLED, a terminal only)."""

    def __init__(self, crawler: Crawler, stream: IO[str], interval: float) -> None:
        self.crawler = crawler
        self.stream = stream
        self.interval = interval
        self.progress: Progress | None = None
        self.spider: Spider | None = None
        self.drawn = 0  # lines of the display now on screen
        self.drawn_at = 0.0
        self.task: task.LoopingCall | None = None
        self.hooked: list[logging.StreamHandler[Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LiveProgress:
        settings = crawler.settings
        if not settings.getbool("PROGRESS_ENABLED", True):
            raise NotConfigured("PROGRESS_ENABLED is off")
        if not is_terminal(sys.stderr):
            raise NotConfigured  # no terminal: plain log lines, nothing else
        if settings.getbool("STATE_EPHEMERAL") or settings.getbool("KEEP_ALIVE"):
            raise NotConfigured  # scrapy parse / check / shell: a display would get in the way
        ext = cls(crawler, sys.stderr, settings.getfloat("PROGRESS_INTERVAL", 0.5))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        assert self.crawler.stats is not None
        args = getattr(spider, "args", None)
        self.progress = progress = Progress(
            self.crawler.stats,
            [str(c) for c in getattr(spider, "categories", ())],
            getattr(args, "max_pages", None),
            self._in_callbacks,
        )
        self.spider = spider
        connect = self.crawler.signals.connect
        connect(progress.request_scheduled, signal=signals.request_scheduled)
        connect(progress.request_dropped, signal=signals.request_dropped)
        connect(progress.response_received, signal=signals.response_received)
        connect(progress.item_scraped, signal=signals.item_scraped)
        self._hook_log()
        self.task = task.LoopingCall(self.refresh)
        self.task.start(self.interval)

    def _in_callbacks(self) -> Iterable[Request]:
        """Requests whose responses the scraper is handling (their callbacks not done)."""
        scraper = getattr(self.crawler.engine, "scraper", None)
        active: Iterable[Request] = getattr(getattr(scraper, "slot", None), "active", ())
        return tuple(active)

    def _hook_log(self) -> None:
        """Route the log lines that go to this terminal through _Interleave."""
        for handler in logging.root.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is self.stream:
                handler.setStream(_Interleave(self.stream, self))  # type: ignore[arg-type]
                self.hooked.append(handler)

    def refresh(self) -> None:
        if self.progress is not None:
            self.progress.tick()
        self.erase()
        self.draw()

    def erase(self) -> None:
        if self.drawn:
            self.stream.write(f"\x1b[{self.drawn}A\r\x1b[J")
            self.drawn = 0

    def draw(self, soon: bool = False) -> None:
        """Show the display; ``soon``: after a log line, unless one was drawn a moment ago.

        Under a flood of log lines (LOG_LEVEL=DEBUG) the display then waits for
        the next refresh instead of being redrawn after every line.
        """
        if self.progress is None or self.spider is None:
            self.stream.flush()
            return
        if soon and time.monotonic() - self.drawn_at < min(self.interval, 0.2):
            self.stream.flush()
            return
        if self.drawn:
            self.erase()
        width = shutil.get_terminal_size((100, 24)).columns
        lines = self.progress.lines(self.spider.name, width)
        self.stream.write("\x1b[2m" + "\n".join(lines) + "\x1b[0m\n")
        self.stream.flush()
        self.drawn = len(lines)
        self.drawn_at = time.monotonic()

    def spider_closed(self, spider: Spider) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        for handler in self.hooked:  # log lines go straight to the terminal again
            handler.setStream(self.stream)
        self.hooked = []
        if self.progress is not None:
            self.progress.finished = True
            self.progress.tick()
        self.erase()
        self.draw()
        self.drawn = 0  # the final figures stay on screen, above what is logged next


def plain(text: str) -> str:
    """``text`` without ANSI escape sequences (for tests and logs)."""
    return _ANSI.sub("", text)
