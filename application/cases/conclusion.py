"""Conclusion use cases: decide, deliver, withdraw, terminate, pledge verification, rating, warnings."""

from __future__ import annotations

from datetime import date, datetime

from application.cases.base import CaseCommandsBase
from application.dto import CommandResult
from domain.case.aggregate import Case
from domain.case.alerts import WarningPolicy, due_alerts
from domain.case.lapses import lapsed
from domain.case.values import DeliveryMethod, Outcome, WarningLevel
from domain.clocks import ClockName
from domain.organisation.actors import Actor, Channel

WATCHER = Actor.system("deadline watcher")


class CaseConclusion(CaseCommandsBase):
    def decide(
        self,
        case_no: str,
        *,
        outcome: Outcome,
        at: datetime,
        by: Actor,
        reasons: str = "",
        remedies: str = "",
        document_no: str = "",
        legal_basis: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.decide(
                outcome=outcome,
                at=at,
                by=by,
                calendar=self._calendar_at(at),
                reasons=reasons,
                remedies=remedies,
                document_no=document_no,
                legal_basis=legal_basis,
            ),
            expected_version,
        )

    def deliver(
        self, case_no: str, *, method: DeliveryMethod, at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self._act(case_no, by, lambda c: c.deliver(method=method, at=at, by=by), expected_version)

    def withdraw(
        self, case_no: str, *, reason: str, at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self._act(case_no, by, lambda c: c.withdraw(reason=reason, at=at, by=by), expected_version)

    def terminate(
        self, case_no: str, *, reason: str, at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self._act(case_no, by, lambda c: c.terminate(reason=reason, at=at, by=by), expected_version)

    def verify_pledge(
        self,
        case_no: str,
        *,
        truthful: bool,
        finding: str,
        at: datetime,
        by: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no, by, lambda c: c.verify_pledge(truthful=truthful, finding=finding, at=at, by=by), expected_version
        )

    def rate(
        self, case_no: str, *, stars: int, comment: str, at: datetime, by: Actor, channel: Channel = Channel.ONLINE
    ) -> CommandResult:
        return self._act(case_no, by, lambda c: c.rate(stars=stars, comment=comment, at=at, by=by, channel=channel))

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
        label = self._calendar_at(at).stamp(crossed_at.date(), crossed_at.date(), crossed_at.date()).calendar
        return self._act(
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
        label = self._calendar_at(at).stamp(due_on, due_on, due_on).calendar
        return self._act(
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
            calendar = self._calendar_at(at)
            acts = lapsed(case, at)  # the law's automatic acts first: a deemed acceptance starts KC and KS
            for lapse in acts:
                if lapse.co_department is None:
                    # accepted from receipt (Art. 32(4)): under the item's terms as they were received
                    case.deem_accepted(item=case.item, at=lapse.at, by=WATCHER, calendar=self._calendar_at(lapse.at))
                else:
                    case.deem_consent(co_department=lapse.co_department, at=lapse.at, by=WATCHER)
            alerts = due_alerts(case, at, calendar, policy)
            case.record_alerts(alerts, at=max(at, case.last_occurred_at), by=WATCHER, calendar=calendar)
            recorded = len(acts) + len(alerts)

        self._act(case_no, WATCHER, command)
        return recorded
