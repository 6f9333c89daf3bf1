"""Single post pages (SITE.md items 1-13) and their AMP variant.

The boilerplate around a post (ticker, "Latest from", "Don't Miss") is drawn
as of the post's last modification, like a page cache filled when the post
was saved: pages do not change when unrelated posts are added, so their ETag
stays put. Only the previous newest post gains a "Next Story" link.
"""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from .model import Block, Kind, Post, human_date, iso, slugify
from .theme import Page, Theme, esc, wp

_DATELINE = re.compile(r"([A-Z][A-Z .]+):[ \xa0]")
LATEST_EXCERPT_WORDS = 32  # "Latest from" teasers, as on the seed page
DOCK_EXCERPT_WORDS = 10  # "Don't Miss" teasers (theme default for the side dock)


def canonical_url(theme: Theme, post: Post) -> str:
    if post.canonical_to_original and post.duplicate_of is not None:
        return theme.url(post.duplicate_of)
    return theme.url(post)


def article_page(theme: Theme, post: Post) -> Page:
    site = theme.site
    latest = site.latest(5, post.modified)
    older, newer = site.neighbours(post)
    if post.old_markup:
        bottom = _bottom_posts_old(theme, post)
        nav = _nav_old(theme, older, newer)
    else:
        bottom = _bottom_posts(theme, post)
        nav = _nav(theme, older, newer)
    return Page(
        title=f"{post.title} - {theme.site_name}",
        head=_head(theme, post),
        body_class=f"post-template-default single single-post postid-{post.wp_id} single-format-standard "
        "wp-embed-responsive no-sidebar",
        ticker=theme.ticker(latest),
        main=_article(theme, post) + nav + bottom,
        footer=theme.footer_widgets(latest),
        dock=_dock(theme, post),
    )


# ------------------------------------------------------------------ head


def _head(theme: Theme, post: Post) -> str:
    url = theme.url(post)
    canonical = canonical_url(theme, post)
    image = theme.image_url(post)
    title = f"{post.title} - {theme.site_name}"
    meta = [
        '<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1">',
        f'<link rel="canonical" href="{esc(canonical)}">',
        '<meta property="og:locale" content="en_US">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{esc(title)}">',
    ]
    if post.summary:
        meta.insert(0, f'<meta name="description" content="{esc(post.summary)}">')
        meta.append(f'<meta property="og:description" content="{esc(post.summary)}">')
    meta += [
        f'<meta property="og:url" content="{esc(canonical)}">',
        f'<meta property="og:site_name" content="{theme.site_name}">',
        '<meta property="article:publisher" content="https://www.facebook.com/asianlite">',
        f'<meta property="article:published_time" content="{iso(post.published)}">',
        f'<meta property="article:modified_time" content="{iso(post.modified)}">',
        f'<meta property="article:section" content="{esc(theme.names[post.categories[0]])}">',
        *(f'<meta property="article:tag" content="{esc(tag)}">' for tag in post.tags),
        f'<meta property="og:image" content="{esc(image)}">',
        '<meta property="og:image:width" content="1200">',
        '<meta property="og:image:height" content="800">',
        '<meta property="og:image:type" content="image/jpeg">',
        '<meta name="twitter:card" content="summary_large_image">',
    ]
    if post.authors:
        names = ", ".join(a.name for a in post.authors)
        meta += [
            f'<meta name="author" content="{esc(names)}">',
            '<meta name="twitter:label1" content="Written by">',
            f'<meta name="twitter:data1" content="{esc(names)}">',
        ]
    meta += [
        '<meta name="twitter:label2" content="Est. reading time">',
        f'<meta name="twitter:data2" content="{post.reading_minutes()} minutes">',
        f'<script type="application/ld+json" class="yoast-schema-graph">{_json_ld(theme, post, canonical)}</script>',
        f'<link rel="alternate" type="application/rss+xml" title="{theme.site_name} &raquo; Feed" href="{theme.base}/feed/">',
        f'<link rel="amphtml" href="{esc(url)}/amp">',
        f'<link rel="shortlink" href="{theme.base}/?p={post.wp_id}">',
    ]
    return "\n".join(meta) + "\n"


