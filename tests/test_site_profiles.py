"""Site profiles: packaged with the code, validated with errors that name the problem."""

from __future__ import annotations

import pytest

from crawler.sites import ProfileError, load_profile, parse_profile, profile_for_url, profile_names


def test_every_packaged_profile_loads() -> None:
    assert "asianlite" in profile_names()
    for name in profile_names():
        profile = load_profile(name)
        assert profile.categories
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
        ("name = 'x'", "missing 'urls'"),
        (
            "name = 'x'\nbase_url = 'https://x'\n[urls]\nlisting = '/c/'\n"
            "listing_page = '/c/{page}'\narticle = '(['",
            "bad selector or pattern",
        ),
        ("name = ", "site profile t.toml"),
    ],
)
def test_malformed_profiles_are_reported(text: str, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        parse_profile(text, "t.toml")
