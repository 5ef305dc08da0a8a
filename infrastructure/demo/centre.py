"""The demo centre: 29 departments with sections, windows and staff, 5 sub-centres, village stations,
and a catalogue of 262 items across the four kinds and procedures (like the 2006 Shuangliu centre)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from application.ledger import CaseLedger
from domain.catalogue.terms import (
    STATUTORY_DEFAULT,
    STATUTORY_JOINT,
    ItemKind,
    ItemTerms,
    Procedure,
    StepDefinition,
)
from domain.clocks import TimeLimit
from domain.organisation.actors import Actor, Authority, Role
from domain.organisation.directory import ServicePointKind
from infrastructure.demo.departments import DEPARTMENTS, GIVEN, SUB_CENTRES, SURNAMES, TOWNSHIPS

CATALOGUE_SIZE = 262
VARIANTS = ("", "变更", "注销", "延续")
CENTRE = "CENTRE"  # the centre's own staff: agents, inspectors, auditors, quality, administration
GOVERNMENT = "GOV"


@dataclass
class DemoCentre:
    """Who is who in the demo centre, for the simulator to pick actors from."""

    staff: dict[tuple[str, Role], list[Actor]] = field(default_factory=dict)
    items: list[ItemTerms] = field(default_factory=list)
    stations: list[Actor] = field(default_factory=list)

    def people(self, department: str, role: Role) -> list[Actor]:
        return self.staff.get((department, role), [])

    def add(self, actor: Actor) -> None:
        self.staff.setdefault((actor.department or CENTRE, actor.role), []).append(actor)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _steps(kind: ItemKind, committed: int) -> tuple[StepDefinition, ...]:
    if kind is ItemKind.IMMEDIATE:
        return ()
    if kind is ItemKind.REPORT_UP:
        first = max(1, math.ceil(committed * 0.6))
        return (
            StepDefinition("初审", Role.HANDLER, TimeLimit(first)),
            StepDefinition("审核", Role.REVIEWER, TimeLimit(max(1, committed - first))),
        )
    handle = max(1, math.floor(committed * 0.5))
    review = max(1, math.floor(committed * 0.25))
    approve = max(1, committed - handle - review)
    return (
        StepDefinition("承办", Role.HANDLER, TimeLimit(handle)),
        StepDefinition("审核", Role.REVIEWER, TimeLimit(review)),
        StepDefinition("批准", Role.APPROVER, TimeLimit(approve)),
    )


def _kind(variant: str, rng: random.Random) -> ItemKind:
    if variant == "注销" or (variant == "变更" and rng.random() < 0.4):
        return ItemKind.IMMEDIATE
    roll = rng.random()
    if roll < 0.70:
        return ItemKind.COMMITMENT
    if roll < 0.78:
        return ItemKind.IMMEDIATE
    return ItemKind.REPORT_UP if roll < 0.90 else ItemKind.JOINT


def build_catalogue(rng: random.Random) -> list[ItemTerms]:
    """262 items: each department's stems with the usual variants, kinds and limits drawn per item."""
    stems = [(code, stem) for code, _, _, item_stems in DEPARTMENTS for stem in item_stems]
    codes = [code for code, *_ in DEPARTMENTS]
    items: list[ItemTerms] = []
    for variant in VARIANTS:
        for dept, stem in stems:
            if len(items) == CATALOGUE_SIZE:
                return items
            kind = _kind(variant, rng)
            joint = kind is ItemKind.JOINT
            committed = (
                0 if kind is ItemKind.IMMEDIATE else rng.choice((15, 20, 25, 30) if joint else (3, 5, 7, 10, 12, 15))
            )
            procedure = Procedure.JOINT_APPROVAL if joint else Procedure.STANDARD
            if kind is ItemKind.COMMITMENT:
                roll = rng.random()
                if roll < 0.12:
                    procedure = Procedure.NOTIFICATION_COMMITMENT
                elif roll < 0.2:
                    procedure = Procedure.REGISTRATION_FILING
            items.append(
                ItemTerms(
                    code=f"{dept}-{len(items) + 1:03d}",
                    name=f"{stem}{variant}",
                    department=dept,
                    kind=kind,
                    procedure=procedure,
                    statutory_limit=STATUTORY_JOINT if joint else STATUTORY_DEFAULT,
                    committed_limit=TimeLimit(committed),
                    steps=_steps(kind, committed),
                    materials=("申请书", "身份证明", f"{stem}相关材料"),
                    co_departments=tuple(rng.sample([c for c in codes if c != dept], rng.randint(1, 3)))
                    if joint
                    else (),
                    supplement_pauses_clock=rng.random() < 0.3,
                    legal_basis="《中华人民共和国行政许可法》",
                )
            )
    return items


