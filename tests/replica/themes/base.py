"""Replica variants: the same posts served as other WordPress sites (the model).

A variant is a site name, its own category list (the post model's category
slugs mapped to the site's own slug and name), a permalink structure and a
theme (`Skin`) that draws its article, listing, home and 404 pages.  The Fox
variants (`asianlite` and the sister sites) use the original templates; the
others live in modules of this package.  `Variant.truth` says what a perfect
extractor returns from that variant's article pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..article_page import amp_page, article_page
from ..listing_page import Listing, archive_page, home_page, not_found_page
from ..model import (
    CATEGORIES,
    PER_PAGE,
    SITE_NAME,
    SITE_TAGLINE,
    Kind,
    Post,
    ReplicaArticle,
    clean_text,
)
from ..theme import Page, Theme, esc, wp
from .common import posts_pagination, term_name, tweet

if TYPE_CHECKING:
    from ..site import Site

_FOX_ARTICLE = re.compile(r"^/(\d{4})/([a-z0-9-]+)/([a-z0-9-]+)(/amp)?/?$")


@dataclass(frozen=True)
class Variant:
    """One site: who it is, how its URLs look and which theme draws it."""

    name: str  # also the site profile's name
    site_name: str
    tagline: str
    public_url: str  # the real-looking address recorded fixtures use
    theme: str  # a key of themes.SKINS: "fox", "twentytwentyfour", "astra", "jnews", ...
    sitemaps: str  # the sitemap flavour its SEO plugin publishes: "yoast", "rankmath", "core"
    permalink: str  # WordPress permalink structure, for people
    categories: dict[str, tuple[str, str]]  # model slug -> (own slug, own name)
    standfirst: bool = True  # the theme shows the standfirst on article pages
    # An SEO plugin writes the standfirst as the meta/JSON-LD description, which the
    # output contract's `summary` falls back to when the page shows no standfirst.
    described: bool = True
    coauthors: bool = True  # more than one byline (Co-Authors Plus); else the first only
    # Held out: no site profile, never tuned on; only the profile-free path is measured on it.
    heldout: bool = False

    def path(self, post: Post) -> str:
        """The post's path under this variant's permalink structure."""
        own = self.categories[post.categories[0]][0]
        if self.permalink == "/%year%/%category%/%postname%":
            return f"/{post.published.year}/{own}/{post.slug}"
        if self.permalink == "/%year%/%monthnum%/%day%/%postname%/":
            return f"/{post.published:%Y/%m/%d}/{post.slug}/"
        if self.permalink == "/%category%/%postname%/":
            return f"/{own}/{post.slug}/"
        if self.permalink == "/%year%/%monthnum%/%postname%/":
            return f"/{post.published:%Y/%m}/{post.slug}/"
        return f"/{post.slug}/"  # /%postname%/

    def truth(self, site: Site, post: Post, base: str) -> ReplicaArticle:
        """The ground truth as this variant's page shows it."""
        truth = site.truth(post, base)
        original = post.duplicate_of
        url = base + self.path(post)
        paragraphs = truth.body_paragraphs
        if not (self.standfirst or self.described) and post.standfirst_in_body:
            # No standfirst anywhere but the content: the repeat is just the first
            # paragraph.  (A described page's repeat is its summary shown again.)
            paragraphs = [clean_text(post.summary), *paragraphs]
        return replace(
            truth,
            url=url,
            canonical_url=base + self.path(original)
            if original is not None and post.canonical_to_original
            else url,
            summary=truth.summary if self.standfirst or self.described else "",
            body_paragraphs=paragraphs,
            authors=truth.authors if self.coauthors else truth.authors[:1],
            section=self.categories[post.categories[0]][1],
            categories=[self.categories[c][1] for c in post.categories],
            duplicate_of=base + self.path(original) if original is not None else None,
        )

    def make_theme(self, site: Site, base: str) -> Theme:
        default = self.permalink == "/%year%/%category%/%postname%" and all(
            own == slug for slug, (own, _) in self.categories.items()
        )
        permalink: Callable[[Post], str] | None = None if default else self.path
        return Theme(
            site,
            base,
            site_name=self.site_name,
            tagline=self.tagline,
            categories=self.categories,
            permalink=permalink,
        )


