"""The law's automatic acts (deemed acceptance, deemed consent) and the deadline watcher's facts (warnings and
breaches), recorded on a case as the periods lapse and the clocks cross their thresholds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from application.cases.store import CaseStore
from application.catalogue import Catalogue
from application.dto import CommandResult
from domain.case.aggregate import Case
from domain.case.alerts import WarningPolicy, due_alerts
from domain.case.lapses import lapsed
from domain.case.values import WarningLevel
from domain.clocks import ClockName
from domain.organisation.actors import Actor

WATCHER = Actor.system("deadline watcher")


class AutomaticActs:
    def __init__(self, cases: CaseStore, catalogue: Catalogue) -> None:
        self.cases, self.catalogue = cases, catalogue

    def deem_accepted(self, case_no: str, *, at: datetime, by: Actor) -> CommandResult:
        return self.cases.act(
            case_no,
            by,
            lambda c: c.deem_accepted(
                item=self.catalogue.item_terms(c.item.code), at=at, by=by, calendar=self.cases.calendar_at(at)
            ),
        )

    def deem_consent(self, case_no: str, *, co_department: str, at: datetime, by: Actor) -> CommandResult:
        return self.cases.act(case_no, by, lambda c: c.deem_consent(co_department=co_department, at=at, by=by))

    def raise_warning(
        self,
        case_no: str,
        *,
        clock: ClockName,
        level: WarningLevel,
        step_index: int | None,
        crossed_at: datetime,
        rule_id: str,
        at: datetime,
        by: Actor,
    ) -> CommandResult:
        label = self.cases.calendar_at(at).stamp(crossed_at.date(), crossed_at.date(), crossed_at.date()).calendar
        return self.cases.act(
            case_no,
            by,
            lambda c: c.raise_warning(
                clock=clock,
                level=level,
                step_index=step_index,
                crossed_at=crossed_at,
                rule_id=rule_id,
                at=at,
                by=by,
                calendar_label=label,
            ),
        )

    def record_breach(
        self,
        case_no: str,
        *,
        clock: ClockName,
        level: WarningLevel,
        step_index: int | None,
        due_on: date,
        crossed_at: datetime,
        rule_id: str,
        at: datetime,
        by: Actor,
    ) -> CommandResult:
        label = self.cases.calendar_at(at).stamp(due_on, due_on, due_on).calendar
        return self.cases.act(
            case_no,
            by,
            lambda c: c.record_breach(
                clock=clock,
                level=level,
                step_index=step_index,
                due_on=due_on,
                crossed_at=crossed_at,
                rule_id=rule_id,
                at=at,
                by=by,
                calendar_label=label,
            ),
        )

    def record_due_alerts(self, case_no: str, *, at: datetime, policy: WarningPolicy) -> int:
        """Record the law's automatic acts whose period lapsed by ``at`` (deemed acceptance, deemed consent),
        then every warning and breach the case's clocks crossed by then (the deadline watcher).

        Exactly once per case, clock, step and level: the aggregate refuses a repeat, and a concurrent
        watcher's write makes this one re-read the case and find nothing left to record.
        """
        recorded = 0

        def command(case: Case) -> None:
            nonlocal recorded
            calendar = self.cases.calendar_at(at)
            acts = lapsed(case, at)  # the law's automatic acts first: a deemed acceptance starts KC and KS
            for lapse in acts:
                if lapse.co_department is None:
                    # accepted from receipt (Art. 32(4)): under the item's terms as they were received
                    case.deem_accepted(
                        item=case.item, at=lapse.at, by=WATCHER, calendar=self.cases.calendar_at(lapse.at)
                    )
                else:
                    case.deem_consent(co_department=lapse.co_department, at=lapse.at, by=WATCHER)
            alerts = due_alerts(case, at, calendar, policy)
            case.record_alerts(alerts, at=max(at, case.last_occurred_at), by=WATCHER, calendar=calendar)
            recorded = len(acts) + len(alerts)

        self.cases.act(case_no, WATCHER, command)
        return recorded

    def flag_unsupervised_alarms(self, case_no: str, *, orders_opened: tuple[datetime, ...], at: datetime) -> int:
        """B001, by the watcher: the case's alarms no supervision order took up in time (``orders_opened``:
        when the orders on the case were opened); how many were flagged."""
        return self._watch(
            case_no,
            lambda case: case.flag_unsupervised_alarms(
                orders_opened=orders_opened, at=at, by=WATCHER, calendar=self.cases.calendar_at(at)
            ),
        )

    def lapse_warnings(self, case_no: str, *, at: datetime) -> int:
        """By the watcher: the case's prompts and yellow warnings no one acted on clear after their working
        days; how many lapsed."""
        return self._watch(
            case_no, lambda case: case.lapse_warnings(at=at, by=WATCHER, calendar=self.cases.calendar_at(at))
        )

    def _watch(self, case_no: str, fact: Callable[[Case], int]) -> int:
        recorded = 0

        def command(case: Case) -> None:
            nonlocal recorded
            recorded = fact(case)

        self.cases.act(case_no, WATCHER, command)
        return recorded
