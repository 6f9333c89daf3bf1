"""Bad input gets a clear message and loses no data: dead servers, broken pages."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from tests.crawling import crawl, read_jsonl


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_dead_server_fails_visibly_without_traceback(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    result = crawl(
        dead,
        tmp_path / "state",
        tmp_path / "out.jsonl",
        "-a",
        "categories=top-news",
        "-s",
        "RETRY_TIMES=1",
    )
    assert result.returncode == 1
    assert f"Failed to fetch listing {dead}/category/top-news/" in result.stderr
    assert "Monitor failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert read_jsonl(tmp_path / "out.jsonl") == []
    report = json.loads(next((tmp_path / "state" / "reports").glob("*.json")).read_text())
    failed = {(entry["kind"], entry["url"]) for entry in report["failed_urls"]}
    assert ("listing", f"{dead}/category/top-news/") in failed
