"""Page bytes to text (crawler/extract/decode.py): labels that lie, and mojibake.

Each case is crafted bytes the way servers send them, checked through
``decode_html`` and through ``parse_html`` (what every extraction path calls).
"""

from __future__ import annotations

import pytest

from crawler.extract.article import parse_html
from crawler.extract.decode import decode_html, repair_mojibake

FRENCH = "Un café crème, s’il vous plaît — dit-il au garçon. « Très bien », répond-il. "
GERMAN = "Straße, Größe und Übermaß: „Grüße“ aus Köln. "
CHINESE = "北京时间今天上午，国务院新闻办公室举行新闻发布会，介绍经济运行情况。"
JAPANESE = "東京都は本日、新しい交通計画を発表しました。市民の皆様のご意見をお待ちしています。"


def _page(prose: str, meta: str = "") -> str:
    charset = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{charset}<title>T</title></head><body><p>{prose * 5}</p></body></html>"


def _body_text(body: bytes, content_type: str | None = None) -> str:
    tree = parse_html(body, content_type)
    return " ".join(tree.xpath("//p")[0].text_content().split())


@pytest.mark.parametrize(
    ("header", "meta"),
    [
        ("text/html; charset=ISO-8859-1", ""),
        ("text/html; charset=windows-1252", ""),
        ("text/html", "iso-8859-1"),
        ("text/html", "windows-1252"),
    ],
)
def test_utf8_bytes_labelled_latin1_are_read_as_utf8(header: str, meta: str) -> None:
    body = _page(FRENCH + GERMAN, meta).encode("utf-8")
    text, encoding = decode_html(body, header)
    assert encoding == "utf-8"
    assert FRENCH in text and "Ã" not in text and "â€" not in text
    assert _body_text(body, header).startswith(" ".join((FRENCH + GERMAN).split()))


def test_utf8_bytes_with_a_stray_windows_byte_labelled_latin1_are_not_mojibake() -> None:
    # Mostly UTF-8 (so not valid UTF-8 as a whole) and labelled Latin-1: the
    # label decodes "cleanly" but every UTF-8 character would come out as two.
    body = _page(FRENCH, "iso-8859-1").encode("utf-8").replace("garçon".encode(), b"gar\x92on", 1)
    text, _ = decode_html(body, "text/html")
    assert "gar’on" in text
    assert "café crème" in text and "Ã" not in text and "â€" not in text


@pytest.mark.parametrize("written", ["latin-1", "cp1252"])
def test_single_byte_text_labelled_utf8_is_read_as_windows_1252(written: str) -> None:
    prose = FRENCH if written == "cp1252" else FRENCH.replace("’", "'").replace("—", "-")
    body = _page(prose, "utf-8").encode(written)
    for content_type in ("text/html; charset=utf-8", None):
        text, _ = decode_html(body, content_type)
        assert prose in text and "\ufffd" not in text
    assert _body_text(body, "text/html; charset=utf-8").startswith(" ".join(prose.split()))


def test_windows_smart_quotes_labelled_utf8() -> None:
    prose = "He said “the ground is prepared” and ‘left’ – quickly… "
    body = _page(prose, "utf-8").encode("cp1252")
    text, _ = decode_html(body, "text/html; charset=UTF-8")
    assert prose in text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark(codec: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    body = bom + _page(FRENCH + CHINESE).encode(codec)
    text, _ = decode_html(body, "text/html; charset=iso-8859-1")
    assert FRENCH in text and CHINESE in text
    assert _body_text(body, "text/html").startswith(" ".join(FRENCH.split()))


@pytest.mark.parametrize(
    ("prose", "codec", "label"),
    [(CHINESE, "gbk", "gbk"), (CHINESE, "gb18030", "gb2312"), (JAPANESE, "shift_jis", "shift_jis")],
)
def test_east_asian_pages_labelled_correctly_stay_correct(
    prose: str, codec: str, label: str
) -> None:
    body = _page(prose, label).encode(codec)
    for content_type in ("text/html", f"text/html; charset={label}"):
        text, _ = decode_html(body, content_type)
        assert prose in text
    assert _body_text(body, f"text/html; charset={label}") == prose * 5


def test_mojibake_text_is_repaired_on_the_text_path() -> None:
    # What a reader that trusted a wrong Latin-1 label hands over as text.
    for wrong in ("cp1252", "latin-1"):
        broken = (FRENCH + GERMAN).encode("utf-8").decode(wrong, "replace")
        assert "Ã" in broken and broken != FRENCH + GERMAN
        assert repair_mojibake(broken) == FRENCH + GERMAN
        tree = parse_html(_page(broken))
        text = " ".join(tree.xpath("//p")[0].text_content().split())
        assert text.startswith(" ".join((FRENCH + GERMAN).split()))


def test_double_encoded_utf8_bytes_are_repaired() -> None:
    broken = FRENCH.encode("utf-8").decode("cp1252")
    body = _page(broken, "utf-8").encode("utf-8")
    text, _ = decode_html(body, "text/html; charset=utf-8")
    assert FRENCH in text
    assert _body_text(body).startswith(" ".join(FRENCH.split()))


@pytest.mark.parametrize(
    "text",
    [
        FRENCH + GERMAN,
        "SÃO PAULO — A Ãfrica do Sul, disse o ministro. ",  # Portuguese capitals
        "Straße«» und Größe: 5 € (± 2 %) … ",  # one pair that could be read as UTF-8 ("ß«")
        "Größe × Breite ÷ 2 ≈ 3 ± 1; ©2024 ®; Ø 12 mm; ¼ ½ ¾. ",
        CHINESE + JAPANESE,
    ],
)
def test_genuine_text_is_left_alone(text: str) -> None:
    assert repair_mojibake(text * 3) == text * 3
    body = _page(text).encode("utf-8")
    assert decode_html(body, "text/html")[0] == _page(text)
