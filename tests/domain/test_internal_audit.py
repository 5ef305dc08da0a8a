"""Given-when-then for ISO 9001 internal audits (9.2): a reproducible sample, a checklist per case, findings
as nonconformities, closed with a report once every sampled case is checked."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.quality.corrective_action import NotAQualityManager
from domain.quality.internal_audit import (
    AuditStatus,
    AuditStepOutOfOrder,
    CaseCheck,
    InternalAudit,
    Nature,
    draw_sample,
)
from tests.support import at

QUALITY = Actor("qm", "质量负责人", Role.QUALITY_MANAGER, "CENTRE")
AUDITOR = Actor("au", "审计员", Role.AUDITOR, "CENTRE")
POPULATION = {"SJJ": [f"SJJ-{n:03d}" for n in range(40)], "ZJJ": [f"ZJJ-{n:03d}" for n in range(3)]}


def planned(**changes: object) -> InternalAudit:
    fields: dict[str, object] = {
        "audit_no": "NS-1",
        "first_day": date(2026, 1, 1),
        "last_day": date(2026, 3, 31),
        "criteria": "ISO 9001:2015 7.5, 8.5; 《行政许可法》; 中心限时办结制度",
        "seed": 7,
        "per_department": 5,
        "population": POPULATION,
        "at": at(4, 7),
        "by": QUALITY,
    }
    audit = InternalAudit.plan(**(fields | changes))  # type: ignore[arg-type]
    audit.collect_events()
    return audit


def test_the_sample_is_drawn_reproducibly_per_department() -> None:
    audit = planned()
    sample = dict(audit.sample)
    assert len(sample["SJJ"]) == 5 and sample["ZJJ"] == tuple(POPULATION["ZJJ"])  # fewer than asked: all
    assert sample == draw_sample(POPULATION, 5, 7)  # anyone with the plan draws it again
    shuffled = {d: list(reversed(cases)) for d, cases in POPULATION.items()}
    assert draw_sample(shuffled, 5, 7) == sample  # the order the cases come in does not matter
    assert draw_sample(POPULATION, 5, 8)["SJJ"] != sample["SJJ"]  # another seed, another sample
    assert dict(audit.population) == {"SJJ": 40, "ZJJ": 3}


def test_a_failed_checklist_raises_a_finding_and_a_broken_chain_a_major_one() -> None:
    audit = planned()
    ok, late, altered = sorted(audit.department_of)[:3]
    audit.check(CaseCheck(ok, True, True, True, ()), at=at(4, 8), by=QUALITY)
    audit.check(CaseCheck(late, True, False, True, ("decided after the committed due date",)), at=at(4, 8), by=QUALITY)
    audit.check(CaseCheck(altered, True, True, False, ("its events do not link",)), at=at(4, 8), by=QUALITY)
    findings = [e for e in audit.collect_events() if isinstance(e, InternalAudit.FindingRaised)]
    assert [(f.nc_id, f.case_no, f.clause, f.nature) for f in findings] == [
        ("NC-NS-1-1", late, "8.5.1", Nature.MINOR),
        ("NC-NS-1-2", altered, "7.5.3", Nature.MAJOR),
    ]
    with pytest.raises(AuditStepOutOfOrder):
        audit.check(CaseCheck(ok, True, True, True, ()), at=at(4, 8), by=QUALITY)
    with pytest.raises(InvalidValue, match="not in the sample"):
        audit.check(CaseCheck("GTJ-1", True, True, True, ()), at=at(4, 8), by=QUALITY)


def test_it_closes_once_every_sampled_case_is_checked_and_then_takes_no_step() -> None:
    audit = planned()
    with pytest.raises(AuditStepOutOfOrder, match="not checked"):
        audit.close(report="审核报告", at=at(4, 9), by=QUALITY)
    for case_no in audit.department_of:
        audit.check(CaseCheck(case_no, True, True, True, ()), at=at(4, 9), by=QUALITY)
    audit.add_finding(
        department="SJJ", clause="7.1.6", nature=Nature.OBSERVATION, description="窗口人员对新版流程不熟", at=at(4, 9),
        by=QUALITY,
    )  # fmt: skip
    audit.close(report="抽查10件，发现观察项1项", at=at(4, 10), by=QUALITY)
    assert audit.status is AuditStatus.CLOSED and audit.findings == 1
    with pytest.raises(AuditStepOutOfOrder):
        audit.add_finding(
            department="SJJ", clause="7.5", nature=Nature.MINOR, description="x", at=at(4, 11), by=QUALITY
        )


def test_the_quality_manager_audits_and_auditors_read() -> None:
    with pytest.raises(NotAQualityManager):
        planned(by=AUDITOR)
    audit = planned()
    with pytest.raises(NotAQualityManager):
        audit.check(CaseCheck(sorted(audit.department_of)[0], True, True, True, ()), at=at(4, 8), by=AUDITOR)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"last_day": date(2026, 4, 30)}, "ended"),
        ({"first_day": date(2026, 4, 1)}, "ended"),
        ({"per_department": 0}, "1 to 200"),
        ({"criteria": " "}, "criteria"),
        ({"population": {"SJJ": []}}, "no concluded case"),
    ],
)
def test_a_plan_is_in_bounds(changes: dict[str, object], words: str) -> None:
    with pytest.raises(InvalidValue, match=words):
        planned(**changes)
