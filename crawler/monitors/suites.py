"""The suite that judges each finished run and alerts people when it failed."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from scrapy.exceptions import NotConfigured
from spidermon import MonitorSuite

from crawler.monitors.actions import EmailAlert, WebhookAlert
from crawler.monitors.checks import RunChecks

logger = logging.getLogger(__name__)


class RunMonitorSuite(MonitorSuite):  # type: ignore[misc]
    """The run checks; when any fails, one e-mail and one webhook post for the run.

    An alert channel that is off (``ALERT_EMAIL_ENABLED``, ``ALERT_WEBHOOK_ENABLED``)
    raises NotConfigured and is left out; one that is on but incomplete stops
    the crawl before it starts.
    """

    monitors: ClassVar[list[Any]] = [RunChecks]
    monitors_failed_actions: ClassVar[list[Any]] = [EmailAlert, WebhookAlert]

    def _add_action(self, action: Any, target_actions_list: list[Any]) -> None:
        try:
            super()._add_action(action, target_actions_list)
        except NotConfigured as exc:
            logger.debug("%s is off: %s", getattr(action, "__name__", action), exc)
