"""The article record: the output contract (field names never change once released)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """One news article as written to the feed; see README "Output fields"."""

    url: str
    canonical_url: str
    title: str | None = None
    summary: str | None = None
    body: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    language: str | None = None
    site_name: str | None = None
    word_count: int = 0
    fetched_at: str | None = None
    fingerprint: str | None = None
    is_update: bool = False
