"""Dispatch due jobs to a local ``scrapy crawl`` or to Scrapyd, one run per site
(the spider's run-lock scope) and target at a time, and log every decision.

Scrapyd does not list a running job's arguments, so the scheduler names its
Scrapyd jobs ``<scope>-<32 hex>``: a running job is then known to crawl the
same site, or another one, by its id alone (also after the scheduler restarts).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from crawler.runlock import scope
from crawler.scheduling.client import ScrapydClient, ScrapydError
from crawler.scheduling.jobs import LOCAL, Job, Schedule
from crawler.scheduling.local import Busy, LocalRun, LocalRunner
from crawler.scheduling.targets import TargetError

logger = logging.getLogger(__name__)

_JOB_ID = re.compile(r"(?P<scope>.+)-[0-9a-f]{32}")


def job_scope(job: Job) -> str:
    """The site a run of ``job`` holds the lock of: two runs of one scope never overlap."""
    return scope(job.spider, job.args.get("base_url"))


def new_job_id(job: Job, run: str | None = None) -> str:
    """A Scrapyd job id that names the job's scope (``run``: 32 hex digits, else fresh)."""
    return f"{job_scope(job)}-{run or uuid.uuid4().hex}"


def crawls_same_site(job: Job, active: dict[str, object]) -> bool:
    """Whether a pending or running Scrapyd job of ``job.spider`` crawls ``job``'s site.

    A pending job lists its arguments; a running one is known by an id this
    scheduler gave.  A job started some other way is assumed to be the same
    site: skipping a run is safer than two runs refusing each other.
    """
    args = active.get("args")
    if isinstance(args, dict):
        base_url = args.get("base_url")
        return scope(job.spider, base_url if isinstance(base_url, str) else None) == job_scope(job)
    named = _JOB_ID.fullmatch(str(active.get("id", "")))
    return named is None or named["scope"] == job_scope(job)


class Outcome(Enum):
    STARTED = "started"
    SKIPPED = "skipped"
    FAILED = "failed"


_LEVELS = {
    Outcome.STARTED: logging.INFO,
    Outcome.SKIPPED: logging.WARNING,
    Outcome.FAILED: logging.ERROR,
}


@dataclass(frozen=True)
class Dispatch:
    """What happened to one due job."""

    job: Job
    outcome: Outcome
    detail: str


