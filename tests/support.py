"""Test data shared by the suites: a small centre, its people and items, business times."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from domain.business_time import SHANGHAI
from domain.calendar.working_days import WorkingDays
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
from infrastructure.calendars.sources import SeedCalendarSource


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    """A business time in Asia/Shanghai (2026 unless said otherwise)."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@cache
def calendar() -> WorkingDays:
    """The calendars in force: official through 2026 (chinesecalendar), provisional after."""
    source = SeedCalendarSource()
    return WorkingDays({year: (source.schedule_for(year), 1) for year in range(2023, 2030)})


DEPT = "SJJ"
CO_DEPTS = ("ZJJ", "SHJJ")

CLERK = Actor("w1", "窗口甲", Role.WINDOW_CLERK, DEPT, "SJJ-W")
CLERK_2 = Actor("w2", "窗口乙", Role.WINDOW_CLERK, DEPT, "SJJ-W")
HANDLER = Actor("h1", "承办人", Role.HANDLER, DEPT, "SJJ-S1")
REVIEWER = Actor("r1", "审核人", Role.REVIEWER, DEPT, "SJJ-S1")
APPROVER = Actor("a1", "批准人", Role.APPROVER, DEPT, "SJJ-S1")
AGENCY_HEAD = Actor("head", "局长", Role.AGENCY_HEAD, DEPT, "SJJ-S1")
OTHER_HEAD = Actor("head2", "他局局长", Role.AGENCY_HEAD, "ZJJ", "ZJJ-S1")
GOV_HEAD = Actor("gov", "县长", Role.GOVERNMENT_HEAD, "GOV")
CHIEF = Actor(
    "chief", "首席代表", Role.WINDOW_CHIEF_REPRESENTATIVE, DEPT, "SJJ-W", (Authority.APPROVE, Authority.DECIDE)
)
STATION = Actor("vs1", "便民服务站", Role.VILLAGE_STATION_CLERK, "CENTRE", "VS-01")
AGENT = Actor("ag1", "代办员", Role.AGENT, "CENTRE")
CO_OFFICER = Actor("co1", "住建审核", Role.REVIEWER, "ZJJ", "ZJJ-S1")
CO_OFFICER_2 = Actor("co2", "环保审核", Role.REVIEWER, "SHJJ", "SHJJ-S1")
INSPECTOR = Actor("i1", "监察员", Role.INSPECTOR, "CENTRE")
WATCHER = Actor.system()

THREE_STEPS = (
    StepDefinition("承办", Role.HANDLER, TimeLimit(4)),
    StepDefinition("审核", Role.REVIEWER, TimeLimit(3)),
    StepDefinition("批准", Role.APPROVER, TimeLimit(2)),
)


def item(kind: ItemKind = ItemKind.COMMITMENT, **changes: object) -> ItemTerms:
    """A service item of the test department; ``changes`` override any term."""
    joint = kind is ItemKind.JOINT
    terms: dict[str, object] = {
        "code": f"{DEPT}-{kind.value}",
        "name": f"测试事项 ({kind.value})",
        "department": DEPT,
        "kind": kind,
        "procedure": Procedure.JOINT_APPROVAL if joint else Procedure.STANDARD,
        "statutory_limit": STATUTORY_JOINT if joint else STATUTORY_DEFAULT,
        "committed_limit": TimeLimit(0 if kind is ItemKind.IMMEDIATE else (20 if joint else 10)),
        "steps": () if kind is ItemKind.IMMEDIATE else (THREE_STEPS[:2] if kind is ItemKind.REPORT_UP else THREE_STEPS),
        "materials": ("申请书", "营业执照"),
        "co_departments": CO_DEPTS if joint else (),
    }
    terms.update(changes)
    return ItemTerms(**terms)  # type: ignore[arg-type]


ID_NUMBER = "510122199001011233"  # a resident identity card number with its check digit (GB 11643)
