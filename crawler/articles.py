"""From an extraction to a finished Article record, shared by spider, pipeline and tools."""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from crawler.clean import clean_body, fingerprint, word_count
from crawler.extract import Extraction, extract_article
from crawler.extract.blocks import Removed
from crawler.items import Article
from crawler.sites import SiteProfile
from crawler.urls import canonicalize


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def build_article(extraction: Extraction, url: str, fetched_at: str | None = None) -> Article:
    """An Article with the raw body; cleaning happens in ``finish``."""
    fields = extraction.fields
    return Article(
        url=url,
        canonical_url=canonicalize(urljoin(url, fields["canonical_url"] or url)),
        title=fields["title"],
        summary=fields["summary"] or None,
        body="\n".join(extraction.paragraphs),
        authors=fields["authors"],
        published=fields["published"],
        modified=fields["modified"],
        section=fields["section"],
        categories=fields["categories"],
        tags=fields["tags"],
        image=urljoin(url, fields["image"]) if fields["image"] else None,
        language=fields["language"],
        site_name=fields["site_name"],
        fetched_at=fetched_at or now_iso(),
    )


def finish(record: MutableMapping[str, Any]) -> Removed:
    """Clean the body in place and derive word count and fingerprint."""
    body, removed = clean_body(record.get("body") or "", record.get("summary"))
    record["body"] = body
    record["word_count"] = word_count(body)
    record["fingerprint"] = fingerprint(record.get("title"), body)
    return removed


def article_from_tree(
    tree: HtmlElement, url: str, profile: SiteProfile | None
) -> tuple[Article, Extraction, Removed]:
    """The whole page-to-item path outside a crawl: extract, build, clean."""
    extraction = extract_article(tree, url, profile)
    article = build_article(extraction, url)
    record = article.__dict__
    removed = [*extraction.removed, *finish(record)]
    return article, extraction, removed
