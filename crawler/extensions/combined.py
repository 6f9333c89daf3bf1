"""One run report for a run crawled by several workers (a shared frontier or state).

Each worker writes its own report (crawler.extensions.report) and hands it to
the shared state (``StateStore.publish_report``); the run's last live worker
gets them all and writes the *combined* report: counts summed, failed URLs
united, coverage and error rate recomputed from the sums, the run's span from
the first start to the last finish.  The monitors judge the run on it (the
other workers judge only what is theirs alone: their output and its schema),
so a worker that found the queue empty is no failed run.  ``scrapy runs``
shows a combined run as one row in place of its workers' reports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

# Report fields that are counts: summed over the workers.
_SUMMED = (
    "requests",
    "pages_fetched",
    "not_modified",
    "error_count",
    "urls_attempted",
    "urls_fetched",
    "urls_failed",
    "urls_forbidden",
    "pages_failed",
    "listing_pages_parsed",
    "article_links_found",
    "article_links_too_old",
    "article_pages_parsed",
    "article_pages_unextracted",
)


def _add(total: dict[str, int], part: dict[str, Any]) -> dict[str, int]:
    for name, value in part.items():
        total[name] = total.get(name, 0) + int(value or 0)
    return total


def _when(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def combine_reports(entries: list[dict[str, Any]], lost: list[str]) -> dict[str, Any]:
    """The run's report from its workers' (``publish_report`` entries) and the lost workers."""
    reports = [entry["report"] for entry in entries]
    first = reports[0]
    combined: dict[str, Any] = {key: first.get(key) for key in ("spider", "arguments", "settings")}
    for key in _SUMMED:
        combined[key] = sum(int(report.get(key) or 0) for report in reports)
    articles = [report.get("articles") or {} for report in reports]
    combined["articles"] = {
        "new": sum(int(a.get("new", 0)) for a in articles),
        "updated": sum(int(a.get("updated", 0)) for a in articles),
        "duplicate": sum(int(a.get("duplicate", 0)) for a in articles),
        "dropped": {},
    }
    combined["errors"], combined["download_exceptions"] = {}, {}
    combined["invalid_records"] = {"count": 0, "fields": {}}
    combined["discovery"] = {}
    combined["coverage"] = {}
    failed_urls: dict[str, dict[str, Any]] = {}
    robots: dict[str, dict[str, Any]] = {}
    written = 0
    coverage: dict[str, float] = {}
    for report, counts in zip(reports, articles, strict=True):
        _add(combined["articles"]["dropped"], counts.get("dropped") or {})
        _add(combined["errors"], report.get("errors") or {})
        _add(combined["download_exceptions"], report.get("download_exceptions") or {})
        invalid = report.get("invalid_records") or {}
        combined["invalid_records"]["count"] += int(invalid.get("count", 0))
        _add(combined["invalid_records"]["fields"], invalid.get("fields") or {})
        for source, figures in (report.get("discovery") or {}).items():
            _add(combined["discovery"].setdefault(source, {}), figures)
        for entry in report.get("failed_urls") or []:
            failed_urls.setdefault(str(entry.get("url")), entry)
        for entry in report.get("robots_unreachable") or []:
            robots.setdefault(str(entry.get("url")), entry)
        n = int(counts.get("new", 0)) + int(counts.get("updated", 0))
        written += n
        for field, share in (report.get("coverage") or {}).items():
            coverage[field] = coverage.get(field, 0.0) + (share or 0.0) * n
            combined["coverage"].setdefault(field, None)
    for field, covered in coverage.items():
        combined["coverage"][field] = round(covered / written, 4) if written else None
    combined["failed_urls"] = list(failed_urls.values())
    combined["robots_unreachable"] = list(robots.values())
    attempted = combined["urls_attempted"]
    lost_pages = combined["urls_failed"] + combined["pages_failed"]
    combined["error_rate"] = round(lost_pages / attempted, 4) if attempted else None
    starts = [s for s in (_when(r.get("started")) for r in reports) if s]
    ends = [e for e in (_when(r.get("finished")) for r in reports) if e]
    combined["started"] = min(starts).isoformat() if starts else None
    combined["finished"] = max(ends).isoformat() if ends else None
    combined["duration_seconds"] = (
        round((max(ends) - min(starts)).total_seconds(), 3) if starts and ends else 0.0
    )
    reasons = {str(r.get("finish_reason")) for r in reports}
    combined["finish_reason"] = (
        "finished" if reasons == {"finished"} else ", ".join(sorted(reasons))
    )
    failures = [str(r["output_failed"]) for r in reports if r.get("output_failed")]
    combined["output_failed"] = "; ".join(failures) or None
    combined["outputs"] = [output for r in reports for output in r.get("outputs") or []]
    combined["run"] = {
        "id": (first.get("run") or {}).get("id"),
        "combined": True,
        "workers": [
            {
                "worker": entry["worker"],
                "host": entry["host"],
                "pid": entry["pid"],
                "report": (entry["report"].get("run") or {}).get("report"),
                "pages_fetched": entry["report"].get("pages_fetched"),
                "new": (entry["report"].get("articles") or {}).get("new"),
            }
            for entry in entries
        ],
        "lost": lost,
    }
    combined["monitors"] = None
    return combined