class Scheduler:
    """Runs a schedule; ``clients`` turns a target name into a Scrapyd client."""

    def __init__(
        self,
        schedule: Schedule,
        local: LocalRunner,
        clients: Callable[[str], ScrapydClient],
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.schedule = schedule
        self.local = local
        self.clients = clients
        self.clock = clock or (lambda: datetime.now(schedule.timezone))
        self.running: dict[str, LocalRun] = {}

    def now(self) -> datetime:
        return self.clock().astimezone(self.schedule.timezone)

    def due(self, now: datetime) -> list[Job]:
        return [job for job in self.schedule.jobs if job.enabled and job.is_due(now)]

    def dispatch(self, job: Job, now: datetime | None = None) -> Dispatch:
        """Start one run of ``job`` unless its previous run is still going."""
        now = now or self.now()
        try:
            if job.target == LOCAL:
                result = self._dispatch_local(job, now)
            else:
                result = self._dispatch_scrapyd(job)
        except (ScrapydError, TargetError, OSError) as exc:
            result = Dispatch(job, Outcome.FAILED, str(exc))
        logger.log(
            _LEVELS[result.outcome],
            "job %s (%s -> %s): %s: %s",
            job.name,
            job.spider,
            job.target,
            result.outcome.value,
            result.detail,
        )
        return result

    def _dispatch_local(self, job: Job, now: datetime) -> Dispatch:
        self.reap()
        try:
            run = self.local.start(job, now)
        except Busy as exc:
            return Dispatch(job, Outcome.SKIPPED, f"previous local run still going ({exc})")
        self.running[job.name] = run
        return Dispatch(job, Outcome.STARTED, f"pid {run.process.pid}, log {run.log_file}")

    def _dispatch_scrapyd(self, job: Job) -> Dispatch:
        if job.targets:
            return self._dispatch_nodes(job)
        client = self.clients(job.target)
        active = [j for j in client.active_jobs(job.spider) if crawls_same_site(job, j)]
        if active:
            ids = ", ".join(f"{j['id']} ({j['state']})" for j in active)
            return Dispatch(job, Outcome.SKIPPED, f"previous run still going on Scrapyd: {ids}")
        jobid = client.schedule(job.spider, job.args, job.settings, new_job_id(job))
        return Dispatch(
            job, Outcome.STARTED, f"Scrapyd job {jobid} in project {client.target.project}"
        )

    def _dispatch_nodes(self, job: Job) -> Dispatch:
        """One run on every node of ``job.targets``: the same fresh run id for all of them.

        ``STATE_RUN_ID`` and ``FRONTIER_RUN`` make the nodes' processes workers of
        one run (with FRONTIER_URL and STATE_URL in the job's or the nodes'
        settings they share its queue, dedup and claims).  Skipped while the
        site (``job_scope``) has a pending or running job on any node.
        """
        clients = [self.clients(target) for target in job.nodes]
        busy = [
            f"{client.target.name}: {active['id']} ({active['state']})"
            for client in clients
            for active in client.active_jobs(job.spider)
            if crawls_same_site(job, active)
        ]
        if busy:
            return Dispatch(
                job, Outcome.SKIPPED, f"previous run still going on Scrapyd: {', '.join(busy)}"
            )
        run = uuid.uuid4().hex
        settings = {**job.settings, "STATE_RUN_ID": run, "FRONTIER_RUN": run}
        started: list[str] = []
        for client in clients:
            try:
                jobid = client.schedule(job.spider, job.args, settings, new_job_id(job, run))
            except ScrapydError as exc:
                done = f" (started: {', '.join(started)})" if started else ""
                raise ScrapydError(f"run {run}: {exc}{done}") from None
            started.append(f"{client.target.name} job {jobid}")
        return Dispatch(
            job, Outcome.STARTED, f"run {run} on {len(clients)} nodes: {', '.join(started)}"
        )

    def run_once(self, jobs: Iterable[Job]) -> list[Dispatch]:
        now = self.now()
        return [self.dispatch(job, now) for job in jobs]

    def reap(self) -> list[tuple[LocalRun, int]]:
        """Forget finished local runs, logging how each ended."""
        done = [(run, code) for run in self.running.values() if (code := run.poll()) is not None]
        for run, code in done:
            del self.running[run.job.name]
            logger.log(
                logging.INFO if code == 0 else logging.ERROR,
                "job %s: local run finished with exit code %s (log %s)",
                run.job.name,
                code,
                run.log_file,
            )
        return done

    def wait(self) -> int:
        """Wait for every local run; the worst exit code (0 when none ran)."""
        codes = [0]
        while self.running:
            for run in list(self.running.values()):
                run.wait()
            codes += [code for _, code in self.reap()]
        return max(codes, key=abs)

    def run_forever(self, sleep: Callable[[float], None] = time.sleep) -> None:
        """Dispatch each job at its cron times until interrupted."""
        jobs = [job for job in self.schedule.jobs if job.enabled]
        start = self.now()
        upcoming = {job.name: job.next_run(start) for job in jobs}
        for job in jobs:
            logger.info("job %s: next run at %s", job.name, upcoming[job.name].isoformat())
        while jobs:
            now = self.now()
            for job in jobs:
                if upcoming[job.name] <= now:
                    self.dispatch(job, now)
                    upcoming[job.name] = job.next_run(now)
                    logger.info("job %s: next run at %s", job.name, upcoming[job.name].isoformat())
            self.reap()
            wait = (min(upcoming.values()) - self.now()).total_seconds()
            sleep(min(max(wait, 0.5), 30.0))
        logger.warning("%s: no enabled jobs; nothing to do", self.schedule.path)
