"""The transparency log's tables beside the events: leaves, stored hashes (Go sumdb layout) and signed heads.

Nothing here is trusted for itself: a stored hash or head is believed only once it verifies against a head
signed by a configured key (and, for recent history, a witness).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from application.integrity.log import LeafEntry, StoredHead
from infrastructure.views.dialect import in_lists
from infrastructure.views.sql_store import SqlViewStore

TABLES = (
    """CREATE TABLE IF NOT EXISTS tlog_leaf (
        leaf_index BIGINT PRIMARY KEY, position BIGINT NOT NULL UNIQUE,
        aggregate TEXT NOT NULL, version INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS tlog_leaf_aggregate ON tlog_leaf (aggregate, version)",
    "CREATE TABLE IF NOT EXISTS tlog_hash (idx BIGINT PRIMARY KEY, hash {bytes} NOT NULL)",
    "CREATE TABLE IF NOT EXISTS tlog_head (tree_size BIGINT PRIMARY KEY, note TEXT NOT NULL, signed_at TEXT NOT NULL)",
)
# Appending is serialised: a second sealer waits, then sees the tree's new size and starts again from it.
PG_LOCK = "SELECT pg_advisory_xact_lock(7362841)"


class SqlTreeStore:
    def __init__(self, store: SqlViewStore) -> None:
        self.store = store
        self.dialect = store.dialect
        binary = "BYTEA" if self.dialect.name == "postgres" else "BLOB"
        with self.dialect.transaction() as cursor:
            for statement in TABLES:
                self.dialect.execute(cursor, statement.format(bytes=binary))

    def size(self) -> int:
        [row] = self.store.rows("SELECT MAX(leaf_index) AS last FROM tlog_leaf", {})
        return 0 if row["last"] is None else int(row["last"]) + 1

    def last_position(self) -> int:
        [row] = self.store.rows("SELECT MAX(position) AS last FROM tlog_leaf", {})
        return int(row["last"] or 0)

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        found: dict[int, bytes] = {}
        for marks, params in in_lists(list(indexes), "i"):
            for row in self.store.rows(f"SELECT idx, hash FROM tlog_hash WHERE idx IN ({marks})", params):
                found[int(row["idx"])] = bytes(row["hash"])
        missing = [i for i in indexes if i not in found]
        if missing:
            raise LookupError(f"the tree's stored hashes {missing[:5]} are missing")
        return [found[i] for i in indexes]

    def append(self, size: int, leaves: Sequence[LeafEntry], hashes: Sequence[tuple[int, bytes]]) -> bool:
        with self.dialect.transaction() as cursor:
            if self.dialect.name == "postgres":
                self.dialect.execute(cursor, PG_LOCK)
            cursor.execute("SELECT MAX(leaf_index) FROM tlog_leaf")
            (last,) = cursor.fetchone()
            if (0 if last is None else int(last) + 1) != size:
                return False
            self.dialect.executemany(
                cursor,
                "INSERT INTO tlog_leaf (leaf_index, position, aggregate, version) VALUES (:i, :p, :a, :v)",
                [{"i": e.index, "p": e.position, "a": e.aggregate, "v": e.version} for e in leaves],
            )
            self.dialect.executemany(
                cursor,
                "INSERT INTO tlog_hash (idx, hash) VALUES (:i, :h)",
                [{"i": index, "h": h} for index, h in hashes],
            )
        return True

    def leaves(self, start: int, limit: int) -> list[LeafEntry]:
        rows = self.store.rows(
            "SELECT * FROM tlog_leaf WHERE leaf_index >= :s ORDER BY leaf_index LIMIT :n", {"s": start, "n": limit}
        )
        return [_entry(r) for r in rows]

    def leaves_of(self, aggregates: Sequence[str]) -> list[LeafEntry]:
        entries: list[LeafEntry] = []
        for marks, params in in_lists(list(aggregates), "a"):
            rows = self.store.rows(f"SELECT * FROM tlog_leaf WHERE aggregate IN ({marks})", params)
            entries += [_entry(r) for r in rows]
        return sorted(entries, key=lambda e: e.index)

    def add_head(self, head: StoredHead) -> bool:
        with self.dialect.transaction() as cursor:
            if self.dialect.name == "postgres":
                self.dialect.execute(cursor, PG_LOCK)
            self.dialect.execute(cursor, "SELECT COUNT(*) FROM tlog_head WHERE tree_size >= :s", {"s": head.size})
            (later,) = cursor.fetchone()
            if later:
                return False
            self.dialect.execute(
                cursor,
                "INSERT INTO tlog_head (tree_size, note, signed_at) VALUES (:s, :n, :t)",
                {"s": head.size, "n": head.note, "t": head.signed_at.isoformat()},
            )
        return True

    def heads(self) -> list[StoredHead]:
        rows = self.store.rows("SELECT * FROM tlog_head ORDER BY tree_size", {})
        return [_head(r) for r in rows]

    def latest_head(self) -> StoredHead | None:
        rows = self.store.rows("SELECT * FROM tlog_head ORDER BY tree_size DESC LIMIT 1", {})
        return _head(rows[0]) if rows else None


def _entry(row: dict[str, object]) -> LeafEntry:
    return LeafEntry(
        int(str(row["leaf_index"])), int(str(row["position"])), str(row["aggregate"]), int(str(row["version"]))
    )


def _head(row: dict[str, object]) -> StoredHead:
    signed_at = row["signed_at"]
    when = signed_at if isinstance(signed_at, datetime) else datetime.fromisoformat(str(signed_at))
    return StoredHead(int(str(row["tree_size"])), str(row["note"]), when)
