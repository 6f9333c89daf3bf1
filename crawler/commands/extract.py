"""``scrapy extract``: offline extraction of saved pages (or a URL), one JSON line each.

Pages go through the crawl's own path (``crawler.extract.page``: decoding,
depth cap, body limit) in an extraction worker with the crawl's time budget
(``EXTRACT_TIMEOUT``; in-process with ``EXTRACT_WORKERS=0``), and through the
crawl's size limit (``DOWNLOAD_MAXSIZE``: file size, inflated ``.gz`` size,
downloaded size).  A bad input is one line on stderr; the batch goes on and
the command exits 1 at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.extract.page import Limits, Page, PageResult, extract_page
from crawler.extract.worker import ExtractFailed, ExtractTimeout, WorkerProcess, describe
from crawler.sites import ProfileError, load_profile

_CHUNK = 1 << 16


class InputError(ValueError):
    """An input that cannot be read as a page: the message is the stderr line."""


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012  (Scrapy declares it so)

    def syntax(self) -> str:
        return "PATH_OR_URL [PATH_OR_URL ...] [--url URL] [--site NAME] [--explain]"

    def short_desc(self) -> str:
        return "Extract articles from saved pages (.html, .html.gz) or URLs as JSON lines"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="URL the page was fetched from (one input only)")
        # Not --profile: Scrapy's global --profile writes cProfile stats.
        parser.add_argument("--site", help="site profile to use (default: by URL host)")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="add the removed blocks and the rule that removed each",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one saved page or URL", print_help=False)
        if opts.url and len(args) > 1:
            raise UsageError("--url names the source of a single page", print_help=False)
        try:
            site = load_profile(opts.site).name if opts.site else None
        except ProfileError as exc:
            raise UsageError(str(exc), print_help=False) from None
        assert self.settings is not None
        self.max_size = self.settings.getint("DOWNLOAD_MAXSIZE")
        self.limits = Limits.from_settings(self.settings)
        self.timeout = self.settings.getfloat("EXTRACT_TIMEOUT", 5.0)
        self.in_process = self.settings.getint("EXTRACT_WORKERS", -1) == 0
        self.worker: WorkerProcess | None = None
        failures = 0
        try:
            for arg in args:
                try:
                    record = self._extract(arg, opts.url, site, opts.explain)
                except Exception as exc:  # any input error: one line, then the next input
                    failures += 1
                    known = (OSError, ValueError, ExtractFailed)  # their messages say it all
                    reason = str(exc) if isinstance(exc, known) else describe(exc)
                    print(f"extract: {arg}: {reason}", file=sys.stderr)
                    continue
                try:
                    print(json.dumps(record, ensure_ascii=False), flush=True)
                except BrokenPipeError:  # reader went away (| head): stop quietly
                    sys.stderr.close()
                    break
        finally:
            if self.worker is not None:
                self.worker.close()
        self.exitcode = 1 if failures else 0

    def _extract(
        self, arg: str, url: str | None, site: str | None, explain: bool
    ) -> dict[str, Any]:
        if arg.startswith(("http://", "https://")):
            body, content_type, source = _fetch(arg, self._user_agent(), self.max_size)
        else:
            body, content_type = _read(Path(arg), self.max_size), None
            source = url or Path(arg).resolve().as_uri()
        page = Page(
            source,
            body,
            content_type,
            profile=site,
            guess_profile=True,
            clean=True,
            limits=self.limits,
        )
        result = self._run(page)
        record: dict[str, Any] = {"path": arg, **result.article.__dict__}
        if explain:
            record["method"] = result.method
            record["removed"] = [{"rule": r, "text": t} for r, t in result.removed]
        return record

    def _run(self, page: Page) -> PageResult:
        if self.in_process:
            return extract_page(page)
        if self.worker is None:
            self.worker = WorkerProcess()
        try:
            return self.worker.run(page, self.timeout)
        except ExtractTimeout:
            self.worker = None  # killed: the next input gets a new one
            raise

    def _user_agent(self) -> str:
        assert self.settings is not None
        return str(self.settings.get("USER_AGENT"))


def _read(path: Path, max_size: int) -> bytes:
    """A saved page's bytes (``.gz`` inflated), at most ``max_size`` of them."""
    with path.open("rb") as raw:
        if path.suffix == ".gz":
            data = _inflate(raw, max_size, 16 + zlib.MAX_WBITS, "inflates")
        else:
            data = raw.read(max_size + 1) if max_size else raw.read()
            if max_size and len(data) > max_size:
                raise InputError(f"file is larger than DOWNLOAD_MAXSIZE ({max_size} bytes)")
    if not data.strip():
        raise InputError("empty file")
    return data


def _inflate(stream: BinaryIO, max_size: int, wbits: int, verb: str) -> bytes:
    """Decompress ``stream`` chunk by chunk, stopping past ``max_size`` bytes (a bomb)."""
    inflater = zlib.decompressobj(wbits)
    out = bytearray()
    try:
        while chunk := stream.read(_CHUNK):
            budget = max_size + 1 - len(out) if max_size else 0
            out += inflater.decompress(chunk, budget)
            if max_size and len(out) > max_size:
                raise InputError(f"{verb} to more than DOWNLOAD_MAXSIZE ({max_size} bytes)")
            while inflater.unconsumed_tail:
                budget = max_size + 1 - len(out) if max_size else 0
                out += inflater.decompress(inflater.unconsumed_tail, budget)
                if max_size and len(out) > max_size:
                    raise InputError(f"{verb} to more than DOWNLOAD_MAXSIZE ({max_size} bytes)")
            if inflater.eof:
                break
        out += inflater.flush()
    except zlib.error as exc:
        raise InputError(f"not a gzip file: {exc}") from None
    if not inflater.eof:
        raise InputError("not a gzip file: truncated")
    return bytes(out)


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects within the URL's host only: another host's page is not this URL's."""

    def redirect_request(  # noqa: PLR0917  (urllib's signature)
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        wanted = urlsplit(req.full_url).hostname
        if urlsplit(newurl).hostname != wanted:
            raise InputError(f"redirected off-host to {newurl} (HTTP {code})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, user_agent: str, max_size: int) -> tuple[bytes, str | None, str]:
    """``(body, Content-Type, final URL)`` of ``url``, redirects on its host followed."""
    opener = urllib.request.build_opener(_SameHostRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with opener.open(request, timeout=30) as response:
            encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
            if encoding in ("gzip", "x-gzip", "deflate"):
                body = _inflate(response, max_size, 32 + zlib.MAX_WBITS, "inflates")
            else:
                body = response.read(max_size + 1) if max_size else response.read()
                if max_size and len(body) > max_size:
                    raise InputError(f"response is larger than DOWNLOAD_MAXSIZE ({max_size} bytes)")
            return body, response.headers.get("Content-Type"), response.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(f"cannot fetch: {exc.reason}") from None
