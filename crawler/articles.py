"""From an extraction to a finished Article record, shared by spider, pipeline and tools."""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.clean import clean_body, fingerprint, word_count
from crawler.extract import Extraction, extract_article
from crawler.extract.blocks import Removed
from crawler.items import Article
from crawler.safetext import safe_record
from crawler.sites import SiteProfile
from crawler.urls import canonicalize, same_page, same_site, split

logger = logging.getLogger(__name__)
# WordPress gives a second post with the same slug "<slug>-2", "-3", ...
_REPOST_SLUG = re.compile(r"^(?P<slug>.+)-(?:[2-9]|[1-9]\d+)$")


def article_identity(url: str, declared: str | None) -> str:
    """The canonical URL an article fetched from ``url`` is recorded under.

    A page cannot choose another page's identity.  Its declared canonical
    (``<link rel=canonical>``, ``og:url``, JSON-LD ``url``) is used only when
    it names a page of the same site (scheme, host and port; ``http`` -> ``https``
    allowed) that is

    - the fetched page itself once normalised (tracking parameters, AMP,
      trailing slash, ``www.``, the scheme upgrade), or
    - the original of a WordPress re-post: the fetched slug is the canonical's
      slug plus ``-2``, ``-3``... (DedupPipeline still refuses to let such a
      page replace a record of different content).

    Anything else (another article, the home page, another host or port)
    is ignored, and the page is recorded under its own URL.
    """
    own = canonicalize(url)
    if not declared:
        return own
    try:
        target = urljoin(url, declared.strip())
    except ValueError:
        return own
    if target == url and same_site(url, url):
        return own  # the usual page naming itself: what the checks below conclude, cheaply
    if split(target) is None or not same_site(target, url):
        logger.debug("Ignored canonical %s of %s: another site", target, url)
        return own
    if same_page(target, url):
        canonical = canonicalize(target)
        # http -> https only: a page fetched over https keeps it.
        return own if own.startswith("https:") and canonical.startswith("http:") else canonical
    if _reposts(url, target):
        return canonicalize(target)
    logger.info(
        "Ignored canonical %s of %s: it names another page; recorded under its own URL",
        target,
        url,
    )
    return own


def _reposts(url: str, original: str) -> bool:
    """Whether ``url``'s last path segment is ``original``'s plus a WordPress "-N" suffix."""
    mine = urlsplit(canonicalize(url)).path.split("/")
    theirs = urlsplit(canonicalize(original)).path.split("/")
    match = _REPOST_SLUG.match(mine[-1])
    return len(mine) == len(theirs) and match is not None and match.group("slug") == theirs[-1]


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def build_article(extraction: Extraction, url: str, fetched_at: str | None = None) -> Article:
    """An Article with the raw body; cleaning happens in ``finish``."""
    fields = extraction.fields
    return Article(
        url=url,
        canonical_url=article_identity(url, fields["canonical_url"]),
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
    """Clean the record in place as the crawl's pipelines do: safe text, body, fingerprint."""
    safe_record(record)  # SafeTextPipeline's rule, so scrapy extract shows what a crawl writes
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
