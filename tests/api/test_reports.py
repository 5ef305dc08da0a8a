"""Reports over HTTP: who sees which department, read-your-writes, and corrective actions."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from domain.business_time import SHANGHAI
from domain.case.alerts import WarningPolicy
from tests.api.conftest import Api


def test_reports_are_scoped_to_the_users_department_unless_they_read_everything(api: Api) -> None:
    case_no = api.receive()
    position = api.ledger.store.recorder.max_notification_id()
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]
    own = api.get("/reports/queue", "clerk", min_position=position).json()
    assert [r["case_no"] for r in own] == [case_no]
    assert api.get("/reports/queue", "inspector", department="SJJ").json()[0]["case_no"] == case_no
    assert api.get("/reports/queue", "other_clerk").json() == []  # ZJJ's own queue is empty
    assert api.get("/reports/queue", "other_clerk", department="SJJ").status_code == 403
    assert api.get("/reports/nosuch", "inspector").status_code == 422


def test_read_your_writes_waits_for_the_views(api: Api) -> None:
    case_no = api.receive()
    position = api.ok(f"/cases/{case_no}/acceptance", "clerk")["position"]
    views = api.client.app.state.views  # type: ignore[attr-defined]
    threading.Timer(0.3, views.runner.catch_up).start()
    started = time.monotonic()
    rows = api.get("/reports/queue", "clerk", min_position=position).json()
    assert time.monotonic() - started >= 0.2
    assert rows[0]["status"] == "in_progress"
    state = api.client.app.state  # type: ignore[attr-defined]
    state.settings = replace(state.settings, view_wait_seconds=0.2)
    later = api.ok(f"/cases/{case_no}/hand-off", "clerk", {"to_person_id": "handler"})["position"]
    views.store.stop("catalogue", position, "held back by the test")  # one view that will not get there
    behind = api.get("/reports/queue", "clerk", min_position=later)
    assert behind.status_code == 503 and behind.json()["rule"] == "views-behind"
    never = api.get("/reports/queue", "clerk", min_position=later + 1000)  # a position no command answered
    assert never.status_code == 422 and "past the ledger" in never.json()["detail"]


def test_a_corrective_action_over_http(api: Api) -> None:
    assert api.post("/corrective-actions", "clerk", {"title": "x"}).status_code == 403
    made_up = api.post("/corrective-actions", "quality", {"title": "审核超时整改", "nonconformities": ["NC-1"]})
    assert made_up.status_code == 422 and "NC-1" in made_up.json()["detail"]
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "受理-1"})
    state = api.client.app.state  # type: ignore[attr-defined]
    state.ledger.automatic.record_due_alerts(
        case_no, at=datetime.now(SHANGHAI) + timedelta(days=60), policy=WarningPolicy()
    )
    state.views.runner.catch_up()
    nc_id = api.get("/reports/nonconformities", "quality").json()[0]["nc_id"]
    created = api.post("/corrective-actions", "quality", {"title": "审核超时整改", "nonconformities": [nc_id]})
    assert created.status_code == 201, created.text
    capa = created.json()["capa_id"]
    assert api.post(f"/corrective-actions/{capa}/closure", "quality").status_code == 409  # not verified yet
    for path, user, body in (
        ("root-cause", "agency_head", {"root_cause": "无AB岗"}),
        ("plan", "agency_head", {"action": "设AB岗", "owner_department": "SJJ", "due_on": "2026-04-30"}),
        ("completion", "agency_head", {"note": "已设"}),
        ("verification", "quality", {"effective": True, "evidence": "无超时"}),
        ("closure", "quality", {}),
    ):
        response = api.post(f"/corrective-actions/{capa}/{path}", user, body)
        assert response.status_code == 200, response.text
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]
    [row] = api.get("/reports/capa", "quality").json()
    assert (row["capa_id"], row["status"], row["nonconformities"]) == (capa, "closed", nc_id)


def test_every_read_is_logged_and_auditors_can_see_who_read_what(api: Api) -> None:
    case_no = api.receive()
    api.get(f"/cases/{case_no}", "clerk")
    api.get(f"/cases/{case_no}/history", "inspector")
    api.get("/reports/queue", "clerk")
    assert api.get("/audit/reads", "clerk").status_code == 403
    reads = api.get("/audit/reads", "auditor").json()
    assert [(r["person_id"], r["action"], r["subject"]) for r in reads][:3] == [
        ("clerk", "case", case_no),
        ("inspector", "history", case_no),
        ("clerk", "report:queue", "department=SJJ section=* person=*"),
    ]
    assert reads[-1]["person_id"] == "auditor" and reads[-1]["action"] == "reads"
    only_case = api.get("/audit/reads", "inspector", subject=case_no).json()
    assert {r["person_id"] for r in only_case} == {"clerk", "inspector"}
    assert all(r["at"].startswith("2026-03-02T09:00") for r in only_case)


def test_a_departments_backlog_at_a_past_date_over_http(api: Api) -> None:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]
    assert api.get("/audit/backlog", "clerk", department="SJJ", as_of="2026-03-20").status_code == 403
    body = api.get("/audit/backlog", "auditor", department="SJJ", as_of="2026-03-20").json()
    [case] = body["cases"]
    kc = next(c for c in case["clocks"] if c["name"] == "KC")
    assert (case["case_no"], kc["overdue"], body["position"] > 0) == (case_no, 4, True)


def test_a_report_from_a_stopped_view_says_so(api: Api) -> None:
    views = api.client.app.state.views  # type: ignore[attr-defined]
    views.runner.catch_up()
    views.store.stop("supervision", 7, "event 8: UntranslatableCharacter")
    response = api.get("/reports/redflags", "inspector")
    assert response.status_code == 503
    problem = response.json()
    assert problem["rule"] == "view-stopped" and "event 8" in problem["detail"]
    assert api.get("/reports/queue", "inspector").status_code == 200  # a report from running views answers


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"level": "purple"}, "no warning level 'purple'"),
        ({"level": "RED"}, "no warning level 'RED'"),
        ({"status": "bogus"}, "no case status 'bogus'"),
        ({"department": "XXX"}, "no department 'XXX'"),
        ({"person": "nobody"}, "no person 'nobody'"),
        ({"from": "2026-03-31", "to": "2026-03-01"}, "ends"),
        ({"from": "2026-13-01"}, "date"),
    ],
)
def test_bad_report_filters_are_a_422_not_an_empty_answer(api: Api, params: dict[str, str], words: str) -> None:
    for name in ("queue", "warnings", "overdue"):
        response = api.get(f"/reports/{name}", "inspector", **params)
        assert response.status_code == 422, response.text
        assert words in response.json()["detail"]


def test_booleans_read_back_as_json_booleans_on_every_backend(api: Api) -> None:
    api.receive()
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]
    [row] = api.get("/reports/queue", "inspector").json()
    assert row["paused"] is False and row["provisional"] is False


def test_reports_page_answer_csv_and_count_to_a_day(api: Api) -> None:
    cases = sorted(api.receive() for _ in range(5))
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]
    first = api.get("/reports/queue", "inspector", limit=2)
    assert len(first.json()) == 2
    seen = [r["case_no"] for r in first.json()]
    following = first.headers["link"].split(";")[0].strip("<>")
    while following:
        page = api.client.get(following, headers=api.headers("inspector"))
        seen += [r["case_no"] for r in page.json()]
        following = page.headers.get("link", "").split(";")[0].strip("<>")
    assert sorted(seen) == cases and len(seen) == len(set(seen))
    csv_answer = api.get("/reports/queue", "inspector", format="csv")
    assert csv_answer.headers["content-type"].startswith("text/csv")
    lines = csv_answer.text.strip().splitlines()
    assert lines[0].startswith("case_no,") and len(lines) == 6
    assert api.get("/reports/queue", "inspector", format="xml").status_code == 422
    api.ok(f"/cases/{cases[0]}/acceptance", "clerk")
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]
    assert api.get("/reports/overdue", "inspector").json() == []  # today (3-2): not due yet
    [later] = api.get("/reports/overdue", "inspector", as_of="2026-06-30").json()
    assert later["case_no"] == cases[0] and later["days_over_committed"] > 60


def test_each_report_is_documented_with_its_row_and_only_the_filters_it_honours(api: Api) -> None:
    from application.reports.registry import REPORTS

    document = api.client.get("/openapi.json").json()
    for report in REPORTS:
        operation = document["paths"][f"/reports/{report.name}"]["get"]
        assert operation["summary"].startswith(report.title)
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema["items"]["$ref"].endswith(f"/{report.row.__name__}")
        parameters = {p["name"] for p in operation["parameters"]}
        assert ("section" in parameters) == ("section" in report.filters)
        assert ("level" in parameters) == ("level" in report.filters)
        assert ("from" in parameters) == ("period" in report.filters)


def test_a_filter_the_report_does_not_honour_is_a_422_naming_it(api: Api) -> None:
    api.receive()
    response = api.get("/reports/redflags", "inspector", section="SJJ-S1")
    assert response.status_code == 422, response.text
    assert "not filtered by section" in response.json()["detail"]
    assert api.get("/reports/warnings", "inspector", section="SJJ-S1").status_code == 200
