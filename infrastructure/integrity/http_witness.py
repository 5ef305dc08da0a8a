"""A witness reached over HTTP, as C2SP tlog-witness describes it (``add-checkpoint``), with our own small
routes to read what it holds: ``GET /checkpoint/<sha256 of origin>`` and ``GET /vkey``.

The server side is ``caseledger witness serve`` (``interface/witness_server.py``); any witness speaking the
protocol will do for adding checkpoints.
"""

from __future__ import annotations

import base64
import hashlib
import urllib.error
import urllib.request
from collections.abc import Sequence

from application.integrity.checkpoint import SignedNote
from application.integrity.witness import Witnessed, WitnessRefused

TIMEOUT = 10.0


class HttpWitness:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._name: str | None = None

    @property
    def name(self) -> str:
        """The witness's key name, as its vkey says (read once)."""
        if self._name is None:
            self._name = self.vkey_text().split("+", 1)[0]
        return self._name

    def vkey_text(self) -> str:
        return self._get("/vkey").decode("utf-8").strip()

    def latest(self, origin: str) -> Witnessed | None:
        try:
            text = self._get(f"/checkpoint/{hashlib.sha256(origin.encode()).hexdigest()}").decode("utf-8")
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise
        note = SignedNote.parse(text)
        return Witnessed(note.head.size, note.head.root, text)

    def add(self, note: str, old_size: int, proof: Sequence[bytes]) -> Witnessed:
        lines = [f"old {old_size}", *(base64.b64encode(h).decode() for h in proof)]
        body = ("\n".join(lines) + "\n\n" + note).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 - the configured witness's own URL
            self.url + "/add-checkpoint", data=body, method="POST", headers={"Content-Type": "text/plain"}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                cosignatures = response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()
            latest = int(detail) if error.code == 409 and detail.isdigit() else None
            raise WitnessRefused(error.code, detail or error.reason, latest) from None
        signed = SignedNote.parse(note)
        text = signed.text() + cosignatures
        return Witnessed(signed.head.size, signed.head.root, text)

    def _get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=TIMEOUT) as response:  # noqa: S310
            data: bytes = response.read()
            return data
