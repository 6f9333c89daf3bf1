"""Odd pages a real site serves: the spider reports them and carries on."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from crawler.items import Article
from crawler.spiders.asianlite import AsianliteSpider

URL = "https://asianlite.com/2024/events/a-page"


def spider(tmp_path: Path, **settings: object) -> AsianliteSpider:
    """The spider with extraction in the callback (EXTRACT_WORKERS=0) unless told otherwise."""
    crawler = get_crawler(
        AsianliteSpider, {"STATE_DIR": str(tmp_path), "EXTRACT_WORKERS": 0, **settings}
    )
    crawler.spider = crawler._create_spider()
    assert isinstance(crawler.spider, AsianliteSpider)
    return crawler.spider


def test_page_that_cannot_be_extracted_is_reported_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    news = spider(tmp_path)
    response = HtmlResponse(
        URL,
        body=b"<!-- a page of nothing but a comment -->",
        encoding="utf-8",
        request=Request(URL, meta={"kind": "article"}),
    )
    assert list(news.parse_article(response)) == []
    assert f"Could not extract article {URL}: no HTML in the page" in caplog.text
    assert news.stats.get_value("failed/article_extract") == 1
    assert news.stats.get_value("failed/urls")[0]["url"] == URL


def test_garbage_html_yields_a_record_without_title(tmp_path: Path) -> None:
    news = spider(tmp_path)
    response = HtmlResponse(URL, body=b"\x00\xff<<<>>>not html", encoding="utf-8")
    (article,) = news.parse_article(response)
    assert isinstance(article, Article)
    assert article.title is None  # the validation pipeline drops it as MissingTitle


def test_non_html_article_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    news = spider(tmp_path)
    response = Response(URL, body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"})
    assert list(news.parse_article(response)) == []
    assert f"Article {URL} is not HTML; skipped" in caplog.text