ROLE_CODES = {
    Role.WINDOW_CLERK: "WC",
    Role.WINDOW_CHIEF_REPRESENTATIVE: "CR",
    Role.HANDLER: "HD",
    Role.REVIEWER: "RV",
    Role.SECTION_HEAD: "SH",
    Role.APPROVER: "AP",
    Role.AGENCY_HEAD: "AH",
    Role.AGENT: "AG",
    Role.INSPECTOR: "IN",
    Role.AUDITOR: "AU",
    Role.QUALITY_MANAGER: "QM",
    Role.ADMINISTRATOR: "AD",
}
STAFF_PER_SECTION = ((Role.HANDLER, 2), (Role.REVIEWER, 1))
STAFF_PER_DEPARTMENT = (
    (Role.WINDOW_CLERK, 2),
    (Role.WINDOW_CHIEF_REPRESENTATIVE, 1),
    (Role.SECTION_HEAD, 1),
    (Role.APPROVER, 1),
    (Role.AGENCY_HEAD, 1),
)
CENTRE_STAFF = (
    (Role.AGENT, 6),
    (Role.INSPECTOR, 2),
    (Role.AUDITOR, 2),
    (Role.QUALITY_MANAGER, 1),
    (Role.ADMINISTRATOR, 1),
)


def staff_plan() -> list[tuple[str, Role, str, str | None]]:
    """Every member of staff as (person id, role, department, section); ids are stable across runs."""
    plan: list[tuple[str, Role, str, str | None]] = []
    for code, _, sections, _ in DEPARTMENTS:
        for n in range(1, len(sections) + 1):
            for role, count in STAFF_PER_SECTION:
                plan += [
                    (f"{code}-S{n}-{ROLE_CODES[role]}{i}", role, code, f"{code}-S{n}") for i in range(1, count + 1)
                ]
        for role, count in STAFF_PER_DEPARTMENT:
            plan += [(f"{code}-{ROLE_CODES[role]}{i}", role, code, f"{code}-S1") for i in range(1, count + 1)]
    plan += [
        (f"VS-{n:02d}-CLERK", Role.VILLAGE_STATION_CLERK, CENTRE, f"VS-{n:02d}") for n in range(1, len(TOWNSHIPS) + 1)
    ]
    plan.append(("GOV-HEAD", Role.GOVERNMENT_HEAD, GOVERNMENT, None))
    for role, count in CENTRE_STAFF:
        plan += [(f"{CENTRE}-{ROLE_CODES[role]}{i}", role, CENTRE, None) for i in range(1, count + 1)]
    return plan


