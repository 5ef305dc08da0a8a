"""Reports over the views, for inspectors, auditors, quality managers and each department's staff."""

from __future__ import annotations

import csv
import enum
import io
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from application.reports import REPORTS, ReportFilters
from domain.business_time import legal_day
from domain.case.access import report_scope
from interface.api.deps import LedgerDep, NowDep, ReadLogDep, UserDep, ViewsDep
from interface.api.problems import ProblemError, documented
from interface.api.schemas.base import Day
from interface.composition import Views

router = APIRouter(prefix="/reports", tags=["reports"], responses=documented(401, 403, 404, 409, 422, 503))
ReportName = enum.Enum("ReportName", {name: name for name in REPORTS}, type=str)  # type: ignore[misc]


def _wait_for(views: Views, position: int, seconds: float) -> None:
    """Read-your-writes: wait (at most a few seconds) until every view has reached ``position``."""
    head = views.runner.log.recorder.max_notification_id() or 0
    if position > head:  # a position a command answered is always recorded: this one never was
        raise ProblemError(
            422, "invalid-request", "Invalid request", f"position {position} is past the ledger's {head}"
        )
    deadline = time.monotonic() + seconds
    while True:
        behind = [s.name for s, _ in views.runner.statuses() if s.position < position]
        if not behind:
            return
        if time.monotonic() > deadline:
            raise ProblemError(
                503, "views-behind", "Views behind", f"{', '.join(behind)} not yet at {position}", {"Retry-After": "1"}
            )
        time.sleep(0.05)


class Format(enum.StrEnum):
    json = "json"
    csv = "csv"


CSV_DOCUMENTED: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "the rows"}
}


@router.get(
    "/{name}",
    summary="a report: queue, responsibility, overdue, warnings, redflags, ...",
    response_model=list[dict[str, Any]],
    responses=CSV_DOCUMENTED,
)
def report(
    request: Request,
    name: ReportName,
    views: ViewsDep,
    ledger: LedgerDep,
    user: UserDep,
    now: NowDep,
    date_from: Annotated[Day | None, Query(alias="from")] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
    department: Annotated[str | None, Query(max_length=64)] = None,
    section: Annotated[str | None, Query(max_length=64)] = None,
    person: Annotated[str | None, Query(max_length=64)] = None,
    group: Annotated[str, Query(pattern="^(person|section|department)$")] = "person",
    status: Annotated[str | None, Query(max_length=32, description="queue: one status")] = None,
    level: Annotated[str | None, Query(max_length=32, description="queue, warnings: a warning level")] = None,
    due_before: Annotated[Day | None, Query(description="queue: committed due on or before")] = None,
    min_position: Annotated[int | None, Query(ge=0, description="wait until the views reach this position")] = None,
    as_of: Annotated[
        Day | None, Query(description="the day open intervals and days over count to (default today)")
    ] = None,
    format: Annotated[Format, Query(description="json (default) or csv")] = Format.json,
    limit: Annotated[int | None, Query(ge=1, le=10_000, description="rows a page (default: all)")] = None,
    cursor: Annotated[str | None, Query(max_length=12, pattern=r"^[0-9]+$", description="from a Link: next")] = None,
    *,
    log: ReadLogDep,
) -> Any:
    department = report_scope(user, department)
    if min_position is not None:
        _wait_for(views, min_position, request.app.state.settings.view_wait_seconds)
    today = as_of or legal_day(now)
    log(f"report:{name.value}", f"department={department or '*'} section={section or '*'} person={person or '*'}")
    filters = ReportFilters(date_from, date_to, department, section, person, group, status, level, due_before)
    rows = views.reports.run(name.value, filters, today, ledger.calendars.working_days(today.year))
    start = int(cursor or 0)
    page = rows[start : start + limit] if limit else rows[start:]
    headers = {}
    if limit and start + limit < len(rows):
        following = request.url.include_query_params(cursor=str(start + limit))
        headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    if format is Format.csv:
        return Response(_csv(page), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(jsonable_encoder(page), headers=headers)


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
