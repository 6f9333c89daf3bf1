"""CRAWLER_ENV=NAME applies settings/environments/NAME.toml to every command."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.crawling import ENV, REPO

ENVIRONMENTS = sorted((REPO / "settings" / "environments").glob("*.toml"))


def get(name: str, env: dict[str, str]) -> str:
    """``scrapy settings --get NAME`` as the project sees it under ``env``."""
    run = subprocess.run(
        [sys.executable, "-m", "scrapy", "settings", "--get", name],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip()


@pytest.mark.parametrize("path", ENVIRONMENTS, ids=lambda p: p.stem)
def test_each_environment_applies_its_settings(path: Path) -> None:
    wanted = tomllib.loads(path.read_text(encoding="utf-8"))
    for name, value in wanted.items():
        assert get(name, {**ENV, "CRAWLER_ENV": path.stem}) == str(value), name


def test_cluster_switches_both_shared_backends_and_nothing_else_is_needed() -> None:
    env = {**ENV, "CRAWLER_ENV": "cluster"}
    assert get("FRONTIER_URL", env).startswith("redis://")
    assert get("STATE_URL", env).startswith("postgresql://")
    assert get("FRONTIER_URL", ENV) == get("STATE_URL", ENV) == ""  # the default: one machine


def test_an_unknown_environment_is_one_line() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "scrapy", "settings", "--get", "STATE_URL"],
        cwd=REPO,
        env={**ENV, "CRAWLER_ENV": "nowhere"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode != 0
    assert "CRAWLER_ENV=nowhere" in run.stderr
    assert "known: cluster, development, production" in run.stderr
    assert "Traceback" not in run.stderr
