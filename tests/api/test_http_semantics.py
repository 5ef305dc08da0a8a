"""Safe retries, preconditions, and the problem+json shape of every class of error."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ITEMS, Api
from tests.support import ID_NUMBER

PROBLEM_KEYS = {"type", "title", "status", "detail", "rule", "instance"}


def assert_problem(response: httpx.Response, status: int, rule: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert (body["status"], body["rule"], body["type"]) == (status, rule, f"/problems/{rule}")
    assert body["detail"]
    return body


def events(api: Api, case_no: str) -> int:
    return len(api.get(f"/cases/{case_no}/history", "auditor").json())


def test_a_repeated_idempotency_key_returns_the_first_result_and_writes_nothing(api: Api) -> None:
    body = {"item_code": ITEMS["commitment"].code, "applicant": {"name": "张三", "id_number": ID_NUMBER}}
    first = api.post("/cases", "clerk", body, idempotency_key="receive-1")
    again = api.post("/cases", "clerk", body, idempotency_key="receive-1")
    assert first.status_code == 201 and again.status_code == 201
    assert again.json() == first.json(), "exactly the first answer, its position included"
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    case_no = first.json()["case_no"]
    accepted = api.post(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "n"}, idempotency_key="acc-1")
    repeat = api.post(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "n"}, idempotency_key="acc-1")
    assert (accepted.json()["version"], repeat.json()["version"]) == (2, 2)
    assert events(api, case_no) == 2


def test_an_idempotency_key_reused_for_another_request_is_refused(api: Api) -> None:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "n"}, idempotency_key="k")
    assert_problem(
        api.post(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "other"}, idempotency_key="k"),
        422,
        "idempotency-key-reused",
    )


def test_keys_are_per_user(api: Api) -> None:
    mine = api.post(
        "/cases",
        "clerk",
        {"item_code": ITEMS["commitment"].code, "applicant": {"name": "a", "id_number": ID_NUMBER}},
        idempotency_key="same",
    )
    theirs = api.post(
        "/cases",
        "chief",
        {"item_code": ITEMS["commitment"].code, "applicant": {"name": "a", "id_number": ID_NUMBER}},
        idempotency_key="same",
    )
    assert mine.json()["case_no"] != theirs.json()["case_no"]


def test_if_match_with_a_stale_version_gives_412_and_writes_nothing(api: Api) -> None:
    case_no = api.receive()
    assert_problem(api.post(f"/cases/{case_no}/acceptance", "clerk", if_match='"7"'), 412, "stale-version")
    assert events(api, case_no) == 1
    response = api.post(f"/cases/{case_no}/acceptance", "clerk", if_match='"1"')
    assert response.status_code == 200 and response.headers["ETag"] == '"2"'
    assert_problem(
        api.post(f"/cases/{case_no}/hand-off", "clerk", {"to_person_id": "handler"}, if_match="abc"),
        422,
        "invalid-if-match",
    )


def test_every_class_of_error_is_a_problem_document(api: Api) -> None:
    case_no = api.receive()
    unauthenticated = assert_problem(api.client.get(f"/cases/{case_no}"), 401, "unauthenticated")
    assert unauthenticated["instance"] == f"/cases/{case_no}"
    assert_problem(
        api.client.get(f"/cases/{case_no}", headers={"Authorization": "Bearer clt_nope"}), 401, "unauthenticated"
    )
    assert_problem(api.post(f"/cases/{case_no}/acceptance", "inspector"), 403, "access-denied")
    assert_problem(api.get("/cases/NO-SUCH-CASE", "clerk"), 404, "not-found")
    assert_problem(
        api.post(f"/cases/{case_no}/step/completion", "clerk", {"opinion": "x"}), 409, "transition-not-allowed"
    )
    assert_problem(api.post("/cases", "clerk", {"item_code": "SJJ-commitment"}), 422, "invalid-request")
    assert_problem(api.post(f"/cases/{case_no}/decision", "clerk", {"outcome": "maybe"}), 422, "invalid-request")
    big = {"item_code": "x", "applicant": {"name": "x" * 70_000, "id_number": ID_NUMBER}}
    assert_problem(api.post("/cases", "clerk", big), 413, "payload-too-large")
    pause = {"procedure": "waiting", "notice_no": "n", "expected_days": 3}
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    assert_problem(api.post(f"/cases/{case_no}/special-procedure", "clerk", pause), 409, "not-an-art45-procedure")
    assert api.client.get("/problems/not-an-art45-procedure").json()["status"] == 409


def test_malformed_requests_never_write(api: Api) -> None:
    case_no = api.receive()
    for body in (None, [], {"notice_no": 5}, {"occurred_at": "yesterday"}, {"occurred_at": "2026-03-02T10:00:00"}):
        response = api.client.post(f"/cases/{case_no}/acceptance", json=body, headers=api.headers("clerk"))
        assert response.status_code == 422, (body, response.text)
    response = api.client.post(
        f"/cases/{case_no}/acceptance",
        content=b"{not json",
        headers={**api.headers("clerk"), "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert_problem(
        api.post(f"/cases/{case_no}/acceptance", "clerk", {"occurred_at": "2027-01-01T00:00:00+08:00"}),
        422,
        "business-time-in-future",
    )
    assert events(api, case_no) == 1


def test_the_public_status_query_says_nothing_personal(api: Api) -> None:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    code = api.ledger.records.query_code(case_no)
    response = api.client.get("/public/status", params={"case_no": case_no, "query_code": code})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"case_no", "status", "item_name", "current_step", "due_on", "provisional"}
    assert (body["status"], body["current_step"], body["due_on"]) == ("in_progress", "承办", "2026-03-16")
    for personal in ("张三", "510122199001011233", "13900000000", "clerk"):
        assert personal not in response.text
    wrong = api.client.get(
        "/public/status", params={"case_no": case_no, "query_code": "999999" if code != "999999" else "111111"}
    )
    unknown = api.client.get("/public/status", params={"case_no": "NO-SUCH", "query_code": code})
    assert wrong.json()["detail"] == unknown.json()["detail"]  # numbers cannot be probed


def test_wrong_query_codes_are_limited_per_client_without_locking_the_applicant_out(api: Api) -> None:
    case_no = api.receive()
    code = api.ledger.records.query_code(case_no)
    wrong = "000000" if code != "000000" else "111111"
    guesses = [
        api.client.get("/public/status", params={"case_no": case_no, "query_code": wrong}).status_code for _ in range(5)
    ]
    assert guesses == [404] * 5
    limited = api.client.get("/public/status", params={"case_no": case_no, "query_code": code})
    assert_problem(limited, 429, "too-many-queries")  # this client is refused, even with the right code
    assert int(limited.headers["Retry-After"]) > 0
    applicant = TestClient(api.client.app, client=("10.0.0.8", 40000))
    assert applicant.get("/public/status", params={"case_no": case_no, "query_code": code}).status_code == 200
    rating = applicant.post(f"/public/cases/{case_no}/rating", params={"query_code": wrong}, json={"stars": 5})
    assert rating.status_code == 404  # the guesser's failures are not the applicant's
    other = api.client.get("/public/status", params={"case_no": "OTHER", "query_code": wrong})
    assert other.status_code == 404  # another case from the guesser's client: not limited


def test_the_query_code_is_on_the_receipt_only(api: Api) -> None:
    receipt = api.post(
        "/cases",
        "clerk",
        {"item_code": ITEMS["commitment"].code, "applicant": {"name": "张三", "id_number": ID_NUMBER}},
    )
    assert receipt.status_code == 201, receipt.text
    case_no, code = receipt.json()["case_no"], receipt.json()["query_code"]
    assert code == api.ledger.records.query_code(case_no) and len(code) == 6
    history = api.get(f"/cases/{case_no}/history", "inspector").json()
    assert code not in json.dumps(history) and "query_code" not in json.dumps(history)
    [received] = api.ledger.store.recorder.select_events(api.ledger.case_store.case(case_no).id, lte=1)
    assert code.encode() not in received.state  # never stored
    ok = api.client.get("/public/status", params={"case_no": case_no, "query_code": code})
    assert ok.status_code == 200


@pytest.mark.parametrize("path", ["/docs", "/openapi.json"])
def test_documentation_is_served_with_examples(api: Api, path: str) -> None:
    response = api.client.get(path)
    assert response.status_code == 200
    if path == "/openapi.json":
        schemas = response.json()["components"]["schemas"]
        assert schemas["ReceiveIn"]["examples"][0]["item_code"]
        assert schemas["ApproveExtensionIn"]["examples"][0]["days"] == 10


def test_calendars_outside_the_kept_years_are_a_clear_problem(api: Api) -> None:
    # Found by fuzzing: a due date asked for 2000 once broke the calendar cache. A day outside the kept
    # calendars is refused as input (422); a kept year's calendar that is not there is a conflict (409).
    assert_problem(api.get("/calendar/due-date", "clerk", start="2000-01-01", working_days=0), 422, "invalid-request")
    assert_problem(api.get("/calendar/2099", "clerk"), 409, "calendar-unavailable")
    assert api.get("/calendar/due-date", "clerk", start="2026-09-30", working_days=3).json()["due_on"] == "2026-10-10"
