"""Canonical URLs: one dedup key per story however it was linked."""

from __future__ import annotations

import pytest

from crawler.urls import canonicalize, strip_tracking

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
