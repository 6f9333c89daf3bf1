"""Astra with Jetpack and Rank Math SEO.

`article.ast-article-single` > `div.entry-content`; Jetpack appends its share
buttons and likes (sharedaddy), related posts (`#jp-relatedposts`) and a
subscribe form inside the content; "Related:" / "Read more:" links, WordAds
("Advertisements"); Astra's author box after the content; listings of
`article.ast-article-post` with `nav.navigation.pagination` `.page-numbers`.
Rank Math's JSON-LD headline carries the site suffix (its default
`%seo_title%`).  No visible standfirst.  Permalinks `/%postname%/`.
"""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

import json
from typing import Any

from ..listing_page import Listing
from ..model import Post, human_date, iso, slugify
from ..theme import esc, wp
from .base import Skin
from .common import (
    adjacent_links,
    canonical,
    category_menu,
    comment_form,
    latest_posts,
    listing_excerpt,
    post_class,
    term_feed_link,
)

ASTRA = "4.6.4"


class Astra(Skin):
    """Pages of an Astra + Jetpack + Rank Math site."""

    ARCHIVE_CLASS = "archive {kind} ast-blog-layout-1"
    HOME_CLASS = "home blog ast-blog-layout-1"
    NOT_FOUND_HEAD = '<meta name="robots" content="follow, noindex"/>\n'

    def _page(self, title: str, head: str, body_class: str, main: str) -> str:
        base = self.theme.base
        sidebar = body_class != self.NOT_FOUND_CLASS  # Astra's 404 layout has no sidebar
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<link rel="profile" href="https://gmpg.org/xfn/11">\n'
            f"<title>{title}</title>\n{head}"
            f"<link rel='stylesheet' id='astra-theme-css-css' href='{base}/wp-content/themes/astra/assets/css/minified/main.min.css?ver={ASTRA}' media='all' />\n"
            f"<link rel='stylesheet' id='jetpack_css-css' href='{base}/wp-content/plugins/jetpack/css/jetpack.css?ver=13.0' media='all' />\n"
            f"</head>\n\n<body itemtype='https://schema.org/Blog' itemscope='itemscope' class=\"{body_class} ast-desktop ast-separate-container ast-right-sidebar astra-{ASTRA} ast-inherit-site-logo-transparent ast-hfb-header\">\n"
            '<a class="skip-link screen-reader-text" href="#content" role="link" title="Skip to content">Skip to content</a>\n'
            '<div class="hfeed site" id="page">\n'
            f"{self._header()}\n"
            '<div id="content" class="site-content"><div class="ast-container">\n'
            f'<div id="primary" class="content-area primary"><main id="main" class="site-main">{main}</main></div>\n'
            + (self._sidebar() if sidebar else "")
            + "</div></div>\n"
            f"{self._footer()}</div>\n"
            f"<script src='{base}/wp-content/themes/astra/assets/js/minified/frontend.min.js?ver={ASTRA}' id='astra-theme-js-js'></script>\n"
            "</body>\n</html>\n"
        )

    def _header(self) -> str:
        theme = self.theme
        menu = category_menu(theme, 7, 301, link_class="menu-link")
        return (
            '<header class="site-header header-main-layout-1 ast-primary-menu-enabled ast-logo-title-inline ast-hide-custom-menu-mobile ast-builder-menu-toggle-icon ast-mobile-header-inline" '
            'id="masthead" itemtype="https://schema.org/WPHeader" itemscope="itemscope" itemid="#masthead">'
            '<div id="ast-desktop-header" data-toggle-type="dropdown"><div class="ast-main-header-wrap main-header-bar-wrap"><div class="ast-primary-header-bar ast-primary-header main-header-bar site-header-focus-item" data-section="section-primary-header-builder">'
            '<div class="site-primary-header-wrap ast-builder-grid-row-container site-header-focus-item ast-container"><div class="ast-builder-grid-row ast-builder-grid-row-has-sides ast-builder-grid-row-no-center">'
            '<div class="site-header-primary-section-left site-header-section ast-flex site-header-section-left"><div class="ast-builder-layout-element ast-flex site-header-focus-item" data-section="title_tagline">'
            '<div class="site-branding ast-site-identity" itemtype="https://schema.org/Organization" itemscope="itemscope"><div class="ast-site-title-wrap">'
            f'<span class="site-title" itemprop="name"><a href="{theme.base}/" rel="home" itemprop="url">{esc(theme.site_name)}</a></span>'
            f'<p class="site-description" itemprop="description">{esc(theme.tagline)}</p></div></div></div></div>'
            '<div class="site-header-primary-section-right site-header-section ast-flex ast-grid-right-section"><div class="ast-builder-menu-1 ast-builder-menu ast-flex ast-builder-menu-1-focus-item ast-builder-layout-element site-header-focus-item" data-section="section-hb-menu-1">'
            '<div class="ast-main-header-bar-alignment"><div class="main-header-bar-navigation"><nav class="site-navigation ast-flex-grow-1 navigation-accessibility site-header-focus-item" id="primary-site-navigation-desktop" aria-label="Site Navigation" itemtype="https://schema.org/SiteNavigationElement" itemscope="itemscope">'
            f'<div class="main-navigation ast-inline-flex"><ul id="ast-hf-menu-1" class="main-header-menu ast-menu-shadow ast-nav-menu ast-flex submenu-with-border stack-on-mobile">{menu}</ul></div></nav></div></div></div></div>'
            "</div></div></div></div></div></header>"
        )

    def _sidebar(self) -> str:
        theme = self.theme
        return (
            '<div class="widget-area secondary" id="secondary" itemtype="https://schema.org/WPSideBar" itemscope="itemscope"><div class="sidebar-main" >'
            f'<aside id="block-3" class="widget widget_block"><div class="wp-block-group"><h2 class="wp-block-heading">Recent Posts</h2>{latest_posts(theme)}</div></aside>'
            '<aside id="blog_subscription-2" class="widget widget_blog_subscription jetpack_subscription_widget"><h2 class="widget-title">Subscribe to Blog via Email</h2>'
            f'<form action="#" method="post" accept-charset="utf-8" id="subscribe-blog-blog_subscription-2"><div id="subscribe-text"><p>Enter your email address to subscribe to {esc(theme.site_name)} and receive notifications of new posts by email.</p></div>'
            '<p id="subscribe-email"><input type="email" name="email" required="required" value="" id="subscribe-field-blog_subscription-2" placeholder="Email Address" /></p>'
            '<p id="subscribe-submit"><button type="submit" class="wp-block-button__link" name="jetpack_subscriptions_widget">Subscribe</button></p></form></aside>'
            "</div></div>"
        )

    def _footer(self) -> str:
        return (
            '<footer class="site-footer" id="colophon" itemtype="https://schema.org/WPFooter" itemscope="itemscope" itemid="#colophon">'
            '<div class="site-below-footer-wrap ast-builder-grid-row-container site-footer-focus-item ast-builder-grid-row-full ast-builder-grid-row-tablet-full ast-builder-grid-row-mobile-full ast-footer-row-stack ast-footer-row-tablet-stack ast-footer-row-mobile-stack" data-section="section-below-footer-builder">'
            '<div class="ast-builder-grid-row-container-inner"><div class="site-footer-below-section-1 site-footer-section site-footer-section-1"><div class="ast-builder-layout-element ast-flex site-footer-focus-item ast-footer-copyright" data-section="section-footer-builder">'
            f'<div class="ast-footer-copyright"><p>Copyright &copy; 2026 {esc(self.theme.site_name)} | Powered by <a href="https://wpastra.com" rel="nofollow noopener" target="_blank">Astra WordPress Theme</a></p></div>'
            "</div></div></div></div></footer>"
        )

    # --------------------------------------------------------------- head

    def _rank_math(self, post: Post, title: str) -> str:
        theme = self.theme
        url = canonical(theme, post)
        image = theme.image_url(post)
        author = post.authors[0] if post.authors else None
        lines = [
            "<!-- Search Engine Optimization by Rank Math - https://rankmath.com/ -->",
        ]
        if post.summary:
            lines.append(f'<meta name="description" content="{esc(post.summary)}"/>')
        lines += [
            '<meta name="robots" content="follow, index, max-snippet:-1, max-video-preview:-1, max-image-preview:large"/>',
            f'<link rel="canonical" href="{esc(url)}" />',
            '<meta property="og:locale" content="en_US" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:title" content="{title}" />',
        ]
        if post.summary:
            lines.append(f'<meta property="og:description" content="{esc(post.summary)}" />')
        lines += [
            f'<meta property="og:url" content="{esc(url)}" />',
            f'<meta property="og:site_name" content="{esc(theme.site_name)}" />',
            *(f'<meta property="article:tag" content="{esc(t)}" />' for t in post.tags),
            f'<meta property="article:section" content="{esc(theme.names[post.categories[0]])}" />',
            f'<meta property="og:updated_time" content="{iso(post.modified)}" />',
            f'<meta property="og:image" content="{image}" />',
            f'<meta property="og:image:secure_url" content="{image}" />',
            f'<meta property="article:published_time" content="{iso(post.published)}" />',
            f'<meta property="article:modified_time" content="{iso(post.modified)}" />',
            '<meta name="twitter:card" content="summary_large_image" />',
            f'<meta name="twitter:title" content="{title}" />',
        ]
        if author:
            lines += [
                '<meta name="twitter:label1" content="Written by" />',
                f'<meta name="twitter:data1" content="{esc(author.name)}" />',
            ]
        minutes = max(1, sum(len(b.text.split()) for b in post.blocks) // 200)
        lines += [
            '<meta name="twitter:label2" content="Time to read" />',
            f'<meta name="twitter:data2" content="{minutes} minute{"s" if minutes > 1 else ""}" />',
        ]
        seo_title = f"{post.title}{self.SEP}{theme.site_name}"
        posting: dict[str, Any] = {
            "@type": "BlogPosting",
            "headline": seo_title,
            "datePublished": iso(post.published),
            "dateModified": iso(post.modified),
            "articleSection": ", ".join(theme.names[c] for c in post.categories),
            "publisher": {"@id": f"{theme.base}/#organization"},
            "name": seo_title,
            "@id": f"{url}#richSnippet",
            "isPartOf": {"@id": f"{url}#webpage"},
            "image": {"@id": image},
            "inLanguage": "en-US",
            "mainEntityOfPage": {"@id": f"{url}#webpage"},
        }
        if post.summary:
            posting["description"] = post.summary
        if post.tags:
            posting["keywords"] = ", ".join(post.tags)
        graph: list[dict[str, Any]] = [
            {
                "@type": "Organization",
                "@id": f"{theme.base}/#organization",
                "name": theme.site_name,
            },
            {
                "@type": "WebSite",
                "@id": f"{theme.base}/#website",
                "url": theme.base,
                "name": theme.site_name,
                "publisher": {"@id": f"{theme.base}/#organization"},
                "inLanguage": "en-US",
            },
            {
                "@type": "ImageObject",
                "@id": image,
                "url": image,
                "width": "1200",
                "height": "800",
                "inLanguage": "en-US",
            },
            {
                "@type": "BreadcrumbList",
                "@id": f"{url}#breadcrumb",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": "1",
                        "item": {"@id": theme.base, "name": "Home"},
                    },
                    {
                        "@type": "ListItem",
                        "position": "2",
                        "item": {
                            "@id": theme.category_url(post.categories[0]),
                            "name": theme.names[post.categories[0]],
                        },
                    },
                    {
                        "@type": "ListItem",
                        "position": "3",
                        "item": {"@id": url, "name": post.title},
                    },
                ],
            },
            {
                "@type": "WebPage",
                "@id": f"{url}#webpage",
                "url": url,
                "name": seo_title,
                "datePublished": iso(post.published),
                "dateModified": iso(post.modified),
                "isPartOf": {"@id": f"{theme.base}/#website"},
                "primaryImageOfPage": {"@id": image},
                "inLanguage": "en-US",
                "breadcrumb": {"@id": f"{url}#breadcrumb"},
            },
        ]
        if author:
            person = f"{theme.base}/author/{author.slug}/"
            graph.append(
                {
                    "@type": "Person",
                    "@id": person,
                    "name": author.name,
                    "url": person,
                    "worksFor": {"@id": f"{theme.base}/#organization"},
                }
            )
            posting["author"] = {"@id": person, "name": author.name}
        graph.append(posting)
        ld = json.dumps(
            {"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False
        ).replace("</", "<\\/")
        lines += [
            f'<script type="application/ld+json" class="rank-math-schema">{ld}</script>',
            "<!-- /Rank Math WordPress SEO plugin -->",
            f'<link rel="alternate" type="application/rss+xml" title="{esc(theme.site_name)} &raquo; Feed" href="{theme.base}/feed/" />',
            f'<link rel="https://api.w.org/" href="{theme.base}/wp-json/" />',
            f'<link rel="alternate" type="application/json" href="{theme.base}/wp-json/wp/v2/posts/{post.wp_id}" />',
            f"<link rel='shortlink' href='https://wp.me/p9xYz-{post.wp_id}' />",
        ]
        return "\n".join(lines) + "\n"

    def _list_head(self, title: str, url: str, listing: Listing, number: int) -> str:
        base, name = self.theme.base, esc(self.theme.site_name)
        lines = [
            "<!-- Search Engine Optimization by Rank Math - https://rankmath.com/ -->",
            '<meta name="robots" content="follow, index, max-snippet:-1, max-video-preview:-1, max-image-preview:large"/>',
            f'<link rel="canonical" href="{url}" />',
        ]
        lines += adjacent_links(self.theme, listing, number)
        lines += [
            '<meta property="og:type" content="article" />',
            f'<meta property="og:title" content="{title}" />',
            f'<meta property="og:url" content="{url}" />',
            f'<meta property="og:site_name" content="{name}" />',
            "<!-- /Rank Math WordPress SEO plugin -->",
            f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{base}/feed/" />',
        ]
        lines += term_feed_link(self.theme, listing)
        return "\n".join(lines) + "\n"

    # ----------------------------------------------------------- articles

    TWEET_FIGURE = True

    def also_block(self, post: Post, target: Post, style: int) -> str:
        label = "Related:" if style == 0 else "Read more:"
        return f'<p><strong>{label}</strong> <a href="{esc(self.theme.url(target))}">{wp(target.title)}</a></p>'

    def ad_block(self, post: Post, n: int) -> str:
        """Jetpack's WordAds slot."""
        return (
            '<div class="wpcnt"><div class="wpa wpmrec"><span class="wpa-about">Advertisements</span>'
            f'<div class="u top_amp"><div id="atatags-{post.wp_id}-1"></div></div></div></div>'
        )

    def content_tail(self, post: Post) -> list[str]:
        return [self._jetpack(post)]

    def _jetpack(self, post: Post) -> str:
        """What Jetpack appends to the_content(): subscribe form, sharing, likes, related posts."""
        theme = self.theme
        url = esc(theme.url(post))
        shares = "".join(
            f'<li class="share-{key}"><a rel="nofollow noopener noreferrer" data-shared="sharing-{key}-{post.wp_id}" class="share-{key} sd-button share-icon" '
            f'href="{url}?share={key}&amp;nb=1" target="_blank" title="Click to share on {label}"><span>{label}</span></a></li>'
            for key, label in (
                ("facebook", "Facebook"),
                ("twitter", "X"),
                ("linkedin", "LinkedIn"),
                ("email", "Email"),
            )
        )
        related = "".join(
            f'<div class="jp-relatedposts-post jp-relatedposts-post{i} jp-relatedposts-post-thumbs" data-post-id="{p.wp_id}" data-post-format="false">'
            f'<a class="jp-relatedposts-post-a" href="{esc(theme.url(p))}?relatedposts_hit=1&amp;relatedposts_origin={post.wp_id}&amp;relatedposts_position={i}" title="{esc(p.title)}" rel="nofollow" data-origin="{post.wp_id}" data-position="{i}">'
            f'<img class="jp-relatedposts-post-img" loading="lazy" src="{theme.image_url(p)}" width="350" height="200" alt="" /></a>'
            f'<h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{esc(theme.url(p))}" title="{esc(p.title)}" rel="nofollow">{wp(p.title)}</a></h4>'
            f'<p class="jp-relatedposts-post-excerpt">{wp(p.excerpt(20, "…"))}</p>'
            f'<p class="jp-relatedposts-post-date">{human_date(p.published)}</p>'
            f'<p class="jp-relatedposts-post-context">In &quot;{esc(theme.names[p.categories[0]])}&quot;</p></div>'
            for i, p in enumerate(theme.site.related_posts(post))
        )
        return (
            '<div class="wp-block-jetpack-subscriptions__supports-newline wp-block-jetpack-subscriptions"><div class="wp-block-jetpack-subscriptions__container is-not-subscriber">'
            f'<p class="has-text-align-center">Discover more from {esc(theme.site_name)}: subscribe to get the latest posts sent to your email.</p>'
            '<form action="#" method="post" accept-charset="utf-8" data-blog="123456789" data-post_access_level="everybody" id="subscribe-blog">'
            '<p id="subscribe-email"><label id="subscribe-field-label" for="subscribe-field" class="screen-reader-text">Type your email…</label>'
            '<input type="email" name="email" required="required" class="no-border-radius" value="" id="subscribe-field" placeholder="Type your email…" /></p>'
            '<p id="subscribe-submit"><button type="submit" class="wp-block-button__link no-border-radius" name="jetpack_subscriptions_widget">Subscribe</button></p></form></div></div>'
            '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing">'
            f'<h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>{shares}<li class="share-end"></li></ul></div></div></div>'
            f"<div class='sharedaddy sd-block sd-like jetpack-likes-widget-wrapper jetpack-likes-widget-unloaded' id='like-post-wrapper-123456789-{post.wp_id}-1' data-name='like-post-frame-123456789-{post.wp_id}-1' data-title='Like or Reblog'>"
            "<h3 class=\"sd-title\">Like this:</h3><div class='likes-widget-placeholder post-likes-widget-placeholder' style='height: 55px;'><span class='button'><span>Like</span></span> <span class=\"loading\">Loading...</span></div>"
            "<span class='sd-text-color'></span><a class='sd-link-color'></a></div>"
            f"<div id='jp-relatedposts' class='jp-relatedposts' ><h3 class=\"jp-relatedposts-headline\"><em>Related</em></h3>"
            f'<div class="jp-relatedposts-items jp-relatedposts-items-visual jp-relatedposts-grid ">{related}</div></div>'
        )

    def article(self, post: Post) -> str:
        theme = self.theme
        title = self.article_title(post)
        older, newer = theme.site.neighbours(post)
        author = post.authors[0] if post.authors else None
        by = (
            f'<span class="posted-by vcard author" itemtype="https://schema.org/Person" itemscope="itemscope" itemprop="author">'
            f'<a title="View all posts by {esc(author.name)}" href="{theme.base}/author/{author.slug}/" rel="author" class="url fn n" itemprop="url">'
            f'<span class="author-name" itemprop="name">{esc(author.name)}</span></a></span> / '
            if author
            else ""
        )
        cats = ", ".join(
            f'<a href="{theme.category_url(c)}" rel="category tag">{esc(theme.names[c])}</a>'
            for c in post.categories
        )
        meta = (
            f'<div class="entry-meta">{by}<span class="posted-on"><span class="published" itemprop="datePublished"> {human_date(post.published)}</span>'
            f'<span class="updated" itemprop="dateModified"> {human_date(post.modified)}</span></span> / <span class="ast-terms-link">{cats}</span></div>'
        )
        tags = (
            '<footer class="entry-footer"><span class="tags-links">Tags: '
            + ", ".join(
                f'<a href="{theme.base}/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>'
                for t in post.tags
            )
            + "</span></footer>"
            if post.tags
            else ""
        )
        box = (
            '<div class="ast-single-author-box" itemprop="author" itemscope itemtype="https://schema.org/Person"><div class="ast-author-meta">'
            '<div class="about-author-title-wrapper"><h3 class="about-author">About The Author</h3></div><div class="ast-author-details">'
            f'<div class="post-author-avatar"><img alt="" src="{theme.base}/wp-content/uploads/avatars/{author.slug}.jpg" class="avatar avatar-100 photo" height="100" width="100" /></div>'
            f'<div class="post-author-bio"><a class="url fn n" href="{theme.base}/author/{author.slug}/" itemprop="url" rel="author"><h4 class="author-title" itemprop="name">{esc(author.name)}</h4></a>'
            f'<div class="post-author-desc">{esc(author.name)} reports on the region for {esc(theme.site_name)}.</div></div></div></div></div>'
            if author
            else ""
        )
        nav = (
            '<nav class="navigation post-navigation" aria-label="Posts"><div class="nav-links">'
            + (
                f'<div class="nav-previous"><a title="{esc(older.title)}" href="{esc(theme.url(older))}" rel="prev"><span class="ast-left-arrow" aria-hidden="true">&larr;</span> Previous Post</a></div>'
                if older
                else ""
            )
            + (
                f'<div class="nav-next"><a title="{esc(newer.title)}" href="{esc(theme.url(newer))}" rel="next">Next Post <span class="ast-right-arrow" aria-hidden="true">&rarr;</span></a></div>'
                if newer
                else ""
            )
            + "</div></nav>"
        )
        comments = (
            f'<div id="comments" class="comments-area comment-form-position-below">{comment_form(theme, post, "Leave a Comment")}</div>'
            if post.comments_open
            else ""
        )
        main = (
            # Astra keeps the space before its own class even when there are no tags.
            f'<article class="{post_class(theme, post)}{"" if post.tags else " "} ast-article-single" id="post-{post.wp_id}" itemtype="https://schema.org/CreativeWork" itemscope="itemscope">'
            '<div class="ast-post-format- single-layout-1 ast-no-date-box"><div class="ast-single-post-order">'
            '<header class="entry-header">'
            f'<div class="post-thumb-img-content post-thumb"><img width="1024" height="683" src="{theme.image_url(post)}" class="attachment-large size-large wp-post-image" alt="" itemprop="image" decoding="async" /></div>'
            f'<h1 class="entry-title" itemprop="headline">{wp(post.title)}</h1>{meta}</header>'
            f'<div class="entry-content clear" data-ast-blocks-layout="true" itemprop="text">\n{self.content(post)}</div>'
            f"{tags}</div></div></article>{box}{nav}{comments}"
        )
        body_class = f"post-template-default single single-post postid-{post.wp_id} single-format-standard ast-blog-single-style-1 ast-single-post"
        return self._page(title, self._rank_math(post, title), body_class, main)

    # ----------------------------------------------------------- listings

    def _item(self, post: Post) -> str:
        theme = self.theme
        href = esc(theme.listing_href(post))
        return (
            f'<article class="post-{post.wp_id} post type-post status-publish format-standard has-post-thumbnail hentry ast-grid-common-col ast-full-width ast-article-post" id="post-{post.wp_id}" itemtype="https://schema.org/CreativeWork" itemscope="itemscope">'
            '<div class="ast-post-format- blog-layout-1 ast-no-date-box"><div class="post-content ast-grid-common-col">'
            f'<div class="ast-blog-featured-section post-thumb ast-grid-common-col"><div class="post-thumb-img-content post-thumb"><a href="{href}">'
            f'<img width="1024" height="683" src="{theme.image_url(post)}" class="attachment-large size-large wp-post-image" alt="" itemprop="image" loading="lazy" /></a></div></div>'
            f'<header class="entry-header"><h2 class="entry-title" itemprop="headline"><a href="{href}" rel="bookmark">{wp(post.title)}</a></h2>'
            f'<div class="entry-meta"><span class="posted-on"><span class="published" itemprop="datePublished"> {human_date(post.published)}</span></span> / '
            f'<span class="ast-terms-link"><a href="{theme.category_url(post.categories[0])}" rel="category tag">{esc(theme.names[post.categories[0]])}</a></span></div></header>'
            f'<div class="ast-excerpt-container ast-blog-single-element"><p>{wp(listing_excerpt(post))}</p></div>'
            f'<p class="ast-blog-single-element ast-read-more-container read-more"><a class="" href="{esc(theme.url(post))}"><span class="screen-reader-text">{wp(post.title)}</span>Read More &raquo;</a></p>'
            "</div></div></article>"
        )

    NAV_LABEL = NAV_HEADING = "Post pagination"
    NAV_PREV = '<span class="ast-left-arrow">&larr;</span> Previous'
    NAV_NEXT = 'Next <span class="ast-right-arrow">&rarr;</span>'

    def _archive_header(self, heading: str) -> str:
        return f'<section class="ast-archive-description"><h1 class="page-title ast-archive-title">{esc(heading)}</h1></section>'

    def _listing_main(self, header: str, items: str, nav: str) -> str:
        return f'{header}<div class="ast-row">{items}</div>{nav}'

    def _not_found_main(self) -> str:
        return (
            '<section class="error-404 not-found"><div class="ast-404-layout-1"><header class="page-header"><h1 class="page-title">This page doesn\'t seem to exist.</h1></header>'
            '<div class="page-content"><div class="page-sub-title">It looks like the link pointing here was faulty. Maybe try searching?</div>'
            f'<div class="ast-404-search"><form role="search" method="get" class="search-form" action="{self.theme.base}/"><label><span class="screen-reader-text">Search for:</span>'
            '<input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label></form></div></div></div></section>'
        )
