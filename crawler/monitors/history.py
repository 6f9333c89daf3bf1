"""Run history from the run reports: a text table, and one self-contained HTML page.

The page needs no network: its CSS is inline and its charts are inline SVG
(articles per run, failures per run, duration over time), followed by the
latest run's details and the table of runs.  Hovering a bar or point shows
its figures (SVG ``<title>``).
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

NEW, UPDATED = "#2f6db5", "#8fb8e6"
URLS_FAILED, PAGES_FAILED, INVALID = "#c8372d", "#f0a03c", "#8a4fb0"
DURATION, FAILED_RUN = "#3b3b3b", "#c8372d"


@dataclass
class Run:
    """One run report, read back."""

    path: Path
    report: dict[str, Any]

    @property
    def spider(self) -> str:
        return str(self.report.get("spider") or "?")

    @property
    def workers(self) -> int:
        """How many workers a combined run report (crawler.extensions.combined) covers; else 1."""
        run = self.report.get("run")
        return len(run.get("workers") or []) if isinstance(run, dict) and run.get("combined") else 1

    @property
    def run_id(self) -> str | None:
        run = self.report.get("run")
        return str(run["id"]) if isinstance(run, dict) and run.get("id") else None

    @property
    def started(self) -> datetime | None:
        text = self.report.get("started")
        try:
            return datetime.fromisoformat(text) if text else None
        except ValueError:
            return None

    @property
    def duration(self) -> float:
        return float(self.report.get("duration_seconds") or 0.0)

    @property
    def new(self) -> int:
        return int(self.report.get("articles", {}).get("new", 0))

    @property
    def updated(self) -> int:
        return int(self.report.get("articles", {}).get("updated", 0))

    @property
    def dropped(self) -> dict[str, int]:
        return dict(self.report.get("articles", {}).get("dropped", {}))

    @property
    def failed(self) -> dict[str, int]:
        """Errors by kind: ``listing``, ``article``, ``article_extract``, ``spider_<Error>``..."""
        return {
            kind.removeprefix("failed_"): int(n)
            for kind, n in self.report.get("errors", {}).items()
            if n
        }

    @property
    def invalid(self) -> int:
        return int((self.report.get("invalid_records") or {}).get("count", 0))

    @property
    def monitors_failed(self) -> int | None:
        """Failed checks; None when the run had no monitors (or an older report)."""
        monitors = self.report.get("monitors")
        return int(monitors.get("failed", 0)) if isinstance(monitors, dict) else None

    @property
    def failures(self) -> list[str]:
        monitors = self.report.get("monitors")
        return list(monitors.get("failures", [])) if isinstance(monitors, dict) else []

    @property
    def verdict(self) -> str:
        failed = self.monitors_failed
        if failed is None:
            return "failed output" if self.report.get("output_failed") else "-"
        return "ok" if not failed else f"FAILED {failed}"


def load_runs(
    folder: Path, spider: str | None = None, last: int | None = None
) -> tuple[list[Run], list[str]]:
    """The runs under ``folder`` (oldest first), and one line per unreadable report."""
    runs: list[Run] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.json")):
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: not a run report ({exc})")
            continue
        if not isinstance(report, dict) or "articles" not in report:
            problems.append(f"{path}: not a run report")
            continue
        run = Run(path, report)
        if spider is None or run.spider == spider:
            runs.append(run)
    # A run of several workers is one row: its combined report replaces theirs.
    combined = {run.run_id for run in runs if run.workers > 1}
    runs = [run for run in runs if run.workers > 1 or run.run_id not in combined]
    runs.sort(key=lambda r: (r.started or datetime.min.replace(tzinfo=UTC), r.path.name))
    if last is not None:
        runs = runs[-last:] if last > 0 else []
    return runs, problems


def _when(run: Run) -> str:
    started = run.started
    return started.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if started else "?"


def duration_text(seconds: float) -> str:
    """A duration for people: 4.2s, 37s, 12m05s, 3h20m."""
    if seconds < 10:
        return f"{seconds:.1f}s"
    seconds = round(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if v) or "-"


TABLE_COLUMNS = (
    "started (UTC)",
    "spider",
    "duration",
    "new",
    "updated",
    "dropped",
    "failed",
    "monitors",
)


def table_rows(runs: Sequence[Run]) -> list[tuple[str, ...]]:
    """One row per run, newest first."""
    return [
        (
            _when(run),
            run.spider + (f" ({run.workers} workers)" if run.workers > 1 else ""),
            duration_text(run.duration),
            str(run.new),
            str(run.updated),
            _counts(run.dropped),
            _counts(run.failed),
            run.verdict,
        )
        for run in reversed(runs)
    ]


def text_table(runs: Sequence[Run]) -> str:
    """The runs as an aligned text table (numbers right-aligned), newest first."""
    rows = [TABLE_COLUMNS, *table_rows(runs)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_COLUMNS))]
    numeric = {2, 3, 4}
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


# -- charts (inline SVG) ---------------------------------------------------------------


def _axis(value: float, integer: bool) -> tuple[float, float]:
    """(step, maximum) of a y axis with about four round steps up to ``value``."""
    raw = max(value, 0) / 4
    step = 1.0 if integer else 0.1
    if raw > 0:
        power = 10.0 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
        if integer:
            step = max(step, 1.0)
    ticks = max(math.ceil(value / step - 1e-9), 1)
    return step, step * ticks


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


W, H = 370, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 42, 44


def _frame(
    title: str, axis: tuple[float, float], unit: str, legend: Iterable[tuple[str, str]]
) -> list[str]:
    """Title, legend, the y axis with its grid lines."""
    step, ymax = axis
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
        f'role="img" aria-label="{_esc(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{LEFT}" y="16" class="title">{_esc(title)}</text>',
    ]
    x = LEFT
    for name, color in legend:
        parts.append(
            f'<rect x="{x}" y="23" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="32" class="legend">{_esc(name)}</text>'
        )
        x += 6 * len(name) + 28
    plot_h = H - TOP - BOTTOM
    ticks = round(ymax / step)
    for i in range(ticks + 1):
        value = step * i
        y = TOP + plot_h - plot_h * i / ticks
        label = f"{value:g}{unit}" if value < 1000 else f"{value / 1000:g}k{unit}"
        parts.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{label}</text>'
        )
    return parts


def _time_format(runs: Sequence[Run]) -> str:
    """Labels as precise as the runs' spread needs."""
    stamps = [run.started for run in runs if run.started]
    span = (max(stamps) - min(stamps)).total_seconds() if stamps else 0.0
    if span < 3600:
        return "%H:%M:%S"
    if span < 3 * 86400:
        return "%m-%d %H:%M"
    return "%Y-%m-%d"


