"""A place of the benchmark's own on the target database: a fresh schema or a fresh SQLite file."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import psycopg

from infrastructure.settings import Settings


@dataclass(frozen=True)
class Place:
    settings: Settings
    backend: str
    connect_raw: Callable[[], Any]  # a DB-API connection in autocommit for the raw baseline
    raw_insert: str  # one row per transaction
    events_table: str

    def analyze_events(self) -> None:
        """Refresh the database's statistics of the event table (what autovacuum does after growth)."""
        connection = self.connect_raw()
        try:
            connection.execute(f"ANALYZE {self.events_table}")
        finally:
            connection.close()


@contextmanager
def bench_place(settings: Settings) -> Iterator[Place]:
    url = urlsplit(settings.database_url)
    if settings.backend == "sqlite":
        base = Path(url.path[1:] if url.path.startswith("/") else url.path)
        path = base.with_name(f"bench-{uuid.uuid4().hex[:8]}.sqlite")
        path.parent.mkdir(parents=True, exist_ok=True)

        def connect_sqlite() -> sqlite3.Connection:
            conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, payload BLOB)")
            return conn

        try:
            yield Place(
                Settings(database_url=f"sqlite:///{path}"),
                "sqlite",
                connect_sqlite,
                "INSERT INTO bench_raw (payload) VALUES (?)",
                "stored_events",
            )
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if settings.backend != "postgres":
        raise SystemExit("benchmarks need a SQLite or PostgreSQL database (CASELEDGER_DATABASE_URL)")
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    database = urlunsplit(("postgresql", url.netloc, url.path, "", ""))
    query = {k: v[0] for k, v in parse_qs(url.query).items()} | {"schema": schema}
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        conn.execute(f"CREATE TABLE {schema}.bench_raw (id BIGSERIAL PRIMARY KEY, payload BYTEA)")

    def connect_postgres() -> psycopg.Connection[Any]:
        conn = psycopg.connect(database, autocommit=True)
        conn.execute(f"SET search_path TO {schema}")
        return conn

    try:
        bench_url = urlunsplit(("postgresql", url.netloc, url.path, urlencode(query), ""))
        yield Place(
            Settings(database_url=bench_url),
            "postgres",
            connect_postgres,
            "INSERT INTO bench_raw (payload) VALUES (%s)",
            "caseledger_events",
        )
    finally:
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
