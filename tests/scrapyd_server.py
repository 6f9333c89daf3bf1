"""A real Scrapyd for tests: ``python -m scrapyd`` in a temporary home, on a free
loopback port, with basic auth and a random password written into a conf
generated from the committed ``settings/scrapyd.conf``.
"""

from __future__ import annotations

import base64
import configparser
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.crawling import read_jsonl, stories

if TYPE_CHECKING:
    from tests.replica import Replica

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "newscrawler"
_SCRUB = ("SCRAPYD_", "CRAWLER_ENV", "SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT")


def stories_written(feeds: list[Path], rep: Replica) -> Counter[str]:
    """How often each story of the replica appears in the JSON-lines ``feeds``."""
    return stories((record for path in feeds for record in read_jsonl(path)), rep)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    """The test process's environment without Scrapyd/Scrapy overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUB)}
    env.update(extra)
    return env


@dataclass
class ScrapydServer:
    """A running Scrapyd and what a test needs to talk to it."""

    home: Path
    port: int
    username: str
    password: str
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def call(
        self, endpoint: str, fields: list[tuple[str, str]] | None = None, auth: bool = True
    ) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body) of one API call; POST when ``fields`` is given."""
        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(self.url + endpoint, data=body)
        if auth:
            token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status), json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, {}

    def schedule(self, spider: str, args: dict[str, str], settings: dict[str, str]) -> str:
        fields = [("project", PROJECT), ("spider", spider)]
        fields += [("setting", f"{k}={v}") for k, v in settings.items()] + list(args.items())
        status, data = self.call("schedule.json", fields)
        assert status == 200 and data.get("status") == "ok", data
        return str(data["jobid"])

    def wait_finished(self, jobid: str, timeout: float = 90.0) -> dict[str, Any]:
        """Poll listjobs.json until ``jobid`` is finished; its entry."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, data = self.call(f"listjobs.json?project={PROJECT}")
            for job in data.get("finished", []):
                if job["id"] == jobid:
                    return dict(job)
            time.sleep(0.3)
        raise AssertionError(f"job {jobid} not finished after {timeout}s:\n{self.log()[-3000:]}")

    def job_log(self, spider: str, jobid: str) -> str:
        path = self.home / "logs" / PROJECT / spider / f"{jobid}.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def log(self) -> str:
        """Scrapyd's own log (where job processes' stderr goes)."""
        path = self.home / "scrapyd.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def deploy_env(self) -> dict[str, str]:
        """The environment for ``scrapyd-deploy production`` to reach this server."""
        return clean_env(
            SCRAPYD_PRODUCTION_URL=self.url,
            SCRAPYD_PRODUCTION_USERNAME=self.username,
            SCRAPYD_PRODUCTION_PASSWORD=self.password,
        )

    def deploy(self) -> subprocess.CompletedProcess[str]:
        """Build the egg from a copy of the project and upload it with scrapyd-deploy."""
        command = [sys.executable, "-m", "scrapyd_client.deploy", "production"]
        env = self.deploy_env()
        project = project_copy(self.home / "project")
        return subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def project_copy(dest: Path) -> Path:
    """What an egg is built from (scrapy.cfg, setup.py, crawler/, settings/), copied to ``dest``.

    setup.py writes build/ and *.egg-info where it runs: never in the checkout.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ("setup.py", "scrapy.cfg"):
        shutil.copy2(ROOT / name, dest / name)
    for folder in ("crawler", "settings"):
        shutil.copytree(ROOT / folder, dest / folder, symlinks=True, ignore=ignore)
    return dest


def start_scrapyd(
    home: Path,
    poll_interval: float = 0.5,
    timeout: float = 30.0,
    extra: dict[str, str] | None = None,
    password: str = "",
) -> ScrapydServer:
    """Start Scrapyd in ``home`` with the committed conf plus a port, credentials and ``extra``.

    ``password``: this one instead of a random one (several nodes, one set of credentials).
    """
    home.mkdir(parents=True, exist_ok=True)
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(ROOT / "settings" / "scrapyd.conf", encoding="utf-8")
    port, username, password = free_port(), "test", password or secrets.token_urlsafe(16)
    conf["scrapyd"].update(
        http_port=str(port), username=username, password=password, poll_interval=str(poll_interval)
    )
    conf["scrapyd"].update(extra or {})
    with (home / "scrapyd.conf").open("w", encoding="utf-8") as out:
        conf.write(out)
    command = [sys.executable, "-m", "scrapyd", "--logfile", "scrapyd.log", "--pidfile", ""]
    process = subprocess.Popen(
        command,
        cwd=home,
        env=clean_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = ScrapydServer(home, port, username, password, process)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if server.call("daemonstatus.json")[0] == 200:
                return server
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"Scrapyd did not start in {home}:\n{server.log()[-3000:]}")
        time.sleep(0.2)
