"""The catalogue and its optimisation: items, and every revision that cut a limit or made an item immediate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict, cast

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from application.projections.case_events import iso
from domain.catalogue.service_item import ServiceItem

ITEMS = table(
    "view_catalogue_items",
    key=("code",),
    indexes=(("department",),),
    code="text",
    name="text",
    department="text",
    kind="text",
    procedure="text",
    statutory="int",
    committed="int",
    version="int",
    registered_at="timestamp",
)
REVISIONS = table(
    "view_catalogue_revisions",
    key=("code", "version"),
    indexes=(("department",),),
    code="text",
    version="int",
    department="text",
    revision="text",
    old_kind="text",
    old_committed="int",
    new_committed="int",
    days_cut="int",
    reason="text",
    at="timestamp",
)


class Item(TypedDict):
    """An item's row of the catalogue (``ITEMS``'s columns), kept as the view's state too."""

    code: str
    name: str
    department: str
    kind: str
    procedure: str
    statutory: int
    committed: int
    version: int
    registered_at: str | None


REVISION_NAMES = {
    ServiceItem.LimitShortened: "limit_shortened",
    ServiceItem.TurnedImmediate: "turned_immediate",
    ServiceItem.StepBudgetsChanged: "step_budgets_changed",
}


class CatalogueView(Projection):
    name = "catalogue"
    tables = (ITEMS, REVISIONS)
    events = (ServiceItem.Registered, *REVISION_NAMES)

    def keys(self, batch: Iterable[Recorded]) -> set[str]:
        return {f"item:{r.event.originator_id}" for r in batch}

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        key = f"item:{event.originator_id}"
        if isinstance(event, ServiceItem.Registered):
            terms = event.terms
            item = Item(
                code=terms.code,
                name=terms.name,
                department=terms.department,
                kind=terms.kind.value,
                procedure=terms.procedure.value,
                statutory=terms.statutory_limit.value,
                committed=terms.committed_limit.value,
                version=1,
                registered_at=iso(event.timestamp),
            )
        else:
            found = view.state(key)
            if found is None:
                return
            item = cast(Item, found)
            item["version"] = event.originator_version
            revision = {
                "code": item["code"],
                "version": event.originator_version,
                "department": item["department"],
                "revision": REVISION_NAMES[type(event)],
                "old_kind": item["kind"],
                "old_committed": item["committed"],
                "reason": event.reason,
                "at": iso(event.timestamp),
            }
            match event:
                case ServiceItem.LimitShortened():
                    item["committed"] = event.new_limit.value
                case ServiceItem.TurnedImmediate():
                    item["kind"], item["committed"] = "immediate", 0
            revision |= {"new_committed": item["committed"], "days_cut": revision["old_committed"] - item["committed"]}
            view.upsert(REVISIONS.name, revision)
        view.set_state(key, cast(dict[str, Any], item))
        view.upsert(ITEMS.name, cast(dict[str, Any], item))
