"""A throwaway PostgreSQL server on a loopback port, started by the tests themselves.

Debian's PostgreSQL refuses to run as root, so as root the cluster belongs
to ``nobody`` and every server command runs through ``runuser``.  Trust
authentication on 127.0.0.1 only; the cluster lives in a temporary folder
and is removed on stop.  A machine without PostgreSQL is an error naming the
install script, never a skipped test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from types import TracebackType

import psycopg

INSTALL = "tools/postgres/install.sh"


def bindir() -> Path:
    """The folder of the newest installed PostgreSQL's server programs."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    which = shutil.which("pg_ctl")
    if which:
        return Path(which).resolve().parent
    raise RuntimeError(f"PostgreSQL is not installed (no pg_ctl): run {INSTALL}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """``with PostgresServer() as pg: pg.database()`` gives the URL of a fresh database."""

    def __init__(self, *, fsync: bool = False) -> None:
        self.fsync = fsync
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="newscrawler-pg-"))
        self.data = self.root / "data"
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _as_owner(self, *command: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "nobody", "--", *command]
        return list(command)

    def start(self) -> PostgresServer:
        bin_ = bindir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "nobody")
        subprocess.run(
            self._as_owner(
                str(bin_ / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.resume()
        return self

    def resume(self) -> None:
        """Start the server on its cluster (after ``crash``: PostgreSQL's crash recovery)."""
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            f"-c fsync={'on' if self.fsync else 'off'} -c max_connections=200"
        )
        subprocess.run(
            self._as_owner(
                str(bindir() / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.root / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def crash(self) -> None:
        """Stop the server as a crash would: ``immediate`` mode, no checkpoint, no clean exit."""
        subprocess.run(
            self._as_owner(
                str(bindir() / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
            ),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def database(self) -> str:
        """The URL of a new, empty database."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        if self.data.exists():
            subprocess.run(
                self._as_owner(
                    str(bindir() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"
                ),
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self) -> PostgresServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
