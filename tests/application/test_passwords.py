"""Console passwords: Argon2id hashes, strength, change, and one answer for every wrong sign-in."""

from __future__ import annotations

import pytest

from application.ledger import CaseLedger
from application.people import Unauthenticated
from domain.errors import InvalidValue
from domain.organisation.actors import Role
from domain.organisation.directory import PersonDeactivated

GOOD = "窗口服务二〇二五年度口令"


@pytest.fixture
def people(ledger: CaseLedger) -> CaseLedger:
    ledger.organisation.register_department("SJJ", "市场监督管理局")
    ledger.people.register_person("SJJ-WC1", "郑军", Role.WINDOW_CLERK, "SJJ")
    return ledger


@pytest.mark.parametrize("weak", ["short", " " * 12, "tab\there-and-more", "x" * 257])
def test_a_weak_password_is_refused(people: CaseLedger, weak: str) -> None:
    with pytest.raises(InvalidValue):
        people.people.set_password("SJJ-WC1", weak)
    assert not people.people.has_password("SJJ-WC1")


def test_a_new_password_replaces_the_old_one(people: CaseLedger) -> None:
    people.people.set_password("SJJ-WC1", GOOD)
    assert people.people.check_password("SJJ-WC1", GOOD).name == "郑军"
    people.people.set_password("SJJ-WC1", "另一个更长的口令 2026")
    with pytest.raises(Unauthenticated):
        people.people.check_password("SJJ-WC1", GOOD)
    assert people.people.check_password("SJJ-WC1", "另一个更长的口令 2026").person_id == "SJJ-WC1"


@pytest.mark.parametrize(("person", "password"), [("SJJ-WC1", "wrong password"), ("NOBODY", GOOD), ("", GOOD)])
def test_every_wrong_sign_in_gets_the_same_answer(people: CaseLedger, person: str, password: str) -> None:
    people.people.set_password("SJJ-WC1", GOOD)
    with pytest.raises(Unauthenticated) as refused:
        people.people.check_password(person, password)
    assert refused.value.message == "the person or the password is not right"


def test_a_person_without_a_password_cannot_sign_in_with_none(people: CaseLedger) -> None:
    with pytest.raises(Unauthenticated):
        people.people.check_password("SJJ-WC1", "")


def test_a_deactivated_person_gets_no_password_and_cannot_sign_in(people: CaseLedger) -> None:
    people.people.set_password("SJJ-WC1", GOOD)
    people.people.deactivate_person("SJJ-WC1", "调离")
    with pytest.raises(Unauthenticated, match="deactivated"):
        people.people.check_password("SJJ-WC1", GOOD)
    with pytest.raises(PersonDeactivated):
        people.people.set_password("SJJ-WC1", GOOD)
