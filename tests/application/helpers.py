"""Setting up a ledger with a small centre for the application suites."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from itertools import islice

from application.dto import CommandResult
from application.ledger import CaseLedger
from application.supervision.complaints import CallBack, Rectify
from application.supervision.findings import StateDefence, WithdrawFinding
from application.supervision.orders import (
    AcceptCorrection,
    Acknowledge,
    CloseOrder,
    DecideExtension,
    OrderCommand,
    ReportCorrection,
    RequestExtension,
    SendBack,
)
from domain.business_time import SHANGHAI
from domain.case.values import Applicant
from domain.catalogue.terms import ItemKind
from domain.errors import DomainError
from domain.organisation.actors import Actor, Authority, Channel, Role
from domain.supervision.complaint import ComplaintKind, Satisfaction, Source, Verification
from domain.supervision.finding import CHAIN_ROLES, FindingStatus, Responsibility, Sanction, Severity
from domain.supervision.order import Finding, Subject, WarningType
from infrastructure.demo.centre import DemoCentre, load_centre
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


SIMULATED_UNTIL = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)


def simulate_year(ledger: CaseLedger, seed: int, cases: int) -> DemoCentre:
    """The demo centre and ``cases`` cases of its simulated 2026 (through 20 November) in the ledger."""
    centre = load_centre(ledger, seed=seed)
    until = SIMULATED_UNTIL
    simulated = Simulator(centre, ledger.calendars.working_days(2026), seed=seed, until=until).cases(cases)
    while batch := list(islice(simulated, 100)):
        ledger.cases.import_cases(batch)
    return centre


INSPECTOR = Actor("jc1", "监察员", Role.INSPECTOR, "JCJ")
QUALITY = Actor("qm", "质量负责人", Role.QUALITY_MANAGER, "CENTRE")
ORDER_DEPARTMENTS = ("SJJ", "ZJJ", "GTJ")


def generate_orders(ledger: CaseLedger, seed: int, count: int, until: date = date(2026, 7, 31)) -> list[str]:
    """``count`` orders on department patterns, each taken a random way through its lifecycle."""
    rng = random.Random(seed)
    for code in ORDER_DEPARTMENTS:
        if not ledger.organisation.has_department(code):
            ledger.organisation.register_department(code, code)
    numbers = []
    for n in range(count):
        department = rng.choice(ORDER_DEPARTMENTS)
        head = Actor(f"{department}-head", "局长", Role.AGENCY_HEAD, department)
        at = datetime(2026, 3, 2, 9, tzinfo=SHANGHAI) + timedelta(days=rng.randrange(140), hours=rng.randrange(9))
        opened = ledger.supervision.open(
            subject=Subject.DEPARTMENT,
            department=department,
            rule_id=rng.choice(("B001", "A004", "M01")),
            warning_type=rng.choice(list(WarningType)),
            content=f"第{n}号督办事项",
            at=at,
            by=INSPECTOR,
            order_no=f"DB{seed:02d}{n:04d}",
        )
        numbers.append(opened.number)
        path: list[tuple[OrderCommand, Actor]] = [(Acknowledge(), head)]
        if rng.random() < 0.3:  # asked for by the due date, or refused by the order: then not decided either
            new_due = ledger.supervision.order(opened.number).due_on + timedelta(days=rng.randrange(3, 15))
            granted = DecideExtension(granted=rng.random() < 0.7)
            path += [(RequestExtension(new_due_on=new_due, reason="待上级批复"), head), (granted, INSPECTOR)]
        path.append((ReportCorrection(report="已整改", evidence=("报告",)), head))
        if rng.random() < 0.3:
            path += [
                (SendBack(reason="不充分"), INSPECTOR),
                (ReportCorrection(report="补充", evidence=("补充",)), head),
            ]
        path += [(AcceptCorrection(opinion=""), INSPECTOR)]
        path.append((CloseOrder(finding=rng.choice(list(Finding)), conclusion="结论"), INSPECTOR))
        for command, by in path[: rng.randrange(len(path) + 1)]:
            at += timedelta(days=rng.randrange(1, 24))
            if at.date() > until:
                break
            try:
                ledger.supervision.handle(opened.number, command, at=at, by=by)
            except DomainError:
                if not isinstance(command, RequestExtension | DecideExtension):
                    raise
    return numbers


def generate_complaints(ledger: CaseLedger, seed: int, count: int, until: date = date(2026, 7, 31)) -> list[str]:
    """``count`` complaints entered by staff against the departments of ``ORDER_DEPARTMENTS``, each taken a
    random way: rectified (on time or late), called back, handled again."""
    rng = random.Random(seed)
    for code in ORDER_DEPARTMENTS:
        if not ledger.organisation.has_department(code):
            ledger.organisation.register_department(code, code)
    clerk = Actor("centre-clerk", "窗口", Role.WINDOW_CLERK, "CENTRE")
    numbers = []
    for n in range(count):
        department = rng.choice(ORDER_DEPARTMENTS)
        head = Actor(f"{department}-head", "局长", Role.AGENCY_HEAD, department)
        at = datetime(2026, 3, 2, 9, tzinfo=SHANGHAI) + timedelta(days=rng.randrange(140), hours=rng.randrange(9))
        filed = ledger.complaints.file(
            source=Source.HOTLINE,
            kind=rng.choice(list(ComplaintKind)),
            department=department,
            content=f"第{n}号投诉",
            at=at,
            by=clerk,
            complaint_no=f"TS{seed:02d}{n:04d}",
        )
        numbers.append(filed.number)
        for _ in range(rng.randrange(3)):
            at += timedelta(days=rng.randrange(1, 12))
            if at.date() > until:
                break
            rectify = Rectify(verification=rng.choice(list(Verification)), measures="已整改")
            ledger.complaints.handle(filed.number, rectify, at=at, by=head)
            at += timedelta(days=rng.randrange(1, 4))
            if at.date() > until or rng.random() < 0.2:
                break
            satisfaction = rng.choice(list(Satisfaction))
            ledger.complaints.handle(filed.number, CallBack(satisfaction=satisfaction), at=at, by=INSPECTOR)
            if satisfaction is not Satisfaction.DISSATISFIED:
                break
    return numbers


def generate_findings(ledger: CaseLedger, case_numbers: list[str], seed: int, count: int) -> list[str]:
    """``count`` findings through 2026, in date order, against the signers of steps of ``case_numbers`` (a few
    people, so that second faults within twelve months are common); some answered, some withdrawn later."""
    rng = random.Random(seed)
    chain = {role: place for place, role in CHAIN_ROLES.items()}
    places = []
    for case_no in case_numbers:
        case = ledger.case_store.case(case_no)
        for done in case.steps_done:
            role = case.item.steps[done.index].role
            if role in chain:
                places.append((case_no, done.person_id, chain[role]))
    people = sorted({person for _, person, _ in places})
    few = set(rng.sample(people, min(6, len(people))))
    places = [p for p in places if p[1] in few]
    days = sorted(rng.randrange(300) for _ in range(count))
    numbers = []
    for n, day in enumerate(days):
        case_no, person_id, role = rng.choice(places)
        at = datetime(2026, 1, 5, 10, tzinfo=SHANGHAI) + timedelta(days=day, minutes=n)
        number = ledger.findings.record(
            case_no=case_no,
            person_id=person_id,
            chain_role=role,
            responsibility=rng.choice(list(Responsibility)),
            fault=f"第{n}号过错事实",
            rule="《限时办结制度》",
            basis="步骤超时",
            overrun_days=rng.randrange(6),
            severity=rng.choice(list(Severity)),
            sanctions=tuple(rng.sample(list(Sanction), rng.randint(1, 3))),
            at=at,
            by=INSPECTOR,
            finding_no=f"ZR{seed:02d}{n:04d}",
        ).number
        numbers.append(number)
        if rng.random() < 0.3:
            person = ledger.people.actor(person_id)
            ledger.findings.handle(number, StateDefence(statement="申辩"), at=at + timedelta(days=1), by=person)
        # withdraw an earlier one now and then, so that later findings no longer count it
        if numbers[:-1] and rng.random() < 0.2:
            earlier = rng.choice(numbers[:-1])
            if ledger.findings.finding(earlier).status is FindingStatus.STANDING:
                ledger.findings.handle(
                    earlier, WithdrawFinding(reason="复核撤销"), at=at + timedelta(hours=1), by=INSPECTOR
                )
    return numbers
