"""The Frontier add-on: FRONTIER_URL set -> the shared frontier's components are installed.

Listed in ADDONS (crawler.settings), it does nothing while FRONTIER_URL is
empty, so a crawl on one machine is exactly as before.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.frontier import enabled


class Frontier:
    """Scrapy add-on switching the scheduler, dedup and two middlewares to the Redis frontier."""

    def update_settings(self, settings: BaseSettings) -> None:
        if not enabled(settings):
            return
        # Imported here: a crawl without a frontier never loads redis or scrapy-redis.
        from crawler.frontier.middlewares import (  # noqa: PLC0415
            FrontierStartMiddleware,
            SharedDelayMiddleware,
        )

        settings.set("SCHEDULER", "crawler.frontier.scheduler.FrontierScheduler", "addon")
        settings.set_in_component_priority_dict("SPIDER_MIDDLEWARES", FrontierStartMiddleware, 1)
        settings.set_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", SharedDelayMiddleware, 950
        )
