"""``caseledger witness serve``: a witness over HTTP, kept in a folder (``FileWitness``).

``POST /add-checkpoint`` as C2SP tlog-witness: the body is ``old <size>``, the consistency proof (base64,
a line each), a blank line and the checkpoint; the answer is the witness's cosignature line (200), or the
protocol's refusals (400, 403, 409 with the size it holds, 422). ``GET /checkpoint/<sha256 of origin>``
gives the latest checkpoint it holds for that log (with its cosignature), ``GET /vkey`` its public key.
It is meant to run on another machine than the ledger's database, as a process of its own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from application.integrity.checkpoint import NoteError, SignedNote, VerifierKey
from application.integrity.witness import WitnessRefused
from infrastructure.integrity.file_witness import FileWitness

MAX_BODY = 64 * 1024
MAX_PROOF = 63  # tlog-witness: at most 63 proof lines


def make_server(folder: Path, log_keys: list[VerifierKey], host: str, port: int) -> ThreadingHTTPServer:
    witness = FileWitness(folder, log_keys)
    vkey = witness.vkey.text().encode() + b"\n"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the witness's record is its files

        def _answer(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/vkey":
                self._answer(200, vkey)
                return
            if self.path.startswith("/checkpoint/"):
                wanted = self.path.removeprefix("/checkpoint/")
                for origin in {k.name for k in log_keys}:
                    if _origin_hash(origin) == wanted:
                        held = witness.latest(origin)
                        if held is not None:
                            self._answer(200, held.note.encode())
                            return
            self._answer(404, b"no such checkpoint\n")

        def do_POST(self) -> None:
            if self.path != "/add-checkpoint":
                self._answer(404, b"not found\n")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._answer(413, b"too large\n")
                return
            try:
                old, proof, note = _parse(self.rfile.read(length).decode("utf-8"))
            except (ValueError, NoteError, binascii.Error) as error:
                self._answer(400, f"{error}\n".encode())
                return
            if note.head.origin not in {k.name for k in log_keys}:
                self._answer(404, b"unknown log\n")
                return
            try:
                held = witness.add(note.text(), old, proof)
            except WitnessRefused as refused:
                body = f"{refused.latest_size}\n" if refused.status == 409 else f"{refused.detail}\n"
                self._answer(refused.status, body.encode())
                return
            added = SignedNote.parse(held.note).signatures[len(note.signatures) :]
            self._answer(HTTPStatus.OK, "".join(s.line() for s in added).encode())

    return ThreadingHTTPServer((host, port), Handler)


def _origin_hash(origin: str) -> str:
    return hashlib.sha256(origin.encode()).hexdigest()


def _parse(body: str) -> tuple[int, list[bytes], SignedNote]:
    head, blank, note = body.partition("\n\n")
    if not blank:
        raise ValueError("the request is the old size and proof, a blank line, and the checkpoint")
    lines = head.split("\n")
    if not lines[0].startswith("old ") or not lines[0][4:].isdigit():
        raise ValueError("the first line is 'old <size>'")
    proof = [base64.b64decode(line, validate=True) for line in lines[1:] if line]
    if len(proof) > MAX_PROOF:
        raise ValueError("at most 63 proof lines")
    return int(lines[0][4:]), proof, SignedNote.parse(note)
