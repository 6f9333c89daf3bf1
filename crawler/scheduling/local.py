"""Local runs: ``scrapy crawl`` subprocesses guarded by a lock file per spider.

The lock is the crawl's own run lock (crawler.runlock), an ``flock`` on
``<STATE_DIR>/locks/<spider>.lock``: the scheduler takes it and hands it to
the crawl process (CRAWLER_RUN_LOCK_FD), so it is held exactly as long as the
crawl runs, whether or not the scheduler is still there.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.runlock import LOCK_FD_ENV, scope
from crawler.scheduling.jobs import Job


class Busy(RuntimeError):
    """The spider's previous local run still holds its lock."""


@dataclass
class LocalRun:
    """A started ``scrapy crawl`` process."""

    job: Job
    process: subprocess.Popen[bytes]
    log_file: Path

    def poll(self) -> int | None:
        return self.process.poll()

    def wait(self) -> int:
        return self.process.wait()


class LocalRunner:
    """Start crawls in ``project_dir``; locks live under ``state_dir``."""

    def __init__(self, project_dir: Path, state_dir: Path, python: str = sys.executable) -> None:
        self.project_dir = project_dir
        self.state_dir = state_dir if state_dir.is_absolute() else project_dir / state_dir
        self.python = python

    def lock_path(self, job: Job) -> Path:
        state_dir = Path(job.settings.get("STATE_DIR", self.state_dir))
        if not state_dir.is_absolute():
            state_dir = self.project_dir / state_dir
        return state_dir / "locks" / f"{scope(job.spider, job.args.get('base_url'))}.lock"

    def command(self, job: Job, log_file: Path) -> list[str]:
        settings = {"LOG_FILE": str(log_file), **job.settings}
        command = [self.python, "-m", "scrapy", "crawl", job.spider]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        for name, value in job.args.items():
            command += ["-a", f"{name}={value}"]
        return command

    def start(self, job: Job, now: datetime) -> LocalRun:
        """Start ``job``'s crawl, or raise Busy naming the process still running."""
        lock = self.lock_path(job)
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 512, 0).decode(errors="replace").strip() or "a process"
                raise Busy(f"{holder} holds {lock}") from None
            log_file = Path(job.settings.get("LOG_FILE") or self._log_file(job, now))
            log_file.parent.mkdir(parents=True, exist_ok=True)
            process = subprocess.Popen(
                self.command(job, log_file),
                cwd=self.project_dir,
                pass_fds=(fd,),
                stdin=subprocess.DEVNULL,
                env={**os.environ, LOCK_FD_ENV: str(fd)},
            )
            os.ftruncate(fd, 0)  # the crawl writes its own details once it starts
            os.pwrite(fd, f"pid {process.pid}\n".encode(), 0)
        finally:
            os.close(fd)
        return LocalRun(job, process, log_file)

    def _log_file(self, job: Job, now: datetime) -> Path:
        stamp = now.strftime("%Y-%m-%dT%H-%M-%S")
        return self.project_dir / "logs" / job.spider / f"{job.name}-{stamp}.log"
