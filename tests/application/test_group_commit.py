"""Group commit under real concurrency: nothing lost, nothing doubled, conflicts fail alone, chains hold."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.cases.commands import Accept, HandOff, ReceiveHandOff
from application.ledger import CaseLedger
from domain.errors import DomainError
from infrastructure.settings import Settings
from interface.composition import Views, build_ledger, build_views
from tests.application.helpers import receive, set_up_centre
from tests.application.integrity_support import integrity_settings, seal, verify
from tests.support import at


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[tuple[CaseLedger, Views, Settings]]:
    settings = integrity_settings(database_url, tmp_path)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    yield ledger, views, settings
    views.close()
    ledger.close()


def test_concurrent_commands_are_recorded_exactly_once_and_conflicts_fail_alone(
    store: tuple[CaseLedger, Views, Settings],
) -> None:
    ledger, views, settings = store
    staff = set_up_centre(ledger)
    clerk = staff["w1"]
    own = [receive(ledger, clerk).case_no for _ in range(12)]
    contested = receive(ledger, clerk).case_no
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def work(case_no: str) -> None:
        ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=clerk)
        ledger.cases.handle(case_no, HandOff(to_person_id=staff["h1"].person_id), at=at(3, 2, 11), by=clerk)
        ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 2, 12), by=staff["h1"])
        with lock:
            outcomes["own"] += 1

    def fight() -> None:
        try:
            ledger.cases.handle(contested, Accept(), at=at(3, 2, 10), by=clerk, expected_version=1)
            outcome = "won"
        except DomainError as error:
            outcome = error.rule
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=work, args=(n,)) for n in own] + [
        threading.Thread(target=fight) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes["own"] == 12
    assert outcomes["won"] == 1 and sum(outcomes.values()) == 12 + 6  # the others lost with a named error
    assert set(outcomes) <= {"own", "won", "stale-version", "concurrency-conflict"}
    for case_no in own:
        assert [e.type for e in ledger.audit.history(case_no)] == [
            "Received",
            "Accepted",
            "HandedOff",
            "HandOffReceived",
        ]
    assert [e.type for e in ledger.audit.history(contested)] == ["Received", "Accepted"]
    seal(settings, ledger, views, at(3, 25))
    assert verify(settings, ledger, views).clean  # every chain still links, and the tree over them verifies
