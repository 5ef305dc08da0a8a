"""Erasure that erases: after ``erase``, no file of the store holds the subject's key or data, and a copy of
the database without the key-encryption key decrypts nothing."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

import psycopg
import pytest

from application.ledger import CaseLedger
from domain.errors import NotFound
from domain.organisation.actors import Actor, Role
from infrastructure.privacy.subject_keys import TableKeyStore
from infrastructure.settings import Settings
from infrastructure.views.factory import _dialect, key_encryption_key
from interface.composition import build_ledger
from tests.application.helpers import receive, set_up_centre
from tests.support import at

DPO = Actor("dpo", "数据保护", Role.ADMINISTRATOR, "CENTRE")
PERSONAL = ("张三".encode(), b"510122199001011233")


def settings_in(url: str, folder: Path) -> Settings:
    return Settings(database_url=url, kek=str(folder / "kek" / "subject-kek.bin"))


def secrets_of(ledger: CaseLedger, settings: Settings, subject: str) -> list[bytes]:
    """The subject's key as bytes and as hex, and its row as the table keeps it (wrapped)."""
    key = ledger.store.subject_cipher.keys.key(subject, create=False)
    assert key is not None
    [row] = _dialect(settings).fetch("SELECT key_hex FROM subject_keys WHERE subject_id = :s", {"s": subject})
    return [key, key.hex().encode(), row["key_hex"].encode()]


def received_and_erased(settings: Settings) -> list[bytes]:
    ledger = build_ledger(settings)
    try:
        receive(ledger, set_up_centre(ledger)["w1"])
        secrets = secrets_of(ledger, settings, "subject-1")
        ledger.privacy.erase_subject("subject-1", reason="申请人要求删除个人信息", at=at(3, 26), by=DPO)
        with pytest.raises(NotFound):
            ledger.privacy.erase_subject("S-nope", reason="无此人", at=at(3, 26), by=DPO)
    finally:
        ledger.close()
    return secrets


def test_no_file_of_a_sqlite_store_keeps_an_erased_subject(tmp_path: Path) -> None:
    settings = settings_in(f"sqlite:///{tmp_path}/store/ledger.sqlite", tmp_path)
    secrets = received_and_erased(settings)
    files = sorted((tmp_path / "store").iterdir())
    assert {f.name for f in files} >= {"ledger.sqlite"}
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
        data = file.read_bytes()
        for secret in (*secrets, *PERSONAL):
            assert secret not in data, f"{secret[:12]!r} in {file.name}"
    assert stat.S_IMODE(Path(settings.kek).stat().st_mode) == 0o600


@pytest.mark.postgres
def test_no_table_file_of_a_postgres_store_keeps_an_erased_subject(pg_url: str, tmp_path: Path) -> None:
    settings = settings_in(pg_url, tmp_path)
    secrets = received_and_erased(settings)
    parts = urlsplit(pg_url)
    schema = parse_qs(parts.query)["schema"][0]
    with psycopg.connect(urlunsplit(("postgresql", parts.netloc, parts.path, "", "")), autocommit=True) as conn:
        conn.execute("CHECKPOINT")
        [(data_directory,)] = conn.execute("SHOW data_directory").fetchall()
        tables = conn.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'i', 't') AND pg_relation_filepath(c.oid) IS NOT NULL",
            (schema,),
        ).fetchall()
    read = 0
    for (relative,) in tables:
        for segment in Path(data_directory).glob(f"{relative}*"):
            if not os.access(segment, os.R_OK):
                pytest.fail(f"the test cannot read PostgreSQL's file {segment}")
            data = segment.read_bytes()
            read += len(data)
            for secret in (*secrets, *PERSONAL):
                assert secret not in data, f"{secret[:12]!r} in {segment}"
    assert read > 0


def test_a_copy_of_the_database_without_the_kek_decrypts_nothing(tmp_path: Path) -> None:
    settings = settings_in(f"sqlite:///{tmp_path}/ledger.sqlite", tmp_path)
    ledger = build_ledger(settings)
    try:
        receive(ledger, set_up_centre(ledger)["w1"])
        key = ledger.store.subject_cipher.keys.key("subject-1", create=False)
    finally:
        ledger.close()
    right = TableKeyStore(_dialect(settings), key_encryption_key(Path(settings.kek)))
    assert right.key("subject-1", create=False) == key
    wrong = TableKeyStore(_dialect(settings), key_encryption_key(tmp_path / "thief-kek.bin"))
    with pytest.raises(ValueError, match="does not open"):
        wrong.key("subject-1", create=False)
