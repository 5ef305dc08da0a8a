"""A witness kept in a folder outside the database: an append-only file per log, and a key of its own.

Meant for storage the database's host cannot rewrite (another machine's share, a WORM volume). Each
accepted head is a JSON line ``{"size", "root", "note", "cosigned_at"}``, appended and flushed to disk
under a lock before the witness answers; a refused head goes to ``rejected.jsonl``. The witness cosigns
with its own Ed25519 key (``witness-ed25519.pem``, mode 0600) and publishes its vkey as ``witness.vkey``.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from application.integrity.checkpoint import COSIGNATURE_KEY, SignedNote, VerifierKey, cosign
from application.integrity.witness import Witnessed, WitnessRefused, check_addition
from infrastructure.integrity.keys import FileSigner, signature_ok

TAIL = 64 * 1024  # a line is a few hundred bytes: the last one is always in the file's last 64 KiB


class FileWitness:
    def __init__(self, folder: Path, log_keys: Sequence[VerifierKey], name: str | None = None) -> None:
        self.folder = folder
        self.name = name or f"witness/{folder.resolve().name}"
        self.log_keys = list(log_keys)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._signer: FileSigner | None = None

    @property
    def vkey(self) -> VerifierKey:
        return self._key().publish_vkey(self.name, self.folder / "witness.vkey", COSIGNATURE_KEY)

    def _key(self) -> FileSigner:
        if self._signer is None:
            self._signer = FileSigner(self.folder / "witness-ed25519.pem")
        return self._signer

    def _file(self, origin: str) -> Path:
        return self.folder / f"{hashlib.sha256(origin.encode()).hexdigest()}.jsonl"

    def latest(self, origin: str) -> Witnessed | None:
        path = self._file(origin)
        if not path.exists():
            return None
        with path.open("rb") as file:
            file.seek(max(0, path.stat().st_size - TAIL))
            lines = [line for line in file.read().split(b"\n") if line.strip()]
        if not lines:
            return None
        last = json.loads(lines[-1])
        return Witnessed(int(last["size"]), base64.b64decode(last["root"]), str(last["note"]))

    def add(self, note: str, old_size: int, proof: Sequence[bytes]) -> Witnessed:
        signed = SignedNote.parse(note)
        head = signed.head
        with self._locked(head.origin):
            try:
                check_addition(self.latest(head.origin), signed, old_size, proof, self.log_keys, signature_ok)
            except WitnessRefused as refused:
                self._append(self.folder / "rejected.jsonl", {"note": note, "status": refused.status})
                raise
            now = int(time.time())
            cosigned = cosign(signed, self.name, self._key(), now)
            line = {"size": head.size, "root": base64.b64encode(head.root).decode(), "note": cosigned.text()}
            self._append(self._file(head.origin), {**line, "cosigned_at": now})
        self.vkey  # noqa: B018 - published once the witness has a key, for verifiers to be configured with
        return Witnessed(head.size, head.root, cosigned.text())

    @contextmanager
    def _locked(self, origin: str) -> Iterator[None]:
        with (self.folder / f"{hashlib.sha256(origin.encode()).hexdigest()}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @staticmethod
    def _append(path: Path, record: dict[str, object]) -> None:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "ab") as file:
            file.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
            file.flush()
            os.fsync(file.fileno())


class FileLastSeen:
    """The verifier's memory of the largest witnessed head it checked: a small file per log, 0600."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, origin: str) -> Path:
        return self.folder / f"{hashlib.sha256(origin.encode()).hexdigest()}.json"

    def load(self, origin: str) -> tuple[int, bytes] | None:
        path = self._file(origin)
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return int(data["size"]), base64.b64decode(data["root"])

    def save(self, origin: str, size: int, root: bytes) -> None:
        known = self.load(origin)
        if known is not None and known[0] >= size:
            return
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self._file(origin).with_suffix(".tmp")
        temporary.unlink(missing_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump({"origin": origin, "size": size, "root": base64.b64encode(root).decode()}, file)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(self._file(origin))
