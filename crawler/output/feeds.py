"""Which feeds can keep the exactly-once promise; refuse the ones that cannot, up front."""

from __future__ import annotations

from pathlib import PureWindowsPath
from urllib.parse import urlparse

from scrapy.settings import BaseSettings

from crawler.output.formats import APPENDABLE, RECOVERABLE

# Record fields crash recovery reads back from an output file.
RECOVERY_FIELDS = ("canonical_url", "fingerprint")


class FeedConfigError(ValueError):
    """A feed that would break the exactly-once promise."""


def is_local(uri: str) -> bool:
    return urlparse(uri).scheme in ("", "file") or bool(PureWindowsPath(uri).drive)


def check_feeds(settings: BaseSettings) -> None:
    """Raise FeedConfigError for a local feed whose file could not be recovered after a crash."""
    default_fields = settings.getlist("FEED_EXPORT_FIELDS") or None
    for key, options in settings.getdict("FEEDS").items():
        uri = str(key)
        if not is_local(uri):
            continue  # at-least-once: counted when the upload succeeds (crawler.extensions.feeds)
        fmt = str(options.get("format", "jsonlines"))
        if fmt not in RECOVERABLE:
            raise FeedConfigError(
                f"feed {uri}: format {fmt!r} cannot be read back after a crash; "
                f"use one of {', '.join(sorted(RECOVERABLE - {'jl', 'jsonl'}))}"
            )
        appends = not options.get("overwrite", False) and "%(" not in uri
        if appends and fmt not in APPENDABLE:
            raise FeedConfigError(
                f"feed {uri}: appending to a {fmt} file makes it invalid; "
                f"use -O (overwrite), a file name with %(time)s, or jsonlines/csv"
            )
        fields = options.get("fields") or default_fields
        if fields is not None and settings.getbool("DEDUP_ENABLED", True):
            missing = [name for name in RECOVERY_FIELDS if name not in list(fields)]
            if missing:
                raise FeedConfigError(
                    f"feed {uri}: fields must include {' and '.join(missing)} "
                    "(crash recovery reads them back)"
                )
