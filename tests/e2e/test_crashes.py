"""Crash tests on PostgreSQL: a projection worker and a deadline watcher killed with SIGKILL mid-run.

After a restart the views must equal a clean rebuild (by content digest), and every case must have
each warning exactly once: none duplicated, none missing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime

import pytest

from application.cases.commands import Accept
from application.ledger import CaseLedger
from domain.case.aggregate import Case
from domain.case.alerts import WarningPolicy, due_alerts
from infrastructure.settings import Settings
from interface.composition import Views, build_ledger, build_views
from interface.processes import spawn
from tests.application.helpers import receive, set_up_centre
from tests.application.test_projection_runtime import equals_a_rebuild
from tests.support import at

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
NOW = "2026-11-26T12:00:00+08:00"


@pytest.fixture
def store(pg_url: str) -> Iterator[tuple[str, CaseLedger, Views]]:
    settings = Settings(database_url=pg_url)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    yield pg_url, ledger, views
    views.close()
    ledger.close()


def _cli(pg_url: str, *args: str, **env: str) -> subprocess.Popen[bytes]:
    return spawn(pg_url, *args, **env)


def _open_cases(ledger: CaseLedger, count: int) -> list[str]:
    staff = set_up_centre(ledger)
    numbers = []
    for n in range(count):
        case_no = receive(ledger, staff["w1"], day=2 + n % 20).case_no
        ledger.cases.handle(case_no, Accept(), at=at(3, 2 + n % 20, 10), by=staff["w1"])
        numbers.append(case_no)
    return numbers


def test_a_projection_worker_killed_mid_batch_ends_like_a_clean_rebuild(store: tuple[str, CaseLedger, Views]) -> None:
    pg_url, ledger, views = store
    _open_cases(ledger, 400)
    head = ledger.store.recorder.max_notification_id() or 0
    worker = _cli(pg_url, "project", "run", "--interval", "0.2", CASELEDGER_VIEW_BATCH="25")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        positions = [s.position for s, _ in views.runner.statuses()]
        if any(0 < p < head for p in positions):
            break
        time.sleep(0.01)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    killed_at = [s.position for s, _ in views.runner.statuses()]
    assert any(p < head for p in killed_at), "the worker finished before it could be killed"
    restarted = _cli(pg_url, "project", "run", "--once", CASELEDGER_VIEW_BATCH="25")
    assert restarted.wait(timeout=120) == 0
    assert all(lag == 0 and not s.stopped for s, lag in views.runner.statuses())
    assert equals_a_rebuild(views)


def test_a_watcher_killed_mid_run_leaves_no_duplicate_and_no_missing_warning(
    store: tuple[str, CaseLedger, Views],
) -> None:
    pg_url, ledger, _ = store
    numbers = _open_cases(ledger, 150)
    head = ledger.store.recorder.max_notification_id() or 0
    watcher = _cli(pg_url, "watch", "--once", CASELEDGER_WATCH_NOW=NOW)
    deadline = time.monotonic() + 60
    while (ledger.store.recorder.max_notification_id() or 0) < head + 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(watcher.pid, signal.SIGKILL)
    watcher.wait()
    now = datetime.fromisoformat(NOW)
    calendar = ledger.calendars.working_days(2026)
    policy = WarningPolicy()
    pending = [n for n in numbers if due_alerts(ledger.store.repository.get(Case.id_for(n)), now, calendar, policy)]
    assert 0 < len(pending) < len(numbers), "the watcher was not killed in the middle of its run"
    rest = _cli(pg_url, "watch", "--once", CASELEDGER_WATCH_NOW=NOW)
    concurrent = _cli(pg_url, "watch", "--once", CASELEDGER_WATCH_NOW=NOW)  # two at once, too
    assert rest.wait(timeout=180) == 0 and concurrent.wait(timeout=180) == 0
    for case_no in numbers:
        case = ledger.store.repository.get(Case.id_for(case_no))
        assert due_alerts(case, now, calendar, policy) == []  # nothing missing
        keys = Counter(
            (e.details["clock"], e.details["step_index"], e.details["level"])
            for e in ledger.audit.history(case_no)
            if e.type in ("WarningRaised", "DeadlineBreached")
        )
        assert keys and max(keys.values()) == 1  # nothing twice
