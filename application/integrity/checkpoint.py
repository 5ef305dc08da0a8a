"""Signed tree heads as C2SP checkpoints (signed notes), their keys, and witness cosignatures.

A head's body is the checkpoint text: origin, tree size, base64 root, then two extension lines of ours,
the signing time and the SHA-256 of the previous head's body (zeros for the first), so heads form a chain
of their own and a deleted or swapped head breaks it. The body is signed as a signed note: a blank line,
then one line per signature, ``— <key name> <base64(4-byte key id || signature)>``.

Keys are trusted only when configured (a *vkey*: ``name+hex id+base64(type || public key)``); a key named
in the database is never a reason to believe a signature. Witnesses cosign a head (type 0x04): their
signature covers ``cosignature/v1``, the time, and the body, and the 8-byte time travels with it.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

LOG_KEY = 0x01
COSIGNATURE_KEY = 0x04
NO_PREVIOUS = bytes(32)
DASH = "\u2014"


class Signer(Protocol):
    """An Ed25519 key; the private half never leaves the infrastructure."""

    def sign(self, message: bytes) -> bytes: ...

    def public_key(self) -> bytes: ...


class SignatureCheck(Protocol):
    def __call__(self, public_key: bytes, signature: bytes, message: bytes) -> bool: ...


class NoteError(ValueError):
    """A checkpoint, note or key that cannot be read."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as error:
        raise NoteError(f"not base64: {text[:40]!r}") from error


@dataclass(frozen=True)
class TreeHead:
    """What a checkpoint says: the log's origin, its size and root, when it was signed, and the head before."""

    origin: str
    size: int
    root: bytes
    time: int  # seconds since the epoch (UTC) at signing
    previous: bytes = NO_PREVIOUS  # SHA-256 of the previous head's body

    def body(self) -> bytes:
        return (
            f"{self.origin}\n{self.size}\n{_b64(self.root)}\ntime {self.time}\nprevious {_b64(self.previous)}\n"
        ).encode()

    def digest(self) -> bytes:
        return hashlib.sha256(self.body()).digest()

    @classmethod
    def parse(cls, body: bytes) -> TreeHead:
        try:
            lines = body.decode("utf-8").split("\n")
        except UnicodeDecodeError as error:
            raise NoteError("a checkpoint is UTF-8 text") from error
        if len(lines) != 6 or lines[-1] != "" or any(c < " " for line in lines for c in line):
            raise NoteError("a checkpoint has five lines: origin, size, root, time, previous")
        origin, size, root, time, previous, _ = lines
        if not origin or not size.isdigit() or (size != "0" and size.startswith("0")):
            raise NoteError("a checkpoint names its origin and a decimal size")
        if not time.startswith("time ") or not time[5:].isdigit() or not previous.startswith("previous "):
            raise NoteError("a checkpoint's extension lines are 'time N' and 'previous HASH'")
        head = cls(origin, int(size), _unb64(root), int(time[5:]), _unb64(previous[9:]))
        if len(head.root) != 32 or len(head.previous) != 32:
            raise NoteError("a checkpoint's hashes are 32 bytes")
        return head


@dataclass(frozen=True)
class VerifierKey:
    """A public key by name, as configured: ``name+hex key id+base64(type || key)``."""

    name: str
    kind: int
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return hashlib.sha256(self.name.encode() + b"\n" + bytes([self.kind]) + self.public_key).digest()[:4]

    def text(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{_b64(bytes([self.kind]) + self.public_key)}"

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        parts = text.strip().split("+", 2)  # a key name has no '+'; base64 may
        if len(parts) != 3:
            raise NoteError(f"not a verifier key (name+id+key): {text[:60]!r}")
        name, key_id, encoded = parts
        raw = _unb64(encoded)
        if not name or len(raw) != 33 or raw[0] not in (LOG_KEY, COSIGNATURE_KEY):
            raise NoteError(f"not a verifier key (name+id+key): {text[:60]!r}")
        key = cls(name, raw[0], raw[1:])
        if key.key_id.hex() != key_id.lower():
            raise NoteError(f"the key id of {name} does not match its key")
        return key


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    signature: bytes  # for a cosignature: the 8-byte time, then the signature

    def line(self) -> str:
        return f"{DASH} {self.name} {_b64(self.key_id + self.signature)}\n"


@dataclass(frozen=True)
class SignedNote:
    """A checkpoint body and its signatures (the log's, and any witnesses')."""

    body: bytes
    signatures: tuple[Signature, ...]

    @property
    def head(self) -> TreeHead:
        return TreeHead.parse(self.body)

    def text(self) -> str:
        return self.body.decode("utf-8") + "\n" + "".join(s.line() for s in self.signatures)

    def with_signature(self, signature: Signature) -> SignedNote:
        return SignedNote(self.body, (*self.signatures, signature))

    @classmethod
    def parse(cls, text: str) -> SignedNote:
        body, blank, rest = text.partition("\n\n")
        if not blank or not rest.endswith("\n"):
            raise NoteError("a signed note is a body, a blank line and signature lines")
        signatures = []
        for line in rest[:-1].split("\n"):
            parts = line.split(" ")
            if len(parts) != 3 or parts[0] != DASH or not parts[1]:
                raise NoteError(f"not a signature line: {line[:60]!r}")
            raw = _unb64(parts[2])
            if len(raw) < 5:
                raise NoteError("a signature line holds a key id and a signature")
            signatures.append(Signature(parts[1], raw[:4], raw[4:]))
        if len(signatures) > 16:
            raise NoteError("a note carries at most 16 signatures")
        note = cls((body + "\n").encode(), tuple(signatures))
        note.head  # noqa: B018 - a note whose body is not a checkpoint is refused here
        return note


def sign(head: TreeHead, name: str, signer: Signer) -> SignedNote:
    key = VerifierKey(name, LOG_KEY, signer.public_key())
    return SignedNote(head.body(), (Signature(name, key.key_id, signer.sign(head.body())),))


def cosignature_message(body: bytes, time: int) -> bytes:
    return b"cosignature/v1\ntime " + str(time).encode() + b"\n" + body


def cosign(note: SignedNote, name: str, signer: Signer, time: int) -> SignedNote:
    key = VerifierKey(name, COSIGNATURE_KEY, signer.public_key())
    signature = time.to_bytes(8, "big") + signer.sign(cosignature_message(note.body, time))
    return note.with_signature(Signature(name, key.key_id, signature))


def signed_by(note: SignedNote, keys: Sequence[VerifierKey], check: SignatureCheck) -> list[VerifierKey]:
    """The configured keys whose signature the note carries and that verify (unknown signatures are ignored)."""
    verified = []
    for key in keys:
        for signature in note.signatures:
            if signature.name != key.name or signature.key_id != key.key_id:
                continue
            if key.kind == LOG_KEY:
                ok = check(key.public_key, signature.signature, note.body)
            else:
                time = int.from_bytes(signature.signature[:8], "big")
                ok = check(key.public_key, signature.signature[8:], cosignature_message(note.body, time))
            if ok:
                verified.append(key)
    return verified


def cosigned_at(note: SignedNote, key: VerifierKey) -> int | None:
    """When the witness with ``key`` cosigned the note (None if it did not)."""
    for signature in note.signatures:
        if signature.name == key.name and signature.key_id == key.key_id and len(signature.signature) > 8:
            return int.from_bytes(signature.signature[:8], "big")
    return None
