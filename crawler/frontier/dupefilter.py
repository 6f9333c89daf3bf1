"""The run's request dedup in Redis, by the project's request fingerprinter.

scrapy-redis's RFPDupeFilter computes its own fingerprint (method, canonical
URL, body), so a project's REQUEST_FINGERPRINTER_CLASS (here the Splash-aware
one when rendering) is bypassed (upstream: rmax/scrapy-redis#272, #275, #278),
and its ``close()`` deletes the fingerprints that the other workers still use
(rmax/scrapy-redis#162).  This one asks ``crawler.request_fingerprinter`` and
never deletes: a run's keys expire with the run.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter


class FrontierDupeFilter(RFPDupeFilter):  # type: ignore[misc]
    """Fingerprints of the requests a run has queued, shared by its workers."""

    def __init__(self, server: Any, key: str, fingerprinter: Any, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self.fingerprinter = fingerprinter

    def request_fingerprint(self, request: Request) -> str:
        return str(self.fingerprinter.fingerprint(request).hex())

    def close(self, reason: str = "") -> None:
        """Nothing to do: the fingerprints belong to the run, not to this worker."""

    def clear(self) -> None:
        """Never deletes shared fingerprints (see the module docstring)."""
