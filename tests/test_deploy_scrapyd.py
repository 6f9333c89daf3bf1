"""Deploy on a real Scrapyd: build the egg with scrapyd-deploy, schedule through
schedule.json, read what the jobs wrote.  Nothing about Scrapyd is mocked."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from crawler.sites import profile_names
from tests.scrapyd_server import (
    PROJECT,
    ROOT,
    ScrapydServer,
    clean_env,
    project_copy,
    start_scrapyd,
    stories_written,
)

if TYPE_CHECKING:
    from tests.replica import Replica

pytestmark = pytest.mark.e2e

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}


def git_status() -> set[str]:
    out = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.splitlines())


def top_level(entries: set[str]) -> set[str]:
    """Status entries of files at the top of the checkout (where a build writes)."""
    return {e for e in entries if "/" not in e[3:].rstrip("/")}


def feeds(home: Path, spider: str = "asianlite") -> list[Path]:
    """The JSON-lines files Scrapyd jobs wrote under the node home."""
    return sorted((home / "data" / spider).glob("*.jsonl"))


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScrapydServer]:
    server = start_scrapyd(tmp_path_factory.mktemp("scrapyd"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def deployed(scrapyd: ScrapydServer) -> tuple[ScrapydServer, set[str], set[str]]:
    """The server with the project deployed; git status before and after the build."""
    before = git_status()
    result = scrapyd.deploy()
    after = git_status()
    assert result.returncode == 0, result.stdout + result.stderr
    return scrapyd, before, after


def test_calls_without_valid_credentials_are_refused(scrapyd: ScrapydServer) -> None:
    for endpoint in ("daemonstatus.json", "listprojects.json", "listjobs.json"):
        assert scrapyd.call(endpoint, auth=False)[0] == 401, endpoint
    fields = [("project", PROJECT), ("spider", "asianlite")]
    assert scrapyd.call("schedule.json", fields, auth=False)[0] == 401
    assert scrapyd.call("addversion.json", [("project", PROJECT)], auth=False)[0] == 401
    wrong = ScrapydServer(scrapyd.home, scrapyd.port, scrapyd.username, "wrong", scrapyd.process)
    assert wrong.call("daemonstatus.json")[0] == 401
    assert scrapyd.call("daemonstatus.json")[0] == 200


def test_deploy_with_env_credentials_leaves_the_tree_clean(
    deployed: tuple[ScrapydServer, set[str], set[str]],
) -> None:
    scrapyd, before, after = deployed
    assert top_level(after - before) == set(), "the build left files in the checkout"
    status, projects = scrapyd.call("listprojects.json")
    assert status == 200 and PROJECT in projects["projects"]
    _, spiders = scrapyd.call(f"listspiders.json?project={PROJECT}")
    assert "asianlite" in spiders["spiders"]


def test_egg_ships_profiles_and_no_tests(tmp_path: Path) -> None:
    egg = tmp_path / "newscrawler.egg"
    before = git_status()
    subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(egg)],
        cwd=project_copy(tmp_path / "project"),
        env=clean_env(),
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert top_level(git_status() - before) == set()
    names = zipfile.ZipFile(egg).namelist()
    assert "crawler/__init__.py" in names
    assert "crawler/profiles/asianlite.toml" in names
    assert "crawler/schema/article.json" in names  # the output contract ships too
    assert not [n for n in names if n.startswith(("tests/", "bench/", "tools/"))]
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import importlib.resources as r;"
        "import crawler, crawler.sites as s, crawler.schema as c;"
        "assert '.egg' in crawler.__file__ and '.egg' in c.__file__;"
        "print(r.files('crawler.profiles').joinpath('asianlite.toml').is_file(),"
        " s.profile_names(), len(c.article_schema()['properties']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(egg)],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Every profile of settings/sites/ (the WordPress defaults too), and the contract's 18 fields.
    assert out.strip() == f"True {profile_names()} 18"


def test_two_scheduled_runs_write_each_article_once(
    deployed: tuple[ScrapydServer, set[str], set[str]], small_replica: tuple[Replica, str]
) -> None:
    scrapyd, _, _ = deployed
    rep, base_url = small_replica
    expected = {a.canonical_url for a in rep.unique_articles()}

    first = scrapyd.schedule("asianlite", {"base_url": base_url}, FAST)
    scrapyd.wait_finished(first)
    log = scrapyd.job_log("asianlite", first)
    assert "Spider closed (finished)" in log, log[-3000:]
    # setting= values reach the crawl as -s overrides.
    assert "'DOWNLOAD_DELAY': '0'" in log and "'AUTOTHROTTLE_ENABLED': 'False'" in log
    counts = stories_written(feeds(scrapyd.home), rep)
    assert set(counts) == expected, (sorted(expected ^ set(counts))[:5], log[-2000:])
    assert max(counts.values()) == 1

    second = scrapyd.schedule("asianlite", {"base_url": base_url}, FAST)
    scrapyd.wait_finished(second)
    assert "Spider closed (finished)" in scrapyd.job_log("asianlite", second)
    counts = stories_written(feeds(scrapyd.home), rep)
    assert set(counts) == expected and max(counts.values()) == 1
    # Both runs used the node home's STATE_DIR.
    assert (scrapyd.home / ".state" / "state.sqlite3").exists()


def test_bad_argument_fails_the_job_with_its_message(
    deployed: tuple[ScrapydServer, set[str], set[str]],
) -> None:
    scrapyd, _, _ = deployed
    jobid = scrapyd.schedule("asianlite", {"max_pages": "zero"}, FAST)
    scrapyd.wait_finished(jobid)
    log = scrapyd.log()
    assert "max_pages must be a whole number >= 1, got 'zero'" in log
    assert f"Process died: exitstatus=2 project='{PROJECT}' spider='asianlite' job='{jobid}'" in log


def test_bad_argument_message_is_in_the_job_log(
    deployed: tuple[ScrapydServer, set[str], set[str]],
) -> None:
    scrapyd, _, _ = deployed
    jobid = scrapyd.schedule("asianlite", {"since": "yesterday-ish"}, FAST)
    scrapyd.wait_finished(jobid)
    assert "since must be an ISO date" in scrapyd.job_log("asianlite", jobid)
