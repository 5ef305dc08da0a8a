"""Online pre-reviews (网上预审) in the console: the register a department's window works from, and a
pre-review's page with the forms of what can be done on it now: answer it (complete, or everything
missing, once and in full), record the materials brought, withdraw it, or file it as a case.

Each form is read by the API's own request model (``interface.api.routes.pre_reviews``) and recorded by
the same service, so the console accepts and refuses exactly what the API does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel
from starlette.responses import RedirectResponse, Response

from domain.errors import InvalidValue
from domain.prereview.prereview import PreReview, check_may_read
from interface.api.routes.pre_reviews import AnswerIn, FilingIn, ResubmissionIn, WithdrawalIn
from interface.web import forms, reading
from interface.web.visitors import PREFIX, FormDep, Visitor, VisitorDep
from interface.web.words import N_

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Number = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Z0-9]+$")]
ActPath = Annotated[str, Path(max_length=16, pattern=r"^[a-z]+$")]
Position = Annotated[int | None, Query(ge=0)]
Done = Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z]+$")]
OPEN = ("submitted", "incomplete", "complete")  # a pre-review the window still has work on


@dataclass(frozen=True)
class Register:
    """What the register page (``records.html``) needs to know of the kind it lists."""

    path: str = "pre-reviews"
    title: str = N_("Online pre-reviews")
    report: str = "pre_reviews"
    number: str = "pre_review_no"
    shown: tuple[str, ...] = (
        "pre_review_no",
        "status",
        "item_code",
        "department",
        "channel",
        "submitted_at",
        "answer_due",
        "missing",
        "case_no",
    )


@dataclass(frozen=True)
class Act:
    """One act on a pre-review: its path, the request model its form is read by, and the statuses it is
    offered in."""

    path: str
    name: str  # a msgid
    model: type[BaseModel]
    offered: tuple[str, ...]


ACTS = {
    act.path: act
    for act in (
        Act("answer", N_("Answer the pre-review"), AnswerIn, ("submitted",)),
        Act("resubmission", N_("Record the materials brought"), ResubmissionIn, ("incomplete",)),
        Act("filing", N_("File it as a case"), FilingIn, ("complete",)),
        Act("withdrawal", N_("Withdraw the pre-review"), WithdrawalIn, OPEN),
    )
}
FIELDS = {path: forms.model_fields(act.model) for path, act in ACTS.items()}


@router.get("/pre-reviews")
def register(who: VisitorDep) -> Response:
    """The pre-reviews this person may read, those the window still has work on first, newest first."""
    rows = reading.report(who, "pre_reviews")
    rows.sort(key=lambda row: str(row.get("submitted_at") or ""), reverse=True)
    rows.sort(key=lambda row: row["status"] not in OPEN)
    departments = reading.department_names(who, rows)
    return who.page("records.html", kind=Register(), rows=rows, opening=(), departments=departments)


@router.get("/pre-reviews/{number}")
def pre_review(who: VisitorDep, number: Number, position: Position = None, done: Done = None) -> Response:
    if position is not None:
        reading.wait_for_views(who, position)
    review = _read(who, number)
    who.read("pre-review", number)
    status = review.status.value
    offered = [(act, FIELDS[act.path]) for act in ACTS.values() if who.acts and status in act.offered]
    return who.page("pre_review.html", review=review, state=status, acts=offered, done=done)


@router.post("/pre-reviews/{number}/{act_path}")
def act(who: VisitorDep, form: FormDep, number: Number, act_path: ActPath) -> Response:
    """One act on the pre-review, recorded now by this person; filing opens the new case's page."""
    chosen = ACTS.get(act_path)
    if chosen is None:
        raise InvalidValue("no act '{path}' on a pre-review (acts: {acts})", path=act_path, acts=", ".join(ACTS))
    body: Any = forms.read_model(chosen.model, form)
    service = who.ledger.pre_reviews
    if isinstance(body, FilingIn):
        filed = service.file(number, at=who.now, by=who.actor)
        return RedirectResponse(f"{PREFIX}/cases/{quote(filed.case_no)}?done=Received", status_code=303)
    if isinstance(body, AnswerIn):
        at = service.answer(
            number, missing=tuple(body.missing), note=body.note, notice_no=body.notice_no, at=who.now, by=who.actor
        )
    elif isinstance(body, ResubmissionIn):
        at = service.resubmit(number, materials=tuple(body.materials), at=who.now, by=who.actor)
    else:
        at = service.withdraw(number, reason=body.reason, at=who.now, by=who.actor)
    back = f"{PREFIX}/pre-reviews/{quote(number)}?done={act_path}&position={at}"
    return RedirectResponse(back, status_code=303)


def _read(who: Visitor, number: str) -> PreReview:
    review = who.ledger.pre_reviews.pre_review(number)
    check_may_read(who.actor, review)
    return review
