"""Spider contracts for ``scrapy check``."""

from __future__ import annotations

from typing import Any

from scrapy.contracts import Contract


class PathContract(Contract):
    """``@path /category/top-news/``: request this path on the spider's base URL.

    Unlike ``@url`` it follows ``NEWS_BASE_URL``, so the same contracts check the
    live site, a mirror or the offline replica.
    """

    name = "path"

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        spider = args["callback"].__self__
        args["url"] = spider.base_url + self.args[0]
        return args
