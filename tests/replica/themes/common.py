"""Markup every WordPress theme shares: core head links, excerpts, the core
post embed card, `paginate_links()` and the comment form."""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

from urllib.parse import quote

from ..listing_page import Listing
from ..model import Post, human_date, slugify
from ..theme import Theme, esc, wp

WP_VERSION = "6.4.2"


def core_head(theme: Theme, title: str, post: Post | None = None, feed: str = "") -> str:
    """What wp_head() prints without an SEO plugin: feeds, REST discovery,
    EditURI, generator, and on single posts canonical, shortlink and oEmbed."""
    base, name = theme.base, esc(theme.site_name)
    lines = [
        "<meta name='robots' content='max-image-preview:large' />",
        f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{base}/feed/" />',
        f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Comments Feed" href="{base}/comments/feed/" />',
    ]
    if feed:
        lines.append(
            f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; {esc(title)} Feed" href="{base}{feed}" />'
        )
    lines += [
        f'<link rel="https://api.w.org/" href="{base}/wp-json/" />',
        f'<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{base}/xmlrpc.php?rsd" />',
        f'<meta name="generator" content="WordPress {WP_VERSION}" />',
    ]
    if post is not None:
        url = theme.url(post)
        lines += [
            f'<link rel="alternate" type="application/json" href="{base}/wp-json/wp/v2/posts/{post.wp_id}" />',
            f'<link rel="canonical" href="{esc(canonical(theme, post))}" />',
            f"<link rel='shortlink' href='{base}/?p={post.wp_id}' />",
            f'<link rel="alternate" type="application/json+oembed" href="{base}/wp-json/oembed/1.0/embed?url={quote(url, safe="")}" />',
        ]
    return "\n".join(lines) + "\n"


def canonical(theme: Theme, post: Post) -> str:
    if post.canonical_to_original and post.duplicate_of is not None:
        return theme.url(post.duplicate_of)
    return theme.url(post)


def category_menu(
    theme: Theme, count: int, first_id: int, *, li_class: str = "", link_class: str = ""
) -> str:
    """wp_nav_menu() items for the first `count` categories, menu item ids from
    `first_id`; themes add their own classes (`nav_menu_css_class` and
    `nav_menu_link_attributes` filters)."""
    link = f' class="{link_class}"' if link_class else ""
    return "".join(
        f'<li id="menu-item-{n}" class="menu-item menu-item-type-taxonomy menu-item-object-category {li_class}menu-item-{n}">'
        f'<a href="{theme.category_url(slug)}"{link}>{esc(theme.names[slug])}</a></li>'
        for n, slug in enumerate(list(theme.names)[:count], start=first_id)
    )


def latest_posts(theme: Theme, count: int = 5) -> str:
    """The core Latest Posts block's list (a sidebar widget)."""
    items = "".join(
        f'<li><a href="{esc(theme.url(p))}">{wp(p.title)}</a></li>'
        for p in theme.site.latest(count)
    )
    return f'<ul class="wp-block-latest-posts__list wp-block-latest-posts">{items}</ul>'


def post_class(theme: Theme, post: Post, *, hentry: bool = True, tags: bool = True) -> str:
    """post_class(): id, type, status, format and thumbnail classes, `hentry`
    (unless the theme drops it), one per category and (`tags`) one per tag."""
    classes = [
        f"post-{post.wp_id}",
        "post type-post status-publish format-standard has-post-thumbnail",
        *(["hentry"] if hentry else []),
        *(f"category-{theme.slugs[c]}" for c in post.categories),
        *(f"tag-{slugify(t)}" for t in post.tags if tags),
    ]
    return " ".join(classes)


def term_name(listing: Listing) -> str:
    """An archive's term as its heading names it, without "Category: " and the like."""
    return listing.heading.split(": ", 1)[-1]


def listing_excerpt(post: Post, words: int = 55) -> str:
    """get_the_excerpt(): the manual excerpt (the standfirst) when there is one,
    else the first `words` words of the content with "[…]"."""
    return post.summary or post.excerpt(words, " […]")


def embed_card(theme: Theme, target: Post, secret: str) -> str:
    """A WordPress post embed (the block editor's "embed a link to another post")."""
    url = esc(theme.url(target))
    provider = theme.site_name.lower().replace(" ", "-")
    return (
        f'<figure class="wp-block-embed is-type-wp-embed is-provider-{provider} wp-block-embed-{provider}">'
        f'<div class="wp-block-embed__wrapper">\n<blockquote class="wp-embedded-content" data-secret="{secret}">'
        f'<a href="{url}">{wp(target.title)}</a></blockquote>'
        f'<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" style="position: absolute; clip: rect(1px, 1px, 1px, 1px);" '
        f'title="&#8220;{wp(target.title)}&#8221; &#8212; {esc(theme.site_name)}" src="{url}embed/#?secret={secret}" '
        f'data-secret="{secret}" width="600" height="338" frameborder="0" marginwidth="0" marginheight="0" scrolling="no"></iframe>\n'
        "</div></figure>"
    )


