"""``scrapy schedule``: the schedule file, due times, and dispatching to a local
crawl and to a real Scrapyd without overlapping runs."""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.scheduling import (
    Job,
    LocalRunner,
    Outcome,
    ScheduleError,
    Scheduler,
    ScrapydClient,
    TargetError,
    load_schedule,
    resolve_target,
)
from crawler.scheduling.scheduler import crawls_same_site, new_job_id
from tests.replica import Replica
from tests.scrapyd_server import (
    ROOT,
    ScrapydServer,
    clean_env,
    start_scrapyd,
    stories_written,
)

SCRAPY_CFG = ROOT / "scrapy.cfg"
FAST = "DOWNLOAD_DELAY = 0\nAUTOTHROTTLE_ENABLED = false\n"


def scrapy_schedule(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "schedule", *args],
        cwd=ROOT,
        check=False,
        env=env or clean_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def two_jobs(body: str) -> str:
    """Two jobs of the same spider, ``first`` and ``second``."""
    return f'[[jobs]]\nname = "first"{body}\n[[jobs]]\nname = "second"{body}'


# -- the schedule file -------------------------------------------------------------------


GOOD = """
timezone = "Europe/London"
[[jobs]]
name = "hourly"
spider = "asianlite"
cron = "17 * * * *"
target = "scrapyd:local"
args = { categories = ["top-news", "world"], max_pages = 3 }
[jobs.settings]
AUTOTHROTTLE_ENABLED = false
FEEDS = { "out.jsonl" = { format = "jsonlines" } }
"""


def test_schedule_values_become_command_line_strings(tmp_path: Path) -> None:
    schedule = load_schedule(write(tmp_path / "s.toml", GOOD))
    job = schedule.job("hourly")
    assert schedule.timezone.key == "Europe/London"
    assert job.args == {"categories": "top-news,world", "max_pages": "3"}
    assert job.settings["AUTOTHROTTLE_ENABLED"] == "false"
    assert json.loads(job.settings["FEEDS"]) == {"out.jsonl": {"format": "jsonlines"}}


CRON_X = '[[jobs]]\nname = "a"\nspider = "x"\ncron = "* * * * *"\n'


