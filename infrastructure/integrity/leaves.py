"""Seal leaves kept in the events' database (their root is signed, so they cannot be altered unseen)."""

from __future__ import annotations

from application.integrity.seal import Leaf
from infrastructure.views.sql_store import SqlViewStore

CREATE = """CREATE TABLE IF NOT EXISTS ledger_seal_leaves (
    seal INTEGER NOT NULL, position BIGINT NOT NULL, aggregate TEXT NOT NULL, version INTEGER NOT NULL,
    hash TEXT NOT NULL, PRIMARY KEY (seal, position))"""


class SqlSealLeaves:
    def __init__(self, store: SqlViewStore) -> None:
        self.store = store
        with store.dialect.transaction() as cursor:
            store.dialect.execute(cursor, CREATE)

    def save(self, seal: int, leaves: list[Leaf]) -> None:
        rows = [
            {"s": seal, "p": leaf.position, "a": leaf.aggregate, "v": leaf.version, "h": leaf.hash} for leaf in leaves
        ]
        with self.store.dialect.transaction() as cursor:
            self.store.dialect.execute(cursor, "DELETE FROM ledger_seal_leaves WHERE seal = :s", {"s": seal})
            statement = (
                "INSERT INTO ledger_seal_leaves (seal, position, aggregate, version, hash) VALUES (:s, :p, :a, :v, :h)"
            )
            self.store.dialect.executemany(cursor, statement, rows)

    def load(self, seal: int) -> list[Leaf]:
        rows = self.store.rows("SELECT * FROM ledger_seal_leaves WHERE seal = :s ORDER BY position", {"s": seal})
        return [Leaf(int(r["position"]), str(r["aggregate"]), int(r["version"]), str(r["hash"])) for r in rows]
