"""The notifier's deliveries, kept beside the views (its own record: a rebuild of the outbox leaves it),
and its reading of the outbox view."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from application.notifications.outbox import OUTBOX
from application.notifications.ports import Delivery, DeliveryState
from infrastructure.views.sql_store import SqlViewStore

CREATE = (
    """CREATE TABLE IF NOT EXISTS notify_delivery (
    delivery_key TEXT PRIMARY KEY, notice_id BIGINT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
    recipient TEXT NOT NULL, channel TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
    created_at {ts} NOT NULL, updated_at {ts} NOT NULL, next_try {ts}, lease_until {ts}, sent_at {ts},
    last_error TEXT)""",
    "CREATE INDEX IF NOT EXISTS notify_delivery_open_idx ON notify_delivery (state, notice_id)",
    "CREATE INDEX IF NOT EXISTS notify_delivery_notice_idx ON notify_delivery (notice_id)",
    "CREATE TABLE IF NOT EXISTS notify_cursor (name TEXT PRIMARY KEY, expanded_through BIGINT NOT NULL)",
)
COLUMNS = "delivery_key, notice_id, kind, subject, recipient, channel, state, attempts"
OPEN = ("pending", "retry", "sending")


class SqlDeliveries:
    def __init__(self, store: SqlViewStore) -> None:
        self.store = store
        timestamp = "TIMESTAMPTZ" if store.dialect.name == "postgres" else "TEXT"
        with store.dialect.transaction() as cursor:
            for statement in CREATE:
                store.dialect.execute(cursor, statement.format(ts=timestamp))

    # -- the outbox, as the notifier reads it -----------------------------------------------------------------

    def notices_after(self, notice_id: int, limit: int) -> list[dict[str, Any]]:
        return self.store.rows(
            f"SELECT * FROM {OUTBOX.name} WHERE notice_id > :n ORDER BY notice_id LIMIT :l",
            {"n": notice_id, "l": limit},
        )

    def notice(self, notice_id: int) -> dict[str, Any] | None:
        rows = self.store.rows(f"SELECT * FROM {OUTBOX.name} WHERE notice_id = :n", {"n": notice_id})
        return rows[0] if rows else None

    # -- deliveries ------------------------------------------------------------------------------------------

    def expanded_through(self) -> int:
        rows = self.store.rows("SELECT expanded_through FROM notify_cursor WHERE name = 'outbox'", {})
        return int(rows[0]["expanded_through"]) if rows else 0

    def expand(self, deliveries: Sequence[Delivery], through: int, at: datetime) -> None:
        insert = (
            f"INSERT INTO notify_delivery ({COLUMNS}, created_at, updated_at) "
            "VALUES (:key, :notice_id, :kind, :subject, :recipient, :channel, :state, 0, :at, :at) "
            "ON CONFLICT (delivery_key) DO NOTHING"
        )
        advance = (
            "INSERT INTO notify_cursor (name, expanded_through) VALUES ('outbox', :t) ON CONFLICT (name) "
            "DO UPDATE SET expanded_through = excluded.expanded_through "
            "WHERE notify_cursor.expanded_through < excluded.expanded_through"
        )
        rows = [{**vars(d), "state": d.state.value, "at": at} for d in deliveries]
        with self.store.dialect.transaction() as cursor:
            if rows:
                self.store.dialect.executemany(cursor, insert, rows)
            self.store.dialect.execute(cursor, advance, {"t": through})

    def due(self, now: datetime, limit: int) -> list[Delivery]:
        rows = self.store.rows(
            f"SELECT {COLUMNS} FROM notify_delivery WHERE state = 'pending' "
            "OR (state = 'retry' AND next_try <= :now) OR (state = 'sending' AND lease_until <= :now) "
            "ORDER BY notice_id, delivery_key LIMIT :l",
            {"now": now, "l": limit},
        )
        return [
            Delivery(
                r["delivery_key"],
                int(r["notice_id"]),
                r["kind"],
                r["subject"],
                r["recipient"],
                r["channel"],
                DeliveryState(r["state"]),
                int(r["attempts"]),
            )
            for r in rows
        ]

    def claim(self, delivery: Delivery, lease_until: datetime) -> bool:
        statement = (
            "UPDATE notify_delivery SET state = 'sending', lease_until = :lease, attempts = attempts + 1 "
            "WHERE delivery_key = :k AND state = :state AND attempts = :attempts"
        )
        params = {"lease": lease_until, "k": delivery.key, "state": delivery.state.value, "attempts": delivery.attempts}
        with self.store.dialect.transaction() as cursor:
            self.store.dialect.execute(cursor, statement, params)
            return bool(cursor.rowcount == 1)

    def settle(
        self,
        key: str,
        state: DeliveryState,
        at: datetime,
        *,
        error: str | None = None,
        next_try: datetime | None = None,
    ) -> None:
        statement = (
            "UPDATE notify_delivery SET state = :state, updated_at = :at, next_try = :next_try, lease_until = NULL, "
            "last_error = :error, sent_at = :sent_at WHERE delivery_key = :k"
        )
        sent_at = at if state is DeliveryState.SENT else None
        params = {"state": state.value, "at": at, "next_try": next_try, "error": error, "sent_at": sent_at, "k": key}
        with self.store.dialect.transaction() as cursor:
            self.store.dialect.execute(cursor, statement, params)

    def listing(self, state: DeliveryState | None, limit: int) -> list[dict[str, Any]]:
        where = "WHERE state = :state" if state is not None else ""
        return self.store.rows(
            f"SELECT {COLUMNS}, created_at, updated_at, next_try, sent_at, last_error FROM notify_delivery {where} "
            "ORDER BY notice_id DESC, delivery_key LIMIT :l",
            {"state": state.value if state else None, "l": limit},
        )

    def counts(self) -> dict[str, int]:
        rows = self.store.rows("SELECT state, COUNT(*) AS n FROM notify_delivery GROUP BY state", {})
        return {r["state"]: int(r["n"]) for r in rows}
