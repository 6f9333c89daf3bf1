"""The no-collapse guard: a short block beside the article is never returned as the body."""

from __future__ import annotations

import pytest

from crawler.clean import clean_paragraphs
from crawler.extract import combine
from crawler.extract.article import extract_article, parse_html
from crawler.extract.text import letters

URL = "https://riverside-courier.example/news/2024/03/bridge-repairs"
SENTENCES = [
    "Engineers closed the old river bridge on Monday after inspectors found cracks in two "
    "of its supporting piers, and the county said repairs would take at least six weeks.",
    "Drivers heading into town from the north face a detour of about eleven kilometres, "
    "while buses will run a shuttle across the newer footbridge every twenty minutes.",
    "The bridge, built in 1958, carries roughly fourteen thousand vehicles a day, according "
    "to figures published by the county's transport office last spring.",
    "Local shop owners said the closure came at the worst possible time, just as the "
    "spring market season begins and visitors return to the riverside stalls.",
    "A spokesperson for the county said the cracks were not a danger to pedestrians, but "
    "that heavy lorries could have worsened them within a matter of weeks.",
    "Contractors expect to start work next Wednesday, weather permitting, and will work "
    "through two weekends to shorten the closure where they can.",
    "Residents can follow progress on the county's website, where engineers will publish "
    "photographs and a revised timetable every Friday afternoon.",
    "The council also promised a review of its other river crossings, several of which "
    "date from the same decade and share the same design of concrete piers.",
]
ARTICLE = [f"{s} {SENTENCES[(i + 3) % len(SENTENCES)]}" for i, s in enumerate(SENTENCES)]
NOTICE = (
    "This article may not be reprinted without the written permission of the publisher. "
    "All rights reserved."
)


def _page(body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><title>Bridge closed for repairs</title></head>"
        f"<body>{body}</body></html>"
    )


def _article_html(paragraphs: list[str], between: str = "") -> str:
    return "".join(f"<p>{p}</p>{between if i % 3 == 2 else ''}" for i, p in enumerate(paragraphs))


def _has(body: list[str], text: str) -> bool:
    return letters(text) in letters(" ".join(body))


LEGAL = _page(
    f"<div class='story'>{_article_html(ARTICLE)}</div><div class='legal'><p>{NOTICE}</p></div>"
)
SPLIT = _page(
    "<div class='story'>"
    + _article_html(
        ARTICLE,
        between="<div class='ad'>Advertisement</div>"
        "<div class='read-more'><a href='/a'>Read more: council budget</a></div>",
    )
    + "</div>"
)


@pytest.mark.parametrize(
    ("html", "collapsed_body"),
    [
        pytest.param(LEGAL, [NOTICE], id="reprint notice beside the article"),
        pytest.param(SPLIT, ARTICLE[:1], id="body cut at the first ad block"),
    ],
)
def test_a_collapsed_body_gives_way_to_the_article(html: str, collapsed_body: list[str]) -> None:
    body, removed, replaced = combine.guard(list(collapsed_body), parse_html(html))
    assert replaced
    assert all(_has(body, p) for p in ARTICLE), "the whole article comes back"
    assert not _has(body, NOTICE)
    assert removed and removed[0][0] == "collapsed"


@pytest.mark.parametrize("html", [LEGAL, SPLIT])
def test_a_whole_body_is_kept_as_extracted(html: str) -> None:
    body, removed, replaced = combine.guard(list(ARTICLE), parse_html(html))
    assert not replaced and body == ARTICLE and removed == []


def test_a_body_not_much_shorter_and_sharing_most_text_is_kept() -> None:
    """Readability's text being somewhat longer (a caption, a teaser) is no collapse."""
    body = ARTICLE[:-2]
    assert not combine.collapsed(body, ARTICLE)
    assert combine.collapsed(ARTICLE[:2], ARTICLE)
    assert combine.collapsed([NOTICE, SENTENCES[0]], ARTICLE[2:])


@pytest.mark.parametrize(("html"), [LEGAL, SPLIT], ids=["legal notice", "split by ads"])
def test_generic_extraction_returns_the_whole_article(html: str) -> None:
    extraction = extract_article(parse_html(html), URL)
    assert all(_has(extraction.paragraphs, p) for p in ARTICLE)
    assert not any(p == "Advertisement" or p.startswith("Read more") for p in extraction.paragraphs)


def test_table_layout_keeps_the_article_and_drops_the_sidebar() -> None:
    sidebar = (
        "<td width='160'><b>SPORTS</b><br><a href='/s1'>Rovers win again</a><br>"
        "<a href='/s2'>Cup draw announced</a><br><a href='/s3'>New coach named</a><br>"
        "<b>ONLINE POLL</b><br>Should the bridge be replaced?<br>"
        "<a href='/poll'>Vote now</a></td>"
    )
    html = _page(
        "<table><tr><td colspan='2'><a href='/'>Riverside Courier</a></td></tr>"
        f"<tr>{sidebar}<td>{'<br><br>'.join(ARTICLE)}</td></tr>"
        "<tr><td></td><td></td><td></td></tr></table>"
    )
    extraction = extract_article(parse_html(html), URL)
    body, _ = clean_paragraphs(extraction.paragraphs, extraction.fields.get("summary"))
    assert all(_has(body, p) for p in ARTICLE)
    assert len(body) == len(ARTICLE), "one paragraph each, not one table row"
    for furniture in ("SPORTS", "ONLINE POLL", "Rovers win again", "Vote now"):
        assert not _has(body, furniture)
    assert not any("|" in p for p in body)


def test_readability_leaves_the_callers_tree_alone() -> None:
    tree = parse_html(_page("<p hidden>secret</p>" + _article_html(ARTICLE)))
    before = len(list(tree.iter()))
    assert any(_has([line], ARTICLE[0]) for line in combine.readability_lines(tree))
    assert len(list(tree.iter())) == before
