"""The register of notifications (通知发送记录): what was sent to whom, on which channel, and what failed.

Read by the administrator, who runs the notifier, and by inspectors, who check that staff were told
of the warnings and orders they are held to. Recipients are named by role and id, never by number.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from application.notifications.ports import DeliveryState
from domain.organisation.actors import Actor, Role
from interface.api.deps import ViewsDep, require
from interface.api.problems import QUERY_PROBLEMS

router = APIRouter(prefix="/notifications", tags=["notifications"], responses=QUERY_PROBLEMS)
READERS = (Role.ADMINISTRATOR, Role.INSPECTOR)  # who reads the register (the console's page too)
ReaderDep = Annotated[Actor, Depends(require(*READERS))]


class DeliveryOut(BaseModel):
    notice_id: int  # the position of the event that raised the notice
    kind: str
    subject: str  # the case or supervision order
    recipient: str  # applicant:CASE-NO or person:PERSON-ID
    channel: str
    state: DeliveryState
    attempts: int
    created_at: str
    updated_at: str
    next_try: str | None
    sent_at: str | None
    last_error: str | None


class NotificationsOut(BaseModel):
    counts: dict[str, int]  # deliveries by state
    deliveries: list[DeliveryOut]  # the latest, newest first


@router.get("", summary="deliveries by state, and the latest deliveries (of one state)")
def notifications(
    views: ViewsDep,
    _: ReaderDep,
    state: DeliveryState | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> NotificationsOut:
    rows = views.deliveries.listing(state, limit)
    return NotificationsOut(counts=views.deliveries.counts(), deliveries=[DeliveryOut(**row) for row in rows])
