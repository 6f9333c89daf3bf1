"""Canonical article URLs (one key per story, however it was linked), site checks, redaction."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref|ref_src|"
    r"share|amp|output|cmpid|ito|ncid|spm)$",
    re.IGNORECASE,
)
_AMP_SUFFIX = re.compile(r"/amp/?$")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# The user-info part of any URL in a text: "scheme://user:password@".
_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^\s/?#'\"<>]*@")


def split(url: str) -> SplitResult | None:
    """``urlsplit`` of ``url``, or None when it cannot be parsed (bad IPv6 host, bad port)."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises ValueError for a port out of range or not a number)
    except ValueError:
        return None
    return parts


def canonicalize(url: str) -> str:
    """Normalise scheme/host case, default port, trailing slash, tracking params, AMP."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # not a port: keep what was written, it names no other page
        port = None
        host = parts.netloc.rpartition("@")[2].lower()
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = _AMP_SUFFIX.sub("", parts.path) or "/"
    if path != "/":
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k)
        )
    )
    return urlunsplit((scheme, host, path, query, ""))


def strip_tracking(url: str) -> str:
    """The URL to fetch: tracking parameters and fragment removed, path kept as linked."""
    parts = urlsplit(url)
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k)
        ]
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host without ``www.``, port) of an http(s) URL without user info, else None."""
    parts = split(url)
    if parts is None or parts.scheme.lower() not in _DEFAULT_PORTS or "@" in parts.netloc:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    return scheme, host, parts.port or _DEFAULT_PORTS[scheme]


def same_site(url: str, site: str) -> bool:
    """Whether ``url`` is on the site ``site`` names: same host and port, http(s), no user info.

    The host is compared without a leading ``www.``; the scheme must match
    too, except that ``http`` on port 80 and ``https`` on port 443 are the
    same site (the usual upgrade).  Scrapy's own offsite check compares host
    names only, so another port of the same host would pass it.
    """
    mine, theirs = _origin(url), _origin(site)
    if mine is None or theirs is None or mine[1] != theirs[1]:
        return False
    (scheme, _, port), (site_scheme, _, site_port) = mine, theirs
    if scheme == site_scheme:
        return port == site_port
    return {(scheme, port), (site_scheme, site_port)} == {("http", 80), ("https", 443)}


def same_page(url: str, other: str) -> bool:
    """Whether two URLs name the same page: same site and the same canonical path and query."""
    if not same_site(url, other):
        return False
    return urlsplit(canonicalize(url))[2:] == urlsplit(canonicalize(other))[2:]


def redact(text: str) -> str:
    """``text`` with the user name and password of every URL in it replaced by ``***``."""
    return _USERINFO.sub(r"\g<scheme>***@", text) if "@" in text else text


_redacting = False


def install_log_redaction() -> None:
    """Make every log record of this process carry URLs without user name or password.

    A record factory, so it holds whatever handlers Scrapy installs later and
    covers every logger (a feed URI with a password, a failed URL, the stats
    dump).  Installed once, by the project's settings module.
    """
    global _redacting  # noqa: PLW0603
    if _redacting:
        return
    make = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # the handler reports a bad format string itself
            return record
        if "@" in message and (clean := redact(message)) != message:
            record.msg, record.args = clean, ()
        return record

    logging.setLogRecordFactory(factory)
    _redacting = True
