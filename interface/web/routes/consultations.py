"""Online consultations (网上咨询) in the console: the register a department works from, and a question's
page with its answer, or the forms that answer it or give it a later day (found complex, or needing other
departments). The forms are read by the API's request models and recorded by the same service."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel
from starlette.responses import RedirectResponse, Response

from domain.errors import InvalidValue
from domain.prereview.consultation import check_may_read
from interface.api.routes.consultations import AnswerIn, ReclassificationIn
from interface.web import forms, reading
from interface.web.visitors import PREFIX, FormDep, VisitorDep
from interface.web.words import N_

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Number = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Z0-9]+$")]
ActPath = Annotated[str, Path(max_length=20, pattern=r"^[a-z]+$")]
Position = Annotated[int | None, Query(ge=0)]
Done = Annotated[str | None, Query(max_length=20, pattern=r"^[a-z]+$")]
ACTS: dict[str, tuple[str, type[BaseModel]]] = {
    "answer": (N_("Answer the question"), AnswerIn),
    "reclassification": (N_("Give it a later day"), ReclassificationIn),
}
# (a consultation's kind is its time to answer, not a complaint's kind: its own label here)
FIELDS = {
    path: tuple(
        dataclasses.replace(f, label=N_("Time to answer")) if f.name == "kind" else f for f in forms.model_fields(model)
    )
    for path, (_, model) in ACTS.items()
}


@dataclass(frozen=True)
class Register:
    """What the register page (``records.html``) needs to know of the kind it lists."""

    path: str = "consultations"
    title: str = N_("Online consultations")
    report: str = "consultations"
    number: str = "consultation_no"
    shown: tuple[str, ...] = (
        "consultation_no",
        "progress",
        "department",
        "item_code",
        "channel",
        "kind",
        "asked_at",
        "answer_due",
        "answered_at",
    )


@router.get("/consultations")
def register(who: VisitorDep) -> Response:
    """The questions this person may read, those still awaited first, newest first."""
    rows = reading.report(who, "consultations")
    rows.sort(key=lambda row: str(row.get("asked_at") or ""), reverse=True)
    rows.sort(key=lambda row: row["progress"] not in ("overdue", "open"))
    departments = reading.department_names(who, rows)
    return who.page("records.html", kind=Register(), rows=rows, opening=(), departments=departments)


@router.get("/consultations/{number}")
def consultation(who: VisitorDep, number: Number, position: Position = None, done: Done = None) -> Response:
    if position is not None:
        reading.wait_for_views(who, position)
    found = who.ledger.consultations.consultation(number)
    check_may_read(who.actor, found)
    who.read("consultation", number)
    offered = []
    if found.answered_at is None and who.acts:
        offered = [(path, name, FIELDS[path]) for path, (name, _) in ACTS.items()]
        if found.kind.value != "ordinary":
            offered = offered[:1]  # a later day is given once
    return who.page("consultation.html", consultation=found, acts=offered, done=done)


@router.post("/consultations/{number}/{act_path}")
def act(who: VisitorDep, form: FormDep, number: Number, act_path: ActPath) -> Response:
    chosen = ACTS.get(act_path)
    if chosen is None:
        raise InvalidValue("no act '{path}' on a consultation (acts: {acts})", path=act_path, acts=", ".join(ACTS))
    body: Any = forms.read_model(chosen[1], form)
    service = who.ledger.consultations
    if isinstance(body, AnswerIn):
        position = service.answer(number, answer=body.answer, at=who.now, by=who.actor)
    else:
        position = service.reclassify(number, kind=body.kind, reason=body.reason, at=who.now, by=who.actor)
    back = f"{PREFIX}/consultations/{quote(number)}?done={act_path}&position={position}"
    return RedirectResponse(back, status_code=303)
