"""Natural ids: the same key is the same id; case ids sort by their receipt day."""

from __future__ import annotations

from datetime import date

from domain.case.aggregate import Case
from domain.ids import dated_id, natural_id


def test_a_case_number_always_gives_the_same_id() -> None:
    assert Case.id_for("SJJ-20260302-ABCDEF") == Case.id_for("SJJ-20260302-ABCDEF")
    assert Case.id_for("SJJ-20260302-ABCDEF") != Case.id_for("SJJ-20260302-ABCDEG")


def test_case_ids_sort_by_the_receipt_day_in_their_number() -> None:
    numbers = ["ZZZ-20260302-AAAAAA", "AAA-20260303-ZZZZZZ", "MMM-20251231-MMMMMM", "AAA-20270101-AAAAAA"]
    ordered = sorted(numbers, key=lambda n: Case.id_for(n).bytes)
    assert ordered == ["MMM-20251231-MMMMMM", "ZZZ-20260302-AAAAAA", "AAA-20260303-ZZZZZZ", "AAA-20270101-AAAAAA"]
    assert str(Case.id_for("SJJ-20260302-ABCDEF")).startswith("20260302-")
    assert Case.id_for("SJJ-20260302-ABCDEF").version == 8


def test_a_number_without_a_valid_day_falls_back_to_a_plain_natural_id() -> None:
    assert Case.id_for("legacy-42") == natural_id("case", "legacy-42")
    assert Case.id_for("SJJ-20261399-ABCDEF") == natural_id("case", "SJJ-20261399-ABCDEF")


def test_dated_ids_keep_the_digest_of_their_key() -> None:
    day = date(2026, 3, 2)
    assert dated_id("case", "a", day).bytes[8:] == natural_id("case", "a").bytes[8:]
    assert dated_id("case", "a", day) != dated_id("case", "b", day)
