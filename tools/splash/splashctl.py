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
import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

DEFAULT_VENV = os.environ.get("SPLASH_VENV", "/opt/splash-venv")
DEFAULT_RUN_DIR = os.environ.get("SPLASH_RUN_DIR", "/tmp/splash-run")


def ping(url, timeout=2.0):
    """Return the /_ping JSON dict if Splash answers at url, else None."""
    try:
        with urllib.request.urlopen(url + "/_ping", timeout=timeout) as r:
            if r.status == 200:
                return json.loads(r.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    return None


def _pid_alive(pid):
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


def _is_splash(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return b"splash.server" in f.read()
    except OSError:
        return True  # no /proc: trust the pid file


class SplashServer:
    def __init__(self, port=8050, host="127.0.0.1", venv=DEFAULT_VENV,
                 run_dir=DEFAULT_RUN_DIR, extra_args=None, start_timeout=60.0,
                 max_timeout=90, slots=None, engines="webkit"):
        self.port = int(port)
        self.host = host
        self.venv = venv
        self.run_dir = run_dir
        self.extra_args = list(extra_args if extra_args is not None
                               else shlex.split(os.environ.get("SPLASH_ARGS", "")))
        self.start_timeout = start_timeout
        self.max_timeout = max_timeout
        self.slots = slots
        self.engines = engines
        self.proc = None
        self.started_here = False
        self.startup_seconds = None

    @property
    def url(self):
        return "http://%s:%d" % (self.host, self.port)

    @property
    def pidfile(self):
        return os.path.join(self.run_dir, "splash-%d.pid" % self.port)

    @property
    def logfile(self):
        return os.path.join(self.run_dir, "splash-%d.log" % self.port)

    def command(self):
        py = os.path.join(self.venv, "bin", "python")
        cmd = [py, "-m", "splash.server", "--disable-xvfb",
               "--ip", self.host, "--port", str(self.port),
               "--max-timeout", str(self.max_timeout),
               "--browser-engines", self.engines]
        if self.slots:
            cmd += ["--slots", str(self.slots)]
        return cmd + self.extra_args

    def environ(self):
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")   # no X server needed
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"          # Chromium sandbox refuses root
        xdg = os.path.join(self.run_dir, "xdg-runtime")
        os.makedirs(xdg, mode=0o700, exist_ok=True)
        env.setdefault("XDG_RUNTIME_DIR", xdg)
        return env

    def log_tail(self, n=40):
        try:
            with open(self.logfile, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return "(no log at %s)" % self.logfile

    def _read_pid(self):
        try:
            with open(self.pidfile) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def start(self):
        if ping(self.url):
            print("splashctl: Splash already answers at %s (not started by this call)" % self.url,
                  file=sys.stderr)
            return self
        py = self.command()[0]
        if not os.path.exists(py):
            raise RuntimeError("Splash venv not found at %s: run tools/splash/install.sh "
                               "(or set SPLASH_VENV)" % self.venv)
        os.makedirs(self.run_dir, exist_ok=True)
        t0 = time.monotonic()
        with open(self.logfile, "ab") as log:
            self.proc = subprocess.Popen(self.command(), env=self.environ(),
                                         stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        with open(self.pidfile, "w") as f:
            f.write(str(self.proc.pid))
        self.started_here = True
        deadline = t0 + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._cleanup_pidfile()
                raise RuntimeError("Splash exited with code %s during startup; log %s:\n%s"
                                   % (self.proc.returncode, self.logfile, self.log_tail()))
            if ping(self.url, timeout=1.0):
                self.startup_seconds = time.monotonic() - t0
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("Splash did not answer %s/_ping within %.0fs; log %s:\n%s"
                           % (self.url, self.start_timeout, self.logfile, self.log_tail()))

    def _cleanup_pidfile(self):
        try:
            os.unlink(self.pidfile)
        except OSError:
            pass

    def stop(self, grace=10.0):
        """Stop the Splash whose pid is in the pid file (if any). Returns True if one was stopped."""
        pid = self.proc.pid if self.proc else self._read_pid()
        if pid is None or not _pid_alive(pid):
            self._cleanup_pidfile()
            return False
        if not self.proc and not _is_splash(pid):
            print("splashctl: pid %d from %s is not a splash.server; not killing it"
                  % (pid, self.pidfile), file=sys.stderr)
            self._cleanup_pidfile()
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _pid_alive(pid):
            time.sleep(0.1)
        if _pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
        if self.proc:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self._cleanup_pidfile()
        return True

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.started_here:
            self.stop()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("action", choices=["start", "stop", "status", "restart"])
    ap.add_argument("--port", type=int, default=int(os.environ.get("SPLASH_PORT", 8050)))
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--venv", default=DEFAULT_VENV)
    ap.add_argument("--run-dir", default=DEFAULT_RUN_DIR)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for /_ping")
    ap.add_argument("--max-timeout", type=int, default=90, help="Splash --max-timeout")
    ap.add_argument("--slots", type=int, default=None, help="Splash --slots (default 20)")
    ap.add_argument("--engines", default="webkit", help="Splash --browser-engines")
    a = ap.parse_args(argv)
    srv = SplashServer(port=a.port, host=a.host, venv=a.venv, run_dir=a.run_dir,
                       start_timeout=a.timeout, max_timeout=a.max_timeout, slots=a.slots,
                       engines=a.engines)
    if a.action in ("stop", "restart"):
        print("splashctl: %s" % ("stopped Splash on port %d" % a.port if srv.stop()
                                 else "no Splash started by splashctl on port %d" % a.port))
        if a.action == "stop":
            return 0
    if a.action == "status":
        info = ping(srv.url)
        print("splashctl: %s %s" % (srv.url, "UP %s" % info if info else "DOWN"))
        return 0 if info else 1
    try:
        srv.start()
    except RuntimeError as e:
        print("splashctl: ERROR: %s" % e, file=sys.stderr)
        return 1
    if srv.startup_seconds is not None:
        print("splashctl: Splash started (pid %d) in %.1fs; log %s"
              % (srv.proc.pid, srv.startup_seconds, srv.logfile))
    print("SPLASH_URL=%s" % srv.url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
