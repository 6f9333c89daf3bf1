"""``scrapy extract``: offline extraction of saved pages (or a URL), one JSON line each."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import urllib.request
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.articles import article_from_tree
from crawler.extract import parse_html
from crawler.sites import ProfileError, SiteProfile, load_profile, profile_for_page


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
            fixed = load_profile(opts.site) if opts.site else None
        except ProfileError as exc:
            raise UsageError(str(exc), print_help=False) from None
        failures = 0
        for arg in args:
            try:
                record = self._extract(arg, opts.url, fixed, opts.explain)
            except (OSError, ValueError) as exc:
                failures += 1
                print(f"extract: {arg}: {exc}", file=sys.stderr)
                continue
            try:
                print(json.dumps(record, ensure_ascii=False), flush=True)
            except BrokenPipeError:  # reader went away (| head): stop quietly
                sys.stderr.close()
                break
        self.exitcode = 1 if failures else 0

    def _extract(
        self, arg: str, url: str | None, fixed: SiteProfile | None, explain: bool
    ) -> dict[str, Any]:
        is_url = arg.startswith(("http://", "https://"))
        html = _fetch(arg, self._user_agent()) if is_url else _read(Path(arg))
        source = arg if is_url else (url or Path(arg).resolve().as_uri())
        tree = parse_html(html)
        profile = fixed or profile_for_page(source, tree)
        article, extraction, removed = article_from_tree(tree, source, profile)
        record: dict[str, Any] = {"path": arg, **article.__dict__}
        if explain:
            record["method"] = extraction.method
            record["removed"] = [{"rule": r, "text": t} for r, t in removed]
        return record

    def _user_agent(self) -> str:
        assert self.settings is not None
        return str(self.settings.get("USER_AGENT"))


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except gzip.BadGzipFile as exc:
            raise ValueError(f"not a gzip file: {exc}") from None
    if not data.strip():
        raise ValueError("empty file")
    return data


def _fetch(url: str, user_agent: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    with urllib.request.urlopen(request, timeout=30) as response:
        return bytes(response.read())