def _json_ld(theme: Theme, post: Post, canonical: str) -> str:
    base = theme.base
    image = theme.image_url(post)
    people = [
        {
            "@type": "Person",
            "@id": f"{base}/#/schema/person/{a.slug}",
            "name": a.name,
            "url": f"{base}/author/{a.slug}/",
        }
        for a in post.authors
    ]
    article: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": f"{canonical}#article",
        "isPartOf": {"@id": canonical},
        "headline": post.title,
        "datePublished": iso(post.published),
        "dateModified": iso(post.modified),
        "mainEntityOfPage": {"@id": canonical},
        "wordCount": sum(len(b.text.split()) for b in post.blocks if b.kind is Kind.PARA),
        "publisher": {"@id": f"{base}/#organization"},
        "image": {"@id": f"{canonical}#primaryimage"},
        "thumbnailUrl": image,
        "keywords": list(post.tags),
        "articleSection": [theme.names[c] for c in post.categories],
        "inLanguage": "en-US",
    }
    if people:
        article["author"] = [{"name": p["name"], "@id": p["@id"]} for p in people]
        if len(people) == 1:
            article["author"] = article["author"][0]
    graph: list[dict[str, Any]] = [
        {
            "@type": "WebPage",
            "@id": canonical,
            "url": canonical,
            "name": f"{post.title} - {theme.site_name}",
            "isPartOf": {"@id": f"{base}/#website"},
            "primaryImageOfPage": {"@id": f"{canonical}#primaryimage"},
            "thumbnailUrl": image,
            "datePublished": iso(post.published),
            "dateModified": iso(post.modified),
            "breadcrumb": {"@id": f"{canonical}#breadcrumb"},
            "inLanguage": "en-US",
        },
        article,
        {
            "@type": "ImageObject",
            "@id": f"{canonical}#primaryimage",
            "url": image,
            "contentUrl": image,
            "width": 1200,
            "height": 800,
            **({"caption": post.caption} if post.caption else {}),
        },
        {
            "@type": "BreadcrumbList",
            "@id": f"{canonical}#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
                {
                    "@type": "ListItem",
                    "position": 2,
                    "name": theme.names[post.categories[0]],
                    "item": theme.category_url(post.categories[0]),
                },
                {"@type": "ListItem", "position": 3, "name": post.title},
            ],
        },
        {
            "@type": "WebSite",
            "@id": f"{base}/#website",
            "url": f"{base}/",
            "name": theme.site_name,
            "publisher": {"@id": f"{base}/#organization"},
            "inLanguage": "en-US",
        },
        {
            "@type": "Organization",
            "@id": f"{base}/#organization",
            "name": theme.site_name,
            "url": f"{base}/",
            "logo": {
                "@type": "ImageObject",
                "url": f"{base}/wp-content/uploads/2019/05/asianlite-logo.png",
            },
        },
        *people,
    ]
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return text.replace("</", "<\\/")


# --------------------------------------------------------------- article


