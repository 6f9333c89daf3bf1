"""An extraction worker process, and the handle its parent holds.

A worker is ``python -m crawler.extract.worker IN OUT``: it reads pickled
``Page`` objects from the pipe ``IN`` and writes one reply per page to
``OUT``, until ``IN`` closes.  Replies are ``("ready", pid)`` once after
start-up, then ``("ok", PageResult)`` or ``("error", "Type: message")``; an
exception a page causes is caught in the worker and becomes that page's reply.

A worker is a process, not a thread, so that a page that runs too long (or
crashes the interpreter) can be stopped by killing it without touching the
crawl; ``crawler.extract.pool`` does that and starts a replacement.  Workers
ignore SIGINT (the crawl decides when to stop them: Ctrl-C reaches the whole
process group), die with their parent (``PR_SET_PDEATHSIG`` on Linux), and
write nothing to stdout, which may be the crawl's feed (``-o -``).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import logging
import os
import pickle
import signal
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from crawler.extract.article import PageError
from crawler.extract.page import Page, PageResult, extract_page

Reply = tuple[str, Any]
# Pipe buffers this large hold a whole news page, so handing a page to an idle
# worker is one write that does not wait for the worker to read (Linux's
# default 64 KiB made the reactor wait on every page of 100 KB).
PIPE_BYTES = 1 << 20
_F_SETPIPE_SZ = 1031
# Seconds a new worker may take to import its modules and say it is ready.
START_TIMEOUT = 60.0
_PR_SET_PDEATHSIG = 1


class ExtractFailed(Exception):
    """A page's extraction failed in a worker: the reason names the error."""


class ExtractTimeout(ExtractFailed):
    """A page ran over its time budget; its worker was killed."""


class WorkerDied(ExtractFailed):
    """The worker process ended while extracting a page (a crash, the OOM killer)."""


class WorkerProcess:
    """One worker process and the pipes to it (parent side)."""

    def __init__(self) -> None:
        to_child, self._to_child = os.pipe()
        self._from_child, from_child = os.pipe()
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):  # not Linux, or over pipe-max-size: smaller
                fcntl.fcntl(fd, _F_SETPIPE_SZ, PIPE_BYTES)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "crawler.extract.worker", str(to_child), str(from_child)],
                pass_fds=(to_child, from_child),
                stdin=subprocess.DEVNULL,
                env=_child_env(),
            )
        finally:
            os.close(to_child)
            os.close(from_child)
        self._inbox = Connection(self._to_child, readable=False)
        self._outbox = Connection(self._from_child, writable=False)
        self.ready = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def fileno(self) -> int:
        """The descriptor replies arrive on (for an event loop's reader)."""
        return self._from_child

    def send(self, page: Page) -> None:
        """Hand a page to the worker (which must be idle and ready)."""
        self._inbox.send_bytes(pickle.dumps(page, pickle.HIGHEST_PROTOCOL))

    def receive(self) -> Reply:
        """The next reply; raises EOFError or OSError if the worker is gone."""
        reply: Reply = pickle.loads(self._outbox.recv_bytes())
        if reply[0] == "ready":
            self.ready = True
        return reply

    def poll(self, timeout: float) -> bool:
        return self._outbox.poll(timeout)

    def describe_exit(self) -> str:
        """How the process ended (after it did), for messages."""
        code = self.process.wait()
        if code < 0:
            with contextlib.suppress(ValueError):
                return f"killed by {signal.Signals(-code).name}"
        return f"exit status {code}"

    def kill(self) -> None:
        """Stop the worker now, whatever it is doing."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        self.process.wait()
        self._close_pipes()

    def close(self, grace: float = 2.0) -> None:
        """Let an idle worker finish (end of input), kill it if it does not within ``grace``."""
        self._close_pipes()
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def _close_pipes(self) -> None:
        for conn in (self._inbox, self._outbox):
            with contextlib.suppress(OSError):
                conn.close()

    def run(self, page: Page, timeout: float) -> PageResult:
        """Extract one page here and now (blocking), within ``timeout`` seconds.

        For tools outside the reactor (``scrapy extract``).  Raises
        ``ExtractTimeout`` (the worker is then killed: make a new one) or
        ``ExtractFailed``.
        """
        if not self.ready:
            self._wait_ready()
        self.send(page)
        if not self.poll(timeout):
            self.kill()
            raise ExtractTimeout(f"extraction took longer than {timeout:g} s; stopped")
        try:
            status, payload = self.receive()
        except (EOFError, OSError):
            raise WorkerDied(f"extraction worker died ({self.describe_exit()})") from None
        if status != "ok":
            raise ExtractFailed(str(payload))
        assert isinstance(payload, PageResult)
        return payload

    def _wait_ready(self) -> None:
        if not self.poll(START_TIMEOUT):
            self.kill()
            raise WorkerDied(f"extraction worker did not start within {START_TIMEOUT:g} s")
        try:
            self.receive()
        except (EOFError, OSError):
            raise WorkerDied(
                f"extraction worker could not start ({self.describe_exit()})"
            ) from None


def _child_env() -> dict[str, str]:
    """The parent's environment, with its import path (a Scrapyd egg is on sys.path only)."""
    paths = [entry or str(Path.cwd()) for entry in sys.path]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def describe(exc: BaseException) -> str:
    """``Type: message`` of an exception (a ``PageError``'s message alone), one line, bounded."""
    text = " ".join(str(exc).split())[:500]
    if isinstance(exc, PageError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def serve(data: bytes) -> Reply:
    """The reply to one pickled page: every exception it causes is caught here."""
    try:
        page = pickle.loads(data)
        return ("ok", extract_page(page))
    except Exception as exc:
        return ("error", describe(exc))


def _detach() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    os.dup2(2, 1)  # a stray print must not reach the crawl's stdout
    logging.basicConfig(level=logging.ERROR, format="extract worker %(process)d: %(message)s")


def main(argv: list[str]) -> int:
    """Serve pages from the pipes named in ``argv`` until the input closes."""
    inbox = Connection(int(argv[0]), writable=False)
    outbox = Connection(int(argv[1]), readable=False)
    _detach()
    try:
        outbox.send_bytes(pickle.dumps(("ready", os.getpid())))
    except OSError:  # the parent closed the pool while this worker started
        return 0
    while True:
        try:
            data = inbox.recv_bytes()
        except (EOFError, OSError):
            return 0
        reply = serve(data)
        try:
            payload = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # a result that does not pickle is that page's error
            payload = pickle.dumps(("error", describe(exc)))
        try:
            outbox.send_bytes(payload)
        except OSError:  # the parent went away
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
