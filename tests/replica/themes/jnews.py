"""JNews 11 (single post template 1) with Rank Math SEO and JNews' own add-ons
(Social Share, inline related posts, ads): a held-out variant (no site profile).

`div.jeg_content.jeg_singlepage`: breadcrumbs, `div.entry-header` (`h1.jeg_post_title`,
the subtitle `h2.jeg_post_subtitle`, `div.jeg_meta_container` with avatar, "by"
author, the date as a plain link (no `<time>`) and "in" every category), the
featured image with its caption (`div.jeg_featured` > `p.wp-caption-text`), the
top share bar (`jeg_share_top_container`: share and view counts, "Share on
Facebook" / "Share on Twitter"), then `div.entry-content` > `div.content-inner`
holding the post, JNews' inline related posts block after the second paragraph
(`div.jnews_inline_related_post_wrapper`, heading "Read Also", three title
links), "READ ALSO:" link paragraphs, JNews inline ads (`div.jeg_ad
jnews_content_inline_ads`, "ADVERTISEMENT" under the slot), classic tweet
blockquotes, `<p>&nbsp;</p>` and, still inside `content-inner`, the tags
(`div.jeg_post_tags`, "Tags:").  After it, in `entry-content`: the bottom share
bar; then the bottom ad, `jnews_prev_next_container` ("Previous Post" / "Next
Post"), `jnews_author_box_container`, `jnews_related_post_container` ("Related
Posts" grid with dates) and the comment form.  Rank Math: OpenGraph, JSON-LD
(`BlogPosting`, headline with the " - Site" suffix, its default), sitemaps
`/sitemap_index.xml`.  Listings: `article.jeg_post.jeg_pl_lg_2` with
`h3.jeg_post_title a`, "Read more", and JNews' own pagination
(`div.jeg_pagination` > `a.page_nav.next`, no `.page-numbers`); Rank Math
prints `<link rel="next">` in the head.  Permalinks
`/%year%/%monthnum%/%day%/%postname%/`.  Markup checked against the JNews theme
templates (fragment/post/single-post-1.php, meta-post-1.php, author-box.php,
prev-next-post.php) and saved JNews pages (inline related block, share bars,
tags).
"""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

from urllib.parse import quote

from ..listing_page import Listing
from ..model import Author, Kind, Post, human_date, slugify
from ..theme import esc, wp
from .astra import Astra
from .base import Skin, nth
from .common import category_menu, comment_form, latest_posts

JNEWS = "11.6.2"


