"""A shared crawl frontier in Redis: several workers (processes, machines) crawl as one.

One setting switches it on: ``FRONTIER_URL=redis://host:6379/0``.  Unset, the
crawl uses Scrapy's own scheduler as before.  Set, the Frontier add-on
(crawler.frontier.addon) installs:

- FrontierScheduler (scheduler.py): scrapy-redis's scheduler with a reliable
  queue, per-run keys, worker heartbeats and an exit rule that waits for the
  whole run (run.py says what is kept in Redis and how);
- FrontierDupeFilter (dupefilter.py): the run's request dedup, by the project's
  REQUEST_FINGERPRINTER_CLASS;
- FrontierStartMiddleware (middlewares.py): only the run's first worker seeds
  the start requests;
- SharedDelayMiddleware (middlewares.py): the site's download delay holds
  across all workers (a next-allowed-time per site in Redis).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.settings import BaseSettings

SCHEMES = ("redis", "rediss", "unix")


class FrontierConfigError(ValueError):
    """A FRONTIER_* setting that cannot work; the message names it."""


@dataclass(frozen=True)
class FrontierConfig:
    """The FRONTIER_* settings, checked."""

    url: str
    run: str = ""
    prefix: str = "newscrawler"
    heartbeat: float = 0.5
    worker_timeout: float = 30.0
    idle_grace: float = 3.0
    run_ttl: float = 7 * 86400
    shared_delay: bool = True

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> FrontierConfig:
        url = str(settings.get("FRONTIER_URL") or "").strip()
        scheme = urlsplit(url).scheme
        if scheme not in SCHEMES:
            raise FrontierConfigError(
                f"FRONTIER_URL must be a redis://host:port/db URL (or rediss://, unix://), "
                f"got {redact(url)!r}"
            )
        numbers: dict[str, float] = {}
        for name, attr, least in (
            ("FRONTIER_HEARTBEAT", "heartbeat", 0.05),
            ("FRONTIER_WORKER_TIMEOUT", "worker_timeout", 1.0),
            ("FRONTIER_IDLE_GRACE", "idle_grace", 0.0),
            ("FRONTIER_RUN_TTL", "run_ttl", 60.0),
        ):
            raw = settings.get(name, getattr(cls, attr))
            try:
                numbers[attr] = float(raw)
            except (TypeError, ValueError):
                numbers[attr] = least - 1
            if numbers[attr] < least:
                raise FrontierConfigError(
                    f"{name} must be a number of seconds >= {least}, got {raw!r}"
                )
        if numbers["worker_timeout"] <= 2 * numbers["heartbeat"]:
            raise FrontierConfigError(
                "FRONTIER_WORKER_TIMEOUT must be more than twice FRONTIER_HEARTBEAT, got "
                f"{numbers['worker_timeout']:g} and {numbers['heartbeat']:g}"
            )
        run = str(settings.get("FRONTIER_RUN") or settings.get("STATE_RUN_ID") or "").strip()
        return cls(
            url=url,
            run=run,
            prefix=str(settings.get("FRONTIER_KEY_PREFIX") or "newscrawler"),
            shared_delay=settings.getbool("FRONTIER_SHARED_DELAY", True),
            **numbers,
        )

    @property
    def url_for_log(self) -> str:
        return redact(self.url)


def enabled(settings: BaseSettings) -> bool:
    """Whether FRONTIER_URL asks for the shared frontier."""
    return bool(str(settings.get("FRONTIER_URL") or "").strip())


def redact(url: str) -> str:
    """``url`` without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


def connect(url: str) -> Any:
    """A Redis client for ``url`` (bytes in, bytes out), checked with a PING."""
    import redis  # noqa: PLC0415  (only a crawl with a frontier needs it)

    try:
        server = redis.Redis.from_url(
            url, socket_timeout=30, socket_connect_timeout=10, retry_on_timeout=True
        )
        server.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise FrontierConfigError(
            f"FRONTIER_URL: cannot use Redis at {redact(url)}: {exc}"
        ) from None
    return server


def check(settings: BaseSettings) -> None:
    """Raise FrontierConfigError when FRONTIER_* settings are set but cannot work."""
    if enabled(settings):
        connect(FrontierConfig.from_settings(settings).url).close()
