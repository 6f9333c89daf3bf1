"""Hostile and broken sites cannot stall, exhaust or poison a crawl.

Each test serves a tiny site on 127.0.0.1 (tests.hostile) and runs the real
`scrapy crawl asianlite` against it, politeness off.  CLOSESPIDER_PAGECOUNT
bounds the runs that loop forever without the guards, so a regression fails
quickly instead of hanging.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.urls import canonicalize
from tests.crawling import ENV, REPO, crawl, read_jsonl
from tests.hostile import HostileSite, Reply, article_page, article_path, listing_page
from tests.test_crawl_failures import free_port

pytestmark = pytest.mark.e2e
ONE = ("-a", "categories=top-news")
BOUND = ("-s", "CLOSESPIDER_PAGECOUNT=60")  # without the guards these runs never end
LISTING = re.compile(r"/category/top-news/(?:page/(\d+)/)?$")
ARTICLE = re.compile(r"/2026/top-news/([\w-]+)$")


def complete_categories(state: Path) -> list[str]:
    with sqlite3.connect(state / "state.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT category FROM listings WHERE complete = 1")]


def report_of(state: Path) -> dict[str, Any]:
    path = max((state / "reports").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    return dict(json.loads(path.read_text(encoding="utf-8")))


def articles(path: str) -> Reply | None:
    match = ARTICLE.match(path)
    return article_page(f"Story {match.group(1)}") if match else None


def usage_error(stderr: str) -> str:
    """The one error line of a refused command (after Scrapy's three-line usage header)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines[:3] == ["Usage", "=====", "  scrapy crawl [options] <spider>"], stderr
    assert len(lines) == 4, stderr
    assert "Traceback" not in stderr
    return lines[3]


def listing_hits(site: HostileSite) -> int:
    return len(site.hits("/category/"))


def test_page_one_served_for_every_page_number_stops_at_the_repeat(tmp_path: Path) -> None:
    """WordPress answering /page/N/ with page 1 and a Next link: 220 pages until stopped by hand."""

    def route(path: str) -> Reply | None:
        match = LISTING.match(path)
        if match:
            page = int(match.group(1) or 1)
            links = [article_path(f"story-{i}") for i in range(3)]
            return listing_page(links, f"/category/top-news/page/{page + 1}/")
        return articles(path)

    state = tmp_path / "state"
    with HostileSite(route) as site:
        first = crawl(site.base_url, state, tmp_path / "1.jsonl", *ONE, *BOUND)
        assert first.returncode == 0, first.stderr[-3000:]
        assert listing_hits(site) == 2
        assert len(read_jsonl(tmp_path / "1.jsonl")) == 3
        assert "Listing top-news stopped at page 2" in first.stderr
        assert "lists no article that this run had not already seen" in first.stderr
        assert complete_categories(state) == []  # a loop is not the category's end

        second = crawl(site.base_url, state, tmp_path / "2.jsonl", *ONE, *BOUND)
        assert second.returncode == 0, second.stderr[-3000:]
        assert listing_hits(site) == 4  # walked again (still incomplete), stopped again
        assert read_jsonl(tmp_path / "2.jsonl") == []


def test_empty_pages_that_always_link_the_next_one_stop(tmp_path: Path) -> None:
    """Listing pages past the last one, empty but with a Next link: 317 pages until stopped."""

    def route(path: str) -> Reply | None:
        match = LISTING.match(path)
        if match:
            page = int(match.group(1) or 1)
            links = [article_path(f"story-{i}") for i in range(3)] if page == 1 else []
            return listing_page(links, f"/category/top-news/page/{page + 1}/")
        return articles(path)

    state = tmp_path / "state"
    with HostileSite(route) as site:
        result = crawl(site.base_url, state, tmp_path / "out.jsonl", *ONE, *BOUND)
        assert result.returncode == 0, result.stderr[-3000:]
        assert listing_hits(site) == 2
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 3
    assert complete_categories(state) == []


def test_a_redirect_back_to_page_one_stops_the_walk_visibly(tmp_path: Path) -> None:
    def route(path: str) -> Reply | None:
        match = LISTING.match(path)
        if match and match.group(1):
            return Reply(status=301, headers={"Location": "/category/top-news/"})
        if match:
            return listing_page([article_path("story-1")], "/category/top-news/page/2/")
        return articles(path)

    state = tmp_path / "state"
    with HostileSite(route) as site:
        result = crawl(site.base_url, state, tmp_path / "out.jsonl", *ONE, *BOUND)
        assert listing_hits(site) == 2
    # (The redirected page counts as a URL that got no answer: the error-rate monitor
    # may fail this tiny run, which is fine for a site that loops.)
    assert "Traceback" not in result.stderr
    assert "Listing top-news stopped at page 2" in result.stderr
    assert "leads back to a listing page this run already read" in result.stderr
    assert complete_categories(state) == []


def test_endless_fresh_pages_stop_at_the_cap_that_max_pages_raises(tmp_path: Path) -> None:
    """Every page links new articles and a next page: only the cap ends the walk."""

    def route(path: str) -> Reply | None:
        match = LISTING.match(path)
        if match:
            page = int(match.group(1) or 1)
            links = [article_path(f"story-{page}-{i}") for i in range(2)]
            return listing_page(links, f"/category/top-news/page/{page + 1}/")
        return articles(path)

    state = tmp_path / "state"
    cap = ("-s", "NEWS_MAX_LISTING_PAGES=4")
    with HostileSite(route) as site:
        first = crawl(site.base_url, state, tmp_path / "1.jsonl", *ONE, *BOUND, *cap)
        assert first.returncode == 0, first.stderr[-3000:]
        assert listing_hits(site) == 4
        assert len(read_jsonl(tmp_path / "1.jsonl")) == 8
        assert "reached the page cap (NEWS_MAX_LISTING_PAGES=4)" in first.stderr
        assert complete_categories(state) == []

        # max_pages raises the cap; the walk passes the known pages (the category is not
        # complete, so known articles do not stop it) and writes only the new ones.
        second = crawl(
            site.base_url, state, tmp_path / "2.jsonl", *ONE, *BOUND, *cap, "-a", "max_pages=6"
        )
        assert second.returncode == 0, second.stderr[-3000:]
        assert listing_hits(site) == 4 + 6
        assert {r["url"].rsplit("/", 1)[1] for r in read_jsonl(tmp_path / "2.jsonl")} == {
            f"story-{page}-{i}" for page in (5, 6) for i in range(2)
        }
        assert "page cap" not in second.stderr  # the operator's limit is no warning


def test_run_time_limit_ends_an_endless_crawl_with_a_warning(tmp_path: Path) -> None:
    def route(path: str) -> Reply | None:
        match = LISTING.match(path)
        if match:
            page = int(match.group(1) or 1)
            next_page = f"/category/top-news/page/{page + 1}/"
            reply = listing_page([article_path(f"s-{page}")], next_page)
            reply.delay = 0.3
            return reply
        return articles(path)

    state = tmp_path / "state"
    with HostileSite(route) as site:
        result = crawl(
            site.base_url, state, tmp_path / "out.jsonl", *ONE, "-s", "CLOSESPIDER_TIMEOUT=3"
        )
    assert "The run reached its time limit (CLOSESPIDER_TIMEOUT=3 s)" in result.stderr
    report = report_of(state)
    assert report["finish_reason"] == "closespider_timeout"
    assert report["duration_seconds"] < 15
    assert read_jsonl(tmp_path / "out.jsonl")  # what it wrote is kept
    assert complete_categories(state) == []


def test_project_defaults_bound_every_run() -> None:
    from crawler import settings  # noqa: PLC0415

    assert settings.CLOSESPIDER_TIMEOUT > 0
    assert settings.NEWS_MAX_LISTING_PAGES > 0


def test_a_canonical_link_cannot_take_another_articles_identity(tmp_path: Path) -> None:
    listed = ["victim", "story"]
    other = f"http://127.0.0.1:{free_port()}"

    def route(path: str) -> Reply | None:
        if LISTING.match(path):
            return listing_page([article_path(slug) for slug in listed])
        match = ARTICLE.match(path)
        if not match:
            return None
        slug, base = match.group(1), site.base_url
        victim = base + article_path("victim")
        canonical = {
            "victim": base + path + "/",  # a trailing slash: the same page
            "hijack": victim,  # another article of the site
            "offhost": "https://example.org" + article_path("victim"),
            "otherport": other + article_path("victim"),
            "victim-2": victim,  # looks like a re-post, holds another story
            "story-2": base + article_path("story"),  # a real re-post
        }.get(slug)
        body = "story" if slug in ("story", "story-2") else slug
        return article_page(f"Headline {body}", body, canonical)

    state = tmp_path / "state"
    with HostileSite(route) as site:
        first = crawl(site.base_url, state, tmp_path / "1.jsonl", *ONE)
        assert first.returncode == 0, first.stderr[-3000:]
        assert len(read_jsonl(tmp_path / "1.jsonl")) == 2
        listed[:0] = ["hijack", "offhost", "otherport", "victim-2", "story-2"]
        second = crawl(site.base_url, state, tmp_path / "2.jsonl", *ONE)
        assert second.returncode == 0, second.stderr[-3000:]
    records = read_jsonl(tmp_path / "2.jsonl")
    assert {r["url"].rsplit("/", 1)[1] for r in records} == {
        "hijack",
        "offhost",
        "otherport",
        "victim-2",
    }
    for record in records:  # each under its own URL, none replacing the victim
        assert record["canonical_url"] == canonicalize(record["url"])
        assert record["is_update"] is False
    victim = next(r for r in read_jsonl(tmp_path / "1.jsonl") if "victim" in r["url"])
    assert victim["canonical_url"] == canonicalize(site.base_url + article_path("victim"))


def test_credentials_in_base_url_are_refused_without_echoing_them(tmp_path: Path) -> None:
    with HostileSite(articles) as site:
        port = site.base_url.rsplit(":", 1)[1]
        for option in (
            ("-a", f"base_url=http://alice:s3cret@127.0.0.1:{port}"),
            ("-s", f"NEWS_BASE_URL=http://alice:s3cret@127.0.0.1:{port}"),
        ):
            command = [sys.executable, "-m", "scrapy", "crawl", "asianlite", *option]
            command += ["-s", f"STATE_DIR={tmp_path / 'state'}", "-O", str(tmp_path / "o.jsonl")]
            result = subprocess.run(
                command,
                cwd=tmp_path,
                env=ENV,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert result.returncode == 2
            assert "must not contain a user name or password" in usage_error(result.stderr)
            assert "s3cret" not in result.stderr + result.stdout
        assert site.hits() == []


def test_no_password_reaches_logs_reports_or_the_lock_file(tmp_path: Path) -> None:
    """A feed URI with a password (FTP here) whose upload fails: logged and reported, redacted."""
    state = tmp_path / "state"
    feed = f"ftp://bob:hunter2@127.0.0.1:{free_port()}/out.jsonl"
    with HostileSite(lambda path: listing_page([]) if LISTING.match(path) else None) as site:
        result = subprocess.run(
            [
                sys.executable,
                *("-m", "scrapy", "crawl", "asianlite", *ONE),
                *("-a", f"base_url={site.base_url}", "-s", f"STATE_DIR={state}"),
                *("-s", "LOG_LEVEL=DEBUG", "-s", "DOWNLOAD_DELAY=0", "-O", feed),
            ],
            cwd=REPO,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Output failed" in result.stderr
    assert "ftp://***@127.0.0.1" in result.stderr
    kept = [p for p in state.rglob("*") if p.is_file() and p.suffix != ".sqlite3"]
    assert kept  # the report and the lock file at least
    for text in [result.stderr, result.stdout, *(p.read_text(errors="replace") for p in kept)]:
        assert "hunter2" not in text


def test_links_redirects_and_sitemaps_to_another_port_are_not_followed(tmp_path: Path) -> None:
    with HostileSite(articles) as other:

        def route(path: str) -> Reply | None:
            elsewhere = other.base_url + article_path("elsewhere")
            if LISTING.match(path):
                return listing_page([article_path("home"), elsewhere, article_path("moved")])
            if path == article_path("moved"):
                return Reply(status=301, headers={"Location": other.base_url + article_path("x")})
            if path == "/sitemap_index.xml":
                return Reply(
                    body='<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/'
                    f'schemas/sitemap/0.9"><sitemap><loc>{other.base_url}/post-sitemap.xml</loc>'
                    "</sitemap></sitemapindex>",
                    content_type="application/xml",
                )
            return articles(path)

        state = tmp_path / "state"
        with HostileSite(route) as site:
            result = crawl(
                site.base_url, state, tmp_path / "out.jsonl", *ONE, "-s", "RETRY_TIMES=0"
            )
        assert other.hits() == [], [hit.path for hit in other.hits()]
    assert [r["url"] for r in read_jsonl(tmp_path / "out.jsonl")] == [
        site.base_url + article_path("home")
    ]
    failed = {entry["url"]: entry["error"] for entry in report_of(state)["failed_urls"]}
    moved = failed[other.base_url + article_path("x")]
    assert f"redirect from {site.base_url}{article_path('moved')}" in moved
    assert "refused: another site" in moved
    assert "refused: another site" in failed[other.base_url + "/post-sitemap.xml"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "option",
    [
        ("-a", "base_url=http://[::1"),
        ("-a", "base_url=http://127.0.0.1:99999"),
        ("-a", "base_url=http://127.0.0.1:9/?q=1"),
        ("-a", "base_url=http://127.0.0.1:9/#frag"),
        ("-a", "since=99999999999d"),
        ("-a", "since=9999-12-31T23:00:00-05:00"),
        ("-s", "NEWS_MAX_LISTING_PAGES=lots"),
        ("-s", "CLOSESPIDER_TIMEOUT=-1"),
        ("-s", "RETRY_AFTER_MAX=soon"),
        ("-s", "EXTRACT_TIMEOUT=0"),
        ("-s", "EXTRACT_WORKERS=-2"),
        ("-s", "EXTRACT_MAX_BODY_WORDS=none"),
        ("-s", "BOT_CONTACT_URL=call me (maybe)"),
    ],
    ids=lambda option: option[1],
)
def test_bad_arguments_and_limits_are_one_line_and_exit_2(
    option: tuple[str, str], tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "asianlite", *option]
    command += ["-a", "base_url=http://127.0.0.1:9"] if "base_url" not in option[1] else []
    command += ["-s", f"STATE_DIR={tmp_path}", "-O", str(tmp_path / "out.jsonl")]
    result = subprocess.run(
        command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2, result.stderr[-2000:]
    name = option[1].split("=", 1)[0]
    assert usage_error(result.stderr).startswith(f"__main__.py: error: {name}")
    assert "Traceback" not in result.stdout
