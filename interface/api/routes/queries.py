"""Case queries, read from the event store (always current); the case's version is its ETag."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime

from interface.api.deps import LedgerDep, NowDep, UserDep
from interface.api.problems import QUERY_PROBLEMS
from interface.api.routes.paths import CaseNo
from interface.api.schemas.views import CaseOut, ClockOut, EventOut

router = APIRouter(prefix="/cases", tags=["queries"], responses=QUERY_PROBLEMS)
AsOf = Annotated[AwareDatetime | None, Query(description="read the clocks at this instant (default: now)")]


@router.get("/by-id/{case_id}", summary="a case by its id")
def case_by_id(case_id: UUID, ledger: LedgerDep, user: UserDep, now: NowDep, response: Response) -> CaseOut:
    return case(ledger.case_no_of(case_id), ledger, user, now, response, None)


@router.get("/{case_no}", summary="a case by its number, with its clocks")
def case(
    case_no: CaseNo, ledger: LedgerDep, user: UserDep, now: NowDep, response: Response, as_of: AsOf = None
) -> CaseOut:
    view = ledger.case(case_no, as_of=as_of or now, viewer=user)
    response.headers["ETag"] = f'"{view.version}"'
    return CaseOut.of(view)


@router.get("/{case_no}/clocks", summary="the case's clocks: elapsed, remaining and due working days")
def clocks(case_no: CaseNo, ledger: LedgerDep, user: UserDep, now: NowDep, as_of: AsOf = None) -> list[ClockOut]:
    return [ClockOut.of(c) for c in ledger.case(case_no, as_of=as_of or now, viewer=user).clocks]


@router.get("/{case_no}/history", summary="every event of the case, in order")
def history(case_no: CaseNo, ledger: LedgerDep, user: UserDep) -> list[EventOut]:
    return [EventOut.of(e) for e in ledger.history(case_no, viewer=user)]


@router.get("/{case_no}/as-of", summary="the case as it stood at a business time and/or as known at a record time")
def as_of(
    case_no: CaseNo,
    ledger: LedgerDep,
    user: UserDep,
    business_time: Annotated[AwareDatetime | None, Query(description="what had legally happened by then")] = None,
    record_time: Annotated[AwareDatetime | None, Query(description="what the ledger had recorded by then")] = None,
) -> CaseOut:
    return CaseOut.of(ledger.case_as_of(case_no, business_time=business_time, record_time=record_time, viewer=user))
