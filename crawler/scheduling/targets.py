"""Where a job runs: ``local``, ``scrapyd:<name>`` (a ``[deploy:<name>]`` target
of scrapy.cfg, ``${VAR}`` expanded from the environment as scrapyd-deploy does)
or a Scrapyd URL (credentials from ``SCRAPYD_USERNAME`` / ``SCRAPYD_PASSWORD``).
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from crawler.scheduling.jobs import LOCAL

_UNSET = re.compile(r"\$(\w+|\{[^}]*\})")


class TargetError(ValueError):
    """A target is unknown or lacks its URL or credentials."""


@dataclass(frozen=True)
class ScrapydTarget:
    """A Scrapyd server and the project deployed there."""

    name: str
    url: str
    project: str
    username: str = ""
    password: str = ""


def _parser(scrapy_cfg: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(scrapy_cfg, encoding="utf-8")
    return parser


def _base_section(scrapy_cfg: Path) -> dict[str, str]:
    parser = _parser(scrapy_cfg)
    return dict(parser.items("deploy")) if parser.has_section("deploy") else {}


def read_deploy_targets(scrapy_cfg: Path) -> dict[str, dict[str, str]]:
    """The raw ``[deploy:NAME]`` sections (over ``[deploy]``), not yet expanded."""
    parser = _parser(scrapy_cfg)
    base = _base_section(scrapy_cfg)
    return {
        section.removeprefix("deploy:"): {**base, **dict(parser.items(section))}
        for section in parser.sections()
        if section.startswith("deploy:")
    }


def check_target(spec: str, scrapy_cfg: Path) -> None:
    """Raise TargetError for a target that cannot exist (environment not needed)."""
    if spec == LOCAL or spec.startswith(("http://", "https://")):
        return
    name = spec.removeprefix("scrapyd:")
    if not spec.startswith("scrapyd:") or not name:
        raise TargetError(
            f"target: 'local', 'scrapyd:<deploy target>' or an http(s) URL, got {spec!r}"
        )
    targets = read_deploy_targets(scrapy_cfg)
    if name not in targets:
        known = ", ".join(f"scrapyd:{t}" for t in sorted(targets)) or "none"
        raise TargetError(f"target {spec!r}: no [deploy:{name}] in {scrapy_cfg} (known: {known})")


def resolve_target(
    spec: str,
    scrapy_cfg: Path,
    default_project: str,
    environ: Mapping[str, str] | None = None,
) -> ScrapydTarget:
    """The Scrapyd server of ``spec`` with its URL and credentials filled in."""
    environ = os.environ if environ is None else environ
    check_target(spec, scrapy_cfg)
    if spec == LOCAL:
        raise TargetError("target 'local' is not a Scrapyd server")
    if spec.startswith(("http://", "https://")):
        return ScrapydTarget(
            name=spec,
            url=spec.rstrip("/") + "/",
            project=_base_section(scrapy_cfg).get("project") or default_project,
            username=environ.get("SCRAPYD_USERNAME", ""),
            password=environ.get("SCRAPYD_PASSWORD", ""),
        )
    name = spec.removeprefix("scrapyd:")
    raw = read_deploy_targets(scrapy_cfg)[name]
    values = {key: _expand(value, spec, key, environ) for key, value in raw.items()}
    if not values.get("url"):
        raise TargetError(f"target {spec!r}: [deploy:{name}] in {scrapy_cfg} has no url")
    return ScrapydTarget(
        name=spec,
        url=values["url"].rstrip("/") + "/",
        project=values.get("project") or default_project,
        username=values.get("username", ""),
        password=values.get("password", ""),
    )


def _expand(value: str, spec: str, key: str, environ: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        var = match.group(1).strip("{}")
        if var not in environ:
            raise TargetError(f"target {spec!r}: {key} needs ${var} set in the environment")
        return environ[var]

    return _UNSET.sub(replace, value)
