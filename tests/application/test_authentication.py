"""Bearer tokens: who a token speaks for, revocation, and how long an authentication is reused."""

from __future__ import annotations

import time

import pytest

from application.ledger import CaseLedger
from application.people import Unauthenticated, token_hash
from application.plumbing.freshness import SEEN_WITHIN
from domain.errors import InvalidValue, NotFound
from domain.organisation.actors import Authority, Role
from domain.organisation.directory import PersonDeactivated
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import persistence_env
from tests.support import AGENCY_HEAD


def test_a_token_speaks_for_its_person_until_it_is_revoked(ledger: CaseLedger) -> None:
    ledger.organisation.register_department("SJJ", "市场监督管理局")
    issued = ledger.people.add_user("clerk", Role.WINDOW_CLERK, "SJJ")
    assert ledger.people.authenticate(issued.token).person_id == "clerk"
    assert ledger.people.authenticate(issued.token).person_id == "clerk"  # the remembered answer
    ledger.people.revoke_token(issued.token, reason="lost")
    with pytest.raises(Unauthenticated, match="revoked"):
        ledger.people.authenticate(issued.token)
    with pytest.raises(Unauthenticated, match="not known"):
        ledger.people.authenticate(issued.token[:-1] + "x")


def test_a_delegated_authority_holds_at_once_for_a_signed_in_person(ledger: CaseLedger) -> None:
    ledger.organisation.register_department("SJJ", "市场监督管理局")
    issued = ledger.people.add_user("clerk", Role.WINDOW_CLERK, "SJJ")
    assert Authority.APPROVE not in ledger.people.authenticate(issued.token).authorities
    ledger.people.delegate_authority("clerk", Authority.APPROVE, granted_by=AGENCY_HEAD, basis="授权书 1 号")
    assert Authority.APPROVE in ledger.people.authenticate(issued.token).authorities


def test_a_revocation_in_another_process_is_seen_once_the_reuse_window_has_passed(stored_database_url: str) -> None:
    env = persistence_env(stored_database_url)
    here, elsewhere = (CaseLedger(env=env, calendar_source=SeedCalendarSource()) for _ in range(2))
    try:
        here.organisation.register_department("SJJ", "市场监督管理局")
        issued = here.people.add_user("clerk", Role.WINDOW_CLERK, "SJJ")
        here.people.authenticate(issued.token)
        elsewhere.people.revoke_token(issued.token, reason="left the centre")
        assert here.people.authenticate(issued.token).person_id == "clerk"  # within the window: remembered
        here.people._signed_in.clear()  # what the passing of SEEN_WITHIN does
        with pytest.raises(Unauthenticated, match="revoked"):
            here.people.authenticate(issued.token)
    finally:
        here.close()
        elsewhere.close()


