"""``scrapy profile URL|FILE|FOLDER ...``: what WordPress detection finds on a site, and a
starter profile for it.

Live: the site's home page, robots.txt, the REST API, one category page and
one article found from them by WordPress conventions.  Saved pages (files, or
every ``.html``/``.htm`` of a folder): each is told apart by WordPress's body
classes (``single``, ``category``/``archive``, ``home``).  The report says
which selector of the ``wordpress`` defaults matched each field, which of
every site profile's selectors match, feeds, sitemaps, the REST API and
whether the pages need a JavaScript renderer; ``-o`` writes a profile that
``extends = "wordpress"`` with only what differs.  Errors are one line: exit
1 for a site or page that cannot be used, 2 for bad usage.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.html import HtmlElement
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler import wordpress
from crawler.commands.extract import InputError, _fetch, _read
from crawler.sites import (
    ProfileError,
    SiteProfile,
    compile_selector,
    load_profile,
    parse_profile,
    profile_names,
)
from crawler.urls import strip_tracking

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Raw HTML with less text than this in its body, or no link to a post, needs rendering.
_RENDER_MIN_WORDS = 80


class ProfileFailed(Exception):
    """The site or a page cannot be profiled: the message is the one line printed."""


@dataclass
class Pages:
    """What was read: a home, a category and an article page (tree and URL), and site facts."""

    site: str = ""
    home: tuple[str, HtmlElement] | None = None
    listing: tuple[str, HtmlElement] | None = None
    article: tuple[str, HtmlElement] | None = None
    raw: dict[str, str] = field(default_factory=dict)  # kind -> raw HTML
    sitemaps: list[str] | None = None  # None: not checked (saved pages)
    rest: str = "not checked (saved pages)"
    categories: list[wordpress.Category] = field(default_factory=list)
    category_base: str = wordpress.DEFAULT_CATEGORY_BASE


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}  # noqa: RUF012  (Scrapy declares it so)

    def syntax(self) -> str:
        return "URL|FILE|FOLDER [...] [-o settings/sites/NAME.toml] [--name NAME]"

    def short_desc(self) -> str:
        return "Report what WordPress detection finds on a site and write a starter profile"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", help="write the starter profile here (.toml)")
        parser.add_argument("--name", help="the profile's name (default: from the file name)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give the site's URL, or saved pages or a folder of them")
        output = Path(opts.output) if opts.output else None
        name = opts.name or (output.stem if output else "")
        if output is not None:
            if output.suffix != ".toml":
                raise UsageError(f"-o must name a .toml file, got {output}", print_help=False)
            if output.exists():
                raise UsageError(f"{output} exists; not overwriting it", print_help=False)
        if name and not _NAME.match(name):
            raise UsageError(f"profile name must be like my-site, got {name!r}", print_help=False)
        assert self.settings is not None
        self.max_size = self.settings.getint("DOWNLOAD_MAXSIZE")
        self.user_agent = str(self.settings.get("USER_AGENT"))
        try:
            pages = self._read_pages(args)
            report, starter = describe(pages, name or "site")
        except (ProfileFailed, InputError, OSError) as exc:
            print(f"profile: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(report)
        if output is not None:
            try:
                parse_profile(starter, str(output), name)  # never write what cannot load
                with output.open("x", encoding="utf-8") as out:
                    out.write(starter)
            except (ProfileError, OSError) as exc:
                print(f"profile: cannot write {output}: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
            print(f"\nstarter profile written to {output}")
        else:
            print("\n# starter profile (write it with -o settings/sites/NAME.toml):\n")
            print(starter)

    # -- reading ------------------------------------------------------------------

    def _get(self, url: str) -> tuple[str, str]:
        """(final URL, text) of a live page; InputError names what went wrong."""
        try:
            body, _, final = _fetch(url, self.user_agent, self.max_size)
        except InputError as exc:
            raise ProfileFailed(f"{url}: {exc}") from None
        return final, body.decode("utf-8", errors="replace")

    def _read_pages(self, args: list[str]) -> Pages:
        pages = Pages()
        live = [a for a in args if a.startswith(("http://", "https://"))]
        files: list[Path] = []
        for arg in args:
            if arg in live:
                continue
            path = Path(arg)
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.suffix in (".html", ".htm", ".gz"))
            elif path.exists():
                files.append(path)
            else:
                raise ProfileFailed(f"{arg}: no such file or folder, and not an http(s) URL")
        if live:
            self._read_site(pages, live)
        for path in files:
            try:
                text = _read(path, self.max_size).decode("utf-8", errors="replace")
            except InputError as exc:
                raise ProfileFailed(f"{path}: {exc}") from None
            self._classify(pages, path.resolve().as_uri(), text)
        if pages.home is None and pages.listing is None and pages.article is None:
            raise ProfileFailed("no page could be read")
        first = pages.home or pages.listing or pages.article
        assert first is not None
        if not pages.site:
            canonical = first[1].xpath('//link[@rel="canonical"]/@href')
            parts = urlsplit(str(canonical[0]) if canonical else first[0])
            pages.site = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        html = "".join(pages.raw.values())
        if not wordpress.looks_like_wordpress(html):
            raise ProfileFailed(
                f"{args[0]}: not a WordPress site (no /wp-content/, generator or wp-json "
                "trace in its pages)"
            )
        if pages.home is not None and not pages.categories:
            url, tree = pages.home
            pages.category_base = wordpress.category_base(tree, pages.site or url)
            pages.categories = wordpress.html_categories(
                tree, url, pages.site or url, pages.category_base
            )
        return pages

    def _classify(self, pages: Pages, url: str, text: str) -> None:
        tree = _parse(text, url)
        classes = set(" ".join(tree.xpath("//body/@class")).split())
        if classes & {"single", "single-post"} or (
            not classes and tree.xpath("//meta[@property='og:type'][@content='article']")
        ):
            kind = "article"
        elif classes & {"archive", "category", "tag", "blog"} - {"home"} and "home" not in classes:
            kind = "listing"
        elif "home" in classes or not classes:
            kind = "home"
        else:
            kind = "listing"
        if getattr(pages, kind) is None:
            setattr(pages, kind, (url, tree))
            pages.raw[kind] = text

    def _read_site(self, pages: Pages, urls: list[str]) -> None:
        parts = urlsplit(urls[0])
        site = f"{parts.scheme}://{parts.netloc}"
        pages.site = site
        home_url, home = self._get(site + "/")
        self._classify(pages, home_url, home)
        if pages.home is None:  # a home page shaped like a listing or article: keep it as home
            pages.home = (home_url, _parse(home, home_url))
            pages.raw["home"] = home
        for url in urls[1:] if urls[0].rstrip("/") == site else urls:
            self._classify(pages, *self._get(url))
        pages.sitemaps = self._sitemaps(site)
        self._rest(pages, site)
        if pages.listing is None:
            url, tree = pages.home
            base = wordpress.category_base(tree, site)
            found = pages.categories or wordpress.html_categories(tree, url, site, base)
            if not found:
                raise ProfileFailed(f"{site}: found no category link on the home page")
            pages.listing = None
            listing_url, text = self._get(site + found[0].path)
            pages.listing = (listing_url, _parse(text, listing_url))
            pages.raw["listing"] = text
        if pages.article is None:
            url, tree = pages.listing
            links = [link for link, _ in _listing_links(load_profile("wordpress"), tree, url)]
            posts = [link for link in links if wordpress.is_post_url(link, site)]
            if not posts:
                raise ProfileFailed(f"{url}: found no post link on the category page")
            article_url, text = self._get(strip_tracking(posts[0]))
            pages.article = (article_url, _parse(text, article_url))
            pages.raw["article"] = text

    def _sitemaps(self, site: str) -> list[str]:
        try:
            _, robots = self._get(site + "/robots.txt")
        except ProfileFailed:
            return []
        return [
            line.split(":", 1)[1].strip()
            for line in robots.splitlines()
            if line.lower().startswith("sitemap:")
        ]

    def _rest(self, pages: Pages, site: str) -> None:
        url = site + wordpress.REST_CATEGORIES.format(page=1)
        try:
            body, _, _ = _fetch(url, self.user_agent, self.max_size)
        except InputError as exc:
            pages.rest = f"closed ({exc})"
            return
        found = wordpress.rest_categories(body, site)
        if found is None:
            pages.rest = "closed (no JSON list of categories)"
            return
        pages.rest = f"open ({len(found)} categories with posts on the first page)"
        pages.categories = found


def _parse(text: str, url: str) -> HtmlElement:
    try:
        tree = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml's ParserError, a document of only comments...
        raise ProfileFailed(f"{url}: not an HTML page ({exc})") from None
    return tree


def _listing_links(profile: SiteProfile, tree: HtmlElement, url: str) -> list[tuple[str, str]]:
    """(absolute link, item selector) of each listing item the profile finds."""
    return [(urljoin(url, href.strip()), "") for _, href in wordpress.listing_items(profile, tree)]


def _first_match(profile: SiteProfile, kind: str, key: str, tree: HtmlElement) -> str | None:
    """The first of the profile's alternatives for ``kind.key`` that matches ``tree``."""
    for source in profile.selectors(kind, key):
        if compile_selector(source)(tree):
            return source
    return None


