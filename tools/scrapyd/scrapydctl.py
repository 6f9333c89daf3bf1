#!/usr/bin/env python3
"""Run this checkout's Scrapyd node: one command from checkout to a running,
authenticated server with the project deployed.

    .venv/bin/python tools/scrapyd/scrapydctl.py up      # start (if needed) + deploy
    .venv/bin/python tools/scrapyd/scrapydctl.py start [--foreground]
    .venv/bin/python tools/scrapyd/scrapydctl.py status | stop | deploy

The node's home ($SCRAPYD_HOME, default ~/.local/share/newscrawler/scrapyd)
is Scrapyd's working directory: scrapyd.conf (written from
settings/scrapyd.conf on every start), eggs/, dbs/, logs/, and the crawls'
data/ and .state/.  Credentials come from SCRAPYD_USERNAME/SCRAPYD_PASSWORD,
else from $SCRAPYD_HOME/credentials.env (generated on first start); they go
into the home's scrapyd.conf (mode 0600), not into Scrapyd's environment,
so crawl jobs do not inherit them.  Scrapyd never starts without them.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
CONF = CHECKOUT / "settings" / "scrapyd.conf"
DEFAULT_HOME = Path.home() / ".local" / "share" / "newscrawler" / "scrapyd"
PORT = 6800  # settings/scrapyd.conf and [deploy:local] in scrapy.cfg


def home_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("SCRAPYD_HOME") or DEFAULT_HOME).expanduser().resolve()


def credentials(home: Path, create: bool) -> tuple[str, str]:
    """SCRAPYD_USERNAME/PASSWORD from the environment, else home/credentials.env."""
    user, password = os.environ.get("SCRAPYD_USERNAME"), os.environ.get("SCRAPYD_PASSWORD")
    if user and password:
        return user, password
    path = home / "credentials.env"
    if not path.exists():
        if not create:
            sys.exit(f"scrapydctl: no SCRAPYD_USERNAME/SCRAPYD_PASSWORD and no {path}")
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(
                f"SCRAPYD_USERNAME=newscrawler\nSCRAPYD_PASSWORD={secrets.token_urlsafe(24)}\n"
            )
        print(f"scrapydctl: generated credentials in {path} (mode 0600)")
    values = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return values["SCRAPYD_USERNAME"].strip(), values["SCRAPYD_PASSWORD"].strip()


def status_code(user: str | None = None, password: str | None = None) -> int:
    """HTTP status of daemonstatus.json (0 when nothing answers)."""
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}/daemonstatus.json")
    if user:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def prepare(home: Path) -> dict[str, str]:
    """Write the home's scrapyd.conf (mode 0600) with the credentials filled in.

    Returns the environment Scrapyd runs with: without the credentials, which
    Scrapyd would otherwise hand down to every crawl job.
    """
    home.mkdir(parents=True, exist_ok=True)
    user, password = credentials(home, create=True)
    if ":" in user or "\n" in user + password:
        sys.exit("scrapydctl: the username must not contain ':' and neither may span lines")
    text = CONF.read_text(encoding="utf-8")
    # Scrapyd's ConfigParser interpolates '%'; re.sub would read backslashes.
    for key, value in (("username", user), ("password", password)):
        line = f"{key} = {value.replace('%', '%%')}"
        text = re.sub(rf"(?m)^{key}\s*=.*$", line.replace("\\", "\\\\"), text)
    conf = home / "scrapyd.conf"
    fd = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    secret = ("SCRAPYD_USERNAME", "SCRAPYD_PASSWORD")
    return {k: v for k, v in os.environ.items() if k not in secret}


def scrapyd_command(home: Path) -> list[str]:
    pidfile, logfile = home / "twistd.pid", home / "scrapyd.log"
    return [sys.executable, "-m", "scrapyd", "--pidfile", str(pidfile), "--logfile", str(logfile)]


def start(home: Path, foreground: bool) -> None:
    env = prepare(home)
    if foreground:  # for systemd and terminals: Scrapyd replaces this process
        os.chdir(home)
        os.execve(sys.executable, scrapyd_command(home), env)
    if status_code():
        sys.exit(f"scrapydctl: something already answers on 127.0.0.1:{PORT}")
    with (home / "scrapyd.out").open("ab") as out:
        process = subprocess.Popen(
            scrapyd_command(home),
            cwd=home,
            env=env,
            stdout=out,
            stderr=out,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deadline = time.monotonic() + 30
    while status_code(*credentials(home, create=False)) != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"scrapydctl: Scrapyd did not start; see {home / 'scrapyd.log'}")
        time.sleep(0.3)
    if status_code() != 401:
        process.terminate()
        sys.exit("scrapydctl: Scrapyd answered without credentials; stopped it")
    url = f"http://127.0.0.1:{PORT}/"
    print(f"scrapydctl: Scrapyd {process.pid} on {url} (basic auth), home {home}")


def stop(home: Path) -> None:
    pidfile = home / "twistd.pid"
    if not pidfile.exists():
        print("scrapydctl: not running (no twistd.pid)")
        return
    pid = int(pidfile.read_text().strip())
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pidfile.unlink(missing_ok=True)
        print("scrapydctl: not running (stale twistd.pid removed)")
        return
    for _ in range(100):
        if not pidfile.exists():
            break
        time.sleep(0.1)
    print(f"scrapydctl: stopped Scrapyd {pid}")


def deploy(home: Path) -> int:
    user, password = credentials(home, create=False)
    env = {**os.environ, "SCRAPYD_USERNAME": user, "SCRAPYD_PASSWORD": password}
    command = [sys.executable, "-m", "scrapyd_client.deploy", "local"]
    return subprocess.run(command, cwd=CHECKOUT, env=env, check=False).returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["up", "start", "stop", "status", "deploy"])
    parser.add_argument("--home", help="node home directory (default $SCRAPYD_HOME)")
    parser.add_argument("--foreground", action="store_true", help="start: run in the foreground")
    opts = parser.parse_args()
    home = home_dir(opts.home)
    if opts.action == "start":
        start(home, opts.foreground)
    elif opts.action == "up":
        if status_code() == 0:
            start(home, foreground=False)
        sys.exit(deploy(home))
    elif opts.action == "stop":
        stop(home)
    elif opts.action == "deploy":
        sys.exit(deploy(home))
    else:
        code = status_code(*credentials(home, create=False))
        print(f"scrapydctl: http://127.0.0.1:{PORT}/ answers {code or 'nothing'}; home {home}")
        sys.exit(0 if code == 200 else 1)


if __name__ == "__main__":
    main()
