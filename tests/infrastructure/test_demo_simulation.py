"""The demo's simulated years: a past year's cases conclude in the months after it."""

from __future__ import annotations

from datetime import datetime, timedelta

from application.ledger import CaseLedger
from domain.business_time import SHANGHAI
from infrastructure.demo.centre import load_centre
from infrastructure.demo.simulation import Simulator


def _open_cases(ledger: CaseLedger, received_until: datetime, runs_on: timedelta) -> tuple[int, int, int]:
    """Cases received in the year to ``received_until`` and run ``runs_on`` longer: (open, received in
    that year, all)."""
    centre = load_centre(ledger, seed=5)
    simulator = Simulator(
        centre,
        ledger.calendars.working_days(2021),
        seed=5,
        until=received_until + runs_on,
        received_until=received_until,
    )
    cases = list(simulator.cases(500))
    in_year = [c for c in cases if received_until - timedelta(days=366) < c.received_at <= received_until]
    return sum(1 for c in cases if not c.status.is_terminal), len(in_year), len(cases)


def test_a_past_year_given_months_more_ends_with_its_cases_concluded(ledger: CaseLedger) -> None:
    year_end = datetime(2020, 12, 31, 18, tzinfo=SHANGHAI)
    still_open, in_year, everyone = _open_cases(ledger, year_end, timedelta(days=180))
    assert in_year == everyone  # every case was received in 2020
    assert still_open == 0


def test_a_year_cut_at_its_end_leaves_its_last_cases_open(ledger: CaseLedger) -> None:
    still_open, _, _ = _open_cases(ledger, datetime(2020, 12, 31, 18, tzinfo=SHANGHAI), timedelta(0))
    assert still_open > 0
