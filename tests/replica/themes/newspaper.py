"""tagDiv Newspaper (classic single template) with Yoast SEO.

`td-post-title` > `h1.entry-title`, the standfirst in `p.td-post-sub-title`,
the content in `div.td-post-content` (featured image and its caption inside
it, tagDiv ad blocks `td-a-rec` with "- Advertisement -", "READ MORE" links),
the share bar `td-post-sharing`, tags, previous/next, author box, related
posts (`td_module_related_posts`); listings of `td_module_10` modules with
`div.page-nav` pagination.  Permalinks `/%category%/%postname%/`.
"""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

from urllib.parse import quote

from ..listing_page import Listing
from ..model import PER_PAGE, Post, human_date, iso, slugify
from ..theme import esc, wp
from .base import Skin
from .common import category_menu, comment_form, listing_excerpt, post_class, term_feed_link
from .yoast import yoast_head


class Newspaper(Skin):
    """Pages of a Newspaper-themed site."""

    SEP = " | "
    ARCHIVE_CLASS = "archive {kind} td-standard-pack"
    HOME_CLASS = "home blog td-standard-pack"
    NOT_FOUND_CLASS = "error404 td-standard-pack"

    # ------------------------------------------------------------- chrome

    def _page(self, title: str, head: str, body_class: str, main: str) -> str:
        base = self.theme.base
        return (
            '<!doctype html >\n<!--[if IE 8]>    <html class="ie8" lang="en"> <![endif]-->\n'
            '<html lang="en-US">\n<head>\n'
            f"    <title>{title}</title>\n"
            '    <meta charset="UTF-8" />\n    <meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f'    <link rel="pingback" href="{base}/xmlrpc.php" />\n{head}'
            f"<link rel='stylesheet' id='td-theme-css' href='{base}/wp-content/themes/Newspaper/style.css?ver=12.6.2' type='text/css' media='all' />\n"
            f'</head>\n\n<body class="{body_class} global-block-template-1 td-animation-stack-type0 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">\n'
            '<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>\n'
            '<div id="td-outer-wrap" class="td-theme-wrap">\n'
            f"{self._header()}\n{main}\n{self._footer()}\n</div>\n"
            f"<script type='text/javascript' src='{base}/wp-content/themes/Newspaper/js/tagdiv_theme.min.js?ver=12.6.2' id='td-site-min-js'></script>\n"
            "</body>\n</html>\n"
        )

    def _header(self) -> str:
        theme = self.theme
        menu = category_menu(theme, 9, 201, li_class="td-menu-item td-normal-menu ")
        latest = theme.site.latest(4)
        trending = "".join(
            f'<div class="td-trending-now-post"><a href="{esc(theme.url(p))}" class="td-trending-now-title">{wp(p.title)}</a></div>'
            for p in latest
        )
        return (
            '<div class="td-header-wrap td-header-style-1 ">'
            '<div class="td-header-top-menu-full td-container-wrap "><div class="td-container td-header-row td-header-top-menu">'
            '<div class="top-bar-style-1"><div class="td-header-sp-top-menu">'
            f'<div class="td_data_time"><div>{human_date(theme.site.clock)}</div></div>'
            '<div class="menu-top-container"><ul id="menu-top" class="top-header-menu">'
            f'<li class="menu-item"><a href="{theme.base}/about-us/">About us</a></li><li class="menu-item"><a href="{theme.base}/contact/">Contact</a></li></ul></div></div></div></div></div>'
            '<div class="td-banner-wrap-full td-logo-wrap-full td-container-wrap "><div class="td-container td-header-row td-header-header">'
            f'<div class="td-header-sp-logo"><h1 class="td-logo"><a class="td-main-logo" href="{theme.base}/">'
            f'<img class="td-retina-data" src="{theme.base}/wp-content/uploads/2023/01/logo.png" alt="{esc(theme.site_name)}"/>'
            f'<span class="td-visual-hidden">{esc(theme.site_name)}</span></a></h1></div>'
            '<div class="td-header-sp-recs"><div class="td-header-rec-wrap"><div class="td-a-rec td-a-rec-id-header  tdi_1 td_block_template_1">'
            '<span class="td-adspot-title">- Advertisement -</span><div class="td-all-devices"><a href="#"><img src="'
            f'{theme.base}/wp-content/uploads/2023/01/banner-728.png" alt="" /></a></div></div></div></div></div></div>'
            '<div class="td-header-menu-wrap-full td-container-wrap "><div class="td-header-menu-wrap td-header-gradient ">'
            '<div class="td-container td-header-row td-header-main-menu"><div id="td-header-menu" role="navigation">'
            '<div class="menu-td-demo-header-menu-container"><ul id="menu-td-demo-header-menu" class="sf-menu">'
            f'<li id="menu-item-200" class="menu-item menu-item-type-custom menu-item-object-custom current-menu-item menu-item-home menu-item-first td-menu-item td-normal-menu menu-item-200"><a href="{theme.base}/">Home</a></li>'
            f"{menu}</ul></div></div></div></div></div>"
            '<div class="td-container"><div class="td-trending-now-wrapper" id="tdi_2"><div class="td-trending-now-display-area">'
            f'<span class="td-trending-now-title">Trending Now</span>{trending}</div></div></div>'
            "</div>"
        )

    def _footer(self) -> str:
        theme = self.theme
        popular = "".join(self._module(p, "td_module_6") for p in theme.site.latest(3))
        cats = "".join(
            f'<li><a href="{theme.category_url(slug)}">{esc(name)}</a></li>'
            for slug, name in theme.names.items()
        )
        return (
            '<div class="td-footer-wrapper td-footer-container td-container-wrap "><div class="td-container"><div class="td-pb-row">'
            f'<div class="td-pb-span4"><div class="td_block_wrap td_block_7 td_block_template_1"><div class="td-block-title-wrap"><h4 class="block-title td-block-title"><span class="td-pulldown-size">Editor Picks</span></h4></div><div class="td_block_inner">{popular}</div></div></div>'
            f'<div class="td-pb-span4"><div class="td_block_wrap td_block_popular_categories td_block_template_1 widget widget_categories"><h4 class="block-title td-block-title"><span>Popular Category</span></h4><ul class="td-pb-padding-side">{cats}</ul></div></div>'
            "</div></div></div>"
            '<div class="td-sub-footer-container td-container-wrap "><div class="td-container"><div class="td-pb-row">'
            f'<div class="td-pb-span td-sub-footer-copy">&copy; Copyright 2026 - {esc(theme.site_name)}. All rights reserved.</div>'
            "</div></div></div>"
        )

    def _module(self, post: Post, kind: str, excerpt: bool = False, utm: bool = True) -> str:
        """A tagDiv listing module (td_module_10: list row; td_module_6: small)."""
        theme = self.theme
        href = esc(theme.listing_href(post) if utm else theme.url(post))
        title = esc(post.title)
        author = (
            f'<span class="td-post-author-name"><a href="{theme.base}/author/{post.authors[0].slug}/">{esc(post.authors[0].name)}</a> <span>-</span> </span>'
            if post.authors
            else ""
        )
        return (
            f'<div class="{kind} td_module_wrap td-animation-stack">'
            f'<div class="td-module-thumb"><a href="{href}" rel="bookmark" class="td-image-wrap " title="{title}">'
            f'<img class="entry-thumb" src="{theme.image_url(post)}" alt="" title="{title}" width="218" height="150" /></a></div>'
            '<div class="item-details">'
            f'<h3 class="entry-title td-module-title"><a href="{href}" rel="bookmark" title="{title}">{wp(post.title)}</a></h3>'
            f'<div class="td-module-meta-info">{author}<span class="td-post-date"><time class="entry-date updated td-module-date" '
            f'datetime="{iso(post.published)}" >{human_date(post.published)}</time></span>'
            '<span class="td-module-comments"><a href="#respond">0</a></span></div>'
            + (f'<div class="td-excerpt">{wp(listing_excerpt(post, 25))}</div>' if excerpt else "")
            + "</div></div>"
        )

    # --------------------------------------------------------------- head

    def _yoast(self, post: Post, title: str) -> str:
        return yoast_head(
            self.theme,
            post,
            title,
            version="21.7",
            authors=post.authors[:1],
            sep=self.SEP,
            webpage_first=True,
        )

    def _list_head(self, title: str, url: str, listing: Listing, number: int) -> str:
        base, name = self.theme.base, esc(self.theme.site_name)
        lines = [
            '<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1" />',
            f'<link rel="canonical" href="{url}" />',
            '<meta property="og:type" content="website" />',
            f'<meta property="og:title" content="{title}" />',
            f'<meta property="og:url" content="{url}" />',
            f'<meta property="og:site_name" content="{name}" />',
            f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{base}/feed/" />',
        ]
        lines += term_feed_link(self.theme, listing)
        lines.append(f'<link rel="https://api.w.org/" href="{base}/wp-json/" />')
        return "\n".join(lines) + "\n"

    # ----------------------------------------------------------- articles

    def _share(self, post: Post, where: str) -> str:
        url = quote(self.theme.url(post), safe="")
        text = quote(post.title, safe="")
        nets = [
            ("facebook", "Facebook", f"https://www.facebook.com/sharer.php?u={url}"),
            ("twitter", "Twitter", f"https://twitter.com/intent/tweet?text={text}&amp;url={url}"),
            ("pinterest", "Pinterest", f"https://pinterest.com/pin/create/button/?url={url}"),
            ("whatsapp", "WhatsApp", f"https://api.whatsapp.com/send?text={text}%20%0A%0A%20{url}"),
        ]
        buttons = "".join(
            f'<a class="td-social-sharing-button td-social-sharing-button-js td-social-network td-social-{key}" href="{href}" title="{label}">'
            f'<div class="td-social-but-icon"><i class="td-icon-{key}"></i></div><div class="td-social-but-text">{label}</div></a>'
            for key, label, href in nets
        )
        return (
            f'<div class="td-post-sharing-{where}"><div id="td_social_sharing_article_{where}" class="td-post-sharing td-ps-bg td-ps-notext td-post-sharing-style1 ">'
            '<div class="td-post-sharing-visible"><div class="td-social-sharing-button td-social-sharing-button-js td-social-handler td-social-share-text">'
            '<div class="td-social-but-icon"><i class="td-icon-share"></i></div><div class="td-social-but-text">Share</div></div>'
            f"{buttons}</div></div></div>"
        )

    def content_head(self, post: Post) -> list[str]:
        """The featured image, inside the content column."""
        theme = self.theme
        image = (
            '<div class="td-post-featured-image">'
            + (
                f'<figure><a href="{theme.image_url(post)}" data-caption="{esc(post.caption)}">'
                f'<img class="entry-thumb td-modal-image" src="{theme.image_url(post)}" alt="" title="{esc(post.title)}" width="696" height="464" /></a>'
                f'<figcaption class="wp-caption-text">{wp(post.caption)}</figcaption></figure>'
                if post.caption
                else f'<a href="{theme.image_url(post)}" data-caption=""><img class="entry-thumb td-modal-image" src="{theme.image_url(post)}" alt="" width="696" height="464" /></a>'
            )
            + "</div>"
        )
        return [image]

    def also_block(self, post: Post, target: Post, style: int) -> str:
        href = esc(self.theme.url(target))
        if style == 0:
            return f'<p><strong>READ MORE:</strong> <a href="{href}">{wp(target.title)}</a></p>'
        return f'<p>Also Read: <a href="{href}" target="_blank" rel="noopener">{wp(target.title)}</a></p>'

    def ad_block(self, post: Post, n: int) -> str:
        return (
            '<div class="td-a-rec td-a-rec-id-content_inline  tdi_3 td_block_template_1"><span class="td-adspot-title">- Advertisement -</span>'
            '<ins class="adsbygoogle" style="display:block; text-align:center;" data-ad-layout="in-article" data-ad-format="fluid" '
            'data-ad-client="ca-pub-0000000000000000" data-ad-slot="7284529163"></ins>'
            "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
        )

    def content_tail(self, post: Post) -> list[str]:
        return [
            '<div class="td-a-rec td-a-rec-id-content_bottom  tdi_4 td_block_template_1"><span class="td-adspot-title">- Advertisement -</span>'
            f'<div class="td-all-devices"><a href="#"><img src="{self.theme.base}/wp-content/uploads/2023/01/banner-468.png" alt="" /></a></div></div>'
        ]

    def article(self, post: Post) -> str:
        theme = self.theme
        title = self.article_title(post)
        older, newer = theme.site.neighbours(post)
        author = post.authors[0] if post.authors else None
        cats = "".join(
            f'<li class="entry-category"><a href="{theme.category_url(c)}">{esc(theme.names[c])}</a></li>'
            for c in post.categories
        )
        byline = (
            f'<div class="td-post-author-name"><div class="td-author-by">By</div> <a href="{theme.base}/author/{author.slug}/">{esc(author.name)}</a>'
            '<div class="td-author-line"> - </div> </div>'
            if author
            else ""
        )
        sub = f'<p class="td-post-sub-title">{wp(post.summary)}</p>' if post.summary else ""
        tags = (
            '<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>TAGS</span></li>'
            + "".join(
                f'<li><a href="{theme.base}/tag/{slugify(t)}/">{esc(t)}</a></li>' for t in post.tags
            )
            + "</ul></div>"
            if post.tags
            else ""
        )
        prevnext = (
            '<div class="td-block-row td-post-next-prev">'
            + (
                f'<div class="td-block-span6 td-post-prev-post"><div class="td-post-next-prev-content"><span>Previous article</span><a href="{esc(theme.url(older))}">{wp(older.title)}</a></div></div>'
                if older
                else '<div class="td-block-span6 td-post-prev-post"></div>'
            )
            + '<div class="td-next-prev-separator"></div>'
            + (
                f'<div class="td-block-span6 td-post-next-post"><div class="td-post-next-prev-content"><span>Next article</span><a href="{esc(theme.url(newer))}">{wp(newer.title)}</a></div></div>'
                if newer
                else ""
            )
            + "</div>"
        )
        box = (
            f'<div class="author-box-wrap"><a href="{theme.base}/author/{author.slug}/"><img alt="" src="{theme.base}/wp-content/uploads/avatars/{author.slug}.jpg" class="avatar avatar-96 photo" height="96" width="96"></a>'
            f'<div class="desc"><div class="td-author-name vcard author"><span class="fn"><a href="{theme.base}/author/{author.slug}/">{esc(author.name)}</a></span></div>'
            f'<div class="td-author-description">{esc(author.name)} covers politics and business for {esc(theme.site_name)}.</div>'
            '<div class="td-author-social"></div><div class="clearfix"></div></div></div>'
            if author
            else ""
        )
        related = "".join(
            f'<div class="td-related-span4">{self._module(p, "td_module_related_posts td-animation-stack td_mod_related_posts", utm=False)}</div>'
            for p in theme.site.related_posts(post)
        )
        comments = (
            f'<div class="comments" id="comments">{comment_form(theme, post, "LEAVE A REPLY")}</div>'
            if post.comments_open
            else ""
        )
        main = (
            '<div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-template-default ">'
            f'<div class="td-crumb-container"><div class="entry-crumbs"><span><a title="" class="entry-crumb" href="{theme.base}/">Home</a></span> '
            f'<i class="td-icon-right td-bread-sep"></i> <span><a title="View all posts in {esc(theme.names[post.categories[0]])}" class="entry-crumb" href="{theme.category_url(post.categories[0])}">{esc(theme.names[post.categories[0]])}</a></span></div></div>'
            '<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">'
            f'<article id="post-{post.wp_id}" class="{post_class(theme, post, hentry=False, tags=False)}" itemscope itemtype="https://schema.org/Article">'
            f'<div class="td-post-header"><ul class="td-category">{cats}</ul>'
            f'<header class="td-post-title"><h1 class="entry-title">{wp(post.title)}</h1>{sub}'
            f'<div class="td-module-meta-info">{byline}<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{iso(post.published)}" >{human_date(post.published)}</time></span>'
            '<div class="td-post-comments"><a href="#respond"><i class="td-icon-comments"></i>0</a></div>'
            f'<div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-{post.wp_id}">{post.wp_id % 977 + 12}</span></div></div>'
            "</header></div>"
            f"{self._share(post, 'top')}"
            f'<div class="td-post-content tagdiv-type">\n{self.content(post)}</div>'
            f"<footer>{tags}{self._share(post, 'bottom')}{prevnext}{box}"
            f'<meta itemprop="author" content="{esc(author.name) if author else ""}"><meta itemprop="datePublished" content="{iso(post.published)}">'
            f'<meta itemprop="dateModified" content="{iso(post.modified)}"></footer></article>'
            '<div class="td_block_wrap td_block_related_posts tdi_5 td_with_ajax_pagination td-pb-border-top td_block_template_1" data-td-block-uid="tdi_5">'
            '<h4 class="td-related-title td-block-title"><a id="tdi_6" class="td-related-left td-cur-simple-item" data-td_filter_value="" data-td_block_id="tdi_5" href="#">RELATED ARTICLES</a>'
            '<a id="tdi_7" class="td-related-right" data-td_filter_value="td_related_more_from_author" data-td_block_id="tdi_5" href="#">MORE FROM AUTHOR</a></h4>'
            f'<div id=tdi_5 class="td_block_inner"><div class="td-related-row">{related}</div></div></div>'
            f"{comments}</div></div>{self._sidebar()}</div></div></div>"
        )
        body_class = f"post-template-default single single-post postid-{post.wp_id} single-format-standard td-standard-pack"
        return self._page(title, self._yoast(post, title), body_class, main)

    def _sidebar(self) -> str:
        posts = "".join(self._module(p, "td_module_6") for p in self.theme.site.latest(4))
        return (
            '<div class="td-pb-span4 td-main-sidebar" role="complementary"><div class="td-ss-main-sidebar">'
            '<div class="td_block_wrap td_block_1 td_block_widget td_block_template_1"><div class="td-block-title-wrap"><h4 class="block-title td-block-title"><span class="td-pulldown-size">Latest Articles</span></h4></div>'
            f'<div class="td_block_inner">{posts}</div></div>'
            '<div class="td-a-rec td-a-rec-id-sidebar  tdi_8 td_block_template_1"><span class="td-adspot-title">- Advertisement -</span></div>'
            "</div></div>"
        )

    # ----------------------------------------------------------- listings

    def _page_nav(self, listing: Listing, current: int) -> str:
        """tagDiv's td_page_nav (wp-pagenavi look-alike)."""
        total = listing.pages
        if total < 2:
            return ""
        base = self.theme.base
        parts = []
        if current > 1:
            parts.append(
                f'<a href="{base}{listing.page_path(current - 1)}" aria-label="prev-page" ><i class="td-icon-menu-left"></i></a>'
            )
        shown = sorted({1, *range(max(1, current - 1), min(total, current + 1) + 1), total})
        last = 0
        for n in shown:
            if n - last > 1:
                parts.append('<span class="extend">...</span>')
            if n == current:
                parts.append(f'<span class="current">{n}</span>')
            else:
                cls = "last" if n == total else "page"
                parts.append(
                    f'<a href="{base}{listing.page_path(n)}" class="{cls}" title="{n}">{n}</a>'
                )
            last = n
        if current < total:
            parts.append(
                f'<a href="{base}{listing.page_path(current + 1)}" aria-label="next-page" ><i class="td-icon-menu-right"></i></a>'
            )
        parts.append(f'<span class="pages">Page {current} of {total}</span>')
        return f'<div class="page-nav td-pb-padding-side">{"".join(parts)}<div class="clearfix"></div></div>'

    def _listing(
        self, listing: Listing, number: int, title: str, heading: str, body_class: str
    ) -> str:
        posts = self.theme.site.page(listing.pool, number, PER_PAGE)
        items = "".join(self._module(p, "td_module_10", excerpt=True) for p in posts)
        url = self.theme.base + listing.page_path(number)
        head = heading and (
            '<div class="td-category-header td-container-wrap"><div class="td-container"><div class="td-pb-row"><div class="td-pb-span12">'
            f'<h1 class="entry-title td-page-title">{esc(heading)}</h1></div></div></div></div>'
        )
        top = self._big_grid() if listing.path == "/" and number == 1 else ""
        main = (
            f"{head}{top}"
            '<div class="td-main-content-wrap td-container-wrap"><div class="td-container"><div class="td-pb-row">'
            f'<div class="td-pb-span8 td-main-content"><div class="td-ss-main-content">{items}{self._page_nav(listing, number)}</div></div>'
            f"{self._sidebar()}</div></div></div>"
        )
        return self._page(title, self._list_head(title, url, listing, number), body_class, main)

    def _big_grid(self) -> str:
        """The home page's first page opens with the four latest posts in a big grid."""
        theme = self.theme
        big = "".join(
            f'<div class="td_module_mx5 td-animation-stack td-big-grid-post-{i} td-big-grid-post td-small-thumb">'
            f'<div class="td-module-thumb"><a href="{esc(theme.listing_href(p))}" rel="bookmark" class="td-image-wrap " title="{esc(p.title)}">'
            f'<img class="entry-thumb" src="{theme.image_url(p)}" alt="" width="533" height="261" /></a></div>'
            f'<div class="td-meta-info-container"><div class="td-meta-align"><div class="td-big-grid-meta">'
            f'<a href="{theme.category_url(p.categories[0])}" class="td-post-category">{esc(theme.names[p.categories[0]])}</a>'
            f'<h3 class="entry-title td-module-title"><a href="{esc(theme.listing_href(p))}" rel="bookmark" title="{esc(p.title)}">{wp(p.title)}</a></h3></div></div></div></div>'
            for i, p in enumerate(theme.site.latest(4))
        )
        return f'<div class="td_block_wrap td_block_big_grid_1 td_block_template_1"><div class="td_block_inner"><div class="td-big-grid-wrapper">{big}</div></div></div>'

    def archive_title(self, listing: Listing, number: int) -> str:
        # Its Yoast title template puts " - Page N of M" before the " | " separator.
        paged = f" - {self.page_name(listing, number)}" if number > 1 else ""
        return f"{esc(listing.title)}{paged}{self.SEP}{esc(self.theme.site_name)}"

    def _not_found_main(self) -> str:
        return (
            '<div class="td-main-content-wrap td-container-wrap"><div class="td-container"><div class="td-pb-row"><div class="td-pb-span12">'
            '<div class="td-404-title">Ooops... Error 404</div>'
            '<div class="td-404-sub-title">Sorry, but the page you are looking for doesn\'t exist.</div>'
            f'<div class="td-404-sub-sub-title">You can go to the <a href="{self.theme.base}/">HOMEPAGE</a></div>'
            "</div></div></div></div>"
        )
