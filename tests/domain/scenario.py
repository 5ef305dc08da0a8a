"""Given-when-then helpers: build a case to a point through its own commands, then look at new events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.case.aggregate import Case
from domain.case.values import Applicant, Outcome
from domain.catalogue.terms import ItemKind, ItemTerms
from domain.organisation.actors import Actor, Channel
from tests.support import APPROVER, CLERK, HANDLER, REVIEWER, at, calendar, item

APPLICANT = Applicant("subject-1", "张三", "510122199001011233", "13900000000", "东升街道1号")
SIGNERS = {"承办": HANDLER, "审核": REVIEWER, "批准": APPROVER}


def received(
    kind: ItemKind = ItemKind.COMMITMENT,
    *,
    when: datetime | None = None,
    by: Actor = CLERK,
    channel: Channel = Channel.WINDOW,
    terms: ItemTerms | None = None,
    applicant: Applicant = APPLICANT,
    **changes: Any,
) -> Case:
    case = Case.receive(
        case_no="SJJ-20260302-TEST01",
        query_code="123456",
        applicant=applicant,
        item=terms or item(kind, **changes),
        at=when or at(3, 2, 9),
        by=by,
        channel=channel,
        calendar=calendar(),
        materials=("申请书",),
    )
    case.collect_events()
    return case


def accepted(kind: ItemKind = ItemKind.COMMITMENT, *, when: datetime | None = None, **changes: Any) -> Case:
    case = received(kind, **changes)
    case.accept(item=case.item, notice_no="受理-1", at=when or at(3, 2, 10), by=CLERK, calendar=calendar())
    case.collect_events()
    return case


def take(case: Case, person: Actor, when: datetime) -> None:
    """Two-phase hand-off to ``person`` at ``when``."""
    if case.holder.person_id != person.person_id:
        case.hand_off(to=person, at=when, by=case.holder)
        case.receive_hand_off(at=when, by=person)


def through_steps(case: Case, *, until: int | None = None, start: datetime | None = None) -> Case:
    """Sign the steps (each on its own day from ``start``) up to ``until`` (all by default)."""
    cursor = start or at(3, 3)
    last = len(case.item.steps) if until is None else until
    while case.step_index < last:
        step = case.current_step
        assert step is not None
        signer = SIGNERS[step.name]
        take(case, signer, cursor)
        case.complete_step(opinion="同意", at=cursor, by=signer, calendar=calendar())
        cursor = cursor.replace(day=cursor.day + 1)
    case.collect_events()
    return case


def decided(kind: ItemKind = ItemKind.COMMITMENT, outcome: Outcome = Outcome.GRANTED, **changes: Any) -> Case:
    case = through_steps(accepted(kind, **changes))
    case.decide(outcome=outcome, at=at(3, 9), by=APPROVER, calendar=calendar(), reasons="理由", remedies="复议")
    case.collect_events()
    return case


def new_events(case: Case) -> list[Any]:
    return list(case.collect_events())
