"""The request front's half of the text rule (``domain/text.py``): paths and query strings.

Bodies are checked by the request schemas (``schemas/base.py``); a path or a query parameter reaches a
route as a plain string, so it is checked here, before anything else sees the request: what cannot be
kept is a 422 problem, never a database error.
"""

from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from domain.text import unstorable


class TextGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope.get("path", "").encode()
            for part, value in (("path", raw), ("query string", scope.get("query_string", b""))):
                reason = _reason(bytes(value).replace(b"+", b" "))
                if reason:
                    await _refuse(send, scope.get("path", ""), f"the {part} holds {reason}")
                    return
        await self.app(scope, receive, send)


def _reason(encoded: bytes) -> str | None:
    try:
        text = unquote_to_bytes(encoded).decode("utf-8")
    except UnicodeDecodeError:
        return "bytes that are not UTF-8"
    return unstorable(text)


async def _refuse(send: Send, path: str, detail: str) -> None:
    body = json.dumps(
        {
            "type": "/problems/invalid-text",
            "title": "Text the ledger cannot keep",
            "status": 422,
            "detail": detail,
            "rule": "invalid-text",
            "instance": path,
        },
        ensure_ascii=False,
    ).encode()
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 422, "headers": headers})
    await send({"type": "http.response.body", "body": body})
