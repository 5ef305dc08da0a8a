"""The demo year's working modes, after its cases and its supervision: the centre's guides published and
its staff's contacts recorded; the agents' mandates for the enterprises they filed for; three investment
projects planned as graphs of permits, each permit linked to a case of its item, and the coordination
meetings that followed them, with actions done, done late or still open; online pre-reviews in the last
weeks (some counted as receipts), answered, resubmitted and filed; appointments booked, kept and missed.
Every act goes through the ledger's services, dated within the year.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from application.reports.reader import ViewReader
from domain.agency.mandate import MandateTerms
from domain.business_time import SHANGHAI, legal_day
from domain.case.values import Applicant
from domain.catalogue.guide import Guide
from domain.catalogue.terms import ItemKind, ItemTerms
from domain.errors import DomainError
from domain.organisation.actors import Actor, Channel, Role
from domain.organisation.directory import Contact
from domain.prereview.consultation import ConsultationKind
from domain.prereview.prereview import PreReviewSetting
from domain.projects.meeting import MeetingAction
from domain.projects.plan import Milestone, PlannedPermit
from infrastructure.demo.centre import CENTRE, DemoCentre
from infrastructure.demo.departments import DEPARTMENTS
from infrastructure.demo.simulation import Simulator, resident_id

ADMIN = Actor("CENTRE-AD1", "系统管理员", Role.ADMINISTRATOR, CENTRE)
ONLINE_HALL = Actor("online-hall", "网上办事大厅", Role.SYSTEM, None)
# A project's permits: the plan's key, the item's stem, the permits it needs (law) and follows (custom),
# which ends or starts the clock (service-modes.md 1.1).
PERMITS = (
    ("approval", "企业投资项目核准", (), (), Milestone.START),
    ("land-use", "建设用地规划许可", ("approval",), (), None),
    ("eia", "建设项目环境影响评价审批", ("approval",), (), None),
    ("soil", "生产建设项目水土保持方案审批", ("approval",), ("land-use",), None),
    ("construction", "建筑工程施工许可", ("land-use", "eia"), ("soil",), Milestone.END),
)
PROJECTS = (
    ("航空港物流园二期", "成都某物流有限公司", "西航港经济开发区", 32000, True, True, 40),
    ("电子信息产业园标准厂房", "四川某电子科技有限公司", "双流经济开发区", 18000, True, False, 45),
    ("农产品冷链仓储中心", "双流某农业发展有限公司", "东升街道", 6000, False, False, 50),
)


@dataclass
class WorkingModesSummary:
    guides: int = 0
    contacts: int = 0
    mandates: int = 0
    agents: int = 0
    projects: list[str] = field(default_factory=list)
    permits: int = 0
    linked: int = 0
    green_channel_cases: int = 0  # permits of green-channel projects (entered the channel)
    joint_reviews: int = 0  # of them, those whose steps were joined (并联审查)
    meetings: int = 0
    actions: Counter[str] = field(default_factory=Counter)  # done, done late, open
    pre_reviews: Counter[str] = field(default_factory=Counter)
    appointments: Counter[str] = field(default_factory=Counter)
    consultations: Counter[str] = field(default_factory=Counter)


class WorkingModesYear:
    def __init__(self, ledger: CaseLedger, reader: ViewReader, centre: DemoCentre, seed: int, until: datetime) -> None:
        self.ledger, self.reader, self.centre = ledger, reader, centre
        self.rng, self.until = random.Random(seed * 7919), until
        self.year_start = datetime(until.year, 1, 2, 9, tzinfo=SHANGHAI)
        self.summary = WorkingModesSummary()

    def run(self) -> WorkingModesSummary:
        self._guides_and_contacts()
        self._mandates()
        self._projects()
        self._pre_reviews()
        self._appointments()
        self._consultations()
        return self.summary

    # -- the catalogue's guides, the staff's contacts ---------------------------------------------------------

    def _guides_and_contacts(self) -> None:
        names = {code: name for code, name, *_ in DEPARTMENTS}
        for terms in self.centre.items:
            guide = Guide(
                conditions=(f"申请人符合{terms.name}的法定条件", "申请材料齐全、符合法定形式"),
                place=f"政务服务中心{names.get(terms.department, terms.department)}窗口",
                phone="028-85800000",
                result=f"{terms.name}决定书",
                visits=0 if terms.kind is ItemKind.IMMEDIATE else 1,
            )
            self.ledger.publication.publish_guide(terms.code, guide, at=self.year_start, by=ADMIN)
            self.summary.guides += 1
        for (_, role), people in self.centre.staff.items():
            if role is Role.VILLAGE_STATION_CLERK:
                continue
            for person in people:
                digits = int(hashlib.sha256(person.person_id.encode()).hexdigest(), 16) % 10**8
                email = f"{person.person_id.lower()}@gov.example.cn"
                self.ledger.people.set_contact(person.person_id, Contact(f"139{digits:08d}", email))
                self.summary.contacts += 1

    # -- the agents' mandates -------------------------------------------------------------------------------------

    def _mandates(self) -> None:
        cases = self.reader.agency_cases(ReportFilters())
        pairs = sorted({(row["agent_id"], row["subject_id"]) for row in cases})
        for agent_id, subject_id in pairs:
            terms = MandateTerms(
                applicant_name=f"委托人 {subject_id}",
                items=(),
                valid_from=self.year_start.date(),
                valid_until=date(self.until.year, 12, 31),
                letter=f"授权委托书〔{self.until.year}〕{subject_id[-4:]}号",
            )
            agent = self.ledger.people.actor(agent_id)
            self.ledger.mandates.sign(
                agent_id=agent_id, subject_id=subject_id, terms=terms, at=self.year_start, by=agent
            )
            self.summary.mandates += 1
        self.summary.agents = len({agent for agent, _ in pairs})

    # -- investment projects and their meetings ------------------------------------------------------------------

    def _item(self, stem: str) -> ItemTerms | None:
        """The item applied for under ``stem``: a commitment item if the catalogue has one, else any."""
        named = [t for t in self.centre.items if t.name.startswith(stem)]
        return next((t for t in named if t.kind is not ItemKind.IMMEDIATE), named[0] if named else None)

    def _projects(self) -> None:
        """Each project's permits are applied for one after another, each once the ones it needs are decided
        (the next working day), and taken through their lives by the simulator like every other case."""
        agent = self.ledger.people.actor(f"{CENTRE}-AG1")
        calendar = self.ledger.calendars.working_days(self.until.year)
        simulator = Simulator(self.centre, calendar, seed=self.rng.randrange(10**6), until=self.until)
        for n, (name, investor, zone, scale, major, green, committed) in enumerate(PROJECTS):
            registered = self._working_time(self.year_start + timedelta(days=20 + 60 * n))
            number = f"{self.until.year}-510116-{n + 4:02d}-01-{n + 123:06d}"
            self.ledger.projects.register(
                project_no=number,
                name=name,
                investor_id=f"91510100MA6C8XY{n}1E",
                investor_name=investor,
                site=zone,
                scale_wan_yuan=scale,
                committed_wd=committed,
                at=registered,
                by=agent,
                industrial_zone=zone,
                major=major,
                green_channel=green,
            )
            self.summary.projects.append(number)
            decided: dict[str, datetime] = {}
            planned: set[str] = set()
            for key, stem, law, usage, milestone in PERMITS:
                item = self._item(stem)
                if item is None:
                    continue
                limits = (item.committed_limit.value, item.statutory_limit.value)
                needs, custom = tuple(k for k in law if k in planned), tuple(k for k in usage if k in planned)
                permit = PlannedPermit(key, item.code, item.department, needs, custom, *limits, milestone)
                self.ledger.projects.plan_permit(number, permit, at=registered + timedelta(hours=1), by=agent)
                planned.add(key)
                self.summary.permits += 1
                before = [decided[k] for k in permit.needs(green) if k in decided]
                applied = self._working_time(max(before, default=registered) + timedelta(days=1))
                if applied >= self.until:
                    continue
                for _ in range(3):  # a case withdrawn, terminated or not accepted is applied for again
                    case = simulator.run(self.summary.linked, applied, f"XM{n}-", item, number if green else None)
                    self.ledger.cases.import_cases([case])
                    link_at = applied + timedelta(hours=1)
                    self.ledger.projects.link_case(number, key, case.case_no, at=link_at, by=agent)
                    self.summary.linked += 1
                    self.summary.green_channel_cases += case.green_channel is not None
                    applied = self._working_time(case.last_act_at + timedelta(days=3))
                    if case.decided_at is not None or not case.status.ended_undecided or applied >= self.until:
                        break
                decided[key] = case.decided_at or self.until
            self._meeting(number, n, registered, agent)
        self.summary.joint_reviews = simulator.joint_reviews

    def _meeting(self, project_no: str, n: int, registered: datetime, agent: Actor) -> None:
        held = registered + timedelta(days=14)
        if held >= self.until:
            return
        departments = ("FGJ", "ZRZYJ", "SHJJ")
        actions = tuple(
            MeetingAction(str(i + 1), text, dept, (held + timedelta(days=7 * (i + 1))).date())
            for i, (text, dept) in enumerate(
                (("出具项目核准意见", "FGJ"), ("完成用地规划条件核实", "ZRZYJ"), ("开展环评技术审查", "SHJJ"))
            )
        )
        meeting_no = f"XTH-{held:%Y%m%d}"
        self.ledger.meetings.hold(
            meeting_no=meeting_no,
            chair="常务副县长",
            attendees=departments,
            projects=(project_no,),
            decisions=(f"{project_no} 列入重点项目并联审批",),
            actions=actions,
            at=held,
            by=agent,
        )
        self.summary.meetings += 1
        for action in actions:
            roll = self.rng.random()
            head = self.ledger.people.actor(f"{action.owner_department}-AH1")
            done_at = datetime.combine(action.due_on, time(16), tzinfo=SHANGHAI)
            if roll < 0.6:
                state = "done"
            elif roll < 0.85:
                state, done_at = "done late", done_at + timedelta(days=5)
            else:
                state = "open"
            if state != "open" and done_at < self.until:
                self.ledger.meetings.complete(
                    meeting_no, action.action_id, evidence="已办结，见回复函", at=done_at, by=head
                )
                self.summary.actions[state] += 1
            else:
                self.summary.actions["open"] += 1

    # -- online pre-review and appointments in the last weeks -----------------------------------------------------

    def _pre_reviews(self) -> None:
        commitment = [t for t in self.centre.items if t.kind is ItemKind.COMMITMENT]
        for terms in commitment[:5]:
            counted = PreReviewSetting(answer_days=3, counts_as_receipt=True)
            self.ledger.pre_reviews.set_setting(terms.code, counted, at=self.year_start, by=ADMIN)
        start = self.until - timedelta(days=14)
        for n in range(max(6, len(self.centre.items) // 10)):
            terms = self.rng.choice(commitment[:40])
            at = self._working_time(start + timedelta(hours=self.rng.randrange(0, 10 * 24)))
            if at >= self.until:
                continue
            channel, by = self.rng.choice(
                ((Channel.ONLINE, ONLINE_HALL), (Channel.VILLAGE_STATION, self.rng.choice(self.centre.stations)))
            )
            name = "王" + "芳丽华明"[n % 4]
            applicant = Applicant(f"PR{n:05d}", name, resident_id(self.rng.randint(10**13, 10**14 - 1)), f"137{n:08d}")
            try:
                self._pre_review(terms, applicant, channel, by, at)
            except DomainError:  # a day the calendar or the rules refuse: the demo moves on
                self.summary.pre_reviews["refused"] += 1

    def _pre_review(self, terms: ItemTerms, applicant: Applicant, channel: Channel, by: Actor, at: datetime) -> None:
        pre_reviews = self.ledger.pre_reviews
        number = pre_reviews.submit(
            item_code=terms.code,
            applicant=applicant,
            materials=terms.materials[:1] or ("申请书",),
            channel=channel,
            at=at,
            by=by,
        )
        self.summary.pre_reviews["submitted"] += 1
        clerk = self.centre.people(terms.department, Role.WINDOW_CLERK)[0]
        answered = self._at_the_window(at + timedelta(hours=self.rng.randrange(2, 30)))
        if answered >= self.until:
            return
        missing = terms.materials[1:2]
        pre_reviews.answer(number, missing=missing, note="", notice_no=f"预审补正-{number[-5:]}", at=answered, by=clerk)
        if missing:
            resubmitted = answered + timedelta(hours=self.rng.randrange(4, 48))
            if resubmitted >= self.until or self.rng.random() < 0.2:
                self.summary.pre_reviews["awaiting supplement"] += 1
                return
            pre_reviews.resubmit(number, materials=missing, at=resubmitted, by=by)
            answered = self._at_the_window(resubmitted + timedelta(hours=2))
            if answered >= self.until:
                return
            pre_reviews.answer(number, missing=(), note="材料齐全", notice_no="", at=answered, by=clerk)
        filed = self._at_the_window(answered + timedelta(hours=1))
        if filed < self.until and self.rng.random() < 0.8:
            pre_reviews.file(number, at=filed, by=clerk)
            self.summary.pre_reviews["filed"] += 1

    def _appointments(self) -> None:
        booked_at = self._working_time(self.until - timedelta(days=4))
        calendar = self.ledger.calendars.working_days(booked_at.year)
        day = calendar.add(legal_day(booked_at), 1).on
        for n in range(12):
            terms = self.rng.choice(self.centre.items)
            department = terms.department
            hour = (9, 10, 11, 14, 15, 16)[n % 6]
            try:
                ref = self.ledger.appointments.book(
                    department=department,
                    window=f"{department}-W1",
                    day=day,
                    hour=hour,
                    subject_id=f"YY{n:05d}",
                    item_code=terms.code,
                    at=booked_at,
                    by=ONLINE_HALL,
                )
            except DomainError:
                continue
            self.summary.appointments["booked"] += 1
            slot = datetime.combine(day, time(hour), tzinfo=SHANGHAI)
            clerk = self.centre.people(department, Role.WINDOW_CLERK)[0]
            if slot + timedelta(hours=1) >= self.until:
                continue
            if self.rng.random() < 0.8:
                self.ledger.appointments.arrive(
                    department, f"{department}-W1", day, ref, at=slot + timedelta(minutes=5), by=clerk
                )
                self.summary.appointments["arrived"] += 1
            else:
                self.ledger.appointments.miss(
                    department, f"{department}-W1", day, ref, at=slot + timedelta(hours=1), by=clerk
                )
                self.summary.appointments["no-show"] += 1

    def _consultations(self) -> None:
        """Questions in the last four weeks, online or at a village station, most answered within their
        3 working days, a few found complex or needing other departments, a few late or still awaited."""
        consultations = self.ledger.consultations
        start = self.until - timedelta(days=28)
        for _ in range(60):
            terms = self.rng.choice(self.centre.items)
            asked = self._working_time(start + timedelta(hours=self.rng.randrange(0, 26 * 24)))
            if asked >= self.until:
                continue
            channel, by = self.rng.choice(
                ((Channel.ONLINE, ONLINE_HALL), (Channel.VILLAGE_STATION, self.rng.choice(self.centre.stations)))
            )
            question = f"办理{terms.name}需要准备哪些材料？能否网上预审？"
            number = consultations.ask(
                department=None, item_code=terms.code, question=question, channel=channel, at=asked, by=by
            )
            self.summary.consultations["asked"] += 1
            clerk = self.centre.people(terms.department, Role.WINDOW_CLERK)[0]
            if self.rng.random() < 0.1:
                kind = self.rng.choice((ConsultationKind.COMPLEX, ConsultationKind.MULTI_DEPARTMENT))
                reason = "需现场核实" if kind is ConsultationKind.COMPLEX else "需征求其他部门意见"
                consultations.reclassify(number, kind=kind, reason=reason, at=asked + timedelta(hours=3), by=clerk)
            answered = self._at_the_window(asked + timedelta(hours=self.rng.choice((2, 5, 20, 30, 50, 120))))
            if answered >= self.until:
                continue
            materials = "、".join(terms.materials[:3]) or "申请书"
            answer = f"请准备{materials}，可先通过网上预审，材料齐全后到{terms.department}窗口一次办结。"
            consultations.answer(number, answer=answer, at=answered, by=clerk)
            self.summary.consultations["answered"] += 1

    def _at_the_window(self, instant: datetime) -> datetime:
        """``instant`` if the windows are open then (a working day, 09:00-17:30), else soon after they open."""
        local = instant.astimezone(SHANGHAI)
        day = legal_day(local)
        calendar = self.ledger.calendars.working_days(day.year)
        if calendar.is_working_day(day) and time(9) <= local.time() < time(17, 30):
            return instant
        if not calendar.is_working_day(day):
            day = calendar.day_zero(day)  # the next working day
        elif local.time() >= time(17, 30):
            day = calendar.add(day, 1).on
        return datetime.combine(day, time(9), tzinfo=SHANGHAI) + timedelta(minutes=self.rng.randrange(5, 90))

    def _working_time(self, instant: datetime) -> datetime:
        calendar = self.ledger.calendars.working_days(instant.year)
        day = legal_day(instant)
        if not calendar.is_working_day(day):
            day = calendar.add(day, 1).on
        return datetime.combine(day, time(9 + self.rng.randrange(0, 7)), tzinfo=SHANGHAI)
