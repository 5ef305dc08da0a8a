"""The public information platform (政务公开) as pages anyone in the hall may read, without signing in: the
catalogue of items by department and each item's guide (办事指南), and the centre's annual report, as the
public API answers them (``/public/...``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from application.reports.annual import annual_report
from domain.business_time import legal_day
from domain.errors import InvalidValue
from interface.api.routes.paths import Key
from interface.api.routes.publication import PublicGuideOut, PublicItemOut
from interface.web.rendering import render
from interface.web.visitors import PREFIX, language_of

router = APIRouter(prefix=f"{PREFIX}/public", include_in_schema=False)
Department = Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
Year = Annotated[int, Query(ge=2004, le=2100)]


def _page(request: Request, template: str, **context: Any) -> Response:
    html = render(language_of(request), template, {"visitor": None, "csrf": "", **context})
    return Response(html, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})


@router.get("/catalogue")
def catalogue(request: Request, department: Department = None) -> Response:
    """事项目录: every item (of one department), its limits as published, its fee and where to apply."""
    ledger = request.app.state.ledger
    if department is not None and not ledger.organisation.has_department(department):
        raise InvalidValue("no department '{department}'", department=department)
    every = [PublicItemOut.of(item).model_dump() for item in ledger.publication.items()]
    departments = sorted({(i["department"], i["department_name"]) for i in every})
    items = [i for i in every if department is None or i["department"] == department]
    return _page(request, "public_catalogue.html", items=items, departments=departments, department=department)


@router.get("/catalogue/{code}")
def guide(request: Request, code: Key) -> Response:
    """办事指南: an item's guide in full."""
    item = PublicGuideOut.of_guide(request.app.state.ledger.publication.item(code)).model_dump()
    return _page(request, "public_guide.html", item=item)


@router.get("/annual")
def annual(request: Request, year: Year | None = None) -> Response:
    """年度报告: the figures the centre publishes for a year (this year so far by default)."""
    state = request.app.state
    today = legal_day(state.clock())
    asked = year or today.year
    if asked > today.year:
        raise InvalidValue("{year} has not begun", year=asked)
    report = annual_report(state.views.reports, asked, today, state.ledger.calendars.working_days(asked))
    return _page(request, "public_annual.html", year=asked, lines=report.lines())
