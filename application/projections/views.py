"""The views the ledger keeps, by name."""

from __future__ import annotations

from application.notifications.outbox import OutboxView
from application.projections.agency import AgencyView
from application.projections.audits import AuditsView
from application.projections.base import Projection
from application.projections.case_list import CaseListView
from application.projections.casefile import CaseFileView
from application.projections.catalogue import CatalogueView
from application.projections.complaints import ComplaintsView
from application.projections.consultations import ConsultationsView
from application.projections.evaluations import EvaluationsView
from application.projections.findings import FindingsView
from application.projections.mandates import MandatesView
from application.projections.meetings import MeetingActionsView
from application.projections.orders import SupervisionOrdersView
from application.projections.pre_reviews import PreReviewsView
from application.projections.projects import ProjectsView
from application.projections.quality import QualityView
from application.projections.responsibility import ResponsibilityView
from application.projections.supervision import SupervisionView


def all_views() -> list[Projection]:
    return [
        CaseListView(),
        ResponsibilityView(),
        SupervisionView(),
        QualityView(),
        CatalogueView(),
        SupervisionOrdersView(),
        ComplaintsView(),
        FindingsView(),
        EvaluationsView(),
        CaseFileView(),
        AuditsView(),
        OutboxView(),
        PreReviewsView(),
        AgencyView(),
        ProjectsView(),
        MeetingActionsView(),
        MandatesView(),
        ConsultationsView(),
    ]
