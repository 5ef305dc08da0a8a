"""The view store's dialect for SQLite (one connection, WAL; the embedded default)."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from application.projections.base import Table
from domain.business_time import SHANGHAI
from infrastructure.views.dialect import adding, in_lists, upsert_statement

log = logging.getLogger("caseledger.views")


class SqliteDialect:
    name = "sqlite"

    def __init__(self, path: str) -> None:
        uri = path.startswith("file:")
        self.connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False, uri=uri)
        self.connection.execute("PRAGMA journal_mode=WAL" if not uri else "PRAGMA journal_mode=MEMORY")
        self.connection.execute("PRAGMA secure_delete = ON")  # a deleted row (an erased key) leaves no bytes
        self.lock = threading.RLock()

    @staticmethod
    def _value(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(SHANGHAI).isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value

    def _params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        return {k: self._value(v) for k, v in (params or {}).items()}

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[sqlite3.Cursor]:
        with self.lock:
            cursor = self.connection.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")

    def execute(self, cursor: sqlite3.Cursor, statement: str, params: Mapping[str, Any] | None = None) -> None:
        cursor.execute(statement, self._params(params))

    def executemany(self, cursor: sqlite3.Cursor, statement: str, rows: Sequence[Mapping[str, Any]]) -> None:
        cursor.executemany(statement, [self._params(r) for r in rows])

    def upsert(self, cursor: sqlite3.Cursor, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        self.executemany(cursor, upsert_statement(table), rows)  # in-process: a C loop over prepared rows

    def delete(self, cursor: sqlite3.Cursor, table: Table, keys: Sequence[Mapping[str, Any]]) -> None:
        where = " AND ".join(f"{k} = :{k}" for k in table.key)
        self.executemany(cursor, f"DELETE FROM {table.name} WHERE {where}", keys)

    def update(
        self,
        cursor: sqlite3.Cursor,
        table: Table,
        match: Sequence[str],
        columns: Sequence[str],
        rows: Sequence[Mapping[str, Any]],
    ) -> None:
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        where = " AND ".join(f"{c} = :{c}" for c in match)
        self.executemany(cursor, f"UPDATE {table.name} SET {sets} WHERE {where}", rows)

    def add(
        self, cursor: sqlite3.Cursor, table: Table, counters: Sequence[str], rows: Sequence[Mapping[str, Any]]
    ) -> None:
        columns = ", ".join(table.column_names)
        values = ", ".join(f":{c}" for c in table.column_names)
        statement = f"INSERT INTO {table.name} ({columns}) VALUES ({values}) {adding(table, counters)}"
        self.executemany(cursor, statement, rows)

    def fetch(self, statement: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        with self.lock:
            cursor = self.connection.execute(statement, self._params(params))
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def states(self, view: str, keys: Sequence[str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for marks, params in in_lists(keys, "k"):
            statement = f"SELECT state_key, state FROM view_state WHERE view_name = :v AND state_key IN ({marks})"
            found += self.fetch(statement, {"v": view, **params})
        return found

    def scrub(self, table: str) -> None:
        # secure_delete (set on this connection) already overwrote the deleted row in the page; the page's
        # earlier versions live on in the write-ahead log until a checkpoint moves them and truncates it.
        # Another connection reading meanwhile can hold the checkpoint back: try again for a while.
        for _ in range(50):
            with self.lock:
                busy, _, _ = self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return
            time.sleep(0.1)
        log.warning("the write-ahead log could not be truncated after an erasure: other readers held it")

    def tidy(self, table: str) -> None:
        with self.lock:
            self.connection.execute(f"ANALYZE {table}")

    def away(self, error: BaseException) -> bool:
        return isinstance(error, sqlite3.OperationalError)

    def close(self) -> None:
        self.connection.close()
