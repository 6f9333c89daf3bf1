"""Canonical URLs: one dedup key per story however it was linked."""

from __future__ import annotations

import pytest

from crawler.urls import canonicalize, redact, same_page, same_site, split, strip_tracking

BASE = "https://asianlite.com/2024/events/a-fusion"


@pytest.mark.parametrize(
    "variant",
    [
        BASE,
        BASE + "/",
        "HTTPS://AsianLite.com/2024/events/a-fusion",
        "https://www.asianlite.com/2024/events/a-fusion/",
        BASE + "?utm_source=twitter&utm_medium=social",
        BASE + "/?fbclid=xyz#comments",
        BASE + "/amp",
        BASE + "/amp/",
        BASE + "?amp=1",
        "https://asianlite.com:443/2024/events/a-fusion",
    ],
)
def test_variants_share_one_canonical_url(variant: str) -> None:
    assert canonicalize(variant) == BASE


def test_meaningful_query_and_port_are_kept() -> None:
    assert canonicalize("http://127.0.0.1:8080/?p=12&utm_source=x") == "http://127.0.0.1:8080/?p=12"
    assert canonicalize(BASE + "?b=2&a=1") == BASE + "?a=1&b=2"


def test_strip_tracking_keeps_the_path_as_linked() -> None:
    assert strip_tracking(BASE + "/?utm_source=x&id=3#top") == BASE + "/?id=3"


@pytest.mark.parametrize(
    ("url", "site", "same"),
    [
        ("http://127.0.0.1:8080/2024/a/b", "http://127.0.0.1:8080", True),
        ("http://127.0.0.1:8081/2024/a/b", "http://127.0.0.1:8080", False),  # another port
        ("http://127.0.0.1/2024/a/b", "http://127.0.0.1:8080", False),
        ("https://127.0.0.1:8080/2024/a/b", "http://127.0.0.1:8080", False),  # another scheme
        ("https://www.asianlite.com/x", "https://asianlite.com", True),
        ("https://asianlite.com:443/x", "https://asianlite.com", True),
        ("https://asianlite.com/x", "http://asianlite.com", True),  # the usual upgrade
        ("http://asianlite.com/x", "https://asianlite.com", True),
        ("http://asianlite.com:443/x", "https://asianlite.com", False),
        ("https://uk.asianlite.com/x", "https://asianlite.com", False),
        ("https://asianlite.com.evil.org/x", "https://asianlite.com", False),
        ("https://user:pw@asianlite.com/x", "https://asianlite.com", False),
        ("ftp://asianlite.com/x", "https://asianlite.com", False),
        ("javascript:alert(1)", "https://asianlite.com", False),
        ("http://[::1/x", "http://[::1]:8080", False),
        ("http://[::1]:8080/x", "http://[::1]:8080", True),
        ("http://asianlite.com:99999/x", "http://asianlite.com", False),
    ],
)
def test_same_site_compares_scheme_host_and_port(url: str, site: str, same: bool) -> None:
    assert same_site(url, site) is same


def test_same_page_is_one_page_however_written() -> None:
    for variant in (
        BASE + "/",
        BASE + "/amp/",
        BASE + "?utm_source=x",
        "http://asianlite.com" + BASE[21:],
    ):
        assert same_page(variant, BASE)
    assert not same_page("https://asianlite.com/2024/events/another", BASE)
    assert not same_page("https://asianlite.com/", BASE)
    assert not same_page("https://example.org/2024/events/a-fusion", BASE)


def test_unparsable_urls_are_none_not_exceptions() -> None:
    assert split("http://[::1/x") is None
    assert split("http://host:99999/") is None
    assert canonicalize("http://Host:99999/a/") == "http://host:99999/a"
    assert canonicalize("http://[::1]:8080/a/") == "http://[::1]:8080/a"


def test_redact_hides_user_and_password_of_every_url() -> None:
    text = "feed ftp://bob:hunter2@127.0.0.1:21/out.jsonl and s3://KEY:p@ss@bucket/x failed"
    assert redact(text) == "feed ftp://***@127.0.0.1:21/out.jsonl and s3://***@bucket/x failed"
    assert redact("mail me: bob@example.org, see https://example.org/a@b") == (
        "mail me: bob@example.org, see https://example.org/a@b"
    )
