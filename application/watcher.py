"""The deadline watcher: turns crossed clock thresholds into warning and breach events.

It finds the cases still running in the case-list view (after bringing that view up to date) and asks
the ledger to record what each case's clocks crossed. Recording is exactly once per case, clock, step
and level however often it runs and however many watchers run at once (the aggregate refuses a repeat;
a concurrent write is retried on fresh state). After downtime the events carry the instant each
threshold was really crossed, not the time it was noticed.
"""

from __future__ import annotations

import logging
from datetime import datetime

from application.ledger import CaseLedger
from application.projections.runner import ProjectionRunner
from application.reports import ViewReader
from domain.case.alerts import WarningPolicy

log = logging.getLogger("caseledger.watcher")


class DeadlineWatcher:
    def __init__(
        self, ledger: CaseLedger, runner: ProjectionRunner, reader: ViewReader, policy: WarningPolicy | None = None
    ) -> None:
        self.ledger, self.runner, self.reader = ledger, runner, reader
        self.policy = policy or WarningPolicy()

    def run_once(self, now: datetime) -> int:
        """Record everything crossed by ``now``; return how many warnings and breaches were recorded."""
        self.runner.catch_up(["queue"])
        recorded = 0
        for case_no in self.reader.open_cases():
            recorded += self.ledger.record_due_alerts(case_no, at=now, policy=self.policy)
        if recorded:
            log.info("recorded %d warnings and breaches", recorded)
        return recorded
