"""Verifiable exports: a bundle verifies offline, and flipping any byte of it makes verification fail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from application.integrity.bundle import verify_bundle
from application.ledger import CaseLedger
from domain.errors import InvalidValue
from domain.organisation.actors import Actor
from infrastructure.integrity.keys import signature_ok
from infrastructure.settings import Settings
from interface.composition import Views, build_bundle_writer, build_ledger, build_sealer, build_views
from tests.application.helpers import set_up_centre
from tests.application.test_views import worked_case
from tests.support import at


@pytest.fixture
def store(stored_database_url: str, tmp_path: Path) -> Iterator[tuple[CaseLedger, Views, Settings]]:
    settings = Settings(database_url=stored_database_url, signing_key=str(tmp_path / "key.pem"))
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    yield ledger, views, settings
    views.close()
    ledger.close()


def bundle(ledger: CaseLedger, views: Views, settings: Settings, case_no: str) -> bytes:
    build_sealer(settings, ledger, views).seal(at(3, 25))
    return "".join(build_bundle_writer(ledger, views).lines([case_no], {"case": case_no}, at(3, 25))).encode()


def test_a_bundle_of_a_case_verifies_offline(store: tuple[CaseLedger, Views, Settings]) -> None:
    ledger, views, settings = store
    case_no = worked_case(ledger, set_up_centre(ledger))
    data = bundle(ledger, views, settings, case_no)
    report = verify_bundle(data, signature_ok)
    assert report.valid and report.cases == [case_no]
    assert report.events == len(ledger.history(case_no)) + 1 + 2  # the case, its item, the 2026 and 2027 calendars


def test_flipping_any_byte_makes_verification_fail(store: tuple[CaseLedger, Views, Settings]) -> None:
    ledger, views, settings = store
    data = bundle(ledger, views, settings, worked_case(ledger, set_up_centre(ledger)))
    step = max(1, len(data) // 400)
    positions = sorted({*range(0, len(data), step), *range(len(data) - 80, len(data))})
    for position in positions:
        flipped = bytearray(data)
        flipped[position] ^= 0x01
        assert not verify_bundle(bytes(flipped), signature_ok).valid, f"byte {position} of {len(data)}"


def test_a_bundle_needs_a_seal_and_every_event_sealed(store: tuple[CaseLedger, Views, Settings]) -> None:
    ledger, views, settings = store
    staff = set_up_centre(ledger)
    case_no = worked_case(ledger, staff)
    with pytest.raises(InvalidValue, match="seal"):
        list(build_bundle_writer(ledger, views).lines([case_no], {}, at(3, 25)))
    build_sealer(settings, ledger, views).seal(at(3, 25))
    ledger.rate(case_no, stars=5, comment="", at=at(3, 26), by=Actor.applicant("subject-1"))
    with pytest.raises(InvalidValue, match="not sealed"):
        list(build_bundle_writer(ledger, views).lines([case_no], {}, at(3, 26)))
