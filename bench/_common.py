"""Helpers shared by the performance benchmarks: the served replica, measured
subprocesses, Scrapy's stats dump and a description of the machine.

Everything talks to 127.0.0.1 only.  CPU and peak memory of a child process
come from ``os.wait4`` (that child's own rusage), so two crawls in one script
never mix their figures, and a sampler thread reads ``/proc`` for processes
that are not ours to wait for (the replica server, ``scrapy bench``'s server).
"""

from __future__ import annotations

import http.client
import os
import platform
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

# Politeness off, everything else as a scheduled crawl has it (robots.txt obeyed).
FAST_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "LOG_LEVEL": "INFO",
}


def setting_args(settings: dict[str, str]) -> list[str]:
    """``-s NAME=value`` pairs for a scrapy command line."""
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


# --- processes -----------------------------------------------------------------------


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a live process (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_bytes(pid: int) -> int | None:
    """Resident set size of a live process (None once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError):
        return None


def memory_parts(pid: int) -> dict[str, int] | None:
    """Resident bytes of a live process by kind: anonymous memory, the state store's
    memory-mapped file, and other files (code, libraries); None once it is gone."""
    parts = {"anonymous": 0, "state file": 0, "other files": 0}
    mapping, rss = "", 0
    try:
        text = Path(f"/proc/{pid}/smaps").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        head, _, rest = line.partition(" ")
        if "-" in head and not head.endswith(":"):
            mapping = rest.split()[-1] if len(rest.split()) >= 5 else ""
        elif head == "Rss:":
            rss = int(rest.split()[0]) * 1024
        elif head == "Anonymous:":  # comes after Rss: in each mapping's block
            anonymous = int(rest.split()[0]) * 1024
            parts["anonymous"] += anonymous
            if "state.sqlite3" in mapping:
                parts["state file"] += rss - anonymous
            elif mapping.startswith("/"):
                parts["other files"] += rss - anonymous
    return parts


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from every thread's children list)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found.extend(int(p) for p in text.split())
    except OSError:
        pass
    return found


@dataclass
class Usage:
    """What a finished child process cost."""

    returncode: int
    wall: float  # seconds from start to exit
    cpu: float  # user + system seconds (its own and its waited-for children's)
    max_rss: int  # bytes, peak resident set size
    log: str  # stdout and stderr, interleaved
    rss_samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds, bytes)
    parts_at_peak: dict[str, int] = field(default_factory=dict)  # memory_parts near the peak
    child_cpu: dict[int, float] = field(default_factory=dict)  # last CPU seen per child pid


def run_measured(
    command: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float,
    sample_every: float = 0.5,
) -> Usage:
    """Run ``command`` to its end (killed after ``timeout`` s) and measure it.

    Its own CPU and peak RSS come from ``wait4``; RSS over time and the CPU of
    its children (read until they exit) from ``/proc`` every ``sample_every`` s.
    """
    log_path = cwd / f".bench-{os.getpid()}-{time.monotonic_ns()}.log"
    with log_path.open("w+b") as log:
        started = time.perf_counter()
        # Its own process group, so a timeout also ends what it started (a browser).
        proc = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        samples: list[tuple[float, int]] = []
        parts_at_peak: dict[str, int] = {}
        child_cpu: dict[int, float] = {}
        done = threading.Event()

        def sample() -> None:
            peak = 0
            while not done.wait(sample_every):
                if (rss := rss_bytes(proc.pid)) is not None:
                    samples.append((time.perf_counter() - started, rss))
                    if rss > peak and (parts := memory_parts(proc.pid)) is not None:
                        peak = rss
                        parts_at_peak.update(parts)
                for child in children(proc.pid):
                    if (cpu := cpu_seconds(child)) is not None:
                        child_cpu[child] = cpu

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, rusage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: the group does not get the terminal's signal
            os.killpg(proc.pid, signal.SIGKILL)
            os.waitpid(proc.pid, 0)
            raise
        finally:
            timer.cancel()
            done.set()
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    log_path.unlink()
    if proc.returncode == -signal.SIGKILL:
        raise TimeoutError(f"{command[2:5]} still running after {timeout:.0f} s; killed")
    return Usage(
        returncode=proc.returncode,
        wall=wall,
        cpu=rusage.ru_utime + rusage.ru_stime,
        max_rss=rusage.ru_maxrss * 1024,
        log=text,
        rss_samples=samples,
        parts_at_peak=parts_at_peak,
        child_cpu=child_cpu,
    )


# --- Scrapy logs ---------------------------------------------------------------------


def stat(log: str, name: str) -> float | None:
    """One numeric value from the stats dump at the end of a Scrapy log."""
    match = re.search(rf"'{re.escape(name)}': ([\d.]+)", log)
    return float(match[1]) if match else None


def require_stat(log: str, name: str) -> float:
    value = stat(log, name)
    if value is None:
        tail = "\n".join(log.splitlines()[-30:])
        raise RuntimeError(f"no '{name}' in the crawl's stats; log tail:\n{tail}")
    return value


def logstats_rates(log: str) -> list[float]:
    """Pages per minute from each LogStats line."""
    return [float(m) for m in re.findall(r"Crawled \d+ pages \(at (\d+) pages/min\)", log)]


# --- the replica ---------------------------------------------------------------------


class ServedReplica:
    """``python -m tests.replica`` in its own process (its own GIL and CPU figure)."""

    def __init__(
        self, articles: int, seed: int = 1, *, js: bool = False, timeout: float = 300
    ) -> None:
        self.articles = articles
        self.seed = seed
        self.js = js
        self.timeout = timeout
        self.proc: subprocess.Popen[str] | None = None
        self.base_url = ""
        self.address = ("127.0.0.1", 0)

    def __enter__(self) -> ServedReplica:
        command = [sys.executable, "-m", "tests.replica", "--port", "0"]
        command += ["--host", "127.0.0.1", "--articles", str(self.articles)]
        command += ["--seed", str(self.seed), *(["--js"] if self.js else [])]
        # stderr only says "stopped" on exit; a replica error shows in the crawl's stats.
        self.proc = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self.proc.stdout is not None
        banner = self.proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:(\d+))/", banner)
        if match is None:
            self.__exit__(None, None, None)
            raise RuntimeError(f"unexpected replica banner: {banner!r}")
        self.base_url = match[1]
        self.address = ("127.0.0.1", int(match[2]))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def cpu(self) -> float:
        return cpu_seconds(self.pid) or 0.0

    def get(self, conn: http.client.HTTPConnection, path: str) -> int:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status

    def article_paths(self) -> list[str]:
        """Every article path, from the post sitemaps."""
        conn = http.client.HTTPConnection(*self.address, timeout=60)
        found: list[str] = []
        try:
            for n in range(1, 1000):
                conn.request("GET", "/post-sitemap.xml" if n == 1 else f"/post-sitemap{n}.xml")
                resp = conn.getresponse()
                body = resp.read().decode()
                if resp.status != 200:
                    break
                locs = re.findall(r"<loc>([^<]+)</loc>", body)
                found += [urlsplit(u).path for u in locs if "/wp-content/" not in u]
        finally:
            conn.close()
        return found

    def listing_paths(self, categories: Sequence[str]) -> list[str]:
        """Every page of every category listing (until the first 404)."""
        conn = http.client.HTTPConnection(*self.address, timeout=60)
        found: list[str] = []
        try:
            for slug in categories:
                for page in range(1, 100_000):
                    path = f"/category/{slug}/" if page == 1 else f"/category/{slug}/page/{page}/"
                    if self.get(conn, path) != 200:
                        break
                    found.append(path)
        finally:
            conn.close()
        return found

    def warm(self, paths: Sequence[str], connections: int = 4) -> float:
        """Fetch ``paths`` once so the crawl is served from the render cache; seconds taken."""
        started = time.perf_counter()

        def fetch(share: Sequence[str]) -> None:
            conn = http.client.HTTPConnection(*self.address, timeout=60)
            try:
                for path in share:
                    self.get(conn, path)
            finally:
                conn.close()

        with ThreadPoolExecutor(connections) as pool:
            list(pool.map(fetch, [paths[n::connections] for n in range(connections)]))
        return time.perf_counter() - started


# --- crawls --------------------------------------------------------------------------


def crawl_command(base_url: str, state_dir: Path, output: Path, **settings: str) -> list[str]:
    """The real ``scrapy crawl asianlite`` a scheduled run uses, politeness off."""
    command = [sys.executable, "-m", "scrapy", "crawl", "asianlite"]
    command += ["-a", f"base_url={base_url}", "-s", f"STATE_DIR={state_dir}", "-O", str(output)]
    return command + setting_args({**FAST_SETTINGS, **settings})


def project_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CRAWLER_ENV", None)  # project defaults, not an operator's environment
    return env


@contextmanager
def timed() -> Iterator[list[float]]:
    """``with timed() as t: ...`` then ``t[0]`` is the wall time in seconds."""
    out: list[float] = []
    started = time.perf_counter()
    try:
        yield out
    finally:
        out.append(time.perf_counter() - started)


# --- reporting -----------------------------------------------------------------------


def machine() -> str:
    """One line that says which machine the figures come from."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PHYS_PAGES") * PAGE_SIZE / 2**30
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{model}, {os.cpu_count()} cores, {mem:.0f} GiB, "
        f"Python {platform.python_version()}, load average {load} at start"
    )


def versions() -> str:
    names = ("scrapy", "twisted", "lxml", "trafilatura")
    return ", ".join(f"{name} {version(name)}" for name in names)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def mib(value: float) -> str:
    return f"{value / 2**20:.1f} MiB"
