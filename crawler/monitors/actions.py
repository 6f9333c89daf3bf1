"""Alerts: one message per failed run, by e-mail (SMTP) and by webhook (Slack-style JSON).

Each is a spidermon action of RunMonitorSuite, run only when a monitor failed.
The message says which spider failed which checks, on which host, with the
run's figures and the paths of its report and log.  A channel that cannot be
reached (SMTP server down, webhook answering 500) is one ``Alert not sent: ...``
ERROR line and ``alerts/failed/<channel>`` in the stats; the run goes on to
its end and exit code as before.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import socket
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from spidermon.core.actions import Action

from crawler.extensions.monitors import RunContext

logger = logging.getLogger(__name__)
TLS_MODES = ("none", "starttls", "ssl")


class AlertConfigError(ValueError):
    """An alert channel is on but cannot work as configured."""


class AlertNotSent(RuntimeError):
    """The channel did not take the message."""


def alert_text(run: RunContext, bot: str = "newscrawler") -> tuple[str, str]:
    """(subject, body) of the alert for a failed run."""
    report = run.report
    failed = run.failed
    host = socket.gethostname()
    checks = "check" if len(failed) == 1 else "checks"
    subject = f"[{bot}] {run.spider} failed {len(failed)} {checks} on {host}"
    articles = report.get("articles", {})
    lines = [
        f"The {run.spider} crawl on {host} failed {len(failed)} {checks}:",
        *(f"- {failure}" for failure in failed),
        "",
        f"Run: started {report.get('started') or '?'}, "
        f"{float(report.get('duration_seconds') or 0):.0f} s, "
        f"finish reason {report.get('finish_reason') or '?'}",
        f"Articles: {articles.get('new', 0)} new, {articles.get('updated', 0)} updated; "
        f"URLs: {report.get('urls_failed', 0)} of {report.get('urls_attempted', 0)} failed",
    ]
    if report.get("job"):
        lines.append(f"Scrapyd job: {report['job']}")
    lines += [
        f"Report: {run.report_path or 'not written (REPORT_ENABLED is off)'}",
        f"Log: {run.log_file or 'standard error (no LOG_FILE)'}",
    ]
    return subject, "\n".join(lines) + "\n"


class _Alert(Action):  # type: ignore[misc]
    """Send one message for the run; a failure to send is one line, not a crash."""

    channel = ""

    def __init__(self, stats: StatsCollector | None, bot: str, timeout: float) -> None:
        super().__init__()
        self.stats = stats
        self.bot = bot
        self.timeout = timeout
        self.failure: str | None = None  # why the last send failed, for the log line

    def run_action(self) -> None:
        run: RunContext | None = self.data.get("run")
        if run is None:
            return
        subject, text = alert_text(run, self.bot)
        try:
            target = self.send(subject, text)
        except (OSError, smtplib.SMTPException) as exc:
            self.failure = f"{self.describe()}: {_reason(exc)}"
            self._count("failed")
            raise AlertNotSent(self.failure) from None
        self._count("sent")
        logger.info("Alert sent: %s", target)

    def _count(self, outcome: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"alerts/{outcome}/{self.channel}")

    def send(self, subject: str, text: str) -> str:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


class EmailAlert(_Alert):
    """An e-mail over SMTP to ALERT_EMAIL_TO."""

    channel = "email"

    def __init__(
        self,
        *,
        to: list[str],
        sender: str,
        host: str,
        port: int,
        user: str,
        password: str,
        tls: str,
        timeout: float,
        stats: StatsCollector | None = None,
        bot: str = "newscrawler",
    ) -> None:
        super().__init__(stats, bot, timeout)
        self.to, self.sender = to, sender
        self.host, self.port, self.user, self.password, self.tls = host, port, user, password, tls

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EmailAlert:
        settings = crawler.settings
        if not settings.getbool("ALERT_EMAIL_ENABLED"):
            raise NotConfigured("ALERT_EMAIL_ENABLED is off")
        to = settings.getlist("ALERT_EMAIL_TO")
        if not to:
            raise AlertConfigError("ALERT_EMAIL_ENABLED is on but ALERT_EMAIL_TO names nobody")
        host = settings.get("ALERT_EMAIL_SMTP_HOST") or ""
        if not host:
            raise AlertConfigError("ALERT_EMAIL_ENABLED is on but ALERT_EMAIL_SMTP_HOST is empty")
        tls = str(settings.get("ALERT_EMAIL_SMTP_TLS") or "none").lower()
        if tls not in TLS_MODES:
            raise AlertConfigError(
                f"ALERT_EMAIL_SMTP_TLS must be one of {', '.join(TLS_MODES)}, got {tls!r}"
            )
        password = settings.get("ALERT_EMAIL_SMTP_PASSWORD") or os.environ.get(
            "ALERT_EMAIL_SMTP_PASSWORD", ""
        )
        return cls(
            to=to,
            sender=settings.get("ALERT_EMAIL_FROM") or f"newscrawler@{socket.getfqdn()}",
            host=host,
            port=settings.getint("ALERT_EMAIL_SMTP_PORT", 25),
            user=settings.get("ALERT_EMAIL_SMTP_USER") or "",
            password=password,
            tls=tls,
            timeout=settings.getfloat("ALERT_TIMEOUT", 10.0),
            stats=crawler.stats,
            bot=settings.get("BOT_NAME") or "newscrawler",
        )

    def describe(self) -> str:
        return f"e-mail to {', '.join(self.to)} via {self.host}:{self.port}"

    def send(self, subject: str, text: str) -> str:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = ", ".join(self.to)
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(text)
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.tls == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.tls == "starttls":
                smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)
        return self.describe()


class WebhookAlert(_Alert):
    """A JSON POST ``{"text": ...}`` to ALERT_WEBHOOK_URL (a Slack incoming webhook, or any)."""

    channel = "webhook"

    def __init__(
        self,
        *,
        url: str,
        timeout: float,
        stats: StatsCollector | None = None,
        bot: str = "newscrawler",
    ) -> None:
        super().__init__(stats, bot, timeout)
        self.url = url

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WebhookAlert:
        settings = crawler.settings
        if not settings.getbool("ALERT_WEBHOOK_ENABLED"):
            raise NotConfigured("ALERT_WEBHOOK_ENABLED is off")
        url = settings.get("ALERT_WEBHOOK_URL") or os.environ.get("ALERT_WEBHOOK_URL", "")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise AlertConfigError(
                "ALERT_WEBHOOK_ENABLED is on but ALERT_WEBHOOK_URL is not an http(s) URL"
            )
        return cls(
            url=url,
            timeout=settings.getfloat("ALERT_TIMEOUT", 10.0),
            stats=crawler.stats,
            bot=settings.get("BOT_NAME") or "newscrawler",
        )

    def describe(self) -> str:
        # The URL's path is often its secret (Slack): name the host only.
        parts = urlsplit(self.url)
        return f"webhook {parts.scheme}://{parts.hostname}" + (
            f":{parts.port}" if parts.port else ""
        )

    def send(self, subject: str, text: str) -> str:
        body = json.dumps({"text": f"{subject}\n{text}"}).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            headers={"Content-Type": "application/json", "User-Agent": self.bot},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as answer:
            answer.read()
        return self.describe()


def _reason(exc: BaseException) -> str:
    """One line: why a send failed."""
    if isinstance(exc, smtplib.SMTPResponseException):
        message = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        return f"SMTP {exc.smtp_code} {message}"
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())
