"""The public information platform over HTTP, read without a token: the catalogue as published (limits in
a guide's words), each item's guide as the administrator published it (no catch-all condition, 不收费 for
no fee), a month's figures and the year's report, counted from what the test itself recorded."""

from __future__ import annotations

from datetime import timedelta

from tests.api.conftest import ITEMS, Api

GUIDE = {
    "conditions": ["申请人为依法设立的企业", "有与经营规模相适应的经营场所"],
    "place": "政务服务中心一楼市场监管局窗口",
    "phone": "028-85800000",
    "result": "营业执照",
}


def test_the_catalogue_and_its_guides_are_public(api: Api) -> None:
    listed = {i["code"]: i for i in api.client.get("/public/catalogue").json()}
    commitment, immediate = ITEMS["commitment"], ITEMS["immediate"]
    assert listed[commitment.code]["committed"] == f"受理后{commitment.committed_limit.value}个工作日内办结"
    assert listed[immediate.code]["committed"] == "即办"
    assert listed[commitment.code]["fee"] == "不收费" and listed[commitment.code]["guide_version"] == 0
    assert api.client.get("/public/catalogue", params={"department": "NOPE"}).status_code == 422

    path = f"/catalogue/items/{commitment.code}/guide"
    assert api.client.put(path, json=GUIDE, headers=api.headers("clerk")).status_code == 403
    for bad in ({"conditions": ["其他条件"]}, {"fee": "无"}):
        refused = api.client.put(path, json=GUIDE | bad, headers=api.headers("admin"))
        assert refused.status_code == 422 and refused.json()["rule"] == "invalid-value", bad
    assert api.client.put(path, json=GUIDE, headers=api.headers("admin")).status_code == 200
    assert api.client.put(path, json=GUIDE | {"phone": "028-85800001"}, headers=api.headers("admin")).status_code == 200

    guide = api.client.get(f"/public/catalogue/{commitment.code}").json()
    assert guide["conditions"] == GUIDE["conditions"] and guide["phone"] == "028-85800001"
    assert guide["guide_version"] == 2 and guide["materials"] == list(commitment.materials)
    assert guide["procedure"][:2] == ["收件", "受理"] and guide["pre_review_days"] == 2
    assert api.client.get("/public/catalogue/NO-SUCH").status_code == 404


def test_a_months_figures_and_the_years_report_are_public(api: Api) -> None:
    for _ in range(2):
        api.receive("commitment")
    api.at(4, 1, 10)
    api.receive("immediate")
    api.now[0] += timedelta(days=1)
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]  # the worker's part
    march = api.client.get("/public/figures/2026-03").json()
    total = next(r for r in march["rows"] if r["department"] == "ALL")
    assert total["received"] == 2 and total["department_name"] == "全中心"
    assert [r["department_name"] for r in march["rows"] if r["department"] != "ALL"] == ["部门 SJJ"]
    assert api.client.get("/public/figures/2026-13").status_code == 422
    assert api.client.get("/public/figures/2027-01").status_code == 422, "a month not begun"

    annual = api.client.get("/public/annual/2026").json()
    assert annual["figures"]["received"] == 3 and annual["figures"]["items"] == len(ITEMS)
    said = {line["label"]: line["value"] for line in annual["lines"]}
    assert said["受理办件"] == f"{annual['figures']['accepted']}件（收件3件）"
    assert api.client.get("/public/annual/2027").status_code == 422


def test_a_month_or_year_out_of_the_ledgers_range_is_a_client_error(api: Api) -> None:
    for path in ("/public/figures/0000-01", "/public/figures/1999-12", "/public/figures/2026-1", "/public/annual/0"):
        assert api.client.get(path).status_code == 422, path
