"""Spidermon suites: the run checks, and the alerts that reach people when one fails.

``RunMonitorSuite`` (``SPIDERMON_ENGINE_STOP_MONITORS``) runs once per crawl,
after the run report is written: one monitor per check of
crawler.extensions.monitors.check_report, then, if any failed, one e-mail
(ALERT_EMAIL_*) and one webhook post (ALERT_WEBHOOK_*) for the whole run.
"""

from __future__ import annotations

from crawler.monitors.actions import EmailAlert, WebhookAlert
from crawler.monitors.checks import RunChecks
from crawler.monitors.suites import RunMonitorSuite

__all__ = ["EmailAlert", "RunChecks", "RunMonitorSuite", "WebhookAlert"]
