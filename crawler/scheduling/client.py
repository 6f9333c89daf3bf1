"""A small Scrapyd JSON API client (schedule.json, listjobs.json) with basic auth."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from crawler.scheduling.targets import ScrapydTarget


class ScrapydError(RuntimeError):
    """Scrapyd refused a call or could not be reached."""


class ScrapydClient:
    """The calls the scheduler needs, against one target."""

    def __init__(self, target: ScrapydTarget, timeout: float = 30.0) -> None:
        self.target = target
        self.timeout = timeout

    def active_jobs(self, spider: str) -> list[dict[str, Any]]:
        """Pending and running jobs of ``spider`` in the target's project."""
        data = self._call("listjobs.json", {"project": self.target.project})
        return [
            {**job, "state": state}
            for state in ("pending", "running")
            for job in data.get(state, [])
            if job.get("spider") == spider
        ]

    def schedule(
        self,
        spider: str,
        args: Mapping[str, str],
        settings: Mapping[str, str],
        jobid: str | None = None,
    ) -> str:
        """Queue a run (with ``jobid`` if given); returns Scrapyd's job id."""
        fields = [("project", self.target.project), ("spider", spider)]
        if jobid:
            fields.append(("jobid", jobid))
        fields += [("setting", f"{name}={value}") for name, value in settings.items()]
        fields += list(args.items())
        data = self._call("schedule.json", fields=fields)
        return str(data["jobid"])

    def _call(
        self,
        endpoint: str,
        query: Mapping[str, str] | None = None,
        fields: list[tuple[str, str]] | None = None,
    ) -> dict[str, Any]:
        url = self.target.url + endpoint
        if query:
            url += "?" + urllib.parse.urlencode(query)
        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(url, data=body)
        if self.target.username:
            token = f"{self.target.username}:{self.target.password}".encode()
            request.add_header("Authorization", "Basic " + base64.b64encode(token).decode())
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data: dict[str, Any] = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            hint = " (check the target's username and password)" if exc.code == 401 else ""
            raise ScrapydError(f"{url}: HTTP {exc.code} {exc.reason}{hint}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ScrapydError(f"{url}: cannot reach Scrapyd: {reason}") from None
        except ValueError:
            raise ScrapydError(f"{url}: not a JSON answer; is this a Scrapyd server?") from None
        if data.get("status") != "ok":
            raise ScrapydError(f"{url}: {data.get('message', data)}")
        return data