def test_a_change_to_the_person_elsewhere_reaches_an_authentication_within_its_window(
    stored_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An authentication reads the person as recorded, not the answer ``actor`` keeps for hand-offs:
    otherwise the two windows would add up."""
    env = persistence_env(stored_database_url)
    here, elsewhere = (CaseLedger(env=env, calendar_source=SeedCalendarSource()) for _ in range(2))
    started = time.monotonic()
    try:
        here.organisation.register_department("SJJ", "市场监督管理局")
        issued = here.people.add_user("clerk", Role.WINDOW_CLERK, "SJJ")
        assert Authority.APPROVE not in here.people.actor("clerk").authorities  # kept here from now
        elsewhere.people.delegate_authority("clerk", Authority.APPROVE, granted_by=AGENCY_HEAD, basis="授权书 2 号")
        with monkeypatch.context() as clock:
            clock.setattr(time, "monotonic", lambda: started + SEEN_WITHIN * 0.75)
            here.people.authenticate(issued.token)  # signs in within the kept answer's window
        with monkeypatch.context() as clock:
            clock.setattr(time, "monotonic", lambda: started + SEEN_WITHIN * 1.25)
            assert Authority.APPROVE in here.people.authenticate(issued.token).authorities
    finally:
        here.close()
        elsewhere.close()


def test_a_deactivated_person_is_refused_here_at_once_and_elsewhere_within_the_window(
    stored_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = persistence_env(stored_database_url)
    here, elsewhere = (CaseLedger(env=env, calendar_source=SeedCalendarSource()) for _ in range(2))
    started = time.monotonic()
    try:
        here.organisation.register_department("SJJ", "市场监督管理局")
        clerk = here.people.add_user("clerk", Role.WINDOW_CLERK, "SJJ")
        here.people.add_user("handler", Role.HANDLER, "SJJ")
        for ledger in (here, elsewhere):
            assert ledger.people.authenticate(clerk.token).person_id == "clerk"
            assert ledger.people.actor("handler").person_id == "handler"
        here.people.deactivate_person("clerk", reason="调离")
        with pytest.raises(Unauthenticated, match="deactivated"):
            here.people.authenticate(clerk.token)  # at once in the process that recorded it
        assert elsewhere.people.authenticate(clerk.token).person_id == "clerk"  # within the window: remembered
        here.people.deactivate_person("handler", reason="停职")
        with monkeypatch.context() as clock:
            clock.setattr(time, "monotonic", lambda: started + SEEN_WITHIN * 1.25)
            with pytest.raises(Unauthenticated, match="deactivated"):
                elsewhere.people.authenticate(clerk.token)
            with pytest.raises(PersonDeactivated):
                elsewhere.people.actor("handler")  # no case is handed to them
        with pytest.raises(PersonDeactivated):
            here.people.issue_token("clerk")
        with pytest.raises(InvalidValue, match="already deactivated"):
            here.people.deactivate_person("clerk", reason="again")
    finally:
        here.close()
        elsewhere.close()


def test_a_persons_tokens_are_listed_and_revoked_all_or_one(ledger: CaseLedger) -> None:
    ledger.organisation.register_department("SJJ", "市场监督管理局")
    first = ledger.people.add_user("clerk", Role.WINDOW_CLERK, "SJJ")
    second = ledger.people.issue_token("clerk", label="窗口 3 号机")
    third = ledger.people.issue_token("clerk")
    [clerk] = [p for p in ledger.people.people() if p.person_id == "clerk"]
    assert len(clerk.tokens) == 3 and clerk.active
    one = token_hash(second.token)[:12]
    assert ledger.people.revoke_tokens("clerk", "lost", token_id=one) == 1
    with pytest.raises(Unauthenticated, match="revoked"):
        ledger.people.authenticate(second.token)
    assert ledger.people.authenticate(first.token).person_id == "clerk"
    assert ledger.people.revoke_tokens("clerk", "left") == 2
    for issued in (first, third):
        with pytest.raises(Unauthenticated, match="revoked"):
            ledger.people.authenticate(issued.token)
    assert ledger.people.person("clerk").tokens == ()
    with pytest.raises(NotFound):
        ledger.people.revoke_tokens("clerk", "lost", token_id=one)


@pytest.mark.parametrize("role", [Role.SYSTEM, Role.APPLICANT])
def test_the_ledgers_own_roles_are_never_given_to_staff(ledger: CaseLedger, role: Role) -> None:
    with pytest.raises(InvalidValue, match="never staff"):
        ledger.people.register_person("x", "某人", role, "SJJ")
    with pytest.raises(InvalidValue, match="never staff"):
        ledger.people.add_user("y", role, "SJJ")


def test_a_person_of_a_department_that_does_not_exist_is_refused_and_gets_no_token(ledger: CaseLedger) -> None:
    with pytest.raises(InvalidValue, match="no department 'NOPE'"):
        ledger.people.add_user("someone", Role.WINDOW_CLERK, "NOPE")
    assert not ledger.people.has_person("someone")
    ledger.organisation.register_department("NOPE", "新设部门")
    assert ledger.people.add_user("someone", Role.WINDOW_CLERK, "NOPE").token
