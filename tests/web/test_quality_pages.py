"""The quality manager's pages in a real browser: the KPI trend as the API reads it, and a corrective
action raised and taken through every step with the console's forms."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import ROLES, DemoServer, Tab

QUALITY = ROLES["quality"]


def step(tab: Tab, path: str, **fields: str | bool) -> None:
    form = tab.page.locator(f"details[data-step='{path}']")
    form.locator("summary").click()
    for name, value in fields.items():
        if isinstance(value, bool):
            if value:
                form.locator(f"[name={name}]").check()
        else:
            form.locator(f"[name={name}]").fill(value)
    with tab.page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "done=" in tab.page.url


def test_the_quality_dashboard_shows_the_trend_the_api_answers(tab_as: Any, demo_server: DemoServer) -> None:
    tab = tab_as(QUALITY)
    tab.open("/console/quality")
    trend = demo_server.api(QUALITY, "/reports/kpi_trend")
    months = sorted({row["month"] for row in trend})
    assert len(months) == 12 and tab.page.locator("svg.lines polyline").count() == 2
    shown = tab.page.eval_on_selector_all(
        "table.trend tr[data-department]",
        "rows => Object.fromEntries(rows.map(r => [r.dataset.department, [...r.cells].slice(1).map(c => c.innerText)]))",  # noqa: E501
    )
    for row in trend:
        if row["group"] != "ALL":
            value = shown[row["group"]][months.index(row["month"])]
            assert value == ("–" if row["on_time_rate_pct"] is None else f"{row['on_time_rate_pct']:g}")
    tab.shot("quality")
    tab.clean()


def test_a_corrective_action_is_raised_and_closed_through_the_forms(tab_as: Any, demo_server: DemoServer) -> None:
    nonconformity = demo_server.api(QUALITY, "/reports/nonconformities")[0]["nc_id"]
    tab = tab_as(QUALITY)
    tab.open("/console/quality")
    tab.page.fill("form.raise input[name=title]", "窗口超时整改")
    tab.page.fill("form.raise textarea[name=nonconformities]", nonconformity)
    with tab.page.expect_navigation():
        tab.page.click("form.raise button[type=submit]")
    capa_id = tab.page.url.split("/corrective-actions/")[1].split("?")[0]
    step(tab, "root-cause", root_cause="审核环节人手不足")
    step(tab, "plan", action="增设AB岗", owner_department="SJJ", due_on="2025-07-31")
    step(tab, "completion", note="已落实")
    step(tab, "verification", effective=True, evidence="七月无超时")
    step(tab, "closure")
    [row] = [r for r in demo_server.api(QUALITY, "/reports/capa") if r["capa_id"] == capa_id]
    assert row["status"] == "closed" and row["effective"] is True and row["owner_department"] == "SJJ"
    assert tab.page.get_attribute("dd[data-field=status]", "data-value") == "closed"
    assert tab.page.inner_text("dd[data-field=status]") == "已办结"
    tab.shot("corrective-action")
    tab.clean()
