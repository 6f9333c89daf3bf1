"""A German news site: Twenty Twenty-One (classic theme) in WordPress de_DE with
Yoast SEO (German), Shariff Wrapper sharing and Ad Inserter: a held-out variant
(no site profile).

`<html lang="de-DE">`; `article.post` > `header.entry-header.alignwide`
(`h1.entry-title`, `figure.post-thumbnail` with `figcaption.wp-caption-text`),
`div.entry-content` holding the post with German furniture: "Lesen Sie auch:" /
"Mehr zum Thema:" link paragraphs, Ad Inserter slots labelled "Anzeige",
classic tweet blockquotes, `<p>&nbsp;</p>`, and at its end Shariff's
"Teilen" buttons (`div.shariff`) and a "Das könnte Sie auch interessieren"
list; then `footer.entry-footer.default-max-width` with
`span.posted-on` ("Veröffentlicht am <time datetime=ISO>15. März 2024</time>",
`time.updated` when edited), `span.byline` ("Von <a>Name</a>"),
`span.cat-links` ("Kategorisiert als"), `span.tags-links` ("Verschlagwortet
mit"), the author bio ("Von Name", "Alle Beiträge von Name anzeigen"),
`nav.post-navigation` ("Vorheriger Beitrag" / "Nächster Beitrag") and the
comment form ("Schreibe einen Kommentar").  Yoast: `og:locale` de_DE,
`inLanguage` de-DE, description = the standfirst, never shown.  Listings:
`h2.entry-title a`, `div.entry-content` excerpt "Weiterlesen",
`nav.navigation.pagination` (`a.next.page-numbers` "Ältere Beiträge").
Category base and slugs as WordPress keeps them (`/category/`; the de_DE
translation does not rename it), category names German, permalinks
`/%year%/%monthnum%/%day%/%postname%/`.  The post text itself stays English
(the replica's word banks): every label, date and category around it is German.
"""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from ..listing_page import Listing
from ..model import Post, iso, slugify
from ..theme import esc, wp
from .base import Skin
from .common import adjacent_links, category_menu, latest_posts, post_class, term_feed_link
from .yoast import yoast_head

TT1 = "2.1"
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def german_date(moment: datetime) -> str:
    """WordPress de_DE's date format `j. F Y`: "15. März 2024"."""
    return f"{moment.day}. {MONTHS[moment.month - 1]} {moment.year}"


def _posted_on(post: Post) -> str:
    """twenty_twenty_one_posted_on(), de_DE."""
    if post.modified == post.published:
        times = f'<time class="entry-date published updated" datetime="{iso(post.published)}">{german_date(post.published)}</time>'
    else:
        times = (
            f'<time class="entry-date published" datetime="{iso(post.published)}">{german_date(post.published)}</time>'
            f'<time class="updated" datetime="{iso(post.modified)}">{german_date(post.modified)}</time>'
        )
    return f'<span class="posted-on">Veröffentlicht am {times}</span>'