class Skin:
    """The pages of one theme.  Pages come back as a `Page` (Fox: may be
    served as a JavaScript shell) or as finished HTML."""

    amp = False  # serves /amp and ?amp=1 variants of articles
    # Article pages print the byline, category and tag links and featured image;
    # False (``Replica(post_meta=False)``, skins that support it): they do not, and
    # only the REST API tells them.
    post_meta = True
    hides_post_meta = False  # the skin can draw pages with post_meta False

    def __init__(self, theme: Theme, variant: Variant) -> None:
        self.theme = theme
        self.variant = variant
        self._paths: dict[str, Post] = {}
        self._indexed = 0

    def find(self, path: str) -> tuple[Post, bool] | None:
        """The post at `path` (any trailing slash) and whether AMP was asked."""
        posts = self.theme.site.posts
        if self._indexed != len(posts):  # posts are only ever appended
            for post in posts[self._indexed :]:
                self._paths[self.variant.path(post).rstrip("/")] = post
            self._indexed = len(posts)
        found = self._paths.get(path.rstrip("/"))
        return (found, False) if found is not None else None

    def article(self, post: Post) -> Page | str:
        raise NotImplementedError

    def amp_article(self, post: Post) -> str:
        raise NotImplementedError

    # The page assembly every other theme shares.  A skin draws the markup: the
    # document (`_page`), a listing's parts (`_item`, `_archive_header`, ...; or
    # the whole `_listing`) and the 404's main block (`_not_found_main`); the
    # class attributes below name what differs.

    SEP = " - "  # the <title> separator its SEO plugin (or core) prints
    PAGE = "Page {number} of {pages}"  # how a <title> names page N > 1
    # Archive <title>s: the term's name, or Yoast's "%%term_title%% Archives" (`Listing.title`).
    yoast_archive_titles = False
    ARCHIVE_CLASS = "archive {kind}"  # body classes; {kind}: see `archive_kind`
    HOME_CLASS = "home blog"
    NOT_FOUND_CLASS = "error404"
    NOT_FOUND_HEAD = '<meta name="robots" content="noindex, follow" />\n'

    def archive(self, listing: Listing, number: int) -> Page | str | None:
        """Page `number` of a category, tag, author or month archive; None past the last."""
        if not 1 <= number <= listing.pages:
            return None
        body_class = self.ARCHIVE_CLASS.format(kind=self.archive_kind(listing))
        title = self.archive_title(listing, number)
        return self._listing(listing, number, title, term_name(listing), body_class)

    def home(self, number: int) -> Page | str | None:
        """Page `number` of the blog home (every post, newest first); None past the last."""
        listing = Listing(range(len(self.theme.site.posts)), "/", "", "")
        if not 1 <= number <= listing.pages:
            return None
        return self._listing(listing, number, self.home_title(listing, number), "", self.HOME_CLASS)

    def not_found(self) -> Page | str:
        title = f"Page not found{self.SEP}{esc(self.theme.site_name)}"
        return self._page(
            title, self.not_found_head(), self.NOT_FOUND_CLASS, self._not_found_main()
        )

    def archive_kind(self, listing: Listing) -> str:
        """The archive's body class: its path's first segment ("category", "tag", ...)."""
        return listing.path.split("/")[1]

    def page_name(self, listing: Listing, number: int) -> str:
        return self.PAGE.format(number=number, pages=listing.pages)

    def article_title(self, post: Post) -> str:
        return f"{wp(post.title)}{self.SEP}{esc(self.theme.site_name)}"

    def archive_title(self, listing: Listing, number: int) -> str:
        stem = listing.title if self.yoast_archive_titles else term_name(listing)
        paged = f"{self.SEP}{self.page_name(listing, number)}" if number > 1 else ""
        return f"{esc(stem)}{paged}{self.SEP}{esc(self.theme.site_name)}"

    def home_title(self, listing: Listing, number: int) -> str:
        second = esc(self.theme.tagline) if number == 1 else self.page_name(listing, number)
        return f"{esc(self.theme.site_name)}{self.SEP}{second}"

    def not_found_head(self) -> str:
        return self.NOT_FOUND_HEAD

    def _page(self, title: str, head: str, body_class: str, main: str) -> str:
        """The whole document around `main`."""
        raise NotImplementedError

    def _listing(
        self, listing: Listing, number: int, title: str, heading: str, body_class: str
    ) -> str:
        """One page of `listing`; `heading` is the term's name ("" on the home page).

        Its posts (`_item`), the page links when there is more than one page
        (`_pagination`), the term's header (`_archive_header`), put together by
        `_listing_main`, with the SEO plugin's head (`_list_head`)."""
        posts = self.theme.site.page(listing.pool, number, PER_PAGE)
        items = "".join(self._item(p) for p in posts)
        nav = self._pagination(listing, number) if listing.pages > 1 else ""
        header = self._archive_header(heading) if heading else ""
        url = self.theme.base + listing.page_path(number)
        main = self._listing_main(header, items, nav)
        return self._page(title, self._list_head(title, url, listing, number), body_class, main)

    def _item(self, post: Post) -> str:
        """One post of a listing."""
        raise NotImplementedError

    # Core's the_posts_pagination(): its aria_label and screen_reader_text, the
    # previous / next link texts, and whether the theme's output is minified.
    NAV_LABEL = "Posts"
    NAV_HEADING = "Posts navigation"
    NAV_PREV = "Previous"
    NAV_NEXT = "Next"
    NAV_MINIFIED = True

    def _pagination(self, listing: Listing, number: int) -> str:
        """The links to the listing's other pages (only drawn when it has more than one)."""
        return posts_pagination(
            self.theme,
            listing,
            number,
            label=self.NAV_LABEL,
            heading=self.NAV_HEADING,
            prev=self.NAV_PREV,
            next_=self.NAV_NEXT,
            minified=self.NAV_MINIFIED,
        )

    def _archive_header(self, heading: str) -> str:
        """The header naming the archive's term (not drawn on the home page)."""
        raise NotImplementedError

    def _listing_main(self, header: str, items: str, nav: str) -> str:
        """The main column of a listing page."""
        return f"{header}{items}{nav}"

    def _list_head(self, title: str, url: str, listing: Listing, number: int) -> str:
        """The head of page `number` of `listing`, whose address is `url`."""
        raise NotImplementedError

    def _not_found_main(self) -> str:
        raise NotImplementedError

    # The article body every other theme shares: the post's blocks in order, each
    # in the skin's markup (`also_block`, `ad_block`, the class attributes below),
    # with what the theme inserts after a block (`after_block`) or puts around
    # them (`content_head`, `content_tail`: plugins appending to the_content).

    CONTENT_JOIN = "\n"  # between blocks; the block editor's serialized blocks: "\n\n"
    EMPTY = "<p>&nbsp;</p>"  # an empty paragraph as the editor saved it
    TWEET_FIGURE = False  # tweets in a core embed block (block editor) or classic markup

    def content(self, post: Post) -> str:
        """the_content(): the post's blocks with this theme's markup and extras."""
        out = self.content_head(post)
        ads = 0
        for i, block in enumerate(post.blocks):
            if block.kind in (Kind.PARA, Kind.REPEAT):
                out.append(f"<p>{wp(block.text)}</p>")
            elif block.kind is Kind.ALSO and block.target is not None:
                out.append(self.also_block(post, block.target, block.style))
            elif block.kind is Kind.EMPTY:
                out.append(self.EMPTY)
            elif block.kind is Kind.AD:
                ads += 1
                out.append(self.ad_block(post, ads))
            elif block.kind is Kind.TWEET:
                out.append(tweet(post, block.text, figure=self.TWEET_FIGURE))
            out += self.after_block(post, i)
        out += self.content_tail(post)
        return self.CONTENT_JOIN.join(out) + "\n"

    def also_block(self, post: Post, target: Post, style: int) -> str:
        """A "read also" link to `target`; `style` 0 or 1 (two wordings per site)."""
        raise NotImplementedError

    def ad_block(self, post: Post, n: int) -> str:
        """The `n`th ad slot (from 1) in the post's content."""
        raise NotImplementedError

    def after_block(self, post: Post, i: int) -> list[str]:
        """What the theme inserts after block `i` (related posts, a figure...)."""
        return []

    def content_head(self, post: Post) -> list[str]:
        """What stands before the first block."""
        return []

    def content_tail(self, post: Post) -> list[str]:
        """What plugins append after the last block (sharing, related posts...)."""
        return []


