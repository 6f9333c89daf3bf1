"""GeneratePress 3.x (classic editor) with The SEO Framework, AddToAny,
Contextual Related Posts and Ad Inserter: a held-out variant (no site profile).

`article.post > div.inside-article`: `header.entry-header` (`h1.entry-title`,
`div.entry-meta` whose first `<time>` is the hidden `time.updated` when the
post was edited), `div.entry-content` (classic `[caption]` figures, Ad Inserter
`div.code-block` slots with an "Advertisement" line, "Also Read:" / "Read Also -"
link paragraphs, then what plugins append to `the_content`: AddToAny's "Share
this:" kit and Contextual Related Posts' "Related Posts:" list), and the
footer `footer.entry-meta` (`.cat-links`, `.tags-links`, `nav#nav-below.post-navigation`).
The featured image sits above the article (`div.featured-image`).  The SEO
Framework: OpenGraph and article times, a JSON-LD graph of WebSite, WebPage
and BreadcrumbList (no Article), description = the standfirst, which the theme
never shows; its own sitemap switched off, so WordPress core sitemaps remain.
Listings: `article > .inside-article` with `h2.entry-title a[rel=bookmark]`,
`.entry-summary` ending "Read more", `nav#nav-below.paging-navigation` with
`.page-numbers`.  Permalinks `/%year%/%monthnum%/%postname%/`, title
separator " – ".  Markup checked against tomusborne/generatepress
(content-single.php, inc/structure/post-meta.php) and the plugins' output.
"""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from ..listing_page import Listing
from ..model import Post, human_date, iso, slugify
from ..theme import esc, wp
from .base import Skin
from .common import canonical, category_menu, comment_form, page_numbers, post_class, term_feed_link

GP = "3.4.0"


