"""Attacks on the proof itself, by someone with write access to the database (and, in the last, to a witness).

Each attacker rewrites the ledger as well as the database lets them: the event, every later link of its
chain, the whole tree, and new heads signed with their own key or, as an insider, with the log's own. Each
attack must be found, and named.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from application.integrity.chain import event_hash
from application.integrity.log import TransparencyLog
from application.integrity.rotation import rotate
from application.integrity.verify import VerifyReport
from application.ledger import CaseLedger
from domain.organisation.actors import Actor
from infrastructure.integrity.keys import FileSigner
from infrastructure.integrity.tree_store import SqlTreeStore
from infrastructure.settings import Settings
from interface.composition import Views, build_ledger, build_log, build_views
from tests.application.helpers import set_up_centre
from tests.application.integrity_support import integrity_settings, seal, verify
from tests.application.test_integrity import Sql, case_id, sql_for
from tests.application.test_views import worked_case
from tests.support import at

CHAIN = re.compile(rb'"chain_prev":\s*"[0-9a-f]{64}"')


@pytest.fixture
def store(stored_database_url: str, tmp_path: Path) -> Iterator[tuple[CaseLedger, Views, Settings, Sql]]:
    settings = integrity_settings(stored_database_url, tmp_path)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    yield ledger, views, settings, sql_for(stored_database_url)
    views.close()
    ledger.close()


def kinds(report: VerifyReport) -> set[tuple[str, str]]:
    return {(f.kind, f.aggregate) for f in report.findings}


def rewrite(sql: Sql, case_no: str, version: int, old: bytes, new: bytes) -> None:
    """Edit one event and relink every later event of its chain, so that the chain verifies again."""
    originator = case_id(sql, case_no)
    rows = sql(
        "SELECT originator_version, topic, state FROM EVENTS WHERE originator_id = %s ORDER BY originator_version",
        (originator,),
    )
    previous = ""
    for v, topic, raw in rows:
        state = bytes(raw)
        if v == version:
            assert old in state
            state = state.replace(old, new)
        elif v > version:
            state = CHAIN.sub(b'"chain_prev":"' + previous.encode() + b'"', state)
        if v >= version:
            sql(
                "UPDATE EVENTS SET state = %s WHERE originator_id = %s AND originator_version = %s",
                (state, originator, v),
            )
        previous = event_hash(StoredEvent(UUID(str(originator)), v, topic, state))


def rebuild_tree(views: Views, settings: Settings, signer: FileSigner, when: datetime) -> None:
    """Throw the tree and its heads away and build them again from the (rewritten) events, signed by ``signer``."""
    store = SqlTreeStore(views.store)
    with views.store.dialect.transaction() as cursor:
        for table in ("tlog_leaf", "tlog_hash", "tlog_head"):
            views.store.dialect.execute(cursor, f"DELETE FROM {table}")
    TransparencyLog(views.runner.log.recorder, store, settings.log_origin, signer).seal(when)


def first_head_then_more(ledger: CaseLedger, views: Views, settings: Settings) -> tuple[str, int]:
    """A case sealed and witnessed, then more events sealed and witnessed; the first head's size."""
    case_no = worked_case(ledger, set_up_centre(ledger))
    first = seal(settings, ledger, views, at(3, 25))
    assert first.head is not None and first.witnessed
    ledger.cases.rate(case_no, stars=4, comment="", at=at(3, 26), by=Actor.applicant("subject-1"))
    second = seal(settings, ledger, views, at(3, 26))
    assert second.signed and all(said.startswith("size") for said in second.witnessed.values())
    return case_no, first.head.head.size


