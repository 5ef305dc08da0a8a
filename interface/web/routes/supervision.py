"""The supervision screen (电子监察): every department lit by its open cases' warnings, live; then a
department's people and their cases."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response, StreamingResponse

from application.reports.filters import ReportFilters
from application.reports.service import Reports
from domain.errors import InvalidValue
from interface.composition import Views
from interface.web import exports, i18n, printing, reading
from interface.web.rendering import render
from interface.web.visitors import PREFIX, VisitorDep

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Department = Annotated[str, Path(max_length=24, pattern=r"^[A-Za-z0-9_.:-]+$")]
Person = Annotated[str | None, Query(max_length=64)]
WATCHED = ("queue", "supervision")  # the views the screen reads: it changes when they move
POLL_SECONDS = 1.0
HEARTBEAT_SECONDS = 15.0
STREAM_SECONDS = 600.0  # a stream ends after this long; the browser reconnects by itself


@router.get("/supervision")
def screen(who: VisitorDep) -> Response:
    rows = reading.report(who, "screen")
    names = reading.department_names(who, rows)
    return who.page("supervision.html", rows=rows, total=rows[-1] if rows else None, names=names)


@router.get("/supervision/table")
def screen_table(who: VisitorDep) -> Response:
    """The screen's table alone: what the page swaps in when the stream says the views moved."""
    rows = reading.report(who, "screen")
    names = reading.department_names(who, rows)
    return who.page("supervision_table.html", rows=rows, total=rows[-1] if rows else None, names=names)


def _positions(views: Views) -> tuple[int, ...]:
    return tuple(status.position for status, _ in views.runner.statuses() if status.name in WATCHED)


@router.get("/supervision/stream")
async def screen_stream(request: Request, who: VisitorDep) -> Response:
    """Server-sent events: ``moved`` whenever the queue or supervision view has moved on (the watcher
    recorded, a case was acted on); a comment now and then keeps proxies from closing the stream."""
    views = who.views

    async def events() -> AsyncIterator[str]:
        seen = await run_in_threadpool(_positions, views)
        yield "retry: 3000\n\n"
        quiet, waited = 0.0, 0.0
        while waited < STREAM_SECONDS and not await request.is_disconnected():
            await asyncio.sleep(POLL_SECONDS)
            waited += POLL_SECONDS
            now = await run_in_threadpool(_positions, views)
            if now != seen:
                seen, quiet = now, 0.0
                yield f"event: moved\ndata: {max(now, default=0)}\n\n"
            elif (quiet := quiet + POLL_SECONDS) >= HEARTBEAT_SECONDS:
                quiet = 0.0
                yield ": still here\n\n"

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


@router.get("/departments/{code}")
def department(who: VisitorDep, code: Department, person: Person = None) -> Response:
    """A department on the screen: its holders lit by their open cases, and the cases (of one holder, or
    all), by due date."""
    filters = ReportFilters(department=code)
    screen = reading.report(who, "screen", filters)
    people = reading.report(who, "screen_people", filters)
    cases = reading.report(who, "queue", ReportFilters(department=code, person=person))
    return who.page(
        "department.html",
        code=code,
        name=reading.department_names(who, [{"department": code}]).get(code, code),
        person=person,
        screen=screen[0] if screen else None,
        people=people,
        cases=cases,
    )


# The sections of the monthly supervision report (电子监察月报), each a report of the registry read for the
# month: the KPIs, supervision orders and complaints by department, the procedural red flags, the cases
# overdue in the month.
MONTHLY = ("kpi", "order_stats", "complaint_stats", "redflags", "overdue")
Month = Annotated[str | None, Query(max_length=7, pattern=r"^\d{4}-\d{2}$")]


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    header: list[str]
    columns: list[str]
    rows: list[dict[str, Any]]


@router.get("/supervision/monthly.pdf")
def monthly_report(who: VisitorDep, month: Month = None) -> Response:
    """The monthly supervision report as PDF, of ``month`` (YYYY-MM; by default the last whole month)."""
    first = _first_day(month) if month else (who.today.replace(day=1) - timedelta(days=1)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    language = i18n.language(who.language)
    sections = []
    for name in MONTHLY:
        report = Reports.definition(name)
        rows = reading.report(who, name, ReportFilters(date_from=first, date_to=last))
        header, _ = exports.headed(report, rows, language)
        sections.append(
            Section(name, exports.title_of(report, language), header, exports.columns_of(report, rows), rows)
        )
    context = {"visitor": who, "month": first.strftime("%Y-%m"), "first": first, "last": last, "sections": sections}
    html = render(who.language, "monthly.html", context)
    headers = {"Content-Disposition": f'inline; filename="supervision-{first:%Y-%m}.pdf"', "Cache-Control": "no-store"}
    return Response(printing.pdf(html), media_type=printing.PDF_TYPE, headers=headers)


def _first_day(month: str) -> date:
    try:
        return date.fromisoformat(f"{month}-01")
    except ValueError:
        raise InvalidValue("month '{month}' is not a month such as 2025-06", month=month) from None
