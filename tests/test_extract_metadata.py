"""Generic metadata: structured data first, in the page's order, with fallbacks."""

from __future__ import annotations

from crawler.extract.article import parse_html
from crawler.extract.metadata import extract_metadata

PAGE = """<!doctype html><html lang="en-GB"><head>
<title>Ferry timetable approved | Harbour News</title>
<meta property="og:title" content=" Ferry timetable approved ">
<meta name="description" content="Plain description.">
<meta property="article:tag" content="Ferries"><meta property="article:tag" content="Council">
<meta property="og:url" content="https://news.example.org/og-url">
<link rel="canonical" href="https://news.example.org/canonical">
<script type="application/ld+json">{not json</script>
</head><body>
<time datetime="2024-05-01T10:00:00Z">1 May</time>
<script type="application/ld+json">{"@graph": [{"@type": "WebPage"},
 {"@type": ["NewsArticle"], "headline": "JSON-LD headline", "author": [{"name": "Jane Doe"}],
  "datePublished": "2024-05-02T09:30:00+01:00"}]}</script>
</body></html>"""


def test_json_ld_anywhere_in_the_page_comes_first() -> None:
    fields = extract_metadata(parse_html(PAGE))
    assert fields["title"] == "JSON-LD headline"
    assert fields["authors"] == ["Jane Doe"]
    assert fields["published"] == "2024-05-02T09:30:00+01:00"


def test_meta_and_links_fill_the_rest_in_page_order() -> None:
    fields = extract_metadata(parse_html(PAGE))
    assert fields["canonical_url"] == "https://news.example.org/canonical"
    assert fields["tags"] == ["Ferries", "Council"]
    assert fields["summary"] == "Plain description."
    assert fields["language"] == "en"


def test_without_structured_data_title_and_time_elements_are_used() -> None:
    page = (
        "<html><head><title>Only a title</title></head><body>"
        '<time datetime="2024-05-01T10:00:00Z">1 May</time><p>Text.</p></body></html>'
    )
    fields = extract_metadata(parse_html(page))
    assert fields["title"] == "Only a title"
    assert fields["published"] == "2024-05-01T10:00:00+00:00"
    assert fields["canonical_url"] is None
