"""The register of mandates (全程代理授权台账): one row per agent and enterprise, with the scope and period
the mandate holds now and when it was signed, renewed or terminated. Whether it is in force is read on the
day asked (``folds.mandate_rows``): a period runs out without an event."""

from __future__ import annotations

from typing import Any

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from application.projections.case_events import iso
from domain.agency.mandate import Mandate, MandateTerms
from domain.business_time import legal_day

MANDATES = table(
    "view_mandates",
    key=("agent_id", "subject_id"),
    indexes=(("signed_at",),),
    agent_id="text",
    subject_id="text",  # the enterprise's data subject id
    applicant_name="text",
    item_codes="text",  # the items it covers, comma-separated; empty: every item
    valid_from="date",
    valid_until="date",
    letter="text",  # the letter of mandate (授权委托书) it rests on
    signed_at="timestamp",
    renewed_at="timestamp",  # the last time it was signed again
    terminated_on="date",
)


def _terms(terms: MandateTerms) -> dict[str, Any]:
    return {
        "applicant_name": terms.applicant_name,
        "item_codes": ",".join(terms.items),
        "valid_from": terms.valid_from.isoformat(),
        "valid_until": terms.valid_until.isoformat(),
        "letter": terms.letter,
    }


class MandatesView(Projection):
    name = "mandates"
    tables = (MANDATES,)
    events = (Mandate.Signed, Mandate.Renewed, Mandate.Terminated)

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        if isinstance(event, Mandate.Signed):
            row: dict[str, Any] = {
                "agent_id": event.agent_id,
                "subject_id": event.subject_id,
                **_terms(event.terms),
                "signed_at": iso(event.occurred_at),
                "renewed_at": None,
                "terminated_on": None,
            }
        else:
            found = view.state(recorded.key)
            if found is None:
                return
            row = found
            if isinstance(event, Mandate.Renewed):
                row |= _terms(event.terms) | {"renewed_at": iso(event.occurred_at), "terminated_on": None}
            else:
                row["terminated_on"] = legal_day(event.occurred_at).isoformat()
        view.set_state(recorded.key, row)
        view.upsert(MANDATES.name, row)
