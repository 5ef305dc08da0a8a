"""The public information platform (信息公开平台), read without signing in: the catalogue with each item's
guide (办事指南), the centre's monthly figures and its annual report. Nothing personal is in any of it.
The administrator publishes an item's guide (``PUT /catalogue/items/{code}/guide``)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from application.publication import PublishedItem
from application.reports.annual import AnnualReport, annual_report
from application.reports.filters import ReportFilters
from domain.business_time import legal_day
from domain.catalogue.guide import NO_FEE, Guide
from domain.errors import InvalidValue
from interface.api.deps import AdminDep, CommandDep, LedgerDep, NowDep, ViewsDep
from interface.api.problems import ADMIN_PROBLEMS, PUBLIC_PROBLEMS
from interface.api.routes.paths import Key
from interface.api.schemas.base import Timed, example

router = APIRouter(prefix="/public", tags=["public"], responses=PUBLIC_PROBLEMS)
guides = APIRouter(prefix="/catalogue", tags=["catalogue"], responses=ADMIN_PROBLEMS)
Said = Annotated[str, Field(min_length=1, max_length=500)]
MONTH = r"^(200[4-9]|20[1-9]\d|2100)-(0[1-9]|1[0-2])$"  # the years the ledger's calendars reach
Month = Annotated[str, Path(pattern=MONTH, description="YYYY-MM, 2004 to 2100")]
Year = Annotated[int, Path(ge=2004, le=2100)]


class GuideIn(Timed):
    """办事指南: the conditions (no catch-all), the fee (不收费 when there is none), where, when, whom to ask."""

    model_config = example(
        conditions=["申请人为依法设立的企业", "有与经营规模相适应的经营场所"],
        fee=NO_FEE,
        place="政务服务中心一楼市场监管局窗口",
        phone="028-85800000",
        result="营业执照",
        visits=1,
    )
    conditions: Annotated[list[Said], Field(min_length=1, max_length=30)]
    fee: Annotated[str, Field(max_length=200)] = NO_FEE
    place: Annotated[str, Field(max_length=200)] = ""
    hours: Annotated[str, Field(max_length=200)] = "工作日 9:00-12:00, 14:00-17:00"
    phone: Annotated[str, Field(max_length=50)] = ""
    result: Annotated[str, Field(max_length=200)] = ""
    visits: Annotated[int, Field(ge=0, le=5)] = 1

    def to_domain(self) -> Guide:
        return Guide(
            conditions=tuple(c.strip() for c in self.conditions),
            fee=self.fee.strip(),
            place=self.place.strip(),
            hours=self.hours.strip(),
            phone=self.phone.strip(),
            result=self.result.strip(),
            visits=self.visits,
        )


class Recorded(BaseModel):
    position: int


class PublicItemOut(BaseModel):
    code: str
    name: str
    department: str
    department_name: str
    kind: str
    committed: str  # as a guide writes it: 即办, or 受理后N个工作日内办结
    statutory: str
    fee: str
    place: str
    guide_version: int  # 0: no guide published yet

    @classmethod
    def of(cls, item: PublishedItem) -> PublicItemOut:
        guide = item.guide
        return cls(
            code=item.terms.code,
            name=item.terms.name,
            department=item.terms.department,
            department_name=item.department_name,
            kind=item.terms.kind.value,
            committed=item.committed,
            statutory=item.statutory,
            fee=guide.fee if guide else NO_FEE,
            place=guide.place if guide else "",
            guide_version=item.guide_version,
        )


class PublicGuideOut(PublicItemOut):
    conditions: list[str]
    materials: list[str]
    legal_basis: str
    procedure: list[str]  # the steps of its handling, in order
    hours: str
    phone: str
    result: str
    visits: int
    online_pre_review: bool  # every item is open to it
    pre_review_days: int
    pre_review_counts_as_receipt: bool

    @classmethod
    def of_guide(cls, item: PublishedItem) -> PublicGuideOut:
        guide = item.guide
        return cls(
            **PublicItemOut.of(item).model_dump(),
            conditions=list(guide.conditions) if guide else [],
            materials=list(item.terms.materials),
            legal_basis=item.terms.legal_basis,
            procedure=["收件", "受理", *(s.name for s in item.terms.steps), "办结", "送达"],
            hours=guide.hours if guide else "",
            phone=guide.phone if guide else "",
            result=guide.result if guide else "",
            visits=guide.visits if guide else 1,
            online_pre_review=True,
            pre_review_days=item.pre_review.answer_days,
            pre_review_counts_as_receipt=item.pre_review.counts_as_receipt,
        )


class FiguresRow(BaseModel):
    department: str  # the department's code, or ALL for the centre
    department_name: str
    received: int
    accepted: int
    concluded: int
    on_time_rate_pct: float | None
    immediate_rate_pct: float | None
    satisfaction_pct: float | None


class MonthlyFiguresOut(BaseModel):
    month: str
    rows: list[FiguresRow]


class AnnualLine(BaseModel):
    label: str
    value: str


class AnnualReportOut(BaseModel):
    year: int
    figures: dict[str, Any]
    lines: list[AnnualLine]  # the report as the centre says it, in Chinese

    @classmethod
    def of(cls, report: AnnualReport) -> AnnualReportOut:
        lines = [AnnualLine(label=label, value=value) for label, value in report.lines()]
        return cls(year=report.year, figures=vars(report), lines=lines)


@router.get("/catalogue", summary="事项目录: every item, its limits as published, fee and place")
def catalogue(
    ledger: LedgerDep, department: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9._-]+$")] = None
) -> list[PublicItemOut]:
    if department is not None and not ledger.organisation.has_department(department):
        raise InvalidValue("no department '{department}'", department=department)
    return [PublicItemOut.of(item) for item in ledger.publication.items(department)]


@router.get("/catalogue/{code}", summary="办事指南: an item's guide in full")
def guide(code: Key, ledger: LedgerDep) -> PublicGuideOut:
    return PublicGuideOut.of_guide(ledger.publication.item(code))


@router.get("/figures/{month}", summary="月度办件统计: a month's figures, per department and for the centre")
def monthly_figures(month: Month, ledger: LedgerDep, views: ViewsDep, now: NowDep) -> MonthlyFiguresOut:
    year, number = (int(part) for part in month.split("-"))
    first, last = date(year, number, 1), date(year, number, monthrange(year, number)[1])
    today = legal_day(now)
    if first > today:
        raise InvalidValue("{month} has not begun", month=month)
    rows = views.reports.run(
        "kpi", ReportFilters(date_from=first, date_to=last), today, ledger.calendars.working_days(year)
    )
    names = {r["group"]: _department_name(ledger, r["group"]) for r in rows}
    return MonthlyFiguresOut(
        month=month,
        rows=[FiguresRow(department=r["group"], department_name=names[r["group"]], **_figures(r)) for r in rows],
    )


@router.get("/annual/{year}", summary="年度报告: the figures the centre publishes for a year")
def annual(year: Year, ledger: LedgerDep, views: ViewsDep, now: NowDep) -> AnnualReportOut:
    today = legal_day(now)
    if year > today.year:
        raise InvalidValue("{year} has not begun", year=year)
    return AnnualReportOut.of(annual_report(views.reports, year, today, ledger.calendars.working_days(year)))


@guides.put("/items/{code}/guide", summary="publish an item's guide (办事指南); a change is a new version")
async def publish_guide(code: Key, body: GuideIn, cmd: CommandDep, _: AdminDep) -> Recorded:
    at = cmd.at(body.occurred_at)
    guide = body.to_domain()

    def command() -> int:
        return cmd.ledger.publication.publish_guide(code, guide, at=at, by=cmd.user)

    return Recorded(position=await cmd.threads.run(command))


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("received", "accepted", "concluded", "on_time_rate_pct", "immediate_rate_pct", "satisfaction_pct")
    return {k: row[k] for k in keys}


def _department_name(ledger: Any, code: str) -> str:
    if code == "ALL":
        return "全中心"
    name: str = ledger.organisation.department(code).name if ledger.organisation.has_department(code) else code
    return name
