"""The composition root: the only place that turns settings into a working ledger."""

from __future__ import annotations

from application.ledger import CaseLedger
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env


def build_ledger(settings: Settings) -> CaseLedger:
    """A ``CaseLedger`` on the store ``settings`` name, seeding calendars from ``chinesecalendar``."""
    return CaseLedger(env=persistence_env(settings.database_url), calendar_source=SeedCalendarSource())
