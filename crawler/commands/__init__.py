"""Project commands: ``crawl``, ``extract``, ``schedule``, and debugging commands
(``parse``, ``check``, ``shell``) that never touch the crawl's state."""

from __future__ import annotations

import argparse
from typing import Any


class ThrowawayState:
    """Mix into a Scrapy command: a temporary store, no report, no monitors.

    Set at the command line's priority, so environment files (CRAWLER_ENV)
    cannot turn them back on; the crawl's state stays as it was.
    """

    settings: Any

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)  # type: ignore[misc]
        for name, value in (
            ("STATE_EPHEMERAL", True),
            ("REPORT_ENABLED", False),
            ("MONITOR_ENABLED", False),
        ):
            self.settings.set(name, value, priority="cmdline")
