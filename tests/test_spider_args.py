"""Spider arguments: validated values, clear errors, Scrapyd's ``_job``-style kwargs accepted."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.spiders.args import PARSERS, ArgumentError, NewsArgs, parse_since
from crawler.spiders.asianlite import AsianliteSpider


def test_defaults_come_from_the_site_profile() -> None:
    spider = AsianliteSpider()
    assert spider.base_url == "https://asianlite.com"
    assert "top-news" in spider.categories
    assert spider.allowed_domains == ["asianlite.com"]


def test_arguments_are_parsed_and_underscore_ones_accepted() -> None:
    spider = AsianliteSpider(
        base_url="http://127.0.0.1:8080/",
        categories="top-news, uk-news",
        max_pages="3",
        since="2024-05-01",
        _job="abc123",
        _version="r42",
    )
    assert spider.base_url == "http://127.0.0.1:8080"
    assert spider.categories == ("top-news", "uk-news")
    assert spider.args.max_pages == 3
    assert spider.args.since == datetime(2024, 5, 1, tzinfo=UTC)
    assert spider.allowed_domains == ["127.0.0.1"]


def test_relative_since() -> None:
    now = datetime(2026, 1, 10, tzinfo=UTC)
    assert parse_since("3d", now) == now - timedelta(days=3)
    assert parse_since("12h", now) == now - timedelta(hours=12)
    assert parse_since("2w", now) == now - timedelta(weeks=2)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("base_url", "asianlite.com", r"base_url must be an http\(s\) URL"),
        ("categories", " , ", "at least one category"),
        ("categories", "Top News", "not a category slug"),
        ("max_pages", "0", "max_pages must be >= 1"),
        ("max_pages", "many", "whole number"),
        ("since", "yesterday", "since must be an ISO date"),
        ("render", "chrome", "render must be one of"),
        ("base_url", "http://[::1", "base_url is not a valid URL"),
        ("base_url", "http://127.0.0.1:99999", "base_url is not a valid URL"),
        ("base_url", "http://:80", "base_url has no valid host"),
        ("base_url", "http://127.0.0.1:8080/?q=1", "without \\?query or #fragment"),
        ("base_url", "http://127.0.0.1:8080/#top", "without \\?query or #fragment"),
        ("base_url", "http://127.0.0.1:8080/?", "without \\?query or #fragment"),
        ("base_url", "http://host name", "must not contain spaces"),
        ("base_url", "http://alice:secret@127.0.0.1", "must not contain a user name or password"),
        ("since", "99999999999d", "reaches back before the year 1"),
        ("since", "9999-12-31T23:00:00-05:00", "out of range"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(name: str, value: str, message: str) -> None:
    with pytest.raises(ArgumentError, match=message):
        NewsArgs.parse({name: value})


def test_unknown_argument_is_refused_with_the_closest_known_name() -> None:
    known = "known: base_url, categories, max_pages, since, render, profile"
    with pytest.raises(ArgumentError) as error:
        NewsArgs.parse({"max_page": "1", "_job": "abc"})
    assert str(error.value) == (
        f"unknown spider argument 'max_page' (did you mean max_pages?); {known}"
    )
    with pytest.raises(ArgumentError) as error:
        NewsArgs.parse({"colour": "red", "Since": "3d"})
    assert str(error.value) == (
        f"unknown spider arguments 'Since' (did you mean since?), 'colour'; {known}"
    )
    with pytest.raises(ArgumentError, match="unknown spider argument 'max_page'"):
        AsianliteSpider(max_page="1")


def test_underscore_arguments_and_none_are_not_spider_arguments() -> None:
    assert NewsArgs.parse({"_job": "abc", "_version": "r1", "max_pages": None}) == NewsArgs()


@pytest.mark.parametrize("name", list(PARSERS))
@pytest.mark.parametrize("value", ["", "  "])
def test_empty_value_is_an_error_not_the_default(name: str, value: str) -> None:
    with pytest.raises(ArgumentError) as error:
        NewsArgs.parse({name: value})
    assert str(error.value) == f"{name} is empty: leave it out to use the default"


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (
            "max_page=1",
            "unknown spider argument 'max_page' (did you mean max_pages?); known: base_url,",
        ),
        ("max_pages=", "max_pages is empty: leave it out to use the default"),
    ],
)
def test_crawl_command_refuses_typos_and_empty_values(
    argument: str, message: str, tmp_path: Path
) -> None:
    # Were the argument accepted, the crawl would hit a dead port and write under tmp_path.
    command = ["crawl", "asianlite", "-a", argument, "-a", "base_url=http://127.0.0.1:9"]
    command += ["-s", f"STATE_DIR={tmp_path}", "-O", str(tmp_path / "out.jsonl")]
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "started (bot:" not in result.stderr


def test_crawl_command_reports_bad_argument_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "asianlite", "-a", "max_pages=x"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "max_pages must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "started (bot:" not in result.stderr  # the error is the only output, no banner


def test_unusable_state_dir_is_reported_before_the_crawl(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("not a folder")
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "asianlite", "-s", f"STATE_DIR={blocker}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert f"STATE_DIR={blocker} is not a writable directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert "started (bot:" not in result.stderr


def test_refused_credentials_are_not_echoed() -> None:
    with pytest.raises(ArgumentError) as error:
        NewsArgs.parse({"base_url": "https://alice:s3cret@asianlite.com"})
    assert "s3cret" not in str(error.value)
    assert "https://***@asianlite.com" in str(error.value)


def test_values_of_unexpected_types_are_argument_errors() -> None:
    with pytest.raises(ArgumentError, match="categories: cannot use"):
        NewsArgs.parse({"categories": 5})


def test_a_base_url_with_a_path_or_an_ipv6_host_is_fine() -> None:
    assert NewsArgs.parse({"base_url": "http://[::1]:8080/news/"}).base_url == (
        "http://[::1]:8080/news"
    )
