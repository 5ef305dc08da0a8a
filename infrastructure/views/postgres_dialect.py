"""The view store's dialect for PostgreSQL (a small pool; rows travel as one JSON document per table)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql as pgsql
from psycopg_pool import ConnectionPool

from application.projections.base import Table
from infrastructure.views.dialect import PARAM, adding, json_rows, on_conflict, records


class PostgresDialect:
    name = "postgres"

    def __init__(self, conninfo: str, schema: str | None, connections: int = 4) -> None:
        # A few connections, so that readers (reports, key look-ups) and writers of one process do not
        # queue behind each other; each is set to the schema when the pool opens it.
        def to_schema(connection: psycopg.Connection[Any]) -> None:
            if schema:
                connection.execute(pgsql.SQL("SET search_path TO {}").format(pgsql.Identifier(schema)))
            connection.execute("SET work_mem = '32MB'")  # reports sort tens of thousands of rows in memory
            # Short indexed statements: a cost misjudged on a grown table must not buy a JIT compile
            # (100+ ms) for a query that runs in one.
            connection.execute("SET jit = off")
            # A report's period is days of the centre's calendar: a date compared with an instant is its
            # midnight in Shanghai (as SQLite compares the written local times), not in the server's zone.
            connection.execute("SET TIME ZONE 'Asia/Shanghai'")

        self.pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=connections,
            kwargs={"autocommit": True},
            configure=to_schema,
            open=True,
            name="caseledger-views",
        )
        self.pool.wait(timeout=10)

    @staticmethod
    def _sql(statement: str) -> str:
        return PARAM.sub(r"%(\1)s", statement)

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[psycopg.Cursor[Any]]:
        with self.pool.connection() as connection, connection.transaction(), connection.cursor() as cursor:
            if not durable:
                cursor.execute(b"SET LOCAL synchronous_commit = off")
            yield cursor

    def execute(self, cursor: psycopg.Cursor[Any], statement: str, params: Mapping[str, Any] | None = None) -> None:
        cursor.execute(self._sql(statement).encode(), dict(params or {}))

    def executemany(self, cursor: psycopg.Cursor[Any], statement: str, rows: Sequence[Mapping[str, Any]]) -> None:
        cursor.executemany(self._sql(statement).encode(), [dict(r) for r in rows])

    def upsert(self, cursor: psycopg.Cursor[Any], table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        # One statement per table and batch: the rows travel as one JSON document (written by the C
        # encoder in one call) and the server makes the typed rows again. The statement text never
        # changes, so the server plans it once.
        columns = ", ".join(table.column_names)
        typed = records(table, table.column_names)
        statement = f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {typed} {on_conflict(table)}"
        cursor.execute(statement.encode(), (json_rows(rows),))

    def delete(self, cursor: psycopg.Cursor[Any], table: Table, keys: Sequence[Mapping[str, Any]]) -> None:
        key = ", ".join(table.key)
        statement = f"DELETE FROM {table.name} WHERE ({key}) IN (SELECT {key} FROM {records(table, table.key)})"
        cursor.execute(statement.encode(), (json_rows(keys),))

    def update(
        self,
        cursor: psycopg.Cursor[Any],
        table: Table,
        match: Sequence[str],
        columns: Sequence[str],
        rows: Sequence[Mapping[str, Any]],
    ) -> None:
        sets = ", ".join(f"{c} = r.{c}" for c in columns)
        where = " AND ".join(f"t.{c} = r.{c}" for c in match)
        statement = f"UPDATE {table.name} AS t SET {sets} FROM {records(table, [*match, *columns])} WHERE {where}"
        cursor.execute(statement.encode(), (json_rows(rows),))

    def add(
        self, cursor: psycopg.Cursor[Any], table: Table, counters: Sequence[str], rows: Sequence[Mapping[str, Any]]
    ) -> None:
        # In key order: totals are shared between batches committing at once (the parts of a rebuild), and
        # rows locked in one order by all of them cannot deadlock.
        columns = ", ".join(table.column_names)
        typed = records(table, table.column_names)
        ordered = f"SELECT {columns} FROM {typed} ORDER BY {', '.join(table.key)}"
        statement = f"INSERT INTO {table.name} ({columns}) {ordered} {adding(table, counters)}"
        cursor.execute(statement.encode(), (json_rows(rows),))

    def fetch(self, statement: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        # Never prepared: a prepared statement run a few times may get one generic plan, blind to its
        # parameters (a month's range read as the whole table: the KPI trend at a million events went from
        # 140 to 240 ms after its tenth run). A read is planned for what it asks, in well under a millisecond.
        with self.pool.connection() as connection, connection.cursor() as cursor:
            cursor.execute(self._sql(statement).encode(), dict(params), prepare=False)
            names = [d.name for d in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def states(self, view: str, keys: Sequence[str]) -> list[dict[str, Any]]:
        # The keys as one array joined on the primary key: the planner sizes the array exactly, where an
        # IN list of hundreds was taken for tens of thousands of rows on a grown table (a parallel scan).
        statement = (
            "SELECT s.state_key, s.state FROM unnest(:keys::text[]) AS k(state_key) "
            "JOIN view_state AS s ON s.view_name = :view AND s.state_key = k.state_key"
        )
        return self.fetch(statement, {"keys": list(keys), "view": view})

    def scrub(self, table: str) -> None:
        # A deleted row stays in its page until vacuumed, and a plain VACUUM only marks its room free:
        # rewriting the table (a small one: a row per subject) leaves its old file, old row and all, behind.
        with self.pool.connection() as connection:
            connection.execute(f"VACUUM FULL {table}".encode())

    def tidy(self, table: str) -> None:
        with self.pool.connection() as connection:  # in autocommit: VACUUM runs outside a transaction
            connection.execute(f"VACUUM (ANALYZE) {table}".encode())

    def away(self, error: BaseException) -> bool:
        return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)

    def close(self) -> None:
        self.pool.close()
