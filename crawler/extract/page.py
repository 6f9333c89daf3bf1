"""One page in, one article (or a named refusal) out: the unit every path runs.

The crawl sends a ``Page`` to an extraction worker (``crawler.extract.pool``)
or, with ``EXTRACT_WORKERS=0``, runs ``extract_page`` itself; ``scrapy
extract`` and the shell helper run the same function, so a page gives the same
record everywhere.  Everything here pickles: pages and results cross process
boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crawler.articles import build_article, finish
from crawler.extract.article import PageError, extract_article, parse_html
from crawler.extract.blocks import Removed
from crawler.extract.depth import MAX_DEPTH
from crawler.extract.rest import RestPost
from crawler.extract.text import word_count
from crawler.items import Article
from crawler.sites import SiteProfile, load_profile, profile_for_page

# A body longer than this is not a news article (a comment dump, an endless
# page of concatenated stories, a data file served as HTML): the page is
# reported, not written cut short.
MAX_BODY_WORDS = 50_000


@dataclass(frozen=True)
class Limits:
    """What one page may cost: nesting depth kept, body words written."""

    max_depth: int = MAX_DEPTH
    max_body_words: int = MAX_BODY_WORDS

    @classmethod
    def from_settings(cls, settings: Any) -> Limits:
        """From a Scrapy settings object (``EXTRACT_MAX_DEPTH``, ``EXTRACT_MAX_BODY_WORDS``)."""
        return cls(
            max_depth=settings.getint("EXTRACT_MAX_DEPTH", MAX_DEPTH),
            max_body_words=settings.getint("EXTRACT_MAX_BODY_WORDS", MAX_BODY_WORDS),
        )


@dataclass(frozen=True)
class Page:
    """A fetched page: its bytes, the ``Content-Type`` header, where it came from.

    ``profile`` names the site profile to use; with ``guess_profile`` and no
    ``profile``, the profile is found from the URL or the page's canonical link
    (as ``scrapy extract`` does).  ``clean`` also runs the body cleaning the
    crawl leaves to its pipeline.
    """

    url: str
    body: bytes
    content_type: str | None = None
    profile: str | None = None
    guess_profile: bool = False
    clean: bool = False
    limits: Limits = field(default_factory=Limits)
    rest: RestPost | None = None


@dataclass
class PageResult:
    """The article, how its body was found, and what was removed on the way."""

    article: Article
    method: str
    profile: str | None
    removed: Removed = field(default_factory=list)


def extract_page(page: Page) -> PageResult:
    """Parse, extract and build the article of ``page``.

    Raises ``PageError`` for a page that cannot be an article (no HTML, a body
    over ``max_body_words``); any other exception is a bug the caller reports
    per page.
    """
    tree = parse_html(page.body, page.content_type, page.limits.max_depth)
    profile: SiteProfile | None = None
    if page.profile:
        profile = load_profile(page.profile)
    elif page.guess_profile:
        profile = profile_for_page(page.url, tree)
    extraction = extract_article(tree, page.url, profile, page.rest)
    article = build_article(extraction, page.url)
    # Words are at most half the characters: count only bodies that could be over.
    words = word_count(article.body) if len(article.body) > 2 * page.limits.max_body_words else 0
    if words > page.limits.max_body_words:
        raise PageError(
            f"body of {words} words is over EXTRACT_MAX_BODY_WORDS ({page.limits.max_body_words})"
        )
    removed = list(extraction.removed)
    if page.clean:
        removed += finish(article.__dict__)
    return PageResult(article, extraction.method, profile.name if profile else None, removed)
