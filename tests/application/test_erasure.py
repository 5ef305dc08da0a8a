"""Erasure keeps every proof: personal data is sealed per subject, and destroying the key erases it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from application.ledger import CaseLedger
from domain.case.aggregate import Case
from domain.organisation.actors import Actor, Role
from domain.privacy.data_subject import AlreadyErased, LegalHoldInForce
from infrastructure.settings import Settings
from interface.composition import Views, build_ledger, build_views
from tests.application.helpers import set_up_centre
from tests.application.integrity_support import bundle, check_bundle, integrity_settings, seal, verify
from tests.application.test_views import worked_case
from tests.support import at

DPO = Actor("dpo", "数据保护", Role.ADMINISTRATOR, "CENTRE")
AUDITOR = Actor("au", "审计", Role.AUDITOR, "CENTRE")


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[tuple[CaseLedger, Views, Settings]]:
    settings = integrity_settings(database_url, tmp_path)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    yield ledger, views, settings
    views.close()
    ledger.close()


def test_personal_data_is_stored_sealed(store: tuple[CaseLedger, Views, Settings]) -> None:
    ledger, _, _ = store
    case_no = worked_case(ledger, set_up_centre(ledger))
    [received] = ledger.store.recorder.select_events(Case.id_for(case_no), lte=1)
    for personal in ("张三", "510122199001011233"):
        assert personal.encode() not in received.state
    assert ledger.records.case(case_no, as_of=at(3, 25)).applicant_name == "张三"


def test_erasing_a_subject_keeps_every_verification_and_view_working(store: tuple[CaseLedger, Views, Settings]) -> None:
    ledger, views, settings = store
    case_no = worked_case(ledger, set_up_centre(ledger))
    seal(settings, ledger, views, at(3, 25))
    ledger.privacy.erase_subject("subject-1", reason="申请人要求删除个人信息", at=at(3, 26), by=DPO)
    view = ledger.records.case(case_no, as_of=at(3, 26))
    assert (view.applicant_name, view.applicant_subject) == ("[erased]", "subject-1")
    history = ledger.audit.history(case_no)
    assert history[0].details["applicant"]["name"] == "[erased]"
    assert "张三" not in str([e.details for e in history])
    assert verify(settings, ledger, views).clean
    views.runner.rebuild()
    assert all(not s.stopped for s, _ in views.runner.statuses())
    data = bundle(settings, ledger, views, case_no, at(3, 27))
    assert check_bundle(settings, data).valid
    assert verify(settings, ledger, views).clean
    with pytest.raises(AlreadyErased):
        ledger.privacy.erase_subject("subject-1", reason="again", at=at(3, 28), by=DPO)


def test_a_legal_hold_stops_erasure_until_it_is_released(store: tuple[CaseLedger, Views, Settings]) -> None:
    ledger, _, _ = store
    case_no = worked_case(ledger, set_up_centre(ledger))
    ledger.privacy.set_retention("subject-1", until=date(2046, 12, 31), basis="档案法：长期保存", at=at(3, 25), by=DPO)
    ledger.privacy.place_legal_hold(
        "subject-1", hold_id="审计-2026-07", reason="年度审计抽查", at=at(3, 25), by=AUDITOR
    )
    with pytest.raises(LegalHoldInForce):
        ledger.privacy.erase_subject("subject-1", reason="要求删除", at=at(3, 26), by=DPO)
    assert ledger.records.case(case_no, as_of=at(3, 26)).applicant_name == "张三"
    ledger.privacy.release_legal_hold("subject-1", hold_id="审计-2026-07", at=at(4, 1), by=AUDITOR)
    ledger.privacy.erase_subject("subject-1", reason="要求删除", at=at(4, 2), by=DPO)
    subject = ledger.privacy.data_subject("subject-1")
    assert subject.erased_at == at(4, 2) and subject.retain_until is not None
