"""The quarterly evaluation over HTTP: drafted and read by those who read the whole centre, published by an
inspector once after the quarter ends, each department reading its own row in the report."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api


def test_a_quarter_is_drafted_published_once_and_read(api: Api) -> None:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    draft = api.get("/evaluations/2026Q1/draft", "inspector")
    assert draft.status_code == 200, draft.text
    [sjj] = [d for d in draft.json()["departments"] if d["department"] == "SJJ"]
    assert sjj["figures"]["received"] == 1 and sjj["grade"] is None  # nothing concluded: not graded
    early = api.post("/evaluations/2026Q1", "inspector")
    assert early.status_code == 422  # the quarter has not ended
    assert api.get("/evaluations/2026Q1", "inspector").status_code == 404
    api.at(4, 2)
    published = api.post("/evaluations/2026Q1", "inspector")
    assert published.status_code == 201, published.text
    assert published.json()["quarter"] == "2026Q1"
    assert api.post("/evaluations/2026Q1", "inspector").status_code == 409
    read = api.get("/evaluations/2026Q1", "auditor").json()
    assert read["published_by"] == "inspector" and read["departments"] == draft.json()["departments"]
    assert api.get("/evaluations/2026Q1/recomputation", "quality").json() == []
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]
    own = api.get("/reports/evaluations", "clerk").json()
    assert [(r["quarter"], r["department"], r["received"]) for r in own] == [("2026Q1", "SJJ", 1)]


@pytest.mark.parametrize(
    ("user", "status"), [("inspector", 200), ("quality", 200), ("clerk", 403), ("agency_head", 403)]
)
def test_the_whole_centre_is_read_by_those_who_read_everything(api: Api, user: str, status: int) -> None:
    assert api.get("/evaluations/2026Q1/draft", user).status_code == status


@pytest.mark.parametrize("user", ["quality", "agency_head", "auditor", "clerk"])
def test_only_an_inspector_publishes(api: Api, user: str) -> None:
    api.at(4, 2)
    assert api.post("/evaluations/2026Q1", user).status_code == 403


@pytest.mark.parametrize("quarter", ["2026Q5", "2026-Q1", "Q1", "2026q1", "0000Q1", "9999Q4"])
def test_a_quarter_is_written_as_year_and_quarter(api: Api, quarter: str) -> None:
    assert api.get(f"/evaluations/{quarter}/draft", "inspector").status_code == 422