def _x_labels(runs: Sequence[Run], xs: Sequence[float]) -> list[str]:
    """A few times under the x axis, and a red mark under each run whose monitors failed."""
    parts = []
    fmt = _time_format(runs)
    base = H - BOTTOM
    room = 7 * len(datetime(2000, 1, 1).strftime(fmt)) + 8  # pixels a label needs
    last_label = -float("inf")
    for run, x in zip(runs, xs, strict=True):
        if run.monitors_failed or run.report.get("output_failed"):
            parts.append(
                f'<path d="M{x:.1f},{base + 4} l-4,7 h8 z" fill="{FAILED_RUN}" class="failed-run">'
                f"<title>{_esc(_when(run))}: {_esc('; '.join(run.failures) or 'failed')}</title>"
                "</path>"
            )
        if x - last_label >= room and LEFT + room / 2 - 20 <= x <= W - RIGHT - room / 2 + 12:
            last_label = x
            label = run.started.astimezone(UTC).strftime(fmt) if run.started else "?"
            parts.append(
                f'<text x="{x:.1f}" y="{base + 26}" class="axis" text-anchor="middle">'
                f"{label}</text>"
            )
    return parts


def bar_chart(
    title: str,
    runs: Sequence[Run],
    series: Sequence[tuple[str, str, Sequence[float]]],
    unit: str = "",
) -> str:
    """Stacked bars, one per run (oldest left)."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(runs))]
    axis = _axis(max(totals, default=0), integer=True)
    ymax = axis[1]
    parts = _frame(title, axis, unit, [(name, color) for name, color, _ in series])
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    slot = plot_w / max(len(runs), 1)
    bar = max(min(slot * 0.7, 40), 1.5)
    xs = [LEFT + slot * (i + 0.5) for i in range(len(runs))]
    for i, (run, x) in enumerate(zip(runs, xs, strict=True)):
        y = float(TOP + plot_h)
        tip = ", ".join(f"{name} {values[i]:g}" for name, _, values in series)
        for _name, color, values in series:
            height = plot_h * values[i] / ymax
            if height <= 0:
                continue
            y -= height
            parts.append(
                f'<rect class="bar" x="{x - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="{color}"><title>{_esc(_when(run))}: {_esc(tip)}'
                "</title></rect>"
            )
    parts += _x_labels(runs, xs)
    parts.append(
        f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" class="base"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str, runs: Sequence[Run], values: Sequence[float], unit: str, tips: Sequence[str]
) -> str:
    """A line over time: x is each run's start time, so gaps between runs show."""
    axis = _axis(max(values, default=0), integer=False)
    ymax = axis[1]
    parts = _frame(title, axis, unit, [("duration", DURATION)])
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    stamps = [run.started.timestamp() if run.started else float(i) for i, run in enumerate(runs)]
    first, last = min(stamps, default=0.0), max(stamps, default=0.0)
    span = last - first
    pad = plot_w * 0.04
    xs = [LEFT + pad + (plot_w - 2 * pad) * ((t - first) / span if span else 0.5) for t in stamps]
    ys = [TOP + plot_h - plot_h * v / ymax for v in values]
    if len(runs) > 1:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
        parts.append(f'<polyline points="{points}" class="line" stroke="{DURATION}"/>')
    for run, x, y, tip in zip(runs, xs, ys, tips, strict=True):
        parts.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{DURATION}">'
            f"<title>{_esc(_when(run))}: {_esc(tip)}</title></circle>"
        )
    parts += _x_labels(runs, xs)
    parts.append(
        f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" class="base"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


# -- the page ----------------------------------------------------------------------------

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;
background:#fafafa}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.sub{color:#666;margin-bottom:16px}
.charts{display:flex;flex-wrap:wrap;gap:14px}
.chart{background:#fff;border:1px solid #ddd;border-radius:6px}
.chart .title{font-weight:600;font-size:13px;fill:#222}
.chart .legend,.chart .axis{font-size:11px;fill:#555}
.chart .grid{stroke:#eee}.chart .base{stroke:#999}
.chart .line{fill:none;stroke-width:2}
.chart .bar:hover,.chart .point:hover{opacity:.75}
table{border-collapse:collapse;background:#fff;font-size:13px}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right}
.ok{color:#1c7c3c;font-weight:600}.bad{color:#c8372d;font-weight:600}
.muted{color:#777}code{font-size:12px}
.details{display:grid;grid-template-columns:max-content auto;gap:2px 16px}
.details dt{color:#555}.details dd{margin:0}
"""


def _verdict_html(run: Run) -> str:
    verdict = run.verdict
    css = "ok" if verdict == "ok" else ("muted" if verdict == "-" else "bad")
    return f'<span class="{css}">{_esc(verdict)}</span>'


def _details(run: Run) -> str:
    report = run.report
    articles = report.get("articles", {})
    rows = [
        ("report", f"<code>{_esc(run.path)}</code>"),
        ("spider", _esc(run.spider)),
        ("started", _esc(report.get("started") or "?")),
        ("duration", _esc(duration_text(run.duration))),
        ("finish reason", _esc(report.get("finish_reason") or "?")),
        ("monitors", _verdict_html(run)),
        (
            "articles",
            _esc(
                f"{articles.get('new', 0)} new, {articles.get('updated', 0)} updated, "
                f"{articles.get('duplicate', 0)} duplicate, dropped: {_counts(run.dropped)}"
            ),
        ),
        (
            "URLs",
            _esc(
                f"{report.get('urls_attempted', 0)} attempted, {report.get('urls_failed', 0)} "
                f"failed, {report.get('urls_forbidden', 0)} forbidden by robots.txt; "
                f"error rate {_percent(report.get('error_rate'))}"
            ),
        ),
        ("failed", _esc(_counts(run.failed))),
        ("invalid records", _esc(_counts((report.get("invalid_records") or {}).get("fields", {})))),
    ]
    if report.get("output_failed"):
        rows.append(("output failed", f'<span class="bad">{_esc(report["output_failed"])}</span>'))
    outputs = report.get("outputs") or []
    if outputs:
        rows.append(
            (
                "outputs",
                "<br>".join(
                    f"<code>{_esc(o.get('uri'))}</code> ({_esc(o.get('format'))}, "
                    f"{_esc(o.get('records'))} records)"
                    for o in outputs
                ),
            )
        )
    arguments = (report.get("arguments") or {}).get("effective")
    if arguments:
        rows.append(
            (
                "arguments",
                "<br>".join(
                    f"{_esc(k)} = <code>{_esc(_flat(v))}</code>" for k, v in arguments.items()
                ),
            )
        )
    if report.get("log_file"):
        rows.append(("log", f"<code>{_esc(report['log_file'])}</code>"))
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    parts = [f'<dl class="details">{body}</dl>']
    checks = (report.get("monitors") or {}).get("checks") or []
    if checks:
        parts.append("<h3>Checks</h3><table><tr><th>check</th><th>result</th></tr>")
        for check in checks:
            status = str(check.get("status"))
            css = "ok" if status == "passed" else ("muted" if status == "skipped" else "bad")
            text = "<br>".join(_esc(f) for f in check.get("failures", [])) or _esc(status)
            parts.append(
                f'<tr><td>{_esc(check.get("monitor"))}</td><td class="{css}">{text}</td></tr>'
            )
        parts.append("</table>")
    failed_urls = report.get("failed_urls") or []
    if failed_urls:
        parts.append(
            f"<h3>Failed URLs ({len(failed_urls)})</h3>"
            "<table><tr><th>URL</th><th>kind</th><th>status</th><th>error</th></tr>"
        )
        for entry in failed_urls[:50]:
            parts.append(
                f"<tr><td><code>{_esc(entry.get('url'))}</code></td><td>{_esc(entry.get('kind'))}"
                f'</td><td class="num">{_esc(entry.get("status") or "-")}</td>'
                f"<td>{_esc(entry.get('error'))}</td></tr>"
            )
        parts.append("</table>")
        if len(failed_urls) > 50:
            parts.append(f'<p class="muted">… and {len(failed_urls) - 50} more in the report.</p>')
    return "".join(parts)


def _flat(value: Any) -> str:
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def _percent(value: Any) -> str:
    return f"{float(value):.1%}" if isinstance(value, int | float) else "-"


def html_page(runs: Sequence[Run], source: Path, generated: datetime | None = None) -> str:
    """The history page: charts of the runs (oldest left), the latest run, the table."""
    generated = generated or datetime.now(UTC)
    spiders = sorted({run.spider for run in runs})
    title = f"Crawl runs: {', '.join(spiders) or 'none'}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_esc(title)}</h1>",
        f'<div class="sub">{len(runs)} runs from <code>{_esc(source)}</code>, '
        f"generated {generated.strftime('%Y-%m-%d %H:%M UTC')}</div>",
    ]
    if not runs:
        parts.append("<p>No run reports yet.</p></body></html>")
        return "\n".join(parts)
    parts.append('<div class="charts">')
    parts.append(
        bar_chart(
            "Articles written per run",
            runs,
            [
                ("new", NEW, [run.new for run in runs]),
                ("updated", UPDATED, [run.updated for run in runs]),
            ],
        )
    )
    parts.append(
        bar_chart(
            "Failures per run",
            runs,
            [
                ("URLs failed", URLS_FAILED, [run.report.get("urls_failed", 0) for run in runs]),
                ("pages failed", PAGES_FAILED, [run.report.get("pages_failed", 0) for run in runs]),
                ("invalid records", INVALID, [run.invalid for run in runs]),
            ],
        )
    )
    minutes = max(run.duration for run in runs) >= 120
    parts.append(
        line_chart(
            "Duration of each run",
            runs,
            [run.duration / 60 if minutes else run.duration for run in runs],
            " min" if minutes else " s",
            [duration_text(run.duration) for run in runs],
        )
    )
    parts.append("</div>")
    latest = runs[-1]
    parts.append(f"<h2>Latest run: {_esc(_when(latest))} UTC {_verdict_html(latest)}</h2>")
    parts.append(_details(latest))
    parts.append("<h2>All runs</h2><table><tr>")
    parts.append("".join(f"<th>{_esc(c)}</th>" for c in TABLE_COLUMNS) + "</tr>")
    for run, row in zip(reversed(runs), table_rows(runs), strict=True):
        cells = [
            f'<td class="num">{_esc(cell)}</td>' if i in (2, 3, 4) else f"<td>{_esc(cell)}</td>"
            for i, cell in enumerate(row[:-1])
        ]
        cells.append(f"<td>{_verdict_html(run)}</td>")
        parts.append(f'<tr title="{_esc(run.path.name)}">{"".join(cells)}</tr>')
    parts.append("</table></body></html>")
    return "\n".join(parts)
