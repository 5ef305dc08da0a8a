"""Text the ledger cannot keep (NUL, lone surrogates, bytes that are not UTF-8) is a 422 wherever it comes in,
and nothing is written: a body of a command, the applicant's public rating, a path, a query string."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import Api

HOSTILE = ["SJJ\x00", "a\x00b", "\ud800", "正常\udfff文本"]


def _json(value: object) -> bytes:
    return json.dumps(value).encode()  # ensure_ascii: NUL and surrogates travel as \\u escapes, valid JSON


@pytest.mark.parametrize("text", HOSTILE)
def test_a_command_body_with_unstorable_text_is_refused_and_writes_nothing(api: Api, text: str) -> None:
    case_no = api.receive()
    before = len(api.ledger.history(case_no))
    response = api.client.post(
        f"/cases/{case_no}/supplement-request",
        content=_json({"missing": [f"材料{text}"]}),
        headers={**api.headers("clerk"), "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "cannot keep" in response.json()["detail"]
    assert len(api.ledger.history(case_no)) == before


@pytest.mark.parametrize("text", HOSTILE)
def test_a_public_rating_with_unstorable_text_is_refused(api: Api, text: str) -> None:
    case_no = api.receive("immediate")
    api.ok(f"/cases/{case_no}/on-the-spot-decision", "clerk", {"outcome": "granted"})
    api.ok(f"/cases/{case_no}/delivery", "clerk", {"method": "window"})
    rate = f"/public/cases/{case_no}/rating"
    code = {"query_code": api.ledger.query_code(case_no)}
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
