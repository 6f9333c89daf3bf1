"""Scheduled crawls: ``settings/schedule.toml`` run by ``scrapy schedule``."""

from crawler.scheduling.client import ScrapydClient, ScrapydError
from crawler.scheduling.jobs import Job, Schedule, ScheduleError, load_schedule
from crawler.scheduling.local import Busy, LocalRunner
from crawler.scheduling.scheduler import Dispatch, Outcome, Scheduler
from crawler.scheduling.targets import ScrapydTarget, TargetError, resolve_target

__all__ = [
    "Busy",
    "Dispatch",
    "Job",
    "LocalRunner",
    "Outcome",
    "Schedule",
    "ScheduleError",
    "Scheduler",
    "ScrapydClient",
    "ScrapydError",
    "ScrapydTarget",
    "TargetError",
    "load_schedule",
    "resolve_target",
]
