"""Shared test set-up.

In-process crawler objects need Twisted's asyncio reactor (the project's
TWISTED_REACTOR) installed before anything imports a reactor.
"""

from collections.abc import Iterator

import pytest
from scrapy.utils.reactor import install_reactor

from tests.pgserver import PostgresServer
from tests.redisserver import redis_server  # noqa: F401  (a fixture)
from tests.replica import Replica

install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")


@pytest.fixture(scope="module")
def small_replica() -> Iterator[tuple[Replica, str]]:
    """A small served replica (every quirk but one, quick to crawl) and its base URL."""
    with Replica(articles=60, seed=1) as rep:
        yield rep, rep.base_url


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server on a loopback port for the whole session (tests/pgserver.py)."""
    with PostgresServer() as server:
        yield server
