"""Random case histories against the reference model: pauses, returns, extensions, steps joined in a
green channel, and paper acts entered late (after the watcher recorded warnings they make untrue).

Each example drives one case through its own commands, with the deadline watcher passing at times of
its own, some acts entered with a business time before the watcher's last pass; the case is then
imported and the views must equal the reference model for it, as the simulated year does.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import suppress
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from application.ledger import CaseLedger
from domain.business_time import SHANGHAI
from domain.case.aggregate import Case
from domain.case.alerts import WarningPolicy, due_alerts
from domain.case.values import DeliveryMethod, Outcome
from domain.catalogue.terms import StepDefinition
from domain.clocks import TimeLimit
from domain.errors import DomainError
from domain.organisation.actors import Channel, Role
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.test_reference_model import assert_equal_to_reference
from tests.domain.scenario import APPLICANT, SIGNERS, take
from tests.support import AGENCY_HEAD, APPROVER, CLERK, HANDLER, WATCHER, calendar, item

# Short limits, so that a few days' delay crosses every threshold.
TERMS = item(
    committed_limit=TimeLimit(4),
    statutory_limit=TimeLimit(5),
    steps=(
        StepDefinition("承办", Role.HANDLER, TimeLimit(1)),
        StepDefinition("审核", Role.REVIEWER, TimeLimit(2)),  # longer: joining the steps widens a budget
        StepDefinition("批准", Role.APPROVER, TimeLimit(1)),
    ),
)
ACTS = ("step", "step", "step", "return", "pause", "resume", "extend", "decide", "deliver", "withdraw", "watch")
ACTS += ("join", "sign", "sign")  # only a case in a green channel may join its steps
START = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
NUMBERS = itertools.count()

move = st.tuples(
    st.sampled_from(ACTS),
    st.integers(min_value=0, max_value=60),  # hours after the previous act
    st.sampled_from([0, 0, 0, 20, 50, 100]),  # hours the watcher ran ahead of this act's business time
)


class History:
    """One case driven through its commands, the watcher passing whenever it is told to."""

    def __init__(self, green_channel: bool = False) -> None:
        self.policy = WarningPolicy()
        self.case = Case.receive(
            case_no=f"SJJ-20260302-H{next(NUMBERS):05d}",
            query_code="",
            applicant=APPLICANT,
            item=TERMS,
            at=START,
            by=CLERK,
            channel=Channel.WINDOW,
            calendar=calendar(),
        )
        self.case.accept(
            item=TERMS, notice_no="受理-1", at=START + timedelta(minutes=30), by=CLERK, calendar=calendar()
        )
        self.now = self.watched = START + timedelta(minutes=30)
        if green_channel:
            self.case.enter_green_channel(project_no="XM-1", at=self.now, by=CLERK)

    def watch(self, until: datetime) -> None:
        self.watched = max(self.watched, until)
        alerts = due_alerts(self.case, self.watched, calendar(), self.policy)
        at = max(self.watched, self.case.last_occurred_at)
        self.case.record_alerts(alerts, at=at, by=WATCHER, calendar=calendar())

    def act(self, kind: str, hours: int, late: int) -> None:
        self.now += timedelta(hours=hours)
        if late:
            self.watch(self.now + timedelta(hours=late))  # the paper act comes in after this pass
        with suppress(DomainError):  # not allowed in the case's state: the history goes on without it
            self._act(kind, self.now)

    def _act(self, kind: str, now: datetime) -> None:
        case, cal = self.case, calendar()
        step = case.current_step
        if kind == "watch":
            self.watch(now)
        elif kind in ("step", "return") and step is not None:
            signer = SIGNERS[step.name]
            take(case, signer, now)
            if kind == "step":
                case.complete_step(opinion="同意", at=now, by=signer, calendar=cal)
            else:
                case.return_step(reason="补正", at=now, by=signer, calendar=cal)
        elif kind == "join":
            case.join_steps(at=now, by=case.holder, calendar=cal)
        elif kind == "sign" and case.joined:
            index = case.joined[len(case.joined) // 2]
            case.sign_joined_step(step_index=index, opinion="同意", at=now, by=SIGNERS[case.item.steps[index].name])
        elif kind == "pause":
            case.start_special_procedure(
                procedure="expert_review",
                legal_basis="第四十五条",
                notice_no="告知-1",
                expected_days=3,
                at=now,
                by=case.holder,
            )
        elif kind == "resume":
            case.end_special_procedure(result="完成", at=now, by=case.holder, calendar=cal)
        elif kind == "extend":
            case.approve_extension(days=3, reason="复杂", notice_no="延长-1", at=now, by=AGENCY_HEAD, calendar=cal)
        elif kind == "decide":
            take(case, APPROVER, now)
            case.decide(outcome=Outcome.GRANTED, at=now, by=APPROVER, calendar=cal)
        elif kind == "deliver":
            take(case, CLERK, now)
            case.deliver(method=DeliveryMethod.WINDOW, at=now, by=CLERK)
        elif kind == "withdraw":
            case.withdraw(reason="申请人撤回", at=now, by=case.holder)


_SHARED: dict[str, Any] = {}


@pytest.fixture
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[CaseLedger, Views]:
    """One SQLite ledger and its views for all examples (each example writes a case of its own)."""
    if "ledger" not in _SHARED:
        url = f"sqlite:///{tmp_path_factory.mktemp('histories') / 'ledger.sqlite'}"
        _SHARED["ledger"] = CaseLedger(env=persistence_env(url), calendar_source=SeedCalendarSource())
        _SHARED["views"] = build_views(Settings(database_url=url), _SHARED["ledger"])
        _SHARED["cases"] = {}
    return _SHARED["ledger"], _SHARED["views"]


@pytest.fixture(scope="module", autouse=True)
def _close() -> Iterator[None]:
    yield
    if "views" in _SHARED:
        _SHARED.pop("views").close()
        _SHARED.pop("ledger").close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(move, min_size=1, max_size=14), green_channel=st.booleans())
# A joint review carried through, and one joined after the watcher warned on the first step's short budget.
@example(moves=[("join", 1, 0), ("sign", 2, 0), ("sign", 3, 20), ("watch", 30, 0), ("sign", 5, 0), ("decide", 2, 0)],
         green_channel=True)  # fmt: skip
@example(moves=[("watch", 20, 0), ("join", 12, 0), ("sign", 30, 50), ("sign", 1, 0), ("sign", 1, 0)],
         green_channel=True)  # fmt: skip
def test_random_histories_with_late_paper_acts_equal_the_reference(
    store: tuple[CaseLedger, Views], moves: list[tuple[str, int, int]], green_channel: bool
) -> None:
    ledger, views = store
    history = History(green_channel)
    for kind, hours, late in moves:
        history.act(kind, hours, late)
    as_of = max(history.now, history.watched) + timedelta(days=9)
    history.watch(as_of)
    ledger.cases.import_cases([history.case])
    views.runner.catch_up()
    _SHARED["cases"][history.case.case_no] = as_of  # every case so far, each as of its watcher's last pass
    periods = ((date(2026, 3, 1), date(2026, 3, 10)), (date(2026, 3, 9), as_of.date()))
    assert_equal_to_reference(ledger, views, _SHARED["cases"], as_of, periods)


def test_a_late_paper_act_withdraws_what_it_shows_never_happened(store: tuple[CaseLedger, Views]) -> None:
    """Given a step the watcher saw overrun, when the signature dated before the overrun is entered
    late, then the step's red warning is withdrawn, naming the act, and its yellow one is cleared."""
    ledger, views = store
    history = History()
    signed = history.now + timedelta(hours=20)  # 3 March, 05:30: within the step's one working day
    history.watch(signed + timedelta(days=3))  # the watcher saw the step go red on 4 March
    assert "STEP:0:red" in history.case.warnings
    take(history.case, HANDLER, signed)
    history.case.complete_step(opinion="同意", at=signed, by=HANDLER, calendar=calendar())
    assert "STEP:0:red" not in history.case.warnings
    ledger.cases.import_cases([history.case])
    views.runner.catch_up()
    rows = {
        (r["clock"], r["step_index"], r["level"]): r
        for r in views.store.rows("SELECT * FROM view_warnings WHERE case_no = :c", {"c": history.case.case_no})
    }
    red = rows[("STEP", 0, "red")]
    assert red["status"] == "withdrawn" and red["cause"] == "withdrawn:StepCompleted"
    assert rows[("STEP", 0, "yellow")]["status"] == "cleared"
    assert rows[("STEP", 0, "yellow")]["cause"] == "StepCompleted"
    _SHARED["cases"][history.case.case_no] = history.watched
