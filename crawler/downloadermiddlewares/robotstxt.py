"""robots.txt handling that reports an unreachable robots.txt in one line.

Scrapy's RobotsTxtMiddleware logs such failures with a full traceback; a
dead or refusing server is expected input for a crawler, not a crash.
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


class QuietRobotsTxtMiddleware(RobotsTxtMiddleware):
    """RobotsTxtMiddleware whose download errors are one log line each."""

    def _logerror(self, failure: Failure, request: Request, spider: Spider) -> Failure:
        if failure.type is not IgnoreRequest:
            logger.error(
                "Could not fetch %s: %s (crawling as if it allowed everything)",
                request.url,
                failure.getErrorMessage(),
                extra={"spider": spider},
            )
        return failure
