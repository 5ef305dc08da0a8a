"""Administration: the catalogue, the organisation directory and the working calendars."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from domain.calendar.schedule import YearSchedule
from domain.clocks import TimeLimit
from interface.api.deps import AdminDep, LedgerDep, NowDep, UserDep
from interface.api.problems import ADMIN_PROBLEMS
from interface.api.routes.paths import Key
from interface.api.schemas.admin import (
    CalendarOut,
    ContactIn,
    DelegationIn,
    DepartmentIn,
    DueDateOut,
    ItemIn,
    ItemOut,
    LimitIn,
    PersonIn,
    RevisionIn,
    ScheduleIn,
    SectionIn,
    ServicePointIn,
    StepBudgetsIn,
    WindowIn,
)
from interface.api.schemas.base import Day
from interface.api.schemas.views import PersonOut, PositionOut

catalogue = APIRouter(prefix="/catalogue", tags=["catalogue"], responses=ADMIN_PROBLEMS)
organisation = APIRouter(prefix="/organisation", tags=["organisation"], responses=ADMIN_PROBLEMS)
calendar = APIRouter(prefix="/calendar", tags=["calendar"], responses=ADMIN_PROBLEMS)
Year = Annotated[int, Path(ge=2004, le=2100)]


@catalogue.post("/items", status_code=201, summary="register a service item (事项)")
def register_item(body: ItemIn, ledger: LedgerDep, admin: AdminDep) -> PositionOut:
    return PositionOut(position=ledger.catalogue.register_item(body.to_domain(), by=admin))


@catalogue.get("/items", summary="the catalogue, optionally of one department")
def items(
    ledger: LedgerDep, _: UserDep, department: Annotated[str | None, Query(max_length=64)] = None
) -> list[ItemOut]:
    return [ItemOut.of(terms) for terms in ledger.catalogue.items(department)]


@catalogue.get("/items/{code}", summary="a service item at its current version")
def item(code: Key, ledger: LedgerDep, _: UserDep) -> ItemOut:
    return ItemOut.of(ledger.catalogue.item_terms(code))


@catalogue.post("/items/{code}/committed-limit", summary="shorten the committed limit")
def shorten_limit(code: Key, body: LimitIn, ledger: LedgerDep, admin: AdminDep) -> PositionOut:
    position = ledger.catalogue.shorten_item_limit(code, TimeLimit(body.committed_days), reason=body.reason, by=admin)
    return PositionOut(position=position)


@catalogue.post("/items/{code}/immediate", summary="turn a commitment item into an immediate item")
def turn_immediate(code: Key, body: RevisionIn, ledger: LedgerDep, admin: AdminDep) -> PositionOut:
    return PositionOut(position=ledger.catalogue.turn_item_immediate(code, reason=body.reason, by=admin))


@catalogue.post("/items/{code}/step-budgets", summary="change the steps and their budgets")
def change_step_budgets(code: Key, body: StepBudgetsIn, ledger: LedgerDep, admin: AdminDep) -> PositionOut:
    steps = tuple(s.to_domain() for s in body.steps)
    return PositionOut(position=ledger.catalogue.change_item_step_budgets(code, steps, reason=body.reason, by=admin))


@organisation.post("/departments", status_code=201, summary="register a resident department")
def register_department(body: DepartmentIn, ledger: LedgerDep, _: AdminDep) -> PositionOut:
    return PositionOut(position=ledger.organisation.register_department(body.code, body.name))


@organisation.post("/departments/{code}/sections", status_code=201, summary="add a back-office section")
def add_section(code: Key, body: SectionIn, ledger: LedgerDep, _: AdminDep) -> PositionOut:
    return PositionOut(position=ledger.organisation.add_section(code, body.code, body.name))


@organisation.post("/departments/{code}/windows", status_code=201, summary="open a window")
def open_window(code: Key, body: WindowIn, ledger: LedgerDep, _: AdminDep) -> PositionOut:
    return PositionOut(position=ledger.organisation.open_window(code, body.code, body.location))


@organisation.post("/service-points", status_code=201, summary="register a sub-centre or village station")
def register_service_point(body: ServicePointIn, ledger: LedgerDep, _: AdminDep) -> PositionOut:
    return PositionOut(
        position=ledger.organisation.register_service_point(body.code, body.name, body.kind, body.township)
    )


@organisation.post("/people", status_code=201, summary="register a member of staff")
def register_person(body: PersonIn, ledger: LedgerDep, _: AdminDep) -> PositionOut:
    position = ledger.people.register_person(body.person_id, body.name, body.role, body.department, body.section)
    return PositionOut(position=position)


@organisation.get("/people/{person_id}", summary="a member of staff")
def person(person_id: Key, ledger: LedgerDep, _: UserDep) -> PersonOut:
    return PersonOut.of(ledger.people.person(person_id))


@organisation.put("/people/{person_id}/contact", summary="set a person's work mobile and e-mail (for notifications)")
def set_contact(person_id: Key, body: ContactIn, ledger: LedgerDep, _: AdminDep) -> PositionOut:
    return PositionOut(position=ledger.people.set_contact(person_id, body.to_domain()))


@organisation.post("/people/{person_id}/delegations", status_code=201, summary="record a delegation of authority")
def delegate(person_id: Key, body: DelegationIn, ledger: LedgerDep, _: AdminDep) -> PositionOut:
    granted_by = ledger.people.actor(body.granted_by)
    return PositionOut(
        position=ledger.people.delegate_authority(person_id, body.authority, granted_by=granted_by, basis=body.basis)
    )


@calendar.get("/due-date", summary="the due date N working days after a date")
def due_date(
    ledger: LedgerDep, _: UserDep, start: Day, working_days: Annotated[int, Query(ge=0, le=400)]
) -> DueDateOut:
    due = ledger.calendars.add_working_days(start, working_days)
    return DueDateOut(due_on=due.on, calendar=due.calendar, provisional=due.provisional)


@calendar.get("/{year}", summary="a year's calendar in force")
def show_year(year: Year, ledger: LedgerDep, _: UserDep) -> CalendarOut:
    schedule, version = ledger.calendars.calendar(year)
    return CalendarOut(
        year=year,
        version=version,
        provisional=schedule.provisional,
        source=schedule.source,
        holidays=sorted(schedule.holidays),
        adjusted_workdays=sorted(schedule.adjusted_workdays),
    )


@calendar.post("/{year}", summary="publish the State Council's schedule for a year")
def publish(year: Year, body: ScheduleIn, ledger: LedgerDep, admin: AdminDep, now: NowDep) -> PositionOut:
    schedule = YearSchedule(year, frozenset(body.holidays), frozenset(body.adjusted_workdays), body.notice)
    result = ledger.calendar_notices.publish(schedule, at=now, by=admin)
    return PositionOut(position=result.version)
