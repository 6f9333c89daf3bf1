"""Other WordPress set-ups of the same site: sitemap flavours, a Google News sitemap, the REST API.

Options of ``Replica`` (all off by default, so the default site is unchanged):

- ``sitemaps="core"``: WordPress core sitemaps (5.5+): ``/wp-sitemap.xml`` index
  (no ``lastmod`` anywhere: core has none, trac #52099), posts by ID ascending,
  2,000 a page, ``wp-sitemap-posts-page-1.xml``, taxonomies and users sitemaps;
  ``/sitemap.xml`` redirects to it; robots.txt names it; no validators (PHP
  output).  Yoast's files are gone.
- ``sitemaps="rankmath"``: Rank Math: ``/sitemap_index.xml`` -> ``post-sitemap.xml``,
  ``post-sitemap2.xml``… (200 a page, ``lastmod``), page, category, post_tag
  and author sitemaps.
- ``sitemaps="none"``: no sitemap at all (all sitemap paths 404, robots.txt names none).
- ``news_sitemap=True``: ``/news-sitemap.xml`` (posts of the last 48 hours,
  ``news:publication_date``, no ``lastmod``), in the index or robots.txt.
- ``rest=True``: the REST API open: ``/wp-json/``, ``/wp-json/wp/v2/posts`` (``page``,
  ``per_page`` <= 100, ``after``, ``modified_after``, ``orderby``, ``order``,
  ``_fields``, ``_embed`` (all, or a list: ``author``, ``wp:term``,
  ``wp:featuredmedia``; ``_embedded`` appears only when ``_fields`` names it, as
  WordPress 5.4+ answers); ``X-WP-Total``/``X-WP-TotalPages``; 400
  ``rest_post_invalid_page_number`` past the end), ``/wp-json/wp/v2/categories``,
  and ``<link rel="https://api.w.org/">`` in page heads.  ``rest="closed"``:
  401 ``rest_cannot_access`` JSON, as security plugins answer.  ``False``
  (default): ``/wp-json/`` is the themed 404 page as before.
"""

# ruff: noqa: E501 - XML templates read better unbroken

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from . import routes  # circular (routes uses this module): attributes read at call time
from .model import CATEGORIES, SITE_NAME, Post, iso, slugify

if TYPE_CHECKING:
    from .routes import Response, Router

SITEMAP_FLAVOURS = ("yoast", "core", "rankmath", "none")
CORE_MAX = 2000
RANKMATH_MAX = 200
NEWS_WINDOW = timedelta(hours=48)
JSON = "application/json; charset=UTF-8"
XML = "text/xml; charset=UTF-8"
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
PAGES = ("about-us", "contact-us", "privacy-policy", "advertise")
USERS = ("newsdesk",)
EMBEDDABLE = ("author", "wp:term", "wp:featuredmedia")

_CORE_POSTS = re.compile(r"^/wp-sitemap-posts-post-(\d+)\.xml$")
_RANKMATH_POSTS = re.compile(r"^/post-sitemap(\d*)\.xml$")
_YOAST_FILES = re.compile(
    r"^/(?:sitemap_index|post-sitemap\d*|category-sitemap|post_tag-sitemap)\.xml$"
)


def rest_closed() -> tuple[int, str]:
    return 401, json.dumps(
        {
            "code": "rest_cannot_access",
            "message": "Only authenticated users can access the REST API.",
            "data": {"status": 401},
        }
    )


def check_setup(sitemaps: str, rest: bool | str) -> None:
    """ValueError for an unknown sitemap flavour or REST mode."""
    if sitemaps not in SITEMAP_FLAVOURS:
        raise ValueError(f"sitemaps must be one of {', '.join(SITEMAP_FLAVOURS)}, got {sitemaps!r}")
    if rest not in (True, False, "closed"):
        raise ValueError(f"rest must be True, False or 'closed', got {rest!r}")


