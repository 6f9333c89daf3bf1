"""The state backend ``STATE_URL`` names, by URL scheme (Scrapy-style).

Empty (the default): the SQLite file under ``STATE_DIR`` (crawler.store),
one machine.  ``postgresql://USER@HOST:PORT/DB``: PostgreSQL shared by every
worker of a run on any number of machines (crawler.store_postgres).
"""

from __future__ import annotations

from pathlib import Path

from crawler.store import BUSY_TIMEOUT, SQLiteStore, StateDirError, StateStore, check_state_dir
from crawler.store_postgres import ORPHAN_TIMEOUT, PostgresStore, check_server
from crawler.urls import redact

SCHEMES = {"sqlite": "sqlite", "postgresql": "postgresql", "postgres": "postgresql"}


def backend(state_url: str | None, state_dir: str | Path) -> tuple[str, str]:
    """``(kind, target)`` named by STATE_URL: ("sqlite", file path) or ("postgresql", URL).

    Empty: the default, ``<STATE_DIR>/state.sqlite3``.  ``sqlite:///rel/path``
    and ``sqlite:////abs/path`` name the file (a folder: its state.sqlite3).
    Anything else is a StateDirError with one line saying what is accepted.
    """
    url = (state_url or "").strip()
    if not url:
        return "sqlite", str(Path(state_dir) / "state.sqlite3")
    scheme, sep, rest = url.partition("://")
    kind = SCHEMES.get(scheme.lower()) if sep else None
    if kind is None:
        raise StateDirError(
            f"STATE_URL={redact(url)} names no state backend: use sqlite:///PATH "
            "(the default, under STATE_DIR) or postgresql://USER@HOST:PORT/DATABASE"
        )
    if kind == "postgresql":
        return kind, url
    path = rest.split("?", 1)[0]
    if path.startswith("/"):
        path = path[1:]  # sqlite:///rel, sqlite:////abs (SQLAlchemy's convention)
    if not path:
        raise StateDirError(f"STATE_URL={url} names no file: use sqlite:///PATH")
    target = Path(path)
    if path.endswith("/") or target.is_dir():
        target = target / "state.sqlite3"
    return kind, str(target)


def check_state(
    state_url: str | None, state_dir: str | Path, busy_timeout: float = BUSY_TIMEOUT
) -> None:
    """Fail early, with one line, when the state named by STATE_URL cannot be used."""
    kind, target = backend(state_url, state_dir)
    if kind == "sqlite":
        check_state_dir(state_dir, busy_timeout)
        file = Path(target)
        if file.parent != Path(state_dir):
            check_state_dir(file.parent, busy_timeout, file.name)
        return
    check_state_dir(state_dir, busy_timeout)  # locks, reports, recovered records
    check_server(target, busy_timeout)


def open_store(
    state_url: str | None,
    state_dir: str | Path,
    run_id: str,
    scope: str = "",
    *,
    busy_timeout: float = BUSY_TIMEOUT,
    host: str = "",
    orphan_timeout: float = ORPHAN_TIMEOUT,
) -> StateStore:
    """The store STATE_URL names (see ``backend``).

    ``host`` names this machine (its output files are recovered only here);
    ``orphan_timeout``: see crawler.store_postgres.
    """
    kind, target = backend(state_url, state_dir)
    if kind == "sqlite":
        return SQLiteStore(Path(target), run_id, scope, busy_timeout)
    return PostgresStore(
        target,
        Path(state_dir),
        run_id,
        scope,
        busy_timeout,
        host=host,
        orphan_timeout=orphan_timeout,
    )
