"""Corrective actions (ISO 9001 10.2): raised by the quality manager, worked by the owning department."""

from __future__ import annotations

from fastapi import APIRouter

from interface.api.deps import LedgerDep, NowDep, UserDep, ViewsDep
from interface.api.problems import ADMIN_PROBLEMS
from interface.api.routes.paths import Key
from interface.api.schemas.admin import CapaDoneIn, CapaIn, CapaOut, CapaPlanIn, CapaVerificationIn, RootCauseIn
from interface.api.schemas.base import Strict

router = APIRouter(prefix="/corrective-actions", tags=["quality"], responses=ADMIN_PROBLEMS)


@router.post("", status_code=201, summary="raise a corrective action for nonconformities")
def raise_capa(body: CapaIn, ledger: LedgerDep, views: ViewsDep, user: UserDep, now: NowDep) -> CapaOut:
    capa_id = ledger.quality.raise_corrective_action(
        title=body.title, nonconformities=tuple(body.nonconformities), at=now, by=user, register=views.reports
    )
    return CapaOut(capa_id=capa_id, position=ledger.store.recorder.max_notification_id() or 0)


@router.post("/{capa_id}/root-cause", summary="record the root cause")
def root_cause(capa_id: Key, body: RootCauseIn, ledger: LedgerDep, user: UserDep, now: NowDep) -> CapaOut:
    return CapaOut(
        capa_id=capa_id, position=ledger.quality.record_root_cause(capa_id, root_cause=body.root_cause, at=now, by=user)
    )


@router.post("/{capa_id}/plan", summary="plan the action, its owner and due date")
def plan(capa_id: Key, body: CapaPlanIn, ledger: LedgerDep, user: UserDep, now: NowDep) -> CapaOut:
    position = ledger.quality.plan_corrective_action(
        capa_id, action=body.action, owner_department=body.owner_department, due_on=body.due_on, at=now, by=user
    )
    return CapaOut(capa_id=capa_id, position=position)


@router.post("/{capa_id}/completion", summary="the action is done")
def complete(capa_id: Key, body: CapaDoneIn, ledger: LedgerDep, user: UserDep, now: NowDep) -> CapaOut:
    return CapaOut(
        capa_id=capa_id, position=ledger.quality.complete_corrective_action(capa_id, note=body.note, at=now, by=user)
    )


@router.post("/{capa_id}/verification", summary="verify effectiveness (ineffective goes back to planning)")
def verify(capa_id: Key, body: CapaVerificationIn, ledger: LedgerDep, user: UserDep, now: NowDep) -> CapaOut:
    position = ledger.quality.verify_corrective_action(
        capa_id, effective=body.effective, evidence=body.evidence, at=now, by=user
    )
    return CapaOut(capa_id=capa_id, position=position)


@router.post("/{capa_id}/closure", summary="close a corrective action verified effective")
def close(capa_id: Key, body: Strict, ledger: LedgerDep, user: UserDep, now: NowDep) -> CapaOut:
    return CapaOut(capa_id=capa_id, position=ledger.quality.close_corrective_action(capa_id, at=now, by=user))
