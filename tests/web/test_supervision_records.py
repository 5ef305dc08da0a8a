"""Supervision orders, complaints and the quarterly evaluation in a real browser: an order opened by the
inspector and acknowledged by the department's head through the pages, each page showing what the API
reads for the same record."""

from __future__ import annotations

from typing import Any

import httpx

from tests.web.conftest import ROLES, DemoServer, Tab

INSPECTOR, HEAD = ROLES["inspector"], ROLES["agency_head"]


def fields(tab: Tab) -> dict[str, str]:
    """The record page's fields as its data attributes hold them."""
    found: dict[str, str] = tab.page.eval_on_selector_all(
        "dl.record dd", "cells => Object.fromEntries(cells.map(c => [c.dataset.field, c.dataset.value]))"
    )
    return found


def test_an_order_opened_and_acknowledged_through_the_pages_is_the_apis(tab_as: Any, demo_server: DemoServer) -> None:
    inspector = tab_as(INSPECTOR)
    inspector.open("/console/supervision-orders")
    inspector.shot("orders-register")
    form = inspector.page.locator("details[data-opening='supervision-orders'] form")
    form.locator("select[name=subject]").select_option("department")
    form.locator("select[name=department]").select_option("SJJ")
    form.locator("input[name=rule_id]").fill("A009")
    form.locator("select[name=warning_type]").select_option("2")
    form.locator("input[name=content]").fill("窗口一次性告知执行不到位，请整改")
    with inspector.page.expect_navigation():
        form.locator("button[type=submit]").click()
    order_no = inspector.page.url.split("/supervision-orders/")[1].split("?")[0]
    api = demo_server.api(INSPECTOR, f"/supervision-orders/{order_no}")
    shown = fields(inspector)
    for name in ("department", "rule_id", "warning_type", "content", "due_on"):
        assert shown[name] == str(api[name]), name
    assert api["status"] == "opened" and "已发出" in inspector.page.inner_text("h1")
    inspector.shot("order")

    head = tab_as(HEAD)
    head.open(f"/console/supervision-orders/{order_no}")
    act = head.page.locator("details[data-act='acknowledgement']")
    act.locator("summary").click()
    with head.page.expect_navigation():
        act.locator("button[type=submit]").click()
    assert "done=Acknowledge" in head.page.url
    assert demo_server.api(INSPECTOR, f"/supervision-orders/{order_no}")["status"] == "acknowledged"
    assert "已签收" in head.page.inner_text("h1")
    for tab in (inspector, head):
        tab.clean()


def test_the_complaints_register_and_the_evaluation_are_the_apis(tab_as: Any, demo_server: DemoServer) -> None:
    inspector = tab_as(INSPECTOR)
    inspector.open("/console/complaints")
    listed = inspector.page.eval_on_selector_all(
        "table.register tr[data-number]", "rows => rows.map(r => r.dataset.number)"
    )
    assert set(listed) == {row["complaint_no"] for row in demo_server.api(INSPECTOR, "/reports/complaints")}
    inspector.shot("complaints-register")
    quarter = "2025Q1"  # the demo's history ends in 2025Q2
    inspector.open(f"/console/evaluations/{quarter}")
    published = httpx.get(
        f"{demo_server.url}/evaluations/{quarter}", headers=demo_server.headers(INSPECTOR), timeout=30
    )
    api = (
        published.json()
        if published.status_code == 200
        else demo_server.api(INSPECTOR, f"/evaluations/{quarter}/draft")
    )
    assert ("已发布" in inspector.page.inner_text("h1")) == (published.status_code == 200)
    grades = inspector.page.eval_on_selector_all(
        "table.evaluation tr[data-department]",
        "rows => Object.fromEntries(rows.map(r => [r.dataset.department, r.dataset.grade]))",
    )
    assert grades == {row["department"]: row["grade"] or "" for row in api["departments"]}
    inspector.shot("evaluation")
    inspector.clean()


def test_a_projects_page_in_the_browser(tab_as: Any, demo_server: DemoServer) -> None:
    from datetime import datetime

    from domain.business_time import SHANGHAI
    from domain.projects.plan import Milestone, PlannedPermit

    ledger = demo_server.ledger
    admin = ledger.people.actor("CENTRE-AD1")
    [first, second, *_] = [r for r in demo_server.api(INSPECTOR, "/reports/queue") if r["status"] == "in_progress"]
    when = datetime(2025, 6, 30, 22, tzinfo=SHANGHAI)
    number = "2025-510116-04-01-000777"
    ledger.projects.register(
        project_no=number,
        name="空港物流园三期",
        investor_id="91510100MA6C8XYU1E",
        investor_name="成都某物流有限公司",
        site="西航港经济开发区",
        scale_wan_yuan=18000,
        committed_wd=40,
        major=True,
        at=when,
        by=admin,
    )
    plan = (
        PlannedPermit("approval", first["item_code"], first["department"], (), (), 5, 20, Milestone.START),
        PlannedPermit("permit", second["item_code"], second["department"], ("approval",), (), 5, 15, Milestone.END),
    )
    for permit in plan:
        ledger.projects.plan_permit(number, permit, at=when, by=admin)
    ledger.projects.link_case(number, "approval", first["case_no"], at=when, by=admin)
    tab = tab_as(INSPECTOR)
    tab.open("/console/supervision")
    tab.page.fill("form.find-project input[name=no]", number)
    with tab.page.expect_navigation():
        tab.page.click("form.find-project button[type=submit]")
    assert tab.page.url.endswith(f"/console/projects/{number}")
    api = httpx.get(f"{demo_server.url}/projects/{number}", headers=demo_server.headers(INSPECTOR), timeout=30).json()
    assert tab.page.get_attribute("p.path", "data-holding") == api["holding"] == "approval"
    assert tab.page.get_attribute("a[data-holding-case]", "data-holding-case") == first["case_no"]
    assert tab.page.get_attribute("dl.clock", "data-elapsed") == str(api["elapsed_wd"])
    tab.shot("project")
    tab.clean()
