"""Live progress: a display at the bottom of a terminal, and nothing new without one.

The crawl runs under a real pseudo-terminal (python's pty module, 120 columns);
what it writes is replayed through a terminal emulator (pyte) to get the screen
a person would see.  Without a terminal (a pipe, as under Scrapyd, cron or CI)
the log must stay as it was.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

import pyte
import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.extensions.progress import Progress
from tests.crawling import ENV, REPO, crawl, crawl_command, read_jsonl
from tests.replica import Replica

COLUMNS = 120
HEADER = re.compile(r"^category\s+listing pages\s+found\s+written$")
TOTALS = re.compile(
    r"^asianlite: (\d+) pages(?: \([\d.]+/s\))?, (\d+) found, (\d+) written, (\d+) failed, "
    r"\S+ elapsed, (finished|ETA \S+)$"
)
ROW = re.compile(r"^([\w()-]+)\s+(\d+/[\d?]+|\d+ done|-)\s+(\d+)\s+(\d+)$")
SLOW = ("-s", "PROGRESS_INTERVAL=0.1", "-s", "DOWNLOAD_DELAY=0.02")


def run_in_terminal(
    command: list[str], env: dict[str, str], timeout: float = 300
) -> tuple[int, bytes]:
    """Run ``command`` with a pseudo-terminal as its stdin, stdout and stderr; all it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, COLUMNS, 0, 0))
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True
    )
    os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
        return process.wait(timeout=max(deadline - time.monotonic(), 1)), bytes(output)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()


def screen_of(output: bytes) -> list[str]:
    """What the terminal shows at the end (a tall screen, so nothing scrolls away)."""
    screen = pyte.Screen(COLUMNS, 4000)
    pyte.ByteStream(screen).feed(output)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.e2e
def test_a_terminal_shows_live_progress_and_keeps_every_log_line(
    small_replica: tuple[Replica, str], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    command = crawl_command(small_replica[1], tmp_path / "state", "-O", str(out), *SLOW)
    code, output = run_in_terminal(command, {**ENV, "TERM": "xterm-256color"})
    assert code == 0, output[-3000:].decode(errors="replace")
    written = len(read_jsonl(out))
    assert written > 30

    raw = output.decode()
    assert "\x1b[" in raw  # drawn and redrawn in place
    etas = re.findall(r"ETA (\d+(?:\.\d)?)(s|m)", raw)
    assert etas, "an ETA once page 1 of each category told its page count"

    lines = screen_of(output)
    # One display left on the screen: the final figures, everything else erased.
    headers = [i for i, line in enumerate(lines) if HEADER.match(line)]
    assert len(headers) == 1, "\n".join(lines[-60:])
    block = lines[headers[0] + 1 :]
    rows = []
    for line in block:
        if (match := TOTALS.match(line)) is not None:
            pages, found, total, failed, state = match.groups()
            break
        row = ROW.match(line)
        assert row is not None, line
        rows.append(row.groups())
    else:
        pytest.fail("no totals line")
    assert (int(total), int(failed), state) == (written, 0, "finished")
    assert int(pages) > int(found) >= written  # found: re-posts are found, then dropped
    assert sum(int(f) for _, _, f, _ in rows) == int(found)
    categories = [name for name, *_ in rows]
    assert categories[:3] == ["top-news", "world-news", "uk-news"]  # the profile's order
    assert all(walked.endswith(" done") or walked == "-" for _, walked, _, _ in rows)
    assert sum(int(w) for *_, w in rows) == written

    # Log lines stay whole and in order above (and below) the display.
    text = "\n".join(lines)
    for needed in ("Spider opened", "Closing spider (finished)", "Run report:", "Spider closed"):
        assert needed in text, needed
    where = {
        needed: [i for i, line in enumerate(lines) if needed in line]
        for needed in ("Spider opened", "Closing spider", "Spider closed")
    }
    assert [len(found) for found in where.values()] == [1, 1, 1]
    # The final display sits where the spider closed: after "Closing", before "closed".
    assert where["Spider opened"][0] < where["Closing spider"][0] < headers[0]
    assert headers[0] < where["Spider closed"][0]
    log_line = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[\w.]+\] [A-Z]+: ")
    for line in lines:
        if "listing pages" in line or TOTALS.match(line):
            assert not log_line.match(line), line  # never mixed into a log line


