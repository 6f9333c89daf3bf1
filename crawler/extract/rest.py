"""What the WordPress REST API says about a post, carried from discovery to extraction.

The REST source (``crawler.discovery.wpapi``) asks ``/wp-json/wp/v2/posts``
with ``_embed=author,wp:term,wp:featuredmedia``, so each post it lists comes
with its author names, category and tag names and featured image URL at no
extra request.  ``RestPost.from_api`` keeps only that (plus title and dates),
from whatever JSON the site sent; ``as_meta`` / ``from_meta`` carry it in the
article request's meta as plain JSON values (scrapy-redis serialises
requests), and ``crawler.extract.metadata`` uses it as the last source of
each field: the page's own profile markup, JSON-LD, OpenGraph and WordPress
markup always win.  REST never gives the body.

Bad answers teach nothing: a value of the wrong type is skipped, lists and
strings are cut to small bounds, and names lose HTML entities (WordPress
stores term names escaped: ``News &amp; Views``) and tags.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crawler.extract.dates import to_iso
from crawler.extract.text import clean_line

# Bounds on what one post may bring: more is junk, not metadata.
MAX_NAMES = 20
MAX_CHARS = 300
MAX_URL_CHARS = 2000
_TAG = re.compile(r"<[^>]*>")
# ``_embedded["wp:term"]`` lists one list per taxonomy; these two are ours.
_TAXONOMIES = {"category": "categories", "post_tag": "tags"}


@dataclass(frozen=True)
class RestPost:
    """Metadata of one post from the REST API (empty fields: nothing learned)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    image: str | None = None
    published: str | None = None  # ISO 8601 with offset (``date_gmt`` is UTC)
    modified: str | None = None

    @classmethod
    def from_api(cls, post: Mapping[str, Any]) -> RestPost | None:
        """From one post object of ``/wp/v2/posts`` (with ``_embedded``); None if it
        teaches nothing."""
        embedded = post.get("_embedded")
        embedded = embedded if isinstance(embedded, Mapping) else {}
        terms: dict[str, list[str]] = {"categories": [], "tags": []}
        for group in _list(embedded.get("wp:term")):
            for term in _list(group):
                if not isinstance(term, Mapping):
                    continue
                taxonomy = term.get("taxonomy")
                field = _TAXONOMIES.get(taxonomy) if isinstance(taxonomy, str) else None
                if field is not None and (name := _name(term.get("name"))):
                    terms[field].append(name)
        title = post.get("title")
        image = None
        for media in _list(embedded.get("wp:featuredmedia")):
            if isinstance(media, Mapping) and (image := _url(media.get("source_url"))):
                break
        found = cls(
            title=_name(title.get("rendered") if isinstance(title, Mapping) else None),
            authors=_names(
                a.get("name") for a in _list(embedded.get("author")) if isinstance(a, Mapping)
            ),
            categories=_names(terms["categories"]),
            tags=_names(terms["tags"]),
            image=image,
            published=_date(post.get("date_gmt")),
            modified=_date(post.get("modified_gmt")),
        )
        return found if found != cls() else None

    def as_meta(self) -> dict[str, Any]:
        """Plain JSON values for a request's meta (only what is known)."""
        out: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            if value:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_meta(cls, value: object) -> RestPost | None:
        """Back from ``as_meta`` (checked again: meta may have crossed a queue)."""
        if not isinstance(value, Mapping):
            return None
        found = cls(
            title=_name(value.get("title")),
            authors=_names(_list(value.get("authors"))),
            categories=_names(_list(value.get("categories"))),
            tags=_names(_list(value.get("tags"))),
            image=_url(value.get("image")),
            published=_date(value.get("published")),
            modified=_date(value.get("modified")),
        )
        return found if found != cls() else None


def _list(value: object) -> list[Any]:
    return value[: MAX_NAMES * 5] if isinstance(value, list) else []


def _name(value: object) -> str | None:
    """A display name: entities decoded, tags dropped, one clean line, bounded."""
    if not isinstance(value, str) or len(value) > 10 * MAX_CHARS:
        return None
    text = clean_line(html.unescape(_TAG.sub("", value)))
    return text[:MAX_CHARS] or None


def _names(values: Iterable[object]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        name = _name(value)
        if name and name not in found:
            found.append(name)
        if len(found) == MAX_NAMES:
            break
    return tuple(found)


def _url(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_URL_CHARS:
        return None
    url = value.strip()
    return url if url.startswith(("http://", "https://", "/")) and " " not in url else None


def _date(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return to_iso(value)
    except (OverflowError, ValueError):
        return None
