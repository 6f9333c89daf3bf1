"""Spider arguments: validated values, clear errors, Scrapyd's extra kwargs accepted."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.spiders.args import ArgumentError, NewsArgs, parse_since
from crawler.spiders.asianlite import AsianliteSpider


def test_defaults_come_from_the_site_profile() -> None:
    spider = AsianliteSpider()
    assert spider.base_url == "https://asianlite.com"
    assert "top-news" in spider.categories
    assert spider.allowed_domains == ["asianlite.com"]


def test_arguments_are_parsed_and_unknown_ones_accepted() -> None:
    spider = AsianliteSpider(
        base_url="http://127.0.0.1:8080/",
        categories="top-news, uk-news",
        max_pages="3",
        since="2024-05-01",
        _job="abc123",
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
    ],
)
def test_bad_values_are_refused_with_a_clear_message(name: str, value: str, message: str) -> None:
    with pytest.raises(ArgumentError, match=message):
        NewsArgs.parse({name: value})


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
