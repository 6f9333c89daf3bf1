"""The schedule file (``settings/schedule.toml``): named jobs, each a spider with
a cron expression, spider arguments, settings and a target.

Errors name the file and the job, so a typo never reaches a crawl.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

LOCAL = "local"
DUE_WINDOW = timedelta(seconds=60)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SETTING = re.compile(r"^[A-Z][A-Z0-9_]*$")
_JOB_KEYS = frozenset(
    {"name", "spider", "cron", "target", "targets", "args", "settings", "enabled"}
)


class ScheduleError(ValueError):
    """The schedule file is missing or malformed."""


@dataclass(frozen=True)
class Job:
    """One scheduled crawl."""

    name: str
    spider: str
    cron: str
    target: str = LOCAL
    args: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    enabled: bool = True
    # Several Scrapyd nodes crawling one run together (``targets = [...]``); else (target,).
    targets: tuple[str, ...] = ()

    @property
    def nodes(self) -> tuple[str, ...]:
        """Every target a run of this job starts on."""
        return self.targets or (self.target,)

    def next_run(self, after: datetime) -> datetime:
        """The first run time strictly after ``after`` (in ``after``'s time zone)."""
        return croniter(self.cron, after).get_next(datetime)  # type: ignore[no-any-return]

    def is_due(self, now: datetime, window: timedelta = DUE_WINDOW) -> bool:
        """A run time falls in ``(now - window, now]``."""
        return self.next_run(now - window) <= now


@dataclass(frozen=True)
class Schedule:
    """The jobs of one schedule file; times are in ``timezone``."""

    path: Path
    timezone: ZoneInfo
    jobs: tuple[Job, ...]

    def job(self, name: str) -> Job:
        for job in self.jobs:
            if job.name == name:
                return job
        known = ", ".join(j.name for j in self.jobs) or "none"
        raise ScheduleError(f"{self.path}: no job named '{name}' (jobs: {known})")


def load_schedule(path: Path, check: Callable[[Job], None] | None = None) -> Schedule:
    """Read and validate ``path``; ``check`` may reject a job (raise ValueError)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScheduleError(f"{path}: no such schedule file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScheduleError(f"{path}: {exc}") from None
    return parse_schedule(data, path, check)


def parse_schedule(
    data: Mapping[str, Any], path: Path, check: Callable[[Job], None] | None = None
) -> Schedule:
    unknown = sorted(set(data) - {"timezone", "jobs"})
    if unknown:
        raise ScheduleError(f"{path}: unknown top-level key(s): {', '.join(unknown)}")
    try:
        timezone = ZoneInfo(str(data.get("timezone", "UTC")))
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"{path}: unknown timezone {data.get('timezone')!r}") from None
    raw_jobs = data.get("jobs", [])
    if not isinstance(raw_jobs, list):
        raise ScheduleError(f"{path}: declare jobs as [[jobs]] tables")
    jobs: list[Job] = []
    for index, raw in enumerate(raw_jobs, 1):
        if not isinstance(raw, dict):
            raise ScheduleError(f"{path}: job #{index} must be a [[jobs]] table")
        label = raw.get("name") if isinstance(raw.get("name"), str) else f"#{index}"
        where = f"{path}: job '{label}'"
        try:
            job = _parse_job(raw)
            if check is not None:
                check(job)
        except ValueError as exc:
            raise ScheduleError(f"{where}: {exc}") from None
        if any(j.name == job.name for j in jobs):
            raise ScheduleError(f"{where}: the name is used twice")
        jobs.append(job)
    return Schedule(path, timezone, tuple(jobs))


def _parse_job(raw: Mapping[str, Any]) -> Job:
    unknown = sorted(set(raw) - _JOB_KEYS)
    if unknown:
        known = ", ".join(sorted(_JOB_KEYS))
        raise ValueError(f"unknown key(s) {', '.join(unknown)} (known: {known})")
    for key in ("name", "spider", "cron"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ValueError(f"'{key}' is required (a string)")
    name = raw["name"].strip()
    if not _NAME.match(name):
        raise ValueError("name: letters, digits, '.', '_' and '-' only")
    cron = " ".join(raw["cron"].split())
    if not croniter.is_valid(cron):
        raise ValueError(f"cron: not a cron expression: {cron!r} (e.g. '17 */6 * * *')")
    target = raw.get("target", LOCAL)
    if not isinstance(target, str) or not target.strip():
        raise ValueError("target: 'local', 'scrapyd:<deploy target>' or a Scrapyd URL")
    targets: tuple[str, ...] = ()
    if "targets" in raw:
        if "target" in raw:
            raise ValueError("give 'target' (one node) or 'targets' (several), not both")
        many = raw["targets"]
        if (
            not isinstance(many, list)
            or len(many) < 2
            or not all(isinstance(t, str) and t.strip() for t in many)
        ):
            raise ValueError(
                'targets: a list of two or more Scrapyd targets, e.g. ["scrapyd:n1", "scrapyd:n2"]'
            )
        targets = tuple(t.strip() for t in many)
        if LOCAL in targets:
            raise ValueError("targets: Scrapyd nodes only ('local' runs one process)")
        if len(set(targets)) != len(targets):
            raise ValueError("targets: a node is named twice")
        target = targets[0]
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ValueError("enabled: true or false")
    settings = _table(raw, "settings")
    bad = [k for k in settings if not _SETTING.match(k)]
    if bad:
        raise ValueError(f"settings: names are UPPER_CASE, got {', '.join(bad)}")
    return Job(
        name=name,
        spider=raw["spider"].strip(),
        cron=cron,
        target=target.strip(),
        args=_table(raw, "args"),
        settings=settings,
        enabled=enabled,
        targets=targets,
    )


def _table(raw: Mapping[str, Any], key: str) -> dict[str, str]:
    """A TOML table as command-line strings: lists comma-joined, tables as JSON."""
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f'{key}: must be a table, e.g. {key} = {{ NAME = "value" }}')
    return {str(k): _text(v) for k, v in value.items()}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)
