"""The run's request queue: scrapy-redis's queue, made reliable (take, then ack).

scrapy-redis's queues pop a request out of Redis: a worker killed before it
finished the request loses it (upstream: rmax/scrapy-redis has no
acknowledgement; the pattern asked for in rq/rq#381 and resque/resque#758).
Here taking a request moves it into the worker's ``taken`` hash in one script
(FrontierRun.take), and only an ack after the response was fully handled
forgets it; a dead worker's taken requests are put back by the others.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy_redis.queue import Base

from crawler.frontier.run import FrontierRun


class ReliableQueue(Base):  # type: ignore[misc]
    """Priority queue of one run, shared by its workers; requests keep callbacks and meta."""

    def __init__(self, run: FrontierRun, spider: Spider, serializer: Any = None) -> None:
        # Base formats the key with the spider's name: keep a literal "%" literal.
        super().__init__(run.server, spider, run.key("queue").replace("%", "%%"), serializer)
        self.run = run

    def __len__(self) -> int:
        return self.run.queued()

    def push(self, request: Request, fingerprint: str = "") -> bool:
        """Queue ``request``; False if ``fingerprint`` (given: deduplicated) was seen already."""
        return bool(self.run.push(self._encode_request(request), request.priority, fingerprint))

    def take(self) -> tuple[str, Request] | None:
        """The next request and its id, taken by this worker until acked; None when empty."""
        while (taken := self.run.take()) is not None:
            request_id, blob = taken
            if blob is not None:
                return request_id, self._decode_request(blob)
            self.run.ack([request_id])  # its data expired with an old run: nothing to fetch
        return None

    def pop(self, timeout: int = 0) -> Request | None:
        """scrapy-redis's interface: the next request, acknowledged at once (not reliable)."""
        taken = self.take()
        if taken is None:
            return None
        self.run.ack([taken[0]])
        return taken[1]

    def clear(self) -> None:
        """Never deletes a shared queue: old runs expire (FRONTIER_RUN_TTL)."""
