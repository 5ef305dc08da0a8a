"""A year of cases through their lifecycles, driven through the ``Case`` aggregate's own commands.

Every act goes through the same rules as a clerk's command; only the committing is batched (many
cases per transaction), which is how an import of a year's paper records would be written too.
Cases still open at ``until`` stop where they stand, so queues and clocks have work in them.
"""

from __future__ import annotations

import heapq
import itertools
import random
import zlib
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import date, datetime, time, timedelta

from domain.business_time import SHANGHAI, legal_day
from domain.calendar.working_days import WorkingDays
from domain.case.aggregate import Case
from domain.case.alerts import WarningPolicy, due_alerts
from domain.case.identity import resident_check
from domain.case.values import Applicant, DeliveryMethod, OpinionKind, Outcome
from domain.catalogue.terms import ItemKind, ItemTerms, Procedure
from domain.clocks import ClockName
from domain.organisation.actors import Actor, Authority, Channel, Role
from infrastructure.demo.centre import CENTRE, GOVERNMENT, DemoCentre
from infrastructure.demo.departments import GIVEN, SURNAMES

UPPER_LEVEL = Actor("city-centre", "市政务服务中心", Role.SYSTEM, "CITY")
WATCHER = Actor.system("deadline watcher")
LEGAL_BASIS = "《中华人民共和国行政许可法》第三十八条"


def resident_id(n: int) -> str:
    """A resident identity card number (GB 11643) made from ``n``: a birth date from 1950 to 2016, a
    sequence number and its check digit."""
    born = date(1950, 1, 1) + timedelta(days=n % 24_000)
    first17 = f"510122{born:%Y%m%d}{n // 24_000 % 1000:03d}"
    return first17 + resident_check(first17)


class CutOff(Exception):
    """The simulated case reached the present: it stays open where it stands."""


class CaseRun:
    """One case's timeline: a cursor in business time, and opinions due at later instants."""

    def __init__(self, sim: Simulator, case: Case, until: datetime) -> None:
        self.sim, self.case, self.until = sim, case, until
        self.now = case.received_at
        self.pending: list[tuple[datetime, int, Callable[[datetime], None]]] = []
        self.order = itertools.count()  # ties in time run in the order scheduled (never compare the acts)

    def later(self, working_days: float, *, same_day_minutes: int = 30) -> datetime:
        """An instant ``working_days`` after now, in office hours (09:00-17:30)."""
        rng = self.sim.rng
        whole = max(0, round(working_days))
        if whole == 0:
            at = self.now + timedelta(minutes=rng.randint(5, same_day_minutes))
        else:
            day = self.sim.calendar.add(legal_day(self.now), whole).on
            at = datetime.combine(day, time(9), tzinfo=SHANGHAI) + timedelta(minutes=rng.randint(0, 510))
        return self.at(at)

    def at(self, instant: datetime) -> datetime:
        self.flush(instant)
        if instant > self.until:
            self.watch(self.until)
            raise CutOff
        self.watch(instant)
        self.now = max(self.now, instant)
        return self.now

    def watch(self, instant: datetime) -> None:
        """What the deadline watcher records before ``instant``: each crossed threshold, at its crossing."""
        calendar = self.sim.calendar
        alerts = due_alerts(self.case, instant, calendar, self.sim.policy)
        self.case.record_alerts(alerts, at=None, by=WATCHER, calendar=calendar)

    def schedule(self, instant: datetime, action: Callable[[datetime], None]) -> None:
        heapq.heappush(self.pending, (instant, next(self.order), action))

    def flush(self, before: datetime | None = None) -> None:
        """Run the scheduled acts due before ``before`` (all of them if None), in time order."""
        while self.pending and (before is None or self.pending[0][0] <= before):
            instant, _, action = heapq.heappop(self.pending)
            if instant > self.until:
                raise CutOff
            self.now = max(self.now, instant)
            action(self.now)


