"""The auditor's page in a real browser: backlog and read-access log as the API answers them, and a
bundle export that shows its progress and then verifies offline."""

from __future__ import annotations

import io
from typing import Any

from application.integrity.bundle import verify_bundle
from infrastructure.integrity.keys import signature_ok
from interface.composition import trusted_log_keys
from tests.web.conftest import ROLES, DemoServer

AUDITOR = ROLES["auditor"]


def test_the_backlog_and_the_read_log_are_what_the_api_answers(tab_as: Any, demo_server: DemoServer) -> None:
    held = demo_server.api(AUDITOR, "/reports/attribution")[-1]  # a case open on the day its step began
    department, day = held["department"], held["from_at"][:10]
    tab = tab_as(AUDITOR)
    tab.open(f"/console/audit?department={department}&day={day}#backlog")
    expected = demo_server.api(AUDITOR, "/audit/backlog", department=department, as_of=day)
    shown = tab.page.eval_on_selector_all("table.backlog tr[data-case]", "rows => rows.map(r => r.dataset.case)")
    assert shown == [case["case_no"] for case in expected["cases"]] and shown
    reads = demo_server.api(AUDITOR, "/audit/reads", person=AUDITOR)
    tab.open(f"/console/audit?person={AUDITOR}#reads")
    rows = tab.page.locator("table.reads tbody tr").count()
    assert rows == min(len(reads), 200) and rows > 0  # the backlog read above is among them
    assert int(tab.page.inner_text("dd[data-field=recorded]")) > 0
    tab.shot("audit")
    tab.clean()


def test_a_bundle_of_a_case_is_exported_with_its_progress_and_verifies(tab_as: Any, demo_server: DemoServer) -> None:
    case_no = demo_server.api(AUDITOR, "/reports/attribution")[0]["case_no"]
    tab = tab_as(AUDITOR)
    tab.open("/console/audit#bundles")
    tab.page.fill("form.bundle-case input[name=case_no]", case_no)
    with tab.page.expect_navigation():
        tab.page.click("form.bundle-case button[type=submit]")
    assert "/console/audit/bundles/" in tab.page.url
    tab.page.wait_for_selector("[data-state=done]", timeout=30_000)  # the progress fragment, fetched each second
    tab.shot("bundle")
    with tab.page.expect_download() as download:
        tab.page.click("a[data-download=bundle]")
    data = download.value.path().read_bytes()
    settings = demo_server.app.state.settings
    report = verify_bundle(data, trusted_log_keys(settings), signature_ok)
    assert report.valid and report.cases == [case_no], report.problems
    assert io.BytesIO(data).readline()  # JSON Lines
    tab.clean()


def test_the_audit_page_is_the_auditors_and_the_inspectors(tab_as: Any) -> None:
    clerk = tab_as(ROLES["clerk"])
    response = clerk.open("/console/audit")
    assert response.status == 403
    assert clerk.page.locator("a[href='/console/audit']").count() == 0
    clerk.errors.clear()  # the browser reports the 403 it was answered
    clerk.clean()
