"""The read-access log, kept beside the views (append-only from the application's side)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from application.access_log import Read
from infrastructure.views.sql_store import SqlViewStore

CREATE = """CREATE TABLE IF NOT EXISTS access_log (
    read_id TEXT PRIMARY KEY, at {ts} NOT NULL, person_id TEXT NOT NULL, role TEXT NOT NULL, department TEXT,
    action TEXT NOT NULL, subject TEXT NOT NULL)"""
INDEX = "CREATE INDEX IF NOT EXISTS access_log_at_idx ON access_log (at)"


class SqlAccessLog:
    def __init__(self, store: SqlViewStore) -> None:
        self.store = store
        timestamp = "TIMESTAMPTZ" if store.dialect.name == "postgres" else "TEXT"
        with store.dialect.transaction() as cursor:
            store.dialect.execute(cursor, CREATE.format(ts=timestamp))
            store.dialect.execute(cursor, INDEX)

    def record(self, read: Read) -> None:
        row = {"i": uuid.uuid4().hex, **vars(read)}
        statement = (
            "INSERT INTO access_log (read_id, at, person_id, role, department, action, subject) "
            "VALUES (:i, :at, :person_id, :role, :department, :action, :subject)"
        )
        with self.store.dialect.transaction() as cursor:
            self.store.dialect.execute(cursor, statement, row)

    def reads(
        self,
        *,
        person: str | None = None,
        subject: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[dict[str, Any]]:
        clauses, params = ["1 = 1"], {}
        for value, clause, name in (
            (person, "person_id = :person", "person"),
            (subject, "subject = :subject", "subject"),
            (date_from, "at >= :date_from", "date_from"),
            (date_to + timedelta(days=1) if date_to else None, "at < :date_to", "date_to"),
        ):
            if value:
                clauses.append(clause)
                params[name] = value
        where = " AND ".join(clauses)
        columns = "at, person_id, role, department, action, subject"
        return self.store.rows(f"SELECT {columns} FROM access_log WHERE {where} ORDER BY at", params)
