"""Twenty Twenty-Four, WordPress's core block theme, with no SEO plugin.

Core markup only: `wp-block-*` classes, `div.wp-block-post-content`, query
loop listings (`ul.wp-block-post-template`), `nav.wp-block-query-pagination`,
no OpenGraph and no JSON-LD.  The theme shows no standfirst: a post's
standfirst is its manual excerpt, seen only in listings.  Inside the content:
"Also read" paragraphs, post embed cards, ad blocks with their label, tweet
embeds, an image block with its caption.
"""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

from ..listing_page import Listing
from ..model import PER_PAGE, Post, human_date, iso, slugify
from ..theme import esc, wp
from .base import Skin, nth
from .common import comment_form, core_head, embed_card, listing_excerpt, page_numbers, post_class


class TwentyTwentyFour(Skin):
    """Pages of a Twenty Twenty-Four site."""

    hides_post_meta = True
    SEP = " &#8211; "  # wp_get_document_title()'s separator
    PAGE = "Page {number}"
    # wp_get_document_title(): archive titles without "Category: "; body_class(): "date" archives.
    ARCHIVE_CLASS = "archive {kind} logged-out"
    HOME_CLASS = "home blog logged-out"
    NOT_FOUND_CLASS = "error404 logged-out"

    # ------------------------------------------------------------- chrome

    def _page(self, title: str, head: str, body_class: str, main: str) -> str:
        base = self.theme.base
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
            f"<title>{title}</title>\n{head}"
            f"<link rel='stylesheet' id='wp-block-library-css' href='{base}/wp-includes/css/dist/block-library/style.min.css?ver=6.4.2' media='all' />\n"
            "<style id='global-styles-inline-css'>body{--wp--preset--color--base: #f9f9f9;}</style>\n"
            f'</head>\n\n<body class="{body_class} wp-embed-responsive">\n\n<div class="wp-site-blocks">'
            f"{self._header()}\n\n{main}\n\n{self._footer()}</div>\n"
            f"<script src='{base}/wp-includes/js/dist/interactivity.min.js?ver=6.4.2' id='wp-interactivity-js'></script>\n"
            "</body>\n</html>\n"
        )

    def _nav(self, label: str, slugs: list[str], extra: str = "") -> str:
        items = "".join(
            '<li class=" wp-block-navigation-item wp-block-navigation-link">'
            f'<a class="wp-block-navigation-item__content" href="{self.theme.category_url(slug)}">'
            f'<span class="wp-block-navigation-item__label">{esc(self.theme.names[slug])}</span></a></li>'
            for slug in slugs
        )
        return (
            f'<nav class="{extra}wp-block-navigation is-layout-flex wp-block-navigation-is-layout-flex" aria-label="{label}">'
            f'<ul class="wp-block-navigation__container is-responsive items-justified-right wp-block-navigation">{items}</ul></nav>'
        )

    def _header(self) -> str:
        base = self.theme.base
        return (
            '<header class="wp-block-template-part"><div class="wp-block-group alignwide has-base-background-color has-background '
            'has-global-padding is-layout-constrained wp-block-group-is-layout-constrained" style="padding-top:20px;padding-bottom:20px">'
            '<div class="wp-block-group alignwide is-content-justification-space-between is-layout-flex wp-container-core-group-layout-3 wp-block-group-is-layout-flex">'
            '<div class="wp-block-group is-layout-flex wp-block-group-is-layout-flex">'
            f'<p class="wp-block-site-title"><a href="{base}" target="_self" rel="home">{esc(self.theme.site_name)}</a></p></div>'
            f"{self._nav('Main menu', list(self.theme.names)[:8], 'is-responsive items-justified-right ')}"
            "</div></div></header>"
        )

    def _footer(self) -> str:
        base, name = self.theme.base, esc(self.theme.site_name)
        return (
            '<footer class="wp-block-template-part"><div class="wp-block-group has-global-padding is-layout-constrained '
            'wp-block-group-is-layout-constrained" style="padding-top:var(--wp--preset--spacing--40);padding-bottom:var(--wp--preset--spacing--40)">'
            '<div class="wp-block-columns alignwide is-layout-flex wp-container-core-columns-layout-1 wp-block-columns-is-layout-flex">'
            '<div class="wp-block-column is-layout-flow wp-block-column-is-layout-flow">'
            f'<p class="wp-block-site-title has-medium-font-size"><a href="{base}" target="_self" rel="home">{name}</a></p>'
            f'<p class="wp-block-site-tagline">{esc(self.theme.tagline)}</p></div>'
            '<div class="wp-block-column is-layout-flow wp-block-column-is-layout-flow">'
            '<h2 class="wp-block-heading has-medium-font-size has-body-font-family" style="font-style:normal;font-weight:600">Sections</h2>'
            f"{self._nav('Sections', list(self.theme.names), 'is-vertical ')}</div>"
            '<div class="wp-block-column is-layout-flow wp-block-column-is-layout-flow">'
            '<h2 class="wp-block-heading has-medium-font-size has-body-font-family" style="font-style:normal;font-weight:600">About</h2>'
            f'<ul class="wp-block-list"><li><a href="{base}/about/">Team</a></li><li><a href="{base}/privacy-policy/">Privacy Policy</a></li></ul></div></div>'
            '<div class="wp-block-group alignwide is-layout-flow wp-block-group-is-layout-flow" style="padding-top:var(--wp--preset--spacing--20)">'
            '<p class="has-small-font-size">Designed with <a href="https://wordpress.org" rel="nofollow">WordPress</a></p></div>'
            "</div></footer>"
        )

    # ----------------------------------------------------------- articles

    def article(self, post: Post) -> str:
        theme = self.theme
        title = self.article_title(post)
        older, newer = theme.site.neighbours(post)
        image = (
            '<figure style="margin-bottom:var(--wp--preset--spacing--40);" class="wp-block-post-featured-image">'
            f'<img width="1200" height="800" src="{theme.image_url(post)}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" '
            f'alt="" style="object-fit:cover;" decoding="async" fetchpriority="high" /></figure>'
        )
        if not self.post_meta:  # a template without post meta blocks
            image = ""
        author = post.authors[0] if post.authors and self.post_meta else None
        byline = (
            '<p class="has-small-font-size">Written by </p><div class="wp-block-post-author-name has-small-font-size">'
            f'<a href="{theme.base}/author/{author.slug}/" target="_self" class="wp-block-post-author-name__link">{esc(author.name)}</a></div>'
            if author is not None
            else ""
        )
        cats = '<span class="wp-block-post-terms__separator">, </span>'.join(
            f'<a href="{theme.category_url(c)}" rel="tag">{esc(theme.names[c])}</a>'
            for c in post.categories
        )
        tags = '<span class="wp-block-post-terms__separator"></span>'.join(
            f'<a href="{theme.base}/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>' for t in post.tags
        )
        meta = (
            '<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained" style="margin-top:var(--wp--preset--spacing--40);">'
            '<div class="wp-block-group is-content-justification-left is-layout-flex wp-block-group-is-layout-flex">'
            f'<div class="wp-block-post-date has-small-font-size"><time datetime="{iso(post.published)}">'
            f'<a href="{esc(theme.url(post))}">{human_date(post.published)}</a></time></div>'
            + (
                '<p class="has-small-font-size">Updated</p><div class="wp-block-post-date__modified-date wp-block-post-date has-small-font-size">'
                f'<time datetime="{iso(post.modified)}">{human_date(post.modified)}</time></div>'
                if post.modified > post.published
                else ""
            )
            + f'<p class="has-small-font-size">&mdash;</p>{byline}'
            + (
                '<p class="has-small-font-size">in </p>'
                f'<div class="taxonomy-category wp-block-post-terms has-small-font-size">{cats}</div>'
                if self.post_meta
                else ""
            )
            + "</div>"
            + (
                f'<div class="taxonomy-post_tag is-style-pill wp-block-post-terms">{tags}</div>'
                if tags and self.post_meta
                else ""
            )
            + "</div>"
        )
        nav = (
            '<nav class="wp-block-group alignwide is-content-justification-space-between is-layout-flex wp-block-group-is-layout-flex" aria-label="Post navigation" style="margin-top:var(--wp--preset--spacing--40)">'
            + (
                '<div class="post-navigation-link-previous wp-block-post-navigation-link"><span class="wp-block-post-navigation-link__arrow-previous is-arrow-arrow" aria-hidden="true">&larr;</span>'
                f'<a href="{esc(theme.url(older))}" rel="prev">{wp(older.title)}</a></div>'
                if older
                else ""
            )
            + (
                f'<div class="post-navigation-link-next wp-block-post-navigation-link"><a href="{esc(theme.url(newer))}" rel="next">{wp(newer.title)}</a>'
                '<span class="wp-block-post-navigation-link__arrow-next is-arrow-arrow" aria-hidden="true">&rarr;</span></div>'
                if newer
                else ""
            )
            + "</nav>"
        )
        comments = (
            '<div class="wp-block-comments wp-block-comments-query-loop" style="margin-top:var(--wp--preset--spacing--40)">'
            '<h2 class="wp-block-heading has-x-large-font-size">Comments</h2>'
            + comment_form(theme, post, "Leave a Reply", " wp-block-post-comments-form")
            + "</div>"
            if post.comments_open
            else ""
        )
        main = (
            '<main class="wp-block-group is-layout-flow wp-block-group-is-layout-flow" style="margin-top:var(--wp--preset--spacing--50)">\n'
            '<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">'
            '<div class="wp-block-group alignwide is-layout-flow wp-block-group-is-layout-flow" style="margin-bottom:var(--wp--preset--spacing--40)">'
            f'<h1 style="margin-bottom:var(--wp--preset--spacing--40);" class="wp-block-post-title">{wp(post.title)}</h1>'
            f"{image}</div></div>\n"
            '<div class="entry-content alignfull wp-block-post-content has-global-padding is-layout-constrained wp-block-post-content-is-layout-constrained">\n'
            f"{self.content(post)}</div>\n"
            f"{meta}\n"
            '<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">'
            f"{nav}{comments}</div>\n</main>"
        )
        body_class = f"post-template-default single single-post postid-{post.wp_id} single-format-standard logged-out"
        return self._page(title, core_head(theme, post.title, post), body_class, main)

    # the_content() of the block editor's markup.
    CONTENT_JOIN = "\n\n"
    EMPTY = "<p></p>"
    TWEET_FIGURE = True

    def also_block(self, post: Post, target: Post, style: int) -> str:
        if style == 0:
            return f'<p><strong>Also read:</strong> <a href="{esc(self.theme.url(target))}">{wp(target.title)}</a></p>'
        return embed_card(self.theme, target, f"k{post.wp_id}x{target.wp_id}")

    def ad_block(self, post: Post, n: int) -> str:
        return (
            '<p class="has-text-align-center has-small-font-size">Advertisement</p>\n'
            '<ins class="adsbygoogle" style="display:block; text-align:center;" data-ad-layout="in-article" '
            'data-ad-format="fluid" data-ad-client="ca-pub-0000000000000000" data-ad-slot="7284529163"></ins>\n'
            "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>"
        )

    def after_block(self, post: Post, i: int) -> list[str]:
        """The captioned image block after the first paragraph."""
        if nth(post, i) != 1 or not post.caption:
            return []
        return [
            f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683" '
            f'src="{self.theme.image_url(post)}" alt="" class="wp-image-{post.wp_id + 1}" />'
            f'<figcaption class="wp-element-caption">{wp(post.caption)}</figcaption></figure>'
        ]

    # ----------------------------------------------------------- listings

    def _query(self, posts: list[Post], listing: Listing, number: int) -> str:
        theme = self.theme
        items = "".join(
            f'<li class="wp-block-post {post_class(theme, p, tags=False)}">'
            '<div class="wp-block-group is-layout-flow wp-block-group-is-layout-flow">'
            f'<figure style="aspect-ratio:3/4;" class="wp-block-post-featured-image"><a href="{esc(theme.listing_href(p))}" target="_self">'
            f'<img width="600" height="400" src="{theme.image_url(p)}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="{esc(p.title)}" style="object-fit:cover;" decoding="async" loading="lazy" /></a></figure>'
            f'<h2 class="wp-block-post-title has-x-large-font-size"><a href="{esc(theme.listing_href(p))}" target="_self">{wp(p.title)}</a></h2>'
            f'<div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">{wp(listing_excerpt(p))} </p></div>'
            f'<div class="wp-block-post-date has-small-font-size"><time datetime="{iso(p.published)}">{human_date(p.published)}</time></div>'
            "</div></li>"
            for p in posts
        )
        pages = ""
        if listing.pages > 1:
            prev = (
                f'<a href="{theme.base}{listing.page_path(number - 1)}" class="wp-block-query-pagination-previous"><span class="wp-block-query-pagination-previous-arrow is-arrow-arrow" aria-hidden="true">&larr;</span>Previous Page</a>'
                if number > 1
                else ""
            )
            nxt = (
                f'<a href="{theme.base}{listing.page_path(number + 1)}" class="wp-block-query-pagination-next">Next Page<span class="wp-block-query-pagination-next-arrow is-arrow-arrow" aria-hidden="true">&rarr;</span></a>'
                if number < listing.pages
                else ""
            )
            numbers = page_numbers(theme, listing, number, prev="", next_="").split("\n")
            numbers = [
                n for n in numbers if "prev page-numbers" not in n and "next page-numbers" not in n
            ]
            pages = (
                '<nav class="alignwide wp-block-query-pagination is-content-justification-space-between is-layout-flex wp-block-query-pagination-is-layout-flex" aria-label="Pagination">'
                f'{prev}<div class="wp-block-query-pagination-numbers">{"".join(numbers)}</div>{nxt}</nav>'
            )
        return (
            '<div class="wp-block-query alignwide is-layout-flow wp-block-query-is-layout-flow">'
            '<ul class="columns-3 wp-block-post-template is-layout-grid wp-container-core-post-template-layout-1 wp-block-post-template-is-layout-grid">'
            f"{items}</ul>{pages}</div>"
        )

    def _listing(
        self, listing: Listing, number: int, title: str, heading: str, body_class: str
    ) -> str:
        query = self._query(self.theme.site.page(listing.pool, number, PER_PAGE), listing, number)
        if heading:
            main = (
                '<main class="wp-block-group is-layout-flow wp-block-group-is-layout-flow" style="margin-top:var(--wp--preset--spacing--50)">'
                '<div class="wp-block-group alignwide has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">'
                f'<h1 class="wp-block-query-title">{esc(listing.heading)}</h1>'
                f"{query}</div></main>"
            )
        else:
            main = (
                '<main class="wp-block-group is-layout-flow wp-block-group-is-layout-flow">'
                '<div class="wp-block-group alignwide has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">'
                '<h2 class="wp-block-heading alignwide has-text-align-left has-xx-large-font-size">Latest news</h2>'
                f"{query}</div></main>"
            )
        return self._page(
            title, core_head(self.theme, heading, feed=listing.feed), body_class, main
        )

    def archive_kind(self, listing: Listing) -> str:
        kind = super().archive_kind(listing)
        return kind if kind in ("category", "tag", "author") else "date"

    def not_found_head(self) -> str:
        return core_head(self.theme, "")

    def _not_found_main(self) -> str:
        return (
            '<main class="wp-block-group is-layout-flow wp-block-group-is-layout-flow">'
            '<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-layout-constrained">'
            '<h1 class="has-text-align-center wp-block-heading has-x-large-font-size">Page Not Found</h1>'
            '<p class="has-text-align-center">The page you are looking for doesn\'t exist, or it has been moved. Please try searching using the form below.</p>'
            f'<form role="search" method="get" action="{self.theme.base}/" class="wp-block-search__button-outside wp-block-search__text-button wp-block-search">'
            '<label class="wp-block-search__label screen-reader-text" for="wp-block-search__input-1">Search</label>'
            '<div class="wp-block-search__inside-wrapper"><input class="wp-block-search__input" id="wp-block-search__input-1" placeholder="Search..." value="" type="search" name="s" required />'
            '<button aria-label="Search" class="wp-block-search__button wp-element-button" type="submit">Search</button></div></form>'
            "</div></main>"
        )
