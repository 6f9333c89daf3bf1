"""Every article exactly once, none lost: crashes, interrupts, full disks, debugging.

Real `scrapy crawl` processes against the served replica, killed or starved
the way production kills and starves them.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.crawling import ENV, crawl_command, expected_stories, stories
from tests.replica import Replica

RecordCounter = Callable[[], int]


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with Replica(articles=400, seed=11) as rep:
        yield rep


def run(
    replica: Replica, state: Path, cwd: Path, *extra: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(replica.base_url, state, *extra),
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def stop_at(
    replica: Replica,
    state: Path,
    cwd: Path,
    extra: tuple[str, ...],
    *,
    written: RecordCounter,
    at: int,
    sig: signal.Signals,
) -> int:
    """Start a crawl, send it ``sig`` once ``at`` more records are on disk; its exit code."""
    before = written()
    log = (cwd / f"stopped-{time.monotonic_ns()}.log").open("w")
    process = subprocess.Popen(
        crawl_command(replica.base_url, state, *extra),
        cwd=cwd,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 120
    while written() < before + at and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "the crawl ended before it could be stopped"
    process.send_signal(sig)
    code = process.wait(timeout=120)
    log.close()
    return code


def jsonl_records(folder: Path) -> list[dict[str, Any]]:
    """Every record of every JSON-lines file below ``folder``; fails on a corrupt line."""
    return [
        json.loads(line)
        for path in sorted(folder.rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def count_lines(folder: Path) -> RecordCounter:
    return lambda: sum(p.read_bytes().count(b"\n") for p in folder.rglob("*.jsonl"))


def exactly_once(records: list[dict[str, Any]], replica: Replica) -> None:
    written = stories(records, replica)
    twice = sorted(url for url, n in written.items() if n > 1)
    missing = expected_stories(replica) - set(written)
    assert not twice and not missing, (twice[:5], sorted(missing)[:5])


@pytest.mark.e2e
@pytest.mark.parametrize("output", ["default", "-o"])
def test_sigkill_three_times_then_complete(replica: Replica, tmp_path: Path, output: str) -> None:
    extra = () if output == "default" else ("-o", str(tmp_path / "out.jsonl"))
    state = tmp_path / "state"
    for at in (25, 60, 90):  # by progress: records on disk, not seconds
        code = stop_at(
            replica,
            state,
            tmp_path,
            extra,
            written=count_lines(tmp_path),
            at=at,
            sig=signal.SIGKILL,
        )
        assert code == -signal.SIGKILL
    final = run(replica, state, tmp_path, *extra)
    assert final.returncode == 0, final.stderr[-3000:]
    assert "Recovered" in final.stderr  # the third run's output, repaired by this one
    records = jsonl_records(tmp_path)
    exactly_once(records, replica)
    files = list(tmp_path.rglob("*.jsonl"))
    assert len(files) == (4 if output == "default" else 1)
    again = run(replica, state, tmp_path, *extra)
    assert again.returncode == 0
    assert len(jsonl_records(tmp_path)) == len(records)  # nothing written twice later


def read_any(path: Path, fmt: str) -> list[dict[str, Any]]:
    """The records of a finished CSV, JSON or XML feed; fails if it is not well-formed."""
    data = path.read_bytes()
    if fmt == "csv":
        rows = csv.DictReader(io.StringIO(data.decode(), newline=""))
        return [row for row in rows if row["canonical_url"] != "canonical_url"]
    if fmt == "json":
        return list(json.loads(data))
    return [{"canonical_url": item.findtext("canonical_url")} for item in etree.fromstring(data)]


@pytest.mark.e2e
@pytest.mark.parametrize(("fmt", "option"), [("csv", "-o"), ("json", "-O"), ("xml", "-O")])
def test_sigkill_with_csv_json_and_xml(
    replica: Replica, tmp_path: Path, fmt: str, option: str
) -> None:
    state, out = tmp_path / "state", tmp_path / f"out.{fmt}"
    marker = {"csv": b"\r\n", "json": b'"is_update"', "xml": b"</item>"}[fmt]

    def written() -> int:
        try:  # -O moves a recovered file aside at start: it may vanish between calls
            return out.read_bytes().count(marker)
        except FileNotFoundError:
            return 0

    for at in (30, 70):
        stop_at(
            replica, state, tmp_path, (option, str(out)), written=written, at=at, sig=signal.SIGKILL
        )
    final = run(replica, state, tmp_path, option, str(out))
    assert final.returncode == 0, final.stderr[-3000:]
    files = sorted(tmp_path.glob(f"out*.{fmt}"))  # -O moves a recovered file aside
    assert len(files) == (1 if option == "-o" else 3), files
    exactly_once([record for path in files for record in read_any(path, fmt)], replica)


@pytest.mark.e2e
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_first_crawl_is_completed_later(
    replica: Replica, tmp_path: Path, sig: signal.Signals
) -> None:
    state = tmp_path / "state"
    code = stop_at(replica, state, tmp_path, (), written=count_lines(tmp_path), at=40, sig=sig)
    assert code == 0  # a graceful stop
    interrupted = len(jsonl_records(tmp_path))
    assert interrupted < len(expected_stories(replica))
    for _ in range(2):
        assert run(replica, state, tmp_path).returncode == 0
    exactly_once(jsonl_records(tmp_path), replica)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB filesystem (tmpfs; the tests run as root, as CI does)."""
    mount = tmp_path / "full"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.e2e
