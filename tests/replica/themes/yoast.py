"""Yoast SEO's head on single posts, as the Newspack and Newspaper skins print it:
description, OpenGraph and Twitter tags, the JSON-LD graph (Article, WebPage,
image, breadcrumb, site, publisher, one Person per byline) and the core links
that follow it."""

# ruff: noqa: E501 - HTML templates: long markup literals read better unbroken

from __future__ import annotations

import json
from typing import Any

from ..model import Author, Post, iso
from ..theme import Theme, esc
from .common import canonical


def yoast_head(
    theme: Theme,
    post: Post,
    title: str,
    *,
    version: str,
    authors: tuple[Author, ...],
    sep: str,
    article_type: str = "Article",
    webpage_first: bool = False,
) -> str:
    """Yoast `version`'s head for `post` shown with `title` and bylines `authors`.

    `webpage_first`: the graph opens with the WebPage (which then names no
    primary image), else with the Article."""
    base = theme.base
    url = canonical(theme, post)
    image = theme.image_url(post)
    names = ", ".join(a.name for a in authors)
    lines = [
        f"<!-- This site is optimized with the Yoast SEO plugin v{version} - https://yoast.com/wordpress/plugins/seo/ -->",
    ]
    if post.summary:
        lines.append(f'<meta name="description" content="{esc(post.summary)}" />')
    lines += [
        '<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1" />',
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
        f'<meta property="article:published_time" content="{iso(post.published)}" />',
        f'<meta property="article:modified_time" content="{iso(post.modified)}" />',
        f'<meta property="og:image" content="{image}" />',
        '<meta property="og:image:width" content="1200" />',
        '<meta property="og:image:height" content="800" />',
        '<meta property="og:image:type" content="image/jpeg" />',
    ]
    if authors:
        lines.append(f'<meta name="author" content="{esc(names)}" />')
    lines.append('<meta name="twitter:card" content="summary_large_image" />')
    if authors:
        lines += [
            '<meta name="twitter:label1" content="Written by" />',
            f'<meta name="twitter:data1" content="{esc(names)}" />',
        ]
    article: dict[str, Any] = {
        "@type": article_type,
        "@id": f"{url}#article",
        "isPartOf": {"@id": url},
        "headline": post.title,
        "datePublished": iso(post.published),
        "dateModified": iso(post.modified),
        "mainEntityOfPage": {"@id": url},
        "publisher": {"@id": f"{base}/#organization"},
        "image": {"@id": f"{url}#primaryimage"},
        "thumbnailUrl": image,
        "keywords": list(post.tags),
        "articleSection": [theme.names[c] for c in post.categories],
        "inLanguage": "en-US",
    }
    webpage: dict[str, Any] = {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": post.title + sep + theme.site_name,
        "isPartOf": {"@id": f"{base}/#website"},
        **({} if webpage_first else {"primaryImageOfPage": {"@id": f"{url}#primaryimage"}}),
        "datePublished": iso(post.published),
        "dateModified": iso(post.modified),
        "breadcrumb": {"@id": f"{url}#breadcrumb"},
        "inLanguage": "en-US",
    }
    graph: list[dict[str, Any]] = [
        *([webpage, article] if webpage_first else [article, webpage]),
        {
            "@type": "ImageObject",
            "@id": f"{url}#primaryimage",
            "url": image,
            "contentUrl": image,
        },
        {
            "@type": "BreadcrumbList",
            "@id": f"{url}#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
                {"@type": "ListItem", "position": 2, "name": post.title},
            ],
        },
        {
            "@type": "WebSite",
            "@id": f"{base}/#website",
            "url": f"{base}/",
            "name": theme.site_name,
        },
        {"@type": "Organization", "@id": f"{base}/#organization", "name": theme.site_name},
    ]
    people = []
    for author in authors:
        person = f"{base}/#/schema/person/{author.slug}"
        people.append({"name": author.name, "@id": person})
        graph.append(
            {
                "@type": "Person",
                "@id": person,
                "name": author.name,
                "url": f"{base}/author/{author.slug}/",
            }
        )
    if people:
        article["author"] = people if len(people) > 1 else people[0]
    ld = json.dumps(
        {"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False
    ).replace("</", "<\\/")
    lines += [
        f'<script type="application/ld+json" class="yoast-schema-graph">{ld}</script>',
        "<!-- / Yoast SEO plugin. -->",
        f'<link rel="alternate" type="application/rss+xml" title="{esc(theme.site_name)} &raquo; Feed" href="{base}/feed/" />',
        f'<link rel="https://api.w.org/" href="{base}/wp-json/" />',
        f'<link rel="alternate" type="application/json" href="{base}/wp-json/wp/v2/posts/{post.wp_id}" />',
        f"<link rel='shortlink' href='{base}/?p={post.wp_id}' />",
    ]
    return "\n".join(lines) + "\n"
