"""Site profiles: per-site URLs and selectors, loaded from TOML.

Profiles live in ``settings/sites/`` (operator-edited) and ship in the Scrapyd
egg as the ``crawler.profiles`` package, so they are read with
``importlib.resources`` and never through ``__file__`` paths.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from cssselect import HTMLTranslator
from lxml import etree

RENDER_PAGES = ("none", "listing", "article", "both")
_translator = HTMLTranslator()


class ProfileError(ValueError):
    """A site profile is missing or malformed."""


# cssselect turns ".name" into a predicate that libxml2 evaluates on every
# element of the page, and that scan is most of a selector's cost.  A leading
# step that tests only a class is rewritten to find the class attributes that
# contain the name first, then their elements, under the same predicate: the
# same nodes in the same order, for about a third of the CPU (bench/extract_cost.py).
_CLASS_SCAN = re.compile(
    r"(?P<lead>^|\s\|\s)descendant-or-self::(?P<tag>\*|[\w-]+)"
    r"\[(?P<test>@class and contains\(@class, '(?P<name>[^']+)'\) and "
    r"contains\(concat\(' ', normalize-space\(@class\), ' '\), ' (?P=name) '\))\]"
    r"(?=/|\s\|\s|$)"
)
_BY_CLASS_ATTRIBUTE = (
    r"\g<lead>descendant-or-self::\g<tag>/@class[contains(., '\g<name>')]/parent::*[\g<test>]"
)


def css_to_xpath(selector: str) -> str:
    """The XPath for a CSS selector, with whole-page class scans made cheap."""
    return _CLASS_SCAN.sub(_BY_CLASS_ATTRIBUTE, _translator.css_to_xpath(selector))


def css(selector: str) -> etree.XPath:
    """Compile a CSS selector to an lxml XPath once (selectors are hot)."""
    return etree.XPath(css_to_xpath(selector))


@dataclass(frozen=True)
class SiteProfile:
    """What the crawler knows about one site's layout."""

    name: str
    site_name: str
    base_url: str
    language: str
    categories: tuple[str, ...]
    listing_url: str
    listing_page_url: str
    article_path: re.Pattern[str]
    sitemap_path: str
    sitemap_posts: re.Pattern[str]
    listing: dict[str, str] = field(default_factory=dict)
    article: dict[str, str] = field(default_factory=dict)
    render_pages: str = "none"

    def selector(self, kind: str, name: str) -> etree.XPath | None:
        """The compiled selector for ``kind`` ("listing"/"article") and ``name``."""
        source = getattr(self, kind).get(name)
        return _compiled(source) if source else None


@cache
def _compiled(selector: str) -> etree.XPath:
    return css(selector)


def _require(data: dict[str, object], key: str, where: str) -> object:
    if key not in data:
        raise ProfileError(f"site profile {where}: missing '{key}'")
    return data[key]


def parse_profile(text: str, where: str = "<string>") -> SiteProfile:
    """Build a profile from TOML text, with errors that name the file and key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"site profile {where}: {exc}") from None
    urls = dict(_require(data, "urls", where))  # type: ignore[call-overload]
    render = str(data.get("render", {}).get("pages", "none"))
    if render not in RENDER_PAGES:
        raise ProfileError(f"site profile {where}: render.pages must be one of {RENDER_PAGES}")
    try:
        article_path = re.compile(str(_require(urls, "article", where)))
        profile = SiteProfile(
            name=str(_require(data, "name", where)),
            site_name=str(data.get("site_name", "")),
            base_url=str(_require(data, "base_url", where)).rstrip("/"),
            language=str(data.get("language", "")),
            categories=tuple(data.get("categories", ())),
            listing_url=str(_require(urls, "listing", where)),
            listing_page_url=str(_require(urls, "listing_page", where)),
            article_path=article_path,
            sitemap_path=str(urls.get("sitemap", "/sitemap.xml")),
            sitemap_posts=re.compile(str(urls.get("sitemap_posts", ".*"))),
            listing=dict(data.get("listing", {})),
            article=dict(data.get("article", {})),
            render_pages=render,
        )
        for kind in ("listing", "article"):
            for source in getattr(profile, kind).values():
                _compiled(source)
    except (re.error, etree.XPathSyntaxError, SyntaxError) as exc:
        raise ProfileError(f"site profile {where}: bad selector or pattern: {exc}") from None
    return profile


@cache
def load_profile(name: str) -> SiteProfile:
    """Load the packaged profile ``name`` (``settings/sites/<name>.toml``)."""
    resource = resources.files("crawler.profiles").joinpath(f"{name}.toml")
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"no site profile named '{name}' in settings/sites/") from None
    return parse_profile(text, f"{name}.toml")


def profile_names() -> list[str]:
    """Names of every packaged site profile."""
    folder = resources.files("crawler.profiles")
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def profile_for_url(url: str) -> SiteProfile | None:
    """The profile whose base URL has the same host as ``url`` (``www.`` ignored)."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    for name in profile_names():
        profile = load_profile(name)
        if (urlsplit(profile.base_url).hostname or "").removeprefix("www.") == host:
            return profile
    return None


def profile_for_page(url: str, tree: etree._Element) -> SiteProfile | None:
    """The profile for a page: by its URL's host, else by its canonical link's host."""
    found = profile_for_url(url)
    if found is None:
        links = tree.xpath('//link[@rel="canonical"]/@href')
        found = profile_for_url(str(links[0])) if links else None
    return found
