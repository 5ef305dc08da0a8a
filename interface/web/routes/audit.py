"""The auditor's page (审计): the integrity status of the ledger, a department's backlog as of a day, the
read-access log, and bundle exports of a case or a period with their progress."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import FileResponse, RedirectResponse, Response

from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI
from domain.case.access import AccessDenied
from domain.errors import InvalidValue, NotFound
from interface.api.deps import AUDIT_ROLES
from interface.composition import build_bundle_writer, build_log
from interface.web.bundles import Exports
from interface.web.visitors import PREFIX, FormDep, Visitor, VisitorDep

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Text = Annotated[str | None, Query(max_length=64)]
Job = Annotated[str, Path(max_length=16, pattern=r"^[0-9a-f]+$")]
READS_SHOWN = 200


def _auditor(who: Visitor) -> None:
    if not who.audits:
        raise AccessDenied(
            "this needs the role {allowed}; {name} is a {role}",
            allowed=tuple(sorted(AUDIT_ROLES, key=lambda role: role.value)),
            name=who.actor.name,
            role=who.actor.role,
        )


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue("{name} '{text}' is not a day such as 2025-06-30", name=name, text=text) from None


def exports_of(request: Request) -> Exports:
    """This server's bundle exports (``console.install`` makes them)."""
    exports: Exports = request.app.state.bundle_exports
    return exports


@router.get("/audit")
def audit(
    who: VisitorDep,
    department: Text = None,
    day: Text = None,
    person: Text = None,
    subject: Text = None,
    read_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    read_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
) -> Response:
    """The integrity status; the backlog of ``department`` at the end of ``day`` (when asked); the reads
    of the read-access log (filtered by person, subject and days)."""
    _auditor(who)
    log = build_log(who.settings, who.ledger, who.views, signing=False)
    latest = log.latest()
    head = latest.head if latest else None
    recorded = who.ledger.store.recorder.max_notification_id() or 0
    backlog = None
    as_of = _day(day, "day")
    if department and as_of:
        cases = who.views.reports.case_numbers(ReportFilters(date_to=as_of, department=department))
        end_of_day = datetime.combine(as_of, time(23, 59, 59), tzinfo=SHANGHAI)
        backlog = who.ledger.audit.backlog_as_of(cases, end_of_day)
        who.read("backlog", f"{department}@{as_of}")
    reads = who.views.access.reads(
        person=person or None,
        subject=subject or None,
        date_from=_day(read_from, "from"),
        date_to=_day(read_to, "to"),
    )
    return who.page(
        "audit.html",
        head=head,
        signatures=len(latest.signatures) if latest else 0,
        recorded=recorded,
        backlog=backlog,
        department=department or "",
        day=day or "",
        person=person or "",
        subject=subject or "",
        read_from=read_from or "",
        read_to=read_to or "",
        reads=reads[-READS_SHOWN:][::-1],
        reads_total=len(reads),
    )


@router.post("/audit/bundles")
def start_bundle(request: Request, who: VisitorDep, form: FormDep) -> Response:
    """Seal the log and write the bundle of a case, or of a department's period, on a thread of its own."""
    _auditor(who)
    case_no = str(form.get("case_no") or "").strip()
    scope: dict[str, Any]
    if case_no:
        who.ledger.records.case(case_no, as_of=who.now, viewer=who.actor)  # it exists and may be read
        case_nos, scope = [case_no], {"case": case_no}
    else:
        first, last = _day(str(form.get("from") or ""), "from"), _day(str(form.get("to") or ""), "to")
        if first is None or last is None:
            raise InvalidValue("a bundle is of a case, or of a period: give its first and last day")
        department = str(form.get("department") or "").strip() or None
        filters = ReportFilters(date_from=first, date_to=last, department=department)
        case_nos = who.views.reports.case_numbers(filters)
        scope = {"period": [first.isoformat(), last.isoformat()], "department": department}
    settings, ledger, views, now = who.settings, who.ledger, who.views, who.now

    def lines() -> Iterable[str]:
        build_log(settings, ledger, views).seal(now)  # every event in a signed head first
        return build_bundle_writer(settings, ledger, views).lines(case_nos, scope, now)

    export = exports_of(request).start(who.actor.person_id, len(case_nos), lines)
    who.read("bundle", case_no or str(scope))
    return RedirectResponse(f"{PREFIX}/audit/bundles/{export.job}", status_code=303)


@router.get("/audit/bundles/{job}")
def bundle(request: Request, who: VisitorDep, job: Job) -> Response:
    _auditor(who)
    export = exports_of(request).get(job, who.actor.person_id)
    if export is None:
        raise NotFound("no bundle export {job} of yours on this server", job=job)
    return who.page("bundle.html", export=export)


@router.get("/audit/bundles/{job}/progress")
def bundle_progress(request: Request, who: VisitorDep, job: Job) -> Response:
    """The export's progress alone: the page fetches it every second until it answers 286 (HTMX's word
    for "stop polling"), once the bundle is written or has failed."""
    _auditor(who)
    export = exports_of(request).get(job, who.actor.person_id)
    if export is None:
        raise NotFound("no bundle export {job} of yours on this server", job=job)
    return who.page("bundle_progress.html", status=286 if export.done else 200, export=export)


@router.get("/audit/bundles/{job}/file")
def bundle_file(request: Request, who: VisitorDep, job: Job) -> Response:
    _auditor(who)
    export = exports_of(request).get(job, who.actor.person_id)
    if export is None or export.path is None:
        raise NotFound("no written bundle {job} of yours on this server", job=job)
    return FileResponse(export.path, media_type="application/x-ndjson", filename=f"bundle-{job}.jsonl")