class JNews(Skin):
    """Pages of a JNews + Rank Math site."""

    ARCHIVE_CLASS = "archive {kind} jeg_toggle_light jnews jsc_normal"
    HOME_CLASS = "home blog jeg_toggle_light jnews jsc_normal"
    NOT_FOUND_HEAD = '<meta name="robots" content="follow, noindex"/>\n'

    # Rank Math prints the same head on every theme (tests/replica/themes/astra.py).
    def _list_head(self, title: str, url: str, listing: Listing, number: int) -> str:
        return Astra._list_head(self, title, url, listing, number)  # type: ignore[arg-type]

    def _head(self, post: Post, title: str) -> str:
        # Rank Math's single-post head; no Jetpack here, so core's own shortlink.
        head = Astra._rank_math(self, post, title)  # type: ignore[arg-type]
        return head.replace("https://wp.me/p9xYz-", f"{self.theme.base}/?p=")

    def _page(self, title: str, head: str, body_class: str, main: str) -> str:
        base = self.theme.base
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n{head}"
            f"<link rel='stylesheet' id='jnews-frontend-css' href='{base}/wp-content/themes/jnews/assets/dist/frontend.min.css?ver={JNEWS}' media='all' />\n"
            f"<link rel='stylesheet' id='jnews-social-share-css' href='{base}/wp-content/plugins/jnews-social-share/assets/css/plugin.css?ver=11.0.2' media='all' />\n"
            "</head>\n"
            f'<body class="{body_class} wp-embed-responsive jeg_single_tpl_1 jnews-dark-nocookie">\n'
            "<div class=\"jeg_ad jeg_ad_top jnews_header_top_ads\"><div class='ads-wrapper  '></div></div>\n"
            '<div class="jeg_viewport">\n'
            f"{self._header()}\n"
            f'<div class="jeg_main "><div class="jeg_container">{main}</div></div>\n'
            f"{self._footer()}\n"
            "</div>\n"
            f"<script type='text/javascript' src='{base}/wp-content/themes/jnews/assets/dist/frontend.min.js?ver={JNEWS}' id='jnews-frontend-js'></script>\n"
            "</body>\n</html>\n"
        )

    def _header(self) -> str:
        theme = self.theme
        menu = category_menu(theme, 8, 120, li_class="bgnav ")
        return (
            '<div class="jeg_header_wrapper"><div class="jeg_header normal">'
            '<div class="jeg_topbar jeg_container jeg_navbar_wrapper dark"><div class="container"><div class="jeg_nav_row">'
            '<div class="jeg_nav_col jeg_nav_left jeg_nav_grow"><div class="item_wrap jeg_nav_alignleft">'
            '<div class="jeg_nav_item jeg_top_date">Friday, November 20, 2026</div></div></div></div></div></div>'
            '<div class="jeg_midbar jeg_container jeg_navbar_wrapper normal"><div class="container"><div class="jeg_nav_row">'
            '<div class="jeg_nav_col jeg_nav_left jeg_nav_normal"><div class="item_wrap jeg_nav_alignleft">'
            f'<div class="jeg_nav_item jeg_logo jeg_desktop_logo"><h1 class="site-title"><a href="{theme.base}/" style="padding: 0 0 0 0;">{esc(theme.site_name)}</a></h1></div>'
            "</div></div></div></div></div>"
            '<div class="jeg_bottombar jeg_navbar jeg_container jeg_navbar_wrapper jeg_navbar_normal jeg_navbar_normal"><div class="container"><div class="jeg_nav_row">'
            '<div class="jeg_nav_col jeg_nav_left jeg_nav_grow"><div class="item_wrap jeg_nav_alignleft">'
            '<div class="jeg_nav_item jeg_main_menu_wrapper"><div class="jeg_mainmenu_wrap">'
            f'<ul class="jeg_menu jeg_main_menu jeg_menu_style_1" data-animation="animate">{menu}</ul>'
            "</div></div></div></div></div></div></div>"
            "</div></div>"
        )

    def _sidebar(self) -> str:
        return (
            '<div class="jeg_sidebar  jeg_sticky_sidebar col-md-4"><div class="jegStickyHolder"><div class="theiaStickySidebar">'
            '<div class="widget widget_block widget_recent_entries" id="block-3"><div class="jeg_block_heading jeg_block_heading_6 jnews_module_sidebar">'
            '<h3 class="jeg_block_title"><span>Recent News</span></h3></div>'
            f"{latest_posts(self.theme)}</div></div></div></div>"
        )

    def _footer(self) -> str:
        name = esc(self.theme.site_name)
        return (
            '<div class="footer-holder" id="footer" data-id="footer"><div class="jeg_footer jeg_footer_1 dark">'
            '<div class="jeg_footer_container jeg_container"><div class="jeg_footer_bottom"><div class="container">'
            f'<p class="copyright"> &copy; 2026 {name} - All Rights Reserved.</p>'
            "</div></div></div></div></div>"
        )

    # ----------------------------------------------------------- articles

    def _avatar(self, author: Author, size: int) -> str:
        return (
            f"<img alt='{esc(author.name)}' src='https://secure.gravatar.com/avatar/{slugify(author.slug)}?s={size}&#038;d=mm&#038;r=g' "
            f"class='avatar avatar-{size} photo' height='{size}' width='{size}' decoding='async'/>"
        )

    def _meta(self, post: Post) -> str:
        """fragment/post/meta-post-1.php: author, date (a plain link), categories."""
        theme = self.theme
        author = ""
        if post.authors:
            a = post.authors[0]
            author = (
                f'<div class="jeg_meta_author">{self._avatar(a, 80)}<span class="meta_text">by</span> '
                f'<a href="{theme.base}/author/{a.slug}/">{esc(a.name)}</a></div>'
            )
        cats = ", ".join(
            f'<a href="{theme.category_url(c)}" rel="category tag">{esc(theme.names[c])}</a>'
            for c in post.categories
        )
        return (
            '<div class="jeg_post_meta jeg_post_meta_1"><div class="meta_left">'
            f"{author}"
            f'<div class="jeg_meta_date"><a href="{esc(theme.url(post))}">{human_date(post.published)}</a></div>'
            f'<div class="jeg_meta_category"><span><span class="meta_text">in</span> {cats}</span></div>'
            '</div><div class="meta_right"><div class="jeg_meta_comment">'
            f'<a href="{esc(theme.url(post))}#comments"><i class="fa fa-comment-o"></i> 0</a></div></div></div>'
        )

    def _share(self, post: Post, where: str) -> str:
        """JNews Social Share: the top bar (with counts) or the bottom one."""
        url = quote(self.theme.url(post), safe="")
        text = quote(post.title, safe="")
        buttons = (
            f'<a href="http://www.facebook.com/sharer.php?u={url}" rel=\'nofollow\' class="jeg_btn-facebook expanded"><i class="fa fa-facebook-official"></i><span>Share on Facebook</span></a>'
            f'<a href="https://twitter.com/intent/tweet?text={text}&url={url}" rel=\'nofollow\' class="jeg_btn-twitter expanded"><i class="fa fa-twitter"><svg xmlns="http://www.w3.org/2000/svg" height="1em" viewBox="0 0 512 512"></svg></i><span>Share on Twitter</span></a>'
            '<div class="share-secondary">'
            f'<a href="https://www.linkedin.com/shareArticle?url={url}&title={text}" rel=\'nofollow\' class="jeg_btn-linkedin "><i class="fa fa-linkedin"></i></a>'
            f'<a href="//api.whatsapp.com/send?text={text}%0A{url}" rel=\'nofollow\' class="jeg_btn-whatsapp "><i class="fa fa-whatsapp"></i></a>'
            "</div>"
        )
        if where == "top":
            views = 120 + post.wp_id % 900
            return (
                '<div class="jeg_share_top_container"><div class="jeg_share_button clearfix"><div class="jeg_share_stats">'
                f'<div class="jeg_share_count"><div class="counts">{post.wp_id % 40}</div><span class="sharetext">SHARES</span></div>'
                f'<div class="jeg_views_count"><div class="counts">{views}</div><span class="sharetext">VIEWS</span></div></div>'
                f'<div class="jeg_sharelist">{buttons}</div></div></div>'
            )
        return (
            '<div class="jeg_share_bottom_container"><div class="jeg_share_button share-bottom clearfix">'
            f'<div class="jeg_sharelist">{buttons}</div></div></div>'
        )

    def _postblock(self, posts: list[Post], block: str, heading: str, item: str) -> str:
        """A JNews post block (`jeg_postblock_N`): heading, then title links."""
        theme = self.theme
        articles = "".join(
            f'<article class="jeg_post {item} format-standard"><div class="jeg_postblock_content">'
            f'<h3 class="jeg_post_title"><a href="{esc(theme.url(p))}">{wp(p.title)}</a></h3>'
            + (
                f'<div class="jeg_post_meta"><div class="jeg_meta_date"><a href="{esc(theme.url(p))}"><i class="fa fa-clock-o"></i> {human_date(p.published)}</a></div></div>'
                if block == "jeg_postblock_22"
                else ""
            )
            + "</div></article>"
            for p in posts
        )
        unique = f"jnews_module_{posts[0].wp_id}_0_{block[-2:]}"
        return (
            f'<div class="{block} jeg_postblock jeg_module_hook jeg_pagination_disable jeg_col_2o3 {unique}   " data-unique="{unique}">'
            f'<div class="jeg_block_heading jeg_block_heading_6 jeg_subcat_right"><h3 class="jeg_block_title"><span>{heading}</span></h3></div>'
            f'<div class="jeg_block_container"><div class="jeg_posts "><div class="jeg_postsmall jeg_load_more_flag">{articles}</div></div></div>'
            '<div class="jeg_block_navigation">&nbsp;</div></div>'
        )

    def _inline_related(self, post: Post) -> str:
        """JNews' inline related posts, inserted after the second paragraph."""
        related = self.theme.site.related_posts(post)
        if not related:
            return ""
        return (
            "<div class='jnews_inline_related_post_wrapper left half'>\n"
            f'<div class="jnews_inline_related_post">{self._postblock(related, "jeg_postblock_29", "Read Also", "jeg_pl_xs")}</div>\n'
            "</div>"
        )

    def _ad(self, where: str, n: int = 0) -> str:
        code = (
            '<ins class="adsbygoogle" style="display:inline-block;width:336px;height:280px" '
            f'data-ad-client="ca-pub-0000000000000000" data-ad-slot="77{n:02d}415520"></ins>\n'
            "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>"
        )
        return (
            f"<div class=\"jeg_ad jeg_article jnews_{where}_ads \"><div class='ads-wrapper align-center '>"
            f"<div class='ads_code'>{code}</div><div class='ads-text'>ADVERTISEMENT</div></div></div>"
        )

    def also_block(self, post: Post, target: Post, style: int) -> str:
        href = esc(self.theme.url(target))
        if style == 0:
            return f'<p><strong>READ ALSO:</strong> <a href="{href}">{wp(target.title)}</a></p>'
        return f'<p><strong>Also Read: <a href="{href}">{wp(target.title)}</a></strong></p>'

    def ad_block(self, post: Post, n: int) -> str:
        return self._ad("content_inline", n)

    def after_block(self, post: Post, i: int) -> list[str]:
        """JNews' inline related posts, after the second paragraph."""
        second = nth(post, i, (Kind.PARA, Kind.REPEAT)) == 2
        return [self._inline_related(post)] if second else []

    def article(self, post: Post) -> str:
        theme = self.theme
        title = self.article_title(post)
        url = esc(theme.url(post))
        primary = post.categories[0]
        older, newer = theme.site.neighbours(post)
        crumbs = (
            '<div class="jeg_breadcrumbs jeg_breadcrumb_container"><div id="breadcrumbs">'
            f'<span class=""><a href="{theme.base}">Home</a></span><i class="fa fa-angle-right"></i>'
            f'<span class=""><a href="{theme.category_url(primary)}">{esc(theme.names[primary])}</a></span><i class="fa fa-angle-right"></i>'
            f'<span class="breadcrumb_last_link"><a href="{url}">{wp(post.title)}</a></span></div></div>'
        )
        subtitle = f'<h2 class="jeg_post_subtitle">{esc(post.summary)}</h2>' if post.summary else ""
        caption = f'<p class="wp-caption-text">{wp(post.caption)}</p>' if post.caption else ""
        featured = (
            f'<div class="jeg_featured featured_image"><a href="{theme.image_url(post)}">'
            '<div class="thumbnail-container animate-lazy" style="padding-bottom:50%">'
            f'<img width="750" height="375" src="{theme.image_url(post)}" class="attachment-jnews-750x375 size-jnews-750x375 lazyloaded wp-post-image" alt="" decoding="async" fetchpriority="high" /></div>'
            f"{caption}</a></div>"
        )
        tags = (
            '<div class="jeg_post_tags"><span>Tags:</span> '
            + " ".join(
                f'<a href="{theme.base}/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>'
                for t in post.tags
            )
            + "</div>"
            if post.tags
            else ""
        )
        prevnext = (
            '<div class="jnews_prev_next_container"><div class="jeg_prevnext_post">'
            + (
                f'<a href="{esc(theme.url(older))}" class="post prev-post"><span class="caption">Previous Post</span>'
                f'<h3 class="post-title">{wp(older.title)}</h3></a>'
                if older
                else ""
            )
            + (
                f'<a href="{esc(theme.url(newer))}" class="post next-post"><span class="caption">Next Post</span>'
                f'<h3 class="post-title">{wp(newer.title)}</h3></a>'
                if newer
                else ""
            )
            + "</div></div>"
        )
        authorbox = ""
        if post.authors:
            a = post.authors[0]
            authorbox = (
                '<div class="jnews_author_box_container "><div class="jeg_authorbox">'
                f'<div class="jeg_author_image">{self._avatar(a, 80)}</div>'
                f'<div class="jeg_author_content"><h3 class="jeg_author_name"><a href="{theme.base}/author/{a.slug}/">{esc(a.name)}</a></h3>'
                f'<p class="jeg_author_desc">{esc(a.name)} is a staff writer at {esc(theme.site_name)}, covering politics and the economy.</p>'
                '<div class="jeg_author_socials"></div></div></div></div>'
            )
        related_posts = theme.site.related_posts(post)
        related = (
            '<div class="jnews_related_post_container">'
            + self._postblock(related_posts, "jeg_postblock_22", "Related Posts", "jeg_pl_md_box")
            + "</div>"
            if related_posts
            else ""
        )
        comments = (
            '<div class="jnews_comment_container"><div id="comments" class="jeg_comments">'
            f"{comment_form(theme, post, 'Leave a Reply')}</div></div>"
            if post.comments_open
            else ""
        )
        main = (
            '<div class="jeg_content jeg_singlepage"><div class="container">\n'
            "<div class=\"jeg_ad jeg_article jnews_article_top_ads\"><div class='ads-wrapper  '></div></div>\n"
            '<div class="row"><div class="jeg_main_content col-md-8"><div class="jeg_inner_content">\n'
            f"{crumbs}\n"
            f'<div class="entry-header">\n<h1 class="jeg_post_title">{wp(post.title)}</h1>\n{subtitle}\n'
            f'<div class="jeg_meta_container">{self._meta(post)}</div>\n</div>\n'
            f"{featured}\n{self._share(post, 'top')}\n"
            f"<div class=\"jeg_ad jeg_article jnews_content_top_ads \"><div class='ads-wrapper  '></div></div>\n"
            '<div class="entry-content no-share">\n'
            '<div class="jeg_share_button share-float jeg_sticky_share clearfix share-monocrhome"><div class="jeg_share_float_container"></div></div>\n'
            f'<div class="content-inner ">\n{self.content(post)}{tags}\n</div>\n'
            f"{self._share(post, 'bottom')}\n"
            "<div class='jeg_push_notification single_post'></div>\n"
            "</div>\n"
            f"{self._ad('content_bottom', 9)}{prevnext}{authorbox}{related}{comments}\n"
            f"</div></div>{self._sidebar()}</div>\n"
            "<div class=\"jeg_ad jeg_article jnews_article_bottom_ads\"><div class='ads-wrapper  '></div></div>\n"
            "</div></div>"
        )
        body_class = f"wp-singular post-template-default single single-post postid-{post.wp_id} single-format-standard"
        return self._page(title, self._head(post, title), body_class, main)

    # ----------------------------------------------------------- listings

    def _item(self, post: Post) -> str:
        theme = self.theme
        href = esc(theme.listing_href(post))
        primary = post.categories[0]
        author = (
            f'<div class="jeg_meta_author"><span class="by">by</span> <a href="{theme.base}/author/{post.authors[0].slug}/">{esc(post.authors[0].name)}</a></div>'
            if post.authors
            else ""
        )
        return (
            f'<article class="jeg_post jeg_pl_lg_2 format-standard"><div class="jeg_thumb">'
            f'<a href="{href}"><div class="thumbnail-container animate-lazy  size-715 "><img width="350" height="250" src="{theme.image_url(post)}" class="attachment-jnews-350x250 size-jnews-350x250 lazyload wp-post-image" alt="" decoding="async" /></div></a>'
            f'<div class="jeg_post_category"><span><a href="{theme.category_url(primary)}" class="category-{theme.slugs[primary]}">{esc(theme.names[primary])}</a></span></div></div>'
            f'<div class="jeg_postblock_content"><h3 class="jeg_post_title"><a href="{href}">{wp(post.title)}</a></h3>'
            f'<div class="jeg_post_meta">{author}<div class="jeg_meta_date"><a href="{href}"><i class="fa fa-clock-o"></i> {human_date(post.published)}</a></div></div>'
            f'<div class="jeg_post_excerpt"><p>{wp(post.excerpt(20))}</p><a href="{href}" class="jeg_readmore">Read more</a></div></div></article>'
        )

    def _pagination(self, listing: Listing, number: int) -> str:
        """JNews' own archive pagination (no `.page-numbers`, no rel)."""
        base = self.theme.base
        parts = [f'<span class="page_info">Page {number} of {listing.pages}</span>']
        if number > 1:
            parts.append(
                f'<a href="{base}{listing.page_path(number - 1)}" class="page_nav prev" data-id="{number - 1}"><span class="navtext">Prev</span></a>'
            )
        for n in range(max(1, number - 2), min(listing.pages, number + 2) + 1):
            if n == number:
                parts.append(f'<span class="page_number active">{n}</span>')
            else:
                parts.append(
                    f'<a href="{base}{listing.page_path(n)}" class="page_number" data-id="{n}">{n}</a>'
                )
        if number < listing.pages:
            parts.append(
                f'<a href="{base}{listing.page_path(number + 1)}" class="page_nav next" data-id="{number + 1}"><span class="navtext">Next</span></a>'
            )
        return (
            '<div class="jeg_navigation jeg_pagination jeg_pagenav_1 jeg_aligncenter no_navtext no_pageinfo">'
            + "".join(parts)
            + "</div>"
        )

    def _archive_header(self, heading: str) -> str:
        return f'<div class="jeg_archive_header"><h1 class="jeg_archive_title">{esc(heading)}</h1></div>'

    def _listing_main(self, header: str, items: str, nav: str) -> str:
        return (
            '<div class="jeg_content"><div class="jnews_archive_above_content_wrapper"></div><div class="container">'
            '<div class="jeg_section"><div class="row"><div class="jeg_main_content col-sm-8">'
            f'{header}<div class="jnews_archive_content_wrapper"><div class="jeg_postblock_5 jeg_postblock jeg_col_2o3">'
            f'<div class="jeg_block_container"><div class="jeg_posts jeg_load_more_flag">{items}</div></div>'
            f'<div class="jeg_block_navigation">{nav}</div></div></div></div>'
            f"{self._sidebar()}</div></div></div></div>"
        )

    def _not_found_main(self) -> str:
        return (
            '<div class="jeg_content"><div class="container"><div class="jeg_404_content">'
            '<h1 class="jeg_archive_title">Page Not Found</h1>'
            "<p>We're sorry, but the page you are looking for doesn't exist.</p>"
            f'<form action="{self.theme.base}/" method="get" class="jeg_search_form" target="_top">'
            '<input name="s" class="jeg_search_input" placeholder="Search..." type="text" value="" autocomplete="off"></form>'
            "</div></div></div>"
        )
