"""Complaints over HTTP: the applicant's own channel with the receipt's query code, staff entry, the accused
department's rectification, the centre's call-back, If-Match and keyed retries."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.support import DEPT

RECTIFIED = {"verification": "substantiated", "measures": "已约谈承办人，当日办结"}


def entered(api: Api, user: str = "clerk", key: str | None = None, **changes: Any) -> Any:
    body = {"source": "hotline", "kind": "3", "department": DEPT, "content": "办理拖延"} | changes
    return api.post("/complaints", user, body, **({"idempotency_key": key} if key else {}))


def test_the_applicant_complains_with_the_receipts_query_code(api: Api) -> None:
    case_no = api.receive()
    code = api.ledger.records.query_code(case_no)
    path = f"/public/cases/{case_no}/complaint"
    filed = api.client.post(path, params={"query_code": code}, json={"kind": "3", "content": "一周无进展"})
    assert filed.status_code == 201, filed.text
    complaint = api.get(f"/complaints/{filed.json()['complaint_no']}", "inspector").json()
    assert (complaint["source"], complaint["department"], complaint["case_no"]) == ("public", DEPT, case_no)
    other = code[:-1] + ("A" if code[-1] != "A" else "B")  # well formed, but not the receipt's
    wrong = api.client.post(path, params={"query_code": other}, json={"kind": "3", "content": "x"})
    assert wrong.status_code == 404


def test_the_complainant_rates_the_fix_with_the_receipts_query_code(api: Api) -> None:
    case_no = api.receive()
    code = api.ledger.records.query_code(case_no)
    filed = api.client.post(
        f"/public/cases/{case_no}/complaint", params={"query_code": code}, json={"kind": "3", "content": "一周无进展"}
    ).json()["complaint_no"]
    rating = f"/public/cases/{case_no}/complaints/{filed}/rating"
    early = api.client.post(rating, params={"query_code": code}, json={"satisfaction": "satisfied"})
    assert early.status_code == 409  # nothing to rate before the department reports its rectification
    assert api.post(f"/complaints/{filed}/rectification", "agency_head", RECTIFIED).status_code == 200
    other_case = api.receive()
    elsewhere = f"/public/cases/{other_case}/complaints/{filed}/rating"
    wrong = api.client.post(
        elsewhere, params={"query_code": api.ledger.records.query_code(other_case)}, json={"satisfaction": "satisfied"}
    )
    assert wrong.status_code == 404  # not a complaint about that case
    bad = api.client.post(rating, params={"query_code": code}, json={"satisfaction": "ok"})
    assert bad.status_code == 422
    rated = api.client.post(
        rating, params={"query_code": code}, json={"satisfaction": "dissatisfied", "note": "未解决"}
    )
    assert rated.status_code == 200, rated.text
    assert api.get(f"/complaints/{filed}", "inspector").json()["status"] == "reopened"


def test_a_complaint_runs_its_course_over_http(api: Api) -> None:
    filed = entered(api, case_no=api.receive())
    assert filed.status_code == 201, filed.text
    path = f"/complaints/{filed.json()['complaint_no']}"
    assert api.post(f"{path}/rectification", "agency_head", RECTIFIED).status_code == 200
    again = api.post(f"{path}/call-back", "quality", {"satisfaction": "dissatisfied", "note": "未解决"})
    assert again.status_code == 200 and api.get(path, "auditor").json()["status"] == "reopened"
    assert api.post(f"{path}/rectification", "section_head", RECTIFIED, if_match='"3"').status_code == 200
    stale = api.post(f"{path}/call-back", "inspector", {"satisfaction": "satisfied"}, if_match='"3"')
    assert stale.status_code == 412
    closed = api.post(f"{path}/call-back", "inspector", {"satisfaction": "satisfied"}, if_match='"4"')
    assert closed.status_code == 200 and closed.headers["ETag"] == '"5"'
    assert api.get(path, "clerk").json()["status"] == "closed"


@pytest.mark.parametrize(
    ("user", "step", "status"),
    [
        ("agency_head", "enter", 403),  # the accused department does not enter complaints against itself
        ("handler", "enter", 403),
        ("inspector", "enter", 201),
        ("clerk", "rectification", 403),
        ("other_clerk", "rectification", 403),
        ("inspector", "rectification", 403),
        ("agency_head", "call-back", 409),  # nothing to call back before a rectification
    ],
)
def test_each_step_is_for_its_role(api: Api, user: str, step: str, status: int) -> None:
    if step == "enter":
        response = entered(api, user)
    else:
        number = entered(api).json()["complaint_no"]
        body = RECTIFIED if step == "rectification" else {"satisfaction": "satisfied"}
        response = api.post(f"/complaints/{number}/{step}", user, body)
    assert response.status_code == status, response.text


def test_staff_do_not_file_through_the_applicants_channel(api: Api) -> None:
    assert entered(api, source="public", case_no=api.receive()).status_code == 403


def test_a_keyed_entry_is_recorded_once(api: Api) -> None:
    first = entered(api, key="c-1")
    again = entered(api, key="c-1")
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert api.get(f"/complaints/{first.json()['complaint_no']}", "other_clerk").status_code == 403