def _words(tree: HtmlElement | None) -> int:
    return len(tree.text_content().split()) if tree is not None else 0


def _container_words(profile: SiteProfile, tree: HtmlElement) -> tuple[str | None, int]:
    for source in profile.selectors("article", "body"):
        found = compile_selector(source)(tree)
        if found:
            paragraphs = " ".join(p.text_content() for p in found[0].iter("p"))
            return source, len(paragraphs.split())
    return None, 0


def _best_container(tree: HtmlElement) -> str | None:
    """A selector for the element holding most paragraph words (a theme's own container)."""
    best, best_words = None, 0
    for element in tree.iter("div", "section", "article", "main"):
        words = sum(len(p.text_content().split()) for p in element.findall("p"))
        if words > best_words:
            best, best_words = element, words
    return _selector_for(best) if best is not None and best_words >= 50 else None


def _selector_for(element: HtmlElement) -> str:
    if element.get("id") and re.match(r"^[A-Za-z][\w-]*$", element.get("id", "")):
        return f"#{element.get('id')}"
    classes = [c for c in element.get("class", "").split() if re.match(r"^[A-Za-z][\w-]*$", c)]
    return str(element.tag) + "".join(f".{c}" for c in classes[:2])


def describe(pages: Pages, name: str) -> tuple[str, str]:
    """The report (text) and the starter profile (TOML) for what was read."""
    defaults = load_profile("wordpress")
    lines = [f"site: {pages.site or '(unknown)'}"]
    traces = wordpress.looks_like_wordpress("".join(pages.raw.values()))
    lines.append(f"WordPress: yes ({', '.join(traces)})")
    lines.append(f"REST API: {pages.rest}")
    if pages.sitemaps is None:
        lines.append("sitemaps in robots.txt: not checked (saved pages)")
    else:
        lines.append(f"sitemaps in robots.txt: {', '.join(pages.sitemaps) or 'none'}")
    feeds: list[str] = []
    for _url, tree in filter(None, (pages.home, pages.listing)):
        feeds += [
            str(href)
            for href in tree.xpath(
                "//link[@rel='alternate'][contains(@type, 'rss') or contains(@type, 'atom')]/@href"
            )
            if str(href) not in feeds
        ]
    lines.append(f"feeds: {', '.join(feeds) or 'none'}")
    lines.append(
        f"categories ({len(pages.categories)}, base /{pages.category_base}/): "
        + ", ".join(c.slug for c in pages.categories[:30])
    )
    overrides: dict[str, dict[str, str]] = {"listing": {}, "article": {}}
    render_needed = _page_lines(pages, defaults, lines, overrides)
    render = _render_lines(pages, render_needed, lines)
    return "\n".join(lines), _starter(pages, name, overrides, render)


