"""The applicant's identity document, checked at receipt (GB 11643, GB 32100)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.case.identity import InvalidIdentityDocument, check_identity, resident_check
from domain.case.values import Applicant
from tests.domain.scenario import received

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("kind", "number", "enterprise"),
    [
        ("", "11010519491231002X", False),  # the standard's own example
        ("resident_id", "510122199001011233", False),
        ("", "91350100M000100Y43", True),  # an enterprise's unified social credit code
        ("uscc", "91350100M000100Y43", False),
        ("passport", "E12345678", False),
        ("other", "HK-1234567(8)", False),
    ],
)
def test_documents_that_can_be(kind: str, number: str, enterprise: bool) -> None:
    check_identity(kind, number, is_enterprise=enterprise, today=TODAY)


@pytest.mark.parametrize(
    ("kind", "number", "why"),
    [
        ("", "", "required"),
        ("", "123", "17 digits"),
        ("", "510122199001011234", "check digit"),
        ("", "510122199002301238", "birth date"),  # 30 February
        ("", "510122203001011233", "birth date"),  # not born yet
        ("uscc", "91350100M000100Y44", "credit code"),
        ("uscc", "91350100I000100Y43", "credit code"),  # I is not in the alphabet
        ("passport", "E1 2345678", "passport number"),
        ("licence", "123456", "no identity document"),
    ],
)
def test_documents_that_cannot_be(kind: str, number: str, why: str) -> None:
    with pytest.raises(InvalidIdentityDocument, match=why):
        check_identity(kind, number, is_enterprise=False, today=TODAY)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17), st.sampled_from("0123456789X"))
def test_exactly_one_check_character_completes_seventeen_digits(first17: str, last: str) -> None:
    number = f"51012219900101{first17[14:]}{last}"  # a real birth date, any sequence
    ok = resident_check(number[:17]) == last
    if ok:
        check_identity("", number, is_enterprise=False, today=TODAY)
    else:
        with pytest.raises(InvalidIdentityDocument):
            check_identity("", number, is_enterprise=False, today=TODAY)


def test_a_receipt_is_refused_for_a_made_up_or_missing_identity_number() -> None:
    for number in ("123", ""):
        with pytest.raises(InvalidIdentityDocument):
            received(applicant=Applicant("subject-9", "王五", number))