def test_an_untampered_witnessed_ledger_verifies_clean(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, _ = store
    first_head_then_more(ledger, views, settings)
    report = verify(settings, ledger, views)
    assert report.clean, report.findings
    assert report.heads == 2 and report.tree_size == report.events and report.unsealed == 0
    assert list(report.witnessed.values()) == [report.events]


def test_re_signing_with_an_attacker_key_is_found(
    store: tuple[CaseLedger, Views, Settings, Sql], tmp_path: Path
) -> None:
    ledger, views, settings, sql = store
    case_no, _ = first_head_then_more(ledger, views, settings)
    rewrite(sql, case_no, 7, "同意".encode(), "不同意".encode())
    rebuild_tree(views, settings, FileSigner(tmp_path / "attacker.pem"), at(3, 27))
    without_witness = Settings(**{**settings.__dict__, "witnesses": (), "verifier_state": None})
    report = verify(without_witness, ledger, views)
    assert report.heads == 0
    assert kinds(report) == {("head", f"head {report.events}")}
    assert report.findings[0].detail == "not signed by a configured key"


def test_rewriting_with_the_real_key_is_found_by_the_witness(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    case_no, _ = first_head_then_more(ledger, views, settings)
    rewrite(sql, case_no, 7, "同意".encode(), "不同意".encode())
    rebuild_tree(views, settings, FileSigner(Path(settings.signing_key)), at(3, 27))
    report = verify(settings, ledger, views)
    witness = f"witness witness/{Path(settings.witnesses[0]).name}"
    assert ("rewritten", witness) in kinds(report)
    assert not any(f.kind == "head" and f.aggregate.startswith("head") for f in report.findings)


def test_deleting_the_last_head_is_found(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    first_head_then_more(ledger, views, settings)
    sql("DELETE FROM TLOG_head WHERE tree_size = (SELECT MAX(tree_size) FROM TLOG_head)", ())
    report = verify(settings, ledger, views)
    witness = f"witness witness/{Path(settings.witnesses[0]).name}"
    assert kinds(report) == {("head", witness)}
    assert "heads were deleted" in report.findings[0].detail


def test_truncating_the_log_after_a_head_is_found(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    _, first = first_head_then_more(ledger, views, settings)
    [(cut,)] = sql("SELECT position FROM TLOG_leaf WHERE leaf_index = %s", (first - 1,))
    sql("DELETE FROM EVENTS WHERE POSITION > %s", (cut,))
    sql("DELETE FROM TLOG_head WHERE tree_size > %s", (first,))
    sql("DELETE FROM TLOG_leaf WHERE leaf_index >= %s", (first,))
    report = verify(settings, ledger, views)
    witness = f"witness witness/{Path(settings.witnesses[0]).name}"
    assert ("truncated", witness) in kinds(report) and ("head", witness) in kinds(report)


def test_swapping_two_heads_is_found(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    first_head_then_more(ledger, views, settings)
    (a, note_a), (b, note_b) = sql("SELECT tree_size, note FROM TLOG_head ORDER BY tree_size", ())
    sql("UPDATE TLOG_head SET note = %s WHERE tree_size = %s", (note_b, a))
    sql("UPDATE TLOG_head SET note = %s WHERE tree_size = %s", (note_a, b))
    report = verify(settings, ledger, views)
    assert {("head", f"head {a}"), ("head", f"head {b}")} <= kinds(report)


def test_deleting_every_head_and_leaf_after_an_edit_is_found(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    case_no, _ = first_head_then_more(ledger, views, settings)
    rewrite(sql, case_no, 7, "同意".encode(), "不同意".encode())
    for table in ("TLOG_head", "TLOG_leaf", "TLOG_hash"):
        sql(f"DELETE FROM {table}", ())
    report = verify(settings, ledger, views)
    witness = f"witness witness/{Path(settings.witnesses[0]).name}"
    assert {("rewritten", witness), ("head", witness)} <= kinds(report)


def test_replaying_an_old_witness_file_is_found_by_the_verifiers_memory(
    store: tuple[CaseLedger, Views, Settings, Sql], tmp_path: Path
) -> None:
    ledger, views, settings, sql = store
    case_no = worked_case(ledger, set_up_centre(ledger))
    first = seal(settings, ledger, views, at(3, 25))
    assert first.head is not None
    size = first.head.head.size
    shutil.copytree(settings.witnesses[0], tmp_path / "old-witness")
    ledger.cases.rate(case_no, stars=4, comment="", at=at(3, 26), by=Actor.applicant("subject-1"))
    seal(settings, ledger, views, at(3, 26))
    assert verify(settings, ledger, views).clean  # the verifier now remembers the second head
    shutil.rmtree(settings.witnesses[0])
    shutil.copytree(tmp_path / "old-witness", settings.witnesses[0])  # the witness's storage rolled back
    [(cut,)] = sql("SELECT position FROM TLOG_leaf WHERE leaf_index = %s", (size - 1,))
    sql("DELETE FROM EVENTS WHERE POSITION > %s", (cut,))
    sql("DELETE FROM TLOG_head WHERE tree_size > %s", (size,))
    sql("DELETE FROM TLOG_leaf WHERE leaf_index >= %s", (size,))
    report = verify(settings, ledger, views)
    assert ("witness", "witnesses") in kinds(report)
    assert ("truncated", "the head this verifier saw last") in kinds(report)


def rotated(ledger: CaseLedger, views: Views, settings: Settings, folder: Path) -> tuple[Settings, str]:
    """A case sealed with the first key, the log handed to a second, more sealed with it; the new settings."""
    case_no, _ = first_head_then_more(ledger, views, settings)
    new_path = folder / "keys" / "log-2.pem"
    new = FileSigner(new_path).publish_vkey(settings.log_origin, new_path.with_suffix(".vkey"))
    rotate(ledger.log_keys, build_log(settings, ledger, views), new)
    # A witness cannot read the ledger: it is told the new key. A verifier keeps the first key configured
    # and learns the second from the rotation the first endorsed.
    first, second = Path(settings.signing_key).with_suffix(".vkey"), new_path.with_suffix(".vkey")
    sealing = replace(settings, signing_key=str(new_path), log_keys=(str(first), str(second)))
    after = replace(settings, signing_key=str(new_path), log_keys=(str(first),))
    sealed = seal(sealing, ledger, views, at(3, 27))
    assert sealed.signed and all(said.startswith("size") for said in sealed.witnessed.values()), sealed.witnessed
    return after, case_no


def test_a_rotated_key_is_trusted_through_the_old_keys_endorsement(
    store: tuple[CaseLedger, Views, Settings, Sql], tmp_path: Path
) -> None:
    ledger, views, settings, _ = store
    after, _ = rotated(ledger, views, settings, tmp_path)
    report = verify(after, ledger, views)
    assert report.clean, report.findings
    assert report.heads == 3


def test_signing_with_the_old_key_after_a_rotation_is_found(
    store: tuple[CaseLedger, Views, Settings, Sql], tmp_path: Path
) -> None:
    ledger, views, settings, _ = store
    after, _ = rotated(ledger, views, settings, tmp_path)
    ledger.people.deactivate_person("sh", reason="调离")  # any new event, for a new head
    old_signer = replace(after, signing_key=settings.signing_key, witnesses=())
    assert seal(old_signer, ledger, views, at(3, 28)).signed  # the old key signs a head it no longer may
    report = verify(after, ledger, views)
    assert any(f.kind == "head" and f.detail == "not signed by a configured key" for f in report.findings)


def test_a_deleted_rotation_leaves_the_new_keys_heads_untrusted(
    store: tuple[CaseLedger, Views, Settings, Sql], tmp_path: Path
) -> None:
    ledger, views, settings, sql = store
    after, _ = rotated(ledger, views, settings, tmp_path)
    [(position,)] = sql("SELECT POSITION FROM EVENTS WHERE topic LIKE %s", ("%LogKey.Rotated",))
    sql("DELETE FROM EVENTS WHERE POSITION = %s", (position,))
    report = verify(after, ledger, views)
    assert any(f.kind == "head" and "not signed by a configured key" in f.detail for f in report.findings)


def test_a_rotation_to_an_attackers_key_is_found(
    store: tuple[CaseLedger, Views, Settings, Sql], tmp_path: Path
) -> None:
    """Someone with write access records a rotation to their own key, endorsed by it, and signs with it."""
    ledger, views, settings, _ = store
    first_head_then_more(ledger, views, settings)
    attacker_path = tmp_path / "attacker.pem"
    attacker = FileSigner(attacker_path)
    key = attacker.publish_vkey(settings.log_origin, tmp_path / "attacker.vkey")
    history = ledger.log_keys.history(settings.log_origin)
    history.rotate(key, 1, attacker)
    ledger.log_keys.record(history)
    forged = replace(settings, signing_key=str(attacker_path), witnesses=())
    assert seal(forged, ledger, views, at(3, 28)).signed
    report = verify(settings, ledger, views)
    assert any(f.aggregate == "key rotation" and "not endorsed" in f.detail for f in report.findings)
    assert any(f.kind == "head" and "not signed by a configured key" in f.detail for f in report.findings)
