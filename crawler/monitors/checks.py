"""The run report's checks as spidermon monitors, one per check of check_report."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from spidermon import Monitor, monitors

from crawler.extensions.monitors import CHECKS, WORKER_CHECKS, RunContext

F = TypeVar("F", bound=Callable[..., object])


def named(name: str) -> Callable[[F], F]:
    """spidermon's ``monitors.name``, typed."""
    decorator: Callable[[F], F] = monitors.name(name)
    return decorator


def check(key: str) -> Callable[[F], F]:
    """The monitor of one check: its name, and its place in check_report's order."""

    def decorate(method: F) -> F:
        ordered: F = monitors.order(list(CHECKS).index(key) + 1)(method)
        return named(CHECKS[key])(ordered)

    return decorate


@named("run")
class RunChecks(Monitor):  # type: ignore[misc]
    """check_report on the finished run's report: each check passes or fails with its reasons.

    A failure's message is the check's sentences, one per line.
    """

    def _judge(self, check: str) -> None:
        run: RunContext | None = self.data.get("run")
        if run is None:
            self.skipTest("no run to judge")
            return
        if run.deferred and check not in WORKER_CHECKS:
            self.skipTest("judged on the run's combined report, by its last worker")
            return
        failures = run.checks()[check]
        if failures:
            self.fail("\n".join(failures))

    @check("output")
    def test_output(self) -> None:
        """The feed files were written and stored (no ``output_failed``)."""
        self._judge("output")

    @check("schema")
    def test_schema(self) -> None:
        """Every record written matches crawler/schema/article.json."""
        self._judge("schema")

    @check("silence")
    def test_silence(self) -> None:
        """A new article within MONITOR_MAX_SILENCE_HOURS."""
        self._judge("silence")

    @check("coverage")
    def test_coverage(self) -> None:
        """Field coverage of written articles at least MONITOR_MIN_COVERAGE."""
        self._judge("coverage")

    @check("fetch")
    def test_fetch(self) -> None:
        """robots.txt allows the crawl, some page was fetched, error rate within limits."""
        self._judge("fetch")

    @check("markup")
    def test_markup(self) -> None:
        """Listings link articles and article pages can be extracted."""
        self._judge("markup")

    @check("other")
    def test_other(self) -> None:
        """Any check of check_report that none of the monitors above covers."""
        self._judge("other")
