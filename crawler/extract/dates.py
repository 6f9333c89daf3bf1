"""Date parsing: every published/modified value leaves as ISO 8601 with an offset."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def to_iso(value: str | None) -> str | None:
    """Parse an ISO 8601 or RFC 2822 date; naive times are taken as UTC."""
    parsed = parse_date(value)
    return parsed.isoformat() if parsed else None


def parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
