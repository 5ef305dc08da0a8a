"""The composition root: the only place that turns settings into a working ledger."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from infrastructure.views.factory import open_key_store, query_code_secret, schema_setup

# What only the views, the reports and the transparency log need is imported where they are built: a
# command that needs the ledger alone (a calendar query) does not load them.
if TYPE_CHECKING:
    from application.calendars import Calendars
    from application.integrity.bundle import BundleWriter
    from application.integrity.checkpoint import VerifierKey
    from application.integrity.log import TransparencyLog
    from application.integrity.verify import Verifier
    from application.internal_audits import InternalAudits
    from application.ledger import CaseLedger
    from application.management_reviews import ManagementReviews
    from application.notifications.ports import Channel
    from application.notifications.worker import Notifier
    from application.projections.runner import ProjectionRunner
    from application.reports.service import Reports
    from application.supervision.evaluations import Evaluations
    from application.watcher import DeadlineWatcher
    from infrastructure.integrity.file_witness import FileWitness
    from infrastructure.integrity.http_witness import HttpWitness
    from infrastructure.views.access_log import SqlAccessLog
    from infrastructure.views.console_sessions import SqlConsoleSessions
    from infrastructure.views.deliveries import SqlDeliveries
    from infrastructure.views.sql_store import SqlViewStore


@dataclass
class Views:
    store: SqlViewStore
    runner: ProjectionRunner
    reports: Reports
    watcher: DeadlineWatcher
    access: SqlAccessLog
    sessions: SqlConsoleSessions
    evaluations: Evaluations
    audits: InternalAudits
    reviews: ManagementReviews
    deliveries: SqlDeliveries

    def close(self) -> None:
        self.store.close()


def build_ledger(settings: Settings) -> CaseLedger:
    """A ``CaseLedger`` on the store ``settings`` name, seeding calendars from ``chinesecalendar``."""
    from application.ledger import CaseLedger
    from application.query_codes import QueryCodes
    from infrastructure.privacy.subject_keys import SubjectCipherAesGcm

    with schema_setup(settings):
        return CaseLedger(
            env=persistence_env(settings.database_url),
            calendar_source=SeedCalendarSource(),
            subject_cipher=SubjectCipherAesGcm(open_key_store(settings)),
            query_codes=QueryCodes(query_code_secret(settings)),
        )


@contextmanager
def calendars_only(settings: Settings) -> Iterator[Calendars]:
    """The calendars in force on the store ``settings`` name, and nothing else of the ledger: what a
    calendar query needs (it loads no case, view or report code)."""
    from application.calendars import Calendars
    from application.plumbing.store import LedgerStore

    with schema_setup(settings):
        store = LedgerStore(env=persistence_env(settings.database_url))
    try:
        yield Calendars(store, SeedCalendarSource())
    finally:
        store.close()


def build_views(settings: Settings, ledger: CaseLedger) -> Views:
    """The view store, the projection runner, the reports and the deadline watcher of a ledger."""
    from application.internal_audits import InternalAudits
    from application.management_reviews import ManagementReviews
    from application.projections.runner import ProjectionRunner
    from application.projections.views import all_views
    from application.reports.filters import Directory
    from application.reports.service import Reports
    from application.supervision.evaluations import Evaluations
    from application.watcher import DeadlineWatcher
    from domain.case.alerts import WarningPolicy
    from domain.supervision.evaluation import EvaluationPolicy
    from infrastructure.integrity.tree_store import SqlTreeStore
    from infrastructure.views.access_log import SqlAccessLog
    from infrastructure.views.console_sessions import SqlConsoleSessions
    from infrastructure.views.deliveries import SqlDeliveries
    from infrastructure.views.factory import open_view_store
    from infrastructure.views.reports import SqlViewReader

    policy = WarningPolicy(prompt_days=settings.prompt_days, yellow_ratio=settings.yellow_ratio)
    with schema_setup(settings):
        store = open_view_store(settings)
        runner = ProjectionRunner(
            ledger.store, ledger.calendars, store, all_views(), batch_size=settings.view_batch_size, policy=policy
        )
        access = SqlAccessLog(store)
        sessions = SqlConsoleSessions(store)
        deliveries = SqlDeliveries(store)
        SqlTreeStore(store)  # the transparency log's tables too, so that sealers and verifiers need no set-up
    reader = SqlViewReader(store)
    reports = Reports(reader, store.status, Directory(ledger.organisation.has_department, ledger.people.has_person))
    watcher = DeadlineWatcher(
        ledger.automatic, ledger.supervision, ledger.complaints, ledger.meetings, runner, reader, policy
    )
    excellent, good, passing = settings.grade_thresholds
    grading = EvaluationPolicy(excellent=excellent, good=good, passing=passing)
    evaluations = Evaluations(ledger.store, ledger.calendars, runner, reader, grading)
    audits = InternalAudits(ledger.store, ledger.case_store, ledger.calendars, runner, reader)
    reviews = ManagementReviews(ledger.store, runner, reader)
    return Views(store, runner, reports, watcher, access, sessions, evaluations, audits, reviews, deliveries)


def build_channels(settings: Settings) -> list[Channel]:
    """The channels configured: the SMS gateway and SMTP server named in the settings, else the log."""
    from infrastructure.notifications.log_channel import LogChannel
    from infrastructure.notifications.sms_gateway import DEFAULT_TEMPLATE, SmsGateway
    from infrastructure.notifications.smtp import SmtpChannel

    channels: list[Channel] = []
    if settings.sms_url:
        channels.append(SmsGateway(settings.sms_url, settings.sms_template or DEFAULT_TEMPLATE))
    if settings.smtp:
        host, _, port = settings.smtp.rpartition(":")
        channels.append(SmtpChannel(host, int(port), settings.smtp_from, starttls=settings.smtp_starttls))
    return channels or [LogChannel()]


def build_notifier(settings: Settings, ledger: CaseLedger, views: Views) -> Notifier:
    from datetime import timedelta

    from application.notifications.worker import Notifier

    return Notifier(
        runner=views.runner,
        deliveries=views.deliveries,
        outbox=views.deliveries,
        cases=ledger.case_store,
        people=ledger.people,
        channels=build_channels(settings),
        centre=settings.centre_name,
        max_age=timedelta(hours=settings.notify_max_age_hours),
        lease=timedelta(seconds=settings.notify_lease_seconds),
    )


@contextmanager
def opened(settings: Settings) -> Iterator[tuple[CaseLedger, Views]]:
    """A ledger and its views for one command, closed afterwards."""
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    try:
        yield ledger, views
    finally:
        views.close()
        ledger.close()


def trusted_log_keys(settings: Settings) -> list[VerifierKey]:
    """The log keys verifiers trust: configured, or the vkey published beside the signing key (never the DB)."""
    from infrastructure.integrity.keys import load_vkeys, vkey_path

    if settings.log_keys:
        return load_vkeys(settings.log_keys)
    published = vkey_path(Path(settings.signing_key))
    return load_vkeys([str(published)]) if published.exists() else []


def trusted_witness_keys(settings: Settings) -> list[VerifierKey]:
    """The witnesses' keys: configured, or each witness's own (its folder's vkey, or the one it serves)."""
    from application.integrity.checkpoint import VerifierKey
    from infrastructure.integrity.http_witness import HttpWitness
    from infrastructure.integrity.keys import load_vkeys

    if settings.witness_keys:
        return load_vkeys(settings.witness_keys)
    keys: list[VerifierKey] = []
    for witness in build_witnesses(settings):
        if isinstance(witness, HttpWitness):
            with contextlib.suppress(OSError):  # a witness away: verify reports it unreachable
                keys.append(VerifierKey.parse(witness.vkey_text()))
        elif (witness.folder / "witness.vkey").exists():
            keys += load_vkeys([str(witness.folder / "witness.vkey")])
    return keys


def build_witnesses(settings: Settings) -> list[FileWitness | HttpWitness]:
    """The witnesses: a folder each (a file witness), or the URL of one served over HTTP."""
    from infrastructure.integrity.file_witness import FileWitness
    from infrastructure.integrity.http_witness import HttpWitness

    keys = trusted_log_keys(settings)
    return [
        HttpWitness(place) if place.startswith(("http://", "https://")) else FileWitness(Path(place), keys)
        for place in settings.witnesses
    ]


def build_log(settings: Settings, ledger: CaseLedger, views: Views, *, signing: bool = True) -> TransparencyLog:
    """The transparency log; with ``signing``, holding the log's key (only the seal worker needs it)."""
    from application.integrity.log import TransparencyLog
    from infrastructure.integrity.keys import FileSigner, vkey_path
    from infrastructure.integrity.tree_store import SqlTreeStore

    signer = None
    if signing:
        signer = FileSigner(Path(settings.signing_key))
        signer.publish_vkey(settings.log_origin, vkey_path(Path(settings.signing_key)))
    return TransparencyLog(
        ledger.store.recorder, SqlTreeStore(views.store), settings.log_origin, signer, build_witnesses(settings)
    )


def build_verifier(settings: Settings, ledger: CaseLedger, views: Views) -> Verifier:
    from application.integrity.verify import Verifier
    from infrastructure.integrity.file_witness import FileLastSeen
    from infrastructure.integrity.keys import signature_ok
    from infrastructure.integrity.tree_store import SqlTreeStore

    return Verifier(
        ledger.store.recorder,
        SqlTreeStore(views.store),
        settings.log_origin,
        trusted_log_keys(settings),
        signature_ok,
        build_witnesses(settings),
        trusted_witness_keys(settings),
        FileLastSeen(Path(settings.verifier_state)) if settings.verifier_state else None,
    )


def build_bundle_writer(settings: Settings, ledger: CaseLedger, views: Views) -> BundleWriter:
    from application.integrity.bundle import BundleWriter

    log = build_log(settings, ledger, views, signing=False)
    return BundleWriter(ledger.store, ledger.records, ledger.calendars, log)
