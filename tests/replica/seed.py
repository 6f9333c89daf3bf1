"""The one real page (data/seed-article.txt) and the real posts it points at.

The seed copy is a reader's copy-paste of
/2023/top-news/iran-russia-deepen-ties-to-counter-us-sanctions. It is kept
verbatim and parsed here; the posts its boilerplate names (previous/next story,
ALSO READ target, "Latest from -Top News" and "Don't Miss" teasers) become real
posts of the replica whose standfirst and first words are taken from the copy,
so the theme's own excerpt rules reproduce the copied teasers exactly. Their
later sentences are short neutral fill written for the replica
(data/fixed-posts.json).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
SEED_FILE = DATA / "seed-article.txt"
FIXED_FILE = DATA / "fixed-posts.json"
SIGN_OFF = "Asian Lite News"


@dataclass(frozen=True)
class SeedCopy:
    """The seed page's text, split the way the page shows it."""

    date_line: str
    reading_time: str
    title: str
    standfirst: str
    paragraphs: tuple[str, ...]  # as copied: the first starts with a no-break space
    also_read: str
    previous: str
    next: str
    latest_heading: str
    latest: tuple[tuple[str, str], ...]  # (title, excerpt)
    back_to_top: str
    dock_heading: str
    dock: tuple[tuple[str, str], ...]


def _pairs(blocks: list[str]) -> tuple[tuple[str, str], ...]:
    return tuple((blocks[i], blocks[i + 1]) for i in range(0, len(blocks) - 1, 2))


def read_seed_copy(path: Path = SEED_FILE) -> SeedCopy:
    blocks = path.read_text(encoding="utf-8").strip("\n").split("\n\n")
    date_line, reading_time = blocks[0].split("\n")
    also = next(i for i, b in enumerate(blocks) if b.startswith("ALSO READ"))
    prev = blocks.index("Previous Story")
    latest = next(i for i, b in enumerate(blocks) if b.startswith("Latest from "))
    dock = blocks.index("Don't Miss")
    teasers = blocks[latest + 1 : dock]
    last_excerpt, back_to_top = teasers[-1].split("\n")
    teasers[-1] = last_excerpt
    return SeedCopy(
        date_line=date_line,
        reading_time=reading_time,
        title=blocks[1],
        standfirst=blocks[2],
        paragraphs=tuple(blocks[3:also]),
        also_read=blocks[also].removeprefix("ALSO READ-"),
        previous=blocks[prev + 1],
        next=blocks[prev + 3],
        latest_heading=blocks[latest],
        latest=_pairs(teasers),
        back_to_top=back_to_top,
        dock_heading=blocks[dock],
        dock=_pairs(blocks[dock + 1 :]),
    )


@dataclass(frozen=True)
class FixedPost:
    key: str
    title: str
    published: datetime
    modified: datetime
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    standfirst: str
    paragraphs: tuple[str, ...]
    image: str
    caption: str = ""


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _split_teaser(excerpt: str) -> tuple[str, str]:
    """'standfirst…reports Asian Lite News First words' -> (standfirst, first words)."""
    cut = excerpt.index(SIGN_OFF) + len(SIGN_OFF)
    return excerpt[:cut], excerpt[cut + 1 :]


def _fixed(
    key: str, title: str, data: dict[str, Any], standfirst: str, paragraphs: Sequence[str]
) -> FixedPost:
    published = _at(data["published"])
    return FixedPost(
        key=key,
        title=title,
        published=published,
        modified=_at(data["modified"]) if "modified" in data else published,
        categories=tuple(data["categories"]),
        tags=tuple(data["tags"]),
        standfirst=standfirst,
        paragraphs=tuple(paragraphs),
        image=data["image"],
    )


def fixed_posts(copy: SeedCopy, path: Path = FIXED_FILE) -> list[FixedPost]:
    """The seed post and the real posts its page names, keyed for the overrides."""
    data = json.loads(path.read_text(encoding="utf-8"))
    posts = [_fixed("seed", copy.title, data["seed"], copy.standfirst, copy.paragraphs)]
    for key, title in (
        ("also-read", copy.also_read),
        ("previous", copy.previous),
        ("next", copy.next),
    ):
        posts.append(
            _fixed(key, title, data[key], data[key]["standfirst"], data[key]["paragraphs"])
        )
    for n, (title, excerpt) in enumerate(copy.latest, start=1):
        standfirst, first_words = _split_teaser(excerpt)
        rest = data["latest"][title]["rest"]
        paragraphs = [f"{first_words} {rest[0]}", *rest[1:]]
        posts.append(_fixed(f"latest-{n}", title, data["latest"][title], standfirst, paragraphs))
    for n, (title, excerpt) in enumerate(copy.dock, start=1):
        rest = data["dock"][title]["rest"]  # these wire stories have no standfirst
        posts.append(
            _fixed(f"dock-{n}", title, data["dock"][title], "", [f"{excerpt} {rest[0]}", *rest[1:]])
        )
    return posts


# Generated posts are kept out of this window so that the seed's previous and
# next stories are the real ones.
RESERVED_WINDOW = (_at("2023-12-08T06:00:00"), _at("2023-12-08T10:00:00"))