class GeneratePress(Skin):
    """Pages of a GeneratePress + The SEO Framework site."""

    SEP = " &#8211; "  # " – ", The SEO Framework's en dash separator
    PAGE = "Page {number}"
    NOT_FOUND_HEAD = '<meta name="robots" content="noindex" />\n'

    def _page(self, title: str, head: str, body_class: str, main: str, before: str = "") -> str:
        base = self.theme.base
        return (
            '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n\t<meta charset="UTF-8">\n'
            f"\t<title>{title}</title>\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{head}"
            f"<link rel='stylesheet' id='generate-style-css' href='{base}/wp-content/themes/generatepress/assets/css/main.min.css?ver={GP}' media='all' />\n"
            f"<link rel='stylesheet' id='addtoany-css' href='{base}/wp-content/plugins/add-to-any/addtoany.min.css?ver=1.16' media='all' />\n"
            f"<link rel='stylesheet' id='crp-style-rounded-thumbs-css' href='{base}/wp-content/plugins/contextual-related-posts/css/rounded-thumbs.min.css?ver=3.5.2' media='all' />\n"
            f"<script defer src='https://static.addtoany.com/menu/page.js' id='addtoany-core-js'></script>\n"
            "</head>\n\n"
            f'<body class="{body_class} wp-embed-responsive right-sidebar nav-float-right separate-containers header-aligned-left dropdown-hover" itemtype="https://schema.org/Blog" itemscope>\n'
            '\t<a class="screen-reader-text skip-link" href="#content" title="Skip to content">Skip to content</a>\t\t'
            f"{self._header()}\n"
            '\t<div class="site grid-container container hfeed" id="page">\n'
            '\t\t\t\t<div class="site-content" id="content">\n'
            f"\t{before}\n"
            f'\t<div class="content-area" id="primary">\n\t\t<main class="site-main" id="main">\n{main}\n\t\t</main>\n\t</div>\n'
            f"{self._sidebar()}\n"
            "\t</div>\n</div>\n"
            f"{self._footer()}\n"
            f'<script id="generate-menu-js" src="{base}/wp-content/themes/generatepress/assets/js/menu.min.js?ver={GP}"></script>\n'
            "</body>\n</html>\n"
        )

    def _header(self) -> str:
        theme = self.theme
        menu = category_menu(theme, 8, 41)
        return (
            '<header class="site-header has-inline-mobile-toggle" id="masthead" aria-label="Site" itemtype="https://schema.org/WPHeader" itemscope>'
            '<div class="inside-header grid-container"><div class="site-branding">'
            f'<p class="main-title" itemprop="headline"><a href="{theme.base}/" rel="home">{esc(theme.site_name)}</a></p>'
            f'<p class="site-description" itemprop="description">{esc(theme.tagline)}</p></div>'
            '<nav class="main-navigation mobile-menu-control-wrapper" id="mobile-menu-control-wrapper" aria-label="Mobile Toggle">'
            '<button data-nav="site-navigation" class="menu-toggle" aria-controls="primary-menu" aria-expanded="false"><span class="screen-reader-text">Menu</span></button></nav>'
            '<nav class="main-navigation sub-menu-right" id="site-navigation" aria-label="Primary" itemtype="https://schema.org/SiteNavigationElement" itemscope>'
            '<div class="inside-navigation grid-container"><div id="primary-menu" class="main-nav">'
            f'<ul id="menu-main" class=" menu sf-menu">{menu}</ul></div></div></nav></div></header>'
        )

    def _sidebar(self) -> str:
        theme = self.theme
        latest = "".join(
            f'<li>\n\t\t\t\t\t<a href="{esc(theme.url(p))}">{wp(p.title)}</a>\n\t\t\t\t\t\t\t\t\t</li>'
            for p in theme.site.latest(5)
        )
        cats = "".join(
            f'<li class="cat-item"><a href="{theme.category_url(slug)}">{esc(name)}</a></li>'
            for slug, name in theme.names.items()
        )
        return (
            '<div class="widget-area sidebar is-right-sidebar" id="right-sidebar"><div class="inside-right-sidebar">'
            '<aside id="search-2" class="widget inner-padding widget_search"><form method="get" class="search-form" action="'
            f'{theme.base}/"><label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" title="Search for:"></label>'
            '<button class="search-submit" aria-label="Search"></button></form></aside>'
            f'<aside id="recent-posts-2" class="widget inner-padding widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{latest}</ul></aside>'
            f'<aside id="categories-2" class="widget inner-padding widget_categories"><h2 class="widget-title">Categories</h2><ul>{cats}</ul></aside>'
            "</div></div>"
        )

    def _footer(self) -> str:
        return (
            '<div class="site-footer"><footer class="site-info" aria-label="Site" itemtype="https://schema.org/WPFooter" itemscope>'
            '<div class="inside-site-info grid-container"><div class="copyright-bar">'
            f'<span class="copyright">&copy; 2026 {esc(self.theme.site_name)}</span> &bull; Built with <a href="https://generatepress.com" itemprop="url">GeneratePress</a>'
            "</div></div></footer></div>"
        )

    # --------------------------------------------------------------- head

    def _tsf(self, post: Post, title: str) -> str:
        """The SEO Framework 5.x: meta, OpenGraph, Twitter, JSON-LD graph."""
        theme = self.theme
        base = theme.base
        url = canonical(theme, post)
        image = theme.image_url(post)
        lines = [
            "<!-- The SEO Framework by Sybre Waaijer -->",
            '<meta name="robots" content="max-snippet:-1,max-image-preview:large,max-video-preview:-1" />',
            f'<link rel="canonical" href="{esc(url)}" />',
        ]
        if post.summary:
            lines.append(f'<meta name="description" content="{esc(post.summary)}" />')
        lines += [
            '<meta property="og:type" content="article" />',
            '<meta property="og:locale" content="en_US" />',
            f'<meta property="og:site_name" content="{esc(theme.site_name)}" />',
            f'<meta property="og:title" content="{esc(post.title)}" />',
        ]
        if post.summary:
            lines.append(f'<meta property="og:description" content="{esc(post.summary)}" />')
        lines += [
            f'<meta property="og:url" content="{esc(url)}" />',
            f'<meta property="og:image" content="{image}" />',
            '<meta property="og:image:width" content="1200" />',
            '<meta property="og:image:height" content="800" />',
            f'<meta property="article:published_time" content="{iso(post.published)}" />',
            f'<meta property="article:modified_time" content="{iso(post.modified)}" />',
            '<meta name="twitter:card" content="summary_large_image" />',
            f'<meta name="twitter:title" content="{esc(post.title)}" />',
        ]
        if post.summary:
            lines.append(f'<meta name="twitter:description" content="{esc(post.summary)}" />')
        lines.append(f'<meta name="twitter:image" content="{image}" />')
        primary = post.categories[0]
        webpage: dict[str, Any] = {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": f"{post.title} – {theme.site_name}",
            "inLanguage": "en-US",
            "isPartOf": {"@id": f"{base}/#/schema/WebSite"},
            "breadcrumb": {"@id": f"{base}/#/schema/BreadcrumbList"},
            "potentialAction": {"@type": "ReadAction", "target": url},
            "datePublished": iso(post.published),
            "dateModified": iso(post.modified),
        }
        if post.summary:
            webpage["description"] = post.summary
        graph: list[dict[str, Any]] = [
            {
                "@type": "WebSite",
                "@id": f"{base}/#/schema/WebSite",
                "url": f"{base}/",
                "name": theme.site_name,
                "description": theme.tagline,
                "inLanguage": "en-US",
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": f"{base}/search/{{search_term_string}}/",
                    },
                    "query-input": "required name=search_term_string",
                },
                "publisher": {"@id": f"{base}/#/schema/Organization"},
            },
            {
                "@type": "Organization",
                "@id": f"{base}/#/schema/Organization",
                "name": theme.site_name,
                "url": f"{base}/",
            },
            webpage,
            {
                "@type": "BreadcrumbList",
                "@id": f"{base}/#/schema/BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": 1,
                        "item": f"{base}/",
                        "name": theme.site_name,
                    },
                    {
                        "@type": "ListItem",
                        "position": 2,
                        "item": theme.category_url(primary),
                        "name": f"Category: {theme.names[primary]}",
                    },
                    {"@type": "ListItem", "position": 3, "name": post.title},
                ],
            },
        ]
        if post.authors:
            person = f"{base}/#/schema/Person/{post.authors[0].slug}"
            webpage["author"] = {"@id": person}
            graph.append({"@type": "Person", "@id": person, "name": post.authors[0].name})
        ld = json.dumps(
            {"@context": "https://schema.org", "@graph": graph},
            ensure_ascii=False,
            separators=(",", ":"),
        ).replace("/", "\\/")
        lines += [
            f'<script type="application/ld+json">{ld}</script>',
            "<!-- / The SEO Framework by Sybre Waaijer | 2.41ms meta | 0.32ms boot -->",
            f'<link rel="alternate" type="application/rss+xml" title="{esc(theme.site_name)} &raquo; Feed" href="{base}/feed/" />',
            f'<link rel="alternate" type="application/rss+xml" title="{esc(theme.site_name)} &raquo; Comments Feed" href="{base}/comments/feed/" />',
            f'<link rel="https://api.w.org/" href="{base}/wp-json/" />',
            f'<link rel="alternate" type="application/json" href="{base}/wp-json/wp/v2/posts/{post.wp_id}" />',
            f'<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{base}/xmlrpc.php?rsd" />',
            '<meta name="generator" content="WordPress 6.5.3" />',
            f"<link rel='shortlink' href='{base}/?p={post.wp_id}' />",
        ]
        return "\n".join(lines) + "\n"

    def _list_head(self, title: str, url: str, listing: Listing, number: int) -> str:
        base, name = self.theme.base, esc(self.theme.site_name)
        lines = [
            "<!-- The SEO Framework by Sybre Waaijer -->",
            '<meta name="robots" content="max-snippet:-1,max-image-preview:large,max-video-preview:-1" />',
            f'<link rel="canonical" href="{url}" />',
            '<meta property="og:type" content="website" />',
            '<meta property="og:locale" content="en_US" />',
            f'<meta property="og:site_name" content="{name}" />',
            f'<meta property="og:title" content="{title}" />',
            f'<meta property="og:url" content="{url}" />',
            "<!-- / The SEO Framework by Sybre Waaijer | 1.12ms meta | 0.30ms boot -->",
            f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{base}/feed/" />',
        ]
        lines += term_feed_link(self.theme, listing)
        lines.append(f'<link rel="https://api.w.org/" href="{base}/wp-json/" />')
        return "\n".join(lines) + "\n"

    # ----------------------------------------------------------- articles

    def _byline(self, post: Post) -> str:
        """generate_posted_on()'s byline: the first author only."""
        if not post.authors:
            return ""
        author = post.authors[0]
        return (
            f'<span class="byline">by <span class="author vcard" itemprop="author" itemtype="https://schema.org/Person" itemscope>'
            f'<a class="url fn n" href="{self.theme.base}/author/{author.slug}/" title="View all posts by {esc(author.name)}" rel="author" itemprop="url">'
            f'<span class="author-name" itemprop="name">{esc(author.name)}</span></a></span></span> '
        )

    def _caption(self, post: Post) -> str:
        """A classic-editor [caption] image (img_caption_shortcode, HTML5)."""
        theme = self.theme
        att = post.wp_id + 1
        return (
            f'<figure id="attachment_{att}" aria-describedby="caption-attachment-{att}" style="width: 800px" class="wp-caption aligncenter">'
            f'<img decoding="async" class="size-large wp-image-{att}" src="{theme.image_url(post)}" alt="" width="800" height="533" />'
            f'<figcaption id="caption-attachment-{att}" class="wp-caption-text">{wp(post.caption)}</figcaption></figure>'
        )

    def _addtoany(self, post: Post) -> str:
        url = quote(self.theme.url(post), safe="")
        name = quote(post.title, safe="")
        buttons = "".join(
            f'<a class="a2a_button_{key}" href="https://www.addtoany.com/add_to/{key}?linkurl={url}&amp;linkname={name}" title="{label}" rel="nofollow noopener" target="_blank"></a>'
            for key, label in (
                ("facebook", "Facebook"),
                ("x", "X"),
                ("whatsapp", "WhatsApp"),
                ("email", "Email"),
            )
        )
        return (
            '<div class="addtoany_share_save_container addtoany_content addtoany_content_bottom"><div class="addtoany_header">Share this:</div>'
            f'<div class="a2a_kit a2a_kit_size_32 addtoany_list" data-a2a-url="{esc(self.theme.url(post))}" data-a2a-title="{esc(post.title)}">'
            f'{buttons}<a class="a2a_dd addtoany_share_save addtoany_share" href="https://www.addtoany.com/share"></a></div></div>'
        )

    def _related(self, post: Post) -> str:
        """Contextual Related Posts, appended to the content (rounded thumbnails style)."""
        theme = self.theme
        items = "".join(
            f'<li><a href="{esc(theme.url(p))}" class="crp_link post-{p.wp_id}"><figure>'
            f'<img loading="lazy" decoding="async" width="150" height="150" src="{theme.image_url(p)}" class="crp_featured crp_thumb crp_thumbnail" alt="{esc(p.title)}" title="{esc(p.title)}" /></figure>'
            f'<span class="crp_title">{wp(p.title)}</span></a></li>'
            for p in theme.site.related_posts(post)
        )
        if not items:
            return ""
        return (
            '<div class="crp_related     crp-rounded-thumbs"><h3>Related Posts:</h3>'
            f'<ul>{items}</ul><div class="crp_clear"></div></div>'
        )

    def also_block(self, post: Post, target: Post, style: int) -> str:
        href = esc(self.theme.url(target))
        if style == 0:
            return f'<p><strong>Also Read:</strong> <a href="{href}">{wp(target.title)}</a></p>'
        return f'<p><strong>Read Also</strong> &#8211; <a href="{href}" target="_blank" rel="noopener">{wp(target.title)}</a></p>'

    def ad_block(self, post: Post, n: int) -> str:
        """An Ad Inserter block."""
        return (
            f"<div class='code-block code-block-{n}' style='margin: 8px auto; text-align: center; display: block; clear: both;'>\n"
            '<p style="font-size: 11px; color: #999; margin-bottom: 4px;">Advertisement</p>\n'
            '<ins class="adsbygoogle" style="display:block; text-align:center;" data-ad-layout="in-article" data-ad-format="fluid" '
            'data-ad-client="ca-pub-0000000000000000" data-ad-slot="5512873309"></ins>\n'
            "<script>\n     (adsbygoogle = window.adsbygoogle || []).push({});\n</script></div>"
        )

    def after_block(self, post: Post, i: int) -> list[str]:
        return [self._caption(post)] if i == 0 and post.caption else []

    def content_tail(self, post: Post) -> list[str]:
        return [self._addtoany(post), self._related(post)]

    def article(self, post: Post) -> str:
        theme = self.theme
        title = self.article_title(post)
        older, newer = theme.site.neighbours(post)
        times = f'<time class="entry-date published" datetime="{iso(post.published)}" itemprop="datePublished">{human_date(post.published)}</time>'
        if (post.modified - post.published).total_seconds() > 1800:
            times = (
                f'<time class="updated" datetime="{iso(post.modified)}" itemprop="dateModified">{human_date(post.modified)}</time>'
                + times
            )
        meta = f'<div class="entry-meta">\n\t\t\t<span class="posted-on">{times}</span> {self._byline(post)}\t\t</div>'
        cats = ", ".join(
            f'<a href="{theme.category_url(c)}" rel="category tag">{esc(theme.names[c])}</a>'
            for c in post.categories
        )
        tags = (
            '<span class="tags-links"><span class="gp-icon icon-tags"><svg viewBox="0 0 512 512" aria-hidden="true" width="1em" height="1em"></svg></span>'
            '<span class="screen-reader-text">Tags </span>'
            + ", ".join(
                f'<a href="{theme.base}/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>'
                for t in post.tags
            )
            + "</span> "
            if post.tags
            else ""
        )
        nav = (
            '<nav id="nav-below" class="post-navigation" aria-label="Posts">'
            + (
                '<div class="nav-previous"><span class="gp-icon icon-arrow-left"><svg viewBox="0 0 192 512" aria-hidden="true" width="1em" height="1em"></svg></span>'
                f'<span class="prev"><a href="{esc(theme.url(older))}" rel="prev">{wp(older.title)}</a></span></div>'
                if older
                else ""
            )
            + (
                '<div class="nav-next"><span class="gp-icon icon-arrow-right"><svg viewBox="0 0 192 512" aria-hidden="true" width="1em" height="1em"></svg></span>'
                f'<span class="next"><a href="{esc(theme.url(newer))}" rel="next">{wp(newer.title)}</a></span></div>'
                if newer
                else ""
            )
            + "</nav>"
        )
        footer = (
            '<footer class="entry-meta" aria-label="Entry meta">\n'
            '\t\t\t<span class="cat-links"><span class="gp-icon icon-categories"><svg viewBox="0 0 512 512" aria-hidden="true" width="1em" height="1em"></svg></span>'
            f'<span class="screen-reader-text">Categories </span>{cats}</span> {tags}{nav}\t\t</footer>'
        )
        comments = (
            '<div class="comments-area"><div id="comments">'
            f"{comment_form(theme, post, 'Leave a Comment')}</div></div>"
            if post.comments_open
            else ""
        )
        featured = (
            '<div class="featured-image page-header-image-single grid-container grid-parent">'
            f'<img width="1200" height="800" src="{theme.image_url(post)}" class="attachment-full size-full wp-post-image" alt="" itemprop="image" decoding="async" fetchpriority="high" /></div>'
        )
        main = (
            f'<article id="post-{post.wp_id}" class="{post_class(theme, post)}" itemtype="https://schema.org/CreativeWork" itemscope>\n'
            '\t<div class="inside-article">\n'
            '\t\t\t<header class="entry-header">\n'
            f'\t\t\t<h1 class="entry-title" itemprop="headline">{wp(post.title)}</h1>\t\t{meta}\n'
            "\t\t\t\t\t</header>\n\n"
            f'\t\t<div class="entry-content" itemprop="text">\n{self.content(post)}\t\t</div>\n\n'
            f"\t\t\t\t{footer}\n"
            f"\t</div>\n</article>\n{comments}"
        )
        body_class = f"post-template-default single single-post postid-{post.wp_id} single-format-standard featured-image-active"
        return self._page(title, self._tsf(post, title), body_class, main, before=featured)

    # ----------------------------------------------------------- listings

    def _item(self, post: Post) -> str:
        theme = self.theme
        href = esc(theme.listing_href(post))
        if post.summary:
            summary = f"<p>{wp(post.summary)}</p>"
        else:
            summary = (
                f'<p>{wp(post.excerpt(55))} ... <a title="{esc(post.title)}" class="read-more" href="{esc(theme.url(post))}" '
                f'aria-label="More on {esc(post.title)}">Read more</a></p>'
            )
        cats = ", ".join(
            f'<a href="{theme.category_url(c)}" rel="category tag">{esc(theme.names[c])}</a>'
            for c in post.categories
        )
        return (
            f'<article id="post-{post.wp_id}" class="{post_class(theme, post, tags=False)}" itemtype="https://schema.org/CreativeWork" itemscope>\n\t<div class="inside-article">\n'
            f'\t\t\t<header class="entry-header">\n\t\t\t<h2 class="entry-title" itemprop="headline"><a href="{href}" rel="bookmark">{wp(post.title)}</a></h2>'
            f'\t\t<div class="entry-meta">\n\t\t\t<span class="posted-on"><time class="entry-date published" datetime="{iso(post.published)}" itemprop="datePublished">{human_date(post.published)}</time></span> {self._byline(post)}\t\t</div>\n\t\t\t\t</header>\n'
            f'\t\t\t<div class="post-image">\n\t\t\t\t\t\t<a href="{href}">\n\t\t\t\t\t\t\t<img width="1200" height="800" src="{theme.image_url(post)}" class="attachment-full size-full wp-post-image" alt="" itemprop="image" decoding="async" loading="lazy" />\n\t\t\t\t\t\t</a>\n\t\t\t\t\t</div>'
            f'\t\t\t<div class="entry-summary" itemprop="text">\n\t\t\t\t{summary}\n\t\t\t</div>\n\n'
            '\t\t\t\t<footer class="entry-meta" aria-label="Entry meta">\n'
            f'\t\t\t<span class="cat-links"><span class="screen-reader-text">Categories </span>{cats}</span> '
            f'<span class="comments-link"><a href="{esc(theme.url(post))}#respond">Leave a comment</a></span> \t\t</footer>\n'
            "\t\t\t</div>\n</article>\n"
        )

    def _pagination(self, listing: Listing, number: int) -> str:
        older = (
            '<div class="nav-previous"><span class="gp-icon icon-arrow"><svg viewBox="0 0 448 512" aria-hidden="true" width="1em" height="1em"></svg></span>'
            f'<span class="prev" title="Previous"><a href="{self.theme.base}{listing.page_path(number + 1)}" >Older posts</a></span></div>'
            if number < listing.pages
            else ""
        )
        return (
            f'<nav id="nav-below" class="paging-navigation" aria-label="Archive Page">{older}'
            '<div class="nav-links">'
            + page_numbers(
                self.theme,
                listing,
                number,
                prev='<span aria-hidden="true">&larr;</span> Previous',
                next_='Next <span aria-hidden="true">&rarr;</span>',
            )
            + "</div></nav>"
        )

    def _archive_header(self, heading: str) -> str:
        return f'<header class="page-header" aria-label="Page">\n\t\t\t<h1 class="page-title">{esc(heading)}</h1>\n\t\t</header>'

    def _not_found_main(self) -> str:
        return (
            '<div class="inside-article"><header class="entry-header"><h1 class="entry-title" itemprop="headline">Oops! That page can&rsquo;t be found.</h1></header>'
            '<div class="entry-content" itemprop="text"><p>It looks like nothing was found at this location. Maybe try searching?</p>'
            f'<form method="get" class="search-form" action="{self.theme.base}/"><label><span class="screen-reader-text">Search for:</span>'
            '<input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" title="Search for:"></label></form></div></div>'
        )
