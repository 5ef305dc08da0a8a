"""The internal audits' sample (内部审核抽样): one row per audit and sampled case once checked, with its
checklist and the nonconformity its finding raised. The findings themselves are nonconformities of the
register the supervision view keeps."""

from __future__ import annotations

from typing import Any

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from domain.quality.internal_audit import InternalAudit

AUDIT_CHECKS = table(
    "view_audit_checks",
    key=("audit_no", "case_no"),
    indexes=(("department", "checked_at"),),
    audit_no="text",
    department="text",
    case_no="text",
    checked_at="timestamp",
    documents_present="bool",
    deadlines_reconciled="bool",
    chain_verified="bool",
    gaps="text",
    nc_id="text",
)


class AuditsView(Projection):
    name = "audits"
    tables = (AUDIT_CHECKS,)
    events = (InternalAudit.Planned, InternalAudit.CaseChecked, InternalAudit.FindingRaised)

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        if isinstance(event, InternalAudit.Planned):
            departments = {case_no: d for d, cases in event.sample for case_no in cases}
            view.set_state(recorded.key, {"audit_no": event.audit_no, "departments": departments})
            return
        state = view.state(recorded.key)
        if state is None:
            return
        if isinstance(event, InternalAudit.CaseChecked):
            check = event.check
            row: dict[str, Any] = {
                "audit_no": state["audit_no"],
                "department": state["departments"][check.case_no],
                "case_no": check.case_no,
                "checked_at": recorded.at,
                "documents_present": check.documents_present,
                "deadlines_reconciled": check.deadlines_reconciled,
                "chain_verified": check.chain_verified,
                "gaps": "; ".join(check.gaps),
                "nc_id": None,
            }
            state.setdefault("rows", {})[check.case_no] = row
            view.upsert(AUDIT_CHECKS.name, row)
        elif isinstance(event, InternalAudit.FindingRaised) and event.case_no in state.get("rows", {}):
            row = state["rows"][event.case_no]
            row["nc_id"] = event.nc_id
            view.upsert(AUDIT_CHECKS.name, row)
        view.set_state(recorded.key, state)
