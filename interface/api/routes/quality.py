"""Corrective actions (ISO 9001 10.2): raised by the quality manager, worked by the owning department.

Each step of a corrective action is defined once (``CAPA_STEPS``): its path, summary, request model and
the service call it makes. The routes here and the console's forms are derived from that table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from application.ledger import CaseLedger
from domain.organisation.actors import Actor
from interface.api.deps import LedgerDep, NowDep, UserDep, ViewsDep
from interface.api.problems import ADMIN_PROBLEMS
from interface.api.routes.paths import Key
from interface.api.schemas.admin import CapaDoneIn, CapaIn, CapaOut, CapaPlanIn, CapaVerificationIn, RootCauseIn
from interface.api.schemas.base import Strict

router = APIRouter(prefix="/corrective-actions", tags=["quality"], responses=ADMIN_PROBLEMS)


@dataclass(frozen=True)
class CapaStep:
    """A step of a corrective action: ``POST /corrective-actions/{capa_id}/{path}`` with ``body``."""

    name: str  # the act, as the console says it (``words.WORDS["capa_step"]``)
    path: str
    summary: str
    body: type[BaseModel]
    run: Callable[[CaseLedger, str, Any, datetime, Actor], int]  # the ledger's position after it


CAPA_STEPS: tuple[CapaStep, ...] = (
    CapaStep(
        "root_cause",
        "root-cause",
        "record the root cause",
        RootCauseIn,
        lambda ledger, capa, body, at, by: ledger.quality.record_root_cause(
            capa, root_cause=body.root_cause, at=at, by=by
        ),
    ),
    CapaStep(
        "plan",
        "plan",
        "plan the action, its owner and due date",
        CapaPlanIn,
        lambda ledger, capa, body, at, by: ledger.quality.plan_corrective_action(
            capa, action=body.action, owner_department=body.owner_department, due_on=body.due_on, at=at, by=by
        ),
    ),
    CapaStep(
        "completion",
        "completion",
        "the action is done",
        CapaDoneIn,
        lambda ledger, capa, body, at, by: ledger.quality.complete_corrective_action(
            capa, note=body.note, at=at, by=by
        ),
    ),
    CapaStep(
        "verification",
        "verification",
        "verify effectiveness (ineffective goes back to planning)",
        CapaVerificationIn,
        lambda ledger, capa, body, at, by: ledger.quality.verify_corrective_action(
            capa, effective=body.effective, evidence=body.evidence, at=at, by=by
        ),
    ),
    CapaStep(
        "closure",
        "closure",
        "close a corrective action verified effective",
        Strict,
        lambda ledger, capa, body, at, by: ledger.quality.close_corrective_action(capa, at=at, by=by),
    ),
)


@router.post("", status_code=201, summary="raise a corrective action for nonconformities")
def raise_capa(body: CapaIn, ledger: LedgerDep, views: ViewsDep, user: UserDep, now: NowDep) -> CapaOut:
    capa_id = ledger.quality.raise_corrective_action(
        title=body.title, nonconformities=tuple(body.nonconformities), at=now, by=user, register=views.reports
    )
    return CapaOut(capa_id=capa_id, position=ledger.store.recorder.max_notification_id() or 0)


def _endpoint(step: CapaStep) -> Callable[..., CapaOut]:
    def run(capa_id: str, body: BaseModel, ledger: CaseLedger, user: Actor, now: datetime) -> CapaOut:
        return CapaOut(capa_id=capa_id, position=step.run(ledger, capa_id, body, now, user))

    # The framework reads the parameters' real types (the step's own body model) from the annotations.
    run.__annotations__ = {
        "capa_id": Key,
        "body": step.body,
        "ledger": LedgerDep,
        "user": UserDep,
        "now": NowDep,
        "return": CapaOut,
    }
    run.__name__ = run.__qualname__ = f"capa_{step.name}"
    return run


for _step in CAPA_STEPS:
    router.add_api_route(
        f"/{{capa_id}}/{_step.path}", _endpoint(_step), methods=["POST"], summary=_step.summary, response_model=CapaOut
    )
