"""Hostile input is a 4xx with a problem document, never a 5xx, and writes nothing: text the ledger cannot
keep (NUL, lone surrogates, bytes that are not UTF-8) wherever it comes in, bodies nested too deep, times
outside the calendars, bodies over the limit however they are sent, a weak ETag."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.api.conftest import Api

HOSTILE = ["SJJ\x00", "a\x00b", "\ud800", "正常\udfff文本"]


def _json(value: object) -> bytes:
    return json.dumps(value).encode()  # ensure_ascii: NUL and surrogates travel as \\u escapes, valid JSON


@pytest.mark.parametrize("text", HOSTILE)
def test_a_command_body_with_unstorable_text_is_refused_and_writes_nothing(api: Api, text: str) -> None:
    case_no = api.receive()
    before = len(api.ledger.audit.history(case_no))
    response = api.client.post(
        f"/cases/{case_no}/supplement-request",
        content=_json({"missing": [f"材料{text}"], "notice_no": "补正-1"}),
        headers={**api.headers("clerk"), "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "cannot keep" in response.json()["detail"]
    assert len(api.ledger.audit.history(case_no)) == before


@pytest.mark.parametrize("text", HOSTILE)
def test_a_public_rating_with_unstorable_text_is_refused(api: Api, text: str) -> None:
    case_no = api.receive("immediate")
    api.ok(f"/cases/{case_no}/on-the-spot-decision", "clerk", {"outcome": "granted"})
    api.ok(f"/cases/{case_no}/delivery", "clerk", {"method": "window"})
    rate = f"/public/cases/{case_no}/rating"
    code = {"query_code": api.ledger.records.query_code(case_no)}
    hostile = _json({"stars": 1, "comment": f"差{text}"})
    response = api.client.post(rate, params=code, content=hostile, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert api.client.post(rate, params=code, json={"stars": 2, "comment": "慢"}).status_code == 200  # not rated yet


@pytest.mark.parametrize(
    "target",
    [
        "/reports/queue?department=SJJ%00",
        "/reports/queue?department=%ED%A0%80",
        "/reports/queue?department=%FF",
        "/audit/reads?person=a%00",
        "/audit/backlog?department=SJJ%00&as_of=2026-03-25",
        "/cases/SJJ%00X",
    ],
)
def test_a_path_or_query_with_unstorable_text_is_a_422(api: Api, target: str) -> None:
    response = api.client.get(target, headers=api.headers("inspector"))
    assert response.status_code == 422, response.text
    assert response.json()["rule"] == "invalid-text"


def test_the_rule_is_explained(api: Api) -> None:
    assert api.client.get("/problems/invalid-text").json()["status"] == 422


DEEP = [
    b"[" * 20000 + b"]" * 20000,
    b'{"to_person_id": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"to_person_id": "handler", "x": ' + b'{"a":' * 40 + b"1" + b"}" * 40 + b"}",
]


@pytest.mark.parametrize("body", DEEP)
def test_a_body_nested_too_deep_is_a_422_and_writes_nothing(api: Api, body: bytes) -> None:
    case_no = api.receive()
    before = len(api.ledger.audit.history(case_no))
    response = api.client.post(
        f"/cases/{case_no}/hand-off", content=body, headers={**api.headers("clerk"), "Content-Type": "application/json"}
    )
    assert response.status_code == 422 and "deeper than" in response.json()["detail"]
    assert len(api.ledger.audit.history(case_no)) == before


def test_brackets_inside_strings_are_not_depth(api: Api) -> None:
    case_no = api.receive()
    missing = ["[" * 50 + "材料" + "{" * 50]
    api.ok(f"/cases/{case_no}/supplement-request", "clerk", {"missing": missing, "notice_no": "补正-1"})


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/cases/CASE/clocks", {"as_of": "9999-12-31T23:59:59Z"}),
        ("/cases/CASE/clocks", {"as_of": "0001-01-01T00:00:00+14:00"}),
        ("/cases/CASE/as-of", {"business_time": "9999-12-31T23:59:59Z"}),
        ("/cases/CASE/as-of", {"record_time": "0001-01-01T00:00:00-12:00"}),
        ("/reports/responsibility", {"from": "0001-01-01", "to": "9999-12-31"}),
        ("/reports/queue", {"due_before": "9999-12-31"}),
        ("/audit/backlog", {"department": "SJJ", "as_of": "0001-01-01"}),
        ("/audit/reads", {"from": "0001-01-01"}),
        ("/calendar/due-date", {"start": "9999-12-31", "working_days": 5}),
    ],
)
def test_times_outside_the_calendars_are_a_422(api: Api, path: str, params: dict[str, object]) -> None:
    case_no = api.receive()
    response = api.client.get(path.replace("CASE", case_no), params=params, headers=api.headers("inspector"))
    assert response.status_code == 422, response.text
    assert "outside the working calendars" in response.json()["detail"]


def test_a_business_time_outside_the_calendars_is_a_422(api: Api) -> None:
    case_no = api.receive()
    for occurred_at in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        response = api.post(f"/cases/{case_no}/acceptance", "clerk", {"occurred_at": occurred_at})
        assert response.status_code == 422, response.text


def test_a_chunked_body_over_the_limit_is_a_413(api: Api) -> None:
    case_no = api.receive()

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b" " * 1000

    response = api.client.post(
        f"/cases/{case_no}/acceptance",
        content=chunks(),
        headers={**api.headers("clerk"), "Content-Type": "application/json"},
    )
    assert response.status_code == 413 and response.json()["rule"] == "payload-too-large"


def test_a_weak_etag_never_matches(api: Api) -> None:
    case_no = api.receive()
    response = api.post(f"/cases/{case_no}/acceptance", "clerk", if_match='W/"1"')
    assert response.status_code == 412 and response.json()["rule"] == "weak-if-match"
    assert api.post(f"/cases/{case_no}/acceptance", "clerk", if_match='"1"').status_code == 200