def nth(post: Post, i: int, kinds: tuple[Kind, ...] = (Kind.PARA,)) -> int:
    """Which of the post's `kinds` blocks block `i` is (1 = the first); 0 if not one."""
    if post.blocks[i].kind not in kinds:
        return 0
    return sum(1 for block in post.blocks[: i + 1] if block.kind in kinds)


class FoxSkin(Skin):
    """The Fox 4.x theme (asianlite.com and its sister sites)."""

    amp = True

    def find(self, path: str) -> tuple[Post, bool] | None:
        match = _FOX_ARTICLE.match(path)
        if match is None:
            return None
        found = super().find(f"/{match[1]}/{match[2]}/{match[3]}")
        return (found[0], bool(match[4])) if found is not None else None

    def article(self, post: Post) -> Page | str:
        return article_page(self.theme, post)

    def amp_article(self, post: Post) -> str:
        return amp_page(self.theme, post)

    def archive(self, listing: Listing, number: int) -> Page | str | None:
        return archive_page(self.theme, listing, number)

    def home(self, number: int) -> Page | str | None:
        return home_page(self.theme, number)

    def not_found(self) -> Page | str:
        return not_found_page(self.theme)


def _own(pairs: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Category list from model slug -> own name (own slug = slugified name)."""
    return {
        slug: (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), name)
        for slug, name in pairs.items()
    }


FOX_CATEGORIES = {slug: (slug, name) for slug, name in CATEGORIES.items()}
UK_CATEGORIES = _own(
    {
        "top-news": "Top Stories",
        "world-news": "World",
        "uk-news": "Britain",
        "london-news": "London",
        "eu-news": "Europe",
        "asean-news": "Asia Pacific",
        "uae-news": "Gulf",
        "dubai": "Middle East",
        "lite-blogs": "Blogs",
        "columns": "Opinion",
        "feature-story": "Features",
        "media": "Entertainment",
        "events": "Community",
    }
)
AE_CATEGORIES = _own(
    {
        "top-news": "UAE Top News",
        "world-news": "International",
        "uk-news": "UK",
        "london-news": "London Diary",
        "eu-news": "Europe",
        "asean-news": "Asia",
        "uae-news": "Emirates",
        "dubai": "Dubai Life",
        "lite-blogs": "Blogs",
        "columns": "Views",
        "feature-story": "Lifestyle",
        "media": "Culture",
        "events": "What’s On",
    }
)
NEWS_CATEGORIES = _own(
    {
        "top-news": "News",
        "world-news": "World",
        "uk-news": "UK",
        "london-news": "London",
        "eu-news": "Europe",
        "asean-news": "Asia",
        "uae-news": "Middle East",
        "dubai": "Gulf",
        "lite-blogs": "Blogs",
        "columns": "Opinion",
        "feature-story": "Features",
        "media": "Culture",
        "events": "Events",
    }
)
# A German site's own category names and slugs (WordPress transliterates umlauts).
DE_CATEGORIES = {
    "top-news": ("nachrichten", "Nachrichten"),
    "world-news": ("welt", "Welt"),
    "uk-news": ("grossbritannien", "Großbritannien"),
    "london-news": ("london", "London"),
    "eu-news": ("europa", "Europa"),
    "asean-news": ("asien", "Asien"),
    "uae-news": ("naher-osten", "Naher Osten"),
    "dubai": ("golfstaaten", "Golfstaaten"),
    "lite-blogs": ("blogs", "Blogs"),
    "columns": ("meinung", "Meinung"),
    "feature-story": ("reportage", "Reportage"),
    "media": ("kultur-medien", "Kultur & Medien"),
    "events": ("veranstaltungen", "Veranstaltungen"),
}

VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in (
        Variant(
            "asianlite",
            SITE_NAME,
            SITE_TAGLINE,
            "https://asianlite.com",
            "fox",
            "yoast",
            "/%year%/%category%/%postname%",
            FOX_CATEGORIES,
        ),
        Variant(
            "asianlite-uk",
            "Asian Lite UK",
            "Asian Lite UK News",
            "https://asianlite.uk",
            "fox",
            "yoast",
            "/%year%/%category%/%postname%",
            UK_CATEGORIES,
        ),
        Variant(
            "asianlite-ae",
            "Asian Lite UAE",
            "Asian Lite UAE News",
            "https://asianlite.ae",
            "fox",
            "yoast",
            "/%year%/%category%/%postname%",
            AE_CATEGORIES,
        ),
        Variant(
            "twentytwentyfour",
            "Ledger Post",
            "News from the region, every day",
            "https://ledgerpost.example",
            "twentytwentyfour",
            "core",
            "/%year%/%monthnum%/%day%/%postname%/",
            NEWS_CATEGORIES,
            standfirst=False,
            described=False,
            coauthors=False,
        ),
        Variant(
            "newspaper",
            "Metro Herald",
            "Breaking news, analysis and opinion",
            "https://metroherald.example",
            "newspaper",
            "yoast",
            "/%category%/%postname%/",
            NEWS_CATEGORIES,
            coauthors=False,
        ),
        Variant(
            "astra",
            "Coastline Times",
            "Independent news since 2015",
            "https://coastlinetimes.example",
            "astra",
            "rankmath",
            "/%postname%/",
            NEWS_CATEGORIES,
            standfirst=False,
            coauthors=False,
        ),
        # Held-out variants (no profile): GeneratePress + The SEO Framework and
        # Newspack + Yoast with Co-Authors Plus (tests/replica/README.md).
        Variant(
            "generatepress",
            "Riverside Courier",
            "Local news, without the noise",
            "https://riversidecourier.example",
            "generatepress",
            "core",
            "/%year%/%monthnum%/%postname%/",
            NEWS_CATEGORIES,
            standfirst=False,
            coauthors=False,
            heldout=True,
        ),
        Variant(
            "newspack",
            "Valley Dispatch",
            "Nonprofit news for the valley",
            "https://valleydispatch.example",
            "newspack",
            "yoast",
            "/%year%/%monthnum%/%day%/%postname%/",
            NEWS_CATEGORIES,
            heldout=True,
        ),
        # Two more held-out variants: JNews + Rank Math, and a German site on
        # Twenty Twenty-One + Yoast (de_DE furniture, English post text).
        Variant(
            "jnews",
            "Northgate Wire",
            "News that matters, as it happens",
            "https://northgatewire.example",
            "jnews",
            "rankmath",
            "/%year%/%monthnum%/%day%/%postname%/",
            NEWS_CATEGORIES,
            coauthors=False,
            heldout=True,
        ),
        Variant(
            "twentytwentyone-de",
            "Rheinblick Zeitung",
            "Nachrichten aus der Region und der Welt",
            "https://rheinblick-zeitung.example",
            "twentytwentyone",
            "yoast",
            "/%year%/%monthnum%/%day%/%postname%/",
            DE_CATEGORIES,
            standfirst=False,
            coauthors=False,
            heldout=True,
        ),
    )
}
# Variants with a site profile (settings/sites/NAME.toml, fixtures) and the held-out ones.
PROFILED = [name for name, v in VARIANTS.items() if not v.heldout]
HELDOUT = [name for name, v in VARIANTS.items() if v.heldout]
DEFAULT_VARIANT = "asianlite"


def get_variant(name: str) -> Variant:
    """The variant called `name`, or ValueError naming the known ones."""
    try:
        return VARIANTS[name]
    except KeyError:
        raise ValueError(
            f"unknown replica variant {name!r} (known: {', '.join(VARIANTS)})"
        ) from None
