"""Case queries, read from the event store (always current); the case's version is its ETag.

Every read is recorded in the read-access log (who, what, when), which auditors and inspectors query.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response

from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI
from interface.api.deps import AuditorDep, LedgerDep, NowDep, ReadLogDep, UserDep, ViewsDep
from interface.api.problems import QUERY_PROBLEMS
from interface.api.routes.paths import CaseNo
from interface.api.schemas.base import Day, Instant
from interface.api.schemas.views import CaseOut, ClockOut, EventOut

router = APIRouter(prefix="/cases", tags=["queries"], responses=QUERY_PROBLEMS)
audit = APIRouter(prefix="/audit", tags=["audit"], responses=QUERY_PROBLEMS)
AsOf = Annotated[Instant | None, Query(description="read the clocks at this instant (default: now)")]


@router.get("/by-id/{case_id}", summary="a case by its id")
def case_by_id(
    case_id: UUID, ledger: LedgerDep, user: UserDep, now: NowDep, response: Response, log: ReadLogDep
) -> CaseOut:
    return case(ledger.records.case_no_of(case_id), ledger, user, now, response, log, None)


@router.get("/{case_no}", summary="a case by its number, with its clocks")
def case(
    case_no: CaseNo,
    ledger: LedgerDep,
    user: UserDep,
    now: NowDep,
    response: Response,
    log: ReadLogDep,
    as_of: AsOf = None,
) -> CaseOut:
    view = ledger.records.case(case_no, as_of=as_of or now, viewer=user)
    log("case", case_no)
    response.headers["ETag"] = f'"{view.version}"'
    return CaseOut.of(view)


@router.get("/{case_no}/clocks", summary="the case's clocks: elapsed, remaining and due working days")
def clocks(
    case_no: CaseNo, ledger: LedgerDep, user: UserDep, now: NowDep, log: ReadLogDep, as_of: AsOf = None
) -> list[ClockOut]:
    view = ledger.records.case(case_no, as_of=as_of or now, viewer=user)
    log("clocks", case_no)
    return [ClockOut.of(c) for c in view.clocks]


@router.get("/{case_no}/history", summary="every event of the case, with the clocks after each")
def history(case_no: CaseNo, ledger: LedgerDep, user: UserDep, log: ReadLogDep) -> list[EventOut]:
    events = ledger.audit.history(case_no, viewer=user)
    log("history", case_no)
    return [EventOut.of(e) for e in events]


@router.get("/{case_no}/as-of", summary="the case as it stood at a business time and/or as known at a record time")
def as_of(
    case_no: CaseNo,
    ledger: LedgerDep,
    user: UserDep,
    log: ReadLogDep,
    business_time: Annotated[Instant | None, Query(description="what had legally happened by then")] = None,
    record_time: Annotated[Instant | None, Query(description="what the ledger had recorded by then")] = None,
) -> CaseOut:
    view = ledger.audit.case_as_of(case_no, business_time=business_time, record_time=record_time, viewer=user)
    log("as-of", case_no)
    return CaseOut.of(view)


@audit.get("/reads", summary="the read-access log: who read which case or report, when")
def reads(
    _: AuditorDep,
    views: ViewsDep,
    log: ReadLogDep,
    person: Annotated[str | None, Query(max_length=64)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
    date_from: Annotated[Day | None, Query(alias="from")] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
) -> list[dict[str, Any]]:
    log("reads", person or subject or "all")  # reading the log is a read too
    return views.access.reads(person=person, subject=subject, date_from=date_from, date_to=date_to)


@audit.get("/backlog", summary="a department's open cases at the end of a past day, consistent at one ledger position")
def backlog(
    _: AuditorDep,
    views: ViewsDep,
    ledger: LedgerDep,
    log: ReadLogDep,
    department: Annotated[str, Query(min_length=1, max_length=64)],
    as_of: Annotated[Day, Query(description="the day whose end the backlog is taken at")],
    position: Annotated[int | None, Query(ge=0, description="the ledger position (default: now)")] = None,
) -> dict[str, Any]:
    cases = views.reports.case_numbers(ReportFilters(date_to=as_of, department=department))
    end_of_day = datetime.combine(as_of, time(23, 59, 59), tzinfo=SHANGHAI)
    used, open_cases = ledger.audit.backlog_as_of(cases, end_of_day, position)
    log("backlog", f"{department}@{as_of}")
    return {"position": used, "cases": [CaseOut.of(v).model_dump(mode="json") for v in open_cases]}