class Simulator:
    def __init__(
        self,
        centre: DemoCentre,
        calendar: WorkingDays,
        seed: int,
        until: datetime,
        received_until: datetime | None = None,
        received_days: int = 365,
    ) -> None:
        """Cases received in the ``received_days`` (a year) before ``received_until`` (default ``until``),
        each run through its lifecycle as far as ``until``: a past year given months more ends with its
        cases concluded."""
        self.centre, self.calendar, self.until = centre, calendar, until
        self.received_until, self.received_days = received_until or until, received_days
        self.rng = random.Random(seed)
        self.policy = WarningPolicy()
        self.weights = [self._weight(item) for item in centre.items]
        self.joint_reviews = 0  # cases whose steps were signed jointly (green channel)

    @staticmethod
    def _weight(item: ItemTerms) -> float:
        # Immediate and everyday registrations are filed far more often than joint approvals.
        return {ItemKind.IMMEDIATE: 2.5, ItemKind.COMMITMENT: 2.0, ItemKind.REPORT_UP: 0.8, ItemKind.JOINT: 0.8}[
            item.kind
        ]

    def person(self, department: str, role: Role) -> Actor:
        return self.rng.choice(self.centre.people(department, role))

    def cases(self, count: int, case_no_prefix: str = "") -> Iterator[Case]:
        start = self.received_until - timedelta(days=self.received_days)
        for n in range(count):
            received = start + timedelta(seconds=self.rng.randint(0, self.received_days * 86400 - 1))
            received = self._office_hours(received)
            yield self.run(n, received, case_no_prefix)

    def _office_hours(self, instant: datetime) -> datetime:
        local = instant.astimezone(SHANGHAI)
        day = legal_day(local)
        if not self.calendar.is_working_day(day) and self.rng.random() < 0.9:
            day = self.calendar.day_zero(day)  # most people come on working days
        return datetime.combine(day, time(9), tzinfo=SHANGHAI) + timedelta(minutes=self.rng.randint(0, 480))

    def run(
        self, n: int, received: datetime, prefix: str, item: ItemTerms | None = None, green_channel: str | None = None
    ) -> Case:
        """Case ``n`` received at ``received``, of ``item`` (or one drawn from the catalogue's weights), taken
        through its life to the simulator's end; a permit of a green-channel project (``green_channel``: its
        number) enters the channel on receipt and has its steps signed jointly."""
        rng = self.rng
        item = item or rng.choices(self.centre.items, weights=self.weights)[0]
        channel = rng.choices((Channel.WINDOW, Channel.ONLINE, Channel.VILLAGE_STATION, Channel.AGENT), (70, 15, 8, 7))[
            0
        ]
        window = self.person(item.department, Role.WINDOW_CLERK)
        receiver = {
            Channel.WINDOW: window,
            Channel.ONLINE: window,
            Channel.VILLAGE_STATION: rng.choice(self.centre.stations),
            Channel.AGENT: self.person(CENTRE, Role.AGENT),
        }[channel]
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        applicant = Applicant(
            f"P{n:07d}{prefix}",
            name,
            resident_id(rng.randint(10**13, 10**14 - 1)),
            f"139{rng.randint(10**7, 10**8 - 1)}",
        )
        rng.randint(0, 999999)  # once the receipt's query code: still drawn, so a seed gives the same year as before
        case = Case.receive(
            case_no=f"{item.department}-{legal_day(received):%Y%m%d}-{prefix}{n:06d}",
            query_code="",  # derived from the case number when asked, never stored
            applicant=applicant,
            item=item,
            at=received,
            by=receiver,
            channel=channel,
            calendar=self.calendar,
            materials=item.materials,
        )
        if green_channel is not None:
            case.enter_green_channel(project_no=green_channel, at=received, by=receiver)
        run = CaseRun(self, case, self.until)
        with suppress(CutOff):
            self._lifecycle(run, item, window)
        return case

    def _take(self, run: CaseRun, person: Actor, wait: float = 0.0) -> None:
        """Two-phase hand-off from the holder to ``person`` (nothing if they already hold it)."""
        case = run.case
        if case.holder.person_id == person.person_id:
            return
        case.hand_off(to=person, at=run.later(0), by=case.holder)
        case.receive_hand_off(at=run.later(wait), by=person)

    def _lifecycle(self, run: CaseRun, item: ItemTerms, window: Actor) -> None:
        rng, case, cal = self.rng, run.case, self.calendar
        self._take(run, window, wait=rng.choice((0, 0, 1)))
        roll = rng.random()
        if roll < 0.02:
            case.reject_at_intake(
                reasons="不属于本机关职权范围",
                remedies="请向市级主管部门申请",
                notice_no="不予受理-1",
                at=run.later(0),
                by=window,
            )
            self._rate(run)
            return
        if roll < 0.12:
            case.request_supplement(
                missing=("补充材料",), notice_no="补正-1", at=run.later(rng.choice((0, 1, 2))), by=window
            )
            if rng.random() < 0.05:
                case.withdraw(reason="申请人未补正", at=run.later(20), by=window)
                return
            case.provide_supplement(materials=("补充材料",), at=run.later(rng.randint(1, 6)), by=window)
        elif roll < 0.125:
            case.deem_accepted(
                item=item, at=run.at(self._after(case.clocks[ClockName.K0].due.on)), by=WATCHER, calendar=cal
            )
        if item.kind is ItemKind.IMMEDIATE and not case.accepted:
            refused = rng.random() < 0.03
            case.decide_on_spot(
                outcome=Outcome.REFUSED if refused else Outcome.GRANTED,
                at=run.later(0),
                by=window,
                calendar=cal,
                reasons="不符合法定条件" if refused else "",
                remedies="可依法申请行政复议或提起行政诉讼" if refused else "",
                document_no=_document_no(case.case_no, "即办"),
            )
            case.deliver(method=DeliveryMethod.WINDOW, at=run.later(0), by=window)
            self._rate(run)
            return
        if not case.accepted:
            case.accept(item=item, notice_no="受理-1", at=run.later(rng.choice((0, 0, 1))), by=window, calendar=cal)
        if rng.random() < 0.01:
            case.withdraw(reason="申请人撤回申请", at=run.later(rng.randint(1, 4)), by=case.holder)
            return
        self._schedule_opinions(run, item)
        self._steps(run, item)
        self._conclude(run, item, window)

    @staticmethod
    def _after(day: date) -> datetime:
        """Just after the end of a due day: when a watcher would record what the lapse implies."""
        return datetime.combine(day + timedelta(days=1), time(0, 5), tzinfo=SHANGHAI)

    def _schedule_opinions(self, run: CaseRun, item: ItemTerms) -> None:
        for dept in item.co_departments:
            delay = self.rng.randint(1, 9)
            if delay <= 7:
                opinion = OpinionKind.DISAGREE if self.rng.random() < 0.05 else OpinionKind.AGREE
                at = run.case.clocks[ClockName.CO].started_on
                instant = datetime.combine(self.calendar.add(at, delay).on, time(10), tzinfo=SHANGHAI)
                run.schedule(instant, self._opinion(run, dept, opinion))
            else:
                run.schedule(self._after(run.case.clocks[ClockName.CO].due.on), self._deemed(run, dept))

    def _opinion(self, run: CaseRun, dept: str, opinion: OpinionKind) -> Callable[[datetime], None]:
        officer = self.person(dept, Role.REVIEWER)
        reasons = "不符合本部门规划要求" if opinion is OpinionKind.DISAGREE else ""
        return lambda at: run.case.give_opinion(co_department=dept, opinion=opinion, reasons=reasons, at=at, by=officer)

    def _deemed(self, run: CaseRun, dept: str) -> Callable[[datetime], None]:
        def deem(at: datetime) -> None:
            due = run.case.clocks[ClockName.CO].due.on  # a pause since acceptance may have moved it
            if legal_day(at) <= due:
                run.schedule(self._after(due), deem)
            elif dept not in run.case.opinions:
                run.case.deem_consent(co_department=dept, at=at, by=WATCHER)

        return deem

    def _steps(self, run: CaseRun, item: ItemTerms) -> None:
        rng, case, cal = self.rng, run.case, self.calendar
        returned = False
        while (step := case.current_step) is not None:
            role = step.role
            signer = self.person(item.department, role)
            self._take(run, signer, wait=rng.choice((0, 0, 1)))
            if case.green_channel is not None and len(item.steps) - case.step_index >= 2:
                self._joint_review(run, item)
                return
            if case.step_index == 0 and rng.random() < 0.03:
                case.start_special_procedure(
                    procedure=rng.choice(("expert_review", "inspection", "hearing", "appraisal")),
                    legal_basis="行政许可法第四十五条",
                    notice_no="特别程序告知-1",
                    expected_days=10,
                    at=run.later(1),
                    by=signer,
                )
                case.end_special_procedure(result="已完成", at=run.later(rng.randint(3, 15)), by=signer, calendar=cal)
            if case.step_index == 0 and rng.random() < 0.02:
                case.request_post_acceptance_supplement(
                    missing=("补充说明",), legal_basis="", notice_no="补办-1", at=run.later(1), by=signer
                )
                case.provide_post_acceptance_supplement(
                    materials=("补充说明",), at=run.later(rng.randint(1, 5)), by=signer, calendar=cal
                )
            if rng.random() < 0.01 and not case.extension_granted:
                self._extend(run, item)
            budget = step.budget.value
            used = budget * rng.lognormvariate(-0.7, 0.45)  # mostly well inside the budget, a tail over it
            if role is Role.REVIEWER and not returned and rng.random() < 0.05:
                case.return_step(reason="材料审查意见不明确", at=run.later(used / 2), by=signer, calendar=cal)
                returned = True
                continue
            case.complete_step(
                opinion="同意" if role is not Role.APPROVER else "准予许可", at=run.later(used), by=signer, calendar=cal
            )

    def _joint_review(self, run: CaseRun, item: ItemTerms) -> None:
        """提前介入指导 and 并联审查: the holder guides the applicant, joins the remaining steps, and their signers
        sign them in any order, together well inside the longest budget."""
        case, rng = run.case, self.rng
        case.give_guidance(guidance="现场核查前请备齐相关检测报告和图纸", at=run.later(0), by=case.holder)
        case.join_steps(at=run.later(0), by=case.holder, calendar=self.calendar)
        self.joint_reviews += 1
        order = list(case.joined)
        rng.shuffle(order)
        budget = case.clocks[ClockName.STEP].limit.value
        for index in order:
            step = item.steps[index]
            case.sign_joined_step(
                step_index=index,
                opinion="同意" if step.role is not Role.APPROVER else "准予许可",
                at=run.later(budget * rng.uniform(0.1, 0.5) / len(order)),
                by=self.person(item.department, step.role),
            )

    def _extend(self, run: CaseRun, item: ItemTerms) -> None:
        joint = item.is_joint
        head = (
            self.person(GOVERNMENT, Role.GOVERNMENT_HEAD) if joint else self.person(item.department, Role.AGENCY_HEAD)
        )
        at = run.later(0)
        if legal_day(at) > run.case.clocks[ClockName.KS].due.on:
            return  # too late to extend (Art. 42): the case runs on past its limit
        run.case.approve_extension(
            days=15 if joint else 10,
            reason="需要进一步核实",
            notice_no="延期告知-1",
            at=at,
            by=head,
            calendar=self.calendar,
        )

    def _conclude(self, run: CaseRun, item: ItemTerms, window: Actor) -> None:
        rng, case, cal = self.rng, run.case, self.calendar
        run.flush()
        refused = rng.random() < 0.04
        outcome = Outcome.REFUSED if refused else Outcome.GRANTED
        reasons = "不符合法定条件" if refused else ""
        remedies = "可依法申请行政复议或提起行政诉讼" if refused else ""
        if item.kind is ItemKind.REPORT_UP:
            case.forward_up(
                upper_level="市政务服务中心", opinion="同意上报", at=run.later(rng.choice((0, 1))), by=case.holder
            )
            case.record_upper_level_decision(
                outcome=outcome,
                document_no="市批-1",
                at=run.later(rng.randint(5, 15)),
                by=UPPER_LEVEL,
                calendar=cal,
                reasons=reasons,
            )
        else:
            if not case.holder.may(Authority.DECIDE):
                self._take(run, self.person(item.department, Role.WINDOW_CHIEF_REPRESENTATIVE))
            case.decide(
                outcome=outcome,
                at=run.later(0),
                by=case.holder,
                calendar=cal,
                reasons=reasons,
                remedies=remedies,
                document_no=_document_no(case.case_no, "决定"),
                legal_basis=LEGAL_BASIS,
            )
        self._take(run, window, wait=rng.choice((0, 1)))
        case.deliver(method=rng.choice(list(DeliveryMethod)), at=run.later(rng.choice((0, 1, 2, 3))), by=window)
        self._rate(run)
        if item.procedure is Procedure.NOTIFICATION_COMMITMENT and outcome is Outcome.GRANTED and rng.random() < 0.4:
            truthful = rng.random() > 0.03
            case.verify_pledge(
                truthful=truthful,
                finding="现场核查" + ("属实" if truthful else "承诺不实"),
                at=run.later(rng.randint(10, 40)),
                by=self.person(item.department, Role.HANDLER),
            )

    def _rate(self, run: CaseRun) -> None:
        if self.rng.random() < 0.85:
            # The centre reported over 99 % satisfied (4 or 5 stars); a few negative ratings still come.
            stars = self.rng.choices((5, 4, 3, 2, 1), (92, 7.2, 0.4, 0.25, 0.15))[0]
            run.case.rate(
                stars=stars,
                comment="",
                at=run.later(0, same_day_minutes=120),
                by=Actor.applicant(run.case.applicant.subject_id),
                channel=Channel.ONLINE,
            )


def _document_no(case_no: str, kind: str) -> str:
    """The decision's document number (文号); about one case in fifty is decided without one, as a file
    review finds in practice (chosen by the case number, so the year's random draws stay as they were)."""
    if zlib.crc32(case_no.encode()) % 50 == 0:
        return ""
    parts = case_no.split("-")
    year = parts[1][:4] if len(parts) > 1 else ""
    return f"{kind}〔{year}〕{case_no[-6:]}号"