def tweet(post: Post, text_block: str, figure: bool) -> str:
    """A quoted tweet; in a core embed block (`figure`) or as classic markup."""
    name, handle, text = text_block.split("\n")
    status = 1700000000000000000 + (post.duplicate_of or post).wp_id * 7919  # the same tweet
    quote_html = (
        f'<blockquote class="twitter-tweet" data-width="550" data-dnt="true"><p lang="en" dir="ltr">{wp(text)}</p>'
        f"&mdash; {esc(name)} (@{handle}) "
        f'<a href="https://twitter.com/{handle}/status/{status}?ref_src=twsrc%5Etfw">{human_date(post.quoted_on)}</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )
    if not figure:
        return quote_html
    return (
        '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
        f'<div class="wp-block-embed__wrapper">\n{quote_html}\n</div></figure>'
    )


def page_numbers(theme: Theme, listing: Listing, current: int, *, prev: str, next_: str) -> str:
    """paginate_links() items (end_size 1, mid_size 2)."""
    total = listing.pages
    link = theme.base
    parts: list[str] = []
    if current > 1:
        parts.append(
            f'<a class="prev page-numbers" href="{link}{listing.page_path(current - 1)}">{prev}</a>'
        )
    dots = False
    for n in range(1, total + 1):
        if n == current:
            parts.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
            dots = True
        elif n <= 1 or current - 2 <= n <= current + 2 or n > total - 1:
            parts.append(f'<a class="page-numbers" href="{link}{listing.page_path(n)}">{n}</a>')
            dots = True
        elif dots:
            parts.append('<span class="page-numbers dots">&hellip;</span>')
            dots = False
    if current < total:
        parts.append(
            f'<a class="next page-numbers" href="{link}{listing.page_path(current + 1)}">{next_}</a>'
        )
    return "\n".join(parts)


def posts_pagination(
    theme: Theme,
    listing: Listing,
    current: int,
    *,
    label: str,
    heading: str,
    prev: str,
    next_: str,
    minified: bool = True,
) -> str:
    """the_posts_pagination(): `page_numbers` in core's navigation markup, its
    `aria_label` and `screen_reader_text` `label` and `heading`; `minified` drops
    the newlines and tabs core prints around them."""
    gap, end = ("", "") if minified else ("\n\t\t", "\n\t")
    return (
        f'<nav class="navigation pagination" aria-label="{label}">{gap}<h2 class="screen-reader-text">{heading}</h2>{gap}<div class="nav-links">'
        + page_numbers(theme, listing, current, prev=prev, next_=next_)
        + f"</div>{end}</nav>"
    )


def adjacent_links(theme: Theme, listing: Listing, number: int) -> list[str]:
    """An SEO plugin's rel=prev / rel=next head links on page `number` of a listing."""
    links = []
    if number > 1:
        links.append(f'<link rel="prev" href="{theme.base}{listing.page_path(number - 1)}" />')
    if number < listing.pages:
        links.append(f'<link rel="next" href="{theme.base}{listing.page_path(number + 1)}" />')
    return links


def term_feed_link(theme: Theme, listing: Listing, label: str = "Category Feed") -> list[str]:
    """feed_links_extra(): the archive's own feed link (`label` in the site's
    language), none where the listing has no feed (the home page)."""
    if not listing.feed:
        return []
    return [
        f'<link rel="alternate" type="application/rss+xml" title="{esc(theme.site_name)} &raquo; {esc(term_name(listing))} {label}" href="{theme.base}{listing.feed}" />'
    ]


def comment_form(theme: Theme, post: Post, heading: str, extra_class: str = "") -> str:
    """comment_form() with core's default fields."""
    return (
        f'<div id="respond" class="comment-respond{extra_class}"><h3 id="reply-title" class="comment-reply-title">{heading} '
        f'<small><a rel="nofollow" id="cancel-comment-reply-link" href="{esc(theme.url(post))}#respond" style="display:none;">Cancel reply</a></small></h3>'
        f'<form action="{theme.base}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>'
        '<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> '
        '<span class="required-field-message">Required fields are marked <span class="required">*</span></span></p>'
        '<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> '
        '<textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>'
        '<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> '
        '<input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>'
        '<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> '
        '<input id="email" name="email" type="email" value="" size="30" maxlength="100" autocomplete="email" required /></p>'
        '<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" type="url" value="" size="30" maxlength="200" autocomplete="url" /></p>'
        '<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> '
        '<label for="wp-comment-cookies-consent">Save my name, email, and website in this browser for the next time I comment.</label></p>'
        '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /> '
        f"<input type='hidden' name='comment_post_ID' value='{post.wp_id}' id='comment_post_ID' />"
        "<input type='hidden' name='comment_parent' id='comment_parent' value='0' /></p></form></div>"
    )
