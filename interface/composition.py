"""The composition root: the only place that turns settings into a working ledger."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from application.integrity.bundle import BundleWriter
from application.integrity.sealing import Sealer
from application.integrity.verify import Verifier
from application.ledger import CaseLedger
from application.projections.runner import ProjectionRunner
from application.projections.views import all_views
from application.reports import Reports
from application.watcher import DeadlineWatcher
from domain.case.alerts import WarningPolicy
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.integrity.keys import FileSigner, signature_ok
from infrastructure.integrity.leaves import SqlSealLeaves
from infrastructure.privacy.subject_keys import SubjectCipherAesGcm
from infrastructure.settings import Settings, persistence_env
from infrastructure.views.access_log import SqlAccessLog
from infrastructure.views.factory import open_key_store, open_view_store, schema_setup
from infrastructure.views.reports import SqlViewReader
from infrastructure.views.sql_store import SqlViewStore


@dataclass
class Views:
    store: SqlViewStore
    runner: ProjectionRunner
    reports: Reports
    watcher: DeadlineWatcher
    access: SqlAccessLog

    def close(self) -> None:
        self.store.close()


def build_ledger(settings: Settings) -> CaseLedger:
    """A ``CaseLedger`` on the store ``settings`` name, seeding calendars from ``chinesecalendar``."""
    with schema_setup(settings):
        return CaseLedger(
            env=persistence_env(settings.database_url),
            calendar_source=SeedCalendarSource(),
            subject_cipher=SubjectCipherAesGcm(open_key_store(settings)),
        )


def build_views(settings: Settings, ledger: CaseLedger) -> Views:
    """The view store, the projection runner, the reports and the deadline watcher of a ledger."""
    policy = WarningPolicy(prompt_days=settings.prompt_days, yellow_ratio=settings.yellow_ratio)
    with schema_setup(settings):
        store = open_view_store(settings)
        runner = ProjectionRunner(ledger, store, all_views(), batch_size=settings.view_batch_size, policy=policy)
        access = SqlAccessLog(store)
        SqlSealLeaves(store)  # the seal leaves' table too, so that sealers and verifiers need no set-up
    reader = SqlViewReader(store)
    return Views(store, runner, Reports(reader), DeadlineWatcher(ledger, runner, reader, policy), access)


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


def build_sealer(settings: Settings, ledger: CaseLedger, views: Views) -> Sealer:
    return Sealer(ledger, FileSigner(Path(settings.signing_key)), SqlSealLeaves(views.store))


def build_verifier(ledger: CaseLedger, views: Views) -> Verifier:
    return Verifier(ledger, SqlSealLeaves(views.store), signature_ok)


def build_bundle_writer(ledger: CaseLedger, views: Views) -> BundleWriter:
    return BundleWriter(ledger, SqlSealLeaves(views.store))
