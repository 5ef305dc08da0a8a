"""Ed25519 keys in files only their owner can read, and the verifier keys (vkeys) that name them."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from application.integrity.checkpoint import LOG_KEY, NoteError, VerifierKey


class FileSigner:
    """Signs with the key in ``path``, creating it (mode 0600) on first use."""

    def __init__(self, path: Path) -> None:
        if path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError(f"{path} does not hold an Ed25519 private key")
        else:
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            write_private(path, pem)
        self._key = key

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def public_key(self) -> bytes:
        return self._key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def publish_vkey(self, name: str, path: Path, kind: int = LOG_KEY) -> VerifierKey:
        """Write the public half as a vkey beside the key (what verifiers are configured with)."""
        vkey = VerifierKey(name, kind, self.public_key())
        if not path.exists() or path.read_text(encoding="utf-8").strip() != vkey.text():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(vkey.text() + "\n", encoding="utf-8")
        return vkey


def write_private(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, readable by its owner only (never by a wider umask first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def read_or_create_secret(path: Path, size: int) -> bytes:
    """``size`` random bytes kept in ``path`` (0600), made on first use; a second process making it at the
    same moment reads the one that won."""
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # made by another process a moment ago: read it
            write_private(path, os.urandom(size))
    secret = path.read_bytes()
    if len(secret) != size:
        raise ValueError(f"{path} does not hold a {size}-byte key")
    return secret


def signature_ok(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Ed25519 verification, usable offline with nothing but the public key."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def vkey_path(signing_key: Path) -> Path:
    """Where the public half of a signing key is published: beside it, as ``NAME.vkey``."""
    return signing_key.with_suffix(".vkey")


def load_vkeys(entries: Iterable[str]) -> list[VerifierKey]:
    """Verifier keys from configuration: each entry a vkey, or the path of a file of vkeys (one a line)."""
    keys: list[VerifierKey] = []
    for entry in entries:
        text = entry.strip()
        if not text:
            continue
        if "+" not in text or Path(text).exists():
            lines = Path(text).read_text(encoding="utf-8").splitlines()
            keys += [VerifierKey.parse(line) for line in lines if line.strip()]
        else:
            keys.append(VerifierKey.parse(text))
    return keys


__all__ = [
    "FileSigner",
    "NoteError",
    "load_vkeys",
    "read_or_create_secret",
    "signature_ok",
    "vkey_path",
    "write_private",
]
