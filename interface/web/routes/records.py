"""Supervision orders (督办) and complaints (投诉) in the console: each register with the form that opens a
record, and each record's page with the forms of its acts.

Both kinds are served by one set of routes from a table (``KINDS``): what a kind's page shows and does is
the API's own (its request model opens a record, its commands move it, ``application.supervision``), so
the console accepts and refuses exactly what the API does. A form carries the record's version: one sent
twice, or after someone else acted, records nothing (412).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel
from starlette.responses import RedirectResponse, Response

from application.ledger import CaseLedger
from application.supervision.complaints import COMPLAINT_COMMANDS
from application.supervision.orders import ORDER_COMMANDS
from domain.errors import InvalidValue
from domain.organisation.actors import Role
from domain.supervision.complaint import INTAKE_ROLES, Source
from domain.supervision.order import INSPECTORS
from interface.api.routes.complaints import ComplaintIn, ComplaintView
from interface.api.routes.supervision import OpenOrderIn, OrderView
from interface.web import forms, reading
from interface.web.forms import Field
from interface.web.visitors import PREFIX, FormDep, Visitor, VisitorDep
from interface.web.words import N_

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Number = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
ActPath = Annotated[str, Path(max_length=32, pattern=r"^[a-z-]+$")]
Position = Annotated[int | None, Query(ge=0)]
Done = Annotated[str | None, Query(max_length=32, pattern=r"^[A-Za-z]+$")]


@dataclass(frozen=True)
class Kind:
    """One kind of record the console keeps: where it lives, how it is read, opened and moved."""

    path: str  # under /console/
    title: str  # a msgid
    report: str  # its register (a report of the registry)
    number: str  # the register's column of its number
    commands: tuple[type[Any], ...]
    openers: frozenset[Role]  # who is offered the opening form (the record's own rule decides)
    service: Callable[[CaseLedger], Any]  # the ledger's service of the kind (``handle``)
    read: Callable[[CaseLedger, str, Visitor], BaseModel]  # the record as the API reads it, for the reader
    open: Callable[[CaseLedger, BaseModel, Visitor], str]  # opens one; its number
    shown: tuple[str, ...]  # the register's columns the list shows


def _read_order(ledger: CaseLedger, number: str, who: Visitor) -> BaseModel:
    return OrderView.of(ledger.supervision.order(number, viewer=who.actor))


def _open_order(ledger: CaseLedger, body: BaseModel, who: Visitor) -> str:
    fields = body.model_dump(exclude={"occurred_at"})
    number: str = ledger.supervision.open(**fields, at=who.now, by=who.actor).number
    return number


def _read_complaint(ledger: CaseLedger, number: str, who: Visitor) -> BaseModel:
    return ComplaintView.of(ledger.complaints.complaint(number, viewer=who.actor))


def _file_complaint(ledger: CaseLedger, body: BaseModel, who: Visitor) -> str:
    fields = body.model_dump(exclude={"occurred_at"})
    number: str = ledger.complaints.file(**fields, at=who.now, by=who.actor).number
    return number


KINDS = {
    kind.path: kind
    for kind in (
        Kind(
            path="supervision-orders",
            title=N_("Supervision order register"),
            report="orders",
            number="order_no",
            commands=ORDER_COMMANDS,
            openers=INSPECTORS,
            service=lambda ledger: ledger.supervision,
            read=_read_order,
            open=_open_order,
            shown=("order_no", "status", "department", "case_no", "warning_type", "opened_at", "due_on", "days_over"),
        ),
        Kind(
            path="complaints",
            title=N_("Complaint register"),
            report="complaints",
            number="complaint_no",
            commands=COMPLAINT_COMMANDS,
            openers=INTAKE_ROLES,
            service=lambda ledger: ledger.complaints,
            read=_read_complaint,
            open=_file_complaint,
            shown=("complaint_no", "status", "source", "kind", "department", "case_no", "filed_at", "due_on"),
        ),
    )
}
OPENINGS: dict[str, type[BaseModel]] = {"supervision-orders": OpenOrderIn, "complaints": ComplaintIn}
ACTS = {kind.path: {command.path: command for command in kind.commands} for kind in KINDS.values()}
ACT_FORMS = {kind.path: tuple((c, forms.fields_of(c)) for c in kind.commands) for kind in KINDS.values()}


def _staff_entered(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """A complaint through the public channel is the applicant's own: staff enter the others."""
    staff = tuple(source.value for source in Source if source is not Source.PUBLIC)
    return tuple(dataclasses.replace(f, options=staff) if f.name == "source" else f for f in fields)


