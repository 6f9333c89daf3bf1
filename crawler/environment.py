"""Environment overrides: ``CRAWLER_ENV=NAME`` applies ``settings/environments/NAME.toml``.

The folder is ``$CRAWLER_SETTINGS_DIR/environments`` (default ``settings/`` in
the working directory).  Command-line ``-s`` and Scrapyd ``setting=`` values
still win: Scrapy applies them at a higher priority than the project module.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any


class EnvironmentConfigError(ValueError):
    """CRAWLER_ENV names an environment that is missing or malformed."""


def environment_overrides(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """The settings of the environment named by CRAWLER_ENV (empty when unset)."""
    environ = dict(os.environ) if environ is None else environ
    name = environ.get("CRAWLER_ENV", "").strip()
    if not name:
        return {}
    folder = Path(environ.get("CRAWLER_SETTINGS_DIR", "settings")) / "environments"
    path = folder / f"{name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = sorted(p.stem for p in folder.glob("*.toml"))
        raise EnvironmentConfigError(
            f"CRAWLER_ENV={name}: no {path} (known: {', '.join(known) or 'none'})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise EnvironmentConfigError(f"CRAWLER_ENV={name}: {path}: {exc}") from None
    bad = [key for key in data if not key.isupper()]
    if bad:
        raise EnvironmentConfigError(f"{path}: setting names are UPPER_CASE, got {', '.join(bad)}")
    return data