def _register_organisation(ledger: CaseLedger, rng: random.Random) -> None:
    for code, name, sections, _ in DEPARTMENTS:
        ledger.organisation.register_department(code, name)
        for n, section in enumerate(sections, 1):
            ledger.organisation.add_section(code, f"{code}-S{n}", section)
        ledger.organisation.open_window(code, f"{code}-W1", "main hall")
    for code, name, township in SUB_CENTRES:
        ledger.organisation.register_service_point(code, name, ServicePointKind.SUB_CENTRE, township)
    for n, township in enumerate(TOWNSHIPS, 1):
        ledger.organisation.register_service_point(
            f"VS-{n:02d}", f"{township}便民服务站", ServicePointKind.VILLAGE_STATION, township
        )
    # The centre's own staff (agents, inspectors, auditors, quality) and the county government's head
    # belong to units that are not departments with windows, but units all the same.
    ledger.organisation.register_department(CENTRE, "政务服务中心")
    ledger.organisation.register_department(GOVERNMENT, "县人民政府")
    for person_id, role, department, person_section in staff_plan():
        ledger.people.register_person(person_id, _name(rng), role, department, person_section)
    for code, name, *_ in DEPARTMENTS:
        head = ledger.people.actor(f"{code}-{ROLE_CODES[Role.AGENCY_HEAD]}1")
        chief = f"{code}-{ROLE_CODES[Role.WINDOW_CHIEF_REPRESENTATIVE]}1"
        # 首席代表: the agency head empowers the chief representative to approve and decide at the window.
        for authority in (Authority.APPROVE, Authority.DECIDE):
            ledger.people.delegate_authority(chief, authority, granted_by=head, basis=f"{name}授权书")


def has_centre(ledger: CaseLedger) -> bool:
    return ledger.organisation.has_department(DEPARTMENTS[0][0])


def load_centre(ledger: CaseLedger, seed: int, progress: Callable[[int], None] = lambda _: None) -> DemoCentre:
    """Register the organisation and the catalogue, or read them back if the store already has them."""
    rng = random.Random(seed)
    admin = Actor("admin", "系统管理员", Role.ADMINISTRATOR, CENTRE)
    fresh = not has_centre(ledger)
    if fresh:
        _register_organisation(ledger, rng)
    progress(len(DEPARTMENTS))
    centre = DemoCentre()
    for person_id, *_ in staff_plan():
        actor = ledger.people.actor(person_id)
        centre.add(actor)
        if actor.role is Role.VILLAGE_STATION_CLERK:
            centre.stations.append(actor)
    catalogue = build_catalogue(rng)
    for item in catalogue:
        if fresh:
            ledger.catalogue.register_item(item, by=admin)
        progress(1)
    if fresh:
        optimise_catalogue(ledger, rng, catalogue)
    centre.items = [ledger.catalogue.item_terms(item.code) for item in catalogue]
    return centre


SHORTENED = 94  # with the 12 turned immediate, the 106 items the centre reported optimised


def optimise_catalogue(ledger: CaseLedger, rng: random.Random, items: list[ItemTerms]) -> int:
    """The catalogue reform the centre reported: some commitment items turned immediate, many limits cut
    (as many as the catalogue has room for, up to ``SHORTENED``)."""
    admin = Actor("CENTRE-AD1", "系统管理员", Role.ADMINISTRATOR, CENTRE)
    revised = 0
    commitment = [t for t in items if t.kind is ItemKind.COMMITMENT and t.procedure is Procedure.STANDARD]
    for terms in commitment[:12]:
        ledger.catalogue.turn_item_immediate(terms.code, reason="事项清理：材料齐全即时办结", by=admin)
        revised += 1
    turned = {t.code for t in commitment[:12]}
    candidates = [t for t in items if t.kind is not ItemKind.IMMEDIATE and t.code not in turned]
    shortened = 0
    for terms in candidates:
        if shortened == SHORTENED:
            break
        # Cut about a third to two thirds of the limit (the centre cut 605 WD from 94 items), leaving each
        # step at least one day: an item with no day to spare is left as it is.
        share = rng.uniform(0.35, 0.65)
        cut = min(
            max(1, round(terms.committed_limit.value * share)), terms.committed_limit.value - max(len(terms.steps), 1)
        )
        new = terms.committed_limit.value - cut
        steps = _steps(terms.kind, new)
        if cut <= 0 or sum(s.budget.value for s in steps) > new:
            continue
        if sum(s.budget.value for s in terms.steps) > new:
            ledger.catalogue.change_item_step_budgets(terms.code, steps, reason="流程再造：压缩环节时限", by=admin)
        ledger.catalogue.shorten_item_limit(terms.code, TimeLimit(new), reason="承诺时限压缩", by=admin)
        shortened += 1
    return revised + shortened
