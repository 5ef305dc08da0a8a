"""The applicant's side (the SMS-query stand-in): status by case number and query code, and rating."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Query, Request

from domain.errors import NotFound
from domain.organisation.actors import Actor, Channel
from interface.api.deps import LedgerDep, NowDep
from interface.api.problems import PUBLIC_PROBLEMS, ProblemError
from interface.api.routes.complaints import ComplaintNo, ComplaintOut, FixRatingIn, PublicComplaintIn
from interface.api.routes.paths import CaseNo
from interface.api.schemas.commands import RatingIn
from interface.api.schemas.views import CommandOut, PublicStatusOut

router = APIRouter(prefix="/public", tags=["public"], responses=PUBLIC_PROBLEMS)
QueryCode = Annotated[
    str, Query(min_length=1, max_length=16, pattern=r"^[0-9A-Za-z]+$", description="from the receipt")
]


class RateLimiter:
    """Wrong query codes are limited per client and case number: after ``limit`` in ``window`` seconds that
    client is refused (429) for that case, whatever code it sends; the applicant, on another client, is
    never locked out by someone else's guesses. Kept per server process."""

    def __init__(self, limit: int = 5, window: float = 600.0) -> None:
        self.limit, self.window = limit, window
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and now - failures[0] > self.window:
            failures.popleft()
        if not failures:
            del self._failures[key]  # nothing kept for clients that stopped failing
        return failures

    def check(self, client: str, case_no: str) -> None:
        now = time.monotonic()
        with self._lock:
            failures = self._recent((client, case_no), now)
            if len(failures) >= self.limit:
                retry = int(self.window - (now - failures[0])) + 1
                raise ProblemError(
                    429,
                    "too-many-queries",
                    "Too many queries",
                    "too many wrong query codes for this case from here; try again in {retry} s",
                    {"Retry-After": str(retry)},
                    retry=retry,
                )

    def failed(self, client: str, case_no: str) -> None:
        with self._lock:
            self._failures[(client, case_no)].append(time.monotonic())


@contextmanager
def _limited(request: Request, case_no: str) -> Iterator[None]:
    """Refuse a client that sent too many wrong codes for this case; count a wrong code (``NotFound``)."""
    limiter: RateLimiter = request.app.state.rate_limiter
    client = request.client.host if request.client else "-"
    limiter.check(client, case_no)
    try:
        yield
    except NotFound:
        limiter.failed(client, case_no)
        raise


@router.get("/status", summary="办件查询: status, current step and due date (nothing personal)")
def status(
    request: Request,
    ledger: LedgerDep,
    now: NowDep,
    case_no: Annotated[str, Query(max_length=64)],
    query_code: QueryCode,
) -> PublicStatusOut:
    with _limited(request, case_no):
        return PublicStatusOut(**vars(ledger.records.public_status(case_no, query_code, as_of=now)))


@router.post("/cases/{case_no}/rating", summary="好差评: the applicant rates the service (once)")
def rate(
    request: Request, case_no: CaseNo, query_code: QueryCode, body: RatingIn, ledger: LedgerDep, now: NowDep
) -> CommandOut:
    with _limited(request, case_no):
        subject = ledger.records.applicant_subject(case_no, query_code)
    result = ledger.cases.rate(
        case_no, stars=body.stars, comment=body.comment, at=now, by=Actor.applicant(subject), channel=Channel.ONLINE
    )
    return CommandOut.of(result)


@router.post("/cases/{case_no}/complaint", status_code=201, summary="投诉: the applicant complains about their case")
def complain(
    request: Request,
    case_no: CaseNo,
    query_code: QueryCode,
    body: PublicComplaintIn,
    ledger: LedgerDep,
    now: NowDep,
) -> ComplaintOut:
    with _limited(request, case_no):
        subject = ledger.records.applicant_subject(case_no, query_code)
    filed = ledger.complaints.file_about_case(
        case_no=case_no,
        kind=body.kind,
        content=body.content,
        person_id=body.person_id,
        at=now,
        by=Actor.applicant(subject),
    )
    return ComplaintOut.of(filed)


@router.post(
    "/cases/{case_no}/complaints/{complaint_no}/rating",
    summary="回访: the complainant rates the fix of their complaint (not satisfied: handled again)",
)
def rate_fix(
    request: Request,
    case_no: CaseNo,
    complaint_no: ComplaintNo,
    query_code: QueryCode,
    body: FixRatingIn,
    ledger: LedgerDep,
    now: NowDep,
) -> ComplaintOut:
    with _limited(request, case_no):
        subject = ledger.records.applicant_subject(case_no, query_code)
    rated = ledger.complaints.rate_fix(
        complaint_no,
        case_no=case_no,
        satisfaction=body.satisfaction,
        note=body.note,
        at=now,
        by=Actor.applicant(subject),
    )
    return ComplaintOut.of(rated)