class WordPressSetup:
    """The routes a sitemap flavour, a news sitemap and the REST API add to a Router."""

    def __init__(self, router: Router, sitemaps: str, rest: bool | str, news_sitemap: bool) -> None:
        check_setup(sitemaps, rest)
        self.router = router
        self.sitemaps = sitemaps
        self.rest = rest
        self.news_sitemap = news_sitemap

    @property
    def active(self) -> bool:
        return self.sitemaps != "yoast" or self.rest is not False or self.news_sitemap

    @property
    def base(self) -> str:
        return self.router.theme.base

    @property
    def posts(self) -> list[Post]:
        return self.router.site.posts

    # ------------------------------------------------------------------ routing

    def route(self, path: str, params: dict[str, list[str]]) -> Response | None:
        """The response for ``path`` under this set-up, or None to route as the default site."""
        if path.startswith("/wp-json") and self.rest is not False:
            return self._rest(path, params)
        if path == "/robots.txt":
            return self._cached(
                "robots",
                lambda: routes.make_response(
                    200, self.robots().encode(), "text/plain; charset=utf-8"
                ),
            )
        if self.news_sitemap and path == "/news-sitemap.xml":
            return self._xml("sitemap:news", self.news, validators=self.sitemaps != "core")
        if self.sitemaps == "yoast":
            return None
        if self.sitemaps == "core":
            if path == "/sitemap.xml":
                return routes.redirect(self.base + "/wp-sitemap.xml")
            if path == "/wp-sitemap.xml":
                return self._xml("sitemap:core", self.core_index, validators=False)
            if (match := _CORE_POSTS.match(path)) and 1 <= int(match[1]) <= self._count(CORE_MAX):
                number = int(match[1])
                return self._xml(
                    f"sitemap:core:{number}", lambda: self.core_posts(number), validators=False
                )
            others = {
                "/wp-sitemap-posts-page-1.xml": [f"{self.base}/{p}/" for p in PAGES],
                "/wp-sitemap-taxonomies-category-1.xml": [
                    self.router.theme.category_url(s) for s in CATEGORIES
                ],
                "/wp-sitemap-taxonomies-post_tag-1.xml": [
                    f"{self.base}/tag/{s}/" for s in sorted(self.router.site.tags)
                ],
                "/wp-sitemap-users-1.xml": [
                    f"{self.base}/author/{s}/" for s in sorted(self.router.site.authors)
                ],
            }
            if path in others:
                urls = others[path]
                return self._xml(
                    f"sitemap:core{path}",
                    lambda: _core_urlset(
                        "".join(f"<url><loc>{escape(u)}</loc></url>" for u in urls)
                    ),
                    validators=False,
                )
            if _YOAST_FILES.match(path):
                return self.router._not_found()
            return None
        if self.sitemaps == "rankmath":
            if path == "/sitemap_index.xml":
                return self._xml("sitemap:rm", self.rankmath_index)
            if match := _RANKMATH_POSTS.match(path):
                number = int(match[1] or 1)
                if match[1] != "1" and number <= self._count(RANKMATH_MAX):
                    return self._xml(f"sitemap:rm:{number}", lambda: self.rankmath_posts(number))
                return self.router._not_found()
            if path == "/page-sitemap.xml":
                return self._xml(
                    "sitemap:rm:page",
                    lambda: _rankmath_urlset(
                        "".join(
                            f"\t<url>\n\t\t<loc>{self.base}/{p}/</loc>\n\t\t<lastmod>2024-01-10T09:00:00+00:00</lastmod>\n\t</url>\n"
                            for p in PAGES
                        )
                    ),
                )
            if path == "/author-sitemap.xml":
                return self._xml(
                    "sitemap:rm:author",
                    lambda: _rankmath_urlset(
                        "".join(
                            f"\t<url>\n\t\t<loc>{self.base}/author/{s}/</loc>\n\t</url>\n"
                            for s in sorted(self.router.site.authors)
                        )
                    ),
                )
            return None
        # "none": every sitemap path is a 404
        if path.endswith(".xml") and "sitemap" in path:
            return self.router._not_found()
        return None

    def head_link(self, html: str) -> str:
        """Page heads name the REST API when it is open (WordPress's rest_output_link_wp_head)."""
        if self.rest is not True or 'rel="https://api.w.org/"' in html:
            return html
        return html.replace(
            "</head>", f'<link rel="https://api.w.org/" href="{self.base}/wp-json/">\n</head>', 1
        )

    # ------------------------------------------------------------------ robots

    def robots(self) -> str:
        lines = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        if self.sitemaps in ("yoast", "rankmath"):
            lines += f"Sitemap: {self.base}/sitemap_index.xml\n"
        elif self.sitemaps == "core":
            lines += f"Sitemap: {self.base}/wp-sitemap.xml\n"
        if self.news_sitemap and self.sitemaps != "rankmath":
            lines += f"Sitemap: {self.base}/news-sitemap.xml\n"
        return lines

    # ------------------------------------------------------------------ sitemaps

    def _count(self, per: int) -> int:
        return max(1, math.ceil(len(self.posts) / per))

    def core_index(self) -> str:
        names = [f"wp-sitemap-posts-post-{n}.xml" for n in range(1, self._count(CORE_MAX) + 1)]
        names += [
            "wp-sitemap-posts-page-1.xml",
            "wp-sitemap-taxonomies-category-1.xml",
            "wp-sitemap-taxonomies-post_tag-1.xml",
            "wp-sitemap-users-1.xml",
        ]
        body = "".join(f"<sitemap><loc>{self.base}/{n}</loc></sitemap>" for n in names)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<?xml-stylesheet type="text/xsl" href="{self.base}/wp-sitemap-index.xsl" ?>\n'
            f"<sitemapindex {SITEMAP_NS}>{body}</sitemapindex>\n"
        )

    def core_posts(self, number: int) -> str:
        chunk = sorted(self.posts, key=lambda p: p.wp_id)[
            (number - 1) * CORE_MAX : number * CORE_MAX
        ]
        return _core_urlset(
            "".join(f"<url><loc>{escape(self.router.theme.url(p))}</loc></url>" for p in chunk),
            self.base,
        )

    def rankmath_index(self) -> str:
        rows: list[tuple[str, str]] = []
        for n in range(1, self._count(RANKMATH_MAX) + 1):
            chunk = self.posts[(n - 1) * RANKMATH_MAX : n * RANKMATH_MAX]
            rows.append(
                (f"post-sitemap{'' if n == 1 else n}.xml", iso(max(p.modified for p in chunk)))
            )
        newest = iso(max(p.modified for p in self.posts))
        rows += [
            ("page-sitemap.xml", "2024-01-10T09:00:00+00:00"),
            ("category-sitemap.xml", newest),
            ("post_tag-sitemap.xml", newest),
            ("author-sitemap.xml", newest),
        ]
        if self.news_sitemap:
            rows.append(("news-sitemap.xml", newest))
        body = "".join(
            f"\t<sitemap>\n\t\t<loc>{self.base}/{name}</loc>\n\t\t<lastmod>{lastmod}</lastmod>\n\t</sitemap>\n"
            for name, lastmod in rows
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<?xml-stylesheet type="text/xsl" href="{self.base}/main-sitemap.xsl"?>\n'
            f"<sitemapindex {SITEMAP_NS}>\n{body}</sitemapindex>\n"
            "<!-- XML Sitemap generated by Rank Math SEO Plugin (c) Rank Math - rankmath.com -->"
        )

    def rankmath_posts(self, number: int) -> str:
        chunk = self.posts[(number - 1) * RANKMATH_MAX : number * RANKMATH_MAX]
        entries = "".join(
            f"\t<url>\n\t\t<loc>{escape(self.router.theme.url(p))}</loc>\n\t\t<lastmod>{iso(p.modified)}</lastmod>\n"
            f"\t\t<image:image>\n\t\t\t<image:loc>{escape(self.router.theme.image_url(p))}</image:loc>\n\t\t</image:image>\n\t</url>\n"
            for p in chunk
        )
        return _rankmath_urlset(entries, images=True)

    def news(self) -> str:
        newest = self.posts[-1].published
        recent = [p for p in reversed(self.posts) if p.published >= newest - NEWS_WINDOW][:1000]
        entries = "".join(
            f"\t<url>\n\t\t<loc>{escape(self.router.theme.url(p))}</loc>\n\t\t<news:news>\n"
            f"\t\t\t<news:publication>\n\t\t\t\t<news:name>{SITE_NAME}</news:name>\n\t\t\t\t<news:language>en</news:language>\n\t\t\t</news:publication>\n"
            f"\t\t\t<news:publication_date>{iso(p.published)}</news:publication_date>\n\t\t\t<news:title>{escape(p.title)}</news:title>\n"
            "\t\t</news:news>\n\t</url>\n"
            for p in recent
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset {SITEMAP_NS} xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{entries}</urlset>\n'
        )

    def _xml(self, key: str, build: Callable[[], str], validators: bool = True) -> Response:
        def response() -> Response:
            changed = max(p.modified for p in self.posts)
            return routes.make_response(
                200,
                build().encode(),
                XML,
                last_modified=changed if validators else None,
                validators=validators,
            )

        return self._cached(key, response)

    def _cached(self, key: str, build: Callable[[], Response]) -> Response:
        return self.router._cached(f"wp:{key}", build)

    # ------------------------------------------------------------------ REST API

    def _rest(self, path: str, params: dict[str, list[str]]) -> Response:
        if self.rest == "closed":
            status, body = rest_closed()
            return self._json(status, body)
        path = path.rstrip("/") or "/"
        if path == "/wp-json":
            return self._json(200, json.dumps(self._root()))
        if path == "/wp-json/wp/v2/posts":
            return self._posts(params)
        if path == "/wp-json/wp/v2/categories":
            return self._categories(params)
        return self._error(
            404, "rest_no_route", "No route was found matching the URL and request method."
        )

    def _root(self) -> dict[str, object]:
        return {
            "name": SITE_NAME,
            "url": self.base,
            "home": self.base,
            "namespaces": ["oembed/1.0", "wp/v2", "wp-site-health/v1"],
            "routes": {
                "/wp/v2/posts": {"methods": ["GET"]},
                "/wp/v2/categories": {"methods": ["GET"]},
            },
        }

    def _paging(self, params: dict[str, list[str]], default: int) -> tuple[int, int] | Response:
        def number(name: str, fallback: int) -> int | None:
            raw = params.get(name, [str(fallback)])[0]
            return int(raw) if raw.isdigit() else None

        per_page, page = number("per_page", default), number("page", 1)
        if per_page is None or not 1 <= per_page <= 100:
            return self._error(
                400,
                "rest_invalid_param",
                "Invalid parameter(s): per_page",
                {
                    "params": {
                        "per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"
                    }
                },
            )
        if page is None or page < 1:
            return self._error(
                400,
                "rest_invalid_param",
                "Invalid parameter(s): page",
                {"params": {"page": "page must be greater than or equal to 1"}},
            )
        return per_page, page

    def _posts(self, params: dict[str, list[str]]) -> Response:
        paging = self._paging(params, 10)
        if not isinstance(paging, tuple):
            return paging
        per_page, page = paging
        chosen = list(self.posts)
        for name, attr in (
            ("after", "published"),
            ("modified_after", "modified"),
            ("before", "published"),
            ("modified_before", "modified"),
        ):
            if name not in params:
                continue
            try:
                moment = datetime.fromisoformat(params[name][0].replace("Z", "+00:00"))
            except ValueError:
                return self._error(
                    400,
                    "rest_invalid_param",
                    f"Invalid parameter(s): {name}",
                    {"params": {name: "Invalid date."}},
                )
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=chosen[0].published.tzinfo if chosen else None)
            if name.endswith("after"):
                chosen = [p for p in chosen if getattr(p, attr) > moment]
            else:
                chosen = [p for p in chosen if getattr(p, attr) < moment]
        orderby = params.get("orderby", ["date"])[0]
        keys = {
            "date": lambda p: p.published,
            "modified": lambda p: p.modified,
            "id": lambda p: p.wp_id,
        }
        if orderby not in keys:
            return self._error(
                400,
                "rest_invalid_param",
                "Invalid parameter(s): orderby",
                {"params": {"orderby": f"orderby is not one of {', '.join(keys)}."}},
            )
        chosen.sort(key=keys[orderby], reverse=params.get("order", ["desc"])[0] != "asc")
        total = len(chosen)
        pages = math.ceil(total / per_page)
        if page > max(pages, 1):
            return self._error(
                400,
                "rest_post_invalid_page_number",
                "The page number requested is larger than the number of pages available.",
            )
        shown = chosen[(page - 1) * per_page : page * per_page]
        fields = params.get("_fields", [""])[0].split(",") if "_fields" in params else None
        embed = _embed(params)
        body = json.dumps([self._post(p, fields, embed) for p in shown])
        return self._json(200, body, [("X-WP-Total", str(total)), ("X-WP-TotalPages", str(pages))])

    def _post(
        self, post: Post, fields: list[str] | None, embed: tuple[str, ...] = ()
    ) -> dict[str, object]:
        gmt = "%Y-%m-%dT%H:%M:%S"
        full: dict[str, object] = {
            "id": post.wp_id,
            "date": post.published.strftime(gmt),
            "date_gmt": post.published.strftime(gmt),
            "guid": {"rendered": f"{self.base}/?p={post.wp_id}"},
            "modified": post.modified.strftime(gmt),
            "modified_gmt": post.modified.strftime(gmt),
            "slug": post.slug,
            "status": "publish",
            "type": "post",
            "link": self.router.theme.url(post),
            "title": {"rendered": escape(post.title)},
            "excerpt": {
                "rendered": f"<p>{escape(post.excerpt(55, ' [&hellip;]'))}</p>\n",
                "protected": False,
            },
            "author": self._user_id(post),
            "featured_media": post.wp_id + 1,
            "categories": [list(CATEGORIES).index(c) + 2 for c in post.categories],
            "tags": [self._tag_id(t) for t in post.tags],
            "_links": self._links(post),
        }
        if embed and (fields is None or "_embedded" in fields):
            full["_embedded"] = self._embedded(post, embed)
        return full if fields is None else {k: v for k, v in full.items() if k in fields}

    # What WordPress embeds (``_embed``): the author, the terms (one list per taxonomy,
    # each as ``/wp/v2/categories?post=ID`` orders it: by name), the featured image.
    # A post without a byline has ``post_author`` 0: no author link, nothing embedded.

    def _user_id(self, post: Post) -> int:
        if not post.authors:
            return 0
        return sorted(self.router.site.authors).index(post.authors[0].slug) + 1

    def _tag_id(self, name: str) -> int:
        return 1000 + sorted(self.router.site.tags).index(slugify(name))

    def _links(self, post: Post) -> dict[str, object]:
        api = f"{self.base}/wp-json/wp/v2"
        links: dict[str, object] = {
            "self": [{"href": f"{api}/posts/{post.wp_id}", "targetHints": {"allow": ["GET"]}}],
            "collection": [{"href": f"{api}/posts"}],
            "about": [{"href": f"{api}/types/post"}],
        }
        if post.authors:
            links["author"] = [{"embeddable": True, "href": f"{api}/users/{self._user_id(post)}"}]
        links["replies"] = [{"embeddable": True, "href": f"{api}/comments?post={post.wp_id}"}]
        links["wp:featuredmedia"] = [{"embeddable": True, "href": f"{api}/media/{post.wp_id + 1}"}]
        links["wp:attachment"] = [{"href": f"{api}/media?parent={post.wp_id}"}]
        links["wp:term"] = [
            {
                "taxonomy": "category",
                "embeddable": True,
                "href": f"{api}/categories?post={post.wp_id}",
            },
            {"taxonomy": "post_tag", "embeddable": True, "href": f"{api}/tags?post={post.wp_id}"},
        ]
        links["curies"] = [{"name": "wp", "href": "https://api.w.org/{rel}", "templated": True}]
        return links

    def _embedded(self, post: Post, embed: tuple[str, ...]) -> dict[str, object]:
        theme, api = self.router.theme, f"{self.base}/wp-json/wp/v2"
        out: dict[str, object] = {}
        if "author" in embed and post.authors:
            author = post.authors[0]
            out["author"] = [
                {
                    "id": self._user_id(post),
                    "name": escape(author.name),
                    "url": "",
                    "description": "",
                    "link": f"{self.base}/author/{author.slug}/",
                    "slug": author.slug,
                    "avatar_urls": {
                        size: f"https://secure.gravatar.com/avatar/{post.wp_id:032x}?s={size}&d=mm&r=g"
                        for size in ("24", "48", "96")
                    },
                    "_links": {"self": [{"href": f"{api}/users/{self._user_id(post)}"}]},
                }
            ]
        if "wp:featuredmedia" in embed:
            out["wp:featuredmedia"] = [
                {
                    "id": post.wp_id + 1,
                    "date": post.published.strftime("%Y-%m-%dT%H:%M:%S"),
                    "slug": f"{post.slug}-image",
                    "type": "attachment",
                    "link": f"{theme.url(post)}{post.slug}-image/",
                    "title": {"rendered": f"{post.slug}-image"},
                    "author": self._user_id(post),
                    "caption": {"rendered": f"<p>{escape(post.caption)}</p>\n"},
                    "alt_text": "",
                    "media_type": "image",
                    "mime_type": "image/jpeg",
                    "media_details": {"width": 1200, "height": 800, "sizes": {}},
                    "source_url": theme.image_url(post),
                    "_links": {"self": [{"href": f"{api}/media/{post.wp_id + 1}"}]},
                }
            ]
        if "wp:term" in embed:
            categories = [
                {
                    "id": list(CATEGORIES).index(c) + 2,
                    "link": theme.category_url(c),
                    "name": escape(theme.names[c]),
                    "slug": theme.slugs[c],
                    "taxonomy": "category",
                    "_links": {
                        "self": [{"href": f"{api}/categories/{list(CATEGORIES).index(c) + 2}"}]
                    },
                }
                for c in post.categories
            ]
            tags = [
                {
                    "id": self._tag_id(t),
                    "link": f"{self.base}/tag/{slugify(t)}/",
                    "name": escape(t),
                    "slug": slugify(t),
                    "taxonomy": "post_tag",
                    "_links": {"self": [{"href": f"{api}/tags/{self._tag_id(t)}"}]},
                }
                for t in post.tags
            ]
            out["wp:term"] = [
                sorted(categories, key=lambda term: str(term["name"])),
                sorted(tags, key=lambda term: str(term["name"])),
            ]
        return out

    def _categories(self, params: dict[str, list[str]]) -> Response:
        paging = self._paging(params, 10)
        if not isinstance(paging, tuple):
            return paging
        per_page, page = paging
        rows = [
            {
                "id": i + 2,
                "count": len(self.router.site.categories[slug]),
                "link": self.router.theme.category_url(slug),
                "name": name,
                "slug": slug,
                "taxonomy": "category",
                "parent": 0,
            }
            for i, (slug, name) in enumerate(CATEGORIES.items())
        ]
        pages = math.ceil(len(rows) / per_page)
        if page > max(pages, 1):
            return self._error(
                400,
                "rest_term_invalid_page_number",
                "The page number requested is larger than the number of pages available.",
            )
        body = json.dumps(rows[(page - 1) * per_page : page * per_page])
        return self._json(
            200, body, [("X-WP-Total", str(len(rows))), ("X-WP-TotalPages", str(pages))]
        )

    def _error(
        self, status: int, code: str, message: str, extra: dict[str, object] | None = None
    ) -> Response:
        return self._json(
            status,
            json.dumps(
                {"code": code, "message": message, "data": {"status": status, **(extra or {})}}
            ),
        )

    def _json(
        self, status: int, body: str, headers: list[tuple[str, str]] | None = None
    ) -> Response:
        link = [("Link", f'<{self.base}/wp-json/>; rel="https://api.w.org/"')]
        return routes.make_response(
            status, body.encode(), JSON, validators=False, extra=[*(headers or []), *link]
        )


def _embed(params: dict[str, list[str]]) -> tuple[str, ...]:
    """The link relations ``_embed`` asks for: every one (``_embed``, ``_embed=1``) or a list."""
    if "_embed" not in params:
        return ()
    asked = [r for value in params["_embed"] for r in value.split(",") if r]
    if not asked or asked in (["1"], ["true"]):
        return EMBEDDABLE
    return tuple(r for r in EMBEDDABLE if r in asked)


def _core_urlset(entries: str, base: str = "") -> str:
    style = f'<?xml-stylesheet type="text/xsl" href="{base}/wp-sitemap.xsl" ?>\n' if base else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{style}<urlset {SITEMAP_NS}>{entries}</urlset>\n'
    )


def _rankmath_urlset(entries: str, images: bool = False) -> str:
    image_ns = ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"' if images else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"{image_ns} {SITEMAP_NS}>\n{entries}</urlset>\n'
        "<!-- XML Sitemap generated by Rank Math SEO Plugin (c) Rank Math - rankmath.com -->"
    )
