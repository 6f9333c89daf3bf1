"""Alerts reach people: one e-mail (a real SMTP server) and one webhook post (a real HTTP
receiver) per failed run, naming what failed and where the report and log are.

Each run is a real `scrapy crawl asianlite` with politeness off; the SMTP server
(aiosmtpd) and the webhook receiver listen on 127.0.0.1, started by the tests.
"""

from __future__ import annotations

import email
import json
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from crawler.extensions.monitors import CHECKS, RunContext
from crawler.extensions.report import build_report
from tests.crawling import REPO, crawl, crawl_command
from tests.replica import Replica
from tests.test_crawl_failures import free_port

TOP = ("-a", "categories=top-news", "-a", "max_pages=1")


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


@dataclass
class Webhook:
    """What a local HTTP receiver got: (path, headers, JSON body) per POST."""

    url: str
    status: list[int]
    posts: list[tuple[str, dict[str, str], Any]] = field(default_factory=list)


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook(url="", status=[200])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            hook.posts.append((self.path, dict(self.headers), json.loads(body)))
            self.send_response(hook.status[0])
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if hook.status[0] == 200 else b"no")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/services/T000/B000/s3cr3t"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


def alerts(smtp_port: int, hook_url: str) -> tuple[str, ...]:
    return (
        *(
            "-s",
            "ALERT_EMAIL_ENABLED=True",
            "-s",
            "ALERT_EMAIL_TO=ops@example.com,oncall@example.com",
        ),
        *("-s", "ALERT_EMAIL_SMTP_HOST=127.0.0.1", "-s", f"ALERT_EMAIL_SMTP_PORT={smtp_port}"),
        *("-s", "ALERT_EMAIL_FROM=crawler@example.com", "-s", "ALERT_TIMEOUT=5"),
        *("-s", "ALERT_WEBHOOK_ENABLED=True", "-s", f"ALERT_WEBHOOK_URL={hook_url}"),
    )


def report_in(state: Path) -> tuple[Path, dict[str, Any]]:
    path = next((state / "reports").glob("*.json"))
    return path, json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.e2e
def test_a_failed_run_sends_one_email_and_one_webhook_post(
    inbox: tuple[Inbox, int], webhook: Webhook, tmp_path: Path
) -> None:
    handler, port = inbox
    dead = f"http://127.0.0.1:{free_port()}"
    state, log = tmp_path / "state", tmp_path / "crawl.log"
    result = crawl(
        dead,
        state,
        tmp_path / "out.jsonl",
        *TOP,
        *("-s", "RETRY_TIMES=0", "-s", f"LOG_FILE={log}"),
        *alerts(port, webhook.url),
    )
    assert result.returncode == 1, result.stderr[-3000:]
    report_path, report = report_in(state)
    failures = [
        "no new article has ever been written by this spider",
        "no page was fetched (2 URLs attempted, all failed)",
        "error rate 100.0% is above 20.0% (2 of 2 URLs failed after retries)",
    ]
    assert report["monitors"]["failures"] == failures

    assert len(handler.messages) == 1, "one e-mail per failed run"
    message = handler.messages[0]
    assert handler.recipients[0] == ["ops@example.com", "oncall@example.com"]
    assert message["From"] == "crawler@example.com"
    assert message["Subject"].startswith("[newscrawler] asianlite failed 3 checks on ")
    text = message.get_content().replace("\r\n", "\n")
    for failure in failures:
        assert f"- {failure}\n" in text
    assert f"Report: {report_path}\n" in text
    assert f"Log: {log}\n" in text

    assert len(webhook.posts) == 1, "one webhook post per failed run"
    path, headers, body = webhook.posts[0]
    assert path == "/services/T000/B000/s3cr3t"
    assert headers["Content-Type"] == "application/json"
    assert list(body) == ["text"]  # Slack's incoming-webhook shape
    assert body["text"].startswith(message["Subject"] + "\n")
    assert f"Report: {report_path}" in body["text"] and failures[1] in body["text"]

    logged = log.read_text(encoding="utf-8")
    assert "Alert sent: e-mail to ops@example.com, oncall@example.com" in logged
    assert f"Alert sent: webhook http://127.0.0.1:{webhook.url.split(':')[2].split('/')[0]}" in (
        logged
    )
    assert "s3cr3t" not in logged  # the webhook's secret path never reaches the log


