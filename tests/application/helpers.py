"""Setting up a ledger with a small centre for the application suites."""

from __future__ import annotations

from datetime import datetime
from itertools import islice

from application.dto import CommandResult
from application.ledger import CaseLedger
from domain.business_time import SHANGHAI
from domain.case.values import Applicant
from domain.catalogue.terms import ItemKind
from domain.organisation.actors import Actor, Authority, Channel, Role
from infrastructure.demo.centre import load_centre
from infrastructure.demo.simulation import Simulator
from tests.support import DEPT, at, item

ADMIN = Actor("admin", "管理员", Role.ADMINISTRATOR, "CENTRE")
STAFF = (
    ("w1", Role.WINDOW_CLERK),
    ("h1", Role.HANDLER),
    ("r1", Role.REVIEWER),
    ("a1", Role.APPROVER),
    ("head", Role.AGENCY_HEAD),
    ("chief", Role.WINDOW_CHIEF_REPRESENTATIVE),
    ("sh", Role.SECTION_HEAD),
)


def set_up_centre(ledger: CaseLedger) -> dict[str, Actor]:
    """One department with its staff and one item of each kind; returns the actors by person id."""
    ledger.organisation.register_department(DEPT, "市场监督管理局")
    ledger.organisation.add_section(DEPT, "SJJ-S1", "注册科")
    for person_id, role in STAFF:
        ledger.people.register_person(person_id, person_id.upper(), role, DEPT, "SJJ-S1")
    ledger.people.delegate_authority("chief", Authority.APPROVE, granted_by=ledger.people.actor("head"), basis="授权书")
    for kind in (ItemKind.COMMITMENT, ItemKind.IMMEDIATE, ItemKind.REPORT_UP):
        ledger.catalogue.register_item(item(kind), by=ADMIN)
    return {person_id: ledger.people.actor(person_id) for person_id, _ in STAFF}


def receive(ledger: CaseLedger, clerk: Actor, kind: ItemKind = ItemKind.COMMITMENT, day: int = 2) -> CommandResult:
    return ledger.cases.receive(
        item_code=item(kind).code,
        applicant=Applicant("subject-1", "张三", "510122199001011233"),
        at=at(3, day, 9),
        by=clerk,
        channel=Channel.WINDOW,
    )


def simulate_year(ledger: CaseLedger, seed: int, cases: int) -> None:
    """The demo centre and ``cases`` cases of its simulated 2026 (through 20 November) in the ledger."""
    centre = load_centre(ledger, seed=seed)
    until = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)
    simulated = Simulator(centre, ledger.calendars.working_days(2026), seed=seed, until=until).cases(cases)
    while batch := list(islice(simulated, 100)):
        ledger.cases.import_cases(batch)
