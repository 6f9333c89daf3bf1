"""Run the real `scrapy crawl` against a served replica, as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]


def crawl(
    base_url: str, state_dir: Path, output: Path, *extra: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl asianlite` in the project, output to ``output`` (JSON lines)."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "asianlite",
        "-a",
        f"base_url={base_url}",
        "-s",
        f"STATE_DIR={state_dir}",
        "-O",
        str(output),
        *FAST,
        *extra,
    ]
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON-lines feed (none when the run wrote no file)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