def _article(theme: Theme, post: Post) -> str:
    classes = (
        theme.post_class(post, "wi-content") + " no-sidebar single-style-1 main-content-narrow"
    )
    subtitle = (
        f'<div class="post-item-subtitle post-header-section"><p>{wp(post.summary)}</p></div>'
        if post.summary
        else ""
    )
    minutes = post.reading_minutes()
    meta = (
        '<div class="post-item-meta wi-meta fox-meta post-header-section">'
        f"{theme.categories_html(post)}{theme.date_html(post)}{theme.author_html(post)}"
        f'<div class="reading-time">{minutes} min{"s" if minutes > 1 else ""} read</div></div>'
    )
    caption = (
        f'<figcaption class="fox-figcaption">{wp(post.caption)}</figcaption>'
        if post.caption
        else ""
    )
    return (
        f'<article id="wi-content" class="{classes}" itemscope itemtype="https://schema.org/CreativeWork">'
        '<header class="single-header post-header entry-header single-big-section" itemscope '
        'itemtype="https://schema.org/WPHeader"><div class="container"><div class="post-item-header align-left">'
        f"{meta}"
        '<h1 class="post-title post-item-title wi-post-title fox-post-title post-header-section size-large" '
        f'itemprop="headline">{wp(post.title)}</h1>{subtitle}</div></div></header>'
        '<div class="thumbnail-wrapper single-big-section single-big-section-thumbnail"><div class="thumbnail-container">'
        '<div class="container"><div class="thumbnail-main">'
        '<figure class="fox-figure post-thumbnail post-thumbnail-standard hover-none thumbnail-acute" itemscope '
        'itemtype="https://schema.org/ImageObject"><span class="image-element">'
        f'<img width="1200" height="800" src="{theme.image_url(post)}" class="attachment-full size-full wp-post-image" '
        f'alt="" loading="eager"></span>{caption}</figure></div></div></div></div>'
        '<div class="single-big-section single-big-section-content"><div class="container">'
        '<div id="primary" class="primary content-area"><div class="theiaStickySidebar"><div class="single-body">'
        '<div class="single-section single-main-content"><div class="container entry-container">'
        '<div class="dropcap-content columnable-content entry-content">\n'
        f"{content_html(theme, post)}"
        "</div></div></div>"
        f"{_share(theme, post)}{_tags(theme, post)}{_related(theme, post)}{_author_box(theme, post)}"
        f"{_comments(theme, post)}"
        "</div></div></div></div></div></article>"
    )


def content_html(theme: Theme, post: Post, amp: bool = False) -> str:
    """the_content(): paragraphs plus the inline boilerplate blocks."""
    out: list[str] = []
    paragraph = 0
    for block in post.blocks:
        if block.kind is Kind.PARA:
            out.append(f"<p>{_inline(theme, post, paragraph, block.text)}</p>")
            paragraph += 1
        elif block.kind is Kind.REPEAT:
            out.append(f"<p>{wp(block.text)}</p>")
        elif block.kind is Kind.ALSO and block.target is not None:
            out.append(_also_read(theme, block))
        elif block.kind is Kind.EMPTY:
            out.append("<p>&nbsp;</p>")
        elif block.kind is Kind.AD and not amp:
            out.append(
                '<div class="ad-slot ad-inline"><span class="ad-label">Advertisement</span>'
                '<ins class="adsbygoogle" style="display:block; text-align:center;" data-ad-layout="in-article" '
                'data-ad-format="fluid" data-ad-client="ca-pub-0000000000000000" data-ad-slot="7284529163"></ins>'
                "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>"
            )
        elif block.kind is Kind.TWEET and not amp:
            out.append(_tweet(post, block))
    return "\n".join(out) + "\n"


def _inline(theme: Theme, post: Post, paragraph: int, text: str) -> str:
    """A paragraph's inner HTML: a bold dateline or a tag link on some posts."""
    lead = ""
    if text.startswith("\xa0"):
        lead, text = "&nbsp;", text[1:]
    dateline = _DATELINE.match(text)
    if paragraph == 0 and dateline and post.wp_id % 2 == 0:
        return f"{lead}<strong>{wp(dateline.group(1))}:</strong>{wp(text[dateline.end(1) + 1 :])}"
    if paragraph == 1 and post.tags and post.wp_id % 3 == 0:
        tag = post.tags[0]
        at = text.find(tag)
        if at > 0:
            link = f'<a href="{theme.base}/tag/{slugify(tag)}/">{wp(tag)}</a>'
            return lead + wp(text[:at]) + link + wp(text[at + len(tag) :])
    return lead + wp(text)


def _also_read(theme: Theme, block: Block) -> str:
    assert block.target is not None
    href = esc(theme.url(block.target))
    title = wp(block.target.title)
    if block.style == 0:
        return f'<p>ALSO READ-<a href="{href}">{title}</a></p>'
    return f'<p><strong>ALSO READ: </strong><a href="{href}" target="_blank" rel="noreferrer noopener">{title}</a></p>'


