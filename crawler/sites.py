"""Site profiles: per-site URLs and selectors, loaded from TOML.

Profiles live in ``settings/sites/`` (operator-edited) and ship in the Scrapyd
egg as the ``crawler.profiles`` package, so they are read with
``importlib.resources`` and never through ``__file__`` paths.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cssselect import HTMLTranslator, SelectorError
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
    r"\[(?P<test>@class and (?:contains\(@class, '[^']+'\) and )?"
    r"contains\(concat\(' ', normalize-space\(@class\), ' '\), ' (?P<token>[^' ]+) '\))\]"
    r"(?=/|\s\|\s|$)"
)
_BY_CLASS_ATTRIBUTE = (
    r"\g<lead>descendant-or-self::\g<tag>/@class[contains(., '\g<token>')]/parent::*[\g<test>]"
)


def css_to_xpath(selector: str) -> str:
    """The XPath for a CSS selector, with whole-page class scans made cheap."""
    return _CLASS_SCAN.sub(_BY_CLASS_ATTRIBUTE, _translator.css_to_xpath(selector))


def css(selector: str) -> etree.XPath:
    """Compile a CSS selector to an lxml XPath once (selectors are hot)."""
    return etree.XPath(css_to_xpath(selector))


class Selector:
    """CSS alternatives tried in order: the first that matches anything wins.

    A profile value may be one selector or a list of them; a list is a
    priority order (``.entry-content`` before a theme's wider container),
    which one CSS union (``a, b``) cannot say: it returns both, in page order.
    """

    __slots__ = ("_compiled", "sources")

    def __init__(self, sources: tuple[str, ...]) -> None:
        self.sources = sources
        self._compiled = [_compiled(source) for source in sources]

    def __call__(self, tree: etree._Element) -> list[Any]:
        for xpath in self._compiled:
            found = xpath(tree)
            if found:
                return list(found)  # type: ignore[arg-type]
        return []

    def __repr__(self) -> str:
        return f"Selector({list(self.sources)!r})"


# The profile format: every key, its type, and what it holds.  A table's
# keys are merged with the parent profile's one by one (``extends``).
_STR, _LIST, _SELECTOR = "a string", "a list of strings", "a CSS selector or a list of them"
SCHEMA: dict[str, dict[str, str] | str] = {
    "name": _STR,
    "extends": _STR,
    "site_name": _STR,
    "base_url": _STR,
    "language": _STR,
    "categories": _LIST,
    "urls": {
        "listing": _STR,
        "listing_page": _STR,
        "article": _STR,
        "sitemap": _STR,
        "sitemap_posts": _STR,
    },
    "listing": dict.fromkeys(("item", "link", "date", "next"), _SELECTOR),
    "article": dict.fromkeys(
        (
            "title",
            "summary",
            "body",
            "published",
            "modified",
            "authors",
            "section",
            "categories",
            "tags",
            "image",
        ),
        _SELECTOR,
    ),
    "render": {"pages": _STR},
}
_MAX_DEPTH = 8  # extends chains longer than this are surely a mistake


@dataclass(frozen=True)
class SiteProfile:
    """What the crawler knows about one site's layout (after ``extends`` is applied).

    ``base_url`` is empty for profiles of a platform rather than a site
    (``wordpress``): their spider needs ``-a base_url``.  ``article_path`` is
    None when the profile gives no permalink pattern: article links are then
    told apart from archives by WordPress conventions (crawler.wordpress).
    """

    name: str
    site_name: str
    base_url: str
    language: str
    categories: tuple[str, ...]
    listing_url: str
    listing_page_url: str
    article_path: re.Pattern[str] | None
    sitemap_path: str
    sitemap_posts: re.Pattern[str]
    listing: dict[str, str | list[str]] = field(default_factory=dict)
    article: dict[str, str | list[str]] = field(default_factory=dict)
    render_pages: str = "none"
    extends: tuple[str, ...] = ()  # the parents, nearest first
    # Article selectors that are the WordPress defaults' own: conventions any
    # theme may print elsewhere on the page too, trusted as WordPress markup
    # (below JSON-LD and OpenGraph), not as what a site's profile says.
    conventions: frozenset[str] = frozenset()

    def selector(self, kind: str, name: str) -> Selector | None:
        """The compiled selector for ``kind`` ("listing"/"article") and ``name``."""
        sources = self.selectors(kind, name)
        return _selector(sources) if sources else None

    def selectors(self, kind: str, name: str) -> tuple[str, ...]:
        """The CSS alternatives for ``kind`` and ``name``, in priority order."""
        value = getattr(self, kind).get(name)
        if not value:
            return ()
        return (value,) if isinstance(value, str) else tuple(value)


@cache
def _compiled(selector: str) -> etree.XPath:
    return css(selector)


@cache
def _selector(sources: tuple[str, ...]) -> Selector:
    return Selector(sources)


def compile_selector(*sources: str) -> Selector:
    """CSS alternatives compiled once (cached), tried in order."""
    return _selector(sources)


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_types(data: dict[str, Any], where: str) -> None:
    """Unknown keys (with the nearest known one) and values of the wrong type."""
    for key, value in data.items():
        spec = SCHEMA.get(key)
        if spec is None:
            raise ProfileError(f"site profile {where}: unknown key '{key}'{_suggest(key, SCHEMA)}")
        if isinstance(spec, dict):
            if not isinstance(value, dict):
                raise ProfileError(f"site profile {where}: '{key}' must be a table ([{key}])")
            for sub, item in value.items():
                kind = spec.get(sub)
                if kind is None:
                    raise ProfileError(
                        f"site profile {where}: unknown key '{key}.{sub}'{_suggest(sub, spec)}"
                    )
                _check_value(item, kind, f"{key}.{sub}", where)
        else:
            _check_value(value, spec, key, where)


def _check_value(value: Any, kind: str, key: str, where: str) -> None:
    strings = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    ok = (
        isinstance(value, str)
        if kind == _STR
        else strings
        if kind == _LIST
        else (isinstance(value, str) and bool(value.strip())) or (strings and bool(value))
    )
    if not ok:
        raise ProfileError(
            f"site profile {where}: '{key}' must be {kind}, got {type(value).__name__} {value!r}"
        )


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"site profile {where}: {exc}") from None
    _check_types(data, where)
    return data


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """``child`` over ``parent``: tables key by key, other values whole; names are not inherited."""
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in parent.items()}
    merged.pop("name", None)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _resolve(
    data: dict[str, Any], where: str, chain: tuple[str, ...]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The profile with its ``extends`` chain applied, and the parents' names."""
    parent_name = data.get("extends")
    if parent_name is None:
        return data, ()
    if not _NAME.match(parent_name):
        raise ProfileError(
            f"site profile {where}: 'extends' must name a profile in settings/sites/, "
            f"got {parent_name!r}"
        )
    if parent_name in chain:
        cycle = " -> ".join((*chain, parent_name))
        raise ProfileError(f"site profile {where}: 'extends' makes a cycle: {cycle}")
    if len(chain) > _MAX_DEPTH:
        raise ProfileError(f"site profile {where}: 'extends' chain longer than {_MAX_DEPTH}")
    text = _packaged_text(parent_name)
    if text is None:
        known = profile_names()
        raise ProfileError(
            f"site profile {where}: 'extends' names no profile '{parent_name}'"
            f"{_suggest(parent_name, known)}; known: {', '.join(known)}"
        )
    parent_where = f"{parent_name}.toml"
    parent, grand = _resolve(_read_toml(text, parent_where), parent_where, (*chain, parent_name))
    return _merge(parent, data), (parent_name, *grand)


def _required(data: dict[str, Any], dotted: str, where: str) -> str:
    table, _, key = dotted.rpartition(".")
    holder = data.get(table, {}) if table else data
    if key not in holder:
        raise ProfileError(
            f"site profile {where}: missing '{dotted}' (nor in a profile it extends)"
        )
    return str(holder[key])


def _template(value: str, dotted: str, where: str, fields: tuple[str, ...]) -> str:
    """A URL template that names exactly the ``fields`` it may use."""
    try:
        value.format(**dict.fromkeys(fields, "x"))
    except (KeyError, IndexError, ValueError) as exc:
        raise ProfileError(
            f"site profile {where}: '{dotted}' may only use "
            f"{', '.join('{' + f + '}' for f in fields)} ({type(exc).__name__}: {exc})"
        ) from None
    return value


def _pattern(value: str, dotted: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(value)
    except re.error as exc:
        raise ProfileError(f"site profile {where}: '{dotted}' is no valid regex: {exc}") from None


def parse_profile(text: str, where: str = "<string>", name: str | None = None) -> SiteProfile:
    """Build a profile from TOML text, with errors that name the file and key.

    ``extends = "parent"`` starts from the packaged profile ``parent`` (itself
    maybe extending another): tables are merged key by key, other values are
    replaced.  ``name`` defaults to ``name`` in the text, else to ``name``.
    """
    own = _read_toml(text, where)
    data, parents = _resolve(own, where, (str(own.get("name") or name or where),))
    profile_name = str(own.get("name") or name or "")
    if not profile_name:
        raise ProfileError(f"site profile {where}: missing 'name'")
    urls = data.get("urls", {})
    base_url = str(data.get("base_url", "")).rstrip("/")
    if base_url and not re.match(r"^https?://[^/?#\s]+(/[^?#\s]*)?$", base_url):
        raise ProfileError(
            f"site profile {where}: 'base_url' must be an http(s) site root, got {base_url!r}"
        )
    render = str(data.get("render", {}).get("pages", "none"))
    if render not in RENDER_PAGES:
        raise ProfileError(
            f"site profile {where}: 'render.pages' must be one of {', '.join(RENDER_PAGES)}, "
            f"got {render!r}"
        )
    article = urls.get("article")
    profile = SiteProfile(
        name=profile_name,
        site_name=str(data.get("site_name", "")),
        base_url=base_url,
        language=str(data.get("language", "")),
        categories=tuple(data.get("categories", ())),
        listing_url=_template(
            _required(data, "urls.listing", where), "urls.listing", where, ("slug",)
        ),
        listing_page_url=_template(
            _required(data, "urls.listing_page", where),
            "urls.listing_page",
            where,
            ("slug", "page"),
        ),
        article_path=_pattern(article, "urls.article", where) if article else None,
        sitemap_path=str(urls.get("sitemap", "/sitemap.xml")),
        sitemap_posts=_pattern(str(urls.get("sitemap_posts", ".*")), "urls.sitemap_posts", where),
        listing=dict(data.get("listing", {})),
        article=dict(data.get("article", {})),
        render_pages=render,
        extends=parents,
        conventions=frozenset(
            key
            for key, value in data.get("article", {}).items()
            if value == _platform_article().get(key)
        ),
    )
    for kind in ("listing", "article"):
        for key in getattr(profile, kind):
            for source in profile.selectors(kind, key):
                try:
                    _compiled(source)
                except (etree.XPathSyntaxError, SelectorError, SyntaxError, ValueError) as exc:
                    raise ProfileError(
                        f"site profile {where}: '{kind}.{key}' is no valid CSS selector: "
                        f"{source!r} ({exc})"
                    ) from None
    return profile


_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
PLATFORM = "wordpress"  # the profile of WordPress defaults every profile extends


@cache
def _platform_article() -> dict[str, Any]:
    """The ``[article]`` table of the WordPress defaults, as written."""
    text = _packaged_text(PLATFORM)
    return dict(_read_toml(text, f"{PLATFORM}.toml").get("article", {})) if text else {}


def _packaged_text(name: str) -> str | None:
    if not _NAME.match(name):
        return None
    resource = resources.files("crawler.profiles").joinpath(f"{name}.toml")
    try:
        return resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


@cache
def load_profile(name: str) -> SiteProfile:
    """Load the packaged profile ``name`` (``settings/sites/<name>.toml``).

    A path to a ``.toml`` file (a starter profile not yet installed) is read
    from there; its ``extends`` still names packaged profiles.
    """
    if name.endswith(".toml"):
        try:
            own = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(f"cannot read site profile {name}: {exc}") from None
        return parse_profile(own, name, Path(name).stem)
    text = _packaged_text(name)
    if text is None:
        known = profile_names()
        raise ProfileError(
            f"no site profile named '{name}' in settings/sites/{_suggest(name, known)}; "
            f"known: {', '.join(known)}"
        )
    return parse_profile(text, f"{name}.toml", name)


def profile_names() -> list[str]:
    """Names of every packaged site profile."""
    folder = resources.files("crawler.profiles")
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def profile_for_url(url: str) -> SiteProfile | None:
    """The profile whose base URL has the same host as ``url`` (``www.`` ignored).

    Profiles without a base URL (``wordpress``) describe a platform, not a site.
    """
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    for name in profile_names():
        profile = load_profile(name)
        if not profile.base_url:
            continue
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