@pytest.mark.e2e
def test_without_a_terminal_the_log_is_plain(
    small_replica: tuple[Replica, str], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = crawl(small_replica[1], tmp_path / "state", out, "-a", "categories=top-news", *SLOW)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "\x1b" not in result.stderr
    assert "listing pages" not in result.stderr
    assert "crawler.extensions.progress.LiveProgress" not in result.stderr  # not even enabled
    assert "Disabled" not in result.stderr  # and no warning about it
    assert "Crawled 0 pages (at 0 pages/min)" in result.stderr  # Scrapy's own line, as before


@pytest.mark.e2e
def test_progress_enabled_off_keeps_a_terminal_plain(
    small_replica: tuple[Replica, str], tmp_path: Path
) -> None:
    command = crawl_command(
        small_replica[1],
        tmp_path / "state",
        *("-O", str(tmp_path / "out.jsonl"), "-a", "categories=top-news"),
        *("-s", "PROGRESS_ENABLED=False"),
    )
    code, output = run_in_terminal(command, {**ENV, "TERM": "xterm-256color"})
    assert code == 0
    assert b"\x1b[" not in output and b"listing pages" not in output


def listing(url: str, pages: int, current: int = 1) -> HtmlResponse:
    """A WordPress listing page whose pagination announces ``pages`` pages."""
    links = "".join(
        f'<span class="page-numbers current"><span>{n}</span></span>'
        if n == current
        else f'<a class="page-numbers" href="{url}page/{n}/"><span>{n}</span></a>'
        for n in (1, 2, pages)
    )
    body = f'<div class="fox-pagination">{links}<a class="next page-numbers">Next</a></div>'
    request = Request(url, meta={"kind": "listing", "category": "top-news", "page": current})
    return HtmlResponse(url, body=body.encode(), encoding="utf-8", request=request)


def test_the_backlog_comes_from_the_pagination_and_max_pages() -> None:
    stats = MemoryStatsCollector(get_crawler())
    progress = Progress(stats, ["top-news", "uk-news"], max_pages=None)
    page1 = listing("https://example.com/category/top-news/", pages=12)
    progress.request_scheduled(page1.request)
    progress.response_received(page1, page1.request)
    for n in range(10):
        article = Request(
            f"https://example.com/2024/top-news/{n}",
            meta={"kind": "article", "category": "top-news"},
        )
        progress.request_scheduled(article)
    top = progress.categories["top-news"]
    assert (top.walked, top.total, top.found) == (1, 12, 10)
    assert not top.active  # page 1 read and nothing else asked yet
    progress.request_scheduled(
        Request(page1.url + "page/2/", meta={"kind": "listing", "category": "top-news", "page": 2})
    )
    assert top.active
    assert top.remaining() == 11 * (1 + 10)  # 11 listing pages, each with about 10 new links
    # A category whose page 1 has not answered yet: the backlog is unknown, so no ETA.
    progress.request_scheduled(
        Request(
            "https://example.com/category/uk-news/",
            meta={"kind": "listing", "category": "uk-news", "page": 1},
        )
    )
    stats.set_value("response_received_count", 0)
    progress.tick()
    when, _ = progress.answers.popleft()
    progress.answers.append((when - 10, 0))  # as if the crawl started 10 s ago
    stats.set_value("response_received_count", 40)
    progress.tick()  # 40 pages in 10 s
    assert progress.rate() == pytest.approx(4.0, rel=0.01)
    assert progress.eta() is None
    uk = listing("https://example.com/category/uk-news/", pages=3)
    uk.request.meta["category"] = "uk-news"
    progress.response_received(uk, uk.request)
    assert progress.categories["uk-news"].total == 3 and not progress.categories["uk-news"].active
    assert progress.eta() == pytest.approx(
        (121 + 10) / 4.0, rel=0.01
    )  # listings to walk + queued articles

    capped = Progress(stats, ["top-news"], max_pages=5)
    capped.response_received(page1, page1.request)
    assert capped.categories["top-news"].total == 5


@pytest.mark.e2e
def test_debugging_commands_get_no_display(small_replica: tuple[Replica, str]) -> None:
    """scrapy parse (like check and shell) at a terminal: its own output, nothing drawn."""
    rep, base = small_replica
    url = rep.articles[-1].url
    command = [
        *crawl_command(base, Path("unused"))[:3],
        "parse",
        "--spider",
        "asianlite",
        "-a",
        f"base_url={base}",
        "-c",
        "parse_article",
        url,
    ]
    code, output = run_in_terminal(command, {**ENV, "TERM": "xterm-256color"})
    assert code == 0, output[-3000:].decode(errors="replace")
    assert b"Scraped Items" in output
    assert b"listing pages" not in output and b"\x1b[2A" not in output
