"""One run of a spider per state folder, whoever starts it.

A run holds an ``flock`` on ``<STATE_DIR>/locks/<spider>.lock`` for as long
as its process lives (the kernel drops it when the process dies, even on
``kill -9``), so two runs never write or recover the same state at once.
``scrapy schedule`` takes the lock before it starts a crawl and hands it
over through the file descriptor named in CRAWLER_RUN_LOCK_FD.

A spider of any site (``wordpress``) runs per site: its lock and state scope
name the site too (``wordpress@example.com``), so runs on two sites neither
wait for each other nor share listing progress (``scope``).
"""

from __future__ import annotations

import fcntl
import os
import re
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from crawler.urls import redact

LOCK_FD_ENV = "CRAWLER_RUN_LOCK_FD"
_held: dict[Path, int] = {}


# Spiders that crawl whichever site ``-a base_url`` names: one scope per site.
SITE_SCOPED = frozenset({"wordpress"})


def scope(spider: str, base_url: str | None = None) -> str:
    """The name a run's lock and state are kept under: the spider (and its site, if any).

    ``https://www.Example.com:8443/news/`` gives ``wordpress@example.com_8443_news``:
    host lower-cased without ``www.``, port and path kept, anything unsafe in a
    file name replaced.  Other spiders keep their own name whatever base_url.
    """
    if spider not in SITE_SCOPED or not base_url:
        return spider
    try:
        parts = urlsplit(str(base_url).strip())
        host = (parts.hostname or "").removeprefix("www.")
        port = parts.port
    except ValueError:  # refused by argument checks before any lock is taken
        return spider
    site = "_".join(p for p in (host, str(port or ""), parts.path.strip("/")) if p)
    return f"{spider}@{re.sub(r'[^A-Za-z0-9.-]+', '_', site)[:120]}"


class RunLocked(RuntimeError):
    """Another run of the same spider holds the state."""


def lock_path(state_dir: str | Path, spider: str) -> Path:
    return Path(state_dir).absolute() / "locks" / f"{spider}.lock"


def acquire(state_dir: str | Path, spider: str) -> None:
    """Hold the spider's run lock until this process exits; raise RunLocked if taken."""
    path = lock_path(state_dir, spider)
    if path in _held:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    inherited = _inherited_fd(path)
    if inherited is not None:
        _held[path] = inherited
        _write_holder(inherited)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 512, 0).decode(errors="replace").strip() or "another process"
        os.close(fd)
        raise RunLocked(
            f"another run of {spider} is using {Path(state_dir)} ({holder}); "
            f"wait for it to end (lock: {path})"
        ) from None
    _held[path] = fd
    _write_holder(fd)


def release(state_dir: str | Path, spider: str) -> None:
    """Give the lock back before the process ends (tests, embedded use)."""
    fd = _held.pop(lock_path(state_dir, spider), None)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _inherited_fd(path: Path) -> int | None:
    """The locked descriptor a scheduler passed down for this very file, if any."""
    value = os.environ.get(LOCK_FD_ENV, "")
    if not value.isdigit():
        return None
    fd = int(value)
    try:
        mine, theirs = os.fstat(fd), path.stat()
    except OSError:
        return None
    if (mine.st_dev, mine.st_ino) != (theirs.st_dev, theirs.st_ino):
        return None
    try:  # a lock this process's description holds is granted again
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return None
    return fd


def _write_holder(fd: int) -> None:
    started = datetime.now(UTC).replace(microsecond=0).isoformat()
    # No password of a URL argument (-o ftp://user:password@...) in a file others may read.
    command = redact(" ".join([Path(sys.argv[0]).name, *sys.argv[1:]])) if sys.argv else ""
    text = f"pid {os.getpid()} on {socket.gethostname()} since {started}: {command[:300]}\n"
    os.ftruncate(fd, 0)
    os.pwrite(fd, text.encode(), 0)
