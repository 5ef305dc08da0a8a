"""The register of online consultations (网上咨询台账): one row per question, its department, the day its
answer is due (3, 10 or 15 working days) and when it was answered. Whether one is answered late or awaited
past its day is read on the day asked (``folds.consultation_rows``)."""

from __future__ import annotations

from typing import Any

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from application.projections.case_events import iso
from domain.prereview.consultation import Consultation

CONSULTATIONS = table(
    "view_consultations",
    key=("consultation_no",),
    indexes=(("department", "asked_at"),),
    consultation_no="text",
    department="text",
    item_code="text",
    channel="text",
    kind="text",  # ordinary, complex, multi_department
    asked_at="timestamp",
    answer_due="date",
    answered_at="timestamp",
    answered_by="text",
)


class ConsultationsView(Projection):
    name = "consultations"
    tables = (CONSULTATIONS,)
    events = (Consultation.Asked, Consultation.Reclassified, Consultation.Answered)

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        if isinstance(event, Consultation.Asked):
            row: dict[str, Any] = {
                "consultation_no": event.consultation_no,
                "department": event.department,
                "item_code": event.item_code,
                "channel": event.channel.value,
                "kind": "ordinary",
                "asked_at": iso(event.occurred_at),
                "answer_due": event.answer_due.isoformat(),
                "answered_at": None,
                "answered_by": None,
            }
        else:
            found = view.state(recorded.key)
            if found is None:
                return
            row = found
            if isinstance(event, Consultation.Reclassified):
                row |= {"kind": event.kind.value, "answer_due": event.answer_due.isoformat()}
            else:
                row |= {"answered_at": iso(event.occurred_at), "answered_by": event.by.person_id}
        view.set_state(recorded.key, row)
        view.upsert(CONSULTATIONS.name, row)
