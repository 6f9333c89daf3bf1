"""Several ``scrapy crawl asianlite`` workers of one frontier run, as separate processes.

Used by the multi-worker tests and ``bench/scale.py``.  Each worker has its own
STATE_DIR (its run lock, report and, until a shared state backend is set, its
SQLite state); ``FRONTIER_TEST_STATE_URL`` in the environment gives them all
one shared state (``-s STATE_URL=...``) instead.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tests.crawling import ENV, crawl_command


def state_args() -> list[str]:
    """The state setting the workers share, if any (see the module docstring)."""
    url = os.environ.get("FRONTIER_TEST_STATE_URL", "")
    return ["-s", f"STATE_URL={url}"] if url else []


@dataclass
class Worker:
    """One worker process and where it writes."""

    index: int
    proc: subprocess.Popen[bytes]
    log_file: IO[bytes]
    log_path: Path
    output: Path
    ended_at: float | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log(self) -> str:
        if not self.log_file.closed:
            self.log_file.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stat(self, name: str) -> float | None:
        """A numeric value of the stats dump at the end of its log."""
        match = re.search(rf"'{re.escape(name)}': ([\d.]+)", self.log())
        return float(match[1]) if match else None

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)


def start_workers(
    base_url: str,
    count: int,
    folder: Path,
    frontier_url: str,
    run: str,
    *extra: str,
    env: dict[str, str] | None = None,
) -> list[Worker]:
    """Start ``count`` workers of run ``run`` ("" = the site's live run or a new one) at once;
    output and logs under ``folder``."""
    workers = []
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        output = folder / f"out{index}.jsonl"
        command = crawl_command(
            base_url,
            folder / f"state{index}",
            "-O",
            str(output),
            "-s",
            f"FRONTIER_URL={frontier_url}",
            "-s",
            f"FRONTIER_RUN={run}",
            *state_args(),
            *extra,
        )
        log_path = folder / f"worker{index}.log"
        log_file = log_path.open("wb")
        proc = subprocess.Popen(
            command, cwd=folder, env=env or ENV, stdout=log_file, stderr=subprocess.STDOUT
        )
        workers.append(Worker(index, proc, log_file, log_path, output))
    return workers


def wait_workers(
    workers: Sequence[Worker],
    timeout: float,
    tick: Callable[[], None] | None = None,
    every: float = 0.05,
) -> None:
    """Wait until every worker has exited (noting when), calling ``tick`` meanwhile.

    Past ``timeout`` seconds the remaining workers are killed and TimeoutError raised.
    """
    deadline = time.monotonic() + timeout
    while True:
        if tick is not None:
            tick()
        now = time.monotonic()
        for worker in workers:
            if worker.ended_at is None and worker.proc.poll() is not None:
                worker.ended_at = now
        if all(w.ended_at is not None for w in workers):
            break
        if now > deadline:
            stop_workers(workers)
            raise TimeoutError(f"workers still running after {timeout:.0f} s")
        time.sleep(every)
    for worker in workers:
        worker.log_file.close()


def stop_workers(workers: Sequence[Worker]) -> None:
    """Kill what is still running (a failed test must not leave workers behind)."""
    for worker in workers:
        if worker.proc.poll() is None:
            worker.proc.kill()
            worker.proc.wait()
        worker.log_file.close()
