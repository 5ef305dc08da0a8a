"""Every report of the registry as a page (a table, filtered as the report allows, with a chart where one
helps) and as a CSV or Excel file headed in the reader's language."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from application.reports.filters import GROUPS, LEVELS, STATUSES, ReportFilters
from application.reports.registry import REPORTS
from application.reports.service import Reports
from domain.errors import InvalidValue
from interface.web import charts, exports, i18n, reading
from interface.web.visitors import PREFIX, VisitorDep
from interface.web.words import N_

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Name = Annotated[str, Path(max_length=40, pattern=r"^[a-z_]+$")]
Format = Annotated[str, Path(pattern=r"^(csv|xlsx)$")]
# The query parameters of each filter a report may honour (as the API names them).
PARAMETERS = {
    "period": ("from", "to"),
    "department": ("department",),
    "section": ("section",),
    "person": ("person",),
    "group": ("group",),
    "status": ("status",),
    "level": ("level",),
    "due_before": ("due_before",),
}
# How each filter's field is labelled, and the groups of ``group``.
NAME_WORDS = {
    "from": N_("From"),
    "to": N_("To"),
    "department": N_("Department"),
    "section": N_("Section"),
    "person": N_("Person"),
    "group": N_("Totals by"),
    "status": N_("Status"),
    "level": N_("Level"),
    "due_before": N_("Committed due by"),
}
GROUP_WORDS = {"person": N_("Person"), "section": N_("Section"), "department": N_("Department")}
CHOICES = {"group": GROUPS, "status": tuple(sorted(STATUSES)), "level": tuple(sorted(LEVELS))}
# The reports drawn as bars besides their table: the row's label columns and the figures drawn.
BARS = {
    "responsibility": (("person_name", "section", "department"), ("working_days_held", "overrun_working_days")),
    "kpi": (("group",), ("on_time_rate_pct", "satisfaction_pct")),
    "evaluations": (("quarter", "department"), ("score",)),
}


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue("{name} '{text}' is not a day such as 2025-06-30", name=name, text=text) from None


# Reports a page reads for this calendar year when no period is given: what inspectors ask for most, and
# what the views keep totals of (ADR 14); the whole ledger is one period away.
THIS_YEAR_BY_DEFAULT = frozenset({"responsibility"})


def filters_from(request: Request, today: date | None = None, report: str = "") -> tuple[ReportFilters, dict[str, str]]:
    """The filters a report page was asked with (empty fields are not filters), and as given (a report of
    ``THIS_YEAR_BY_DEFAULT`` asked without a period: ``today``'s year, shown in the form)."""
    given = {k: v.strip() for k, v in request.query_params.items() if k in _NAMES and v.strip()}
    if today is not None and report in THIS_YEAR_BY_DEFAULT and not ({"from", "to"} & given.keys()):
        given |= {"from": f"{today.year}-01-01", "to": f"{today.year}-12-31"}
    for name, value in given.items():
        if len(value) > 64:
            raise InvalidValue("{name} is longer than 64 characters", name=name)
    filters = ReportFilters(
        date_from=_day(given["from"], "from") if "from" in given else None,
        date_to=_day(given["to"], "to") if "to" in given else None,
        department=given.get("department"),
        section=given.get("section"),
        person=given.get("person"),
        group=given.get("group", "person"),
        status=given.get("status"),
        level=given.get("level"),
        due_before=_day(given["due_before"], "due_before") if "due_before" in given else None,
    )
    return filters, given


_NAMES = {name for names in PARAMETERS.values() for name in names}
ROWS_A_PAGE = 200  # a register of a year holds thousands: the page shows them a page at a time
Page = Annotated[int, Query(ge=1, le=100_000)]


@router.get("/reports")
def index(who: VisitorDep) -> Response:
    return who.page("reports.html", reports=REPORTS)


@router.get("/reports/{name}")
def report_page(request: Request, who: VisitorDep, name: Name, page: Page = 1) -> Response:
    report = Reports.definition(name)
    filters, given = filters_from(request, who.today, name)
    rows = reading.report(who, name, filters)
    language = i18n.language(who.language)
    header = exports.headed(report, rows, language)[0]
    query = "&".join(f"{k}={quote(v)}" for k, v in given.items())
    pages = max(1, -(-len(rows) // ROWS_A_PAGE))
    shown = rows[(page - 1) * ROWS_A_PAGE : page * ROWS_A_PAGE]
    return who.page(
        "report.html",
        report=report,
        shown=shown,
        page=page,
        pages=pages,
        title=exports.title_of(report, language),
        columns=exports.columns_of(report, rows),
        header=header,
        rows=rows,
        given=given,
        parameters={f: PARAMETERS[f] for f in sorted(report.filters)},
        choices=CHOICES,
        name_words=NAME_WORDS,
        group_words=GROUP_WORDS,
        query=query,
        chart=_bars(name, rows, exports.columns_of(report, rows), header),
    )


@router.get("/reports/{name}/export.{kind}")
def export(request: Request, who: VisitorDep, name: Name, kind: Format) -> Response:
    """The report as a file: CSV or an Excel workbook, headed in the reader's language."""
    report = Reports.definition(name)
    filters, _ = filters_from(request, who.today, name)
    rows = reading.report(who, name, filters)
    language = i18n.language(who.language)
    header, body = exports.headed(report, rows, language)
    title = exports.title_of(report, language)
    day = who.today.isoformat()
    # A plain name for old browsers, the report's title in the reader's language for the others (RFC 6266).
    said = quote(f"{title}-{day}.{kind}")
    disposition = {"Content-Disposition": f"attachment; filename=\"{name}-{day}.{kind}\"; filename*=UTF-8''{said}"}
    if kind == "csv":
        return Response(exports.as_csv(header, body), media_type=exports.CSV_TYPE, headers=disposition)
    return Response(exports.as_xlsx(title, header, body), media_type=exports.XLSX_TYPE, headers=disposition)


def _bars(name: str, rows: list[dict[str, Any]], columns: list[str], header: list[str]) -> charts.BarChart | None:
    """The report's bars, each figure named as its column is headed."""
    if name not in BARS or not rows:
        return None
    labels, figures = BARS[name]
    named = {column: header[columns.index(column)] for column in figures if column in columns}
    return charts.bar_chart(rows, labels, named)
