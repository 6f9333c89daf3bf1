"""Newspack (classic theme, block editor) with Yoast SEO, Co-Authors Plus,
Jetpack sharing, Newspack Blocks, Newspack Newsletters, Campaigns and Ads:
a held-out variant (no site profile).

Single posts (newspack-theme single.php, template-parts/header/entry-header.php,
content/content-single.php): `header.entry-header` with the Yoast primary
category (`span.cat-links`), `h1.entry-title`, the subtitle
`div.newspack-post-subtitle` (the standfirst), `div.entry-subhead` holding the
byline (`span.byline`, every co-author, "by A and B"), `span.posted-on` and
Jetpack's "Share this:" buttons; the featured image `figure.post-thumbnail`
with its `figcaption`; then `div.main-content > article > div.entry-content`.
Inside the content: Newspack Ads in-content slots (`div.scaip >
div.newspack_global_ad`, the "Advertisement" label is CSS only), a Newspack
Campaigns inline prompt holding the newsletter sign-up block, "Read more"
Homepage Posts blocks (`wp-block-newspack-blocks-homepage-articles`, the
linked story's title, excerpt and byline), "Related:" links, tweet embed
blocks.  After it: `footer.entry-footer` "Tagged:", one `div.author-bio` per
co-author ("More by ..."), comments.  Listings: content-archive.php
(`div.entry-container`, `h2.entry-title a[rel=bookmark]`, byline and a dated
`rel=bookmark` link), `nav.navigation.pagination` "Older posts".  Yoast: the
Article's `author` lists every co-author, `articleSection` every category.
Permalinks `/%year%/%monthnum%/%day%/%postname%/`, title separator " - ".
"""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

from ..listing_page import Listing
from ..model import Author, Kind, Post, human_date, iso, slugify
from ..theme import esc, wp
from .base import Skin, nth
from .common import category_menu, comment_form, latest_posts, post_class, term_feed_link
from .yoast import yoast_head

VERSION = "2.1.0"


def _time(post: Post) -> str:
    """newspack_posted_on(): one time, or published and updated."""
    if post.modified == post.published:
        return f'<time class="entry-date published updated" datetime="{iso(post.published)}">{human_date(post.published)}</time>'
    return (
        f'<time class="entry-date published" datetime="{iso(post.published)}">{human_date(post.published)}</time>'
        f'<time class="updated" datetime="{iso(post.modified)}">{human_date(post.modified)}</time>'
    )