def test_full_disk_fails_loudly_and_loses_nothing(
    replica: Replica, tmp_path: Path, full_disk: Path
) -> None:
    state = tmp_path / "state"
    result = run(replica, state, tmp_path, "-O", str(full_disk / "out.jsonl"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "Output failed" in line]
    assert len(errors) == 1 and f"{full_disk}/out.jsonl: No space left on device" in errors[0]
    saved = [json.loads(line) for line in (full_disk / "out.jsonl").read_text().splitlines()]
    assert 0 < len(saved) < len(expected_stories(replica))
    report = json.loads(next((state / "reports").glob("*.json")).read_text())
    assert report["output_failed"]

    rest = run(replica, state, tmp_path, "-O", str(tmp_path / "rest.jsonl"))
    assert rest.returncode == 0, rest.stderr[-3000:]
    exactly_once(jsonl_records(tmp_path), replica)  # the full disk's file is below tmp_path


@pytest.mark.e2e
def test_unwritable_output_fails_loudly_and_records_nothing(
    replica: Replica, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    result = run(replica, state, tmp_path, "-O", "/proc/newscrawler-test/out.jsonl")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Output failed" in result.stderr
    rest = run(replica, state, tmp_path, "-O", str(tmp_path / "out.jsonl"))
    assert rest.returncode == 0
    exactly_once(jsonl_records(tmp_path), replica)


@pytest.mark.e2e
def test_read_only_state_is_refused_before_the_crawl(replica: Replica, tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    replica.requests.clear()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(state)], check=True)
    try:
        result = run(replica, state, tmp_path)
    finally:
        subprocess.run(["umount", str(state)], check=True)
    assert result.returncode == 2
    assert "STATE_DIR" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()
    assert not replica.requests.count(lambda r: "/20" in r.path)  # no article fetched


@pytest.mark.e2e
def test_output_options_replace_the_default_feed(replica: Replica, tmp_path: Path) -> None:
    for option in ("-o", "-O"):
        out = tmp_path / f"out{option}.jsonl"
        result = run(replica, tmp_path / option, tmp_path, option, str(out), "-a", "max_pages=1")
        assert result.returncode == 0, result.stderr[-3000:]
        assert out.exists()
    assert not (tmp_path / "data").exists()


@pytest.mark.e2e
def test_a_second_run_on_the_same_state_is_refused(replica: Replica, tmp_path: Path) -> None:
    state = tmp_path / "state"
    slow = subprocess.Popen(
        [*crawl_command(replica.base_url, state), "-s", "DOWNLOAD_DELAY=30"],
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        lock = state / "locks" / "asianlite.lock"
        deadline = time.monotonic() + 60
        while not (lock.exists() and lock.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = run(replica, state, tmp_path)
    finally:
        slow.kill()
        slow.wait(timeout=60)
    assert second.returncode == 2
    assert f"pid {slow.pid}" in second.stderr and "another run of asianlite" in second.stderr
    assert "Traceback" not in second.stderr


@pytest.mark.e2e
def test_a_crawl_that_cannot_start_exits_non_zero(replica: Replica, tmp_path: Path) -> None:
    result = run(replica, tmp_path / "state", tmp_path, "-s", 'EXTENSIONS={"nope.Missing": 1}')
    assert result.returncode == 1
    assert "could not start" in result.stderr and "nope" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.e2e
def test_a_failing_storage_backend_fails_loudly_and_records_nothing(
    replica: Replica, tmp_path: Path
) -> None:
    with socket.socket() as sock:  # a port nothing listens on: the upload is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    state = tmp_path / "state"
    uri = f"ftp://user:secret@127.0.0.1:{port}/out.jsonl"
    result = run(replica, state, tmp_path, "-O", uri, "-a", "categories=top-news")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "Output failed" in line]
    assert len(errors) == 1 and f"127.0.0.1:{port}/out.jsonl" in errors[0]
    assert "secret" not in result.stderr
    rest = run(replica, state, tmp_path, "-O", str(tmp_path / "out.jsonl"))
    assert rest.returncode == 0
    exactly_once(jsonl_records(tmp_path), replica)
