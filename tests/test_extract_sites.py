"""Per-site extraction, fundus style: every site profile has recorded pages and
expected JSON, and each recording extracts to exactly what its page says."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from crawler.articles import article_from_tree
from crawler.extract import parse_html
from crawler.sites import load_profile, profile_names
from tests.crawling import BOILERPLATE

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sites"
SEED_TEXT = Path(__file__).resolve().parent / "replica" / "data" / "seed-article.txt"


def recordings() -> list[tuple[str, Path]]:
    return sorted(
        (site.name, page)
        for site in FIXTURES.iterdir()
        if site.is_dir()
        for page in site.glob("*.html.gz")
    )


# The WordPress defaults (what `scrapy crawl wordpress` uses without a profile)
# are held to every site's recordings: their own folder would only copy them.
DEFAULTS = "wordpress"


@pytest.mark.parametrize("name", [n for n in profile_names() if n != DEFAULTS])
def test_every_site_profile_has_recordings(name: str) -> None:
    folder = FIXTURES / name
    pages = sorted(folder.glob("*.html.gz")) if folder.is_dir() else []
    assert pages, f"site profile {name!r} has no recorded pages in {folder}"
    for page in pages:
        assert page.with_name(page.name.removesuffix(".html.gz") + ".json").exists(), (
            f"{page.name} has no expected JSON"
        )


def test_every_theme_is_recorded_for_the_wordpress_defaults() -> None:
    # Sister sites share a theme; the defaults must meet each theme at least once.
    themes = {"asianlite", "twentytwentyfour", "newspaper", "astra"}
    assert themes <= {site for site, _ in recordings()}


@pytest.mark.parametrize("profile", ["own", DEFAULTS])
@pytest.mark.parametrize(("site", "page"), recordings(), ids=lambda v: getattr(v, "name", v))
def test_recording_extracts_as_expected(site: str, page: Path, profile: str) -> None:
    document: dict[str, Any] = json.loads(
        page.with_name(page.name.removesuffix(".html.gz") + ".json").read_text(encoding="utf-8")
    )
    tree = parse_html(gzip.decompress(page.read_bytes()))
    chosen = load_profile(site if profile == "own" else profile)
    article, _, _ = article_from_tree(tree, document["meta"]["url"], chosen)
    got = article.__dict__
    for field, want in document["article"].items():
        assert got[field] == want, f"{page.name}: {field}"
    for snippet in (*BOILERPLATE, "mins read"):
        assert snippet not in got["body"], f"{page.name}: {snippet!r} left in body"


def test_seed_article_yields_exactly_its_clean_body() -> None:
    tree = parse_html(gzip.decompress((FIXTURES / "asianlite" / "seed.html.gz").read_bytes()))
    url = "https://asianlite.com/2023/top-news/iran-russia-deepen-ties-to-counter-us-sanctions"
    article, _, removed = article_from_tree(tree, url, load_profile("asianlite"))
    assert article.body.startswith("Iranian President Ebrahim Raisi has stressed")
    assert article.body.endswith("according to Iran’s official news agency IRNA.")
    assert "ALSO READ" not in article.body
    # The reader's copy of the real page (SITE.md), from the first to the last body line.
    text = SEED_TEXT.read_text(encoding="utf-8")
    start = text.index("Iranian President Ebrahim Raisi has stressed")
    end = text.index("IRNA.") + len("IRNA.")
    paragraphs = [line.strip() for line in text[start:end].splitlines() if line.strip()]
    assert article.body == "\n\n".join(paragraphs)
    assert (
        "related",
        "ALSO READ-Sheikh Mohamed, Putin Call For Gaza Truce, Civilian Safety",
    ) in removed
