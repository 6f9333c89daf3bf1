"""The site-profile path's container walk: what stays in a body and what goes."""

from __future__ import annotations

import lxml.html

from crawler.extract.blocks import BlockWalker

TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en">The new ferry is running tonight.</p>'
    '&mdash; Harbour Council (@harbourcouncil) <a href="https://twitter.com/x/status/1">'
    "May 1, 2024</a></blockquote>"
    '<script async src="https://platform.twitter.com/widgets.js"></script>'
)


def walk(content: str) -> BlockWalker:
    walker = BlockWalker()
    walker.walk(lxml.html.fragment_fromstring(f"<div>{content}</div>"))
    return walker


def test_a_quoted_post_stays_with_its_attribution() -> None:
    walker = walk(f"<p>The council posted the news.</p>{TWEET}<p>Crossings start on Monday.</p>")
    assert walker.paragraphs == [
        "The council posted the news.",
        "The new ferry is running tonight.",
        "— Harbour Council (@harbourcouncil) May 1, 2024",
        "Crossings start on Monday.",
    ]


def test_a_post_in_an_embed_wrapper_stays() -> None:
    wrapped = f'<figure class="wp-block-embed is-provider-twitter"><div>{TWEET}</div></figure>'
    assert "The new ferry is running tonight." in walk(f"<p>Intro.</p>{wrapped}").paragraphs


def test_embeds_that_are_not_posts_go() -> None:
    card = (
        '<figure class="wp-block-embed is-type-wp-embed"><div class="wp-block-embed__wrapper">'
        '<blockquote class="wp-embedded-content"><a href="/other">Bridge repairs delayed</a>'
        "</blockquote></div></figure>"
    )
    walker = walk(f"<p>Intro.</p>{card}")
    assert walker.paragraphs == ["Intro."]
    assert walker.removed == [("embed", "Bridge repairs delayed")]
