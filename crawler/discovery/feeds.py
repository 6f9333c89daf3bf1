"""RSS 2.0 and Atom feeds, found from ``<link rel="alternate">``: the fallback source.

Feeds run only when neither sitemaps nor the REST API listed articles (a
feed shows only the latest items, and asks one request per feed).  Feed
URLs come from the pages the spider reads (listing heads), the feeds an
earlier run used (remembered in the store), else the home page's head.
Site-wide feeds are read; category, tag and author feeds only when the
spider walks no category listing (``DISCOVERY_FEEDS_MAX`` feeds at most);
comment feeds never.  Items give their link and ``pubDate`` (RSS) or
``published``/``updated`` (Atom, where ``updated`` is a modification time).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree, html
from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler.discovery.base import Candidate, Source, parse_when
from crawler.urls import same_site, split

FEED_TYPES = ("application/rss+xml", "application/atom+xml")
ARCHIVE_FEED = re.compile(r"/(?:category|tag|author)/")
MAX_ITEMS = 1000


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def feed_links(page_url: str, body: bytes | str, site: str) -> list[str]:
    """Same-site feed URLs a page's ``<link rel="alternate">`` names, comment feeds left out."""
    try:
        tree = html.fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for link in tree.xpath("//link[@href and @type]"):
        rel = (link.get("rel") or "").lower().split()
        if "alternate" not in rel or link.get("type", "").lower().strip() not in FEED_TYPES:
            continue
        href = _absolute(page_url, link.get("href", ""))
        if href is None or "comments" in href.lower():
            continue
        if same_site(href, site) and href not in found:
            found.append(href)
    return found


def _absolute(base: str, href: str) -> str | None:
    try:
        url = urljoin(base, href.strip())
    except ValueError:
        return None
    return url if split(url) is not None else None


def parse_feed(body: bytes) -> tuple[str, list[tuple[str, datetime | None, datetime | None]]]:
    """(kind, items) of an RSS 2.0 or Atom body: kind "" when it is neither.

    Each item: (link, published, updated).  Entities are not resolved and
    nothing is fetched; at most MAX_ITEMS items are read.
    """
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(io.BytesIO(body), parser).getroot()
    except (etree.XMLSyntaxError, ValueError):
        return "", []
    if root is None:
        return "", []
    kind = _local(root.tag)
    items: list[tuple[str, datetime | None, datetime | None]] = []
    if kind == "rss":
        for item in root.iter("item"):
            link = _text(item, "link") or _guid_link(item)
            published = parse_when(_text(item, "pubDate") or _text(item, "date"))
            if link:
                items.append((link, published, None))
            if len(items) >= MAX_ITEMS:
                break
    elif kind == "feed":
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            link = _atom_link(entry)
            published = parse_when(_text(entry, "published"))
            updated = parse_when(_text(entry, "updated"))
            if link:
                items.append((link, published or updated, updated))
            if len(items) >= MAX_ITEMS:
                break
    else:
        return "", []
    return kind, items


def _text(element: etree._Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _guid_link(item: etree._Element) -> str:
    for child in item:
        if _local(child.tag) == "guid" and child.get("isPermaLink", "true") != "false":
            return (child.text or "").strip()
    return ""


def _atom_link(entry: etree._Element) -> str:
    for child in entry:
        if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
            return (child.get("href") or "").strip()
    return ""


class FeedSource(Source):
    name = "feeds"
    kind = "feed"
    phase = 2

    def __init__(self, hub: object) -> None:
        super().__init__(hub)  # type: ignore[arg-type]
        self.seen: list[str] = []  # feed URLs named by pages the spider read this run
        self.worked: set[str] = set()

    @property
    def label(self) -> str:
        return "RSS/Atom feed"

    @property
    def limit(self) -> int:
        return self.hub.settings.getint("DISCOVERY_FEEDS_MAX", 20)

    def saw_page(self, response: TextResponse) -> None:
        """Note the feeds a page the spider read names (its ``<link rel="alternate">``)."""
        for url in feed_links(response.url, response.body, self.hub.base_url):
            if url not in self.seen:
                self.seen.append(url)

    def _wanted(self, urls: list[str]) -> list[str]:
        archives_too = not self.hub.spider.categories
        picked = [u for u in dict.fromkeys(urls) if archives_too or not ARCHIVE_FEED.search(u)]
        return picked[: self.limit]

    def begin(self) -> Iterator[Request]:
        remembered = self.hub.recall(self.name, "urls")
        urls = [u for u in remembered if isinstance(u, str)] if isinstance(remembered, list) else []
        wanted = self._wanted(urls + self.seen)
        if not wanted:
            yield self.request(self.hub.base_url + "/", self.parse_home)
            return
        for url in wanted:
            yield self.request(url, self.parse_feed, conditional=True)

    def parse_home(self, response: Response) -> Iterator[Request]:
        found = []
        if response.status == 200 and isinstance(response, TextResponse):
            found = self._wanted(feed_links(response.url, response.body, self.hub.base_url))
        if not found:
            self.absent("the home page names no feed")
            return
        for url in found:
            yield self.request(url, self.parse_feed, conditional=True)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        if response.status == 304:
            self.present = True
            self._worked(response.url)
            return
        kind, items = parse_feed(response.body) if response.status == 200 else ("", [])
        if not kind:
            self.count("invalid")
            if not self.present and self.outstanding <= 1:
                self.absent(f"{response.url} is not an RSS or Atom feed")
            return
        self.present = True
        self._worked(response.url)
        for link, published, updated in items:
            if updated is not None:
                self.dated = True
            yield from self.offer(Candidate(link, published, updated))

    def _worked(self, url: str) -> None:
        if url not in self.worked:
            self.worked.add(url)
            self.hub.remember(self.name, "urls", sorted(self.worked))
