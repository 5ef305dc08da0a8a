"""The applicant's side (the SMS-query stand-in): status by case number and query code, and rating."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from typing import Annotated

from fastapi import APIRouter, Query, Request

from domain.organisation.actors import Actor, Channel
from interface.api.deps import LedgerDep, NowDep
from interface.api.problems import PUBLIC_PROBLEMS, ProblemError
from interface.api.routes.paths import CaseNo
from interface.api.schemas.commands import RatingIn
from interface.api.schemas.views import CommandOut, PublicStatusOut

router = APIRouter(prefix="/public", tags=["public"], responses=PUBLIC_PROBLEMS)
QueryCode = Annotated[
    str, Query(min_length=1, max_length=16, pattern=r"^[0-9A-Za-z]+$", description="from the receipt")
]


class RateLimiter:
    """At most ``limit`` queries per case number in ``window`` seconds (per server process)."""

    def __init__(self, limit: int = 10, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                retry = int(self.window - (now - hits[0])) + 1
                raise ProblemError(
                    429, "too-many-queries", "Too many queries", f"try again in {retry} s", {"Retry-After": str(retry)}
                )
            hits.append(now)


def _limit(request: Request, case_no: str) -> None:
    limiter: RateLimiter = request.app.state.rate_limiter
    limiter.check(case_no)


@router.get("/status", summary="办件查询: status, current step and due date (nothing personal)")
def status(
    request: Request,
    ledger: LedgerDep,
    now: NowDep,
    case_no: Annotated[str, Query(max_length=64)],
    query_code: QueryCode,
) -> PublicStatusOut:
    _limit(request, case_no)
    return PublicStatusOut(**vars(ledger.public_status(case_no, query_code, as_of=now)))


@router.post("/cases/{case_no}/rating", summary="好差评: the applicant rates the service (once)")
def rate(
    request: Request, case_no: CaseNo, query_code: QueryCode, body: RatingIn, ledger: LedgerDep, now: NowDep
) -> CommandOut:
    _limit(request, case_no)
    subject = ledger.applicant_subject(case_no, query_code)
    result = ledger.rate(
        case_no, stars=body.stars, comment=body.comment, at=now, by=Actor.applicant(subject), channel=Channel.ONLINE
    )
    return CommandOut.of(result)
