"""Records and small text helpers shared by the replica's generator and templates."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from functools import lru_cache

SITE_NAME = "Asian Lite"
SITE_TAGLINE = "Asian Lite News"
# The replica's fictional "now": generated posts are published before it and
# mutations (add_articles/update_articles) advance a clock that starts here.
NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
# Posts published before this carry the standfirst again as their first
# content paragraph (the real site's older habit).
STANDFIRST_IN_BODY_BEFORE = datetime(2019, 1, 1, tzinfo=UTC)
# Posts published before this are served with the older theme markup.
OLD_MARKUP_BEFORE = datetime(2017, 1, 1, tzinfo=UTC)
PER_PAGE = 10
WORDS_PER_MINUTE = 200

# Names and slugs as seen on asianlite.com (SITE.md); "-Top News" keeps its hyphen.
CATEGORIES: dict[str, str] = {
    "top-news": "-Top News",
    "world-news": "World News",
    "uk-news": "UK News",
    "eu-news": "EU News",
    "lite-blogs": "Lite Blogs",
    "columns": "COLUMNS",
    "feature-story": "Features",
    "media": "Media",
    "asean-news": "ASEAN News",
    "london-news": "London News",
    "uae-news": "UAE News",
    "dubai": "Dubai",
    "events": "events",
}


@dataclass(frozen=True)
class Author:
    slug: str
    name: str


class Kind(Enum):
    """What a block of the post content is."""

    PARA = "p"  # the article's own paragraph: ground truth
    REPEAT = "repeat"  # standfirst repeated as first paragraph (old posts)
    ALSO = "also"  # "ALSO READ-<link>" paragraph
    AD = "ad"  # ad slot with an "Advertisement" label
    TWEET = "tweet"  # embedded tweet blockquote + widgets script
    EMPTY = "empty"  # <p>&nbsp;</p>


@dataclass(frozen=True, eq=False)
class Block:
    kind: Kind
    text: str = ""
    target: Post | None = None  # ALSO: the linked post
    style: int = 0  # small rendering variations (e.g. "ALSO READ-" vs "ALSO READ: ")


@dataclass(eq=False)
class Post:
    """One WordPress post as the replica holds it (index = position in time order)."""

    index: int
    wp_id: int
    slug: str
    title: str
    summary: str
    published: datetime
    modified: datetime
    categories: tuple[str, ...]  # category slugs, primary first
    tags: tuple[str, ...]
    authors: tuple[Author, ...]
    image: str  # site-relative path
    caption: str
    blocks: list[Block]
    duplicate_of: Post | None = None
    canonical_to_original: bool = False
    tracked: bool = False  # listing/feed links carry utm_* parameters
    comments_open: bool = False
    author_box: bool = False
    related: bool = False
    fixed: str = ""  # key of a fixed (real) post, "" for generated ones
    bottom_override: tuple[Post, ...] | None = None  # frozen "Latest from" teasers
    dock_override: tuple[Post, ...] | None = None  # frozen "Don't Miss" teasers

    @property
    def path(self) -> str:
        return f"/{self.published.year}/{self.categories[0]}/{self.slug}"

    @property
    def old_markup(self) -> bool:
        return self.published < OLD_MARKUP_BEFORE

    @property
    def standfirst_in_body(self) -> bool:
        return self.published < STANDFIRST_IN_BODY_BEFORE and bool(self.summary)

    @property
    def tweeted(self) -> datetime:
        """When the tweets it quotes were posted: a re-post quotes the original's tweets."""
        return (self.duplicate_of or self).published

    def body_paragraphs(self) -> list[str]:
        """The post's own paragraphs and the tweets it quotes (text, then
        "— Name (@handle) date", as the embed's fallback markup shows them)."""
        out: list[str] = []
        for block in self.blocks:
            if block.kind is Kind.PARA:
                out.append(clean_text(block.text))
            elif block.kind is Kind.TWEET:
                name, handle, text = block.text.split("\n")
                out.append(clean_text(text))
                out.append(clean_text(f"— {name} (@{handle}) {human_date(self.tweeted)}"))
        return out

    def excerpt(self, count: int, more: str = "") -> str:
        """wp_trim_words() of the standfirst running into the body, as the
        theme's teasers show it (old posts already open with the standfirst)."""
        words: list[str] = []
        if self.summary and not self.standfirst_in_body:
            words += self.summary.split()
        for block in self.blocks:
            if len(words) > count:
                break
            if block.kind in (Kind.PARA, Kind.REPEAT):
                words += block.text.split()
        if len(words) <= count:
            return " ".join(words)
        return " ".join(words[:count]) + more

    def reading_minutes(self) -> int:
        words = sum(
            len(b.text.split())
            for b in self.blocks
            if b.kind in (Kind.PARA, Kind.REPEAT, Kind.ALSO)
        )
        return max(1, math.ceil(words / WORDS_PER_MINUTE))


@dataclass
class ReplicaArticle:
    """Ground truth for one post: what a correct crawler should extract."""

    url: str
    canonical_url: str
    title: str
    summary: str
    body_paragraphs: list[str]
    authors: list[str]
    published: str
    modified: str
    section: str
    categories: list[str]
    tags: list[str]
    image: str
    duplicate_of: str | None


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """The ground-truth form of a text: zero-width characters dropped, runs of
    whitespace (non-breaking spaces included) collapsed to one space, stripped.
    Curly quotes, dashes and ellipses are kept as published."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """WordPress-like sanitize_title for the ASCII-ish titles the generator makes."""
    text = text.lower().replace("’", "").replace("'", "").replace("&", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def human_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def http_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def rss_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
