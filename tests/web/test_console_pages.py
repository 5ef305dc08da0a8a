"""Every console page in a real browser, as each role, against what the API answers for the same query."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import httpx
import openpyxl
import pytest

from application.reports.registry import REPORTS
from domain.prereview.appointment import WindowDay
from tests.web.conftest import NOW, ROLES, DemoServer, Tab

SCREEN_COLUMNS = ("open_cases", "due_today", "prompt", "yellow", "red", "statutory_breach", "red_flags")


def table_rows(tab: Tab, selector: str, key: str) -> dict[str, list[str]]:
    """The rows of a table on the page, by the row's ``data-`` key, each as its cells' text."""
    rows: dict[str, list[str]] = tab.page.eval_on_selector_all(
        f"{selector} tr[data-{key}]",
        f"rows => Object.fromEntries(rows.map(r => [r.dataset.{key}, [...r.cells].map(c => c.innerText.trim())]))",
    )
    return rows


def screen_figures(cells: list[str]) -> dict[str, int]:
    """The counts of a screen row (after its name and light)."""
    return {name: int(text) for name, text in zip(SCREEN_COLUMNS, cells[2:], strict=True)}


@pytest.mark.parametrize("role", ["inspector", "auditor", "quality", "clerk", "agency_head"])
def test_the_supervision_screen_shows_what_the_api_answers(tab_as: Any, demo_server: DemoServer, role: str) -> None:
    person = ROLES[role]
    tab = tab_as(person)
    assert tab.page.url.endswith(("/console/supervision", "/console/window")), tab.page.url  # where each starts
    tab.open("/console/supervision")
    shown = table_rows(tab, "table.screen", "department")
    expected = demo_server.api(person, "/reports/screen")
    assert {row["department"] for row in expected} == set(shown)
    for row in expected:
        assert screen_figures(shown[row["department"]]) == {name: row[name] for name in SCREEN_COLUMNS}
        assert f"light-{row['light']}" in tab.page.inner_html(f"tr[data-department='{row['department']}']")
    if role == "clerk":  # a department's staff see their department alone
        assert set(shown) <= {"SJJ", "ALL"}
    tab.shot(f"supervision-{role}")
    tab.clean()


def busiest(server: DemoServer) -> str:
    """The department with the most open cases."""
    rows = server.api(ROLES["inspector"], "/reports/screen")
    return str(max((r for r in rows if r["department"] != "ALL"), key=lambda r: r["open_cases"])["department"])


def test_a_department_shows_its_holders_and_cases_as_the_api_does(tab_as: Any, demo_server: DemoServer) -> None:
    inspector = ROLES["inspector"]
    tab = tab_as(inspector)
    tab.open("/console/supervision")
    code = busiest(demo_server)
    with tab.page.expect_navigation():
        tab.page.click(f"tr[data-department='{code}'] a")
    assert tab.page.url.endswith(f"/console/departments/{code}")
    holders = table_rows(tab, "table.grid", "holder")
    expected = [r for r in demo_server.api(inspector, "/reports/screen_people", department=code) if r["holder_id"]]
    assert set(holders) == {r["holder_id"] for r in expected}
    for row in expected:
        assert screen_figures(holders[row["holder_id"]]) == {name: row[name] for name in SCREEN_COLUMNS}
    cases = table_rows(tab, "table.cases", "case")
    queue = demo_server.api(inspector, "/reports/queue", department=code)
    assert list(cases) == [row["case_no"] for row in queue]  # the same cases, in the same order (by due date)
    tab.shot("department")
    holder = expected[0]["holder_id"]
    with tab.page.expect_navigation():
        tab.page.click(f"tr[data-holder='{holder}'] a")
    held = table_rows(tab, "table.cases", "case")
    assert list(held) == [r["case_no"] for r in queue if r["holder_id"] == holder]
    tab.clean()


def a_case_held_past_a_step(server: DemoServer) -> dict[str, Any]:
    rows = server.api(ROLES["inspector"], "/reports/attribution")
    assert rows, "the demo has a step held past its limit"
    return dict(rows[-1])


def test_a_case_page_shows_its_clocks_timeline_and_custody_as_the_api_does(
    tab_as: Any, demo_server: DemoServer
) -> None:
    auditor = ROLES["auditor"]
    overrun = a_case_held_past_a_step(demo_server)
    case_no = overrun["case_no"]
    tab = tab_as(auditor)
    tab.open(f"/console/cases/{case_no}")
    clocks = table_rows(tab, "table.clocks", "clock")
    expected = demo_server.api(auditor, f"/cases/{case_no}/clocks")
    assert set(clocks) == {c["name"] for c in expected}
    for clock in expected:
        cells = clocks[clock["name"]]
        assert cells[4].rstrip("*") == clock["due_on"] and int(cells[6]) == clock["remaining"]
    types = tab.page.eval_on_selector_all("table.timeline tr[data-type]", "rows => rows.map(r => r.dataset.type)")
    history = demo_server.api(auditor, f"/cases/{case_no}/history")
    assert types == [event["type"] for event in history]
    bars = tab.page.locator("svg.custody rect.bar.govt").count()
    assert bars >= 2 and tab.page.locator("svg.custody rect.bar.overrun").count() >= 1  # held past the step
    tab.shot("case")

    accepted = next(e for e in history if e["type"] == "Accepted")["occurred_at"]
    tab.page.fill("input[name=business_time]", accepted[:16])
    with tab.page.expect_navigation():
        tab.page.click("form.as-of button")
    then = demo_server.api(auditor, f"/cases/{case_no}/as-of", business_time=accepted)
    assert tab.page.inner_text(".then-status") == status_word(then["status"])
    tab.shot("case-as-of")
    tab.clean()


def status_word(status: str) -> str:
    from interface.web import i18n
    from interface.web.words import say

    return say(i18n.language(i18n.CHINESE), "status", status)


def receive_at_sjj(server: DemoServer) -> str:
    """A new case received at SJJ's window through the API, as its clerk."""
    clerk = ROLES["clerk"]
    items = server.api(clerk, "/catalogue/items", department="SJJ")
    commitment = next(i for i in items if i["kind"] == "commitment")
    response = httpx.post(
        f"{server.url}/cases",
        json={
            "item_code": commitment["code"],
            "applicant": {"name": "李四", "id_number": "510122199001011233", "phone": "13900000000"},
        },
        headers={"Authorization": f"Bearer {server.tokens[clerk]}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["case_no"])


def test_the_screen_updates_itself_when_the_ledger_records(tab_as: Any, demo_server: DemoServer) -> None:
    tab = tab_as(ROLES["inspector"])
    tab.open("/console/supervision")
    before = screen_figures(table_rows(tab, "table.screen", "department")["ALL"])["open_cases"]
    tab.page.wait_for_timeout(500)  # the stream is open
    receive_at_sjj(demo_server)
    # No reload: the stream says the views moved and the page fetches its table again.
    tab.page.wait_for_function(
        f"() => +document.querySelector(\"tr[data-department='ALL']\").cells[2].innerText === {before + 1}",
        timeout=15_000,
    )
    assert tab.page.locator("tr[data-department='SJJ']").count() == 1
    tab.clean()


def test_signing_out_ends_the_session(tab_as: Any) -> None:
    tab = tab_as(ROLES["quality"])
    tab.open("/console/supervision")
    with tab.page.expect_navigation():
        tab.page.click("form[action='/console/sign-out'] button")
    assert "/console/sign-in" in tab.page.url
    tab.open("/console/supervision")
    assert "/console/sign-in?next=%2Fconsole%2Fsupervision" in tab.page.url  # signed out: asked to sign in again
    tab.shot("sign-in")
    tab.clean()


def test_a_wrong_password_is_refused_in_the_readers_language(tab_as: Any) -> None:
    tab = tab_as(ROLES["clerk"], sign_in=False)
    page = tab.sign_in(password="not the password")
    assert "/console/sign-in" in page.url
    assert page.inner_text("[role=alert]") == "用户名或密码不正确。"
    tab.clean()


def test_the_console_switches_to_english(tab_as: Any) -> None:
    tab = tab_as(ROLES["inspector"])
    tab.open("/console/supervision")
    assert tab.page.inner_text("h1").startswith("电子监察")
    with tab.page.expect_navigation():
        tab.page.click("text=English")
    assert tab.page.inner_text("h1").startswith("Supervision screen")
    assert tab.page.get_attribute("html", "lang") == "en"
    tab.shot("supervision-english")
    with tab.page.expect_navigation():
        tab.page.click("text=中文")
    assert tab.page.inner_text("h1").startswith("电子监察")
    tab.clean()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_documentation_works_without_internet(tab_as: Any, path: str) -> None:
    tab = tab_as(ROLES["inspector"], sign_in=False)
    tab.open(path)
    tab.page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "caseledger" in tab.page.inner_text(".swagger-ui .info .title")
    assert tab.page.locator(".opblock").count() > 50  # every operation, rendered from /openapi.json
    tab.shot("api-docs")
    tab.clean()


def report_params(name: str) -> dict[str, str]:
    """What a report is read with in the tests: a period where the report needs one (the responsibility
    page's own default, this year, spelt out for the API)."""
    if name == "review_pack":
        return {"from": "2025-01-01", "to": "2025-06-30"}
    return {"from": "2025-01-01", "to": "2025-12-31"} if name == "responsibility" else {}


@pytest.mark.parametrize("report", [r.name for r in REPORTS])
def test_every_report_page_shows_the_rows_the_api_answers(tab_as: Any, demo_server: DemoServer, report: str) -> None:
    inspector = ROLES["inspector"]
    tab = tab_as(inspector)
    params = report_params(report)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    tab.open(f"/console/reports/{report}" + (f"?{query}" if query else ""))
    expected = demo_server.api(inspector, f"/reports/{report}", **params)
    cells = tab.page.eval_on_selector_all(
        "table.report tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
    )
    shown = [row for row in cells if len(row) > 1 or expected]  # an empty report shows one "no rows" line
    expected = expected[:200]  # the first page
    assert len(shown) == len(expected)
    header = tab.page.eval_on_selector_all("table.report thead th", "cells => cells.map(c => c.innerText.trim())")
    if expected and "case_no" in expected[0]:  # the same cases, in the same order
        column = header.index("办件编号")
        assert [row[column] for row in shown] == [row["case_no"] or "–" for row in expected]
    tab.shot(f"report-{report}")
    tab.clean()


def test_responsibility_is_read_for_this_year_unless_a_period_is_given(tab_as: Any, demo_server: DemoServer) -> None:
    tab = tab_as(ROLES["inspector"])
    tab.open("/console/reports/responsibility")
    assert tab.page.input_value("input[name=from]") == "2025-01-01"  # the demo's today is 2025-06-30
    assert tab.page.input_value("input[name=to]") == "2025-12-31"
    this_year = demo_server.api(
        ROLES["inspector"], "/reports/responsibility", **{"from": "2025-01-01", "to": "2025-12-31"}
    )
    shown = tab.page.locator("table.report tbody tr").count()
    assert shown == max(1, min(200, len(this_year)))
    tab.clean()


def test_a_report_downloads_as_a_workbook_headed_in_chinese(tab_as: Any, demo_server: DemoServer) -> None:
    tab = tab_as(ROLES["quality"])
    tab.open("/console/reports/kpi")
    with tab.page.expect_download() as download:
        tab.page.click("a[data-export=xlsx]")
    assert download.value.suggested_filename == "质量目标-2025-06-30.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    header, *body = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "质量目标" and header[0] == "分组" and "按时办结率%" in header
    assert len(body) == len(demo_server.api(ROLES["quality"], "/reports/kpi"))
    tab.clean()


def test_a_long_register_is_shown_a_page_at_a_time(tab_as: Any, demo_server: DemoServer) -> None:
    inspector = ROLES["inspector"]
    expected = demo_server.api(inspector, "/reports/warnings", level="yellow")
    assert len(expected) > 200, "the demo's year has more yellow warnings than a page holds"
    tab = tab_as(inspector)
    tab.open("/console/reports/warnings?level=yellow")
    with tab.page.expect_navigation():
        tab.page.click("nav.pages a[rel=next]")
    assert "level=yellow" in tab.page.url and "page=2" in tab.page.url
    header = tab.page.eval_on_selector_all("table.report thead th", "cells => cells.map(c => c.innerText.trim())")
    column = header.index("办件编号")
    cases = tab.page.eval_on_selector_all(
        "table.report tbody tr", f"rows => rows.map(r => r.cells[{column}].innerText.trim())"
    )
    assert cases == [row["case_no"] for row in expected[200:400]]
    tab.clean()


def test_responsibility_drills_down_to_a_persons_custody_intervals(tab_as: Any, demo_server: DemoServer) -> None:
    inspector = ROLES["inspector"]
    tab = tab_as(inspector)
    tab.open("/console/reports/responsibility?from=2025-01-01&to=2025-06-30")
    assert tab.page.locator("svg.bars rect.bar").count() > 0
    link = tab.page.locator("a[data-drill=person_id]").first
    person = link.inner_text()
    with tab.page.expect_navigation():
        link.click()
    assert f"/console/reports/attribution?person={person}&from=2025-01-01&to=2025-06-30" in tab.page.url
    expected = demo_server.api(
        inspector, "/reports/attribution", person=person, **{"from": "2025-01-01", "to": "2025-06-30"}
    )
    assert tab.page.locator("table.report tbody tr").count() == max(1, len(expected))
    tab.clean()


def test_the_registers_of_the_working_modes_speak_chinese(tab_as: Any, demo_server: DemoServer) -> None:
    tab = tab_as(ROLES["inspector"])
    for report, column, raw in (
        ("pre_reviews", "状态", {"submitted", "incomplete", "complete", "filed", "withdrawn"}),
        ("meeting_actions", "办理情况", {"done", "done_late", "open", "overdue"}),
    ):
        tab.open(f"/console/reports/{report}")
        header = tab.page.eval_on_selector_all("table.report thead th", "cells => cells.map(c => c.innerText.trim())")
        cells = tab.page.eval_on_selector_all(
            "table.report tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
        )
        said = {row[header.index(column)] for row in cells if len(row) > 1}
        assert said and not said & raw, f"{report}: {said}"
    tab.clean()


def test_the_working_modes_pages_show_what_the_api_answers(tab_as: Any, demo_server: DemoServer) -> None:
    """A pre-review, a meeting, a window's day of appointments, the notifications register and the public
    guide, each in Chromium as the API answers them, in Chinese, with nothing fetched from outside."""
    inspector = ROLES["inspector"]
    tab = tab_as(inspector)
    reviews = demo_server.api(inspector, "/reports/pre_reviews")
    answered = next(r for r in reviews if r["answers"])
    tab.open(f"/console/pre-reviews/{answered['pre_review_no']}")
    api = demo_server.api(inspector, f"/pre-reviews/{answered['pre_review_no']}")
    assert tab.page.locator("table.answers tr[data-answer]").count() == len(api["answers"])
    assert tab.page.get_attribute("small.status", "data-status") == api["status"]
    tab.shot("pre-review")

    asked = demo_server.api(inspector, "/reports/consultations")
    for row in (next(r for r in asked if r["answered_at"]), next(r for r in asked if not r["answered_at"])):
        tab.open(f"/console/consultations/{row['consultation_no']}")
        api = demo_server.api(inspector, f"/consultations/{row['consultation_no']}")
        assert tab.page.inner_text("dd[data-field=answer_due]") == api["answer_due"]
        answered = tab.page.get_attribute("dl.consultation", "data-answered")
        assert answered == ("yes" if api["answer"] else "no")
    tab.shot("consultation")

    meeting_no = demo_server.api(inspector, "/reports/meeting_actions")[0]["meeting_no"]
    tab.open(f"/console/meetings/{meeting_no}")
    meeting = demo_server.api(inspector, f"/meetings/{meeting_no}")
    done = tab.page.eval_on_selector_all("tr[data-action]", "rows => rows.map(r => [r.dataset.action, r.dataset.done])")
    assert done == [[a["action_id"], a["done_on"] or ""] for a in meeting["actions"]]
    tab.shot("meeting")

    departments = [r["department"] for r in demo_server.api(inspector, "/reports/screen") if r["department"] != "ALL"]
    day, window = next(
        (NOW.date() - timedelta(days=back), f"{code}-W1")
        for back in range(8)
        for code in departments
        if demo_server.ledger.store.exists(WindowDay.id_for(f"{code}-W1", NOW.date() - timedelta(days=back)))
    )
    tab.open(f"/console/appointments?window={window}&day={day.isoformat()}")
    booked = demo_server.api(inspector, f"/appointments/{window.removesuffix('-W1')}/{window}/{day.isoformat()}")
    shown = tab.page.eval_on_selector_all("tr[data-ref]", "rows => rows.map(r => [r.dataset.ref, r.dataset.status])")
    assert shown == [[b["ref"], b["status"]] for b in booked["bookings"]] and shown
    tab.shot("appointments")

    tab.open("/console/notifications")
    counts = demo_server.api(inspector, "/notifications")["counts"]
    cells = tab.page.eval_on_selector_all("td[data-state]", "cells => cells.map(c => [c.dataset.state, c.innerText])")
    assert {state: int(n) for state, n in cells if int(n)} == counts and counts.get("sent")
    tab.shot("notifications")

    public = tab_as(inspector, sign_in=False)
    public.open("/console/public/catalogue")
    items = demo_server.api(inspector, "/public/catalogue")
    assert public.page.locator("tr[data-code]").count() == len(items)
    public.page.click(f"tr[data-code='{items[0]['code']}'] a")
    public.page.wait_for_selector("dl.guide")
    assert public.page.inner_text("dd[data-field=committed]") == items[0]["committed"]
    assert public.page.inner_text("a.public") == "办事指南" and "法定时限" in public.page.inner_text("dl.guide")
    public.shot("public-guide")
    tab.clean()
    public.clean()
