"""A hand-written corpus of hostile inputs, sent to every operation of the API on real resources.

Where fuzzing draws values at random from the document, this corpus sends what an attacker would: NUL
characters and lone surrogates in every field and parameter, bodies nested too deep, numbers too large
for any type, times outside every calendar, oversized and chunked bodies, bodies that are not JSON. For
every one: no 5xx, a status the OpenAPI document gives for that operation, a problem document, and
nothing written to the ledger.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.api.conftest import ITEMS, Api

STRINGS = ["a\x00b", "\ud800", "x" * 5000, "", " ", "9" * 400, "1e400", "-1", "0001-01-01", "9999-12-31T23:59:59Z"]
VALUES: list[Any] = [*STRINGS, 10**400, -(10**400), 1e308, None, [], {}, True, [[[[[[]]]]]]]
RAW_BODIES = [
    b"",
    b"null",
    b"[]",
    b"not json",
    b"\xff\xfe\x00",
    b"[" * 5000 + b"]" * 5000,
    b'{"a": ' + b"1" * 5000 + b"}",
    b'"' + b"\\ud800" + b'"',
]


def _example(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The property names of a request body's schema (resolving a reference)."""
    ref = schema.get("$ref")
    if ref:
        return _example(components[ref.rsplit("/", 1)[-1]], components)
    return dict(schema.get("properties", {}))


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def _path(path: str, case_no: str, case_id: str) -> str:
    fills = {
        "{case_no}": case_no,
        "{case_id}": case_id,
        "{code}": ITEMS["commitment"].code,
        "{person_id}": "handler",
        "{year}": "2026",
        "{rule}": "not-found",
        "{capa_id}": "CAPA-1",
        "{name}": "queue",
    }
    for name, value in fills.items():
        path = path.replace(name, value)
    return path


def _quoted(value: str) -> str:
    """A value as a query carries it: UTF-8, percent-encoded (a lone surrogate as its three bytes)."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _documented(operation: dict[str, Any]) -> set[int]:
    return {int(code) for code in operation["responses"] if code.isdigit()}


def _sent(api: Api, method: str, url: str, **kwargs: Any) -> httpx.Response:
    headers = {**api.headers("admin"), **kwargs.pop("headers", {})}
    return api.client.request(method, url, headers=headers, **kwargs)


def test_every_operation_refuses_the_corpus_cleanly(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    components = document["components"]["schemas"]
    case_no = api.receive()
    case_id = str(api.ledger.case_store.case(case_no).id)
    sent = 0
    for method, template, operation in _operations(document):
        url = _path(template, case_no, case_id)
        requests: list[dict[str, Any]] = []
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                requests += [{"query": f"{parameter['name']}={_quoted(value)}"} for value in STRINGS]
        requests.append({"query": "unknown=a%00b"})
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        if body is not None:
            for field in _example(body, components) or {"x": {}}:
                requests += [{"content": json.dumps({field: value}).encode()} for value in VALUES]
            requests += [{"content": raw} for raw in RAW_BODIES]
            requests.append({"content": b" " * 70_000})
            requests.append({"content": iter([b" " * 40_000, b" " * 40_000])})  # chunked, over the limit
        for request in requests:
            head = api.ledger.store.recorder.max_notification_id()
            headers = {"Content-Type": "application/json"} if "content" in request else {}
            query = request.pop("query", None)
            response = _sent(api, method, f"{url}?{query}" if query else url, headers=headers, **request)
            sent += 1
            what = f"{method} {url} {str(request)[:120]}"
            assert response.status_code < 500, f"{what}: {response.status_code} {response.text[:200]}"
            assert response.status_code in _documented(operation) | {200, 201}, f"{what}: {response.status_code}"
            if response.status_code >= 400:
                assert response.headers["content-type"].startswith("application/problem+json"), what
                assert api.ledger.store.recorder.max_notification_id() == head, f"{what} wrote to the ledger"
    assert sent > 2000


@pytest.mark.parametrize("user", [None, "clerk", "inspector"])
def test_the_corpus_from_other_users_is_refused_as_cleanly(api: Api, user: str | None) -> None:
    case_no = api.receive()
    head = api.ledger.store.recorder.max_notification_id()
    for value in VALUES:
        body = json.dumps({"to_person_id": value}).encode()
        response = api.client.post(
            f"/cases/{case_no}/hand-off",
            content=body,
            headers={**api.headers(user), "Content-Type": "application/json"},
        )
        assert 400 <= response.status_code < 500, response.text
    assert api.ledger.store.recorder.max_notification_id() == head
