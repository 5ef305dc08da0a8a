"""What every request passes before anything reads it: a body within the limit (413), JSON no deeper than
the ledger's documents ever are, and a path and query with only text the ledger can keep (422).

It stands outside the command lane in the middleware stack, so that neither the lane nor the router ever
meets such a request: an oversized body is refused whether it was declared or streamed in chunks, a body
nested a thousand levels deep never reaches a JSON parser, and a NUL or a byte that is not UTF-8 in a
query never reaches SQL. Bodies' own text is checked by the request schemas (``schemas/base.py``), by
the same rule (``domain/text.py``).
"""

from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.text import unstorable

MAX_DEPTH = 32  # a command body nests three or four levels; nothing the ledger reads nests deeper


class RequestGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app, self.max_body_bytes = app, max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        raw = scope.get("raw_path") or path.encode()
        for part, value in (("path", raw), ("query string", scope.get("query_string", b""))):
            reason = _text_reason(bytes(value).replace(b"+", b" "))
            if reason:
                detail = f"the {part} holds {reason}"
                await _refuse(send, 422, "invalid-text", "Text the ledger cannot keep", detail, path)
                return
        declared = next((value for name, value in scope["headers"] if name == b"content-length"), None)
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await self._too_large(send, path)
            return
        read = await read_body(receive, self.max_body_bytes)
        if read is None:
            return  # the client went away
        body, complete = read
        if not complete:
            await self._too_large(send, path)
            return
        if too_deep(body, MAX_DEPTH):
            detail = f"the body nests deeper than {MAX_DEPTH} levels"
            await _refuse(send, 422, "invalid-request", "Invalid request", detail, path)
            return
        await self.app(scope, replaying(body, True, receive), send)

    async def _too_large(self, send: Send, path: str) -> None:
        detail = f"request bodies are limited to {self.max_body_bytes} bytes"
        await _refuse(send, 413, "payload-too-large", "Payload too large", detail, path)


def too_deep(body: bytes, limit: int) -> bool:
    """Whether JSON text nests arrays and objects more than ``limit`` deep (brackets inside strings do not
    count). Almost every body has fewer opening brackets than the limit, and is not scanned at all."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


def _text_reason(encoded: bytes) -> str | None:
    if encoded.isascii() and b"%" not in encoded:  # plain ASCII (the usual path and query): nothing to decode
        return "a NUL character" if b"\x00" in encoded else None
    try:
        text = unquote_to_bytes(encoded).decode("utf-8")
    except UnicodeDecodeError:
        return "bytes that are not UTF-8"
    return unstorable(text)


async def read_body(receive: Receive, limit: int) -> tuple[bytes, bool] | None:
    """The request body and whether it is complete: reading stops at the first chunk past ``limit``.
    None if the client disconnected first."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), size <= limit
        if size > limit:
            return b"".join(chunks), False


def replaying(body: bytes, complete: bool, receive: Receive) -> Receive:
    """``receive`` with the body already read given again first (then whatever is left)."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": not complete}
        return await receive()

    return replay


async def _refuse(send: Send, status: int, rule: str, title: str, detail: str, path: str) -> None:
    problem = {"type": f"/problems/{rule}", "title": title, "status": status, "detail": detail, "rule": rule}
    body = json.dumps({**problem, "instance": path}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
