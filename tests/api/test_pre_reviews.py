"""Online pre-review over HTTP, with roles: a village station submits, the department's window answers and
files it as a case, others are refused; the administrator sets how an item is pre-reviewed."""

from __future__ import annotations

from tests.api.conftest import ITEMS, Api

APPLICANT = {"name": "张三", "id_number": "510122199001011233", "phone": "13900000000"}


def submission(channel: str = "village_station") -> dict[str, object]:
    return {"item_code": ITEMS["commitment"].code, "channel": channel, "applicant": APPLICANT, "materials": ["申请书"]}


def test_a_station_submits_the_window_answers_and_files_it(api: Api) -> None:
    assert api.post("/pre-reviews", "clerk", submission()).json()["rule"] == "channel-not-allowed"
    made = api.post("/pre-reviews", "station", submission())
    assert made.status_code == 201, made.text
    number = made.json()["pre_review_no"]
    assert made.headers["Location"] == f"/pre-reviews/{number}" and made.json()["answer_due"] == "2026-03-04"

    missing = {"missing": ["营业执照"], "notice_no": "预审补正-1"}
    assert api.post(f"/pre-reviews/{number}/answer", "other_clerk", missing).status_code == 403
    assert api.post(f"/pre-reviews/{number}/answer", "clerk", missing).status_code == 200
    again = api.post(f"/pre-reviews/{number}/answer", "clerk", {})
    assert again.status_code == 409 and again.json()["rule"] == "pre-review"
    assert api.post(f"/pre-reviews/{number}/resubmission", "station", {"materials": ["营业执照"]}).status_code == 200
    assert api.post(f"/pre-reviews/{number}/answer", "clerk", {}).status_code == 200
    filed = api.post(f"/pre-reviews/{number}/filing", "clerk", {})
    assert filed.status_code == 201, filed.text
    case_no = filed.json()["case_no"]
    assert filed.headers["Location"] == f"/cases/{case_no}"
    case = api.get(f"/cases/{case_no}", "clerk").json()
    assert case["status"] == "received" and case["channel"] == "online"

    view = api.get(f"/pre-reviews/{number}", "inspector").json()
    assert view["status"] == "filed" and view["case_no"] == case_no and len(view["answers"]) == 2
    assert view["answers"][0]["missing"] == ["营业执照"] and view["materials"] == ["申请书", "营业执照"]
    assert api.get(f"/pre-reviews/{number}", "station").status_code == 200, "its submitter reads it"
    assert api.get(f"/pre-reviews/{number}", "co_reviewer").status_code == 403


def test_an_agent_pre_reviews_only_within_a_mandate(api: Api) -> None:
    refused = api.post("/pre-reviews", "agent", submission("agent") | {"applicant": APPLICANT | {"subject_id": "E1"}})
    assert refused.status_code == 403 and refused.json()["rule"] == "not-mandated"


def test_the_administrator_sets_how_an_item_is_pre_reviewed(api: Api) -> None:
    path = f"/catalogue/items/{ITEMS['commitment'].code}/pre-review"
    assert api.get(path, "clerk").json() == {
        "item_code": ITEMS["commitment"].code,
        "answer_days": 2,
        "counts_as_receipt": False,
    }
    body = {"answer_days": 3, "counts_as_receipt": True}
    assert api.client.put(path, json=body, headers=api.headers("clerk")).status_code == 403
    assert api.client.put(path, json=body, headers=api.headers("admin")).status_code == 200
    assert api.get(path, "clerk").json()["counts_as_receipt"] is True
    too_long = api.client.put(path, json={"answer_days": 8, "counts_as_receipt": True}, headers=api.headers("admin"))
    assert too_long.status_code == 422 and too_long.json()["rule"] == "invalid-value"
    assert api.get("/catalogue/items/NO-SUCH/pre-review", "clerk").status_code == 404


def test_an_hour_at_a_window_is_booked_kept_and_read_by_the_department(api: Api) -> None:
    api.ledger.organisation.open_window("SJJ", "SJJ-W1", "一楼3号窗口")
    booking = {
        "department": "SJJ",
        "window": "SJJ-W1",
        "day": "2026-03-04",
        "hour": 9,
        "subject_id": "subject-1",
        "item_code": ITEMS["commitment"].code,
    }
    assert api.post("/appointments", "clerk", booking).status_code == 403
    assert api.post("/appointments", "station", booking | {"day": "2026-03-02"}).json()["rule"] == "appointment"
    assert api.post("/appointments", "station", booking | {"day": "2026-03-07"}).json()["rule"] == "invalid-value"
    assert api.post("/appointments", "station", booking | {"window": "SJJ-W9"}).status_code == 422
    made = api.post("/appointments", "station", booking)
    assert made.status_code == 201, made.text
    ref = made.json()["ref"]
    assert api.post("/appointments", "agent", booking).json()["rule"] == "appointment", "one a day per applicant"
    api.at(3, 4, 9, 10)
    kept = api.post(f"/appointments/SJJ/SJJ-W1/2026-03-04/{ref}/arrival", "clerk", {})
    assert kept.status_code == 200, kept.text
    day = api.get("/appointments/SJJ/SJJ-W1/2026-03-04", "chief").json()
    assert [(b["ref"], b["status"]) for b in day["bookings"]] == [(ref, "arrived")] and day["capacity"] == 4
    assert api.get("/appointments/SJJ/SJJ-W1/2026-03-04", "other_clerk").status_code == 403
