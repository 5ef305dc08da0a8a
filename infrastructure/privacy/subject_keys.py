"""Per-subject AES-256-GCM keys in their own table; destroying a key erases the subject's data.

The nonce is derived from the key and the plaintext (HMAC-SHA256), so sealing the same data twice gives
the same bytes: the hash chain is computed over exactly the bytes that are stored.

In the table each key is kept wrapped (AES-256-GCM) under the key-encryption key, a file outside the
database (``CASELEDGER_KEK``): a copy of the database alone decrypts nothing. Destroying a key deletes
its row and then leaves no copy of it in the store's files: on SQLite the connection deletes securely
(the row's bytes are overwritten) and the write-ahead log is checkpointed and truncated; on PostgreSQL
the table is rewritten (``VACUUM FULL``), so the old row's page goes with the old file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
from collections.abc import Iterable, Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.plumbing.freshness import ERASURE_SECONDS
from application.plumbing.lru import ExpiringLRU
from infrastructure.views.dialect import Dialect, in_lists

KEY_SECONDS = ERASURE_SECONDS  # how long a key read from the table is used (freshness, clause 4)
KEYS_CACHED = 20_000  # keys remembered at most

CREATE = "CREATE TABLE IF NOT EXISTS subject_keys (subject_id TEXT PRIMARY KEY, key_hex TEXT NOT NULL)"


class KeyStore:
    """Keys kept in a dictionary (the in-memory backend) — the base for the table-backed store.

    Keys read from the store are remembered for ``KEY_SECONDS`` at most, and only the ``KEYS_CACHED``
    most recently used: a long-running worker does not gather every subject's key, and an erasure
    recorded by another process stops this one decrypting within that time.
    """

    def __init__(self) -> None:
        self._keys: ExpiringLRU[str, bytes | None] = ExpiringLRU(KEYS_CACHED, KEY_SECONDS)  # None: erased
        self._kept: dict[str, bytes] = {}
        self._kept_lock = threading.Lock()

    # The store itself (a dictionary here, a table below). No lock is held across these: two processes
    # creating a key for one subject at once both insert-if-absent, then both read back the one kept.

    def _insert_new(self, keys: dict[str, bytes]) -> dict[str, bytes]:
        """Keep these keys for the subjects that have none yet (the others keep theirs); return those kept."""
        with self._kept_lock:
            return {s: k for s, k in keys.items() if self._kept.setdefault(s, k) is k}

    def _load(self, subject_ids: Sequence[str]) -> dict[str, bytes]:
        with self._kept_lock:
            return {s: self._kept[s] for s in subject_ids if s in self._kept}

    def _delete(self, subject_id: str) -> None:
        with self._kept_lock:
            self._kept.pop(subject_id, None)

    def key(self, subject_id: str, create: bool) -> bytes | None:
        known, key = self._keys.lookup(subject_id)
        if known and (key is not None or not create):
            return key
        if create:
            self.ensure([subject_id])
            return self._keys.lookup(subject_id)[1]
        key = self._load([subject_id]).get(subject_id)
        self._keys.update({subject_id: key})
        return key

    def ensure(self, subject_ids: Iterable[str]) -> None:
        """Create the keys of new subjects in one write, and remember every one of them (a subject that
        had a key, perhaps made by another process a moment ago, keeps it: it is read back)."""
        wanted = sorted({s for s in subject_ids if self._keys.lookup(s)[1] is None})
        if wanted:
            kept = self._insert_new({s: AESGCM.generate_key(bit_length=256) for s in wanted})
            had = [s for s in wanted if s not in kept]
            self._keys.update({**kept, **(self._load(had) if had else {})})

    def read_ahead(self, subject_ids: Iterable[str]) -> None:
        """Read the keys of many subjects in one query (those of a page of events about to be decoded);
        a subject without a key is remembered as erased, as ``key`` does."""
        wanted = sorted({s for s in subject_ids if not self._keys.lookup(s)[0]})
        if wanted:
            found = self._load(wanted)
            self._keys.update({s: found.get(s) for s in wanted})

    def destroy(self, subject_id: str) -> None:
        self._delete(subject_id)
        self._keys.update({subject_id: None})


WRAPPED_HEX = 2 * (12 + 32 + 16)  # nonce, key, tag
PLAIN_HEX = 2 * 32  # a key kept before keys were wrapped


class TableKeyStore(KeyStore):
    def __init__(self, dialect: Dialect, kek: bytes) -> None:
        super().__init__()
        self.dialect, self._kek = dialect, AESGCM(kek)
        with dialect.transaction() as cursor:
            dialect.execute(cursor, CREATE)
        self._wrap_plain_keys()

    def _wrap(self, subject_id: str, key: bytes) -> str:
        nonce = os.urandom(12)
        return (nonce + self._kek.encrypt(nonce, key, b"subject-key:" + subject_id.encode())).hex()

    def _unwrap(self, subject_id: str, stored: str) -> bytes:
        data = bytes.fromhex(stored)
        try:
            return self._kek.decrypt(data[:12], data[12:], b"subject-key:" + subject_id.encode())
        except InvalidTag:
            raise ValueError(f"the key of subject {subject_id} does not open with this key-encryption key") from None

    def _wrap_plain_keys(self) -> None:
        """Keys kept before wrapping are wrapped in place, once (then securely scrubbed like an erasure)."""
        rows = self.dialect.fetch(
            "SELECT subject_id, key_hex FROM subject_keys WHERE length(key_hex) = :n", {"n": PLAIN_HEX}
        )
        if not rows:
            return
        with self.dialect.transaction() as cursor:
            for row in rows:
                wrapped = self._wrap(row["subject_id"], bytes.fromhex(row["key_hex"]))
                self.dialect.execute(
                    cursor,
                    "UPDATE subject_keys SET key_hex = :k WHERE subject_id = :s",
                    {"k": wrapped, "s": row["subject_id"]},
                )
        self.dialect.scrub("subject_keys")

    def _insert_new(self, keys: dict[str, bytes]) -> dict[str, bytes]:
        # One statement per 500 subjects, committed on its own: the keys are written before any event
        # sealed with them, and only the subjects that had no key come back.
        kept: dict[str, bytes] = {}
        items = list(keys.items())
        for offset in range(0, len(items), 500):
            params: dict[str, str] = {}
            for i, (subject, key) in enumerate(items[offset : offset + 500]):
                params[f"s{i}"], params[f"k{i}"] = subject, self._wrap(subject, key)
            values = ", ".join(f"(:s{i}, :k{i})" for i in range(len(params) // 2))
            statement = (
                f"INSERT INTO subject_keys (subject_id, key_hex) VALUES {values} "
                "ON CONFLICT (subject_id) DO NOTHING RETURNING subject_id"
            )
            kept.update({r["subject_id"]: keys[r["subject_id"]] for r in self.dialect.fetch(statement, params)})
        return kept

    def _load(self, subject_ids: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for marks, chunk in in_lists(subject_ids, "s"):  # placeholders only: the ids travel as parameters
            rows = self.dialect.fetch(
                f"SELECT subject_id, key_hex FROM subject_keys WHERE subject_id IN ({marks})", chunk
            )
            found.update({row["subject_id"]: self._unwrap(row["subject_id"], row["key_hex"]) for row in rows})
        return found

    def _delete(self, subject_id: str) -> None:
        with self.dialect.transaction() as cursor:
            self.dialect.execute(cursor, "DELETE FROM subject_keys WHERE subject_id = :s", {"s": subject_id})
        self.dialect.scrub("subject_keys")


class SubjectCipherAesGcm:
    """``SubjectCipher``: AES-256-GCM under each subject's key, with a synthetic (deterministic) nonce."""

    def __init__(self, keys: KeyStore) -> None:
        self.keys = keys

    def seal(self, subject_id: str, plaintext: bytes) -> str:
        key = self.keys.key(subject_id, create=True)
        if key is None:
            raise ValueError(f"subject {subject_id} was erased: no new personal data can be sealed for it")
        nonce = hmac.new(key, plaintext, hashlib.sha256).digest()[:12]
        return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plaintext, subject_id.encode())).decode()

    def open(self, subject_id: str, sealed: str) -> bytes | None:
        key = self.keys.key(subject_id, create=False)
        if key is None:
            return None
        data = base64.b64decode(sealed)
        try:
            return AESGCM(key).decrypt(data[:12], data[12:], subject_id.encode())
        except InvalidTag:
            return None

    def destroy(self, subject_id: str) -> None:
        self.keys.destroy(subject_id)

    def has_key(self, subject_id: str) -> bool:
        return self.keys.key(subject_id, create=False) is not None

    def ensure(self, subject_ids: Iterable[str]) -> None:
        self.keys.ensure(subject_ids)

    def read_ahead(self, subject_ids: Iterable[str]) -> None:
        self.keys.read_ahead(subject_ids)