@pytest.mark.e2e
def test_a_healthy_run_sends_nothing(
    inbox: tuple[Inbox, int], webhook: Webhook, small_replica: tuple[Replica, str], tmp_path: Path
) -> None:
    handler, port = inbox
    result = crawl(
        small_replica[1],
        tmp_path / "state",
        tmp_path / "out.jsonl",
        *TOP,
        *alerts(port, webhook.url),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert handler.messages == [] and webhook.posts == []
    _, report = report_in(tmp_path / "state")
    assert report["monitors"]["failed"] == 0
    assert {check["status"] for check in report["monitors"]["checks"]} == {"passed"}


@pytest.mark.e2e
def test_unreachable_channels_are_one_line_each_and_the_run_ends_as_before(
    webhook: Webhook, tmp_path: Path
) -> None:
    webhook.status[0] = 500
    dead = f"http://127.0.0.1:{free_port()}"
    smtp_down = free_port()  # nothing listens there
    state = tmp_path / "state"
    result = crawl(
        dead,
        state,
        tmp_path / "out.jsonl",
        *TOP,
        "-s",
        "RETRY_TIMES=0",
        *alerts(smtp_down, webhook.url),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    not_sent = [line for line in result.stderr.splitlines() if "Alert not sent" in line]
    assert len(not_sent) == 2, not_sent
    assert not_sent[0].endswith(
        f"ERROR: Alert not sent: e-mail to ops@example.com, oncall@example.com via "
        f"127.0.0.1:{smtp_down}: [Errno 111] Connection refused"
    )
    assert "Alert not sent: webhook http://127.0.0.1:" in not_sent[1]
    assert not_sent[1].endswith("HTTP 500 Internal Server Error")
    assert len(webhook.posts) == 1
    assert "Monitor failed: no page was fetched" in result.stderr
    assert "Spider closed (finished)" in result.stderr
    _, report = report_in(state)
    assert report["monitors"]["failed"] == 3


@pytest.mark.e2e
def test_an_output_that_fails_when_saved_is_alerted(
    inbox: tuple[Inbox, int], webhook: Webhook, small_replica: tuple[Replica, str], tmp_path: Path
) -> None:
    """An upload refused at the very end still reaches the report, the monitors and people."""
    handler, port = inbox
    state = tmp_path / "state"
    uri = f"ftp://user:secret@127.0.0.1:{free_port()}/out.jsonl"
    command = crawl_command(small_replica[1], state, *TOP, "-O", uri, *alerts(port, webhook.url))
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 1
    _, report = report_in(state)
    assert report["output_failed"] and "Connection refused" in report["output_failed"]
    assert report["outputs"] == [
        {"uri": uri.replace("user:secret@", "***@"), "format": "jsonl", "records": 10}
    ]
    assert len(handler.messages) == 1 and len(webhook.posts) == 1
    text = handler.messages[0].get_content().replace("\r\n", "\n")
    assert "- the output was not saved (could not save" in text
    assert "secret" not in text and "secret" not in json.dumps(webhook.posts[0][2])


@pytest.mark.e2e
def test_a_channel_that_is_on_but_incomplete_stops_the_crawl_before_it_starts(
    tmp_path: Path,
) -> None:
    result = crawl(
        f"http://127.0.0.1:{free_port()}",
        tmp_path / "state",
        tmp_path / "out.jsonl",
        *("-s", "ALERT_EMAIL_ENABLED=True"),
    )
    assert result.returncode == 1
    assert "could not start" in result.stderr
    assert "ALERT_EMAIL_ENABLED is on but ALERT_EMAIL_TO names nobody" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "state" / "reports").exists()


class WithANewCheck(RunContext):
    """check_report as it will be once someone adds a check (say, robots.txt answering 503)."""

    def failures(self) -> list[str]:
        return ["robots.txt answered 503: the site may be down", *super().failures()]


def context(cls: type[RunContext], **stats: Any) -> RunContext:
    report = build_report(
        {"urls/attempted": 4, "urls/fetched": 0, "failed/listing": 4, **stats}, "asianlite"
    )
    now = datetime.now(UTC)
    return cls(
        spider="asianlite",
        report=report,
        report_path=None,
        log_file=None,
        last_new=now - timedelta(hours=1),
        now=now,
        max_silence=timedelta(hours=48),
        min_coverage={"body": 1.0},
        max_error_rate=0.2,
    )


def test_each_failure_of_check_report_fails_exactly_one_monitor() -> None:
    run = context(RunContext)
    checks = run.checks()
    assert list(checks) == list(CHECKS)
    assert checks["fetch"] == [
        "no page was fetched (4 URLs attempted, all failed)",
        "error rate 100.0% is above 20.0% (4 of 4 URLs failed after retries)",
    ]
    assert [f for found in checks.values() for f in found] == run.failures()
    # A check added to check_report without its own monitor still fails the run.
    newer = context(WithANewCheck).checks()
    assert newer["other"] == ["robots.txt answered 503: the site may be down"]
    assert newer["fetch"] == checks["fetch"]
