"""``CaseLedger``: the services of the service centre's ledger over one event store.

Each service is a small class a newcomer can open alone, with what it needs passed in; they share one
``LedgerStore`` (the eventsourcing Application: the event store, its single notification log and the one
commit path), so every act of every service is an event of one log, under one hash chain per record.

    ledger.cases          receive, handle a case command, rate, import       application/cases/work.py
    ledger.automatic      the law's automatic acts, warnings and breaches      application/cases/automatic.py
    ledger.records        a case now, its public status                        application/cases/queries.py
    ledger.audit          a case's history, as of a time; a backlog as of      application/cases/audit.py
    ledger.calendars      the calendars in force, working-day arithmetic       application/calendars.py
    ledger.calendar_notices  a calendar notice published, open cases re-dated  application/cases/redating.py
    ledger.catalogue      service items and their revisions                    application/catalogue.py
    ledger.organisation   departments, sections, windows, service points       application/organisation.py
    ledger.people         staff as they act, delegations, bearer tokens        application/people.py
    ledger.quality        corrective actions                                   application/quality.py
    ledger.privacy        retention, legal holds, erasure                      application/privacy.py
    ledger.log_keys       the transparency log's key history                   application/integrity/rotation.py
    ledger.supervision    supervision orders (督办)                            application/supervision/orders.py
    ledger.complaints     complaints and rectification (投诉, 好差评整改)      application/supervision/complaints.py
    ledger.findings       responsibility findings (行政过错责任认定)            application/supervision/findings.py
    ledger.projects       investment projects (投资项目): plan, clock, path  application/projects.py
    ledger.meetings       coordination meetings (协调会) and their actions    application/meetings.py
    ledger.mandates       agents' mandates (全程代理 授权委托)                 application/agency.py
    ledger.pre_reviews    online pre-review (网上预审), filed as cases         application/prereviews.py
    ledger.appointments   a window's hours booked ahead (预约)                 application/appointments.py
    ledger.consultations  questions to a department, answered in time (网上咨询) application/consultations.py
    ledger.publication    the catalogue as the public reads it, its guides    application/publication.py

Commands take business time (``at``) and the acting person (``by``, an ``Actor``); queries return
frozen views. Concurrent writes to one record surface as ``ConcurrencyConflict`` (or are retried when
the caller gave no expected version).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from application.agency import Mandates
from application.appointments import Appointments
from application.calendars import Calendars
from application.cases.audit import CaseAudit
from application.cases.automatic import AutomaticActs
from application.cases.queries import CaseRecords
from application.cases.redating import CalendarNotices
from application.cases.store import CaseStore
from application.cases.work import CaseWork
from application.catalogue import Catalogue
from application.consultations import Consultations
from application.integrity.rotation import LogKeys
from application.meetings import Meetings
from application.organisation import Organisation
from application.people import People
from application.plumbing.store import LedgerStore
from application.ports import CalendarSource
from application.prereviews import PreReviews
from application.privacy import Privacy
from application.projects import Projects
from application.publication import Publication
from application.quality import Quality
from application.query_codes import QueryCodes
from application.supervision.complaints import Complaints
from application.supervision.findings import Findings
from application.supervision.orders import SupervisionOrders


class CaseLedger:
    """The ledger's services over one store (see the module's table)."""

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        calendar_source: CalendarSource | None = None,
        subject_cipher: Any = None,
        query_codes: QueryCodes | None = None,
    ) -> None:
        self.store = store = LedgerStore(env, subject_cipher)
        self.calendars = calendars = Calendars(store, calendar_source)
        self.catalogue = catalogue = Catalogue(store)
        self.organisation = organisation = Organisation(store)
        self.people = people = People(store, organisation)
        self.case_store = case_store = CaseStore(store, calendars)  # the aggregates themselves, for tools
        self.mandates = mandates = Mandates(store)
        self.cases = CaseWork(case_store, catalogue, people, mandates)
        self.automatic = AutomaticActs(case_store, catalogue)
        self.records = CaseRecords(case_store, calendars, query_codes or QueryCodes())
        self.audit = CaseAudit(case_store, calendars)
        self.calendar_notices = CalendarNotices(case_store, calendars)
        self.quality = Quality(store)
        self.privacy = Privacy(store)
        self.log_keys = LogKeys(store)
        self.supervision = SupervisionOrders(store, calendars, organisation, case_store)
        self.complaints = Complaints(store, calendars, organisation, people, case_store)
        self.findings = Findings(store, people, case_store)
        self.projects = Projects(store, calendars, case_store)
        self.meetings = Meetings(store)
        self.appointments = Appointments(store, calendars, organisation, catalogue)
        self.consultations = Consultations(store, calendars, catalogue, organisation)
        self.pre_reviews = pre_reviews = PreReviews(store, calendars, catalogue, case_store, self.cases, mandates)
        self.publication = Publication(store, catalogue, organisation, pre_reviews)

    def close(self) -> None:
        self.store.close()