def _tweet(post: Post, block: Block) -> str:
    name, handle, text = block.text.split("\n")
    status = 1700000000000000000 + post.wp_id * 7919
    return (
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{wp(text)}</p>&mdash; {esc(name)} (@{handle}) '
        f'<a href="https://twitter.com/{handle}/status/{status}?ref_src=twsrc%5Etfw">{human_date(post.tweeted)}</a>'
        '</blockquote>\n<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )


def _share(theme: Theme, post: Post) -> str:
    url = quote(theme.url(post), safe="")
    title = quote(post.title, safe="")
    services = [
        (
            "facebook",
            "Facebook",
            "fab fa-facebook-f",
            f"https://www.facebook.com/sharer/sharer.php?u={url}",
        ),
        (
            "twitter",
            "Twitter",
            "fab fa-twitter",
            f"https://twitter.com/intent/tweet?url={url}&amp;text={title}",
        ),
        (
            "whatsapp",
            "Whatsapp",
            "fab fa-whatsapp",
            f"https://api.whatsapp.com/send?phone=&amp;text={url}",
        ),
        (
            "linkedin",
            "Linkedin",
            "fab fa-linkedin-in",
            f"https://www.linkedin.com/shareArticle?mini=true&amp;url={url}",
        ),
        ("email", "Email", "feather-mail", f"mailto:?subject={title}&amp;body={url}"),
    ]
    items = "".join(
        f'<li class="li-share-{key}"><a href="{href}" title="{label}" class="share share-{key}">'
        f'<i class="{icon}"></i><span>{label}</span></a></li>'
        for key, label, icon, href in services
    )
    return (
        '<div class="single-component single-component-share"><div class="fox-share share-style-custom color-custom '
        "background-custom hover-color-custom hover-background-custom share-icons-shape-circle size-small "
        'share-layout-inline"><span class="share-label"><i class="fa fa-share-alt"></i>Share this</span>'
        f"<ul>{items}</ul></div></div>"
    )


def _tags(theme: Theme, post: Post) -> str:
    if not post.tags:
        return ""
    links = "".join(
        f'<li><a href="{theme.base}/tag/{slugify(tag)}/" rel="tag">{esc(tag)}</a></li>'
        for tag in post.tags
    )
    return (
        '<div class="single-component single-component-tag"><div class="single-tags entry-tags post-tags">'
        '<span class="single-heading tag-label"><i class="feather-tag"></i>Tags:</span>'
        f'<div class="fox-term-list"><ul>{links}</ul></div></div></div>'
    )


def _related(theme: Theme, post: Post) -> str:
    if not post.related:
        return ""
    items = [
        theme.item(
            p, title_tag="h3", size="small", excerpt_words=0, meta=False, extra=" related-item"
        )
        for p in theme.site.related_posts(post)
    ]
    return (
        '<div class="single-related-wrapper"><div class="fox-related-posts"><div class="container">'
        '<h3 class="single-heading related-label related-heading"><span>Don\'t Miss</span></h3>'
        f"{theme.blog(items, columns=3, extra='related-posts')}</div></div></div>"
    )


def _author_box(theme: Theme, post: Post) -> str:
    if not post.author_box or not post.authors:
        return ""
    author = post.authors[0]
    link = f"{theme.base}/author/{author.slug}/"
    return (
        '<div class="single-component single-component-authorbox"><div class="fox-authorbox authorbox-simple">'
        '<div class="authorbox-inner"><div class="user-item-avatar authorbox-avatar avatar-circle">'
        f'<a href="{link}"><img alt="" src="{theme.base}/wp-content/uploads/avatars/{author.slug}.jpg" '
        'class="avatar avatar-96 photo" height="96" width="96"></a></div><div class="authorbox-text">'
        '<div class="fox-user-item authorbox-tab active authorbox-content" data-tab="author">'
        f'<div class="user-item-body"><h3 class="user-item-name"><a href="{link}">{esc(author.name)}</a></h3>'
        f'<div class="user-item-description"><p>{esc(author.name)} writes on politics, business and culture '
        f"for {esc(theme.site_name)}.</p></div></div></div></div></div></div></div>"
    )


def _comments(theme: Theme, post: Post) -> str:
    if not post.comments_open:
        return ""
    return (
        '<div class="single-component single-component-comment"><div id="comments" class="comments-area">'
        '<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title single-heading">'
        f'Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{esc(theme.url(post))}#respond" '
        'style="display:none;">Cancel reply</a></small></h3>'
        f'<form action="{theme.base}/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>'
        '<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> '
        '<span class="required-field-message">Required fields are marked <span class="required">*</span></span></p>'
        '<p class="comment-form-comment"><textarea id="comment" name="comment" cols="45" rows="8" '
        'aria-required="true" placeholder="Write your comment..."></textarea></p>'
        '<p class="comment-form-author"><input id="author" name="author" type="text" value="" size="30" '
        'placeholder="Name*"></p><p class="comment-form-email"><input id="email" name="email" type="email" value="" '
        'size="30" placeholder="Email*"></p><p class="comment-form-url"><input id="url" name="url" type="url" '
        'value="" size="30" placeholder="Website"></p><p class="form-submit"><input name="submit" type="submit" '
        'id="submit" class="submit" value="Post Comment"> <input type="hidden" name="comment_post_ID" '
        f'value="{post.wp_id}" id="comment_post_ID"><input type="hidden" name="comment_parent" id="comment_parent" '
        'value="0"></p></form></div></div></div>'
    )


# ------------------------------------------------------- bottom sections


def _nav(theme: Theme, older: Post | None, newer: Post | None) -> str:
    items = [(older, "previous", "Previous Story"), (newer, "next", "Next Story")]
    present = [(p, key, label) for p, key, label in items if p is not None]
    articles = "".join(
        f'<article class="post-nav-item post-nav-item-{key}" itemscope itemtype="https://schema.org/CreativeWork">'
        '<div class="post-nav-item-inner"><figure class="fox-figure post-nav-item-thumbnail">'
        f'<img src="{theme.image_url(p)}" alt="" width="2000" height="900"></figure><div class="post-nav-item-body">'
        f'<div class="post-nav-item-label">{label}</div>'
        f'<h3 class="post-item-title post-nav-item-title" itemprop="headline">{wp(p.title)}</h3></div>'
        f'<div class="post-nav-item-overlay"></div><a class="wrap-link" href="{esc(theme.url(p))}"></a></div></article>'
        for p, key, label in present
    )
    return (
        '<div class="single-big-section single-bottom-section single-navigation-section">'
        f'<div class="fox-post-nav post-nav-advanced column-{len(present)}">{articles}</div></div>'
    )


def _nav_old(theme: Theme, older: Post | None, newer: Post | None) -> str:
    links = ""
    if older is not None:
        links += (
            f'<div class="nav-previous"><a href="{esc(theme.url(older))}" rel="prev">'
            '<span class="meta-nav" aria-hidden="true">Previous Story</span> '
            '<span class="screen-reader-text">Previous post:</span> '
            f'<span class="post-title font-heading">{wp(older.title)}</span></a></div>'
        )
    if newer is not None:
        links += (
            f'<div class="nav-next"><a href="{esc(theme.url(newer))}" rel="next">'
            '<span class="meta-nav" aria-hidden="true">Next Story</span> '
            '<span class="screen-reader-text">Next post:</span> '
            f'<span class="post-title font-heading">{wp(newer.title)}</span></a></div>'
        )
    return (
        '<nav class="navigation post-navigation post-nav" role="navigation">'
        f'<h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">{links}</div></nav>'
    )


def _bottom_posts(theme: Theme, post: Post) -> str:
    posts = theme.site.bottom_posts(post)
    if not posts:
        return ""
    items = [
        theme.item(
            p, title_tag="h3", size="tiny", excerpt_words=LATEST_EXCERPT_WORDS, more="", meta=False
        )
        for p in posts
    ]
    return (
        '<div class="single-big-section single-bottom-section single-bottom-posts-section">'
        '<div class="fox-bottom-posts"><h3 id="posts-small-heading" class="bottom-posts-heading single-heading">'
        f"<span>Latest from {esc(theme.names[post.categories[0]])}</span></h3>"
        f"{theme.blog(items, columns=len(items), extra='spacing-small')}</div></div>"
    )


def _bottom_posts_old(theme: Theme, post: Post) -> str:
    posts = theme.site.bottom_posts(post)
    if not posts:
        return ""
    items = "".join(
        f'<article class="post-small post-{p.wp_id}"><figure class="post-small-thumbnail">'
        f'<a href="{esc(theme.url(p))}"><img src="{theme.image_url(p)}" alt="" width="400" height="300"></a></figure>'
        f'<h3 class="post-small-title"><a href="{esc(theme.url(p))}">{wp(p.title)}</a></h3>'
        f'<div class="post-small-excerpt"><p>{wp(p.excerpt(LATEST_EXCERPT_WORDS))}</p></div></article>'
        for p in posts
    )
    return (
        '<div id="posts-small-wrapper">'
        f'<h3 id="posts-small-heading"><span>Latest from {esc(theme.names[post.categories[0]])}</span></h3>'
        f'<div class="posts-small-list">{items}</div></div>'
    )


def _dock(theme: Theme, post: Post) -> str:
    items = [
        theme.item(
            p,
            layout="list",
            title_tag="h3",
            size="tiny",
            excerpt_words=DOCK_EXCERPT_WORDS,
            more="",
            meta=False,
            extra=" post-dock-item",
        )
        for p in theme.site.dock_posts(post)
    ]
    return (
        '<h3 class="dock-title widget-title">Don\'t Miss</h3>'
        f'<div class="dock-posts">{theme.blog(items, layout="list", columns=1, extra="post-dock")}</div>'
        '<button class="close"><i class="feather-x"></i></button>'
    )


# ------------------------------------------------------------------- AMP


def amp_page(theme: Theme, post: Post) -> str:
    """The AMP plugin's legacy template: canonical points at the main URL."""
    canonical = canonical_url(theme, post)
    byline = ", ".join(a.name for a in post.authors)
    author = f'<div class="amp-wp-meta amp-wp-byline"><span class="amp-wp-author author vcard">{esc(byline)}</span></div>'
    cats = ", ".join(
        f'<a href="{theme.category_url(c)}" rel="category tag">{esc(theme.names[c])}</a>'
        for c in post.categories
    )
    return (
        '<!doctype html>\n<html amp lang="en-US">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">\n'
        f"<title>{esc(post.title)} - {theme.site_name}</title>\n"
        f'<link rel="canonical" href="{esc(canonical)}">\n'
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
        "<style amp-boilerplate>body{visibility:hidden}</style>\n</head>\n<body>\n"
        f'<header id="top" class="amp-wp-header"><div><a href="{theme.base}/">{theme.site_name}</a></div></header>\n'
        '<article class="amp-wp-article"><header class="amp-wp-article-header">'
        f'<h1 class="amp-wp-title">{wp(post.title)}</h1>{author if post.authors else ""}'
        f'<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{iso(post.published)}">'
        f"{human_date(post.published)}</time></div></header>\n"
        f'<figure class="amp-wp-article-featured-image wp-caption"><amp-img width="1200" height="800" '
        f'src="{theme.image_url(post)}" layout="intrinsic"></amp-img></figure>\n'
        f'<div class="amp-wp-article-content">\n{content_html(theme, post, amp=True)}</div>\n'
        f'<footer class="amp-wp-article-footer"><div class="amp-wp-meta amp-wp-tax-category">Categories: {cats}</div>'
        "</footer></article>\n"
        f'<footer class="amp-wp-footer"><div><h2>{theme.site_name}</h2><a href="#top" class="back-to-top">Back to top</a>'
        "</div></footer>\n</body>\n</html>\n"
    )