def _page_lines(
    pages: Pages, defaults: SiteProfile, lines: list[str], overrides: dict[str, dict[str, str]]
) -> list[str]:
    """Report what the defaults match on the category and article pages; the page kinds
    that seem to need rendering."""
    render_needed: list[str] = []
    if pages.listing is not None:
        url, tree = pages.listing
        lines.append(f"\ncategory page: {url}")
        for key in ("item", "link", "date", "next"):
            lines.append(f"  listing.{key}: {_first_match(defaults, 'listing', key, tree)}")
        links = [link for link, _ in _listing_links(defaults, tree, url)]
        posts = [link for link in links if wordpress.is_post_url(link, pages.site or url)]
        lines.append(f"  listing items: {len(links)}, of which links to posts: {len(posts)}")
        if not posts:
            render_needed.append("listing")
    if pages.article is not None:
        url, tree = pages.article
        lines.append(f"\narticle page: {url}")
        container, words = _container_words(defaults, tree)
        lines.append(f"  content container: {container} ({words} words of paragraphs)")
        if container is None:
            guess = _best_container(tree)
            lines.append(f"  no WordPress container matched; the densest is {guess}")
            if guess:
                overrides["article"]["body"] = guess
        for key in ("title", "published", "authors", "categories", "tags", "image", "summary"):
            lines.append(f"  article.{key}: {_first_match(defaults, 'article', key, tree)}")
        if _first_match(defaults, "article", "title", tree) is None:
            h1 = tree.xpath("//h1")
            if len(h1) == 1:
                overrides["article"]["title"] = _selector_for(h1[0])
        body = tree.find("body")
        if _words(body) < _RENDER_MIN_WORDS:
            render_needed.append("article")
    return render_needed


