"""The WordPress REST API (``/wp-json/wp/v2/posts``), when the site leaves it open.

One query lists every post modified since the last finished run, new ones
included (a new post's ``modified_gmt`` is at least its ``date_gmt``), with
exact ``modified_gmt``: ``_fields=id,link,date_gmt,modified_gmt``,
``per_page=100``, ``orderby=modified``, then the other pages that
``X-WP-TotalPages`` announces (at most ``DISCOVERY_WPAPI_MAX_PAGES``).  The
query starts a day before the watermark, because WordPress compares
``modified_after`` in the site's time zone; the hub drops what is not newer.
A first run restricted to part of the site reads page 1 only (its watermark).

The same query embeds each post's authors, categories, tags and featured
image (``_embed=author,wp:term,wp:featuredmedia``, WordPress 5.4+; ``_fields``
names ``_links`` and ``_embedded`` so the embeds survive it): each article
request it makes carries them (``crawler.extract.rest.RestPost``, request meta
``rest``) as the last fallback of the page's metadata, at no extra request.
A site that ignores ``_embed`` or ``_fields`` still lists its posts; nothing is
learned from fields it leaves out.  ``DISCOVERY_WPAPI_METADATA = False`` asks
for the bare list (links and dates) only.

Closed (401/403/404, a non-JSON answer, as security plugins do) means the
source is absent: one INFO line, not asked again before DISCOVERY_RECHECK_DAYS.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from scrapy import Request
from scrapy.http import Response

from crawler.discovery.base import Candidate, Source, logger, parse_when
from crawler.extract.rest import RestPost
from crawler.urls import split
from crawler.wordpress import rest_objects

PATH = "/wp-json/wp/v2/posts"
PER_PAGE = 100
FIELDS = "id,link,date_gmt,modified_gmt"
# What metadata needs (RestPost): the title, and the embeds, which need _links too.
META_FIELDS = f"{FIELDS},title,_links,_embedded"
EMBED = "author,wp:term,wp:featuredmedia"
MARGIN = timedelta(days=1)


def parse_posts(body: bytes) -> list[dict[str, Any]] | None:
    """The post objects of an answer, or None when it is no JSON list of objects."""
    return rest_objects(body, PER_PAGE)


def total_pages(value: bytes | None, cap: int) -> int:
    """``X-WP-TotalPages`` as a page count in 1..cap (missing or nonsense: 1)."""
    try:
        pages = int((value or b"1").decode("latin-1").strip())
    except (ValueError, UnicodeDecodeError):
        return 1
    return max(1, min(pages, cap))


class RestSource(Source):
    name = "wpapi"
    kind = "api"

    @property
    def metadata(self) -> bool:
        return self.hub.settings.getbool("DISCOVERY_WPAPI_METADATA", True)

    @property
    def label(self) -> str:
        return "open WordPress REST API"

    @property
    def max_pages(self) -> int:
        return max(1, self.hub.settings.getint("DISCOVERY_WPAPI_MAX_PAGES", 50))

    def url(self, page: int) -> str:
        query: dict[str, str | int] = {
            "_fields": META_FIELDS if self.metadata else FIELDS,
            "per_page": PER_PAGE,
            "orderby": "modified",
            "order": "desc",
        }
        mark = self.hub.watermark(self)
        if mark is not None:
            query["modified_after"] = (mark - MARGIN).strftime("%Y-%m-%dT%H:%M:%S")
        if page > 1:
            query["page"] = page
        if self.metadata:
            query["_embed"] = EMBED
        return f"{self.hub.base_url}{PATH}?{urlencode(query)}"

    def begin(self) -> Iterator[Request]:
        # A probe: most sites close or lack the API, which is no failed page.
        yield self.request(self.url(1), self.parse_posts, page=1, probe=True)

    def parse_posts(self, response: Response) -> Iterator[Request]:
        page = int(response.meta.get("page", 1))
        posts = parse_posts(response.body) if response.status == 200 else None
        if posts is None:
            if page == 1:
                self.absent(self._why(response))
            else:
                self.count("invalid")
            return
        self.present = True
        self.dated = True
        if page == 1:
            pages = total_pages(response.headers.get(b"X-WP-TotalPages"), 10**9)
            if pages > self.max_pages:
                self.count("page_cap")
                logger.warning(
                    "Discovery: the REST API of %s has %d pages of changed posts; reading "
                    "%d (DISCOVERY_WPAPI_MAX_PAGES)",
                    self.hub.base_url,
                    pages,
                    self.max_pages,
                )
            restricted = self.hub.watermark(self) is None and not self.hub.take_new
            for number in range(2, 1 + (0 if restricted else min(pages, self.max_pages))):
                yield self.request(self.url(number), self.parse_posts, page=number)
        for post in posts:
            link = post.get("link")
            if not isinstance(link, str) or split(link) is None:  # "http://[oops"
                continue
            published = parse_when(_text(post.get("date_gmt")))
            modified = parse_when(_text(post.get("modified_gmt")))
            meta = None
            if self.metadata and (rest := RestPost.from_api(post)) is not None:
                meta = {"rest": rest.as_meta()}
                self.count("metadata")
            yield from self.offer(Candidate(link, published, modified, meta))

    @staticmethod
    def _why(response: Response) -> str:
        if response.status != 200:
            code = ""
            try:
                data = json.loads(response.body)
                if isinstance(data, dict) and isinstance(data.get("code"), str):
                    code = f" {data['code'][:60]}"
            except (ValueError, RecursionError):
                pass
            return f"{PATH} answered {response.status}{code}"
        return f"{PATH} answered no JSON list of posts"


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
