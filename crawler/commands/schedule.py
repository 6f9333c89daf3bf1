"""``scrapy schedule``: run ``settings/schedule.toml`` in the foreground.

Each due job goes to a local ``scrapy crawl`` or to a Scrapyd server, unless
its previous run is still going.  ``--once`` runs what is due now and exits,
``--list`` shows the next run times, ``--crontab`` prints equivalent crontab
lines.  A bad schedule file ends with a message naming file and job (exit 2).
"""

from __future__ import annotations

import argparse
import dataclasses
import shlex
import sys
from datetime import datetime
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import closest_scrapy_cfg

from crawler.scheduling import (
    Job,
    LocalRunner,
    Outcome,
    Schedule,
    ScheduleError,
    Scheduler,
    ScrapydClient,
    load_schedule,
    resolve_target,
)
from crawler.scheduling.targets import check_target

DEFAULT_FILE = Path("settings/schedule.toml")


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--once | --list | --crontab] [--job NAME ...] [--file PATH]"

    def short_desc(self) -> str:
        return "Run the crawl schedule (settings/schedule.toml) in the foreground"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--file", help=f"schedule file (default: {DEFAULT_FILE})")
        parser.add_argument(
            "--job",
            action="append",
            default=[],
            metavar="NAME",
            help="only this job (repeatable); with --once, run it now whatever its cron says",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="run what is due now, then exit")
        mode.add_argument("--list", action="store_true", help="show each job's next run time")
        mode.add_argument("--crontab", action="store_true", help="print equivalent crontab lines")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument(s): {' '.join(args)}", print_help=False)
        project_dir = Path(closest_scrapy_cfg() or "scrapy.cfg").resolve().parent
        path = Path(opts.file) if opts.file else project_dir / DEFAULT_FILE
        try:
            schedule = load_schedule(path, check=lambda job: self._check(job, project_dir))
            if opts.job:
                jobs = tuple(schedule.job(name) for name in opts.job)
                schedule = dataclasses.replace(schedule, jobs=jobs)
        except ScheduleError as exc:
            raise UsageError(str(exc), print_help=False) from None
        if opts.list:
            self._print_list(schedule)
        elif opts.crontab:
            self._print_crontab(schedule, project_dir, opts)
        else:
            self._run(schedule, project_dir, opts)

    def _run(self, schedule: Schedule, project_dir: Path, opts: argparse.Namespace) -> None:
        assert self.settings is not None
        project = str(self.settings.get("BOT_NAME"))
        scrapy_cfg = project_dir / "scrapy.cfg"
        scheduler = Scheduler(
            schedule,
            LocalRunner(project_dir, Path(self.settings.get("STATE_DIR", ".state"))),
            lambda target: ScrapydClient(resolve_target(target, scrapy_cfg, project)),
        )
        if not opts.once:
            try:
                scheduler.run_forever()
            except KeyboardInterrupt:
                running = len(scheduler.running)
                print(f"schedule: stopped ({running} local crawl(s) keep running)", file=sys.stderr)
            return
        jobs = list(schedule.jobs) if opts.job else scheduler.due(scheduler.now())
        if not jobs:
            print(f"schedule: nothing due at {scheduler.now():%Y-%m-%d %H:%M %Z}", file=sys.stderr)
        results = scheduler.run_once(jobs)
        worst = scheduler.wait()
        failed = any(r.outcome is Outcome.FAILED for r in results)
        self.exitcode = 1 if failed or worst else 0

    def _check(self, job: Job, project_dir: Path) -> None:
        """Reject a job whose spider, arguments or target cannot work."""
        assert self.crawler_process is not None
        try:
            spidercls = self.crawler_process.spider_loader.load(job.spider)
        except KeyError:
            raise ValueError(f"spider: no spider named {job.spider!r}") from None
        validate = getattr(spidercls, "validate_arguments", None)
        if validate is not None:
            assert self.settings is not None
            settings = self.settings.copy()
            settings.setdict(job.settings, priority="cmdline")
            validate(dict(job.args), settings)
        for target in job.nodes:
            check_target(target, project_dir / "scrapy.cfg")

    def _print_list(self, schedule: Schedule) -> None:
        now = datetime.now(schedule.timezone)
        rows = [("JOB", "SPIDER", "TARGET", "CRON", f"NEXT RUN ({schedule.timezone.key})")]
        for job in schedule.jobs:
            when = f"{job.next_run(now):%Y-%m-%d %H:%M}" if job.enabled else "disabled"
            rows.append((job.name, job.spider, ",".join(job.nodes), job.cron, when))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())

    def _print_crontab(
        self, schedule: Schedule, project_dir: Path, opts: argparse.Namespace
    ) -> None:
        file_opt = f" --file {shlex.quote(str(Path(opts.file).resolve()))}" if opts.file else ""
        print(f"# {schedule.path}: times are in {schedule.timezone.key}.")
        print("# Scrapyd targets read their credentials from the environment: set them above.")
        print(f"CRON_TZ={schedule.timezone.key}")
        command = f"cd {shlex.quote(str(project_dir))} && {shlex.quote(sys.executable)} -m scrapy"
        for job in schedule.jobs:
            prefix = "" if job.enabled else "# (disabled) "
            print(f"{prefix}{job.cron} {command} schedule --once --job {job.name}{file_opt}")
