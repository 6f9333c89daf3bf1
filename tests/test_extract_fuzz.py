"""Property-based fuzzing of extraction and cleaning over mutated recorded pages.

The recorded replica pages (``tests/fixtures/sites``) are mutated the ways
broken and hostile pages are broken: stray and control bytes, invalid UTF-8,
lying charset declarations, cut and doubled markup, runaway nesting, broken
JSON-LD.  Whatever comes out, extraction either returns an article or raises
``PageError`` (a page that cannot be one, reported per URL), within the
crawl's per-page time budget (``EXTRACT_TIMEOUT``, as Hypothesis' deadline),
and cleaning a cleaned body changes nothing.

Bounded for CI: ``FUZZ_EXAMPLES`` examples (default 300), derandomized so a
run is repeatable, no example database, and Hypothesis' own storage (a cache
of constants) in a temporary folder: nothing is written into the checkout.
``FUZZ_EXAMPLES=5000 FUZZ_SEED=random`` fuzzes for longer.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from crawler import settings as project
from crawler.clean import clean_body
from crawler.extract.article import PageError
from crawler.extract.page import Page, extract_page

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sites"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
DERANDOMIZE = os.environ.get("FUZZ_SEED", "fixed") != "random"
BUDGET = timedelta(seconds=project.EXTRACT_TIMEOUT)

NASTY = [
    b"\x00",
    b"\x0c",
    b"\x1b",
    b"\xff\xfe",
    b"\xe9",
    b"\x92",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"&#0;",
    b"&#xD800;",
    b"&#x1F;",
    b"<div>",
    b"</div>",
    b"<p>",
    b"</p>",
    b"<table><tr><td>",
    b"</td></tr></table>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<script>",
    b"</script>",
    b"<?xml version='1.0' encoding='utf-16'?>",
    b'<meta charset="shift_jis">',
    b'<meta charset="no-such-charset">',
    b'<meta charset="utf-7">',
    b'<meta charset="punycode">',
    b'<link rel="canonical" href="javascript:alert(1)">',
    b'<script type="application/ld+json">{"@type": "NewsArticle", "headline": ',
    b'{"@graph": [{"@graph": [',
    b'"author": [[[{"name": {"name": 5}}]]]',
    b"<time datetime='99999-99-99T99:99'>",
    b'<meta property="article:published_time" content="not a date">',
    b"\xe2\x80\xae",  # right-to-left override
    b"\xf0\x9f\x92\xa9" * 3,
]


# Hypothesis' storage (``.hypothesis`` in the working directory by default) in a
# temporary folder, set before ``@given`` below reads this module's constants.
_HOME = Path(tempfile.mkdtemp(prefix="newscrawler-hypothesis-"))
set_hypothesis_home_dir(_HOME)


@pytest.fixture(scope="module", autouse=True)
def hypothesis_home() -> Iterator[None]:
    yield
    set_hypothesis_home_dir(None)
    shutil.rmtree(_HOME, ignore_errors=True)


@cache
def pages() -> list[tuple[str, bytes]]:
    return [
        (f"https://asianlite.com/2024/top-news/{path.name.split('.')[0]}", gzip.decompress(data))
        for path in sorted(FIXTURES.glob("*/*.html.gz"))
        if (data := path.read_bytes())
    ]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A recorded page with a few mutations applied."""
    url, body = draw(st.sampled_from(pages()))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(body)))
        op = draw(st.sampled_from(["insert", "bytes", "delete", "double", "cut", "nest"]))
        if op == "insert":
            body = body[:at] + draw(st.sampled_from(NASTY)) * draw(st.integers(1, 50)) + body[at:]
        elif op == "bytes":
            body = body[:at] + draw(st.binary(max_size=64)) + body[at:]
        elif op == "delete":
            body = body[:at] + body[at + draw(st.integers(1, 5000)) :]
        elif op == "double":
            body = body[:at] + body[at : at + draw(st.integers(1, 20000))] * 2 + body[at:]
        elif op == "cut":
            body = body[:at]
        else:
            depth = draw(st.sampled_from([50, 300, 1000, 3000]))
            tag = draw(st.sampled_from([b"div", b"span", b"table", b"blockquote", b"li"]))
            end = at + draw(st.integers(0, 5000))
            opened, closed = b"<%s>" % tag * depth, b"</%s>" % tag * depth
            body = body[:at] + opened + body[at:end] + closed + body[end:]
    return url, body


@settings(
    max_examples=EXAMPLES,
    deadline=BUDGET,
    derandomize=DERANDOMIZE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    page=mutated(),
    content_type=st.sampled_from(
        [
            None,
            "text/html",
            "text/html; charset=utf-8",
            "text/html; charset=iso-8859-1",
            "text/html; charset=utf-16",
            "text/html; charset=base64",
        ]
    ),
    profile=st.sampled_from(["asianlite", None]),
)
def test_mutated_pages_give_an_article_or_a_page_error(
    page: tuple[str, bytes], content_type: str | None, profile: str | None
) -> None:
    url, body = page
    try:
        result = extract_page(Page(url, body, content_type, profile=profile, clean=True))
    except PageError:
        return
    article = result.article
    assert isinstance(article.body, str)
    assert "\x00" not in article.body and "\x0c" not in article.body
    assert clean_body(article.body, article.summary)[0] == article.body
