"""Reports over the views, for inspectors, auditors, quality managers and each department's staff.

One route per report of the registry (``application.reports.registry``): ``GET /reports/{name}`` with the
report's title as summary, its row as response model, and as query parameters the filters it honours
(any other filter of the registry is refused with 422, never silently ignored).
"""

from __future__ import annotations

import copy
import csv
import enum
import inspect
import io
import time
import typing
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from application.reports.filters import ReportFilters
from application.reports.registry import NAMES, REPORTS, Report
from domain.business_time import legal_day
from domain.errors import InvalidValue
from interface.api.deps import LedgerDep, NowDep, ReadLogDep, UserDep, ViewsDep
from interface.api.problems import ProblemError, documented
from interface.api.schemas.base import Day
from interface.composition import Views
from interface.web import exports, i18n

router = APIRouter(prefix="/reports", tags=["reports"], responses=documented(401, 403, 404, 409, 422, 503))


class Format(enum.StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


CSV_DOCUMENTED: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            exports.XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
        "description": "the rows (as CSV or an Excel workbook: headed in the language Accept-Language asks for)",
    }
}
Text = Annotated[str | None, Query(max_length=64)]


def _parameter(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


# The query parameter(s) of each filter a report may honour (``ReportFilters.named``).
FILTERS: dict[str, tuple[inspect.Parameter, ...]] = {
    "period": (
        _parameter("date_from", Annotated[Day | None, Query(alias="from", description="first day of the period")]),
        _parameter("date_to", Annotated[Day | None, Query(alias="to", description="last day of the period")]),
    ),
    "department": (_parameter("department", Text),),
    "section": (_parameter("section", Text),),
    "person": (_parameter("person", Text),),
    "group": (
        _parameter(
            "group", Annotated[str, Query(pattern="^(person|section|department)$", description="totals by")], "person"
        ),
    ),
    "status": (_parameter("status", Annotated[str | None, Query(max_length=32, description="one status")]),),
    "level": (_parameter("level", Annotated[str | None, Query(max_length=32, description="a warning level")]),),
    "due_before": (_parameter("due_before", Annotated[Day | None, Query(description="committed due on or before")]),),
}
COMMON = (
    _parameter(
        "min_position", Annotated[int | None, Query(ge=0, description="wait until the views reach this position")]
    ),
    _parameter("as_of", Annotated[Day | None, Query(description="the day open intervals and days over count to")]),
    _parameter("format", Annotated[Format, Query(description="json (default), csv or xlsx")], Format.json),
    _parameter("limit", Annotated[int | None, Query(ge=1, le=10_000, description="rows a page (default: all)")]),
    _parameter("cursor", Annotated[str | None, Query(max_length=12, pattern=r"^[0-9]+$", description="from a Link")]),
)
DEPENDENCIES = (
    _parameter("request", Request, inspect.Parameter.empty),
    _parameter("response", Response, inspect.Parameter.empty),
    _parameter("views", ViewsDep, inspect.Parameter.empty),
    _parameter("ledger", LedgerDep, inspect.Parameter.empty),
    _parameter("user", UserDep, inspect.Parameter.empty),
    _parameter("now", NowDep, inspect.Parameter.empty),
    _parameter("log", ReadLogDep, inspect.Parameter.empty),
)


def _hidden(parameter: inspect.Parameter) -> inspect.Parameter:
    """The parameter, left out of the OpenAPI description."""
    base, *marks = typing.get_args(parameter.annotation)
    hidden = [copy.copy(mark) for mark in marks]
    for mark in hidden:
        mark.include_in_schema = False
    return parameter.replace(annotation=Annotated[(base, *hidden)])


def wait_for_views(views: Views, position: int, seconds: float) -> None:
    """Read-your-writes: wait (at most a few seconds) until every view has reached ``position``."""
    head = views.runner.log.recorder.max_notification_id() or 0
    if position > head:  # a position a command answered is always recorded: this one never was
        raise ProblemError(
            422,
            "invalid-request",
            "Invalid request",
            "position {position} is past the ledger's {head}",
            position=position,
            head=head,
        )
    deadline = time.monotonic() + seconds
    while True:
        behind = [s.name for s, _ in views.runner.statuses() if s.position < position]
        if not behind:
            return
        if time.monotonic() > deadline:
            raise ProblemError(
                503,
                "views-behind",
                "Views behind",
                "{views} not yet at {position}",
                {"Retry-After": "1"},
                views=", ".join(behind),
                position=position,
            )
        time.sleep(0.05)


def endpoint(report: Report) -> Callable[..., Any]:
    """The report's route: its filters as query parameters, its rows as JSON (paged) or CSV."""

    def run(**given: Any) -> Any:
        request, response, views, user = given["request"], given["response"], given["views"], given["user"]
        if given["min_position"] is not None:
            wait_for_views(views, given["min_position"], request.app.state.settings.view_wait_seconds)
        today: date = given["as_of"] or legal_day(given["now"])
        asked = ReportFilters(
            given.get("date_from"),
            given.get("date_to"),
            given.get("department"),
            given.get("section"),
            given.get("person"),
            given.get("group", "person"),
            given.get("status"),
            given.get("level"),
            given.get("due_before"),
        )
        calendar = given["ledger"].calendars.working_days(today.year)
        filters, rows = views.reports.read(report.name, user, asked, today, calendar)
        given["log"](f"report:{report.name}", filters.scope())
        start, limit = int(given["cursor"] or 0), given["limit"]
        page = rows[start : start + limit] if limit else rows[start:]
        if limit and start + limit < len(rows):
            following = request.url.include_query_params(cursor=str(start + limit))
            response.headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
        if given["format"] is Format.json:
            return page
        return _file(report, page, given["format"], request.headers.get("accept-language"), dict(response.headers))

    # Every filter is read (so that a bad value is a 422 whichever report it is sent to, and one the
    # report does not honour is refused by name); those it does not honour are left out of its docs.
    filters = [p if name in report.filters else _hidden(p) for name in FILTERS for p in FILTERS[name]]
    run.__signature__ = inspect.Signature([*DEPENDENCIES, *filters, *COMMON])  # type: ignore[attr-defined]
    run.__name__ = run.__qualname__ = f"report_{report.name}"
    run.__doc__ = f"{report.title} ({report.title_en}). {report.row.__doc__ or ''}".strip()
    return run


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


def _file(
    report: Report, rows: list[dict[str, Any]], kind: Format, accept_language: str | None, headers: dict[str, str]
) -> Response:
    """The rows as a file. Without ``Accept-Language``, CSV heads its columns with their names (for programs);
    with it, and always in a workbook, with their titles in that language (Chinese or English)."""
    asked = i18n.from_accept_language(accept_language)
    if kind is Format.csv and asked is None:
        return Response(_csv(rows), media_type=exports.CSV_TYPE, headers=headers)
    language = i18n.language(asked or i18n.ENGLISH)
    header, body = exports.headed(report, rows, language)
    headers = {**headers, "Content-Language": language.code}
    if kind is Format.csv:
        return Response(exports.as_csv(header, body), media_type=exports.CSV_TYPE, headers=headers)
    workbook = exports.as_xlsx(exports.title_of(report, language), header, body)
    headers["Content-Disposition"] = f'attachment; filename="{report.name}.xlsx"'
    return Response(workbook, media_type=exports.XLSX_TYPE, headers=headers)


for _report in REPORTS:
    router.add_api_route(
        f"/{_report.name}",
        endpoint(_report),
        methods=["GET"],
        summary=f"{_report.title} · {_report.title_en}",
        response_model=list[_report.row],  # type: ignore[name-defined]
        responses=CSV_DOCUMENTED,
    )


@router.get("/{name}", include_in_schema=False)
def unknown_report(name: Annotated[str, Path(max_length=64)], user: UserDep) -> None:
    """A report the registry does not hold: 422 naming those it does (after authentication, as the others)."""
    raise InvalidValue("no report '{name}' (reports: {names})", name=name, names=", ".join(NAMES))
