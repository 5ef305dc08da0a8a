"""Backends for the application suites: in-memory, SQLite and PostgreSQL.

PostgreSQL tests run against the server at 127.0.0.1:5432 in a database of their own, each test in a
fresh schema. Outside CI an unreachable server skips them; with CI=true it fails them, so CI can
never pass without having run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from application.ledger import CaseLedger
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import persistence_env

PG_ADMIN_URL = os.environ.get("CASELEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _pg_url(dbname: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{dbname}"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A database of this test run's own, dropped at the end."""
    name = f"caseledger_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        if IN_CI:
            pytest.fail(f"PostgreSQL is unreachable in CI ({error}); the PostgreSQL suite must run")
        pytest.skip(f"PostgreSQL is unreachable: {error}")
    yield _pg_url(name)
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_database: str) -> Iterator[str]:
    """A fresh schema in the test database, as a database URL."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{pg_database}?schema={schema}"
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


STORED = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(params=["memory", *STORED])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each backend in turn: in-memory, SQLite file, PostgreSQL schema."""
    return _url(request, tmp_path)


@pytest.fixture(params=STORED)
def stored_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The backends that keep data between processes: SQLite file, PostgreSQL schema."""
    return _url(request, tmp_path)


@pytest.fixture
def ledger(database_url: str) -> Iterator[CaseLedger]:
    app = CaseLedger(env=persistence_env(database_url), calendar_source=SeedCalendarSource())
    yield app
    app.close()
