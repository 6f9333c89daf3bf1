#!/usr/bin/env python3
"""Start / stop / check a native (no Docker) Splash installed by install.sh.

Command line (any python3 >= 3.8, stdlib only):

    python3 tools/splash/splashctl.py start  [--port 8050] [--host 127.0.0.1]
    python3 tools/splash/splashctl.py status [--port 8050]
    python3 tools/splash/splashctl.py stop   [--port 8050]

`start` launches Splash in the background (own session, output to a log file),
waits until GET /_ping answers and prints `SPLASH_URL=http://HOST:PORT`.
If a Splash already answers on that port it just prints the URL.
`stop` sends SIGTERM (then SIGKILL after a grace period) to the pid recorded
in the pid file by `start`; it never kills anything it did not start.

From Python (tests, fixtures):

    sys.path.insert(0, "tools/splash"); import splashctl
    with splashctl.SplashServer(port=8050) as srv:   # starts, waits for /_ping
        requests.get(srv.url + "/render.html", ...)
    # stopped here (only if this object started it)

Environment:
    SPLASH_VENV       venv made by install.sh (default /opt/splash-venv)
    SPLASH_RUN_DIR    where pid and log files go (default /tmp/splash-run)
    SPLASH_ARGS       extra arguments for splash.server (space separated)
"""

# Stdlib only, and the annotations stay unevaluated: run.sh may run this with
# any python3 (Debian's 3.11, or an older one when the Splash venv is missing).
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

DEFAULT_VENV = os.environ.get("SPLASH_VENV", "/opt/splash-venv")
DEFAULT_RUN_DIR = os.environ.get("SPLASH_RUN_DIR", "/tmp/splash-run")


def ping(url: str, timeout: float = 2.0) -> dict[str, Any] | None:
    """Return the /_ping JSON dict if Splash answers at url, else None."""
    try:
        with urllib.request.urlopen(url + "/_ping", timeout=timeout) as r:
            if r.status == 200:
                info: dict[str, Any] = json.loads(r.read().decode("utf-8"))
                return info
    except (OSError, ValueError, urllib.error.URLError):
        return None
    return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours still "exists": reap it if it is ours
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


def _is_splash(pid: int) -> bool:
    try:
        return b"splash.server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc: trust the pid file


