"""Full-process agency (全程代理): mandates signed, renewed and terminated, and the check that an agent acts
only within one (``CaseWork`` asks it before an agent files or acts on a case)."""

from __future__ import annotations

from datetime import date, datetime

from application.plumbing.store import LedgerStore
from domain.agency.mandate import Mandate, MandateTerms, check_acting_for, needs_mandate
from domain.errors import NotFound, phrase
from domain.organisation.actors import Actor


class Mandates:
    def __init__(self, store: LedgerStore) -> None:
        self.store = store

    def sign(self, *, agent_id: str, subject_id: str, terms: MandateTerms, at: datetime, by: Actor) -> int:
        """签订: a mandate of ``subject_id`` to the agent ``agent_id`` (signed again: renewed); the position."""

        return self.store.make_or_change(
            Mandate,
            Mandate.id_for(agent_id, subject_id),
            phrase("mandate of {subject} to {agent}", subject=subject_id, agent=agent_id),
            lambda: Mandate.sign(agent_id=agent_id, subject_id=subject_id, terms=terms, at=at, by=by),
            lambda mandate: mandate.renew(terms=terms, at=at, by=by),
        )

    def terminate(self, agent_id: str, subject_id: str, *, reason: str, at: datetime, by: Actor) -> int:
        def attempt() -> int:
            mandate = self.mandate(agent_id, subject_id)
            mandate.terminate(reason=reason, at=at, by=by)
            return self.store.commit(mandate)

        return self.store.retrying(attempt, retry=True)

    def mandate(self, agent_id: str, subject_id: str) -> Mandate:
        what = phrase("mandate of {subject} to {agent}", subject=subject_id, agent=agent_id)
        return self.store.load(Mandate, Mandate.id_for(agent_id, subject_id), what)

    def check(self, by: Actor, subject_id: str, item_code: str, day: date) -> None:
        """``NotMandated`` unless ``by`` may act for ``subject_id`` on ``item_code`` on ``day`` (the mandate
        is read only for those who need one)."""
        if not needs_mandate(by):
            return
        try:
            mandate: Mandate | None = self.mandate(by.person_id, subject_id)
        except NotFound:
            mandate = None
        check_acting_for(by, mandate, subject_id, item_code, day)
