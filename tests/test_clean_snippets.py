"""Cleaning cases: small pages and line lists with snippets that must (not) survive.

Each ``tests/fixtures/cleaning/*.toml`` file holds ``[[case]]`` tables, one
kind of page furniture per file, plus prose that looks like furniture but must
be kept.  A case is either

- ``html``: a page, given whole (``page``) or as pieces dropped into
  ``template.html`` (``content`` inside the article body, ``after`` after it,
  ``title``, ``summary``; ``wordpress = true`` marks the page as made by
  WordPress, so its ``.entry-content`` is the container), run through the
  profile-less ``extract_article`` and ``clean_paragraphs`` as the crawler does; or
- ``lines``: paragraphs (and an optional ``summary``) run through
  ``clean_paragraphs`` only.

``must_contain`` / ``must_not_contain`` are snippets of the final body;
``rules`` are rule names that must appear among the recorded removals.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

import lxml.html
import pytest

from crawler.clean import clean_body, clean_paragraphs
from crawler.extract.article import extract_article, parse_html
from crawler.extract.blocks import Removed
from crawler.extract.boilerplate import (
    LINE_GUARDS,
    LINE_RULES,
    LONG_LINE_RULES,
    MAX_BOILERPLATE_WORDS,
    MAX_CAPTION_WORDS,
    line_reason,
)
from crawler.extract.generic import extract_body

FIXTURES = Path(__file__).parent / "fixtures" / "cleaning"
TEMPLATE = Template((FIXTURES / "template.html").read_text(encoding="utf-8"))
DEFAULT_TITLE = "Harbour Council Approves New Ferry Timetable"
URL = "https://news.example.org/2024/local/harbour-council-ferry-timetable"
WORDPRESS_MARK = '<link rel="stylesheet" href="/wp-content/themes/gazette/style.css">'


@dataclass
class Case:
    """One cleaning case from a fixture file."""

    file: str
    name: str
    page: str | None = None
    lines: list[str] | None = None
    summary: str | None = None
    must_contain: list[str] = field(default_factory=list)
    must_not_contain: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"


def _case(file: str, raw: dict[str, Any]) -> Case:
    page = raw.get("page")
    if page is None and ("content" in raw or "after" in raw):
        page = TEMPLATE.substitute(
            title=raw.get("title", DEFAULT_TITLE),
            summary=raw.get("summary", ""),
            content=raw.get("content", ""),
            after=raw.get("after", ""),
        )
        if raw.get("wordpress"):
            page = page.replace("</head>", f"{WORDPRESS_MARK}</head>", 1)
    return Case(
        file=file,
        name=raw["name"],
        page=page,
        lines=raw.get("lines"),
        summary=raw.get("summary"),
        must_contain=raw.get("must_contain", []),
        must_not_contain=raw.get("must_not_contain", []),
        rules=raw.get("rules", []),
    )


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(FIXTURES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        cases.extend(_case(path.stem, raw) for raw in data["case"])
    return cases


CASES = load_cases()


def run_case(case: Case) -> tuple[list[str], Removed, str | None]:
    """Final paragraphs, every recorded removal and the summary used, as in a crawl."""
    if case.page is not None:
        extraction = extract_article(parse_html(case.page), URL, profile=None)
        summary = extraction.fields["summary"]
        kept, removed = clean_paragraphs(extraction.paragraphs, summary)
        return kept, [*extraction.removed, *removed], summary
    assert case.lines is not None, f"{case.id}: a case needs page, content/after or lines"
    return *clean_paragraphs(case.lines, case.summary), case.summary


def test_fixtures_are_there() -> None:
    assert len(CASES) >= 30
    assert all(c.must_contain or c.must_not_contain for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cleaning_case(case: Case) -> None:
    kept, removed, _ = run_case(case)
    body = "\n\n".join(kept)
    for snippet in case.must_contain:
        assert snippet in body, f"lost {snippet!r}; removed: {removed}"
    for snippet in case.must_not_contain:
        assert snippet not in body, f"kept {snippet!r} in:\n{body}"
    rules = {rule for rule, _ in removed}
    for rule in case.rules:
        assert rule in rules, f"no removal by rule {rule!r}; removed: {removed}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cleaning_is_idempotent(case: Case) -> None:
    kept, _, summary = run_case(case)
    again, removed = clean_body("\n".join(kept), summary)
    assert again == "\n\n".join(kept)
    assert removed == []


def test_generic_extraction_leaves_the_tree_alone() -> None:
    page = next(c.page for c in CASES if c.page is not None)
    assert page is not None
    tree = parse_html(page)
    before = lxml.html.tostring(tree)
    extract_body(tree, URL)
    assert lxml.html.tostring(tree) == before


# Lines each guarded rule matches (and near misses), in several cases and lengths.
GUARDED_LINES = [
    "Crowds gather at the harbour for the first crossing (Photo: Jane Doe)",
    "Crowds gather at the harbour (AP Photo/Jane Doe)",
    "The new ferry leaves the harbour. PHOTOS © Harbour Council",
    "The new ferry leaves the harbour. Image (c) Harbour Council 2024",
    "The new ferry leaves the harbour (Credit: Harbour Council) and more",
    "Lee Chan contributed reporting to this story.",
    "(Additional reporting by Lee Chan; editing by Sam Roe)",
    "Reach the reporter at jane@example.org",
    "Contact the writers: desk@example.org",
    "© 2024 Harbour News. All rights reserved.",
    "Copyright 2024 Harbour News",
    "Harbour News Ltd, all rights reserved worldwide",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "The council said the crossings were approved by a narrow vote (see below)",
    "The council said the crossings would contribute to the town's recovery.",
    "The first ferry leaves the harbour at dawn. Staff photo by Jane Okafor",
    "Crowds wait at the pier. Images courtesy of the Harbour Council",
    "The crossings were approved by the council after the image of the pier was shown",
]


def _first_rule(line: str) -> str | None:
    """What line_reason must answer: each rule tried in turn, no guards."""
    words = line.split()
    if not words or len(words) > MAX_CAPTION_WORDS:
        return None
    joined = " ".join(words)
    long = len(words) > MAX_BOILERPLATE_WORDS
    for name, pattern in LINE_RULES.items():
        if (name in LONG_LINE_RULES or not long) and pattern.match(joined):
            return name
    return None


def test_line_rule_guards_never_change_an_answer() -> None:
    texts = [*GUARDED_LINES]
    for case in CASES:
        texts += [*(case.lines or []), *case.must_contain, *case.must_not_contain]
    padding = " and the ferry kept running through the night" * 4
    lines = [
        variant
        for text in texts
        for variant in (text, text.upper(), f"{padding} {text}", f"{text} {padding}")
    ]
    assert {_first_rule(line) for line in lines} >= set(LINE_GUARDS)
    for line in lines:
        assert line_reason(line) == _first_rule(line), line
