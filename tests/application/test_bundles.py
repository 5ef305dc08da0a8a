"""Verifiable exports: a bundle verifies offline against a witnessed head, and nothing in it can be changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.integrity.checkpoint import SignedNote, sign
from application.ledger import CaseLedger
from domain.errors import InvalidValue
from domain.organisation.actors import Actor
from infrastructure.integrity.keys import FileSigner
from infrastructure.settings import Settings
from interface.composition import Views, build_bundle_writer, build_ledger, build_views
from tests.application.helpers import set_up_centre
from tests.application.integrity_support import bundle, check_bundle, integrity_settings, seal
from tests.application.test_views import worked_case
from tests.support import at


@pytest.fixture
def store(stored_database_url: str, tmp_path: Path) -> Iterator[tuple[CaseLedger, Views, Settings]]:
    settings = integrity_settings(stored_database_url, tmp_path)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    yield ledger, views, settings
    views.close()
    ledger.close()


def test_a_bundle_of_a_case_verifies_offline_against_the_witnessed_head(
    store: tuple[CaseLedger, Views, Settings],
) -> None:
    ledger, views, settings = store
    case_no = worked_case(ledger, set_up_centre(ledger))
    data = bundle(settings, ledger, views, case_no, at(3, 25))
    report = check_bundle(settings, data)
    assert report.valid and report.cases == [case_no], report.problems
    assert (
        report.events == len(ledger.audit.history(case_no)) + 1 + 2
    )  # the case, its item, the 2026 and 2027 calendars
    note = SignedNote.parse(json.loads(data.split(b"\n")[1])["checkpoint"])
    assert [s.name for s in note.signatures] == [settings.log_origin, f"witness/{Path(settings.witnesses[0]).name}"]


def test_flipping_any_byte_makes_verification_fail(store: tuple[CaseLedger, Views, Settings]) -> None:
    ledger, views, settings = store
    data = bundle(settings, ledger, views, worked_case(ledger, set_up_centre(ledger)), at(3, 25))
    step = max(1, len(data) // 400)
    positions = sorted({*range(0, len(data), step), *range(len(data) - 80, len(data))})
    for position in positions:
        flipped = bytearray(data)
        flipped[position] ^= 0x01
        assert not check_bundle(settings, bytes(flipped)).valid, f"byte {position} of {len(data)}"


def test_a_bundle_re_signed_with_another_key_is_refused(
    store: tuple[CaseLedger, Views, Settings], tmp_path: Path
) -> None:
    """An edited event with its proofs and digest made good again still needs the trusted key's signature."""
    ledger, views, settings = store
    data = bundle(settings, ledger, views, worked_case(ledger, set_up_centre(ledger)), at(3, 25))
    lines = data.decode().split("\n")
    note = SignedNote.parse(json.loads(lines[1])["checkpoint"])
    forged = sign(note.head, note.head.origin, FileSigner(tmp_path / "attacker.pem"))
    lines[1] = json.dumps({"checkpoint": forged.text()}, ensure_ascii=False)
    body = lines[:-2]
    lines[-2] = json.dumps({"sha256": hashlib.sha256("".join(line + "\n" for line in body).encode()).hexdigest()})
    report = check_bundle(settings, "\n".join(lines).encode())
    assert not report.valid
    assert any("not signed by a trusted key" in p for p in report.problems)
    assert any("not cosigned by the witness" in p for p in report.problems)


def test_a_bundle_needs_a_head_and_every_event_sealed(store: tuple[CaseLedger, Views, Settings]) -> None:
    ledger, views, settings = store
    staff = set_up_centre(ledger)
    case_no = worked_case(ledger, staff)
    with pytest.raises(InvalidValue, match="seal"):
        list(build_bundle_writer(settings, ledger, views).lines([case_no], {}, at(3, 25)))
    seal(settings, ledger, views, at(3, 25))
    ledger.cases.rate(case_no, stars=5, comment="", at=at(3, 26), by=Actor.applicant("subject-1"))
    with pytest.raises(InvalidValue, match="not sealed"):
        list(build_bundle_writer(settings, ledger, views).lines([case_no], {}, at(3, 26)))
