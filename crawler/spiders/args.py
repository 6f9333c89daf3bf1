"""Spider arguments: small typed parsers with errors that say what is wrong.

The same validation runs for ``scrapy crawl -a``, Scrapyd's ``schedule.json``
and programmatic use, so a bad value (or a misspelt name) never reaches the crawl.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.urls import redact, split

RENDERERS = ("none", "splash", "playwright")
_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ArgumentError(ValueError):
    """A spider argument has a bad value."""


def parse_base_url(value: str) -> str:
    """The site root to crawl: ``http(s)://host[:port][/path]``, without a trailing slash.

    Refused: other schemes, a missing or malformed host or port, a user name or
    password (they would end up in logs and reports; the crawler never sends
    credentials), a query or fragment (every listing URL is built by appending
    to this value), spaces and control characters.
    """
    text = str(value).strip()
    shown = redact(text)
    example = "such as https://asianlite.com"
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise ArgumentError(
            f"base_url must not contain spaces or control characters, got {shown!r}"
        )
    parts = split(text)
    if parts is None:
        raise ArgumentError(f"base_url is not a valid URL (bad host or port), got {shown!r}")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ArgumentError(f"base_url must be an http(s) URL {example}, got {shown!r}")
    if "@" in parts.netloc:
        raise ArgumentError(
            f"base_url must not contain a user name or password, got {shown!r}: "
            "the crawler sends no credentials, and they would be written to logs and reports"
        )
    if not parts.hostname or parts.port == 0:
        raise ArgumentError(f"base_url has no valid host or port, got {shown!r}")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ArgumentError(
            f"base_url must be the site root {example}, without ?query or #fragment, got {shown!r}"
        )
    return text.rstrip("/")


def parse_categories(value: str | list[str]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else value.split(",")
    slugs = tuple(s.strip().lower() for s in items if s.strip())
    if not slugs:
        raise ArgumentError("categories must name at least one category slug, e.g. top-news")
    bad = [s for s in slugs if not _SLUG.match(s)]
    if bad:
        raise ArgumentError(f"categories: not a category slug: {', '.join(bad)}")
    return slugs


def parse_max_pages(value: str | int) -> int:
    try:
        pages = int(value)
    except (TypeError, ValueError):
        raise ArgumentError(f"max_pages must be a whole number >= 1, got {value!r}") from None
    if pages < 1:
        raise ArgumentError(f"max_pages must be >= 1, got {pages}")
    return pages


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """An ISO date/datetime, or an age such as ``30m``, ``12h``, ``3d``, ``2w``."""
    text = str(value).strip()
    now = now or datetime.now(UTC)
    if match := _RELATIVE.match(text):
        amount, unit = int(match.group(1)), _UNITS[match.group(2).lower()]
        try:
            return now - timedelta(**{unit: amount})
        except OverflowError:
            raise ArgumentError(
                f"since: {value!r} reaches back before the year 1; use a smaller age or a date"
            ) from None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            raise ArgumentError(
                f"since must be an ISO date (2024-05-01), datetime, or an age like 3d/12h/2w, "
                f"got {value!r}"
            ) from None
    try:  # in UTC, so comparing it with listing dates cannot overflow later
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        raise ArgumentError(f"since: {value!r} is out of range") from None


def parse_profile_name(value: str) -> str:
    """A site profile's name (``settings/sites/<name>.toml``) or a ``.toml`` file's path.

    The spider checks that it loads.
    """
    text = str(value).strip()
    if text.endswith(".toml"):
        return str(Path(text).absolute())  # the extraction workers read it too
    name = text.lower()
    if not _SLUG.match(name):
        raise ArgumentError(
            f"profile must be a profile name such as asianlite or a .toml file, got {value!r}"
        )
    return name


def parse_render(value: str) -> str:
    render = value.strip().lower()
    if render not in RENDERERS:
        raise ArgumentError(f"render must be one of {', '.join(RENDERERS)}, got {value!r}")
    return render


# Each known argument and its parser, in the order the README lists them.
PARSERS: dict[str, Callable[[Any], Any]] = {
    "base_url": parse_base_url,
    "categories": parse_categories,
    "max_pages": parse_max_pages,
    "since": parse_since,
    "render": parse_render,
    "profile": parse_profile_name,
}


@dataclass(frozen=True)
class NewsArgs:
    """The validated arguments of a news spider run."""

    base_url: str | None = None
    categories: tuple[str, ...] | None = None
    max_pages: int | None = None
    since: datetime | None = None
    render: str | None = None
    profile: str | None = None

    @classmethod
    def parse(cls, kwargs: dict[str, Any]) -> NewsArgs:
        """Validate the arguments: unknown names and empty values are errors.

        Names starting with ``_`` (Scrapyd's ``_job``, ``_version``) are not
        spider arguments and are ignored; ``None`` means "not given".
        """
        unknown = sorted(k for k in kwargs if k not in PARSERS and not k.startswith("_"))
        if unknown:
            raise ArgumentError(_unknown_message(unknown))
        values: dict[str, Any] = {}
        for name, parser in PARSERS.items():
            value = kwargs.get(name)
            if value is None:
                continue
            if isinstance(value, str) and not value.strip():
                raise ArgumentError(f"{name} is empty: leave it out to use the default")
            try:
                values[name] = parser(value)
            except ArgumentError:
                raise
            except (TypeError, ValueError, AttributeError, OverflowError):
                # A value of a type no parser expects (programmatic use): one line, no traceback.
                shown = redact(str(value))[:80]
                raise ArgumentError(f"{name}: cannot use {shown!r}") from None
        return cls(**values)


def _unknown_message(names: list[str]) -> str:
    """One line naming each unknown argument, with the known name it most resembles."""
    described = []
    for name in names:
        close = difflib.get_close_matches(name.lower(), PARSERS, n=1)
        described.append(f"{name!r} (did you mean {close[0]}?)" if close else repr(name))
    noun = "argument" if len(names) == 1 else "arguments"
    return f"unknown spider {noun} {', '.join(described)}; known: {', '.join(PARSERS)}"