class TwentyTwentyOne(Skin):
    """Pages of a German Twenty Twenty-One + Yoast site."""

    SEP = " - "  # Yoast's default separator
    PAGE = "Seite {number} von {pages}"
    yoast_archive_titles = False
    ARCHIVE_CLASS = "archive {kind} wp-embed-responsive is-light-theme no-js hfeed"
    HOME_CLASS = "home blog wp-embed-responsive is-light-theme no-js hfeed"
    NOT_FOUND_HEAD = '<meta name="robots" content="noindex, follow" />\n'

    def not_found(self) -> str:
        title = f"Seite nicht gefunden{self.SEP}{esc(self.theme.site_name)}"
        return self._page(title, self.NOT_FOUND_HEAD, "error404", self._not_found_main())

    def _page(self, title: str, head: str, body_class: str, main: str) -> str:
        base = self.theme.base
        return (
            '<!doctype html>\n<html lang="de-DE" >\n<head>\n\t<meta charset="UTF-8" />\n'
            '\t<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
            f"\t<title>{title}</title>\n{head}"
            f"<link rel='stylesheet' id='twenty-twenty-one-style-css' href='{base}/wp-content/themes/twentytwentyone/style.css?ver={TT1}' media='all' />\n"
            f"<link rel='stylesheet' id='shariffcss-css' href='{base}/wp-content/plugins/shariff/css/shariff.min.css?ver=4.6.13' media='all' />\n"
            "</head>\n\n"
            f'<body class="{body_class}">\n<div id="page" class="site">\n'
            '\t<a class="skip-link screen-reader-text" href="#content">Zum Inhalt springen</a>\n'
            f"{self._header()}\n"
            '\t<div id="content" class="site-content">\n\t\t<div id="primary" class="content-area">\n'
            f'\t\t\t<main id="main" class="site-main">\n{main}\n\t\t\t</main><!-- #main -->\n'
            "\t\t</div><!-- #primary -->\n\t</div><!-- #content -->\n"
            f"{self._widgets()}\n{self._footer()}\n"
            "</div><!-- #page -->\n</body>\n</html>\n"
        )

    def _header(self) -> str:
        theme = self.theme
        menu = category_menu(theme, 7, 30)
        return (
            '<header id="masthead" class="site-header has-title-and-tagline has-menu">\n'
            '<div class="site-branding">\n'
            f'\t<p class="site-title"><a href="{theme.base}/" rel="home">{esc(theme.site_name)}</a></p>\n'
            f'\t<p class="site-description">{esc(theme.tagline)}</p>\n</div><!-- .site-branding -->\n'
            '<nav id="site-navigation" class="primary-navigation" aria-label="Primäres Menü">'
            '<div class="menu-button-container"><button id="primary-mobile-menu" class="button" aria-controls="primary-menu-list" aria-expanded="false">'
            '<span class="dropdown-icon open">Menü</span><span class="dropdown-icon close">Schließen</span></button></div>'
            f'<div class="primary-menu-container"><ul id="primary-menu-list" class="menu-wrapper">{menu}</ul></div></nav>\n'
            "</header><!-- #masthead -->"
        )

    def _widgets(self) -> str:
        return (
            '<aside class="widget-area">\n'
            f'<section id="block-3" class="widget widget_block"><div class="wp-block-group"><h2 class="wp-block-heading">Neueste Beiträge</h2>{latest_posts(self.theme)}</div></section>\n'
            "</aside><!-- .widget-area -->"
        )

    def _footer(self) -> str:
        name = esc(self.theme.site_name)
        return (
            '<footer id="colophon" class="site-footer">\n<div class="site-info">\n'
            f'<div class="site-name"><a href="{self.theme.base}/">{name}</a></div>'
            f'<div class="privacy-policy"><a class="privacy-policy-link" href="{self.theme.base}/datenschutz/" rel="privacy-policy">Datenschutzerklärung</a></div>'
            '<div class="powered-by">Stolz präsentiert von <a href="https://de.wordpress.org/">WordPress</a></div>\n'
            "</div><!-- .site-info -->\n</footer><!-- #colophon -->"
        )

    # --------------------------------------------------------------- head

    def _head(self, post: Post, title: str) -> str:
        """Yoast SEO in German: the same head, de_DE locale and labels."""
        head = yoast_head(
            self.theme,
            post,
            title,
            version="22.4",
            authors=post.authors[:1],
            sep=self.SEP,
            article_type="NewsArticle",
        )
        return (
            head.replace('content="en_US"', 'content="de_DE"')
            .replace('"inLanguage": "en-US"', '"inLanguage": "de-DE"')
            .replace('content="Written by"', 'content="Verfasst von"')
            .replace('"name": "Home"', '"name": "Startseite"')
        )

    def _list_head(self, title: str, url: str, listing: Listing, number: int) -> str:
        base, name = self.theme.base, esc(self.theme.site_name)
        lines = [
            "<!-- This site is optimized with the Yoast SEO plugin v22.4 - https://yoast.com/wordpress/plugins/seo/ -->",
            '<meta name="robots" content="index, follow, max-snippet:-1, max-image-preview:large, max-video-preview:-1" />',
            f'<link rel="canonical" href="{url}" />',
        ]
        lines += adjacent_links(self.theme, listing, number)
        lines += [
            '<meta property="og:locale" content="de_DE" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:title" content="{title}" />',
            f'<meta property="og:url" content="{url}" />',
            f'<meta property="og:site_name" content="{name}" />',
            "<!-- / Yoast SEO plugin. -->",
            f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Feed" href="{base}/feed/" />',
            f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; Kommentar-Feed" href="{base}/comments/feed/" />',
        ]
        lines += term_feed_link(self.theme, listing, "Kategorie-Feed")
        lines.append(f'<link rel="https://api.w.org/" href="{base}/wp-json/" />')
        return "\n".join(lines) + "\n"

    # ----------------------------------------------------------- articles

    def _shariff(self, post: Post) -> str:
        url = quote(self.theme.url(post), safe="")
        text = quote(post.title, safe="")
        buttons = "".join(
            f'<li class="shariff-button {key}" style="background-color:{colour}"><a href="{href}" title="Bei {name} teilen" aria-label="Bei {name} teilen" role="button" rel="noopener nofollow" class="shariff-link" target="_blank">'
            f'<span class="shariff-icon"><svg width="32px" height="20px" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 18 32"></svg></span><span class="shariff-text">teilen</span>&nbsp;</a></li>'
            for key, name, colour, href in (
                (
                    "facebook",
                    "Facebook",
                    "#4273c8",
                    f"https://www.facebook.com/sharer/sharer.php?u={url}",
                ),
                ("twitter", "X", "#595959", f"https://twitter.com/share?url={url}&text={text}"),
                (
                    "whatsapp",
                    "WhatsApp",
                    "#5cbe4a",
                    f"https://api.whatsapp.com/send?text={url}%20{text}",
                ),
                ("mailto", "E-Mail", "#a8a8a8", f"mailto:?body={url}&subject={text}"),
            )
        )
        return (
            '<div class="shariff shariff-align-flex-start shariff-widget-align-flex-start">'
            '<div class="ShariffHeadline">Teilen:</div>'
            f'<ul class="shariff-buttons theme-round orientation-horizontal buttonsize-medium">{buttons}</ul></div>'
        )

    def _related(self, post: Post) -> str:
        """Yet Another Related Posts Plugin's German list, appended to the content."""
        theme = self.theme
        items = "".join(
            f'<li><a href="{esc(theme.url(p))}" rel="bookmark" title="{esc(p.title)}">{wp(p.title)}</a></li>'
            for p in theme.site.related_posts(post)
        )
        if not items:
            return ""
        return (
            "<div class='yarpp yarpp-related yarpp-related-website yarpp-template-list'>\n"
            f"<h3>Das könnte Sie auch interessieren:</h3><ol>{items}</ol>\n</div>"
        )

    def also_block(self, post: Post, target: Post, style: int) -> str:
        label = "Lesen Sie auch:" if style == 0 else "Mehr zum Thema:"
        return f'<p><strong>{label}</strong> <a href="{esc(self.theme.url(target))}">{wp(target.title)}</a></p>'

    def ad_block(self, post: Post, n: int) -> str:
        """An Ad Inserter block with a German "Anzeige" label."""
        return (
            f"<div class='code-block code-block-{n}' style='margin: 8px 0; clear: both;'>\n"
            '<div class="anzeige-label" style="font-size: 10px; color: #888;">Anzeige</div>\n'
            '<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-0000000000000000" data-ad-slot="4411872203" data-ad-format="auto"></ins>\n'
            "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
        )

    def content_tail(self, post: Post) -> list[str]:
        return [self._shariff(post), self._related(post)]

    def _comment_form(self, post: Post) -> str:
        """comment_form(), de_DE."""
        theme = self.theme
        return (
            '<div id="comments" class="comments-area default-max-width show-avatars">'
            '<div id="respond" class="comment-respond"><h2 id="reply-title" class="comment-reply-title">Schreibe einen Kommentar '
            f'<small><a rel="nofollow" id="cancel-comment-reply-link" href="{esc(theme.url(post))}#respond" style="display:none;">Antworten abbrechen</a></small></h2>'
            f'<form action="{theme.base}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>'
            '<p class="comment-notes"><span id="email-notes">Deine E-Mail-Adresse wird nicht veröffentlicht.</span> '
            '<span class="required-field-message">Erforderliche Felder sind mit <span class="required">*</span> markiert</span></p>'
            '<p class="comment-form-comment"><label for="comment">Kommentar <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="5" maxlength="65525" required></textarea></p>'
            '<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>'
            '<p class="comment-form-email"><label for="email">E-Mail <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" autocomplete="email" required /></p>'
            '<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /> '
            '<label for="wp-comment-cookies-consent">Meinen Namen, meine E-Mail-Adresse und meine Website in diesem Browser für die nächste Kommentierung speichern.</label></p>'
            '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Kommentar abschicken" /> '
            f"<input type='hidden' name='comment_post_ID' value='{post.wp_id}' id='comment_post_ID' /></p></form></div></div>"
        )

    def article(self, post: Post) -> str:
        theme = self.theme
        title = self.article_title(post)
        older, newer = theme.site.neighbours(post)
        byline = ""
        bio = ""
        if post.authors:
            a = post.authors[0]
            byline = f'<span class="byline">Von <a href="{theme.base}/author/{a.slug}/" rel="author">{esc(a.name)}</a></span>'
            if post.author_box:
                bio = (
                    '<div class="author-bio show-avatars">'
                    f"<img alt='' src='https://secure.gravatar.com/avatar/{a.slug}?s=85&#038;d=mm&#038;r=g' class='avatar avatar-85 photo' height='85' width='85' loading='lazy' decoding='async'/>"
                    f'<div class="author-bio-content"><h2 class="author-title">Von {esc(a.name)}</h2>'
                    f'<p class="author-description"> {esc(a.name)} schreibt für {esc(theme.site_name)} über Politik und Wirtschaft.</p>'
                    f'<a class="author-link" href="{theme.base}/author/{a.slug}/" rel="author">Alle Beiträge von {esc(a.name)} anzeigen</a></div></div>'
                )
        cats = ", ".join(
            f'<a href="{theme.category_url(c)}" rel="category tag">{esc(theme.names[c])}</a>'
            for c in post.categories
        )
        tags = (
            '<span class="tags-links">Verschlagwortet mit '
            + ", ".join(
                f'<a href="{theme.base}/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>'
                for t in post.tags
            )
            + "</span>"
            if post.tags
            else ""
        )
        caption = (
            f'<figcaption class="wp-caption-text">{wp(post.caption)}</figcaption>'
            if post.caption
            else ""
        )
        nav = (
            '<nav class="navigation post-navigation" aria-label="Beiträge"><h2 class="screen-reader-text">Beitragsnavigation</h2><div class="nav-links">'
            + (
                f'<div class="nav-previous"><a href="{esc(theme.url(older))}" rel="prev"><p class="meta-nav">Vorheriger Beitrag</p><p class="post-title">{wp(older.title)}</p></a></div>'
                if older
                else ""
            )
            + (
                f'<div class="nav-next"><a href="{esc(theme.url(newer))}" rel="next"><p class="meta-nav">Nächster Beitrag</p><p class="post-title">{wp(newer.title)}</p></a></div>'
                if newer
                else ""
            )
            + "</div></nav>"
        )
        main = (
            f'<article id="post-{post.wp_id}" class="{post_class(theme, post)} entry">\n'
            '\t<header class="entry-header alignwide">\n'
            f'\t\t<h1 class="entry-title">{wp(post.title)}</h1>\t\t\n'
            f'\t\t<figure class="post-thumbnail"><img width="1568" height="1045" src="{theme.image_url(post)}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" decoding="async" fetchpriority="high" />{caption}</figure><!-- .post-thumbnail -->\n'
            "\t</header><!-- .entry-header -->\n\n"
            f'\t<div class="entry-content">\n{self.content(post)}\t</div><!-- .entry-content -->\n\n'
            '\t<footer class="entry-footer default-max-width">\n'
            f'\t\t<div class="posted-by">{_posted_on(post)}{byline}</div>'
            f'<div class="post-taxonomies"><span class="cat-links">Kategorisiert als {cats} </span>{tags}</div>\n'
            "\t</footer><!-- .entry-footer -->\n\n"
            f"\t{bio}\n</article><!-- #post-{post.wp_id} -->\n"
            + (self._comment_form(post) if post.comments_open else "")
            + nav
        )
        body_class = f"post-template-default single single-post postid-{post.wp_id} single-format-standard wp-embed-responsive is-light-theme no-js singular has-main-navigation"
        return self._page(title, self._head(post, title), body_class, main)

    # ----------------------------------------------------------- listings

    def _item(self, post: Post) -> str:
        theme = self.theme
        href = esc(theme.listing_href(post))
        excerpt = post.summary or post.excerpt(55, " [&hellip;]")
        byline = (
            f'<span class="byline">Von <a href="{theme.base}/author/{post.authors[0].slug}/" rel="author">{esc(post.authors[0].name)}</a></span>'
            if post.authors
            else ""
        )
        return (
            f'<article id="post-{post.wp_id}" class="post-{post.wp_id} post type-post status-publish format-standard has-post-thumbnail hentry entry">\n'
            f'\t<header class="entry-header">\n\t\t<h2 class="entry-title default-max-width"><a href="{href}">{wp(post.title)}</a></h2>'
            f'<figure class="post-thumbnail"><a class="post-thumbnail-inner alignwide" href="{href}" aria-hidden="true" tabindex="-1"><img width="1568" height="1045" src="{theme.image_url(post)}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" decoding="async" loading="lazy" /></a></figure>\n\t</header>\n'
            f'\t<div class="entry-content">\n\t\t<p>{wp(excerpt)}</p>\n'
            f'<div class="more-link-container"><a class="more-link" href="{href}">Weiterlesen<span class="screen-reader-text">{wp(post.title)}</span></a></div>\t</div>\n'
            f'\t<footer class="entry-footer default-max-width"><div class="posted-by">{_posted_on(post)}{byline}</div></footer>\n'
            "</article>\n"
        )

    NAV_LABEL = "Beiträge"
    NAV_HEADING = "Beitrags-Navigation"
    NAV_PREV = '<span class="nav-prev-text">Neuere <span class="nav-short">Beiträge</span></span>'
    NAV_NEXT = '<span class="nav-next-text">Ältere <span class="nav-short">Beiträge</span></span>'

    def _archive_header(self, heading: str) -> str:
        return f'<header class="page-header alignwide"><h1 class="page-title">{esc(heading)}</h1></header><!-- .page-header -->'

    def _not_found_main(self) -> str:
        return (
            '<header class="page-header alignwide"><h1 class="page-title">Nichts gefunden</h1></header>'
            '<div class="error-404 not-found default-max-width"><div class="page-content">'
            "<p>Es sieht so aus, als wäre an dieser Stelle nichts zu finden. Vielleicht hilft eine Suche?</p>"
            f'<form role="search" method="get" class="search-form" action="{self.theme.base}/"><label for="search-form-1">Suchen …</label>'
            '<input type="search" id="search-form-1" class="search-field" value="" name="s" /><input type="submit" class="search-submit" value="Suchen" /></form>'
            "</div></div>"
        )
