"""A view store on SQLite or PostgreSQL (through its ``Dialect``): each batch's rows, state and position
in one transaction."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson

from application.projections.base import Column, Projection, Table
from application.projections.store import ViewMoved, ViewStatus
from domain.business_time import SHANGHAI
from infrastructure.views.dialect import TYPES, Dialect, in_lists, plain

log = logging.getLogger("caseledger.views")
# States a view held by a rebuild keeps in its process (as JSON, about a kilobyte each): a case's events
# come over weeks, in many batches, and its state is written once it has gone quiet, not every batch.
HELD_STATES = 20_000
STATES_A_STATEMENT = 2_000

__all__ = ["Dialect", "SqlBatchWriter", "SqlViewStore", "in_lists", "plain"]


TRACKING = """CREATE TABLE IF NOT EXISTS view_tracking (
    view_name TEXT PRIMARY KEY, position BIGINT NOT NULL, stopped {bool} NOT NULL, error TEXT, updated_at TEXT)"""
SHAPES = "CREATE TABLE IF NOT EXISTS view_shapes (view_name TEXT PRIMARY KEY, shape TEXT NOT NULL)"
STATE = """CREATE TABLE IF NOT EXISTS view_state (
    view_name TEXT NOT NULL, state_key TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (view_name, state_key))"""


STATE_TABLE = Table(
    "view_state", (Column("view_name"), Column("state_key"), Column("state")), key=("view_name", "state_key")
)


def _state_json(state: Mapping[str, Any]) -> bytes:
    """A view's state of one key as JSON: UTF-8 bytes of their exact size, as a rebuild keeps thousands
    in memory (a ``str`` with one Chinese character takes two bytes for every character, and orjson's
    own result keeps the room of its buffer: a 600-byte state held 4 kB)."""
    return memoryview(orjson.dumps(state, option=orjson.OPT_NON_STR_KEYS)).tobytes()


class SqlBatchWriter:
    """Buffers one batch of a view; ``commit`` writes it and the position in one transaction."""

    def __init__(
        self,
        store: SqlViewStore,
        projection: Projection,
        states: dict[str, dict[str, Any]],
        start: int,
        *,
        held: OrderedDict[str, bytes] | None = None,
    ) -> None:
        self.store, self.projection, self.start = store, projection, start
        self._held = held  # the view's states kept in this process during a rebuild (most recent last)
        self.tables = projection.physical  # by the names the projection writes to (a rebuild's are others)
        self._states = states
        self._dirty: set[str] = set()
        self._upserts: dict[str, dict[tuple[Any, ...], Mapping[str, Any]]] = {t: {} for t in self.tables}
        self._deletes: dict[str, dict[tuple[Any, ...], Mapping[str, Any]]] = {t: {} for t in self.tables}
        self._updates: dict[tuple[str, tuple[tuple[str, Any], ...]], dict[str, Any]] = {}
        self._additions: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {t: {} for t in self.tables}
        self._counters: dict[str, set[str]] = {t: set() for t in self.tables}

    def state(self, key: str) -> dict[str, Any] | None:
        return self._states.get(key)

    def set_state(self, key: str, state: dict[str, Any]) -> None:
        self._states[key] = state
        self._dirty.add(key)

    def upsert(self, table: str, row: Mapping[str, Any]) -> None:
        key = tuple(row[k] for k in self.tables[table].key)
        self._deletes[table].pop(key, None)
        self._upserts[table][key] = row

    def delete(self, table: str, key: Mapping[str, Any]) -> None:
        values = tuple(key[k] for k in self.tables[table].key)
        self._upserts[table].pop(values, None)
        self._deletes[table][values] = key

    def update(self, table: str, match: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        self._updates.setdefault((table, tuple(sorted(match.items()))), {}).update(values)

    def add(self, table: str, row: Mapping[str, Any], amounts: Mapping[str, int]) -> None:
        key = tuple(row[k] for k in self.tables[table].key)
        pending = self._additions[table].get(key)
        if pending is None:  # the batch's first addition to this row: every column, counters at 0
            pending = self._additions[table][key] = dict.fromkeys(self.tables[table].column_names, 0) | dict(row)
        for counter, amount in amounts.items():
            pending[counter] += amount
        self._counters[table].update(amounts)

    def commit(self, position: int | None) -> None:
        dialect, name = self.store.dialect, self.projection.name
        with dialect.transaction(durable=False) as cursor:
            # Claim the view first: if another runner moved it since this batch began, write nothing.
            if position is not None:
                self.store.advance(cursor, name, self.start, position)
            for table_name, keys in self._deletes.items():
                if keys:
                    dialect.delete(cursor, self.tables[table_name], list(keys.values()))
            for table_name, rows in self._upserts.items():
                if rows:
                    dialect.upsert(cursor, self.tables[table_name], list(rows.values()))
            similar: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[dict[str, Any]]] = {}
            for (table_name, match), values in self._updates.items():
                shape = (table_name, tuple(c for c, _ in match), tuple(sorted(values)))
                similar.setdefault(shape, []).append(dict(match) | values)
            for (table_name, matched, changed), changes in similar.items():
                dialect.update(cursor, self.tables[table_name], matched, changed, changes)
            for table_name, sums in self._additions.items():
                if sums:
                    counters = sorted(self._counters[table_name])
                    dialect.add(cursor, self.tables[table_name], counters, list(sums.values()))
            states = {k: _state_json(self._states[k]) for k in self._dirty}
            if self._held is not None:  # kept in this process; written once pushed out by more recent ones
                self._held.update(states)
                for key in states:
                    self._held.move_to_end(key)
                states = dict(self._held.popitem(last=False) for _ in range(len(self._held) - HELD_STATES))
            if states:
                self.store.write_states(cursor, name, states)


class SqlViewStore:
    """The views of one ledger, in the same database as its events."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._held_states: dict[str, OrderedDict[str, bytes]] = {}  # by view, during a rebuild
        self._booleans: set[str] = set()  # the views' boolean columns (SQLite gives them back as 0 and 1)
        with dialect.transaction() as cursor:
            dialect.execute(cursor, TRACKING.format(bool=TYPES[dialect.name]["bool"]))
            dialect.execute(cursor, STATE)
            dialect.execute(cursor, SHAPES)

    def _create(self, cursor: Any, table: Table, *, indexes: bool = True) -> None:
        types = TYPES[self.dialect.name]
        columns = ", ".join(f"{c.name} {types[c.kind]}" for c in table.columns)
        self.dialect.execute(
            cursor, f"CREATE TABLE IF NOT EXISTS {table.name} ({columns}, PRIMARY KEY ({', '.join(table.key)}))"
        )
        if indexes:
            self._create_indexes(cursor, table)

    def _create_indexes(self, cursor: Any, table: Table) -> None:
        for index in table.indexes:
            name = f"{table.name}_{'_'.join(index.columns)}_idx"
            columns = ", ".join(index.columns)
            if index.include:  # SQLite has no INCLUDE: there the columns join the key, to the same effect
                extra = ", ".join(index.include)
                columns += f") INCLUDE ({extra}" if self.dialect.name == "postgres" else f", {extra}"
            where = f" WHERE {index.where}" if index.where else ""
            name += "_partial" if index.where else ""
            self.dialect.execute(cursor, f"CREATE INDEX IF NOT EXISTS {name} ON {table.name} ({columns}){where}")

    def ensure(self, projection: Projection) -> None:
        self._booleans |= {c.name for table in projection.tables for c in table.columns if c.kind == "bool"}
        shape = " | ".join(table.shape for table in projection.tables)
        found = self.dialect.fetch("SELECT shape FROM view_shapes WHERE view_name = :v", {"v": projection.name})
        built = self.dialect.fetch("SELECT position FROM view_tracking WHERE view_name = :v", {"v": projection.name})
        if found and found[0]["shape"] == shape:
            return  # built as defined (or being rebuilt: its indexes come when the rebuild ends)
        if found or built:
            log.warning("view %s changed shape: emptied, to be rebuilt from the start of the log", projection.name)
            self.reset(projection)
        with self.dialect.transaction() as cursor:
            for table in projection.tables:
                self._create(cursor, table)
            self.dialect.execute(
                cursor,
                "INSERT INTO view_shapes (view_name, shape) VALUES (:v, :s) "
                "ON CONFLICT (view_name) DO UPDATE SET shape = excluded.shape",
                {"v": projection.name, "s": shape},
            )

    def reset(self, projection: Projection, *, held: str | None = None) -> None:
        # A held view is filled in bulk: its secondary indexes are built once it is full (``release``),
        # in one sorted pass each, rather than kept up row by row.
        with self.dialect.transaction() as cursor:
            for table in projection.tables:
                self.dialect.execute(cursor, f"DROP TABLE IF EXISTS {table.name}")
                self._create(cursor, table, indexes=held is None)
            self.dialect.execute(cursor, "DELETE FROM view_state WHERE view_name = :v", {"v": projection.name})
            self.track(cursor, projection.name, 0, stopped=held is not None, error=held)

    def switch(self, live: Projection, rebuilt: Projection, held: str, position: int) -> str | None:
        """Put the rebuilt view in the live one's place, in one transaction: its tables renamed to the
        live names (indexes built), its state and its position (``position``) taken over. None when
        switched; else why not (a poison event stopped the rebuild), and the live view stays as it was."""
        status = self.status(rebuilt.name)
        with self.dialect.transaction() as cursor:
            if not (status.stopped and status.error == held):
                self._drop(cursor, rebuilt)
                return status.error or "the rebuild did not run"
            for old, new in zip(live.tables, rebuilt.tables, strict=True):
                self.dialect.execute(cursor, f"DROP TABLE IF EXISTS {old.name}")
                self.dialect.execute(cursor, f"ALTER TABLE {new.name} RENAME TO {old.name}")
                self._create_indexes(cursor, old)
            self.dialect.execute(cursor, "DELETE FROM view_state WHERE view_name = :v", {"v": live.name})
            self.dialect.execute(
                cursor, "UPDATE view_state SET view_name = :v WHERE view_name = :r", {"v": live.name, "r": rebuilt.name}
            )
            self.dialect.execute(cursor, "DELETE FROM view_tracking WHERE view_name = :r", {"r": rebuilt.name})
            self.track(cursor, live.name, position, stopped=False, error=None)
        return None

    def _drop(self, cursor: Any, projection: Projection) -> None:
        for table in projection.tables:
            self.dialect.execute(cursor, f"DROP TABLE IF EXISTS {table.name}")
        self.dialect.execute(cursor, "DELETE FROM view_state WHERE view_name = :v", {"v": projection.name})
        self.dialect.execute(cursor, "DELETE FROM view_tracking WHERE view_name = :v", {"v": projection.name})

    def hold_states(self, name: str) -> None:
        self._held_states[name] = OrderedDict()

    def write_held_states(self, name: str) -> None:
        held = self._held_states.pop(name, None)
        if held:
            with self.dialect.transaction(durable=False) as cursor:
                self.write_states(cursor, name, held)

    def write_states(self, cursor: Any, name: str, states: Mapping[str, bytes]) -> None:
        """Write these states (as JSON) of the view, in key order, a few thousand a statement: the end of
        a rebuild writes all its held states at once, and one document of them all (as text, two bytes a
        character once one is Chinese) was the rebuild's peak of memory."""
        keys = sorted(states)
        for offset in range(0, len(keys), STATES_A_STATEMENT):
            chunk = keys[offset : offset + STATES_A_STATEMENT]
            rows = [{"view_name": name, "state_key": k, "state": states[k].decode()} for k in chunk]
            self.dialect.upsert(cursor, STATE_TABLE, rows)

    def track(self, cursor: Any, name: str, position: int, *, stopped: bool, error: str | None) -> None:
        statement = (
            "INSERT INTO view_tracking (view_name, position, stopped, error, updated_at) VALUES (:n, :p, :s, :e, :u) "
            "ON CONFLICT (view_name) DO UPDATE SET position = excluded.position, stopped = excluded.stopped, "
            "error = excluded.error, updated_at = excluded.updated_at"
        )
        now = datetime.now(tz=SHANGHAI).isoformat()
        self.dialect.execute(cursor, statement, {"n": name, "p": position, "s": stopped, "e": error, "u": now})

    def advance(self, cursor: Any, name: str, start: int, position: int) -> None:
        """Move the view from ``start`` to ``position``, or raise ``ViewMoved`` if it is not at ``start``."""
        if start == 0:
            statement = (
                "INSERT INTO view_tracking (view_name, position, stopped) VALUES (:n, 0, :f) "
                "ON CONFLICT (view_name) DO NOTHING"
            )
            self.dialect.execute(cursor, statement, {"n": name, "f": False})
        now = datetime.now(tz=SHANGHAI).isoformat()
        statement = (
            "UPDATE view_tracking SET position = :p, updated_at = :u "
            "WHERE view_name = :n AND position = :s AND stopped = :f"
        )
        self.dialect.execute(cursor, statement, {"p": position, "u": now, "n": name, "s": start, "f": False})
        if cursor.rowcount != 1:
            raise ViewMoved(f"view {name} is no longer at position {start}")

    def status(self, name: str) -> ViewStatus:
        rows = self.dialect.fetch("SELECT * FROM view_tracking WHERE view_name = :n", {"n": name})
        if not rows:
            return ViewStatus(name, 0, False, None, None)
        row = rows[0]
        updated = datetime.fromisoformat(row["updated_at"]) if row["updated_at"] else None
        return ViewStatus(name, int(row["position"]), bool(row["stopped"]), row["error"], updated)

    def writer(self, projection: Projection, keys: set[str], start: int) -> SqlBatchWriter:
        held = self._held_states.get(projection.name)
        kept: Mapping[str, bytes] = held or {}
        states = {key: orjson.loads(kept[key]) for key in keys if key in kept}
        missing = sorted(key for key in keys if key not in kept)
        found = self.dialect.states(projection.name, missing) if missing else []
        states |= {row["state_key"]: orjson.loads(row["state"]) for row in found}
        return SqlBatchWriter(self, projection, states, start, held=held)

    def analyze(self, projection: Projection) -> None:
        for table in projection.tables:
            self.dialect.tidy(table.name)

    def refuses(self, error: BaseException) -> bool:
        # A lost connection or a locked file says nothing about the data: only other errors stop a view.
        return not self.dialect.away(error)

    def stop(self, name: str, position: int, error: str) -> None:
        with self.dialect.transaction() as cursor:
            self.track(cursor, name, position, stopped=True, error=error)

    def rows(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        rows = [{k: plain(v) for k, v in row.items()} for row in self.dialect.fetch(sql, params)]
        if self.dialect.name == "sqlite":  # a boolean column reads back as a boolean on both backends
            for row in rows:
                for name in self._booleans.intersection(row):
                    if row[name] in (0, 1) and not isinstance(row[name], bool):
                        row[name] = bool(row[name])
        return rows

    def close(self) -> None:
        self.dialect.close()
