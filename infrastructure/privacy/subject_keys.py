"""Per-subject AES-256-GCM keys in their own table; destroying a key erases the subject's data.

The nonce is derived from the key and the plaintext (HMAC-SHA256), so sealing the same data twice gives
the same bytes: the hash chain is computed over exactly the bytes that are stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from infrastructure.views.sql_store import Dialect

CREATE = "CREATE TABLE IF NOT EXISTS subject_keys (subject_id TEXT PRIMARY KEY, key_hex TEXT NOT NULL)"


class KeyStore:
    """Keys in memory (the in-memory backend) — the base for the table-backed store."""

    def __init__(self) -> None:
        self._keys: dict[str, bytes | None] = {}
        self._lock = threading.Lock()

    def _load(self, subject_id: str) -> bytes | None:
        return None

    def _insert(self, keys: dict[str, bytes]) -> None:
        pass

    def _delete(self, subject_id: str) -> None:
        pass

    def key(self, subject_id: str, create: bool) -> bytes | None:
        with self._lock:
            if subject_id in self._keys and (self._keys[subject_id] is not None or not create):
                return self._keys[subject_id]
            key = self._load(subject_id)
            if key is None and create:
                key = AESGCM.generate_key(bit_length=256)
                self._insert({subject_id: key})
            self._keys[subject_id] = key
            return key

    def ensure(self, subject_ids: Iterable[str]) -> None:
        """Create the keys of many new subjects in one write (imports)."""
        with self._lock:
            missing = {s: AESGCM.generate_key(bit_length=256) for s in set(subject_ids) if self._keys.get(s) is None}
            missing = {s: k for s, k in missing.items() if self._load(s) is None}
            if missing:
                self._insert(missing)
                self._keys.update(missing)

    def destroy(self, subject_id: str) -> None:
        with self._lock:
            self._delete(subject_id)
            self._keys[subject_id] = None


class TableKeyStore(KeyStore):
    def __init__(self, dialect: Dialect) -> None:
        super().__init__()
        self.dialect = dialect
        with dialect.transaction() as cursor:
            dialect.execute(cursor, CREATE)

    def _load(self, subject_id: str) -> bytes | None:
        rows = self.dialect.fetch("SELECT key_hex FROM subject_keys WHERE subject_id = :s", {"s": subject_id})
        return bytes.fromhex(rows[0]["key_hex"]) if rows else None

    def _insert(self, keys: dict[str, bytes]) -> None:
        rows = [{"s": s, "k": k.hex()} for s, k in keys.items()]
        with self.dialect.transaction() as cursor:
            self.dialect.executemany(cursor, "INSERT INTO subject_keys (subject_id, key_hex) VALUES (:s, :k)", rows)

    def _delete(self, subject_id: str) -> None:
        with self.dialect.transaction() as cursor:
            self.dialect.execute(cursor, "DELETE FROM subject_keys WHERE subject_id = :s", {"s": subject_id})


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

    def ensure(self, subject_ids: Iterable[str]) -> None:
        self.keys.ensure(subject_ids)