def test_a_job_on_several_nodes_lists_them_all(tmp_path: Path) -> None:
    path = write(tmp_path / "s.toml", f'{CRON_X}targets = ["scrapyd:n1", "http://h:6800/"]')
    job = load_schedule(path).job("a")
    assert job.nodes == ("scrapyd:n1", "http://h:6800/")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[jobs]]\nname = "a"\nspider = "asianlite"\ncron = "61 * * * *"', "job 'a': cron"),
        ('[[jobs]]\nname = "a"\nspider = "asianlite"', "job 'a': 'cron' is required"),
        ('[[jobs]]\nname = "a"\nspider = "x"\ncron = "* * * * *"\ncrontab = 1', "job 'a': unknown"),
        ('[[jobs]]\nname = "a"\nspider = "x"\ncron = "* * * * *"\nsettings = { x = 1 }', "UPPER"),
        ('timezone = "Mars/Base"', "unknown timezone"),
        ('[[jobs]\nname = "a"', "Expected ']]'"),
        ('[[jobs]]\nname = "a"\nspider = "x"\ncron = "* * * * *"\n' * 2, "job 'a': the name"),
        (f'{CRON_X}target = "local"\ntargets = ["scrapyd:a", "scrapyd:b"]', "not both"),
        (f'{CRON_X}targets = ["scrapyd:a"]', "two or more"),
        (f'{CRON_X}targets = ["scrapyd:a", "local"]', "Scrapyd nodes only"),
        (f'{CRON_X}targets = ["scrapyd:a", "scrapyd:a"]', "named twice"),
    ],
)
def test_bad_schedule_names_file_and_job(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path / "bad.toml", body)
    with pytest.raises(ScheduleError) as info:
        load_schedule(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_bad_schedule_file_exits_2_without_traceback(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.toml",
        '[[jobs]]\nname = "nightly"\nspider = "asianlite"\ncron = "0 3 * * *"\n'
        'args = { max_pages = "zero" }\n',
    )
    result = scrapy_schedule("--list", "--file", str(path))
    assert result.returncode == 2
    assert f"{path}: job 'nightly': max_pages must be a whole number" in result.stderr
    assert "Traceback" not in result.stderr
    unknown = write(
        tmp_path / "t.toml",
        '[[jobs]]\nname = "n"\nspider = "asianlite"\ncron = "0 3 * * *"\ntarget = "scrapyd:nope"',
    )
    result = scrapy_schedule("--once", "--file", str(unknown))
    assert result.returncode == 2 and "no [deploy:nope]" in result.stderr


def test_committed_schedule_lists_and_prints_crontab() -> None:
    listed = scrapy_schedule("--list")
    assert listed.returncode == 0, listed.stderr
    row = r"^asianlite\s+asianlite\s+scrapyd:local\s+17 \*/2 \* \* \*\s+20\d\d-"
    assert re.search(row, listed.stdout, re.M), listed.stdout
    crontab = scrapy_schedule("--crontab")
    assert crontab.returncode == 0
    assert "CRON_TZ=UTC" in crontab.stdout
    assert "17 */2 * * * cd " in crontab.stdout
    assert "schedule --once --job asianlite\n" in crontab.stdout


def test_due_window_and_next_run() -> None:
    job = Job(name="j", spider="asianlite", cron="17 * * * *")
    at = datetime(2026, 5, 1, 10, 17, tzinfo=UTC)
    assert job.is_due(at) and job.is_due(at + timedelta(seconds=59))
    assert not job.is_due(at - timedelta(seconds=1)) and not job.is_due(at + timedelta(seconds=60))
    assert job.next_run(at) == at + timedelta(hours=1)


def test_targets_expand_the_environment_like_scrapyd_deploy() -> None:
    env = {
        "SCRAPYD_PRODUCTION_URL": "https://scrapyd.example:6800",
        "SCRAPYD_PRODUCTION_USERNAME": "ops",
        "SCRAPYD_PRODUCTION_PASSWORD": "s3cret",
    }
    target = resolve_target("scrapyd:production", SCRAPY_CFG, "fallback", env)
    assert target.url == "https://scrapyd.example:6800/"
    assert (target.project, target.username, target.password) == ("newscrawler", "ops", "s3cret")
    with pytest.raises(TargetError, match=r"username needs \$SCRAPYD_USERNAME"):
        resolve_target("scrapyd:local", SCRAPY_CFG, "p", {"SCRAPYD_PASSWORD": "x"})
    url = resolve_target("http://10.0.0.5:6800", SCRAPY_CFG, "p", {"SCRAPYD_USERNAME": "u"})
    assert (url.url, url.project, url.username) == ("http://10.0.0.5:6800/", "newscrawler", "u")


# -- local runs ----------------------------------------------------------------------------


def test_foreground_loop_dispatches_at_the_cron_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = '[[jobs]]\nname = "j"\nspider = "asianlite"\ncron = "17 * * * *"'
    schedule = load_schedule(write(tmp_path / "s.toml", text))
    clock = [datetime(2026, 5, 1, 10, 16, 50, tzinfo=UTC)]
    slept: list[float] = []

    class Stop(Exception):
        pass

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += timedelta(seconds=seconds)
        if len(slept) > 1:
            raise Stop

    # /bin/true stands in for the Python running `scrapy crawl`: the loop, not a crawl.
    runner = LocalRunner(tmp_path, tmp_path / "state", python="true")
    scheduler = Scheduler(schedule, runner, pytest.fail, clock=lambda: clock[0])
    with caplog.at_level("INFO"), pytest.raises(Stop):
        scheduler.run_forever(sleep=sleep)
    assert slept[0] == pytest.approx(10.0)
    assert scheduler.wait() == 0
    messages = [r.getMessage() for r in caplog.records]
    assert "job j: next run at 2026-05-01T10:17:00+00:00" in messages
    assert any(m.startswith("job j (asianlite -> local): started: pid") for m in messages)
    assert "job j: next run at 2026-05-01T11:17:00+00:00" in messages


def test_local_run_is_skipped_while_the_lock_is_held(tmp_path: Path) -> None:
    settings = {"STATE_DIR": str(tmp_path / "st")}
    job = Job(name="j", spider="asianlite", cron="* * * * *", settings=settings)
    runner = LocalRunner(tmp_path, tmp_path / "state", python="true")
    lock = runner.lock_path(job)
    assert lock == tmp_path / "st" / "locks" / "asianlite.lock"
    lock.parent.mkdir(parents=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"pid 4242\n")
        schedule = load_schedule(write(tmp_path / "s.toml", ""))
        scheduler = Scheduler(schedule, runner, pytest.fail)
        result = scheduler.dispatch(job)
        assert result.outcome is Outcome.SKIPPED and "pid 4242" in result.detail
    finally:
        os.close(fd)
    assert scheduler.dispatch(job).outcome is Outcome.STARTED
    assert scheduler.wait() == 0


@pytest.mark.e2e
def test_once_runs_a_local_crawl_and_refuses_an_overlapping_one(
    tmp_path: Path, small_replica: tuple[Replica, str]
) -> None:
    rep, base_url = small_replica
    out, state = tmp_path / "out", tmp_path / "state"
    job = f"""
spider = "asianlite"
cron = "* * * * *"
target = "local"
args = {{ base_url = "{base_url}" }}
[jobs.settings]
{FAST}STATE_DIR = "{state}"
LOG_FILE = "{tmp_path / "crawl.log"}"
FEEDS = {{ "{out}/%(name)s-%(time)s.jsonl" = {{ format = "jsonlines" }} }}
"""
    path = write(tmp_path / "s.toml", two_jobs(job))
    result = scrapy_schedule("--once", "--file", str(path))
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(r"job first \(asianlite -> local\): started: pid \d+", result.stderr)
    skipped = "job second (asianlite -> local): skipped: previous local run still going"
    assert skipped in result.stderr
    assert "job first: local run finished with exit code 0" in result.stderr
    counts = stories_written(sorted(out.glob("*.jsonl")), rep)
    assert set(counts) == {a.canonical_url for a in rep.unique_articles()}
    assert max(counts.values()) == 1


# -- Scrapyd ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScrapydServer]:
    server = start_scrapyd(tmp_path_factory.mktemp("scrapyd"))
    try:
        result = server.deploy()
        assert result.returncode == 0, result.stdout + result.stderr
        yield server
    finally:
        server.stop()


def scrapyd_job(spider: str, base_url: str) -> str:
    """A job's keys (after its name) that runs ``spider`` on ``base_url`` on Scrapyd when asked."""
    return f"""
spider = "{spider}"
cron = "0 0 29 2 *"
target = "scrapyd:production"
args = {{ base_url = "{base_url}" }}
[jobs.settings]
{FAST}"""


@pytest.mark.e2e
def test_once_dispatches_to_scrapyd_and_refuses_an_overlapping_run(
    tmp_path: Path, scrapyd: ScrapydServer, small_replica: tuple[Replica, str]
) -> None:
    rep, base_url = small_replica
    path = write(tmp_path / "s.toml", two_jobs(scrapyd_job("asianlite", base_url)))
    # Named with --job (as the --crontab lines do), jobs run whatever their cron says.
    names = ["--job", "first", "--job", "second"]
    result = scrapy_schedule("--once", *names, "--file", str(path), env=scrapyd.deploy_env())
    assert result.returncode == 0, result.stderr[-3000:]
    prefix = "job {} (asianlite -> scrapyd:production)"
    pattern = (
        re.escape(prefix.format("first")) + r": started: Scrapyd job (asianlite-[0-9a-f]{32}) "
    )
    started = re.search(pattern, result.stderr)
    assert started, result.stderr[-3000:]
    jobid = started.group(1)
    skipped = f"{prefix.format('second')}: skipped: previous run still going on Scrapyd: {jobid}"
    assert skipped in result.stderr

    finished = scrapyd.wait_finished(jobid)
    assert finished["spider"] == "asianlite"
    log = scrapyd.job_log("asianlite", jobid)
    assert "Spider closed (finished)" in log and "'DOWNLOAD_DELAY': '0'" in log
    counts = stories_written(sorted((scrapyd.home / "data" / "asianlite").glob("*.jsonl")), rep)
    assert set(counts) == {a.canonical_url for a in rep.unique_articles()}
    assert max(counts.values()) == 1


def test_a_scrapyd_job_is_known_by_site_from_its_arguments_or_the_id_the_scheduler_gave() -> None:
    def job(url: str) -> Job:
        return Job("j", "wordpress", "* * * * *", "scrapyd:x", args={"base_url": url})

    a, b = job("https://a.example/"), job("https://www.b.example/")
    assert crawls_same_site(a, {"id": new_job_id(job("https://www.A.example"))})
    assert not crawls_same_site(a, {"id": new_job_id(b)})
    assert not crawls_same_site(
        a, {"id": "x", "args": {"base_url": "https://b.example/"}}
    )  # pending
    assert crawls_same_site(a, {"id": "3f2a9c"})  # started elsewhere: assumed the same, skipped

    def fixed(url: str) -> Job:  # a spider of one site: one state, whatever base_url
        return Job("j", "asianlite", "* * * * *", "scrapyd:x", args={"base_url": url})

    assert crawls_same_site(fixed("https://b/"), {"id": new_job_id(fixed("https://c/"))})


@pytest.mark.e2e
def test_scrapyd_runs_one_spider_on_two_sites_at_once_but_never_one_site_twice(
    tmp_path: Path, scrapyd: ScrapydServer, small_replica: tuple[Replica, str]
) -> None:
    site_a = small_replica[1]
    with Replica(articles=20, seed=3) as other:
        jobs = "".join(
            f'\n[[jobs]]\nname = "{name}"{scrapyd_job("wordpress", url)}'
            for name, url in (("a", site_a), ("b", other.base_url), ("a-again", site_a))
        )
        path = write(tmp_path / "s.toml", jobs)
        names = ["--job", "a", "--job", "b", "--job", "a-again"]
        result = scrapy_schedule("--once", *names, "--file", str(path), env=scrapyd.deploy_env())
        assert result.returncode == 0, result.stderr[-3000:]
        started = dict(
            re.findall(
                r"job (\S+) \(wordpress -> scrapyd:production\): started: Scrapyd job (\S+)",
                result.stderr,
            )
        )
        assert set(started) == {"a", "b"}, result.stderr[-3000:]  # another site: not skipped
        assert started["a"].startswith("wordpress@127.0.0.1_")
        assert started["a"].rsplit("-", 1)[0] != started["b"].rsplit("-", 1)[0]
        skipped = "job a-again (wordpress -> scrapyd:production): skipped: previous run still going"
        assert f"{skipped} on Scrapyd: {started['a']} " in result.stderr
        for name, url in (("a", site_a), ("b", other.base_url)):
            scrapyd.wait_finished(started[name], timeout=180)
            log = scrapyd.job_log("wordpress", started[name])
            assert "Spider closed (finished)" in log and url in log, log[-3000:]


@pytest.mark.e2e
def test_scheduler_reports_refused_credentials(scrapyd: ScrapydServer) -> None:
    env = {**scrapyd.deploy_env(), "SCRAPYD_PRODUCTION_PASSWORD": "wrong"}
    client = ScrapydClient(resolve_target("scrapyd:production", SCRAPY_CFG, "p", env))
    job = Job(name="j", spider="asianlite", cron="* * * * *", target="scrapyd:production")
    schedule = load_schedule(Path(os.devnull))
    scheduler = Scheduler(schedule, LocalRunner(ROOT, Path(".state")), lambda t: client)
    result = scheduler.dispatch(job)
    assert result.outcome is Outcome.FAILED and "HTTP 401" in result.detail
