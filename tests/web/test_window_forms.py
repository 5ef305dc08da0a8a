"""The window's forms in a real browser: each everyday act submitted as a form shows up in the case's
history, as the API reads it."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import DemoServer, Tab

CLERK, HANDLER, REVIEWER = "SJJ-WC1", "SJJ-S1-HD1", "SJJ-S1-RV1"


def history_types(server: DemoServer, person: str, case_no: str) -> list[str]:
    return [event["type"] for event in server.api(person, f"/cases/{case_no}/history")]


def timeline_types(tab: Tab) -> list[str]:
    types: list[str] = tab.page.eval_on_selector_all(
        "table.timeline tr[data-type]", "rows => rows.map(r => r.dataset.type)"
    )
    return types


def act(tab: Tab, path: str, **fields: str) -> None:
    """Open the act's form on the case page, fill it in and send it."""
    form = tab.page.locator(f"details[data-act='{path}']")
    form.locator("summary").click()
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with tab.page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "done=" in tab.page.url, tab.page.url


def receive(tab: Tab, applicant: str) -> str:
    tab.open("/console/window")
    with tab.page.expect_navigation():
        tab.page.click("a[href='/console/window/receipt']")
    tab.page.fill("input[name=name]", applicant)
    tab.page.fill("input[name=id_number]", "510122199001011233")
    tab.page.fill("textarea[name=materials]", "申请书\n营业执照副本")
    with tab.page.expect_navigation():
        tab.page.click("form.receipt button[type=submit]")
    assert "/console/cases/" in tab.page.url and "done=Received" in tab.page.url
    return str(tab.page.url.split("/console/cases/")[1].split("?")[0])


def test_a_case_goes_from_the_window_to_the_back_office_through_the_forms(tab_as: Any, demo_server: DemoServer) -> None:
    clerk = tab_as(CLERK)
    assert clerk.page.url.endswith("/console/window")
    clerk.shot("window")
    case_no = receive(clerk, "王五")
    assert timeline_types(clerk) == history_types(demo_server, CLERK, case_no) == ["Received"]
    act(clerk, "acceptance", notice_no="受理通知书〔2025〕101号")
    act(clerk, "hand-off", to_person_id=HANDLER, note="请办理")
    assert timeline_types(clerk)[-2:] == ["Accepted", "HandedOff"]
    clerk.shot("case-acted")

    handler = tab_as(HANDLER)
    waiting = handler.page.eval_on_selector_all("table.cases tr[data-case]", "rows => rows.map(r => r.dataset.case)")
    assert case_no in waiting  # the hand-off waits for the handler on their own page
    handler.open(f"/console/cases/{case_no}")
    act(handler, "hand-off/receipt")
    act(handler, "step/completion", opinion="材料齐全，同意")
    act(handler, "hand-off", to_person_id=REVIEWER)

    reviewer = tab_as(REVIEWER)
    reviewer.open(f"/console/cases/{case_no}")
    act(reviewer, "hand-off/receipt")
    act(reviewer, "step/return", reason="审查意见不明确，请补充")
    expected = ["Received", "Accepted", "HandedOff", "HandOffReceived", "StepCompleted", "HandedOff"]
    expected += ["HandOffReceived", "StepReturned"]
    assert timeline_types(reviewer) == history_types(demo_server, REVIEWER, case_no) == expected
    for tab in (clerk, handler, reviewer):
        tab.clean()


def test_the_one_time_supplement_notice_is_a_form_too(tab_as: Any, demo_server: DemoServer) -> None:
    clerk = tab_as(CLERK)
    case_no = receive(clerk, "赵六")
    act(clerk, "supplement-request", missing="营业执照副本\n法定代表人身份证明", notice_no="补正通知书〔2025〕7号")
    history = demo_server.api(CLERK, f"/cases/{case_no}/history")
    assert [e["type"] for e in history] == ["Received", "SupplementRequested"]
    assert history[-1]["details"]["missing"] == ["营业执照副本", "法定代表人身份证明"]
    clerk.clean()


def test_an_inspector_is_offered_no_act(tab_as: Any, demo_server: DemoServer) -> None:
    rows = demo_server.api("CENTRE-IN1", "/reports/queue")
    inspector = tab_as("CENTRE-IN1")
    inspector.open(f"/console/cases/{rows[0]['case_no']}")
    assert inspector.page.locator("details.act").count() == 0
    assert inspector.page.locator("a[href='/console/window']").count() == 0
    inspector.clean()