class Newspack(Skin):
    """Pages of a Newspack + Yoast site."""

    yoast_archive_titles = True
    ARCHIVE_CLASS = "archive {kind} feature-latest"
    HOME_CLASS = "home blog hfeed"

    def _page(
        self, title: str, head: str, body_class: str, main: str, section_class: str = ""
    ) -> str:
        base = self.theme.base
        return (
            '<!doctype html>\n<html lang="en-US">\n<head>\n\t<meta charset="UTF-8" />\n'
            '\t<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
            '\t<link rel="profile" href="https://gmpg.org/xfn/11" />\n'
            f"\t<title>{title}</title>\n{head}"
            f"<link rel='stylesheet' id='newspack-style-css' href='{base}/wp-content/themes/newspack-theme/style.css?ver={VERSION}' type='text/css' media='all' />\n"
            f"<link rel='stylesheet' id='newspack-blocks-block-styles-stylesheet-css' href='{base}/wp-content/plugins/newspack-blocks/dist/block_styles.css?ver=3.0.1' type='text/css' media='all' />\n"
            f"<link rel='stylesheet' id='newspack-newsletters-subscribe-block-css' href='{base}/wp-content/plugins/newspack-newsletters/dist/subscribeBlock.css?ver=2.13.0' type='text/css' media='all' />\n"
            "<style>.newspack_global_ad > *::before { content: 'Advertisement'; }</style>\n"
            "</head>\n\n"
            f'<body class="{body_class} wp-embed-responsive singular show-site-tagline header-default header-center h-sb h-cl h-dh h-sub h-stk has-sidebar cat-links-default single-featured-image-default" data-amp-auto-lightbox-disable>\n\n'
            '<div id="page" class="site">\n\t<a class="skip-link screen-reader-text" href="#main">Skip to content</a>\n\n'
            f"{self._header()}\n"
            f'\t<div id="content" class="site-content">\n\n\t<section id="primary" class="content-area {section_class}">\n\t\t<main id="main" class="site-main">\n{main}\n'
            f"{self._sidebar()}\n\t\t</main><!-- #main -->\n\t</section><!-- #primary -->\n\n\t</div><!-- #content -->\n"
            f"{self._footer()}\n</div><!-- #page -->\n"
            f"<script src='{base}/wp-content/plugins/newspack-newsletters/dist/subscribeBlock.js?ver=2.13.0' id='newspack-newsletters-subscribe-block-js'></script>\n"
            "</body>\n</html>\n"
        )

    def _header(self) -> str:
        theme = self.theme
        menu = category_menu(theme, 8, 512)
        return (
            '\t<header id="masthead" class="site-header hide-header-search">\n'
            '\t\t<div class="middle-header-contain"><div class="wrapper">\n'
            '\t\t\t<div class="site-branding">\n'
            f'\t\t\t\t<p class="site-title"><a href="{theme.base}/" rel="home">{esc(theme.site_name)}</a></p>\n'
            f'\t\t\t\t<p class="site-description">{esc(theme.tagline)}</p>\n\t\t\t</div><!-- .site-branding -->\n'
            '\t\t\t<div class="nav-wrapper desktop-menu">\n'
            '\t\t\t\t<nav class="main-navigation nav1" aria-label="Top Menu">'
            f'<ul id="menu-primary" class="main-menu">{menu}</ul></nav>\n'
            "\t\t\t</div><!-- .nav-wrapper -->\n"
            f'\t\t\t<a class="button mb-cta" href="{theme.base}/donate/">Donate</a>\n'
            "\t\t</div></div>\n\t</header><!-- #masthead -->"
        )

    def _sidebar(self) -> str:
        theme = self.theme
        return (
            '<aside id="secondary" class="widget-area">'
            f'<section id="block-2" class="widget widget_block"><div class="wp-block-group"><h2 class="wp-block-heading">Latest stories</h2>{latest_posts(theme)}</div></section>'
            '<section id="newspack-ads-widget-2" class="widget widget_newspack-ads-widget"><div class="textwidget"><div class=\'newspack_global_ad sidebar_1\'><div id="div-gpt-ad-sidebar-0" style="width:300px;height:250px"></div></div></div></section>'
            "</aside><!-- #secondary -->"
        )

    def _footer(self) -> str:
        theme = self.theme
        return (
            '\t<footer id="colophon" class="site-footer">\n'
            f'\t\t<div class="footer-branding"><div class="wrapper"><a href="{theme.base}/" class="custom-logo-link" rel="home">{esc(theme.site_name)}</a></div></div>\n'
            '\t\t<div class="site-info"><div class="wrapper site-info-contain">\n'
            f'\t\t\t<span class="copyright">&copy; 2026 {esc(theme.site_name)}.</span>\n'
            '\t\t\t<a class="imprint" href="https://newspack.com/" target="_blank" rel="noopener">Proudly powered by Newspack by Automattic</a>\n'
            f'\t\t\t<a class="privacy-policy-link" href="{theme.base}/privacy-policy/" rel="privacy-policy">Privacy Policy</a>\n'
            "\t\t</div></div><!-- .site-info -->\n\t</footer><!-- #colophon -->"
        )

    # --------------------------------------------------------------- head

    def _yoast(self, post: Post, title: str) -> str:
        return yoast_head(
            self.theme,
            post,
            title,
            version="22.6",
            authors=post.authors,  # Co-Authors Plus: every byline
            sep=self.SEP,
            article_type="NewsArticle",
        )

    def _list_head(self, title: str, url: str, listing: Listing, number: int) -> str:
        base, name = self.theme.base, esc(self.theme.site_name)
        lines = [
            "<!-- This site is optimized with the Yoast SEO plugin v22.6 - https://yoast.com/wordpress/plugins/seo/ -->",
            '<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1" />',
            f'<link rel="canonical" href="{url}" />',
            '<meta property="og:type" content="website" />',
            f'<meta property="og:title" content="{title}" />',
            f'<meta property="og:url" content="{url}" />',
            f'<meta property="og:site_name" content="{name}" />',
            "<!-- / Yoast SEO plugin. -->",
            f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{base}/feed/" />',
        ]
        lines += term_feed_link(self.theme, listing)
        lines.append(f'<link rel="https://api.w.org/" href="{base}/wp-json/" />')
        return "\n".join(lines) + "\n"

    # ----------------------------------------------------------- articles

    def _avatar(self, author: Author, size: int = 80) -> str:
        return (
            f'<img alt="" src="{self.theme.base}/wp-content/uploads/avatars/{author.slug}-{size}.jpg" '
            f'class="avatar avatar-{size} photo" height="{size}" width="{size}" loading="lazy" decoding="async" />'
        )

    def _byline(self, authors: tuple[Author, ...]) -> str:
        """newspack_posted_by() with Co-Authors Plus: avatars, then "by A, B and C"."""
        if not authors:
            return ""
        base = self.theme.base
        avatars = "".join(f'<span class="author-avatar">{self._avatar(a)}</span>' for a in authors)
        names = []
        for i, author in enumerate(authors, start=2):
            sep = " and " if i == len(authors) else (", " if i < len(authors) else "")
            names.append(
                f'<span class="author vcard"><a class="url fn n" href="{base}/author/{author.slug}/">{esc(author.name)}</a></span>{sep} '
            )
        return f'{avatars}\n\t\t\t<span class="byline">\n\t\t\t\t<span>by</span>\n\t\t\t\t{"".join(names)}\t\t\t</span><!-- .byline -->\n\t\t'

    def _share(self, post: Post) -> str:
        url = esc(self.theme.url(post))
        buttons = "".join(
            f'<li class="share-{key}"><a rel="nofollow noopener noreferrer" data-shared="sharing-{key}-{post.wp_id}" class="share-{key} sd-button share-icon no-text" '
            f'href="{url}?share={key}" target="_blank" title="Click to share on {label}"><span></span><span class="sharing-screen-reader-text">Click to share on {label} (Opens in new window)</span></a></li>'
            for key, label in (
                ("facebook", "Facebook"),
                ("x", "X"),
                ("email", "Email"),
                ("print", "Print"),
            )
        )
        return (
            '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon sd-sharing">'
            f'<h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>{buttons}<li class="share-end"></li></ul></div></div></div>'
        )

    def _read_more(self, target: Post) -> str:
        """A Homepage Posts block picked for one story ("Read more"), as newsrooms put mid-article."""
        theme = self.theme
        url = esc(theme.url(target))
        author = target.authors[0] if target.authors else None
        byline = (
            f'<span class="byline">by <span class="author vcard"><a class="url fn n" href="{theme.base}/author/{author.slug}/">{esc(author.name)}</a></span></span>'
            if author
            else ""
        )
        return (
            '<div class="wp-block-newspack-blocks-homepage-articles wpnbha show-image image-alignleft ts-2 is-1 is-landscape has-text-color">'
            '<h2 class="article-section-title"><span>Read more</span></h2>'
            f'<article data-post-id="{target.wp_id}" class="tag-{slugify(target.tags[0]) if target.tags else "news"} category-{theme.slugs[target.categories[0]]} post-has-image">'
            f'<figure class="post-thumbnail"><a href="{url}" rel="bookmark" tabindex="-1" aria-hidden="true">'
            f'<img width="400" height="267" src="{theme.image_url(target)}" class="attachment-newspack-article-block-landscape-small size-newspack-article-block-landscape-small wp-post-image" alt="" decoding="async" loading="lazy" /></a></figure>'
            '<div class="entry-wrapper">'
            f'<h3 class="entry-title"><a href="{url}" rel="bookmark">{wp(target.title)}</a></h3>'
            f"<p>{wp(target.excerpt(20, '…'))}</p>"
            f'<div class="entry-meta">{byline}<time class="entry-date published" datetime="{iso(target.published)}">{human_date(target.published)}</time></div>'
            "</div></article></div>"
        )

    def _prompt(self, post: Post) -> str:
        """A Newspack Campaigns inline prompt with the newsletter sign-up block."""
        name = esc(self.theme.site_name)
        block = f"newspack-newsletters-subscribe-block-{post.wp_id}"
        return (
            f'<div class="newspack-popup-container newspack-popup newspack-inline-popup hidden" role="dialog" id="id_{post.wp_id % 9000 + 1000}" data-segments="">'
            '<div class="wp-block-group has-background"><div class="wp-block-group__inner-container">'
            f'<h2 class="wp-block-heading has-text-align-center">Get {name} in your inbox</h2>'
            '<p class="has-text-align-center">Our top stories, delivered every weekday morning. Free.</p>'
            f'<div class="wp-block-newspack-newsletters-subscribe newspack-newsletters-subscribe" data-success-message="Thank you for signing up!">'
            f'<form id="{block}"><input type="hidden" name="newspack_newsletters_subscribe" value="1" />'
            '<input type="hidden" name="lists[]" value="daily-briefing" />'
            f'<div class="newspack-newsletters-email-input"><label for="{block}-email">Email address</label>'
            f'<input id="{block}-email" type="email" name="npe" autocomplete="email" placeholder="Enter your email address" value="" />'
            '<input class="submit-button" type="submit" value="Sign up" /></div></form>'
            '<div class="newspack-newsletters-subscribe__response"><div class="newspack-newsletters-subscribe__icon"></div>'
            '<div class="newspack-newsletters-subscribe__message"></div></div></div>'
            "</div></div></div>"
        )

    CONTENT_JOIN = "\n\n"
    EMPTY = "<p></p>"
    TWEET_FIGURE = True

    def also_block(self, post: Post, target: Post, style: int) -> str:
        if style == 0:
            return self._read_more(target)
        return f'<p><strong>Related:</strong> <a href="{esc(self.theme.url(target))}">{wp(target.title)}</a></p>'

    def ad_block(self, post: Post, n: int) -> str:
        return (
            f"<div class=\"scaip scaip-{n} \"><div class='newspack_global_ad scaip scaip-{n}'>"
            f'<div id="div-gpt-ad-{post.wp_id}-{n}" style="width:300px;height:250px" data-size-map=\'[[300,250]]\'></div></div></div>'
        )

    def after_block(self, post: Post, i: int) -> list[str]:
        """The newsletter prompt after the third paragraph of a post with five or more."""
        paragraphs = sum(1 for b in post.blocks if b.kind is Kind.PARA)
        return [self._prompt(post)] if nth(post, i) == 3 and paragraphs >= 5 else []

    def article(self, post: Post) -> str:
        theme = self.theme
        title = self.article_title(post)
        primary = post.categories[0]
        cats = (
            f'<span class="cat-links"><span class="screen-reader-text">Posted in</span>'
            f'<a href="{theme.category_url(primary)}" rel="category tag">{esc(theme.names[primary])}</a></span>'
        )
        subtitle = (
            f'\t\t<div class="newspack-post-subtitle">\n\t\t\t{wp(post.summary)}\t\t</div>\n'
            if post.summary
            else ""
        )
        header = (
            '<header class="entry-header">\n\t'
            f"{cats}\n"
            f'\t\t<h1 class="entry-title {"entry-title--with-subtitle" if post.summary else ""}">\n\t\t\t{wp(post.title)}\t\t</h1>\n'
            f"{subtitle}"
            '\t<div class="entry-subhead">\n\t\t\t\t\t<div class="entry-meta">\n\t\t\t\t\t'
            f'{self._byline(post.authors)}<span class="posted-on">{_time(post)}</span>\t\t\t\t</div><!-- .meta-info -->\n'
            f"\t\t\t\t{self._share(post)}\n\t</div>\n</header>\n"
        )
        figure = (
            f'<figure class="post-thumbnail">\n<img width="1200" height="800" src="{theme.image_url(post)}" class="attachment-newspack-featured-image size-newspack-featured-image wp-post-image" alt="" decoding="async" fetchpriority="high" />'
            + (f"<figcaption>{wp(post.caption)}</figcaption>" if post.caption else "")
            + "\n</figure><!-- .post-thumbnail -->\n"
        )
        tags = (
            '<span class="tags-links"><span>Tagged: </span>'
            + '<span class="sep">,&nbsp;</span>'.join(
                f'<a href="{theme.base}/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>'
                for t in post.tags
            )
            + "</span>"
            if post.tags
            else ""
        )
        bios = "".join(
            '<div class="author-bio">\n'
            f"{self._avatar(a)}\n"
            '\t<div class="author-bio-text">\n\t\t<div class="author-bio-header">\n\t\t\t<div>\n'
            f'\t\t\t\t<h2 class="accent-header">\n\t\t\t\t\t{esc(a.name)}\t\t\t\t\t<span></span>\n\t\t\t\t</h2>\n'
            "\t\t\t</div>\n\t\t</div><!-- .author-bio-header -->\n"
            f"\t\t<p>\n\t\t\t{esc(a.name)} is a reporter covering the region for {esc(theme.site_name)}. Before joining the newsroom, {esc(a.name.split()[0])} worked at regional dailies.\t\t\t"
            f'<a class="author-link" href="{theme.base}/author/{a.slug}/" rel="author">\n\t\t\tMore by {esc(a.name)}\t\t\t</a>\n\t\t</p>\n'
            "\t</div><!-- .author-bio-text -->\n</div><!-- .author-bio -->\n"
            for a in post.authors
        )
        comments = (
            '<div id="comments" class="comments-area">\n\t<div class="comments-wrapper">\n'
            f"{comment_form(theme, post, 'Leave a Reply')}\n\t</div><!-- .comments-wrapper -->\n</div><!-- #comments -->\n"
            if post.comments_open
            else ""
        )
        classes = f"{post_class(theme, post, hentry=False)} entry"
        main = (
            f"{header}{figure}"
            '\t\t\t\t<div class="main-content">\n\n'
            f'<article id="post-{post.wp_id}" class="{classes}">\n'
            f'\t<div class="entry-content">\n\n{self.content(post)}\t</div><!-- .entry-content -->\n\n'
            f'\t<footer class="entry-footer">\n\t\t{tags}\t</footer><!-- .entry-footer -->\n\n'
            f"{bios}\n</article><!-- #post-{post.wp_id} -->\n"
            f"{comments}\t\t\t\t</div><!-- .main-content -->\n"
        )
        body_class = (
            f"post-template-default single single-post postid-{post.wp_id} single-format-standard"
        )
        section = " ".join(f"category-{theme.slugs[c]}" for c in post.categories)
        return self._page(title, self._yoast(post, title), body_class, main, section)

    # ----------------------------------------------------------- listings

    def _item(self, post: Post) -> str:
        theme = self.theme
        href = esc(theme.listing_href(post))
        primary = post.categories[0]
        return (
            f'<article id="post-{post.wp_id}" class="{post_class(theme, post, hentry=False, tags=False)} entry">\n'
            f'\t<figure class="post-thumbnail">\n\t\t<a class="post-thumbnail-inner" href="{href}" aria-hidden="true" tabindex="-1">\n'
            f'\t\t\t<img width="400" height="300" src="{theme.image_url(post)}" class="attachment-newspack-archive-image size-newspack-archive-image wp-post-image" alt="" decoding="async" loading="lazy" />\t\t</a>\n\t</figure>\n'
            '\t<div class="entry-container">\n\t\t'
            f'<span class="cat-links"><span class="screen-reader-text">Posted in</span><a href="{theme.category_url(primary)}" rel="category tag">{esc(theme.names[primary])}</a></span>\n'
            f'\t\t<header class="entry-header">\n\t\t\t<h2 class="entry-title"><a href="{href}" rel="bookmark">{wp(post.title)}</a></h2>\t\t</header><!-- .entry-header -->\n'
            '\t\t\t\t<div class="entry-meta">\n\t\t\t\t\t'
            f'{self._byline(post.authors)}<span class="posted-on"><a href="{href}" rel="bookmark">{_time(post)}</a></span>\t\t\t\t</div><!-- .meta-info -->\n'
            "\t\t\t</div><!-- .entry-container -->\n</article><!-- #post-${ID} -->\n"
        )

    NAV_LABEL = NAV_HEADING = "Posts pagination"
    NAV_PREV = '<svg class="svg-icon" width="22" height="22" aria-hidden="true" role="img" viewBox="0 0 24 24"></svg> <span class="nav-prev-text">Newer posts</span>'
    NAV_NEXT = '<span class="nav-next-text">Older posts</span> <svg class="svg-icon" width="22" height="22" aria-hidden="true" role="img" viewBox="0 0 24 24"></svg>'
    NAV_MINIFIED = False  # core's newlines and tabs

    def _archive_header(self, heading: str) -> str:
        return (
            '<header class="page-header">\n\t<span>\n'
            f'\t\t<h1 class="page-title article-section-title"><span class="page-description">{esc(heading)}</span></h1>\n'
            "\t</span>\n</header><!-- .page-header -->\n"
        )

    def _listing_main(self, header: str, items: str, nav: str) -> str:
        return f'{header}<div id="posts-list" class="archive-posts">{items}</div>{nav}'

    def _not_found_main(self) -> str:
        return (
            '<section class="error-404 not-found">\n\t<header class="page-header">\n\t\t<h1 class="page-title">Oops! That page can&rsquo;t be found.</h1>\n\t</header><!-- .page-header -->\n'
            '\t<div class="page-content">\n\t\t<p>It looks like nothing was found at this location. Maybe try a search?</p>\n'
            f'<form role="search" method="get" class="search-form" action="{self.theme.base}/"><label for="search-form-1"><span class="screen-reader-text">Search for:</span></label>'
            '<input type="search" id="search-form-1" class="search-field" placeholder="Search &hellip;" value="" name="s" /></form>\n'
            "\t</div><!-- .page-content -->\n</section><!-- .error-404 -->"
        )
