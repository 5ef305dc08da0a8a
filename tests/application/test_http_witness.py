"""A witness over HTTP (tlog-witness add-checkpoint), served by a real server on 127.0.0.1."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from application.ledger import CaseLedger
from domain.organisation.actors import Actor
from infrastructure.integrity.keys import FileSigner, vkey_path
from infrastructure.settings import Settings
from interface.composition import Views, build_ledger, build_views, trusted_log_keys
from interface.witness_server import make_server
from tests.application.helpers import set_up_centre
from tests.application.integrity_support import integrity_settings, seal, verify
from tests.application.test_integrity import Sql, sql_for
from tests.application.test_views import worked_case
from tests.support import at


@pytest.fixture
def store(stored_database_url: str, tmp_path: Path) -> Iterator[tuple[CaseLedger, Views, Settings, Sql]]:
    local = integrity_settings(stored_database_url, tmp_path, witness=False)
    signer = FileSigner(Path(local.signing_key))  # the log's key exists before its witness starts
    signer.publish_vkey(local.log_origin, vkey_path(Path(local.signing_key)))
    server = make_server(tmp_path / "remote-witness", trusted_log_keys(local), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings = replace(local, witnesses=(f"http://127.0.0.1:{server.server_address[1]}",))
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    yield ledger, views, settings, sql_for(stored_database_url)
    views.close()
    ledger.close()
    server.shutdown()
    server.server_close()


def test_heads_are_witnessed_over_http_and_verify_against_it(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, _ = store
    case_no = worked_case(ledger, set_up_centre(ledger))
    first = seal(settings, ledger, views, at(3, 25))
    ledger.cases.rate(case_no, stars=4, comment="", at=at(3, 26), by=Actor.applicant("subject-1"))
    second = seal(settings, ledger, views, at(3, 26))
    assert first.head is not None and second.head is not None
    [said] = second.witnessed.values()
    assert said == f"size {second.head.head.size}"  # added with a consistency proof from the first
    report = verify(settings, ledger, views)
    assert report.clean, report.findings
    assert list(report.witnessed.values()) == [second.head.head.size]


def test_the_http_witness_finds_a_deleted_head(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    case_no = worked_case(ledger, set_up_centre(ledger))
    seal(settings, ledger, views, at(3, 25))
    ledger.cases.rate(case_no, stars=4, comment="", at=at(3, 26), by=Actor.applicant("subject-1"))
    seal(settings, ledger, views, at(3, 26))
    sql("DELETE FROM TLOG_head WHERE tree_size = (SELECT MAX(tree_size) FROM TLOG_head)", ())
    report = verify(settings, ledger, views)
    assert any(f.kind == "head" and "heads were deleted" in f.detail for f in report.findings)


def test_the_http_witness_refuses_what_the_protocol_refuses(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, _ = store
    worked_case(ledger, set_up_centre(ledger))
    sealed = seal(settings, ledger, views, at(3, 25))
    assert sealed.head is not None
    url = settings.witnesses[0]

    def post(body: bytes) -> int:
        request = urllib.request.Request(url + "/add-checkpoint", data=body, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    note = sealed.head.text().encode()
    assert post(b"old 0\n\n" + note) == 409  # it holds this head already: not size 0
    forged = note.replace(b"caseledger/ledger\n", b"caseledger/other\n", 1)
    assert post(b"old 0\n\n" + forged) == 404  # a log it does not witness
    assert post(b"nonsense") == 400


def test_a_witness_away_neither_stops_sealing_nor_passes_verification(stored_database_url: str, tmp_path: Path) -> None:
    away = replace(integrity_settings(stored_database_url, tmp_path, witness=False), witnesses=("http://127.0.0.1:9",))
    ledger = build_ledger(away)
    views = build_views(away, ledger)
    try:
        worked_case(ledger, set_up_centre(ledger))
        sealed = seal(away, ledger, views, at(3, 25))
        assert sealed.signed and [said.startswith("unreachable") for said in sealed.witnessed.values()] == [True]
        report = verify(away, ledger, views)
        assert [(f.kind, f.detail.split(":")[0]) for f in report.findings] == [("witness", "unreachable")]
    finally:
        views.close()
        ledger.close()
