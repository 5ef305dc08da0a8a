"""What a view store needs of its database, and the SQL both backends share.

``SqlViewStore`` speaks to SQLite or PostgreSQL through a ``Dialect``: ``sqlite_dialect`` and
``postgres_dialect`` (which alone imports the PostgreSQL driver) each implement it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

import orjson

from application.projections.base import Table
from domain.business_time import SHANGHAI

TYPES = {
    "sqlite": {
        "text": "TEXT",
        "int": "INTEGER",
        "real": "REAL",
        "bool": "INTEGER",
        "date": "TEXT",
        "timestamp": "TEXT",
    },
    "postgres": {
        "text": "TEXT",
        "int": "BIGINT",
        "real": "DOUBLE PRECISION",
        "bool": "BOOLEAN",
        "date": "DATE",
        "timestamp": "TIMESTAMPTZ",
    },
}
PARAM = re.compile(r"(?<![:\w]):(\w+)")


def plain(value: Any) -> Any:
    """One representation on both backends: instants in Asia/Shanghai, dates as ISO days."""
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Dialect(Protocol):
    name: str

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[Any]:
        """A transaction; not ``durable``: its commit need not wait for the disk (a view's batch, which a
        crash would only take back together with its position, to be folded again)."""

    def execute(self, cursor: Any, statement: str, params: Mapping[str, Any] | None = None) -> None: ...

    def executemany(self, cursor: Any, statement: str, rows: Sequence[Mapping[str, Any]]) -> None: ...

    def upsert(self, cursor: Any, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows`` (every column, keys unique), replacing rows with the same key."""

    def delete(self, cursor: Any, table: Table, keys: Sequence[Mapping[str, Any]]) -> None:
        """Delete the rows with these keys."""

    def update(
        self, cursor: Any, table: Table, match: Sequence[str], columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
    ) -> None:
        """Per row: set ``columns`` on the rows whose ``match`` columns have its values."""

    def add(self, cursor: Any, table: Table, counters: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows`` (every column, keys unique); where a row's key exists, add its ``counters``."""

    def fetch(self, statement: str, params: Mapping[str, Any]) -> list[dict[str, Any]]: ...

    def states(self, view: str, keys: Sequence[str]) -> list[dict[str, Any]]:
        """The ``state_key`` and ``state`` of those of ``keys`` that the view has a state for."""

    def scrub(self, table: str) -> None:
        """Leave no copy of rows deleted from ``table`` in the store's files (after an erasure)."""

    def tidy(self, table: str) -> None:
        """After bulk writes: refresh the table's statistics (and on PostgreSQL its visibility map, as
        autovacuum would in its own time, so that reports read covering indexes alone)."""

    def away(self, error: BaseException) -> bool:
        """Whether ``error`` says the store is away for a moment (a lost connection, a locked file) rather
        than anything about the data."""

    def close(self) -> None: ...


def on_conflict(table: Table) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in table.column_names if c not in table.key) or None
    return f"ON CONFLICT ({', '.join(table.key)}) " + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING")


def adding(table: Table, counters: Sequence[str]) -> str:
    amounts = ", ".join(f"{c} = {table.name}.{c} + excluded.{c}" for c in counters)
    return f"ON CONFLICT ({', '.join(table.key)}) DO UPDATE SET {amounts}"


def upsert_statement(table: Table) -> str:
    columns = ", ".join(table.column_names)
    values = ", ".join(f":{c}" for c in table.column_names)
    return f"INSERT INTO {table.name} ({columns}) VALUES ({values}) {on_conflict(table)}"


def in_lists(values: Sequence[Any], prefix: str, size: int = 500) -> Iterator[tuple[str, dict[str, Any]]]:
    """``values`` in chunks for ``IN (...)``: each chunk's placeholders (``:prefix0, ...``) and parameters."""
    for offset in range(0, len(values), size):
        params = {f"{prefix}{i}": value for i, value in enumerate(values[offset : offset + size])}
        yield ", ".join(f":{name}" for name in params), params


def records(table: Table, names: Sequence[str]) -> str:
    """The rows of a JSON array parameter as a typed relation ``r`` with the columns ``names``."""
    kinds = {c.name: c.kind for c in table.columns}
    typed = ", ".join(f"{name} {TYPES['postgres'][kinds[name]]}" for name in names)
    return f"jsonb_to_recordset(%s::jsonb) AS r({typed})"


def json_rows(rows: Sequence[Mapping[str, Any]]) -> str:
    return orjson.dumps(list(rows), default=json_value, option=orjson.OPT_PASSTHROUGH_DATETIME).decode()


def json_value(value: Any) -> Any:
    """Values JSON lacks, as PostgreSQL's text input of their column type."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"a view row holds a {type(value).__name__}")
