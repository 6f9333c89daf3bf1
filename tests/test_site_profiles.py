"""Site profiles: packaged with the code, validated with errors that name the problem."""

from __future__ import annotations

import pytest
from lxml.html import document_fromstring

from crawler import sites
from crawler.sites import ProfileError, load_profile, parse_profile, profile_for_url, profile_names


def test_every_packaged_profile_loads() -> None:
    assert "asianlite" in profile_names()
    for name in profile_names():
        profile = load_profile(name)
        # A site's profile names its categories; a platform's (wordpress) learns them.
        assert profile.categories or not profile.base_url
        assert profile.selector("article", "body") is not None


def test_profile_is_found_by_host() -> None:
    found = profile_for_url("https://www.asianlite.com/2024/events/x")
    assert found is not None
    assert found.name == "asianlite"
    assert profile_for_url("https://example.org/") is None


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(ProfileError, match="no site profile named 'nope'"):
        load_profile("nope")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = 'x'", "missing 'urls.listing'"),
        (
            "name = 'x'\nbase_url = 'https://x'\n[urls]\nlisting = '/c/'\n"
            "listing_page = '/c/{page}'\narticle = '(['",
            "'urls.article' is no valid regex",
        ),
        ("name = ", "site profile t.toml"),
    ],
)
def test_malformed_profiles_are_reported(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile(text, "t.toml")


SITE = "name = 'x'\nextends = 'wordpress'\nbase_url = 'https://x.example'\ncategories = ['a']\n"


def test_a_profile_extending_wordpress_inherits_what_it_does_not_say() -> None:
    parent = load_profile("wordpress")
    child = parse_profile(SITE + "[article]\nbody = 'div.story'\n", "x.toml")
    assert child.extends == ("wordpress",)
    assert child.selectors("article", "body") == ("div.story",)
    # Keys it leaves out fall back to the parent, table by table.
    assert child.selectors("article", "title") == parent.selectors("article", "title")
    assert child.selectors("listing", "next") == parent.selectors("listing", "next")
    assert child.listing_url == "/category/{slug}/"
    assert child.article_path is None


def test_asianlite_extends_wordpress_and_keeps_its_own_selectors() -> None:
    profile = load_profile("asianlite")
    assert profile.extends == ("wordpress",)
    assert profile.selectors("article", "body") == ("div.entry-content",)
    assert profile.listing_page_url == "/category/{slug}/page/{page}/"
    assert profile.article_path is not None
    assert profile.article_path.match("/2024/top-news/some-story")


def test_a_selector_list_is_a_priority_order_not_a_union() -> None:
    profile = parse_profile(SITE + "[article]\nbody = ['.entry-content', 'main']\n", "x.toml")
    selector = profile.selector("article", "body")
    assert selector is not None
    both = document_fromstring("<main><div class='entry-content'><p>x</p></div></main>")
    assert [el.tag for el in selector(both)] == ["div"]  # .entry-content first, though inside
    only_main = document_fromstring("<main><p>x</p></main>")
    assert [el.tag for el in selector(only_main)] == ["main"]
    assert selector(document_fromstring("<p>x</p>")) == []


def test_the_wordpress_profile_describes_a_platform_not_a_site() -> None:
    assert profile_for_url("https://anything.example/") is None
    assert load_profile("wordpress").base_url == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            SITE + "[listing]\nitems = 'article'\n",
            r"unknown key 'listing.items' \(did you mean 'item'\?\)",
        ),
        (SITE + "sitename = 'X'\n", r"unknown key 'sitename' \(did you mean 'site_name'\?\)"),
        (
            SITE + "[article]\nbody = 3\n",
            r"'article.body' must be a CSS selector or a list of them, got int",
        ),
        (SITE + "[article]\nbody = []\n", r"'article.body' must be a CSS selector"),
        (SITE.replace("['a']", "'a'"), r"'categories' must be a list of strings, got str"),
        (SITE + "urls = 'x'\n", r"'urls' must be a table"),
        (
            SITE + "[article]\nbody = 'div[['\n",
            r"'article.body' is no valid CSS selector: 'div\[\['",
        ),
        (
            SITE + "[listing]\nnext = ['a.next', 'a::bad']\n",
            r"'listing.next' is no valid CSS selector: 'a::bad'",
        ),
        (SITE + "[urls]\narticle = '(['\n", r"'urls.article' is no valid regex"),
        (SITE + "[urls]\nlisting = '/c/{cat}/'\n", r"'urls.listing' may only use \{slug\}"),
        (SITE + "[render]\npages = 'all'\n", r"'render.pages' must be one of none, listing"),
        (
            SITE.replace("https://x.example", "x.example"),
            r"'base_url' must be an http\(s\) site root",
        ),
        (
            SITE.replace("'wordpress'", "'wordpres'"),
            r"'extends' names no profile 'wordpres' \(did you mean 'wordpress'\?\)",
        ),
        (
            SITE.replace("'wordpress'", "'../etc'"),
            r"'extends' must name a profile in settings/sites/",
        ),
        (
            SITE.replace("extends = 'wordpress'\n", ""),
            r"missing 'urls.listing' \(nor in a profile it extends\)",
        ),
        (SITE.replace("'wordpress'", "'x'"), r"'extends' makes a cycle: x -> x"),
    ],
)
def test_profile_errors_name_the_file_and_the_key(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=r"^site profile x\.toml: " + message):
        parse_profile(text, "x.toml")


def test_a_cycle_through_packaged_profiles_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {
        "a": "name = 'a'\nextends = 'b'\n",
        "b": "name = 'b'\nextends = 'a'\n",
    }
    monkeypatch.setattr(sites, "_packaged_text", texts.get)
    with pytest.raises(
        ProfileError, match=r"^site profile b\.toml: 'extends' makes a cycle: a -> b -> a$"
    ):
        parse_profile(texts["a"], "a.toml")