OPENING_FORMS = {
    "supervision-orders": forms.model_fields(OpenOrderIn),
    "complaints": _staff_entered(forms.model_fields(ComplaintIn)),
}


def _register(who: Visitor, kind: Kind) -> Response:
    """The records of the kind this person may read (newest first), and the form that opens one."""
    rows = reading.report(who, kind.report)
    rows.sort(key=lambda row: str(row.get("opened_at") or row.get("filed_at") or ""), reverse=True)
    return who.page(
        "records.html",
        kind=kind,
        rows=rows,
        opening=OPENING_FORMS[kind.path] if who.actor.role in kind.openers else (),
        departments=reading.department_names(who, rows + reading.report(who, "catalogue")),
    )


def _open(who: Visitor, form: dict[str, Any], kind: Kind) -> Response:
    """Opens a record of the kind, read by the API's request model for it."""
    number = kind.open(who.ledger, forms.read_model(OPENINGS[kind.path], form), who)
    return RedirectResponse(f"{PREFIX}/{kind.path}/{quote(number)}?done=Opened", status_code=303)


def _record(who: Visitor, kind: Kind, number: str, position: int | None, done: str | None) -> Response:
    """A record as recorded now, with the forms of its acts (the record's rules say who may do which)."""
    if position is not None:
        reading.wait_for_views(who, position)
    view = kind.read(who.ledger, number, who)
    who.read(kind.path, number)
    shown = view.model_dump(mode="json")
    return who.page("record.html", kind=kind, number=number, record=shown, acts=ACT_FORMS[kind.path], done=done)


def _act(who: Visitor, form: dict[str, Any], kind: Kind, number: str, act_path: str) -> Response:
    """One act on a record, on the version the page showed."""
    command = ACTS[kind.path].get(act_path)
    if command is None:
        raise InvalidValue(
            "no act '{path}' on this record (acts: {acts})", path=act_path, acts=", ".join(ACTS[kind.path])
        )
    version = forms.version_of(form)
    acted = kind.service(who.ledger).handle(
        number, forms.read(command, form), at=who.now, by=who.actor, expected_version=version
    )
    back = f"{PREFIX}/{kind.path}/{quote(number)}?done={command.__name__}&position={acted.position}"
    return RedirectResponse(back, status_code=303)


def _serve(kind: Kind) -> None:
    """The routes of one kind: its register, opening one, a record's page and its acts."""

    def register(who: VisitorDep) -> Response:
        return _register(who, kind)

    def open_one(who: VisitorDep, form: FormDep) -> Response:
        return _open(who, form, kind)

    def record(who: VisitorDep, number: Number, position: Position = None, done: Done = None) -> Response:
        return _record(who, kind, number, position, done)

    def act(who: VisitorDep, form: FormDep, number: Number, act_path: ActPath) -> Response:
        return _act(who, form, kind, number, act_path)

    router.add_api_route(f"/{kind.path}", register, methods=["GET"])
    router.add_api_route(f"/{kind.path}", open_one, methods=["POST"])
    router.add_api_route(f"/{kind.path}/{{number}}", record, methods=["GET"])
    router.add_api_route(f"/{kind.path}/{{number}}/{{act_path}}", act, methods=["POST"])


for each in KINDS.values():
    _serve(each)