class SplashServer:
    # Everything after run_dir is keyword-only (all callers pass keywords).
    def __init__(
        self,
        port: int | str = 8050,
        host: str = "127.0.0.1",
        venv: str | os.PathLike[str] = DEFAULT_VENV,
        run_dir: str | os.PathLike[str] = DEFAULT_RUN_DIR,
        *,
        extra_args: Iterable[str] | None = None,
        start_timeout: float = 60.0,
        max_timeout: int = 90,
        slots: int | None = None,
        engines: str = "webkit",
    ) -> None:
        self.port = int(port)
        self.host = host
        self.venv = venv
        self.run_dir = run_dir
        self.extra_args = list(
            extra_args if extra_args is not None else shlex.split(os.environ.get("SPLASH_ARGS", ""))
        )
        self.start_timeout = start_timeout
        self.max_timeout = max_timeout
        self.slots = slots
        self.engines = engines
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_here = False
        self.startup_seconds: float | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pidfile(self) -> str:
        return str(Path(self.run_dir) / f"splash-{self.port}.pid")

    @property
    def logfile(self) -> str:
        return str(Path(self.run_dir) / f"splash-{self.port}.log")

    def command(self) -> list[str]:
        py = str(Path(self.venv) / "bin" / "python")
        cmd = [
            py,
            "-m",
            "splash.server",
            "--disable-xvfb",
            "--ip",
            self.host,
            "--port",
            str(self.port),
            "--max-timeout",
            str(self.max_timeout),
            "--browser-engines",
            self.engines,
        ]
        if self.slots:
            cmd += ["--slots", str(self.slots)]
        return cmd + self.extra_args

    def environ(self) -> dict[str, str]:
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")  # no X server needed
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"  # Chromium sandbox refuses root
        xdg = Path(self.run_dir) / "xdg-runtime"
        xdg.mkdir(mode=0o700, parents=True, exist_ok=True)
        env.setdefault("XDG_RUNTIME_DIR", str(xdg))
        return env

    def log_tail(self, n: int = 40) -> str:
        try:
            with Path(self.logfile).open(encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return f"(no log at {self.logfile})"

    def _read_pid(self) -> int | None:
        try:
            return int(Path(self.pidfile).read_text().strip())
        except (OSError, ValueError):
            return None

    def start(self) -> SplashServer:
        if ping(self.url):
            print(
                f"splashctl: Splash already answers at {self.url} (not started by this call)",
                file=sys.stderr,
            )
            return self
        py = self.command()[0]
        if not Path(py).exists():
            raise RuntimeError(
                f"Splash venv not found at {self.venv}: "
                "run tools/splash/install.sh (or set SPLASH_VENV)"
            )
        Path(self.run_dir).mkdir(parents=True, exist_ok=True)
        t0 = time.monotonic()
        with Path(self.logfile).open("ab") as log:
            self.proc = subprocess.Popen(
                self.command(),
                env=self.environ(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        Path(self.pidfile).write_text(str(self.proc.pid))
        self.started_here = True
        deadline = t0 + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._cleanup_pidfile()
                raise RuntimeError(
                    f"Splash exited with code {self.proc.returncode} during "
                    f"startup; log {self.logfile}:\n{self.log_tail()}"
                )
            if ping(self.url, timeout=1.0):
                self.startup_seconds = time.monotonic() - t0
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"Splash did not answer {self.url}/_ping within "
            f"{self.start_timeout:.0f}s; log {self.logfile}:\n{self.log_tail()}"
        )

    def _cleanup_pidfile(self) -> None:
        with contextlib.suppress(OSError):
            Path(self.pidfile).unlink()

    def stop(self, grace: float = 10.0) -> bool:
        """Stop the Splash whose pid is in the pid file (if any).

        Returns True if one was stopped.
        """
        pid = self.proc.pid if self.proc else self._read_pid()
        if pid is None or not _pid_alive(pid):
            self._cleanup_pidfile()
            return False
        if not self.proc and not _is_splash(pid):
            print(
                f"splashctl: pid {pid} from {self.pidfile} is not a splash.server; not killing it",
                file=sys.stderr,
            )
            self._cleanup_pidfile()
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _pid_alive(pid):
            time.sleep(0.1)
        if _pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
        if self.proc:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        self._cleanup_pidfile()
        return True

    def __enter__(self) -> SplashServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        if self.started_here:
            self.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("action", choices=["start", "stop", "status", "restart"])
    ap.add_argument("--port", type=int, default=int(os.environ.get("SPLASH_PORT", "8050")))
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--venv", default=DEFAULT_VENV)
    ap.add_argument("--run-dir", default=DEFAULT_RUN_DIR)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for /_ping")
    ap.add_argument("--max-timeout", type=int, default=90, help="Splash --max-timeout")
    ap.add_argument("--slots", type=int, default=None, help="Splash --slots (default 20)")
    ap.add_argument("--engines", default="webkit", help="Splash --browser-engines")
    a = ap.parse_args(argv)
    srv = SplashServer(
        port=a.port,
        host=a.host,
        venv=a.venv,
        run_dir=a.run_dir,
        start_timeout=a.timeout,
        max_timeout=a.max_timeout,
        slots=a.slots,
        engines=a.engines,
    )
    if a.action in ("stop", "restart"):
        if srv.stop():
            print(f"splashctl: stopped Splash on port {a.port}")
        else:
            print(f"splashctl: no Splash started by splashctl on port {a.port}")
        if a.action == "stop":
            return 0
    if a.action == "status":
        info = ping(srv.url)
        print(f"splashctl: {srv.url} {f'UP {info}' if info else 'DOWN'}")
        return 0 if info else 1
    try:
        srv.start()
    except RuntimeError as e:
        print(f"splashctl: ERROR: {e}", file=sys.stderr)
        return 1
    if srv.proc is not None and srv.startup_seconds is not None:
        print(
            f"splashctl: Splash started (pid {srv.proc.pid}) in {srv.startup_seconds:.1f}s; "
            f"log {srv.logfile}"
        )
    print(f"SPLASH_URL={srv.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