def _render_lines(pages: Pages, render_needed: list[str], lines: list[str]) -> str:
    """Report the rendering need and how existing profiles match; the render.pages value."""
    render = "both" if len(render_needed) == 2 else render_needed[0] if render_needed else "none"
    lines.append(
        f"\nJavaScript rendering: {'needed for ' + render if render != 'none' else 'not needed'}"
        " (raw HTML has its text and post links)" * (render == "none")
    )
    lines.append("\nexisting profiles (selectors that match these pages):")
    for other in profile_names():
        profile = load_profile(other)
        matched, total = 0, 0
        for kind, page in (("listing", pages.listing), ("article", pages.article)):
            if page is None:
                continue
            for key in getattr(profile, kind):
                total += 1
                matched += _first_match(profile, kind, key, page[1]) is not None
        lines.append(f"  {other}: {matched} of {total}")
    return render


def _starter(pages: Pages, name: str, overrides: dict[str, dict[str, str]], render: str) -> str:
    site_name = ""
    for _url, tree in filter(None, (pages.article, pages.home, pages.listing)):
        found = tree.xpath("//meta[@property='og:site_name']/@content")
        if found:
            site_name = str(found[0]).strip()
            break
    language = ""
    for _url, tree in filter(None, (pages.home, pages.article)):
        lang = tree.get("lang") or ""
        if lang:
            language = lang.split("-")[0].lower()
            break
    out = [
        f"# Starter profile written by `scrapy profile` for {pages.site}.",
        "# It extends the WordPress defaults (wordpress.toml) and says only what differs.",
        f"name = {json.dumps(name)}",
        'extends = "wordpress"',
    ]
    if site_name:
        out.append(f"site_name = {json.dumps(site_name)}")
    if pages.site.startswith(("http://", "https://")):
        out.append(f"base_url = {json.dumps(pages.site)}")
    if language:
        out.append(f"language = {json.dumps(language)}")
    if pages.categories:
        slugs = ", ".join(json.dumps(c.slug) for c in pages.categories)
        out.append(f"categories = [{slugs}]")
    if pages.category_base != wordpress.DEFAULT_CATEGORY_BASE:
        out += [
            "",
            "[urls]",
            f'listing = "/{pages.category_base}/{{slug}}/"',
            f'listing_page = "/{pages.category_base}/{{slug}}/page/{{page}}/"',
        ]
    for kind in ("listing", "article"):
        if overrides[kind]:
            out += ["", f"[{kind}]"]
            out += [f"{key} = {json.dumps(value)}" for key, value in overrides[kind].items()]
    if render != "none":
        out += ["", "[render]", f'pages = "{render}"']
    return "\n".join(out) + "\n"
