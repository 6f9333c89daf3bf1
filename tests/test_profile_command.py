"""`scrapy profile`: WordPress detection on a served site or saved pages, and a starter profile."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.sites import load_profile
from tests.crawling import read_jsonl, scrapy
from tests.replica import Replica
from tests.test_wordpress_spider import crawl_wordpress


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with Replica(articles=60, seed=2) as rep:
        yield rep


def test_profile_reports_the_live_site_and_writes_a_starter_that_crawls_it(
    replica: Replica, tmp_path: Path
) -> None:
    starter = tmp_path / "replica-site.toml"
    run = scrapy("profile", replica.base_url, "-o", str(starter))
    assert run.returncode == 0, run.stderr
    report = run.stdout
    assert "content container: .entry-content (" in report
    assert "listing.item: article" in report
    assert "listing items: 10, of which links to posts: 10" in report
    assert "listing.next: link[rel=next]" in report
    assert "REST API: closed (HTTP 404" in report
    assert f"sitemaps in robots.txt: {replica.base_url}/sitemap_index.xml" in report
    assert f"feeds: {replica.base_url}/feed/" in report
    assert "JavaScript rendering: not needed" in report
    assert "  asianlite: " in report
    # The starter says only what differs from the WordPress defaults.
    profile = load_profile(str(starter))
    assert profile.extends == ("wordpress",)
    assert profile.base_url == replica.base_url
    assert set(profile.categories) == set(replica.categories)
    assert "[article]" not in starter.read_text(encoding="utf-8")

    # It refuses to overwrite, with one line and exit code 2.
    again = scrapy("profile", replica.base_url, "-o", str(starter))
    assert again.returncode == 2
    assert "exists; not overwriting it" in again.stderr

    # The starter crawls the site: every article, once.
    crawl = crawl_wordpress(
        replica.base_url, tmp_path / "state", tmp_path / "out.jsonl", "-a", f"profile={starter}"
    )
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    written = [r["canonical_url"] for r in read_jsonl(tmp_path / "out.jsonl")]
    assert len(written) == len(set(written)) == len(replica.unique_articles())


def test_profile_reads_a_folder_of_saved_pages(replica: Replica, tmp_path: Path) -> None:
    category = replica.base_url + "/category/top-news/"
    article = replica.articles[-1].url
    for name, url in (
        ("home.html", replica.base_url + "/"),
        ("c.html", category),
        ("a.html", article),
    ):
        with urllib.request.urlopen(url) as response:
            (tmp_path / name).write_bytes(response.read())
    run = scrapy("profile", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert "REST API: not checked (saved pages)" in run.stdout
    assert f"category page: {(tmp_path / 'c.html').as_uri()}" in run.stdout
    assert f"article page: {(tmp_path / 'a.html').as_uri()}" in run.stdout
    assert "content container: .entry-content (" in run.stdout
    assert 'extends = "wordpress"' in run.stdout


def test_a_page_that_is_not_wordpress_is_one_line(tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    page.write_text("<html><body><h1>Hello</h1><p>Plain site.</p></body></html>")
    run = scrapy("profile", str(page))
    assert run.returncode == 1
    assert run.stderr.strip() == f"profile: {page}: not a WordPress site " + (
        "(no /wp-content/, generator or wp-json trace in its pages)"
    )


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("http://127.0.0.1:9/", "profile: http://127.0.0.1:9/: cannot fetch:"),
        ("no-such-file.html", "profile: no-such-file.html: no such file or folder"),
    ],
)
def test_dead_server_and_missing_file_are_one_line(arg: str, message: str) -> None:
    run = scrapy("profile", arg)
    assert run.returncode == 1
    assert run.stderr.startswith(message)
    assert len(run.stderr.strip().splitlines()) == 1


def test_an_empty_saved_page_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("  ")
    run = scrapy("profile", str(tmp_path / "empty.html"))
    assert run.returncode == 1
    assert run.stderr.strip() == f"profile: {tmp_path / 'empty.html'}: empty file"


@pytest.mark.parametrize("variant", ["twentytwentyfour", "newspaper", "astra"])
def test_profile_finds_each_theme_and_names_its_own_profile(variant: str) -> None:
    """Themes it was not written for: posts, container and the matching profile are found."""
    with Replica(articles=30, seed=5, variant=variant) as rep:
        run = scrapy("profile", rep.base_url)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "WordPress: yes" in run.stdout
    listing = next(line for line in run.stdout.splitlines() if "links to posts:" in line)
    assert int(listing.rsplit(":", 1)[1]) > 0, listing
    assert "content container: None" not in run.stdout
    # The theme's own profile is the one whose selectors match these pages best.
    block = run.stdout.split("existing profiles", 1)[1].split("\n\n", 1)[0]
    matched = {
        name.strip(): int(count.split(" of ")[0])
        for name, count in (line.split(":", 1) for line in block.splitlines()[1:] if ":" in line)
    }
    assert matched[variant] == max(matched.values()), matched
