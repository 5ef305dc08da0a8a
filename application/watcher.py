"""The deadline watcher: turns crossed clock thresholds into warning and breach events.

It finds the cases still running in the case-list view (after bringing that view up to date), and
those that ended since its last pass (a case may end before anyone saw a clock of it cross a threshold:
the crossing is recorded all the same, and cleared by the act that ended its run), and asks the ledger
to record what each case's clocks crossed. Recording is exactly once per case, clock, step, level and
run however often it runs and however many watchers run at once (the aggregate refuses a repeat; a
concurrent write is retried on fresh state). After downtime the events carry the instant each threshold
was really crossed, not the time it was noticed.

Which cases ended since the last pass: those whose last event came after the case list's position at
that pass; on a process's first pass, those that ended in the ``LOOKBACK`` before now.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from application.cases.automatic import AutomaticActs
from application.meetings import Meetings
from application.projections.runner import ProjectionRunner
from application.reports.reader import ViewReader
from application.supervision.complaints import Complaints
from application.supervision.orders import SupervisionOrders
from domain.business_time import legal_day
from domain.case.alerts import WarningPolicy

log = logging.getLogger("caseledger.watcher")
LOOKBACK = timedelta(days=31)


class DeadlineWatcher:
    def __init__(
        self,
        acts: AutomaticActs,
        orders: SupervisionOrders,
        complaints: Complaints,
        meetings: Meetings,
        runner: ProjectionRunner,
        reader: ViewReader,
        policy: WarningPolicy | None = None,
    ) -> None:
        self.acts, self.orders, self.complaints, self.runner, self.reader = acts, orders, complaints, runner, reader
        self.meetings = meetings
        self.policy = policy or WarningPolicy()
        self.seen: int | None = None  # the case list's position at the last pass

    def run_once(self, now: datetime) -> int:
        """Record everything crossed by ``now``; return how many warnings, breaches, lapsed warnings, alarms
        not supervised in time (B001), overdue orders (B002), negative ratings taken up as complaints and
        late rectifications of complaints (C001) and coordination meetings' actions past their day were recorded."""
        self.runner.catch_up(["queue"])
        position = self.runner.store.status("queue").position
        ended = self.reader.ended_cases(after_position=self.seen, closed_since=(now - LOOKBACK).date())
        recorded = 0
        for case_no in (*self.reader.open_cases(), *ended):
            recorded += self.acts.record_due_alerts(case_no, at=now, policy=self.policy)
        self.seen = position
        today = legal_day(now)
        # What the warnings just recorded, the orders and the ratings ask for; then what the records ask.
        self.runner.catch_up(["supervision", "orders", "complaints"])
        for case_no in self.reader.lapsing_warnings(today):
            recorded += self.acts.lapse_warnings(case_no, at=now)
        for case_no, orders_opened in self.reader.unsupervised_alarms(today):
            recorded += self.acts.flag_unsupervised_alarms(case_no, orders_opened=orders_opened, at=now)
        for case_no in self.reader.ratings_not_taken_up():
            recorded += self.complaints.take_up_rating(case_no)
        self.runner.catch_up(["complaints"])
        for order_no in self.reader.orders_past_due(today):
            recorded += self.orders.flag_overdue(order_no, at=now)
        for complaint_no in self.reader.complaints_past_due(today):
            recorded += self.complaints.flag_late(complaint_no, at=now)
        self.runner.catch_up(["meetings"])
        for meeting_no in self.reader.meetings_past_due(today):
            recorded += self.meetings.flag_overdue(meeting_no, at=now)
        if recorded:
            log.info("recorded %d warnings, breaches and supervision facts", recorded)
        return recorded
