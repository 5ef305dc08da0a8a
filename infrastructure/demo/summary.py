"""What a simulated year came to: cases by outcome, on-time rate, extensions, pauses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from domain.business_time import legal_day
from domain.calendar.working_days import WorkingDays
from domain.case.aggregate import Case
from domain.case.values import CaseStatus
from domain.clocks import ClockName
from domain.quality import kpis


@dataclass
class DemoSummary:
    cases: int = 0
    events: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    concluded: int = 0
    on_time: int = 0
    early: int = 0
    statutory_breaches: int = 0
    extensions: int = 0
    pauses: int = 0
    deemed_acceptances: int = 0
    supplement_notices: int = 0
    returns: int = 0
    ratings: Counter[int] = field(default_factory=Counter)
    clocked: int = 0
    used_days: int = 0
    committed_days: int = 0

    def add(self, case: Case, calendar: WorkingDays) -> None:
        self.cases += 1
        self.events += case.version
        self.by_status[case.status.value] += 1
        self.by_kind[case.item.kind.value] += 1
        self.extensions += case.extension_granted
        self.deemed_acceptances += case.deemed_accepted
        self.supplement_notices += case.supplement_notices
        self.returns += case.returns
        kc = case.clocks.get(ClockName.KC)
        if kc is not None:
            self.pauses += len(kc.pauses)
        if case.rating is not None:
            self.ratings[case.rating] += 1
        # The county's part ends at the decision, or for a report-up case at forwarding (Art. 43), where its
        # committed clock stopped: as the KPI view concludes it.
        forwarded = case.status is CaseStatus.FORWARDED_UP
        if (case.decided_at is None and not forwarded) or kc is None:
            if case.decided_at is not None:  # decided on the spot: on time by definition, never early (kpis)
                self.concluded += 1
                self.on_time += 1
            return
        day = kc.stopped_on or legal_day(case.decided_at or case.last_occurred_at)
        used = kc.elapsed(day, calendar)
        due = kc.compute_due(calendar).on
        self.concluded += 1
        self.on_time += kpis.on_time(day, due)
        self.early += kpis.early(day, due)
        self.clocked += 1
        self.used_days += used
        self.committed_days += kc.total_limit
        ks = case.clocks[ClockName.KS]
        self.statutory_breaches += ks.elapsed(day, calendar) > ks.total_limit

    def rate(self, part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}%" if whole else "-"
